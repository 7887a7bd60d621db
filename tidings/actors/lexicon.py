"""The actor lexicon: countries, roles, organisations and people, read from data files.

The data lives in ``tidings/data/actors/`` as TSV and YAML that a domain expert can extend
without touching Python; each file's header explains its columns. This module only indexes
it, so that a surface form found in text leads to the one thing it names.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import spacy
import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"

# CAMEO-style agent codes used as the sector part of an actor code.
SECTORS: dict[str, str] = {
    "GOV": "government", "MIL": "military", "COP": "police", "SPY": "intelligence",
    "REB": "rebels", "UAF": "unidentified armed forces", "CRM": "criminals",
    "OPP": "opposition", "PTY": "political party", "POL": "politicians", "LEG": "legislature",
    "JUD": "judiciary", "CVL": "civilians", "REF": "refugees", "MED": "media",
    "BUS": "business", "NGO": "non-governmental organisation",
    "IGO": "intergovernmental organisation", "REL": "religious", "EDU": "education",
    "LAB": "labour", "HLH": "health", "ELI": "elites (people out of office)",
}
# CAMEO's code for elites: a person with terms of office, on a date outside all of them
# (a former president), is their country's elite: Trump in 2023 -> USAELI.
OUT_OF_OFFICE = "ELI"

# The kinds a role noun of roles.tsv may have (its header says what each does); none: plain
ROLE_KINDS = ("generic", "intl", "unowned", "opposed")

# The links organizations.yaml may give a group to another, with how `actors show` says them.
ORG_LINKS = {"parent": "part of", "split_from": "split from", "successor_of": "successor of"}

WEAK = "?"  # prefix of an ambiguous form: see the data file headers


@dataclass(frozen=True)
class Term:
    """An office a person held, as the code it gives them, from ``start`` up to but not
    including ``end`` (the successor's first day); None is an open end. ``country`` and
    ``sector`` are the code's parts (country None for an organisation's code, IGONATO)."""

    code: str
    start: date | None
    end: date | None
    country: str | None = None
    sector: str | None = None
    written: str = field(default="", compare=False)  # as in people.tsv, for messages

    def holds(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


_TERM = re.compile(r"^(?P<code>[A-Z]{3,})\s+(?P<start>\S*)\.\.(?P<end>\S*)$")
_BOUND = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _bound(text: str, end: bool) -> date | None:
    """An ISO date, year-month or year; as an end, a year or month counts whole (the term
    runs until the next one begins), a full date is the first day out of office."""
    if not text:
        return None
    match = _BOUND.match(text)
    try:
        year, month, day = (int(part) if part else None for part in match.groups())
        if not end or day is not None:
            return date(year, month or 1, day or 1)
        if month is None:
            return date(year + 1, 1, 1)
        return date(year + month // 12, month % 12 + 1, 1)
    except (AttributeError, ValueError):  # no match; a month or day that does not exist
        raise ValueError(f"{text!r} is no date (YYYY, YYYY-MM or YYYY-MM-DD)") from None


def parse_terms(cell: str | None) -> tuple[list[Term], list[str]]:
    """The terms of a ``terms`` cell ("USAGOV 2017-01-20..2021-01-20; USAGOV 2025-01-20.."),
    and what is wrong with the ones that cannot be read."""
    terms, problems = [], []
    for part in (p.strip() for p in (cell or "").split(";")):
        if not part:
            continue
        match = _TERM.match(part)
        if match is None:
            problems.append(f"term {part!r} is not CODE FROM..TO (either date may be empty)")
            continue
        try:
            start, end = _bound(match["start"], False), _bound(match["end"], True)
        except ValueError as error:
            problems.append(f"term {part!r}: {error}")
            continue
        terms.append(Term(match["code"], start, end, written=part))
    return terms, problems


@dataclass(frozen=True)
class Entry:
    """What a surface form names: a country (or its capital or demonym), a region of one
    whose name holds another's ("New Mexico"), a role, a group, a person.

    ``code`` is only set for entries without a country (IGOs, transnational groups); ``flag``
    is the role kind of roles.tsv ("generic", "intl", "unowned" or "opposed"); ``terms``
    are a person's offices, or what a group was when (the Taliban: rebels, then the government).
    """

    kind: str
    name: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    wikidata: str | None = None
    flag: str = ""
    terms: tuple[Term, ...] = ()

    def on(self, day: date | None = None) -> Entry:
        """The entry as coded on ``day`` (today when None): a person with terms is coded by
        the office held then, and outside every term as their country's elite (ELI)."""
        if not self.terms:
            return self
        held = next((t for t in self.terms if t.holds(day or date.today())), None)
        if held is None:
            return replace(self, sector=OUT_OF_OFFICE, code=None)
        code = held.code if held.country is None else None
        return replace(self, country=held.country, sector=held.sector, code=code)


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _normalise(surface: str) -> str:
    return " ".join(surface.replace("\u2019", "'").split())


def _any_case(form: str) -> bool:
    """Multi-word names are safe to match in any case; single words and acronyms are not."""
    return " " in form and not form.isupper()


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """TSV rows as (line number, dict); lines starting with '#' are documentation."""
    with path.open(encoding="utf-8") as handle:
        lines = [(n, line) for n, line in enumerate(handle, 1) if not line.startswith("#")]
    reader = csv.DictReader((line for _, line in lines), delimiter="\t")
    for row in reader:
        yield lines[reader.line_num - 1][0], row


def _yaml_items(path: Path) -> Iterator[tuple[int, dict]]:
    """The entries of a YAML list as (line number, mapping)."""
    loader = yaml.SafeLoader(path.read_text("utf-8"))
    try:
        root = loader.get_single_node()
        for node in root.value if root is not None else []:
            yield node.start_mark.line + 1, loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


@dataclass(frozen=True)
class Record:
    """One entry of the actor data as written: where it is, what it names, its forms."""

    file: str
    line: int
    entry: Entry
    forms: tuple[str, ...]
    org: str = ""  # a person's organisation, by name
    row: dict | None = None  # the raw row, for validation


def read_records(directory: Path = DATA_DIR) -> Iterator[Record]:
    """Every entry of the data files, in file order (the one reader of the actor data)."""
    countries: set[str] = set()
    for line, row in _rows(directory / "countries.tsv"):
        iso3, wikidata = row["iso3"], row["wikidata"] or None
        countries.add(iso3)
        name = (row["name"] or "").lstrip(WEAK)
        country = Entry("country", name, iso3, "GOV", wikidata=wikidata)
        where = ("countries.tsv", line)
        yield Record(*where, country, (row["name"], *_split(row["aliases"])), row=row)
        yield Record(*where, replace(country, kind="capital", wikidata=None),
                     tuple(_split(row["capitals"])), row=row)
        yield Record(*where, replace(country, kind="demonym", sector=None, wikidata=None),
                     tuple(_split(row["demonyms"])), row=row)
    for line, row in _rows(directory / "regions.tsv"):
        region = Entry("region", row["name"], row["iso3"], "GOV")
        yield Record("regions.tsv", line, region, (row["name"], *_split(row["aliases"])),
                     row=row)
    for line, row in _rows(directory / "roles.tsv"):
        forms = _split(row["forms"])
        role = Entry("role", forms[0] if forms else "", sector=row["sector"] or None,
                     flag=row["kind"] or "")
        yield Record("roles.tsv", line, role, tuple(forms), row=row)
    orgs: dict[str, Entry] = {}
    for line, item in _yaml_items(directory / "organizations.yaml"):
        terms = tuple(_resolved(term, countries, {})
                      for term in parse_terms(item.get("terms"))[0])
        org = Entry("org", item.get("name", ""), item.get("country"), item.get("sector"),
                    item.get("code"), item.get("wikidata"), terms=terms)
        orgs[org.name] = org
        yield Record("organizations.yaml", line, org,
                     (org.name, *item.get("aliases", [])), row=item)
    by_code = {org.code: org for org in orgs.values() if org.code}
    for line, row in _rows(directory / "people.tsv"):
        org = orgs.get(row["org"]) if row["org"] else None
        terms = tuple(_resolved(term, countries, by_code)
                      for term in parse_terms(row.get("terms"))[0])
        person = Entry(
            "person", row["name"], row["country"] or (org and org.country),
            row["sector"] or (org and org.sector), org and org.code, row["wikidata"] or None,
            terms=terms,
        )
        yield Record("people.tsv", line, person, (person.name, *_split(row["aliases"])),
                     org=row["org"] or "", row=row)


def _resolved(term: Term, countries: set[str], orgs: dict[str, Entry]) -> Term:
    """The term with its code's parts: an organisation's code (IGONATO; ``orgs`` by code)
    or country + sector (USAGOV); an unknown code keeps neither (``tidings actors check``
    reports it)."""
    org = orgs.get(term.code)
    if org is not None:
        return replace(term, sector=org.sector)
    if term.code[:3] in countries and term.code[3:] in SECTORS:
        return replace(term, country=term.code[:3], sector=term.code[3:])
    return term


class ActorLexicon:
    """Surface form -> Entry index over the actor data files."""

    def __init__(self) -> None:
        self._exact: dict[str, tuple[Entry, bool]] = {}  # case-sensitive names
        self._folded: dict[str, tuple[Entry, bool]] = {}  # multi-word names, any case
        self._roles: dict[str, Entry] = {}
        self._dated: dict[str, Entry] = {}  # canonical name -> person or group with terms

    @classmethod
    @functools.cache
    def load(cls, directory: Path = DATA_DIR) -> ActorLexicon:
        """Read the data files once per process."""
        lexicon = cls()
        for record in read_records(directory):
            if record.entry.kind == "role":
                for form in record.forms:
                    lexicon._roles[_normalise(form).lower()] = record.entry
            else:
                lexicon._add(record.entry, list(record.forms))
            if record.entry.kind == "person" or record.entry.terms:
                lexicon._dated[record.entry.name] = record.entry
        return lexicon

    def _add(self, entry: Entry, forms: list[str]) -> None:
        """Index forms; the same form naming two different things is a data error."""
        for form in forms:
            if not isinstance(form, str):  # YAML's reading of an unquoted "?DA" or "1917"
                raise ValueError(f"{form!r}, a form of {entry.name}, is no name: "
                                 "tidings actors check says where")
            weak, form = form.startswith(WEAK), _normalise(form.lstrip(WEAK))
            indexes = [(self._exact, form)] + [(self._folded, form.lower())] * _any_case(form)
            if form.isalpha() and form.isupper() and len(form) >= 4:
                indexes.append((self._exact, form.capitalize()))  # "Farc", "Nato" (UK style)
            for index, key in indexes:
                known = index.setdefault(key, (entry, weak))[0]
                if (known.name, known.kind) != (entry.name, entry.kind):
                    raise ValueError(f"{form!r} names both {known.name} and {entry.name}")

    def lookup(self, surface: str, default_country: str | None = None) -> Entry | None:
        """The entry a surface form names; ambiguous forms only in their own country's news."""
        surface = _normalise(surface)
        found = self._exact.get(surface) or self._folded.get(surface.lower())
        if found and (not found[1] or found[0].country == default_country):
            return found[0]
        return self._roles.get(surface.lower())

    def dated(self, name: str) -> Entry | None:
        """The person, or group with terms, of this canonical name (an Actor's ``name``), to
        code them by date."""
        return self._dated.get(name)

    def written_forms(self) -> list[str]:
        """Every name as written (countries, capitals, demonyms, groups, people)."""
        return list(self._exact)

    def sectors(self) -> set[str]:
        """Every sector the data uses, for validation."""
        entries = [e for e, _ in self._exact.values()] + list(self._roles.values())
        return {e.sector for e in entries if e.sector}

    def entity_patterns(self) -> list[dict]:
        """spaCy EntityRuler patterns for groups (ORG), people (PERSON) and countries (GPE).

        Single words and acronyms are exact (ORTH) phrase patterns, so "IS" and "US" never
        match "is" and "us"; multi-word names match in any case through LOWER token patterns.
        Ambiguous ("?") forms are left to the statistical NER.
        """
        tokenizer = spacy.blank("en").tokenizer
        labels = {"org": "ORG", "person": "PERSON", "country": "GPE"}
        patterns = []
        for form, (entry, weak) in self._exact.items():
            if weak or entry.kind not in labels:
                continue
            pattern: str | list[dict] = form
            if _any_case(form):
                pattern = [{"LOWER": token.lower_} for token in tokenizer(form)]
            patterns.append({"label": labels[entry.kind], "pattern": pattern, "id": entry.name})
        return patterns
