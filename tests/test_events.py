"""The event stage on sentences written for these tests: triggers, arguments, flags."""

from datetime import date

import pytest

from tidings.events.lexicon import TriggerLexicon, _parse_rule
from tidings.model import PLOVER_TYPES, Article


@pytest.fixture(scope="module")
def extract(lexicon_pipeline):
    def run(text, published=date(2024, 6, 12)):
        return lexicon_pipeline.extract(Article(text=text, id="t", date=published))

    return run


def only(events, event_type):
    found = [e for e in events if e.event_type == event_type]
    assert len(found) == 1, [(e.event_type, e.trigger.text) for e in events]
    return found[0]


def codes(actors):
    return [a.code for a in actors]


def test_lexicon_covers_all_plover_types():
    lexicon = TriggerLexicon.load()
    types = {rule.event_type for rules in lexicon.by_lemma.values() for rule in rules}
    assert types == set(PLOVER_TYPES)


def test_object_condition_separates_aid_from_mobilisation(extract):
    aid = only(extract("Iran sent weapons to the Houthis."), "AID")
    assert aid.mode == "military" and codes(aid.actor) == ["IRNGOV"]
    mobilize = only(extract("Egypt sent troops to the border."), "MOBILIZE")
    assert codes(mobilize.actor) == ["EGYGOV"]


def test_active_voice(extract):
    event = only(extract("Turkish troops shelled Kurdish fighters on Monday."), "ASSAULT")
    assert codes(event.actor) == ["TURMIL"]
    assert event.recipient and event.recipient[0].sector == "REB"
    assert event.date == date(2024, 6, 10) and event.date_text.endswith("Monday")


def test_a_resolved_place_aimed_at_stands_for_its_country(extract):
    event = only(extract("Rebels shelled the city of Aleppo on Monday."), "ASSAULT")
    [town] = event.recipient
    assert (town.text, town.name, town.code, town.country, town.sector) == (
        "the city of Aleppo", "Aleppo", "SYR", "SYR", None)
    event = only(extract("Rebels shelled villages near Aleppo on Monday."), "ASSAULT")
    assert codes(event.recipient) == [None]  # the villages: no name, no country to give


def test_passive_voice_swaps_roles(extract):
    event = only(extract("Ukrainian soldiers were attacked by Russian jets."), "ASSAULT")
    assert codes(event.actor) == ["RUSMIL"]
    assert codes(event.recipient) == ["UKRMIL"]


def test_the_state_people_are_expelled_from_expels_them(extract):
    event = only(extract("Two Iranian diplomats were expelled from Albania on Friday."),
                 "SANCTION")
    assert (codes(event.actor), codes(event.recipient)) == (["ALBGOV"], ["IRNGOV"])
    event = only(extract("The mayor was expelled from the party on Monday."), "SANCTION")
    assert event.actor == []  # a party is no state whose territory one leaves


def test_reported_speech_codes_the_reported_event_and_keeps_the_speaker(extract):
    events = extract("Pakistani officials said Indian troops fired on a border post.")
    event = only(events, "ASSAULT")
    assert codes(event.actor) == ["INDMIL"]
    assert [a.text for a in event.attribution] == ["Pakistani officials"]
    assert event.attribution[0].role == "source"


def test_news_agency_is_reporter_and_cited_people_are_sources(extract):
    events = extract("Israeli jets struck Gaza, Reuters reported, citing Palestinian officials.")
    event = only(events, "ASSAULT")
    roles = {a.text: a.role for a in event.attribution}
    assert roles == {"Reuters": "reporter", "Palestinian officials": "source"}


def test_the_act_someone_is_accused_of_is_the_accusers_allegation(extract):
    shelling = only(extract("Kyiv accused Moscow of shelling a nuclear plant."), "ASSAULT")
    assert [(a.text, a.role) for a in shelling.attribution] == [("Kyiv", "source")]
    assert codes(shelling.actor) == ["RUSGOV"]
    # the accused of a passive is the doer, its "by" the accuser
    shelling = only(extract("Russia was accused by Ukraine of shelling the plant."), "ASSAULT")
    assert [a.text for a in shelling.attribution] == ["Ukraine"]
    assert codes(shelling.actor) == ["RUSGOV"]
    # what the court did beside convicting is its own act, not an allegation
    events = extract("A court convicted the activist and sentenced him to two years in prison.")
    assert all(e.attribution == [] for e in events)


def test_a_charge_the_parser_hangs_on_the_accused_is_still_the_accusers_allegation(extract):
    # "of breaking" hangs on "rebels", not on "accuses"
    breaking = only(extract("Ethiopia accuses rebels of breaking the truce."), "ASSAULT")
    assert [(a.text, a.role) for a in breaking.attribution] == [("Ethiopia", "source")]


def test_a_report_told_after_its_clause_attributes_that_clause_only(extract):
    # the small parser hangs "said" on "deployed" (parataxis)
    events = extract("Niger deployed troops along the border on Wednesday, the defence "
                     "ministry said, and urged Mali to coordinate patrols.")
    assert [a.text for a in only(events, "MOBILIZE").attribution] == ["the defence ministry"]
    assert only(events, "REQUEST").attribution == []


def test_where_a_teller_sits_is_not_where_the_event_happened(extract):
    deployed = only(extract("Niger deployed troops along the border on Wednesday, the defence "
                            "ministry in Niamey said."), "MOBILIZE")
    assert deployed.location_basis not in ("text", "sentence")


def test_a_saying_hung_on_a_reported_clause_speaks_for_the_reporter(extract):
    # the small parser hangs "saying" on "bombed", whose subject is the aircraft
    withdrew = only(extract("France denied that its aircraft had bombed the town, saying it "
                            "withdrew its soldiers from Mali in 2022."), "RETREAT")
    assert [a.text for a in withdrew.attribution] == ["France"]
    assert codes(withdrew.actor) == ["FRAGOV"]
    shot = next(e for e in extract("Russia said its forces had captured the village, adding "
                                   "that they shot down two Ukrainian drones.")
                if e.trigger.text == "shot")
    assert [a.text for a in shot.attribution] == ["Russia"]


def test_a_fight_people_fled_is_an_event_with_their_count_and_not_their_act(extract):
    (fighting,) = extract("Some 3,000 civilians have fled the fighting since Sunday.")
    assert (fighting.event_type, fighting.actor, fighting.counts.displaced) == (
        "ASSAULT", [], 3000)
    # where a disaster drove them out, the same words are no political event
    assert extract("Some 3,000 residents have fled the battle against the wildfires.") == []
    (fighting,) = extract("Thousands of residents fled the fighting in Menaka.")
    assert fighting.actor == []  # who flee a fight did not fight it


def test_a_known_groups_whole_name_is_its_mention_and_no_place(extract):
    events = extract("The Islamic State in the Greater Sahara ambushed a convoy on Monday. "
                     "The group also attacked an army post.")
    assert all(e.location is None for e in events)  # not the Sahara of its name
    attacked = only([e for e in events if e.trigger.text == "attacked"], "ASSAULT")
    assert codes(attacked.actor) == ["MLIREB"]  # the Sahel province, not the Islamic State


def test_arriving_somewhere_for_a_visit_is_a_visit_to_its_government(extract):
    visit = only(extract("Iranian President Raisi arrived in Damascus for a two-day visit."),
                 "CONSULT")
    assert (codes(visit.actor), codes(visit.recipient), visit.mode) == (
        ["IRNGOV"], ["SYRGOV"], "visit")


def test_control_verb_passes_the_request_to_its_object(extract):
    events = extract("Egypt urged Israel and Hamas to stop the fighting.")
    request = only(events, "REQUEST")
    assert codes(request.actor) == ["EGYGOV"]
    assert set(codes(request.recipient)) >= {"ISRGOV"}


def test_one_event_per_trigger(extract):
    events = extract("Rebels shelled the town and police arrested twelve protesters in Kano.")
    assert sorted(e.event_type for e in events) == ["ASSAULT", "COERCE"]


def test_negation_flag(extract):
    event = only(extract("The Chinese navy did not attack the Philippine vessel."), "ASSAULT")
    assert event.flags.negated and not event.flags.denied


def test_denial_gives_reject_and_a_denied_event(extract):
    events = extract("Moscow denied bombing the hospital in Kharkiv.")
    assert codes(only(events, "REJECT").actor) == ["RUSGOV"]
    assert only(events, "ASSAULT").flags.denied


def test_what_a_denier_says_in_its_own_words_is_not_denied(extract):
    events = extract("France denied that its aircraft had carried out strikes in the area, "
                     "saying it withdrew its last soldiers from Mali in 2022.")
    assert only(events, "ASSAULT").flags.denied
    assert not only(events, "RETREAT").flags.denied


def test_hypothetical_and_future(extract):
    threat = extract("Washington warned that it would respond if Iran attacked its ships.")
    assert only(threat, "ASSAULT").flags.hypothetical
    meeting = only(extract("The Iranian foreign minister will meet Saudi officials."), "CONSULT")
    assert meeting.flags.future
    # what holds only on a condition is hypothetical too, not only the condition
    storming = only(extract("Unless the rebels withdraw, the army will storm the city."),
                    "ASSAULT")
    assert storming.flags.hypothetical and storming.flags.future
    # an act a case is made of is supposed, not told
    for text in ("Jordan has closed its border crossings in the event of a Syrian offensive "
                 "on Deraa.", "Kenya moved troops to the border in case of an attack by "
                 "al-Shabaab."):
        act = only(extract(text), "ASSAULT")
        assert act.flags.hypothetical, text


def test_unconfirmed(extract):
    events = extract(
        "The spokesman did not confirm or deny that Ethiopian troops attacked the town."
    )
    assert only(events, "ASSAULT").flags.unconfirmed


def test_light_verb_gives_the_noun_event_its_actor(extract):
    event = only(extract("Israel launched an offensive against Hezbollah."), "ASSAULT")
    assert codes(event.actor) == ["ISRGOV"]
    assert event.recipient and event.recipient[0].text == "Hezbollah"


def test_who_means_to_hold_an_event_is_its_actor(extract):
    event = only(extract("President Ruto said Ethiopia was considering new talks with Egypt "
                         "over the dam."), "CONSULT")
    assert codes(event.actor) == ["ETHGOV"] and codes(event.recipient) == ["EGYGOV"]
    assert event.flags.hypothetical
    event = only(extract("Iran is seeking new negotiations with the United States."), "CONSULT")
    assert codes(event.actor) == ["IRNGOV"]


def test_pronoun_resolves_to_a_singular_antecedent(extract):
    event = only(extract("Qatar praised the rebels it funds."), "AID")
    assert codes(event.actor) == ["QATGOV"]
    assert event.actor[0].text == "it"


def test_an_act_still_to_come_is_dated_ahead_not_in_the_past(extract):
    published = date(2025, 2, 20)  # a Thursday
    (meeting,) = extract("The Iranian foreign minister will meet Saudi officials on Saturday.",
                         published)
    assert meeting.date == date(2025, 2, 22) and not meeting.flags.historical
    (pledge,) = extract("Kenya's President William Ruto pledged to send another 600 police "
                        "officers by April.", published)
    assert pledge.date == date(2025, 4, 1) and not pledge.flags.historical
    (attack,) = extract("Rebels attacked the town on Saturday.", published)
    assert attack.date == date(2025, 2, 15)


def test_historical_flag_from_old_date(extract):
    event = only(extract("Russian troops invaded Ukraine in 2014."), "ASSAULT")
    assert event.flags.historical and event.date == date(2014, 1, 1)


def test_sentence_without_event_gives_nothing(extract):
    assert extract("The weather in the capital was mild and sunny.") == []


def test_what_is_due_or_set_to_happen_is_to_come_not_what_happened_due_to_something(extract):
    withdrawal = only(extract("After that the force is due to withdraw from the area."),
                      "RETREAT")
    attack = only(extract("Rebels are poised to attack the city."), "ASSAULT")
    assert withdrawal.flags.future and attack.flags.future
    shelling = only(extract("Three soldiers died due to shelling on Monday."), "ASSAULT")
    assert not shelling.flags.future


def test_what_is_expected_is_to_come_not_a_verb_beside_it(extract):
    (thanks,) = [e for e in extract("Zelenskiy said more exchanges were expected and thanked "
                                    "Turkey for its mediation.") if e.event_type == "SUPPORT"]
    assert not thanks.flags.future
    # nor what a clause of its own after it tells
    (killing,) = [e for e in extract("Hamas vowed revenge after Israel killed its leader.")
                  if e.event_type == "ASSAULT"]
    (seizure,) = extract("Analysts expect more violence after rebels seized the town.")
    assert not killing.flags.future and not seizure.flags.future


def test_what_describes_a_denier_is_not_denied(extract):
    events = extract("The government, which is fighting the Houthis with the support of a "
                     "Saudi-led coalition, dismissed the release as a publicity stunt.")
    assert not only(events, "ASSAULT").flags.denied
    # what a denier denies still is
    assert only(extract("The government dismissed reports that it had bombed the market."),
                "ASSAULT").flags.denied


def test_a_date_that_names_a_things_time_does_not_date_the_event(extract):
    published = date(2025, 8, 11)
    (rejection,) = extract("Beijing rejected a 2016 international arbitration ruling.",
                           published)
    assert rejection.date == published and not rejection.flags.historical
    (blame,) = [e for e in extract("Rwanda blames the FDLR for the 1994 genocide.", published)
                if e.event_type == "ACCUSE"]
    assert blame.date == published
    # the time of the event noun itself stands
    (attack,) = extract("Officials described the March 3 attack on the convoy.", published)
    assert attack.date == date(2025, 3, 3)


def test_not_confirming_or_denying_leaves_an_event_unconfirmed_not_denied(extract):
    events = extract("The spokesman did not confirm or deny new arms supplies by the Qatari "
                     "government.")
    aid = only(events, "AID")
    assert codes(aid.actor) == ["QATGOV"]
    assert aid.flags.unconfirmed and not aid.flags.denied and not aid.flags.negated


def test_a_named_weapon_stands_for_the_unknown_doer(extract):
    bomb = extract("A roadside bomb killed four soldiers in Kandahar on Monday.")
    assert [e.event_type for e in bomb] == ["ASSAULT"]
    assert extract("The earthquake killed four people in Kandahar on Monday.") == []
    assert extract("A gas tank at the factory exploded on Monday.") == []


def test_someone_killed_with_no_cause_but_a_place_and_a_day_is_an_attack(extract):
    killing = only(extract("A police officer was killed in Karachi on Monday."), "ASSAULT")
    assert not killing.actor and codes(killing.recipient) == ["PAKCOP"]
    assert killing.date == date(2024, 6, 10)
    # nor is a gathering where it happened its cause: the protest and the killing are two
    # events, the killers unnamed
    told = extract("Nine people were killed in the protests in Nairobi on Monday.")
    killing = only(told, "ASSAULT")
    assert not killing.actor and [r.text for r in killing.recipient] == ["people"]
    assert {e.event_type for e in told} == {"ASSAULT", "PROTEST"}
    # a disaster or an accident named in the clause, or about it, is the cause
    assert extract("Five people were killed in a flood in Sindh on Monday.") == []
    assert extract("A man was killed by lightning in Dhaka.") == []
    assert extract("A tank at the plant exploded. Four workers were injured.") == []
    assert extract("Five people were killed after a volcano erupted in Indonesia.") == []
    assert extract("Nine people were killed near Kisumu on Sunday. The accident happened "
                   "when a lorry hit a minibus.") == []


def test_ending_a_pact_or_aid_is_a_sanction_and_a_sum_in_aid_is_its_object(extract):
    [cut] = extract("The United States suspended $95 million in aid to Niger.")
    assert (cut.event_type, cut.cameo, codes(cut.recipient)) == ("SANCTION", "162", ["NERGOV"])
    [pact] = extract("Niger's junta ended a defence pact with the European Union.")
    assert (pact.event_type, pact.cameo, codes(pact.recipient)) == ("SANCTION", "160",
                                                                     ["IGOEU"])


def test_between_countries_named_as_often_the_scene_is_the_articles_focus(extract):
    # Somalia is named first, but as where the men come from; Kenya's capital is the scene
    arrest = only(extract("Police arrested three men from Somalia in Nairobi."), "COERCE")
    assert codes(arrest.actor) == ["KENCOP"]
    # a compass word between the preposition and the place: still the scene
    north = only(extract("Police arrested three men from Mosul in northern Aleppo province."),
                 "COERCE")
    assert codes(north.actor) == ["SYRCOP"]


def test_whose_weapon_a_passive_names_is_the_doer(extract):
    shelling = only(extract("Five people were killed in Turkish artillery shelling in "
                            "northern Syria."), "ASSAULT")
    assert codes(shelling.actor) == ["TURMIL"] and codes(shelling.recipient) == ["SYRCVL"]
    # the parser cuts "Israeli tank shelling" after "tank"; a missile "believed to be fired"
    tank = only(extract("Two boys were killed in Israeli tank shelling in Gaza on Friday."),
                "ASSAULT")
    assert codes(tank.actor) == ["ISRMIL"] and codes(tank.recipient) == ["PSECVL"]
    missile = only(extract("The airliner was blown up over Donetsk by a missile believed to be "
                           "fired by Russian-backed separatists."), "ASSAULT")
    assert [a.sector for a in missile.actor] == ["REB"]
    # the place of a killing names no doer
    town = only(extract("Five people were killed in the Syrian town of Afrin by a bomb."),
                "ASSAULT")
    assert town.actor == []


def test_released_captives_are_the_release_s_target_when_the_parse_starts_wrong(extract):
    events = extract("Journalists arrested during the protests in Tehran were released "
                     "by the judiciary.")
    arrest, release = only(events, "COERCE"), only(events, "RETREAT")
    assert arrest.actor == [] and codes(arrest.recipient) == ["IRNMED"]
    assert codes(release.actor) == ["IRNJUD"] and codes(release.recipient) == ["IRNMED"]
    jailed = only(extract("The civilians imprisoned for criticising Moscow were released "
                          "by the Kremlin."), "COERCE")
    assert jailed.actor == [] and codes(jailed.recipient) == ["RUSCVL"]


def test_who_claims_responsibility_for_an_attack_carried_it_out(extract):
    attack = only(extract("Hamas claimed responsibility for the attack on the checkpoint."),
                  "ASSAULT")
    assert codes(attack.actor) == ["PSEREB"] and [r.text for r in attack.recipient] == [
        "the checkpoint"]
    denied = only(extract("The government denied responsibility for the massacre."), "ASSAULT")
    assert denied.flags.denied and denied.recipient == []  # not "responsibility for ..."


def test_what_a_retreat_moves_is_no_recipient_beside_where_it_goes(extract):
    returned = only(extract("The painting was returned by US officials to Spanish authorities."),
                    "RETREAT")
    assert codes(returned.recipient) == ["ESPGOV"]  # not the painting
    withdrawn = only(extract("Turkey withdrew its soldiers from Syria."), "RETREAT")
    assert codes(withdrawn.recipient) == ["SYRGOV"]  # not TURMIL, the soldiers it moves
    released = only(extract("Israel released the prisoners."), "RETREAT")
    assert [r.text for r in released.recipient] == ["prisoners"]  # no place: the object
    pulled = only(extract("Chad pulled its last troops out of Sudan."), "RETREAT")
    assert codes(pulled.recipient) == ["SDNGOV"]  # "out of" is "from": not Chad's troops


def test_an_object_pronoun_is_not_its_own_verbs_subject(extract):
    attack = only(extract("Iran said Israel attacked it with drones."), "ASSAULT")
    assert codes(attack.actor) == ["ISRGOV"] and codes(attack.recipient) == ["IRNGOV"]


def test_what_an_attack_is_made_with_is_no_recipient(extract):
    attack = only(extract("Ukrainian forces attacked a Russian refinery with drones."), "ASSAULT")
    assert [r.text for r in attack.recipient] == ["Russian"]  # not the drones (MIL)
    clash = only(extract("Troops clashed with rebels near Goma."), "ASSAULT")
    assert [r.text for r in clash.recipient] == ["rebels"]  # with no object, the other side


@pytest.mark.parametrize(("text", "event_type", "recipient"), [
    # a "from" phrase says where a party comes from
    ("Before leaving for Tokyo, the president met with exiled dissidents from military-ruled "
     "Myanmar.", "CONSULT", ["MMROPP"]),
    # sanctions lifted against someone are lifted for them
    ("The European Union lifted sanctions against Iran.", "CONCEDE", ["IRNGOV"]),
])
def test_whom_an_act_is_aimed_at(extract, text, event_type, recipient):
    assert codes(only(extract(text), event_type).recipient) == recipient


def test_a_state_of_emergency_extended_is_martial_law_again(extract):
    event = only(extract("The junta extended the state of emergency by six months."), "COERCE")
    assert (event.mode, event.cameo) == ("martial-law", "1724")


def test_police_and_paratroopers_sent_are_forces_deployed(extract):
    assert codes(only(extract("Kenya sent police to Haiti on Monday."), "MOBILIZE").actor) == [
        "KENGOV"]
    dispatched = only(extract("Chad dispatched 200 paratroopers to Niger."), "MOBILIZE")
    assert codes(dispatched.actor) == ["TCDGOV"]


def test_an_act_on_no_party_told_in_a_place_is_aimed_at_its_country(extract):
    lifted = only(extract("The government lifted the state of emergency in Kano on Monday."),
                  "CONCEDE")
    assert codes(lifted.recipient) == ["NGA"] and lifted.recipient[0].text == "Kano"
    # what an attack hits is its target, wherever it stands
    attack = only(extract("Gunmen attacked a checkpoint in Kano on Monday."), "ASSAULT")
    assert [r.text for r in attack.recipient] == ["a checkpoint"]
    # nor is a place another clause names the country it is aimed at
    events = extract("Ethiopia and Sudan held talks in Nairobi last month, but the rebels "
                     "rejected any deal.")
    assert [r.text for r in only(events, "REJECT").recipient] == ["any deal"]


def test_who_died_in_an_attack_is_its_target_never_its_doer(extract):
    # "died" is no event word: the attack noun is the event, aimed at whoever died in it
    airstrike = only(extract("A child died in a Russian airstrike on a village near Idlib."),
                     "ASSAULT")
    assert airstrike.trigger.text == "airstrike"
    assert codes(airstrike.actor) == ["RUSMIL"] and codes(airstrike.recipient) == ["SYRCVL"]
    # so is whoever died of it, after it or as its result
    for text, victim in (("An opposition activist died in custody in Mandalay after torture.",
                          "opposition activist"),
                         ("Two prisoners died as a result of the beatings in Evin prison.",
                          "prisoners")):
        torture = only(extract(text), "ASSAULT")
        assert torture.actor == [] and [a.text for a in torture.recipient] == [victim]


def test_a_passive_measure_is_its_owners_act_on_whom_it_is_aimed_at(extract):
    # the owner of the sanctions was read as their target
    lifted = only(extract("Britain's arms embargo on Riyadh was lifted in July."), "CONCEDE")
    assert codes(lifted.actor) == ["GBRGOV"] and codes(lifted.recipient) == ["SAUGOV"]
    suspended = only(extract("Aid to Yemen was suspended after the attack."), "SANCTION")
    assert codes(suspended.recipient) == ["YEMGOV"]


def test_who_is_found_murdered_is_the_victim(extract):
    # "murdered" completes the passive "was found": its subject is who was murdered
    murder = only(extract("Two monks were found murdered at their monastery near Mandalay."),
                  "ASSAULT")
    assert murder.actor == [] and [a.text for a in murder.recipient] == ["Two monks"]


def test_fire_is_an_attack_when_a_weapon_or_force_fires_it(extract):
    police = only(extract("A protester was wounded by police fire in Nairobi."), "ASSAULT")
    assert codes(police.actor) == ["KENCOP"] and codes(police.recipient) == ["KENCVL"]
    naval = only(extract("Two fishermen died in Israeli naval fire off Gaza."), "ASSAULT")
    assert codes(naval.actor) == ["ISR"] and [a.sector for a in naval.recipient] == ["CVL"]
    sniper = only(extract("Two soldiers were killed by sniper fire near Donetsk."), "ASSAULT")
    assert [a.sector for a in sniper.recipient] == ["MIL"]
    # a blaze is no attack
    assert extract("Firefighters put out a fire at the factory in Lagos.") == []
    assert extract("A fire at the market killed three people in Lagos.") == []


def test_a_weapons_test_is_a_show_of_force_not_an_attack(extract):
    fired = extract("North Korea test-fired a ballistic missile into the sea.")
    assert [(e.event_type, codes(e.actor)) for e in fired] == [("MOBILIZE", ["PRKGOV"])]
    assert [e.event_type for e in extract("Iran conducted a missile test on Monday.")] == [
        "MOBILIZE"]
    assert extract("The students sat a test on Monday.") == []


def test_fighting_told_as_a_cause_is_an_attack_where_it_happened(extract):
    # the parser reads "fighting" as a verb here; in a noun's place it is the violence noun
    for text in ("Fighting in North Kivu has displaced more than 5,000 people.",
                 "More than 5,000 people have been displaced by fighting in North Kivu."):
        fighting = only(extract(text), "ASSAULT")
        assert fighting.trigger.text.lower() == "fighting"
        assert fighting.location.text == "North Kivu" and fighting.counts.displaced == 5000
    assert extract("The minister said fighting corruption was a priority.") == []


def test_recalling_an_envoy_reduces_relations_and_exchanging_fire_is_fighting(extract):
    recalled = only(extract("Venezuela recalled its ambassador from Guyana."), "SANCTION")
    assert codes(recalled.actor) == ["VENGOV"] and codes(recalled.recipient) == ["GUYGOV"]
    assert extract("The company recalled 2,000 cars.") == []
    fire = only(extract("Hezbollah and Israel exchanged fire across the border."), "ASSAULT")
    assert len(fire.actor) == 2


@pytest.mark.parametrize("text, event_type", [
    ("Armenia and Azerbaijan traded fire along their border overnight.", "ASSAULT"),
    ("Serbia and Kosovo traded accusations over the clashes.", "ACCUSE"),
    ("Pakistan and Afghanistan exchanged accusations of shelling border posts.", "ACCUSE"),
])
def test_trading_fire_or_accusations_is_a_mutual_act(extract, text, event_type):
    act = only(extract(text), event_type)
    assert len(act.actor + act.recipient) == 2, text  # each side, as actor or recipient
    assert extract("The two companies traded shares worth millions.") == []


def test_a_dateline_says_where_the_report_was_filed_not_where_the_event_was(extract):
    attack = only(extract("KABUL, May 14 (Reuters) - Taliban fighters attacked a police "
                          "checkpoint in Ghazni province on Saturday."), "ASSAULT")
    assert (attack.location.text, attack.location_basis) == ("Ghazni province", "text")
    # with no place of its own, the dateline is the article's best guess, and says so
    unplaced = only(extract("KABUL, May 14 (Reuters) - Taliban fighters attacked a police "
                            "checkpoint on Saturday."), "ASSAULT")
    assert (unplaced.location.text, unplaced.location_basis) == ("KABUL", "article")
    # ... only where the article names no scene of its own
    events = extract("KABUL, May 14 (Reuters) - Taliban fighters attacked a police checkpoint "
                     "in Ghazni province on Saturday. The militants also wounded four "
                     "civilians, an official said.")
    assert [(e.location.text, e.location_basis) for e in events] == [
        ("Ghazni province", "text"), ("Ghazni province", "article")]


def test_where_a_reporter_is_based_is_not_where_the_event_was(extract):
    killing = only(extract("A London-based monitor said twelve fighters were killed in "
                           "clashes with the army."), "ASSAULT")
    assert killing.location is None
    shelling = only(extract("A London-based monitor said the army shelled Kafr Nabl."),
                    "ASSAULT")
    assert shelling.location.text == "Kafr Nabl"


def test_a_date_that_names_a_day_beats_a_nearer_one_that_does_not(extract):
    seized = only(extract("Last September, the rebels seized the district centre of Andar "
                          "after days of fighting.", published=date(2024, 5, 14)), "ASSAULT")
    assert seized.trigger.text == "seized"  # taking a district centre is taking territory
    assert (seized.date, seized.date_text) == (date(2023, 9, 1), "Last September")


@pytest.mark.parametrize("text, trigger, day", [
    ("Nigerian troops rescued 25 hostages and killed eight bandits in Zamfara on Tuesday.",
     "rescued", date(2024, 6, 11)),
    ("The bombing, which killed two police officers, happened on March 3.", "killed",
     date(2024, 3, 3)),
    ("The raid, which killed four civilians, took place on March 3.", "killed",
     date(2024, 3, 3)),
    ("Rebels attacked the town on Monday and withdrew on Wednesday.", "withdrew",
     date(2024, 6, 12)),
    ("At least 30 people were killed and dozens wounded when a car bomb exploded near a "
     "market in Mogadishu on Sunday.", "killed", date(2024, 6, 9)),
])
def test_a_date_serves_the_clauses_joined_to_its_own(extract, text, trigger, day):
    """One date for "A and B on Tuesday"; the day a relative clause's event "happened"; the
    day of a clause told as at the same time ("when ...")."""
    [event] = [e for e in extract(text) if e.trigger.text == trigger]
    assert (event.date, event.date_precision) == (day, "day")


def test_a_relative_clause_takes_no_date_from_the_clause_it_hangs_in(extract):
    [seized] = [e for e in extract("The rebels, who seized Goma, attacked a UN base on "
                                   "Tuesday.") if e.trigger.text == "seized"]
    assert seized.date_precision == "article"


@pytest.mark.parametrize(("text", "actor", "recipient"), [
    # a police officer is police, as police officers are
    ("Gunmen shot dead a police officer in Karachi.", ["PAKUAF"], ["PAKCOP"]),
    # the attacker's nationality is no country the article is about: the victims of a
    # Russian airstrike are not Russian civilians
    ("A child was killed in a Russian airstrike on the village.", ["RUSMIL"], ["CVL"]),
])
def test_who_attacked_whom(extract, text, actor, recipient):
    attack = only(extract(text), "ASSAULT")
    assert (codes(attack.actor), codes(attack.recipient)) == (actor, recipient)


@pytest.mark.parametrize(("text", "actor"), [
    # a coast guard is a force
    ("China's coast guard rammed a Philippine supply vessel.", ["CHNMIL"]),
    # the parser made "Sudan's paramilitary" a subject beside "Rapid Support Forces"
    ("Sudan's paramilitary Rapid Support Forces captured the city of Wad Madani.", ["SDNREB"]),
])
def test_who_attacked(extract, text, actor):
    assert codes(only(extract(text), "ASSAULT").actor) == actor


def test_weapons_found_is_a_seizure_without_a_named_finder(extract):
    events = extract("A cache of rifles and grenades was found near the border.")
    assert [(e.event_type, e.mode) for e in events] == [("COERCE", "seize")]


def test_a_base_set_up_is_a_mobilisation(extract):
    events = extract("Turkish forces set up a new military base near Idlib.")
    assert [(e.event_type, [a.code for a in e.actor]) for e in events] == [
        ("MOBILIZE", ["TURMIL"])]


def test_aid_given_as_an_amount_keeps_donor_and_recipient(extract):
    aid = only(extract("Germany provided $2 million in humanitarian aid to Yemen."), "AID")
    assert codes(aid.actor) == ["DEUGOV"] and codes(aid.recipient) == ["YEMGOV"]


def test_subject_hung_on_the_auxiliary_is_still_the_actor(extract):
    reject = only(extract("Japan and Canada however have opposed the proposal."),
                  "REJECT")
    assert codes(reject.actor) == ["JPNGOV", "CANGOV"]


def test_an_event_the_text_does_not_place_falls_back_to_the_article_place(extract):
    events = extract("Heavy fighting raged in Idlib on Monday. Later, rebels attacked the army.")
    attack = events[-1]
    assert attack.trigger.text == "attacked"
    assert attack.location.name == "Idlib" and attack.location_basis == "article"
    placed = [e for e in events if e.trigger.text == "fighting"]
    assert all(e.location_basis == "text" for e in placed)


def test_a_strike_by_workers_is_a_labour_strike_and_peacekeepers_are_help(extract):
    strike = extract("Hundreds of teachers in Peru went on strike over pay.")
    assert [(e.event_type, e.mode) for e in strike] == [("PROTEST", "strike")]
    peace = extract("Ireland is sending 150 soldiers to the UN peacekeeping force in Lebanon.")
    assert [(e.event_type, e.cameo) for e in peace] == [("AID", "074")]
    air = extract("Israeli strikes killed ten people in Gaza.")
    assert [(e.event_type, e.mode) for e in air] == [("ASSAULT", "aerial")]


def test_a_country_named_only_as_an_actor_is_no_fallback_place(extract):
    events = extract("Sweden cut development aid to Tanzania by $40 million.")
    assert [(e.event_type, e.location) for e in events] == [("SANCTION", None)]


def test_denying_an_accusation_keeps_cameo_016(extract):
    denial = only(extract("The interior minister denied allegations that he took bribes."),
                  "REJECT")
    assert denial.cameo == "016"
    refusal = only(extract("The junta rejected the proposal for new elections."), "REJECT")
    assert refusal.cameo == "120"


def test_hyphenated_ceasefire_reads_as_one_word(extract):
    event = only(extract("The president announced a two-week cease-fire with the rebels."),
                 "RETREAT")
    assert event.mode == "ceasefire" and event.cameo == "0871"
    assert not [e for e in extract("The guerrillas declared a cease-fire.")
                if e.event_type == "ASSAULT"]


def test_released_prisoners_make_an_event_without_a_named_releaser(extract):
    event = only(extract("Forty political prisoners were released in Minsk on Friday."),
                 "RETREAT")
    assert event.cameo == "0841" and not event.actor
    assert not extract("The report was released on Friday.")


def test_opened_investigation_and_push_for(extract):
    probe = only(extract("French prosecutors opened an investigation into the arms deal."),
                 "ACCUSE")
    assert probe.actor and probe.mode == "investigate"
    appeal = only(extract("Norway is pushing for talks between the two parties."), "REQUEST")
    assert codes(appeal.actor) == ["NORGOV"]


def test_meeting_demands_is_a_concession_not_a_meeting(extract):
    events = extract("The government met the strikers' demands after two weeks.")
    assert [e.event_type for e in events if e.trigger.text == "met"] == ["CONCEDE"]


def test_a_date_possessive_is_not_the_actor(extract):
    meeting = only(extract("The Iraqi prime minister will attend Friday's summit of Gulf "
                           "leaders."), "CONSULT")
    assert codes(meeting.actor) == ["IRQGOV"]


def test_role_word_before_an_event_noun_is_its_actor(extract):
    event = only(extract("A rebel ambush killed six policemen."), "ASSAULT")
    assert [a.sector for a in event.actor] == ["REB"]
    raid = only(extract("Police raids on opposition offices continued on Monday."), "ASSAULT")
    assert codes(raid.actor) == ["COP"]


def test_between_names_both_sides(extract):
    talks = only(extract("Talks between Israel and Hamas collapsed on Sunday."), "CONSULT")
    assert codes(talks.actor) == ["ISRGOV"]
    assert [a.text for a in talks.recipient] == ["Hamas"]


def test_a_violence_noun_stands_for_an_unknown_attacker_but_a_quake_does_not(extract):
    strike = only(extract("An air strike hit a primary school."), "ASSAULT")
    assert [a.sector for a in strike.recipient] == ["EDU"] and not strike.actor
    assert not extract("A strong earthquake struck the coast, killing two people.")


def test_cyber_attacks_are_coerce_cyber(extract):
    event = only(extract("Russian hackers attacked the ministry's website."), "COERCE")
    assert event.mode == "cyber" and event.contexts == ["cyber"]
    assert not [e for e in extract("Russian troops attacked the ministry.")
                if e.event_type == "COERCE"]


def test_lifted_sanctions_are_one_concession(extract):
    events = extract("EU sanctions against Belarus were lifted in March.")
    assert [e.event_type for e in events] == ["CONCEDE"]


def test_revenge_vowed_is_a_threat(extract):
    threat = only(extract("Hamas vowed revenge after Israel killed its commander."), "THREATEN")
    assert (threat.mode, threat.cameo) == ("violence", "138")
    assert only(extract("Iran promised a harsh response to the strikes."), "THREATEN")
    assert only(extract("Turkey pledged support for the Syrian government."), "AGREE")


def test_a_markets_demand_is_no_request(extract):
    assert extract("Analysts raised their forecast, citing stronger demand from China and "
                   "India.") == []
    assert only(extract("Protesters renewed their demand for the release of prisoners."),
                "REQUEST")


def test_tear_gas_fired_at_a_crowd_is_crowd_control(extract):
    gassed = only(extract("Police fired tear gas at opposition supporters in Blantyre."),
                  "ASSAULT")
    assert (gassed.mode, gassed.cameo) == ("crowd-control", "175")
    shelled = only(extract("Troops fired artillery shells at the village."), "ASSAULT")
    assert shelled.mode == "heavy-weapons"


def test_martial_law_work_stoppage_and_riot(extract):
    siege = only(extract("The Peruvian government imposed martial law in Puno."),
                 "COERCE")
    assert siege.mode == "martial-law" and siege.cameo == "1724"
    strike = only(extract("Hundreds of nurses stopped work on Monday over unpaid wages."),
                  "PROTEST")
    assert strike.mode == "strike"
    riot = only(extract("Protesters torched a police station in Lagos."), "PROTEST")
    assert riot.mode == "riot" and riot.cameo == "145"


def test_a_closed_border_restricts_movement_and_an_opened_one_is_a_concession(extract):
    closed = only(extract("Burundi closed its border with Congo on Sunday."), "COERCE")
    assert (closed.mode, closed.cameo, codes(closed.actor)) == ("restrict", "191", ["BDIGOV"])
    airspace = only(extract("Pakistan shut its airspace to Indian airlines."), "COERCE")
    assert airspace.cameo == "191"
    assert only(extract("Burundi reopened its border with Congo."), "CONCEDE")
    # a closed embassy is still a cut in relations
    assert only(extract("Canada closed its embassy in Tehran."), "SANCTION").cameo == "160"


def test_provide_with_reads_the_with_phrase_as_the_object(extract):
    event = only(extract("Japan provided Sri Lanka with $300 million in loans."), "AID")
    assert codes(event.actor) == ["JPNGOV"]


def test_killed_in_a_strike_by_x_takes_the_strike_s_doer_and_mode(extract):
    event = only(extract("Three fishermen were killed in a drone strike by army units "
                         "near Hodeidah."), "ASSAULT")
    assert [a.sector for a in event.actor] == ["MIL"] and event.mode == "aerial"
    shelling = only(extract("Two farmers were killed in Russian tank shelling near Kherson."),
                    "ASSAULT")
    assert shelling.location and shelling.location.text == "Kherson"


def test_a_march_stands_without_a_named_marcher_and_is_placed_through_its_route(extract):
    event = only(extract("Thousands marched through Nairobi on Saturday."), "PROTEST")
    assert event.location and event.location.text == "Nairobi"


def test_a_date_is_never_a_recipient_nor_a_particle(extract):
    fight = only(extract("Militants engaged Nepalese peacekeepers in a firefight near the "
                         "border on Saturday."), "ASSAULT")
    assert codes(fight.recipient) == ["NPLIGO"]
    assert not extract("Police were called at about 9am on Sunday after a blaze.")


def test_recipients_of_agreements_warrants_and_lifted_sanctions(extract):
    endorse = only(extract("Moldovan lawmakers ratified a trade accord with the European "
                           "Union."), "SUPPORT")
    assert codes(endorse.recipient) == ["IGOEU"]
    lift = only(extract("Canada lifted sanctions on Myanmar."), "CONCEDE")
    assert codes(lift.recipient) == ["MMRGOV"]


def test_failing_to_act_negates_the_act(extract):
    event = only(extract("Armenia and Azerbaijan failed to reach an agreement in Moscow."),
                 "SUPPORT")
    assert event.flags.negated and not event.flags.hypothetical


def test_what_a_sentence_reports_is_surer_than_an_aside(extract):
    events = extract("Troops that had shelled the town for weeks withdrew from its outskirts.")
    aside, reported = only(events, "ASSAULT"), only(events, "RETREAT")
    assert reported.confidence > aside.confidence  # the same parties found for both


def test_uk_style_acronyms_and_medical_teams(extract):
    strike = only(extract("Nato jets struck targets near Tripoli."), "ASSAULT")
    assert codes(strike.actor) == ["IGONATO"]
    aid = only(extract("Cuba sent a team of doctors and drugs to the island."), "AID")
    assert aid.mode == "humanitarian"


# Wordings a lexicon row or cue list reads: the type, and the mode or CAMEO code it gives.
@pytest.mark.parametrize(("text", "event_type", "field", "value"), [
    ("Thousands of people took to the streets in Tbilisi on Sunday.", "PROTEST", "mode", "demo"),
    ("The militia pulled back from two villages near the river.", "RETREAT", "mode",
     "withdraw"),
    ("Kyiv and Moscow exchanged prisoners at the border on Monday.", "RETREAT", "mode",
     "release"),
    ("Police fought a long fire exchange with the gang near the port.", "ASSAULT", "mode",
     "firearms"),
    ("Two Chilean citizens held in Caracas were released on Friday.", "RETREAT", "cameo",
     "0841"),
    ("Nine Thai fishermen detained at sea have been freed.", "RETREAT", "cameo", "0841"),
    ("Ghana is sending an infantry battalion to Lebanon for the peacekeeping mission.", "AID",
     "cameo", "074"),
    ("The junta gave the inspectors access to the nuclear site.", "CONCEDE", "cameo", "086"),
    ("Japan is allocating 40 million dollars in emergency support to Sudan.", "AID", "cameo",
     "070"),
    ("The Red Crescent flew twenty tonnes of medicine into Aden.", "AID", "cameo", "073"),
    ("Kenya set a 30-day deadline for the agency to reform.", "THREATEN", "cameo", "139"),
    ("The junta has forced French aid workers out of the region.", "SANCTION", "cameo", "166"),
    ("The EU imposed sanctions on four Belarusian judges on Monday.", "COERCE", "cameo", "163"),
    ("The Council extended the arms embargo on Libya.", "COERCE", "mode", "restrict"),
    ("The Nigerian government refuted the American accusations.", "REJECT", "cameo", "016"),
    ("The rebels accepted a formula for ending the crisis.", "CONCEDE", "cameo", "080"),
    # an agreement finalised is SUPPORT, an intent to act AGREE (PLOVER manual)
    ("Lesotho and Eswatini struck a deal on water rights.", "SUPPORT", "cameo", "057"),
    ("Peru and Ecuador concluded a fisheries pact in Lima.", "SUPPORT", "cameo", "057"),
    ("The agreement, reached on Friday, opens two crossings.", "SUPPORT", "cameo", "057"),
    ("Peru agreed to open two crossings with Ecuador.", "AGREE", "event_type", "AGREE"),
    ("Kenya called the report a pack of lies.", "ACCUSE", "cameo", "111"),
    ("Hungary's lawmakers approved Finland's accession to NATO.", "SUPPORT", "cameo", "057"),
    # a prison sentence is an arrest (PLOVER manual, "convict"); barring someone restricts
    ("A court in Cairo sentenced 20 Egyptian protesters to death.", "COERCE", "mode", "arrest"),
    ("Uganda's electoral commission disqualified the opposition leader.", "COERCE", "cameo",
     "172"),
    ("Iran barred hundreds of reformist candidates from the election.", "COERCE", "mode",
     "restrict"),
])
def test_wordings_give_their_type_and_mode_or_cameo(extract, text, event_type, field, value):
    assert getattr(only(extract(text), event_type), field) == value


def test_unnamed_individuals_arrested_make_an_event(extract):
    event = only(extract("Some 120 individuals were arrested overnight for looting."), "COERCE")
    assert [a.sector for a in event.recipient] == ["CVL"]


def test_violence_no_accident_is_called_stands_alone(extract):
    murder = only(extract("A shopkeeper was found stabbed to death in his store."), "ASSAULT")
    assert not murder.actor and [a.text for a in murder.recipient] == ["A shopkeeper"]
    hacked = only(extract("Three farmers were hacked to death near the village."), "ASSAULT")
    assert hacked.cameo == "1823"
    cyber = only(extract("Unknown hackers hacked into the election commission's servers."),
                 "COERCE")
    assert cyber.mode == "cyber"


def test_territory_words_are_one_cue_list(extract):
    event = only(extract("Government forces captured a key neighbourhood of Aleppo."),
                 "ASSAULT")
    assert [a.sector for a in event.actor] == ["MIL"]
    with pytest.raises(ValueError, match="no cue list"):
        TriggerLexicon([_parse_rule(["seize", "V", "COERCE", "-", "-", "-", "object=@land"],
                                    {})], {})


@pytest.mark.parametrize("text", ["Tuareg rebels captured Kidal on Sunday.",
                                  "The alliance captured Laukkaing, a town on the border."])
def test_a_named_place_taken_is_territory_taken(extract, text):
    # taking a named town read as an arrest (COERCE 173) where "the town" was territory
    assert [e.event_type for e in extract(text) if e.trigger.text == "captured"] == ["ASSAULT"]


def test_power_handed_back_is_a_retreat(extract):
    assert only(extract("The junta handed power back to civilians on Saturday."),
                "RETREAT").trigger.text == "handed"


def test_roads_blocked_by_protesters_are_a_protest_by_police_a_restriction(extract):
    blocked = only(extract("Protesters blocked the main highway to the airport on Monday."),
                   "PROTEST")
    assert blocked.mode == "obstruct"
    restricted = only(extract("Police blocked roads leading to the square."), "COERCE")
    assert restricted.mode == "restrict" and restricted.cameo == "191"


def test_a_source_asking_not_to_be_named_is_no_event(extract):
    events = extract("Rebels attacked the town on Sunday, according to a local official who "
                     "asked not to be named.")
    assert [e.event_type for e in events] == ["ASSAULT"]


def test_the_speaker_the_parser_hung_on_the_object_is_not_the_target(extract):
    # "told" was left without its subject, "a security source" made the village's apposition
    event = only(extract("Troops shelled the village, a security source who declined to be "
                         "identified told Reuters."), "ASSAULT")
    assert [a.text for a in event.recipient] == ["the village"]


def test_a_date_to_come_does_not_date_an_act_told_as_past(pipeline):
    # the parser hung "next week", the talks' date, on "had been called off"
    events = pipeline.extract(Article(
        "The government's chief negotiator, Luz Marina Ortega, said in a statement that talks "
        "due to resume in Caracas next week had been called off and that a bilateral "
        "ceasefire would not be renewed.", date=date(2026, 11, 29)))
    assert events and all(e.date <= date(2026, 11, 29) for e in events)


def test_a_place_that_says_whose_the_captive_is_is_no_territory(extract):
    freed = only(extract("The court freed a US diplomat on Monday."), "RETREAT")
    assert freed.trigger.text == "freed"


def test_the_target_of_an_act_is_its_scene_the_addressee_of_a_statement_is_not(extract):
    shelling = only(extract("Turkish artillery shelled Tal Rifaat on Friday."), "ASSAULT")
    assert shelling.location and shelling.location.text == "Tal Rifaat"
    rebuke = only(extract("Beijing criticised Manila on Friday."), "ACCUSE")
    assert rebuke.location_basis != "text"


def test_a_date_the_parser_made_a_name_s_head_still_yields_the_name(extract):
    talks = only(extract("Jordan's king met with Iraqi Prime Minister Mohammed Shia "
                         "al-Sudani Sunday in Amman."), "CONSULT")
    assert codes(talks.recipient) == ["IRQGOV"]


def test_a_source_s_home_town_is_not_the_story_s_country(extract):
    event = only(extract("A London-based monitoring group said rebels shelled the town."),
                 "ASSAULT")
    assert [a.country for a in event.actor] == [None]


def test_wont_is_a_refusal_and_pressing_an_attack_is_no_request(extract):
    refusal = only(extract("The minister won't meet the envoy."), "REJECT")
    assert refusal.mode == "meet"
    attack = only(extract("Rebels pressed their offensive near Hama."), "ASSAULT")
    assert [a.sector for a in attack.actor] == ["REB"]


@pytest.mark.parametrize("text, trigger", [
    ("Ethiopia suspended talks with Egypt over the dam.", "suspended"),
    ("The rebels broke off negotiations with the junta after the air raid.", "broke"),
    ("Kenya halted its mediation between the two generals.", "halted"),
    ("The opposition withdrew from the dialogue on Monday.", "withdrew"),
])
def test_talks_halted_or_left_reduce_relations(extract, text, trigger):
    event = only(extract(text), "SANCTION")
    assert (event.trigger.text, event.cameo, event.mode) == (trigger, "164", "withdraw")


def test_leaving_a_treaty_is_one_event_not_also_an_agreement(extract):
    events = extract("Washington withdrew from the nuclear accord in 2018.")
    assert [(e.event_type, e.cameo) for e in events] == [("SANCTION", "160")]


def test_a_country_in_a_venue_name_is_no_party_to_a_match(extract):
    assert extract("The visitors beat the hosts 2-0 at the Qatar Stadium on Friday.") == []


def test_the_other_side_of_ties_or_talks_acted_on_is_the_recipient(extract):
    cut = only(extract("Colombia cut ties with Israel on Thursday."), "SANCTION")
    assert codes(cut.actor) == ["COLGOV"] and codes(cut.recipient) == ["ISRGOV"]
    halted = only(extract("Ethiopia suspended talks with Egypt over the dam."), "SANCTION")
    assert codes(halted.recipient) == ["EGYGOV"]


def test_presenting_evidence_against_someone_accuses_them(extract):
    event = only(extract("Kenya presented evidence against Somalia at the court."), "ACCUSE")
    assert (codes(event.actor), codes(event.recipient)) == (["KENGOV"], ["SOMGOV"])
    assert extract("The band presented its new album in Lagos.") == []


def test_charging_a_position_is_an_attack_and_charging_a_person_an_accusation(extract):
    attack = only(extract("Al-Shabaab fighters charged an army camp near Baidoa."), "ASSAULT")
    assert attack.trigger.text == "charged" and codes(attack.actor) == ["SOMREB"]
    assert only(extract("Prosecutors charged the former minister with fraud."), "ACCUSE")


@pytest.mark.parametrize("text, event_type, recipient", [
    ("Kenya hosted the Ugandan president in Mombasa on Friday.", "CONSULT", ["UGAGOV"]),
    ("Iran supplied the Houthi militia with drones.", "AID", ["YEMREB"]),
    ("Belarus sent the tanks to the border.", "AID", []),
    ("Egypt sent troops to the Libyan border.", "MOBILIZE", []),
])
def test_an_object_that_met_the_rule_is_the_recipient_only_if_it_is_a_party(
        extract, text, event_type, recipient):
    found = only(extract(text), event_type).recipient
    assert [a.code for a in found if a.code] == recipient  # "the border" may stay, uncoded
    assert not any("tanks" in a.text or "troops" in a.text for a in found)


def test_a_deadline_nobody_political_sets_is_no_threat(extract):
    assert extract("The festival set a deadline for applications.") == []


@pytest.mark.parametrize("text, actor, recipient", [
    ("Ukraine received 40 tanks from Germany last month.", ["DEUGOV"], ["UKRGOV"]),
    ("Jordan has received 500 million dollars in aid from the EU.", ["IGOEU"], ["JORGOV"]),
    ("Egypt received fresh American aid in May.", ["USA"], ["EGYGOV"]),
])
def test_what_is_received_comes_from_the_actor(extract, text, actor, recipient):
    aid = only(extract(text), "AID")
    assert (codes(aid.actor), codes(aid.recipient)) == (actor, recipient)


def test_whose_the_faced_act_is_its_name_before_it_says(extract):
    offensive = only(extract("Kyiv is bracing as it faces a fresh Russian offensive."),
                     "ASSAULT")
    assert codes(offensive.actor) == ["RUS"]


def test_an_object_no_actor_names_is_kept_uncoded_as_the_target(extract):
    raid = only(extract("Rebels raided a police checkpoint near the river on Monday."),
                "ASSAULT")
    assert [(r.text, r.code) for r in raid.recipient] == [("a police checkpoint", None)]
    # an uncoded target never vouches for an event no one did
    assert not [e for e in extract("A fine ruling was rejected.") if e.recipient]


@pytest.mark.parametrize("text, target", [
    ("Ugandan troops withdrew their armoured vehicles from the old quarry.", "the old quarry"),
    ("The Italian government returned the stolen painting to a village council.",
     "a village council"),
])
def test_what_is_moved_is_not_the_target_where_it_goes_is(extract, text, target):
    event = only(extract(text), "RETREAT")
    assert [r.text for r in event.recipient] == [target]


@pytest.mark.parametrize("text, event_type, trigger", [
    ("The senator faulted the governor's handling of the floods.", "ACCUSE", "faulted"),
    ("The opposition lambasted the finance minister over the budget.", "ACCUSE", "lambasted"),
    ("Police searched the opposition leader's home in Harare.", "COERCE", "searched"),
    ("Soldiers took the journalist into custody on Friday.", "COERCE", "took"),
    ("The junta shut off the internet in the capital.", "COERCE", "shut"),
    ("Gunmen slew three farmers near Jos.", "ASSAULT", "slew"),
    ("The president phoned his Turkish counterpart on Sunday.", "CONSULT", "phoned"),
    ("Russia amassed troops near the border.", "MOBILIZE", "amassed"),
    ("Egypt rebuffed the Ethiopian proposal on the dam.", "REJECT", "rebuffed"),
    ("The rebels abandoned the town after a week of shelling.", "RETREAT", "abandoned"),
    ("Washington froze the general's assets.", "COERCE", "froze"),
    ("Nigeria downgraded ties with Niger after the coup.", "SANCTION", "downgraded"),
    ("France withdrew its ambassador from Niger after the coup.", "SANCTION", "withdrew"),
    ("Kenya's president lauded the mediators.", "SUPPORT", "lauded"),
    ("The army said it had neutralised 12 terrorists in Borno.", "ASSAULT", "neutralised"),
    ("Houthi rebels launched a drone at a Saudi oil facility.", "ASSAULT", "launched"),
    ("The junta in Niger dissolved all political parties.", "COERCE", "dissolved"),
    ("China's coast guard rammed a Philippine supply vessel.", "ASSAULT", "rammed"),
])
def test_common_synonyms_of_the_lexicon_rows_are_triggers(extract, text, event_type, trigger):
    assert only(extract(text), event_type).trigger.text == trigger


@pytest.mark.parametrize("text", [
    "The chancellor called the Polish president on Monday to discuss the pipeline.",
    "The king called Mahmoud Abbas to offer his condolences.",
    "The foreign minister called his Qatari counterpart.",
])
def test_calling_a_party_up_is_a_phone_call(extract, text):
    call = only(extract(text), "CONSULT")
    assert (call.trigger.text, call.mode) == ("called", "phone")
    assert call.recipient


def test_calling_a_thing_to_some_end_is_no_phone_call(extract):
    assert not [e for e in extract("The union called a strike to express anger over pay.")
                if e.event_type == "CONSULT"]


@pytest.mark.parametrize("text", [
    "Rescuers searched for survivors in the rubble.",
    "The minister froze in front of the cameras.",
    "The prime minister dissolved parliament and called early elections.",
])
def test_a_synonym_needs_the_object_that_makes_it_political(extract, text):
    assert extract(text) == []


@pytest.mark.parametrize("text, event_type", [
    ("The president pardoned 300 inmates on independence day.", "CONCEDE"),
    ("A court in Dhaka acquitted the opposition leader.", "CONCEDE"),
    ("Authorities released 200 political prisoners on Saturday.", "RETREAT"),
    ("Israel and Bahrain established diplomatic ties.", "SUPPORT"),
    ("Saudi Arabia restored diplomatic relations with Iran.", "SUPPORT"),
    # a veto or objection dropped yields what was asked; it was a REJECT of its own
    ("Turkey lifted its veto on Sweden's NATO membership.", "CONCEDE"),
    ("Hungary dropped its objection to the aid package.", "CONCEDE"),
    # a protest lodged with a government is a diplomatic one: ACCUSE, not a demonstration
    ("Japan lodged a protest with China over the incursion.", "ACCUSE"),
    ("Pakistan filed a formal complaint with India over the shelling.", "ACCUSE"),
])
def test_concessions_and_ties_follow_the_plover_manual(extract, text, event_type):
    """Pardons, acquittals and dropped vetoes are concessions, the release itself a retreat;
    diplomatic ties set up or restored are verbal support, not material cooperation; a
    diplomatic protest is an accusation (manual, CONCEDE, SUPPORT and PROTEST)."""
    assert [e.event_type for e in extract(text)] == [event_type]


@pytest.mark.parametrize("text, country", [
    ("Drones hit a military base in Mali on Sunday.", None),
    ("Artillery shells hit a hospital in Kharkiv.", None),
    ("Russian drones hit a power plant in Kharkiv.", "RUS"),
    ("The army's helicopters attacked militant positions in Borno.", "NGA"),
])
def test_a_weapon_is_only_the_country_whose_the_text_says_it_is(extract, text, country):
    """Unowned drones are not the focus country's: that made Mali attack its own base."""
    [actor] = only(extract(text), "ASSAULT").actor
    assert (actor.country, actor.sector) == (country, "MIL")


@pytest.mark.parametrize("text, event_type, actor, recipient", [
    ("Myanmar's junta faces growing criticism from ASEAN over the executions.", "ACCUSE",
     ["IGOASEAN"], ["MMRGOV"]),
    ("Rebels came under attack from government forces near Goma.", "ASSAULT",
     ["CODMIL"], ["CODREB"]),
    ("The president received a visit from the Chinese foreign minister.", "CONSULT",
     ["CHNGOV"], ["GOV"]),
    ("Ukraine received 2 billion euros in aid from the EU.", "AID", ["IGOEU"], ["UKRGOV"]),
])
def test_who_undergoes_an_event_noun_is_its_target(extract, text, event_type, actor, recipient):
    """'faced criticism from', 'came under attack from': the subject is not the doer."""
    events = extract(text)
    assert events
    for event in events:
        assert event.event_type == event_type
        assert (codes(event.actor), codes(event.recipient)) == (actor, recipient)


@pytest.mark.parametrize("text, recipient", [
    ("Somali forces recaptured the town of Harardhere from al-Shabaab.", ["SOMREB"]),
    ("Rebels took control of Bunagana from government forces.", ["MIL"]),
])
def test_whom_ground_is_taken_from_is_the_recipient(extract, text, recipient):
    [event] = extract(text)
    assert codes(event.recipient) == recipient



def test_an_attack_claimed_by_a_group_is_the_groups_and_one_event(extract):
    # the relative clause tells the attack's toll: one event, not a second doerless one
    [event] = extract("The attack, which killed 14 soldiers, was claimed by JNIM.")
    assert (event.trigger.text, codes(event.actor)) == ("attack", ["MLIREB"])
    assert event.recipient and event.recipient[0].sector == "MIL"


def test_a_subject_phrase_never_takes_in_words_hung_on_it_past_its_verb(extract):
    """The parser hung "the countries announced ..." on the first subject: its phrase ran
    through the rest of the sentence."""
    deal = only(extract("France and the United Kingdom have agreed to a new fishing deal, the "
                        "countries announced on Monday, promising to review it after the UK's "
                        "transition period ends."), "SUPPORT")
    assert [a.text for a in deal.actor] == ["France", "United Kingdom"]


def test_a_phrase_does_not_start_with_a_preposition_parsed_as_a_modifier(extract):
    events = extract("Hundreds of protesters rallied outside parliament in Nairobi to "
                     "denounce a proposed finance bill.")
    rally = next(e for e in events if e.trigger.text == "rallied")
    assert [r.text for r in rally.recipient] == ["parliament"]


def test_a_headline_verb_the_tagger_took_for_a_noun_is_a_trigger(extract):
    # "storm" tagged as a noun, though the parse gave it a subject and an object
    storm = only(extract("Protesters storm parliament in Lima over presidential pardon"),
                 "PROTEST")
    assert [a.text for a in storm.actor] == ["Protesters"]
    assert [r.text for r in storm.recipient] == ["parliament"]


def test_a_phrase_keeps_the_bracket_it_closes(extract):
    (event,) = extract("Major Ali Saleh, a spokesman for the Southern Transitional Council "
                       "(STC), said its fighters had captured the airport.")
    assert [a.text for a in event.attribution] == [
        "Major Ali Saleh, a spokesman for the Southern Transitional Council (STC)"]


def test_a_phrase_does_not_end_in_the_preposition_of_a_dropped_date(extract):
    rejection = only(extract("The Malian junta, a group of political parties and the Tuareg "
                             "rebels on Monday rejected ECOWAS's plan to send troops to Bamako."),
                     "REJECT")
    assert not any(a.text.endswith(" on") for a in rejection.actor)



def test_the_act_an_arrest_answers_is_not_whom_it_arrests(extract):
    arrest = only(extract("Police arrested three men for the killing of a journalist in Lagos."),
                  "COERCE")
    assert [r.text for r in arrest.recipient] == ["three men"]


def test_what_is_mediated_between_two_parties_is_aimed_at_both(extract):
    mediation = only(extract("Qatar and Egypt are mediating talks between Israel and Hamas on a "
                             "new ceasefire in Gaza."), "CONSULT")
    assert codes(mediation.recipient) == ["ISRGOV", "PSEREB"]


def test_ordering_someone_to_leave_is_an_expulsion_by_whom_orders(extract):
    expulsion = only(extract("The junta in Niger ordered French troops to leave the country by "
                             "the end of the year."), "SANCTION")
    assert (expulsion.mode, expulsion.cameo) == ("expel", "166")
    assert codes(expulsion.actor) == ["NERGOV"] and codes(expulsion.recipient) == ["FRAMIL"]
    closure = extract("The government ordered the paper to close its office in the capital.")
    assert all(e.event_type != "SANCTION" for e in closure)  # other orders are no expulsion


def test_an_article_that_names_a_people_but_no_place_is_about_their_country(extract):
    detention = only(extract("Kenyan police detained dozens of protesters outside parliament "
                             "overnight."), "COERCE")
    assert codes(detention.recipient) == ["KENCVL"]


@pytest.mark.parametrize("text", [
    "Niger's military leaders revoked a defence agreement with the United States.",
    "Russia pulled out of the grain deal with Ukraine.",
])
def test_leaving_an_agreement_is_withdrawing_from_it(extract, text):
    events = extract(text)
    assert [(e.event_type, e.mode, e.cameo) for e in events] == [("SANCTION", "withdraw", "160")]


@pytest.mark.parametrize(("text", "body"), [
    ("Hungary withdrew from the International Criminal Court.", "IGOICC"),
    ("Mali, Burkina Faso and Niger left the Economic Community of West African States.",
     "IGOECOWAS"),
    ("Venezuela pulled out of the Organization of American States.", "IGOOAS"),
])
def test_leaving_a_body_of_states_is_withdrawing_from_it(extract, text, body):
    leaving = only(extract(text), "SANCTION")
    assert (leaving.mode, leaving.cameo, codes(leaving.recipient)) == ("withdraw", "160", [body])


@pytest.mark.parametrize(("text", "cameo", "partner"), [
    ("Mali's junta ended its cooperation with the UN mission.", "160", "IGOUN"),
    ("Niger suspended military cooperation with France.", "160", "FRAGOV"),
    ("Ecuador suspended diplomatic relations with Mexico.", "161", "MEXGOV"),
])
def test_ending_cooperation_or_ties_reduces_relations(extract, text, cameo, partner):
    events = extract(text)
    assert [(e.event_type, e.cameo) for e in events] == [("SANCTION", cameo)]
    assert codes(events[0].recipient) == [partner]


def test_who_was_shot_dead_is_named_without_the_verbs_result(lexicon_pipeline):
    from tidings.events.arguments import noun_phrase

    doc = lexicon_pipeline.nlp("Security forces shot dead four demonstrators in Khartoum.")
    [victims] = [t for t in doc if t.lower_ == "demonstrators"]
    assert noun_phrase(victims).text == "four demonstrators"


def test_a_people_named_on_a_states_arms_is_its_armed_forces(extract):
    strike = only(extract("A Russian missile strike killed five civilians in Kharkiv."),
                  "ASSAULT")
    assert codes(strike.actor) == ["RUSMIL"]
    # so does a craft the actor base holds as a military role ("warplane")
    raid = only(extract("A Syrian warplane attack killed ten civilians in Idlib."), "ASSAULT")
    assert codes(raid.actor) == ["SYRMIL"]
    # rockets are fired by militias too: the people alone stays the country
    rockets = only(extract("Palestinian rockets hit Sderot."), "ASSAULT")
    assert codes(rockets.actor) == ["PSE"]


def test_pulling_out_of_a_place_stays_a_retreat(extract):
    assert only(extract("Russian troops pulled out of Kherson."), "RETREAT").mode == "withdraw"


def test_a_missile_fired_into_the_sea_is_a_show_of_force_and_into_a_country_an_attack(extract):
    test = only(extract("North Korea fired a ballistic missile into the sea off its east coast, "
                        "South Korea's military said."), "MOBILIZE")
    assert test.cameo == "150" and codes(test.actor) == ["PRKGOV"]
    attack = only(extract("Hezbollah fired rockets into northern Israel."), "ASSAULT")
    assert codes(attack.recipient) == ["ISRGOV"]


def test_who_hits_a_roadside_bomb_is_its_victim(extract):
    events = extract("Two soldiers were killed when their vehicle hit a roadside bomb near "
                     "Kandahar.")
    assert events and all(not e.actor for e in events)
    assert all(codes(e.recipient) == ["AFGMIL"] for e in events)
    # nor does what follows from the blast take the victim for its doer
    struck = only(extract("A UN convoy struck a landmine in northern Mali, killing one "
                          "peacekeeper."), "ASSAULT")
    assert not struck.actor and "IGOUN" in codes(struck.recipient)


def test_leaving_an_agreement_is_aimed_at_the_partner(extract):
    leaving = only(extract("Russia pulled out of the grain deal with Ukraine."), "SANCTION")
    assert codes(leaving.recipient) == ["UKRGOV"]


def test_a_gerund_standing_as_a_noun_takes_the_sides_between_it(extract):
    fighting = only(extract("Fighting between Ethiopian troops and Eritrean forces has "
                            "displaced more than 20,000 people."), "ASSAULT")
    assert (codes(fighting.actor), codes(fighting.recipient)) == (["ETHMIL"], ["ERIMIL"])


def test_what_a_passive_sends_is_no_party_to_it(extract):
    # the subject is what the row's object names, as the object of "sent reinforcements"
    sent = only(extract("Reinforcements were sent to the front from the capital."), "MOBILIZE")
    assert sent.recipient == []
    met = only(extract("The nurses said their demands were met by the health ministry."),
               "CONCEDE")
    assert [r.text for r in met.recipient] == ["their"]


def test_a_clause_stating_a_fact_of_its_own_is_not_governed_by_the_appeal_it_hangs_on(
        extract):
    imposed = only(extract("Kenya called on both sides to return to talks, while the United "
                           "States imposed sanctions on two militia commanders."), "COERCE")
    assert not imposed.flags.hypothetical
    # the appeal's own act stays supposed
    release = only(extract("Kenya called on the rebels to release the hostages."), "RETREAT")
    assert release.flags.hypothetical


def test_an_article_naming_other_countries_far_more_than_its_one_town_has_no_focus(extract):
    events = extract("European Union ministers agreed to impose new sanctions on Russia over "
                     "its invasion of Ukraine. Kyiv welcomed the decision. The ministers also "
                     "discussed aid to Gaza.")
    discussed = only(events, "CONSULT")
    assert [a.country for a in discussed.actor] == [None]  # not Palestinian ministers
    invasion = next(e for e in events if e.trigger.text == "invasion")
    assert codes(invasion.recipient) == ["UKRGOV"]  # what an invasion "of" is done to


def test_a_measure_that_hits_or_targets_is_no_attack(extract):
    assert extract("Western sanctions hit the Russian economy hard last year.") == []
    assert extract("The package, which targets Russian banks, was approved.") == []
    (attack,) = extract("Gunmen targeted a police station in Kano.")
    assert attack.event_type == "ASSAULT"


def test_naming_an_attack_is_neither_doing_it_nor_asking_for_it(extract):
    events = extract('Protesters stormed parliament in Nairobi on Tuesday.\n\nPresident '
                     'William Ruto called the attack on parliament "treasonous" and deployed '
                     "the military to support the police.")
    attack = next(e for e in events if e.trigger.text == "attack")
    assert attack.actor == [] and not attack.flags.hypothetical
    deployed = next(e for e in events if e.trigger.text == "deployed")
    assert not deployed.flags.hypothetical  # a verb beside "call", not what it asks for
    # what "call" asks for stays wanted
    (talks,) = [e for e in extract("Egypt called for talks between Israel and Hamas.")
                if e.trigger.text == "talks"]
    assert talks.flags.hypothetical


def test_what_one_side_did_not_confirm_leaves_the_other_sides_claim_confirmed_or_not(extract):
    (withdrawn,) = extract("The army did not confirm the loss of the town, but a spokesman "
                           "said its troops had withdrawn to defensive positions.")
    assert not withdrawn.flags.unconfirmed
    assert [a.text for a in withdrawn.attribution] == ["a spokesman"]
    (shot,) = [e for e in extract("Rebels said they had shot down a helicopter, a claim the "
                                  "army did not confirm.") if e.trigger.text == "shot"]
    assert shot.flags.unconfirmed
    # an appeal does not reach into a clause joined beside it with its own subject
    sanctions = [e for e in extract("Egypt urged both sides to hold talks, and the United "
                                    "States imposed sanctions on the RSF.")
                 if e.trigger.text == "sanctions"]
    assert sanctions and not sanctions[0].flags.hypothetical


def test_whom_an_appeal_names_does_its_act_where_the_parser_makes_it_a_purpose(extract):
    # the small parser makes "to open" an adverbial clause of "called", not its complement
    talks = only(extract("Hungary's foreign minister said Budapest would not allow weapons "
                         "to transit through its territory, and called on the European "
                         "Union to open talks with Moscow."), "CONSULT")
    assert codes(talks.actor) == ["IGOEU"] and codes(talks.recipient) == ["RUSGOV"]


def test_what_a_speaker_calls_an_act_is_no_act_of_its_own(extract):
    # "a massacre" made Hamas a massacre's doer, hypothetical and denied
    events = extract("Hamas denied the claim and called the strike a massacre.")
    assert sorted(e.event_type for e in events) == ["ACCUSE", "REJECT"]
    assert extract("Rights groups described the raid as a massacre.") == []
    (massacre,) = extract("Soldiers carried out a massacre in the village, witnesses said.")
    assert massacre.event_type == "ASSAULT"


def test_a_denial_covers_what_it_denies_not_the_verb_beside_it(extract):
    events = extract("Hamas denied the claim and called the strike a massacre.")
    assert not only(events, "ACCUSE").flags.denied
    attacking = only(extract("The rebels denied attacking and killing civilians."), "ASSAULT")
    assert attacking.flags.denied


def test_a_dateline_the_parser_makes_a_subject_is_no_party(extract):
    (attack,) = extract("GOMA, Democratic Republic of Congo, Jan 24 (Reuters) - M23 rebels "
                        "attacked a checkpoint near Sake.")
    assert [(a.text, a.code) for a in attack.actor] == [("M23 rebels", "CODREB")]


def test_a_possessive_in_a_clause_with_no_subject_is_its_doers(extract):
    # "its forces" were the caller's, the United States'
    events = extract("The United States called on Rwanda to withdraw its forces.")
    assert codes(only(events, "RETREAT").recipient) == ["RWAMIL"]


def test_a_clause_telling_of_a_time_is_at_that_time(extract):
    events = extract("The city was besieged by German troops in 1941, when thousands were "
                     "killed.")
    killed = next(e for e in events if e.trigger.text == "killed")
    assert (killed.date.year, killed.flags.historical, killed.counts.killed) == (1941, True, 2000)


def test_a_modal_reaches_what_its_verb_goes_on_to_and_the_end_it_waits_for(extract):
    events = extract("Gang leader Jimmy Cherizier said in a video that his fighters would keep "
                     "attacking until Prime Minister Ariel Henry resigned.")
    assert only(events, "ASSAULT").flags.hypothetical
    assert only(events, "RETREAT").flags.hypothetical  # he has not resigned


def test_the_end_an_until_clause_in_the_present_waits_for_has_not_come(extract):
    events = extract("Protest organisers vowed to continue demonstrations until the president "
                     "resigns.")
    assert only(events, "RETREAT").flags.hypothetical
    # in the past tense it is a fact told
    events = extract("The rebels held the town until the army recaptured it in May.")
    assert not only(events, "ASSAULT").flags.hypothetical


def test_who_claims_an_attack_carried_it_out(extract):
    bombing = only(extract("Islamic State claimed the bombing of a church in Kabul."), "ASSAULT")
    assert codes(bombing.actor) == ["IMGISIL"]


def test_no_word_of_the_doer_is_its_target(extract):
    # the relative clause's noun was its doer and, with its article, its target
    surrender = only(extract("Six generals were among the troops who surrendered."), "RETREAT")
    assert [a.text for a in surrender.actor] == ["troops"]
    assert surrender.recipient == []


def test_no_party_inside_the_doers_phrase_is_its_target(extract):
    fighting = only(extract("Fighting between Ethiopia's military and the Fano militia in the "
                            "Amhara region has killed dozens of civilians."), "ASSAULT")
    assert not [r for r in fighting.recipient for a in fighting.actor
                if a.start < r.end and r.start < a.end]


def test_what_an_attack_is_on_is_its_target_not_an_event(extract):
    # the convoy was a mobilisation of its own, which the coder re-typed a second attack
    events = extract("Suspected jihadists killed at least 20 soldiers in an ambush on a "
                     "military convoy in northern Burkina Faso on Sunday.")
    assert [e.trigger.text for e in events] == ["killed"]


def test_what_a_right_is_to_is_no_event(extract):
    events = extract("The embassy called on the government to respect the right to peaceful "
                     "protest and the right to strike.")
    assert [e.event_type for e in events] == ["REQUEST"]


def test_a_relative_clause_with_its_own_subject_keeps_its_own_time(extract):
    # what a vow or a plan governs is to come; not what a clause of its own within it tells
    events = extract("The Taliban vowed to retaliate for what it called a violation of "
                     "Afghanistan's sovereignty.")
    assert not only(events, "ACCUSE").flags.future
    events = extract("Islamabad accuses Kabul of allowing militants to plan attacks inside "
                     "Pakistan, a charge the Taliban deny.")
    assert not only(events, "REJECT").flags.future


def test_what_is_thrown_at_people_is_an_attack_by_protesters_a_riot(extract):
    grenade = only(extract("A man threw a grenade at a police station in Srinagar."), "ASSAULT")
    assert (grenade.trigger.text, grenade.cameo) == ("threw", "183")
    stones = only(extract("Protesters threw stones at police in Nairobi."), "PROTEST")
    assert (stones.mode, stones.cameo) == ("riot", "145")
    assert extract("The minister threw his support behind the plan.") == []


def test_an_avenue_blocked_is_a_protest_a_blockade_tightened_a_restriction(extract):
    blocked = only(extract("Demonstrators blocked the avenue outside parliament."), "PROTEST")
    assert blocked.mode == "obstruct"
    tightened = only(extract("JNIM tightened its blockade of the town."), "COERCE")
    assert (tightened.trigger.text, tightened.cameo) == ("blockade", "191")


def test_a_response_told_by_its_means_is_that_act_alone(extract):
    events = extract("Bogota retaliated on Tuesday by expelling Peru's ambassador.")
    assert [(e.event_type, e.trigger.text) for e in events] == [("SANCTION", "expelling")]


def test_a_row_defused_is_no_weapon_disarmed(extract):
    assert [e.trigger.text for e in extract("Army engineers defused a bomb near the market.")
            ] == ["defused"]
    events = extract("Peru and Colombia held talks in Brasilia to defuse a diplomatic row.")
    assert "defuse" not in [e.trigger.text for e in events]


def test_people_a_who_clause_tells_were_freed_are_no_ground_taken(extract):
    # the parser hung "who were freed" on Zamfara, and the freeing took ground (ASSAULT)
    events = extract("In 2021, gunmen abducted 279 schoolgirls from the town of Jangebe in "
                     "Zamfara, who were freed days later.")
    assert [e.event_type for e in events] == ["ASSAULT"]
    assert events[0].mode == "abduct"


def test_an_open_question_is_no_act_told(extract):
    for text, trigger in (("The army did not say whether its troops had withdrawn from the "
                           "town.", "withdrawn"),
                          ("It was not clear whether the rebels attacked the convoy.",
                           "attacked")):
        event = next(e for e in extract(text) if e.trigger.text == trigger)
        assert event.flags.hypothetical and not event.flags.factual, text
    conceded = next(e for e in extract("Rebels attacked the convoy, whether or not the army "
                                       "agreed.") if e.trigger.text == "attacked")
    assert conceded.flags.factual


def test_power_knocked_out_is_an_attack_a_boxer_knocked_out_no_event(extract):
    (strike,) = extract("Russian strikes knocked out power to hundreds of thousands of homes "
                        "in Odesa.")
    assert (strike.event_type, strike.trigger.text) == ("ASSAULT", "knocked")
    assert extract("The boxer was knocked out in the third round.") == []


def test_coming_under_fire_is_being_attacked(extract):
    (attack,) = extract("Indian troops came under attack from militants in Kupwara.")
    assert (attack.event_type, codes(attack.actor), codes(attack.recipient)) == (
        "ASSAULT", ["INDREB"], ["INDMIL"])
    (fire,) = extract("An Indian Army patrol came under fire near the village of Kalaroos.")
    assert fire.actor == [] and codes(fire.recipient) == ["INDMIL"]
    assert only(extract("The bill came under criticism from lawmakers."), "ACCUSE")
