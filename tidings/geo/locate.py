"""Where an event happened: the place its sentence attaches to its trigger.

Geoparsing (resolve.py) finds and resolves every toponym of a document; this module reads
the dependency parse to choose the one an event happened at, and offers the labelled
fallbacks (the sentence's nearest place, the article's main scene) for events the text
does not place.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from spacy.tokens import Doc, Span, Token

from tidings.geo.ranker import ENCODER_WIDTH, MODELS, Ranker, load_model
from tidings.geo.resolve import (
    _ADMIN,
    _ORG_HEADS,
    _PART_WORDS,
    _POPULATED,
    CREEDS,
    DIRECTIONS,
    LOCATIVE_PREPS,
    PLACE_LABELS,
    PRECISION_RANK,
    SITE_WORDS,
    _demonyms,
    is_demonym,
)
from tidings.model import Place

if TYPE_CHECKING:
    from tidings.events.coder import PieceVectors

_POPULATED_NOUNS = {"town", "village", "city", "suburb", "neighborhood", "neighbourhood", "hamlet",
                    "municipality", "capital"}
_TOWN_NOUNS = _POPULATED_NOUNS - {"neighborhood", "neighbourhood"}  # a neighbourhood is a point
_PRECISION_NAMES = {rank: name for name, rank in PRECISION_RANK.items()}
# Common nouns that name a place or a part of one: "the village of X", "X's southern
# neighbourhood", "positions near X". A place that modifies any other noun ("U.S. forces",
# "the governor of Kandahar", "Iraq's parliament") is an origin or an owner, not a scene.
_PLACE_NOUNS = {
    *_POPULATED_NOUNS, *_ADMIN.split("|"), *SITE_WORDS, "area", "outskirts", "countryside",
    "border", "borders", "sector", "zone", "part", "edge",
    "fringes", "side", "bank", "centre", "center", "heart", "territory", "positions",
    "position", "defenses", "defences", "frontline", "front", "axis", "suburbs", "villages",
    "towns", "cities", "streets", "street", "road", "highway", "mountains", "mountain",
    "plain", "desert", "coast", "island", "islands", "valley", "provinces", "perimeter",
    "flank", "corridor", "lowlands", "north", "south", "east", "west", "sites", "site",
    "headquarters", "lga", "council", "locality", "parts", "areas", "regions", "districts",
    "capitals", "home", "house", "residence", "office", "building", "school", "university",
    "college", "court", "embassy", "church", "parliament", "palace", "station", "outpost",
    "checkpoints", "bases", "hospitals", "markets", "junction", "roundabout", "river",
    "stronghold", "bastion", "pocket", "heartland", "vicinity", "section", "mainland", "borough",
    "hilltop", "waters", "colony",
}
# Nouns of taking or striking a place: "the siege of Aleppo", "Kafr Saghir's liberation".
_ACTION_NOUNS = {"siege", "capture", "liberation", "fall", "battle", "battles", "bombing",
                 "bombings", "shelling", "storming", "invasion", "occupation", "recapture",
                 "control", "attack", "attacks", "offensive", "assault", "bombardment",
                 "blockade", "evacuation", "explosion", "explosions", "blast", "blasts",
                 "clash", "clashes", "fighting", "violence", "raid", "raids", "strike",
                 "strikes", "airstrike", "airstrikes", "protest", "protests", "rally",
                 "rallies", "demonstration", "demonstrations", "shooting", "ambush",
                 "operation", "operations", "campaign", "massacre", "riots", "unrest"}
# Prepositions that place any noun ("a rally in Paris"); "on", "to", "over" only place a
# verb or a place ("sanctions on Libya", "talks over Kashmir" are not there).
_NOUN_PREPS = {"in", "near", "at", "outside", "inside", "around", "across", "throughout",
               "within", "along", "between", "through", "off"}
# Participles that only say where their noun is: "forces positioned in Daraa".
_WHERE_VERBS = {"locate", "situate", "base", "station", "position", "deploy", "hold",
                "entrench", "stand", "lie", "sit"}
_HELD_VERBS = {"control", "hold", "occupy", "besiege"}
# How a party's own name can be the scene: as the object ("shelled Afrin", "Afrin was
# shelled") or after a locative preposition ("fighting inside Afrin"), not as the one
# addressed or opposed ("called on Russia", "sanctions on Iran").
_SCENE_LINKS = {"dobj", "nsubjpass", "in", "at", "inside", "into", "near", "outside",
                "around", "across", "throughout", "within", "through", "along", *DIRECTIONS}
_OBJECT_WEIGHT = 0.95  # a place that is the object of the trigger ("shelled Idlib")
_SUBJECT_WEIGHT = 0.7  # a place in the subject's phrase ("rebels in Syria attacked")
_SCENE_WEIGHT = 0.8  # a place in a noun the trigger takes ("captured after a shootout in X")
_CLAUSE_LINKS = {"advcl", "xcomp", "conj", "pcomp"}
_MEANS_PREPS = {"by", "after", "before", "while", "when", "upon", "on"}
_CONJ_DISCOUNT = 0.9
_HEAD_DISCOUNT = 0.8  # below _STRONG: the clause of the trigger comes first
_ATTACHED = 0.5
_STRONG = 0.85
_MAX_STEPS = 12


# What the event-place chooser weighs for each place an event may have happened at; the
# answer "none of them" is one more option, with the feature "none" alone.
LOCATION_FEATURES: tuple[str, ...] = (
    "none",
    "link_weight", "attached", "strong", "unattached",  # how firmly the parse attaches it
    "clause", "own_clause", "steps", "reference", "frame",
    "via_in", "via_at", "via_near", "via_on", "via_into", "via_from", "via_to",
    "via_other_prep", "via_object", "via_subject",  # what attaches it to the clause
    "country", "region", "admin1", "admin2", "city", "point",  # how fine the place is
    "unresolved", "parsed_only", "party",
    "finest", "nearest_in_tree",  # against the sentence's other places
    "before_trigger", "log_token_distance",
)
# The encoded chooser also weighs the event coder's encoder: each place's words as read with
# the event's trigger marked (the mean of their last-layer vectors), and that vector times
# the trigger mark's (how the two relate), both less their mean over the training places;
# and on "none of them", the trigger mark's vector (what kind of event tells no place), less
# its mean over the training events.
ENCODED_LOCATION_FEATURES: tuple[str, ...] = (
    *LOCATION_FEATURES, *(f"place_{i}" for i in range(ENCODER_WIDTH)),
    *(f"place_by_trigger_{i}" for i in range(ENCODER_WIDTH)),
    *(f"none_by_trigger_{i}" for i in range(ENCODER_WIDTH)),
)
LOCATOR_FILE = MODELS / "event_place_chooser.json"
ENCODED_LOCATOR_FILE = MODELS / "event_place_encoder_chooser.json"


@dataclass(frozen=True)
class PlaceChoosers:
    """The event-place chooser that reads the parse (``plain``: for an event the coder has
    not read, or with no coder at all) and the one that also reads the coder's encoder
    (``encoded``; None: none shipped)."""

    plain: Ranker
    encoded: Ranker | None = None


def event_place_chooser() -> Ranker:
    """The shipped event-place chooser, or the one ``$TIDINGS_EVENT_PLACE_CHOOSER`` names."""
    path = Path(os.environ.get("TIDINGS_EVENT_PLACE_CHOOSER") or LOCATOR_FILE)
    return load_model(path, LOCATION_FEATURES, "event-place-chooser")


def event_place_encoder_chooser() -> Ranker | None:
    """The shipped encoded event-place chooser, or the one
    ``$TIDINGS_EVENT_PLACE_ENCODER_CHOOSER`` names; None if there is none."""
    path = Path(os.environ.get("TIDINGS_EVENT_PLACE_ENCODER_CHOOSER") or ENCODED_LOCATOR_FILE)
    if not path.exists():
        return None
    return load_model(path, ENCODED_LOCATION_FEATURES, "event-place-encoder-chooser")


def event_place_choosers() -> PlaceChoosers:
    """The shipped (or named) choosers."""
    return PlaceChoosers(event_place_chooser(), event_place_encoder_chooser())


@dataclass(frozen=True)
class PlaceOption:
    """A place the event at a trigger may have happened at, and how the parse links them."""

    place: Place
    link: _Link
    party: bool
    parsed_only: bool


def place_options(trigger: Token, places: list[Place], exclude: list[tuple[int, int]],
                  parties_are_scenes: bool = True) -> list[PlaceOption]:
    """The places of the trigger's sentence it may have happened at, each with its link to
    the trigger: the geoparser's, and names the parse makes places (:func:`_parsed_places`).
    Unattached places stay options: annotators place "the governor of Kandahar was killed"
    in Kandahar, and the chooser learns how far to trust such a place. A party (a place
    inside an actor/recipient span of ``exclude``) is one only when firmly attached as a
    scene ("shelled Afrin"), never for a verbal event (``parties_are_scenes`` false: "China
    criticised Japan")."""
    sent = trigger.sent
    usable = [(p, False) for p in places
              if sent.start_char <= p.start < sent.end_char and not is_demonym(p)]
    usable += [(p, True) for p in _parsed_places(sent, places)]
    heads = _heads(trigger)
    out = []
    for place, parsed in usable:
        root = _root(trigger.doc, place)
        if root is None:
            continue
        link = _attachment(root, heads, _specificity(place) < PRECISION_RANK["country"])
        party = any(place.start < e and s < place.end for s, e in exclude)
        if party and not (parties_are_scenes and link.via in _SCENE_LINKS
                          and link.weight >= _STRONG):
            continue
        out.append(PlaceOption(place, link, party, parsed))
    return _containers_hang_from_their_places(trigger.doc, out)


# What puts the place named next around a place: "Dansadau village in Maru LGA", "Kafr Naya,
# Aleppo province", "the Hodan neighbourhood of Mogadishu".
# "of" only after such a word (the lookbehind sees nothing before the words in between).
_CONTAINED_BY = re.compile(
    rf"(?:\s+(?:{_POPULATED}|{_PART_WORDS}|camp))?"
    r"(?:\s*,\s*(?:in\s+)?|\s+in\s+(?:the\s+)?|(?<=[a-z])\s+of\s+(?:the\s+)?)")


def _containers_hang_from_their_places(doc: Doc, options: list[PlaceOption]
                                       ) -> list[PlaceOption]:
    """A coarser place named right after a place, as the area it lies in, is linked to the
    event as that place is, one step further: the small parser often hangs "in Maru LGA" of
    "killed villagers in Dansadau village in Maru LGA" from the verb itself, which made the
    container the nearer of the two."""
    by_start = sorted(options, key=lambda o: o.place.start)
    linked = {id(o): o for o in options}
    for inner, outer in zip(by_start, by_start[1:], strict=False):
        inner = linked[id(inner)]
        between = doc.text[inner.place.end : outer.place.start]
        if (inner.link.weight > 0 and _CONTAINED_BY.fullmatch(between)
                and _specificity(outer.place) > _specificity(inner.place)):
            linked[id(outer)] = replace(outer, link=replace(inner.link,
                                                            steps=inner.link.steps + 1))
    return [linked[id(o)] for o in options]


_VIA_PREPS = ("in", "at", "near", "on", "into", "from", "to")
_OBJECT_LINKS = {"dobj", "nsubjpass", "attr", "oprd", "npadvmod", "appos"}


def option_features(trigger: Token, options: list[PlaceOption]) -> np.ndarray:
    """The (1 + options) × :data:`LOCATION_FEATURES` matrix: "none", then each place."""
    rows = np.zeros((len(options) + 1, len(LOCATION_FEATURES)))
    rows[0, 0] = 1.0
    if not options:
        return rows
    finest = min(_specificity(o.place) for o in options)
    attached = [o.link.steps for o in options if o.link.weight > 0]
    nearest = min(attached, default=None)
    for row, o in zip(rows[1:], options, strict=True):
        link, place = o.link, o.place
        precision = _PRECISION_NAMES.get(_specificity(place))
        distance = abs(trigger.doc.char_span(place.start, place.end, alignment_mode="expand")
                       .start - trigger.i)
        row[1:] = (
            link.weight, float(link.weight >= _ATTACHED), float(link.weight >= _STRONG),
            float(link.weight == 0.0),
            link.clause, float(link.clause >= _STRONG), min(link.steps, 8) / 8,
            float(link.reference), float(link.frame),
            *(float(link.via == prep) for prep in _VIA_PREPS),
            float(link.via not in _VIA_PREPS and link.via.isalpha()
                  and link.via not in _OBJECT_LINKS and link.weight > 0
                  and link.via not in DIRECTIONS),
            float(link.via in _OBJECT_LINKS),
            float(link.weight > 0 and link.via == ""),
            *(float(precision == name) for name in
              ("country", "region", "admin1", "admin2", "city", "point")),
            float(place.geonameid is None), float(o.parsed_only), float(o.party),
            float(_specificity(place) == finest),
            float(link.weight > 0 and link.steps == nearest),
            float(place.start < trigger.idx), math.log1p(distance),
        )
    return rows


def encoder_features(trigger: Token, options: list[PlaceOption], vectors: PieceVectors,
                     mean: np.ndarray) -> np.ndarray:
    """The (1 + options) × 3·width encoder part of the encoded chooser's rows, less
    ``mean``: for "none", the trigger mark's vector; for each place, its vector in the
    event's reading and that vector times the mark's (a place the encoder did not see,
    cut off by its length limit, gets the mean: zeros)."""
    width = ENCODER_WIDTH
    rows = np.zeros((len(options) + 1, 3 * width))
    rows[0, 2 * width:] = vectors.mark - mean[2 * width:]
    start = trigger.sent.start_char
    for row, o in zip(rows[1:], options, strict=True):
        vector = vectors.of(o.place.start - start, o.place.end - start)
        if vector is not None:
            row[:2 * width] = np.concatenate([vector, vector * vectors.mark]) - mean[:2 * width]
    return rows


def locate_event(trigger: Token, places: list[Place], exclude: list[tuple[int, int]],
                 parties_are_scenes: bool = True, choosers: PlaceChoosers | None = None,
                 vectors: PieceVectors | None = None) -> Place | None:
    """Where the event of ``trigger`` happened: the place of its sentence the event-place
    chooser (a model fitted on event_location_dev) prefers to "none of them", or None.

    It weighs how the parse attaches each place (:func:`_attachment`): through the
    trigger's prepositional phrases, its object ("attacked Bama town") or those of the
    clause it modifies ("attacked the town, killing ten") or of a "when"/"while" clause it
    takes; how fine the place is; and how it compares with the sentence's other places (in
    "in Dansadau village in Maru area of Zamfara State" the event is at Dansadau). An
    attached place is kept even when the gazetteer cannot resolve it: its name is still the
    best answer the text gives. A place merely in the same sentence is seldom the answer
    (see :func:`sentence_place`). Given the coder's reading of the event (``vectors``), the
    encoded chooser decides, weighing also how the encoder reads each place beside the
    trigger."""
    options = place_options(trigger, places, exclude, parties_are_scenes)
    if not options:
        return None
    features = option_features(trigger, options)
    encoded = None if vectors is None else (
        choosers.encoded if choosers else event_place_encoder_chooser())
    if vectors is not None and encoded is not None:
        mean = np.asarray(encoded.meta["encoder_mean"])
        scores = encoded.scores(
            np.hstack([features, encoder_features(trigger, options, vectors, mean)]))
    else:
        scores = (choosers.plain if choosers else event_place_chooser()).scores(features)
    best = int(np.argmax(scores))
    return options[best - 1].place if best else None


# Capitalised heads that make a name a site or a part of a town: "the Heart Hospital",
# "Panorama Roundabout", "Al-Assad Suburb", "Bani Zaid Quarter".
_SITE_HEADS = {*SITE_WORDS, "hotel", "roundabout", "mountains", "mountain", "orchards",
               "springs", "factory", "suburb", "district", "neighborhood", "neighbourhood",
               "tomb", "chowk", "airfield", "railroad", "forest", "forests", "valley",
               "village", "town", "city", "road", "highway", "school", "university", "embassy",
               "palace", "church", "tower", "towers", "mall", "station", "complex", "project"}
# Verbs whose object is a place and never a person ("stormed Qabasin", "entered Palmyra");
# capturing or seizing takes people too, so a name tagged PERSON is left to them.
_PLACE_VERBS = {"enter", "storm", "liberate", "overrun", "besiege", "shell", "bombard",
                "encircle", "infiltrate", "surround"}
_TAKE_VERBS = {"capture", "recapture", "seize", "retake"}
# Prepositions that put a name somewhere: "fighting inside Kafr Sousah".
_NAME_PREPS = {"in", "near", "at", "inside", "outside", "around", "into", "across",
               "throughout", "within", "along"}
# Nouns after "of" that make the name a place: "the village of X", "the outskirts of X";
# not "the home of X", "the office of X".
_OF_PLACE_NOUNS = _PLACE_NOUNS - {"home", "house", "residence", "office", "building", "school",
                                  "university", "college", "court", "embassy", "church",
                                  "parliament", "palace", "headquarters", "council", "side",
                                  "part", "parts", "heart", "front", "position", "positions"}
# Heads of organisations' names: "outside the Group of Seven summit", "at the Foreign Ministry".
_NOT_PLACE_HEADS = {*_ORG_HEADS, "group", "summit", "union", "nations", "organization",
                    "organisation", "association", "company", "corporation", "bank",
                    "movement", "division", "regiment", "battalion", "unit", "guard", "guards",
                    "militia", "alliance", "coalition", "network", "times", "post", "news"}
_NOT_PLACE_ENTS = {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "ORDINAL", "QUANTITY",
                   "WORK_OF_ART", "LAW", "EVENT"}
_CLOCK = re.compile(r"[AaPp]\.?[Mm]\.?")  # "at 9:00 A.M." is a time, not a place
_NAME_PARTS = {"-", "‘", "’", "'", "al", "el", "ad", "as", "ash", "ar", "an", "at", "az", "of",
               "de"}


def _parsed_places(sent: Span, places: list[Place]) -> list[Place]:
    """Names the parse says are places though the geoparser made none of them (the NER
    tagged them as people or organisations, or not at all, and no gazetteer holds them):
    a name after a locative preposition ("inside Kafr Sousah"), before a place noun ("the
    Nabi Yunis area"), after "the village of", with a site's head ("the Heart Hospital",
    "Panorama Roundabout"), or the object of a verb that only takes places ("stormed
    Qabasin"); and names conjoined with such a name. Unresolved: they answer "where" with
    the text's own name, and the locator weighs their attachment like any place's. A name
    that is also a party ("stormed Tell Jabin") is found too: :func:`place_options` keeps
    it where the event acts on it, as it keeps a gazetteer's place; the choosers were
    trained on every option found so, parties or not."""
    doc = sent.doc
    taken = [(p.start, p.end) for p in places]
    found: dict[int, Place] = {}
    for token in sent:
        nxt = doc[token.i + 1] if token.i + 1 < sent.end else None
        if not token.text[:1].isupper() or (token.pos_ != "PROPN" and not _named_place_word(
                token)) or (
                token.dep_ in ("compound", "flat") and token.head.pos_ == "PROPN") or (
                token.dep_ == "compound" and nxt is not None
                and (nxt.head == token.head or token.head in nxt.ancestors)
                and (nxt.pos_ == "PROPN" or nxt.lower_ in _NAME_PARTS)):
            continue  # not the last word of a name
        first = token.i
        while first - 1 >= sent.start and (
                doc[first - 1].pos_ == "PROPN" or doc[first - 1].lower_ in _NAME_PARTS) and (
                token in doc[first - 1].ancestors or (doc[first - 1].dep_ == "compound"
                                                      and doc[first - 1].head == token.head)):
            first -= 1  # "Seif Al-Dawla area": both words compounds of "area"
        while first < token.i and not doc[first].text[:1].isalnum():
            first += 1
        span = doc[first : token.i + 1]
        start, end = span.start_char, span.end_char
        if any(s < end and start < e for s, e in taken) or any(
                t.ent_type_ in _NOT_PLACE_ENTS or (t.ent_type_ == "ORG" and t.ent_id_)
                for t in span) or span.text in _demonyms() or token.lower_ in _NOT_PLACE_HEADS or (
                span.text.isupper() and span.text.isalpha() and len(span.text) <= 4) or (
                token.lower_.replace("’", "'") in CREEDS) or (
                _CLOCK.fullmatch(span.text)):
            continue  # a date, an organisation, a nationality, a faith, an acronym, a time
        kind = _place_evidence(token, found)
        if kind:
            found[token.i] = Place(span.text, start, end, span.text, None, None, None, None,
                                   None, None, kind)
    return list(found.values())


def _place_evidence(token: Token, found: dict[int, Place]) -> str | None:
    """What makes the name headed by ``token`` a place: its precision, else None."""
    head, dep = token.head, token.dep_
    if token.lower_ in _SITE_HEADS:
        return "point"
    if dep in ("compound", "nmod", "poss", "amod") and _place_noun(head):
        return "point" if head.lower_ not in _TOWN_NOUNS else "city"
    if dep == "appos" and head.lemma_ in _POPULATED_NOUNS and head.is_lower:
        return "city"  # "the capital, Colombo", "a village, Gaya"
    if dep == "pobj" and head.lower_ in _NAME_PREPS:
        return "city"
    if dep == "pobj" and head.lower_ == "of" and head.head.lower_ in _OF_PLACE_NOUNS:
        return "city"
    if dep == "dobj" and (head.lemma_ in _PLACE_VERBS or (
            head.lemma_ in _TAKE_VERBS and token.ent_type_ != "PERSON")):
        return "city"
    if dep in ("conj", "appos") and head.i in found:
        return found[head.i].precision
    return None


def _place_noun(token: Token) -> bool:
    """A lower-case noun of ``_OF_PLACE_NOUNS``, singular or plural ("governorates")."""
    return token.is_lower and (token.lower_ in _OF_PLACE_NOUNS or token.lemma_ in _OF_PLACE_NOUNS)


def _named_place_word(token: Token) -> bool:
    """A capitalised word the tagger took for an adjective or a noun, inside a sentence,
    before a place noun: "southern Aleppo districts", "in Sa'sa town"."""
    return (token.pos_ in ("ADJ", "NOUN", "VERB") and token.i > token.sent.start
            and token.dep_ in ("amod", "compound", "nmod") and _place_noun(token.head)
            and token.ent_type_ != "NORP" and token.lower_ not in DIRECTIONS)


def sentence_place(trigger: Token, places: list[Place],
                   exclude: list[tuple[int, int]]) -> Place | None:
    """The resolved place nearest the trigger in its sentence, outside ``exclude``: a guess
    for an event no place is attached to, right about as often as the text has no place
    for it at all, so it is kept apart from :func:`locate_event`."""
    sent = trigger.sent
    resolved = [p for p in places if sent.start_char <= p.start < sent.end_char
                and p.lat is not None and not is_demonym(p)
                and not any(p.start < e and s < p.end for s, e in exclude)]
    return min(resolved, key=lambda p: abs(p.start - trigger.idx), default=None)


def article_place(places: list[Place], country: str | None) -> Place | None:
    """The most specific place the whole article supports for an event it does not place:
    the resolved town or region in the article's focus country that it names most often
    (the first on ties), else the country itself where the article names it."""
    resolved = [p for p in places if p.lat is not None and p.country == country]
    local = [p for p in resolved if p.precision not in ("country", "region")]
    candidates = local or resolved
    if not candidates:
        return None
    mentions = Counter(p.name for p in candidates)
    return max(candidates, key=lambda p: (mentions[p.name], -p.start))


def _heads(trigger: Token) -> dict[int, float]:
    """Token index -> discount of the clauses whose phrases may hold the event's place: the
    trigger, verbs conjoined to it ("shot and killed"), and up to two clauses it hangs from
    ("made headway in Jobar, capturing blocks")."""
    heads = {trigger.i: 1.0}
    conjuncts = [c for c in trigger.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    for c in conjuncts:
        heads.setdefault(c.i, _CONJ_DISCOUNT)
    for verb in (trigger, *conjuncts):
        discount = heads[verb.i] * _HEAD_DISCOUNT
        for c in verb.children:
            if (c.dep_ == "advcl" and c.pos_ in ("VERB", "AUX")) or (
                    c.dep_ == "xcomp" and c.pos_ == "VERB" and verb is trigger):
                # "launched an assault to recover X", "killed and wounded ten when a
                # bomb went off in X", "shot him while he was in X"
                heads.setdefault(c.i, discount)
            elif c.dep_ == "prep" and c.lower_ in _MEANS_PREPS:
                for v in c.children:  # "began the assault by storming X"
                    if v.dep_ == "pcomp" and v.pos_ == "VERB":
                        heads.setdefault(v.i, discount)
    node, discount = trigger, 1.0
    for _ in range(2):
        if node.dep_ not in _CLAUSE_LINKS or node.head == node:
            break
        node, discount = node.head, discount * _HEAD_DISCOUNT
        heads.setdefault(node.i, discount)
    return heads


def _root(doc: Doc, place: Place) -> Token | None:
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    return span.root if span is not None else None


@dataclass
class _Link:
    """How a place hangs from the event: ``weight`` (1.0 for "in X" off the trigger),
    ``clause`` (the discount of the clause it hangs from) and ``steps`` in the tree."""

    weight: float = 0.0
    clause: float = 0.0
    steps: int = 0
    reference: bool = False
    frame: bool = False
    via: str = ""  # the preposition or the dependency that attaches it to the head


def _attachment(token: Token, heads: dict[int, float], local: bool = True) -> _Link:
    """How a place (its root token) is attached to one of ``heads``: climbs from the place
    through the noun phrases holding it (prepositions, compounds, appositions, conjuncts,
    a clause describing an attack) and stops at anything that makes it part of another
    predicate or of a noun that is not a place. "The village of X" costs no step: X is the
    village; "the Nairobi suburb of X" costs Nairobi two, a container named in passing."""
    weight, located, steps = 1.0, False, 0
    node, reference = token, False
    for _ in range(_MAX_STEPS):
        head, dep = node.head, node.dep_
        if head == node:
            break
        steps += 1
        if head.i in heads:
            clause = heads[head.i]
            if dep in ("prep", "agent") or (dep == "advmod" and node.lower_ in DIRECTIONS):
                # "In Kabul, a bomb killed six in the Karte Se district": an opening phrase
                # sets the scene that a place in the clause narrows
                frame = node.i == node.sent.start and node.i < head.i
                return _Link(weight * clause, clause, steps, reference, frame, node.lower_)
            if dep in ("dobj", "nsubjpass", "attr", "oprd", "npadvmod", "appos"):
                return _Link(weight * _OBJECT_WEIGHT * clause, clause, steps, reference,
                             via=dep)
            if dep == "nsubj" and located:
                return _Link(weight * _SUBJECT_WEIGHT * clause, clause, steps, reference)
            break
        if dep == "pobj" and head.dep_ in ("prep", "agent"):
            prep, owner = head.lower_, head.head
            if prep == "of" and owner.lower_ in DIRECTIONS and not located:
                reference = True  # "50 km west of Algiers": a landmark, not the scene
            if located:
                weight *= LOCATIVE_PREPS.get(prep, _SCENE_WEIGHT)
            elif prep in LOCATIVE_PREPS and (prep in _NOUN_PREPS or _is_placeish(owner)
                                        or owner.pos_ in ("VERB", "AUX")):
                weight *= LOCATIVE_PREPS[prep]
                located = True
            elif prep == "of" and _is_placeish(owner):
                located = True
                # "the village of X": X is the village, and so is X of "the Latakia town
                # of X" (a town is named after "the"). "Gujba area of Yobe State", "Buwa
                # village of Ibi": X is the container of the named area or village; a tie
                # with the modifier, which specificity breaks
                named = any(c.dep_ in ("compound", "nmod", "amod") and c.pos_ == "PROPN"
                            for c in owner.children)
                steps -= 2 if not named else 1 if (
                    owner.lower_ in _POPULATED_NOUNS
                    and any(c.dep_ == "det" and c.lower_ == "the" for c in owner.children)) else 0
            else:
                break  # "against Israel", "the governor of Kandahar"
            node = head
        elif dep in ("prep", "agent", "appos", "conj", "npadvmod", "nummod", "flat"):
            node = head
        elif dep in ("compound", "poss", "amod", "nmod") and _is_placeish(head):
            if not local and _placed_by_prep(head):
                break  # "a U.S. base in Syria": the country owns the base, Syria holds it
            steps += 1  # "Damboa town", "Kandahar's Loi Karez neighbourhood"
            node = head
        elif dep in ("compound", "nmod") and local and head.pos_ == "NOUN" and (
                head.dep_ == "pobj" and head.head.lower_ in _NAME_PREPS) and (
                node.ent_type_ not in ("ORG", "PERSON", "NORP")) and not any(
                c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            # "in an Istanbul bookshop", "at his Lagos flat": a town names where its noun
            # is; "the Rio Rosas bar" is a name, "Taliban fighters" an organisation
            steps += 1
            node = head
        elif dep == "advmod" and node.lower_ in DIRECTIONS:
            node = head  # "the area south of Akhtarin"
        elif dep == "relcl" and head.lower_ in _ACTION_NOUNS:
            weight *= _SCENE_WEIGHT  # "the attack that exploded in Zahraa killed three"
            node = head
        elif dep == "acl" and node.lemma_ in _WHERE_VERBS:
            node = head  # "forces positioned in Daraa"
        elif dep == "dobj" and head.lemma_ in _HELD_VERBS and head.tag_ in ("VBN", "VBD") and (
                head.dep_ in ("advcl", "ccomp", "conj", "acl", "relcl")) and not any(
                c.dep_ in ("aux", "auxpass") for c in head.children):
            # "targeting the army controlled village of X", parsed as a clause "the army
            # controlled X": X is held by the army, and the object of the clause above
            if head.head.i not in heads:
                break
            clause = heads[head.head.i]
            return _Link(weight * _OBJECT_WEIGHT * clause, clause, steps + 1, reference,
                         via="dobj")
        else:
            break
    return _Link()


def _placed_by_prep(noun: Token) -> bool:
    """Whether a noun has a place of its own after a locative preposition ("a base in
    Syria", "the embassy near Erbil")."""
    return any(c.dep_ == "prep" and c.lower_ in _NOUN_PREPS and any(
        o.dep_ == "pobj" and o.ent_type_ in PLACE_LABELS for o in c.children)
        for c in noun.children)


def _is_placeish(token: Token) -> bool:
    """A noun that names a place, part of one, or the taking of one ("siege")."""
    if token.ent_type_ in ("ORG", "PERSON", "NORP"):
        return False  # "the Islamic State of Iraq"
    return (token.lower_ in _PLACE_NOUNS or token.lower_ in _ACTION_NOUNS
            or (token.is_lower and token.lemma_ in _PLACE_NOUNS)
            or token.lower_ in DIRECTIONS or token.ent_type_ in PLACE_LABELS)


def _specificity(place: Place) -> int:
    """Lower is finer; a name the gazetteer lacks is a town, or a division if it says so,
    even where it has the coordinates of the area it lies in."""
    if place.geonameid is None:
        if place.lat is None and place.precision in PRECISION_RANK:
            return PRECISION_RANK[place.precision]
        last = place.text.split()[-1].lower()
        return PRECISION_RANK["admin1" if re.fullmatch(_ADMIN, last) else "city"]
    return PRECISION_RANK.get(place.precision or "", len(PRECISION_RANK))
