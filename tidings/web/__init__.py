"""The dashboard's static files, and the registry-installed assets it needs offline.

Nothing third-party is copied into the repository: plotly.js comes from the ``plotly``
PyPI package (site-packages), the world outlines from the ``world-atlas`` npm package
(Natural Earth 1:110m), installed next to this file by ``npm install --prefix tidings/web``
or pointed to by ``TIDINGS_WORLD_ATLAS``. Without them the dashboard still shows the
events, on a blank map.
"""

from __future__ import annotations

import json
import os
from functools import cache
from importlib.util import find_spec
from pathlib import Path

STATIC = Path(__file__).parent
WORLD_ATLAS = STATIC / "node_modules" / "world-atlas" / "countries-110m.json"


def plotly_js() -> Path | None:
    spec = find_spec("plotly")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "package_data" / "plotly.min.js"
    return path if path.exists() else None


def _rings(topology: dict) -> list[list[list[float]]]:
    """Every polygon ring of a TopoJSON topology, in lon/lat (quantised arcs decoded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([round(x * sx + tx, 3), round(y * sy + ty, 3)])
        arcs.append(points)
    rings = []
    for geometry in next(iter(topology["objects"].values()))["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])],
                    "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])
        for polygon in polygons:
            for ring in polygon:
                points: list[list[float]] = []
                for index in ring:
                    arc = arcs[index] if index >= 0 else arcs[~index][::-1]
                    points.extend(arc[1:] if points else arc)
                rings.append(points)
    return rings


@cache
def basemap() -> dict:
    """Land as lon/lat rings separated by nulls (one plotly trace); empty when the
    world-atlas package is not installed."""
    path = Path(os.environ.get("TIDINGS_WORLD_ATLAS", WORLD_ATLAS))
    if not path.exists():
        return {"lon": [], "lat": [], "source": None}
    lon: list[float | None] = []
    lat: list[float | None] = []
    for ring in _rings(json.loads(path.read_text(encoding="utf-8"))):
        for i, (x, y) in enumerate(ring):
            if i and abs(x - ring[i - 1][0]) > 180:  # cut, not drawn across the antimeridian
                lon.append(None)
                lat.append(None)
            lon.append(x)
            lat.append(y)
        lon.append(None)
        lat.append(None)
    return {"lon": lon, "lat": lat, "source": "Natural Earth 1:110m (world-atlas)"}
