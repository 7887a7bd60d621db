"""Per-article budget (``--article-seconds``): an article that needs more CPU time is
skipped with a message and the run goes on, in one process, in a pool of workers, in the
store and in the API.

Over budget is forced without depending on the machine's speed: either a budget of a
microsecond (any article spends more before its first check), or a budget of 2 s against
a text of 300,000 characters, which takes about 35 CPU s here (a machine 15 times faster
would still spend more) while each short article's stages take some 50 ms."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import httpx
import pytest
from newsroom import running

from tidings.api import create_app
from tidings.budget import ARTICLE_SECONDS, ArticleOverBudget
from tidings.model import Article
from tidings.parallel import WorkerPool
from tidings.pipeline import Pipeline
from tidings.store import Store

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sahel-border-clashes.txt"
DAY = date(2024, 5, 15)
SHORT = ["Police detained ten strikers in Lagos on Friday.",
         "Rebels attacked an army post near Kidal on Monday, killing four soldiers."]
LONG_CHARS = 300_000
BUDGET = 2.0


def run_of_three() -> list[Article]:
    """A short article, one of LONG_CHARS (the example, repeated), another short one."""
    example = EXAMPLE.read_text(encoding="utf-8") + "\n\n"
    long = (example * (LONG_CHARS // len(example) + 1))[:LONG_CHARS]
    return [Article(SHORT[0], id="short-1", date=DAY), Article(long, id="long", date=DAY),
            Article(SHORT[1], id="short-2", date=DAY)]


def over_budget_message(reason: str, seconds: str = "2") -> bool:
    return (f"over the {seconds} s budget in its " in reason
            and "raise --article-seconds to read it" in reason)


def test_an_article_over_budget_is_skipped_and_the_others_go_on_in_one_process():
    failed: list[tuple[str, Exception]] = []
    done = list(Pipeline(article_seconds=BUDGET).extract_many(
        run_of_three(), on_failure=lambda a, e: failed.append((a.id, e))))
    assert [a.id for a, _ in done] == ["short-1", "short-2"]
    assert all(events for _, events in done)
    [(article_id, error)] = failed
    assert article_id == "long" and isinstance(error, ArticleOverBudget)
    assert over_budget_message(str(error)) and f"of {LONG_CHARS:,}" in str(error)


def test_an_article_over_budget_is_skipped_and_the_others_go_on_with_two_workers(pipeline):
    failed: list[tuple[str, Exception]] = []
    articles = run_of_three()
    with WorkerPool(2, article_seconds=BUDGET) as pool:
        done = list(pool.extract_many(articles, on_failure=lambda a, e: failed.append((a.id, e))))
        assert pool._pool is not None  # the work went to processes
    assert [a.id for a, _ in done] == ["short-1", "short-2"]
    no_budget = pipeline.extract_many([articles[0], articles[2]])
    assert [[e.to_dict() for e in events] for _, events in done] == [
        [e.to_dict() for e in events] for _, events in no_budget]
    [(article_id, error)] = failed
    assert article_id == "long" and isinstance(error, ArticleOverBudget), error
    assert over_budget_message(str(error))


@pytest.mark.parametrize("engine", ["local", "ray"])
def test_the_cli_names_the_article_over_budget_and_exits_3(tmp_path, engine):
    corpus = tmp_path / "run.jsonl"
    corpus.write_text("".join(json.dumps({"id": a.id, "text": a.text, "date": "2024-05-15"})
                              + "\n" for a in run_of_three()), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tidings.cli", "extract", str(corpus), "--workers", "2",
         "--engine", engine, "--article-seconds", str(BUDGET)],
        capture_output=True, text=True, timeout=900)
    assert result.returncode == 3, result.stderr[-2000:]
    coded = {json.loads(line)["article_id"] for line in result.stdout.splitlines()}
    assert coded == {"short-1", "short-2"}
    [skipped] = [line for line in result.stderr.splitlines() if "skipped article" in line]
    assert skipped.startswith("tidings: skipped article long: ") and over_budget_message(skipped)
    assert "1 input record(s) skipped" in result.stderr and "Traceback" not in result.stderr


def test_ingest_stores_the_others_and_retries_the_article_over_budget(tmp_path):
    """As for any rejected article (docs/RELIABILITY.md): recorded in ``rejected``, tried
    again on the next run (the budget may have been raised since), the others kept."""
    pipeline = Pipeline(article_seconds=BUDGET)
    for run in range(2):
        with Store(tmp_path / "t.duckdb") as store:
            report = store.ingest(pipeline, run_of_three())
            stored = {row[0] for row in store.cursor().execute(
                "SELECT article_id FROM articles").fetchall()}
            reasons = store.cursor().execute("SELECT article_id, reason FROM rejected").fetchall()
        assert stored == {"short-1", "short-2"}
        assert (report.stored, report.known, report.rejected) == ((2, 0, 1) if run == 0
                                                                  else (0, 2, 1))
        assert len(reasons) == run + 1
        assert all(i == "long" and over_budget_message(r) for i, r in reasons)


def test_the_default_budget_leaves_a_normal_article_as_it_was(pipeline):
    article = Article(EXAMPLE.read_text(encoding="utf-8"), id="example", date=DAY)
    budgeted = Pipeline(article_seconds=ARTICLE_SECONDS).extract(article)
    assert len(budgeted) >= 5
    assert [e.to_dict() for e in budgeted] == [e.to_dict() for e in pipeline.extract(article)]


def test_the_api_answers_an_extraction_over_budget_with_a_422_and_the_reason(tmp_path):
    app = create_app(tmp_path / "api.duckdb", article_seconds=0.000001)
    with running(app) as url, httpx.Client(base_url=url) as client:
        response = client.post("/extract", json={"text": SHORT[1], "date": "2024-05-15"})
    assert response.status_code == 422
    assert over_budget_message(response.json()["detail"], "1e-06")


def test_a_run_whose_only_article_is_over_budget_names_it_and_exits_3():
    """It was read, so the run is one with a record skipped (3), not one with nothing
    readable (2)."""
    result = subprocess.run(
        [sys.executable, "-m", "tidings.cli", "extract", str(EXAMPLE), "--workers", "1",
         "--article-seconds", "0.000001"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 3, result.stderr[-2000:]
    assert result.stdout == "" and over_budget_message(result.stderr, "1e-06")
    assert "no article could be read" not in result.stderr
