"""Readers: files, directories, JSONL, HTML, URLs and stdin in; Articles out.

Bad input never stops a run: each unreadable file or JSONL line becomes a
:class:`Problem` naming where it was, and reading goes on with the rest.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tidings.model import Article

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
READABLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


@dataclass
class Problem:
    """An input that could not be read, and why."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def parse_date(value: object) -> date:
    """ISO dates ("2019-05-26", "2019-05-26T10:00:00Z") and compact ones ("20190526")."""
    text = str(value).strip()
    if len(text) == 8 and text.isdigit():
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return date.fromisoformat(text[:10])


def html_to_text(html: str) -> str | None:
    """Main text of a web page, boilerplate (menus, ads, footers) removed."""
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_tables=False)


def _title_of(text: str) -> str | None:
    """A first short line followed by a blank line is a headline."""
    first, sep, rest = text.partition("\n")
    if sep and rest.startswith("\n") and 0 < len(first.strip()) <= 200:
        return first.strip()
    return None


def article_from_record(record: object, default_date: date | None) -> Article:
    """One JSONL object to an Article; raises ValueError saying what is wrong."""
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError('missing or empty "text"')
    try:
        published = parse_date(record["date"]) if record.get("date") else default_date
    except ValueError as error:
        raise ValueError(f'bad "date" {record["date"]!r}: {error}') from None
    return Article(
        text=text,
        id=str(record.get("id") or ""),
        title=record.get("title"),
        date=published,
        url=record.get("url"),
        outlet=record.get("outlet"),
    )


def _read_jsonl(lines: Iterator[str], where: str, default_date: date | None
                ) -> Iterator[Article | Problem]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield article_from_record(json.loads(line), default_date)
        except (json.JSONDecodeError, ValueError) as error:
            yield Problem(f"{where}:{number}", str(error))


def _plain_article(text: str, where: str, default_date: date | None) -> Article | Problem:
    if not text.strip():
        return Problem(where, "no text")
    return Article(text=text, title=_title_of(text), date=default_date, url=None)


def _read_path(path: Path, default_date: date | None) -> Iterator[Article | Problem]:
    suffix = path.suffix.lower()
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        yield Problem(str(path), f"cannot read: {error}")
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(iter(content.splitlines()), str(path), default_date)
    elif suffix in HTML_SUFFIXES:
        text = html_to_text(content)
        yield _plain_article(text or "", str(path), default_date)
    else:
        yield _plain_article(content, str(path), default_date)


def _read_url(url: str, default_date: date | None) -> Iterator[Article | Problem]:
    import trafilatura

    html = trafilatura.fetch_url(url)
    if not html:
        yield Problem(url, "could not fetch")
        return
    article = _plain_article(html_to_text(html) or "", url, default_date)
    if isinstance(article, Article):
        article.url = url
    yield article


def read_inputs(inputs: list[str], default_date: date | None = None
                ) -> Iterator[Article | Problem]:
    """Articles from every input, in order; directories are read recursively."""
    for item in inputs:
        if item == "-":
            content = sys.stdin.read()
            if content.lstrip().startswith("{"):
                yield from _read_jsonl(iter(content.splitlines()), "<stdin>", default_date)
            else:
                yield _plain_article(content, "<stdin>", default_date)
        elif item.startswith(("http://", "https://")):
            yield from _read_url(item, default_date)
        else:
            path = Path(item)
            if path.is_dir():
                files = sorted(p for p in path.rglob("*")
                               if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES)
                for file in files:
                    yield from _read_path(file, default_date)
            elif path.is_file():
                yield from _read_path(path, default_date)
            else:
                yield Problem(item, "no such file or directory")
