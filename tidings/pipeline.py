"""The one path from text to events: nlp → geo → dates → events → coder → ACLED types.

Models and lexicons are loaded once when a Pipeline is made; each stage takes what
the earlier stages produced and never re-parses text.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Protocol

from spacy.tokens import Doc
from threadpoolctl import threadpool_limits

from tidings import budget
from tidings.actors import ActorLexicon
from tidings.dates import find_dates
from tidings.events.acled import AcledRules, apply_acled_types
from tidings.events.coder import CrossValidatedCoder, EventCoder, apply_acled_readings
from tidings.events.combine import fold_headline
from tidings.events.counts import share_counts
from tidings.events.extract import (
    DocContext,
    coded_events,
    extract_events,
    focus_country,
    places_as_parties,
)
from tidings.events.lexicon import TriggerLexicon
from tidings.events.policy import SHIPPED_POLICY, Policy
from tidings.geo import Gazetteer, geoparse
from tidings.geo.locate import PlaceChoosers
from tidings.language import foreign
from tidings.model import Article, Event, Place
from tidings.nlp import load_nlp, parse, parse_ahead, parse_long


class Extractor(Protocol):
    """What reads many articles into events or places: a Pipeline, or a pool of them
    (``parallel.WorkerPool``, ``ray_pool.RayPool``)."""

    def extract_many(
        self, articles: Iterable[Article], batch_size: int = 32,
        on_failure: Callable[[Article, Exception], None] | None = None,
    ) -> Iterator[tuple[Article, list[Event]]]: ...

    def places_many(
        self, articles: Iterable[Article], batch_size: int = 32,
        on_failure: Callable[[Article, Exception], None] | None = None,
    ) -> Iterator[tuple[Article, list[Place]]]: ...


def english_text(article: Article) -> str:
    """What of an article to parse: nothing of one surely in another language, which
    tidings does not read (its parse would cost an English article's time for nothing)."""
    return "" if foreign(article.text) else article.text


class Pipeline:
    """Article in, events out. Keeps the CPU seconds of each stage in ``stage_seconds``
    (``nlp`` counts the parse on its own thread, :func:`tidings.nlp.parse_ahead`)."""

    def __init__(self, policy: Policy | None = SHIPPED_POLICY,
                 coder: EventCoder | CrossValidatedCoder | None = None,
                 article_seconds: float | None = None, parse_ahead: bool = True) -> None:
        """``policy``: how the event coder and the lexicon decide together (None: the
        lexicon alone). ``coder``: default the shipped one. ``article_seconds``: each
        article's budget of CPU seconds (:mod:`tidings.budget`); an article that needs more
        raises ``ArticleOverBudget``. None or 0: no budget. ``parse_ahead``: many articles
        are parsed on a thread of their own, ahead of the later stages
        (:func:`tidings.nlp.parse_ahead`); off for a pipeline that has one core to itself
        (a worker of a pool), where the two threads could only take turns."""
        # One BLAS thread for the process: the pipeline's matrices are small, and OpenBLAS's
        # default of a thread per core only spins, on the core the coder's threads need
        # (benchmarks/throughput.py: 44 % of bare spaCy's speed, 50 % with one; PERFORMANCE)
        threadpool_limits(1, user_api="blas")
        self.nlp = load_nlp()
        self.gazetteer = Gazetteer.load()
        self.actors = ActorLexicon.load()
        self.triggers = TriggerLexicon.load()
        self.coder = (coder or EventCoder.load()) if policy is not None else None
        self.policy = policy
        self.acled = AcledRules.load()
        self.stage_seconds: dict[str, float] = {}
        self.article_seconds = article_seconds or None
        self.parse_ahead = parse_ahead

    @contextmanager
    def _timed(self, stage: str) -> Iterator[None]:
        """CPU time, not wall time: the stages share the process with the parse running
        ahead of them, whose GIL and core would count as theirs."""
        budget.entering(stage)
        started = time.thread_time()
        yield
        self._spent(stage, time.thread_time() - started)

    def _spent(self, stage: str, seconds: float) -> None:
        self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + seconds

    def lexicon_events(self, doc: Doc, article: Article,
                       place_choosers: PlaceChoosers | None = None
                       ) -> tuple[list[Event], DocContext]:
        """The stages after spaCy up to the trigger lexicon's events (what the coder reads;
        training builds its candidates from here too). ``place_choosers``: the models that
        place events, default the shipped ones (``tidings eval`` gives fold models)."""
        with self._timed("geo"):
            places = geoparse(doc, self.gazetteer)
        with self._timed("dates"):
            dates = find_dates(doc, article.date)
        with self._timed("events"):
            context = DocContext(article, places, dates, focus_country(places, article.text),
                                 place_choosers=place_choosers)
            events = extract_events(doc, context, self.triggers, self.actors)
        return events, context

    def events_from_doc(self, doc: Doc, article: Article,
                        place_choosers: PlaceChoosers | None = None
                        ) -> list[Event]:
        """The stages after spaCy, on an article parsed from :func:`english_text` (an
        article surely in another language is parsed as no text, so it yields nothing: the
        event coder would take foreign words for events, "ont attaqué")."""
        events, context = self.lexicon_events(doc, article, place_choosers)
        return self.coded(doc, events, context)

    def coded(self, doc: Doc, events: list[Event], context: DocContext) -> list[Event]:
        """The lexicon's events as the event coder judges them under ``policy``, with the
        events it adds, and their ACLED types."""
        readings = []
        if self.coder is not None and self.policy is not None:
            with self._timed("coder"):
                events, readings = coded_events(doc, context, events, self.coder,
                                                (self.triggers, self.actors), self.policy)
        events = fold_headline([places_as_parties(e, doc, context) for e in events],
                               context.article.text)
        share_counts(events, doc, context.figures)
        with self._timed("acled"):
            apply_acled_types(doc, events, self.acled)
            if readings and self.policy.acled is not None:
                apply_acled_readings(events, readings, self.policy.acled)
        return events

    def extract(self, article: Article) -> list[Event]:
        """Events of one article."""
        with self._timed("nlp"):
            ((doc, _),) = parse(self.nlp, [(english_text(article), None)])
        return self._read(doc, article, self.events_from_doc)

    def extract_many(
        self, articles: Iterable[Article], batch_size: int = 32,
        on_failure: Callable[[Article, Exception], None] | None = None,
    ) -> Iterator[tuple[Article, list[Event]]]:
        """Events of many articles, parsed in batches (spaCy's nlp.pipe), ahead of the
        later stages unless the pipeline was made without ``parse_ahead``.

        With ``on_failure``, an article whose coding raises is handed to it and left out,
        and the run goes on: one bad record must not cost the others."""
        yield from self._each_parsed(articles, self.events_from_doc, batch_size, on_failure)

    def places(self, article: Article) -> list[Place]:
        """Every toponym of one article (``tidings geoparse``)."""
        with self._timed("nlp"):
            ((doc, _),) = parse(self.nlp, [(english_text(article), None)])
        return self._read(doc, article, self.places_from_doc)

    def places_from_doc(self, doc: Doc, article: Article) -> list[Place]:
        """Every toponym of a parsed article, resolved where the gazetteer allows."""
        with self._timed("geo"):
            return geoparse(doc, self.gazetteer)

    def places_many(
        self, articles: Iterable[Article], batch_size: int = 32,
        on_failure: Callable[[Article, Exception], None] | None = None,
    ) -> Iterator[tuple[Article, list[Place]]]:
        """Toponyms of many articles, as :meth:`extract_many` gives events."""
        yield from self._each_parsed(articles, self.places_from_doc, batch_size, on_failure)

    def _each_parsed(self, articles: Iterable[Article], read: Callable[[Doc, Article], list],
                     batch_size: int, on_failure: Callable[[Article, Exception], None] | None
                     ) -> Iterator[tuple[Article, list]]:
        texts = ((english_text(a), a) for a in articles)
        docs = (parse_ahead(self.nlp, texts, batch_size,
                            spent=lambda seconds: self._spent("nlp", seconds))
                if self.parse_ahead else parse(self.nlp, texts, batch_size))
        while True:
            with self._timed("nlp"):
                parsed = next(docs, None)
            if parsed is None:
                return
            doc, article = parsed
            if on_failure is None:
                yield article, self._read(doc, article, read)
                continue
            try:
                found = self._read(doc, article, read)
            except Exception as error:  # a bug, or its budget spent: for this article alone
                on_failure(article, error)
                continue
            yield article, found

    def _read(self, doc: Doc | None, article: Article, read: Callable[[Doc, Article], list]
              ) -> list:
        """``read`` of one article under its own budget, counted from here: a text too long
        to parse in a batch (``doc`` None) is parsed here, in pieces, within it."""
        with budget.within(self.article_seconds, len(article.text)):
            if doc is None:
                with self._timed("nlp"):
                    doc = parse_long(self.nlp, article.text)
            return read(doc, article)
