"""The event-type model alone on the event dev sets: is its top type for a sentence right?

Scores each ConfliBERT sentence and CASE 2021 snippet with the model only (no lexicon) and
maps its highest-scoring PLOVER type to the gold classes: a ConfliBERT penta class through
``PLOVER_PENTA`` (REQUEST may also be class 0, appeals; CONCEDE also class 1, promises); a
CASE subtype through ``CASE_PLOVER`` (the disasters are the no-event snippets). Measuring
only: the dev sets are never training data.

Usage: python benchmarks/type_model.py [--model DIR] [--limit N]   (docs/event-types.md)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tidings.evaluate import (
    CASE_PLOVER,
    PLOVER_PENTA,
    data_file,
    markdown_table,
    read_jsonl,
    resolve_data_dir,
)
from tidings.events.classifier import EventTypeModel

# A top type may stand for more than its PLOVER_PENTA class: appeals are class 0, promises
# to concede (CAMEO 035) class 1.
PENTA_ALSO = {"REQUEST": {0}, "CONCEDE": {1}}


def _top(scores: dict[str, float]) -> tuple[str, float]:
    best = max(scores, key=scores.get)
    return best, scores[best]


def _auc(positives: list[float], negatives: list[float]) -> float | None:
    """The chance that a positive outscores a negative (ties count half)."""
    if not positives or not negatives:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def _share(right: list[bool]) -> float | None:
    return sum(right) / len(right) if right else None


def run(model: EventTypeModel, limit: int | None = None) -> list[dict]:
    data = resolve_data_dir()
    rows = {name: read_jsonl(data_file(data, "dev", f"{name}.jsonl"), limit)
            for name in ("conflibert_cameo_train", "case2021_task2_even")}
    conflibert = [(r["penta"], _top(s)) for r, s in zip(
        rows["conflibert_cameo_train"],
        model.scores([r["text"] for r in rows["conflibert_cameo_train"]]), strict=True)]
    right = [(gold in {PLOVER_PENTA[t]} | PENTA_ALSO.get(t, set()), p)
             for gold, (t, p) in conflibert]
    case = [(CASE_PLOVER.get(r["label"]), _top(s)) for r, s in zip(
        rows["case2021_task2_even"],
        model.scores([r["text"] for r in rows["case2021_task2_even"]]), strict=True)]
    events = [(t in accepted, p) for accepted, (t, p) in case if accepted]
    disasters = [p for accepted, (_, p) in case if accepted == ()]
    return [
        {"set": "conflibert_cameo_train", "measure": "top type in the gold penta class",
         "value": _share([ok for ok, _ in right]), "n": len(right)},
        {"set": "", "measure": "... where the top score >= 0.5",
         "value": _share([ok for ok, p in right if p >= 0.5]),
         "n": sum(p >= 0.5 for _, p in right)},
        {"set": "case2021_task2_even", "measure": "top type accepted for the subtype",
         "value": _share([ok for ok, _ in events]), "n": len(events)},
        {"set": "", "measure": "... where the top score >= 0.5",
         "value": _share([ok for ok, p in events if p >= 0.5]),
         "n": sum(p >= 0.5 for _, p in events)},
        {"set": "", "measure": "AUC of the top score, event snippets vs disasters",
         "value": _auc([p for _, p in events], disasters), "n": len(disasters)},
        {"set": "", "measure": "disasters with a top score >= 0.5",
         "value": _share([p >= 0.5 for p in disasters]), "n": len(disasters)},
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None,
                        help="an event-type model saved by `tidings train --output`")
    parser.add_argument("--limit", type=int, default=None, help="rows per dataset")
    args = parser.parse_args()
    model = EventTypeModel.load(args.model)
    if model is None:
        parser.error(f"no event-type model at {args.model}")
    print(markdown_table(run(model, args.limit)))


if __name__ == "__main__":
    main()
