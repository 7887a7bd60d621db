"""`tidings actors`: for the people who keep the actor base (tidings/data/actors/).

Actor dictionaries rot: leaders leave office, groups rename and split. These commands show
what the base holds (``list``, ``show``), find what is wrong in it with file and line
(``check``), find what is missing from it in the news a user actually reads (``unknown``:
the most frequent parties tidings could not code, with an example each), and add what is
missing from a CSV (``add``), checked before anything is written.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from tidings.options import DateOpt, WorkersOpt

actors = typer.Typer(add_completion=False, no_args_is_help=True,
                     help="Inspect, check and extend the actor base (tidings/data/actors/).")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
KINDS = ("country", "capital", "demonym", "region", "org", "person", "role")


def _code(entry) -> str:
    """The code a name gives today (a person's: by the office held today)."""
    entry = entry.on()
    return entry.code or f"{entry.country or ''}{entry.sector or ''}" or "-"


@actors.command("list")
def list_actors(kind: Annotated[str | None, typer.Option(
        "--kind", help=f"Only this kind: {', '.join(KINDS)}.")] = None) -> None:
    """Every actor of the base: kind, code, name and how many forms name it."""
    from tidings.actors.lexicon import read_records

    if kind is not None and kind not in KINDS:
        raise typer.BadParameter(f"choose from {', '.join(KINDS)}", param_hint="--kind")
    for record in read_records():
        entry = record.entry
        if record.forms and (kind is None or entry.kind == kind):
            typer.echo(f"{entry.kind}\t{_code(entry)}\t{entry.name}\t{len(record.forms)} "
                       f"form(s)\t{record.file}:{record.line}")


@actors.command()
def show(name: Annotated[str, typer.Argument(help="A name or alias, as written in news.")]
         ) -> None:
    """What a name is coded as today, and where the base says so: a person's terms of
    office, a group's parent, the group it split from or succeeded."""
    from tidings.actors import ActorLexicon
    from tidings.actors.lexicon import ORG_LINKS, OUT_OF_OFFICE, read_records

    lexicon = ActorLexicon.load()
    entry = lexicon.lookup(name) or lexicon.lookup(name.removeprefix("the ").strip())
    if entry is None:
        typer.echo(f"tidings: no actor is named {name!r}", err=True)
        raise typer.Exit(1)
    typer.echo(f"{name!r} -> {_code(entry)} ({entry.kind}: {entry.name}"
               + (f", wikidata {entry.wikidata}" if entry.wikidata else "") + ")")
    if entry.terms:
        typer.echo(f"  terms: {'; '.join(t.written for t in entry.terms)}; outside them "
                   f"{entry.country}{OUT_OF_OFFICE}")
    for record in read_records():
        if (record.entry.name, record.entry.kind) == (entry.name, entry.kind):
            typer.echo(f"  {record.file}:{record.line}: {' | '.join(record.forms)}")
            for key, words in ORG_LINKS.items():
                if entry.kind == "org" and record.row.get(key):
                    typer.echo(f"  {words}: {record.row[key]}")


@actors.command("check")
def check_base(directory: Annotated[Path | None, typer.Option(
        "--dir", help="A folder of actor files (default: the installed base).")] = None
               ) -> None:
    """Validate the data files: unknown codes, bad ids, broken rows, a name given to two
    actors. Exit 1 if anything is wrong."""
    from tidings.actors.check import check
    from tidings.actors.lexicon import DATA_DIR

    problems = check(directory or DATA_DIR)
    for problem in problems:
        typer.echo(str(problem))
    typer.echo(f"tidings: {len(problems)} problem(s) in the actor base", err=True)
    if problems:
        raise typer.Exit(1)


@actors.command()
def add(
    source: Annotated[Path, typer.Argument(
        help="CSV with a header of kind (org or person), name and any of aliases "
             "(|-separated), country, sector, code, org, terms (;-separated CODE FROM..TO, "
             "as in people.tsv), wikidata, note.")],
    directory: Annotated[Path | None, typer.Option(
        "--dir", help="A folder of actor files (default: the installed base).")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Check the rows and say what would be added; write nothing.")
    ] = False,
) -> None:
    """Add organisations and people from a CSV, checked as `tidings actors check` checks the
    base; any problem (with its CSV line) and nothing is written. Exit 1 on problems.

    Example rows, under the header kind,name,aliases,country,sector,code,org,terms,wikidata,note:
    org,Hay'at Tahrir al-Sham,HTS|Tahrir al-Sham,SYR,REB,,,,Q28843167,
    person,Keir Starmer,Starmer,GBR,,,,GBROPP 2020-04-04..2024-07-05; GBRGOV 2024-07-05..,,"""
    from tidings.actors.add import add_actors
    from tidings.actors.lexicon import DATA_DIR

    target = directory or DATA_DIR
    added, problems = add_actors(source, target, dry_run)
    for problem in problems:
        typer.echo(problem)
    if problems:
        typer.echo(f"tidings: {len(problems)} problem(s); nothing was added", err=True)
        raise typer.Exit(1)
    verb = "would add" if dry_run else "added"
    typer.echo(f"tidings: {verb} {added['org']} organisation(s) and {added['person']} "
               f"person(s) to {target}", err=True)


@actors.command()
def unknown(
    inputs: Annotated[list[str], typer.Argument(
        help=".txt, .html, .jsonl files, directories, URLs, or - for stdin.")],
    top: Annotated[int, typer.Option("--top", min=1, help="How many names to show.")] = 20,
    published: DateOpt = None,
    workers: WorkersOpt = None,
) -> None:
    """The most frequent parties to events that tidings could not code, or coded only by
    inference (a name the base lacks, next to a role noun), with an example sentence each:
    what to add to the base next."""
    from tidings.cli import ArticleReader, date_option, extractor
    from tidings.progress import RunMeter

    reader = ArticleReader(inputs, date_option(published), RunMeter("read"))
    counts: Counter = Counter()
    example: dict[str, str] = {}
    written: dict[str, str] = {}
    with extractor(workers) as pipeline:
        for _, events in pipeline.extract_many(reader, on_failure=reader.failed):
            reader.meter.add(1, len(events))
            for event in events:
                for party in (*event.actor, *event.recipient):
                    name = _ARTICLE.sub("", " ".join(
                        (party.name if party.inferred else party.text).split()))
                    if (party.code is None or party.inferred) and name:
                        key = name.casefold()  # "The Front", "the Front": one name
                        counts[key] += 1
                        written.setdefault(key, name)
                        example.setdefault(key, " ".join(event.sentence.text.split()))
    for key, n in counts.most_common(top):
        typer.echo(f"{n}\t{written[key]}\t{example[key][:200]}")
    reader.finish()
