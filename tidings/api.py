"""The HTTP API (FastAPI) over an event store, and the dashboard it serves at ``/``.

Read-only unless started with a token: the store is then opened read-write and
``POST /ingest`` accepts requests bearing that token. Every parameter is validated by
pydantic models (the same EventFilter the exports use), request bodies are capped, and
the store binds every value as a SQL parameter.
"""

from __future__ import annotations

import asyncio
import datetime
import hmac
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field, field_validator
from starlette.middleware.trustedhost import TrustedHostMiddleware

from tidings import web
from tidings.budget import ARTICLE_SECONDS, failure_reason
from tidings.events.policy import SHIPPED_POLICY, Policy
from tidings.graph_layout import force_layout
from tidings.ingest import parse_date
from tidings.model import QUAD_CLASSES, Article
from tidings.options import ANSWER_CACHE_MB
from tidings.store import EventFilter, Page, StatsBin, Store

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from tidings.pipeline import Pipeline

T = TypeVar("T")
MAX_BODY_BYTES = 1_000_000
MAX_TEXT_CHARS = 100_000
# Extractions a server keeps waiting for its extraction thread; more are refused (503) so
# that a flood of POSTs cannot pile up bodies in memory and clients that never get served.
MAX_WAITING_EXTRACTIONS = 32
_BEARER = HTTPBearer(auto_error=False)
EventId = Annotated[str, PathParam(pattern=r"^[0-9a-f]{16}$")]
# What /static may serve: the dashboard's own kinds of file, never the package's Python
# source (/static/__init__.py) or npm manifests.
DASHBOARD_ASSETS = frozenset({".html", ".js", ".css", ".svg", ".png", ".ico", ".woff2"})
# Hosts a request may name by default: loopback only, so that a web page elsewhere cannot
# reach a local server by pointing its own domain at 127.0.0.1 (DNS rebinding).
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")
# Every response: no sniffing, no framing, no referrer, and scripts, styles and data from
# this server only (inline ones: the dashboard's and Swagger UI's set-up code; blob:
# workers: ReDoc's search, which it starts from a script of its own).
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' "
     b"'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; "
     b"frame-ancestors 'none'"),
]


class EventQuery(EventFilter, Page):
    """Filters plus sorting and pagination, as query parameters."""


class ClusterQuery(EventFilter, Page):
    min_articles: int = Field(1, ge=1, le=10_000)


class StatsQuery(EventFilter):
    bin: StatsBin = Field("auto", description="day, week, month or year; auto: the finest "
                                              "that keeps the matching span readable")
    per_country: bool = Field(True, description="split the counts by location country")


class MapQuery(EventFilter):
    limit: int = Field(5000, ge=1, le=20_000, description="at most this many events")


class DensityQuery(EventFilter):
    cell: float = Field(1.0, ge=0.01, le=10, description="grid cell size in degrees")


class NetworkQuery(EventFilter):
    actors: int = Field(30, ge=1, le=200, description="how many of the most active actors")


class ArticleIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    id: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=1000)
    date: datetime.date | None = None
    url: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=200)

    @field_validator("date")
    @classmethod
    def _plausible_date(cls, value: datetime.date | None) -> datetime.date | None:
        return value and parse_date(value.isoformat())

    def article(self) -> Article:
        return Article(text=self.text, id=self.id or "", title=self.title, date=self.date,
                       url=self.url, outlet=self.outlet)


class IngestIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=100)


def _plain(value: object) -> object:
    """What json.dumps cannot write itself: dates as ISO strings, the rest as FastAPI would."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return jsonable_encoder(value)


def json_bytes(answer: dict) -> bytes:
    """``answer`` as JSONResponse would send it, written by json.dumps in one pass:
    FastAPI's jsonable_encoder walks every value in Python first, which took 0.1-0.2 s of
    a 5,000-point /map or a day-by-country /stats at a million events."""
    return json.dumps(answer, default=_plain, ensure_ascii=False, allow_nan=False,
                      separators=(",", ":")).encode()


class Answers:
    """The read endpoints' answers, as JSON bytes, by endpoint and validated query; the
    least recently asked go beyond ``budget`` bytes. Sound because only this server changes
    its store: DuckDB lets no other process write a file this one has open, and this
    server's /ingest calls ``clear``. At a million events the dashboard's every view costs
    0.1-0.2 s of DuckDB each; asked again, nothing."""

    def __init__(self, budget: int) -> None:
        self.budget, self.size = budget, 0
        self._bodies: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._generation = 0  # an answer computed before a clear is not kept after it
        self._lock = threading.Lock()
        self.computed = 0  # answers asked of the store

    def get(self, endpoint: str, query: BaseModel, compute: Callable[[], dict]) -> Response:
        key = (endpoint, query.model_dump_json())
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            generation = self._generation
        if body is None:
            body = json_bytes(compute())
            self.computed += 1
            with self._lock:
                if generation == self._generation and key not in self._bodies:
                    self._bodies[key] = body
                    self.size += len(body)
                    while self.size > self.budget:
                        self.size -= len(self._bodies.popitem(last=False)[1])
        return Response(body, media_type="application/json")

    def clear(self) -> None:
        with self._lock:
            self._bodies.clear()
            self.size = 0
            self._generation += 1


class DashboardAssets(StaticFiles):
    """The dashboard's files, by extension (DASHBOARD_ASSETS); anything else is a 404."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        if Path(path).suffix.lower() not in DASHBOARD_ASSETS:
            raise HTTPException(404, "not a dashboard file")
        return await super().get_response(path, scope)


class SecurityHeaders:
    """Add SECURITY_HEADERS to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes (413), whether or not they say
    their length up front."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.limit:
            return await _too_large(scope, receive, send)
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise HTTPException(413, "request body too large")
            return message

        await self.app(scope, counted, send)


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse({"detail": "request body too large"}, status_code=413)
    await response(scope, receive, send)


async def _invalid_request(_: Request, error: RequestValidationError) -> Response:
    """FastAPI's 422, in ASCII JSON: its echo of a lone surrogate (refused by pydantic as
    no valid string) would not encode as UTF-8 and turned the 422 into a 500."""
    body = json.dumps({"detail": jsonable_encoder(error.errors())}, ensure_ascii=True)
    return Response(body, status_code=422, media_type="application/json")


def _evidence(record: dict) -> list[dict]:
    """The highlighted spans of a record, with offsets into its sentence when inside it."""
    spans = [("trigger", record["trigger"])]
    spans += [(role, actor) for role in ("actor", "recipient") for actor in record[role]]
    spans += [("place", record["location"]), ("date", record["date_span"])]
    sentence = record["sentence"]
    out = []
    for role, span in spans:
        if span and span.get("start") is not None:
            inside = sentence["start"] <= span["start"] and span["end"] <= sentence["end"]
            out.append({"role": role, "text": span["text"], "start": span["start"],
                        "end": span["end"], "in_sentence": inside,
                        "sentence_start": span["start"] - sentence["start"] if inside else None,
                        "sentence_end": span["end"] - sentence["start"] if inside else None})
    return out


def create_app(db: Path | str, token: str | None = None,
               pipeline: Pipeline | None = None,
               allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS,
               answer_cache_mb: int = ANSWER_CACHE_MB,
               max_waiting: int = MAX_WAITING_EXTRACTIONS,
               article_seconds: float = ARTICLE_SECONDS,
               policy: Policy | None = SHIPPED_POLICY) -> FastAPI:
    """The app for one store; ``pipeline`` may be given to share an already loaded one;
    requests naming another host than ``allowed_hosts`` are refused (400), extractions
    beyond ``max_waiting`` queued or running ones are refused (503); answers are kept up
    to ``answer_cache_mb`` (0: every request asks the store); each article extracted gets
    ``article_seconds`` CPU seconds (0: no limit) and is coded by ``policy`` (a pipeline given
    keeps its own)."""
    store = Store(db, read_only=token is None)
    # Extraction runs on its own thread, one article at a time (the pipeline is not
    # thread-safe); requests waiting for it hold no worker thread, so reads stay fast.
    extraction = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tidings-extract")
    loaded: list[Pipeline] = [pipeline] if pipeline else []
    answers = Answers(answer_cache_mb * 2**20)

    def extractor() -> Pipeline:
        if not loaded:
            from tidings.pipeline import Pipeline

            loaded.append(Pipeline(policy, article_seconds=article_seconds))
        return loaded[0]

    warming = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tidings-warm")

    def first_view() -> None:
        """The dashboard's first requests (app.js, unfiltered), answered before anyone
        asks: at a million events they cost DuckDB a second between them."""
        events(EventQuery(limit=100))
        map_events(MapQuery())
        stats(StatsQuery(per_country=False))
        network(NetworkQuery())

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        if answers.budget:
            warming.submit(first_view)
        yield
        warming.shutdown(wait=True)
        extraction.shutdown(wait=True)
        store.close()

    queued = 0  # extractions submitted and not finished; only the event loop touches it

    async def extracting(work: Callable[[], T]) -> T:
        nonlocal queued
        if queued >= max_waiting:
            raise HTTPException(503, f"busy: {queued} extractions are queued; retry later",
                                headers={"Retry-After": "10"})
        queued += 1
        try:
            return await asyncio.wrap_future(extraction.submit(work))
        finally:
            queued -= 1

    # FastAPI's own /docs and /redoc load their scripts from a CDN (a blank page offline);
    # FastAPIOffline serves the same pages with the files from its package.
    app = FastAPIOffline(title="tidings", lifespan=lifespan,
                         description="Coded PLOVER events extracted from news: query, map, "
                                     "export.")
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.state.answers = answers

    def authorised(credentials: Annotated[HTTPAuthorizationCredentials | None,
                                          Depends(_BEARER)]) -> None:
        if token is None:
            raise HTTPException(403, "read-only server: start it with --token to ingest")
        if credentials is None or not hmac.compare_digest(credentials.credentials.encode(),
                                                          token.encode()):
            raise HTTPException(401, "missing or wrong token",
                                headers={"WWW-Authenticate": "Bearer"})

    @app.get("/events", tags=["events"])
    def events(query: Annotated[EventQuery, Query()]) -> dict:
        """Events matching the filters, one page at a time."""
        def page() -> dict:
            total, rows = store.events(query,
                                       Page(**query.model_dump(include=set(Page.model_fields))))
            return {"total": total, "limit": query.limit, "offset": query.offset, "events": rows}

        return answers.get("events", query, page)

    @app.get("/events/{event_id}", tags=["events"])
    def event(event_id: EventId) -> dict:
        """One record, with its sentence and the evidence spans to highlight."""
        record = store.event(event_id)
        if record is None:
            raise HTTPException(404, f"no event {event_id}")
        return {**record, "evidence": _evidence(record)}

    @app.get("/clusters", tags=["events"])
    def clusters(query: Annotated[ClusterQuery, Query()]) -> dict:
        """Events as reported by several articles: counts of articles and outlets."""
        def page() -> dict:
            page = Page(**query.model_dump(include=set(Page.model_fields)))
            total, rows = store.clusters(query, page, query.min_articles)
            return {"total": total, "limit": page.limit, "offset": page.offset,
                    "clusters": rows}

        return answers.get("clusters", query, page)

    @app.get("/stats", tags=["aggregates"])
    def stats(query: Annotated[StatsQuery, Query()]) -> dict:
        """Event counts by day, week, month or year (``bin``) × type × location country,
        of the events dated within a month before their report (or a day after);
        ``undated`` and ``out_of_range`` count the others matching the filters."""
        return answers.get("stats", query,
                           lambda: store.stats(query, query.bin, query.per_country))

    @app.get("/map", tags=["aggregates"])
    def map_events(query: Annotated[MapQuery, Query()]) -> dict:
        """One point per reported event with a place (its reports grouped): type, date,
        place, parties, number of matching reports and most killed; the most reported
        first. ``located`` and ``unlocated`` say how many there are and how many reports
        have no place."""
        return answers.get("map", query, lambda: store.map_events(query, query.limit))

    @app.get("/countries", tags=["aggregates"])
    def countries(query: Annotated[EventFilter, Query()]) -> dict:
        """Matching events per location country (ISO3), for a choropleth, and how many
        have no country."""
        return answers.get("countries", query, lambda: store.country_counts(query))

    @app.get("/admin1", tags=["aggregates"])
    def admin1(query: Annotated[EventFilter, Query()]) -> dict:
        """Matching events per first-level division (ISO3 ``country`` and ``admin1`` name),
        for a choropleth, and how many have no division."""
        return answers.get("admin1", query, lambda: store.admin1_counts(query))

    @app.get("/density", tags=["aggregates"])
    def density(query: Annotated[DensityQuery, Query()]) -> dict:
        """Matching located events per ``cell``-degree grid cell: parallel lists of column
        ``x``, row ``y`` (south-west corner ``x * cell``, ``y * cell``) and ``events``. Give
        ``bbox`` to count only the cells in view."""
        return answers.get("density", query, lambda: store.density(query, query.cell))

    @app.get("/network", tags=["aggregates"])
    def network(query: Annotated[NetworkQuery, Query()]) -> dict:
        """The most active actors, placed by a force-directed layout (``x``, ``y`` in
        [-1, 1]), and the actor → recipient edges among them, with event counts by type and
        by quad class (``quad``, in the order of ``quad_classes``)."""
        def laid_out() -> dict:
            graph = store.network(query, query.actors)
            positions = force_layout([node["code"] for node in graph["nodes"]],
                                     [(e["source"], e["target"], e["count"])
                                      for e in graph["edges"]])
            for node in graph["nodes"]:
                node["x"], node["y"] = positions[node["code"]]
            return {**graph, "quad_classes": QUAD_CLASSES}

        return answers.get("network", query, laid_out)

    @app.post("/extract", tags=["extraction"])
    async def extract(article: ArticleIn) -> dict:
        """Text in, event records out; nothing is stored."""
        try:
            found = await extracting(lambda: extractor().extract(article.article()))
        except HTTPException:
            raise
        except Exception as error:  # a bug this text meets, or its budget spent: not a 500
            raise HTTPException(422, failure_reason(error)[:300]) from None
        return {"events": [e.to_dict() for e in found]}

    @app.post("/ingest", tags=["extraction"], dependencies=[Depends(authorised)])
    async def ingest(body: IngestIn) -> dict:
        """Extract and store articles (only on a server started with a token)."""
        report = await extracting(
            lambda: store.ingest(extractor(), [a.article() for a in body.articles]))
        answers.clear()
        return {"stored": report.stored, "known": report.known, "events": report.events,
                "rejected": report.rejected}

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(web.STATIC / "index.html")

    @app.get("/basemap.json", include_in_schema=False)
    def basemap() -> FileResponse:
        """Country outlines as lon/lat polylines, shipped with the package."""
        return FileResponse(web.BASEMAP, media_type="application/json")

    @app.get("/admin1.json", include_in_schema=False)
    def admin1_outlines() -> Response:
        """First-level division outlines by admin1 name, shipped gzipped with the package
        (841 KB where the JSON is 2.9 MB); asked only when the admin-1 layer is shown."""
        return FileResponse(web.ADMIN1, media_type="application/json",
                            headers={"content-encoding": "gzip"})

    app.mount("/static", DashboardAssets(directory=web.STATIC), name="static")
    return app
