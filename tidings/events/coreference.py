"""Definite descriptions that name a party the article has already named: "the country",
"the group", "the rebels", "the two sides", "the bloc".

News names a party once and then describes it. Each description is read against the
article's coded mentions before it (``DocContext.mentions``): a country noun takes the
country last named as a country or government, a group noun the named organisation last
mentioned whose sector agrees, "the bloc" or "the alliance" the body of states last named
(the EU, NATO), "the two sides" the two parties last seen together. A
description with no such antecedent is coded as before (a bare "the rebels" is the focus
country's rebels; "the country" stays uncoded).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Span, Token

from tidings.actors import ActorLexicon, code_actor
from tidings.model import STATE_SECTORS, Actor

Mention = tuple[Span, list[Actor]]
Agreement = Callable[[Span, Actor], bool]

COUNTRY_NOUNS = frozenset({"country", "kingdom", "republic", "nation", "emirate"})
GROUP_NOUNS = frozenset({"group", "movement", "organisation", "organization", "faction",
                         "militia", "militant", "rebel", "insurgent", "jihadist", "guerrilla"})
# "The bloc", "the alliance": the body of states last named (the EU, NATO, ECOWAS); not a
# labour union, nor the United Nations, which news calls neither.
BLOC_NOUNS = frozenset({"bloc", "alliance"})
SIDE_NOUNS = frozenset({"side", "party"})
PAIR_WORDS = frozenset({"two", "both"})
DEFINITE = frozenset({"the", "this"})
# A country named as one: its name, capital, demonym, an institution or a leader's regime;
# not a bare "the government" coded with the article's focus country.
NAMING_ENTITIES = frozenset({"GPE", "NORP", "ORG", "FAC", "PERSON"})
# How far back (tokens, about a dozen sentences) a description looks for its party; also
# what keeps a long article linear.
REACH = 400
# A name after these is a scene ("Israel struck Hamas in Gaza"), not a party of the clause.
SCENE_PREPS = frozenset({"in", "into", "inside", "near", "across", "throughout", "at", "to",
                         "from", "around", "outside"})


def description_kind(head: Token, lexicon: ActorLexicon) -> str | None:
    """"country", "group", "bloc" or "sides" when the phrase headed by ``head`` describes a party
    instead of naming it; None for a name ("the Czech Republic", "the Syrian rebels") or an
    indefinite or partitive phrase ("a group of students")."""
    lemma = head.lemma_.lower()
    words = {c.lower_ for c in head.children if c.dep_ in ("det", "predet", "nummod")}
    if lemma in SIDE_NOUNS | COUNTRY_NOUNS and words & PAIR_WORDS:
        return "sides"
    kind = ("country" if lemma in COUNTRY_NOUNS else "group" if lemma in GROUP_NOUNS
            else "bloc" if lemma in BLOC_NOUNS else None)
    if kind == "country" and head.morph.get("Number") == ["Plur"]:
        return None  # "the countries": which ones, the text has to say
    if kind is None or head.pos_ != "NOUN" or not words & DEFINITE:
        return None
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
        return None
    if any(a.country or a.code != a.sector for a in code_actor(_phrase(head), lexicon)):
        return None  # names its party itself
    return kind


def mentions_between(mentions: list[Mention], first: int, end: int) -> list[Mention]:
    """The mentions that start at token ``first`` or later and end by token ``end``.
    Mentions are noun chunks in document order, so their starts and ends both ascend and
    bisection finds the window: a look-back costs its window, not the article so far
    (filtering the whole list made every description and pronoun quadratic)."""
    low = bisect_left(mentions, first, key=lambda mention: mention[0].start)
    high = bisect_right(mentions, end, key=lambda mention: mention[0].end)
    return mentions[low:max(low, high)]


def resolve_description(head: Token, kind: str, mentions: list[Mention],
                        lexicon: ActorLexicon) -> list[Actor]:
    """The actors an earlier mention gives the description headed by ``head``, under the
    description's own words; [] when no earlier mention agrees."""
    earlier = mentions_between(mentions, head.i - REACH, head.left_edge.i)
    if kind == "sides":  # not the doers of its own clause ("X and Y urged both sides")
        found = _last_pair([(span, actors) for span, actors in earlier
                            if not _commands(span.root, head)])
    else:
        # not the subject of the description's own clause, wherever else it is named; but a
        # bloc's members speak of it so ("EU ministers said the bloc would act")
        subjects = {a.code for span, actors in earlier if _commands(span.root, head)
                    and not _speaks_for(span, head, lexicon)
                    for a in actors} if kind != "bloc" else set()
        sector = next((a.sector for a in code_actor(_phrase(head), lexicon)
                       if kind == "group"), None)

        def agrees(span: Span, actor: Actor) -> bool:
            return actor.code not in subjects and (
                _names_country(span, actor) if kind == "country"
                else actor.sector == "IGO" and actor.code != "IGOUN" if kind == "bloc"
                else _names_group(actor, sector, lexicon))

        found = _most_salient(_after_namesake(earlier, head, agrees), agrees)
    phrase = _phrase(head)
    return [replace(a, text=phrase.text, start=phrase.start_char, end=phrase.end_char)
            for a in found]


def _phrase(head: Token) -> Span:
    return head.doc[head.left_edge.i:head.i + 1]


def _after_namesake(earlier: list[Mention], head: Token, agrees: Agreement) -> list[Mention]:
    """The mentions after the last earlier use of the description's noun outside an agreeing
    mention: in "Hezbollah fired rockets. A group of students marched. The group protested",
    the group is the students'."""
    named = {t.i for span, actors in earlier if any(agrees(span, a) for a in actors)
             for t in span}
    namesakes = [t.i for t in head.doc[max(head.i - REACH, 0):head.left_edge.i]
                 if t.lemma_ == head.lemma_ and t.i not in named]
    if not namesakes:
        return earlier
    return [(span, actors) for span, actors in earlier if span.start > namesakes[-1]]


def _commands(subject: Token, head: Token) -> bool:
    """Whether ``subject`` is the subject of a clause the description lies in: "Britain sent
    troops to Lebanon to help the country" means Lebanon, since a clause's own subject would
    be "it", not "the country"."""
    while subject.dep_ == "conj":  # "The US and South Korea cut aid to ... the country"
        subject = subject.head
    return subject.dep_ in ("nsubj", "nsubjpass") and (
        subject.head == head or subject.head.is_ancestor(head))


def _speaks_for(subject: Span, head: Token, lexicon: ActorLexicon) -> bool:
    """Whether ``subject`` is someone who reports what the description's clause tells, a
    person or an office speaking for a body ("Houthi spokesman Yahya Saree said the group
    would continue": the Houthis), not the body itself ("Hamas said the group": another)."""
    verb = subject.root.head
    reports = any(c.dep_ == "ccomp" and (c == head or c.is_ancestor(head))
                  for c in verb.children)
    person = any(t.ent_type_ == "PERSON" or (entry := lexicon.lookup(t.text)) is not None
                 and entry.kind == "role" and entry.flag == "generic" for t in subject)
    return reports and person


def _is_scene(token: Token) -> bool:
    while token.dep_ == "conj":
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in SCENE_PREPS


def _names_country(span: Span, actor: Actor) -> bool:
    """A country named as a state: by its name, capital, or a government named for it; not
    through a person ("Trump's comments on killings in the country")."""
    return bool(actor.country) and actor.sector == "GOV" and span.root.ent_type_ != "PERSON" \
        and any(t.ent_type_ in NAMING_ENTITIES for t in span)


def _names_group(actor: Actor, sector: str | None, lexicon: ActorLexicon) -> bool:
    """A named organisation, known or inferred, of the description's sector if it has one
    ("the rebels": an armed group; "the group": any but a state's own bodies, as the White
    House is no "movement")."""
    entry = lexicon.lookup(actor.name)
    named = (entry is not None and entry.kind == "org") or actor.inferred
    return named and actor.sector not in STATE_SECTORS and sector in (None, actor.sector)


def _most_salient(earlier: list[Mention], agrees: Agreement) -> list[Actor]:
    """The agreeing actor of the latest sentence that has one: its subject if that agrees,
    else its first agreeing mention ("Turkey closed its border with Syria. The country ...")."""
    by_sentence: dict[int, list[tuple[Span, Actor]]] = {}
    for span, actors in earlier:
        for actor in actors:
            if agrees(span, actor):
                by_sentence.setdefault(span.sent.start, []).append((span, actor))
    if not by_sentence:
        return []
    latest = by_sentence[max(by_sentence)]
    subject = next((a for s, a in latest if s.root.dep_ in ("nsubj", "nsubjpass")), None)
    return [subject or latest[0][1]]


def _last_pair(earlier: list[Mention]) -> list[Actor]:
    """The two parties last named together: coordinated ("Armenia and Azerbaijan") or the
    subject and object of one verb ("Israel struck Hamas")."""
    by_root = {span.root.i: actors for span, actors in earlier}
    for span, _ in reversed(earlier):
        root = span.root
        partners = [c for c in root.conjuncts if c.i in by_root]
        if root.dep_ in ("nsubj", "nsubjpass"):
            partners += [t for t in _objects(root.head) if t.i in by_root]
        for partner in partners:
            first, second = sorted((root, partner), key=lambda t: t.i)
            pair = by_root[first.i][:1] + by_root[second.i][:1]
            if len({a.code for a in pair}) == 2:
                return pair
    return []


def _objects(verb: Token) -> list[Token]:
    """The verb's object and the objects of its prepositions and its object's ("held talks
    with Y"), other than scenes."""
    objects = [t for t in verb.children if t.dep_ == "dobj"]
    return objects + [o for governor in (verb, *objects) for p in governor.children
                      if p.dep_ == "prep"
                      for o in p.children if o.dep_ == "pobj" and not _is_scene(o)]
