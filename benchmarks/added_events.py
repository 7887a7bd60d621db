"""What the event coder adds to real news below a probability: the precision the gold sets
cannot show (each of their sentences tells an event, so any added event looks like a gain).

Reads the first articles of the news corpus (``glocon_sample_docs.jsonl``, no event gold)
with the shipped pipeline under a lower adding bar and lists the events the coder added
below the shipped bar (or below ``--ceiling``: 1 lists every added event), with a seeded
sample to read by hand. ``--start`` skips articles: the first 120 showed the verbs that
tidings/data/training/background.jsonl was written against, so the next 120 (``--start
120``) are the fair check of a coder trained on it. Usage:

    python benchmarks/added_events.py [--bar 0.3] [--ceiling 0.5] [--start 0] [--limit 120]
        [--sample 25]
"""

from __future__ import annotations

import argparse
import random

from tidings.evaluate import data_file, read_jsonl, resolve_data_dir, to_article
from tidings.events.coder import SHIPPED_POLICY, Policy
from tidings.pipeline import Pipeline

CORPUS = "glocon_sample_docs.jsonl"


def added_below(bar: float, ceiling: float, start: int, limit: int) -> list[str]:
    """One line per event added at a probability from ``bar`` up to ``ceiling``."""
    pipe = Pipeline(Policy(add=bar, vouch=bar))
    lines = []
    for row in read_jsonl(data_file(resolve_data_dir(), "dev", CORPUS), start + limit)[start:]:
        for e in pipe.extract(to_article(row)):
            lexicon_had_it = e.cameo is not None  # an added event carries no CAMEO code
            if e.typed_by == "model" and not lexicon_had_it and (e.type_score or 0) < ceiling:
                sides = f"{[a.text for a in e.actor]} -> {[a.text for a in e.recipient]}"
                lines.append(f"{e.event_type} {e.trigger.text!r} at {e.type_score}: {sides} | "
                             + e.sentence.text[:160].replace("\n", " "))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bar", type=float, default=0.3)
    parser.add_argument("--ceiling", type=float, default=SHIPPED_POLICY.add)
    parser.add_argument("--start", type=int, default=0, help="articles to skip")
    parser.add_argument("--limit", type=int, default=120, help="articles")
    parser.add_argument("--sample", type=int, default=25)
    args = parser.parse_args()
    lines = added_below(args.bar, args.ceiling, args.start, args.limit)
    print(f"{len(lines)} events added at {args.bar} <= p < {args.ceiling} in {args.limit} "
          f"articles from number {args.start}; a sample of {min(args.sample, len(lines))}:")
    for line in random.Random(0).sample(lines, min(args.sample, len(lines))):
        print("-", line)


if __name__ == "__main__":
    main()
