"""The FastAPI app, served by a real uvicorn on localhost, queried over real HTTP."""

import json
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest
from newsroom import ingest_reports, running

from tidings.api import create_app

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def db(pipeline, tmp_path_factory):
    return ingest_reports(pipeline, tmp_path_factory.mktemp("api") / "events.duckdb")


@pytest.fixture(scope="module")
def api(db, pipeline):
    with running(create_app(db, pipeline=pipeline)) as url, httpx.Client(base_url=url) as client:
        yield client


def test_events_filter_sort_and_page(api):
    everything = api.get("/events", params={"limit": 500}).json()
    assert everything["total"] == len(everything["events"]) > 8
    protests = api.get("/events", params={"event_type": "PROTEST"}).json()
    assert [e["article_id"] for e in protests["events"]] == ["nairobi-1"]
    ukraine = api.get("/events", params={"country": "UKR", "actor": "RUS"}).json()
    assert {e["article"]["outlet"] for e in ukraine["events"]} == {"Eastern Herald", "Wire One"}
    oldest = api.get("/events", params={"sort": "date", "limit": 3}).json()["events"]
    assert [e["date"] for e in oldest] == sorted(e["date"] for e in oldest)
    assert oldest[0]["date"] == min(e["date"] for e in everything["events"] if e["date"])
    first, second = (api.get("/events", params={"limit": 4, "offset": o}).json()["events"]
                     for o in (0, 4))
    assert not {e["event_id"] for e in first} & {e["event_id"] for e in second}
    boxed = api.get("/events", params={"bbox": "-10,10,10,20"}).json()["events"]
    assert boxed and all(e["location"]["country"] in {"MLI", "NER"} for e in boxed)
    found = api.get("/events", params={"q": "tax law"}).json()
    assert found["total"] == 1
    negated = api.get("/events", params={"flag": "negated"}).json()["events"]
    assert [e["flags"]["negated"] for e in negated] == [True]


@pytest.mark.parametrize("params", [
    {"limit": 10_000}, {"offset": -1}, {"event_type": "BOMB"}, {"actor": "MLI' OR '1'='1"},
    {"date_from": "yesterday"}, {"bbox": "1,2,3"}, {"sort": "event_id; DROP TABLE events"},
    {"flag": "secret"}, {"q": "x" * 500},
])
def test_bad_parameters_are_rejected(api, params):
    response = api.get("/events", params=params)
    assert response.status_code == 422, response.text


def test_event_detail_has_highlightable_evidence(api):
    menaka = api.get("/events", params={"q": "killing four soldiers"}).json()["events"]
    attack = next(e for e in menaka if e["trigger"]["text"] == "attacked")
    detail = api.get(f"/events/{attack['event_id']}").json()
    sentence = detail["sentence"]["text"]
    roles = {span["role"] for span in detail["evidence"]}
    assert {"trigger", "actor", "recipient", "place", "date"} <= roles
    for span in detail["evidence"]:
        assert span["in_sentence"]
        assert sentence[span["sentence_start"]:span["sentence_end"]] == span["text"]
    assert api.get("/events/0123456789abcdef").status_code == 404
    assert api.get("/events/not-an-id").status_code == 422


def test_clusters_stats_network(api):
    clusters = api.get("/clusters", params={"min_articles": 2}).json()["clusters"]
    top = clusters[0]
    assert (top["n_articles"], top["n_sources"], top["first_reported"]) == (3, 3, "2024-05-14")
    assert {c["country"] for c in clusters} == {"MLI", "UKR"}
    members = api.get("/events", params={"cluster": top["cluster_id"]}).json()
    assert members["total"] == top["n_events"]
    stats = api.get("/stats", params={"event_type": "ASSAULT"}).json()
    counts = stats["counts"]
    assert (stats["undated"], stats["out_of_range"]) == (0, 0)
    assert {"date": "2024-05-12", "event_type": "ASSAULT", "country": "UKR",
            "count": 2} in counts
    mapped = api.get("/map").json()
    menaka = mapped["events"][0]  # the most reported
    assert (menaka["location"], menaka["reports"], menaka["killed"]) == ("Ménaka", 3, 4)
    reports = api.get("/events", params={"limit": 500}).json()["events"]
    placeless = [e for e in reports if not (e["location"] and e["location"]["lat"])]
    assert mapped["located"] == len(mapped["events"]) and mapped["unlocated"] == len(placeless)
    assert len(api.get("/map", params={"limit": 2}).json()["events"]) == 2
    network = api.get("/network").json()
    assert network["quad_classes"][3] == "material conflict"
    assert all(-1 <= node["x"] <= 1 and -1 <= node["y"] <= 1 for node in network["nodes"])
    assert len(api.get("/network", params={"actors": 3}).json()["nodes"]) == 3
    edges = network["edges"]
    rebels_on_army = next(e for e in edges
                          if (e["source"], e["target"]) == ("MLIREB", "MLIMIL"))
    assert rebels_on_army["dominant_type"] == "ASSAULT"
    assert [e["count"] for e in edges] == sorted((e["count"] for e in edges), reverse=True)


def test_country_counts_and_density_are_aggregated_by_the_store(api):
    reports = api.get("/events", params={"limit": 500}).json()["events"]
    by_country: dict[str, int] = {}
    for e in reports:
        if e["location"] and e["location"]["country"]:
            by_country[e["location"]["country"]] = by_country.get(e["location"]["country"], 0) + 1
    counted = api.get("/countries").json()
    assert {c["country"]: c["events"] for c in counted["countries"]} == by_country
    assert counted["without_country"] == len(reports) - sum(by_country.values())
    assert api.get("/countries", params={"country": "UKR"}).json()["countries"] == [
        {"country": "UKR", "events": by_country["UKR"]}]

    located = [e["location"] for e in reports if e["location"] and e["location"]["lat"]]
    grid = api.get("/density", params={"cell": 10}).json()
    assert sum(grid["events"]) == len(located)
    menaka = next(p for p in located if p["name"] == "Ménaka")  # 15.9 N, 2.4 E: cell (0, 1)
    cells = dict(zip(zip(grid["x"], grid["y"], strict=True), grid["events"], strict=True))
    assert cells[(menaka["lon"] // 10, menaka["lat"] // 10)] >= 3  # its three reports
    inside = api.get("/density", params={"cell": 0.5, "bbox": "-10,0,10,20"}).json()
    assert 3 <= sum(inside["events"]) < len(located)
    assert api.get("/density", params={"cell": 0}).status_code == 422


def test_admin1_counts_are_aggregated_by_the_store_and_every_division_has_a_shape(api):
    reports = api.get("/events", params={"limit": 500}).json()["events"]
    by_division: dict[tuple[str, str], int] = {}
    for e in reports:
        if e["location"] and e["location"]["country"] and e["location"]["admin1"]:
            division = (e["location"]["country"], e["location"]["admin1"])
            by_division[division] = by_division.get(division, 0) + 1
    counted = api.get("/admin1").json()
    assert {(d["country"], d["admin1"]): d["events"] for d in counted["divisions"]} == by_division
    assert len(by_division) >= 5
    assert counted["without_admin1"] == len(reports) - sum(by_division.values())
    mali = api.get("/admin1", params={"country": "MLI"}).json()["divisions"]
    assert mali and {d["country"] for d in mali} == {"MLI"}

    outlines = api.get("/admin1.json")  # gzipped on the wire, decoded by the client
    assert outlines.headers["content-encoding"] == "gzip"
    assert int(outlines.headers["content-length"]) < len(outlines.content) / 2
    shapes = outlines.json()
    for country, admin1 in by_division:
        assert shapes["divisions"][country][admin1], (country, admin1)


@pytest.mark.parametrize(("cache_mb", "at_start", "asked"), [(64, 4, 1), (0, 0, 2)])
def test_answers_are_kept_unless_the_budget_is_zero(db, pipeline, cache_mb, at_start, asked):
    """Kept, the dashboard's first view is computed as the server starts (4 answers) and a
    query asked twice is computed once; with no budget, nothing at start and each time."""
    app = create_app(db, pipeline=pipeline, answer_cache_mb=cache_mb)
    answers = app.state.answers
    with running(app) as url, httpx.Client(base_url=url) as client:
        deadline = time.monotonic() + 30
        while answers.computed < at_start and time.monotonic() < deadline:
            time.sleep(0.05)
        assert answers.computed == at_start
        first, again = (client.get("/stats", params={"country": "UKR"}) for _ in range(2))
        assert first.json() == again.json() and first.json()["counts"]
        assert answers.computed == at_start + asked


def test_extract_returns_records_and_stores_nothing(api):
    before = api.get("/events").json()["total"]
    response = api.post("/extract", json={
        "text": "Ethiopian troops clashed with rebels near Gondar on Friday.",
        "date": "2024-06-01"})
    assert response.status_code == 200
    [record] = response.json()["events"]
    assert record["event_type"] == "ASSAULT" and record["date"] == "2024-05-31"
    assert api.get("/events").json()["total"] == before
    assert api.post("/extract", json={"text": "word " * 30_000}).status_code == 422
    assert api.post("/extract", content=b"x" * 1_100_000,
                    headers={"content-type": "application/json"}).status_code == 413


def test_ingest_is_refused_without_a_token_server(api):
    response = api.post("/ingest", json={"articles": [{"text": "Rebels attacked Goma."}]},
                        headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 403


def test_ingest_with_token(pipeline, tmp_path):
    article = {"text": "Sudanese troops clashed with rebels near Kassala on Monday.",
               "date": "2024-06-04", "outlet": "Red Sea Wire", "url": "https://rsw.example/1"}
    app = create_app(tmp_path / "rw.duckdb", token=TOKEN, pipeline=pipeline)
    with running(app) as url, httpx.Client(base_url=url) as client:
        body = {"articles": [article]}
        assert client.post("/ingest", json=body).status_code == 401
        wrong = client.post("/ingest", json=body, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        good = {"Authorization": f"Bearer {TOKEN}"}
        assert client.get("/events", params={"country": "SDN"}).json()["total"] == 0
        first = client.post("/ingest", json=body, headers=good).json()
        assert (first["stored"], first["known"]) == (1, 0) and first["events"] >= 1
        again = client.post("/ingest", json=body, headers=good).json()
        assert (again["stored"], again["known"]) == (0, 1)
        stored = client.get("/events", params={"country": "SDN"}).json()
        assert stored["total"] == first["events"]  # not the answer from before the ingest


def test_openapi_docs_are_served_from_our_own_server(api):
    for page in ("/docs", "/redoc"):
        html = api.get(page).text
        assert "<script" in html and "http://" not in html and "https://" not in html, page
    assert api.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
    paths = api.get("/openapi.json").json()["paths"]
    assert {"/events", "/events/{event_id}", "/clusters", "/stats", "/network", "/extract",
            "/ingest"} <= set(paths)


def test_reads_are_answered_while_extractions_run_and_a_flood_is_refused(db, pipeline):
    places = ("Goma", "Beni", "Bunia", "Butembo", "Uvira", "Bukavu")
    article = {"text": "\n\n".join(
        f"Rebels attacked the town of {places[i % 6]} on Monday, killing {i + 2} soldiers, "
        "officials said." for i in range(300))}  # about 2 s to extract
    answers: dict[int, httpx.Response] = {}

    def post(k: int) -> None:
        answers[k] = httpx.post(f"{url}/extract", json=article, timeout=120)

    with running(create_app(db, pipeline=pipeline, max_waiting=2)) as url:
        clients = [threading.Thread(target=post, args=(k,)) for k in range(3)]
        for client in clients:  # one extracting, one waiting, one too many
            client.start()
            time.sleep(0.2)
        read = httpx.get(f"{url}/stats", timeout=120)
        assert read.status_code == 200 and clients[0].is_alive(), "the read waited"
        for client in clients:
            client.join()
    assert [answers[k].status_code for k in range(3)] == [200, 200, 503]
    assert len(answers[0].json()["events"]) >= 250
    assert "busy" in answers[2].text and answers[2].headers["retry-after"]


def test_serve_answers_its_own_address_and_the_hosts_allowed(db):
    with socket.socket() as sock:
        sock.bind(("127.0.0.2", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "tidings.cli", "serve", "--db", str(db), "--host", "127.0.0.2",
         "--port", str(port), "--allowed-host", "events.example"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.2:{port}/stats"
    try:
        for _ in range(120):
            try:
                answered = httpx.get(url)
                break
            except httpx.TransportError:
                assert server.poll() is None, "tidings serve exited"
                time.sleep(0.25)
        assert answered.status_code == 200  # Host: 127.0.0.2:PORT, the address it serves on
        assert httpx.get(url, headers={"Host": "events.example"}).status_code == 200
        assert httpx.get(url, headers={"Host": "evil.example"}).status_code == 400
    finally:
        server.terminate()
        server.wait(timeout=30)


def _post_json(client: httpx.Client, path: str, body: dict) -> httpx.Response:
    """As a client that escapes non-ASCII sends it: a lone surrogate as "\\ud800"."""
    return client.post(path, content=json.dumps(body).encode("ascii"),
                       headers={"content-type": "application/json"})


@pytest.mark.parametrize(("field", "value", "reason"), [
    ("text", "Rebels shelled the port \ud800 of Hodeidah.", "unicode"),
    ("title", "Port \udfff shelled", "unicode"),
    ("date", "9999-12-31", "not between"),
    ("date", "0001-01-01", "not between"),
])
def test_extract_refuses_what_cannot_be_right_with_a_reason(api, field, value, reason):
    article = {"text": "Rebels shelled the port of Hodeidah on Monday.", field: value}
    response = _post_json(api, "/extract", article)
    assert response.status_code == 422 and reason in response.text


def test_ingest_never_answers_500(pipeline, tmp_path):
    app = create_app(tmp_path / "rw.duckdb", token=TOKEN, pipeline=pipeline)
    good = {"Authorization": f"Bearer {TOKEN}"}
    huge = {"text": "Gunmen killed 99999999999999999999 villagers near Kassala on Monday.",
            "date": "2024-06-04"}
    with running(app) as url, httpx.Client(base_url=url, headers=good) as client:
        for bad in ({"text": "Raid \udc00 on Kassala."}, {"text": "Raid.", "date": "9999-12-31"},
                    {"text": "Raid.", "date": "0001-01-01"}):
            response = _post_json(client, "/ingest", {"articles": [bad]})
            assert response.status_code == 422, response.text
        stored = client.post("/ingest", json={"articles": [huge]})
        assert stored.status_code == 200 and stored.json()["stored"] == 1
        [event] = client.get("/events").json()["events"]
        assert event["counts"]["killed"] is None, "no such count is stored"


def test_text_search_matches_underscores_and_percents_literally(api):
    assert api.get("/events", params={"limit": 500}).json()["total"] > 0
    for wildcard in ("_", "%", "__", "a_b"):
        assert api.get("/events", params={"q": wildcard}).json()["total"] == 0


def test_static_serves_dashboard_files_only(api):
    assert api.get("/static/app.js").status_code == 200
    assert api.get("/static/style.css").status_code == 200
    for path in ("/static/__init__.py", "/static/package.json", "/static/__pycache__/x.pyc"):
        assert api.get(path).status_code == 404, path


def test_only_loopback_hosts_are_served_by_default_and_every_answer_is_guarded(
        api, db, pipeline):
    # a page elsewhere whose domain resolves to 127.0.0.1 (DNS rebinding) is turned away
    assert api.get("/events", headers={"Host": "evil.example"}).status_code == 400
    for loopback in ("localhost:8000", "127.0.0.1", "[::1]:8000"):
        assert api.get("/events", headers={"Host": loopback}).status_code == 200, loopback
    for path in ("/", "/events", "/docs", "/no-such-page"):
        headers = api.get(path).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
    shared = create_app(db, pipeline=pipeline, allowed_hosts=("events.example",))
    with running(shared) as url, httpx.Client(base_url=url) as client:
        assert client.get("/stats", headers={"Host": "events.example"}).status_code == 200
        assert client.get("/stats").status_code == 400  # 127.0.0.1 was not named


def test_answers_are_written_as_fastapi_would_write_them():
    from datetime import date, datetime
    from decimal import Decimal

    from fastapi.encoders import jsonable_encoder
    from fastapi.responses import JSONResponse

    from tidings.api import json_bytes

    answer = {"date": date(2024, 5, 1), "at": datetime(2024, 5, 1, 12, 30),
              "mean": Decimal("2.5"), "codes": ("SYR", "TUR"), "place": "Ma'arat al-Nu\u02bfman",
              "counts": [{"n": 3, "share": 0.25, "missing": None}]}
    assert json_bytes(answer) == JSONResponse(jsonable_encoder(answer)).body
