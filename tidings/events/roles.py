"""Who acts and who is acted on: the event coder's role head weighed against the rules.

The dependency rules (``arguments.py``) know grammar — passives, control verbs, light
verbs — but fail where the small parser does and never look past the words a rule names.
The role head (``coder.py``) has read the gold sources and targets of the training sets,
but sees word pieces, not phrases. Each side of an event is settled by ``ROLE_MODES``:

- ``rules``: the dependency rules alone;
- ``model``: the word the role head reads as most surely that side, when it is sure enough;
- ``both`` (shipped): the rules' side stands unless the role head reads it as not that
  side at all and another word as that side with confidence (never a "by" agent, which
  the grammar states outright); a side the rules left empty, or named only in words the
  actor lexicon cannot code ("attacked a military base"), takes the role head's word when
  it is sure enough.

The sources' thresholds were set a priori; the targets' were settled by measurement on
plv, ConfliBERT and petr2 (``benchmarks/ablations.py``, docs/models.md "Roles").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from tidings.events.arguments import (
    ALLEGING_VERBS,
    CREDITING_VERBS,
    OBJECT_CONTROL,
    PHASE_VERBS,
    RELATIVE_PRONOUNS,
    TAKING_VERBS,
    controllers,
    is_passive,
)
from tidings.events.coder import Roles
from tidings.events.lexicon import governed
from tidings.model import Actor

CAUSATIVE_VERBS = frozenset({"order", "force"})
# Verbs of control that appeal to whom they name, the appeal's target outright; not the
# verbs of blame among them ("accused X of"), whose target the gold sets read otherwise
# (guarding theirs too cost ConfliBERT target span F1 0.004).
APPEALING_VERBS = frozenset({"urge", "call", "ask", "press", "push"})

ROLE_MODES = ("rules", "model", "both")
SIDES = ("source", "target")
ARGUMENT_POS = {"NOUN", "PROPN", "PRON"}
NOT_PARTIES = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"}


@dataclass(frozen=True)
class Thresholds:
    """How sure the role head must be to settle one side."""

    fill: float  # it names a side the rules left empty
    doubt: float  # it reads the rules' side as this little of it ...
    overrule: float  # ... and another word as this much: that word replaces it


# Targets are read less surely than sources (fewer of them in training, looser phrases:
# "a military base", "the town of X"), and the rules miss more of them; measured, sources
# by 0.5 / 0.1 / 0.8 and targets by 0.1 / 0.2 / 0.5 is best on all three sets (docs/models.md
# "Roles"; settled again for each retrained coder, whose role head reads targets less or
# more surely).
THRESHOLDS = {"source": Thresholds(fill=0.5, doubt=0.1, overrule=0.8),
              "target": Thresholds(fill=0.1, doubt=0.2, overrule=0.5)}


@dataclass(frozen=True)
class Pick:
    """The head word of a side as the role head reads it, and how sure it is."""

    head: Token
    score: float


def role_pick(sentence: Span, roles: Roles, side: str, avoid: set[int]) -> Pick | None:
    """The noun, name or pronoun of the sentence most surely on ``side``, scored by its
    own pieces (a phrase's head carries the role; its modifiers may too). ``avoid``: token
    indices already taken by the other side."""
    k = SIDES.index(side)
    best: Pick | None = None
    for token in sentence:
        head = _phrase_head(token, side)
        if (token.pos_ not in ARGUMENT_POS or token.ent_type_ in NOT_PARTIES
                or token.i in avoid or head.i in avoid):
            continue
        start = token.idx - sentence.start_char
        score = roles.of(start, start + len(token))[k]
        if best is None or score > best.score:
            best = Pick(head, score)
    return best


def _phrase_head(token: Token, side: str) -> Token:
    """The head of the name or noun a word of it is part of: a picked "Prime" stands for
    "Israeli Prime Minister Yitzhak Shamir", a source's "opposition" for "a senior
    opposition figure", never for a party of their own. Not a name into a common noun: the
    name may be a party itself ("Turkey" in the headline "Turkey arms Syrian rebels",
    misparsed as a noun phrase); nor, for targets, a noun into a noun (widening a target's
    "oil" to "an oil refinery" cost ConfliBERT target span F1 0.0005)."""
    kinds = ("PROPN", "NOUN") if side == "source" else ("PROPN",)
    while token.dep_ == "compound" and token.pos_ == token.head.pos_ in kinds \
            and token.head.i > token.i:
        token = token.head
    return token


def side_score(actors: list[Actor], roles: Roles, offset: int, side: str) -> float:
    """How surely the role head reads the rules' phrases as ``side``: the best of them."""
    k = SIDES.index(side)
    return max((roles.of(a.start - offset, a.end - offset)[k] for a in actors), default=0.0)


def stated_outright(head: Token, trigger: Token, side: str, as_read: bool = True) -> bool:
    """The grammar names ``head`` as the source in so many words, and the role head does
    not overrule it: a "by" agent ("new supplies by the Turkish government": the government
    supplies; the small parser hangs such a "by" on the noun or on the verb that governs
    it) or the name before it ("hit by an Israeli strike": the role head took the speaker),
    the noun a relative pronoun stands for ("the group that seized the town"), whom an
    allegation names as the doer of its "of"/"for" act ("accused the Islamic State in
    the Greater Sahara of violating the ceasefire": the role head took the accuser), or
    whom a verb of control names to act ("called on Russia to halt attacks").
    Subjects and objects it may overrule: measured, guarding them too cost 3-4 points of
    source F1 (benchmarks/ablations.py), the rules' subject being often only part of the
    gold phrase or the wrong clause's; guarding the noun a passive relative clause tells of
    ("a report released on Monday") as the target cost ConfliBERT's target F1 0.002. The
    one target it names outright is a name a passive trigger's subject gives ("Navalny was
    arrested by police for protesting against Putin": not Putin);
    guarding a common noun so as well cost plv target text 0.002 and petr2's recipients."""
    if side != "source":  # the one a passive trigger names in so many words as done to,
        # or whom a verb of control names to act ("urges UN to renew Iran sanctions": the UN),
        # or whom ground is taken from ("retook the palace from the RSF": not the palace)
        return (head.dep_ == "nsubjpass" and head.head == trigger and head.pos_ == "PROPN"
                or head.dep_ == "pobj" and head.head.lower_ == "from"
                and head.head.head == trigger and trigger.lemma_.lower() in TAKING_VERBS
                or trigger.lemma_.lower() in APPEALING_VERBS and not is_passive(trigger)
                and any(head == c or head in c.conjuncts for c in controllers(trigger)))
    # the "by" agent, or whose its noun says it is ("hit by an Israeli strike")
    agent = head.head if head.dep_ in ("amod", "compound", "nmod", "poss") else head
    if agent.dep_ == "pobj" and agent.head.lower_ == "by":
        return agent.head.head in (trigger, trigger.head)
    # whom an act noun comes from ("prompting a warning from Pyongyang"), while the noun is
    # still the act the lexicon read ("as_read"); re-typed by the coder to the act of the
    # verb that governs it ("refused a request from 20 MPs": a refusal), the refuser acts
    if agent.dep_ == "pobj" and agent.head.lower_ == "from" and trigger.pos_ in ("NOUN", "PROPN"):
        return as_read and agent.head.head == trigger
    # whose decision, plan or move the act is, by name ("Turkey's decision to close the
    # border crossing": the role head took the one who expressed concern over it); not a
    # possessive pronoun, whose name the role head may find ("its commitment to support")
    if (trigger.dep_ == "acl" and head.dep_ == "poss" and head.head == trigger.head
            and head.pos_ != "PRON"):
        return True
    alleging = trigger.head.head  # or whom a verb of credit names ("thanked Mexico for
    if (trigger.dep_ == "pcomp" and trigger.head.lower_ in ("of", "for")  # hosting")
            and alleging.lemma_.lower() in ALLEGING_VERBS | CREDITING_VERBS):
        return head.head == alleging and head.dep_ in ("dobj", "nsubjpass")
    # whom a verb of control names to do what its complement says ("called on Russia to
    # halt attacks", "urged the rebels to withdraw"), the act a verb or its object; not
    # where the controller's will is the act ("ordered the paper to suspend publication":
    # the gold sets code the one who ordered, which the role head may find)
    verb = trigger.head if trigger.dep_ == "dobj" else trigger
    while governed(verb) and verb.head.lemma_.lower() in PHASE_VERBS:  # "to stop kidnapping"
        verb = verb.head
    if governed(verb) and verb.head.lemma_.lower() in OBJECT_CONTROL - CAUSATIVE_VERBS:
        return any(head == c or head in c.conjuncts for c in controllers(verb.head))
    # the small parser may read the one so named as the complement's own subject ("to help
    # them fight an offensive": "them" the subject of "fight")
    if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in OBJECT_CONTROL - CAUSATIVE_VERBS:
        return head.dep_ == "nsubj" and head.head == verb
    return (head == trigger.head and trigger.dep_ == "relcl" and not is_passive(trigger)
            and any(c.dep_ == "nsubj" and c.lower_ in RELATIVE_PRONOUNS
                    for c in trigger.children))


def settle(mode: str, found: list[Actor], found_score: float, pick: Pick | None,
           outright: bool = False, side: str = "source", named: bool = False) -> str:
    """Who settles a side: "rules" (what they found stands), "model" (the role head's
    word), or "none" (the side stays empty; the model alone, unsure). ``outright``: the
    rules' side is :func:`stated_outright`. A side the rules found no coded party on is
    weighed as empty: the rules only guessed at its words; unless it is a name
    (``named``: a person's or a group's), a party the actor base does not know yet, which
    the role head then overrules only as it would a coded one (plv target text +0.002,
    ConfliBERT target span F1 +0.0025)."""
    limits = THRESHOLDS[side]
    sure = pick is not None and pick.score >= limits.fill
    if mode == "rules" or (mode == "both" and outright):
        return "rules"
    if mode == "model":
        return "model" if sure else "none"
    if not found or all(a.code is None for a in found) and not named:
        return "model" if sure else "rules"
    overlaps = pick is not None and any(a.start <= pick.head.idx < a.end for a in found)
    overrule = (pick is not None and pick.score >= limits.overrule
                and found_score < limits.doubt)
    return "model" if overrule and not overlaps else "rules"
