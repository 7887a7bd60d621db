"""Command-line options that several commands share (``cli``, ``commands_store``)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

DateOpt = Annotated[str | None, typer.Option(
    "--date", help="Publication date (YYYY-MM-DD) for articles that do not carry one.")]
# How much of its answers `tidings serve` keeps (tidings.api.Answers).
ANSWER_CACHE_MB = 64
AnswerCacheOpt = Annotated[int, typer.Option(
    "--answer-cache-mb", min=0,
    help="Keep query answers up to this size, until the next ingest (0: none).")]
WorkersOpt = Annotated[int | None, typer.Option(
    "--workers", "-w", min=1, help="Worker processes, one pipeline each (default: every core).")]


class Engine(StrEnum):
    local = "local"
    ray = "ray"


EngineOpt = Annotated[Engine, typer.Option(
    "--engine", help="local: worker processes on this machine; ray: actors on a Ray cluster "
                     "(needs the ray extra).")]
AddressOpt = Annotated[str | None, typer.Option(
    "--address", help="With --engine ray: the cluster (auto, or ray://HEAD:10001); default a "
                      "local Ray instance for this run.")]
StatementsOpt = Annotated[bool, typer.Option(
    "--statements", help="Also record public statements and appeals (CAMEO 01-02, which "
                         "PLOVER drops) as STATEMENT events.")]
ArticleSecondsOpt = Annotated[float, typer.Option(
    "--article-seconds", min=0,
    help="CPU seconds one article may take; one that needs more is skipped with a message "
         "and the run goes on (0: no limit).")]
