"""The dashboard's static files, and where its third-party assets come from.

Everything the browser loads is served by our own server, so the dashboard and the API
docs work offline after ``pip install`` alone: plotly.js's basic bundle is
``plotly-basic.min.js`` beside this file (from the ``plotly.js-basic-dist-min`` npm package,
by ``scripts/vendor_plotly.py``), Swagger UI comes from ``fastapi-offline`` (see
``tidings.api``), the world outlines from ``basemap.json`` beside this file, generated
from Natural Earth (public domain) by ``scripts/make_basemap.py``, and the first-level
divisions' from ``admin1.json.gz``, Natural Earth's too, by ``scripts/make_admin1_map.py``.
"""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).parent
BASEMAP = STATIC / "basemap.json"
ADMIN1 = STATIC / "admin1.json.gz"
