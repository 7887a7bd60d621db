"""What the event coder adds to real news below a probability: the precision the gold sets
cannot show (each of their sentences tells an event, so any added event looks like a gain).

Reads the first articles of the news corpus (``glocon_sample_docs.jsonl``, no event gold)
with the shipped pipeline under a lower adding bar and lists the events the coder added
below the shipped bar (or below ``--ceiling``: 1 lists every added event), with a seeded
sample to read by hand. ``--start`` skips articles: the first 120 showed the verbs that
tidings/data/training/background.jsonl was written against, so the next 120 (``--start
120``) are the fair check of a coder trained on it. ``--statements`` lists the statements
that ``tidings extract --statements`` adds (from its bar up to ``--ceiling``) instead. Usage:

    python benchmarks/added_events.py [--bar 0.3] [--ceiling 0.5] [--start 0] [--limit 120]
        [--sample 25] [--statements]
"""

from __future__ import annotations

import argparse
import random

from tidings.evaluate import data_file, read_jsonl, resolve_data_dir, to_article
from tidings.events.policy import SHIPPED_POLICY, STATEMENT_POLICY, Policy
from tidings.model import STATEMENT
from tidings.pipeline import Pipeline

CORPUS = "glocon_sample_docs.jsonl"


def added_below(bar: float, ceiling: float, start: int, limit: int, statements: bool = False
                ) -> list[str]:
    """One line per event added at a probability from ``bar`` up to ``ceiling``: a PLOVER
    event, or with ``statements`` a statement at the ``--statements`` bar."""
    pipe = Pipeline(STATEMENT_POLICY if statements else Policy(add=bar, vouch=bar))
    lines = []
    for row in read_jsonl(data_file(resolve_data_dir(), "dev", CORPUS), start + limit)[start:]:
        for e in pipe.extract(to_article(row)):
            said = e.event_type == STATEMENT  # always added, with CAMEO 010
            added = said or e.cameo is None  # an added PLOVER event carries no CAMEO code
            if (e.typed_by == "model" and added and (e.type_score or 0) < ceiling
                    and said == statements):
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
    parser.add_argument("--statements", action="store_true",
                        help="list the statements --statements adds (its bar, not --bar)")
    args = parser.parse_args()
    lines = added_below(args.bar, args.ceiling, args.start, args.limit, args.statements)
    bar = STATEMENT_POLICY.statements if args.statements else args.bar
    kind = "statements" if args.statements else "events"
    print(f"{len(lines)} {kind} added at {bar} <= p < {args.ceiling} in {args.limit} "
          f"articles from number {args.start}; a sample of {min(args.sample, len(lines))}:")
    for line in random.Random(0).sample(lines, min(args.sample, len(lines))):
        print("-", line)


if __name__ == "__main__":
    main()
