"""Regenerate ``tidings/web/plotly-basic.min.js``, the dashboard's charting library.

The file is committed so that ``pip install`` alone gives a working, offline dashboard;
this script is only for maintainers who want to rebuild it (it needs ``npm``, used only to
fetch the pinned package from the npm registry; nothing is installed):

    python scripts/vendor_plotly.py

Source: ``plotly-basic.min.js`` of the ``plotly.js-basic-dist-min`` npm package (MIT),
plotly.js's own partial bundle of the scatter, bar and pie traces: all the dashboard draws.
It is 1.2 MB where the full bundle of the ``plotly`` PyPI package is 4.7 MB, and compiling
that took most of the dashboard's first paint (benchmarks/dashboard_paint.py). The output
is the pinned tarball's file, byte for byte (its sha512 is checked).
"""

from __future__ import annotations

from pathlib import Path

from npm_package import pinned_files

PACKAGE = "plotly.js-basic-dist-min@4.1.1"
INTEGRITY = ("sha512-1oNF8PeQx2hv/y7tqEVWKD3JGwn/MGEMQ8mL9HUwsaqG9FGy/OU5FHUHvzqbqxN4mnwZGI9abTiE"
             "775C4kkjMQ==")
MEMBER = "plotly-basic.min.js"
OUTPUT = Path(__file__).resolve().parent.parent / "tidings" / "web" / MEMBER


def main() -> None:
    OUTPUT.write_bytes(pinned_files(PACKAGE, INTEGRITY, (MEMBER,))[MEMBER])
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
