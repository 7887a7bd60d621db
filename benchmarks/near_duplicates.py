"""Near-duplicate search at scale: what linking copies adds to storing one article.

Every stored article costs a MinHash sketch of its text and one lookup of its LSH band keys
in ``article_bands``. The table is filled with the band keys of ``n`` stored articles
(random keys: what real ones look like to the lookup), then the sketch and the lookup of a
600-word article are timed, median of ``--repeat``. Usage:

    python benchmarks/near_duplicates.py [--sizes 10000 100000 1000000] [--json out.json]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import duckdb
from common import publish

from tidings import dedup
from tidings.evaluate import markdown_table
from tidings.store import Store

WORDS = ("the", "army", "said", "fighters", "attacked", "town", "on", "Tuesday", "killing",
         "four", "soldiers", "while", "officials", "and", "residents", "fled", "north")


def _median_ms(action, repeat: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(size: int, repeat: int, folder: Path) -> dict:
    path = folder / f"bands-{size}.duckdb"
    Store(path).close()  # the store's schema, article_bands with its index among it
    bands = dedup._bands()[0]
    with duckdb.connect(str(path)) as con:
        started = time.perf_counter()
        con.execute("INSERT INTO article_bands SELECT (hash(i) >> 1)::BIGINT, "
                    "printf('a%09d', i // ?) FROM range(0, ?) t(i)", [bands, size * bands])
        fill = time.perf_counter() - started
        text = " ".join(random.Random(size).choice(WORDS) for _ in range(600))
        sketch = dedup.sketch(text)
        return {"stored articles": size, "band rows": size * bands,
                "fill s": round(fill, 1),
                "sketch ms": round(_median_ms(lambda: dedup.sketch(text), repeat), 2),
                "lookup ms": round(_median_ms(lambda: dedup.original_of(con, sketch),
                                              repeat), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rows = [measure(size, args.repeat, Path(folder)) for size in args.sizes]
    publish(rows, format_markdown(rows), args.json)


def format_markdown(rows: list[dict]) -> str:
    return ("What linking wire copies adds to storing one article: a MinHash sketch of a "
            "600-word text and one lookup of its LSH band keys in `article_bands`, with that "
            "table holding the keys of the given number of stored articles (median):\n\n"
            f"{markdown_table(rows)}\n")


if __name__ == "__main__":
    main()
