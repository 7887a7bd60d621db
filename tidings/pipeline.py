"""The one path from text to events: nlp → geo → dates → events → type model → ACLED types.

Models and lexicons are loaded once when a Pipeline is made; each stage takes what
the earlier stages produced and never re-parses text.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from spacy.tokens import Doc

from tidings.actors import ActorLexicon
from tidings.dates import find_dates
from tidings.events.acled import AcledRules, apply_acled_types
from tidings.events.classifier import EventTypeModel, apply_type_scores
from tidings.events.extract import (
    MODEL_THRESHOLD,
    DocContext,
    extract_events,
    focus_country,
    model_events,
)
from tidings.events.lexicon import TriggerLexicon
from tidings.geo import Gazetteer, geoparse
from tidings.model import Article, Event
from tidings.nlp import load_nlp, parse


class Pipeline:
    """Article in, events out. Keeps per-stage timings in ``stage_seconds``."""

    def __init__(self, model_threshold: float | None = MODEL_THRESHOLD) -> None:
        """``model_threshold``: the type model's probability at which it adds an event the
        lexicon missed (None: the model only scores the lexicon's events)."""
        self.nlp = load_nlp()
        self.gazetteer = Gazetteer.load()
        self.actors = ActorLexicon.load()
        self.triggers = TriggerLexicon.load()
        self.type_model = EventTypeModel.load()
        self.acled = AcledRules.load()
        self.model_threshold = model_threshold
        self.stage_seconds: dict[str, float] = {}

    @contextmanager
    def _timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        elapsed = time.perf_counter() - started
        self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + elapsed

    def events_from_doc(self, doc: Doc, article: Article) -> list[Event]:
        """The stages after spaCy, on an already parsed article."""
        with self._timed("geo"):
            places = geoparse(doc, self.gazetteer)
        with self._timed("dates"):
            dates = find_dates(doc, article.date)
        with self._timed("events"):
            context = DocContext(article, places, dates, focus_country(places, article.text))
            events = extract_events(doc, context, self.triggers, self.actors)
        if self.type_model is not None:
            with self._timed("type model"):
                apply_type_scores(events, self.type_model)
                if self.model_threshold is not None:
                    added = model_events(doc, context, events, self.type_model,
                                         (self.triggers, self.actors), self.model_threshold)
                    events = sorted(events + added, key=lambda e: e.trigger.start)
        with self._timed("acled"):
            apply_acled_types(doc, events, self.acled)
        return events

    def extract(self, article: Article) -> list[Event]:
        """Events of one article."""
        with self._timed("nlp"):
            ((doc, _),) = parse(self.nlp, [(article.text, None)])
        return self.events_from_doc(doc, article)

    def extract_many(
        self, articles: Iterable[Article], batch_size: int = 32,
        on_failure: Callable[[Article, Exception], None] | None = None,
    ) -> Iterator[tuple[Article, list[Event]]]:
        """Events of many articles, parsed in batches (spaCy's nlp.pipe).

        With ``on_failure``, an article whose coding raises is handed to it and left out,
        and the run goes on: one bad record must not cost the others."""
        docs = parse(self.nlp, ((a.text, a) for a in articles), batch_size)
        while True:
            with self._timed("nlp"):
                parsed = next(docs, None)
            if parsed is None:
                return
            doc, article = parsed
            if on_failure is None:
                yield article, self.events_from_doc(doc, article)
                continue
            try:
                events = self.events_from_doc(doc, article)
            except Exception as error:  # any bug, reported for this article alone
                on_failure(article, error)
                continue
            yield article, events
