"""Beyond one machine: the pipeline on a Ray cluster (``--engine ray``).

Each Ray actor holds one Pipeline (models loaded once per actor, one CPU each); chunks of
articles go to the actors in turn, a bounded number in flight, and come back in input order:
the contract of :class:`tidings.parallel.WorkerPool`, so ``extract`` and ``ingest`` write the
same records on a laptop and on a cluster.

Actors rather than Ray Data: our readers stream inputs of any kind and size (folders, JSONL,
URLs, stdin) and name each bad record as they meet it; handing their stream to actors keeps
both, where Ray Data's file readers would replace them and materialise a dataset first.

Ray is an optional extra (``pip install -e ".[ray]"``). Without an address, a local Ray
instance is started with one CPU per worker; with one (``auto`` for the cluster this machine
belongs to, or ``ray://HEAD:10001``) the actors spread over the cluster's nodes, each of
which needs tidings installed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from importlib.util import find_spec

from tidings.events.policy import SHIPPED_POLICY, Policy
from tidings.model import Article, Event
from tidings.parallel import code_each, in_order
from tidings.torchless import keep_torch_from_thinc

INSTALL_HINT = 'pip install -e ".[ray]"'


class _PipelineActor:
    """One pipeline in one Ray worker process."""

    def __init__(self, article_seconds: float | None, policy: Policy | None) -> None:
        os.environ["TIDINGS_CODER_THREADS"] = "1"  # the actor holds one CPU
        keep_torch_from_thinc()
        from tidings.pipeline import Pipeline

        self.pipeline = Pipeline(policy, article_seconds=article_seconds, parse_ahead=False)

    def code(self, articles: list[Article], job: str = "events") -> list[list | Exception]:
        return code_each(self.pipeline, articles, job)


class RayPool:
    """``extract_many`` of a Pipeline over Ray actors (see the module doc)."""

    def __init__(self, workers: int | None = None, address: str | None = None,
                 article_seconds: float | None = None,
                 policy: Policy | None = SHIPPED_POLICY) -> None:
        """``workers``: actors (default: every CPU of the cluster); ``address``: a running
        cluster, or None to start a local instance for this run; ``article_seconds`` and
        ``policy``: each pipeline's, as :class:`Pipeline` takes them."""
        if find_spec("ray") is None:
            raise RuntimeError(f"--engine ray needs Ray: {INSTALL_HINT}")
        import ray

        self._owns_ray = not ray.is_initialized()
        if self._owns_ray:
            ray.init(address=address, num_cpus=None if address else workers,
                     include_dashboard=False, log_to_driver=False)
        if address is None:  # local actors share this machine's cache: build it once
            from tidings.geo import Gazetteer

            Gazetteer.prepare()
        count = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        actor = ray.remote(num_cpus=1)(_PipelineActor)
        self.actors = [actor.remote(article_seconds, policy) for _ in range(count)]
        self._turn = 0

    def __enter__(self) -> RayPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        import ray

        for actor in self.actors:
            ray.kill(actor)
        self.actors = []
        if self._owns_ray:
            ray.shutdown()

    def _submit(self, chunk: list[Article], job: str = "events") -> object:
        actor = self.actors[self._turn % len(self.actors)]
        self._turn += 1
        return actor.code.remote(chunk, job)

    def extract_many(
        self, articles: Iterable[Article], batch_size: int = 32,
        on_failure: Callable[[Article, Exception], None] | None = None,
    ) -> Iterator[tuple[Article, list[Event]]]:
        """As :meth:`Pipeline.extract_many`; ``batch_size`` is ignored."""
        import ray

        yield from in_order(articles, self._submit, ray.get, 2 * len(self.actors), on_failure)

    def places_many(
        self, articles: Iterable[Article], batch_size: int = 32,
        on_failure: Callable[[Article, Exception], None] | None = None,
    ) -> Iterator[tuple[Article, list]]:
        """As :meth:`Pipeline.places_many`; ``batch_size`` is ignored."""
        import ray

        yield from in_order(articles, lambda chunk: self._submit(chunk, "places"), ray.get,
                            2 * len(self.actors), on_failure)
