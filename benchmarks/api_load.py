"""The API under load, on loopback: the common reads alone, and while extractions run.

A store is made from ``--articles`` news articles of the dev corpus; `tidings serve` runs
in its own process, as a user starts it. Each read is timed ``--requests`` times in a row,
first alone, then while ``--extractors`` clients keep POSTing /extract (a news article each
time). Usage:

    python benchmarks/api_load.py [--articles 100] [--requests 200] [--extractors 4]
        [--json out/api_load.json]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from common import publish
from store_scale import free_port, seed

from tidings.evaluate import data_file, markdown_table, read_jsonl, resolve_data_dir

READS = {"events": "/events", "stats": "/stats", "clusters": "/clusters", "map": "/map"}


def _percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _time_reads(client: httpx.Client, requests: int) -> dict[str, dict]:
    figures = {}
    for name, path in READS.items():
        client.get(path).raise_for_status()
        times = []
        started = time.perf_counter()
        for _ in range(requests):
            begun = time.perf_counter()
            client.get(path).raise_for_status()
            times.append((time.perf_counter() - begun) * 1000)
        figures[name] = {"req_per_s": requests / (time.perf_counter() - started),
                         "p50_ms": statistics.median(times), "p99_ms": _percentile(times, 0.99)}
    return figures


def measure(articles: int, requests: int, extractors: int, data_dir: Path | None) -> dict:
    texts = [row["text"][:4000] for row in read_jsonl(
        data_file(resolve_data_dir(data_dir), "dev", "glocon_sample_docs.jsonl"), 20)]
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "load.duckdb"
        events, _ = seed(db, articles, data_dir)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "tidings.cli", "serve", "--db", str(db), "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        stop = threading.Event()
        extracted = [0]

        def extract_forever(k: int) -> None:
            with httpx.Client(base_url=base, timeout=300) as client:
                while not stop.is_set():
                    client.post("/extract", json={"text": texts[(k + extracted[0]) % len(texts)]})
                    extracted[0] += 1

        try:
            with httpx.Client(base_url=base, timeout=300) as client:
                for _ in range(240):
                    try:
                        client.get("/stats").raise_for_status()
                        break
                    except httpx.TransportError:
                        time.sleep(0.5)
                client.post("/extract", json={"text": texts[0]})  # the pipeline loaded
                alone = _time_reads(client, requests)
                workers = [threading.Thread(target=extract_forever, args=(k,))
                           for k in range(extractors)]
                for worker in workers:
                    worker.start()
                time.sleep(1)
                busy = _time_reads(client, requests)
                stop.set()
                for worker in workers:
                    worker.join()
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {"articles": articles, "events": events, "requests": requests,
            "extractors": extractors, "extractions": extracted[0],
            "alone": alone, "during_extraction": busy}


def format_markdown(result: dict) -> str:
    rows = [{"read": name, "setting": setting,
             "req/s": f"{result[key][name]['req_per_s']:.0f}",
             "p50 ms": f"{result[key][name]['p50_ms']:.1f}",
             "p99 ms": f"{result[key][name]['p99_ms']:.1f}"}
            for name in READS
            for key, setting in (("alone", "alone"),
                                 ("during_extraction",
                                  f"{result['extractors']} clients extracting"))]
    return (f"A store of {result['articles']} articles ({result['events']} events); each read "
            f"{result['requests']} times in a row by one client on loopback, alone and while "
            f"{result['extractors']} other clients keep POSTing /extract "
            f"({result['extractions']} extractions meanwhile):\n\n{markdown_table(rows)}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--extractors", type=int, default=4)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = measure(args.articles, args.requests, args.extractors, args.data_dir)
    publish(result, format_markdown(result), args.json)


if __name__ == "__main__":
    main()
