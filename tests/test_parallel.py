"""Every core: worker processes give the same records, in the same order, as one pipeline."""

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from tidings.model import Article
from tidings.parallel import WorkerPool

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sahel-border-clashes.txt"
NEWS = [
    "Russian warplanes bombed rebel positions near Idlib on Monday, killing 12 fighters.",
    "The foreign ministers of Egypt and Jordan met in Cairo on Sunday to discuss Gaza.",
    "Protesters marched through Khartoum demanding civilian rule.",
    "Turkey accused Kurdish militants of attacking a border post.",
    "The United States imposed sanctions on three Iranian oil companies.",
    "A football match ended in a draw on Saturday.",
    "Ukrainian forces shelled a Russian depot in Donetsk, officials said.",
]


def records(events_by_article) -> list[dict]:
    return [e.to_dict() for _, events in events_by_article for e in events]


def test_two_workers_give_the_records_of_one_pipeline_in_input_order(pipeline):
    articles = [Article(text=t, id=f"a{i}") for i, t in enumerate(NEWS * 2)]
    with WorkerPool(2) as pool:
        pooled = list(pool.extract_many(iter(articles)))
        assert pool._pool is not None  # the work went to processes
    assert [a.id for a, _ in pooled] == [a.id for a in articles]
    assert records(pooled) == records(pipeline.extract_many(articles))


def test_fewer_articles_than_workers_are_coded_without_starting_processes(pipeline):
    with WorkerPool(4) as pool:
        [(article, events)] = pool.extract_many([Article(text=NEWS[0], id="x")])
        assert pool._pool is None
    assert article.id == "x" and events[0].event_type == "ASSAULT"


def cli_records(*args: str) -> list[dict]:
    run = subprocess.run([sys.executable, "-m", "tidings.cli", *args],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    return [json.loads(line) for line in run.stdout.splitlines()]


def extract(corpus: Path, *options: str) -> list[dict]:
    return cli_records("extract", str(corpus), str(EXAMPLE), "--date", "2024-05-15", *options)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    lines = [json.dumps({"text": t, "id": f"n{i}", "date": "2024-05-15"})
             for i, t in enumerate(NEWS)]
    path = tmp_path_factory.mktemp("parallel") / "news.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def one_worker(corpus) -> list[dict]:
    records = extract(corpus, "--workers", "1")
    assert len({r["article_id"] for r in records}) >= 6
    return records


def test_extract_with_workers_writes_what_one_worker_writes(corpus, one_worker):
    assert extract(corpus, "--workers", "2") == one_worker


def test_extract_on_a_local_ray_instance_writes_what_one_worker_writes(corpus, one_worker):
    assert extract(corpus, "--engine", "ray", "--workers", "2") == one_worker


# Statements and appeals PLOVER drops (CAMEO 01): recorded only with --statements
SAID = ["Egypt expressed deep concern on Tuesday about the renewed clashes along the Libyan "
        "border.",
        "The Japanese foreign ministry declined to comment on the report."]


def test_statements_are_recorded_when_asked_by_every_worker_and_change_nothing_else(
        tmp_path, one_worker, pipeline):
    assert not any(pipeline.extract(Article(text=text)) for text in SAID)
    lines = [json.dumps({"text": t, "id": f"n{i}", "date": "2024-05-15"})
             for i, t in enumerate(NEWS)]
    lines += [json.dumps({"text": t, "id": f"s{i}", "date": "2024-05-15"})
              for i, t in enumerate(SAID)]
    corpus = tmp_path / "said.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    told = extract(corpus, "--workers", "2", "--statements")
    statements = [r for r in told if r["event_type"] == "STATEMENT"]
    assert {(r["article_id"], r["trigger"]["text"], r["actor"][0]["code"])
            for r in statements if r["article_id"].startswith("s")} == {
        ("s0", "expressed", "EGYGOV"), ("s1", "declined", "JPNGOV")}
    assert all(r["penta"] == 0 and r["typed_by"] == "model" for r in statements)
    assert [r for r in told if r["event_type"] != "STATEMENT"] == one_worker
    schema = json.loads((resources.files("tidings") / "schema" / "event.schema.json")
                        .read_text(encoding="utf-8"))
    for record in statements:
        jsonschema.validate(record, schema)


def test_an_address_without_ray_is_a_usage_error(corpus):
    run = subprocess.run([sys.executable, "-m", "tidings.cli", "extract", str(corpus),
                          "--address", "auto"], capture_output=True, text=True, timeout=600)
    assert run.returncode == 2 and "--address needs --engine ray" in run.stderr



def test_geoparse_with_workers_writes_what_one_worker_writes(corpus):
    one = cli_records("geoparse", str(corpus), "--workers", "1")
    assert [r["article_id"] for r in one] == [f"n{i}" for i in range(len(NEWS))]
    assert sum(len(r["places"]) for r in one) >= 8
    assert cli_records("geoparse", str(corpus), "--workers", "2") == one


def test_eval_with_workers_scores_what_one_process_scores(tmp_path, pipeline):
    from tidings.evaluate import EVAL_SHARD, evaluate

    (tmp_path / "dev").mkdir()
    rows = [{"id": str(i), "text": text, "toponyms": []}
            for i, text in enumerate(NEWS * (EVAL_SHARD // len(NEWS) + 2))]
    (tmp_path / "dev" / "lgl.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    alone = evaluate("lgl", tmp_path, pipe=pipeline)
    pooled = evaluate("lgl", tmp_path, pipe=pipeline, workers=2)
    assert len(rows) > EVAL_SHARD and alone["rows"] == pooled["rows"] == len(rows)
    assert pooled["figures"] == alone["figures"] and pooled["errors"] == alone["errors"]
    assert len(alone["errors"]) >= len(rows)  # places found, each spurious: there is no gold
    assert alone["figures"]["precision"] == 0.0
