"""How the pipeline's cost grows on text shaped to hurt it, so anyone can check it stays
near linear.

Shapes, each at three sizes (every size twice the one before, except the run-on text):
a list of country names separated by commas (the actor coder), the same sentence repeated (every
stage), a sentence naming many places (the geoparser), and one word repeated without a
full stop (the parser's sentence length). Each shape runs in its own child process, so
a crash or a hang is reported as such and the other shapes still run. The growth
exponent k between two sizes is log(t2 / t1) / log(n2 / n1): 1 is linear, 3 cubic.

    python benchmarks/pathological.py [--timeout 600] [--shape run-on] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import time
from datetime import date
from itertools import cycle, islice

PLACES = ["Kidal", "Gao", "Timbuktu", "Mopti", "Segou", "Sikasso", "Kayes", "Bamako",
          "Niamey", "Agadez", "Zinder", "Maradi", "Tahoua", "Dosso", "Ouagadougou",
          "Djibo", "Dori", "Kaya", "Fada N'gourma", "Bobo-Dioulasso"]


def comma_list(n: int) -> str:
    """n country names (repeating after the ~240 pycountry knows), as a list of envoys."""
    import pycountry

    countries = [c.name for c in pycountry.countries if "," not in c.name and "(" not in c.name]
    return (f"Officials from {', '.join(islice(cycle(countries), n))} and the United Nations "
            "condemned the attack on Monday.")


def repeated_sentences(n: int) -> str:
    return "Rebels attacked an army post near Kidal on Monday, killing four soldiers. " * n


def place_dense(n: int) -> str:
    return (f"Fighting spread on Monday to {', '.join(islice(cycle(PLACES), n))} and "
            "the border, officials said.")


def run_on(n: int) -> str:
    return "attack " * n


SHAPES = {
    "comma list of countries": (comma_list, [400, 800, 1600]),
    "repeated sentence": (repeated_sentences, [500, 1000, 2000]),
    "place-dense sentence": (place_dense, [500, 1000, 2000]),
    "run-on word ('attack ' * n)": (run_on, [20_000, 40_000, 140_000]),
}


def _time_shape(shape: str, sizes: list[int], out: multiprocessing.Queue) -> None:
    """Child: load the pipeline once, then time one extract per size, reporting each."""
    from tidings.model import Article
    from tidings.pipeline import Pipeline

    pipe = Pipeline()
    make = SHAPES[shape][0]
    for n in sizes:
        text = make(n)
        pipe.stage_seconds.clear()
        started = time.perf_counter()
        events = pipe.extract(Article(text=text, date=date(2024, 3, 6)))
        out.put({"size": n, "chars": len(text), "seconds": time.perf_counter() - started,
                 "events": len(events), "stages": dict(pipe.stage_seconds)})


def measure(shape: str, timeout: float) -> list[dict]:
    """One row per size; a size the child did not finish says why (crash or time-out)."""
    sizes = SHAPES[shape][1]
    queue: multiprocessing.Queue = multiprocessing.get_context("spawn").Queue()
    child = multiprocessing.get_context("spawn").Process(target=_time_shape,
                                                         args=(shape, sizes, queue))
    child.start()
    rows: list[dict] = []
    deadline = time.monotonic() + timeout
    while len(rows) < len(sizes):
        try:
            rows.append(queue.get(timeout=1))
            continue
        except Exception:  # queue.Empty: nothing yet
            pass
        if not child.is_alive() and queue.empty():
            failure = f"crashed (exit {child.exitcode})"
            break
        if time.monotonic() > deadline:
            child.kill()
            failure = f"timed out after {timeout:.0f} s"
            break
    else:
        failure = None
    child.join()
    return rows + [{"size": n, "failed": failure} for n in sizes[len(rows):]]


def growth(rows: list[dict]) -> list[float | None]:
    """The growth exponent from each size to the next."""
    out: list[float | None] = [None]
    for a, b in zip(rows, rows[1:], strict=False):
        ok = "seconds" in a and "seconds" in b and a["seconds"] > 0
        out.append(math.log(b["seconds"] / a["seconds"]) / math.log(b["size"] / a["size"])
                   if ok else None)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=600,
                        help="seconds per shape, model loading included")
    parser.add_argument("--shape", action="append",
                        help="only the shapes whose name contains this (repeatable)")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    results = {}
    print("| shape | size | characters | seconds | growth k | slowest stage |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for shape in SHAPES:
        if args.shape and not any(part in shape for part in args.shape):
            continue
        rows = measure(shape, args.timeout)
        results[shape] = rows
        for row, k in zip(rows, growth(rows), strict=True):
            if "failed" in row:
                print(f"| {shape} | {row['size']:,} | | {row['failed']} | | |", flush=True)
                continue
            stage, spent = max(row["stages"].items(), key=lambda item: item[1])
            print(f"| {shape} | {row['size']:,} | {row['chars']:,} | {row['seconds']:.2f} | "
                  f"{'' if k is None else f'{k:.2f}'} | {stage} {spent:.2f} s |", flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=1)


if __name__ == "__main__":
    main()
