"""Start-up: the wall time of a one-sentence `tidings extract`, as a user waits for it.

Run as a fresh process each time, on a warm cache (the gazetteer already built), median of
``--repeat`` runs; once as installed, and once as the default install has it, without
torch (spaCy's thinc imports the train extra's torch whenever it is installed, about a
second, unless refused as the command line does: ``tidings.torchless``). Usage:

    python benchmarks/startup.py [--repeat 5] [--json out/startup.json]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import publish

from tidings.evaluate import markdown_table

SENTENCE = "Syrian rebels attacked government forces near Idlib on Saturday.\n"
# The CLI with torch hidden, as in an install without the train extra.
WITHOUT_TORCH = ("import sys; sys.modules['torch'] = None; from tidings.cli import app; "
                 "app()")


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def measure(repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        text = Path(folder) / "one.txt"
        text.write_text(SENTENCE, encoding="utf-8")
        args = ["extract", str(text), "--date", "2024-05-15", "--workers", "1"]
        runs = {"as installed": [sys.executable, "-m", "tidings.cli", *args],
                "without torch (default install)": [sys.executable, "-c", WITHOUT_TORCH,
                                                    *args]}
        wall(runs["as installed"])  # the cache warm
        return {"repeat": repeat, "runs": {
            name: statistics.median(wall(command) for _ in range(repeat))
            for name, command in runs.items()}}


def format_markdown(result: dict) -> str:
    return ("A one-sentence `tidings extract --workers 1`, a fresh process each time, warm "
            f"cache, median of {result['repeat']}:\n\n" + markdown_table(
                [{"run": name, "seconds": f"{s:.2f}"} for name, s in result["runs"].items()])
            + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = measure(args.repeat)
    publish(result, format_markdown(result), args.json)


if __name__ == "__main__":
    main()
