"""The command line, run as a user runs it: a real subprocess on real files."""

import json
import os
import socket
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import httpx
import jsonschema
import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sahel-border-clashes.txt"


def run(*args, stdin=None, env=None):
    return subprocess.run([sys.executable, "-m", "tidings.cli", *args], input=stdin,
                          capture_output=True, text=True, timeout=600,
                          env=None if env is None else {**os.environ, **env})


@pytest.fixture(scope="module")
def schema():
    path = resources.files("tidings") / "schema" / "event.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def example_events():
    result = run("extract", str(EXAMPLE), "--date", "2024-05-15")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_example_output_validates_against_schema(example_events, schema):
    assert len(example_events) >= 5
    for record in example_events:
        jsonschema.validate(record, schema)


def test_example_codes_the_main_events(example_events):
    by_type = {}
    for record in example_events:
        by_type.setdefault(record["event_type"], []).append(record)
    assert {"ASSAULT", "ACCUSE", "MOBILIZE", "CONSULT", "REJECT"} <= set(by_type)
    deployment = next(r for r in by_type["MOBILIZE"] if r["trigger"]["text"] == "deployed")
    assert deployment["actor"][0]["code"] == "NERGOV"
    assert deployment["date"] == "2024-05-15" and deployment["date_text"] == "on Wednesday"


def test_example_events_say_who_told_them_and_keep_to_their_parties(example_events):
    """What a newcomer's first run shows: each line of the quick start's article read right."""
    by_trigger = {r["trigger"]["text"]: r for r in example_events}
    # the headline's "breaking truce" is the body's "violating the ceasefire", told again
    assert "breaking" not in by_trigger
    violating = by_trigger["violating"]
    assert [a["text"] for a in violating["attribution"]] == ["The government"]
    # not Bamako, where the accuser sits (the role head's fill at 0.1 reads "community", of
    # the leaders the ceasefire was agreed with, at the margin: 0.10)
    assert "Bamako" not in [r["text"] for r in violating["recipient"]]
    deployed = by_trigger["deployed"]
    assert [a["text"] for a in deployed["attribution"]] == ["the defence ministry"]
    assert deployed["location_basis"] != "sentence"  # Niamey is where the ministry sits
    assert "Gao" not in [r["text"] for r in by_trigger["sent"]["recipient"]]  # sent from
    withdrew = by_trigger["withdrew"]
    assert [a["text"] for a in withdrew["attribution"]] == ["France"]
    assert [a["code"] for a in withdrew["actor"]] == ["FRAGOV"]
    group = "Islamic State in the Greater Sahara"
    start = next(r for r in example_events if r["trigger"]["text"] == "accused")[
        "recipient"][0]["start"]
    assert all(r["location"] is None or not start <= r["location"]["start"] < start + len(group)
               for r in example_events)


def test_json_format_and_output_file(tmp_path):
    out = tmp_path / "events.json"
    result = run("extract", str(EXAMPLE), "--format", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    records = json.loads(out.read_text())
    assert isinstance(records, list) and records
    assert f"coded 1 article(s), {len(records)} event(s), 0 skipped, in " in result.stderr
    assert all(r["date_precision"] in (None, "day", "week", "month", "season", "year")
               for r in records), "without a publication date nothing is 'article'-dated"


def test_bad_jsonl_lines_are_named_and_counted(tmp_path):
    path = tmp_path / "batch.jsonl"
    good = {"id": "g1", "text": "Police arrested dozens of protesters in Nairobi on Monday."}
    path.write_text(json.dumps(good) + "\n{broken\n" + json.dumps({"id": "x"}) + "\n")
    result = run("extract", str(path), "--date", "2023-07-12")
    assert result.returncode == 3, "some records skipped, the rest done"
    assert f"{path}:2" in result.stderr and f"{path}:3" in result.stderr
    assert "2 input record(s) skipped" in result.stderr
    assert json.loads(result.stdout.splitlines()[0])["article_id"] == "g1"


def test_nothing_readable_exits_2(tmp_path):
    result = run("extract", str(tmp_path / "missing.txt"))
    assert result.returncode == 2
    assert "missing.txt" in result.stderr


def test_bad_date_is_a_usage_error():
    result = run("extract", str(EXAMPLE), "--date", "26/05/2019")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr


def test_stdin_text():
    result = run("extract", "-", "--date", "2022-01-10",
                 stdin="Protesters rallied against the government in Almaty on Sunday.")
    assert result.returncode == 0, result.stderr
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["event_type"] == "PROTEST"


def test_geoparse_lists_places_with_coordinates():
    result = run("geoparse", str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    names = {p["text"]: p for p in record["places"]}
    assert names["Menaka"]["country"] == "MLI" and names["Menaka"]["lat"] is not None
    assert names["Niamey"]["country"] == "NER"


def test_a_folder_of_bad_records_yields_every_good_one_and_names_each_bad_one(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    lines = [
        json.dumps({"id": "surrogate", "text": "Rioters torched a police post in Kano \ud800 "
                    "on Monday."}).encode(),
        json.dumps({"id": "digits", "text": f"Gunmen killed {'7' * 400} villagers in Kano "
                    "on Monday."}).encode(),
        json.dumps({"id": "far-date", "date": "9999-12-31",
                    "text": "Rioters torched a market in Kano on Monday."}).encode(),
        json.dumps({"id": "url-object", "url": {"href": "x"},
                    "text": "Police arrested twelve rioters in Kano on Monday."}).encode(),
        b'{"id": "bad-byte", "text": "Rioters \xfe burned a bus."}',
        json.dumps({"id": "huge-count", "text": "Gunmen killed 99999999999999999999 villagers "
                    "in Kano on Monday."}).encode(),
    ]
    (folder / "a.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (folder / "b.txt").write_text("Soldiers shelled a village near Maiduguri on Sunday.")
    out = tmp_path / "events.jsonl"
    result = run("extract", str(folder), "--date", "2024-03-06", "-o", str(out))
    assert result.returncode == 3, result.stderr
    coded = {json.loads(line)["article_id"] for line in out.read_text().splitlines()}
    assert {"surrogate", "digits", "far-date", "url-object", "huge-count"} <= coded
    assert len(coded) == 6, "and the text file's article"
    assert f"skipped {folder / 'a.jsonl'}:5: UnicodeDecodeError" in result.stderr
    assert "1 input record(s) skipped" in result.stderr
    assert f"warning {folder / 'a.jsonl'}:3" in result.stderr


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_a_publication_date_off_the_calendar_is_a_usage_error(value):
    result = run("extract", str(EXAMPLE), "--date", value)
    assert result.returncode == 2
    assert "1900-01-01" in result.stderr and "Traceback" not in result.stderr


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("tidings 0.")


def test_eval_without_its_data_says_so_in_one_line(tmp_path):
    result = run("eval", "lgl", "--data-dir", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "no gold data at" in result.stderr


def test_eval_of_statements_without_the_coder_is_a_usage_error():
    result = run("eval", "plv_train", "--lexicon-only", "--statements")
    assert result.returncode == 2 and "--statements needs the event coder" in result.stderr


def test_an_unwritable_cache_costs_only_speed(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run("geoparse", "-", stdin="Artillery shelled Kharkiv on Sunday, officials said.",
                 env={"TIDINGS_CACHE": str(blocker / "cache")})
    assert result.returncode == 0, result.stderr
    assert "building the gazetteer" in result.stderr  # the first run says what it does
    assert "cannot cache the gazetteer" in result.stderr
    assert json.loads(result.stdout)["places"][0]["country"] == "UKR"


def test_ingest_into_a_store_a_server_holds_says_what_to_do(tmp_path):
    db = tmp_path / "served.duckdb"
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = subprocess.Popen([sys.executable, "-m", "tidings.cli", "serve", "--db", str(db),
                               "--port", str(port)], stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/stats").status_code == 200:
                    break
            except httpx.TransportError:
                server.poll()
                assert server.returncode is None, "the server died"
                time.sleep(0.1)
        result = run("ingest", str(EXAMPLE), "--db", str(db))
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert result.returncode == 2
    assert "stop the server or ingest through it" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_terminal_sees_live_progress_and_the_records_stay_clean(tmp_path):
    """stderr on a terminal (a pty here): a redrawn status line, then the summary; the
    records written to a file carry none of it."""
    import pty

    leader, follower = pty.openpty()
    out = tmp_path / "events.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "tidings.cli", "extract", str(EXAMPLE), "-o", str(out)],
        stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the process closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    assert process.wait(timeout=600) == 0
    shown = seen.decode("utf-8", "replace")
    assert "coded 0 article(s), 0 event(s)" in shown, "the live line, drawn from the start"
    assert "coded 1 article(s)" in shown
    assert all(json.loads(line)["event_type"] for line in out.read_text().splitlines())
