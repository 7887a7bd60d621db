"""Regenerate ``tidings/web/basemap.json``, the dashboard's offline world outlines.

The file is committed so that ``pip install`` alone gives a working map; this script is
only for maintainers who want to rebuild it (it needs ``npm``, used only to fetch the
pinned package from the npm registry; nothing is installed):

    python scripts/make_basemap.py

Source: ``countries-110m.json`` of the ``world-atlas`` npm package 2.0.2 (ISC licence),
itself Natural Earth 1:110m admin-0 countries (public domain). The TopoJSON is decoded
to lon/lat polylines separated by nulls, the form a plotly scatter trace draws (and
fills) directly, so the browser needs no TopoJSON library; each country's slice of them is
indexed by its ISO3 code (the store's ``country``) for the choropleth. The output is a pure function
of the pinned tarball (its sha512 is checked), so re-running it gives the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pycountry
from npm_package import pinned_json

PACKAGE = "world-atlas@2.0.2"
INTEGRITY = ("sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU"
             "5lFHcYa5ChG0LQ==")
MEMBER = "countries-110m.json"
OUTPUT = Path(__file__).resolve().parent.parent / "tidings" / "web" / "basemap.json"
DECIMALS = 2  # ~1 km: finer than the 1:110m source


def fetch_topology() -> dict:
    """The pinned world-atlas tarball's countries-110m.json, integrity checked."""
    return pinned_json(PACKAGE, INTEGRITY, (MEMBER,))[MEMBER]  # type: ignore[return-value]


# The three Natural Earth shapes without an ISO number, as the gazetteer codes their places.
UNNUMBERED = {"Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM"}


def country_code(geometry: dict) -> str:
    """A shape's ISO 3166 alpha-3 code, the ``country`` the store gives an event there."""
    if "id" not in geometry:
        return UNNUMBERED[geometry["properties"]["name"]]
    return pycountry.countries.get(numeric=geometry["id"]).alpha_3


def country_rings(topology: dict) -> list[tuple[str, list[list[tuple[float, float]]]]]:
    """Each country's ISO3 code and polygon rings, in lon/lat (quantised arcs decoded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])],
                    "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])
        rings = []
        for polygon in polygons:
            for ring in polygon:
                points: list[tuple[float, float]] = []
                for index in ring:
                    arc = arcs[index] if index >= 0 else arcs[~index][::-1]
                    points.extend(arc[1:] if points else arc)
                rings.append(points)
        out.append((country_code(geometry), rings))
    return out


def polylines(topology: dict) -> dict:
    """Rings as one lon and one lat list, each ring ended by null, cut (not drawn across)
    at the antimeridian; consecutive points equal after rounding are dropped. ``countries``
    gives each ISO3 code's [start, end) slices of those lists, so the dashboard can fill a
    country (choropleth) without a second copy of its outline."""
    lon: list[float | None] = []
    lat: list[float | None] = []
    countries: dict[str, list[list[int]]] = {}
    for code, rings in country_rings(topology):
        start = len(lon)
        for ring in rings:
            previous = None
            for x, y in ring:
                point = (round(x, DECIMALS), round(y, DECIMALS))
                if point == previous:
                    continue
                if previous is not None and abs(point[0] - previous[0]) > 180:
                    lon.append(None)
                    lat.append(None)
                lon.append(point[0])
                lat.append(point[1])
                previous = point
            lon.append(None)
            lat.append(None)
        countries.setdefault(code, []).append([start, len(lon)])
    return {"source": "Natural Earth 1:110m countries (public domain), via the world-atlas "
                      "2.0.2 npm package (ISC); regenerate with scripts/make_basemap.py",
            "lon": lon, "lat": lat, "countries": dict(sorted(countries.items()))}


def main() -> None:
    OUTPUT.write_text(json.dumps(polylines(fetch_topology()), separators=(",", ":")) + "\n",
                      encoding="utf-8")
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
