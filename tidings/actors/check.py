"""Validation of the actor data, for the people who keep it (``tidings actors check``).

Each problem names its file and line, so a maintainer can go straight to it: codes that do
not exist (countries, sectors, organisations), Wikidata ids that are not ids, rows with
missing fields, the same name given to two different actors, and a person's terms of office
that cannot be read, end before they start or overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tidings.actors.lexicon import (
    DATA_DIR,
    ORG_LINKS,
    ROLE_KINDS,
    SECTORS,
    WEAK,
    Entry,
    Record,
    _normalise,
    parse_terms,
    read_records,
)

_WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class DataProblem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def check(directory: Path = DATA_DIR) -> list[DataProblem]:
    """Every problem in the actor data of ``directory``, in file order."""
    records = list(read_records(directory))
    countries = {r.entry.country for r in records if r.entry.kind == "country"}
    orgs = {r.entry.name for r in records if r.entry.kind == "org"}
    problems: list[DataProblem] = []
    named: dict[str, Record] = {}  # form -> the first record giving it
    for record in records:
        def problem(message: str, record: Record = record) -> None:
            problems.append(DataProblem(record.file, record.line, message))

        entry = record.entry
        if record.row is not None and (None in record.row or None in record.row.values()):
            problem("wrong number of fields (tab-separated columns, as the header names)")
        if not entry.name:
            problem("no name")
        if entry.kind == "country" and not _ISO3.match(entry.country or ""):
            problem(f"{entry.country!r} is no ISO 3166-1 alpha-3 code")
        elif entry.country and entry.country not in countries:
            problem(f"unknown country {entry.country!r} (not in countries.tsv)")
        if entry.kind in ("org", "person", "role") and entry.sector and (
                entry.sector not in SECTORS):
            problem(f"unknown sector {entry.sector!r} (known: {', '.join(SECTORS)})")
        if entry.kind in ("org", "person") and not (entry.country or entry.code):
            problem("neither a country nor a code: the actor cannot be coded")
        if record.org and record.org not in orgs:
            problem(f"unknown organisation {record.org!r} (not in organizations.yaml)")
        if entry.wikidata and not _WIKIDATA.match(entry.wikidata):
            problem(f"{entry.wikidata!r} is no Wikidata id (Q followed by digits)")
        if entry.kind == "org" and record.row is not None:
            for key in ORG_LINKS:
                if (linked := record.row.get(key)) and linked not in orgs:
                    problem(f"{key}: unknown organisation {linked!r} (not in "
                            "organizations.yaml)")
        if entry.kind in ("person", "org") and record.row is not None:
            for message in parse_terms(record.row.get("terms"))[1] + _term_problems(entry):
                problem(message)
            if entry.terms and record.row.get("sector"):
                problem("a sector beside terms is never used: the terms give it")
        if entry.kind == "role":
            if entry.flag and entry.flag not in ROLE_KINDS:
                problem(f"unknown role kind {entry.flag!r} (known: {', '.join(ROLE_KINDS)})")
            continue
        for form in record.forms:
            if not isinstance(form, str):  # YAML reads [?DA] as a mapping, [1917] a number
                problem(f"{form!r} is no name: quote it in the YAML (\"?DA\")")
                continue
            key = _normalise(form.lstrip(WEAK))
            first = named.setdefault(key, record)
            if (first.entry.name, first.entry.kind) != (entry.name, entry.kind):
                problem(f"{key!r} also names {first.entry.name} ({first.file}:{first.line})")
    return problems


def _term_problems(person: Entry) -> list[str]:
    """What is wrong with a person's readable terms: codes, order, overlaps."""
    problems = []
    if person.terms and not person.country:
        problems.append("terms but no country: outside them the person cannot be coded")
    for term in person.terms:
        if term.sector is None:
            problems.append(f"term {term.written!r}: unknown code {term.code!r} (neither "
                            "country + sector nor an organisation's code)")
        if term.start and term.end and term.end <= term.start:
            problems.append(f"term {term.written!r} ends before it starts")
    ordered = sorted(person.terms, key=lambda t: t.start or date.min)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.end is None or (later.start or date.min) < earlier.end:
            problems.append(f"term {earlier.written!r} overlaps {later.written!r}")
    return problems
