"""`tidings watch`: follow RSS/Atom feeds and sitemaps, and ingest new articles as they
appear.

Each poll reads every source (conditional GET: an unchanged feed costs a 304), lists the
items not fetched before, fetches their pages politely (``fetch.Fetcher``), reads them
with trafilatura and streams them into the store, where they are coded, clustered and
linked to any article they copy (``dedup``). What has been fetched, with the feeds' ETag
and Last-Modified, is kept in the store's ``fetched`` table, so a restarted watch goes on
where it stopped and fetches nothing twice.

An article's publication date is the feed entry's (or the news sitemap's), else the one
its page gives; its outlet the site name the page gives, else the feed's title, else the
host name.
"""

from __future__ import annotations

import gzip
import logging
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from lxml import etree

from tidings.fetch import Fetched, Fetcher
from tidings.ingest import is_url, latest_publication, read_html
from tidings.model import EARLIEST_DATE, Article

if TYPE_CHECKING:
    from tidings.pipeline import Extractor
    from tidings.store import Store

log = logging.getLogger("tidings.watch")

# A page that failed this many polls in a row (5xx, timeouts) is given up.
MAX_ATTEMPTS = 3
# Of a sitemap index, the child sitemaps most recently changed are read: news sites list
# years of monthly archives, and new articles are in the newest.
MAX_CHILD_SITEMAPS = 10

FETCH_SCHEMA = """
CREATE TABLE IF NOT EXISTS fetched (
    url VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,           -- source (given to watch), sitemap (of an index), page
    status VARCHAR NOT NULL,         -- HTTP status, 'robots.txt disallows', 'failed: …'
    settled BOOLEAN NOT NULL,        -- nothing more to fetch (a page) or to retry
    attempts INTEGER NOT NULL,       -- polls in a row that failed
    etag VARCHAR, last_modified VARCHAR,
    -- of a page: what its feed said, for when it is tried again
    published DATE, title VARCHAR, outlet VARCHAR,
    fetched_at TIMESTAMP NOT NULL DEFAULT current_timestamp);
"""

_SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
# Sitemaps and feeds are data from strangers: no entities expanded, nothing fetched.
_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_GZIP_MAGIC = b"\x1f\x8b"


class BrokenFeed(ValueError):
    """A source that is neither a feed nor a sitemap that can be read."""


@dataclass
class Item:
    """One article a feed or sitemap announces."""

    url: str
    published: date | None = None
    title: str | None = None
    outlet: str | None = None


@dataclass
class Listing:
    """What a source lists: articles, and (a sitemap index) further sitemaps."""

    items: list[Item] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def _plausible(day: date | None) -> date | None:
    """The date if a publication can have it (1900 to tomorrow), else None."""
    return day if day is not None and EARLIEST_DATE <= day <= latest_publication() else None


def _iso_day(text: str | None) -> date | None:
    try:
        return _plausible(date.fromisoformat(text.strip()[:10])) if text else None
    except ValueError:
        return None


def parse_listing(body: bytes, base_url: str) -> Listing:
    """The items of an RSS/Atom feed or a sitemap (urlset or sitemapindex, gzipped or
    not); links are made absolute against ``base_url``. Raises BrokenFeed."""
    if body[:2] == _GZIP_MAGIC:
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError) as error:
            raise BrokenFeed(f"bad gzip: {error}") from None
    root = _xml_root(body)
    if root is not None and root.tag in (f"{_SITEMAP}urlset", f"{_SITEMAP}sitemapindex"):
        return _parse_sitemap(root, base_url)
    return _parse_feed(body, base_url)


def _xml_root(body: bytes) -> etree._Element | None:
    try:
        return etree.fromstring(body, parser=_XML)
    except etree.XMLSyntaxError:
        return None  # maybe a feed feedparser's lenient reader can mend


def _parse_sitemap(root: etree._Element, base_url: str) -> Listing:
    if root.tag == f"{_SITEMAP}sitemapindex":
        children = [(entry.findtext(f"{_SITEMAP}lastmod") or "", entry.findtext(f"{_SITEMAP}loc"))
                    for entry in root.iter(f"{_SITEMAP}sitemap")]
        children = sorted((c for c in children if c[1]), reverse=True)[:MAX_CHILD_SITEMAPS]
        return Listing(sitemaps=[urljoin(base_url, loc.strip()) for _, loc in children])
    items = []
    for entry in root.iter(f"{_SITEMAP}url"):
        loc = entry.findtext(f"{_SITEMAP}loc")
        if not loc or not loc.strip():
            continue
        news = entry.find(f"{_NEWS}news")  # a Google News sitemap says more
        items.append(Item(
            urljoin(base_url, loc.strip()),
            published=_iso_day(news.findtext(f"{_NEWS}publication_date"))
            if news is not None else None,
            title=news.findtext(f"{_NEWS}title") if news is not None else None,
            outlet=news.findtext(f"{_NEWS}publication/{_NEWS}name")
            if news is not None else None))
    return Listing(items=items)


def _parse_feed(body: bytes, base_url: str) -> Listing:
    import feedparser

    feed = feedparser.parse(body, response_headers={"content-location": base_url})
    items = [
        Item(urljoin(base_url, entry.link.strip()), _entry_day(entry),
             entry.get("title"), feed.feed.get("title"))
        for entry in feed.entries if entry.get("link", "").strip()]
    if not feed.version:
        raise BrokenFeed("neither an RSS/Atom feed nor a sitemap")
    if feed.bozo and not items:
        raise BrokenFeed(f"unreadable feed: {feed.get('bozo_exception')}")
    return Listing(items=items)


def _entry_day(entry: dict) -> date | None:
    """The entry's publication date (or its last update when it gives no other), UTC."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return _plausible(date(*parsed[:3]))  # feedparser gives it in UTC


class FetchLog:
    """The ``fetched`` table: what the watch has fetched, and the feeds' validators."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cur = store.cursor()
        self.cur.execute(FETCH_SCHEMA)

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """ETag and Last-Modified of the last answer for ``url``."""
        row = self.cur.execute("SELECT etag, last_modified FROM fetched WHERE url = ?",
                               [url]).fetchone()
        return row or (None, None)

    def record(self, url: str, kind: str, fetched: Fetched, status: str | None = None,
               item: Item | None = None) -> None:
        """Note a fetch of ``url`` (a page: of ``item``). A failure that may pass counts
        an attempt; the page is settled (given up) after MAX_ATTEMPTS of them."""
        settled = fetched.ok or fetched.status == 304 or fetched.final
        item = item or Item(url)
        self.cur.execute(
            "INSERT INTO fetched AS f (url, kind, status, settled, attempts, etag, "
            "last_modified, published, title, outlet) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET "
            "status = excluded.status, fetched_at = excluded.fetched_at, "
            "attempts = CASE WHEN excluded.attempts = 0 THEN 0 ELSE f.attempts + 1 END, "
            "settled = excluded.settled OR f.attempts + 1 >= ?, "
            "etag = coalesce(excluded.etag, f.etag), "
            "last_modified = coalesce(excluded.last_modified, f.last_modified)",
            [url, kind, status or fetched.describe(), settled, 0 if settled else 1,
             fetched.etag, fetched.last_modified, item.published, item.title, item.outlet,
             MAX_ATTEMPTS])

    def to_retry(self) -> list[Item]:
        """Pages whose fetch failed in a way that may pass, not yet given up."""
        return [Item(*row) for row in self.cur.execute(
            "SELECT url, published, title, outlet FROM fetched WHERE kind = 'page' "
            "AND NOT settled AND url NOT IN (SELECT url FROM articles WHERE url IS NOT NULL)"
            ).fetchall()]

    def unfetched(self, urls: list[str]) -> set[str]:
        """Of ``urls``, those neither settled in ``fetched`` nor stored as an article."""
        rows = self.cur.execute(
            "SELECT u.url FROM (SELECT unnest(?) AS url) u WHERE u.url NOT IN "
            "(SELECT url FROM fetched WHERE settled) AND u.url NOT IN "
            "(SELECT url FROM articles WHERE url IS NOT NULL)", [urls]).fetchall()
        return {url for (url,) in rows}

    def duplicates_among(self, urls: list[str]) -> int:
        """How many of the articles stored from ``urls`` copy an earlier one."""
        return self.cur.execute(
            "SELECT count(*) FROM articles WHERE list_contains(?, url) "
            "AND duplicate_of IS NOT NULL", [urls]).fetchone()[0]


@dataclass
class PollReport:
    """What one poll did."""

    new: int = 0
    stored: int = 0
    events: int = 0
    duplicates: int = 0
    known: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason: pages
    broken_sources: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        skipped = sum(self.skipped.values())
        reasons = ", ".join(f"{reason} {n}" for reason, n in self.skipped.most_common())
        return (f"{self.new} new item(s), {self.stored} stored ({self.duplicates} "
                f"near-duplicate(s) linked), {self.known} already stored, "
                f"{self.events} event(s), {skipped} skipped"
                + (f" ({reasons})" if reasons else "")
                + (f", {self.broken_sources} source(s) unreadable" if self.broken_sources else "")
                + f", in {self.seconds:.1f} s")


class Watcher:
    """Polls sources and ingests what is new into a store."""

    def __init__(self, store: Store, pipeline: Extractor, sources: list[str],
                 fetcher: Fetcher | None = None, max_new: int = 100) -> None:
        """``sources``: feed or sitemap URLs or files; ``max_new``: items taken from one
        source in one poll (the newest; the rest wait for later polls), so a sitemap of a
        whole archive does not hold the watch for a day."""
        self.store, self.pipeline, self.sources = store, pipeline, sources
        self.fetcher = fetcher or Fetcher()
        self.max_new = max_new
        self.log = FetchLog(store)

    def poll(self) -> PollReport:
        """Read every source once, and fetch, code and store the items not seen before."""
        started = time.monotonic()
        report = PollReport()
        # pages that failed before (their source may now answer 304), then what is new
        items: dict[str, Item] = {item.url: item for item in self.log.to_retry()}
        for source in self.sources:
            listed = self._list(source, report)
            waiting = self.log.unfetched([item.url for item in listed])
            fresh = [item for item in listed if item.url in waiting and item.url not in items]
            fresh.sort(key=lambda item: item.published or date.min, reverse=True)
            items.update((item.url, item) for item in fresh[:self.max_new])
        # oldest first: the original of a wire story is stored before its copies
        queue = sorted(items.values(), key=lambda item: item.published or date.min)
        report.new = len(queue)
        fetched_ok: list[Item] = []

        def rejected(article: Article, reason: str) -> None:
            report.skipped["not coded"] += 1
            log.warning("tidings watch: %s not stored: %s", article.url, reason[:200])

        stored = self.store.ingest(self.pipeline, self._articles(queue, report, fetched_ok),
                                   batch_size=1, on_reject=rejected)
        for item in fetched_ok:
            self.log.record(item.url, "page", Fetched(item.url, 200), item=item)
        report.stored, report.events, report.known = stored.stored, stored.events, stored.known
        report.duplicates = self.log.duplicates_among([item.url for item in fetched_ok])
        report.seconds = time.monotonic() - started
        return report

    def _list(self, source: str, report: PollReport) -> list[Item]:
        """The items a source lists now (none when it is unchanged since the last poll or
        cannot be read: said in the log, and the watch goes on)."""
        try:
            return [item for item in self._read(source, "source", depth=0)
                    if is_url(item.url)]  # a feed's file:// link is no article to fetch
        except BrokenFeed as error:
            report.broken_sources += 1
            log.warning("tidings watch: %s: %s", source, error)
            return []

    def _read(self, source: str, kind: str, depth: int) -> list[Item]:
        if not is_url(source):
            try:
                return parse_listing(Path(source).read_bytes(), Path(source).resolve().as_uri()
                                     ).items
            except OSError as error:
                raise BrokenFeed(f"cannot read: {error}") from None
        fetched = self.fetcher.get(source, *self.log.validators(source))
        if fetched.status == 304:
            self.log.record(source, kind, fetched)
            return []
        if not fetched.ok:
            self.log.record(source, kind, fetched)
            raise BrokenFeed(fetched.describe())
        try:
            listing = parse_listing(fetched.body, fetched.url)
        except BrokenFeed as error:
            # no validators kept: it is read (and said to be broken) again next time
            self.log.record(source, kind, Fetched(source, fetched.status),
                            status=f"broken: {error}"[:200])
            raise
        items = listing.items
        for child in listing.sitemaps if depth == 0 else []:
            try:
                items += self._read(child, "sitemap", depth + 1)
            except BrokenFeed as error:
                log.warning("tidings watch: %s: %s", child, error)
        # Validators only once the listing was read (a failed read is read in full again),
        # and none for a sitemap index: its sitemaps change without it, so it is read
        # again each poll (it is small) and they are asked with their own validators.
        self.log.record(source, kind, Fetched(source, fetched.status) if listing.sitemaps
                        else fetched)
        return items

    def _articles(self, queue: list[Item], report: PollReport,
                  fetched_ok: list[Item]) -> Iterator[Article]:
        """Each item's page as an Article, fetched as the store asks for the next one."""
        for item in queue:
            fetched = self.fetcher.get(item.url)
            if not fetched.ok:
                self.log.record(item.url, "page", fetched, item=item)
                report.skipped[_reason(fetched)] += 1
                log.info("tidings watch: %s: %s", item.url, fetched.describe())
                continue
            page = read_html(fetched.body)
            if not page.text.strip():
                self.log.record(item.url, "page", fetched, status="no text", item=item)
                report.skipped["no text"] += 1
                continue
            fetched_ok.append(item)
            yield Article(text=page.text, url=item.url, title=page.title or item.title,
                          date=item.published or page.published,
                          outlet=page.site or item.outlet or urlsplit(item.url).hostname)

    def run(self, interval: float, once: bool = False) -> None:
        """Poll every ``interval`` seconds (from the start of one poll to the next), or
        once."""
        while True:
            started = time.monotonic()
            report = self.poll()
            log.info("tidings watch: %s", report)
            if once:
                return
            time.sleep(max(0.0, interval - (time.monotonic() - started)))


def _reason(fetched: Fetched) -> str:
    """A page's skip reason, grouped for the poll's summary."""
    if fetched.disallowed:
        return "robots.txt"
    return f"HTTP {fetched.status}" if fetched.status is not None else "unreachable"
