"""Fitting the geo ranker (:mod:`tidings.geo.ranker`) on gold toponyms; numpy and scipy only.

The data are the articles of ``lgl.jsonl``: every toponym with its gold coordinates. Each
toponym the geoparser finds is one example: its candidates' features, and which of them
lie within 161 km of the gold point (the customary "right" radius; all of them count as
right, as ``tidings eval`` counts them). The model is a conditional logit (softmax over a
mention's candidates), fitted by L-BFGS with an L2 penalty that pulls the weights to
the hand-set ones the geoparser used before it learned: the data move a weight as far as
they give evidence for, and a feature LGL never shows (camps, ranges, the entity ruler's
Syrian towns) keeps what it was set to.

A candidate's context features are read from the other mentions' readings, which come from
the weights themselves; so fitting alternates: read the articles with the current weights,
fit new weights on what that reading gives, and again, from fixed starting weights (the
hand-set ones the geoparser used before it learned), so the result depends on the data
alone. Folds are grouped by article (:func:`tidings.events.coder.fold_of` of its text).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tidings.events.coder import FOLDS, fold_of
from tidings.geo.ranker import FEATURES, Ranker

GOLD_SET = "lgl"
RIGHT_KM = 161.0
# Penalty on the squared distance from START, against the sum of the losses: strong enough
# that lgl's US local news does not teach the ranker that a bare world capital or an Arabic
# transliteration (an alias match) is usually something else (at 1.0, "Colombo" went to
# Brazil and "Sana" to Peru in wire sentences; lgl's own 5-fold figures are the same).
L2 = 30.0
ITERATIONS = 3  # read-then-fit rounds; the weights settle after two
# The hand-set weights the geoparser used before it learned: where fitting starts, and what
# the penalty pulls to.
START = {
    "exact": 4.0, "alias": 3.2, "fuzzy_similarity": 2.0, "log_population": 0.4,
    "is_country": 2.0, "is_continent": 4.0, "is_capital": 0.8, "is_admin_seat": 0.4,
    "is_site": 1.4, "is_region_or_feature": 1.4, "namesake_division": -2.0, "ruler_id": 4.0,
    "town_cue_fits": 1.2,
    "town_cue_misfits": -2.0, "admin_cue_fits": 4.0, "admin_cue_country": -2.0,
    "camp_cue_fits": 4.0, "direction_admin1": 2.0, "focus": 4.8, "division": 8.0,
    "near": 8.0, "qualified": 6.0, "state_cue": 4.0, "focus_capital": 4.0,
}


@dataclass(frozen=True)
class Article:
    """One gold article: its text, its toponyms with coordinates (start, end, lat, lon),
    and the spans of all its toponyms (streets and sites too, which lgl gives no
    coordinates), parsed once."""

    text: str
    toponyms: list[tuple[int, int, float, float]]
    names: list[tuple[int, int]]
    doc: object  # spacy Doc


@dataclass(frozen=True)
class Example:
    """One choice: its options' features (a found toponym's candidates) and which of them
    are right."""

    features: np.ndarray  # (options × features)
    right: np.ndarray  # (options,) bool


def read_articles(path: Path, nlp, log: Callable[[str], None] = print) -> list[Article]:
    """The gold articles of ``lgl.jsonl``, parsed by the pipeline's spaCy model."""
    from tidings.evaluate import read_jsonl

    rows = read_jsonl(path)
    started = time.perf_counter()
    docs = nlp.pipe((r["text"] for r in rows), batch_size=32)
    articles = [Article(r["text"], [(t["start"], t["end"], t["lat"], t["lon"])
                                    for t in r["toponyms"] if t.get("lat") is not None],
                        [(t["start"], t["end"]) for t in r["toponyms"]], doc)
                for r, doc in zip(rows, docs, strict=True)]
    log(f"parsed {len(articles)} articles of {path.name} in "
        f"{time.perf_counter() - started:.0f} s")
    return articles


def examples(articles: Sequence[Article], ranker: Ranker) -> list[Example]:
    """The found toponyms of ``articles`` read with ``ranker``, as training examples: those
    with a right candidate and a choice to make."""
    from tidings.cluster import haversine_km
    from tidings.geo.resolve import read_mentions

    out = []
    for article in articles:
        mentions, _ = read_mentions(article.doc, ranker=ranker)
        for m in mentions:
            if len(m.candidates) < 2 or m.features is None:
                continue
            gold = next(((lat, lon) for s, e, lat, lon in article.toponyms
                         if s < m.end and m.start < e), None)
            if gold is None:
                continue
            right = np.array([haversine_km(*gold, c.lat, c.lon) <= RIGHT_KM
                              for c in m.candidates])
            if right.any() and not right.all():
                out.append(Example(m.features, right))
    return out


def fit(found: Sequence[Example], start: np.ndarray, prior: np.ndarray | None = None,
        l2: float | np.ndarray = L2) -> np.ndarray:
    """Weights that maximise the probability of the right options, less the penalty ``l2``
    (one for all weights, or one each) that pulls them to ``prior`` (default: the geo
    ranker's hand-set weights); fitting starts from ``start``. Any linear choice model: an
    example's rows are its options."""
    from scipy.optimize import minimize

    prior = start_weights() if prior is None else prior
    if not found:
        return start.copy()
    width = max(len(e.right) for e in found)
    x = np.zeros((len(found), width, len(prior)))
    valid = np.zeros((len(found), width), dtype=bool)
    right = np.zeros((len(found), width), dtype=bool)
    for i, e in enumerate(found):
        x[i, : len(e.right)], valid[i, : len(e.right)], right[i, : len(e.right)] = (
            e.features, True, e.right)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        scores = np.where(valid, x @ w, -np.inf)
        top = scores.max(axis=1, keepdims=True)
        exps = np.exp(scores - top)
        p = exps / exps.sum(axis=1, keepdims=True)
        q_mass = np.where(right, p, 0.0).sum(axis=1, keepdims=True)
        q = np.where(right, p, 0.0) / q_mass  # the probabilities among the right ones
        value = -np.log(q_mass).sum() + (l2 * (w - prior)) @ (w - prior) / 2
        grad = np.einsum("nk,nkf->f", p - q, x) + l2 * (w - prior)
        return float(value), grad

    result = minimize(loss, start, jac=True, method="L-BFGS-B",
                      options={"maxiter": 500, "gtol": 1e-6})
    return result.x


def start_weights() -> np.ndarray:
    return np.array([START.get(name, 0.0) for name in FEATURES])


def train(articles: Sequence[Article], log: Callable[[str], None] = print) -> np.ndarray:
    """Weights fitted on ``articles`` by alternating reading and fitting (see the module)."""
    weights = start_weights()
    for _ in range(ITERATIONS):
        found = examples(articles, Ranker(weights, {}))
        weights = fit(found, weights)
    log(f"  fitted on {len(found)} toponyms of {len(articles)} articles")
    return weights


def accuracy(articles: Sequence[Article], ranker: Ranker) -> tuple[int, int]:
    """Found gold toponyms whose likeliest reading is right, and found gold toponyms with a
    right candidate at all (the ranker's ceiling)."""
    right = total = 0
    for e in examples(articles, ranker):
        total += 1
        right += bool(e.right[int(np.argmax(ranker.scores(e.features)))])
    return right, total


def train_ranker(data_file: Path, nlp, folds: bool = True,
                 log: Callable[[str], None] = print) -> Ranker:
    """The geo ranker fitted on all of ``data_file``, with its fold models and their
    out-of-fold accuracy when ``folds``."""
    started = time.perf_counter()
    articles = read_articles(data_file, nlp, log)
    fold_models: list[Ranker] = []
    cv_right = cv_total = 0
    if folds:
        for k in range(FOLDS):
            held = [a for a in articles if fold_of(a.text) == k]
            log(f"fold {k}: {len(articles) - len(held)} articles to fit, {len(held)} held out")
            model = Ranker(train([a for a in articles if fold_of(a.text) != k], log), {})
            right, total = accuracy(held, model)
            cv_right, cv_total = cv_right + right, cv_total + total
            fold_models.append(model)
    log("all articles:")
    weights = train(articles, log)
    meta = {
        "trained_on": [GOLD_SET],
        "data_sha256": hashlib.sha256(data_file.read_bytes()).hexdigest(),
        "settings": {"l2": L2, "iterations": ITERATIONS, "right_km": RIGHT_KM},
        "train_seconds": round(time.perf_counter() - started),
    }
    if folds:
        meta["cross_validated"] = {
            "set": GOLD_SET, "folds": FOLDS,
            "ambiguous_toponyms": cv_total,
            "choice_accuracy": round(cv_right / cv_total, 4) if cv_total else None,
            "note": "found toponyms with 2+ candidates, one of them right: is the likeliest "
                    "right (tidings eval lgl gives acc@161km over all toponyms)",
        }
    return Ranker(weights, meta, tuple(fold_models))
