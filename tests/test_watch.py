"""`tidings watch` against a real HTTP server on 127.0.0.1: an RSS feed, an Atom feed and
a news sitemap announcing article pages; a robots.txt closing one page; a page that fails
once; a broken feed; ETags for conditional GET. The pages are coded by the real pipeline
into a real DuckDB store."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from tidings.cli import app
from tidings.dedup import jaccard, shingles
from tidings.feeds import BrokenFeed, Watcher, parse_listing
from tidings.fetch import Fetcher
from tidings.store import EventFilter, Page, Store

MENAKA = ("Malian soldiers clashed with jihadist fighters near Menaka on Tuesday, the army "
          "said. The fighting lasted several hours and forced hundreds of families to flee "
          "their homes, according to local officials. The army said it had sent "
          "reinforcements to the region and would pursue the attackers. Residents said the "
          "market of the town remained closed on Wednesday.")
# the same dispatch as another outlet runs it: its own headline, a line more
MENAKA_COPY = MENAKA + " This story has been updated with comments from residents."
MENAKA_OWN_REPORT = (
    "Jihadist fighters attacked Malian troops outside Menaka on Tuesday, killing four "
    "soldiers, a local official told our correspondent. He said the attackers came on "
    "motorbikes before dawn and withdrew towards the border with Niger after a long "
    "exchange of fire. A hospital in the town received the wounded, a nurse said.")
KHARKIV = ("Russian forces shelled Kharkiv on Sunday, Ukrainian officials said. Several "
           "apartment buildings were damaged in the north of the city and emergency crews "
           "worked through the night to put out the fires, the regional governor wrote.")
NAIROBI = ("Thousands of students protested in Nairobi on Monday against a new tax law. "
           "The protesters marched from the university to parliament, chanting slogans and "
           "carrying placards, and the police watched from a distance, witnesses said.")
GAO = ("Rebels attacked an army post near Gao on Thursday, the army said. Two soldiers were "
       "wounded in the attack, which lasted about an hour, and the attackers fled north.")


def page(title: str, text: str, site: str | None = None) -> bytes:
    meta = f'<meta property="og:site_name" content="{site}">' if site else ""
    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in text.rstrip(".").split(". "))
    return (f"<html><head><title>{title}</title>{meta}</head><body><nav>Home | World</nav>"
            f"<article><h1>{title}</h1>{paragraphs}</article>"
            "<footer>Copyright the publisher</footer></body></html>").encode()


def rss(*items: tuple[str, str, str]) -> bytes:
    entries = "".join(f"<item><title>{title}</title><link>{link}</link>"
                      f"<pubDate>{published}</pubDate></item>" for title, link, published in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Sahel Monitor</title>'
            f"<link>/</link>{entries}</channel></rss>").encode()


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Bamako Daily</title><id>urn:bd</id>
<updated>2024-05-15T12:00:00Z</updated>
<entry><title>Menaka: army fights jihadists</title><link href="/bd/menaka.html"/>
<id>urn:bd:1</id><published>2024-05-15T11:00:00Z</published>
<updated>2024-05-15T11:00:00Z</updated></entry>
<entry><title>Kharkiv shelled</title><link href="/bd/kharkiv.html"/><id>urn:bd:2</id>
<updated>2024-05-13T08:00:00Z</updated></entry>
<entry><title>Nairobi protest</title><link href="/bd/nairobi.html"/><id>urn:bd:3</id>
<updated>2024-05-14T08:00:00Z</updated></entry>
</feed>"""

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>/wire/menaka-4-killed.html</loc><news:news>
<news:publication><news:name>Wire One</news:name><news:language>en</news:language>
</news:publication><news:publication_date>2024-05-15T09:00:00Z</news:publication_date>
<news:title>Four soldiers killed near Menaka</news:title></news:news></url>
</urlset>"""

SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>/sitemap-2019.xml</loc><lastmod>2019-12-31</lastmod></sitemap>
<sitemap><loc>/sitemap-2024.xml</loc><lastmod>2024-05-15</lastmod></sitemap>
</sitemapindex>"""


@dataclass
class Site:
    """What the test server serves (changeable while it runs) and what it was asked."""

    routes: dict[str, bytes] = field(default_factory=dict)
    fail_once: set[str] = field(default_factory=set)  # paths that answer 500 the first time
    down: set[str] = field(default_factory=set)  # paths that always answer 503
    requests: list[tuple[str, int, float]] = field(default_factory=list)  # path, status, time
    base: str = ""

    def asked(self, path: str) -> list[int]:
        """The statuses given for ``path``, in order."""
        return [status for asked, status, _ in self.requests if asked == path]


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site()
    served.routes.update({
        "/robots.txt": b"User-agent: *\nDisallow: /private/\n",
        "/rss.xml": rss(
            ("Clashes near Menaka", "/sm/menaka.html", "Wed, 15 May 2024 10:00:00 GMT"),
            ("Inside the camp", "/private/camp.html", "Wed, 15 May 2024 10:30:00 GMT"),
            ("Gone", "/sm/gone.html", "Tue, 14 May 2024 10:30:00 GMT")),
        "/atom.xml": ATOM,
        "/sitemap.xml": SITEMAP,
        "/broken.xml": b"<rss><channel><title>Broken</ti",
        "/sm/menaka.html": page("Clashes near Menaka", MENAKA, "Sahel Monitor"),
        "/private/camp.html": page("Inside the camp", GAO, "Sahel Monitor"),
        "/bd/menaka.html": page("Menaka: army fights jihadists", MENAKA_COPY, "Bamako Daily"),
        "/bd/kharkiv.html": page("Kharkiv shelled", KHARKIV, "Bamako Daily"),
        "/bd/nairobi.html": page("Nairobi protest", NAIROBI, "Bamako Daily"),
        "/wire/menaka-4-killed.html": page("Four soldiers killed near Menaka",
                                           MENAKA_OWN_REPORT),
    })
    served.fail_once.add("/bd/nairobi.html")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            body = served.routes.get(self.path)
            etag = f'"{hashlib.sha1(body).hexdigest()[:12]}"' if body is not None else None
            if self.path in served.fail_once:
                served.fail_once.discard(self.path)
                status, body = 500, b"busy"
            elif self.path in served.down:
                status, body = 503, b"down"
            elif body is None:
                status, body = 404, b"not found"
            elif self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
            else:
                status = 200
            served.requests.append((self.path, status, time.monotonic()))
            self.send_response(status)
            if etag and status in (200, 304):
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    served.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield served
    server.shutdown()
    server.server_close()


def _fetcher() -> Fetcher:
    return Fetcher(timeout=5, retries=2, backoff=0.05, host_delay=0)


def _sources(site: Site) -> list[str]:
    return [site.base + path for path in ("/rss.xml", "/atom.xml", "/sitemap.xml", "/broken.xml")]


def _page_requests(site: Site) -> list[str]:
    return [path for path, _, _ in site.requests
            if path.endswith(".html")]


def _watch_once(pipeline, db: Path, site: Site):
    with Store(db) as store:
        return Watcher(store, pipeline, _sources(site), _fetcher()).poll()


def _articles(db: Path) -> dict[str, tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT url, article_id, outlet, published, duplicate_of, n_events "
                           "FROM articles").fetchall()
    return {url.split("/", 3)[3]: tuple(facts) for url, *facts in rows}


def test_a_poll_stores_the_new_pages_and_honours_robots_txt(pipeline, site, tmp_path):
    db = tmp_path / "watch.duckdb"
    report = _watch_once(pipeline, db, site)
    stored = _articles(db)
    assert set(stored) == {"sm/menaka.html", "bd/menaka.html", "bd/kharkiv.html",
                           "bd/nairobi.html", "wire/menaka-4-killed.html"}
    assert site.asked("/private/camp.html") == []  # robots.txt closes /private/
    assert site.asked("/bd/nairobi.html") == [500, 200]  # tried again after a pause
    assert site.asked("/sm/gone.html") == [404]
    assert (report.stored, report.broken_sources) == (5, 1)
    assert report.skipped == {"robots.txt": 1, "HTTP 404": 1}
    assert report.events > 0 and all(row[4] > 0 for row in stored.values())
    # the page's own outlet (its site name, else what the news sitemap says) and the
    # publication date its feed gives
    assert stored["sm/menaka.html"][1:3] == ("Sahel Monitor", date(2024, 5, 15))
    assert stored["bd/kharkiv.html"][1:3] == ("Bamako Daily", date(2024, 5, 13))
    assert stored["wire/menaka-4-killed.html"][1:3] == ("Wire One", date(2024, 5, 15))
    with duckdb.connect(str(db), read_only=True) as con:
        statuses = dict(con.execute("SELECT url, status FROM fetched").fetchall())
    assert statuses[site.base + "/broken.xml"].startswith("broken")
    assert statuses[site.base + "/private/camp.html"] == "robots.txt disallows"


def test_a_wire_copy_is_linked_and_not_counted_twice(pipeline, site, tmp_path):
    db = tmp_path / "watch.duckdb"
    report = _watch_once(pipeline, db, site)
    stored = _articles(db)
    original, copy = stored["sm/menaka.html"], stored["bd/menaka.html"]
    assert report.duplicates == 1
    assert copy[3] == original[0] and original[3] is None  # the copy names its original
    assert stored["wire/menaka-4-killed.html"][3] is None  # an own report of the event
    with Store(db, read_only=True) as store:
        _, clusters = store.clusters(EventFilter(event_type=["ASSAULT"]), Page())
        members = store.events(EventFilter(cluster=clusters[0]["cluster_id"]), Page())[1]
    menaka = clusters[0]
    # three articles' events in one cluster, but two reports from two sources: the copy
    # in Bamako Daily is Sahel Monitor's report again
    assert {m["article"]["outlet"] for m in members} == {"Sahel Monitor", "Bamako Daily",
                                                         "Wire One"}
    assert (menaka["n_articles"], menaka["n_sources"]) == (2, 2)


def test_a_restarted_watch_fetches_nothing_twice_and_takes_what_is_new(pipeline, site,
                                                                       tmp_path):
    db = tmp_path / "watch.duckdb"
    _watch_once(pipeline, db, site)
    first = _articles(db)
    pages_before = len(_page_requests(site))

    again = _watch_once(pipeline, db, site)  # a new store connection and watcher: a restart
    assert _page_requests(site)[pages_before:] == []
    assert site.asked("/rss.xml")[-1] == 304 and site.asked("/atom.xml")[-1] == 304
    assert (again.new, again.stored) == (0, 0) and _articles(db) == first

    site.routes["/gao.html"] = page("Army post attacked near Gao", GAO, "Sahel Monitor")
    site.routes["/rss.xml"] = rss(
        ("Army post attacked near Gao", "/gao.html", "Fri, 17 May 2024 07:00:00 GMT"),
        ("Clashes near Menaka", "/sm/menaka.html", "Wed, 15 May 2024 10:00:00 GMT"))
    updated = _watch_once(pipeline, db, site)
    assert site.asked("/rss.xml")[-1] == 200
    assert _page_requests(site)[pages_before:] == ["/gao.html"]
    assert updated.stored == 1
    assert set(_articles(db)) - set(first) == {"gao.html"}


def test_a_sitemap_index_is_read_each_poll_and_its_sitemaps_conditionally(pipeline, site,
                                                                          tmp_path):
    site.routes["/sitemap_index.xml"] = SITEMAP_INDEX
    site.routes["/sitemap-2024.xml"] = SITEMAP
    site.routes["/gao.html"] = page("Army post attacked near Gao", GAO, "Sahel Monitor")
    db = tmp_path / "watch.duckdb"
    for _ in range(2):
        with Store(db) as store:
            Watcher(store, pipeline, [site.base + "/sitemap_index.xml"], _fetcher()).poll()
    assert set(_articles(db)) == {"wire/menaka-4-killed.html"}
    assert site.asked("/sitemap-2024.xml") == [200, 304]
    assert site.asked("/sitemap-2019.xml") == [404, 404]  # named in the log, no harm done
    # the index is unchanged, one of its sitemaps is not
    site.routes["/sitemap-2024.xml"] = SITEMAP.replace(
        b"</urlset>", b"<url><loc>/gao.html</loc></url></urlset>")
    with Store(db) as store:
        Watcher(store, pipeline, [site.base + "/sitemap_index.xml"], _fetcher()).poll()
    assert site.asked("/sitemap_index.xml") == [200, 200, 200]
    assert set(_articles(db)) == {"wire/menaka-4-killed.html", "gao.html"}


def test_a_page_that_keeps_failing_is_tried_in_later_polls_then_given_up(pipeline, site,
                                                                         tmp_path):
    site.down.add("/bd/kharkiv.html")
    db = tmp_path / "watch.duckdb"
    for _ in range(4):
        with Store(db) as store:
            Watcher(store, pipeline, [site.base + "/atom.xml"],
                    Fetcher(timeout=5, retries=0, host_delay=0)).poll()
    assert site.asked("/bd/kharkiv.html") == [503] * 3  # MAX_ATTEMPTS polls, then no more
    assert "bd/kharkiv.html" not in _articles(db)
    site.down.clear()
    with Store(db) as store:
        assert Watcher(store, pipeline, [site.base + "/atom.xml"], _fetcher()).poll().new == 0


def test_requests_to_one_host_keep_their_distance(site):
    fetcher = Fetcher(timeout=5, host_delay=0.6)
    for path in ("/bd/kharkiv.html", "/bd/nairobi.html", "/sm/menaka.html"):
        fetcher.get(site.base + path)
    times = [at for path, _, at in site.requests if path != "/robots.txt"]
    assert len(times) == 4  # nairobi failed once and was asked again
    # the server sees the requests a little late, by however long a busy machine takes to
    # hand them over: a margin of a quarter of the pause, which no missing pause fits in
    assert all(later - earlier >= 0.45 for earlier, later in pairwise(times))


def test_conditional_get_answers_304_and_keeps_the_validators(site):
    fetcher = _fetcher()
    first = fetcher.get(site.base + "/atom.xml")
    assert first.ok and first.etag
    again = fetcher.get(site.base + "/atom.xml", etag=first.etag)
    assert again.status == 304 and again.body == b""


def test_a_server_that_keeps_failing_is_given_up_after_the_retries(site):
    site.routes.pop("/bd/kharkiv.html")
    site.routes["/down.html"] = b"never"
    site.fail_once.add("/down.html")
    fetcher = Fetcher(timeout=5, retries=0, host_delay=0)
    failed = fetcher.get(site.base + "/down.html")
    assert failed.status == 500 and not failed.final  # worth trying in a later poll
    gone = fetcher.get(site.base + "/bd/kharkiv.html")
    assert gone.status == 404 and gone.final


def test_sources_are_read_as_feeds_or_sitemaps_and_broken_ones_named(site):
    base = site.base + "/feeds/"
    atom = parse_listing(ATOM, base)
    assert [(i.url, i.published, i.outlet) for i in atom.items][:2] == [
        (site.base + "/bd/menaka.html", date(2024, 5, 15), "Bamako Daily"),
        (site.base + "/bd/kharkiv.html", date(2024, 5, 13), "Bamako Daily")]
    news = parse_listing(SITEMAP, site.base + "/sitemap.xml").items[0]
    assert (news.published, news.title, news.outlet) == (
        date(2024, 5, 15), "Four soldiers killed near Menaka", "Wire One")
    index = parse_listing(SITEMAP_INDEX, site.base + "/sitemap_index.xml")
    assert index.sitemaps == [site.base + "/sitemap-2024.xml", site.base + "/sitemap-2019.xml"]
    for broken in (b"<rss><channel><title>Broken</ti", b"<html><body>a page</body></html>",
                   b"\x1f\x8bnot gzip"):
        with pytest.raises(BrokenFeed):
            parse_listing(broken, base)


def test_near_duplicates_are_told_from_other_reports_of_the_same_event():
    assert jaccard(shingles(MENAKA), shingles(MENAKA_COPY)) >= 0.7
    assert jaccard(shingles(MENAKA), shingles(MENAKA_OWN_REPORT)) < 0.2
    assert shingles("Too short to judge.") == frozenset()


def test_watch_command_polls_once_and_says_what_it_did(pipeline, site, tmp_path):
    db = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(app, ["watch", site.base + "/atom.xml", str(tmp_path / "no.xml"),
                                      "--db", str(db), "--once", "--host-delay", "0"])
    assert result.exit_code == 0, result.output
    assert "skipped no.xml" in result.output.replace(str(tmp_path) + "/", "")
    assert "now holds 3 articles" in result.output
    assert len(_articles(db)) == 3
