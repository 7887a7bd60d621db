"""One clause, one event: statements of intention and retold events, on sentences written here."""

from datetime import date

import pytest

from tidings.model import Article


@pytest.fixture(scope="module")
def extract(lexicon_pipeline):
    def run(text):
        return lexicon_pipeline.extract(Article(text=text, id="t", date=date(2024, 6, 12)))

    return run


def summary(events):
    return [(e.event_type, e.trigger.text, [a.code for a in e.actor],
             [a.code for a in e.recipient]) for e in events]


def test_a_vow_to_strike_is_one_threat_against_the_target(extract):
    events = extract("Hamas vowed to retaliate against Israel.")
    assert summary(events) == [("THREATEN", "vowed", ["PSEREB"], ["ISRGOV"])]
    assert events[0].mode == "violence" and events[0].cameo == "138"
    assert not events[0].flags.hypothetical  # the vow itself was made


def test_a_threat_takes_the_recipient_of_the_threatened_attack(extract):
    events = extract("Iran threatened to attack American bases in Iraq.")
    assert [(e.event_type, e.trigger.text) for e in events] == [("THREATEN", "threatened")]
    assert [a.country for a in events[0].recipient] == ["USA"]


def test_an_intended_meeting_is_a_promise_and_a_refused_one_a_rejection(extract):
    promise = extract("Turkey plans to meet the Syrian government next month.")
    assert [(e.event_type, e.cameo) for e in promise] == [("AGREE", "036")]
    refusal = extract("Iran refused to meet the UN envoy.")
    assert summary(refusal) == [("REJECT", "refused", ["IRNGOV"], ["IGOUN"])]
    assert refusal[0].mode == "meet"


def test_wanting_someone_else_to_act_is_an_appeal_to_them(extract):
    events = extract("Tehran wants Baghdad to expel the American troops.")
    assert summary(events) == [("REQUEST", "wants", ["IRNGOV"], ["IRQGOV"]),
                               ("SANCTION", "expel", ["IRQGOV"], ["USAMIL"])]
    assert events[0].cameo == "020" and events[1].flags.hypothetical


def test_would_not_provide_aid_is_a_refusal(extract):
    events = extract("The president said Washington would not provide aid to Egypt.")
    assert [(e.event_type, e.mode) for e in events] == [("REJECT", "assist")]
    assert not events[0].flags.negated


def test_a_killing_told_by_the_shelling_is_one_event_with_its_victims(extract):
    events = extract("Rebels shelled the town overnight, killing at least eight civilians.")
    assert summary(events) == [("ASSAULT", "shelled", ["REB"], [None, "CVL"])]
    assert [r.text for r in events[0].recipient] == ["the town", "civilians"]
    assert events[0].counts.killed == 8


def test_an_act_not_done_as_a_condition_is_no_refusal(extract):
    # "if the rebels did not withdraw" was the rebels' refusal to withdraw
    (withdraw,) = [e for e in extract("The army said it would retaliate if the rebels did not "
                                      "withdraw from the town.") if e.trigger.text == "withdraw"]
    assert withdraw.event_type == "RETREAT"
    assert withdraw.flags.negated and withdraw.flags.hypothetical


def test_meeting_to_discuss_is_one_consultation(extract):
    events = extract("The Iraqi foreign minister met Bashar al-Assad to discuss the war.")
    assert summary(events) == [("CONSULT", "met", ["IRQGOV"], ["SYRGOV"])]


def test_separate_doers_keep_separate_events(extract):
    events = extract("The army attacked the rebels and the rebels attacked the police.")
    assert [(e.event_type, e.trigger.text) for e in events] == [
        ("ASSAULT", "attacked"), ("ASSAULT", "attacked")]


def test_an_act_told_as_before_or_after_another_is_another_event(extract):
    # same type, same doers, but days apart: not a retelling of one strike
    events = extract("Israeli jets struck Gaza City on Sunday, two days after Israeli tanks "
                     "shelled Rafah.")
    assert [(e.event_type, e.trigger.text) for e in events] == [
        ("ASSAULT", "struck"), ("ASSAULT", "shelled")]


def test_they_after_a_conjoined_subject_stands_for_both(extract):
    events = extract("Erdogan and Modi said they will attack Pakistan.")  # announced: a threat
    assert summary(events) == [("THREATEN", "said", ["TURGOV", "INDGOV"], ["PAKGOV"])]


def test_announcing_its_own_future_operation_is_a_threat(extract):
    events = extract("Pakistan's army chief says it will launch a fresh military operation "
                     "in Waziristan.")
    assert [(e.event_type, e.trigger.text, e.mode) for e in events] == [
        ("THREATEN", "says", "violence")]
    assert [a.code for a in events[0].actor] == ["PAKMIL"]


def test_ready_to_send_troops_is_a_promise_by_the_subject(extract):
    events = extract("Senegal is ready to contribute soldiers to the force in Gambia.")
    assert [(e.event_type, e.trigger.text) for e in events] == [("AGREE", "ready")]
    assert [a.code for a in events[0].actor] == ["SENGOV"]


def test_will_not_accept_refugees_is_a_refusal(extract):
    events = extract("Denmark says it won't accept more refugees this year.")
    assert [(e.event_type, e.mode) for e in events] == [("REJECT", "assist")]


def test_troops_offered_are_help_and_a_declared_ceasefire_a_deescalation(extract):
    offer = extract("Ghana has offered to send soldiers to the Malian border.")
    assert [(e.event_type, e.trigger.text, e.cameo) for e in offer] == [
        ("AGREE", "offered", "0312")]
    truce = extract("The militia declared a one-sided truce on Sunday.")
    assert [(e.event_type, e.mode) for e in truce] == [("RETREAT", "ceasefire")]


def test_fighting_an_epidemic_is_no_violence(extract):
    assert extract("Government forces are fighting the epidemic in the north.") == []


def test_saying_someone_must_act_is_a_demand_on_them(extract):
    events = extract("Assad said Turkey must withdraw its troops from Idlib.")
    demand = [e for e in events if e.event_type == "REQUEST"]
    assert [(e.trigger.text, e.cameo) for e in demand] == [("must", "100")]
    assert summary(demand)[0][2:] == (["SYRGOV"], ["TURGOV"])
    assert all(e.flags.hypothetical for e in events if e.event_type == "RETREAT")
    assert [e.event_type for e in extract("The army said it must withdraw.")] == ["RETREAT"]


def test_would_in_reported_speech_announces_the_act(extract):
    events = extract("Egypt announced it would release 40 Sudanese fishermen.")
    assert [(e.event_type, e.trigger.text) for e in events] == [("AGREE", "announced")]


def test_a_threatened_pull_out_is_a_threat_whatever_the_act(extract):
    events = extract("The junta threatened to withdraw from the peace accord with the rebels.")
    assert [(e.event_type, e.trigger.text) for e in events] == [("THREATEN", "threatened")]
    assert events[0].cameo.startswith("13")


def test_what_a_meeting_is_to_discuss_is_not_a_second_party(extract):
    events = extract("Kenya's foreign minister met with Ugandan President Yoweri Museveni "
                     "on Tuesday to discuss efforts against smuggling.")
    meeting = next(e for e in events if e.event_type == "CONSULT")
    assert [a.code for a in meeting.recipient] == ["UGAGOV"]


def test_an_attack_noun_that_does_the_verbs_attack_is_one_event(extract):
    events = extract("Saudi-led coalition airstrikes hit a prison in Saada, killing 70 inmates.")
    assert [(e.event_type, e.trigger.text, [a.code for a in e.actor]) for e in events] == [
        ("ASSAULT", "hit", ["SAU"])]


def test_an_attack_that_does_a_passives_attack_is_one_event(extract):
    events = extract("The convoy was hit by a rocket fired by militants near Gao.")
    assert summary(events) == [("ASSAULT", "hit", ["MLIREB"], ["MIL"])]


def test_a_headline_the_body_tells_again_is_one_event_told_by_the_body(extract):
    events = extract("Mali accuses militants of breaking truce\n\nThe government in Bamako "
                     "accused the rebels of violating the ceasefire on Tuesday.")
    assert [(e.event_type, e.trigger.text) for e in events] == [
        ("ACCUSE", "accused"), ("ASSAULT", "violating")]
    assert events[0].sentence.index == 1  # the body's telling, with its place and words


def test_a_headline_the_body_does_not_retell_keeps_its_events(extract):
    alone = extract("Russia strikes Kyiv\n\nUkraine's president met NATO envoys on Monday.")
    assert ("ASSAULT", "strikes") in [(e.event_type, e.trigger.text) for e in alone]
    # the body tells of an attack long past: another event than the headline's
    past = extract("Rebels attack Goma\n\nRebels attacked Goma in 2012, a UN report said.")
    assert [e.trigger.text for e in past if e.event_type == "ASSAULT"] == ["attack", "attacked"]
    # a sentence of its own, not a headline: two tellings stay two events
    plain = extract("Rebels attacked Goma. Rebels attacked Goma again on Monday.")
    assert len([e for e in plain if e.event_type == "ASSAULT"]) == 2


def test_a_lede_paragraph_is_no_headline(extract):
    # a wire lede ends as a sentence does: its shelling is not the body's strike told again
    events = extract("Syrian government forces shelled rebel positions near Hama on Tuesday."
                     "\n\nThe army struck a rebel base with artillery, killing six fighters.")
    assert [e.trigger.text for e in events if e.event_type == "ASSAULT"] == [
        "shelled", "struck"]


def test_a_headline_placed_elsewhere_than_the_body_event_keeps_its_event(extract):
    events = extract("Syrian troops shell rebels in Daraa\n\nSyrian troops shelled rebels in "
                     "Aleppo on Monday.")
    assert [(e.trigger.text, e.location.text) for e in events if e.event_type == "ASSAULT"] == [
        ("shell", "Daraa"), ("shelled", "Aleppo")]
    # two places the gazetteer does not know, named apart
    events = extract("Syrian troops shell rebel base at Tell Jabin\n\nSyrian troops shelled "
                     "rebels at the Wadi Deif base on Monday.")
    assert [(e.trigger.text, e.location.text) for e in events if e.event_type == "ASSAULT"] == [
        ("shell", "Tell Jabin"), ("shelled", "Wadi Deif")]


def test_a_kidnapping_beside_a_killing_is_an_event_of_its_own(extract):
    events = extract("Gunmen killed five villagers and abducted 12 others in Zamfara state.")
    assert [(e.trigger.text, e.cameo) for e in events] == [("killed", "1823"),
                                                           ("abducted", "181")]
    # one act told with two verbs on one object stays one event
    (shot,) = extract("Gunmen shot and killed five villagers in Zamfara state.")
    assert shot.event_type == "ASSAULT"


def test_acts_of_other_kinds_joined_by_and_are_events_of_their_own(extract):
    events = extract("India suspended the Indus Waters Treaty, expelled Pakistani military "
                     "advisers and closed the main border crossing at Attari.")
    assert [(e.event_type, e.mode, e.trigger.text) for e in events] == [
        ("SANCTION", "withdraw", "suspended"), ("SANCTION", "expel", "expelled"),
        ("COERCE", "restrict", "closed")]
    # two weapons of one assault are one act
    (shelled,) = [e for e in extract("Troops shelled the village and bombed its market.")
                  if e.event_type == "ASSAULT"]


def test_a_headline_aimed_at_a_region_is_retold_by_the_body_aimed_at_its_army(pipeline):
    events = pipeline.extract(Article(
        "Sudan's RSF seizes key town in Darfur\n\nSudan's paramilitary Rapid Support Forces "
        "(RSF) captured the town of El Fasher on Saturday after weeks of heavy fighting with "
        "the army, Reuters reported.", date=date(2024, 10, 28)))
    assert [e.trigger.text for e in events if e.event_type == "ASSAULT"] == ["captured"]


def test_a_headline_naming_a_country_is_retold_by_the_body_naming_its_forces(extract):
    # "Israeli strike" is ISR, "An Israeli airstrike" ISRMIL: 18 dead counted twice
    events = extract("Israeli strike on Gaza school kills 18, health officials say\n\nAn "
                     "Israeli airstrike on a school in central Gaza killed at least 18 people "
                     "on Saturday.")
    assert [(e.trigger.text, e.counts.killed) for e in events] == [("killed", 18)]


def test_a_vowed_or_threatened_protest_is_one_threat_of_dissent(extract):
    # CAMEO 133, "threaten with political dissent, protest": it had stayed a hypothetical
    # boycott beside a bare threat, and a vow to block roads a promise (AGREE 030)
    for text, trigger in (("Opposition parties threatened to boycott the elections.",
                           "threatened"),
                          ("Farmers vowed to block the highways again next week.", "vowed")):
        (threat,) = extract(text)
        assert (threat.event_type, threat.trigger.text, threat.cameo) == (
            "THREATEN", trigger, "133"), text


def test_an_act_noun_carried_out_by_a_light_verb_is_intended_as_a_verb_is(extract):
    # the vow had been a promise (AGREE 030) beside an attack to come
    events = extract("Hamas vowed to launch more attacks on Israel.")
    assert summary(events) == [("THREATEN", "vowed", ["PSEREB"], ["ISRGOV"])]
    assert events[0].cameo == "138"
    (refusal,) = extract("The government refused to hold talks with the rebels.")
    assert (refusal.event_type, refusal.trigger.text) == ("REJECT", "refused")
