"""Training the shipped models (``tidings train``); the installed inference path never
imports this package's torch-based parts."""

from __future__ import annotations

import json
import pickle
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from tidings.events.coder import MODEL_DIR, sentence_key
from tidings.geo.gazetteer import cache_dir
from tidings.training.data import (
    GOLD_SETS,
    LabelledCandidate,
    data_hash,
    label_candidates,
    read_sources,
    source_files,
)

CV_DIR_NAME = "event_coder_cv"


def cv_dir() -> Path:
    """Where ``tidings train --folds`` keeps the fold models that ``tidings eval`` uses."""
    return cache_dir() / CV_DIR_NAME


def reading_hash(files: dict[str, Path]) -> str:
    """A hash of the training files, the lexicons and the code that reads them: what the
    candidates are (the pipeline's reading of the files), which the files' own hash
    (``data_sha256``) does not see change when the lexicon does."""
    from tidings.training.data import OWN_DATA_DIR

    package = OWN_DATA_DIR.parent.parent
    readers = [*sorted((package / "data").glob("[aeg]*/*")), *sorted(package.glob("**/*.py"))]
    return data_hash({**files, **{str(p): p for p in readers if p.is_file()}})


def candidates_for(files: dict[str, Path], reading: str, log=print, silver_roles: bool = False
                   ) -> list[LabelledCandidate]:
    """The labelled candidates of the training files, cached by their ``reading`` hash
    (:func:`reading_hash`) and whether other events get silver roles."""
    name = f"{reading[:16]}{'-silver' if silver_roles else ''}.pickle"
    path = cache_dir() / "coder_candidates" / name
    if path.exists():
        return pickle.loads(path.read_bytes())
    from tidings.pipeline import Pipeline

    started = time.perf_counter()
    texts = read_sources(files)
    log(f"reading {len(texts)} training texts with the lexicon (once; cached)...")
    found = label_candidates(texts, Pipeline(policy=None), silver_roles)
    log(f"  {len(found)} labelled candidates in {time.perf_counter() - started:.0f} s")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(found))
    return found


def train_coder(output: Path, data_dir: Path | None, gold_sets: Sequence[str] = GOLD_SETS,
                own: Sequence[Path] | None = None, folds: bool = True, seed: int = 0,
                epochs: int | None = None, unseen: Sequence[str] = (), log=print,
                silver_roles: bool = False) -> dict:
    """Train the event coder on our sentences and the gold *train* sets and save it to
    ``output``; with ``folds``, first the cross-validation models (see tidings.training.coder).
    ``unseen``: texts to keep out of training wherever they occur (a transfer check: the
    sentences of the set left out, which other sets may repeat). ``silver_roles``: an
    experiment (tidings.training.data). Returns the card."""
    from tidings.training import coder as trainer

    trainer.require_training_extra()
    started = time.perf_counter()
    files = source_files(data_dir, gold_sets, own)
    reading = reading_hash(files)
    candidates = candidates_for(files, reading, log, silver_roles)
    if unseen:
        keys = {sentence_key(text) for text in unseen}
        candidates = [c for c in candidates if sentence_key(c.candidate.group) not in keys]
    settings = trainer.Settings(seed=seed)
    if epochs:
        settings = replace(settings, epochs=epochs)
    encoder_dir = trainer.base_encoder(cache_dir())
    meta = trainer.card(settings, files, data_hash(files), candidates)
    meta["reading_sha256"] = reading  # the fold models carry it too
    if unseen:
        meta["unseen_texts"] = len(unseen)
    if silver_roles:
        meta["silver_roles"] = True
    if folds:
        logits, temperature = trainer.cross_validate(candidates, encoder_dir, settings,
                                                     cv_dir(), meta, log)
        meta["temperature"] = temperature
        meta["cross_validated"] = trainer.head_figures(candidates, logits)
        log(json.dumps(meta["cross_validated"], indent=1))
    log(f"training on all {len(candidates)} candidates...")
    net = trainer.fit(candidates, encoder_dir, settings, log)
    meta["train_seconds"] = round(time.perf_counter() - started)
    trainer.export(net, encoder_dir, output, meta)
    log(f"model saved to {output}")
    return meta


__all__ = ["MODEL_DIR", "cv_dir", "train_coder"]
