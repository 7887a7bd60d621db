"""A per-article budget of CPU seconds: an article that needs more is skipped with a
message, and the run goes on (``--article-seconds``).

The budget is checked cooperatively, between units of work: between the pieces of a long
text's parse, between stages, and in the stages' per-sentence and per-batch loops. A check
costs one clock reading, so a pathological article overruns its budget by at most one unit
(a 20,000-character piece of parse, about a CPU second) and a normal one pays nothing
worth measuring. The pipeline sets the deadline of the article it is working on
(:func:`within`); the stages only call :func:`check`, which does nothing when no deadline
is set (``tidings eval``, training, library callers who set none).

The clock is the CPU time of the thread that codes the article, not wall time: on a
shared machine wall time also counts the other jobs, so the same article would be skipped
or not by the load. Nor is it the process's CPU time, which counts work that is not the
article's: the parse of the articles after it, running ahead on a thread of its own
(:func:`tidings.nlp.parse_ahead`), and in ``tidings serve`` the reads answered meanwhile.
On two cores or fewer the event coder runs on the article's thread too, so a budget of S
seconds is S seconds of what the article costs the machine, the measure the kernel's
``RLIMIT_CPU`` (and ``benchmarks/fuzzed_articles.py``) uses; on more, the coder's one
helper thread goes uncounted (at most half of the coder's time, which is about a quarter
of an article's).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# Default of --article-seconds. The densest of the fuzzed articles up to 100 KB (place
# names) takes up to 35 CPU s with model loading on a busy machine, about 30 s of its own;
# 40 s reads any news article, some 350,000 characters, and keeps a one-article run, models
# loaded and the last piece of parsing over, under 60 CPU s (docs/RELIABILITY.md).
ARTICLE_SECONDS = 40.0


class ArticleOverBudget(Exception):
    """An article that needed more CPU time than its budget: skipped, not a bug."""


class Deadline:
    """The end of one article's budget, and where the pipeline is in it (for the message)."""

    def __init__(self, seconds: float, chars: int) -> None:
        self.seconds = seconds
        self.chars = chars
        self.ends = time.thread_time() + seconds
        self.stage = "nlp"

    def check(self, at: int | None = None) -> None:
        """Raise :class:`ArticleOverBudget` once the budget is spent; ``at``: the character
        the stage has reached."""
        if time.thread_time() > self.ends:
            where = f", at character {at:,} of {self.chars:,}" if at is not None else (
                f" ({self.chars:,} characters)")
            raise ArticleOverBudget(
                f"over the {self.seconds:g} s budget in its {self.stage} stage{where}; "
                "raise --article-seconds to read it (0: no budget)")


_deadline: ContextVar[Deadline | None] = ContextVar("tidings_article_deadline", default=None)


@contextmanager
def within(seconds: float | None, chars: int) -> Iterator[None]:
    """Work done inside is one article's, of ``chars`` characters, under a budget of
    ``seconds`` (None: no budget) counted from here."""
    token = _deadline.set(Deadline(seconds, chars) if seconds else None)
    try:
        yield
    finally:
        _deadline.reset(token)


def check(at: int | None = None) -> None:
    """Raise :class:`ArticleOverBudget` if the current article's budget is spent."""
    deadline = _deadline.get()
    if deadline is not None:
        deadline.check(at)


def entering(stage: str) -> None:
    """Between stages: check the budget, and name ``stage`` in the message of an overrun."""
    deadline = _deadline.get()
    if deadline is not None:
        deadline.check()
        deadline.stage = stage


def failure_reason(error: Exception) -> str:
    """Why an article the pipeline raised on was skipped: its budget, or a bug."""
    if isinstance(error, ArticleOverBudget):
        return str(error)
    return f"could not be coded: {type(error).__name__}: {error}"
