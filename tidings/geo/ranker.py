"""Learned linear choices: which gazetteer candidate a toponym names (the geo ranker), and
which of a sentence's places an event happened at, if any (the event-place chooser).

Each candidate of a mention is described by a fixed list of features (:data:`FEATURES`):
how its name matches, its size and kind, what cue words around the mention say, and what
the document's other places say (the countries they lean to, the divisions they lie in,
the towns near them, an "X, Y" qualifier). A candidate's score is the dot product of its
features with the weights; a mention's candidates are read with the softmax of their
scores, so a reading's probability is calibrated by the training itself (a conditional
logit). The weights were hand-set once; they are now fitted on gold toponyms
(``tidings train --model geo-ranker``, :mod:`tidings.training.geo_ranker`) and ship as a
small JSON file with the card data, the weights of each cross-validation fold beside them
so that ``tidings eval lgl`` scores every article with weights that never saw it. The
event-place chooser (:mod:`tidings.geo.locate`) is the same kind of model over other
features, in its own file.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

MODELS = Path(__file__).resolve().parent.parent / "data" / "models"
RANKER_FILE = MODELS / "geo_ranker.json"

# What a candidate's own entry and the mention's cue words say (the same in every round).
OWN_FEATURES: tuple[str, ...] = (
    "exact",  # the name is the entry's name or an official form of it
    "alias",  # one of its alternate names
    "fuzzy_similarity",  # a close spelling: the similarity (0-1)
    "log_population",  # log10(population + 1)
    "is_country", "is_continent", "is_admin1", "is_admin2", "is_capital", "is_admin_seat",
    "is_site",  # a camp, base, border post or building
    "is_region_or_feature",  # a named region, range, sea, gulf, strait...
    "namesake_division",  # a division whose namesake town in it, or its country's capital,
    # is a candidate too
    "curated",  # one of tidings' curated entries (tidings/data/geo/additions.tsv)
    "ruler_id",  # the entity ruler tagged the mention with this very entry
    "town_cue_fits",  # "the village of X", "X town": a populated place
    "town_cue_misfits",  # ...and the entry is a division, country or region
    "admin_cue_fits",  # "X province", "the district of X": a division
    "admin_cue_country",  # ...and the entry is a country
    "camp_cue_fits",  # "X camp": a camp
    "direction_admin1",  # "northern X": a division more than a town
)
# What the document's other mentions say, read from their current readings.
CONTEXT_FEATURES: tuple[str, ...] = (
    "focus",  # the other mentions' share of readings in the entry's country
    "division",  # their share of readings in its first-level division
    "near",  # their share with a town or county reading within ~50 km
    "qualified",  # "Alexandria, Louisiana": the qualifier's division or country holds it
    "state_cue",  # the US states the text names ("the Texas Department of ...")
    "focus_capital",  # the capital of the country the document is most about
)
FEATURES: tuple[str, ...] = (*OWN_FEATURES, *CONTEXT_FEATURES)
# The width of the event coder's encoder (all-MiniLM-L6-v2): its last-layer vector of a
# name in its sentence is part of what the toponym promoter weighs.
ENCODER_WIDTH = 384
# What the toponym promoter weighs for a name the NER did not tag as a place and the
# promotion rules (resolve._promote) leave out.
PROMOTION_FEATURES: tuple[str, ...] = (
    "bias",
    "person", "org", "norp",  # what the NER took it for
    "cued", "coherent", "gazetteer_exact",
    "log_population", "town", "division", "country",  # its likeliest exact reading...
    "division_support",  # ...and the place entities' share in that reading's division
    *(f"reading_{name}" for name in CONTEXT_FEATURES),  # that reading's context features
    "after_of", "after_locative", "in_a_list", "before_county", "before_org_word",
    "all_caps", "sentence_start", "several_words",
    "inside_name",  # a place name inside a longer name the gazetteer does not hold
    "street",  # a street or numbered road's name ("Kelley Lane" tagged a person)
    "place_entity",  # the NER tagged it a place, but no gazetteer entry or cue backs it
    # the encoder's vector of the name in its sentence, less its mean over the training names
    *(f"encoder_{i}" for i in range(ENCODER_WIDTH)),
)


@dataclass(frozen=True)
class Ranker:
    """Weights over ``features`` (by default the geo ranker's :data:`FEATURES`); ``folds``
    are the cross-validation fold models."""

    weights: np.ndarray
    meta: dict
    folds: tuple[Ranker, ...] = ()
    features: tuple[str, ...] = FEATURES

    def scores(self, features: np.ndarray) -> np.ndarray:
        """Scores of the rows of a (candidates × features) matrix."""
        return features @ self.weights

    def fold(self, k: int) -> Ranker:
        """The model trained without fold ``k``."""
        return self.folds[k]

    @classmethod
    def from_dict(cls, data: dict, features: tuple[str, ...] = FEATURES,
                  model: str = "geo-ranker") -> Ranker:
        if tuple(data["features"]) != features:
            raise ValueError(f"{model}: its features are not this version's "
                             f"({data['features']} != {list(features)}); retrain it with "
                             f"tidings train --model {model}")
        meta = {k: v for k, v in data.items() if k not in ("weights", "folds", "features")}
        # the folds read their inputs as the model does (its encoder_mean, say)
        folds = tuple(cls(np.array(w, dtype=float), meta, (), features)
                      for w in data.get("folds", []))
        return cls(np.array(data["weights"], dtype=float), meta, folds, features)

    def to_dict(self) -> dict:
        return {**self.meta, "features": list(self.features),
                "weights": [round(float(w), 6) for w in self.weights],
                "folds": [[round(float(w), 6) for w in f.weights] for f in self.folds]}

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")

    @staticmethod
    def load(path: Path | None = None) -> Ranker:
        """The shipped geo ranker, or the one ``$TIDINGS_GEO_RANKER`` names."""
        return load_model(path or Path(os.environ.get("TIDINGS_GEO_RANKER") or RANKER_FILE),
                          FEATURES, "geo-ranker")


@cache
def load_model(path: Path, features: tuple[str, ...], model: str) -> Ranker:
    """A linear choice model saved by :meth:`Ranker.save`, read once per process."""
    try:
        return Ranker.from_dict(json.loads(path.read_text(encoding="utf-8")), features, model)
    except (OSError, ValueError, KeyError) as error:
        raise RuntimeError(f"tidings: cannot read the {model} model {path}: {error}") from None
