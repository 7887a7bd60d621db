"""The event coder's batches replayed with its helper thread spinning and asleep.

The pipeline reads news articles and keeps every batch it hands the coder; each setting
then reads them all, the two taking turns (so both see the same load), and the readings
are compared bit for bit. Usage:

    python benchmarks/coder_threads.py [--limit 300] [--rounds 3] [--json out/coder_threads.json]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort
from common import publish

from tidings.evaluate import data_file, markdown_table, read_jsonl, resolve_data_dir, to_article
from tidings.events.coder import MODEL_DIR
from tidings.pipeline import Pipeline

CORPUS = "glocon_sample_docs.jsonl"


def coder_batches(limit: int | None) -> list[dict[str, np.ndarray]]:
    """Every batch the coder reads in the first ``limit`` articles."""
    pipe = Pipeline()
    batches = []
    run = pipe.coder.session.run

    def keeping(names: list[str], feed: dict[str, np.ndarray]) -> list[np.ndarray]:
        batches.append(feed)
        return run(names, feed)

    pipe.coder.session.run = keeping
    rows = read_jsonl(data_file(resolve_data_dir(None), "dev", CORPUS), limit)
    for _ in pipe.extract_many([to_article(r) for r in rows]):
        pass
    return batches


def session(spinning: bool) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads, options.inter_op_num_threads = 2, 1
    options.add_session_config_entry("session.intra_op.allow_spinning", str(int(spinning)))
    return ort.InferenceSession(str(MODEL_DIR / "model.onnx"), options,
                                providers=["CPUExecutionProvider"])


def measure(limit: int | None, rounds: int) -> dict:
    batches = coder_batches(limit)
    sessions = {"spinning": session(True), "asleep": session(False)}
    names = [o.name for o in sessions["spinning"].get_outputs()]
    runs, readings = [], {}
    for turn in range(rounds):
        for setting, sess in sessions.items():
            cpu, wall = time.process_time(), time.perf_counter()
            readings[setting] = [sess.run(names, feed) for feed in batches]
            runs.append({"round": turn + 1, "helper thread": setting,
                         "wall s": time.perf_counter() - wall,
                         "CPU s": time.process_time() - cpu,
                         "load average": float(Path("/proc/loadavg").read_text().split()[0])})
    pairs = zip(readings["spinning"], readings["asleep"], strict=True)
    same = all(np.array_equal(a, b) for x, y in pairs for a, b in zip(x, y, strict=True))
    return {"articles": limit, "batches": len(batches), "identical": same, "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = measure(args.limit, args.rounds)
    publish(result, f"{result['batches']} batches of {result['articles']} articles, readings "
            f"identical: {result['identical']}\n\n{markdown_table(result['runs'])}", args.json)


if __name__ == "__main__":
    main()
