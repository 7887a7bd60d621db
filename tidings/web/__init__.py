"""The dashboard's static files, and where its third-party assets come from.

Everything the browser loads is served by our own server, so the dashboard and the API
docs work offline after ``pip install`` alone: plotly.js comes from the ``plotly`` PyPI
package, Swagger UI from ``fastapi-offline`` (see ``tidings.api``), and the world outlines
from ``basemap.json`` beside this file, generated from Natural Earth (public domain) by
``scripts/make_basemap.py``.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

STATIC = Path(__file__).parent
BASEMAP = STATIC / "basemap.json"


def plotly_js() -> Path | None:
    spec = find_spec("plotly")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "package_data" / "plotly.min.js"
    return path if path.exists() else None
