"""Polite HTTP for `tidings watch`: robots.txt, a pause between requests to one host,
timeouts, retries with backoff, and conditional GET.

A feed is polled around the clock, so every request is one a site owner would accept: a
page robots.txt closes to us is never asked for (a redirect into one neither), one host
gets a request at most every ``host_delay`` seconds (longer if its robots.txt asks for
it), a server that fails or says "too many requests" is tried again later with a growing
pause, and a feed that has not changed costs a 304 instead of its whole body.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from importlib.metadata import version
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

USER_AGENT = f"tidings/{version('tidings')} (news event coder; polite feed reader)"
ROBOTS_AGENT = "tidings"
# Statuses worth asking again for: the server is busy or failed for now.
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
MAX_BODY = 20 * 1024 * 1024  # a news page or feed larger than this is not one
MAX_PAUSE = 120.0  # no Retry-After or Crawl-delay holds the watch longer than this
ROBOTS_TTL = 3600.0  # robots.txt is read again after an hour,
ROBOTS_RETRY = 300.0  # or after five minutes when it could not be read


@dataclass
class Fetched:
    """The outcome of one fetch. ``status`` is the HTTP status (304: unchanged since the
    ETag / Last-Modified given), or None when no answer came (``error`` says why) or
    robots.txt forbids the URL (``disallowed``)."""

    url: str
    status: int | None
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    disallowed: bool = False

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def final(self) -> bool:
        """Asking again will not help: robots.txt forbids it, or the server said no for
        good (4xx other than 408 and 429). Failures that may pass are not final."""
        return self.disallowed or (self.status is not None and 400 <= self.status < 500
                                   and self.status not in RETRY_STATUSES)

    def describe(self) -> str:
        """A short status for the log and the ``fetched`` table."""
        if self.disallowed:
            return "robots.txt disallows"
        if self.status is None:
            return f"failed: {self.error}"
        return str(self.status)


class _Refused(Exception):
    """A redirect into a place robots.txt forbids."""


class Fetcher:
    """One polite client for all hosts (one thread: the watch loop)."""

    def __init__(self, timeout: float = 20.0, retries: int = 3, backoff: float = 1.0,
                 host_delay: float = 1.0) -> None:
        """``retries``: attempts after the first for failures that may pass; ``backoff``:
        the first pause between attempts (doubled each time, or the server's
        Retry-After); ``host_delay``: least seconds between two requests to one host."""
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.host_delay = host_delay
        self._robots: dict[str, tuple[float, RobotFileParser]] = {}  # site: (expiry, rules)
        self._next_request: dict[str, float] = {}
        fetcher = self

        class CheckedRedirects(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001
                if not fetcher.allowed(newurl):
                    raise _Refused(newurl)
                return super().redirect_request(req, fp, code, msg, headers, newurl)

        self._opener = urllib.request.build_opener(CheckedRedirects)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's site lets us fetch it."""
        return self._robots_for(url).can_fetch(ROBOTS_AGENT, url)

    def get(self, url: str, etag: str | None = None,
            last_modified: str | None = None) -> Fetched:
        """GET ``url`` politely; with ``etag`` / ``last_modified`` (what the last answer
        carried) a server whose copy has not changed answers 304 and no body."""
        if urlsplit(url).scheme not in ("http", "https"):
            return Fetched(url, None, error="not an http(s) URL")
        if not self.allowed(url):
            return Fetched(url, None, disallowed=True)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        result = Fetched(url, None, error="not tried")
        for attempt in range(self.retries + 1):
            result, retry_after = self._request(url, headers)
            if result.ok or result.status == 304 or result.final or attempt == self.retries:
                break
            pause = retry_after if retry_after is not None else self.backoff * 2 ** attempt
            time.sleep(min(pause, MAX_PAUSE))
        return result

    def _request(self, url: str, headers: dict[str, str]) -> tuple[Fetched, float | None]:
        """One request, after the host's pause; the answer and its Retry-After (seconds)."""
        self._wait_turn(url)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                body = response.read(MAX_BODY + 1)
                if len(body) > MAX_BODY:
                    return Fetched(url, None, error=f"larger than {MAX_BODY} bytes"), None
                return _answer(response.url, response.status, response.headers, body), None
        except _Refused as refused:
            return Fetched(str(refused), None, disallowed=True), None
        except urllib.error.HTTPError as error:  # a status other than 2xx: 304 among them
            with error:
                return (_answer(url, error.code, error.headers, b""),
                        _retry_after(error.headers))
        except (urllib.error.URLError, OSError) as error:  # refused, reset, timed out, DNS
            reason = getattr(error, "reason", error)
            return Fetched(url, None, error=f"{type(error).__name__}: {reason}"[:200]), None

    def _wait_turn(self, url: str) -> None:
        """Sleep until the host may be asked again, and book its next turn."""
        host = urlsplit(url).netloc
        now = time.monotonic()
        wait = self._next_request.get(host, now) - now
        if wait > 0:
            time.sleep(wait)
        delay = self.host_delay
        robots = self._robots.get(_site(url))
        if robots is not None and (asked := robots[1].crawl_delay(ROBOTS_AGENT)):
            delay = max(delay, min(float(asked), MAX_PAUSE))
        self._next_request[host] = time.monotonic() + delay

    def _robots_for(self, url: str) -> RobotFileParser:
        """The site's robots.txt rules, read at most once an hour. As RFC 9309 says: none
        (4xx) allows everything, 401/403 and an unreachable or failing server (5xx)
        nothing, until it is read again (in five minutes)."""
        site = _site(url)
        cached = self._robots.get(site)
        if cached is not None and time.monotonic() < cached[0]:
            return cached[1]
        rules = RobotFileParser(site + "/robots.txt")
        self._wait_turn(site + "/robots.txt")
        request = urllib.request.Request(site + "/robots.txt",
                                         headers={"User-Agent": USER_AGENT})
        keep = ROBOTS_TTL
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                rules.parse(response.read(MAX_BODY).decode("utf-8", "replace").splitlines())
        except urllib.error.HTTPError as error:
            error.close()
            if error.code in (401, 403) or error.code >= 500:
                rules.disallow_all = True
                keep = ROBOTS_RETRY if error.code >= 500 else ROBOTS_TTL
            else:
                rules.allow_all = True
        except (urllib.error.URLError, OSError):
            rules.disallow_all, keep = True, ROBOTS_RETRY
        self._robots[site] = (time.monotonic() + keep, rules)
        return rules


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _answer(url: str, status: int, headers: Message, body: bytes) -> Fetched:
    return Fetched(url, status, body, headers.get("ETag"), headers.get("Last-Modified"))


def _retry_after(headers: Message) -> float | None:
    """Retry-After in seconds (the form servers use for 429 and 503), or None."""
    value = (headers.get("Retry-After") or "").strip()
    return float(value) if value.isdigit() else None
