"""Readers: every input kind, and bad input reported without losing the rest."""

import io
import json
from datetime import date

import pytest

from tidings.ingest import Problem, article_from_record, parse_date, read_inputs
from tidings.model import Article


def _split(items):
    articles = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, Problem)]
    return articles, problems


def test_text_file_takes_default_date_and_headline(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Rebels seize border post\n\nRebels seized a border post on Monday.\n")
    (article,) = list(read_inputs([str(path)], date(2024, 3, 5)))
    assert article.date == date(2024, 3, 5)
    assert article.title == "Rebels seize border post"
    assert article.text.startswith("Rebels seize border post")
    assert len(article.id) == 16


def test_same_text_gets_same_id(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Police arrested ten protesters in the capital.")
    first, second = list(read_inputs([str(tmp_path)]))
    assert first.id == second.id


def test_jsonl_bad_lines_are_reported_with_line_numbers_and_rest_kept(tmp_path):
    path = tmp_path / "batch.jsonl"
    rows = [
        json.dumps({"id": "ok1", "text": "Troops shelled the town.", "date": "2021-02-03"}),
        "{not json",
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "bad-date", "text": "Talks began.", "date": "March"}),
        "",
        json.dumps({"text": "Protesters marched.", "outlet": "AFP"}),
    ]
    path.write_text("\n".join(rows) + "\n")
    articles, problems = _split(list(read_inputs([str(path)], date(2021, 1, 1))))
    assert [a.id for a in articles][0] == "ok1"
    assert articles[0].date == date(2021, 2, 3)
    assert articles[1].outlet == "AFP" and articles[1].date == date(2021, 1, 1)
    assert [p.where for p in problems] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert "text" in problems[1].message and "date" in problems[2].message


def test_html_boilerplate_is_removed(tmp_path):
    body = " ".join(["Government forces recaptured the district after two days of fighting."] * 4)
    html = (f"<html><body><nav>Home | World | Sport | Login</nav><article><h1>Forces retake"
            f" district</h1><p>{body}</p></article><footer>Copyright 2024 Example News"
            f"</footer></body></html>")
    path = tmp_path / "page.html"
    path.write_text(html)
    (article,) = list(read_inputs([str(path)]))
    assert "recaptured the district" in article.text
    assert "Login" not in article.text and "Copyright" not in article.text


def test_missing_file_and_empty_file_are_problems(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    _, problems = _split(list(read_inputs([str(tmp_path / "nope.txt"), str(empty)])))
    assert [p.message for p in problems] == ["no such file or directory", "no text"]


def test_stdin_jsonl(monkeypatch):
    line = json.dumps({"id": "s1", "text": "The ministers met in Geneva."})
    monkeypatch.setattr("sys.stdin", io.StringIO(line + "\n"))
    (article,) = list(read_inputs(["-"]))
    assert article.id == "s1"


def test_parse_date_forms():
    assert parse_date("20080804") == date(2008, 8, 4)
    assert parse_date("2019-05-26T10:00:00Z") == date(2019, 5, 26)


def test_record_must_be_object():
    with pytest.raises(ValueError, match="JSON object"):
        article_from_record(["text"], None)
