"""Fitting the toponym promoter (:func:`tidings.geo.resolve.promotion_features`) on
``lgl.jsonl``: every name the geoparser finds but neither the NER tagged as a place nor
the promotion rules admit (a PERSON-, ORG- or NORP-tagged name the gazetteer knows, a
single word before an office, an untagged proper name) is one example, a place if it
overlaps a gold toponym. A logistic regression (the two-option case of
:func:`tidings.training.geo_ranker.fit`), pulled to hand-set weights that admit nothing.
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
from tidings.geo.ranker import PROMOTION_FEATURES, Ranker
from tidings.training.geo_ranker import GOLD_SET, Article, Example, fit, read_articles

# Hand-set weights: nothing beyond what the rules promote.
START = {"bias": -2.0}


L2 = 1.0  # the pull to START: 8,000 examples, and what they teach only adds to the rules


def start_weights() -> np.ndarray:
    return np.array([START.get(name, 0.0) for name in PROMOTION_FEATURES])


def examples(article: Article, ranker: Ranker) -> list[Example]:
    """The untagged names of an article, read with ``ranker``."""
    from tidings.geo.resolve import (
        _promote,
        country_votes,
        kept,
        promotion_features,
        read_mentions,
        settled,
    )

    mentions, support = read_mentions(article.doc, ranker=ranker)
    votes = country_votes(article.doc, mentions)
    out = []
    for m in mentions:
        if settled(m) or not kept(m) or _promote(m, votes, support):
            continue  # a place already, or never one
        gold = any(s < m.end and m.start < e for s, e, _, _ in article.toponyms)
        out.append(Example(promotion_features(article.doc, m, votes, support),
                           np.array([not gold, gold])))
    return out


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
    found = [e for rows in per_article for e in rows]
    prior = start_weights()
    fold_models, held_right, held_total = [], 0.0, 0
    if folds:
        folds_of = [fold_of(a.text) for a in articles]
        for k in range(FOLDS):
            train = [e for rows, f in zip(per_article, folds_of, strict=True) if f != k
                     for e in rows]
            held = [e for rows, f in zip(per_article, folds_of, strict=True) if f == k
                    for e in rows]
            model = Ranker(fit(train, prior, prior, L2), {}, (), PROMOTION_FEATURES)
            held_right += accuracy(held, model) * len(held)
            held_total += len(held)
            fold_models.append(model)
    meta = {
        "trained_on": [GOLD_SET],
        "data_sha256": hashlib.sha256(data_file.read_bytes()).hexdigest(),
        "settings": {"l2": L2, "prior": "the promotion rules (tidings/geo/resolve.py)"},
        "train_seconds": round(time.perf_counter() - started),
        "examples": len(found),
    }
    if folds:
        meta["cross_validated"] = {"set": GOLD_SET, "folds": FOLDS, "names": held_total,
                                   "accuracy": round(held_right / held_total, 4)
                                   if held_total else None}
    weights = fit(found, prior, prior, L2)
    log(f"fitted on {len(found)} untagged names of {len(articles)} articles")
    return Ranker(weights, meta, tuple(fold_models), PROMOTION_FEATURES)
