"""The data model every stage shares: articles in, event records out.

Every object that comes from text carries ``start``/``end`` character offsets into
``Article.text`` so that each field of a record can be traced back to its evidence.
The JSON form of :class:`Event` is the public contract (docs/event-record.md,
tidings/schema/event.schema.json).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from datetime import date

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
# A public statement or appeal (CAMEO 01-02: "expressed concern", "declined to comment"),
# which PLOVER drops. Recorded only when asked for (``Policy.statements``), for users who
# follow what governments say as well as what they do, as CAMEO coders and GDELT do.
STATEMENT = "STATEMENT"
EVENT_TYPES: tuple[str, ...] = (*PLOVER_TYPES, STATEMENT)

# The sectors of an actor code (Actor.sector) that are the state's own bodies: what speaks or
# acts for a country ("Russia shelled" and "Russian forces shelled" are one party).
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})

# CAMEO's quad classes, and the class of each PLOVER type through the CAMEO roots it comes
# from in CAMEO2PLOVER-2021 (1-2 cooperation, 3-4 conflict).
QUAD_CLASSES: tuple[str, ...] = ("verbal cooperation", "material cooperation", "verbal conflict",
                                 "material conflict")
PLOVER_QUAD: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1,
    "COOPERATE": 2, "AID": 2, "CONCEDE": 2, "RETREAT": 2,
    "ACCUSE": 3, "REQUEST": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "SANCTION": 4, "COERCE": 4, "ASSAULT": 4,
}

# Acts whose several actors are each other's partners ("Chad and Niger agreed", "met",
# "agreed to patrol together"): what they act on is a topic, a deal or a venue, not a party.
JOINT_TYPES: frozenset[str] = frozenset({"CONSULT", "AGREE", "COOPERATE"})

PRECISIONS: tuple[str, ...] = ("point", "city", "admin2", "admin1", "region", "country")
# Where an event's location comes from: the text attaches it to the event ("text"), it is
# the place nearest the event in its sentence ("sentence"), or the article's main place.
LOCATION_BASES: tuple[str, ...] = ("text", "sentence", "article")

# ACLED's event types and their sub-event types (ACLED codebook); every sub-event type
# belongs to exactly one event type.
ACLED_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack",
                                   "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention",
                 "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}
# No publication date, and no event date the text does not give as a year, comes before
# this: news from earlier is not what tidings reads, and such a date is a placeholder or
# a misreading ("0001-01-01", a count read as a year).
EARLIEST_DATE = date(1900, 1, 1)

ACLED_EVENT_TYPE: dict[str, str] = {
    sub: kind for kind, subs in ACLED_TYPES.items() for sub in subs}


def content_id(text: str) -> str:
    """A stable id for text that came without one: the same text always gets the same id."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def headline(text: str) -> str | None:
    """A text's headline: a first short line followed by a blank line, that does not end
    as a sentence does (a wire lede is a paragraph of its own too: "Rebels shelled Hama on
    Tuesday, monitors said."; "U.S." may end a headline)."""
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if sep and rest.startswith("\n") and 0 < len(first) <= 200 and not _SENTENCE_END.search(
            first):
        return first
    return None


_SENTENCE_END = re.compile(r"[a-z0-9)\"'’”]\.\Z")


@dataclass
class Article:
    """One news article: the unit that is read, coded and stored."""

    text: str
    id: str = ""
    title: str | None = None
    date: date | None = None
    url: str | None = None
    outlet: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)


@dataclass
class TextSpan:
    """A stretch of the article text."""

    text: str
    start: int
    end: int


@dataclass
class Actor:
    """A coded actor mention: country ISO3 + sector, e.g. SYR + REB = SYRREB.

    ``inferred``: the name is not in the actor base, so its code was inferred from the words
    around it (the role noun or title, and the article's focus country when the phrase names
    none): "the Ansar Brigade militants" -> SYRREB in news from Syria. A guess, to check.
    ``country_from_focus``: the phrase names no country ("jihadist fighters", "the army"), so
    its country is the article's focus country: a reading of the article, not of the words.
    """

    text: str
    start: int
    end: int
    name: str
    code: str | None
    country: str | None
    sector: str | None
    wikidata: str | None = None
    inferred: bool = False
    country_from_focus: bool = False


@dataclass
class Place:
    """A resolved toponym mention (or an unresolved one, with null coordinates)."""

    text: str
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    geonameid: int | str | None
    feature: str | None
    precision: str | None
    score: float | None = None
    alternatives: list[dict] = field(default_factory=list)


@dataclass
class Attribution:
    """Who reports an event (``reporter``) and who they cite (``source``)."""

    text: str
    role: str
    start: int
    end: int


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass
class Flags:
    """Modality of an event. PLOVER does not code negated events; we keep them, flagged."""

    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    historical: bool = False
    denied: bool = False
    unconfirmed: bool = False

    @property
    def factual(self) -> bool:
        """Reported as having happened: what clusters and ACLED-style rows count. A denied
        event stays factual (someone says it happened); one that is only planned does not."""
        return not (self.negated or self.hypothetical or self.future)


@dataclass
class Counts:
    killed: int | None = None
    injured: int | None = None
    displaced: int | None = None
    arrested: int | None = None
    size: int | None = None


@dataclass
class DateValue:
    """A date resolved against the article date; ``value`` is None when it cannot be."""

    text: str
    start: int
    end: int
    value: date | None
    precision: str | None


@dataclass
class Event:
    article_id: str
    event_type: str
    trigger: TextSpan
    sentence: Sentence
    actor: list[Actor] = field(default_factory=list)
    recipient: list[Actor] = field(default_factory=list)
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    cameo: str | None = None
    location: Place | None = None
    location_basis: str | None = None
    date: date | None = None
    date_precision: str | None = None
    date_text: str | None = None
    date_span: TextSpan | None = None
    attribution: list[Attribution] = field(default_factory=list)
    flags: Flags = field(default_factory=Flags)
    counts: Counts = field(default_factory=Counts)
    confidence: float = 0.5
    type_score: float | None = None
    typed_by: str = "lexicon"
    penta: int | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None

    @property
    def mutual(self) -> bool:
        """Whether its parties act towards each other ("X met Y", "X and Y agreed a
        ceasefire": ``JOINT_TYPES``, and agreements signed, SUPPORT 057): one record of ours
        stands for every ordered pair of its parties."""
        return self.event_type in JOINT_TYPES or (
            self.event_type == "SUPPORT" and (self.cameo or "").startswith("057"))

    @property
    def event_id(self) -> str:
        """Stable across runs: the article, the trigger offsets and the type."""
        key = f"{self.article_id}:{self.trigger.start}:{self.trigger.end}:{self.event_type}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict:
        """The JSON record of the contract, ``event_id`` first."""
        record = {"event_id": self.event_id, **asdict(self)}
        record["date"] = self.date.isoformat() if self.date else None
        return record
