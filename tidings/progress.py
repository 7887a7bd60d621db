"""How far a long run has got: a live line on a terminal, plain lines in a log, and a
summary at the end (articles, events, skipped, seconds, articles per second).

A run over a folder of news takes minutes to hours; without this it said nothing until the
end. On a terminal, rich redraws one status line; when stderr is a file or a pipe (a log,
a service manager), a plain line is written every ``LOG_EVERY`` seconds instead, so logs
stay readable.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

# Seconds between plain progress lines when stderr is not a terminal.
LOG_EVERY = 30.0


class RunMeter:
    """Counts done articles and what they gave (events, places) and shows the rate as the
    run goes."""

    def __init__(self, verb: str, noun: str = "event", stream: TextIO | None = None,
                 live: bool = True, log_every: float = LOG_EVERY) -> None:
        """``live=False`` when records go to the same terminal (a redrawn line would
        tear through them); ``log_every``: seconds between plain lines (0: a line at each
        :meth:`add`, for runs whose steps are checkpoints)."""
        self.verb, self.noun, self.log_every = verb, noun, log_every
        self.stream = stream or sys.stderr
        self.articles = self.found = 0
        self.started = self._last_line = time.monotonic()
        self._live = None
        if live and self.stream.isatty():
            from rich.console import Console
            from rich.live import Live
            from rich.spinner import Spinner

            self._spinner = Spinner("dots", self._status())
            self._live = Live(self._spinner, console=Console(file=self.stream),
                              transient=True, redirect_stdout=False, redirect_stderr=False)
            self._live.start()

    def _status(self) -> str:
        return (f"tidings: {self.verb} {self.articles} article(s), {self.found} {self.noun}(s), "
                f"{self.rate():.2f} articles/s")

    def seconds(self) -> float:
        return time.monotonic() - self.started

    def rate(self) -> float:
        return self.articles / max(self.seconds(), 1e-9)

    def add(self, articles: int, found: int) -> None:
        """Count more done articles and what they gave."""
        self.articles += articles
        self.found += found
        if self._live is not None:
            self._spinner.update(text=self._status())
        elif time.monotonic() - self._last_line >= self.log_every:
            self._last_line = time.monotonic()
            print(self._status(), file=self.stream, flush=True)

    def close(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    def summary(self, skipped: int) -> str:
        """One line for the end of the run."""
        return (f"tidings: {self.verb} {self.articles} article(s), {self.found} {self.noun}(s), "
                f"{skipped} skipped, in {self.seconds():.1f} s ({self.rate():.2f} articles/s)")
