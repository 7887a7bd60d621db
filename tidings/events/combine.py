"""One clause, one event: fold stated intentions into the statement, merge retellings.

The event stage first makes one event per trigger word. Two kinds of trigger pairs tell
a single event, and counting both would double it (and mislabel it):

- an act inside a statement of intention or refusal ("Hamas vowed to strike Israel",
  "Iran refused to meet the envoy", "Turkey says it will launch an operation"). PLOVER
  codes the statement: a threat, a promise or a rejection whose recipient is the act's
  target. "Obama said he would not provide aid" is the same refusal with a negated modal.
- a second trigger retelling the event of the first in the same clause ("shelled the town,
  killing five", "met Assad to discuss the war", "accused Rwanda of making accusations").
  The outer trigger keeps the event and fills its gaps from the inner one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Token

from tidings.cluster import MAX_KM, PRECISE, haversine_km
from tidings.events.modality import attribution_for, conditional, flags_for, governors
from tidings.model import Actor, Event, Flags, TextSpan, headline

# Dependency labels along which an inner trigger still belongs to the outer one's clause.
SAME_CLAUSE = {"advcl", "xcomp", "conj", "dobj", "pobj", "prep", "pcomp", "acl", "npadvmod",
               "nsubj",  # "Israeli strikes killed ten": the strikes are the killing
               "agent"}  # "hit by a rocket fired by militants": the firing is the hit
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}


@dataclass(frozen=True)
class StatementRules:
    """statements.yaml: which verbs state intentions, and what an intended act becomes."""

    intention_words: frozenset[str]
    promise_words: frozenset[str]
    threat_words: frozenset[str]
    refusal_verbs: frozenset[str]
    intended: dict[str, tuple[str, str | None, str]]
    promised: dict[str, tuple[str, str | None, str]]
    threat_modes: dict[str, str]
    refused: dict[str, str]

    @classmethod
    @cache
    def load(cls) -> StatementRules:
        path = resources.files("tidings") / "data" / "events" / "statements.yaml"
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        return cls(frozenset(data["intention_words"]), frozenset(data["promise_words"]),
                   frozenset(data["threat_words"]), frozenset(data["refusal_verbs"]),
                   {k: tuple(v) for k, v in data["intended"].items()},
                   {k: tuple(v) for k, v in data["promised"].items()},
                   data["threat_modes"], data["refused"])


def _controlled_by(trigger: Token, light_verbs: set[str]) -> Token | None:
    """The verb whose subject performs the trigger's act: "X vowed to strike" -> vowed; for
    an act noun a light verb carries out, the verb above that ("Hamas vowed to launch more
    attacks": the vow had been a promise, AGREE, beside an attack to come).

    Not when the act has a doer of its own or the verb an object who would do it
    ("X wants Y to strike": a wish about Y, not X's intention).
    """
    if trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in light_verbs:
        trigger = trigger.head
    verb = trigger.head
    if trigger.dep_ != "xcomp" or any(c.dep_ in SUBJECTS for c in trigger.children):
        return None
    if any(c.dep_ in ("dobj", "dative") for c in verb.children):
        return None
    return verb


def _announced_by(trigger: Token, act: Event, cues: dict[str, set[str]]) -> Token | None:
    """The speech verb by which the doer announces its own future act: "Turkey says it will
    launch an operation", "Israel announced it would free prisoners" (the act's subject is
    a pronoun for the speaker)."""
    clause = trigger.head if trigger.dep_ == "dobj" else trigger  # "will begin an operation"
    verb = clause.head
    if clause.dep_ != "ccomp" or verb.lemma_.lower() not in cues["quote_verbs"]:
        return None
    # "Israel announced it would free prisoners": reported speech turns "will" into "would"
    backshifted = verb.tag_ == "VBD" and any(
        c.dep_ == "aux" and c.lower_ == "would" for c in clause.children) and not any(
        c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in clause.children)
    if act.flags.negated or act.flags.hypothetical and not backshifted or not (
            act.flags.future or backshifted):
        return None
    own = [c for c in clause.children if c.dep_ == "nsubj"]
    return verb if own and own[0].pos_ == "PRON" and own[0].lower_ not in ("i", "you") else None


def _statement(act: Event, verb: Token, cues: dict[str, set[str]], rules: StatementRules,
               said: Event | None, announced: bool = False) -> Event | None:
    """The threat, promise or refusal that a verb of intention makes of an intended act."""
    lemma = verb.lemma_.lower()
    if lemma in rules.refusal_verbs and act.event_type in rules.refused:
        event_type, mode, cameo = "REJECT", rules.refused[act.event_type], "120"
    elif (announced or lemma in rules.intention_words) and act.event_type in rules.intended:
        promise = lemma in rules.promise_words and act.event_type in rules.promised
        event_type, mode, cameo = (rules.promised if promise else rules.intended)[act.event_type]
        if lemma in rules.threat_words and event_type != "THREATEN":
            event_type, mode, cameo = "THREATEN", None, "130"
        if event_type == "THREATEN" and act.mode in rules.threat_modes:
            mode = rules.threat_modes[act.mode]
    else:
        return None
    return replace(
        act, event_type=event_type, mode=mode, cameo=cameo,
        trigger=TextSpan(verb.text, verb.idx, verb.idx + len(verb)),
        actor=act.actor or (said.actor if said else []),
        flags=replace(flags_for(verb, cues), historical=act.flags.historical),
        attribution=attribution_for(verb, cues),
    )


def as_statement(act: Event, event_type: str) -> Event | None:
    """An act told as not done or as still to come, read as the statement it makes, where
    ``event_type`` is that statement: a cooperative act to come is a promise (AGREE: "the
    minister will visit Ankara"), a hostile one a threat (THREATEN), a cooperative act not
    done a refusal (REJECT: "failed to reach an agreement", "will not meet the envoy"). None
    otherwise: "did not attack" is no refusal, and stays a negated attack. The statement is
    made, so it is factual."""
    rules = StatementRules.load()
    flags = act.flags
    if flags.denied:
        return None
    if flags.negated:
        if event_type != "REJECT" or act.event_type not in rules.refused:
            return None
        mode, cameo = rules.refused[act.event_type], "120"
    elif flags.future and act.event_type in rules.intended:
        stated, mode, cameo = rules.intended[act.event_type]
        if stated != event_type:
            return None
        if stated == "THREATEN" and act.mode in rules.threat_modes:
            mode = rules.threat_modes[act.mode]
    else:
        return None
    return replace(act, event_type=event_type, mode=mode, cameo=cameo,
                   flags=Flags(historical=flags.historical, unconfirmed=flags.unconfirmed))


def _refusal(act: Event) -> Event | None:
    """"X would not / will not provide aid": a negated intention to cooperate is a REJECT."""
    flags = act.flags
    if not (flags.negated and (flags.future or flags.hypothetical)):
        return None
    return as_statement(act, "REJECT")


def fold_intentions(events: dict[int, Event], doc: Doc, cues: dict[str, set[str]]) -> None:
    """Replace each intended or refused act (keyed by trigger index) by its statement."""
    rules = StatementRules.load()
    for i in sorted(events):
        act = events.get(i)
        if act is None:
            continue
        verb = _controlled_by(doc[i], cues["light_verbs"])
        announcer = _announced_by(doc[i], act, cues) if verb is None else None
        verb = verb or announcer
        statement = (_statement(act, verb, cues, rules, events.get(verb.i), bool(announcer))
                     if verb is not None else None)
        if statement is not None:
            del events[i]
            events[verb.i] = statement
        elif not conditional(doc[i]) and (refusal := _refusal(act)) is not None:
            events[i] = refusal


def _outer_trigger(token: Token, events: dict[int, Event]) -> Token | None:
    """The nearest trigger above a token whose clause the token's trigger still belongs to,
    or the event noun a relative clause tells of ("The attack, which killed 14 soldiers")."""
    child = token
    for head in governors(token):
        if child.dep_ not in SAME_CLAUSE and not (child.dep_ == "relcl" and head.i in events):
            return None
        if head.i in events:
            return head
        child = head
    return None


def _codes(event: Event, role: str) -> set[str | None]:
    return {a.code for a in getattr(event, role)}


def _bare_sectors(actors: list[Actor]) -> bool:
    """Whether the actors are only sectors, of no country or organisation ("MIL")."""
    return all(a.code is None or a.code == a.sector for a in actors)


def fill(outer: Event, inner: Event) -> Event:
    """The outer event, with what only the inner trigger's parse found: the inner's doer
    where the outer names none, or only a sector ("Saudi-led coalition airstrikes hit a
    prison": SAU, not a coalition's bare MIL). Its recipients stay, coded or not, beside
    the inner's coded ones ("shelled the town, killing eight civilians" is aimed at the
    town and at civilians; the gold sets mark the town); where it has none, the inner's
    uncoded recipients ("to discuss efforts") stand only if the inner names no coded one,
    as where an event is read alone."""
    located = inner if inner.location_basis == "text" != outer.location_basis else outer
    added = [r for r in inner.recipient if r.code not in _codes(outer, "recipient")]
    coded_added = [r for r in added if r.code]
    return replace(
        outer,
        actor=inner.actor if not outer.actor or (
            _bare_sectors(outer.actor) and not _bare_sectors(inner.actor)) else outer.actor,
        recipient=outer.recipient + coded_added if outer.recipient else coded_added or added,
        location=located.location,
        location_basis=located.location_basis,
        mode=outer.mode or inner.mode,
        cameo=outer.cameo or inner.cameo,
        confidence=max(outer.confidence, inner.confidence),
    )


# Modes of harm that are acts of their own beside another ("killed five villagers and
# abducted 12 others"): a kidnapping, a rape, torture or destruction is what users count
# apart, and a merge into the killing would lose it.
DISTINCT_MODES = frozenset({"abduct", "sexual", "torture", "destroy"})


def _distinct_acts(inner: Token, outer: Token, inner_event: Event, outer_event: Event) -> bool:
    """Whether two verbs joined by "and", each with an object of its own, tell two acts of
    one type in different modes ("shot and killed five people" is one act: one object).
    An assault's mode is mostly its weapon, so only :data:`DISTINCT_MODES` part two
    assaults; any other type's mode is the act itself ("suspended the treaty, expelled
    advisers": a withdrawal and an expulsion)."""
    modes = {inner_event.mode, outer_event.mode}
    kinds = modes & DISTINCT_MODES if outer_event.event_type == "ASSAULT" else modes - {None}
    return (len(modes) == 2 and bool(kinds) and inner.dep_ == "conj"
            and inner.head == outer and all(any(c.dep_ in ("dobj", "nsubjpass")
                                                for c in verb.children)
                                            for verb in (inner, outer)))


# Conjunctions that set a clause's act before or after the act of the clause it hangs on.
SEQUENCE_MARKS = frozenset({"after", "before", "since", "until", "till", "once"})


def _told_before_or_after(inner: Token, outer: Token) -> bool:
    """Whether the inner trigger lies in a clause told as happening before or after the
    outer trigger's act ("expelled the French ambassador, weeks after France suspended its
    aid"): another act at another time, not a retelling, whoever its doers are."""
    token = inner
    while token != outer and token.head != token:
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in SEQUENCE_MARKS
                                         for c in token.children):
            return True
        token = token.head
    return False


def merge_retellings(events: dict[int, Event], doc: Doc) -> None:
    """Fold each event into an outer trigger of its clause that tells the same event:
    same type, and no doer of its own that the outer event lacks."""
    depth = {i: sum(1 for _ in governors(doc[i])) for i in events}
    for i in sorted(events, key=lambda i: -depth[i]):
        inner = events[i]
        outer_token = _outer_trigger(doc[i], events)
        if outer_token is None:
            continue
        outer = events[outer_token.i]
        if outer.event_type != inner.event_type or _told_before_or_after(
                doc[i], outer_token) or _distinct_acts(doc[i], outer_token, inner, outer):
            continue
        if not _codes(inner, "actor") <= _codes(outer, "actor"):
            continue
        events[outer_token.i] = fill(outer, inner)
        del events[i]


def fold_headline(events: list[Event], text: str) -> list[Event]:
    """The events of an article less those of its headline that the body tells again: same
    type, factuality and time (no two dates the text gives apart, not one of them long
    past), the headline's coded doers (some) and targets among the body event's
    (:func:`_within`). The
    body's telling has the place, the date and the words ("Mali accuses
    militants of breaking truce" is the lede's "The government in Bamako accused the
    Islamic State in the Greater Sahara of violating the ceasefire"); counted twice, one
    accusation would be two in every table and map of the store."""
    title = headline(text)
    if title is None:
        return events
    end = text.index(title) + len(title)
    body = [e for e in events if e.trigger.start >= end]

    def coded(event: Event, role: str) -> set[str]:
        return {a.code for a in getattr(event, role) if a.code}

    def retold(top: Event) -> bool:
        doers = coded(top, "actor")
        return bool(doers) and any(
            e.event_type == top.event_type and e.flags.factual == top.flags.factual
            and e.flags.historical == top.flags.historical
            and not (e.date_text and top.date_text and e.date != top.date)
            and not _placed_apart(e, top)
            and _within(doers, coded(e, "actor"))
            and _within(coded(top, "recipient"), coded(e, "recipient"))
            for e in body)

    return [e for e in events if e.trigger.start >= end or not retold(e)]


def _within(headline: set[str], body: set[str]) -> bool:
    """Whether the body names every party the headline does, a country the headline names
    alone ("RSF seizes key town in Darfur": SDN; "Israeli strike on Gaza school kills 18":
    ISR) by any party of it ("the army": SDNMIL; "an Israeli airstrike": ISRMIL)."""
    return all(code in body or len(code) == 3 and any(b.startswith(code) for b in body)
               for code in headline)


def _placed_apart(a: Event, b: Event) -> bool:
    """Do the two events' own words put them at places that cannot be one scene: towns or
    sites the gazetteer puts more than a town's width apart, or two names it does not
    know ("the Wadi Deif base", "the Al-Nour suburb")? A country and a town in it, or a
    known and an unknown name, may be one scene told coarser or finer."""
    here, there = a.location, b.location
    if a.location_basis != "text" or b.location_basis != "text" or not (here and there):
        return False
    if here.precision in PRECISE and there.precision in PRECISE and None not in (
            here.lat, there.lat):
        return haversine_km(here.lat, here.lon, there.lat, there.lon) > MAX_KM
    names = here.name.casefold(), there.name.casefold()
    return here.lat is None and there.lat is None and names[0] not in names[1] and (
        names[1] not in names[0])
