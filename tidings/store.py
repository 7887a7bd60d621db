"""The event store: articles, events, entities and places in one DuckDB file.

Embedded (nothing to install or run), one file to copy or share, columnar so that the
dashboard's aggregations stay fast. Every write is a batch inside one transaction:
a process killed mid-ingest leaves the file as it was after the last whole batch, and
re-running skips the articles already stored (same id, content hash or URL). Every
query binds its values as parameters; SQL text is only ever assembled from constants.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import duckdb
from pydantic import BaseModel, ConfigDict, Field, field_validator

from tidings import dedup
from tidings.budget import failure_reason
from tidings.cluster import Sighting, assign_cluster
from tidings.model import (
    ACLED_TYPES,
    EVENT_TYPES,
    JOINT_TYPES,
    PLOVER_QUAD,
    QUAD_CLASSES,
    Actor,
    Article,
    Event,
)

if TYPE_CHECKING:
    from tidings.pipeline import Extractor

FLAG_NAMES = ("negated", "hypothetical", "future", "historical", "denied", "unconfirmed")
COUNT_NAMES = ("killed", "injured", "displaced", "arrested", "size")

# The columns of an event's and an entity's row, in the order ``_event_row`` and
# ``_add_event`` give them: the tables are made from them, and rows are inserted by name, as a
# store made by an older version has the later columns in the order they were added.
EVENT_COLUMNS = (
    ("event_id", "VARCHAR PRIMARY KEY"), ("article_id", "VARCHAR NOT NULL"),
    ("cluster_id", "VARCHAR NOT NULL"), ("event_type", "VARCHAR NOT NULL"), ("mode", "VARCHAR"),
    ("cameo", "VARCHAR"), ("date", "DATE"), ("date_precision", "VARCHAR"),
    ("actor_codes", "VARCHAR[]"), ("actor_countries", "VARCHAR[]"), ("actor_text", "VARCHAR"),
    ("recipient_codes", "VARCHAR[]"), ("recipient_countries", "VARCHAR[]"),
    ("recipient_text", "VARCHAR"), ("location", "VARCHAR"), ("country", "VARCHAR"),
    ("admin1", "VARCHAR"), ("lat", "DOUBLE"), ("lon", "DOUBLE"), ("geo_precision", "VARCHAR"),
    *((name, "BOOLEAN NOT NULL") for name in FLAG_NAMES),
    *((name, "BIGINT") for name in COUNT_NAMES),
    ("confidence", "DOUBLE"), ("sentence", "VARCHAR"), ("record", "JSON NOT NULL"),
    ("acled_event_type", "VARCHAR"), ("acled_sub_event_type", "VARCHAR"),
    ("location_basis", "VARCHAR"), ("typed_by", "VARCHAR"), ("actor_inferred", "BOOLEAN"),
    ("recipient_inferred", "BOOLEAN"), ("actor_country_from_focus", "BOOLEAN"),
    ("recipient_country_from_focus", "BOOLEAN"))
ENTITY_COLUMNS = (
    ("event_id", "VARCHAR NOT NULL"), ("article_id", "VARCHAR NOT NULL"),
    ("role", "VARCHAR NOT NULL"), ("text", "VARCHAR"), ("start_char", "INTEGER"),
    ("end_char", "INTEGER"), ("name", "VARCHAR"), ("code", "VARCHAR"), ("country", "VARCHAR"),
    ("sector", "VARCHAR"), ("wikidata", "VARCHAR"), ("inferred", "BOOLEAN"),
    ("country_from_focus", "BOOLEAN"))


def _table(columns: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{name} {kind}" for name, kind in columns)


def _insert(table: str, columns: tuple[tuple[str, str], ...]) -> str:
    names = ", ".join(name for name, _ in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"


_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR PRIMARY KEY, content_hash VARCHAR NOT NULL, url VARCHAR,
    title VARCHAR, outlet VARCHAR, published DATE, text VARCHAR NOT NULL,
    n_events INTEGER NOT NULL, ingested_at TIMESTAMP DEFAULT current_timestamp,
    duplicate_of VARCHAR);
CREATE TABLE IF NOT EXISTS events ({_table(EVENT_COLUMNS)});
-- stores made before ACLED typing get the two columns (empty), last as in new stores
ALTER TABLE events ADD COLUMN IF NOT EXISTS acled_event_type VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS acled_sub_event_type VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS location_basis VARCHAR;
-- stores made before the type model added events: their events are all the lexicon's
ALTER TABLE events ADD COLUMN IF NOT EXISTS typed_by VARCHAR DEFAULT 'lexicon';
-- whether a side's code was inferred for a name the actor base lacks (Actor.inferred);
-- stores made before the flag leave it empty: not known
ALTER TABLE events ADD COLUMN IF NOT EXISTS actor_inferred BOOLEAN;
ALTER TABLE events ADD COLUMN IF NOT EXISTS recipient_inferred BOOLEAN;
-- whether a side's country is the article's focus country, its words naming none
-- (Actor.country_from_focus); empty in stores made before the flag
ALTER TABLE events ADD COLUMN IF NOT EXISTS actor_country_from_focus BOOLEAN;
ALTER TABLE events ADD COLUMN IF NOT EXISTS recipient_country_from_focus BOOLEAN;
CREATE TABLE IF NOT EXISTS entities ({_table(ENTITY_COLUMNS)});
ALTER TABLE entities ADD COLUMN IF NOT EXISTS inferred BOOLEAN;
ALTER TABLE entities ADD COLUMN IF NOT EXISTS country_from_focus BOOLEAN;
CREATE TABLE IF NOT EXISTS places (
    article_id VARCHAR NOT NULL, text VARCHAR, start_char INTEGER, end_char INTEGER,
    name VARCHAR, lat DOUBLE, lon DOUBLE, country VARCHAR, admin1 VARCHAR,
    geonameid VARCHAR, feature VARCHAR, precision VARCHAR,
    PRIMARY KEY (article_id, start_char, end_char));
-- articles that could not be coded or stored, and why: the run skipped them and went on
CREATE TABLE IF NOT EXISTS rejected (
    article_id VARCHAR NOT NULL, content_hash VARCHAR NOT NULL, url VARCHAR,
    reason VARCHAR NOT NULL, rejected_at TIMESTAMP DEFAULT current_timestamp);
CREATE OR REPLACE VIEW flat_events AS
    SELECT e.event_id, e.article_id, e.cluster_id, e.event_type, e.mode, e.cameo,
           e.acled_event_type, e.acled_sub_event_type, e.date,
           e.date_precision, array_to_string(e.actor_codes, ';') AS actor_codes,
           e.actor_text, e.actor_inferred, e.actor_country_from_focus,
           array_to_string(e.recipient_codes, ';') AS recipient_codes, e.recipient_text,
           e.recipient_inferred, e.recipient_country_from_focus, e.location, e.country,
           e.admin1, e.lat, e.lon, e.geo_precision,
           e.location_basis, e.typed_by,
           {", ".join(f"e.{name}" for name in FLAG_NAMES + COUNT_NAMES)},
           e.confidence, e.sentence, a.title, a.outlet, a.url, a.published
    FROM events e JOIN articles a USING (article_id);
"""

# What a cluster (one event as its reports tell it) sums up. Kept as the table `clusters`,
# refreshed for the clusters each batch touches: computed over every event at each query,
# a list of clusters took 8 s on a million events.
CLUSTER_FACTS = """
    SELECT e.cluster_id, any_value(e.event_type) AS event_type,
           min(e.date) AS date_first, max(e.date) AS date_last,
           -- a near-duplicate (a wire copy, an update) is its original's report again
           count(*) AS n_events, count(DISTINCT coalesce(a.duplicate_of, e.article_id))
               AS n_articles,
           count(DISTINCT coalesce(original.outlet, a.outlet)) AS n_sources,
           list(DISTINCT a.outlet ORDER BY a.outlet) FILTER (a.outlet IS NOT NULL) AS outlets,
           min(a.published) AS first_reported,
           arg_min(e.article_id, (a.published, a.ingested_at)) AS first_article_id,
           mode(e.country) AS country, mode(e.admin1) AS admin1,
           avg(e.lat) AS lat, avg(e.lon) AS lon,
           list(e.event_id ORDER BY e.event_id) AS event_ids,
           -- the map's point: the most confident report with a place, and its figures
           arg_max(e.event_id, (coalesce(e.confidence, 0), e.event_id))
               FILTER (e.lat IS NOT NULL) AS located_event_id,
           count(*) FILTER (e.lat IS NOT NULL) AS located_reports,
           coalesce(max(e.killed) FILTER (e.lat IS NOT NULL), 0) AS located_killed
    FROM events e JOIN articles a USING (article_id)
         LEFT JOIN articles original ON original.article_id = a.duplicate_of
    WHERE {where}
    GROUP BY e.cluster_id
"""

EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
AcledEventType = Literal[tuple(ACLED_TYPES)]  # type: ignore[valid-type]
FlagName = Literal[FLAG_NAMES]  # type: ignore[valid-type]
Code = Annotated[str, Field(pattern=r"^[A-Za-z]{3}([A-Za-z]{3})?$")]

# Fixed SQL fragments the filters are built from: values only ever go in as parameters.
_SORTS = {
    "date": "e.date ASC NULLS LAST, e.event_id", "-date": "e.date DESC NULLS LAST, e.event_id",
    "confidence": "e.confidence ASC, e.event_id", "-confidence": "e.confidence DESC, e.event_id",
    "type": "e.event_type, e.date DESC NULLS LAST, e.event_id",
}
_FLAG_SET = {name: f"e.{name}" for name in FLAG_NAMES}
_FLAG_UNSET = {name: f"NOT e.{name}" for name in FLAG_NAMES}
_PARTY = {
    "actor": "(list_contains(e.actor_codes, ?) OR list_contains(e.actor_countries, ?))",
    "recipient": "(list_contains(e.recipient_codes, ?) "
                 "OR list_contains(e.recipient_countries, ?))",
}
_ANY_SIDE = f"({_PARTY['actor']} OR {_PARTY['recipient']})"
# An event dated from a month before its report to a day after it (time zones) is on the
# timeline; the rest are counted apart. Reports without a publication date cannot be judged.
_IN_REPORT_WINDOW = "(a.published IS NULL OR e.date BETWEEN a.published - 31 AND a.published + 1)"
# The text itself, any case: a substring test has no wildcards to escape, and DuckDB runs
# it over a million events 30 times faster than ILIKE with an ESCAPE clause (5 vs 170 ms).
_TEXT_SEARCH = "(" + " OR ".join(
    f"contains(lower(e.{column}), ?)" for column in ("sentence", "actor_text",
                                                     "recipient_text", "location")) + ")"


StatsBin = Literal["auto", "day", "week", "month", "year"]
_BINS = {"day": "day", "week": "week", "month": "month", "year": "year"}  # SQL constants
# The widest span (days) each bin is chosen for: a timeline of at most ~160 bars.
_AUTO_BINS = ((120, "day"), (3 * 365, "week"), (13 * 365, "month"))


def auto_bin(span_days: int) -> str:
    """The finest bin that keeps a timeline of ``span_days`` readable."""
    return next((bin for widest, bin in _AUTO_BINS if span_days <= widest), "year")


class EventFilter(BaseModel):
    """Which events: shared by the API, the exports and the dashboard's URL."""

    model_config = ConfigDict(extra="forbid")

    date_from: date | None = None
    date_to: date | None = None
    event_type: list[EventType] = Field(default_factory=list)
    acled_event_type: list[AcledEventType] = Field(default_factory=list)
    actor: Code | None = Field(None, description="actor code (MLIMIL) or country (MLI)")
    recipient: Code | None = Field(None, description="recipient code or country")
    party: Code | None = Field(None, description="code or country of a party on either side "
                                                 "(with actor: the pair, whichever way)")
    country: Annotated[str, Field(pattern=r"^[A-Za-z]{3}$")] | None = Field(
        None, description="ISO3 country of the event location")
    admin1: str | None = Field(None, max_length=100)
    bbox: str | None = Field(None, description="min_lon,min_lat,max_lon,max_lat",
                             pattern=r"^[-0-9., ]{7,80}$")
    flag: list[FlagName] = Field(default_factory=list, description="flags that must be set")
    exclude_flag: list[FlagName] = Field(default_factory=list,
                                         description="flags that must not be set")
    typed_by: Literal["lexicon", "model", "both"] | None = Field(
        None, description="who decided the event's type: the trigger lexicon against the "
                          "event coder's doubt, the coder, or both agreeing")
    q: str | None = Field(None, max_length=200, description="text search")
    cluster: str | None = Field(None, pattern=r"^[0-9a-f]{16}$")

    @field_validator("bbox")
    @classmethod
    def _check_bbox(cls, value: str | None) -> str | None:
        if value is not None:
            parts = [float(p) for p in value.split(",")]
            if len(parts) != 4 or not (-180 <= parts[0] <= parts[2] <= 180
                                       and -90 <= parts[1] <= parts[3] <= 90):
                raise ValueError("bbox is min_lon,min_lat,max_lon,max_lat in degrees")
        return value

    def where(self) -> tuple[str, list]:
        """A WHERE condition over ``events e`` and its parameters."""
        clauses: list[str] = []
        params: list = []

        def add(sql: str, *values: object) -> None:
            clauses.append(sql)
            params.extend(values)

        if self.date_from:
            add("e.date >= ?", self.date_from)
        if self.date_to:
            add("e.date <= ?", self.date_to)
        if self.event_type:
            add("list_contains(?, e.event_type)", list(self.event_type))
        if self.acled_event_type:
            add("list_contains(?, e.acled_event_type)", list(self.acled_event_type))
        for role in ("actor", "recipient"):
            if value := getattr(self, role):
                add(_PARTY[role], value.upper(), value.upper())
        if self.party:
            add(_ANY_SIDE, *[self.party.upper()] * 4)
        if self.country:
            add("e.country = ?", self.country.upper())
        if self.admin1:
            add("e.admin1 = ?", self.admin1)
        if self.bbox:
            min_lon, min_lat, max_lon, max_lat = (float(p) for p in self.bbox.split(","))
            add("e.lon BETWEEN ? AND ? AND e.lat BETWEEN ? AND ?",
                min_lon, max_lon, min_lat, max_lat)
        for name in self.flag:
            add(_FLAG_SET[name])
        for name in self.exclude_flag:
            add(_FLAG_UNSET[name])
        if self.typed_by:
            add("e.typed_by = ?", self.typed_by)
        if self.q:
            add(_TEXT_SEARCH, *[self.q.lower()] * 4)
        if self.cluster:
            add("e.cluster_id = ?", self.cluster)
        return " AND ".join(clauses) or "TRUE", params


class Page(BaseModel):
    """Sorting and pagination of an event list."""

    model_config = ConfigDict(extra="forbid")

    sort: Literal[tuple(_SORTS)] = "-date"  # type: ignore[valid-type]
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000)


@dataclass
class IngestReport:
    read: int = 0
    known: int = 0
    stored: int = 0
    events: int = 0
    rejected: int = 0


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _codes(actors: list[Actor], field: str) -> list[str]:
    return sorted({value for a in actors if (value := getattr(a, field))})


def _sighting(event: Event) -> Sighting:
    # an article-wide fallback place says nothing about which event this is
    place = event.location if event.location_basis != "article" else None
    return Sighting(
        event.event_id, event.event_type,
        event.date if event.date_precision in ("day", "article") else None,
        frozenset(_codes(event.actor, "code") + _codes(event.recipient, "code")),
        place.lat if place else None, place.lon if place else None,
        place.precision if place else None, place.country if place else None,
        place.admin1 if place else None,
        event.flags.factual,
    )


def _event_row(event: Event, cluster_id: str) -> list:
    place = event.location
    record = event.to_dict()
    return [
        event.event_id, event.article_id, cluster_id, event.event_type, event.mode,
        event.cameo, event.date, event.date_precision,
        _codes(event.actor, "code"), _codes(event.actor, "country"),
        "; ".join(a.text for a in event.actor),
        _codes(event.recipient, "code"), _codes(event.recipient, "country"),
        "; ".join(a.text for a in event.recipient),
        place.name if place else None, place.country if place else None,
        place.admin1 if place else None, place.lat if place else None,
        place.lon if place else None, place.precision if place else None,
        *(getattr(event.flags, name) for name in FLAG_NAMES),
        *(getattr(event.counts, name) for name in COUNT_NAMES),
        event.confidence, event.sentence.text, json.dumps(record, ensure_ascii=False),
        event.acled_event_type, event.acled_sub_event_type, event.location_basis,
        event.typed_by, any(a.inferred for a in event.actor),
        any(a.inferred for a in event.recipient),
        any(a.country_from_focus for a in event.actor),
        any(a.country_from_focus for a in event.recipient),
    ]


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class StoreBusy(Exception):
    """Another process holds the DuckDB file (a running ``tidings serve``)."""


class Store:
    """One DuckDB file. Open read-only to serve; read-write (the default) to ingest."""

    def __init__(self, path: Path | str, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            Store(self.path).close()  # an empty store, so a fresh server starts
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise
            raise StoreBusy(f"{self.path} is held by another process (a running tidings "
                            "serve?): stop the server or ingest through it "
                            "(POST /ingest on a server started with --token)") from None
        self._lock = threading.Lock()
        if not read_only:
            self.con.execute(_SCHEMA)
            self.con.execute(dedup.SCHEMA)
            self._keep_cluster_table()
        self._writer = self.con.cursor()  # writes never share a connection with readers

    def _keep_cluster_table(self) -> None:
        """``clusters`` as a table; stores made when it was a view get it filled once."""
        kind = self.con.execute("SELECT table_type FROM information_schema.tables "
                                "WHERE table_name = 'clusters'").fetchone()
        if kind is None or kind[0] == "VIEW":
            self.con.execute("DROP VIEW IF EXISTS clusters")
            self.con.execute("CREATE TABLE clusters AS " + CLUSTER_FACTS.format(where="TRUE"))

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A connection for one thread (DuckDB connections are not thread-safe)."""
        with self._lock:
            return self.con.cursor()

    # -- writing -----------------------------------------------------------------

    def is_known(self, article: Article) -> bool:
        """Stored already, by id, content hash or URL."""
        return self._writer.execute(
            "SELECT count(*) FROM articles WHERE article_id = ? OR content_hash = ? "
            "OR (url IS NOT NULL AND url = ?)",
            [article.id, content_hash(article.text), article.url],
        ).fetchone()[0] > 0

    def add_batch(self, batch: list[tuple[Article, list[Event]]]) -> None:
        """Store articles with their events, entities and places, link near-duplicates
        to the article they copy, and cluster the events: all of it or (if anything fails
        or the process dies) none of it."""
        con = self._writer
        con.begin()
        try:
            touched: set[str] = set()
            for article, events in batch:
                sketch = dedup.sketch(article.text)
                con.execute(
                    "INSERT INTO articles (article_id, content_hash, url, title, outlet, "
                    "published, text, n_events, duplicate_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [article.id, content_hash(article.text), article.url, article.title,
                     article.outlet, article.date, article.text, len(events),
                     dedup.original_of(con, sketch)])
                dedup.remember(con, article.id, sketch)
                for event in events:
                    touched.update(self._add_event(event))
            ids = sorted(touched)
            con.execute("DELETE FROM clusters WHERE list_contains(?, cluster_id)", [ids])
            con.execute("INSERT INTO clusters " + CLUSTER_FACTS.format(
                where="list_contains(?, e.cluster_id)"), [ids])
            con.commit()
        except BaseException:
            con.rollback()
            raise

    def add_each(self, batch: list[tuple[Article, list[Event]]]) -> list[tuple[Article, str]]:
        """Store the batch in one transaction; if that fails, each article in its own, so
        one article the store refuses costs only itself. Returns those refused, and why."""
        try:
            self.add_batch(batch)
            return []
        except duckdb.Error:
            pass
        refused = []
        for article, events in batch:
            try:
                self.add_batch([(article, events)])
            except duckdb.Error as error:
                refused.append((article, f"could not be stored: {type(error).__name__}: {error}"))
        return refused

    def reject(self, article: Article, reason: str) -> None:
        """Note an article left out and why, for whoever wonders where it went."""
        self._writer.execute(
            "INSERT INTO rejected (article_id, content_hash, url, reason) VALUES (?, ?, ?, ?)",
            [article.id, content_hash(article.text), article.url, reason[:2000]])

    def _add_event(self, event: Event) -> list[str]:
        """Store one event; returns the clusters it changed (joined, or merged away)."""
        con = self._writer
        cluster_id, merged = assign_cluster(con, _sighting(event))
        row = _event_row(event, cluster_id)
        con.execute(_insert("events", EVENT_COLUMNS), row)
        entities = [[event.event_id, event.article_id, role, a.text, a.start, a.end, a.name,
                     a.code, a.country, a.sector, a.wikidata, a.inferred, a.country_from_focus]
                    for role, actors in (("actor", event.actor), ("recipient", event.recipient))
                    for a in actors]
        if entities:
            con.executemany(_insert("entities", ENTITY_COLUMNS), entities)
        if place := event.location:
            con.execute(
                "INSERT OR IGNORE INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [event.article_id, place.text, place.start, place.end, place.name, place.lat,
                 place.lon, place.country, place.admin1,
                 None if place.geonameid is None else str(place.geonameid),
                 place.feature, place.precision])
        return [cluster_id, *merged]

    def ingest(self, pipeline: Extractor, articles: Iterable[Article], batch_size: int = 16,
               on_batch: Callable[[IngestReport], None] | None = None,
               on_reject: Callable[[Article, str], None] | None = None) -> IngestReport:
        """Extract and store the articles not stored yet, one transaction per batch.

        An article that cannot be coded or stored is left out, noted in the ``rejected``
        table and handed to ``on_reject`` with the reason; the others go on."""
        report = IngestReport()
        seen: set[str] = set()

        def rejected(article: Article, reason: str) -> None:
            report.rejected += 1
            self.reject(article, reason)
            if on_reject:
                on_reject(article, reason)

        def new(article: Article) -> bool:
            report.read += 1
            keys = {article.id, content_hash(article.text), article.url} - {None}
            if keys & seen or self.is_known(article):
                report.known += 1
                return False
            seen.update(keys)
            return True

        # One stream through the extractor, stored in batches as results come: a pool of
        # workers never waits for a batch's slowest article.
        coded = pipeline.extract_many(
            filter(new, articles),
            on_failure=lambda a, e: rejected(a, failure_reason(e)))
        for extracted in _batched(coded, batch_size):
            refused = self.add_each(extracted)
            for article, reason in refused:
                rejected(article, reason)
            refused_ids = {article.id for article, _ in refused}
            kept = [(a, events) for a, events in extracted if a.id not in refused_ids]
            report.stored += len(kept)
            report.events += sum(len(events) for _, events in kept)
            if on_batch:
                on_batch(report)
        return report

    # -- reading -----------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table (and clusters): what an ingest added."""
        cur = self.cursor()
        return {name: cur.execute(sql).fetchone()[0] for name, sql in (
            ("articles", "SELECT count(*) FROM articles"),
            ("events", "SELECT count(*) FROM events"),
            ("entities", "SELECT count(*) FROM entities"),
            ("places", "SELECT count(*) FROM places"),
            ("clusters", "SELECT count(DISTINCT cluster_id) FROM events"),
        )}

    def events(self, where: EventFilter, page: Page) -> tuple[int, list[dict]]:
        """The total matching and one page of records (with cluster and article facts)."""
        cur = self.cursor()
        condition, params = where.where()
        total = cur.execute(f"SELECT count(*) FROM events e WHERE {condition}",
                            params).fetchone()[0]
        rows = cur.execute(
            "SELECT e.record, e.cluster_id, a.title, a.outlet, a.url, a.published "
            f"FROM events e JOIN articles a USING (article_id) WHERE {condition} "
            f"ORDER BY {_SORTS[page.sort]} LIMIT ? OFFSET ?",
            [*params, page.limit, page.offset]).fetchall()
        return total, [_with_article(row) for row in rows]

    def records(self, where: EventFilter) -> Iterator[dict]:
        """Every matching record, oldest first, for exports."""
        condition, params = where.where()
        cur = self.cursor().execute(
            "SELECT e.record, e.cluster_id, a.title, a.outlet, a.url, a.published "
            f"FROM events e JOIN articles a USING (article_id) WHERE {condition} "
            "ORDER BY e.date NULLS LAST, e.event_id", params)
        while rows := cur.fetchmany(1000):
            yield from (_with_article(row) for row in rows)

    def flat_query(self, where: EventFilter) -> tuple[str, list]:
        """SQL and parameters of the matching events as one flat table (CSV, GeoJSON and
        Parquet exports)."""
        condition, params = where.where()
        return (f"SELECT f.* FROM flat_events f JOIN events e USING (event_id) "
                f"WHERE {condition} ORDER BY f.date NULLS LAST, f.event_id", params)

    def event(self, event_id: str) -> dict | None:
        row = self.cursor().execute(
            "SELECT e.record, e.cluster_id, a.title, a.outlet, a.url, a.published "
            "FROM events e JOIN articles a USING (article_id) WHERE e.event_id = ?",
            [event_id]).fetchone()
        return _with_article(row) if row else None

    def clusters(self, where: EventFilter, page: Page, min_articles: int = 1
                 ) -> tuple[int, list[dict]]:
        """Clusters with at least one matching member, most reported first."""
        condition, params = where.where()
        selection = "FROM clusters c WHERE c.n_articles >= ?"
        if params or condition != "TRUE":  # unfiltered, every cluster has a member
            selection += (" AND c.cluster_id IN "
                          f"(SELECT e.cluster_id FROM events e WHERE {condition})")
        cur = self.cursor()
        total = cur.execute(f"SELECT count(*) {selection}", [min_articles, *params]
                            ).fetchone()[0]
        cur.execute(f"SELECT c.* {selection} ORDER BY c.n_articles DESC, c.n_sources DESC, "
                    "c.first_reported, c.cluster_id LIMIT ? OFFSET ?",
                    [min_articles, *params, page.limit, page.offset])
        return total, _dicts(cur)

    def stats(self, where: EventFilter, bin: StatsBin = "auto", per_country: bool = True
              ) -> dict:
        """Event counts by ``bin`` (day, week, month, year; ``auto``: the finest that keeps a
        timeline of the matching span readable) × type (× location country), for the events
        a timeline can place honestly, and how many it cannot: ``undated``, and
        ``out_of_range``, dated outside their report's window (more than a month before it,
        or after it: background history or a misread date) and so left out of ``counts``.
        Each count's ``date`` is the first day of its bin."""
        condition, params = where.where()
        cur = self.cursor()
        first, last, undated, out_of_range = cur.execute(
            f"SELECT min(e.date) FILTER ({_IN_REPORT_WINDOW}), "
            f"max(e.date) FILTER ({_IN_REPORT_WINDOW}), count(*) FILTER (e.date IS NULL), "
            f"count(*) FILTER (e.date IS NOT NULL AND NOT {_IN_REPORT_WINDOW}) "
            f"FROM events e JOIN articles a USING (article_id) WHERE {condition}",
            params).fetchone()
        if bin == "auto":
            bin = auto_bin((last - first).days if first else 0)
        keys = "e.event_type, e.country" if per_country else "e.event_type"
        cur.execute(
            f"SELECT date_trunc('{_BINS[bin]}', e.date)::DATE AS date, {keys}, count(*) AS count "
            f"FROM events e JOIN articles a USING (article_id) WHERE {condition} "
            f"AND e.date IS NOT NULL AND {_IN_REPORT_WINDOW} GROUP BY ALL ORDER BY ALL", params)
        return {"bin": bin, "counts": _dicts(cur), "undated": undated,
                "out_of_range": out_of_range}

    def map_events(self, where: EventFilter, limit: int = 5000) -> dict:
        """One row per reported event (cluster) that has a place, from its matching reports:
        the most confident report's id, type, date, place and parties, how many reports
        match (``reports``) and the most killed any of them gives; the most reported first,
        at most ``limit``. ``located`` counts them all, ``unlocated`` the matching reports
        without a place. Unfiltered (the dashboard's first paint), it reads the cluster
        table instead of grouping every event."""
        condition, params = where.where()
        cur = self.cursor()
        point = ("e.event_type, e.date, e.location, e.lat, e.lon, "
                 "array_to_string(e.actor_codes, ', ') AS actor, "
                 "array_to_string(e.recipient_codes, ', ') AS recipient")
        if not params and condition == "TRUE":
            located, unlocated = cur.execute(
                "SELECT (SELECT count(*) FROM clusters WHERE located_event_id IS NOT NULL), "
                "(SELECT count(*) FROM events WHERE lat IS NULL)").fetchone()
            cur.execute(
                "WITH top AS (SELECT located_event_id AS event_id, located_reports AS reports, "
                "located_killed AS killed FROM clusters WHERE located_event_id IS NOT NULL "
                "ORDER BY reports DESC, event_id LIMIT ?) "
                f"SELECT t.event_id, {point}, t.reports, t.killed "
                "FROM top t JOIN events e USING (event_id) ORDER BY t.reports DESC, t.event_id",
                [limit])
            return {"located": located, "unlocated": unlocated, "events": _dicts(cur)}
        located, unlocated = cur.execute(
            "SELECT count(DISTINCT e.cluster_id) FILTER (e.lat IS NOT NULL), "
            f"count(*) FILTER (e.lat IS NULL) FROM events e WHERE {condition}",
            params).fetchone()
        best = "(coalesce(e.confidence, 0), e.event_id)"
        cur.execute(
            f"WITH top AS (SELECT arg_max(e.event_id, {best}) AS event_id, count(*) AS reports, "
            "coalesce(max(e.killed), 0) AS killed "
            f"FROM events e WHERE {condition} AND e.lat IS NOT NULL GROUP BY e.cluster_id "
            "ORDER BY reports DESC, event_id LIMIT ?) "
            f"SELECT t.event_id, {point}, t.reports, t.killed "
            "FROM top t JOIN events e USING (event_id) ORDER BY t.reports DESC, t.event_id",
            [*params, limit])
        return {"located": located, "unlocated": unlocated, "events": _dicts(cur)}

    def country_counts(self, where: EventFilter) -> dict:
        """Matching events per location country (ISO3), the most first, for a choropleth;
        ``without_country`` counts the matching events that have none."""
        condition, params = where.where()
        cur = self.cursor()
        without = cur.execute(f"SELECT count(*) FROM events e WHERE {condition} "
                              "AND e.country IS NULL", params).fetchone()[0]
        cur.execute(f"SELECT e.country, count(*) AS events FROM events e WHERE {condition} "
                    "AND e.country IS NOT NULL GROUP BY ALL ORDER BY events DESC, country",
                    params)
        return {"countries": _dicts(cur), "without_country": without}

    def admin1_counts(self, where: EventFilter) -> dict:
        """Matching events per first-level division (location country and ``admin1`` name),
        the most first, for a choropleth; ``without_admin1`` counts the matching events that
        have none (no place, or a place known only to its country)."""
        condition, params = where.where()
        cur = self.cursor()
        without = cur.execute(f"SELECT count(*) FROM events e WHERE {condition} "
                              "AND (e.country IS NULL OR e.admin1 IS NULL)", params).fetchone()[0]
        cur.execute(f"SELECT e.country, e.admin1, count(*) AS events FROM events e "
                    f"WHERE {condition} AND e.country IS NOT NULL AND e.admin1 IS NOT NULL "
                    "GROUP BY ALL ORDER BY events DESC, country, admin1", params)
        return {"divisions": _dicts(cur), "without_admin1": without}

    def density(self, where: EventFilter, cell: float) -> dict:
        """Matching located events per grid cell of ``cell`` degrees: column ``x`` and row
        ``y`` (the cell's south-west corner is ``x * cell``, ``y * cell``), as three
        parallel lists, the form a heatmap is drawn from with no per-cell keys."""
        condition, params = where.where()
        rows = self.cursor().execute(
            "SELECT floor(e.lon / ?)::INTEGER AS x, floor(e.lat / ?)::INTEGER AS y, "
            f"count(*) AS events FROM events e WHERE {condition} AND e.lat IS NOT NULL "
            "GROUP BY ALL ORDER BY ALL", [cell, cell, *params]).fetchall()
        x, y, events = (list(column) for column in zip(*rows, strict=True)) if rows else ([],) * 3
        return {"cell": cell, "x": x, "y": y, "events": events}

    def network(self, where: EventFilter, actors: int = 30) -> dict:
        """The ``actors`` most active actors (events naming them as actor or recipient)
        and the edges among them: actor → recipient, and between the actors of one event
        (``reciprocal``, one undirected edge per pair, source before target in code order)
        where they are partners: a reciprocal event (PLOVER lists all its parties as actors
        and names no recipient: "Turkey and Russia agreed", "clashed") or an act of
        JOINT_TYPES whatever its recipient ("Putin and Erdogan met in Sochi"); not allies
        acting on a third party ("Turkey and Russia attacked a base").
        Each edge has how many events, the most frequent type, counts by type and by quad
        class (``quad``: one count per QUAD_CLASSES)."""
        condition, params = where.where()
        cur = self.cursor()
        cur.execute(
            # each side's codes are distinct already: only events with both need merging
            "WITH parties AS (SELECT unnest(CASE WHEN len(e.recipient_codes) = 0 THEN "
            "e.actor_codes WHEN len(e.actor_codes) = 0 THEN e.recipient_codes ELSE "
            "list_distinct(list_concat(e.actor_codes, e.recipient_codes)) END) AS code "
            f"FROM events e WHERE {condition}) "
            "SELECT code, count(*) AS events FROM parties WHERE code IS NOT NULL "
            "GROUP BY code ORDER BY events DESC, code LIMIT ?", [*params, actors])
        nodes = _dicts(cur)
        codes = [node["code"] for node in nodes]
        cur.execute(
            # the actors of a reciprocal or joint act are one another's partners
            "WITH matching AS (SELECT e.actor_codes, e.recipient_codes, "
            "e.event_type, len(e.actor_codes) > 1 AND (coalesce(e.recipient_text, '') = '' "
            "OR list_contains(?, e.event_type)) AS joint "
            f"FROM events e WHERE {condition}), "
            "directed AS (SELECT unnest(actor_codes) AS source, recipient_codes AS others, "
            "event_type FROM matching WHERE len(recipient_codes) > 0), "
            "partners AS (SELECT unnest(actor_codes) AS source, actor_codes AS others, "
            "event_type FROM matching WHERE joint), "
            "edges AS (SELECT source, unnest(others) AS target, false AS reciprocal, "
            "event_type FROM directed UNION ALL SELECT source, unnest(others) AS target, "
            "true AS reciprocal, event_type FROM partners), "
            "typed AS (SELECT source, target, reciprocal, event_type, count(*) AS n FROM edges "
            "WHERE source <> target AND (NOT reciprocal OR source < target) "
            "AND list_contains(?, source) AND list_contains(?, target) GROUP BY ALL) "
            "SELECT source, target, reciprocal, sum(n)::BIGINT AS count, "
            "arg_max(event_type, (n, event_type)) AS dominant_type, "
            "map(list(event_type), list(n)) AS types "
            "FROM typed GROUP BY source, target, reciprocal "
            "ORDER BY count DESC, source, target, reciprocal",
            [sorted(JOINT_TYPES), *params, codes, codes])
        edges = _dicts(cur)
        for edge in edges:
            # a statement is in no quad class
            edge["quad"] = [sum(n for t, n in edge["types"].items() if PLOVER_QUAD.get(t) == quad)
                            for quad in range(1, len(QUAD_CLASSES) + 1)]
        return {"nodes": nodes, "edges": edges}


def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict]:
    names = [column[0] for column in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _with_article(row: tuple) -> dict:
    record, cluster_id, title, outlet, url, published = row
    return {**json.loads(record), "cluster_id": cluster_id,
            "article": {"title": title, "outlet": outlet, "url": url,
                        "published": published.isoformat() if published else None}}
