"""Readers: files, directories, JSONL, HTML, URLs and stdin in; Articles out.

Bad input never stops a run: each unreadable file or JSONL line becomes a
:class:`Problem` naming where it was, and reading goes on with the rest. What can be
mended without guessing is mended and said (a warning): lone surrogates become U+FFFD
(same length, so offsets hold), a bad or implausible ``date`` or a ``url``/``title``/
``outlet`` that is no string is dropped, and the article is kept.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from tidings.model import EARLIEST_DATE, Article, headline

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
READABLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
OPTIONAL_TEXT_FIELDS = ("title", "url", "outlet")


@dataclass
class Problem:
    """An input that could not be read (``skipped``), or was mended and kept, and why."""

    where: str
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def latest_publication() -> date:
    """No article is published after tomorrow (a day of slack for time zones)."""
    return date.today() + timedelta(days=1)


def parse_date(value: object) -> date:
    """ISO dates ("2019-05-26", "2019-05-26T10:00:00Z") and compact ones ("20190526"),
    between 1900 and tomorrow: a publication date outside them is a typo or a placeholder
    (0001-01-01, 9999-12-31), and every relative date in the text would be read from it."""
    text = str(value).strip()
    if len(text) == 8 and text.isdigit():
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    parsed = date.fromisoformat(text[:10])
    if not EARLIEST_DATE <= parsed <= latest_publication():
        raise ValueError(f"{parsed} is not between {EARLIEST_DATE} and tomorrow")
    return parsed


def has_lone_surrogates(text: str) -> bool:
    """Half of a UTF-16 pair (JSON "\\ud800"): no encoder, spaCy's included, accepts it."""
    return _LONE_SURROGATE.search(text) is not None


def mend_surrogates(text: str) -> str:
    """Each lone surrogate becomes U+FFFD, one character for one, so offsets stay true."""
    return _LONE_SURROGATE.sub("\ufffd", text)


@dataclass
class WebPage:
    """What a web page says of itself: its main text, the date it was published, its
    headline and the site it is on (each None when the page does not say)."""

    text: str
    published: date | None = None
    title: str | None = None
    site: str | None = None


def read_html(html: str | bytes) -> WebPage:
    """Main text of a web page (bytes are decoded as the page declares or seems to be),
    boilerplate (menus, ads, footers) removed, and what its metadata says: the
    publication date (as htmldate reads it; None when it names none, or none between 1900
    and tomorrow), the headline and the site name."""
    import trafilatura

    page = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True})
    if page is None:
        return WebPage("")
    try:
        published = parse_date(page.date) if page.date else None
    except ValueError:
        published = None
    return WebPage(page.text or "", published, page.title or None, page.sitename or None)


def article_from_record(record: object, default_date: date | None,
                        warnings: list[str] | None = None) -> Article:
    """One JSONL object to an Article; raises ValueError saying what is wrong.

    What is wrong but can be left out is left out, and said in ``warnings``."""
    warnings = [] if warnings is None else warnings
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError('missing or empty "text"')
    published = default_date
    if record.get("date"):
        try:
            published = parse_date(record["date"])
        except ValueError as error:
            warnings.append(f'bad "date" {str(record["date"])[:40]!r} ignored: {error}')
    fields = {}
    for name in OPTIONAL_TEXT_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            warnings.append(f'"{name}" is a {type(value).__name__}, not a string: ignored')
            value = None
        fields[name] = value
    identifier = record.get("id")
    if not isinstance(identifier, str | int | None) or isinstance(identifier, bool):
        warnings.append(f'"id" is a {type(identifier).__name__}: the text\'s own id is used')
        identifier = None
    strings = {"text": text, "id": "" if identifier is None else str(identifier), **fields}
    if any(value and has_lone_surrogates(value) for value in strings.values()):
        warnings.append("lone surrogates replaced by U+FFFD")
        strings = {name: value and mend_surrogates(value) for name, value in strings.items()}
    return Article(date=published, **strings)


def _read_jsonl(lines: Iterator[bytes], where: str, default_date: date | None
                ) -> Iterator[Article | Problem]:
    """One article or problem per line, each line decoded on its own: a bad line (a byte
    that is not UTF-8 included) never costs its neighbours."""
    for number, line in enumerate(lines, start=1):
        place = f"{where}:{number}"
        try:
            text = line.decode("utf-8")
            if not text.strip():
                continue
            warnings: list[str] = []
            article = article_from_record(json.loads(text), default_date, warnings)
        except (UnicodeDecodeError, json.JSONDecodeError, ValueError, RecursionError) as error:
            yield Problem(place, f"{type(error).__name__}: {error}"[:300])
            continue
        yield from (Problem(place, warning, skipped=False) for warning in warnings)
        yield article


def _html_article(html: str, where: str, default_date: date | None
                  ) -> Iterator[Article | Problem]:
    """A page's article, dated by ``default_date`` (--date) if given, else by the page."""
    page = read_html(html)
    return _plain_article(page.text, where, default_date or page.published)


def _plain_article(text: str, where: str, default_date: date | None
                   ) -> Iterator[Article | Problem]:
    if not text.strip():
        yield Problem(where, "no text")
        return
    if has_lone_surrogates(text):
        yield Problem(where, "lone surrogates replaced by U+FFFD", skipped=False)
        text = mend_surrogates(text)
    yield Article(text=text, title=headline(text), date=default_date, url=None)


def _read_path(path: Path, default_date: date | None) -> Iterator[Article | Problem]:
    try:
        content = path.read_bytes()
    except OSError as error:
        yield Problem(str(path), f"cannot read: {error}")
        return
    suffix = path.suffix.lower()
    kind = "jsonl" if suffix in JSONL_SUFFIXES else "html" if suffix in HTML_SUFFIXES else "text"
    yield from _read_content(content, str(path), kind, default_date)


def _read_content(content: bytes, where: str, kind: str, default_date: date | None
                  ) -> Iterator[Article | Problem]:
    """The articles of a file's or stdin's bytes, read as ``kind`` (jsonl, html or text)."""
    if kind == "jsonl":
        yield from _read_jsonl(iter(content.splitlines()), where, default_date)
        return
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        yield Problem(where, f"cannot read: {error}")
        return
    read = _html_article if kind == "html" else _plain_article
    yield from read(text, where, default_date)


def _read_url(url: str, default_date: date | None) -> Iterator[Article | Problem]:
    import trafilatura

    html = trafilatura.fetch_url(url)
    if not html:
        yield Problem(url, "could not fetch")
        return
    for item in _html_article(html, url, default_date):
        if isinstance(item, Article):
            item.url = url
        yield item


def is_url(item: str) -> bool:
    return item.startswith(("http://", "https://"))


def read_inputs(inputs: list[str], default_date: date | None = None
                ) -> Iterator[Article | Problem]:
    """Articles from every input, in order; directories are read recursively."""
    for item in inputs:
        if item == "-":
            content = sys.stdin.buffer.read()
            kind = "jsonl" if content.lstrip().startswith(b"{") else "text"
            yield from _read_content(content, "<stdin>", kind, default_date)
        elif is_url(item):
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
