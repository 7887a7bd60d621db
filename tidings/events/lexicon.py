"""The trigger lexicon and cue lists, read from data files once per process."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Token

from tidings.actors import ActorLexicon
from tidings.model import PLOVER_TYPES, Place

VERB_POS = {"VERB"}
NOUN_POS = {"NOUN", "PROPN"}
# Entities that name ground (towns, regions, countries, seas)
PLACE_ENTITIES = frozenset({"GPE", "LOC"})
# Where a parsed article keeps the indices of the tokens its geoparser read as places: the
# small model tags many a town a person or an organisation ("seized Goma": PERSON)
PLACE_TOKENS = "tidings.place_tokens"


def mark_places(doc: Doc, places: Iterable[Place]) -> None:
    """Note the geoparser's places on the parse, for the conditions that ask for ground."""
    doc.user_data[PLACE_TOKENS] = {
        t.i for p in places for t in doc.char_span(p.start, p.end, alignment_mode="expand") or ()}


def names_place(token: Token) -> bool:
    """A token of a place name, as the geoparser or the entity tagger read it."""
    return token.ent_type_ in PLACE_ENTITIES or token.i in token.doc.user_data.get(
        PLACE_TOKENS, ())


@dataclass(frozen=True)
class TriggerRule:
    """One row of triggers.tsv: a word that announces an event of a PLOVER type."""

    lemma: str
    pos: str
    event_type: str
    mode: str | None
    cameo: str | None
    contexts: tuple[str, ...]
    particle: str | None
    objects: frozenset[str]
    # "X received arms from Y": the subject is the recipient, the "from" phrase the actor
    converse: bool = False
    # the verb governs one of these as its complement or purpose ("ordered the troops to
    # leave", "called Putin on Sunday to discuss")
    complements: frozenset[str] = frozenset()
    # the direct object names a party ("called Putin to discuss", not "called a strike to")
    party_object: bool = False

    def accepts_pos(self, token: Token) -> bool:
        if token.pos_ in VERB_POS:
            return "V" in self.pos
        return token.pos_ in NOUN_POS and "N" in self.pos


def _dash_none(value: str) -> str | None:
    return None if value in ("-", "") else value


def _parse_rule(row: list[str], word_lists: dict[str, list[str]]) -> TriggerRule:
    lemma, pos, event_type, mode, cameo, contexts, condition = row
    if event_type not in PLOVER_TYPES:
        raise ValueError(f"triggers.tsv: {lemma!r} has unknown PLOVER type {event_type!r}")
    particle, objects, converse, complements = None, frozenset(), False, frozenset()
    party_object = False
    for part in condition.split("&") if condition != "-" else ():
        if part == "converse":
            converse = True
        elif part == "party":
            party_object = True
        elif part.startswith("complement="):
            complements = frozenset(part.removeprefix("complement=").split("|"))
        elif part.startswith("particle="):
            particle = part.removeprefix("particle=")
        elif part.startswith("object="):
            objects = frozenset(word for name in part.removeprefix("object=").split("|")
                                for word in _expand(name, word_lists, lemma))
        else:
            raise ValueError(f"triggers.tsv: {lemma!r} has unknown condition {condition!r}")
    return TriggerRule(
        lemma=lemma, pos=pos, event_type=event_type, mode=_dash_none(mode),
        cameo=_dash_none(cameo),
        contexts=tuple(c for c in contexts.split(",") if c != "-"),
        particle=particle, objects=objects, converse=converse, complements=complements,
        party_object=party_object,
    )


def joined_lemma(token: Token) -> str | None:
    """"cease-fire" as one word, "ceasefire": spaCy splits at the hyphen and the lexicon
    lists the closed spelling. None when the token ends no hyphenated word."""
    if token.i < 2:
        return None
    dash, first = token.nbor(-1), token.nbor(-2)
    if dash.text != "-" or dash.whitespace_ or first.whitespace_:
        return None
    return first.lower_ + token.lemma_.lower()


def _expand(name: str, word_lists: dict[str, list[str]], lemma: str) -> list[str]:
    """A condition word, or for "@territory" the cue list "territory_words"."""
    if not name.startswith("@"):
        return [name]
    words = word_lists.get(f"{name[1:]}_words")
    if words is None:
        raise ValueError(f"triggers.tsv: {lemma!r} names no cue list {name!r}")
    return words


def _object_lemmas(token: Token) -> set[str]:
    """Lemmas of what a trigger acts on: direct objects, their conjuncts, what they are
    called ("called the strikes a violation"), "of" complements and a verb's "with"
    complements."""
    heads = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    # "the ceasefire (that was) negotiated by X"; not a noun a "who" clause hangs on, which
    # tells of people, whatever the parser hung it on ("schoolgirls from the town of
    # Jangebe, who were freed": freed people, not ground taken)
    if token.dep_ in ("relcl", "acl") and not any(c.lower_ in ("who", "whom")
                                                  for c in token.children):
        heads.append(token.head)
    if token.pos_ in NOUN_POS:  # "arms supplies", "military support"
        heads += [c for c in token.children if c.dep_ in ("compound", "amod")]
    heads += [  # "the supply of arms", for verbs "provided Brazil with loans", and what a sum
        grandchild  # is counted in ("suspended $95 million in aid")
        for prep in token.children if prep.dep_ == "prep" and (
            prep.lower_ == "of" or prep.lower_ == "with" and token.pos_ in VERB_POS
            or prep.lower_ == "in" and token.ent_type_ == "MONEY")
        for grandchild in prep.children if grandchild.dep_ == "pobj"
    ]
    lemmas: set[str] = set()
    for head in heads:
        # what it is called beside its name: "Laukkaing, a town on the border"
        named = [c for c in head.children if c.dep_ == "appos"]
        for word in (head, *head.conjuncts, *named):
            lemmas.update(filter(None, (word.lemma_.lower(), joined_lemma(word))))
            # "captured Bakhmut": a named place is ground, as "captured the town" is; not a
            # place that says whose a thing is ("freed a US diplomat")
            if names_place(word) and word.dep_ not in ("compound", "amod", "nmod", "poss"):
                lemmas.add("territory")
        lemmas.update(_object_lemmas(head) if head.dep_ != "compound" else ())
    return lemmas


def _particle_objects(token: Token, particle: str | None) -> set[str]:
    """Lemmas of the particle's objects, which stand for the object of an intransitive
    idiom: "took to the streets", "pulled out of the deal"."""
    return {o.lemma_.lower() for c in token.children if particle and c.lower_ == particle
            for o in (*c.children, *(g for p in c.children if p.dep_ == "prep"
                                     for g in p.children)) if o.dep_ == "pobj"}


def governed(child: Token) -> bool:
    """Is the verb's ``child`` its complement, or its purpose ("to" + verb)? The small parser
    makes "to discuss" in "called Putin on Sunday to discuss" an adverbial clause."""
    return child.dep_ == "xcomp" or child.dep_ == "advcl" and any(
        a.dep_ == "aux" and a.lower_ == "to" for a in child.children)


_PARTY_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_PARTY_PRONOUNS = frozenset({"him", "her", "them"})


def names_party(token: Token) -> bool:
    """A named person, group or country, a role of the actor base ("the Polish president",
    "his counterpart") or a personal pronoun: who can be a party ("called Putin", not "called
    a strike"; "accused X of the militia", not "of war crimes")."""
    return (token.ent_type_ in _PARTY_ENTITIES or token.lower_ in _PARTY_PRONOUNS
            or ActorLexicon.load().lookup(token.text) is not None)


class TriggerLexicon:
    """Finds which rule, if any, makes a token an event trigger."""

    def __init__(self, rules: list[TriggerRule], cues: dict[str, list[str]]) -> None:
        self.by_lemma: dict[str, list[TriggerRule]] = {}
        for rule in rules:
            self.by_lemma.setdefault(rule.lemma, []).append(rule)
        for candidates in self.by_lemma.values():
            candidates.sort(key=lambda r: r.particle is None and not r.objects)
        self.cues = {name: set(words) for name, words in cues.items()}

    @classmethod
    @cache
    def load(cls) -> TriggerLexicon:
        folder = resources.files("tidings") / "data" / "events"
        with (folder / "triggers.tsv").open(encoding="utf-8") as handle:
            rows = [r for r in csv.reader(handle, delimiter="\t") if r and not r[0].startswith("#")]
        with (folder / "cues.yaml").open(encoding="utf-8") as handle:
            cues = yaml.safe_load(handle)
        return cls([_parse_rule(r, cues) for r in rows], cues)

    def match(self, token: Token) -> TriggerRule | None:
        """The first rule whose word, part of speech and condition fit the token."""
        joined = joined_lemma(token)
        candidates = self.by_lemma.get(joined if joined in self.by_lemma else token.lemma_.lower())
        if not candidates:
            return None
        objects: set[str] | None = None
        for rule in candidates:
            if not rule.accepts_pos(token):
                continue
            if rule.particle and not any(  # "called on X", not "called on Friday"
                c.dep_ in ("prt", "prep", "advmod") and c.lower_ == rule.particle
                and not any(o.ent_type_ in ("DATE", "TIME") for o in c.children)
                for c in token.children
            ):
                continue
            if rule.complements and not any(governed(c) and c.lemma_.lower()
                                            in rule.complements for c in token.children):
                continue
            if rule.party_object and not any(c.dep_ in ("dobj", "oprd") and names_party(c)
                                             for c in token.children):
                continue
            if rule.objects:
                objects = _object_lemmas(token) if objects is None else objects
                if not (objects | _particle_objects(token, rule.particle)) & rule.objects:
                    continue
            return rule
        return None
