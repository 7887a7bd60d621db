"""Cross-article event clustering: one real-world event, many reports.

Two event records are the same event when they have the same PLOVER type, overlapping
actors, dates at most a day apart, and places within ~25 km (or the same admin1 when a
place is vaguer than a city). Clusters are connected components of that relation, kept
up to date as each event arrives: a new event joins every cluster it matches, merging
them, so the result does not depend on the order articles come in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb

from tidings.model import STATE_SECTORS

MAX_KM = 25.0
MAX_DAYS = 1
PRECISE = frozenset({"point", "city"})


@dataclass(frozen=True)
class Sighting:
    """What clustering needs to know about one event record."""

    event_id: str
    event_type: str
    day: date | None
    codes: frozenset[str]
    lat: float | None
    lon: float | None
    precision: str | None
    country: str | None
    admin1: str | None
    factual: bool = True

    @property
    def clusterable(self) -> bool:
        """Negated, hypothetical or future events, and undated ones, stand alone."""
        return self.factual and self.day is not None and self.precision is not None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points (the mean Earth radius, 6371.0088 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def same_place(a: Sighting, b: Sighting) -> bool:
    if a.precision in PRECISE and b.precision in PRECISE and None not in (a.lat, b.lat):
        return haversine_km(a.lat, a.lon, b.lat, b.lon) <= MAX_KM
    return a.admin1 is not None and (a.country, a.admin1) == (b.country, b.admin1)


def actor_keys(codes: frozenset[str]) -> set[str]:
    """Codes to compare actors by: a state's government, army and police are one party
    to an event ("Russia shelled" and "Russian forces shelled" report the same thing)."""
    return {f"{code[:3]}:state" if code[3:] in STATE_SECTORS else code for code in codes}


def same_event(a: Sighting, b: Sighting) -> bool:
    """The clustering relation (symmetric). Events without coded actors match on time,
    place and type alone; otherwise their actors must overlap."""
    return (
        a.clusterable and b.clusterable
        and a.event_type == b.event_type
        and abs((a.day - b.day).days) <= MAX_DAYS
        and (not a.codes or not b.codes or bool(actor_keys(a.codes) & actor_keys(b.codes)))
        and same_place(a, b)
    )


_CANDIDATES = """
    SELECT event_id, cluster_id, event_type, date, actor_codes, recipient_codes, lat, lon,
           geo_precision, country, admin1
    FROM events
    WHERE event_type = ? AND date BETWEEN ? AND ?
      AND NOT (negated OR hypothetical OR future) AND date_precision IN ('day', 'article')
"""


def assign_cluster(con: duckdb.DuckDBPyConnection, event: Sighting) -> tuple[str, list[str]]:
    """The cluster id for a new event, and the clusters merged into it because it bridges
    them (inside the caller's transaction, so a batch's clusters commit or vanish with its
    events)."""
    if not event.clusterable:
        return event.event_id, []
    window = timedelta(days=MAX_DAYS)
    rows = con.execute(_CANDIDATES, [event.event_type, event.day - window,
                                     event.day + window]).fetchall()
    matched = sorted({
        cluster_id
        for event_id, cluster_id, kind, day, actors, recipients, lat, lon, prec, cc, adm in rows
        if same_event(event, Sighting(event_id, kind, day, frozenset(actors + recipients),
                                      lat, lon, prec, cc, adm))
    })
    if not matched:
        return event.event_id, []
    keep, others = matched[0], matched[1:]
    if others:
        con.execute("UPDATE events SET cluster_id = ? WHERE list_contains(?, cluster_id)",
                    [keep, others])
    return keep, others
