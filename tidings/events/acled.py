"""ACLED event type and sub-event type of each event, from the rules in acled.yaml.

PLOVER says what kind of act an event is; ACLED, which users compare against, also asks
with what weapon, by whom against whom, and whether a crowd was involved. Those answers
are in the sentence (cue words), the coded actors (sectors) and the counts, so this stage
reads them off the finished event and the parsed doc instead of the trigger rule alone.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Token

from tidings import budget
from tidings.model import ACLED_EVENT_TYPE, PLOVER_TYPES, Actor, Event

# Entities whose words are never cues: "1 March" is a date, not a protest march.
_NOT_CUES = {"DATE", "TIME"}


def _variants(phrase: str) -> set[str]:
    """A cue as it is matched: lowercase words padded with spaces, its spaces also read as
    hyphens and its hyphens as spaces ("tear gas" finds "tear-gas")."""
    words = " ".join(phrase.lower().split())
    return {f" {v} " for v in (words, words.replace(" ", "-"), words.replace("-", " "))}


def _joined(words: list[str], tokens: list[Token]) -> str:
    """Words separated by spaces, except around a hyphen inside a word: "anti-aircraft"
    stays one word, so that the cue "aircraft" does not find it."""
    parts = []
    for word, token in zip(words, tokens, strict=True):
        parts.append("_" if token.ent_type_ in _NOT_CUES else word.lower())
        after = token.doc[token.i + 1].text if token.i + 1 < len(token.doc) else ""
        if token.whitespace_ or "-" not in (token.text, after):
            parts.append(" ")
    return " " + "".join(parts)


@dataclass(frozen=True)
class Words:
    """A stretch of text in two readings, lemmas and lowercase forms, so that a cue
    matches "bombers" (lemma "bomber") as well as "IEDs" (a lemma spaCy leaves alone)."""

    lemmas: str
    forms: str

    @classmethod
    def of(cls, doc: Doc, start: int, end: int) -> Words:
        span = doc.char_span(start, end, alignment_mode="expand")
        tokens = list(span) if span is not None else []
        return cls(_joined([t.lemma_ for t in tokens], tokens),
                   _joined([t.text for t in tokens], tokens))

    def has_any(self, phrases: frozenset[str]) -> bool:
        return any(p in self.lemmas or p in self.forms for p in phrases)


@dataclass(frozen=True)
class Clues:
    """What the rules look at, read once per event."""

    event: Event
    trigger: str
    sentence: Words
    actors: tuple[Words, ...]
    recipients: tuple[Words, ...]


@dataclass(frozen=True)
class AcledRule:
    """One row of acled.yaml: conditions on an event, and the sub-event type they give."""

    sub_event: str
    types: frozenset[str]
    modes: frozenset[str] = frozenset()
    triggers: frozenset[str] = frozenset()
    words: tuple[frozenset[str], ...] = ()
    actor: frozenset[str] = frozenset()
    recipient: frozenset[str] = frozenset()
    actor_words: frozenset[str] = frozenset()
    recipient_words: frozenset[str] = frozenset()
    casualties: bool = False

    def matches(self, clues: Clues) -> bool:
        event = clues.event
        counts = event.counts
        return (event.event_type in self.types
                and (not self.modes or event.mode in self.modes)
                and (not self.triggers or clues.trigger in self.triggers)
                and all(clues.sentence.has_any(phrases) for phrases in self.words)
                and _has_sector(event.actor, self.actor)
                and _has_sector(event.recipient, self.recipient)
                and _has_words(clues.actors, self.actor_words)
                and _has_words(clues.recipients, self.recipient_words)
                and (not self.casualties or bool(counts.killed or counts.injured)))


# The keys a rule of acled.yaml may have: the fields of AcledRule.
_KEYS = {f.name for f in fields(AcledRule)}


def _has_sector(actors: list[Actor], sectors: frozenset[str]) -> bool:
    return not sectors or any(a.sector in sectors for a in actors)


def _has_words(texts: tuple[Words, ...], phrases: frozenset[str]) -> bool:
    return not phrases or any(text.has_any(phrases) for text in texts)


class AcledRules:
    """The ordered rules of acled.yaml; the first that matches an event types it."""

    def __init__(self, rules: list[AcledRule], sectors: dict[str, frozenset[str]]) -> None:
        self.rules = rules
        self.sectors = sectors  # named sector lists: state, armed, civilian, ...

    @classmethod
    @cache
    def load(cls) -> AcledRules:
        path = resources.files("tidings") / "data" / "events" / "acled.yaml"
        with path.open(encoding="utf-8") as handle:
            return cls.parse(yaml.safe_load(handle))

    @classmethod
    def parse(cls, data: dict) -> AcledRules:
        """Rules from the parsed YAML, with every name checked, so that a typo in the data
        fails on loading instead of silently never matching."""
        sectors = {name: frozenset(codes) for name, codes in data["sectors"].items()}
        words = {name: frozenset().union(*map(_variants, phrases))
                 for name, phrases in data["words"].items()}

        def named(row: dict, key: str) -> list[frozenset[str]]:
            table = sectors if key in ("actor", "recipient") else words
            if unknown := [n for n in row.get(key, []) if n not in table]:
                raise ValueError(f"acled.yaml: unknown {key} list {unknown} in {row}")
            return [table[n] for n in row.get(key, [])]

        rules = []
        for row in data["rules"]:
            if row["sub_event"] not in ACLED_EVENT_TYPE or not set(row) <= _KEYS:
                raise ValueError(f"acled.yaml: bad rule {row}")
            if unknown := set(row["types"]) - set(PLOVER_TYPES):
                raise ValueError(f"acled.yaml: unknown PLOVER types {unknown}")
            rules.append(AcledRule(
                sub_event=row["sub_event"], types=frozenset(row["types"]),
                modes=frozenset(row.get("modes", ())),
                triggers=frozenset(row.get("triggers", ())),
                words=tuple(named(row, "words")),
                casualties=bool(row.get("casualties", False)),
                **{key: frozenset().union(*named(row, key))
                   for key in ("actor", "recipient", "actor_words", "recipient_words")},
            ))
        return cls(rules, sectors)

    def sub_event(self, clues: Clues) -> str | None:
        return next((r.sub_event for r in self.rules if r.matches(clues)), None)


def apply_acled_types(doc: Doc, events: list[Event], rules: AcledRules) -> None:
    """Set ``acled_event_type`` and ``acled_sub_event_type`` on each event (None for
    events ACLED does not code, such as talks or accusations)."""
    sentences: dict[int, Words] = {}
    for event in events:
        budget.check(at=event.trigger.start)
        sentence = event.sentence
        if sentence.start not in sentences:
            sentences[sentence.start] = Words.of(doc, sentence.start, sentence.end)
        trigger = doc.char_span(event.trigger.start, event.trigger.end,
                                alignment_mode="expand")
        clues = Clues(
            event=event,
            trigger=trigger.root.lemma_.lower() if trigger is not None else "",
            sentence=sentences[sentence.start],
            actors=tuple(Words.of(doc, a.start, a.end) for a in event.actor),
            recipients=tuple(Words.of(doc, a.start, a.end) for a in event.recipient),
        )
        sub_event = rules.sub_event(clues)
        event.acled_sub_event_type = sub_event
        event.acled_event_type = ACLED_EVENT_TYPE[sub_event] if sub_event else None
