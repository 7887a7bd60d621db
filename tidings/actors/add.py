"""Adding actors from a CSV (``tidings actors add``), for the people who keep the base.

A row is an organisation (to ``organizations.yaml``) or a person (to ``people.tsv``). The
rows are first written to a copy of the base and the copy is checked with the same
validation as ``tidings actors check``; any problem a new row brings is reported with its
CSV line and nothing is written, so a bad file never leaves the base half-changed.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

import yaml

from tidings.actors.check import check
from tidings.actors.lexicon import DATA_DIR, WEAK, _normalise, read_records

COLUMNS = ("kind", "name", "aliases", "country", "sector", "code", "org", "terms", "wikidata",
           "note")
KINDS = {"org": "organizations.yaml", "person": "people.tsv"}


def add_actors(source: Path, directory: Path = DATA_DIR, dry_run: bool = False
               ) -> tuple[dict[str, int], list[str]]:
    """Add the actors of the CSV ``source`` to the base in ``directory``: how many of each
    kind, and the problems (with CSV lines) that stopped it; nothing is written when there
    are problems, or with ``dry_run``."""
    rows, problems = _read(source)
    added = {kind: 0 for kind in KINDS}
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "actors"
        shutil.copytree(directory, copy)
        before = {(p.file, p.line, p.message) for p in check(copy)}
        known = {_normalise(form.lstrip(WEAK)): record for record in read_records(copy)
                 for form in record.forms}
        where: dict[tuple[str, int], int] = {}  # (file, line) of a new entry -> CSV line
        for line, row in rows:
            taken = [(form, known[_normalise(form)]) for form in _forms(row)
                     if _normalise(form) in known]
            if taken:
                problems += [f"{source.name}:{line}: {form!r} already names {r.entry.name} "
                             f"({r.file}:{r.line})" for form, r in taken]
                continue
            file = KINDS[row["kind"]]
            where[file, _append(copy / file, row)] = line
            added[row["kind"]] += 1
        for p in check(copy):
            if (p.file, p.line, p.message) not in before:
                at = where.get((p.file, p.line))
                problems.append(f"{source.name}:{at}: {p.message}" if at is not None
                                else f"{p.file}:{p.line}: {p.message} (after the new rows)")
        if problems or dry_run:
            return added, problems
        for file in KINDS.values():
            _replace(copy / file, directory / file)
    return added, problems


def _forms(row: dict[str, str]) -> list[str]:
    """The names a row gives its actor, as written (without the ambiguity mark)."""
    return [row["name"], *(a.strip().lstrip(WEAK) for a in row["aliases"].split("|")
                           if a.strip())]


def _read(source: Path) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """The CSV's rows with their line numbers, and what is wrong with its shape."""
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return [], [f"{source}: cannot read it ({error})"]
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    unknown = [c for c in header if c not in COLUMNS]
    if unknown or "kind" not in header or "name" not in header:
        return [], [f"{source.name}:1: the header must name kind and name, and only columns "
                    f"of {', '.join(COLUMNS)}" + (f" (unknown: {', '.join(unknown)})"
                                                   if unknown else "")]
    rows, problems = [], []
    for row in reader:
        line = reader.line_num
        row = {c: (row.get(c) or "").strip() for c in COLUMNS}
        if row["kind"] not in KINDS:
            problems.append(f"{source.name}:{line}: kind must be org or person, not "
                            f"{row['kind']!r}")
        elif row["kind"] == "person" and row["code"]:
            problems.append(f"{source.name}:{line}: a person has no code of their own (give "
                            "the organisation they speak for in org)")
        elif row["kind"] == "org" and (row["org"] or row["terms"]):
            problems.append(f"{source.name}:{line}: org and terms are for people only")
        else:
            rows.append((line, row))
    return rows, problems


def _append(path: Path, row: dict[str, str]) -> int:
    """Append one entry in the file's own style; the line it starts on."""
    text = path.read_text(encoding="utf-8")
    if text and not text.endswith("\n"):
        text += "\n"
    aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
    if path.suffix == ".yaml":
        entry = {"name": row["name"], **({"aliases": aliases} if aliases else {}),
                 **{k: row[k] for k in ("country", "sector", "code", "wikidata", "note")
                    if row[k]}}
        line = "- " + yaml.safe_dump(entry, default_flow_style=True, width=1 << 20,
                                     allow_unicode=True, sort_keys=False).strip()
    else:  # in the order of the file's own header line
        header = next(line for line in text.splitlines() if not line.startswith("#"))
        line = "\t".join("|".join(aliases) if c == "aliases" else row.get(c, "")
                         for c in header.split("\t"))
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def _replace(new: Path, target: Path) -> None:
    """Write ``target`` whole or not at all."""
    staged = target.with_suffix(target.suffix + ".adding")
    shutil.copyfile(new, staged)
    staged.replace(target)
