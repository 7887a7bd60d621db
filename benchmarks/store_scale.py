"""The store at scale: a million events, their file size, and the API's latency on them.

Real pipeline output is the seed: ``--articles`` news articles of the dev corpus are ingested
as a user would (``Store.ingest``), then replicated inside DuckDB until the store holds
``--events`` events: each copy gets new article, event and cluster ids, outlets and dates
shifted across ten years and places jittered, so filters, clusters and the timeline see a
spread like a real archive's. The server runs as a user starts it (``tidings serve``, its
own process, keeping no answers) and every common query is timed over HTTP on loopback.
Usage:

    python benchmarks/store_scale.py [--events 1000000] [--articles 100] [--repeat 20]
        [--db FILE (kept; default a temporary file)] [--json out/store_scale.json]
"""

from __future__ import annotations

import argparse
import math
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import httpx
from common import publish

from tidings.evaluate import data_file, markdown_table, read_jsonl, resolve_data_dir, to_article
from tidings.store import CLUSTER_FACTS, Store

CORPUS = "glocon_sample_docs.jsonl"
# The dashboard's first paint and the filters analysts use most.
QUERIES = {
    "events, newest first": "/events",
    "events in one month": "/events?date_from=2020-03-01&date_to=2020-03-31",
    "events of one type": "/events?event_type=ASSAULT",
    "events in one country": "/events?country=IND",
    "events of one actor": "/events?actor=IND",
    "text search": "/events?q=police",
    "stats (timeline)": "/stats",
    "stats, one country": "/stats?country=IND",
    "clusters": "/clusters",
    "map": "/map",
    "network": "/network",
}


def seed(db: Path, articles: int, data_dir: Path | None) -> tuple[int, float]:
    """Real pipeline output for ``articles`` articles; returns (events, seconds)."""
    from tidings.pipeline import Pipeline

    rows = read_jsonl(data_file(resolve_data_dir(data_dir), "dev", CORPUS), articles)
    news = []
    for i, row in enumerate(rows):  # the corpus has no dates or outlets: a week's news
        article = to_article(row)
        article.date = article.date or date(2020, 1, 1) + timedelta(days=i % 7)
        article.outlet = f"Outlet {i % 5}"
        news.append(article)
    started = time.perf_counter()
    with Store(db) as store:
        report = store.ingest(Pipeline(), news)
    return report.events, time.perf_counter() - started


def replicate(db: Path, target_events: int) -> float:
    """Copies of the seed, each a distinct set of articles, events and clusters."""
    started = time.perf_counter()
    with Store(db) as store:
        cur = store.cursor()
        seed_events = cur.execute("SELECT count(*) FROM events").fetchone()[0]
        copies = math.ceil(target_events / seed_events) - 1
        shifted = "(r * 37 % 3650)::INTEGER"  # days: copies spread over ten years
        cur.execute("BEGIN")
        cur.execute(f"""
            INSERT INTO articles SELECT article_id || '-' || r, content_hash || '-' || r,
                url || '?copy=' || r, title, outlet || ' ' || (r % 50),
                published + {shifted} - 1825, text, n_events, ingested_at,
                duplicate_of || '-' || r
            FROM (SELECT * FROM articles WHERE article_id NOT LIKE '%-%'), range(1, ?) t(r)
        """, [copies + 1])
        cur.execute(f"""
            INSERT INTO events SELECT * EXCLUDE (r) REPLACE (
                event_id || '-' || r AS event_id, article_id || '-' || r AS article_id,
                substr(md5(cluster_id || r), 1, 16) AS cluster_id,
                date + {shifted} - 1825 AS date,
                lat + (r % 97) / 970.0 AS lat, lon + (r % 89) / 890.0 AS lon)
            FROM (SELECT * FROM events WHERE event_id NOT LIKE '%-%'), range(1, ?) t(r)
        """, [copies + 1])
        cur.execute("""
            INSERT INTO entities SELECT * EXCLUDE (r) REPLACE (
                event_id || '-' || r AS event_id, article_id || '-' || r AS article_id)
            FROM (SELECT * FROM entities WHERE event_id NOT LIKE '%-%'), range(1, ?) t(r)
        """, [copies + 1])
        cur.execute("DELETE FROM clusters")  # as ingest keeps it, for every copy at once
        cur.execute("INSERT INTO clusters " + CLUSTER_FACTS.format(where="TRUE"))
        cur.execute("COMMIT")
        cur.execute("CHECKPOINT")
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build(db: Path, events: int, articles: int, data_dir: Path | None) -> dict:
    """A store of ``events`` events at ``db``, seeded from ``articles`` articles; what was
    built (seed, counts, seconds, file size)."""
    seeded, seed_seconds = seed(db, articles, data_dir)
    copy_seconds = replicate(db, events)
    with Store(db, read_only=True) as store:
        counts = store.counts()
    return {"seed": {"articles": articles, "events": seeded, "seconds": seed_seconds},
            "replicated_seconds": copy_seconds, "counts": counts,
            "file_mb": db.stat().st_size / 2**20}


@contextmanager
def serving(db: Path, *options: str) -> Iterator[str]:
    """``tidings serve`` on ``db`` with ``options``, as a user starts it (its own process),
    on a free loopback port; yields its base URL once it answers."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "tidings.cli", "serve", "--db", str(db),
                               "--port", str(port), *options],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(base + "/stats?date_from=1900-01-01&date_to=1900-01-02", timeout=120)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("tidings serve did not start") from None
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def time_queries(db: Path, repeat: int) -> dict[str, dict]:
    """p50/p95/max of each query against ``tidings serve`` (after one warm-up call), with
    no answer kept: each is DuckDB's work."""
    with (serving(db, "--answer-cache-mb", "0") as base,
          httpx.Client(base_url=base, timeout=120) as client):
        figures = {}
        for name, path in QUERIES.items():
            client.get(path).raise_for_status()
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                client.get(path).raise_for_status()
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            figures[name] = {
                "p50_ms": statistics.median(times),
                "p95_ms": times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)],
                "max_ms": times[-1]}
        return figures


def scale_arguments(description: str) -> argparse.ArgumentParser:
    """The options of a benchmark on a replicated store: its size, where it is kept, the
    gold data it is seeded from, and where the figures go."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--json", type=Path)
    return parser


def main() -> None:
    parser = scale_arguments(__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    db = args.db or Path(folder.name) / "scale.duckdb"
    result = {**build(db, args.events, args.articles, args.data_dir),
              "repeat": args.repeat, "queries": time_queries(db, args.repeat)}
    publish(result, format_markdown(result), args.json)


def format_markdown(result: dict) -> str:
    """What was built, and each query's latency, as a table."""
    seed, counts = result["seed"], result["counts"]
    return (f"Seed: {seed['articles']} articles ingested ({seed['events']} events, "
            f"{seed['seconds']:.0f} s), replicated in DuckDB to {counts['events']:,} events, "
            f"{counts['articles']:,} articles and {counts['clusters']:,} clusters in "
            f"{result['replicated_seconds']:.0f} s; file {result['file_mb']:.0f} MB. Each query "
            f"over HTTP on loopback against `tidings serve`, {result['repeat']} times after "
            "one warm-up call:\n\n" + markdown_table([
                {"query": name, "p50 ms": f"{q['p50_ms']:.0f}", "p95 ms": f"{q['p95_ms']:.0f}",
                 "max ms": f"{q['max_ms']:.0f}"} for name, q in result["queries"].items()])
            + "\n")


if __name__ == "__main__":
    main()
