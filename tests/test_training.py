"""Training the event coder: its labels, its loss, and `tidings train` end to end.

Needs the train extra (torch); the README's test command installs it."""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tidings.events.coder import (
    NO_ACLED,
    NO_EVENT,
    ROLE_LABELS,
    TYPE_LABELS,
    Candidate,
    Encoding,
    EventCoder,
)
from tidings.training.data import (
    OWN_DATA_DIR,
    OWN_FILES,
    LabelledText,
    label_candidates,
    read_own,
    source_files,
)

torch = pytest.importorskip("torch")

OWN = OWN_DATA_DIR / "news.jsonl"


def test_our_training_sentences_are_labelled_with_plover_types_and_cover_every_type():
    rows = read_own(OWN)
    assert len({r.text for r in rows}) == len(rows) >= 1500
    covered = {t for r in rows for t in r.types}
    assert covered == set(TYPE_LABELS)  # every type, and sentences with no event
    assert sum(r.no_event for r in rows) >= 300


def test_the_background_sentences_tell_no_event_and_repeat_none_of_ours():
    background = read_own(OWN_DATA_DIR / "background.jsonl")
    assert all(r.no_event for r in background)
    ours = {r.text for name in OWN_FILES for r in read_own(OWN_DATA_DIR / name)}
    assert len({r.text for r in background} - ours) == len(background) >= 150


def test_the_further_wire_sentences_are_read_whole_and_repeat_none_of_ours():
    more = read_own(OWN_DATA_DIR / "wire_more.jsonl")
    ours = {r.text for name in (*OWN_FILES, "background.jsonl")
            for r in read_own(OWN_DATA_DIR / name)}
    assert len({r.text for r in more} - ours) == len(more) >= 300
    assert {t for r in more if r.types for t in r.types} == set(TYPE_LABELS) - {NO_EVENT}
    assert sum(r.penta == 0 for r in more) >= 50


def test_an_unknown_label_or_a_broken_line_is_refused_with_its_place(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Troops fired on the crowd.", "labels": ["VIOLENCE"]}\n')
    with pytest.raises(ValueError, match="VIOLENCE"):
        read_own(bad)
    bad.write_text('{"text": "Troops fired on the crowd.", "labels": []}\n{"text": \n')
    with pytest.raises(ValueError, match="bad.jsonl:2"):
        read_own(bad)
    with pytest.raises(FileNotFoundError, match="plv_train"):
        source_files(tmp_path, ["plv_train"])


def test_the_label_goes_to_the_main_candidate_and_no_event_to_every_candidate(pipeline):
    texts = [
        LabelledText("Rebels shelled the town after the governor accused them of looting.",
                     "mine", frozenset({"ASSAULT"}), penta=4),
        LabelledText("The storm flooded villages and the minister visited the coast.", "mine",
                     frozenset({NO_EVENT}), acled=NO_ACLED),
    ]
    found = label_candidates(texts, pipeline)
    shelling = [c for c in found if c.candidate.group == texts[0].text]
    main = [c for c in shelling if c.main]
    assert len(main) == 1 and main[0].lexicon_type == "ASSAULT" and main[0].penta == 4
    storm = [c for c in found if c.candidate.group == texts[1].text]
    assert storm and all(c.types == {NO_EVENT} and c.acled == NO_ACLED for c in storm)


def test_the_type_loss_is_the_probability_of_the_acceptable_set():
    from tidings.training.coder import _loss

    logits = torch.tensor([[2.0, 1.0, 0.5] + [0.0] * (len(TYPE_LABELS) - 3)])
    allowed = torch.zeros_like(logits)
    allowed[0, [1, 2]] = 1
    unknown = torch.tensor([-1])
    no_roles = torch.full((1, 4), -100)
    outputs = (logits, torch.zeros(1, 5), torch.zeros(1, 26), torch.zeros(1, 4, 3))
    loss = _loss(outputs, allowed, unknown, unknown, no_roles)
    p = logits.softmax(-1)[0]
    assert math.isclose(loss.item(), -math.log(p[1] + p[2]), rel_tol=1e-5)
    # the role of each labelled piece adds its cross entropy (uniform logits: log 3 each)
    roles = torch.tensor([[-100, 1, 0, 2]])
    with_roles = _loss(outputs, allowed, unknown, unknown, roles)
    assert math.isclose(with_roles.item() - loss.item(), math.log(3), rel_tol=1e-5)


def test_gold_sources_and_targets_label_the_pieces_of_the_main_candidate_only(pipeline):
    from tidings.training.coder import role_targets
    from tidings.training.data import role_spans

    text = "Earlier, Iraqi troops launched an assault on Mexico's border town."
    # a gold set that re-spaced its tokens ("Mexico 's") is still found
    roles = role_spans(text, [("S", "Iraqi troops"), ("T", "Mexico 's border town"),
                              ("S", "not in the text")])
    assert roles == (("source", 9, 21), ("target", 45, 65))
    assert role_spans(text, [("R", "Iraqi troops"), ("R", "Mexico")]) == (
        ("source", 9, 21), ("target", 45, 51))
    found = label_candidates([LabelledText(text, "mine", frozenset({"ASSAULT"}), roles=roles)],
                             pipeline)
    [main] = [c for c in found if c.main]
    sentence = main.candidate.sentence
    assert [sentence[a:b] for _, a, b in main.roles] == ["Iraqi troops", "Mexico's border town"]
    assert all(c.roles is None for c in found if not c.main)
    encoded = Encoding(EventCoder.load().folder / "tokenizer.json").encode_spans([main.candidate])
    [(ids, spans)] = encoded
    labels = role_targets(main, spans)
    words = {sentence[sp[0]:sp[1]].lower(): ROLE_LABELS[label]
             for sp, label in zip(spans, labels, strict=True) if sp is not None}
    assert words["iraqi"] == words["troops"] == "source"
    assert words["border"] == words["town"] == "target"
    assert words["launched"] == words["assault"] == words["earlier"] == "none"
    assert labels[0] == -100 and labels[-1] == -100  # [CLS], [SEP], marks: not scored


def test_another_event_of_the_sentence_learns_the_parties_its_own_clause_names(pipeline):
    from tidings.training.coder import role_targets
    from tidings.training.data import role_spans

    text = "Rebels ambushed a convoy on Monday after the army had shelled their positions."
    roles = role_spans(text, [("S", "Rebels"), ("T", "a convoy")])
    labelled = [LabelledText(text, "mine", frozenset({"ASSAULT"}), roles=roles)]
    assert all(c.roles is None for c in label_candidates(labelled, pipeline) if not c.main)
    found = label_candidates(labelled, pipeline, silver_roles=True)
    [shelling] = [c for c in found
                  if c.candidate.sentence[c.candidate.start:].startswith("shelled")]
    assert not shelling.main and shelling.roles_known_only
    sentence = shelling.candidate.sentence
    assert sorted((r, sentence[a:b]) for r, a, b in shelling.roles) == [
        ("none", "Rebels"), ("none", "a convoy"), ("source", "the army"),
        ("target", "their positions")]
    [(_, spans)] = Encoding(EventCoder.load().folder / "tokenizer.json").encode_spans(
        [shelling.candidate])
    words = {sentence[sp[0]:sp[1]].lower(): label for sp, label in
             zip(spans, role_targets(shelling, spans), strict=True) if sp is not None}
    assert ROLE_LABELS[words["army"]] == "source" and ROLE_LABELS[words["positions"]] == "target"
    assert ROLE_LABELS[words["rebels"]] == ROLE_LABELS[words["convoy"]] == "none"
    assert words["monday"] == words["after"] == -100  # what silver roles do not know


def test_our_sentences_may_mark_the_parties_and_a_statement(tmp_path, pipeline):
    path = tmp_path / "wire.jsonl"
    rows = [
        {"text": "Police detained 40 protesters in Minsk on Sunday.", "labels": ["COERCE"],
         "source": "Police", "target": "40 protesters", "location": "Minsk"},
        {"text": "The minister said talks would resume in May.", "penta": 0,
         "source": "The minister", "target": None, "location": None},
        {"text": "A storm flooded the coast.", "labels": []},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    detained, said, storm = read_own(path)
    assert detained.roles == (("source", 0, 6), ("target", 16, 29)) and storm.roles is None
    assert said.types is None and said.penta == 0 and said.roles == (("source", 0, 12),)
    found = label_candidates([detained, said], pipeline)
    [main] = [c for c in found if c.main and c.candidate.group == detained.text]
    sentence = main.candidate.sentence
    assert [sentence[a:b] for _, a, b in main.roles] == ["Police", "40 protesters"]
    [statement] = [c for c in found if c.main and c.candidate.group == said.text]
    assert statement.penta == 0 and statement.types is None
    path.write_text(json.dumps({"text": "Troops left.", "labels": ["RETREAT"],
                                "location": "Kabul"}) + "\n")
    with pytest.raises(ValueError, match="wire.jsonl:1: not in the text"):
        read_own(path)
    path.write_text(json.dumps({"text": "Troops left."}) + "\n")
    with pytest.raises(ValueError, match="no labels"):
        read_own(path)


def test_every_head_learns_and_the_frozen_layers_do_not(tmp_path):
    from tidings.training.coder import Settings, _network, _optimizer, base_encoder

    net = _network(base_encoder(tmp_path / "cache"))
    optimised = {id(p) for group in _optimizer(net, Settings()).param_groups
                 for p in group["params"]}
    learning = {name for name, p in net.named_parameters() if id(p) in optimised}
    assert {name.split(".")[0] for name in learning} == {"encoder", "heads", "role"}
    assert learning == {name for name, p in net.named_parameters() if p.requires_grad}
    assert not any(name.startswith(("encoder.embeddings.", "encoder.encoder.layer.0."))
                   for name in learning)


def _train(tmp_path: Path, data: Path, name: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tidings.cli", "train", "--set", "none", "--own", str(data),
         "--no-folds", "--epochs", "1", "--output", str(tmp_path / name)],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "TIDINGS_CACHE": str(tmp_path / "cache")})


def test_tidings_train_rebuilds_a_model_that_loads_and_same_seed_gives_same_bytes(tmp_path):
    lines = OWN.read_text(encoding="utf-8").splitlines()[::25]
    data = tmp_path / "mine.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = _train(tmp_path, data, "first")
    assert first.returncode == 0, first.stderr[-2000:]
    meta = json.loads((tmp_path / "first" / "meta.json").read_text())
    assert meta["training_sets"] == ["mine"] and meta["candidates"]["mine"] > 40
    [reading] = EventCoder(tmp_path / "first").read(
        [Candidate("Troops shelled the town.", 7, 14, "assault", "x")])
    assert math.isclose(sum(reading.types.values()), 1, rel_tol=1e-4)
    # the role head reads every piece of the sentence, "Troops" to "."
    pieces = reading.roles.spans.tolist()
    assert pieces[0] == [0, 6] and pieces[-1] == [23, 24]
    source, target = reading.roles.of(0, 6)
    assert 0 < source < 1 and 0 < target < 1 and source + target < 1
    second = _train(tmp_path, data, "second")
    assert second.returncode == 0, second.stderr[-2000:]
    assert (tmp_path / "first" / "model.onnx").read_bytes() == (
        tmp_path / "second" / "model.onnx").read_bytes()
