"""Who did it and to whom: actor and recipient heads from the dependency parse.

Works on spaCy's English dependency labels (ClearNLP style). The rules cover active
and passive voice, relative and participial clauses, control verbs ("called on X to
halt attacks": X halts), nominal triggers with possessives, "by" phrases and light
verbs ("X launched an attack on Y"), and pronouns resolved to earlier actors.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from tidings.actors.coding import entity_at
from tidings.events.lexicon import (
    NOUN_POS,
    VERB_POS,
    TriggerLexicon,
    TriggerRule,
    governed,
    names_party,
)
from tidings.geo import SITE_WORDS

SUBJECT_DEPS = ("nsubj", "csubj")
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
OBJECT_DEPS = ("dobj", "dative")
RELATIVE_PRONOUNS = {"which", "who", "that", "whom"}
# Verbs whose object is the one who does what their complement says ("urged X to leave").
OBJECT_CONTROL = {"help", "urge", "call", "ask", "convince", "persuade", "force", "order",
                  "accuse", "blame", "charge", "suspect", "convict", "criticize", "condemn",
                  "allow", "tell", "push", "encourage", "press", "invite", "warn", "pressure"}
# Verbs that credit whom they name with the act their "for" phrase tells of ("thanked Mexico
# for hosting the talks": Mexico hosted), as verbs of blame name its doer (ALLEGING_VERBS).
CREDITING_VERBS = frozenset({"thank", "praise", "commend", "congratulate", "credit"})
OBJECT_CONTROL |= CREDITING_VERBS
# Verbs of a phase of the act their complement names ("urged the ELN to stop kidnapping
# civilians"): whom a verb of control names to go on or stop is the act's doer.
PHASE_VERBS = frozenset({"stop", "start", "begin", "continue", "keep", "resume", "cease",
                         "end", "halt", "quit"})
# Verbs that name someone as the doer of the act their "of"/"for" phrase tells of: the act
# is their subject's allegation ("Kyiv accused Moscow of shelling the plant").
ALLEGING_VERBS = frozenset({"accuse", "blame", "charge", "suspect", "convict"})
# Verbs whose passive's "from" place is the doer when no "by" names one: a state expels,
# deports or extradites people from its own territory.
EXPELLING_VERBS = frozenset({"expel", "deport", "extradite", "evict", "banish"})
# Verbs of taking ground or goods: whom a "from" phrase names lost it, the recipient
# ("recaptured the town from al-Shabaab"), before what was taken.
TAKING_VERBS = frozenset({"capture", "recapture", "retake", "seize", "take", "wrest", "regain",
                          "gain", "overrun", "confiscate"})
# Prepositions that introduce the recipient of an event, by PLOVER type.
RECIPIENT_PREPS: dict[str, tuple[str, ...]] = {
    "ASSAULT": ("on", "against", "at", "into", "with", "toward", "towards"),
    "REQUEST": ("on", "to"),
    "AGREE": ("with",),
    "CONSULT": ("with",),
    "COOPERATE": ("with",),
    "AID": ("to", "for"),
    "THREATEN": ("against", "to"),
    "SANCTION": ("on", "against", "to"),  # "cut aid to X"
    "REJECT": ("to",),  # "cancelled a visit to X"
    "PROTEST": ("against", "at"),  # "threw stones at police"
    "ACCUSE": ("against",),
    "SUPPORT": ("for", "with"),  # "endorsed an agreement with X"
    "MOBILIZE": ("against",),
    "COERCE": ("on", "against", "for"),  # "arrest warrants for X"
    "CONCEDE": ("on", "to", "against"),  # "lifted sanctions on X", "granted access to X"
    "RETREAT": ("from", "to"),  # "withdrew troops from X", "returned artefacts to X"
}
# Participles that make a name before a noun its agent ("CIA-led", "Iranian-backed").
AGENTIVE_PARTICIPLES = {"lead", "led", "back", "backed", "fund", "funded", "run", "sponsor",
                        "sponsored", "organise", "organize", "organised", "organized"}
NAME_ENTITIES = ("NORP", "GPE", "ORG")
# Verbs whose object is who an aid noun goes to ("support to help the rebels").
HELP_VERBS = {"help", "assist", "support", "aid"}
# Types whose direct object is what is moved, not who receives it ("deployed troops").
THEME_OBJECT_TYPES = {"MOBILIZE"}
# Types whose direct object is what is moved when a place or party it leaves or reaches is
# named ("withdrew troops from X").
MOVING_TYPES = {"RETREAT"}
# Types whose passive subject is a measure aimed at someone ("EU sanctions against Belarus
# were lifted", "aid to Yemen was suspended"): the measure's owner acts, on whom it is aimed.
MEASURE_TYPES = {"CONCEDE", "SANCTION"}
# Clause links through which an argument-less verb takes its governor's subject.
INHERIT_DEPS = {"xcomp", "advcl", "conj", "pcomp", "ccomp", "acl", "relcl", "prep", "pobj"}


def _children(token: Token, deps: tuple[str, ...] | set[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _prep_objects(token: Token, preps: tuple[str, ...]) -> list[Token]:
    """Objects of the token's prepositions among ``preps``; never a date ("on Saturday"),
    but the name the parser hung under one ("met with Assad Tuesday")."""
    found = []
    for prep in token.children:
        if prep.dep_ not in ("prep", "prt", "agent", "dative") or prep.lower_ not in preps:
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj" and obj.ent_type_ in ("DATE", "TIME"):
                obj = next((c for c in obj.children if c.dep_ == "compound"
                            and c.ent_type_ not in ("DATE", "TIME")), None)
            elif obj.dep_ != "pobj":
                continue
            if obj is not None:
                found.append(obj)
    return found


def _told_in_full(sentence: Span) -> bool:
    """Whether a sentence ends as a sentence does (a full stop, a question or exclamation
    mark, before a closing quote or not), as a headline does not: a headline drops the
    "was" of its passives ("Five killed in Kabul blast"), a sentence told in full does not.
    The parser keeps a paragraph's line breaks in its last sentence."""
    words = [t for t in sentence if not t.is_space]
    if words and words[-1].is_quote:
        words.pop()
    return bool(words) and words[-1].text in (".", "!", "?")


def _misparsed_main_verb(verb: Token) -> bool:
    """A sentence's verb the parser hung as a participle on its subject, made the root ("In
    Tehran, hundreds of students protested outside the embassy.": "hundreds" the root,
    "protested" its modifier); in a headline that is a passive ("Hundreds killed in blast")."""
    return (verb.dep_ == "acl" and verb.head.dep_ == "ROOT" and verb.head.pos_ in NOUN_POS
            and _told_in_full(verb.sent))


def is_passive(verb: Token) -> bool:
    """"was attacked", "that is negotiated", headlines' "RSF accused of killing", and
    participles like "rebels supported by X", "civilians imprisoned for years were freed"
    (tagged a past tense, but the noun it describes is another verb's subject)."""
    participle = verb.dep_ == "acl" and not _children(verb, OBJECT_DEPS) and (
        verb.tag_ == "VBN" or verb.tag_ == "VBD" and verb.head.dep_ in SUBJECT_DEPS
        + PASSIVE_SUBJECT_DEPS and verb.head.head.i > verb.i) and not _misparsed_main_verb(verb)
    # a headline's passive drops its "was" (a past participle heading the clause, with no
    # auxiliary); in a sentence told in full such a root is a past tense the tagger took for
    # a participle ("In Kabul, dozens of women protested against the ban.")
    headline = verb.dep_ == "ROOT" and verb.tag_ == "VBN" and not _children(
        verb, OBJECT_DEPS + ("aux", "auxpass")) and not _told_in_full(verb.sent)
    # a clause reduced to its participle: "would strike Iran if attacked"
    reduced = verb.dep_ == "advcl" and verb.tag_ == "VBN" and _children(verb, ("mark",)) and not (
        _children(verb, OBJECT_DEPS + SUBJECT_DEPS + ("aux", "auxpass")))
    return participle or headline or reduced or _completes_passive(verb) or any(
        c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in verb.children
    )


def _completes_passive(verb: Token) -> bool:
    """A bare participle completing a passive verb: "was found murdered", "were reported
    killed" (the subject of "found" is who was murdered)."""
    return (verb.dep_ in ("xcomp", "oprd") and verb.tag_ == "VBN" and verb.head != verb
            and not _children(verb, OBJECT_DEPS + SUBJECT_DEPS + ("aux", "auxpass"))
            and any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in verb.head.children))


def passive_subjects(verb: Token) -> list[Token]:
    """The subject of a passive verb, or of the passive verb a bare participle completes."""
    return _children(verb, PASSIVE_SUBJECT_DEPS) or (
        _children(verb.head, PASSIVE_SUBJECT_DEPS) if _completes_passive(verb) else [])


def has_subject(verb: Token) -> bool:
    """Whether the verb's clause names a subject of its own (active or passive)."""
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def marked_clause(verb: Token, marks: set[str] | frozenset[str]) -> bool:
    """Whether the verb heads an adverbial clause with a subject of its own, opened by one of
    ``marks`` ("..., while Moscow warned ...")."""
    return verb.dep_ == "advcl" and has_subject(verb) and any(
        c.dep_ == "mark" and c.lower_ in marks for c in verb.children)


def grammatical_subject(verb: Token) -> list[Token]:
    """The surface subject, passive or not, with a relative pronoun replaced by its noun."""
    subjects = _children(verb, SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS)
    if subjects and subjects[0].lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return [verb.head]
    return subjects


def _split_modifier_dropped(subjects: list[Token]) -> list[Token]:
    """The subjects without an adjective the parser split off the noun right after it
    ("Sudan's paramilitary Rapid Support Forces": "paramilitary", with "Sudan's", made a
    second subject beside "Forces")."""
    nouns = {t.i for t in subjects if t.pos_ != "ADJ"}
    return [t for t in subjects if t.pos_ != "ADJ" or not any(
        i in nouns for i in range(t.i + 1, t.i + 5))] if nouns else subjects


def speaking_for(verb: Token) -> Token:
    """The verb whose subject speaks ``verb``: itself, but for a "saying" or "adding" with no
    subject of its own that the small parser hung on a reported clause, which speaks for that
    clause's reporter ("France denied that its aircraft had carried out strikes, saying it
    withdrew": France says so, and "it" is France)."""
    reported = verb.head
    if (verb.tag_ == "VBG" and verb.dep_ == "advcl" and reported.dep_ == "ccomp"
            and not _children(verb, SUBJECT_DEPS)):
        return reported.head
    return verb


def subject_of(verb: Token, depth: int = 0) -> list[Token]:
    """The doer of a verb, climbing through clause links when the verb has no subject."""
    if depth > 6:
        return []
    if is_passive(verb):
        agents = _prep_objects(verb, ("by",))
        if not agents and verb.lemma_.lower() in EXPELLING_VERBS:
            # "two diplomats were expelled from Albania": the state they must leave expels
            agents = [t for t in _prep_objects(verb, ("from",)) if t.ent_type_ == "GPE"]
        return agents
    # "X have opposed": the parser sometimes hangs the subject on the auxiliary
    subjects = _children(verb, SUBJECT_DEPS) or [
        s for aux in _children(verb, ("aux",)) for s in _children(aux, SUBJECT_DEPS)]
    if subjects:
        if subjects[0].lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return [verb.head]
        return _split_modifier_dropped(subjects)
    # "rebels attacking the town", and a main clause parsed as a noun's modifier ("The air
    # force carried out strikes": finite "carried" cannot modify "force")
    if verb.dep_ == "acl" and (verb.tag_ in ("VBG", "VBD") or _children(verb, OBJECT_DEPS)
                               or _misparsed_main_verb(verb)) or verb.dep_ == "relcl":
        return [verb.head]
    if verb.dep_ not in INHERIT_DEPS or verb.head == verb:
        return []
    governor = verb.head
    while governor.pos_ not in VERB_POS and governor.head != governor and (
        governor.dep_ in ("prep", "pobj", "pcomp", "dobj", "acl", "acomp")  # "is ready to go"
    ):
        governor = governor.head
    if (governed(verb) or verb.dep_ == "pcomp") and governor.lemma_.lower() in OBJECT_CONTROL:
        named = controllers(governor)
        if named:
            return named
    if governor.pos_ in NOUN_POS and verb.dep_ == "acl":
        return [governor]
    if verb.dep_ == "xcomp" and is_passive(governor):  # "X is scheduled to attend"
        raised = _children(governor, PASSIVE_SUBJECT_DEPS)
        if raised:
            return raised
    return subject_of(governor, depth + 1) if governor.pos_ in VERB_POS | {"AUX"} else []


def _phone_call(verb: Token) -> bool:
    """"X called Y to apologize": the caller does what the call was for, where "called on
    Y to" names Y to do it; the trigger lexicon's phone rows tell the call."""
    rule = TriggerLexicon.load().match(verb)
    return rule is not None and rule.mode == "phone"


def controllers(verb: Token) -> list[Token]:
    """Whom a verb of control (OBJECT_CONTROL) names to act: its object, or whom it calls
    on ("called on Russia and the Syrian government to halt attacks"), or a passive's
    subject ("Russia was accused by Ukraine of shelling the plant"); no one after a phone
    call, whose purpose is the caller's."""
    if _phone_call(verb):
        return []
    if is_passive(verb):
        return _children(verb, PASSIVE_SUBJECT_DEPS + SUBJECT_DEPS)
    return _children(verb, OBJECT_DEPS) or _prep_objects(verb, ("on",))


def suffered_weapons(verb: Token, weapons: set[str]) -> list[Token]:
    """The weapon or attack nouns a passive says its victims suffered: "were killed in
    Turkish artillery shelling", "wounded in an Israeli air strike", "hit by Houthi
    missiles". Whoever owns them is the doer when no one else is named (the small parser
    often hangs that name on the weapon: "Turkish artillery")."""
    if verb.pos_ not in VERB_POS or not is_passive(verb):
        return []
    return [obj for obj in _prep_objects(verb, ("in", "by", "from", "during"))
            if obj.lemma_.lower() in weapons or _split_compound(obj, weapons)]


def victims(noun: Token, dying_verbs: set[str], harm_verbs: set[str]) -> list[Token]:
    """Who died or was hurt in the violence a noun names: "a child died in an airstrike",
    "a protester was wounded by police fire" (where the verb makes no event of its own,
    having no named doer). The noun is the event, aimed at the verb's subject; so is its
    cause ("died after torture", "died as a result of the torture")."""
    if noun.pos_ not in NOUN_POS or noun.dep_ != "pobj":
        return []
    prep = noun.head
    if (prep.lower_ == "of" and prep.head.lemma_.lower() in CAUSE_NOUNS
            and prep.head.dep_ == "pobj" and prep.head.head.lower_ == "as"):
        prep = prep.head.head  # "as a result of"
    elif prep.lower_ not in ("in", "during", "from", "by", "after"):
        return []
    return _sufferers(prep.head, dying_verbs, harm_verbs, by=prep.lower_ == "by")


CAUSE_NOUNS = frozenset({"result", "consequence"})


def harmed(trigger: Token, dying_verbs: set[str], harm_verbs: set[str]) -> list[Token]:
    """Whom the grammar says the event killed or hurt: the subject of "died" or of a
    passive verb of harm ("two soldiers were killed"), or :func:`victims` of a noun."""
    if trigger.pos_ in VERB_POS:
        return _sufferers(trigger, dying_verbs, harm_verbs, by=False)
    return victims(trigger, dying_verbs, harm_verbs)


def _sufferers(verb: Token, dying_verbs: set[str], harm_verbs: set[str], by: bool
               ) -> list[Token]:
    """The subject of a verb of dying (not "died by": that names a cause) or of a passive
    verb of harm, or the noun such a participle tells of ("12 soldiers killed in Borno");
    [] for any other verb."""
    lemma = verb.lemma_.lower()
    if verb.pos_ in VERB_POS and (lemma in dying_verbs and not by
                                  or lemma in harm_verbs and is_passive(verb)):
        return (grammatical_subject(verb) or passive_subjects(verb)
                or ([verb.head] if verb.dep_ == "acl" else []))
    return []


def _split_compound(noun: Token, weapons: set[str]) -> bool:
    """"Israeli tank shelling" cut by the parser after "tank": the next word is the weapon."""
    after = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    return after is not None and after.lemma_.lower() in weapons and after.head != noun


# Verbs that name an event noun what they think it ("called the attack treasonous",
# "labelled the strike a war crime"): their subject speaks of it.
NAMING_VERBS = frozenset({"call", "label", "term", "brand", "dub"})
# Verbs that tell what their object is "as" ("described the raid as a massacre").
DESCRIBING_VERBS = frozenset({"describe", "denounce", "condemn", "decry", "brand", "label",
                              "characterise", "characterize", "regard", "view"})


def is_label(noun: Token) -> bool:
    """Whether a noun is the name a speaker gives the object of a naming verb ("called the
    strike a massacre", "labelled the strike a war crime", "described the raid as a
    massacre"): a judgement of that act, no act of its own."""
    if noun.pos_ not in NOUN_POS:
        return False
    head = noun.head
    if head.lemma_.lower() in NAMING_VERBS and (
            noun.dep_ in ("oprd", "xcomp", "attr")
            or noun.dep_ == "dobj" and any(c.dep_ == "dobj" and c.i < noun.i
                                          for c in head.children)):
        return True
    if noun.dep_ == "pobj" and head.lower_ == "as":
        owner = head.head
        verb = owner.head if owner.dep_ == "dobj" else owner
        return verb.lemma_.lower() in DESCRIBING_VERBS
    return False


def onlookers(noun: Token, onlooker_verbs: set[str], expressing_verbs: set[str]) -> list[Token]:
    """Subjects of the verb that speaks of an event noun without carrying it out: "the
    minister condemned the attack", "expressed sorrow for the bombing" (a verb of
    expressing only through a phrase under its object: "expressed its rejection" is the
    subject's own act). Never that event's doer, whoever else may be."""
    if noun.pos_ not in NOUN_POS:
        return []
    governor, through_phrase = noun, False
    for _ in range(4):
        if governor.dep_ == "pobj":
            governor, through_phrase = governor.head.head, True
        elif governor.dep_ in ("dobj", "nsubjpass", "conj"):
            governor = governor.head
        else:
            return []
        if governor.pos_ in VERB_POS:
            break
    lemma = governor.lemma_.lower()
    naming = lemma in NAMING_VERBS and not through_phrase and any(
        c.dep_ in ("oprd", "dobj", "xcomp", "acomp") and c.i > noun.i for c in governor.children)
    if governor.pos_ in VERB_POS and (lemma in onlooker_verbs or naming
                                      or lemma in expressing_verbs and through_phrase):
        subjects = grammatical_subject(governor)
        if governor.dep_ == "ccomp" and any(s.tag_ == "PRP" for s in subjects):
            subjects += grammatical_subject(governor.head)  # "the army said it repelled ..."
        return subjects
    return []


# What attackers come "on" is how they came, not whom they hit ("stormed the village on
# motorcycles", "attacked on foot"); "opened fire on residents" keeps its target.
MOUNTS = frozenset({"motorcycle", "motorbike", "bike", "bicycle", "foot", "horseback",
                    "horse", "camel", "donkey", "boat", "canoe", "speedboat"})


def _verb_recipients(verb: Token, rule: TriggerRule) -> list[Token]:
    preps = RECIPIENT_PREPS.get(rule.event_type, ())
    if rule.event_type == "ASSAULT" and _children(verb, ("dobj",)):
        preps = tuple(p for p in preps if p != "with")  # "attacked a refinery with drones"
    if rule.particle:
        found = _prep_objects(verb, (rule.particle,))
        # "pulled out of the deal"; not where an object is what the act is aimed at ("forced
        # aid workers out of Rakhine")
        if not found and not _children(verb, ("dobj",)):
            found = [o for p in verb.children if p.lower_ == rule.particle
                     for o in _prep_objects(p, ("of",))]
        if rule.event_type == "SANCTION":  # "withdrew from the deal with Iran": Iran
            found = [x for thing in found for x in _prep_objects(thing, ("with",)) or [thing]]
        if found:
            return found
    losers = _prep_objects(verb, ("from",)) if verb.lemma_.lower() in TAKING_VERBS else []
    if losers and not is_passive(verb):
        return losers
    if is_passive(verb):
        placed = _prep_objects(verb, preps) if rule.event_type in MOVING_TYPES else []
        if placed:  # "the painting was returned to Spain": the subject is what was moved
            return placed
        subjects = passive_subjects(verb)
        themes = subjects or ([verb.head] if verb.dep_ in ("acl", "relcl") else [])
        if rule.objects and rule.event_type not in MOVING_TYPES and any(
                t.lemma_.lower() in rule.objects for t in themes):
            # "reinforcements were sent to Gao": the subject is what the row's object names,
            # as in "sent reinforcements to Gao", so whom the act reaches is in a phrase, or
            # owns the thing ("their demands were met"); not who is released or withdrawn
            return _prep_objects(verb, preps) + [
                o for t in themes for o in _prep_objects(t, preps) + _children(t, ("poss",))]
        aimed = [o for s in subjects for o in _prep_objects(s, preps)]
        if aimed and rule.event_type in MEASURE_TYPES:
            return aimed
        if subjects and subjects[0].lower_ in RELATIVE_PRONOUNS or not subjects and verb.dep_ in (
            "acl", "relcl"
        ):
            return [verb.head]
        return subjects
    if not rule.objects and rule.event_type not in THEME_OBJECT_TYPES:
        if verb.dep_ == "relcl" and _children(verb, SUBJECT_DEPS) and not _children(
            verb, OBJECT_DEPS
        ):
            return [verb.head]
        # "supplied arms to Israel": the object may be a thing, so the "to" phrase counts too;
        # arguments that name no actor are dropped when coded. What a retreat moves is no
        # recipient where a "from" or "to" phrase says whom it leaves or reaches ("withdrew
        # peacekeepers from the Golan", "returned the soldiers to Ukraine").
        placed = [o for o in _prep_objects(verb, preps)
                  if not (o.head.lower_ == "on" and o.lemma_.lower() in MOUNTS)]
        if rule.event_type in MOVING_TYPES:  # "pulled its troops out of Sudan": from Sudan
            placed += [obj for out in _children(verb, ("prep", "prt")) if out.lower_ == "out"
                       for obj in _prep_objects(out, ("of",))]
        if placed and rule.event_type in MOVING_TYPES:
            return placed
        return _children(verb, OBJECT_DEPS) + placed
    # "sent weapons to X": X may hang from the verb, its object, or a conjoined object; "gave
    # X weapons": X is the verb's indirect object; "suspended talks with X": the other side
    # of the talks
    datives = [c for c in verb.children if c.dep_ == "dative" and c.pos_ in NOUN_POS]
    things = [c for c in verb.children if c.dep_ in ("dobj", "conj") and c.pos_ in NOUN_POS]
    things += [conj for thing in things for conj in thing.conjuncts]
    return datives + _prep_objects(verb, preps) + [
        obj for thing in things for obj in _prep_objects(thing, (*preps, "with"))]


def light_verb(noun: Token, light_verbs: set[str]) -> Token | None:
    """The light verb a noun trigger is the object of: "launched an attack", and through
    an amount or a package, "provided $2 million in aid", "gave funds for relief"."""
    if noun.dep_ == "pobj" and noun.head.lower_ in ("in", "of", "for", "on"):  # "went on strike"
        noun = noun.head.head
        if noun.pos_ in VERB_POS and noun.lemma_.lower() in light_verbs:  # "joined X for talks"
            return noun
        if noun.lemma_.lower() == "responsibility" and noun.dep_ == "dobj":
            return noun.head  # "claimed responsibility for the attack": the claimant did it
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in light_verbs:
        return noun.head
    return None


def _agentive_modifiers(noun: Token) -> list[Token]:
    """Names before a noun that say whose it is: "Turkish supplies", "a CIA-led program"."""
    found = []
    for c in noun.children:
        if c.dep_ not in ("amod", "compound", "nmod") or c.i > noun.i:
            continue
        if c.ent_type_ in NAME_ENTITIES:
            found.append(c)
        elif c.lemma_.lower() in AGENTIVE_PARTICIPLES:  # "CIA-led", "Russian-backed"
            found += [g for g in c.children if g.ent_type_ in NAME_ENTITIES]
    return found


def role_modifiers(trigger: Token) -> list[Token]:
    """Common words before a noun trigger that may say who acts ("a rebel attack", "police
    raids"), or before the event noun that is a verb's subject ("a rebel attack killed
    ten"). A fallback: they count only if the actor coder codes them."""
    noun = trigger if trigger.pos_ in NOUN_POS else next(
        (c for c in trigger.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)
    if noun is None:
        return []
    return [c for c in noun.children if c.dep_ in ("amod", "compound") and c.i < noun.i
            and c.ent_type_ not in NAME_ENTITIES]


def _noun_actor(noun: Token, light_verbs: set[str]) -> list[Token]:
    owners = [c for c in _children(noun, ("poss",)) if c.ent_type_ not in ("DATE", "TIME")]
    owners = owners or _prep_objects(noun, ("by", "from"))
    if owners:
        return owners
    modifiers = _agentive_modifiers(noun)
    if modifiers:
        return modifiers
    verb = light_verb(noun, light_verbs)
    doers = subject_of(verb) if verb is not None else []
    if doers:
        return doers
    if noun.dep_ == "nsubjpass" and noun.head.lemma_.lower() == "claim":
        return _prep_objects(noun.head, ("by",))  # "the attack was claimed by JNIM"
    if noun.dep_ == "dobj" and not is_passive(noun.head):
        # "denied supplies by the government": an active verb has no agent, so the parser
        # hung the noun's "by" phrase on the wrong word
        return _prep_objects(noun.head, ("by",))
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in NOUN_POS:
        return _noun_actor(noun.head.head, light_verbs)  # "a CIA-led program of support"
    return []


# Event nouns whose "of" names what the act is done to ("its invasion of Ukraine", "the
# siege of Mariupol"), where an attack's "of" may name its doers ("an attack of the rebels").
OF_TARGET_NOUNS = frozenset({"invasion", "occupation", "siege", "bombardment", "shelling",
                             "bombing", "blockade", "annexation", "encirclement", "storming",
                             "capture", "seizure", "destruction"})


def _noun_recipients(noun: Token, rule: TriggerRule, light_verbs: set[str],
                     arrival_verbs: set[str]) -> list[Token]:
    preps = RECIPIENT_PREPS.get(rule.event_type, ())
    if noun.lemma_.lower() in OF_TARGET_NOUNS:
        preps = (*preps, "of")
    found = _prep_objects(noun, preps)
    if not found and rule.event_type == "AID":  # "support (...) to help moderate rebels"
        owner = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else noun
        found = [obj for verb in owner.children if verb.dep_ in ("relcl", "acl")
                 and verb.lemma_.lower() in HELP_VERBS for obj in _children(verb, OBJECT_DEPS)]
    verb = light_verb(noun, light_verbs)
    if not found and verb is not None:
        found = _prep_objects(verb, preps)
        if not found and verb.lemma_.lower() in arrival_verbs:  # "arrived in Damascus for
            found = _prep_objects(verb, ("in", "at"))  # a visit": the hosts
        # "provided Egypt with $50 billion in aid", "joined Abe for talks", "engaged the
        # peacekeepers in a firefight": the verb's own object is whom the event is aimed at
        if not found and (rule.event_type in ("AID", "CONSULT") or noun.dep_ == "pobj"):
            found = [o for o in _children(verb, OBJECT_DEPS)  # not the phrase holding it
                     if o.i != noun.i and noun not in o.subtree]
    return found


def _receiving_verb(noun: Token, receiving_verbs: set[str]) -> Token | None:
    """The verb whose subject undergoes a noun trigger: "faced criticism", "received a visit",
    "received $2 billion in aid", "came under attack"."""
    if (noun.dep_ == "pobj" and noun.head.lower_ == "under"
            and noun.head.head.lemma_.lower() in ("come", "fall")):
        return noun.head.head
    verb = light_verb(noun, receiving_verbs)
    return verb if verb is not None and verb.lemma_.lower() in receiving_verbs else None


def argument_heads(
    trigger: Token, rule: TriggerRule, cues: dict[str, set[str]]
) -> tuple[list[Token], list[Token]]:
    """(actor heads, recipient heads) of one trigger."""
    if _nominal_gerund(trigger):  # "Fighting between the army and the RSF has displaced"
        return _noun_arguments(trigger, rule, cues)
    if trigger.pos_ in VERB_POS and rule.converse:
        return _prep_objects(trigger, ("from",)), subject_of(trigger)
    if trigger.pos_ in VERB_POS and _hits_laid_weapon(trigger, cues):
        return [], subject_of(trigger)  # "their vehicle hit a roadside bomb": a victim
    if trigger.pos_ in VERB_POS:
        # "a convoy struck a landmine, killing one peacekeeper": no doer to inherit
        inherited = not _children(trigger, SUBJECT_DEPS) and _hits_laid_weapon(trigger.head, cues)
        doers = [] if inherited else subject_of(trigger) or _measure_owners(trigger, rule)
        return doers, _between_sides(_verb_recipients(trigger, rule))
    receiver = _receiving_verb(trigger, cues["receiving_verbs"])
    if receiver is not None:  # whom the noun came from acts, on the verb's subject, or
        # whose the noun's names say it is ("Kyiv faces a Russian offensive")
        givers = (_prep_objects(trigger, ("from", "by")) or _prep_objects(receiver, ("from", "by"))
                  or _agentive_modifiers(trigger))
        return givers, subject_of(receiver)
    return _noun_arguments(trigger, rule, cues)


def _noun_arguments(noun: Token, rule: TriggerRule, cues: dict[str, set[str]]
                    ) -> tuple[list[Token], list[Token]]:
    light_verbs = cues["light_verbs"]
    actors, recipients = _noun_actor(noun, light_verbs), _noun_recipients(
        noun, rule, light_verbs, cues["arrival_verbs"])
    sides = _prep_objects(noun, ("between",))  # "talks between Israel and Hamas"
    if not actors and sides:
        return sides[:1], recipients or sides[0].conjuncts
    return actors, recipients


def _measure_owners(verb: Token, rule: TriggerRule) -> list[Token]:
    """Whose measure a passive with no "by" acts on ("EU sanctions against Belarus were
    lifted": the EU's, who lifts them)."""
    if rule.event_type not in MEASURE_TYPES or not is_passive(verb):
        return []
    return [owner for thing in passive_subjects(verb) for owner in owners(thing)]


def owners(thing: Token) -> list[Token]:
    """Whose a thing is, by its words: "Iran's plan", "the US decision", "EU sanctions";
    not a place named in a venue's name ("the Emirates Stadium")."""
    return [c for c in thing.children if c.dep_ == "poss" or (
        c.dep_ in ("compound", "amod") and c.ent_type_ in ("GPE", "NORP", "ORG")
        and not (c.ent_type_ == "GPE" and thing.pos_ == "PROPN"
                 and thing.lemma_.lower() in SITE_WORDS))]


def _nominal_gerund(verb: Token) -> bool:
    """A gerund standing as a noun, with no subject or object of its own: "Fighting between
    X and Y has displaced ..."."""
    return (verb.tag_ == "VBG" and verb.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
            and not _children(verb, SUBJECT_DEPS + OBJECT_DEPS))


def _hits_laid_weapon(verb: Token, cues: dict[str, set[str]]) -> bool:
    """Whether the verb's subject hits, strikes or triggers a bomb or mine laid in wait: it
    is the weapon's victim, not a doer."""
    return verb.pos_ in VERB_POS and verb.lemma_.lower() in ("hit", "strike", "trigger") and any(
        o.lemma_.lower() in cues["laid_weapons"] for o in _children(verb, ("dobj",)))


def _between_sides(objects: list[Token]) -> list[Token]:
    """The objects, each that holds parties "between" it replaced by them: what one mediates,
    hosts or brokers is aimed at its sides ("mediating talks between Israel and Hamas")."""
    found: list[Token] = []
    for thing in objects:
        sides = _prep_objects(thing, ("between",))
        found += [s for side in sides for s in (side, *side.conjuncts)] or [thing]
    return found


# Dependents that start a clause or a description: the phrase naming an actor ends there.
CLAUSAL_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp"}
KEEP_PREPS = {"of", "for", "from"}  # "a spokesman for X", "dissidents from Myanmar"


NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}


def _name_around(token: Token) -> Span | None:
    name = entity_at(token)
    return name if name is not None and name.label_ in NAME_LABELS else None


# Verbs whose "of" phrase is the charge: "accused X of war crimes", "convicted X of murder".
_CHARGING = frozenset({"accuse", "convict", "suspect", "acquit", "absolve", "clear"})


def _before_charge(head: Token, right: int) -> int:
    """Where the object of a charging verb ends: before its last "of" phrase when the verb
    has none of its own and that phrase names no party. The small parser hangs the charge
    on the object ("senior officers of the Russian army of war crimes"), but "the leader of
    the militia" stays whole."""
    verb = head.head
    if head.dep_ != "dobj" or verb.lemma_.lower() not in _CHARGING or any(
            c.dep_ == "prep" and c.lower_ == "of" for c in verb.children):
        return right
    charge = next((t for t in reversed(head.doc[head.i + 1 : right + 1])
                   if t.dep_ == "prep" and t.lower_ == "of"), None)
    objects = [c for c in charge.children if c.dep_ == "pobj"] if charge is not None else []
    if not objects or names_party(objects[0]):
        return right
    return charge.i - 1


def _closes(phrase: Span) -> bool:
    """Whether the phrase's last token closes a bracket the phrase opened ("the National
    Liberation Front (NLF)"): part of the phrase, not punctuation after it."""
    return phrase[-1].text == ")" and "(" in phrase[:-1].text


def _subject_of_next_verb(appos: Token) -> bool:
    """Whether an apposition the parser hung on a noun is the subject of the verb right
    after it, a root left without one: "Troops shelled the village, a security source who
    declined to be identified told Reuters"."""
    doc = appos.doc
    after = appos.right_edge.i + 1
    if after >= len(doc):
        return False
    verb = doc[after]
    return verb.dep_ == "ROOT" and verb.pos_ in VERB_POS and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def noun_phrase(head: Token) -> Span:
    """The words that name an argument: the head's subtree up to its first clause.

    A name is taken whole however the parser split it ("Bashar al-Assad").
    """
    name = _name_around(head)
    if name is not None:
        head = name.root
    # not a phrase the parser hung before it ("In Tehran, hundreds of students protested",
    # with "hundreds" made the root): a noun's own words before it are no preposition's
    own_left = min((c.left_edge.i for c in head.lefts if c.dep_ not in ("prep", "punct")),
                   default=head.i)
    left = min(own_left, name.start) if name else own_left
    right = max(head.i, name.end - 1) if name else head.i
    owners = list(name) if name else [head]  # a split name's conjuncts hang off any part
    for child in sorted((c for t in owners for c in t.rights), key=lambda c: c.i):
        if child.i <= right:
            continue
        if child.left_edge.i > right + 1:  # the words between are another phrase's: a
            break  # misparse hung the sentence's end on a subject taken as its root
        if child.dep_ in CLAUSAL_DEPS or child.dep_ == "prep" and child.lower_ not in KEEP_PREPS:
            break
        if child.dep_ == "appos" and _subject_of_next_verb(child):
            break
        if child.dep_ == "prep":  # "a number of rebels it supports": stop at the clause
            objects = [c for c in child.children if c.dep_ == "pobj"]
            right = noun_phrase(objects[0]).end - 1 if objects else right
            break
        right = child.right_edge.i
    doc = head.doc
    right = _before_charge(head, right)
    if left < right and doc[left].lower_ == "dead" and left and doc[left - 1].pos_ == "VERB":
        left += 1  # "shot dead four demonstrators": the verb's result, not the victims' name
    if left < right and doc[left].tag_ == "IN" and doc[left].dep_ == "amod":
        left += 1  # "rallied outside parliament", parsed as a kind of parliament
    while right > left and (doc[right].is_punct and not _closes(doc[left:right + 1])
                            or doc[right].is_space or doc[right].dep_ == "cc"
                            or doc[right].pos_ == "ADP"  # "rebels on [Monday]"
                            or doc[right].ent_type_ in ("DATE", "TIME")):  # "Assad Tuesday"
        right -= 1
    return head.doc[left : right + 1]
