"""Fitting the event-place chooser (:func:`tidings.geo.locate.locate_event`) on
``event_location_dev.jsonl``: sentences with an event's verb and the span of the place it
happened at, if the sentence gives one. Each sentence is one choice among its places
(:func:`tidings.geo.locate.place_options`) and "none of them"; the model is the same
conditional logit as the geo ranker's (:func:`tidings.training.geo_ranker.fit`), pulled to
hand-set weights that read the parse as the rules did. Folds are grouped by sentence.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from tidings.events.coder import FOLDS, fold_of
from tidings.geo.locate import LOCATION_FEATURES, option_features, place_options
from tidings.geo.ranker import Ranker
from tidings.training.geo_ranker import Example, fit

GOLD_SET = "event_location_dev"
# Hand-set weights: a firmly attached place beats "none", an unattached one does not, the
# finer and nearer of two attached places wins. Where fitting starts and what it is pulled to.
START = {"none": 1.0, "link_weight": 2.0, "attached": 2.0, "strong": 2.0, "unattached": -2.0,
         "own_clause": 1.0, "reference": -1.0, "frame": -0.5, "finest": 0.5,
         "nearest_in_tree": 0.5, "country": -0.5}


L2 = 1.0  # the pull to START: the data are plentiful and of the kind of news tidings reads


def start_weights() -> np.ndarray:
    return np.array([START.get(name, 0.0) for name in LOCATION_FEATURES])


def read_examples(path: Path, nlp, log: Callable[[str], None] = print
                  ) -> tuple[list[str], list[Example | None]]:
    """Each gold sentence's text and its choice (None where no option is right: a gold
    place the parse and the geoparser never offer). Sentences whose gold place is no name
    ("here", "the area": ``tidings eval``'s lost rows) are left out, as the scorer leaves
    them out."""
    from tidings.evaluate import gold_spans, lost_span, overlaps, read_jsonl
    from tidings.geo import geoparse

    rows = read_jsonl(path)
    started = time.perf_counter()
    texts, found = [], []
    for row, doc in zip(rows, nlp.pipe((r["text"] for r in rows), batch_size=64), strict=True):
        verbs = gold_spans(row, "VERB")
        verb = doc.char_span(*verbs[0], alignment_mode="expand") if verbs else None
        if verb is None:
            continue
        gold = gold_spans(row, "LOCATION")
        if any(lost_span(row["text"][a:b]) for a, b in gold):
            continue
        options = place_options(verb.root, geoparse(doc), [])
        right = np.array([not gold] + [any(overlaps((o.place.start, o.place.end), g)
                                           for g in gold) for o in options])
        texts.append(row["text"])
        found.append(Example(option_features(verb.root, options), right)
                     if right.any() else None)
    log(f"read {len(found)} sentences of {path.name} in {time.perf_counter() - started:.0f} s "
        f"({sum(e is None for e in found)} with a gold place no option overlaps)")
    return texts, found


def accuracy(found: Sequence[Example | None], model: Ranker) -> float:
    """Share of sentences whose chosen option is right (those with no right option count
    as wrong, as ``tidings eval`` counts them)."""
    right = sum(bool(e.right[int(np.argmax(model.scores(e.features)))])
                for e in found if e is not None)
    return right / len(found) if found else 0.0


def train_chooser(data_file: Path, nlp, folds: bool = True,
                  log: Callable[[str], None] = print) -> Ranker:
    """The event-place chooser fitted on all of ``data_file``, with its fold models and
    their out-of-fold accuracy when ``folds``."""
    started = time.perf_counter()
    texts, found = read_examples(data_file, nlp, log)
    prior = start_weights()

    def fitted(rows: Sequence[Example | None]) -> Ranker:
        return Ranker(fit([e for e in rows if e is not None], prior, prior, L2), {}, (),
                      LOCATION_FEATURES)

    fold_models, held_right = [], 0.0
    if folds:
        for k in range(FOLDS):
            held = [e for t, e in zip(texts, found, strict=True) if fold_of(t) == k]
            model = fitted([e for t, e in zip(texts, found, strict=True) if fold_of(t) != k])
            held_right += accuracy(held, model) * len(held)
            fold_models.append(model)
            log(f"fold {k}: {accuracy(held, model):.3f} of {len(held)} held-out sentences")
    meta = {
        "trained_on": [GOLD_SET],
        "data_sha256": hashlib.sha256(data_file.read_bytes()).hexdigest(),
        "settings": {"l2": L2, "prior": "hand-set (tidings/training/event_places.py)"},
        "train_seconds": round(time.perf_counter() - started),
    }
    if folds:
        meta["cross_validated"] = {"set": GOLD_SET, "folds": FOLDS, "sentences": len(found),
                                   "accuracy": round(held_right / len(found), 4)}
    model = fitted(found)
    return Ranker(model.weights, meta, tuple(fold_models), LOCATION_FEATURES)
