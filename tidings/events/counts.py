"""Casualty, displacement, arrest and crowd counts from numbers attached to people.

"killing at least 12 militants", "an exodus of some 180,000 civilians", "police
arrested dozens of protesters": a number (digits or words) modifying a people noun,
read by what the clause around it says happened to those people.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from tidings.model import Counts, Event

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a": 1, "dozen": 12,
}
MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# More people than live on Earth is no count of people: a serial number, a misparse or a
# joke ("killed 99999999999999999999 civilians"). Larger figures are dropped, never stored.
MAX_COUNT = 10_000_000_000
# Vague quantities count as their smallest plausible value ("dozens" = at least 24).
VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000, "tens": 20,
         "several": 3, "many": None}
# Vague quantities that count others: "tens of thousands", "hundreds of thousands".
VAGUE_UNITS = {"hundreds": 100, "thousands": 1_000, "millions": 1_000_000}
# What a clause says happened to the people counted, by the lemma of a word in it.
OUTCOME_WORDS = {
    "killed": {"kill", "die", "dead", "death", "killing", "massacre", "execute", "life", "toll",
               "body", "fatality", "slay", "murder"},
    "injured": {"injure", "wound", "hurt", "injury", "casualty", "wounded", "injured"},
    "displaced": {"flee", "displace", "exodus", "escape", "evacuate", "uproot", "refugee",
                  "displacement", "displaced", "evacuation", "cross", "leave"},
    "arrested": {"arrest", "detain", "jail", "imprison", "round", "detention", "arrested"},
    "size": {"protest", "rally", "march", "gather", "demonstrate", "protester",
             "demonstrator", "marcher", "crowd", "join"},
}
PEOPLE_NOUNS = {
    "people", "person", "civilian", "resident", "villager", "soldier", "troop", "fighter",
    "militant", "rebel", "insurgent", "child", "woman", "man", "protester", "demonstrator",
    "refugee", "migrant", "family", "police", "policeman", "officer", "student", "worker",
    "member", "jihadist", "gunman", "attacker", "supporter", "activist", "journalist",
    "passenger", "pilgrim", "detainee", "prisoner", "hostage", "combatant", "recruit",
    "personnel", "citizen", "inhabitant", "national", "youth", "bandit", "terrorist",
    "kidnapper", "pirate", "guerrilla", "separatist", "extremist", "militiaman", "assailant",
    "suspect", "peacekeeper", "guard", "marine", "sailor", "serviceman", "gendarme", "farmer",
    "herder", "fisherman", "miner", "trader", "worshipper", "pupil", "teacher", "doctor",
    "nurse", "patient", "girl", "boy", "baby", "infant", "elder", "bystander", "tourist",
    "employee", "official", "mourner", "settler", "voter", "crew",
}


def _value(number: Token) -> float | None:
    """The number a token (with its "million"/"thousand" words) stands for; None when it is
    none a count of people could be (infinite, NaN, over MAX_COUNT)."""
    value = _raw_value(number)
    return value if value is not None and math.isfinite(value) and value <= MAX_COUNT else None


def _raw_value(number: Token) -> float | None:
    word = number.lower_.replace(",", "")
    if word in VAGUE:
        return VAGUE[word]
    if word in MULTIPLIERS:
        parts = [c for c in number.children if c.dep_ in ("compound", "nummod", "quantmod")]
        base = next((_raw_value(p) for p in parts if p.like_num), 1) or 1
        return base * MULTIPLIERS[word]
    try:
        return float(word)
    except ValueError:
        return WORD_NUMBERS.get(word)


def _outcome(noun: Token) -> tuple[str | None, Token | None]:
    """What the clause around a counted noun says happened to those people, and the verb of
    that clause: up to the first verb above it, whose act they undergo; not a verb of
    another clause above that ("after gunmen crossed into the town and abducted three aid
    workers" displaced no one)."""
    ancestors = []
    for ancestor in noun.ancestors:
        ancestors.append(ancestor)
        if ancestor.pos_ in ("VERB", "AUX"):
            break
    verb = ancestors[-1] if ancestors and ancestors[-1].pos_ in ("VERB", "AUX") else None
    # "forced 5,000 people to flee": what the verb made them do; "were shot dead", "left 20
    # people injured": what it left them, before the verb itself ("left" alone is a flight);
    # both before what the people are ("five protesters were shot dead")
    complements = [c for a in ancestors for c in a.children if c != noun and (
        c.dep_ in ("acomp", "xcomp", "oprd") or c.dep_ == "advcl" and c.tag_ == "VBN"
        and not any(s.dep_ in ("nsubj", "nsubjpass") for s in c.children))]
    words = [*complements, *ancestors,
             *(c for a in ancestors for c in a.children if c.dep_ == "dobj" and c != noun),
             noun, *noun.children]
    for word in words:
        lemma = word.lemma_.lower()
        for outcome, cues in OUTCOME_WORDS.items():
            if lemma in cues or word.lower_ in cues:
                return outcome, verb
    return None, verb


def _counted_noun(number: Token) -> Token | None:
    """The noun a number counts: its head ("12 militants") or an "of" object ("dozens of")."""
    if number.dep_ in ("nummod", "quantmod", "amod", "compound"):
        return number.head
    for prep in number.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def _people_left_unsaid(number: Token) -> str | None:
    """What happened to the people a bare number stands for, where the verb that did it to
    them takes the number itself ("killing five people and wounding 12", "12 were
    arrested", "three died"); None where the verb tells of no such thing ("won 12")."""
    if number.dep_ not in ("dobj", "nsubjpass", "nsubj") or number.head.pos_ != "VERB":
        return None
    outcome, _ = _outcome(number)
    return outcome if outcome != "size" else None


def _chain(noun: Token) -> Token:
    """The first noun of a list the noun is in ("14 farmers and two herders": farmers)."""
    while noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head
    return noun


@dataclass(frozen=True)
class Figure:
    """One count a sentence gives: what happened to how many of the people one noun names,
    the first noun of the list it is in, and where the sentence tells it (the verb whose act
    they undergo, else the noun itself)."""

    outcome: str
    value: float
    listed_with: int
    anchor: Token


def figures_in(sentence: Span) -> list[Figure]:
    """The counts a sentence gives, the largest for each noun ("12 people, among them five
    soldiers" gives both)."""
    figures: dict[tuple[str, int, int], Figure] = {}
    for token in sentence:
        if not (token.like_num or token.lower_ in VAGUE or token.lower_ in MULTIPLIERS):
            continue
        noun, value = _counted_noun(token), _value(token)
        if noun is not None and noun.lower_ in VAGUE_UNITS and value is not None:
            # "tens of thousands of Georgians": 20 x 1,000 Georgians
            noun, value = _counted_noun(noun), value * VAGUE_UNITS[noun.lower_]
        if noun is None and value is not None and (outcome := _people_left_unsaid(token)):
            figures.setdefault((outcome, token.i, token.i),
                               Figure(outcome, value, token.i, token.head))
            continue
        if noun is None or not (noun.lemma_.lower() in PEOPLE_NOUNS or noun.ent_type_ == "NORP"):
            continue
        first = _chain(noun)
        outcome, verb = _outcome(first)  # what happened to the list, said once for it
        if value is not None and outcome is not None:
            key = (outcome, first.i, noun.i)
            if key not in figures or figures[key].value < value:
                figures[key] = Figure(outcome, value, first.i, verb or first)
    return list(figures.values())


def total(figures: list[Figure]) -> Counts:
    """The counts of some figures: those of one list add up ("14 farmers and two herders"),
    and the largest list wins for each outcome."""
    totals: dict[tuple[str, int], float] = {}
    for figure in figures:
        key = (figure.outcome, figure.listed_with)
        totals[key] = totals.get(key, 0) + figure.value
    counts = Counts()
    for (outcome, _), value in totals.items():
        if value <= MAX_COUNT:
            setattr(counts, outcome, max(round(value), getattr(counts, outcome) or 0))
    return counts


def share_counts(events: list[Event], doc: Doc,
                 figures_of: Callable[[Span], list[Figure]]) -> None:
    """Give each count of a sentence with several events to one of them, the event whose
    trigger is nearest in the parse to where the count is told: "an airstrike killed 14
    civilians in Idlib as rebels shelled positions near Hama" killed 14 in the airstrike,
    none in the shelling, and a table that adds up its events' dead must not count them
    twice. ``figures_of``: a sentence's figures, as the event stage read them."""
    by_sentence: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        by_sentence[event.sentence.start].append(event)
    for group in by_sentence.values():
        if len(group) < 2:
            continue
        triggers = [doc.char_span(e.trigger.start, e.trigger.end, alignment_mode="expand")
                    for e in group]
        if any(t is None for t in triggers):
            continue
        owned: dict[int, list[Figure]] = defaultdict(list)
        for figure in figures_of(triggers[0].root.sent):
            nearest = min(range(len(group)),
                          key=lambda k: _tree_distance(figure.anchor, triggers[k].root))
            owned[nearest].append(figure)
        for k, event in enumerate(group):
            event.counts = total(owned[k])


def _tree_distance(a: Token, b: Token) -> int:
    """Edges between two tokens of one sentence's parse."""
    up = {t.i: steps for steps, t in enumerate([a, *a.ancestors])}
    for steps, t in enumerate([b, *b.ancestors]):
        if t.i in up:
            return steps + up[t.i]
    return len(a.doc)
