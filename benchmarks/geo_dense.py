"""How the geoparser's cost grows on long place-dense articles (issues 15 and 17), and where
it goes: the seed article grown with the fuzz benchmark's place-name dense sentences to each
size, parsed once, then `geoparse` timed (process CPU seconds) and profiled with cProfile.
The growth exponent k between two sizes is log(t2 / t1) / log(n2 / n1): 1 is linear.

    python benchmarks/geo_dense.py [--sizes 60000 120000 240000] [--top 6] [--json out.json]
"""

from __future__ import annotations

import argparse
import cProfile
import math
import pstats
import random
import time
from pathlib import Path

from common import publish
from fuzzed_articles import PLACES, SEED_ARTICLE, between_sentences

from tidings.geo import geoparse
from tidings.nlp import parse_long
from tidings.pipeline import Pipeline


def dense_article(size: int) -> str:
    """The seed article with sentences of 20 to 400 place names inserted until it has
    ``size`` characters; the same seed makes the same text, so sizes share their shape."""
    rng = random.Random(15)
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    while len(text) < size:
        places = ", ".join(rng.choice(PLACES) for _ in range(rng.randint(20, 400)))
        text = between_sentences(rng, text, f"Fighting spread to {places} on Monday.")
    return text


def measure(pipe: Pipeline, size: int, top: int) -> dict:
    """The geoparser's CPU seconds on one article of ``size`` characters, and the functions
    it spent the most time in (their own time, cProfile's tottime)."""
    doc = parse_long(pipe.nlp, dense_article(size))
    started = time.process_time()
    places = geoparse(doc, pipe.gazetteer)
    seconds = time.process_time() - started
    profile = cProfile.Profile()
    profile.runcall(geoparse, doc, pipe.gazetteer)
    stats = pstats.Stats(profile).stats
    costliest = sorted(stats.items(), key=lambda item: -item[1][2])[:top]
    return {"size": size, "chars": len(doc.text), "places": len(places), "seconds": seconds,
            "costliest": [{"function": f"{Path(file).name}:{name}", "calls": calls,
                           "seconds": own} for (file, _, name), (_, calls, own, _, _)
                          in costliest]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[60_000, 120_000, 240_000])
    parser.add_argument("--top", type=int, default=6, help="costliest functions shown")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    pipe = Pipeline()
    geoparse(pipe.nlp("Warm-up in Aleppo."), pipe.gazetteer)  # loads the geo models
    rows = [measure(pipe, size, args.top) for size in args.sizes]
    lines = ["| characters | places | geoparse CPU s | growth k | costliest (own s, calls) |",
             "| ---: | ---: | ---: | ---: | --- |"]
    for before, row in zip([None, *rows], rows, strict=False):
        k = (math.log(row["seconds"] / before["seconds"]) / math.log(row["chars"] / before["chars"])
             if before else None)
        costliest = "; ".join(f"{c['function']} {c['seconds']:.2f} s, {c['calls']:,}"
                              for c in row["costliest"])
        lines.append(f"| {row['chars']:,} | {row['places']:,} | {row['seconds']:.2f} | "
                     f"{'' if k is None else f'{k:.2f}'} | "
                     f"{costliest} |")
    publish(rows, "\n".join(lines), args.json)


if __name__ == "__main__":
    main()
