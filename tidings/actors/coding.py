"""Actor coding: from the noun phrase of an event argument to country + sector codes.

Conventions (see also the headers of the data files):

* code = ISO3 country + sector ("SYRREB"); a demonym used as a noun ("the Russians") gives
  the country alone ("RUS"); with no country known the code is the sector alone ("REB").
* Bodies of no one country carry their own code from organizations.yaml: IGO + acronym for
  intergovernmental organisations (IGOUN), NGO + acronym for international NGOs, IMG +
  acronym for transnational armed groups (IMGISIL); their ``country`` is None.
* A country, capital or backer named in "X-backed", "X-led", "pro-X" is another actor than
  the phrase's: it never gives the phrase its country.
* A person with terms of office (people.tsv) is coded by the office held on the event's
  date: Trump is USAGOV in 2019 and USAELI (a former president) in 2023.
* A name the base does not hold, next to a role noun or title ("the Ansar Brigade
  militants", "Ansar Brigade, a militant group"), is coded by the role and the phrase's or
  the article's country, under its own name and flagged ``inferred``.
* Only a phrase whose head is a role noun, a known name, or a title + unknown name is an
  actor: "Western and Arab enemies of Assad" and "army gains" code to nothing, because
  "enemies" and "gains" are no roles and "of Assad" names whom they oppose, not who they are.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from spacy.tokens import Span, Token

from tidings.actors.lexicon import OUT_OF_OFFICE, ActorLexicon, Entry
from tidings.model import Actor


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Leading words that are not part of the actor: "the", "a number of", "at least 20", "his".
_LEADING = _words(
    "the a an some several many most all both each few these those this that his her their its "
    "our at least about around nearly almost over more than of dozens hundreds thousands scores "
    "tens number lot"
)
# "Turkey-backed rebels", "US-led coalition": the named country is the backer.
_BACKING = _words(
    "backed supported led sponsored funded allied aligned trained armed controlled affiliated "
    "linked based held run dominated friendly"
)
_AGAINST = frozenset({"pro", "anti"})
# Dependents after the head that are not part of the actor's own name.
_CUT = frozenset({"prep", "relcl", "acl", "appos", "conj", "cc", "punct", "advcl", "agent"})
# "a spokesman for X", "members of X", "refugees from X": X tells who they are; so does the
# body they serve in, named by a common noun ("officers in the Russian military"), but not a
# place ("soldiers in Syria" may be anyone's).
_THROUGH = frozenset({"of", "for", "from"})
_SERVING_IN = "in"
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
# Offices one leaves: "former President X" is their country's elite, as a person of the base
# out of office is (people.tsv); a former rebel or soldier keeps the sector of what they did.
_OFFICES = frozenset({"GOV", "LEG", "JUD"})
_FORMER = frozenset({"former", "ex"})
_LINKS = frozenset({",", "and", "or", "&"})
_MAX_TOKENS = 8

# Scores rank readings of a phrase: a named group or person beats a country, which beats a
# bare role coded with the document's focus country.
_NAMED, _COUNTRY, _ROLE = 3, 2, 1

Scored = list[tuple[Actor, int]]
Mention = tuple[int, int, Entry]  # token start, token end, entry


def code_actor(
    span: Span, lexicon: ActorLexicon | None = None, default_country: str | None = None,
    on: date | None = None,
) -> list[Actor]:
    """Coded actors named by a noun phrase; one per conjunct; [] when it names no actor.
    People are coded by the office they held ``on`` that day (today when None). A role the
    phrase gives no country gets ``default_country`` (the article's focus country), and is
    marked ``country_from_focus``."""
    lexicon = lexicon or ActorLexicon.load()
    return [in_office(actor, on, lexicon) for actor, _ in _code(span, lexicon, default_country)]


def in_office(actor: Actor, on: date | None, lexicon: ActorLexicon) -> Actor:
    """The actor, if it is a person or group with terms, coded by the office or standing
    held ``on`` that day (today when None); anyone else unchanged. Also for an actor coded
    earlier, as a pronoun's antecedent is: the same person acts in 2019 and 2023 under
    different codes, the Taliban as rebels in 2019 and as the government in 2023."""
    dated = lexicon.dated(actor.name)
    if dated is None or not dated.terms:
        return actor
    held = dated.on(on)
    code = held.code or f"{held.country or ''}{held.sector or ''}" or None
    return replace(actor, code=code, country=held.country, sector=held.sector)


def _code(span: Span, lexicon: ActorLexicon, default: str | None) -> Scored:
    span = _trim(span)
    if not len(span):
        return []
    head = _head(span)
    # "Barack Obama and Vladimir Putin": a misparse may hang the conjunct off any word of
    # the head's name, not the head
    name = entity_at(head, span)
    owners = list(name) if name is not None else [head]
    conjuncts = _conjuncts(span, owners)
    listed = next((c for c in head.rights if c.dep_ == "appos" and c.conjuncts), None)
    if not conjuncts and listed is not None and listed.i < span.end:  # "the US, Russia, and Swiss"
        conjuncts = [listed, *(c for c in listed.conjuncts if c.i < span.end)]
    members = sorted([head, *conjuncts], key=lambda t: t.i)
    parts = _parts(span, members)
    if conjuncts and all(len(part) < len(span) for part in parts):  # shrinks: no endless loop
        shared = _shared_nationality(members[0], lexicon)
        return [(_of_country(actor, shared), score) for part in parts
                for actor, score in _code(part, lexicon, default)]
    apposition = next((c for c in head.rights if c.dep_ == "appos" and c.i < span.end), None)
    main = apposition and _part(span, head, [apposition])
    if not main or len(main) == len(span):
        return _joined_kinds(span, head, lexicon, default) or _code_phrase(
            span, head, lexicon, default)
    parts = [main, _part(span, apposition, [])]
    readings = [_code(part, lexicon, default) for part in parts]
    # on a tie, the reading that is no guess from a role word inside an unknown name
    # ("Ansar Brigade, a militant group": the group is REB, not a MIL brigade)
    best = max((0, 1), key=lambda i: (_top(readings[i]), not _guessed(readings[i])))
    other = parts[1 - best]
    name = _unknown_name(other, _mentions(other, lexicon, default))
    # an apposition that holds a clause describes the party, it does not name it: its words
    # are "Major Youssef Hamoud", coded by "a spokesman for the Ankara-backed rebel grouping
    # called the National Army" (the gold sets mark shorter appositions with their noun)
    described = any(t.dep_ in ("acl", "relcl") for t in apposition.subtree)
    return [(_retext(_inferred(actor, name, score), _trim(main) if described else span), score)
            for actor, score in readings[best]]


def _joined_kinds(span: Span, head: Token, lexicon: ActorLexicon, default: str | None
                  ) -> Scored:
    """"Government and rebel forces", "rebel and Syrian forces": words of kind joined by
    "and" before one role noun name a party each, of the role's kind (the lexicon's reading
    of the whole phrase keeps only the word next to the noun). [] for any other phrase."""
    role = lexicon.lookup(head.text, default)
    before = [t for t in span if t.i < head.i and not (t.is_punct or t.dep_ == "det")]
    if role is None or role.kind != "role" or not any(t.lower_ == "and" for t in before):
        return []
    # one word on each side of each link, no more ("the Afghan government and security
    # forces", "Russian and Syrian regime warplanes" are left to the phrase's reading)
    words = before[::2]
    if len(before) < 3 or len(before) % 2 == 0 or any(
            t.lower_ not in _LINKS for t in before[1::2]) or any(
            t.lower_ in _LINKS for t in words):
        return []
    scored: Scored = []
    for word in words:
        entry = lexicon.lookup(f"{word.text} {head.text}", default) or lexicon.lookup(
            word.text, default)
        if entry is None or entry.kind not in ("role", "country", "demonym"):
            return []
        if entry.kind == "role":
            sector = entry.sector if entry.flag != "generic" else role.sector
            country = None if entry.flag == "intl" else default
            scored.append((_actor(span, f"{word.text} {head.text}", country, sector,
                                  from_default=True), _ROLE))
        else:
            scored.append((_actor(span, f"{word.text} {head.text}", entry.country,
                                  role.sector), _COUNTRY))
    return scored


def entity_at(token: Token, within: Span | None = None) -> Span | None:
    """The entity ``token`` is part of (if it lies wholly ``within`` the span given), read
    from the tokens' IOB tags: ``doc.ents`` builds every entity of the doc on each call,
    n² over the parts of a list or the events of a long article."""
    if not token.ent_type_:
        return None
    doc = token.doc
    low, high = (within.start, within.end) if within is not None else (0, len(doc))
    start, end = token.i, token.i + 1
    while start > low and doc[start].ent_iob_ == "I":
        start -= 1
    while end < high and doc[end].ent_iob_ == "I":
        end += 1
    whole = doc[start].ent_iob_ == "B" and (end == len(doc) or doc[end].ent_iob_ != "I")
    return Span(doc, start, end, label=token.ent_type) if whole else None


def _conjuncts(span: Span, owners: list[Token]) -> list[Token]:
    """The tokens of ``span`` coordinated with one of ``owners`` (what ``Token.conjuncts``
    gives, sought within the span only: ``conjuncts`` walks the whole list, n² over its
    parts). Tokens are coordinated when conj arcs lead up from both to one first conjunct."""
    first: dict[int, int] = {}

    def first_of(token: Token) -> int:
        path = []
        while token.i not in first and token.dep_ == "conj" and token.head.i != token.i:
            path.append(token.i)
            token = token.head
        found = first.get(token.i, token.i)
        for i in path:
            first[i] = found
        return found

    groups = {first_of(t) for t in owners}
    owner_ids = {t.i for t in owners}
    return [t for t in span if t.i not in owner_ids and first_of(t) in groups]


def _shared_nationality(first: Token, lexicon: ActorLexicon) -> str | None:
    """The country of a nationality word before the first of joined nouns, which the
    others share ("Russian missiles and drones": Russia's drones too)."""
    for word in first.lefts:
        if word.dep_ == "amod" and word.ent_type_ == "NORP":
            found = [a for a, _ in _code(word.doc[word.i : word.i + 1], lexicon, None)]
            return found[0].country if found else None
    return None


def _of_country(actor: Actor, country: str | None) -> Actor:
    """A role of no country given the country its phrase shares; any other actor as it is."""
    if country is None or actor.country or not actor.sector or actor.code != actor.sector:
        return actor
    return replace(actor, country=country, code=f"{country}{actor.sector}")


def _top(scored: Scored) -> int:
    return max((score for _, score in scored), default=0)


def _head(span: Span) -> Token:
    """The parser's root, unless a misparse made it no noun: then English NPs end in theirs."""
    if span.root.pos_ in _NOMINAL:
        return span.root
    nominal = [t for t in span if t.pos_ in _NOMINAL]
    before_prep = [t for t in nominal if not any(p.pos_ == "ADP" for p in span.doc[span.start:t.i])]
    return (before_prep or nominal or [span.root])[-1]


def _trim(span: Span) -> Span:
    """Drop leading determiners and quantifiers and trailing punctuation, but for a bracket
    that closes one the span opened ("the Rapid Support Forces (RSF)", not "... (RSF")."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].pos_ == "DET"
                           or doc[start].like_num or doc[start].lower_ in _LEADING):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc") and not (
            doc[end - 1].text == ")" and "(" in doc[start:end - 1].text):
        end -= 1
    return doc[start:end]


def _part(span: Span, token: Token, others: list[Token]) -> Span:
    """The stretch of ``span`` that ``token`` heads, without the subtrees of ``others``."""
    left_out = {t.i for other in others if not other.is_ancestor(token) for t in other.subtree}
    inside = [t.i for t in token.subtree if span.start <= t.i < span.end and t.i not in left_out]
    return span.doc[min(inside):max(inside) + 1]


def _parts(span: Span, members: list[Token]) -> list[Span]:
    """``_part`` of each member without the subtrees of the others, in one pass: a token
    belongs to the nearest member at or above it. (A ``_part`` per member, each walking
    every other member's subtree, made a list of n names cost n³: 1,600 names, 53 s.)"""
    member_ids = {m.i for m in members}
    owner: dict[int, int | None] = {i: i for i in member_ids}
    for token in span:
        path, above = [], token
        while above.i not in owner:
            path.append(above.i)
            if above.head.i == above.i:  # the root, and no member on the way
                owner[above.i] = None
                break
            above = above.head
        for i in path:
            owner[i] = owner[above.i]
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for token in span:
        if (mine := owner[token.i]) is not None:
            first.setdefault(mine, token.i)
            last[mine] = token.i
    return [span.doc[first[m.i]:last[m.i] + 1] for m in members]


def _retext(actor: Actor, span: Span) -> Actor:
    return replace(actor, text=span.text, start=span.start_char, end=span.end_char)


def _mentions(span: Span, lexicon: ActorLexicon, default: str | None) -> list[Mention]:
    """Longest lexicon matches left to right, minus backers ("Turkey-backed")."""
    doc, found, i = span.doc, [], span.start
    while i < span.end:
        for j in range(min(span.end, i + _MAX_TOKENS), i, -1):
            entry = lexicon.lookup(doc[i:j].text, default)
            if entry:
                if not _is_backer(span, i, j):
                    found.append((i, j, entry))
                i = j
                break
        else:
            i += 1
    return found


def _is_backer(span: Span, start: int, end: int) -> bool:
    """A name in "X-backed ..." or "pro-X ..." is another actor than the phrase's; coded
    alone (the phrase is just "X"), it is the backer itself."""
    doc = span.doc
    backed = end + 1 < span.end and doc[end].text == "-" and doc[end + 1].lower_ in _BACKING
    return backed or (start - 2 >= span.start and doc[start - 1].text == "-"
                      and doc[start - 2].lower_ in _AGAINST)


def _takes_focus(role: Entry, before: list[Mention]) -> bool:
    """Whether a role named bare is the document's focus country's: not an international
    body, and not a weapon or craft unless another role word owns it ("government
    warplanes", "the army's drones"): drones that hit a base in Mali are not Mali's."""
    if role.flag == "unowned":
        return any(m[2].kind == "role" for m in before)
    return role.flag != "intl"


def _code_phrase(span: Span, head: Token, lexicon: ActorLexicon, default: str | None) -> Scored:
    """One noun phrase without conjuncts or appositions."""
    cut = min((c.left_edge.i for c in head.rights if c.dep_ in _CUT), default=span.end)
    mentions = [m for m in _mentions(span, lexicon, default) if m[0] < cut]
    at_head = next((m for m in mentions if m[0] <= head.i < m[1]), None)
    if at_head and at_head[2].kind != "role":
        return [_named(at_head[2], span)]
    before = [m for m in mentions if m[1] <= (at_head[0] if at_head else head.i)]
    if at_head:
        role, role_end = at_head[2], at_head[1]
    elif head.pos_ == "PROPN" and before and before[-1][2].kind == "role":
        # a title: "Defence Minister Hulusi Akar"
        role, role_end, before = before[-1][2], before[-1][1], before[:-1]
    else:
        return []
    anchors = _anchors([m for m in before if m[2].kind != "role"], span)
    anchors = _serving_state(before, anchors, role) or anchors
    sector = role.sector
    if sector in _OFFICES and any(t.lower_ in _FORMER for t in span.doc[span.start:role_end]):
        sector = OUT_OF_OFFICE  # "former president", "ex-minister": an elite out of office
    if role.flag == "generic":  # "opposition officials"; not "President Assad's forces"
        after = anchors[-1][1] if anchors else span.start
        sector = next((m[2].sector for m in reversed(before)
                       if m[2].kind == "role" and m[2].sector and m[0] >= after), sector)
    if anchors:
        scored = [_anchored(m, sector, span, len(anchors) > 1, at_head) for m in anchors]
    elif sector:
        country = default if _takes_focus(role, before) else None
        scored = [(_actor(span, span.text, country, sector, from_default=True), _ROLE)]
    else:
        scored = []
    name = _unknown_name(span.doc[span.start:cut], mentions)
    scored = [(_inferred(actor, name, score), score) for actor, score in scored]
    return _through(span, head, role, scored, lexicon, default) or scored


def _unknown_name(span: Span, mentions: list[Mention]) -> Span | None:
    """The name of a group or person in ``span`` that the base does not hold: the tagger's
    entity (its part within the span), unless the lexicon knows a word of it; a role word
    alone is no name ("Defence" of "Defence Minister")."""
    known = {i for start, end, entry in mentions if entry.kind != "role" for i in range(start, end)}
    matched = {i for start, end, _ in mentions for i in range(start, end)}
    doc = span.doc
    for token in span:
        if token.ent_type_ not in ("ORG", "PERSON") or token.i in matched:
            continue
        start, end = token.i, token.i + 1
        while start > span.start and doc[start].ent_iob_ == "I":
            start -= 1
        while end < span.end and doc[end].ent_iob_ == "I":
            end += 1
        if not known.intersection(range(start, end)):
            return doc[start:end]
    return None


def _inferred(actor: Actor, name: Span | None, score: int) -> Actor:
    """The actor under the unknown ``name`` its code was inferred for; a named actor of the
    base, one already named so, or a phrase without such a name, as it is."""
    if name is None or score == _NAMED or actor.inferred:
        return actor
    return replace(actor, name=name.text, inferred=True)


def _guessed(scored: Scored) -> bool:
    return any(actor.inferred for actor, _ in scored)


def _anchors(named: list[Mention], span: Span) -> list[Mention]:
    """The names closest to the head, with those coordinated with them ("Russian and Syrian")."""
    group = named[-1:]
    for mention in reversed(named[:-1]):
        between = span.doc[mention[1]:group[0][0]]
        if not all(t.lower_ in _LINKS for t in between):
            break
        group.insert(0, mention)
    return group


def _serving_state(before: list[Mention], anchors: list[Mention], role: Entry
                   ) -> list[Mention]:
    """The country whose official serves at an international body: "Iran's UN ambassador",
    "Sudan's U.N. envoy" are the state's diplomats, not the UN's. Empty if the phrase is
    not so built."""
    bodies = [m[0] for m in anchors if m[2].sector == "IGO"]
    if role.sector != "GOV" or not bodies:
        return []
    return [m for m in before if m[1] <= min(bodies) and m[2].kind in ("country", "demonym")][-1:]


def _anchored(mention: Mention, sector: str | None, span: Span, several: bool,
              at_head: Mention | None) -> tuple[Actor, int]:
    """A role given its country by a name: "Syrian rebels", "Assad's forces", "Hamas fighters"."""
    start, end, entry = mention
    if entry.kind == "org" or entry.country is None:
        return _named(entry, span)
    name = span.text
    if several and at_head:
        name = f"{span.doc[start:end].text} {span.doc[at_head[0]:at_head[1]].text}"
    return _actor(span, name, entry.country, sector or entry.sector), _COUNTRY


def _through(span: Span, head: Token, role: Entry, scored: Scored, lexicon: ActorLexicon,
             default: str | None) -> Scored:
    """"a spokesman for X", "the government of Syria", "officers in the Russian military": X
    says who the role belongs to. The party's words end before "in" (arguments.noun_phrase:
    mostly a place), and the small parser hangs that "in" on the verb as often as on the
    role, so the body served in is read right after the words, wherever it hangs; it must
    be a country's organised body, and tell more than the role does."""
    best = _top(scored)
    preps = [p for p in head.rights if p.lower_ in _THROUGH]
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is not None and after.lower_ == _SERVING_IN:
        preps.append(after)
    for prep in preps:
        serving = prep.lower_ == _SERVING_IN
        objects = [c for c in prep.children if c.dep_ == "pobj" and (serving or c.i < span.end)]
        if not objects:
            continue
        inner = _code(span.doc[objects[0].left_edge.i:objects[0].right_edge.i + 1],
                      lexicon, default)
        if serving and (objects[0].pos_ == "PROPN" or _top(inner) <= best
                        or not all(a.sector and a.country for a, _ in inner)):
            continue
        top = _top(inner)
        if top > best or (top == best > 0 and role.flag == "generic"):
            return [(_combine(actor, score, role, span), score) for actor, score in inner]
    return []


def _combine(actor: Actor, score: int, role: Entry, span: Span) -> Actor:
    if score == _NAMED and role.flag != "opposed":
        return _retext(actor, span)
    sector = actor.sector if role.flag == "generic" or not role.sector else role.sector
    return replace(_actor(span, span.text, actor.country, sector),
                   country_from_focus=actor.country_from_focus)


def _named(entry: Entry, span: Span) -> tuple[Actor, int]:
    """The phrase names a known group, person or country."""
    score = _COUNTRY if entry.kind in ("country", "capital", "demonym", "region") else _NAMED
    actor = _actor(span, entry.name, entry.country, entry.sector, entry.wikidata)
    return replace(actor, code=entry.code or actor.code), score


def _actor(span: Span, name: str, country: str | None, sector: str | None,
           wikidata: str | None = None, from_default: bool = False) -> Actor:
    """``from_default``: ``country`` is the caller's default, not read from the words."""
    code = f"{country or ''}{sector or ''}" or None
    return Actor(span.text, span.start_char, span.end_char, name, code, country, sector, wikidata,
                 country_from_focus=from_default and country is not None)
