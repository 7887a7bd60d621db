"""Toponym resolution: find place mentions in a parsed document and pick their referents.

Candidates come from the gazetteer; the choice is a learned one (:mod:`tidings.geo.ranker`)
over the name match, the candidate's size and kind, cue words ("Idlib province", "the
village of ...", "northern Hama"), and what the document's other places say: its country
focus, the divisions they lie in ("Alexandria, Louisiana"; a city in a governorate the text
names), the nearness of their towns and counties.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span, Token

from tidings import budget
from tidings.cluster import haversine_km
from tidings.geo.gazetteer import Candidate, Gazetteer, _read_tsv
from tidings.geo.ranker import (
    CONTEXT_FEATURES,
    MODELS,
    OWN_FEATURES,
    PROMOTION_FEATURES,
    Ranker,
    load_model,
)
from tidings.model import Place

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# labels the small NER gives a place name and the words after it: "Aleppo for the ninth day"
_RUN_ON_LABELS = {"WORK_OF_ART", "EVENT"}
# the small NER's usual labels for missed places
_MISTAKEN_LABELS = {"PERSON", "ORG", "NORP", "PRODUCT", "LANGUAGE", *_RUN_ON_LABELS}
_COMPASS = ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest")
DIRECTIONS = {*_COMPASS, *(d + "ern" for d in _COMPASS), "central"}
# Cue words around a name: what kind of place it is.
_ARTICLE = "al|el|ad|an|ar|as|ash|at|az|ed|en|es|et|ez|ul"
_NAME = rf"[A-Z][\w'’ʿ]*(?:(?:[ -](?:{_ARTICLE})-|[ -])[A-Z][\w'’ʿ]*)*"
_ADMIN = ("province|governorate|oblast|district|county|parish|region|state|prefecture|lga"
          "|local government area")  # a Nigerian LGA, "Maru Local Government Area"
_POPULATED = "town|village|city|suburb|neighbou?rhood|hamlet|municipality|capital"
_PREFIX_CUE = re.compile(
    rf"\b(?:(?P<pop>{_POPULATED})|(?P<adm>{_ADMIN})|(?P<camp>camp)|area|outskirts|countryside)s?"
    rf" of (?:the )?(?P<name>{_NAME})"
)
_SUFFIX_CUE = re.compile(rf"(?P<name>{_NAME}) (?i:(?P<adm>{_ADMIN})|(?P<camp>camp))\b")
# "Damboa town", "Maitsaba village", "Farah city": lower-case, so not "Old Town" or "Jersey
# City Council"; "Al-Bab City" too, where the gazetteer holds no place of that whole name
# ("Mexico City", "Jersey City")
_TOWN_CUE = re.compile(rf"(?P<name>{_NAME}) (?P<pop>town|village|city|City)\b(?! [A-Z])")
# "the Hodan neighbourhood", "the Kasarani area", "the Idlib countryside": a part of a town or
# region named after it (lower-case, so not "the Bay Area" or "the Jewish Quarter")
_PART_CUE = re.compile(
    rf"(?P<name>{_NAME}) (?P<part>neighbou?rhoods?|suburbs?|quarter|area|countryside|outskirts)\b")
# Faiths and sects the tagger may leave untagged or take for names: "a Sunni mosque", "Shi'i
# neighbourhoods".
CREEDS = {"sunni", "shia", "shi'a", "shi'i", "shiite", "shi'ite", "muslim", "islamic",
          "christian", "catholic", "protestant", "orthodox", "coptic", "jewish", "hindu",
          "sikh", "buddhist", "alawite", "druze", "yazidi", "salafi", "sufi", "evangelical",
          "baha'i", "bahai", "ismaili", "ahmadi", "zoroastrian", "mormon", "amish"}
# "Gaza residents", "Maiduguri villagers": the people of a place; only a name the gazetteer
# holds exactly, and no people's name ("Kurdish villagers")
_RESIDENTS_CUE = re.compile(rf"(?P<name>{_NAME}) (?:residents|inhabitants|villagers|townspeople)\b")
# Names listed before a plural division word: "Clarke and Oconee counties", "Borno, Yobe and
# Adamawa states"; each name is a division of that level (plural -> the singular it is
# looked up with).
_PLURAL_LEVELS = {"counties": "county", "parishes": "parish", "provinces": "province",
                  "governorates": "governorate", "districts": "district", "states": "state",
                  "regions": "region", "oblasts": "oblast", "prefectures": "prefecture"}
_LIST_CUE = re.compile(rf"(?P<names>{_NAME}(?:, {_NAME})*,? (?:and|or) {_NAME})"
                       rf" (?P<level>{'|'.join(_PLURAL_LEVELS)})\b")
# Heads that make a GPE/LOC-tagged span an organisation ("the Syrian Observatory").
_ORG_HEADS = {"observatory", "ministry", "council", "army", "forces", "government", "committee",
              "agency", "office", "court", "party", "police", "authority", "front", "brigade"}
_ROUNDS = 2  # readings of the others, then readings in their light, then once more
_FOCUS_PRIOR_MASS = 1.0  # so that one stray vote cannot decide the document's focus
_PROMOTE_MIN_POP = 500_000  # an uncued PERSON/ORG-tagged name is a place only if a big city...
_COHERENT_MIN_SUPPORT = 1.0  # ...or in a division the other places give this much probability
_SITE_TOWN_MIN_VOTES = 1.0  # a site's town must lie in a country the document is about
_EMBEDDED_MIN_POP = 100_000  # "the Shreveport Police": a city this big needs no support
_NEAR_KM = 50.0  # towns or counties this close are near (the scale of an exp(-km/scale) kernel)


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
    coherent: bool = False  # untagged: a place only if it lies where the other places do
    inner: str | None = None  # the town a site or district lies in ("Princeton" of "Princeton
    # Community Hospital", "Tripoli" of "Tripoli's Bab al-Tabbaneh district")
    demonym: str | None = None  # the country a nationality's name stands for ("Russian")
    inside: bool = False  # untagged, inside a longer name ("the Georgia Bureau of Investigation")
    within: Candidate | None = None  # the area an unresolved name is said to lie in ("Atmeh,
    # Syria", "Kafr Naya in Aleppo province")
    candidates: list[Candidate] = field(default_factory=list)
    own: np.ndarray = field(default_factory=lambda: np.zeros((0, len(OWN_FEATURES))))
    features: np.ndarray | None = None  # (candidates × FEATURES) of the last round
    probs: np.ndarray = field(default_factory=lambda: np.zeros(0))  # the current readings


@cache
def _demonyms() -> dict[str, str]:
    """Nationality adjectives and nouns ("Syrian", "Palestinians") -> the country's name,
    from the actor base (tidings/data/actors/countries.tsv); ambiguous forms left out."""
    from tidings.actors.lexicon import WEAK, read_records

    return {form: record.entry.name for record in read_records()
            if record.entry.kind == "demonym" for form in record.forms
            if not form.startswith(WEAK)}


def is_demonym(place: Place) -> bool:
    """Is the place a nationality's country ("Russian" -> Russia)? It locates people and
    things, not the events they take part in."""
    return place.text in _demonyms()


def _text(doc: Doc) -> str:
    """The doc's text, joined once: spaCy rebuilds ``doc.text`` from its tokens on each call."""
    if "tidings_text" not in doc.user_data:
        doc.user_data["tidings_text"] = doc.text
    return doc.user_data["tidings_text"]


def geoparse(doc: Doc, gazetteer: Gazetteer | None = None, ranker: Ranker | None = None,
             promoter: Ranker | None = None) -> list[Place]:
    """Every toponym mention in ``doc`` as a Place, resolved where the gazetteer allows.
    Names the NER tagged as places are places; others the gazetteer knows (tagged as people
    or organisations, after a locative word, or untagged) are places when the promotion
    rules say so (a big city the NER calls a person, a town where the others lie) or else
    when the toponym promoter, a model fitted on lgl, does; it reads the name's features and
    the event coder's encoder's vector of it among the words near it, centred on the shipped
    (or ``$TIDINGS_TOPONYM_PROMOTER``) promoter's mean, which its fold models share, and
    read only where it may change the decision (the promoter's ``encoder_reach``)."""
    promoter = promoter or toponym_promoter()
    mentions, support = read_mentions(doc, gazetteer, ranker)
    votes = country_votes(doc, mentions)
    place = {id(m): settled(m) or _promote(m, votes, support) for m in mentions if kept(m)}
    shipped = toponym_promoter().meta
    mean = np.array(shipped["encoder_mean"])
    # a name scored far from the boundary at the mean vector is decided without reading
    # it: the encoder moves 95 % of the training names' scores less than its reach
    close = []
    for m in (m for m in mentions if place.get(id(m)) is False):
        budget.check(at=m.start)
        score = promoter.scores(promotion_features(doc, m, votes, support,
                                                   np.zeros_like(mean)))[1]
        if abs(score) > shipped["encoder_reach"]:
            place[id(m)] = score > 0
        else:
            close.append(m)
    for m, vector in zip(close, name_vectors(doc, close), strict=True):
        centred = np.zeros_like(mean) if vector is None else vector - mean
        place[id(m)] = promoter.scores(
            promotion_features(doc, m, votes, support, centred))[1] > 0
    return [_place(doc, m) for m in mentions if place.get(id(m))]


def settled(m: _Mention) -> bool:
    """Is the mention a place without asking the toponym promoter? A place entity is, when
    the gazetteer holds it, a cue word names its kind ("the village of X"), it is a site or
    road, or it has several words; a one-word place entity no gazetteer holds is more often
    a person's name ("Farrin said"), unless the area it lies in follows ("Atmeh, Syria")."""
    return m.tagged and bool(m.candidates or m.label == "FAC" or m.hint or " " in m.name
                             or m.within)


def kept(m: _Mention) -> bool:
    """Is the mention a toponym if it is a place at all? An unresolved FAC is mostly a
    building, unless it is a street, a numbered road or a site."""
    return bool(m.candidates or m.label != "FAC" or _is_street(m) or _ROAD.fullmatch(m.name)
                or m.name.split()[-1].lower() in SITE_WORDS)


def name_vectors(doc: Doc, mentions: list[_Mention]) -> list[np.ndarray | None]:
    """The event coder's encoder's last-layer vector of each mention's name, read among the
    words of its sentence near it (:data:`NAME_CONTEXT_CHARS`) with the name marked as the
    coder marks a trigger, each name alone: whether "Delta" is a place or an airline, a name
    or a town, is in its context more than in the gazetteer. None for each when the shipped
    coder is missing or does not expose its last layer: the toponym promoter then weighs the
    name's other features alone."""
    from tidings.events.coder import MODEL_DIR, Candidate, EventCoder

    coder = EventCoder.load(MODEL_DIR) if mentions else None
    candidates = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        sentence = span.sent if span is not None else doc[:]
        # the words near the name, not the whole sentence: what tells a place from a person
        # or a firm lies close to it, and the encoder's time grows with what it reads
        words = [t for t in sentence if t.idx + len(t) > m.start - NAME_CONTEXT_CHARS
                 and t.idx < m.end + NAME_CONTEXT_CHARS]
        offset = words[0].idx
        text = _text(doc)[offset : words[-1].idx + len(words[-1])]
        candidates.append(Candidate(text, m.start - offset, m.end - offset,
                                    NAME_EVIDENCE, ""))
    vectors = coder.span_vectors(candidates) if coder is not None else None
    return list(vectors) if vectors is not None else [None] * len(mentions)


# The coder's second segment (its lexicon evidence for a trigger) when it reads a name.
NAME_EVIDENCE = "place"
# How far on either side of a name the encoder reads it (in characters, within its sentence).
NAME_CONTEXT_CHARS = 60


def promotion_features(doc: Doc, m: _Mention, votes: dict[str | None, float],
                       support: dict[tuple[str | None, str | None], float],
                       vector: np.ndarray) -> np.ndarray:
    """The toponym promoter's two options for a name the NER did not tag as a place and the
    rules do not promote: keep it out (no features), or make it a place
    (:data:`PROMOTION_FEATURES`, the last of them the name's ``vector`` from
    :func:`name_vectors`, less the training names' mean)."""
    exact = _exact(m.candidates)
    probs = dict(zip((c.id for c in m.candidates), m.probs.tolist(), strict=True))
    best = max(exact, key=lambda c: probs[c.id], default=None)
    context = (m.features[m.candidates.index(best), len(OWN_FEATURES):]
               if best is not None and m.features is not None
               else np.zeros(len(CONTEXT_FEATURES)))
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    before = doc[span.start - 1].lower_ if span is not None and span.start > 0 else ""
    after = doc[span.end].lower_ if span is not None and span.end < len(doc) else ""
    total_support = sum(support.values())
    promote = np.zeros((2, len(PROMOTION_FEATURES)))
    promote[1] = (
        1.0,
        float(m.label == "PERSON"), float(m.label == "ORG"), float(m.label == "NORP"),
        float(m.cued), float(m.coherent), float(bool(exact)),
        math.log10(best.population + 1) if best else 0.0,
        float(best is not None and best.feature.startswith(_TOWN_KINDS)),
        float(best is not None and best.feature in _DIVISIONS),
        float(best is not None and best.feature == "PCLI"),
        support.get((best.country, best.admin1), 0.0) / (total_support + 1) if best else 0.0,
        *context.tolist(),
        float(before == "of"), float(LOCATIVE_PREPS.get(before, 0.0) >= 0.9),
        float(before in ("and", "or", ",")),
        float(after in ("county", "counties", "parish", "township")),
        float(after.rstrip(".") in _ORG_WORDS),
        float(m.name.isupper()), float(span is not None and span.start == span.sent.start),
        float(len(m.name.split()) > 1),
        float(m.inside), float(_is_street(m) or bool(_ROAD.fullmatch(m.name))),
        float(m.tagged), *vector.tolist(),
    )
    return promote


PROMOTER_FILE = MODELS / "toponym_promoter.json"


def toponym_promoter() -> Ranker:
    """The shipped toponym promoter, or the one ``$TIDINGS_TOPONYM_PROMOTER`` names."""
    path = Path(os.environ.get("TIDINGS_TOPONYM_PROMOTER") or PROMOTER_FILE)
    return load_model(path, PROMOTION_FEATURES, "toponym-promoter")


def read_mentions(doc: Doc, gazetteer: Gazetteer | None = None, ranker: Ranker | None = None
                  ) -> tuple[list[_Mention], dict[tuple[str | None, str | None], float]]:
    """The document's toponym mentions with their candidates read, each candidate's features
    (the ranker's input, which training reads from here) and probability; and the place
    entities' probability mass per first-level division, which promotes untagged names.

    Readings are made in rounds: first on each candidate's own features, then again with
    what the other mentions' readings say, so that "Athens" beside "Frankston" and
    "Henderson County" is read in Texas, not Greece."""
    gaz = gazetteer or Gazetteer.load()
    ranker = ranker or Ranker.load()
    mentions = _mentions(doc, gaz)
    for m in mentions:
        budget.check(at=m.start)
        m.candidates = _candidates(gaz, m)
    _read_own(mentions, ranker)
    votes = country_votes(doc, mentions)
    for m in mentions:  # a site's name may begin with a town's by chance; an owner's is one
        if m.inner and not m.candidates:
            m.candidates = [c for c in _exact(gaz.lookup(m.inner, False))
                            if votes.get(c.country, 0.0) >= _SITE_TOWN_MIN_VOTES
                            or m.label != "FAC" and c.feature.startswith(_TOWN_KINDS)]
    _read_own(mentions, ranker)
    qualifiers = _qualifiers(doc, mentions)
    if _prefer_focus_capital(mentions, votes, qualifiers):
        _read_own(mentions, ranker)
    states = _state_cues(_text(doc), gaz)
    near = _proximity(mentions)  # readings and weights, not scores: the same every round
    for _ in range(_ROUNDS):
        budget.check()
        context = _context(doc, mentions, qualifiers, states, near)
        for m, extra in zip(mentions, context, strict=True):
            m.features = np.hstack([m.own, extra])
        for m in mentions:
            m.probs = _softmax(ranker.scores(m.features))
    _drop_foreign_guesses(doc, mentions)
    _place_within_areas(doc, mentions)
    # an untagged name is promoted on the place entities' support only, not on its fellows'
    support: dict[tuple[str | None, str | None], float] = defaultdict(float)
    for m in mentions:
        for key, p in _areas(m).items():
            support[key] += p if m.tagged else 0.0
    return mentions, support


def _read_own(mentions: list[_Mention], ranker: Ranker) -> None:
    """Each mention's candidates read on their own features alone (the others unknown)."""
    for m in mentions:
        towns = {(c.country, c.admin1) for c in m.candidates
                 if c.feature.startswith(_TOWN_KINDS) and c.match != "fuzzy"}
        capitals = {c.country for c in m.candidates if c.feature == "PPLC" and c.match != "fuzzy"}
        m.own = np.array([_own_features(c, m, towns, capitals) for c in m.candidates]).reshape(
            len(m.candidates), len(OWN_FEATURES))
        m.features = np.hstack([m.own, np.zeros((len(m.candidates), len(CONTEXT_FEATURES)))])
        m.probs = _softmax(ranker.scores(m.features))


def _context(doc: Doc, mentions: list[_Mention], qualifiers: dict[int, Candidate],
             states: list[_StateForm], near: dict[tuple[str, int | str], float]
             ) -> list[np.ndarray]:
    """Per mention, its candidates' :data:`CONTEXT_FEATURES` from the others' readings.

    Mentions of one name are one piece of evidence, not several: "Athens" four times must
    not vote four times for its own likeliest state."""
    votes = country_votes(doc, mentions)
    focus = max(votes, key=votes.__getitem__) if votes else None
    areas = [_areas(m) for m in mentions]
    division_mass: dict[tuple[str | None, str | None], float] = defaultdict(float)
    for area in areas:
        for key, p in area.items():
            division_mass[key] += p
    area_total = sum(division_mass.values())
    own_votes: dict[str, dict[str | None, float]] = defaultdict(lambda: defaultdict(float))
    own_areas: dict[str, dict[tuple[str | None, str | None], float]] = defaultdict(
        lambda: defaultdict(float))
    for m, area in zip(mentions, areas, strict=True):
        for key, v in _vote(m).items():
            own_votes[_one_name(m)][key] += v
        for key, p in area.items():
            own_areas[_one_name(m)][key] += p
    out = []
    for i, m in enumerate(mentions):
        name = _one_name(m)
        own, own_area = own_votes[name], own_areas[name]
        # own votes for no country were never counted in ``votes``: keep the total >= 0
        total = max(0.0, sum(votes.values()) - sum(v for k, v in own.items() if k))
        others_area = area_total - sum(own_area.values())
        states_here = _state_shares(states, votes, m.name)
        rows = []
        for cand in m.candidates:
            key = (cand.country, cand.admin1)
            rows.append((
                (votes.get(cand.country, 0.0) - own.get(cand.country, 0.0))
                / (total + _FOCUS_PRIOR_MASS),
                (division_mass.get(key, 0.0) - own_area.get(key, 0.0))
                / (others_area + _FOCUS_PRIOR_MASS),
                near.get((name, cand.id), 0.0),
                _qualifies(cand, qualifiers[i]) if i in qualifiers else 0.0,
                states_here.get(cand.admin1, 0.0)
                if cand.country == "USA" and cand.match == "exact" else 0.0,
                float(cand.feature == "PPLC" and cand.country == focus
                      and cand.match == "exact" and _bare(m, i, qualifiers)),
            ))
        out.append(np.array(rows).reshape(len(m.candidates), len(CONTEXT_FEATURES)))
    return out


def _promote(m: _Mention, votes: dict[str | None, float],
             support: dict[tuple[str | None, str | None], float]) -> bool:
    """A PERSON/ORG/NORP-tagged name counts as a place when the text cues it as one, when it is
    exactly the name of a big city (the small NER calls Kharkiv a PERSON), or when it is
    exactly the name of a town or county in a first-level division the document's places
    lie in (a local paper's "Roselle" beside Illinois towns). A name inside a longer name
    is left to the toponym promoter: "Center" of "Medical Center" is a Texas town too."""
    if m.inside:
        return False
    exact = _exact(m.candidates)
    if exact and (m.coherent or m.label == "ORG") and any(
            _is_local(c) and (
                support.get((c.country, c.admin1), 0.0) >= _COHERENT_MIN_SUPPORT
                or (m.coherent and c.population >= _EMBEDDED_MIN_POP)) for c in exact):
        return True
    return bool(exact) and (m.cued or any(
        c.match == "exact" and c.feature.startswith("PPL") and c.population >= _PROMOTE_MIN_POP
        and (c.country in votes or c.population >= 2 * _PROMOTE_MIN_POP) for c in exact))


def _mentions(doc: Doc, gaz: Gazetteer) -> list[_Mention]:
    """Place entities, cue-word matches and mislabelled names that may be places; no overlaps."""
    found = _Found()
    for m in [*_dateline_mentions(doc, gaz), *_road_mentions(doc)]:
        found.put(m)
    for cue in (_PREFIX_CUE, _SUFFIX_CUE, _TOWN_CUE, _PART_CUE, _RESIDENTS_CUE):
        for match in cue.finditer(_text(doc)):
            if cue in (_RESIDENTS_CUE, _PART_CUE) and (match["name"] in _demonyms() or any(
                    w.lower().replace("’", "'") in CREEDS for w in match["name"].split())):
                continue  # "Kurdish villagers", "the Syrian countryside", "Shia areas"
            if cue is _RESIDENTS_CUE and not _exact(gaz.lookup(match["name"], fuzzy=False)):
                continue
            hint = next((k for k in ("pop", "adm", "camp", "part") if match.groupdict().get(k)),
                        None)
            span = doc.char_span(*match.span("name"), alignment_mode="expand")
            proper = [t for t in span if t.pos_ == "PROPN" or t.text == "-"] if span else []
            if not proper or proper[0].pos_ != "PROPN":
                continue  # "The state", "From Lansing State": not a name before the cue word
            if cue is not _PREFIX_CUE and span[-1].lower_ in _ORG_WORDS:
                continue  # "Marion County Fire District": an office named after a place
            if any(t.ent_type_ == "ORG" and t.ent_id_ for t in span):
                continue  # "Islamic State": an organisation the actor lexicon knows
            start = proper[0].idx
            if match.groupdict().get("pop") == "City" and any(
                    c.match == "exact"
                    for c in gaz.lookup(_text(doc)[start:match.end()], fuzzy=False)):
                continue
            end = match.end() if cue is _SUFFIX_CUE else match.end("name")  # "Idlib province"
            # "Sudan's West Darfur state" is looked up as "West Darfur state"; "Tripoli's Bab
            # al-Tabbaneh district", which the gazetteer lacks, lies in the town that owns
            # it, as a site lies in its town; "Yemen's province" names no place of Yemen's
            owner = re.match(r"(.+?)['’]s (?=[A-Z])", _text(doc)[start:end])
            name = _text(doc)[start + owner.end() if owner else start : end]
            found.put(_Mention(start, end, name, hint, inner=owner[1] if owner else None))
    for mention in _listed_divisions(doc, gaz):
        found.put(mention)
    # One sense per discourse: a name tagged as a place once is a place everywhere, unless
    # the text names a person by it ("coach Ripley" after "Tom Ripley").
    surnames = _surnames(doc)
    place_names = {e.text for e in doc.ents if e.label_ in PLACE_LABELS} - surnames
    for ent in _joined_places(doc, gaz):
        budget.check(at=ent.start_char)
        mentions = _embedded_mentions(ent, gaz)
        if not mentions and (ent.label_ in PLACE_LABELS or ent.label_ in _MISTAKEN_LABELS):
            mentions = [m for m in [_entity_mention(ent, gaz, place_names)] if m]
        for m in mentions:
            if m.tagged and m.name in surnames:
                m.tagged, m.label = False, "PERSON"  # the promoter decides, as for a person
        if (ent.label_ in _SITE_LABELS and ent[-1].lower_ in SITE_WORDS
                and all(not m.tagged and not _big(gaz, m) for m in mentions)):  # not "Kindi"
            mentions = [_site_mention(ent, gaz)]
        elif len(mentions) == 1 and _unknown_name(mentions[0], gaz):
            # a place in the name of an organisation the actor lexicon knows is part of that
            # name, never a scene ("the Islamic State in the Greater Sahara")
            mentions = [] if ent.ent_id_ and ent.label_ == "ORG" else _inner_mentions(ent, gaz)
        for mention in mentions:
            if not found.overlapping(mention.start, mention.end):
                found.put(mention)
    for mention in _demonym_mentions(doc):
        if not found.overlapping(mention.start, mention.end):
            found.put(mention)
    # the untagged names are sought among what was kept before any generic name replaced it
    for mention in [*_generic_mentions(doc), *_untagged_mentions(doc, found, gaz)]:
        clash = found.overlapping(mention.start, mention.end)
        if all(not m.tagged for m in clash):
            for m in clash:
                found.drop(m)  # "Jabal al-Sayyid" tagged a PERSON
            found.put(mention)
    return sorted((m for m in found.mentions()
                   if not _weapon_model(doc, m, gaz) and not _bare_common_noun(m)
                   and not _HOLIDAY.match(_text(doc), m.end)),
                  key=lambda m: m.start)


# What follows a name that makes it a holiday's: "St. Patrick's Day", "Valentine's Day".
_HOLIDAY = re.compile(r"['’]s Day\b")


def _bare_common_noun(m: _Mention) -> bool:
    """Whether a name is a single common noun of places or institutions, capitalised as a
    sentence's first word, in a headline or as a surname ("Hospital officials said",
    "Valley", "Hill said"): no place by itself, whatever small town bears it (Hospital,
    Ireland), nor with the "of" the NER cut it at ("the City of" Huntsville). A cue may
    still make one a place ("the town of Hospital")."""
    words = [w for w in m.name.lower().split() if w not in ("the", "of")]
    return m.hint is None and len(words) == 1 and words[0] in _COMMON_NOUNS


# Weapons named after their model ("Iskander-M ballistic missiles", "Kalibr cruise
# missiles", "Leopard tanks"): the model's name is no place.
_WEAPON_NOUNS = frozenset({"missile", "rocket", "drone", "launcher", "howitzer", "tank",
                           "jet", "warplane"})


def _weapon_model(doc: Doc, m: _Mention, gaz: Gazetteer) -> bool:
    """Whether ``m`` names the model of the weapon noun it modifies: "six Iskander-M ballistic
    missiles" had placed Russia's strikes in Iskandar, Uzbekistan. Not a nationality
    ("Russian missiles" are Russia's), nor a city big enough to stand alone, whose rockets
    came from it ("Gaza rockets")."""
    if m.name in _demonyms():
        return False
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    token = span[-1] if span else None
    while token is not None and token.dep_ in ("compound", "nmod", "amod", "punct") and (
            token.i < token.head.i <= span[-1].i + 5):
        token = token.head
        if token.lemma_.lower() in _WEAPON_NOUNS:
            return not _big(gaz, m)
    return False


def _listed_divisions(doc: Doc, gaz: Gazetteer) -> list[_Mention]:
    """The names of a list before a plural division word ("Jackson, Madison and Barrow
    counties"): only the last one stands next to the word, and the NER often calls the
    others people. Each is looked up with the singular ("Jackson county"), so only
    divisions of that level answer; a list is taken only when every name is such a division
    and some country holds them all ("the Gulf and Western states" is no list of them)."""
    out = []
    for match in _LIST_CUE.finditer(_text(doc)):
        level = _PLURAL_LEVELS[match["level"]]
        offset = match.start("names")
        listed, countries = [], None
        for name in re.finditer(_NAME, match["names"]):
            span = doc.char_span(offset + name.start(), offset + name.end(),
                                 alignment_mode="expand")
            proper = [t for t in span if t.pos_ == "PROPN" or t.text == "-"] if span else []
            if not proper or proper[0].pos_ != "PROPN":
                break  # "In Clarke": the name starts at its first proper noun
            start, end = proper[0].idx, offset + name.end()
            looked_up = f"{_text(doc)[start:end]} {level}"
            held = {c.country for c in _exact(gaz.lookup(looked_up, False))
                    if c.feature in _DIVISIONS}
            countries = held if countries is None else countries & held
            if not countries:
                break
            listed.append(_Mention(start, end, looked_up, hint="adm"))
        else:
            out += listed
    return out


class _Found:
    """The mentions kept so far, at most one per span, and which span covers each
    character: the ones a new mention overlaps are found in the time of its length, not of
    their number (comparing each with all made a place-dense article quadratic, issue 15).
    The kept spans may overlap one another: cue matches and datelines are kept unchecked."""

    def __init__(self) -> None:
        self._by_span: dict[tuple[int, int], _Mention] = {}  # in the order first kept
        self._covering: dict[int, list[tuple[int, int]]] = defaultdict(list)

    def put(self, m: _Mention) -> None:
        """Keep ``m``, in the place of a mention of the same span."""
        span = (m.start, m.end)
        if span not in self._by_span:
            for char in range(m.start, m.end):
                self._covering[char].append(span)
        self._by_span[span] = m

    def drop(self, m: _Mention) -> None:
        span = (m.start, m.end)
        del self._by_span[span]
        for char in range(m.start, m.end):
            self._covering[char].remove(span)

    def overlapping(self, start: int, end: int) -> list[_Mention]:
        """The kept mentions that share a character with [start, end)."""
        spans = dict.fromkeys(span for char in range(start, end)
                              for span in self._covering.get(char, ()))
        return [self._by_span[span] for span in spans]

    def mentions(self) -> list[_Mention]:
        """The kept mentions, in the order their spans were first kept."""
        return list(self._by_span.values())




def _surnames(doc: Doc) -> set[str]:
    """The later words of the document's person names of two or three words ("Ripley" of
    "Tom Ripley"): the NER often tags a surname alone as a place ("said Ripley")."""
    return {t.text for e in doc.ents if e.label_ == "PERSON" and 2 <= len(e) <= 3
            for t in e[1:] if t.text[:1].isupper()}


# What the NER makes of a nationality's word that is not one: "French said" (a person),
# "in English and Spanish" (languages).
_NOT_NATIONALITY = {"PERSON", "LANGUAGE"}


def _demonym_mentions(doc: Doc) -> list[_Mention]:
    """Nationalities' names, one or two capitalised words ("Russian", "South Ossetian"),
    wherever they stand ("the Russian Foreign Ministry"): the country as a place of the
    text, as geoparsing corpora count it."""
    out = []
    forms = _demonyms()
    i = 0
    while i < len(doc):
        if not doc[i].text[:1].isupper():  # most words: no need to build their spans
            i += 1
            continue
        for k in (2, 1):
            span = doc[i : i + k]
            if (len(span) == k and span.text in forms
                    and span[0].ent_type_ not in _NOT_NATIONALITY):
                out.append(_Mention(span.start_char, span.end_char, span.text, label="NORP",
                                    demonym=forms[span.text]))
                i += k - 1
                break
        i += 1
    return out


# Generic words that begin Arabic place names, whatever the NER makes of them: "Jabal
# al-Sayyid" (a mountain), "Tal Rifaat" (a hill), "Kafr Nabl" (a village), "Wadi Barada" (a
# valley), "Deir Hafer" (a monastery), "Ayn Issa" (a spring), "Khirbet Ghazaleh" (a ruin).
_GENERIC_CUE = re.compile(
    rf"(?<![\w-])(?P<name>(?:(?:Jabal|Jebel|Jabel|Talat|Tallet|Deir|Dayr|Kafr|Kfar|Kafar|Wadi"
    rf"|Khirbet|Khirbat) |(?:Tal|Tall|Tell|Ain|Ayn|Marj) (?=(?:{_ARTICLE}|[AE][ln])-))"
    rf"(?:(?:{_ARTICLE}|[AE][ln])-)?[A-Z][\w'’ʿ]*(?:(?:[ -](?:{_ARTICLE})-|[ -])[A-Z][\w'’ʿ]*)*)"
)


def _generic_mentions(doc: Doc) -> list[_Mention]:
    """Names that begin with a generic word of Arabic place names (see ``_GENERIC_CUE``)."""
    out = []
    for match in _GENERIC_CUE.finditer(_text(doc)):
        start, name = match.start("name"), re.sub(r"['’]s$", "", match["name"])
        out.append(_Mention(start, start + len(name), name))
    return out


def _big(gaz: Gazetteer, m: _Mention) -> bool:
    """Is the name exactly that of a city big enough to stand without support?"""
    return any(c.population >= _EMBEDDED_MIN_POP for c in _exact(gaz.lookup(m.name, False)))


def _unknown_name(m: _Mention, gaz: Gazetteer) -> bool:
    """Is ``m`` an organisation's, a person's or a work's name that the gazetteer does not
    hold and that is no street or road, so that only a place inside it may be a toponym?"""
    return (not m.tagged and m.label != "FAC" and not _is_street(m)
            and not _ROAD.fullmatch(m.name) and not _exact(gaz.lookup(m.name, fuzzy=False)))


def _inner_mentions(ent: Span, gaz: Gazetteer) -> list[_Mention]:
    """Place names anywhere inside a longer name the gazetteer does not hold ("the Texas
    Alcoholic Beverage Commission", "the University of Georgia", "Northeast Georgia Medical
    Center"): runs of up to three capitalised words that are exactly a town, division or
    country, left untagged for the toponym promoter, which weighs that they are inside a
    name ("United Russia" is a party; "Lincoln" in "the Lincoln Club" a president)."""
    tokens = list(ent)
    out = []
    i = 0
    while i < len(tokens):
        for k in range(min(3, len(tokens) - i), 0, -1):
            run = tokens[i : i + k]
            if not all(t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN", "ADJ") for t in run):
                continue
            start, end = run[0].idx, run[-1].idx + len(run[-1])
            name = _text(ent.doc)[start:end]
            if _listed(gaz, name):
                out.append(_Mention(start, end, name, label=ent.label_, tagged=False,
                                    inside=True))
                i += k - 1
                break
        i += 1
    return out


def _untagged_mentions(doc: Doc, found: _Found, gaz: Gazetteer) -> list[_Mention]:
    """Proper names the NER left untagged: right after a locative preposition ("shelling in
    Donetsk"), or anywhere when the gazetteer has the name exactly ("Fargo plans routes
    out of town"); the toponym promoter decides which are places."""
    out = []
    i = 0
    while i < len(doc):
        run = []
        for nxt in doc[i : i + 4]:
            if nxt.ent_type_ or nxt.pos_ != "PROPN" or not nxt.text[:1].isupper():
                break
            run.append(nxt)
        if not run:
            i += 1
            continue
        before = doc[i - 1].lower_ if i > 0 else ""
        cued = LOCATIVE_PREPS.get(before, 0.0) >= 0.9
        stretched = _stretched(run, gaz)
        if stretched:  # its end is a name the NER took for a person's: the promoter weighs it
            run = stretched
        start, end = run[0].idx, run[-1].idx + len(run[-1])
        name = _text(doc)[start:end]
        clash = found.overlapping(start, end)
        if (not clash or stretched and not any(m.tagged for m in clash)) and (
                cued or stretched or _listed(gaz, name)):
            out.append(_Mention(start, end, name, label="", tagged=False, cued=cued))
        i += len(run)
    return out


def _listed(gaz: Gazetteer, name: str) -> bool:
    """Is ``name`` exactly a town, division or country of the gazetteer?"""
    return any(c.feature.startswith(_EMBED_FEATURES) for c in _exact(gaz.lookup(name, False)))


def _stretched(run: list[Token], gaz: Gazetteer) -> list[Token]:
    """An untagged run of proper names stretched over the names after it, when the longer
    name is exactly a listed place that the NER split ("Dera" + "Ismail Khan", tagged a
    person); empty when no longer name is listed."""
    doc, longest = run[0].doc, []
    for j in range(run[-1].i + 1, min(run[-1].i + 4, len(doc))):
        if doc[j].pos_ != "PROPN" or not doc[j].text[:1].isupper():
            break
        if _listed(gaz, _text(doc)[run[0].idx : doc[j].idx + len(doc[j])]):
            longest = list(doc[run[0].i : j + 1])
    return longest


# A newspaper dateline: a capitalised place (and its state) opening the text or a sentence,
# perhaps the day and the agency, then a dash: "SPRINGFIELD, Ill. -- ", "MILLBROOK (AP) - ",
# "KABUL, May 14 (Reuters) - ".
_DATELINE = re.compile(
    r"(?:^|(?<=[.!?\n] ))(?P<name>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})"
    # "Sudan", "D.C.", "Gaza Strip", "Central African Republic", "Democratic Republic of Congo"
    r"(?:, (?P<state>[A-Z][A-Za-z.]+(?: ?(?:of |the )?[A-Z][A-Za-z.]+){0,3}))?"
    r"(?:,? (?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8}))?(?: \([A-Za-z ]+\))?"
    r"(?: ?(?:--|[-—–\x97])|:) ",  # "BEIRUT: ..." as some papers write it
    re.M,
)


def datelines(text: str) -> list[tuple[int, int]]:
    """Where a text's datelines are: the place a report was filed from, which says nothing
    of where the events it tells happened ("KABUL, May 14 (Reuters) - Taliban fighters
    attacked a checkpoint in Ghazni province")."""
    return [match.span() for match in _DATELINE.finditer(text)]


def _dateline_mentions(doc: Doc, gaz: Gazetteer) -> list[_Mention]:
    out = []
    for match in _DATELINE.finditer(_text(doc)):
        name = match["name"]
        if len(name.replace(".", "")) < 3 or not _exact(gaz.lookup(name, fuzzy=False)):
            continue
        out.append(_Mention(*match.span("name"), name, hint="pop"))
        if match["state"] and _exact(gaz.lookup(match["state"], fuzzy=False)):
            out.append(_Mention(*match.span("state"), match["state"]))
    return out


def _joined_places(doc: Doc, gaz: Gazetteer) -> list[Span]:
    """The doc's entities, two place entities that touch made one where the gazetteer holds
    the joined name exactly: the small NER cuts "Port Sudan" into "Port" (a French commune)
    and "Sudan"."""
    joined: list[Span] = []
    for ent in doc.ents:
        last = joined[-1] if joined else None
        if (last is not None and last.end == ent.start and last.label_ in PLACE_LABELS
                and ent.label_ in PLACE_LABELS):
            both = Span(doc, last.start, ent.end, label=last.label_)
            if any(c.name == both.text for c in _exact(gaz.lookup(both.text, False))):
                joined[-1] = both
                continue
        joined.append(ent)
    return joined


def _exact(candidates: list[Candidate]) -> list[Candidate]:
    return [c for c in candidates if c.match != "fuzzy"]


# Words that turn a place name before them into an organisation, a building or an office
# ("the Springfield Police Department", "Marion County Sheriff", "Ohio House"): the place is
# still a toponym of the text.
_ORG_WORDS = {
    "police", "department", "dept", "sheriff", "fire", "city", "town", "village", "council",
    "board", "school", "schools", "high", "middle", "elementary", "public", "library",
    "hospital", "medical", "health", "house", "senate", "assembly", "legislature", "commission",
    "commissioners", "chamber", "court", "courthouse", "jail", "detention", "church",
    "cathedral", "university", "college", "community", "regional", "metropolitan", "metro",
    "international", "airport", "park", "parks", "recreation", "historical", "society",
    "museum", "zoo", "symphony", "orchestra", "singers", "theatre", "theater", "festival",
    "club", "association", "authority", "housing", "water", "transit", "district", "area",
    "office", "mayor", "superintendent", "planning", "development", "economic", "arts", "art",
    "center", "centre", "station", "highway", "patrol", "times", "herald", "news", "post",
    "tribune", "gazette", "journal", "daily", "register", "observer", "national", "state",
    "county", "municipal", "circuit", "superior", "attorney", "democratic", "republican",
    "party", "chapter", "branch", "campus", "memorial", "volunteer", "rescue", "emergency",
    "ems", "sanitation", "utilities", "utility", "electric", "gas", "zoning", "army", "guard",
    "navy", "government", "ministry", "embassy", "consulate", "committee", "coalition",
    "league", "federation", "union", "bank", "company", "corporation", "inc", "co", "corp",
    "mall", "market", "stadium", "arena", "square", "plaza", "hall", "senior", "youth", "women",
    "women's", "men's", "elks", "rotary", "lions", "kiwanis", "foundation", "fund", "trust",
    "institute", "academy", "prison", "penitentiary", "correctional", "juvenile", "family",
    "municipality", "township", "borough", "manager", "administrator", "clerk", "engineer",
    "treasurer", "auditor", "solicitor", "councilman", "councilwoman", "councilmember",
}
_EMBED_SKIP = {"the", "a", "an", "former", "historic", "greater", "downtown", "metro"}
# The kinds of place a name inside an organisation's name may be.
_EMBED_FEATURES = ("PPL", "ADM1", "ADM2", "PCLI")


def _embedded_mentions(ent: Span, gaz: Gazetteer) -> list[_Mention]:
    """Places at the front of an organisation-like span ("Gainesville Police", "the
    Fargo-Moorhead Chamber", "Alexandria's Circuit Court"): a run of capitalised words that
    is exactly a place name and is followed by an organisation word, a possessive, or a
    hyphen and another such place. A span that is itself a place name is left to
    :func:`_entity_mention`."""
    tokens = [t for t in ent]
    while tokens and tokens[0].lower_ in _EMBED_SKIP:
        tokens.pop(0)
    if len(tokens) < 2 or _exact(gaz.lookup(ent.text, fuzzy=False)):
        return []
    out: list[_Mention] = []
    i = 0
    while i < len(tokens):
        found = None
        for k in range(min(4, len(tokens) - i), 0, -1):
            run = tokens[i : i + k]
            nxt = tokens[i + k] if i + k < len(tokens) else None
            if not all(t.text[:1].isupper() for t in run) or run[0].pos_ not in ("PROPN", "NOUN"):
                continue
            after = tokens[i + k + 1] if i + k + 1 < len(tokens) else None
            hyphen = nxt is not None and nxt.text == "-" and not nxt.whitespace_
            ends_ok = nxt is not None and (
                nxt.lower_.rstrip(".") in _ORG_WORDS or hyphen
                or (nxt.tag_ == "POS" and after is not None and after.text[:1].isupper()))
            hyphen = hyphen or (i > 0 and tokens[i - 1].text == "-")
            ends_ok = ends_ok or (nxt is None and hyphen)
            if not ends_ok or _city_of_office(run, gaz):
                continue
            if hyphen and (ent.label_ == "PERSON" or len(run[0].text) < 4):
                continue  # "D-Charleston", "Al-Bashir": a party label or a name's particle
            start, end = run[0].idx, run[-1].idx + len(run[-1])
            name = _text(ent.doc)[start:end]
            if _listed(gaz, name):
                # one capitalised word ("Lee Academy", "Mercy Hospital") may be a person's
                # name or a word: a place only if the document's other places agree
                single = k == 1 and not name.isupper() and not hyphen
                found = (k, _Mention(start, end, name, tagged=not single, coherent=single))
                break
        if found is None:
            break
        out.append(found[1])
        i += found[0]
        if i < len(tokens) and tokens[i].text == "-":
            i += 1  # "Fargo-Moorhead": look for a second place
        else:
            break
    return out


_ROAD = re.compile(
    r"\b(?:(?:County|State|Farm to Market|Ranch to Market) (?:Road|Route|Highway)"
    r"|U\.S\. (?:Highway|Route)|Highway|Route|Interstate|State Road) \d+[A-Z]?\b"
    r"|\b(?:I|US|U\.S\.|SR)-\d+\b"
)
# The last word of a street's name ("Main St.", "Cooper Street", "Hyland-Croy Road").
_STREET_WORDS = {"street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "drive",
                 "dr", "lane", "ln", "parkway", "pkwy", "highway", "hwy", "pike", "turnpike",
                 "circle", "court", "ct", "place", "way", "trail", "expressway", "freeway"}


# Facilities that are the scene of events even when no gazetteer holds them.
SITE_WORDS = {"airport", "airbase", "base", "checkpoint", "crossing", "camp", "plant", "hospital",
               "bridge", "dam", "port", "harbour", "harbor", "prison", "stadium", "square",
               "refinery", "barracks", "compound", "mosque", "market", "hill", "hills",
               "farms", "plateau", "quarter", "field", "fields", "gasfield", "oilfield"}


# Common nouns of places and institutions (not the Arabic generic words of ``_GENERIC_CUE``,
# which begin names): :func:`_bare_common_noun`.
_COMMON_NOUNS = frozenset({*_ORG_WORDS, *SITE_WORDS, *DIRECTIONS, *_ADMIN.split("|"),
                            *_POPULATED.replace("neighbou?rhood", "neighbourhood|neighborhood")
                            .split("|"), "street", "road", "river", "valley", "lake",
                            "mountain", "island"})

_SITE_LABELS = {"FAC", "ORG", "PERSON", "LOC", "GPE", "WORK_OF_ART"}


def _site_mention(ent: Span, gaz: Gazetteer) -> _Mention:
    """A named site ("the Tishreen Power Plant", "Kindi Hospital"): a FAC place, resolved if
    the gazetteer has it, else at the town its name begins with when that town lies in a
    country of the document ("Princeton Community Hospital"), else kept as a name."""
    tokens = [t for t in ent]
    while tokens[0].lower_ in _EMBED_SKIP and len(tokens) > 1:
        tokens.pop(0)
    start, end = tokens[0].idx, ent.end_char
    inner = next((name for k in range(min(3, len(tokens) - 1), 0, -1)
                  if _exact(gaz.lookup(name := _text(ent.doc)[start : tokens[k - 1].idx
                                                               + len(tokens[k - 1])], False))),
                 None)
    return _Mention(start, end, _text(ent.doc)[start:end], label="FAC",
                    curated_id=ent.ent_id_ or None, inner=inner)


def _road_mentions(doc: Doc) -> list[_Mention]:
    """Numbered roads ("County Road 12", "Interstate 80", "I-95"): toponyms that no
    gazetteer here holds, kept unresolved."""
    return [_Mention(*m.span(), m[0], label="FAC") for m in _ROAD.finditer(_text(doc))]


def _is_street(m: _Mention) -> bool:
    words = m.name.split()
    return len(words) >= 2 and words[-1].lower().rstrip(".") in _STREET_WORDS and (
        words[0][:1].isupper() or words[0][:1].isdigit())


def _entity_mention(ent: Span, gaz: Gazetteer, place_names: set[str]) -> _Mention | None:
    doc = ent.doc
    first = ent.start
    while first > 0 and doc[first - 1].lower_ in DIRECTIONS:
        first -= 1  # "northwestern Syria" with the direction outside the entity
    tokens = list(doc[first : ent.end])
    lead = []  # direction words in front of the name
    while tokens and (tokens[0].lower_ in DIRECTIONS or tokens[0].lower_ in ("the", "-")):
        lead.append(tokens.pop(0))
    if ent.label_ in _RUN_ON_LABELS:
        cut = next((k for k, t in enumerate(tokens) if k and t.is_lower and not t.is_punct
                    and t.lower_ not in _NAME_ARTICLES), len(tokens))
        tokens = tokens[:cut]
    while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_space):
        tokens.pop()  # "Moscow's"; a headline's blank line the NER ran the name into
    if tokens and not lead and tokens[0].i == ent.start and tokens[-1].i + 1 == ent.end:
        tokens = _whole_name(tokens, gaz)
    if _city_of_office(tokens, gaz):
        tokens.pop()  # "Dublin City Council": the city of Dublin's council
    if not tokens or (len(tokens) == 1 and tokens[0].pos_ == "ADJ") or ent.text in _demonyms():
        return None  # "Ukrainian": a nationality, not a place
    if len(tokens) == 1 and tokens[0].lower_.replace("’", "'") in CREEDS:
        return None  # "the Baha'i community": a faith (a fuzzy Ethiopian town)
    if tokens[-1].lower_ in _ORG_HEADS or not any(t.text[:1].isupper() for t in tokens):
        return None  # an organisation, or a lower-case word no place name is
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    direction = any(t.lower_ in DIRECTIONS for t in lead)
    # a named region such as "northern Syria" or the "(northern) West Bank" beats the
    # directional reading; the words before it still give a direction
    for k, word in enumerate(lead):
        if word.lower_ in DIRECTIONS and any(
                c.match != "fuzzy" for c in gaz.lookup(_text(doc)[word.idx:end], fuzzy=False)):
            start, direction = word.idx, any(t.lower_ in DIRECTIONS for t in lead[:k])
            break
    after = doc[tokens[-1].i + 1 : tokens[-1].i + 3]
    direction = direction or (len(after) == 2 and after[0].tag_ == "POS"
                              and after[1].lower_ in DIRECTIONS)  # "Syria's northwest"
    mention = _Mention(start, end, _text(doc)[start:end], label=ent.label_,
                       curated_id=ent.ent_id_ or None,
                       direction=direction, hint="dir" if direction else None)
    before = doc[tokens[0].i - 1] if tokens[0].i > 0 else None
    mention.cued = direction or (
        before is not None and LOCATIVE_PREPS.get(before.lower_, 0.0) >= 0.9) or (
        _aimed_at_ground(tokens[-1]))
    if ent.label_ not in PLACE_LABELS:
        mention.tagged = False
        mention.cued = mention.cued or ent.text in place_names
    return mention


# Verbs whose object is ground: what they take, shell or enter is a place ("shelled
# Mariupol", which the NER tags an organisation).
_GROUND_VERBS = frozenset({"shell", "bombard", "besiege", "capture", "recapture", "retake",
                           "overrun", "invade", "occupy", "storm", "encircle", "liberate",
                           "bomb", "pound", "enter"})
# Verbs whose object is ground when a weapon or a strike is their subject ("Israeli strikes
# hit Rafah"; but "the scandal hit Johnson").
_STRIKING_VERBS = frozenset({"hit", "strike", "target", "rock", "slam"})
_WEAPONS = frozenset({"strike", "airstrike", "missile", "rocket", "shell", "bomb", "drone",
                      "shelling", "bombardment", "raid", "explosion", "blast", "artillery",
                      "mortar", "barrage", "fire"})
# Verbs of forces and people moving, whose "to", "towards" or "from" names ground ("advanced
# towards Goma", "withdrew from Avdiivka"), where "to" and "from" alone are weak cues.
_MOVING_VERBS = frozenset({"advance", "withdraw", "retreat", "march", "push", "deploy",
                           "redeploy", "flee", "evacuate", "converge"})
_MOVING_PREPS = frozenset({"to", "towards", "toward", "from", "into"})
# Verbs of sending and coming: what they go "from" is a place ("reinforcements were sent from
# Gao"); what they go "to" may be a person ("sent a letter to Smith").
_LEAVING_VERBS = frozenset({"send", "fly", "airlift", "arrive", "return", "travel", "move",
                            "relocate", "transfer", "escape", "drive", "come", "head",
                            "launch", "fire"})


def _aimed_at_ground(token: Token) -> bool:
    """Is the token (or the first of the names it is listed with) the object of a verb that
    takes, shells or enters ground, of a strike that hits it, or where forces move to or
    from, or where someone or something is sent or comes from?"""
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    verb = token.head
    if token.dep_ == "dobj":
        lemma = verb.lemma_.lower()
        return lemma in _GROUND_VERBS or lemma in _STRIKING_VERBS and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in _WEAPONS for c in verb.children)
    lemma = verb.head.lemma_.lower()
    return token.dep_ == "pobj" and (verb.lower_ in _MOVING_PREPS and lemma in _MOVING_VERBS
                                     or verb.lower_ == "from" and lemma in _LEAVING_VERBS)


_NAME_ARTICLES = {*_ARTICLE.split("|"), "de", "del", "da", "do", "dos", "la", "le", "of"}


def _whole_name(tokens: list[Token], gaz: Gazetteer) -> list[Token]:
    """A place entity's words with the proper nouns around it that make the longest
    name the gazetteer holds whole: the country names' entity ruler tags "Mexico" alone in
    "Mexico City" and in "New Mexico", and the small NER often stops before "City" too."""
    doc, first, last = tokens[0].doc, tokens[0].i, tokens[-1].i
    best = tokens
    for a, b in ((first, last + 1), (first, last + 2), (first - 1, last), (first - 2, last)):
        if a < 0 or b >= len(doc):
            continue
        around = [*doc[a:first], *doc[last + 1 : b + 1]]
        if all(t.pos_ == "PROPN" and t.is_alpha and not t.ent_type_ for t in around) and len(
                doc[a : b + 1]) > len(best) and any(
                c.match == "exact" for c in gaz.lookup(doc[a : b + 1].text, fuzzy=False)):
            best = list(doc[a : b + 1])
    return best


def _city_of_office(tokens: list[Token], gaz: Gazetteer) -> bool:
    """Is the last word of "Dublin City" in "Dublin City Council" the word "city", not part
    of a name? Yes when an office follows and "X City" is no place at least as big as the
    town X ("Jersey City Council" is Jersey City's; "Boulder City Council" is Boulder's)."""
    if len(tokens) < 2 or tokens[-1].lower_ != "city":
        return False
    nxt = tokens[-1].nbor() if tokens[-1].i + 1 < len(tokens[-1].doc) else None
    if nxt is None or not nxt.text[:1].isupper() or nxt.lower_ not in _ORG_WORDS:
        return False
    name = tokens[-1].doc[tokens[0].i : tokens[-1].i].text
    towns = [c.population for c in gaz.lookup(name, fuzzy=False)
             if c.match == "exact" and c.feature.startswith("PPL")]
    cities = [c.population for c in gaz.lookup(f"{name} City", fuzzy=False)
              if c.match == "exact" and c.feature.startswith("PPL")]
    return bool(towns) and (not cities or max(cities) < max(towns))


def _candidates(gaz: Gazetteer, m: _Mention) -> list[Candidate]:
    """The gazetteer's candidates; a curated id from the EntityRuler goes first. Names the
    NER did not tag as places are promoted on exact matches only: no fuzzy search for them."""
    if m.demonym:
        return [c for c in gaz.lookup(m.demonym, fuzzy=False) if c.feature == "PCLI"][:1]
    candidates = gaz.lookup(m.name, fuzzy=m.tagged)
    if m.hint == "adm" and not _exact(candidates):
        candidates = gaz.lookup(re.sub(rf"\s+(?:{_ADMIN})$", "", m.name, flags=re.I))
    if m.curated_id:
        candidates.sort(key=lambda c: c.id != m.curated_id)
    if m.name.isupper() and len(m.name) <= 3:  # "US", "DRC", "NYC": abbreviations, not "Ous"
        candidates = [c for c in candidates if c.feature in _ABBREVIATED or c.name.isupper()
                      or c.population >= 1_000_000]
    return candidates[:25]


# What a capitalised abbreviation names: countries, their divisions, continents and regions.
_ABBREVIATED = {"PCLI", "ADM1", "CONT", "RGN"}


_TOWN_KINDS = ("PPL",)  # PPL, PPLA, PPLC...
_DIVISIONS = {"ADM1", "ADM2"}
_SITES = {"CMP", "MILB", "PSTB", "BLDG"}


def _own_features(cand: Candidate, m: _Mention, towns: set[tuple[str | None, str | None]],
                  capitals: set[str | None]) -> tuple[float, ...]:
    """A candidate's :data:`OWN_FEATURES` for mention ``m``; ``towns``: the (country,
    division) of the mention's town candidates that match its name; ``capitals``: the
    countries whose capital it names. A division named like its own country's capital is a
    namesake too, wherever the capital lies: "Washington" alone is the capital far more
    often than the state, in lgl's US local news as in wire copy."""
    kind = cand.feature
    town = kind.startswith(_TOWN_KINDS)
    return (
        float(cand.match == "exact"),
        float(cand.match == "alias"),
        cand.similarity if cand.match == "fuzzy" else 0.0,
        math.log10(cand.population + 1),
        float(kind == "PCLI"),
        float(kind == "CONT"),
        float(kind == "ADM1"),
        float(kind == "ADM2"),
        float(kind == "PPLC"),
        float(kind == "PPLA"),
        float(kind in _SITES),
        float(not (town or kind in _DIVISIONS or kind in _SITES or kind in ("PCLI", "CONT"))),
        float(kind in _DIVISIONS and ((cand.country, cand.admin1) in towns
                                      or cand.country in capitals)),
        float(str(cand.id).startswith("tid:")),
        float(m.curated_id is not None and cand.id == m.curated_id),
        float(m.hint == "pop" and town),
        float(m.hint == "pop" and not town),
        float(m.hint == "adm" and kind in _DIVISIONS),
        float(m.hint == "adm" and kind == "PCLI"),
        float(m.hint == "camp" and kind == "CMP"),
        float(m.hint == "dir" and kind == "ADM1"),
    )


# Abbreviations that are more often a title: "Col. Smith", "Del. Marshall" (a delegate).
_TITLE_ABBREVIATIONS = {"Col.", "Del."}


@cache
def _state_forms() -> tuple[re.Pattern, dict[str, str]]:
    """US state names, newspaper abbreviations and words of one state's institutions
    (``us_state_terms.tsv``) as whole words, and form -> state; not
    "Washington" (the capital or the government far more often than the state), nor the
    "Virginia" of "West Virginia"."""
    forms = {}
    for row in _read_tsv("us_states.tsv"):
        if row["state"] not in ("Washington", "District of Columbia", "Puerto Rico"):
            forms[row["state"]] = row["state"]
        for abbr in filter(None, row["abbreviations"].split("|")):
            if abbr not in _TITLE_ABBREVIATIONS and row["postal"] not in ("DC", "PR"):
                forms[abbr] = row["state"]
    for row in _read_tsv("us_state_terms.tsv"):
        forms[row["term"]] = row["state"]
    pattern = "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
    return re.compile(rf"(?<![\w.])(?<!West )({pattern})(?!\w)"), forms


@dataclass(frozen=True)
class _StateForm:
    """A US state's form the text names, how often, and the country it also names, if any."""

    form: str
    state: str
    count: int
    country: str | None


def _state_cues(text: str, gaz: Gazetteer) -> list[_StateForm]:
    """The US states' forms the text names, organisations' names included ("Texas
    Department of Transportation", "the Ky. State Police"): a local paper names its own
    state far more than others."""
    pattern, state_of = _state_forms()
    found = Counter(match[1] for match in pattern.finditer(text))
    return [_StateForm(form, state_of[form], n, next(
        (c.country for c in gaz.lookup(form, fuzzy=False)
         if c.feature == "PCLI" and c.match == "exact"), None)) for form, n in found.items()]


def _state_shares(forms: list[_StateForm], votes: dict[str | None, float],
                  name: str) -> dict[str, float]:
    """Each state's share of the state forms named, with one form's worth of doubt. A
    mention's own name is no cue for itself, and a state name that is also a country's
    ("Georgia") counts only when the document's places lean to the United States rather
    than to that country."""
    states: Counter[str] = Counter()
    for f in forms:
        if f.form != name and not (
                f.country and votes.get(f.country, 0.0) >= votes.get("USA", 0.0)):
            states[f.state] += f.count
    total = sum(states.values()) + 1
    return {state: n / total for state, n in states.items()}


def _softmax(scores: np.ndarray) -> np.ndarray:
    if not len(scores):
        return scores
    exps = np.exp(scores - scores.max())
    return exps / exps.sum()


def _vote(m: _Mention) -> dict[str | None, float]:
    """What a mention says about the document's countries: its candidates' probabilities."""
    weight = _weight(m)
    if not (m.candidates and weight):
        return {}
    votes: dict[str | None, float] = defaultdict(float)
    for cand, p in zip(m.candidates, m.probs.tolist(), strict=True):
        votes[cand.country] += weight * p
    return votes


_UNTAGGED_WEIGHT = 0.25
_DEMONYM_WEIGHT = 0.5  # "a Libyan" makes the Libyan Tripoli likelier, less than "Libya"


def _weight(m: _Mention) -> float:
    """How much a mention's readings count as evidence about the others: a place entity
    fully; an untagged name that is cued as a place ("in Roselle") or named before an office
    ("the Athens Police Department") by half, as it may yet be no place; others not at all."""
    if m.demonym:
        return _DEMONYM_WEIGHT
    if m.tagged:
        return 1.0
    if (m.cued or m.coherent) and any(c.match == "exact" for c in m.candidates):
        return _UNTAGGED_WEIGHT
    return 0.0


def country_votes(doc: Doc, mentions: list[_Mention]) -> dict[str | None, float]:
    votes: dict[str | None, float] = defaultdict(float)
    for m in mentions:
        for country, weight in _vote(m).items():
            votes[country] += weight
    votes.pop(None, None)
    if local := _us_local_cues(doc):
        votes["USA"] += local
    return votes


# The register of a US local paper: its offices, schools, roads, phone numbers and titles.
# Each kind found is a vote for the United States as the document's country, so that a
# lone "Dublin City Council" or "Paris High School" is read in the United States.
_US_LOCAL = {
    "county": re.compile(r"\b[A-Z][a-z]+ (?:County|Parish) (?:Sheriff|Commission|Judge|Jail"
                         r"|Court|School|Board|Attorney|Clerk|Fair|Health|Road|Line)"),
    "sheriff": re.compile(r"\b[Ss]heriff(?:'s|’s|s)?\b"),
    "township": re.compile(r"\b[A-Z][a-z]+ Township\b"),
    "officials": re.compile(r"\b(?:City Manager|Police Chief|Fire Chief|Police Department"
                            r"|Fire Department|[Ss]chool [Dd]istrict|[Ss]chool [Bb]oard"
                            r"|Board of Education|[Cc]ity [Cc]ommission(?:ers?)?"
                            r"|[Cc]ounty [Cc]ommission(?:ers?)?|[Ss]elect[Bb]oard)\b"),
    "school": re.compile(r"\b(?:High School|Middle School|Elementary|[Jj]unior [Hh]igh"
                         r"|[Vv]arsity|[Ss]ophomore|[Ff]reshman|PTA|PTO)\b"),
    "road": re.compile(r"\b(?:Interstate \d+|I-\d+|U\.S\. \d+|U\.S\. (?:Highway|Route)"
                       r"|(?:State|County) (?:Road|Route|Highway) \d+|Highway \d+|Route \d+"
                       r"|\d+ mph)\b"),
    "phone": re.compile(r"(?<![\d-])(?:\(?\d{3}\)? ?\d{3}-\d{4}|\d{3}-\d{4})(?![\d-])"),
    "title": re.compile(r"\b(?:Gov\.|Sen\.|Rep\.|Sgt\.|Lt\.|Capt\.|Det\.|Dep\.)"
                        r" [A-Z]|\b[RD]-[A-Z][a-z]{1,3}\.|\bstate (?:Rep\.|Sen\.|Sens?ator)"),
}
_US_LOCAL_VOTE = 0.25  # per kind of cue found
_US_LOCAL_MAX = 1.0


def _us_local_cues(doc: Doc) -> float:
    """How strongly the text reads as US local news: a vote for the United States."""
    if "tidings_us_local" not in doc.user_data:
        text = _text(doc)
        kinds = sum(1 for pattern in _US_LOCAL.values() if pattern.search(text))
        doc.user_data["tidings_us_local"] = min(_US_LOCAL_MAX, _US_LOCAL_VOTE * kinds)
    return doc.user_data["tidings_us_local"]


def _areas(m: _Mention) -> dict[tuple[str | None, str | None], float]:
    """How likely a mention lies in each first-level division: places named together tend
    to share one (Gainesville and Hall County, Georgia)."""
    weight = _weight(m)
    if not (m.candidates and weight):
        return {}
    out: dict[tuple[str | None, str | None], float] = defaultdict(float)
    for cand, p in zip(m.candidates, m.probs.tolist(), strict=True):
        if cand.admin1 and cand.feature != "PCLI":
            out[cand.country, cand.admin1] += weight * p
    return out


def _prefer_focus_capital(mentions: list[_Mention], votes: dict[str | None, float],
                          qualifiers: dict[int, Candidate]) -> bool:
    """The bare name of the capital of the country the document is about means that capital
    ("Washington" in US news is the federal government's city): its same-named towns in that
    country are dropped unless a qualifier names their division ("Washington, Ga.") or a cue
    word their kind ("the state of Washington", "the town of Washington", "eastern
    Washington"), so that state cues and nearby towns cannot pull the capital to a village.
    Did any go?"""
    if not votes:
        return False
    focus = max(votes, key=votes.__getitem__)
    dropped = False
    for i, m in enumerate(mentions):
        capital = next((c for c in m.candidates if c.feature == "PPLC"
                        and c.country == focus and c.match == "exact"), None)
        if capital and _bare(m, i, qualifiers):
            kept = [c for c in m.candidates if c.country != focus or c is capital]
            dropped = dropped or len(kept) < len(m.candidates)
            m.candidates = kept
    return dropped


def _bare(m: _Mention, i: int, qualifiers: dict[int, Candidate]) -> bool:
    """Is mention ``i`` named bare: no qualifier names its division ("Washington, Ga.") and
    no cue word its kind ("the state of Washington")?"""
    return i not in qualifiers and m.hint is None


def _is_local(cand: Candidate) -> bool:
    """A town or county: a point that says where nearby places are (a state's or a country's
    centre does not)."""
    return cand.feature.startswith("PPL") or cand.feature == "ADM2"


def _one_name(m: _Mention) -> str:
    """What makes mentions one name, one piece of evidence: "MANSFIELD —" in a dateline and
    "Mansfield" in the text must not vote for each other's likeliest reading."""
    return m.name.casefold()


def _proximity(mentions: list[_Mention]) -> dict[tuple[str, int | str], float]:
    """(casefolded name, candidate id) -> the weighted share of the document's other names
    with a town or county reading close by, each name counted once. A local paper's places
    cluster within a county or two, so "Athens" beside "Henderson County" is the Athens
    inside it, even when both names exist in several states; any reading counts, not just
    the likeliest, as the likeliest is the one this is meant to overrule."""
    readings: dict[str, tuple[float, list[Candidate]]] = {}
    for m in mentions:
        weight = _weight(m)
        name = _one_name(m)
        if weight and m.candidates and name not in readings:
            readings[name] = (weight, [c for c in m.candidates if _is_local(c)])
    names = [n for n, (_, local) in readings.items() if local]
    if len(names) < 2:
        return {}
    points = [c for n in names for c in readings[n][1]]
    lat, lon = np.radians([c.lat for c in points]), np.radians([c.lon for c in points])
    cos_lat = np.cos(lat)
    ids: dict[int | str, int] = {}
    place = np.array([ids.setdefault(c.id, len(ids)) for c in points])
    starts = np.cumsum([0] + [len(readings[n][1]) for n in names[:-1]])
    weights = np.array([readings[n][0] for n in names])
    out: dict[tuple[str, int | str], float] = {}
    for k, name in enumerate(names):
        own = slice(starts[k], starts[k] + len(readings[name][1]))
        a, b = lat[own, None], lon[own, None]
        hav = np.sin((lat - a) / 2) ** 2 + cos_lat[own, None] * cos_lat * np.sin((lon - b) / 2) ** 2
        km = 12742.0 * np.arcsin(np.sqrt(np.clip(hav, 0.0, 1.0)))
        # a place named twice ("Kandahar province", "Kandahar") does not support itself
        near = np.where(place[own, None] == place, 0.0, np.exp(-km / _NEAR_KM))
        best = np.maximum.reduceat(near, starts, axis=1)  # per other name
        best[:, k] = 0.0
        share = best @ weights / (weights.sum() - weights[k] + _FOCUS_PRIOR_MASS)
        for cand, value in zip(readings[name][1], share, strict=True):
            out[name, cand.id] = float(value)
    return out


def _read_next(doc: Doc, mentions: list[_Mention], between: re.Pattern
               ) -> Iterator[tuple[int, _Mention, Candidate]]:
    """Each mention followed, across words ``between`` matches, by a mention with readings:
    its index, itself, and that mention's likeliest reading."""
    for i, (m, n) in enumerate(zip(mentions, mentions[1:], strict=False)):
        if n.candidates and between.fullmatch(_text(doc)[m.end : n.start]):
            yield i, m, n.candidates[int(n.probs.argmax())]


_QUALIFYING = re.compile(", ")


def _qualifiers(doc: Doc, mentions: list[_Mention]) -> dict[int, Candidate]:
    """'Alexandria, Louisiana': index of the qualified mention -> the qualifier's referent."""
    return {i: top for i, _, top in _read_next(doc, mentions, _QUALIFYING)
            if top.feature in ("ADM1", "PCLI")}


# What puts a name inside the area named next: "Atmeh, Syria", "Kafr Naya in Aleppo province",
# "Ibta, in Daraa province".
_CONTAINED = re.compile(r",\s*(?:in\s+)?|\s+in\s+")
_AREAS = ("country", "admin1", "admin2")
# What makes a name part of the town or area named next: "the Hodan neighbourhood of
# Mogadishu", "the Kasarani area of the capital, Nairobi" (not: "the area of Kasarani")
_PART_WORDS = r"neighbou?rhood|suburb|quarter|area|district|outskirts"
_PART_OF = re.compile(rf"(?i:\s+(?:{_PART_WORDS}))?\s+of\s+"
                      r"(?:the\s+(?:city|town|capital)(?:\s+of|,)\s+)?")


def _drop_foreign_guesses(doc: Doc, mentions: list[_Mention]) -> None:
    """A name the gazetteer holds only under another spelling stays unresolved when that
    spelling's country is one no other place of the document is in, while others are:
    "Kafr Hamra ... in northern Aleppo province" is no misspelt Israeli village. A
    softmax over a mention's own candidates cannot say "none of them", and one wrong
    country there also turns the article's focus, so its unnamed parties, abroad."""
    votes = country_votes(doc, mentions)
    for m in mentions:
        if not m.candidates or any(c.match != "fuzzy" for c in m.candidates):
            continue
        own = _vote(m)
        best = m.candidates[int(np.argmax(m.probs))].country
        others = {k: v - own.get(k, 0.0) for k, v in votes.items()}
        if others.get(best, 0.0) <= 0.0 and sum(others.values()) >= _FOCUS_PRIOR_MASS:
            _forget_readings(m)


def _place_within_areas(doc: Doc, mentions: list[_Mention]) -> None:
    """A name the gazetteer lacks, followed by the area it lies in, lies there: the map can
    show the area for it, and the name is a place. A part of a town ("the Hodan
    neighbourhood of Mogadishu") lies in the town."""
    for _, m, top in _read_next(doc, mentions, _CONTAINED):
        if not m.candidates and top.precision in _AREAS:
            m.within = top
    for _, m, top in _read_next(doc, mentions, _PART_OF):
        part = re.search(rf"(?i:{_PART_WORDS})\s+of", _text(doc)[m.start : m.end + 20])
        if part and not m.candidates and (top.precision in _AREAS or top.precision == "city"):
            m.within = top
    # "Hampton Park in Charleston": where none of a name's readings lies in the town or area
    # the text puts it in, the name is one the gazetteer lacks, there ("Hampton Park" of
    # Victoria is not it)
    for _, m, top in _read_next(doc, mentions, _INSIDE):
        if (m.tagged and m.candidates and top.precision in _WITHIN_KM
                and all(_finer(c, top) for c in m.candidates)
                and not any(_lies_in(c, top) for c in m.candidates)):
            _forget_readings(m)
            m.within = top


_INSIDE = re.compile(r"\s+in\s+(?:the\s+)?")
# Place precisions, finest first.
PRECISION_RANK = {"point": 0, "city": 1, "admin2": 2, "admin1": 3, "region": 4, "country": 5}
# How far from the centre of a town or division a place inside it may lie (a country: any
# distance, in the country)
_WITHIN_KM = {"city": 30.0, "admin2": 150.0, "admin1": 600.0, "country": None}


def _finer(cand: Candidate, area: Candidate) -> bool:
    """Finer than the area, or a place of the town's rank too small to be a town beside it
    (not "Kyiv in Istanbul")."""
    rank = PRECISION_RANK.get(cand.precision, len(PRECISION_RANK))
    area_rank = PRECISION_RANK.get(area.precision, len(PRECISION_RANK))
    return rank < area_rank or rank == area_rank == 1 and cand.population < _EMBEDDED_MIN_POP


def _lies_in(cand: Candidate, area: Candidate) -> bool:
    if cand.country != area.country:
        return False
    limit = _WITHIN_KM[area.precision]
    return limit is None or (area.precision == "admin1" and cand.admin1 == area.admin1) or (
        haversine_km(cand.lat, cand.lon, area.lat, area.lon) <= limit)


def _forget_readings(m: _Mention) -> None:
    """The mention left with no reading: a name the gazetteer lacks."""
    m.candidates, m.probs = [], m.probs[:0]
    m.own = m.own[:0]
    if m.features is not None:
        m.features = m.features[:0]


def _qualifies(cand: Candidate, qualifier: Candidate) -> float:
    if cand.country != qualifier.country or cand.id == qualifier.id:
        return 0.0
    return 1.0 if qualifier.feature == "PCLI" or cand.admin1 == qualifier.admin1 else 0.0


def _place(doc: Doc, m: _Mention) -> Place:
    text = _text(doc)[m.start : m.end]
    if not m.candidates and m.within:  # at the area it lies in, as precise as that is
        area = m.within
        return Place(text, m.start, m.end, m.name, area.lat, area.lon, area.country,
                     area.admin1, None, None, area.precision)
    if not m.candidates:
        # an unresolved site ("the Heart Hospital", "Panorama Roundabout") is still a point
        return Place(text, m.start, m.end, m.name, None, None, None, None, None, None,
                     "point" if m.label == "FAC" else None)
    ranked = sorted(zip(m.candidates, m.probs.tolist(), strict=True), key=lambda x: -x[1])
    best, p = ranked[0]
    precision = "region" if m.direction and best.precision == "country" else best.precision
    alternatives = [{"id": c.id, "name": c.name, "country": c.country, "lat": c.lat,
                     "lon": c.lon, "score": round(q, 3)} for c, q in ranked[1:4]]
    return Place(text, m.start, m.end, best.name, best.lat, best.lon, best.country,
                 best.admin1, best.id, best.feature, precision, round(p, 3), alternatives)


# Prepositions that put an event somewhere, with how strongly; "from" marks an origin.
LOCATIVE_PREPS = {"in": 1.0, "near": 1.0, "on": 0.9, "at": 1.0, "across": 1.0, "into": 0.9,
             "outside": 1.0, "around": 1.0, "inside": 1.0, "throughout": 1.0, "within": 1.0,
             "over": 0.8, "along": 0.9, "through": 0.9, "between": 0.8, "off": 0.8,
             "towards": 0.7, "toward": 0.7, "to": 0.6, "from": 0.4}
