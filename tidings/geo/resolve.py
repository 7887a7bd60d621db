"""Toponym resolution: find place mentions in a parsed document and pick their referents.

Candidates come from the gazetteer; the choice weighs the name match and a size/kind prior
against the document's country focus, admin areas mentioned alongside ("Alexandria,
Louisiana"; a city in a governorate the text names) and cue words ("Idlib province", "the
village of ...", "northern Hama").
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from tidings.geo.gazetteer import Candidate, Gazetteer, _read_tsv, prior
from tidings.model import Place

PLACE_LABELS = {"GPE", "LOC", "FAC"}
_MISTAKEN_LABELS = {"PERSON", "ORG", "NORP"}  # the small NER's usual labels for missed places
_COMPASS = ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest")
DIRECTIONS = {*_COMPASS, *(d + "ern" for d in _COMPASS), "central"}
# Cue words around a name: what kind of place it is.
_ARTICLE = "al|el|ad|an|ar|as|ash|at|az|ed|en|es|et|ez|ul"
_NAME = rf"[A-Z][\w'’ʿ]*(?:(?:[ -](?:{_ARTICLE})-|[ -])[A-Z][\w'’ʿ]*)*"
_ADMIN = "province|governorate|oblast|district|county|parish|region|state|prefecture"
_POPULATED = "town|village|city|suburb|neighbou?rhood|hamlet|municipality|capital"
_PREFIX_CUE = re.compile(
    rf"\b(?:(?P<pop>{_POPULATED})|(?P<adm>{_ADMIN})|(?P<camp>camp)|area|outskirts|countryside)s?"
    rf" of (?:the )?(?P<name>{_NAME})"
)
_SUFFIX_CUE = re.compile(rf"(?P<name>{_NAME}) (?i:(?P<adm>{_ADMIN})|(?P<camp>camp))\b")
# Heads that make a GPE/LOC-tagged span an organisation ("the Syrian Observatory").
_ORG_HEADS = {"observatory", "ministry", "council", "army", "forces", "government", "committee",
              "agency", "office", "court", "party", "police", "authority", "front", "brigade"}
_HINT_BONUS = {
    "adm": {"ADM1": 1.0, "ADM2": 1.0, "PCLI": -0.5},
    "pop": {"PPL": 0.3, "PPLA": 0.3, "PPLC": 0.3, "ADM1": -0.5, "PCLI": -1.0, "RGN": -0.5},
    "camp": {"CMP": 1.0},
    "dir": {"ADM1": 0.5},
}
_FOCUS_WEIGHT = 1.2
_FOCUS_PRIOR_MASS = 1.0  # so that one stray vote cannot decide the document's focus
_QUALIFIER_WEIGHT = 1.5
_AREA_WEIGHT = 1.0
_PROMOTE_MIN_POP = 500_000  # an uncued PERSON/ORG-tagged name is a place only if a big city


@dataclass
class _Mention:
    start: int
    end: int
    name: str
    hint: str | None = None
    label: str = "GPE"
    curated_id: str | None = None
    direction: bool = False
    tagged: bool = True  # a place entity or cue match; False: a PERSON/ORG/NORP entity
    cued: bool = False  # untagged, but after a locative preposition or direction word
    candidates: list[tuple[Candidate, float]] = field(default_factory=list)


@cache
def _demonyms() -> dict[str, str]:
    return {r["demonym"]: r["iso3"] for r in _read_tsv("demonyms.tsv")}


def _text(doc: Doc) -> str:
    """The doc's text, joined once: spaCy rebuilds ``doc.text`` from its tokens on each call."""
    if "tidings_text" not in doc.user_data:
        doc.user_data["tidings_text"] = doc.text
    return doc.user_data["tidings_text"]


def geoparse(doc: Doc, gazetteer: Gazetteer | None = None) -> list[Place]:
    """Every toponym mention in ``doc`` as a Place, resolved where the gazetteer allows."""
    gaz = gazetteer or Gazetteer.load()
    mentions = _mentions(doc, gaz)
    for m in mentions:
        m.candidates = [(c, _base_score(c, m)) for c in _candidates(gaz, m)]
    votes = _country_votes(doc, mentions)
    areas = [_areas(m) for m in mentions]
    qualifiers = _qualifiers(doc, mentions)
    places = []
    for i, m in enumerate(mentions):
        own = _vote(m)
        # own votes for no country were never counted in ``votes``: keep the total >= 0
        total = max(0.0, sum(votes.values()) - sum(v for k, v in own.items() if k))
        rescored = []
        for cand, score in m.candidates:
            focus = votes.get(cand.country, 0.0) - own.get(cand.country, 0.0)
            score += _FOCUS_WEIGHT * focus / (total + _FOCUS_PRIOR_MASS)
            support = sum(a.get((cand.country, cand.admin1), 0.0)
                          for j, a in enumerate(areas) if j != i)
            score += _AREA_WEIGHT * support / (len(mentions) - 1 + _FOCUS_PRIOR_MASS)
            if i in qualifiers:
                score += _QUALIFIER_WEIGHT * _qualifies(cand, qualifiers[i])
            rescored.append((cand, score))
        if (m.tagged or _promote(m, votes)) and (rescored or m.label != "FAC"):
            places.append(_place(doc, m, rescored))  # unresolved FACs are mostly buildings
    return places


def _promote(m: _Mention, votes: dict[str | None, float]) -> bool:
    """A PERSON/ORG/NORP-tagged name counts as a place when the text cues it as one, or when it is
    exactly the name of a big city (the small NER calls Kharkiv a PERSON)."""
    exact = [c for c, _ in m.candidates if c.match != "fuzzy"]
    return bool(exact) and (m.cued or any(
        c.match == "exact" and c.feature.startswith("PPL") and c.population >= _PROMOTE_MIN_POP
        and (c.country in votes or c.population >= 2 * _PROMOTE_MIN_POP) for c in exact))


def _mentions(doc: Doc, gaz: Gazetteer) -> list[_Mention]:
    """Place entities, cue-word matches and mislabelled names that may be places; no overlaps."""
    found: dict[tuple[int, int], _Mention] = {}
    for cue in (_PREFIX_CUE, _SUFFIX_CUE):
        for match in cue.finditer(_text(doc)):
            hint = next((k for k in ("pop", "adm", "camp") if match.groupdict().get(k)), None)
            span = doc.char_span(*match.span("name"), alignment_mode="expand")
            proper = [t for t in span if t.pos_ == "PROPN" or t.text == "-"] if span else []
            if not proper or proper[0].pos_ != "PROPN":
                continue  # "The state", "From Lansing State": not a name before the cue word
            start = proper[0].idx
            end = match.end() if cue is _SUFFIX_CUE else match.end("name")  # "Idlib province"
            found[start, end] = _Mention(start, end, _text(doc)[start:end], hint)
    # One sense per discourse: a name tagged as a place once is a place everywhere.
    place_names = {e.text for e in doc.ents if e.label_ in PLACE_LABELS}
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS or ent.label_ in _MISTAKEN_LABELS:
            mention = _entity_mention(ent, gaz, place_names)
            if mention and not any(_overlaps(mention, other) for other in found.values()):
                found[mention.start, mention.end] = mention
    return sorted(found.values(), key=lambda m: m.start)


def _entity_mention(ent: Span, gaz: Gazetteer, place_names: set[str]) -> _Mention | None:
    doc = ent.doc
    first = ent.start
    while first > 0 and doc[first - 1].lower_ in DIRECTIONS:
        first -= 1  # "northwestern Syria" with the direction outside the entity
    tokens = list(doc[first : ent.end])
    lead = []  # direction words in front of the name
    while tokens and (tokens[0].lower_ in DIRECTIONS or tokens[0].lower_ in ("the", "-")):
        lead.append(tokens.pop(0))
    while tokens and tokens[-1].tag_ == "POS":
        tokens.pop()
    if not tokens or (len(tokens) == 1 and tokens[0].pos_ == "ADJ") or ent.text in _demonyms():
        return None  # "Ukrainian": a nationality, not a place
    if tokens[-1].lower_ in _ORG_HEADS or not any(t.text[:1].isupper() for t in tokens):
        return None  # an organisation, or a lower-case word no place name is
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    direction = any(t.lower_ in DIRECTIONS for t in lead)
    if direction:  # a named region such as "northern Syria" beats the directional reading
        lead_start = next(t.idx for t in lead if t.lower_ in DIRECTIONS)
        if any(c.match != "fuzzy" for c in gaz.lookup(_text(doc)[lead_start:end])):
            start, direction = lead_start, False
    after = doc[tokens[-1].i + 1 : tokens[-1].i + 3]
    direction = direction or (len(after) == 2 and after[0].tag_ == "POS"
                              and after[1].lower_ in DIRECTIONS)  # "Syria's northwest"
    mention = _Mention(start, end, _text(doc)[start:end], label=ent.label_,
                       curated_id=ent.ent_id_ or None,
                       direction=direction, hint="dir" if direction else None)
    if ent.label_ not in PLACE_LABELS:
        before = doc[tokens[0].i - 1] if tokens[0].i > 0 else None
        mention.tagged = False
        mention.cued = direction or ent.text in place_names or (
            before is not None and _LOCATIVE.get(before.lower_, 0.0) >= 0.9)
    return mention


def _overlaps(a: _Mention, b: _Mention) -> bool:
    return a.start < b.end and b.start < a.end


def _candidates(gaz: Gazetteer, m: _Mention) -> list[Candidate]:
    """The gazetteer's candidates; a curated id from the EntityRuler goes first. Names the
    NER did not tag as places are promoted on exact matches only: no fuzzy search for them."""
    candidates = gaz.lookup(m.name, fuzzy=m.tagged)
    if m.hint == "adm" and not any(c.match != "fuzzy" for c in candidates):
        candidates = gaz.lookup(re.sub(rf"\s+(?:{_ADMIN})$", "", m.name, flags=re.I))
    if m.curated_id:
        candidates.sort(key=lambda c: c.id != m.curated_id)
    return candidates[:25]


def _base_score(cand: Candidate, m: _Mention) -> float:
    name = {"exact": 1.0, "alias": 0.8, "fuzzy": 0.5}[cand.match] * cand.similarity
    score = name + prior(cand.population, cand.feature)
    if m.hint:
        score += _HINT_BONUS[m.hint].get(cand.feature, 0.0)
    if m.curated_id and cand.id == m.curated_id:
        score += 1.0
    return score


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(4 * (s - top)) for s in scores]
    return [e / sum(exps) for e in exps]


def _vote(m: _Mention) -> dict[str | None, float]:
    """What a mention says about the document's countries: its candidates' probabilities."""
    if not (m.candidates and m.tagged):
        return {}
    votes: dict[str | None, float] = defaultdict(float)
    for (cand, _), p in zip(m.candidates, _softmax([s for _, s in m.candidates]), strict=True):
        votes[cand.country] += p
    return votes


def _country_votes(doc: Doc, mentions: list[_Mention]) -> dict[str | None, float]:
    votes: dict[str | None, float] = defaultdict(float)
    for m in mentions:
        for country, weight in _vote(m).items():
            votes[country] += weight
    for ent in doc.ents:
        if ent.text in _demonyms():  # the small NER tags some of them GPE
            votes[_demonyms()[ent.text]] += 0.5
    votes.pop(None, None)
    return votes


def _areas(m: _Mention) -> dict[tuple[str | None, str | None], float]:
    """How likely a mention lies in each first-level division: places named together tend
    to share one (Gainesville and Hall County, Georgia)."""
    if not (m.candidates and m.tagged):
        return {}
    out: dict[tuple[str | None, str | None], float] = defaultdict(float)
    for (cand, _), p in zip(m.candidates, _softmax([s for _, s in m.candidates]), strict=True):
        if cand.admin1 and cand.feature != "PCLI":
            out[cand.country, cand.admin1] += p
    return out


def _qualifiers(doc: Doc, mentions: list[_Mention]) -> dict[int, Candidate]:
    """'Alexandria, Louisiana': index of the qualified mention -> the qualifier's referent."""
    out = {}
    for i, (m, n) in enumerate(zip(mentions, mentions[1:], strict=False)):
        if _text(doc)[m.end : n.start] == ", " and n.candidates:
            top = max(n.candidates, key=lambda cs: cs[1])[0]
            if top.feature in ("ADM1", "PCLI"):
                out[i] = top
    return out


def _qualifies(cand: Candidate, qualifier: Candidate) -> float:
    if cand.country != qualifier.country or cand.id == qualifier.id:
        return 0.0
    return 1.0 if qualifier.feature == "PCLI" or cand.admin1 == qualifier.admin1 else 0.0


def _place(doc: Doc, m: _Mention, scored: list[tuple[Candidate, float]]) -> Place:
    text = _text(doc)[m.start : m.end]
    if not scored:
        return Place(text, m.start, m.end, m.name, None, None, None, None, None, None, None)
    ranked = sorted(zip(scored, _softmax([s for _, s in scored]), strict=True),
                    key=lambda x: -x[1])
    (best, _), p = ranked[0]
    precision = "region" if m.direction and best.precision == "country" else best.precision
    alternatives = [{"id": c.id, "name": c.name, "country": c.country, "lat": c.lat,
                     "lon": c.lon, "score": round(q, 3)} for (c, _), q in ranked[1:4]]
    return Place(text, m.start, m.end, best.name, best.lat, best.lon, best.country,
                 best.admin1, best.id, best.feature, precision, round(p, 3), alternatives)


# Prepositions that put an event somewhere; "from" marks an origin, a weaker claim.
_LOCATIVE = {"in": 1.0, "near": 1.0, "on": 0.9, "at": 1.0, "across": 1.0, "into": 0.9,
             "outside": 1.0, "around": 1.0, "inside": 1.0, "throughout": 1.0, "within": 1.0,
             "over": 0.8, "along": 0.9, "towards": 0.7, "toward": 0.7, "to": 0.6, "from": 0.4}
_PRECISION_RANK = {"point": 0, "city": 1, "admin1": 2, "region": 3, "country": 4}
# A place that is the object of the trigger ("shelled Idlib") is where it happened.
_OBJECT_WEIGHT = 0.95


def locate_event(trigger: Token, places: list[Place],
                 exclude: list[tuple[int, int]]) -> Place | None:
    """Where the event of ``trigger`` happened: a place in its prepositional phrases or its
    object ("attacked Bama town"), else the nearest resolved place in its sentence outside
    actor/recipient spans; else None. An attached place is kept even when the gazetteer
    cannot resolve it: its name is still the best answer the text gives."""
    sent = trigger.sent
    usable = [p for p in places if sent.start_char <= p.start < sent.end_char
              and not any(p.start < e and s < p.end for s, e in exclude)]
    if not usable:
        return None
    objects = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
    attached: dict[int, float] = {}  # id(place) -> preposition weight
    phrases = [(c, _LOCATIVE.get(c.lower_)) for head in [trigger, *objects]
               for c in head.children if c.dep_ == "prep"]
    phrases += [(obj, _OBJECT_WEIGHT) for obj in objects]
    for phrase, weight in phrases:
        lo = min(t.idx for t in phrase.subtree)
        hi = max(t.idx + len(t) for t in phrase.subtree)
        for place in usable:
            if weight and lo <= place.start and place.end <= hi:
                attached[id(place)] = max(weight, attached.get(id(place), 0.0))
    strong = [p for p in usable if attached.get(id(p), 0.0) >= 0.5]
    if strong:  # the most specific of the best-attached places, resolved ones first
        return max(strong, key=lambda p: (attached[id(p)], p.lat is not None,
                                          -_PRECISION_RANK.get(p.precision or "", 5)))
    resolved = [p for p in usable if p.lat is not None]
    others = [p for p in resolved if id(p) not in attached] or resolved  # origins come last
    return min(others, key=lambda p: abs(p.start - trigger.idx)) if others else None
