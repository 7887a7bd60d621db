"""`tidings ingest`, `watch`, `serve` and `export`: keep, follow, serve and show events.

``register(app)`` adds the commands to the main CLI; ``python -m tidings.commands_store``
runs them on their own.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tidings.budget import ARTICLE_SECONDS
from tidings.events.policy import policy_for
from tidings.options import (
    ANSWER_CACHE_MB,
    AddressOpt,
    AnswerCacheOpt,
    ArticleSecondsOpt,
    DateOpt,
    Engine,
    EngineOpt,
    StatementsOpt,
    WorkersOpt,
)

if TYPE_CHECKING:
    from tidings.store import IngestReport, Store

DEFAULT_DB = Path("tidings.duckdb")
DbOpt = Annotated[Path, typer.Option("--db", help="The DuckDB file of the event store.")]


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    acled = "acled"
    geojson = "geojson"
    parquet = "parquet"


def ingest(
    inputs: Annotated[list[str], typer.Argument(
        help=".txt, .html, .jsonl files, directories, URLs, or - for stdin.")],
    db: DbOpt = DEFAULT_DB,
    published: DateOpt = None,
    batch_size: Annotated[int, typer.Option(
        "--batch-size", min=1, max=1000, help="Articles per transaction.")] = 16,
    workers: WorkersOpt = None,
    engine: EngineOpt = Engine.local,
    address: AddressOpt = None,
    article_seconds: ArticleSecondsOpt = ARTICLE_SECONDS,
    statements: StatementsOpt = False,
) -> None:
    """Extract events and store them (articles already stored are skipped)."""
    from tidings.cli import ArticleReader, date_option, extractor
    from tidings.progress import RunMeter

    meter = RunMeter("stored", log_every=0)  # in logs, a line per committed batch
    reader = ArticleReader(inputs, date_option(published), meter)

    def stored(report: IngestReport) -> None:
        meter.add(report.stored - meter.articles, report.events - meter.found)

    with (_open_store(db) as store,
          extractor(workers, engine, address, article_seconds, statements) as pipeline):
        report = store.ingest(pipeline, reader, batch_size, on_batch=stored,
                              on_reject=reader.rejected)
        totals = store.counts()
    if report.known:
        typer.echo(f"tidings: {report.known} already stored in {db}, skipped (a run that "
                   "was cut off continues where it stopped)", err=True)
    typer.echo(f"tidings: {db} now holds "
               + ", ".join(f"{n} {name}" for name, n in totals.items()), err=True)
    reader.finish()


def watch(
    sources: Annotated[list[str], typer.Argument(
        help="RSS/Atom feed or sitemap URLs, or files holding one.")],
    db: DbOpt = DEFAULT_DB,
    interval: Annotated[float, typer.Option(
        "--interval", min=1, help="Seconds from one poll to the next.")] = 900,
    once: Annotated[bool, typer.Option("--once", help="Poll once and stop.")] = False,
    host_delay: Annotated[float, typer.Option(
        "--host-delay", min=0, help="Least seconds between two requests to one host "
                                    "(longer if its robots.txt asks).")] = 1.0,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=1, help="Seconds to wait for a server's answer.")] = 20.0,
    max_new: Annotated[int, typer.Option(
        "--max-new", min=1, help="New items taken from one source per poll (the newest; "
                                 "the rest come in later polls).")] = 100,
    article_seconds: ArticleSecondsOpt = ARTICLE_SECONDS,
    statements: StatementsOpt = False,
) -> None:
    """Follow feeds and sitemaps: fetch new articles politely and store their events.

    Survives restarts: what was fetched is kept in the store and not fetched again."""
    from tidings.cli import EXIT_USAGE, extractor
    from tidings.feeds import Watcher
    from tidings.fetch import Fetcher
    from tidings.ingest import Problem, is_url

    missing = [s for s in sources if not is_url(s) and not Path(s).is_file()]
    for source in missing:
        typer.echo(f"tidings: skipped {Problem(source, 'no such file')}", err=True)
    if len(missing) == len(sources):
        raise typer.Exit(EXIT_USAGE)
    with (_open_store(db) as store,
          extractor(1, article_seconds=article_seconds, statements=statements) as pipeline):
        watcher = Watcher(store, pipeline, [s for s in sources if s not in missing],
                          Fetcher(timeout=timeout, host_delay=host_delay), max_new=max_new)
        try:
            watcher.run(interval, once)
        except KeyboardInterrupt:
            typer.echo("tidings watch: stopped; what was fetched is kept in "
                       f"{db}", err=True)
        totals = store.counts()
    typer.echo(f"tidings: {db} now holds "
               + ", ".join(f"{n} {name}" for name, n in totals.items()), err=True)


def _open_store(db: Path, read_only: bool = False) -> Store:
    """The store, or a one-line reason and exit 2 when another process holds it."""
    from tidings.store import Store, StoreBusy

    try:
        return Store(db, read_only=read_only)
    except StoreBusy as error:
        typer.echo(f"tidings: {error}", err=True)
        raise typer.Exit(2) from None


def serve(
    db: DbOpt = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    token: Annotated[str | None, typer.Option(
        "--token", envvar="TIDINGS_API_TOKEN",
        help="Allow POST /ingest for requests bearing this token (else read-only).")] = None,
    allowed_hosts: Annotated[list[str] | None, typer.Option(
        "--allowed-host", help="A host name clients may use besides the loopback ones "
                               "(repeatable; '*' for any).")] = None,
    answer_cache_mb: AnswerCacheOpt = ANSWER_CACHE_MB,
    article_seconds: ArticleSecondsOpt = ARTICLE_SECONDS,
    statements: StatementsOpt = False,
) -> None:
    """Serve the API (/docs) and the dashboard (/) for an event store."""
    import uvicorn

    from tidings.api import LOOPBACK_HOSTS, create_app

    # the address served on, when it is one, is a name clients use (a LAN address given as
    # --host); an address literal cannot be rebound to another site's domain
    bound = [] if host in ("0.0.0.0", "::") else [f"[{host}]" if ":" in host else host]
    hosts = (*LOOPBACK_HOSTS, *bound, *(allowed_hosts or []))
    uvicorn.run(create_app(db, token=token, allowed_hosts=hosts,
                           answer_cache_mb=answer_cache_mb, article_seconds=article_seconds,
                           policy=policy_for(statements)),
                host=host, port=port)


def export(
    db: DbOpt = DEFAULT_DB,
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write here (required for parquet), not stdout.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
    event_type: Annotated[list[str] | None, typer.Option("--type", help="PLOVER type")] = None,
    actor: Annotated[str | None, typer.Option(help="Actor code or country")] = None,
    recipient: Annotated[str | None, typer.Option(help="Recipient code or country")] = None,
    party: Annotated[str | None, typer.Option(
        help="Code or country of a party on either side (with --actor: the pair)")] = None,
    country: Annotated[str | None, typer.Option(help="ISO3 of the location")] = None,
    admin1: Annotated[str | None, typer.Option(help="Admin1 of the location")] = None,
    bbox: Annotated[str | None, typer.Option(help="min_lon,min_lat,max_lon,max_lat")] = None,
    text: Annotated[str | None, typer.Option("--text", help="Text search")] = None,
    cluster: Annotated[str | None, typer.Option(help="Cluster id")] = None,
    exclude_flag: Annotated[list[str] | None, typer.Option(
        "--exclude-flag", help="Leave out events with this flag (negated, future, …)")] = None,
    typed_by: Annotated[str | None, typer.Option(
        help="who decided the type: lexicon (against the event coder's doubt), model (the "
             "coder re-typed or added it) or both (they agree)")] = None,
    include_historical: Annotated[bool, typer.Option(
        "--include-historical", help="acled: also events the text tells as history (left "
                                     "out by default: ACLED codes events when they happen)")
    ] = False,
) -> None:
    """Export stored events as JSONL, CSV, ACLED-style CSV, GeoJSON or Parquet."""
    from pydantic import ValidationError

    from tidings.export import write_parquet, write_text
    from tidings.store import EventFilter

    if not db.exists():
        typer.echo(f"tidings: no event store at {db} (run tidings ingest first)", err=True)
        raise typer.Exit(2)
    if output_format is ExportFormat.parquet and output is None:
        raise typer.BadParameter("parquet needs --output FILE", param_hint="--format")
    try:
        where = EventFilter(date_from=date_from, date_to=date_to, event_type=event_type or [],
                            actor=actor, recipient=recipient, party=party, country=country,
                            admin1=admin1, bbox=bbox, q=text, cluster=cluster,
                            exclude_flag=exclude_flag or [], typed_by=typed_by)
    except ValidationError as error:
        raise typer.BadParameter("; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())) from None
    with _open_store(db, read_only=True) as store:
        if output_format is ExportFormat.parquet:
            count = write_parquet(store, where, output)
        elif output is None:
            import sys

            count = write_text(store, output_format.value, where, sys.stdout,
                               include_historical)
        else:
            with output.open("w", encoding="utf-8", newline="") as handle:
                count = write_text(store, output_format.value, where, handle,
                                   include_historical)
    typer.echo(f"tidings: exported {count} {output_format.value} row(s)", err=True)


def register(app: typer.Typer) -> None:
    """Add ingest, watch, serve and export to a Typer app (the `tidings` CLI)."""
    app.command()(ingest)
    app.command()(watch)
    app.command()(serve)
    app.command()(export)


main = typer.Typer(add_completion=False, no_args_is_help=True)
register(main)

if __name__ == "__main__":
    main()
