"""Every core: the pipeline in worker processes, articles out in the order they came in.

A pipeline uses two cores at most (its parse runs ahead on a thread of its own, and spaCy's
parse and much else hold the GIL), so more threads do not scale; one Pipeline per process
does. Each worker loads the models once (spawned, not forked: a fork
of a process that has loaded onnxruntime's thread pool may hang), takes chunks of articles
and sends back their events; the parent keeps a bounded number of chunks in flight, so a
corpus streams through in constant memory, and yields results in input order, so
``--workers N`` writes the same records as one worker.

Fewer articles than workers are coded in the parent: a one-article run pays no start-up
of processes.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import TYPE_CHECKING

from tidings.events.policy import SHIPPED_POLICY, Policy
from tidings.model import Article, Event
from tidings.torchless import keep_torch_from_thinc

if TYPE_CHECKING:
    from tidings.pipeline import Pipeline

# Articles per task: small enough to balance, large enough for spaCy's batches.
CHUNK = 8

_worker_pipeline = None  # the Pipeline of this worker process


def default_workers() -> int:
    return os.cpu_count() or 1


def _start_worker(threads: int, article_seconds: float | None, policy: Policy | None) -> None:
    """In each worker: as many coder threads as the cores left to it, then the models."""
    os.environ["TIDINGS_CODER_THREADS"] = str(threads)
    keep_torch_from_thinc()
    from tidings.pipeline import Pipeline

    global _worker_pipeline
    _worker_pipeline = Pipeline(policy, article_seconds=article_seconds,
                                parse_ahead=threads > 1)


def _portable(error: Exception) -> Exception:
    """The error as the parent can receive it (some exceptions do not pickle)."""
    try:
        pickle.dumps(error)
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")


# What a worker can do for each article: the Pipeline's method for a batch and for one.
JOBS = {"events": ("extract_many", "extract"), "places": ("places_many", "places")}


def _code_chunk(articles: list[Article], job: str = "events") -> list[list | Exception]:
    """In a worker process: :func:`code_each` with the worker's pipeline."""
    return code_each(_worker_pipeline, articles, job)


def code_each(pipeline: Pipeline, articles: list[Article], job: str = "events"
              ) -> list[list | Exception]:
    """Events (or places, per ``job``) of each article, or the error it raised (one bad
    article costs only itself). The chunk is parsed as one batch; should the parse itself
    fail, each article is coded alone, so that the failure is pinned on its own article."""
    many, one = (getattr(pipeline, name) for name in JOBS[job])
    failed: dict[int, Exception] = {}
    try:
        coded = {id(article): found for article, found in many(
            articles, on_failure=lambda article, error: failed.update({id(article): error}))}
    except Exception:
        return [_coded_alone(one, article) for article in articles]
    return [coded[id(a)] if id(a) in coded else _portable(failed[id(a)]) for a in articles]


def _coded_alone(one: Callable[[Article], list], article: Article) -> list | Exception:
    try:
        return one(article)
    except Exception as error:  # reported by the parent, per article
        return _portable(error)


def in_order(articles: Iterable[Article], submit: Callable[[list[Article]], object],
             result: Callable[[object], list], in_flight: int,
             on_failure: Callable[[Article, Exception], None] | None,
             ) -> Iterator[tuple[Article, list]]:
    """Articles coded remotely in chunks, at most ``in_flight`` chunks at a time (constant
    memory however long the stream), yielded in input order. ``submit`` starts a chunk and
    returns a handle; ``result`` waits for a handle's :func:`code_each` list."""
    stream = iter(articles)
    pending: deque = deque()
    while True:
        while len(pending) < in_flight:
            chunk = list(islice(stream, CHUNK))
            if not chunk:
                break
            pending.append((chunk, submit(chunk)))
        if not pending:
            return
        chunk, handle = pending.popleft()
        for article, events in zip(chunk, result(handle), strict=True):
            if not isinstance(events, Exception):
                yield article, events
            elif on_failure is None:
                raise events
            else:
                on_failure(article, events)


class WorkerPool:
    """``extract_many`` of a Pipeline over ``workers`` processes (see the module doc).

    Use as a context manager, or call ``close``; the processes start on first need."""

    def __init__(self, workers: int, article_seconds: float | None = None,
                 policy: Policy | None = SHIPPED_POLICY) -> None:
        """``article_seconds`` and ``policy``: each pipeline's, as :class:`Pipeline` takes
        them."""
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.workers = workers
        self.article_seconds = article_seconds
        self.policy = policy
        self._pool = None
        self._local = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def _processes(self):
        if self._pool is None:
            from tidings.geo import Gazetteer

            Gazetteer.prepare()  # on a first run, built once here, not once per worker
            threads = max(1, default_workers() // self.workers)
            self._pool = multiprocessing.get_context("spawn").Pool(
                self.workers, initializer=_start_worker,
                initargs=(threads, self.article_seconds, self.policy))
        return self._pool

    def _in_parent(self):
        if self._local is None:
            from tidings.pipeline import Pipeline

            self._local = Pipeline(self.policy, article_seconds=self.article_seconds)
        return self._local

    def extract_many(
        self, articles: Iterable[Article], batch_size: int = 32,
        on_failure: Callable[[Article, Exception], None] | None = None,
    ) -> Iterator[tuple[Article, list[Event]]]:
        """As :meth:`Pipeline.extract_many`; ``batch_size`` is ignored (chunks are
        small so that workers stay busy)."""
        yield from self._each(articles, "events", on_failure)

    def places_many(
        self, articles: Iterable[Article], batch_size: int = 32,
        on_failure: Callable[[Article, Exception], None] | None = None,
    ) -> Iterator[tuple[Article, list]]:
        """As :meth:`Pipeline.places_many`; ``batch_size`` is ignored."""
        yield from self._each(articles, "places", on_failure)

    def _each(self, articles: Iterable[Article], job: str,
              on_failure: Callable[[Article, Exception], None] | None
              ) -> Iterator[tuple[Article, list]]:
        stream = iter(articles)
        first = list(islice(stream, self.workers))
        if len(first) < self.workers:
            many = getattr(self._in_parent(), JOBS[job][0])
            yield from many(first, on_failure=on_failure)
            return
        pool = self._processes()
        yield from in_order(chain(first, stream), lambda chunk: pool.apply_async(
            _code_chunk, (chunk, job)), lambda handle: handle.get(), 2 * self.workers,
            on_failure)
