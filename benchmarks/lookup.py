"""Gazetteer lookup time per name, on the names the geoparser looks up in real news.

The names are the distinct (name, fuzzy) calls ``geoparse`` makes to ``Gazetteer.lookup``
while reading the articles; each is then timed on a fresh Gazetteer (cold caches, as for
a name met the first time) and once more (warm, as for a name a text repeats). Usage:

    python benchmarks/lookup.py [--limit 300] [--json out/lookup.json]
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import time
from datetime import date
from pathlib import Path

from throughput import run_cli

from tidings.evaluate import data_file, markdown_table, read_jsonl, resolve_data_dir
from tidings.geo import Gazetteer, geoparse
from tidings.geo.gazetteer import normalise
from tidings.nlp import load_nlp

CORPUS = "glocon_sample_docs.jsonl"
BUDGET_MS = 1.0  # the target per name


def collect_names(texts: list[str], batch_size: int) -> list[tuple[str, bool]]:
    """The distinct (name, fuzzy) calls geoparse makes, in first-seen order; a lookup's own
    inner call (a state abbreviation looks up the state) is part of its cost, not a call."""
    gaz = Gazetteer.load()
    calls: dict[tuple[str, bool], None] = {}
    lookup, depth = gaz.lookup, 0

    def recording(name: str, fuzzy: bool = True) -> list:
        nonlocal depth
        if not depth:
            calls.setdefault((name, fuzzy))
        depth += 1
        try:
            return lookup(name, fuzzy)
        finally:
            depth -= 1

    gaz.lookup = recording  # this instance only; the library is untouched
    try:
        for doc in load_nlp().pipe(texts, batch_size=batch_size):
            geoparse(doc, gaz)
    finally:
        del gaz.lookup
    return list(calls)


def time_lookups(names: list[tuple[str, bool]]) -> tuple[float, list[float], list[float],
                                                         list[bool]]:
    """Milliseconds: the one-off fuzzy index build, then per name its first and repeat lookup,
    on a gazetteer sharing the loaded index but none of its caches; and per name whether the
    first lookup ran a fuzzy search (the slow path: it leaves an entry in the fuzzy cache)."""
    shared = Gazetteer.load()
    gaz = Gazetteer(shared.rows, shared.index)
    normalise.cache_clear()
    started = time.perf_counter()
    gaz.lookup("Qxzqxzqxz", fuzzy=True)  # builds the fuzzy index, as a process's first miss
    build_ms = 1000 * (time.perf_counter() - started)
    first, repeat, searched = [], [], []
    for times in (first, repeat):
        for name, fuzzy in names:
            cached = len(gaz._fuzzy_found)
            started = time.perf_counter()
            gaz.lookup(name, fuzzy)
            times.append(1000 * (time.perf_counter() - started))
            if times is first:
                searched.append(len(gaz._fuzzy_found) > cached)
    return build_ms, first, repeat, searched


def summary(first: list[float], repeat: list[float]) -> dict:
    """Distribution of first-lookup times against the budget; repeats by their mean."""
    if not first:
        return {"names": 0}
    ordered = sorted(first)
    return {"names": len(first), "mean_ms": statistics.fmean(first),
            "median_ms": statistics.median(first),
            "p95_ms": ordered[math.ceil(0.95 * len(ordered)) - 1],  # nearest rank
            "max_ms": ordered[-1], "over_budget": sum(t >= BUDGET_MS for t in first),
            "under_budget": sum(t < BUDGET_MS for t in first) / len(first),
            "repeat_mean_ms": statistics.fmean(repeat)}


def measure(limit: int | None, batch_size: int, data_dir: Path | None = None) -> dict:
    """Collect the names from the articles, time them cold and warm, summarise by path."""
    rows = read_jsonl(data_file(resolve_data_dir(data_dir), "dev", CORPUS), limit)
    names = collect_names([r["text"] for r in rows], batch_size)
    build_ms, first, repeat, searched = time_lookups(names)
    groups = {"all": summary(first, repeat)}
    for label, want in (("fuzzy search", True), ("no fuzzy search", False)):
        picked = [i for i, s in enumerate(searched) if s is want]
        groups[label] = summary([first[i] for i in picked], [repeat[i] for i in picked])
    meta = {"date": date.today().isoformat(), "articles": len(rows),
            "cpus": os.cpu_count(), "python": platform.python_version(),
            "budget_ms": BUDGET_MS, "fuzzy_index_build_ms": build_ms}
    return {"meta": meta, "lookups": groups}


def format_markdown(result: dict) -> str:
    """One row per path through lookup; the one-off fuzzy index build in the text."""
    meta = result["meta"]
    budget = f"{meta['budget_ms']:g}"
    rows = [{"lookups": label, "names": g["names"], "mean ms": g.get("mean_ms"),
             "median ms": g.get("median_ms"), "p95 ms": g.get("p95_ms"),
             "max ms": g.get("max_ms"), f"share < {budget} ms": g.get("under_budget"),
             f"names ≥ {budget} ms": g.get("over_budget"),
             "repeat mean ms": g.get("repeat_mean_ms")}
            for label, g in result["lookups"].items()]
    return (f"Distinct names `geoparse` looked up in {meta['articles']} articles, each timed "
            f"on a fresh gazetteer (first) and again (repeat); Python {meta['python']}, "
            f"{meta['cpus']} CPUs. The process's first fuzzy search also builds the fuzzy "
            f"index, once: {meta['fuzzy_index_build_ms']:,.0f} ms, not in the table.\n\n"
            f"{markdown_table(rows)}\n")


if __name__ == "__main__":
    run_cli(__doc__, measure, format_markdown)
