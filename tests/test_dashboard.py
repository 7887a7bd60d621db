"""The dashboard and the API docs in a real headless Chromium, against a real server and
store.

Needs Debian's chromium and chromium-driver (installed by .ci/run); skipped outside CI
when they are missing. Every request the browser makes is read from its performance log,
so a page that fetches anything from outside our server fails. The screenshot goes to
test-output/dashboard.png.
"""

import json
import os
import re
import shutil
import time
from datetime import date
from pathlib import Path
from urllib.request import urlopen

import pytest
from newsroom import (
    cooperation_articles,
    off_timeline_articles,
    reciprocal_articles,
    report_articles,
    running,
)

from tidings.api import create_app
from tidings.model import Article
from tidings.store import Store

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

OUTPUT = Path(os.environ.get("TIDINGS_TEST_OUTPUT", Path(__file__).parent.parent / "test-output"))
DRIVER = shutil.which("chromedriver")
# A second event at Nairobi's centre: two events the map cannot part by zooming.
NAIROBI_POLICE = Article(text="Police fired tear gas at protesters in Nairobi on Tuesday.",
                         id="nairobi-2", date=date(2024, 5, 15), outlet="Lakeside Post")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if DRIVER is None:
        if os.environ.get("CI"):
            pytest.fail("chromium-driver is not installed")
        pytest.skip("chromium-driver is not installed")
    options = webdriver.ChromeOptions()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--window-size=1400,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER),
                              options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def dashboard_db(pipeline, tmp_path_factory):
    path = tmp_path_factory.mktemp("dashboard") / "events.duckdb"
    with Store(path) as store:
        store.ingest(pipeline,
                     report_articles() + off_timeline_articles() + cooperation_articles()
                     + reciprocal_articles() + [NAIROBI_POLICE])
    return path


@pytest.fixture(scope="module")
def site(dashboard_db):
    with running(create_app(dashboard_db)) as url:
        yield url


def _loaded(driver, times: int = 1) -> None:
    WebDriverWait(driver, 30).until(
        lambda d: int(d.execute_script("return document.body.dataset.loaded || 0")) >= times)


def _charts_inside_panels(driver) -> bool:
    """Whether every chart's drawing fits inside its panel (none spills over another)."""
    return driver.execute_script("""
        return ["map", "timeline", "network"].every((id) => {
            const chart = document.querySelector(`#${id} .main-svg`).getBoundingClientRect();
            const panel = document.getElementById(id).closest(".panel").getBoundingClientRect();
            return chart.left >= panel.left && chart.right <= panel.right + 0.5;
        });
    """)


def _requested(driver) -> set[str]:
    """URLs the browser requested since the last call (from its performance log)."""
    messages = (json.loads(entry["message"])["message"]
                for entry in driver.get_log("performance"))
    return {m["params"]["request"]["url"] for m in messages
            if m["method"] == "Network.requestWillBeSent"}


def _all_local(urls: set[str], site: str) -> bool:
    # chrome:// pages are the browser's own (a new tab's favicon), never the network
    return all(url.startswith((site + "/", "data:", "blob:", "chrome:")) for url in urls)


def _overlap(driver, first: str, second: str) -> bool:
    """Whether the boxes of two elements (CSS selectors) intersect on screen."""
    return driver.execute_script("""
        const [a, b] = [...arguments].map((s) => document.querySelector(s).getBoundingClientRect());
        if (!a.width || !b.width) throw new Error("an element is not displayed");
        return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    """, first, second)


def _network_labels_overlap(driver) -> bool:
    return driver.execute_script("""
        const boxes = [...document.querySelectorAll("#network .textpoint text")]
            .filter((t) => t.textContent).map((t) => t.getBoundingClientRect());
        return boxes.some((a, i) => boxes.slice(i + 1).some((b) =>
            a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom));
    """)


def _network_point(driver, trace: int, code: str):
    """The drawn marker of ``code`` (an actor, "A>B" for an edge, "A&B" for a reciprocal one)
    in a network trace
    (-1 actors, -2 edges)."""
    index = driver.execute_script(
        "const d = document.getElementById('network').data; "
        "return d[d.length + arguments[0]].customdata.indexOf(arguments[1])", trace, code)
    assert index >= 0, code
    traces = driver.find_elements(By.CSS_SELECTOR, "#network .scatterlayer .trace")
    return traces[trace].find_elements(By.CSS_SELECTOR, ".point")[index]


def _map_shown(driver) -> tuple[int, int]:
    """How many events the map draws alone, and how many inside cluster bubbles."""
    return tuple(driver.execute_script("""
        const traces = document.getElementById("map").data;
        const crowd = traces.find((t) => t.name === "clusters");
        const alone = traces.filter((t) => t.mode === "markers" && t.customdata)  // events
            .reduce((n, t) => n + t.x.length, 0);
        return [alone, crowd.text.reduce((n, count) => n + Number(count), 0)];
    """))


def _table_types(driver) -> list[str]:
    return [row.get_attribute("data-type")
            for row in driver.find_elements(By.CSS_SELECTOR, "#events tbody tr")]


def test_dashboard_maps_filters_and_shows_evidence(browser, site):
    _requested(browser)
    browser.get(site + "/")
    _loaded(browser)
    requested = _requested(browser)
    assert site + "/basemap.json" in requested and _all_local(requested, site)
    land = browser.execute_script("return document.getElementById('map').data[0].x.length")
    assert land > 1000  # the offline basemap is drawn
    assert len(set(_table_types(browser))) > 3
    note = browser.find_element(By.ID, "timeline-note").text
    assert note == "not shown: 1 undated, 1 dated over a month before their report or after it"
    assert not _overlap(browser, "#timeline .legend", "#timeline .modebar")

    Select(browser.find_element(By.NAME, "event_type")).select_by_value("PROTEST")
    _loaded(browser, 2)
    assert _table_types(browser) == ["PROTEST"]
    assert "event_type=PROTEST" in browser.current_url
    bars = browser.execute_script(
        "return document.getElementById('timeline').data.map(t => t.name)")
    assert bars == ["PROTEST"]

    browser.find_element(By.CSS_SELECTOR, "#events tbody tr").click()
    WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#event-body mark.trigger"))
    marks = {role: m.text  # one mark may carry several roles ("recipient place")
             for m in browser.find_elements(By.CSS_SELECTOR, "#event-body .sentence mark")
             for role in m.get_attribute("class").split()}
    assert marks["trigger"] == "protested" and marks["place"] == "Nairobi"
    assert marks["actor"] == "students" and "event=" in browser.current_url
    assert "the trigger lexicon" in browser.find_element(By.ID, "event-body").text
    WebDriverWait(browser, 10).until(lambda d: _charts_inside_panels(d))
    assert not _overlap(browser, "#event", "#timeline")

    OUTPUT.mkdir(parents=True, exist_ok=True)
    shot = OUTPUT / "dashboard.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


def test_filters_in_the_url_are_restored(browser, site):
    browser.get(site + "/?country=UKR")
    _loaded(browser)
    assert browser.find_element(By.NAME, "country").get_attribute("value") == "UKR"
    places = {td.text for td in browser.find_elements(By.CSS_SELECTOR, "#events td:nth-child(5)")}
    assert places == {"Kharkiv"}


def test_api_docs_render_offline(browser, site):
    _requested(browser)
    browser.get(site + "/docs")
    WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#swagger-ui .opblock-summary-path"))
    paths = {p.text.replace("\u200b", "") for p in browser.find_elements(
        By.CSS_SELECTOR, "#swagger-ui .opblock-summary-path")}
    assert {"/events", "/network", "/stats"} <= paths
    assert _all_local(_requested(browser), site)


def _blocked_local_content(driver, site: str) -> list[str]:
    """Console messages since the last call of the content security policy blocking
    something of this server's own (blocking what pages try to load from outside is its
    job: ReDoc's footer logo)."""
    return [m for entry in driver.get_log("browser")
            if "Content Security Policy" in (m := entry["message"])
            and not any(not url.startswith(site) for url in
                        re.findall(r"'(https?://[^']*)'", m.split(" - ", 1)[-1]))]


def test_dashboard_and_api_docs_work_under_the_content_security_policy(browser, site):
    ready = {"/": "document.body.dataset.loaded",
             "/docs": "document.querySelector('#swagger-ui .opblock-summary-path')",
             "/redoc": "document.querySelector('.redoc-wrap .api-content h2')"}
    browser.get_log("browser")
    for page, shown in ready.items():
        browser.get(site + page)
        WebDriverWait(browser, 30).until(lambda d, shown=shown: d.execute_script(
            f"return Boolean({shown})"))
        time.sleep(1)  # for what the page starts once shown (ReDoc's search worker)
        assert _blocked_local_content(browser, site) == [], page


def test_network_colours_labels_hovers_and_filters(browser, site):
    browser.get(site + "/")
    _loaded(browser)
    network = "return document.getElementById('network').data"
    colours = {t["name"]: t["line"]["color"] for t in browser.execute_script(network)
               if t["mode"] == "lines"}
    assert colours["MLIMIL MLIREB"] == "rgb(220,38,38)"  # conflict
    assert colours["MLIGOV RUSGOV"] == "rgb(37,99,235)"  # cooperation
    labels = browser.execute_script(network)[-1]["text"]
    assert labels[0] and not _network_labels_overlap(browser)
    browser.save_screenshot(str(OUTPUT / "network.png"))

    ActionChains(browser).move_to_element(_network_point(browser, -2, "MLIMIL>MLIREB")).perform()
    hover = WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#network .hoverlayer .hovertext"))
    assert "MLIMIL → MLIREB: 2 event(s)" in hover[0].text
    assert "material conflict 2" in hover[0].text

    ActionChains(browser).move_to_element(_network_point(browser, -1, "RUSGOV")).click().perform()
    _loaded(browser, 2)
    assert browser.find_element(By.NAME, "actor").get_attribute("value") == "RUSGOV"
    assert "actor=RUSGOV" in browser.current_url
    assert set(_table_types(browser)) == {"AID", "ASSAULT"}  # its aid to Mali, its shelling


def test_network_edge_of_a_reciprocal_event_filters_the_pair(browser, site):
    browser.get(site + "/")
    _loaded(browser)
    edge = _network_point(browser, -2, "NERGOV&TCDGOV")  # "Chad and Niger agreed"
    ActionChains(browser).move_to_element(edge).perform()
    hover = WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#network .hoverlayer .hovertext"))
    assert "NERGOV ↔ TCDGOV: 1 event(s)" in hover[0].text
    ActionChains(browser).move_to_element(edge).click().perform()
    _loaded(browser, 2)
    assert browser.find_element(By.NAME, "party").get_attribute("value") == "TCDGOV"
    assert browser.find_element(By.NAME, "recipient").get_attribute("value") == ""
    assert "actor=NERGOV" in browser.current_url and "party=TCDGOV" in browser.current_url
    assert _table_types(browser) == ["AGREE"]


def test_network_shows_the_top_actors_asked_for(browser, site):
    browser.get(site + "/?actors=3")
    _loaded(browser)
    assert browser.find_element(By.ID, "actors").get_attribute("value") == "3"
    actors = browser.execute_script(
        "const d = document.getElementById('network').data; return d[d.length - 1].customdata")
    everyone = json.loads(urlopen(site + "/network").read())["nodes"]
    assert len(everyone) > 3 and actors == [node["code"] for node in everyone[:3]]


def test_map_clusters_crowded_events_and_zooms_in(browser, site):
    browser.get(site + "/")
    _loaded(browser)
    reports = json.loads(urlopen(site + "/events?limit=500").read())["events"]
    located = {e["cluster_id"] for e in reports if e["location"] and e["location"]["lat"]}
    alone, crowded = _map_shown(browser)
    assert alone + crowded == len(located)  # each reported event once, its reports grouped
    assert browser.find_element(By.ID, "map-note").text.startswith(f"{len(located)} located")
    assert crowded >= 3  # Menaka, Gao, Timbuktu and Niamey crowd together at this scale

    bubble = browser.find_element(By.CSS_SELECTOR, "#map .scatterlayer .trace:last-child .point")
    ActionChains(browser).move_to_element(bubble).click().perform()
    WebDriverWait(browser, 10).until(lambda d: _map_shown(d)[1] < crowded)
    span = browser.execute_script(
        "const r = document.getElementById('map').layout.xaxis.range; return r[1] - r[0]")
    assert span < 20

    Select(browser.find_element(By.ID, "size-by")).select_by_value("killed")
    browser.execute_script(
        "Plotly.relayout('map', {'xaxis.range': [-5, 6], 'yaxis.range': [12, 20]})")
    assaults = """return document.getElementById("map").data.find((t) => t.name === "ASSAULT")"""
    WebDriverWait(browser, 10).until(  # Menaka's marker stands alone
        lambda d: any(abs(lon - 2.4) < 0.1 for lon in d.execute_script(assaults)["x"]))
    sizes = browser.execute_script(assaults)["marker"]["size"]
    assert max(sizes) > min(sizes)  # the Menaka clash, four killed, is drawn larger


def test_map_lists_the_events_that_share_one_place(browser, site):
    browser.get(site + "/")
    _loaded(browser)
    browser.execute_script(
        "Plotly.relayout('map', {'xaxis.range': [34, 40], 'yaxis.range': [-4, 2]})")
    bubble = WebDriverWait(browser, 10).until(lambda d: d.find_elements(
        By.CSS_SELECTOR, "#map .scatterlayer .trace:last-child .point"))[0]
    ActionChains(browser).move_to_element(bubble).click().perform()
    heading = WebDriverWait(browser, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "#event-body h3"))
    assert heading.text == "2 events at Nairobi"
    links = browser.find_elements(By.CSS_SELECTOR, "#event-body a[data-event]")
    assert len(links) == 2
    links[0].click()
    WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#event-body .sentence mark.place"))


def _event_count(driver) -> int:
    return int(driver.find_element(By.ID, "count").text.split()[0])


def test_brushing_the_timeline_filters_every_view_until_cleared(browser, site):
    browser.get(site + "/")
    _loaded(browser)
    everything, map_note = _event_count(browser), browser.find_element(By.ID, "map-note").text
    clear = browser.find_element(By.ID, "clear-dates")
    assert not clear.is_displayed()
    # The bars of the two earliest days, as drawn: drag a box from left of the first to right
    # of the second, as a person would with the mouse.
    days = browser.execute_script("""
        const bars = [...document.querySelectorAll("#timeline .bars .point")].map((bar) => {
            const box = bar.getBoundingClientRect();
            return [bar.__data__.p, box.left, box.right];
        });
        const firsts = [...new Set(bars.map(([day]) => day))].sort((a, b) => a - b).slice(0, 2);
        const chosen = bars.filter(([day]) => firsts.includes(day));
        const drag = document.querySelector("#timeline .nsewdrag").getBoundingClientRect();
        return [firsts.map((ms) => new Date(ms).toISOString().slice(0, 10)),
                Math.min(...chosen.map((b) => b[1])) - 3 - drag.left,
                Math.max(...chosen.map((b) => b[2])) + 3 - drag.left, drag.width, drag.height];
    """)
    (first, second), start, end, width, height = days
    drag = browser.find_element(By.CSS_SELECTOR, "#timeline .nsewdrag")
    ActionChains(browser).move_to_element_with_offset(drag, start - width / 2, 0) \
        .click_and_hold().move_by_offset((end - start) / 2, 5) \
        .move_by_offset((end - start) / 2, 5).release().perform()
    _loaded(browser, 2)

    assert browser.find_element(By.NAME, "date_from").get_attribute("value") == first
    assert browser.find_element(By.NAME, "date_to").get_attribute("value") == second
    assert f"date_from={first}&date_to={second}" in browser.current_url
    dated = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "#events td:first-child")]
    assert dated and all(first <= day <= second for day in dated)
    assert 0 < _event_count(browser) < everything
    assert browser.find_element(By.ID, "map-note").text != map_note
    bars = browser.execute_script(
        "return document.getElementById('timeline').data.flatMap((t) => t.x)")
    assert set(bars) <= {first, second}
    OUTPUT.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(OUTPUT / "timeline-brushed.png"))

    clear.click()
    _loaded(browser, 3)
    assert _event_count(browser) == everything and "date_from" not in browser.current_url
    assert not clear.is_displayed()


def test_choropleth_fills_countries_by_their_counts(browser, site):
    browser.get(site + "/?map=countries")
    _loaded(browser)
    counted = {c["country"]: c["events"] for c in
               json.loads(urlopen(site + "/countries").read())["countries"]}
    assert set(counted) == set(INSIDE_COUNTRY)
    seen = {code: _area_under(browser, *INSIDE_COUNTRY[code]) for code in counted}
    for code, (tip, _) in seen.items():
        assert tip == f"{code}: {counted[code]} event(s), click to filter"
    busiest, quietest = max(counted, key=counted.get), min(counted, key=counted.get)
    assert seen[busiest][1] != seen[quietest][1]  # filled darker
    assert len(browser.find_elements(By.CSS_SELECTOR, "#map .colorbar")) == 1
    assert browser.find_element(By.ID, "map-note").text.startswith(f"{len(counted)} countries")
    browser.save_screenshot(str(OUTPUT / "choropleth.png"))

    browser.find_element(By.ID, "density").click()
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(
        "return document.getElementById('map').data.some((t) => t.name === 'density')"))
    assert "map=countries&density=1" in browser.current_url
    cells = browser.execute_script(
        "return document.getElementById('map').data.find((t) => t.name === 'density').hovertext")
    located = json.loads(urlopen(site + "/map").read())
    assert sum(int(text.split()[0]) for text in cells) >= located["located"]
    browser.save_screenshot(str(OUTPUT / "density.png"))
    density = "return document.getElementById('map').data.find((t) => t.name === 'density')"
    browser.execute_script(
        "Plotly.relayout('map', {'xaxis.range': [-5, 6], 'yaxis.range': [12, 20]})")
    WebDriverWait(browser, 10).until(  # zoomed in to Mali: a finer grid, counted for the view
        lambda d: "in this 0.5° cell" in d.execute_script(density)["hovertext"][0])
    Select(browser.find_element(By.ID, "map-mode")).select_by_value("events")
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(
        "return document.getElementById('map').data.some((t) => t.name === 'clusters')"))
    assert sum(_map_shown(browser)) == located["located"]


def test_the_first_view_is_answered_before_it_is_asked(browser, dashboard_db):
    """A fresh server computes the dashboard's first requests as it starts: opening the page
    then asks the store nothing (at a million events, a second saved)."""
    app = create_app(dashboard_db)
    with running(app) as url:
        answers = app.state.answers
        WebDriverWait(browser, 30).until(lambda _: answers.computed == 4)  # events, map, ...
        browser.get(url + "/")
        _loaded(browser)
        assert answers.computed == 4


# A point inside each country and division the dashboard's store has events in (newsroom.py)
INSIDE_COUNTRY = {"MLI": (-2, 17), "KEN": (37.9, 0.5), "UKR": (32, 49), "NER": (9, 17),
                  "SDN": (30, 15), "SEN": (-14.5, 14.5)}
KHARKIV = (36.25, 49.98)  # the city, in its oblast
INSIDE_DIVISION = {"Ménaka, MLI": (2.4, 15.9), "Kharkiv, UKR": KHARKIV,
                   "Northern Darfur, SDN": (25.35, 13.63)}


def _point_at(driver, lon: float, lat: float) -> ActionChains:
    """The mouse moved to where the map draws ``lon``, ``lat``, as a person would."""
    x, y, width, height = driver.execute_script("""
        const div = document.getElementById("map"), { xaxis, yaxis } = div._fullLayout;
        const box = div.getBoundingClientRect();
        return [xaxis._offset + xaxis.l2p(arguments[0]), yaxis._offset + yaxis.l2p(arguments[1]),
                box.width, box.height];""", lon, lat)
    return ActionChains(driver).move_to_element_with_offset(
        driver.find_element(By.ID, "map"), x - width / 2, y - height / 2)


def _area_under(driver, lon: float, lat: float) -> tuple[str, str]:
    """What pointing at ``lon``, ``lat`` on the choropleth shows: the tip beside the pointer,
    and the colour the map is filled with there."""
    _point_at(driver, lon, lat).perform()
    tip = WebDriverWait(driver, 10).until(
        lambda d: (t := d.find_element(By.ID, "map-tip")).is_displayed() and t)
    fill = driver.execute_script("""
        const div = document.getElementById("map"), { xaxis, yaxis } = div._fullLayout;
        const box = div.getBoundingClientRect();
        const [x, y] = [box.left + xaxis._offset + xaxis.l2p(arguments[0]),
                        box.top + yaxis._offset + yaxis.l2p(arguments[1])];
        const drawn = [...document.querySelectorAll("#map path.js-fill")].filter((fill) =>
            fill.isPointInFill(new DOMPoint(x, y).matrixTransform(fill.getScreenCTM().inverse())));
        return getComputedStyle(drawn.at(-1)).fill;""", lon, lat)  # the topmost
    return tip.text, fill


def test_admin1_choropleth_fetches_its_outlines_only_when_shown(browser, site):
    _requested(browser)
    browser.get(site + "/")
    _loaded(browser)
    assert site + "/admin1.json" not in _requested(browser)  # the first paint does without

    Select(browser.find_element(By.ID, "map-mode")).select_by_value("admin1")
    counted = {f"{d['admin1']}, {d['country']}": d["events"]
               for d in json.loads(urlopen(site + "/admin1").read())["divisions"]}
    note = browser.find_element(By.ID, "map-note")
    WebDriverWait(browser, 30).until(lambda _: note.text.startswith(f"{len(counted)} divisions"))
    assert len(counted) >= 5 and site + "/admin1.json" in _requested(browser)
    assert "without an outline" not in note.text and "map=admin1" in browser.current_url
    seen = {label: _area_under(browser, *where) for label, where in INSIDE_DIVISION.items()}
    for label, (tip, _) in seen.items():
        assert tip == f"{label}: {counted[label]} event(s), click to filter"
    assert seen["Ménaka, MLI"][1] != seen["Northern Darfur, SDN"][1]  # 3 events and 1
    OUTPUT.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(OUTPUT / "admin1.png"))


def _timeline_total(driver) -> int:
    return driver.execute_script(
        "return document.getElementById('timeline').data.flatMap((t) => t.y)"
        ".reduce((a, b) => a + b, 0)")


def test_clicking_a_country_or_division_filters_every_view_until_cleared(browser, site):
    browser.get(site + "/?map=countries")
    _loaded(browser)
    everything, bars = _event_count(browser), _timeline_total(browser)
    kenya = json.loads(urlopen(site + "/events?country=KEN").read())["total"]
    kenya_bars = sum(row["count"] for row in json.loads(
        urlopen(site + "/stats?country=KEN&per_country=false").read())["counts"])
    assert 0 < kenya < everything and not browser.find_element(By.ID, "clear-place").is_displayed()

    _point_at(browser, *INSIDE_COUNTRY["KEN"]).click().perform()
    _loaded(browser, 2)
    assert browser.find_element(By.NAME, "country").get_attribute("value") == "KEN"
    assert "country=KEN" in browser.current_url
    assert _event_count(browser) == kenya and _timeline_total(browser) == kenya_bars < bars
    assert browser.find_element(By.ID, "map-note").text.startswith("1 countries")
    places = {td.text for td in browser.find_elements(By.CSS_SELECTOR, "#events td:nth-child(5)")}
    assert places == {"Nairobi"}
    browser.save_screenshot(str(OUTPUT / "country-clicked.png"))

    browser.find_element(By.ID, "clear-place").click()
    _loaded(browser, 3)
    assert _event_count(browser) == everything and "country" not in browser.current_url

    Select(browser.find_element(By.ID, "map-mode")).select_by_value("admin1")
    note = browser.find_element(By.ID, "map-note")  # the divisions drawn, not the countries
    WebDriverWait(browser, 30).until(lambda _: "divisions" in note.text)
    kharkiv = next(d for d in json.loads(urlopen(site + "/admin1").read())["divisions"]
                   if d["country"] == "UKR")
    assert _area_under(browser, *KHARKIV)[0].startswith("Kharkiv, UKR")
    _point_at(browser, *KHARKIV).click().perform()
    _loaded(browser, 4)
    assert browser.find_element(By.NAME, "admin1").get_attribute("value") == kharkiv["admin1"]
    assert _event_count(browser) == kharkiv["events"] < everything
    assert browser.find_element(By.ID, "map-note").text.startswith("1 divisions")
    assert "country=UKR&admin1=" in browser.current_url
