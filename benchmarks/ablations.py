"""What each optional piece of the event stage adds, measured on the event dev sets.

Runs the pipeline once per variant, in one process, and scores petr2, ConfliBERT and
CASE 2021 with the `tidings eval` scorers. Variants:

- ``full``: the pipeline as shipped;
- ``lexicon-only``: without the events the type model adds where the lexicon found none;
- ``model>=P``: with the type model adding events at probability P instead of the shipped
  threshold (``--thresholds``);
- ``no-fold`` / ``no-merge`` / ``no-combine``: without folding intentions into statements,
  without merging retold triggers, without both (tidings/events/combine.py);
- ``retype``: the shipped pipeline, then each event the type model doubts (its type < 0.05,
  the model's top type >= 0.5, ASSAULT never) re-typed to the model's top type.

Usage: python benchmarks/ablations.py [--limit N] [--thresholds 0.7,0.9] [--model DIR]
(docs/event-types.md quotes it)
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import tidings.events.extract as extract
from tidings.evaluate import (
    data_file,
    load_cameo2plover,
    markdown_table,
    read_jsonl,
    resolve_data_dir,
    score_case2021,
    score_conflibert,
    score_petr2,
    to_article,
)
from tidings.events.classifier import EventTypeModel
from tidings.events.extract import MODEL_THRESHOLD
from tidings.model import Event
from tidings.pipeline import Pipeline

VARIANTS = ("full", "lexicon-only", "no-fold", "no-merge", "no-combine", "retype")
FIGURES = {"petr2_gsr_validation": ("f1",), "conflibert_cameo_train": ("accuracy", "macro_f1"),
           "case2021_task2_even": ("recall", "false_event_rate")}


def _retyped(events: list[Event], pipe: Pipeline) -> list[Event]:
    """Events the type model doubts, given the model's top type instead."""
    if not events or pipe.type_model is None:
        return events
    sentences = sorted({e.sentence.text for e in events})
    scores = dict(zip(sentences, pipe.type_model.scores(sentences), strict=True))
    out = []
    for event in events:
        score = scores[event.sentence.text]
        top = max(score, key=score.get)
        if event.event_type != "ASSAULT" and score[event.event_type] < 0.05 and score[top] >= 0.5:
            event = replace(event, event_type=top, cameo=None, mode=None)
        out.append(event)
    return out


def _switch(variant: str) -> None:
    """Turn the combine rules on or off for a variant (they are looked up at call time)."""
    from tidings.events import combine

    extract.fold_intentions = (combine.fold_intentions if variant not in ("no-fold", "no-combine")
                               else lambda *args: None)
    extract.merge_retellings = (combine.merge_retellings
                                if variant not in ("no-merge", "no-combine")
                                else lambda *args: None)


def run(limit: int | None = None, thresholds: tuple[float, ...] = (),
        model: Path | None = None) -> list[dict]:
    data = resolve_data_dir()
    cameo2plover = load_cameo2plover(data_file(data, "reference", "CAMEO2PLOVER-2021.txt"))
    scorers = {"petr2_gsr_validation": lambda r, p: score_petr2(r, p, cameo2plover),
               "conflibert_cameo_train": score_conflibert, "case2021_task2_even": score_case2021}
    sets = {name: read_jsonl(data_file(data, "dev", f"{name}.jsonl"), limit) for name in FIGURES}
    pipe = Pipeline()
    if model is not None:
        pipe.type_model = EventTypeModel.load(model)
    table = []
    for variant in VARIANTS + tuple(f"model>={t}" for t in thresholds):
        _switch(variant)
        pipe.model_threshold = (None if variant == "lexicon-only" else
                                float(variant[7:]) if variant.startswith("model>=") else
                                MODEL_THRESHOLD)
        row: dict = {"variant": variant}
        for name, rows in sets.items():
            preds = [events for _, events in pipe.extract_many([to_article(r) for r in rows])]
            if variant == "retype":
                preds = [_retyped(events, pipe) for events in preds]
            figures = scorers[name](rows, preds).figures
            row |= {f"{name.split('_')[0]} {key}": round(figures[key], 3)
                    for key in FIGURES[name]}
        table.append(row)
    _switch("full")
    pipe.model_threshold = MODEL_THRESHOLD
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="rows per dataset")
    parser.add_argument("--model", type=Path, default=None,
                        help="an event-type model saved by `tidings train --output`")
    parser.add_argument("--thresholds", default="",
                        help="comma-separated probabilities for extra model>=P variants")
    args = parser.parse_args()
    thresholds = tuple(float(t) for t in args.thresholds.split(",") if t)
    print(markdown_table(run(args.limit, thresholds, args.model)))


if __name__ == "__main__":
    main()
