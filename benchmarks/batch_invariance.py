"""How much the int8 event coder's reading of a candidate depends on the batch it is run in.

The coder reads each candidate alone (tidings/events/coder.py, ``EventCoder._run``): its
dynamically quantised model scales all of a run's activations with one scale, so a
candidate run in a batch is read in the light of its neighbours. This runs the first N
snippets of case2021_task2_even, their middle word marked, both ways (batches of 32 in
length order, as the coder did before, and one by one) and says how far the type
probabilities move and how many top types change.

Usage: python benchmarks/batch_invariance.py [--limit 200]   (under a minute)
"""

from __future__ import annotations

import argparse

import numpy as np

from tidings.evaluate import data_file, read_jsonl, resolve_data_dir
from tidings.events.coder import TYPE_LABELS, Candidate, EventCoder, softmax

BATCH = 32


def candidates(limit: int) -> list[Candidate]:
    rows = read_jsonl(data_file(resolve_data_dir(), "dev", "case2021_task2_even.jsonl"), limit)
    out = []
    for row in rows:
        text = row["text"][:300]
        words = text.split()
        start = text.index(words[len(words) // 2])
        end = start + len(words[len(words) // 2])
        out.append(Candidate(text, start, end, "no lexicon event", text))
    return out


def type_probabilities(coder: EventCoder, batch: list[list[int]]) -> np.ndarray:
    logits = coder.session.run(["type"], coder.encoding.batch(batch))[0]
    return softmax(logits, coder.temperature.get("type", 1.0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=200)
    args = parser.parse_args()
    coder = EventCoder.load()
    ids = [x for x, _ in coder.encoding.encode_spans(candidates(args.limit))]
    alone = np.vstack([type_probabilities(coder, [x]) for x in ids])
    batched = np.zeros_like(alone)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    for at in range(0, len(order), BATCH):
        rows = order[at:at + BATCH]
        batched[rows] = type_probabilities(coder, [ids[i] for i in rows])
    moved = np.abs(alone - batched).max(axis=1)
    changed = int((alone.argmax(axis=1) != batched.argmax(axis=1)).sum())
    print(f"{len(ids)} candidates, {len(TYPE_LABELS)} types: type probabilities moved by up "
          f"to {moved.max():.3f} (mean {moved.mean():.3f}); top type changed for {changed}")


if __name__ == "__main__":
    main()
