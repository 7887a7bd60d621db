"""Who did what to whom in the events a sentence tells besides its main one.

The gold sets mark one event per sentence, so their role figures say nothing about the
others: "Rebels ambushed a convoy after government jets had bombed their camps" is scored on
the ambush only. ``asides.jsonl`` holds our own sentences (written by the tidings developers,
never trained on), each with one event marked by its trigger word, the PLOVER types that
fit it (null: none clearly does), and its source and target phrases (null: the sentence
names none); most are asides — a clause after
"after", a relative clause, a second coordinated clause.

Usage: python benchmarks/asides.py [--json PATH] [--errors]   (TIDINGS_CODER: another coder)
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from common import publish

from tidings.evaluate import count_roles, markdown_table, role_figures
from tidings.model import Article
from tidings.pipeline import Pipeline

ROWS = Path(__file__).with_name("asides.jsonl")


def run(show_errors: bool = False) -> dict:
    rows = [json.loads(line) for line in ROWS.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    pipe = Pipeline()
    counts: Counter = Counter()
    found = typed = typed_right = 0
    for row in rows:
        events = pipe.extract(Article(text=row["text"]))
        event = next((e for e in events if e.trigger.text == row["trigger"]), None)
        found += event is not None
        if row["types"]:
            typed += 1
            typed_right += event is not None and event.event_type in row["types"]
        count_roles(counts, row["text"], [("S", row["source"] or ""),
                                          ("T", row["target"] or "")], event)
        if show_errors:
            got = ("no event" if event is None else f"{event.event_type} "
                   f"{[a.text for a in event.actor]} -> {[a.text for a in event.recipient]}")
            print(f"{row['trigger']}: gold {row['types']} {row['source']} -> {row['target']};"
                  f" ours {got}")
    figures = role_figures(counts)
    return {"rows": len(rows), "event_found": found / len(rows),
            "type_right": typed_right / typed,
            **{k: figures[k] for k in ("S_text_match", "T_text_match", "S_span_f1",
                                       "T_span_f1")}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--errors", action="store_true", help="print each row's parties")
    args = parser.parse_args()
    result = run(args.errors)
    publish(result, markdown_table([{k: round(v, 3) if isinstance(v, float) else v
                                     for k, v in result.items()}]), args.json)


if __name__ == "__main__":
    main()
