"""Descriptions of parties named earlier in an article, through the whole pipeline, on
articles written for these tests."""

from datetime import date

import pytest

from tidings.model import Article


@pytest.fixture(scope="module")
def extract(lexicon_pipeline):
    def run(text):
        return lexicon_pipeline.extract(Article(text=text, id="c", date=date(2024, 6, 12)))

    return run


def event_by(events, event_type, trigger):
    found = [e for e in events if e.event_type == event_type and e.trigger.text == trigger]
    assert len(found) == 1, [(e.event_type, e.trigger.text) for e in events]
    return found[0]


def codes(actors):
    return [a.code for a in actors]


@pytest.mark.parametrize(("text", "event_type", "trigger", "code"), [
    ("Turkey closed its border with Syria on Monday. The country also shelled Kurdish "
     "fighters near Afrin.", "ASSAULT", "shelled", "TURGOV"),
    ("Saudi Arabia hosted talks in Riyadh. On Tuesday the kingdom sent troops to Yemen.",
     "MOBILIZE", "sent", "SAUGOV"),
    ("Iran rejected the proposal. The Islamic republic threatened Israel with retaliation.",
     "THREATEN", "threatened", "IRNGOV"),
])
def test_a_country_noun_is_the_country_last_named_as_a_state(extract, text, event_type,
                                                            trigger, code):
    event = event_by(extract(text), event_type, trigger)
    assert codes(event.actor) == [code]
    assert event.actor[0].text.lower().startswith("the")


def test_the_country_in_the_subjects_own_clause_is_another_country(extract):
    events = extract("Russia massed troops on its border with Ukraine. On Monday Russia "
                     "shelled the country from Belgorod.")
    assert codes(event_by(events, "ASSAULT", "shelled").recipient) == ["UKRGOV"]


@pytest.mark.parametrize(("text", "trigger", "code"), [
    ("Hamas fired rockets at Israel. The group also attacked an Israeli patrol on Tuesday.",
     "attacked", "PSEREB"),
    # a bare "the rebels" would be coded with the focus country (Saudi Arabia, by the border)
    ("The Houthis seized a port city in Yemen. The rebels later attacked Saudi forces near "
     "the Saudi border at Najran.", "attacked", "YEMREB"),
    ("The Islamic State claimed the bombing. The organisation later attacked a Kurdish "
     "checkpoint.", "attacked", "IMGISIL"),
])
def test_a_group_noun_is_the_named_group_last_mentioned(extract, text, trigger, code):
    assert codes(event_by(extract(text), "ASSAULT", trigger).actor) == [code]


def test_a_group_of_people_is_no_armed_group(extract):
    events = extract("Hezbollah fired rockets at Israel on Monday. A group of students "
                     "marched in Beirut. The group protested against the tax bill.")
    protests = [e for e in events if e.event_type == "PROTEST"]
    assert protests and all("LBNREB" not in codes(e.actor) for e in protests)


def test_the_rebels_do_not_take_a_government_for_their_antecedent(extract):
    events = extract("The White House condemned the raid. The rebels attacked a convoy "
                     "near Mosul.")
    assert "USAGOV" not in codes(event_by(events, "ASSAULT", "attacked").actor)


def test_a_description_without_an_antecedent_stays_uncoded(extract):
    event = event_by(extract("The country shelled Kurdish fighters near Afrin."),
                     "ASSAULT", "shelled")
    assert event.actor == []


@pytest.mark.parametrize("text", [
    "Armenia and Azerbaijan signed a ceasefire on Friday. On Sunday the two sides accused "
    "each other of violations.",
    "Armenia held talks with Azerbaijan in Geneva. Both sides accused each other of "
    "violations.",
])
def test_the_two_sides_are_the_last_two_parties_named_together(extract, text):
    event = event_by(extract(text), "ACCUSE", "accused")
    assert sorted(codes(event.actor)) == ["ARMGOV", "AZEGOV"]


def test_the_two_sides_are_never_the_doers_of_their_own_clause(extract):
    events = extract("Armenia and Azerbaijan clashed on the border on Monday. Russia and "
                     "France urged both sides to return to talks.")
    assert sorted(codes(event_by(events, "REQUEST", "urged").recipient)) == ["ARMGOV", "AZEGOV"]


def test_a_role_owned_by_a_description_takes_its_country(extract):
    events = extract("Turkey summoned the Syrian ambassador. The country's army shelled "
                     "Kurdish positions near Kobani on Monday.")
    assert codes(event_by(events, "ASSAULT", "shelled").actor) == ["TURMIL"]


@pytest.mark.parametrize(("text", "code"), [
    ("Russia said its forces shelled Ukrainian positions near Bakhmut.", "RUSMIL"),
    ("Turkey's army shelled Kurdish positions near Kobani.", "TURMIL"),
    ("Russia deployed new missiles. Its army shelled Ukrainian positions on Monday.",
     "RUSMIL"),
])
def test_a_role_owned_by_a_named_or_pronoun_country_takes_its_country(extract, text, code):
    assert codes(event_by(extract(text), "ASSAULT", "shelled").actor) == [code]


@pytest.mark.parametrize(("seat", "code"), [
    ("Downing Street", "GBRGOV"), ("The Elysee", "FRAGOV"), ("The Kremlin", "RUSGOV"),
    ("The White House", "USAGOV"), ("Ankara", "TURGOV"), ("Beijing", "CHNGOV"),
])
def test_a_seat_of_government_is_its_government(extract, seat, code):
    event = event_by(extract(f"{seat} condemned Iran for the attack."), "ACCUSE", "condemned")
    assert codes(event.actor) == [code]


def test_a_look_back_window_holds_exactly_the_mentions_inside_it(lexicon_pipeline):
    from tidings.events.coreference import mentions_between

    doc = lexicon_pipeline.nlp("Turkey armed the rebels. Russia bombed Idlib. Iran sent aid.")
    mentions = [(chunk, []) for chunk in doc.noun_chunks]
    # "the rebels" starts at token 2, "Idlib" ends at 8
    inside = mentions_between(mentions, first=3, end=8)
    assert [span.text for span, _ in inside] == ["Russia", "Idlib"]
    assert mentions_between(mentions, first=0, end=len(doc)) == mentions
    assert mentions_between(mentions, first=9, end=9) == []


def test_a_word_inside_a_place_name_is_no_antecedent(extract):
    # "Oman" of "the Gulf of Oman" is part of a sea's name, not the state "it" stands for
    events = extract("Iran seized an oil tanker in the Gulf of Oman, accusing it of "
                     "smuggling fuel.")
    accusation = next(e for e in events if e.event_type == "ACCUSE")
    assert "OMNGOV" not in [a.code for a in accusation.recipient]


def test_an_unowned_role_is_of_the_country_its_clause_is_set_in(extract):
    # the army was the focus country's (Burkina Faso's), named three times before
    events = extract("Jihadists killed 20 soldiers in Burkina Faso on Sunday. Burkina Faso's "
                     "junta blamed JNIM. The Burkinabe army has lost hundreds of men this "
                     "year.\n\nIn neighbouring Mali, the army said it had killed 30 militants "
                     "near Gao on Saturday.")
    mali = next(e for e in events if "Gao" in e.sentence.text)
    assert codes(mali.actor) == ["MLIMIL"]


@pytest.mark.parametrize(("text", "event_type", "trigger", "code"), [
    # the forces a state's body tells of unnamed are its own: in an article on Gaza,
    # "soldiers" had been the focus country's
    ("Israeli troops shot dead two Palestinians in Rafah, the Gaza health ministry said. The "
     "Israeli military said soldiers fired at suspects who posed a threat.",
     "ASSAULT", "fired", "ISRMIL"),
    # a group named only as whose a thing is: "an Islamic State target" named no party, so
    # "the militant group" was the focus country's rebels (USAREB)
    ("The United States launched an air strike against an Islamic State target southwest of "
     "Baghdad, expanding its campaign against the militant group that has seized parts of "
     "Iraq and Syria.", "ASSAULT", "seized", "IMGISIL"),
    # a person named again by surname keeps the office first named: "Chakwera" alone was no
    # party the actor base knows (the NER tags it a product)
    ("Malawi's President Lazarus Chakwera conceded defeat on Wednesday to former president "
     "Peter Mutharika.\n\nChakwera congratulated his rival in a televised address and urged "
     "his supporters to remain calm.", "SUPPORT", "congratulated", "MWIGOV"),
])
def test_a_party_named_without_its_code_takes_it_from_the_article(extract, text, event_type,
                                                                  trigger, code):
    assert codes(event_by(extract(text), event_type, trigger).actor) == [code]


def test_they_whom_the_grammar_points_at_an_uncoded_party_stay_uncoded(extract):
    # "they" had been the nearest body named before, the agency
    events = extract("The International Atomic Energy Agency said its inspectors had been "
                     "refused access. The three European countries said they would impose "
                     "sanctions on Iran.")
    assert not [e for e in events if "IGOIAEA" in codes(e.actor)]


def test_the_group_its_spokesman_speaks_of_is_his(extract):
    # the speaker's group was ruled out as the subject of the description's own clause
    events = extract("Yemen's Houthis fired missiles at a tanker on Saturday, the UK Maritime "
                     "Trade Operations agency said.\n\nHouthi spokesman Yahya Saree said the "
                     "group would continue its attacks on shipping.")
    attacks = event_by(events, "ASSAULT", "attacks")
    assert codes(attacks.actor) == ["YEMREB"]


def test_whom_an_act_hits_is_of_the_country_it_hit_them_in_its_doer_is_not(extract):
    events = extract("Afghanistan's Taliban government said Pakistani strikes killed eight "
                     "people in Khost. Kabul condemned the strikes.\n\nTwo days earlier a "
                     "suicide attack killed seven soldiers in North Waziristan.")
    attack = next(e for e in events if "Waziristan" in e.sentence.text)
    assert codes(attack.recipient) == ["PAKMIL"]  # not the focus country's, Afghanistan's
    events = extract("Turkey's parliament in Ankara extended the mandate on Tuesday. Officials "
                     "in Ankara and Istanbul said the operation would go on.\n\nThe army "
                     "shelled militants in northern Syria.")
    shelling = event_by(events, "ASSAULT", "shelled")
    assert "SYRMIL" not in codes(shelling.actor)  # who acts abroad is not of where he acts


def test_a_name_the_parser_cut_is_one_mention(extract):
    # the parser's chunk "-e" began inside the name: "-e-Taliban Pakistan" was PAKGOV
    events = extract("The Tehreek-e-Taliban Pakistan (TTP) denied that it used Afghan soil to "
                     "launch attacks.")
    attacks = event_by(events, "ASSAULT", "attacks")
    assert codes(attacks.actor) == ["PAKREB"]


@pytest.mark.parametrize(("text", "code"), [
    # a group's forces are the group, not its country's army (PSEMIL)
    ("Hamas said its forces had fired rockets at Tel Aviv.", "PSEREB"),
    # a body named by what it is made of: "it" took the nearest name that agrees, Myanmar
    ("An alliance of ethnic armed groups in Myanmar said on Sunday it had captured a town on "
     "the Chinese border.", "MMRREB"),
    # a body's name ending in a plural: "its" had no antecedent, the fighters no country
    ("The Syrian Democratic Forces said its fighters had captured two villages on Monday.",
     "SYRREB"),
    # an international body's troops are its peacekeepers, coded as the body (they had no
    # code but MIL)
    ("The U.N. mission MONUSCO said its troops had fired at M23 rebels near Kibirizi.",
     "IGOUNMONUSCO"),
])
def test_the_body_its_pronoun_stands_for_is_the_doer(extract, text, code):
    (act,) = extract(text)
    assert codes(act.actor) == [code]


def test_his_the_grammar_points_at_an_office_stands_for_its_holder(extract):
    # "his" hangs in the clause of "forces" itself: the reporter is the one it points at
    (strike,) = extract("The Turkish president said his forces would strike Kurdish "
                        "militants in Syria.")
    assert [a.code for a in strike.actor] == ["TURMIL"]  # not the focus country's


def test_the_bloc_is_the_body_of_states_last_named(extract):
    events = extract("European Union ministers agreed new sanctions on Russia on Monday. "
                     "Ukraine's president thanked the bloc and urged it to send more air "
                     "defence systems.")
    thanked = next(e for e in events if e.trigger.text == "thanked")
    urged = next(e for e in events if e.trigger.text == "urged")
    assert [a.code for a in thanked.recipient] == ["IGOEU"]
    assert [a.code for a in urged.recipient] == ["IGOEU"]  # and "it" stands for it


def test_a_they_opening_a_sentence_goes_on_from_the_last_ones_doer(extract):
    # "They" had been the Palestinians, the nearest name that agrees
    events = extract("The Houthis began attacking shipping in November 2023, saying they were "
                     "acting in solidarity with Palestinians in Gaza. They sank several ships "
                     "and seized the car carrier Galaxy Leader.")
    assert codes(event_by(events, "COERCE", "seized").actor) == ["YEMREB"]
    # a passive's subject is as often the last sentence's object
    events = extract("Police arrested 20 protesters in Nairobi. They were charged with rioting.")
    assert [a.country for a in event_by(events, "ACCUSE", "charged").recipient] == ["KEN"]
