"""A trained event-type model beside the trigger lexicon.

Dictionaries alone plateau: they cannot tell "Arsenal's attack" from an attack, or notice a
CONCEDE phrased in words no rule lists. This spaCy ``textcat_multilabel`` model reads a
whole sentence and scores each of the 16 PLOVER types; a sentence it scores low on every
type probably reports no political event. It is trained only on sentences the project
writes and labels itself (``tidings/data/training/``: templated ``events.jsonl`` and
hand-written ``news.jsonl``), and the trained model
ships inside the package so that ``tidings extract`` needs no training step. Users retrain
it on their own JSONL with ``tidings train``.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from tidings.model import PLOVER_TYPES, Event

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# Templated sentences (events.jsonl) and hand-written news sentences (news.jsonl).
DEFAULT_DATA = (DATA_DIR / "training" / "events.jsonl", DATA_DIR / "training" / "news.jsonl")
DEFAULT_MODEL = DATA_DIR / "models" / "event_types"
HOLDOUT_PERCENT = 15
N_ITER = 12

# spaCy's ensemble: a bag of unigrams and bigrams beside a small CNN over word forms, affixes
# and shapes. Against the bag of words alone it scores higher on our held-out split (micro F1
# 0.99 vs 0.95) and, on unseen news, separates events from non-events better and is more
# often right when confident; it costs 4.3 MB and ~14k words/s (docs/event-types.md).
BOW = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False, "ngram_size": 2,
       "no_output_layer": False, "length": 2**15}
MODEL_CONFIG = {
    "@architectures": "spacy.TextCatEnsemble.v2",
    "linear_model": BOW,
    "tok2vec": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 64,
                  "rows": [2000, 2000, 500, 1000, 500],
                  "attrs": ["NORM", "LOWER", "PREFIX", "SUFFIX", "SHAPE"],
                  "include_static_vectors": False},
        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 64,
                   "window_size": 1, "maxout_pieces": 3, "depth": 2},
    },
}


def read_examples(paths: Sequence[Path]) -> list[tuple[str, list[str]]]:
    """``{"text": ..., "labels": [...]}`` per line of each file; an empty list means no
    political event. A sentence given twice is kept once (the first labels win)."""
    rows: dict[str, list[str]] = {}
    for path in paths:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            unknown = set(row["labels"]) - set(PLOVER_TYPES)
            if unknown:
                raise ValueError(f"{path}:{number}: not PLOVER types: {sorted(unknown)}")
            rows.setdefault(row["text"], list(row["labels"]))
    return list(rows.items())


def is_held_out(text: str) -> bool:
    """A fixed split by content hash: stable across runs, seeds and added examples."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 100 < HOLDOUT_PERCENT


def _make_doc(nlp: Language, text: str) -> Doc:
    # The bag of words hashes the exact token text: lowercase so that headlines match body text.
    return nlp.make_doc(text.lower())


def _fit(rows: list[tuple[str, list[str]]], seed: int, n_iter: int) -> Language:
    fix_random_seed(seed)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": MODEL_CONFIG})
    for label in PLOVER_TYPES:
        textcat.add_label(label)
    examples = [
        Example.from_dict(_make_doc(nlp, text),
                          {"cats": {t: float(t in labels) for t in PLOVER_TYPES}})
        for text, labels in rows
    ]
    optimizer = nlp.initialize(lambda: examples)
    order = random.Random(seed)
    for _ in range(n_iter):
        order.shuffle(examples)
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.2)
    return nlp


def evaluate(model: EventTypeModel, rows: list[tuple[str, list[str]]],
             threshold: float = 0.5) -> dict:
    """Micro P/R/F1 over (sentence, type) pairs, top-type accuracy on event sentences, and
    how often a no-event sentence gets some type above the threshold."""
    scores = model.scores([text for text, _ in rows])
    tp = fp = fn = top_right = events = none = none_fp = 0
    for (_, gold), score in zip(rows, scores, strict=True):
        predicted = {t for t, s in score.items() if s >= threshold}
        tp += len(predicted & set(gold))
        fp += len(predicted - set(gold))
        fn += len(set(gold) - predicted)
        if gold:
            events += 1
            top_right += max(score, key=score.get) in gold
        else:
            none += 1
            none_fp += bool(predicted)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "sentences": len(rows), "threshold": threshold,
        "micro_precision": round(precision, 3), "micro_recall": round(recall, 3),
        "micro_f1": round(f1, 3), "top_type_accuracy": round(top_right / max(events, 1), 3),
        "no_event_false_positive_rate": round(none_fp / max(none, 1), 3),
    }


def train(data: Sequence[Path] = DEFAULT_DATA, output: Path = DEFAULT_MODEL, seed: int = 0,
          n_iter: int = N_ITER) -> dict:
    """Fit on the training split and score the held-out split of the ``data`` files, then
    refit on all of it and save the model to ``output``. Same data and seed, same model."""
    started = time.perf_counter()
    rows = read_examples(data)
    train_rows = [row for row in rows if not is_held_out(row[0])]
    held_out = [row for row in rows if is_held_out(row[0])]
    metrics = evaluate(EventTypeModel(_fit(train_rows, seed, n_iter)), held_out)
    nlp = _fit(rows, seed, n_iter)
    metrics.update(train_sentences=len(train_rows), seed=seed, n_iter=n_iter,
                   data=[Path(path).name for path in data])
    nlp.meta.update(name="tidings_event_types", version="0.1.0",
                    description="PLOVER event types per sentence (tidings)",
                    performance={"held_out": metrics})
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    return {**metrics, "seconds": round(time.perf_counter() - started, 1)}


class EventTypeModel:
    """Scores sentences for the 16 PLOVER types (independent probabilities, not a softmax)."""

    def __init__(self, nlp: Language):
        self.nlp = nlp

    @classmethod
    def load(cls, path: Path | None = None) -> EventTypeModel | None:
        """The model at ``path`` (default: the one shipped in the package), loaded once per
        process; None when there is no model there, so callers fall back to the lexicon."""
        return _load(Path(path) if path else DEFAULT_MODEL)

    def scores(self, texts: list[str]) -> list[dict[str, float]]:
        """One {type: probability} per text, in order; batched like ``nlp.pipe``. An empty
        text scores 0 (the n-gram layer cannot take a document without tokens)."""
        scores = [dict.fromkeys(PLOVER_TYPES, 0.0) for _ in texts]
        filled = [i for i, text in enumerate(texts) if text]
        docs = self.nlp.pipe((_make_doc(self.nlp, texts[i]) for i in filled), batch_size=256)
        for i, doc in zip(filled, docs, strict=True):
            scores[i] = {t: doc.cats[t] for t in PLOVER_TYPES}
        return scores


@cache
def _load(path: Path) -> EventTypeModel | None:
    if not (path / "config.cfg").exists():
        return None
    return EventTypeModel(spacy.load(path))


def train_command(data: Sequence[Path] = DEFAULT_DATA, output: Path = DEFAULT_MODEL,
                  seed: int = 0) -> None:
    """Train the event-type model on JSONL files of {"text", "labels"} lines and save it.

    Without arguments this rebuilds the model shipped with tidings from the project's own
    training sentences. Labels are PLOVER types; [] marks a sentence with no political
    event. Prints the held-out scores (15 % of the data, split by content hash).
    """
    metrics = train(data, output, seed)
    print(json.dumps(metrics, indent=2))
    print(f"model saved to {output}")


def apply_type_scores(events: list[Event], model: EventTypeModel) -> None:
    """Give each event the model's probability for its type on its sentence.

    The score flags doubt but changes no event: re-typing the events the model doubts
    lowered CASE recall and turned clear cases wrong ("warned" -> ACCUSE, "fought" ->
    MOBILIZE), and a veto would drop real events the model misreads in long sentences
    (docs/event-types.md). Where the model does act is ``extract.model_events``: it adds
    the events of sentences the lexicon found nothing in.
    """
    sentences = sorted({e.sentence.text for e in events})
    by_sentence = dict(zip(sentences, model.scores(sentences), strict=True))
    for event in events:
        event.type_score = round(by_sentence[event.sentence.text][event.event_type], 3)
