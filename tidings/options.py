"""Command-line options that several commands share (``cli``, ``commands_store``)."""

from __future__ import annotations

from typing import Annotated

import typer

DateOpt = Annotated[str | None, typer.Option(
    "--date", help="Publication date (YYYY-MM-DD) for articles that do not carry one.")]
WorkersOpt = Annotated[int | None, typer.Option(
    "--workers", "-w", min=1, help="Worker processes, one pipeline each (default: every core).")]
