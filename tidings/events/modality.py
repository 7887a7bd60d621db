"""How an event is reported: attribution (who says so) and flags (negated, denied, ...).

Both are read from the trigger's governors in the dependency tree: the speech verb
above a reported event gives its attribution, a negated "confirm" above it makes it
unconfirmed, "deny" makes it denied, "would"/"if" hypothetical, "will"/"plan to" future.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from tidings.events.arguments import (
    ALLEGING_VERBS,
    has_subject,
    marked_clause,
    noun_phrase,
    speaking_for,
    subject_of,
)
from tidings.model import Attribution, Flags

CONFIRM_VERBS = {"confirm", "verify"}


def governors(token: Token) -> Iterator[Token]:
    """The chain of heads above a token, up to the root of its sentence."""
    while token.head != token:
        token = token.head
        yield token


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def _has_aux(token: Token, words: set[str]) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in words for c in token.children)


def _own_verb(trigger: Token) -> Token:
    """The verb whose clause an event belongs to: the trigger, or the verb above a noun."""
    if trigger.pos_ == "VERB":
        return trigger
    return next((h for h in governors(trigger) if h.pos_ in ("VERB", "AUX")), trigger)


CONDITIONS = frozenset({"if", "unless"})


def conditional(trigger: Token) -> bool:
    """Whether the trigger's clause is the condition of another ("if Cuba does not release
    its prisoners"): what it tells is neither done nor stated, so no refusal or promise."""
    return any(c.dep_ == "mark" and c.lower_ in CONDITIONS for c in _own_verb(trigger).children)


def asked(trigger: Token) -> bool:
    """Whether the trigger's clause is an open question ("declined to say whether Washington
    planned to retaliate", "it was not clear whether the rebels attacked"): told as asked,
    not as done. Not "whether or not", which concedes ("attacked, whether or not ...")."""
    return any(c.dep_ == "mark" and c.lower_ == "whether"
               and not any(n.lower_ == "not" for n in c.doc[c.i + 1:c.i + 3])
               for c in _own_verb(trigger).children)


def _on_condition(verb: Token) -> bool:
    """Whether the verb's clause holds only on a condition it states ("If the talks fail,
    Turkey will launch an offensive")."""
    return any(c.dep_ == "advcl" and conditional(c) for c in verb.children)


CASE_NOUNS = frozenset({"event", "case"})


def _in_case_of(trigger: Token, own: Token) -> bool:
    """Whether the trigger is what a case is made of, below its own verb ("fears a spill-over
    in the event of an assault on Idlib", "in case of an attack"): an act supposed, not
    told."""
    for head in governors(trigger):
        if head == own:
            return False
        if (head.lower_ in CASE_NOUNS and head.dep_ == "pobj" and head.head.lower_ == "in"
                and any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children)):
            return True
    return False


def _awaited(verb: Token) -> bool:
    """Whether the verb is the end an until-clause in the present tense waits for ("vowed
    to continue protests until he resigns"): not so yet. In the past tense it may be a fact
    told ("fought on until the town fell in May")."""
    return verb.dep_ == "advcl" and verb.tag_ in ("VBZ", "VBP") and any(
        c.dep_ == "mark" and c.lower_ == "until" for c in verb.children)


def flags_for(trigger: Token, cues: dict[str, set[str]]) -> Flags:
    """Modality flags of the event a trigger announces."""
    flags = Flags()
    own = _own_verb(trigger)
    flags.negated = _negated(trigger) or _negated(own)
    flags.future = _has_aux(own, cues["modal_future"])
    flags.hypothetical = (_has_aux(own, cues["modal_hypothetical"]) or conditional(trigger)
                          or asked(trigger)
                          or _on_condition(own) or _in_case_of(trigger, own) or _awaited(own))
    chain = ([own] if own != trigger else []) + list(governors(own))
    described = False  # the trigger is told in a clause that describes a noun
    own_tense = False  # ... or one with a subject and a tense of its own
    for below, head in zip([trigger, *chain], chain, strict=False):  # each with the one below
        # what describes a verb's subject is not what the verb says ("The government, which
        # is fighting the Houthis, dismissed the release": the fighting is not dismissed)
        if described and below.dep_ in ("nsubj", "nsubjpass"):
            break
        # an adverbial clause with a subject of its own that states a fact: what governs it
        # ("urged talks, while the US imposed sanctions", "expect more violence after rebels
        # seized the town") does not reach inside
        if marked_clause(below, cues["asserting_marks"]):
            break
        described = described or below.dep_ in ("relcl", "acl")
        # a relative clause with its own subject tells its own time: what a plan or a vow
        # governs does not make it future ("vowing to retaliate for what it called a
        # violation", "to plan attacks inside Pakistan, a charge the Taliban deny")
        own_tense = own_tense or below.dep_ in ("relcl", "pcomp") and has_subject(below)
        lemma = head.lemma_.lower()
        # "did not confirm or deny X": the negation covers both verbs; X is unconfirmed
        conjoined = [head.head] if head.dep_ == "conj" and not has_subject(head) else []
        if any(t.lemma_.lower() in CONFIRM_VERBS and _negated(t)
               for t in [head, *conjoined, *head.children]):
            flags.unconfirmed, flags.negated, flags.denied = True, False, False
            break
        elif lemma in cues["denial_verbs"] and below.dep_ != "conj":
            flags.denied = True  # what it denies, not a verb beside it ("denied the claim
            # and called the strike a massacre")
        elif not own_tense and (lemma in cues["future_governors"] and below.dep_ != "conj" or (
                lemma in cues["scheduled_words"] and below.dep_ == "xcomp")):
            flags.future = True  # what is planned or expected, not a verb beside it ("said
            # more exchanges were expected and thanked Turkey": the thanks were given); what
            # is "due to" or "set to" happen, not what happened "due to" something
        elif lemma in cues["negating_governors"] and head.i < trigger.i:
            flags.negated = True
        elif lemma in cues["hypothetical_governors"] and head.i < trigger.i and not (
                below.dep_ == "conj" or below.dep_ == "dobj" and lemma == "call"):
            # what it asks for, not a verb beside it ("called the attack treasonous and
            # deployed the army"), nor what "call" names ("called the attack treasonous")
            flags.hypothetical = True
        if lemma in cues["presupposing_verbs"]:
            break
        # what a speaker says is their own claim, whatever governs the saying ("France
        # denied the strikes, saying it withdrew in 2022": the withdrawal is not denied)
        if head.dep_ in ("ccomp", "ROOT", "advcl") and head.lemma_.lower() in cues["quote_verbs"]:
            break
        if _has_aux(head, cues["modal_future"]) and not own_tense:
            flags.future = True
        # a modal reaches what its verb goes on to ("would keep attacking") and the end it
        # waits for ("... until the prime minister resigned": he has not)
        if _has_aux(head, cues["modal_hypothetical"]) and (below.dep_ == "xcomp" or (
                below.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "until"
                                              for c in below.children))):
            flags.hypothetical = True
        if any(c.dep_ == "mark" and c.lower_ == "if" for c in head.children) or asked(head):
            flags.hypothetical = True
        # nor does the verb of a clause joined beside it by "and"/"but" ("The army did not
        # confirm the loss, but a spokesman said its troops had withdrawn")
        if head.dep_ == "conj" and has_subject(head):
            break
    text = _joined_clause(trigger).text.lower()
    if any(phrase in text for phrase in cues["unconfirmed_phrases"]):
        flags.unconfirmed = True
    return flags


def _joined_clause(trigger: Token) -> Span:
    """The words of the sentence the trigger's clause stands with: all of them, less the
    clauses beside its own that "and"/"but" join with subjects of their own ("The army did
    not confirm the loss of the town, but a spokesman said its troops had withdrawn": the
    withdrawal is not what went unconfirmed)."""
    node = trigger
    while node.head != node and not (node.dep_ == "conj" and has_subject(node)):
        node = node.head
    return trigger.doc[node.left_edge.i : node.right_edge.i + 1]


def _role(span: Span, cues: dict[str, set[str]]) -> str:
    """News organisations report; everyone else they quote is a source."""
    name = span.text.lower()
    outlets = cues["news_outlets"]
    return "reporter" if name in outlets or name.removeprefix("the ") in outlets else "source"


def _attribution(span: Span, role: str) -> Attribution:
    return Attribution(text=span.text, role=role, start=span.start_char, end=span.end_char)


def _speakers(verb: Token, cues: dict[str, set[str]]) -> Iterator[Attribution]:
    """Who a speech verb says is speaking: its subject, and whom it cites or quotes."""
    for subject in subject_of(speaking_for(verb)):
        if subject.pos_ != "PRON":
            phrase = noun_phrase(subject)
            yield _attribution(phrase, _role(phrase, cues))
    cites = [verb] if verb.lemma_.lower() in cues["source_object_verbs"] else []
    cites += [c for c in verb.children if c.lemma_.lower() in cues["source_object_verbs"]]
    for cite in cites:
        for obj in (c for c in cite.children if c.dep_ == "dobj"):
            yield _attribution(noun_phrase(obj), "source")


def _alleged(path: list[Token], verb: Token) -> bool:
    """Whether what hangs below an alleging verb (``path``: the heads from the event up to
    the verb's child) is its charge ("accused Moscow of shelling", "charged them with
    killing"; the small parser may hang the charge on the accused: "accuses militants of
    breaking truce"), not another act of its subject's ("convicted him and sentenced him")."""
    below = path[-1]
    if below.dep_ == "dobj" and len(path) > 1:
        below = path[-2]
    return verb.lemma_.lower() in ALLEGING_VERBS and (
        below.dep_ == "prep" and below.lower_ in ("of", "for", "with") or below.dep_ == "ccomp")


def _told_after(verb: Token, cues: dict[str, set[str]]) -> Iterator[Attribution]:
    """Who reports a clause after telling it, where the small parser hangs the report on
    the clause ("Niger deployed troops, the defence ministry said": "said" a parataxis)."""
    for report in verb.children:
        if report.dep_ == "parataxis" and report.lemma_.lower() in cues["quote_verbs"]:
            yield from _speakers(report, cues)


def _according_to(token: Token) -> Iterator[Attribution]:
    for child in token.children:
        if child.lower_ == "according":
            for prep in child.children:
                for obj in (c for c in prep.children if c.dep_ == "pobj"):
                    yield _attribution(noun_phrase(obj), "source")


def attribution_for(trigger: Token, cues: dict[str, set[str]]) -> list[Attribution]:
    """The reporters and sources a reported or alleged event is attributed to, outermost
    first."""
    found: list[Attribution] = list(_according_to(trigger)) + list(_told_after(trigger, cues))
    path = [trigger]
    for head in governors(trigger):
        found.extend(_according_to(head))
        if head.lemma_.lower() in cues["quote_verbs"] or _alleged(path, head):
            found.extend(_speakers(head, cues))
        if path[-1].dep_ != "conj":  # "X did Y, the ministry said, and urged Z": not Z
            found.extend(_told_after(head, cues))
        if head.dep_ == "conj" and has_subject(head):  # "The army did not confirm the
            break  # loss, but a spokesman said its troops had withdrawn": not the army
        path.append(head)
    unique = {(a.start, a.end): a for a in found}
    return sorted(unique.values(), key=lambda a: (a.role != "reporter", a.start))
