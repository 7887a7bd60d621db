"""The dashboard's first paint on a million events, in a real headless Chromium.

The store is the one ``benchmarks/store_scale.py`` builds (its builder, reused), or an
existing one given with ``--db``. ``tidings serve`` runs on loopback in its own process; a
fresh Chromium (no cache) opens ``/`` and waits for the page's ``tidings:drawn`` mark, set
once the map, the timeline and the network have all been drawn and painted. Its time is
from the start of navigation; the bytes are every response's transfer size as the
browser's resource timing saw it. The first load on the fresh server is reported as
``cold``; the figure is the median of ``--runs`` loads after it. The server answers that
unfiltered view as it starts, so ``filtered`` is the honest worst case: the median of
``--runs`` loads of a view nobody asked before (one year each, of the store's ten), every
answer computed by DuckDB as the page waits; ``divisions``, the median of ``--runs`` loads
with the admin-1 choropleth shown (``?map=admin1``: its outlines fetched and every division
with events filled). Usage:

    python benchmarks/dashboard_paint.py [--events 1000000] [--articles 100] [--runs 3]
        [--db FILE (reused when it exists, else built and kept)] [--json out/paint.json]

Needs Debian's chromium and chromium-driver.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from common import publish
from store_scale import build, scale_arguments, serving

from tidings.evaluate import markdown_table
from tidings.store import Store

TARGET_MS = 2000
FIRST_YEAR = 2016  # of the ten store_scale spreads its copies over
# What the browser fetched: each request's path, bytes over the wire and when it ended.
RESOURCES = """
    const navigation = performance.getEntriesByType("navigation")[0];
    return [navigation, ...performance.getEntriesByType("resource")].map((r) => ({
        url: r.name, bytes: r.transferSize, decoded: r.decodedBodySize,
        end_ms: r.responseEnd}));
"""


def paint(url: str) -> dict:
    """One load of ``url`` in a fresh headless Chromium: when every view was drawn and
    what was fetched."""
    # here, not at the top: report.py imports this module's format_markdown without selenium
    from selenium import webdriver
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    with tempfile.TemporaryDirectory() as profile:
        for flag in ("--headless", "--no-sandbox", "--disable-gpu",
                     "--disable-background-networking", "--window-size=1400,1000",
                     f"--user-data-dir={profile}"):
            options.add_argument(flag)
        service = webdriver.ChromeService(executable_path=shutil.which("chromedriver"))
        driver = webdriver.Chrome(service=service, options=options)
        try:
            driver.get(url)
            drawn = WebDriverWait(driver, 120).until(lambda d: d.execute_script(
                "return performance.getEntriesByName('tidings:drawn')[0]?.startTime"))
            resources = driver.execute_script(RESOURCES)
        finally:
            driver.quit()
    for resource in resources:
        parts = urlsplit(resource.pop("url"))
        resource["path"] = parts.path + (f"?{parts.query}" if parts.query else "")
    return {"drawn_ms": drawn, "bytes": sum(r["bytes"] for r in resources),
            "resources": resources}


def main() -> None:
    parser = scale_arguments(__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    db = args.db or Path(folder.name) / "scale.duckdb"
    if not db.exists():
        build(db, args.events, args.articles, args.data_dir)
    with Store(db, read_only=True) as store:
        counts = store.counts()
    with serving(db) as base:
        cold = paint(base + "/")
        runs = [paint(base + "/") for _ in range(args.runs)]
        filtered = [paint(f"{base}/?date_from={year}-01-01&date_to={year}-12-31")
                    for year in range(FIRST_YEAR, FIRST_YEAR + args.runs)]
        divisions = [paint(base + "/?map=admin1") for _ in range(args.runs)]
    median = statistics.median(run["drawn_ms"] for run in runs)
    result = {"counts": counts, "cold": cold, "runs": runs, "median_drawn_ms": median,
              "median_bytes": statistics.median(run["bytes"] for run in runs),
              "filtered": filtered,
              "median_filtered_ms": statistics.median(run["drawn_ms"] for run in filtered),
              "divisions": divisions,
              "median_divisions_ms": statistics.median(run["drawn_ms"] for run in divisions),
              "target_ms": TARGET_MS, "cpus": os.cpu_count(),
              "load_average": os.getloadavg()[0]}
    publish(result, format_markdown(result), args.json)


def format_markdown(result: dict) -> str:
    """The median paint, against the target, and what the browser fetched for it."""
    runs, median = result["runs"], result["median_drawn_ms"]
    typical = min(runs, key=lambda run: abs(run["drawn_ms"] - median))
    verdict = "under" if median < result["target_ms"] else "OVER"
    each = ", ".join(f"{run['drawn_ms']:.0f}" for run in runs)
    return (f"{result['counts']['events']:,} events in the store. Every view (map, timeline, "
            f"network) drawn and painted {median:.0f} ms after navigation started (median of "
            f"{len(runs)} loads: {each} ms; "
            f"{verdict} the {result['target_ms']} ms target); the first load on a fresh server, "
            f"{result['cold']['drawn_ms']:.0f} ms; a view filtered to one year, never asked "
            f"before, {result['median_filtered_ms']:.0f} ms (median); with the admin-1 "
            f"choropleth shown, {result['median_divisions_ms']:.0f} ms (median). The browser "
            "received "
            f"{result['median_bytes'] / 2**20:.2f} MB (transfer sizes, median). "
            f"{result['cpus']} CPUs, load average {result['load_average']:.1f} at the end. "
            "The load nearest the median:\n\n" + markdown_table([
                {"request": f"`{r['path']}`", "KB": f"{r['bytes'] / 1024:.0f}",
                 "done at ms": f"{r['end_ms']:.0f}"} for r in typical["resources"]])
            + "\n")


if __name__ == "__main__":
    main()
