"""Transfer: for each gold training set, the event coder trained without it, scored on it.

Cross-validation scores a set on models that saw the rest of that same set; the figure that
predicts behaviour on news the project has never seen is this one. Each model trains on
our own sentences and the other gold sets, minus every text of the left-out set wherever
it recurs (plv_train repeats 539 sentences of conflibert_cameo_train), with the shipped
model's recipe and its calibration; the pipeline then runs with the shipped policy.
Lexicon-alone figures are given beside it.

Usage: python benchmarks/transfer.py [--retrain] [--limit N]   (about 20 min on 2 cores)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tidings.evaluate import (
    data_file,
    evaluate,
    markdown_table,
    read_jsonl,
    resolve_data_dir,
)
from tidings.events.coder import MODEL_DIR, EventCoder
from tidings.geo.gazetteer import cache_dir
from tidings.pipeline import Pipeline
from tidings.training import reading_hash, train_coder
from tidings.training.data import GOLD_SETS, source_files

HEADLINE = {"plv_train": ("macro_f1", "accuracy"),
            "conflibert_cameo_train": ("macro_f1", "accuracy"),
            "case2021_task2_even": ("recall", "false_event_rate", "acled_sub_event_accuracy")}


def run(retrain: bool = False, limit: int | None = None) -> list[dict]:
    data = resolve_data_dir()
    shipped = json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    lexicon = Pipeline(policy=None)
    table = []
    for held in GOLD_SETS:
        folder = cache_dir() / "transfer" / f"without-{held}"
        others = [s for s in GOLD_SETS if s != held]
        if retrain or not (folder / "model.onnx").exists():
            texts = [r["text"] for r in read_jsonl(data_file(data, "dev", f"{held}.jsonl"))]
            train_coder(folder, data, others, folds=False,
                        epochs=shipped["settings"]["epochs"], unseen=texts)
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            meta["temperature"] = shipped.get("temperature", {})  # the same recipe's
            (folder / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")
        coder = EventCoder(folder)
        for name, pipe in (("lexicon alone", lexicon),
                           ("coder trained without it", Pipeline(coder=coder))):
            result = evaluate(held, data, limit, pipe)
            setting = result["setting"]
            if pipe is not lexicon:
                setting += f"; {_provenance(folder, data, others)}"
            table.append({"set": held, "pipeline": name, "setting": setting,
                          **{k: result["figures"][k] for k in HEADLINE[held]}})
    return table


def _provenance(folder: Path, data: Path, gold_sets: list[str]) -> str:
    """What recipe a cached model was trained with, and whether on today's reading of its
    data (lexicons and code included), since without --retrain an older one is scored."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    today = reading_hash(source_files(data, gold_sets, None))
    read = "today's reading" if meta.get("reading_sha256") == today else "an older reading"
    return f"{meta['settings']['epochs']} epochs, {read} of its data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--retrain", action="store_true", help="train the models again")
    parser.add_argument("--limit", type=int, default=None, help="rows per dataset")
    args = parser.parse_args()
    table = run(args.retrain, args.limit)
    for held in GOLD_SETS:
        print(f"\n{held}:\n\n{markdown_table([r for r in table if r['set'] == held])}")


if __name__ == "__main__":
    main()
