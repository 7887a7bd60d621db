"""The event-type model: its training data, training on it, and the model that ships."""

import collections
import json
from datetime import date

import pytest

from tidings.events.classifier import (
    DEFAULT_DATA,
    DEFAULT_MODEL,
    EventTypeModel,
    read_examples,
    train,
)
from tidings.events.extract import MODEL_THRESHOLD
from tidings.model import PLOVER_TYPES, Article

ATTACK = "Militants attacked an army base near Gao on Monday, killing nine soldiers."
FOOTBALL = "Arsenal beat Chelsea 3-1 at the Emirates Stadium on Saturday."


def _lines(path):
    return path.read_text(encoding="utf-8").splitlines()


def test_training_data_is_labelled_with_plover_types_and_covers_every_type():
    rows = [json.loads(line) for path in DEFAULT_DATA for line in _lines(path)]
    texts = [row["text"] for row in rows]
    assert len(texts) == len(set(texts)), "duplicate sentences, within or across files"
    assert all(set(row["labels"]) <= set(PLOVER_TYPES) for row in rows)
    counts = collections.Counter(label for row in rows for label in row["labels"])
    assert {t: counts[t] for t in PLOVER_TYPES if counts[t] < 40} == {}
    assert sum(not row["labels"] for row in rows) >= 200
    assert len(rows) >= 900


def test_unknown_label_is_refused(tmp_path):
    data = tmp_path / "bad.jsonl"
    data.write_text('{"text": "Troops fired on the crowd.", "labels": ["VIOLENCE"]}\n')
    with pytest.raises(ValueError, match="VIOLENCE"):
        read_examples([data])


def test_several_files_are_read_as_one_set_and_a_repeated_sentence_counts_once(tmp_path):
    ours, theirs = tmp_path / "ours.jsonl", tmp_path / "theirs.jsonl"
    ours.write_text('{"text": "Troops shelled the port.", "labels": ["ASSAULT"]}\n'
                    '{"text": "Rain fell on the capital.", "labels": []}\n')
    theirs.write_text('{"text": "Troops shelled the port.", "labels": ["MOBILIZE"]}\n\n'
                      '{"text": "Envoys met in Oslo.", "labels": ["CONSULT"]}\n')
    assert read_examples([ours, theirs]) == [("Troops shelled the port.", ["ASSAULT"]),
                                             ("Rain fell on the capital.", []),
                                             ("Envoys met in Oslo.", ["CONSULT"])]


@pytest.fixture(scope="module")
def small_data(tmp_path_factory):
    """Every fourth sentence of the shipped data: enough to learn from, fast to train."""
    rows = [line for path in DEFAULT_DATA for line in _lines(path)][::4]
    path = tmp_path_factory.mktemp("data") / "small.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return [path]


@pytest.fixture(scope="module")
def trained(small_data, tmp_path_factory):
    output = tmp_path_factory.mktemp("model") / "event_types"
    metrics = train(small_data, output, seed=3, n_iter=8)
    return output, metrics


def test_training_learns_assault_from_football(trained):
    output, metrics = trained
    model = EventTypeModel.load(output)
    attack, football = model.scores([ATTACK, FOOTBALL])
    assert max(attack, key=attack.get) == "ASSAULT"
    assert attack["ASSAULT"] > 0.5
    assert max(football.values()) < 0.2
    assert 0 < metrics["sentences"] < metrics["train_sentences"]
    assert metrics["top_type_accuracy"] > 0.3  # held-out, 16 types: chance is 0.06


def test_same_seed_gives_same_scores(trained, small_data, tmp_path):
    first, _ = trained
    train(small_data, tmp_path / "again", seed=3, n_iter=8)
    texts = [ATTACK, FOOTBALL]
    assert EventTypeModel.load(tmp_path / "again").scores(texts) == \
        EventTypeModel.load(first).scores(texts)


def test_shipped_model_loads_once_and_scores_a_batch():
    model = EventTypeModel.load()
    assert model is not None and model is EventTypeModel.load(DEFAULT_MODEL)
    texts = [ATTACK, FOOTBALL, "Egypt urged Israel and Hamas to agree to a ceasefire.", ""]
    scores = model.scores(texts)
    assert len(scores) == len(texts)
    assert all(set(score) == set(PLOVER_TYPES) for score in scores)
    assert max(scores[0], key=scores[0].get) == "ASSAULT"
    assert scores[0]["ASSAULT"] > max(scores[1].values())


def test_missing_model_is_none(tmp_path):
    assert EventTypeModel.load(tmp_path / "nothing here") is None


MARCH_WITHOUT_TRIGGER = "Thousands of Serbian students filled the streets of Belgrade on Saturday."


def test_the_model_adds_an_event_the_lexicon_has_no_word_for(pipeline):
    article = Article(text=MARCH_WITHOUT_TRIGGER, id="m", date=date(2025, 3, 17))
    [event] = pipeline.extract(article)
    assert (event.event_type, event.typed_by, event.trigger.text) == ("PROTEST", "model", "filled")
    assert [a.code for a in event.actor] == ["SRBEDU"]
    assert event.type_score >= MODEL_THRESHOLD
    assert event.confidence < event.type_score  # a model event is trusted less than its parse
    assert event.location.name == "Belgrade" and event.date == date(2025, 3, 15)


def test_the_model_adds_nothing_without_a_political_actor_or_when_switched_off(pipeline):
    assert pipeline.extract(Article(text=FOOTBALL, id="f")) == []
    threshold = pipeline.model_threshold
    pipeline.model_threshold = None
    try:
        assert pipeline.extract(Article(text=MARCH_WITHOUT_TRIGGER, id="m")) == []
    finally:
        pipeline.model_threshold = threshold
