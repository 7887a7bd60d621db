"""Fuzzed variants of real articles, each run on its own through `tidings extract`, to
count what crashes or runs past a time limit (issue 17: "fuzzed articles that crash or
exceed 60 s").

The articles are read at run time from ../shared (the glocon dev sample and the seed
article), never copied. Variant i is made by one mutation operator from a generator
seeded with i, so any subset (--limit, --operator) makes the same texts as a full run.
Each variant is written to a temporary .jsonl, .txt or .html file and run as its own
process, `tidings extract --workers 1 FILE`. The limit, --timeout (60 s), is on the
process's CPU time (the kernel stops it there, SIGXCPU), so that a machine shared with
other work does not turn slowness lent to others into time-outs; on an idle machine a
one-worker run's wall time is at most about its CPU time. --wall-timeout catches a hang
that spends no CPU.

An outcome is one of: ok (exit 0); refused (exit 2 or 3 with every skipped record named
with a reason, as docs/RELIABILITY.md documents); crashed (a traceback, any other exit
code, or an article a stage raised on: "could not be coded"); timeout.

    python benchmarks/fuzzed_articles.py [--limit 40] [--operator dates] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from common import publish

from tidings.evaluate import data_file, markdown_table, read_jsonl, resolve_data_dir

CORPUS = "glocon_sample_docs.jsonl"
SEED_ARTICLE = resolve_data_dir().parent / "seed" / "turkey-arms-syrian-rebels.txt"
VARIANTS = 300
OUTCOMES = ["ok", "refused", "crashed", "timeout"]
HUGE_CHARS = 1_200_000
PLACES = ["Kidal", "Gao", "Timbuktu", "Mopti", "Aleppo", "Idlib", "Raqqa", "Homs", "Kabul",
          "Kandahar", "Herat", "Mosul", "Kirkuk", "Basra", "Mogadishu", "Kismayo", "Goma",
          "Bunia", "Juba", "Malakal", "Sanaa", "Aden", "Taiz", "Donetsk", "Kharkiv", "Kherson",
          "Mariupol", "Gaza", "Rafah", "Jenin", "Maiduguri", "Kano", "Niamey", "Agadez",
          "Ouagadougou", "Djibo", "Tripoli", "Benghazi", "Misrata", "Springfield", "Paris",
          "Georgia", "Jordan", "Chad", "Victoria", "Washington", "Santa Cruz", "San Jose"]
ACTORS = ["the police", "rebels", "soldiers", "Hamas", "the Taliban", "the United Nations",
          "NATO", "protesters", "the government of Mali", "Russian forces", "al-Shabaab",
          "Boko Haram", "the European Union", "Kurdish fighters", "the army", "Hezbollah",
          "students", "farmers", "President Biden", "Vladimir Putin", "Ukraine", "France",
          "Turkey", "Iran", "Israel", "Syria", "the Red Cross", "militants", "the FARC"]
ABSURD_DATES = ["on 31 February 99999", "in the year 9437", "on 0000-00-00", "on 32/13/2024",
                "on 1 January 0001", "on 9999-12-31", "in 10000 BC", "on 29 February 2023",
                "by the year 1000000", "on Monday 99 March", "in 1e400", "on 12/31/99999",
                "in the 99999th century", "since 0 AD", "until December 32, 2024"]
ODD_CHARACTERS = ["\u200f", "\u200e", "\u202e", "\u202d", "\u2066", "\u2069", "\u200b",
                  "\u200c", "\u200d", "\ufeff", "\u2060", "\u0301", "\u0336", "\u0489",
                  "\u0300\u0301\u0302\u0303\u0304\u0305", "\U0001f4a5", "\U0001f525",
                  "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f1fa\U0001f1e6",
                  "\u00a0", "\u2028", "\u2029", "\u0085", "\ufffd", "\U000e0041", "\u3000",
                  "\ua9c1", "\u0e4e", "\u05d0", "\u0627\u0644", "\U0001d400", "\u2603"]
HTML_FRAGMENTS = ["<script>alert('x')</script>", "<div class=\"ad\">", "</div>", "<br>",
                  "<p>", "&nbsp;", "&amp;amp;", "&#0;", "&#x110000;", "<!-- comment -->",
                  "<![CDATA[ killed 5 ]]>", "<a href='javascript:void(0)'>", "<img src=x",
                  "<table><tr><td>", "<style>p{}</style>", "&lt;b&gt;", "<?xml ?>", "</p"]
CONTROL_CHARACTERS = [chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127, 0x80, 0x9f]]
CONTROL_CHARACTERS += ["\r", "\r\n\r", "\t\t\t"]


@dataclass
class Variant:
    index: int
    operator: str
    suffix: str
    text: str
    article: str


@dataclass
class Outcome:
    index: int
    operator: str
    suffix: str
    chars: int
    article: str
    outcome: str
    exit_code: int | None
    seconds: float
    cpu_seconds: float
    events: int
    stderr_tail: str


def read_articles() -> list[tuple[str, str]]:
    """(id, text) of every article long enough to mutate: the glocon sample, the seed."""
    rows = read_jsonl(data_file(resolve_data_dir(), "dev", CORPUS))
    articles = [(str(row["id"]), row["text"]) for row in rows if len(row["text"]) >= 400]
    if SEED_ARTICLE.exists():
        articles.append(("seed", SEED_ARTICLE.read_text(encoding="utf-8")))
    return articles


def sprinkle(rng: random.Random, text: str, pieces: list[str], count: int) -> str:
    """``count`` pieces inserted at random places (mid-word included)."""
    positions = sorted(rng.randrange(len(text) + 1) for _ in range(count))
    out, last = [], 0
    for position in positions:
        out += [text[last:position], rng.choice(pieces)]
        last = position
    return "".join(out) + text[last:]


def between_sentences(rng: random.Random, text: str, insert: str) -> str:
    """``insert`` as a sentence of its own after a random full stop."""
    stops = [i + 1 for i, c in enumerate(text) if c == "."] or [len(text)]
    at = rng.choice(stops)
    return f"{text[:at]} {insert} {text[at:]}"


def repeat_to(text: str, size: int) -> str:
    return (text + "\n\n") * (size // (len(text) + 2) + 1)


def lone_surrogates(rng: random.Random, text: str) -> str:
    surrogates = [chr(c) for c in (0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xD83D, 0xDE00)]
    return sprinkle(rng, text, surrogates, rng.randint(1, 20))


def long_digits(rng: random.Random, text: str) -> str:
    def number() -> str:
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(20, 400)))
        return rng.choice([f"killing {digits} people", f"${digits}", f"{digits} troops",
                           f"in {digits}", digits, f"{digits[:3]},{digits[3:]}",
                           f"{digits}.{digits[:5]}%", f"on {digits} March"])
    for _ in range(rng.randint(1, 6)):
        text = between_sentences(rng, text, f"Officials said {number()}.")
    return text


def absurd_dates(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 5)):
        text = between_sentences(rng, text, f"Rebels attacked the town {rng.choice(ABSURD_DATES)}.")
    return text


def huge_repetition(rng: random.Random, text: str) -> str:
    return repeat_to(text, rng.randint(45_000, 100_000))


def place_dense(rng: random.Random, text: str) -> str:
    size = rng.randint(45_000, 100_000)
    while len(text) < size:
        places = ", ".join(rng.choice(PLACES) for _ in range(rng.randint(20, 400)))
        text = between_sentences(rng, text, f"Fighting spread to {places} on Monday.")
    return text


def actor_list(rng: random.Random, text: str) -> str:
    names = ", ".join(rng.choice(ACTORS) for _ in range(rng.randint(100, 1200)))
    return between_sentences(rng, text, f"Envoys of {names} and Egypt condemned the attack.")


def random_unicode(rng: random.Random, text: str) -> str:
    return sprinkle(rng, text, ODD_CHARACTERS, rng.randint(5, max(6, len(text) // 20)))


def html_fragments(rng: random.Random, text: str) -> str:
    return sprinkle(rng, text, HTML_FRAGMENTS, rng.randint(3, 60))


def control_characters(rng: random.Random, text: str) -> str:
    return sprinkle(rng, text, CONTROL_CHARACTERS, rng.randint(3, max(4, len(text) // 30)))


def truncated(rng: random.Random, text: str) -> str:
    """Cut mid-word, anywhere from the second character on."""
    cut = rng.randint(2, len(text) - 1)
    while cut < len(text) - 1 and not text[cut - 1].isalnum():
        cut += 1
    return text[:cut]


def recased(rng: random.Random, text: str) -> str:
    return text.upper() if rng.random() < 0.5 else text.lower()


def mixed(rng: random.Random, text: str) -> str:
    """Three of the cheap operators, one after another."""
    for operator in rng.sample(CHEAP, 3):
        text = operator(rng, text)
    return text


def huge(rng: random.Random, text: str) -> str:
    return repeat_to(text, HUGE_CHARS)[:HUGE_CHARS]


CHEAP: list[Callable[[random.Random, str], str]] = [
    lone_surrogates, long_digits, absurd_dates, actor_list, random_unicode, html_fragments,
    control_characters, truncated, recased]
OPERATORS: dict[str, Callable[[random.Random, str], str]] = {
    "lone surrogates": lone_surrogates, "long digit strings": long_digits,
    "absurd dates": absurd_dates, "repeated to 45-100 KB": huge_repetition,
    "place-name dense": place_dense, "comma actor list": actor_list,
    "odd Unicode": random_unicode, "HTML fragments": html_fragments,
    "control characters": control_characters, "truncated mid-word": truncated,
    "all caps / lowercase": recased, "three mixed": mixed}


def make_variant(index: int, articles: list[tuple[str, str]]) -> Variant:
    """Variant ``index``: the same text whatever else is made. The last one is the 1.2 MB
    text; the others take the operators in turn."""
    rng = random.Random(index)
    article_id, text = rng.choice(articles)
    if index == VARIANTS - 1:
        name, operator = "1.2 MB text", huge
    else:
        name = list(OPERATORS)[index % len(OPERATORS)]
        operator = OPERATORS[name]
    mutated = operator(rng, text)
    if any("\ud800" <= c <= "\udfff" for c in mutated):
        suffix = ".jsonl"  # a lone surrogate has no UTF-8 bytes: it comes as a JSON escape
    elif name == "HTML fragments":
        suffix = rng.choice([".jsonl", ".html"])
    else:
        suffix = rng.choice([".jsonl", ".txt"])
    return Variant(index, name, suffix, mutated, article_id)


def write_variant(variant: Variant, folder: Path) -> Path:
    path = folder / f"variant-{variant.index:03d}{variant.suffix}"
    if variant.suffix == ".jsonl":
        record = {"id": f"fuzz-{variant.index}", "text": variant.text, "date": "2024-03-06"}
        path.write_text(json.dumps(record) + "\n", encoding="ascii")
    elif variant.suffix == ".html":
        page = (f"<html><head><title>Fuzz {variant.index}</title></head><body><article>"
                f"<h1>Fuzz {variant.index}</h1><p>{variant.text}</p></article></body></html>")
        path.write_text(page, encoding="utf-8")
    else:
        path.write_text(variant.text, encoding="utf-8")
    return path


def classify(exit_code: int | None, stderr: str) -> str:
    """One of OUTCOMES (the module's docstring says when)."""
    if exit_code in (None, -signal.SIGXCPU):
        return "timeout"
    if "Traceback (most recent call last)" in stderr or "could not be coded" in stderr:
        return "crashed"
    if exit_code == 0:
        return "ok"
    return "refused" if exit_code in (2, 3) and "skipped" in stderr else "crashed"


def run_one(variant: Variant, folder: Path, cpu_limit: int, wall_limit: float) -> Outcome:
    """One `tidings extract` process on one variant, stopped by the kernel after
    ``cpu_limit`` CPU seconds, killed (its whole group) after ``wall_limit`` seconds."""
    path = write_variant(variant, folder)
    command = [sys.executable, "-m", "tidings.cli", "extract", "--workers", "1",
               "--date", "2024-03-06", str(path)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    def limit_cpu() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_limit, cpu_limit + 5))

    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          start_new_session=True, preexec_fn=limit_cpu) as child:
        try:
            out, err = child.communicate(timeout=wall_limit)
            exit_code: int | None = child.returncode
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            out, err = child.communicate()
            exit_code = None
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    path.unlink()
    stderr = err.decode("utf-8", "replace")
    return Outcome(variant.index, variant.operator, variant.suffix, len(variant.text),
                   variant.article, classify(exit_code, stderr), exit_code, round(seconds, 2),
                   round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2),
                   out.count(b"\n"), stderr[-600:])


def summarise(outcomes: list[Outcome], timeout: float) -> str:
    counts = Counter(o.outcome for o in outcomes)
    failed = counts["crashed"] + counts["timeout"]
    lines = [f"{len(outcomes)} variants: {failed} crashed or over {timeout:.0f} CPU s "
             f"({counts['crashed']} crashed, {counts['timeout']} over), "
             f"{counts['ok']} ok, {counts['refused']} refused with a reason", ""]
    by_operator: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_operator[o.operator].append(o)
    rows = [{"operator": name, "variants": len(group),
             **{kind: sum(o.outcome == kind for o in group) for kind in OUTCOMES},
             "slowest s": max(o.seconds for o in group)}
            for name, group in by_operator.items()]
    lines += [markdown_table(rows), "", "Slowest 10:", ""]
    lines.append(markdown_table([
        {"variant": o.index, "operator": o.operator, "characters": o.chars,
         "outcome": o.outcome, "seconds": o.seconds, "CPU s": o.cpu_seconds, "events": o.events}
        for o in sorted(outcomes, key=lambda o: -o.seconds)[:10]]))
    for o in outcomes:
        if o.outcome in ("crashed", "timeout", "refused"):
            tail = o.stderr_tail.strip().splitlines()[-1:] or [""]
            lines.append(f"- variant {o.index} ({o.operator}, {o.suffix}): {o.outcome} "
                         f"(exit {o.exit_code}, {o.seconds:.1f} s) {tail[0][:200]}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=VARIANTS, help="run the first N variants")
    parser.add_argument("--operator", action="append",
                        help="only the operators whose name contains this (repeatable)")
    parser.add_argument("--timeout", type=int, default=60, help="CPU seconds per process")
    parser.add_argument("--wall-timeout", type=float, default=900,
                        help="wall seconds per process, against hangs")
    parser.add_argument("--json", type=Path, help="write every outcome here")
    args = parser.parse_args()
    articles = read_articles()
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="tidings-fuzz-") as folder:
        for index in range(min(args.limit, VARIANTS)):
            variant = make_variant(index, articles)
            if args.operator and not any(part in variant.operator for part in args.operator):
                continue
            outcome = run_one(variant, Path(folder), args.timeout, args.wall_timeout)
            outcomes.append(outcome)
            print(f"{index:3d} {outcome.operator:24s} {outcome.chars:>9,} chars "
                  f"{outcome.outcome:8s} {outcome.seconds:.1f} s, {outcome.cpu_seconds:.1f} CPU s",
                  file=sys.stderr, flush=True)
    result = {"date": date.today().isoformat(), "cpu_timeout": args.timeout,
              "outcomes": [asdict(o) for o in outcomes]}
    publish(result, summarise(outcomes, args.timeout), args.json)


if __name__ == "__main__":
    main()
