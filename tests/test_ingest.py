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


def test_a_lede_paragraph_is_no_headline(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Rebels seized a border post on Monday.\n\nThe army said it would respond.\n")
    (article,) = list(read_inputs([str(path)], date(2024, 3, 5)))
    assert article.title is None


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
    assert [a.id for a in articles] == ["ok1", "bad-date", articles[2].id]
    assert articles[0].date == date(2021, 2, 3)
    assert articles[1].date == date(2021, 1, 1), "a bad date falls back to the default"
    assert articles[2].outlet == "AFP" and articles[2].date == date(2021, 1, 1)
    assert [(p.where, p.skipped) for p in problems] == [
        (f"{path}:2", True), (f"{path}:3", True), (f"{path}:4", False)]
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
    stdin = (line + "\n").encode() + b'{"id": "s2", "text": "Bad \xff byte."}\n'
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    articles, problems = _split(list(read_inputs(["-"])))
    assert [a.id for a in articles] == ["s1"]
    assert [p.where for p in problems] == ["<stdin>:2"], "a bad byte costs its line only"


def test_parse_date_forms():
    assert parse_date("20080804") == date(2008, 8, 4)
    assert parse_date("2019-05-26T10:00:00Z") == date(2019, 5, 26)


def test_record_must_be_object():
    with pytest.raises(ValueError, match="JSON object"):
        article_from_record(["text"], None)


def _jsonl(path, *lines: bytes) -> str:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return str(path)


def test_one_bad_byte_costs_its_line_not_the_file(tmp_path):
    path = _jsonl(tmp_path / "feed.jsonl",
                  json.dumps({"id": "first", "text": "Militia fighters looted a market."}).encode(),
                  b'{"id": "broken", "text": "A bad \xff byte."}',
                  json.dumps({"id": "last", "text": "Strikers blocked the port road."}).encode())
    articles, problems = _split(list(read_inputs([path])))
    assert [a.id for a in articles] == ["first", "last"]
    assert [p.where for p in problems] == [f"{path}:2"]
    assert "UnicodeDecodeError" in problems[0].message


def test_lone_surrogates_are_mended_in_place_and_said(tmp_path):
    text = "Shepherds fled the valley \ud83d after the raid."
    path = _jsonl(tmp_path / "feed.jsonl",
                  json.dumps({"id": "s", "text": text, "title": "Raid \udc00"}).encode())
    (article,), (warning,) = _split(list(read_inputs([path])))
    assert not warning.skipped and "surrogate" in warning.message
    assert article.text == text.replace("\ud83d", "\ufffd") and len(article.text) == len(text)
    assert article.title == "Raid \ufffd"
    article.text.encode("utf-8")  # what spaCy and DuckDB do with it


@pytest.mark.parametrize("url", [{"href": "https://x.example"}, ["https://x.example"], 7])
def test_a_url_that_is_no_string_is_dropped_with_a_warning(tmp_path, url):
    path = _jsonl(tmp_path / "feed.jsonl", json.dumps(
        {"id": "u", "text": "Customs officers seized rifles at the border.", "url": url}).encode())
    articles, problems = _split(list(read_inputs([path])))
    assert [a.url for a in articles] == [None]
    assert [p.skipped for p in problems] == [False] and '"url"' in problems[0].message


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1899-12-31", "21000101"])
def test_publication_dates_that_cannot_be_right_are_refused(value):
    with pytest.raises(ValueError, match="not between"):
        parse_date(value)


def test_an_implausible_date_in_a_line_is_a_warning_and_the_article_is_kept(tmp_path):
    path = _jsonl(tmp_path / "feed.jsonl", json.dumps(
        {"id": "d", "text": "Envoys met in Doha.", "date": "9999-12-31"}).encode())
    articles, problems = _split(list(read_inputs([path], date(2022, 2, 2))))
    assert [a.date for a in articles] == [date(2022, 2, 2)]
    assert [p.skipped for p in problems] == [False] and "9999-12-31" in problems[0].message


def _page(meta: str) -> str:
    body = " ".join(["Border guards exchanged fire with smugglers near the river crossing."] * 4)
    return (f"<html><head>{meta}<title>Gunfire at the crossing</title></head><body><article>"
            f"<h1>Gunfire at the crossing</h1><p>{body}</p></article></body></html>")


def test_an_html_page_is_dated_by_its_own_metadata_unless_date_is_given(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(_page('<meta property="article:published_time" '
                          'content="2023-04-05T08:00:00Z">'))
    (article,) = list(read_inputs([str(path)]))
    assert article.date == date(2023, 4, 5)
    (article,) = list(read_inputs([str(path)], date(2023, 4, 9)))
    assert article.date == date(2023, 4, 9), "--date wins"
    path.write_text(_page('<meta property="article:published_time" content="0001-01-01">'))
    (article,) = list(read_inputs([str(path)]))
    assert article.date is None, "a date off the calendar is no date"
