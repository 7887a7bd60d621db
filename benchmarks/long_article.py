"""One long article: the news corpus's first articles joined into one text of a given size,
read by a warm pipeline (`Pipeline.extract`), in its own process. Wall and CPU seconds,
peak RSS (of the whole process: models included) and where the time goes, so that anyone can
check the 200 KB article of issue 15 (< 10 s, < 800 MB).

    python benchmarks/long_article.py [--kb 200] [--json out/long_article.json]
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import time
from pathlib import Path

from common import publish

from tidings.evaluate import data_file, markdown_table, read_jsonl, resolve_data_dir

CORPUS = "glocon_sample_docs.jsonl"


def long_text(kb: int, data_dir: Path | None = None) -> tuple[str, int]:
    """The corpus's articles in order, joined by blank lines until the text holds ``kb``
    kilobytes; and how many went in."""
    parts, size = [], 0
    for row in read_jsonl(data_file(resolve_data_dir(data_dir), "dev", CORPUS)):
        parts.append(row["text"])
        size += len(row["text"].encode("utf-8")) + 2
        if size >= kb * 1000:
            break
    return "\n\n".join(parts), len(parts)


def read_once(text: str) -> dict:
    """A pipeline loaded and warmed on a short article, then the long one, timed, in a
    process set up as the command line's (no torch under spaCy)."""
    from tidings.torchless import keep_torch_from_thinc

    keep_torch_from_thinc()
    from tidings.model import Article
    from tidings.pipeline import Pipeline

    pipe = Pipeline(article_seconds=0)
    pipe.extract(Article("Rebels attacked an army post near Idlib on Monday."))
    pipe.stage_seconds.clear()
    wall, cpu = time.perf_counter(), time.process_time()
    events = pipe.extract(Article(text))
    return {"seconds": time.perf_counter() - wall, "cpu_seconds": time.process_time() - cpu,
            "events": len(events), "stages": dict(pipe.stage_seconds),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kb", type=int, default=200)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    text, articles = long_text(args.kb, args.data_dir)
    with multiprocessing.get_context("spawn").Pool(1) as apart:
        run = apart.apply(read_once, (text,))
    result = {"meta": {"kb": len(text.encode("utf-8")) / 1000, "articles": articles,
                       "characters": len(text)}, "run": run}
    publish(result, format_markdown(result), args.json)


def format_markdown(result: dict) -> str:
    meta, run = result["meta"], result["run"]
    stages = [{"stage": stage, "CPU seconds": f"{s:.2f}"}
              for stage, s in sorted(run["stages"].items(), key=lambda kv: -kv[1])]
    return (f"One article of {meta['kb']:.0f} KB ({meta['characters']:,} characters: the first "
            f"{meta['articles']} articles of `{CORPUS}` joined), warm pipeline: "
            f"{run['seconds']:.1f} s wall, {run['cpu_seconds']:.1f} CPU s, peak RSS "
            f"{run['peak_rss_mb']:.0f} MB, {run['events']} events.\n\n"
            f"{markdown_table(stages)}\n")


if __name__ == "__main__":
    main()
