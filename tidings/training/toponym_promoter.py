"""Fitting the toponym promoter (:func:`tidings.geo.resolve.promotion_features`) on
``lgl.jsonl``: every name the geoparser finds but neither the NER tagged as a place nor
the promotion rules admit (a PERSON-, ORG- or NORP-tagged name the gazetteer knows, a
single word before an office, an untagged proper name) is one example, a place if it
overlaps a gold toponym. A logistic regression (the two-option case of
:func:`tidings.training.geo_ranker.fit`), pulled to hand-set weights that admit nothing.
Its inputs include the event coder's encoder's vector of the name among the words near it
(384 numbers, :func:`tidings.geo.resolve.name_vectors`), standardised for the fit and
pulled hard to zero (:data:`ENCODER_L2`): with 6,000 names, a weak pull let 384 weights learn
lgl's articles rather than what makes a name a place.
The rules stay: what they promote (a big city the NER calls a person, "shelled Kharkiv")
is rare in lgl's local news and common in conflict news, so lgl must not unlearn it. Each
article's features are read with the geo ranker's fold model that never saw it, so the
promoter learns from readings as good as those on unseen text. Folds are grouped by
article.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from tidings.events.coder import FOLDS, fold_of
from tidings.geo.ranker import ENCODER_WIDTH, PROMOTION_FEATURES, Ranker
from tidings.training.geo_ranker import GOLD_SET, Article, Example, fit, read_articles

# Hand-set weights: nothing beyond what the rules promote.
START = {"bias": -2.0}


L2 = 1.0  # the pull to START: 6,000 examples, and what they teach only adds to the rules
# The pull of the encoder's standardised dimensions to zero (5-fold on lgl, 2026-12-05:
# 100 admitted more names and more wrong ones, 1000 fewer right ones; docs/models.md).
ENCODER_L2 = 300.0
# The geoparser reads a name with the encoder only when its score without it lies within
# this quantile of how far the encoder moves the training names' scores (speed: most names
# are decided by their other features alone).
ENCODER_REACH = 0.95
ENCODER = slice(len(PROMOTION_FEATURES) - ENCODER_WIDTH, len(PROMOTION_FEATURES))


def start_weights() -> np.ndarray:
    return np.array([START.get(name, 0.0) for name in PROMOTION_FEATURES])


def examples(article: Article, ranker: Ranker) -> list[Example]:
    """The untagged names of an article, read with ``ranker``; their encoder vectors as
    they come (not centred)."""
    from tidings.geo.resolve import (
        _promote,
        country_votes,
        kept,
        name_vectors,
        promotion_features,
        read_mentions,
        settled,
    )

    mentions, support = read_mentions(article.doc, ranker=ranker)
    votes = country_votes(article.doc, mentions)
    asked = [m for m in mentions  # not a place already, nor never one
             if kept(m) and not settled(m) and not _promote(m, votes, support)]
    out = []
    for m, vector in zip(asked, name_vectors(article.doc, asked), strict=True):
        if vector is None:
            raise RuntimeError("the toponym promoter is fitted with the event coder's "
                               "encoder, and the shipped coder does not expose it")
        gold = any(s < m.end and m.start < e for s, e in article.names)
        out.append(Example(promotion_features(article.doc, m, votes, support, vector),
                           np.array([not gold, gold])))
    return out


def rescaled(found: Sequence[Example], mean: np.ndarray | float, scale: np.ndarray | float
             ) -> list[Example]:
    """The examples with the "place" option's encoder dimensions less ``mean``, divided by
    ``scale``; "keep out" stays all zeros."""
    out = []
    for e in found:
        features = e.features.copy()
        features[1, ENCODER] = (features[1, ENCODER] - mean) / scale
        out.append(Example(features, e.right))
    return out


def penalties() -> np.ndarray:
    l2 = np.full(len(PROMOTION_FEATURES), L2)
    l2[ENCODER] = ENCODER_L2
    return l2


def accuracy(found: Sequence[Example], model: Ranker) -> float:
    right = sum(bool(e.right[int(np.argmax(model.scores(e.features)))]) for e in found)
    return right / len(found) if found else 0.0


def train_promoter(data_file: Path, nlp, folds: bool = True,
                   log: Callable[[str], None] = print) -> Ranker:
    """The toponym promoter fitted on all of ``data_file``, with its fold models."""
    started = time.perf_counter()
    ranker = Ranker.load()
    articles = read_articles(data_file, nlp, log)
    honest = GOLD_SET in ranker.meta.get("trained_on", []) and ranker.folds
    per_article = [examples(a, ranker.fold(fold_of(a.text)) if honest else ranker)
                   for a in articles]
    # the encoder's mean and spread over every name: statistics of the text, not the gold
    vectors = np.array([e.features[1, ENCODER] for rows in per_article for e in rows])
    mean, scale = vectors.mean(axis=0), vectors.std(axis=0) + 1e-6
    per_article = [rescaled(rows, mean, 1.0) for rows in per_article]  # as geoparse reads
    found = [e for rows in per_article for e in rows]
    prior, l2 = start_weights(), penalties()

    def fitted(train: Sequence[Example]) -> Ranker:
        """Fitted with the encoder's dimensions standardised, so that one penalty suits
        them all; the weights then read centred vectors."""
        weights = fit(rescaled(train, 0.0, scale), prior, prior, l2)
        weights[ENCODER] /= scale
        return Ranker(weights, {}, (), PROMOTION_FEATURES)

    fold_models, held_right, held_total = [], 0.0, 0
    if folds:
        folds_of = [fold_of(a.text) for a in articles]
        for k in range(FOLDS):
            train = [e for rows, f in zip(per_article, folds_of, strict=True) if f != k
                     for e in rows]
            held = [e for rows, f in zip(per_article, folds_of, strict=True) if f == k
                    for e in rows]
            model = fitted(train)
            held_right += accuracy(held, model) * len(held)
            held_total += len(held)
            fold_models.append(model)
    meta = {
        "trained_on": [GOLD_SET],
        "data_sha256": hashlib.sha256(data_file.read_bytes()).hexdigest(),
        "settings": {"l2": L2, "encoder_l2": ENCODER_L2,
                     "prior": "the promotion rules (tidings/geo/resolve.py)"},
        "train_seconds": round(time.perf_counter() - started),
        "examples": len(found),
        "encoder_mean": [round(float(x), 6) for x in mean],
    }
    if folds:
        meta["cross_validated"] = {"set": GOLD_SET, "folds": FOLDS, "names": held_total,
                                   "accuracy": round(held_right / held_total, 4)
                                   if held_total else None}
    final = fitted(found)
    moves = np.abs([e.features[1, ENCODER] @ final.weights[ENCODER] for e in found])
    meta["encoder_reach"] = round(float(np.quantile(moves, ENCODER_REACH)), 3)
    log(f"fitted on {len(found)} untagged names of {len(articles)} articles")
    return Ranker(final.weights, meta, tuple(fold_models), PROMOTION_FEATURES)
