"""Every core: worker processes give the same records, in the same order, as one pipeline."""

import json
import subprocess
import sys
from pathlib import Path

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


def test_extract_with_workers_writes_what_one_worker_writes(tmp_path):
    lines = [json.dumps({"text": t, "id": f"n{i}", "date": "2024-05-15"})
             for i, t in enumerate(NEWS)]
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def extract(workers: int) -> list[dict]:
        run = subprocess.run([sys.executable, "-m", "tidings.cli", "extract", str(corpus),
                              str(EXAMPLE), "--date", "2024-05-15", "--workers", str(workers)],
                             capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr[-2000:]
        return [json.loads(line) for line in run.stdout.splitlines()]

    one = extract(1)
    assert len({r["article_id"] for r in one}) >= 6
    assert extract(2) == one
