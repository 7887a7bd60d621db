"""The event coder: its candidates, folds, decisions, the shipped model and honest scoring."""

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from tidings.evaluate import NotCrossValidated, honest_pipeline
from tidings.events.coder import (
    HEADS,
    MARK_CLOSE,
    MARK_OPEN,
    MODEL_DIR,
    NO_EVENT,
    PENTA_LABELS,
    ROLE_LABELS,
    TYPE_LABELS,
    Candidate,
    CrossValidatedCoder,
    EventCoder,
    Reading,
    apply_acled_readings,
    fold_of,
    judge,
)
from tidings.events.policy import Policy
from tidings.model import Article, Event, Flags, Sentence, TextSpan
from tidings.pipeline import Pipeline
from tidings.training.data import OWN_FILES

ATTACK = "Militants attacked an army base near Gao on Monday, killing nine soldiers."
FOOTBALL = "Arsenal beat Chelsea 3-1 at the Emirates Stadium on Saturday."


def candidate(sentence: str, trigger: str, evidence: str = "no lexicon event") -> Candidate:
    start = sentence.index(trigger)
    return Candidate(sentence, start, start + len(trigger), evidence, sentence)


def reading(top: str, p: float) -> Reading:
    rest = (1 - p) / (len(TYPE_LABELS) - 1)
    return Reading({t: p if t == top else rest for t in TYPE_LABELS},
                   {name: 0.2 for name in PENTA_LABELS}, {a: 0.0 for a in HEADS["acled"]})


def lexicon_event(event_type: str = "ACCUSE") -> Event:
    return Event(article_id="a", event_type=event_type, trigger=TextSpan("slammed", 7, 14),
                 sentence=Sentence(0, 0, 40, "Russia slammed the sanctions on Tuesday."),
                 mode="verbal", cameo="111")


def test_copies_of_a_sentence_fall_in_one_fold_and_folds_are_balanced():
    assert fold_of("Troops “shelled” the town.") == fold_of("troops \"shelled\"  the TOWN")
    folds = [fold_of(f"Sentence number {i} about a clash.") for i in range(1000)]
    assert all(150 < folds.count(k) < 250 for k in range(5))


def test_a_candidate_marks_its_trigger_even_deep_in_a_run_on_sentence():
    sentence = "Officials said " + "the talks went on, " * 150 + "before rebels attacked Gao."
    marked, evidence = candidate(sentence, "attacked", "assault cameo 190").text_pair()
    assert f"{MARK_OPEN} attacked {MARK_CLOSE}" in marked and marked.endswith("Gao.")
    assert len(marked) < 700 and evidence == "assault cameo 190"


def test_policy_keeps_retypes_or_drops_a_lexicon_event_and_says_who_decided():
    off = Policy(retype=None, veto=None, weigh=False)
    kept = judge(lexicon_event(), reading("ACCUSE", 0.9), off)
    assert (kept.event_type, kept.typed_by, kept.type_score) == ("ACCUSE", "both", 0.9)
    doubted = judge(lexicon_event(), reading("SANCTION", 0.9), off)
    assert (doubted.event_type, doubted.typed_by, doubted.cameo) == ("ACCUSE", "lexicon", "111")
    retyping = Policy(retype=0.7, veto=0.9, weigh=True)
    retyped = judge(lexicon_event(), reading("SANCTION", 0.8), retyping)
    assert (retyped.event_type, retyped.typed_by, retyped.cameo, retyped.mode) == (
        "SANCTION", "model", None, None)
    assert retyped.type_score == 0.8 and retyped.confidence == round(0.5 * 0.8, 2)
    assert judge(lexicon_event(), reading("SANCTION", 0.6), retyping).event_type == "ACCUSE"
    assert judge(lexicon_event(), reading(NO_EVENT, 0.95), retyping) is None
    assert judge(lexicon_event(), reading(NO_EVENT, 0.95), off) is not None


def test_an_act_to_come_or_not_done_becomes_the_statement_the_coder_reads_in_it():
    policy = Policy()
    visit = replace(lexicon_event("CONSULT"), mode="visit", cameo="042",
                    flags=Flags(future=True))
    promise = judge(visit, reading("AGREE", 0.8), policy)
    assert (promise.event_type, promise.typed_by, promise.cameo) == ("AGREE", "model", "036")
    assert promise.flags.factual  # the promise is made: only the visit is to come
    assert judge(visit, reading("AGREE", 0.4), policy).event_type == "CONSULT"  # unsure
    no_deal = replace(lexicon_event("AGREE"), flags=Flags(negated=True))
    refusal = judge(no_deal, reading("REJECT", 0.9), policy)
    assert (refusal.event_type, refusal.mode, refusal.cameo) == ("REJECT", "meet", "120")
    assert refusal.flags.factual
    no_attack = replace(lexicon_event("ASSAULT"), flags=Flags(negated=True))
    kept = judge(no_attack, reading("REJECT", 0.9), policy)  # not attacking is no refusal
    assert (kept.event_type, kept.typed_by, kept.flags.negated) == ("ASSAULT", "lexicon", True)
    denied = replace(lexicon_event("ASSAULT"), flags=Flags(denied=True))
    kept = judge(denied, reading("REJECT", 0.9), policy)  # the denial is its own event
    assert (kept.event_type, kept.typed_by, kept.flags.denied) == ("ASSAULT", "lexicon", True)
    strike = replace(lexicon_event("ASSAULT"), flags=Flags(future=True))
    assert judge(strike, reading("AGREE", 0.9), policy).event_type == "ASSAULT"
    threat = judge(strike, reading("THREATEN", 0.9), policy)
    assert (threat.event_type, threat.cameo, threat.flags.future) == ("THREATEN", "138", False)


def test_the_pipeline_codes_what_acts_to_come_or_not_done_state(pipeline):
    text = ("The French foreign minister will visit Algiers next week. Negotiators from "
            "Serbia and Kosovo failed to reach an agreement on the border. The army did not "
            "attack the village of Ras Ali on Tuesday.")
    events = pipeline.extract(Article(text=text, id="s", date=date(2024, 5, 15)))
    assert [(e.event_type, e.flags.factual) for e in events] == [
        ("AGREE", True), ("REJECT", True), ("ASSAULT", False)]
    assert events[2].flags.negated and events[2].trigger.text == "attack"


def test_a_people_on_the_move_is_no_event_the_coder_adds(pipeline):
    # the coder added a RETREAT (0.87) for the migration, vouched for by "Venezuelans"
    assert pipeline.extract(Article(
        "More than 7.7 million Venezuelans have left the country since 2014, according to "
        "the U.N. refugee agency, fleeing economic collapse and political repression.")) == []


def test_a_source_asking_not_to_be_named_is_no_event_the_coder_adds(pipeline):
    # "asked", the sentence's reported verb, had been read as a refusal (0.59)
    events = pipeline.extract(Article(
        "Two Malian security sources said the convoy was ambushed near Songho. They asked not "
        "to be named because they were not authorised to speak to the media."))
    assert [e.trigger.text for e in events] == ["ambushed"]


def test_an_act_framed_against_another_is_no_second_event(pipeline):
    # "comes" had been read as a second attack (0.93); the news is the blockade
    events = pipeline.extract(Article(
        "The attack comes weeks after JNIM tightened a blockade on fuel deliveries into "
        "southern and western Mali."))
    assert [e.trigger.text for e in events] == ["blockade"]


def test_an_event_the_coder_is_sure_of_stands_without_a_coded_doer(pipeline):
    text = ("The nurses' committee said it will not end the strike until the Kenyan government "
            "pays them.")
    [refusal] = pipeline.extract(Article(text=text, id="n"))
    assert (refusal.event_type, refusal.typed_by) == ("REJECT", "model")
    assert [a.text for a in refusal.actor] == ["nurses"]
    assert [a.code for a in refusal.recipient] == ["KENGOV"]
    assert Pipeline(Policy(vouch=None)).extract(Article(text=text, id="n")) == []


def test_a_strike_by_health_workers_is_a_labour_strike(pipeline):
    [strike] = pipeline.extract(Article(
        "A committee of striking nurses said it will not end the strike until the Kenyan "
        "government pays them.", id="n"))
    assert (strike.event_type, strike.mode, strike.cameo) == ("PROTEST", "strike", "143")


def test_an_existential_sentence_reports_its_participle_not_the_verb_be(pipeline):
    # "there were N soldiers killed": the event hangs on "killed", its victims the soldiers
    for text, trigger, victims in (
            ("There were 12 Nigerian soldiers killed in Borno on Monday.", "killed", "NGAMIL"),
            ("There were dozens of Afghan civilians wounded in the blast.", "wounded", "AFGCVL")):
        [attack] = pipeline.extract(Article(text=text, id="x"))
        assert (attack.event_type, attack.trigger.text) == ("ASSAULT", trigger)
        assert [r.code for r in attack.recipient] == [victims]


def test_the_coders_acled_reading_replaces_the_rules_only_where_it_is_sure_enough():
    event = lexicon_event("ASSAULT")
    event.acled_event_type, event.acled_sub_event_type = "Battles", "Armed clash"
    sure = reading("ASSAULT", 0.9)
    sure.acled["Air/drone strike"] = 0.8
    apply_acled_readings([event], [sure], threshold=0.9)
    assert event.acled_sub_event_type == "Armed clash"
    apply_acled_readings([event], [sure], threshold=0.5)
    assert (event.acled_event_type, event.acled_sub_event_type) == (
        "Explosions/Remote violence", "Air/drone strike")


def test_the_shipped_coder_has_a_card_and_fits_the_size_limit():
    meta = json.loads((MODEL_DIR / "meta.json").read_text())
    assert meta["heads"] == {**{head: list(labels) for head, labels in HEADS.items()},
                             "role": list(ROLE_LABELS)}  # the shipped coder reads roles
    own = {Path(name).stem for name in OWN_FILES}  # our sentences: news, wire
    assert {"plv_train", "conflibert_cameo_train", "case2021_task2_even", *own} == set(
        meta["training_sets"])
    assert "petr2_gsr_validation" not in meta["training_sets"]  # the pure transfer check
    assert len(meta["data_sha256"]) == 64 and set(meta["temperature"]) == set(HEADS)
    assert meta["cross_validated"]["plv_train"]["type_n"] > 100
    assert (MODEL_DIR / "model.onnx").stat().st_size < 60 * 2**20


def test_the_shipped_coder_reads_type_class_and_acled_subtype_per_candidate():
    coder = EventCoder.load()
    assert coder is not None and coder is EventCoder.load(MODEL_DIR)
    attack, football, bombing, talks = coder.read([
        candidate(ATTACK, "attacked", "assault cameo 190 with actor with target"),
        candidate(FOOTBALL, "beat"),
        candidate("A suicide bomber blew himself up at a police checkpoint in Mogadishu.",
                  "blew"),
        candidate("Egypt hosted talks between Sudan's army and the RSF in Cairo.", "hosted",
                  "consult cameo 042 with actor with target"),
    ])
    assert attack.top_type == "ASSAULT" and attack.types["ASSAULT"] > 0.5
    assert attack.top_penta == 4 and football.top_type == NO_EVENT
    assert bombing.top_acled == "Suicide bomb"
    assert talks.top_type == "CONSULT" and PENTA_LABELS[talks.top_penta] == "verbal cooperation"
    assert all(abs(sum(r.types.values()) - 1) < 1e-4 for r in (attack, football, talks))


def test_the_shipped_coder_reads_a_candidate_alike_alone_and_beside_others():
    # read in one batch, the int8 model's shared activation scale moved the bombing's ACLED
    # reading from "Suicide bomb" (0.60 alone) to none
    coder = EventCoder.load()
    bombing = candidate("A suicide bomber blew himself up at a police checkpoint in "
                        "Mogadishu.", "blew")
    alone = coder.read([bombing])[0]
    beside = coder.read([candidate(ATTACK, "attacked", "assault cameo 190 with actor with "
                                   "target"), bombing, candidate(FOOTBALL, "beat")])[1]
    assert alone.types == beside.types and alone.acled == beside.acled
    assert alone.top_acled == "Suicide bomb"


def test_the_coders_helper_threads_wait_asleep_between_operators():
    # spinning nearly doubled the coder's CPU time, counted against each article's budget
    options = EventCoder.load().session.get_session_options()
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_pipeline_events_carry_the_coders_score_and_who_typed_them(pipeline):
    [event] = pipeline.extract(Article(text=ATTACK, id="a", date=date(2024, 6, 12)))
    assert event.event_type == "ASSAULT" and event.typed_by == "both"
    assert event.type_score > 0.5 and event.penta == 4
    [alone] = Pipeline(policy=None).extract(Article(text=ATTACK, id="a"))
    assert (alone.typed_by, alone.type_score, alone.penta) == ("lexicon", None, None)
    assert pipeline.extract(Article(text=FOOTBALL, id="f")) == []


def test_a_set_the_coder_trained_on_is_scored_only_through_its_fold_models(
        pipeline, tmp_path, monkeypatch):
    monkeypatch.setenv("TIDINGS_CACHE", str(tmp_path))
    assert honest_pipeline("petr2_gsr_validation", pipeline) == (pipeline, "never trained on")
    with pytest.raises(NotCrossValidated, match="fold models"):
        honest_pipeline("plv_train", pipeline)
    folds = tmp_path / "event_coder_cv"
    for k in range(5):  # stand-ins with the same card: the routing, not the figures
        (folds / f"fold-{k}").mkdir(parents=True)
        for name in ("model.onnx", "tokenizer.json", "meta.json"):
            (folds / f"fold-{k}" / name).symlink_to(MODEL_DIR / name)
    honest, setting = honest_pipeline("plv_train", pipeline)
    assert isinstance(honest.coder, CrossValidatedCoder) and setting.startswith("5-fold")
    [event] = honest.extract(Article(text=ATTACK, id="a"))
    assert event.event_type == "ASSAULT" and event.type_score is not None
    meta = json.loads((MODEL_DIR / "meta.json").read_text())
    # fold models of another run on the same files, read with another lexicon, are said so
    for k in range(5):
        (folds / f"fold-{k}" / "meta.json").unlink()
        (folds / f"fold-{k}" / "meta.json").write_text(
            json.dumps({**meta, "reading_sha256": "another"}))
    assert "another training run" in honest_pipeline("plv_train", pipeline)[1]
    # fold models of another training on the same data (other heads) do not stand for it
    for k in range(5):
        (folds / f"fold-{k}" / "meta.json").unlink()
        (folds / f"fold-{k}" / "meta.json").write_text(
            json.dumps({**meta, "heads": {"type": meta["heads"]["type"]}}))
    with pytest.raises(NotCrossValidated, match="others"):
        honest_pipeline("plv_train", pipeline)


def test_the_shipped_coder_reads_a_marked_name_in_its_context():
    """The encoder's vector of a name (the toponym promoter's input) depends on the words
    around it: "Delta" the town and "Delta" the airline are read apart."""
    coder = EventCoder.load(MODEL_DIR)
    town = "Police in Delta said the bridge was closed."
    airline = "Delta said the flight to Atlanta was cancelled."
    vectors = coder.span_vectors([Candidate(town, 10, 15, "place", ""),
                                  Candidate(airline, 0, 5, "place", ""),
                                  Candidate(town, 10, 15, "place", "")])
    assert vectors.shape == (3, 384)
    assert np.allclose(vectors[0], vectors[2], atol=0.05)
    assert not np.allclose(vectors[0], vectors[1], atol=0.05)
