"""Every core, and Ray: the same articles through one pipeline, a pool of worker processes,
and Ray actors on a local Ray instance; wall time with start-up, and the speed-up over one
worker. Each engine gets its models loaded before the clock starts on the articles
(a warm-up article), so the figures compare steady throughput; start-up is reported apart.

One pipeline already uses every core of a 2-core machine (its parse runs ahead on a thread of
its own, its coder on onnxruntime's threads), so the speed-up of N workers over it
understates how the work scales; ``one-core`` is one pipeline held to one core (one coder
thread, no parse ahead), the baseline for that. Usage (on an otherwise idle
machine):

    python benchmarks/parallel.py [--limit 200] [--workers 2]
        [--engines one-core,local,pool,ray] [--json out/parallel.json]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from common import publish

from tidings.evaluate import data_file, markdown_table, read_jsonl, resolve_data_dir, to_article
from tidings.model import Article
from tidings.parallel import CHUNK, WorkerPool
from tidings.pipeline import Extractor

CORPUS = "glocon_sample_docs.jsonl"


def _engine(name: str, workers: int) -> Extractor:
    if name in ("local", "one-core"):
        from tidings.pipeline import Pipeline

        if name == "local":
            return Pipeline()
        from tidings.events.coder import MODEL_DIR, EventCoder

        os.environ["TIDINGS_CODER_THREADS"] = "1"  # read as this coder (not the cached one) loads
        try:
            return Pipeline(coder=EventCoder(MODEL_DIR), parse_ahead=False)
        finally:
            del os.environ["TIDINGS_CODER_THREADS"]
    if name == "pool":
        return WorkerPool(workers)
    from tidings.ray_pool import RayPool

    return RayPool(workers)


def _warm_up(engine: Extractor, workers: int) -> None:
    """Models loaded and lazy indexes built in every worker: two chunks each."""
    text = "Rebels attacked an army post near Idlib on Monday."
    articles = [Article(text=text, id=f"warm-{i}") for i in range(2 * CHUNK * workers)]
    list(engine.extract_many(articles))


def run(name: str, articles: list[Article], workers: int) -> dict:
    started = time.perf_counter()
    engine = _engine(name, workers)
    _warm_up(engine, workers)
    ready = time.perf_counter()
    events = sum(len(found) for _, found in engine.extract_many(articles))
    done = time.perf_counter()
    if hasattr(engine, "close"):
        engine.close()
    return {"engine": name, "workers": 1 if name in ("local", "one-core") else workers,
            "start_s": ready - started, "seconds": done - ready, "events": events,
            "articles_per_s": len(articles) / (done - ready)}


def run_apart(name: str, articles: list[Article], workers: int) -> dict:
    """``run`` in a fresh process: no engine finds the caches an earlier one warmed on the
    same articles (the gazetteer's lookups, the parse's vocabulary)."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as apart:
        return apart.submit(run, name, articles, workers).result()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engines", default="one-core,local,pool,ray")
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = read_jsonl(data_file(resolve_data_dir(args.data_dir), "dev", CORPUS), args.limit)
    articles = [to_article(row) for row in rows]
    results = {"meta": {"articles": len(articles), "cpus": os.cpu_count()},
               "runs": [run_apart(name, articles, args.workers)
                        for name in args.engines.split(",")]}
    publish(results, format_markdown(results), args.json)


def format_markdown(results: dict) -> str:
    """The runs as a table, with the speed-up over one pipeline and over one core."""
    runs = results["runs"]
    base = next((r["seconds"] for r in runs if r["engine"] == "local"), None)
    core = next((r["seconds"] for r in runs if r["engine"] == "one-core"), None)
    return (f"{results['meta']['articles']} articles (`{CORPUS}`), "
            f"{results['meta']['cpus']} CPUs; each engine's models loaded (and warmed up) "
            "before the clock starts on the articles.\n\n" + markdown_table([
                {"engine": r["engine"], "workers": r["workers"],
                 "start-up s": f"{r['start_s']:.1f}", "seconds": f"{r['seconds']:.1f}",
                 "articles/s": f"{r['articles_per_s']:.2f}",
                 "speed-up": f"{base / r['seconds']:.2f}x" if base else "-",
                 "over one core": f"{core / r['seconds']:.2f}x" if core else "-",
                 "events": r["events"]} for r in runs]) + "\n")


if __name__ == "__main__":
    main()
