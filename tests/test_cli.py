"""The command line, run as a user runs it: a real subprocess on real files."""

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sahel-border-clashes.txt"


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "tidings.cli", *args], input=stdin,
                          capture_output=True, text=True, timeout=600)


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


def test_json_format_and_output_file(tmp_path):
    out = tmp_path / "events.json"
    result = run("extract", str(EXAMPLE), "--format", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    records = json.loads(out.read_text())
    assert isinstance(records, list) and records
    assert all(r["date_precision"] in (None, "day", "week", "month", "season", "year")
               for r in records), "without a publication date nothing is 'article'-dated"


def test_bad_jsonl_lines_are_named_and_counted(tmp_path):
    path = tmp_path / "batch.jsonl"
    good = {"id": "g1", "text": "Police arrested dozens of protesters in Nairobi on Monday."}
    path.write_text(json.dumps(good) + "\n{broken\n" + json.dumps({"id": "x"}) + "\n")
    result = run("extract", str(path), "--date", "2023-07-12")
    assert result.returncode == 0
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
