"""Fitting the event-place choosers (:func:`tidings.geo.locate.locate_event`) on
``event_location_dev.jsonl``: sentences with an event's verb and the span of the place it
happened at, if the sentence gives one. Each sentence is one choice among its places
(:func:`tidings.geo.locate.place_options`) and "none of them"; the model is the same
conditional logit as the geo ranker's (:func:`tidings.training.geo_ranker.fit`), pulled to
hand-set weights that read the parse as the rules did. Folds are grouped by sentence.

The encoded chooser also weighs the shipped event coder's reading of the verb (the
candidate the pipeline gives it: the lexicon's event there, else the bare verb): each
place's last-layer vector and its product with the trigger mark's, and on "none" the mark's
own, standardised for the fit and pulled to zero by their own penalty, as the toponym
promoter's encoder dimensions are.
The coder never trained on ``event_location_dev``, so its vectors are no fold's secret.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from tidings.events.coder import FOLDS, fold_of
from tidings.geo.locate import (
    ENCODED_LOCATION_FEATURES,
    LOCATION_FEATURES,
    encoder_features,
    option_features,
    place_options,
)
from tidings.geo.ranker import ENCODER_WIDTH, Ranker
from tidings.training.geo_ranker import Example, fit

GOLD_SET = "event_location_dev"
# Hand-set weights: a firmly attached place beats "none", an unattached one does not, the
# finer and nearer of two attached places wins. Where fitting starts and what it is pulled to.
START = {"none": 1.0, "link_weight": 2.0, "attached": 2.0, "strong": 2.0, "unattached": -2.0,
         "own_clause": 1.0, "reference": -1.0, "frame": -0.5, "finest": 0.5,
         "nearest_in_tree": 0.5, "country": -0.5}


L2 = 1.0  # the pull to START: the data are plentiful and of the kind of news tidings reads
# The pull of the encoder's standardised dimensions to zero: the toponym promoter's, which
# also gave the best 5-fold accuracy of 150, 300, 600 and 1500 here (docs/models.md).
ENCODER_L2 = 300.0
ENCODER = slice(len(LOCATION_FEATURES), len(ENCODED_LOCATION_FEATURES))


def start_weights(features: tuple[str, ...] = LOCATION_FEATURES) -> np.ndarray:
    return np.array([START.get(name, 0.0) for name in features])


def read_examples(path: Path, nlp, log: Callable[[str], None] = print, encoder: bool = False
                  ) -> tuple[list[str], list[Example | None], np.ndarray | None]:
    """Each gold sentence's text and its choice (None where no option is right: a gold
    place the parse and the geoparser never offer). Sentences whose gold place is no name
    ("here", "the area": ``tidings eval``'s lost rows) are left out, as the scorer leaves
    them out. With ``encoder``, each option's row goes on with its encoder features, less
    their mean over every place read (:func:`encoder_features`), which comes third."""
    from tidings.evaluate import gold_spans, lost_span, overlaps, read_jsonl
    from tidings.geo import geoparse

    rows = read_jsonl(path)
    started = time.perf_counter()
    texts, found, read_at = [], [], []
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
        read_at.append((doc, verb, options))
    mean = None
    if encoder:
        found, mean = _with_encoder(found, read_at)
    log(f"read {len(found)} sentences of {path.name} in {time.perf_counter() - started:.0f} s "
        f"({sum(e is None for e in found)} with a gold place no option overlaps)")
    return texts, found, mean


def _with_encoder(found: list[Example | None], read_at: list
                  ) -> tuple[list[Example | None], np.ndarray]:
    """The examples with their encoder features (the shipped coder's reading of the verb's
    candidate), centred on their mean over every place read, and that mean."""
    from tidings.events.coder import EventCoder
    from tidings.events.extract import event_candidate, verb_candidate
    from tidings.model import Article
    from tidings.pipeline import Pipeline

    coder = EventCoder.load()
    if coder is None:
        raise RuntimeError("the encoded event-place chooser reads the event coder's encoder, "
                           "and no coder is shipped")
    pipeline = Pipeline(policy=None)
    candidates = []
    for doc, verb, _ in read_at:
        events, _ = pipeline.lexicon_events(doc, Article(text=doc.text))
        at_verb = [e for e in events
                   if e.trigger.start < verb.end_char and verb.start_char < e.trigger.end]
        candidates.append(event_candidate(at_verb[0], doc.text) if at_verb
                          else verb_candidate(verb.root, doc.text))
    readings = coder.read(candidates)
    if any(r.vectors is None for r in readings):
        raise RuntimeError("the shipped event coder does not expose its last layer")
    places = 2 * ENCODER_WIDTH
    raw = [encoder_features(verb.root, options, r.vectors, np.zeros(3 * ENCODER_WIDTH))
           for (_, verb, options), r in zip(read_at, readings, strict=True)]
    seen = np.concatenate([rows[1:, :places][np.any(rows[1:] != 0, axis=1)] for rows in raw])
    mean = np.concatenate([seen.mean(axis=0),
                           np.mean([rows[0, places:] for rows in raw], axis=0)])
    out: list[Example | None] = []
    for e, (_, verb, options), r in zip(found, read_at, readings, strict=True):
        if e is None:
            out.append(None)
            continue
        rows = encoder_features(verb.root, options, r.vectors, mean)
        out.append(Example(np.hstack([e.features, rows]), e.right))
    return out, mean


def accuracy(found: Sequence[Example | None], model: Ranker) -> float:
    """Share of sentences whose chosen option is right (those with no right option count
    as wrong, as ``tidings eval`` counts them)."""
    right = sum(bool(e.right[int(np.argmax(model.scores(e.features)))])
                for e in found if e is not None)
    return right / len(found) if found else 0.0


def train_chooser(data_file: Path, nlp, folds: bool = True,
                  log: Callable[[str], None] = print, encoder: bool = False) -> Ranker:
    """The event-place chooser (``encoder``: the encoded one) fitted on all of
    ``data_file``, with its fold models and their out-of-fold accuracy when ``folds``."""
    started = time.perf_counter()
    texts, found, mean = read_examples(data_file, nlp, log, encoder)
    features = ENCODED_LOCATION_FEATURES if mean is not None else LOCATION_FEATURES
    prior = start_weights(features)
    l2 = np.full(len(features), L2)
    scale = np.ones(len(features))
    if mean is not None:
        l2[ENCODER] = ENCODER_L2
        # each part's spread over the rows that carry it: the places', then "none"'s
        rows = [e.features[:, ENCODER] for e in found if e is not None]
        places = np.concatenate([r[1:, :2 * ENCODER_WIDTH] for r in rows])
        nones = np.array([r[0, 2 * ENCODER_WIDTH:] for r in rows])
        scale[ENCODER] = np.concatenate([places.std(axis=0), nones.std(axis=0)]) + 1e-6

    def fitted(rows: Sequence[Example | None]) -> Ranker:
        """Fitted on standardised encoder dimensions, so that one penalty suits them all;
        the weights then read them as they come."""
        standard = [Example(e.features / scale, e.right) for e in rows if e is not None]
        return Ranker(fit(standard, prior, prior, l2) / scale, {}, (), features)

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
    if mean is not None:
        meta["settings"]["encoder_l2"] = ENCODER_L2
        meta["encoder_mean"] = [round(float(x), 6) for x in mean]
    if folds:
        meta["cross_validated"] = {"set": GOLD_SET, "folds": FOLDS, "sentences": len(found),
                                   "accuracy": round(held_right / len(found), 4)}
    model = fitted(found)
    return Ranker(model.weights, meta, tuple(fold_models), features)
