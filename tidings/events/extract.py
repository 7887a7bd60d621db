"""The event stage: one event per trigger, with coded arguments, flags, place and date;
and the event coder's judgement of each, with the events it reads where no trigger stands.

Inputs come from earlier stages (the parsed doc, resolved places and dates); this
stage only reads the dependency tree and never re-parses text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from tidings import budget
from tidings.actors import ActorLexicon, code_actor
from tidings.actors.coding import in_office
from tidings.actors.lexicon import Entry
from tidings.dates import resolve_date
from tidings.events.arguments import (
    NAME_LABELS,
    RELATIVE_PRONOUNS,
    TAKING_VERBS,
    THEME_OBJECT_TYPES,
    argument_heads,
    grammatical_subject,
    harmed,
    has_subject,
    is_label,
    is_passive,
    light_verb,
    marked_clause,
    noun_phrase,
    onlookers,
    owners,
    role_modifiers,
    speaking_for,
    subject_of,
    suffered_weapons,
    victims,
)
from tidings.events.coder import (
    Candidate,
    EventCoder,
    PieceVectors,
    Reading,
    added_type,
    judge,
    lexicon_evidence,
)
from tidings.events.combine import SEQUENCE_MARKS, fill, fold_intentions, merge_retellings
from tidings.events.coreference import (
    REACH,
    description_kind,
    mentions_between,
    resolve_description,
)
from tidings.events.counts import Figure, figures_in, total
from tidings.events.lexicon import (
    NOUN_POS,
    VERB_POS,
    TriggerLexicon,
    TriggerRule,
    mark_places,
)
from tidings.events.modality import attribution_for, flags_for, governors
from tidings.events.policy import Policy
from tidings.events.roles import NOT_PARTIES, SIDES, role_pick, settle, side_score, stated_outright
from tidings.geo import (
    LOCATIVE_PREPS,
    article_place,
    locate_event,
    sentence_place,
)
from tidings.geo.locate import PlaceChoosers, event_place_choosers
from tidings.geo.resolve import PLACE_LABELS, datelines, is_demonym
from tidings.model import (
    STATE_SECTORS,
    STATEMENT,
    Actor,
    Article,
    Attribution,
    Counts,
    DateValue,
    Event,
    Place,
    Sentence,
    TextSpan,
)

# Names of parties: the names an argument may be, less those of places.
PARTY_LABELS = frozenset(NAME_LABELS) - PLACE_LABELS
PRONOUNS_SINGULAR = {"it", "its", "itself"}
PRONOUNS_PLURAL = {"they", "them", "their", "themselves"}
PRONOUNS_PERSON = {"he", "him", "his", "she", "her"}
PRONOUNS = PRONOUNS_SINGULAR | PRONOUNS_PLURAL | PRONOUNS_PERSON
STANDALONE_TYPES = {"ASSAULT", "PROTEST"}
CONFLICT_TYPES = {"ASSAULT", "COERCE", "THREATEN", "SANCTION", "MOBILIZE"}
# Statements and stances: their recipients are addressed, not places where they happen.
VERBAL_TYPES = {"ACCUSE", "AGREE", "REJECT", "REQUEST", "SANCTION", "SUPPORT", "THREATEN",
                STATEMENT}
# An event dated this long before the article is flagged historical.
HISTORICAL_AFTER = timedelta(days=180)
PERIOD_LENGTH = {"day": 1, "week": 7, "month": 31, "season": 92, "year": 366, "decade": 3653}
# What a passive of harm may name besides its victim and still give no cause: where, when.
_SETTING_ENTITIES = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME"})
# Words inside a name are no trigger ("the Liberation Front"), unless tagged a verb.
NAMED_ENTITY_TYPES = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "LAW",
                      "DATE", "TIME", "EVENT"}
# Names that are parties whether or not the actor base knows them: a group, a person.
NAMED_PARTY_TYPES = frozenset({"PERSON", "ORG"})


@dataclass
class DocContext:
    """What the event stage knows about the whole article."""

    article: Article
    places: list[Place]
    dates: list[DateValue]
    focus_country: str | None
    mentions: list[tuple[Span, list[Actor]]] = field(default_factory=list)
    # what each description read as ("the group" -> Hamas), by its head token
    described: dict[int, list[Actor]] = field(default_factory=dict)
    sentence_figures: dict[int, list[Figure]] = field(default_factory=dict)
    sentence_index: dict[int, int] = field(default_factory=dict)
    scenes: list[Place] | None = None
    by_sentence: SentenceIndex | None = None
    place_choosers: PlaceChoosers | None = None  # None: the shipped event-place choosers
    dateline_spans: list[tuple[int, int]] | None = None
    _places_in_order: list[Place] | None = None  # by start, for place_at

    def country_of(self, token: Token) -> str | None:
        """The country a party named by ``token`` is taken to be of when its words name
        none: the one its clause is set in up front ("In neighbouring Mali, the army said":
        Mali's army, not the focus country's), or for what a verb acts on, where it did
        ("a suicide attack killed seven soldiers in North Waziristan": Pakistan's, in an
        article on Afghanistan; not its doer's, who may act abroad), else the article's
        focus country."""
        acted_on = token.dep_ in ("dobj", "nsubjpass")
        for verb in governors(token):
            # for what its own verb acts on, anywhere the verb names and at any precision;
            # else up front and a country named as such
            where = acted_on and verb == token.head
            for prep in verb.children:
                if prep.dep_ != "prep" or prep.lower_ != "in" or prep.i > token.i and not where:
                    continue
                scene = next((p for obj in prep.children if obj.dep_ == "pobj"
                              if (p := self.place_at(obj.idx)) is not None and p.country
                              and (where or p.precision == "country")), None)
                if scene is not None:
                    return scene.country
        return self.focus_country

    def telling_state(self, token: Token) -> str | None:
        """The country of the state's body that tells the clause ``token`` is in ("The
        Israeli military said soldiers fired": Israel's soldiers, in an article on Gaza),
        as the speaker's own forces and officials are the ones it speaks of unnamed."""
        clause = next((verb for verb in governors(token) if verb.dep_ == "ccomp"), None)
        if clause is None:
            return None
        teller = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
        if teller is None:
            return None
        return next((actor.country for span, actors in mentions_between(
            self.mentions, teller.left_edge.i, teller.right_edge.i + 1)
            if span.root == teller for actor in actors
            if actor.country and actor.sector in STATE_SECTORS), None)

    def named_before(self, name: Span) -> list[Actor]:
        """The actors a person named again by surname ("Chakwera congratulated his rival")
        was coded as where the article first named them with their office ("Malawi's
        President Lazarus Chakwera"); [] for a name not seen before or no person's. The
        surname alone need not be tagged a person: the small NER tags lone surnames as
        products or places as often."""
        surname = name.root
        if surname.pos_ != "PROPN":
            return []
        for span, actors in reversed(mentions_between(self.mentions, surname.i - REACH,
                                                      name.start)):
            if any(t.ent_type_ == "PERSON" and t.text == surname.text and t != surname
                   for t in span):
                return [replace(a, text=name.text, start=name.start_char, end=name.end_char)
                        for a in actors]
        return []

    def place_at(self, char: int) -> Place | None:
        """The place whose name covers a character of the text, if any."""
        if self._places_in_order is None:
            self._places_in_order = sorted(self.places, key=lambda p: p.start)
        places = self._places_in_order
        i = bisect_right(places, char, key=lambda p: p.start) - 1
        return places[i] if i >= 0 and char < places[i].end else None

    def figures(self, sentence: Span) -> list[Figure]:
        """The counts a sentence gives, read once however many events it holds (and again
        when :func:`share_counts` hands them to its events)."""
        if sentence.start not in self.sentence_figures:
            self.sentence_figures[sentence.start] = figures_in(sentence)
        return self.sentence_figures[sentence.start]

    def counts(self, sentence: Span) -> Counts:
        """Counts of a sentence: all its figures."""
        return total(self.figures(sentence))

    def _index(self, doc: Doc) -> SentenceIndex:
        """Dates, places and mentions by sentence, built in one pass once the mentions are
        collected: scanning the whole article's lists for each event was quadratic (400
        repetitions of one sentence took 52 s)."""
        if self.by_sentence is None:
            index = SentenceIndex()
            for value in self.dates:
                if span := doc.char_span(value.start, value.end, alignment_mode="expand"):
                    index.dates.setdefault(span.sent.start, []).append((value, span))
            for place in self.places:  # under each sentence it touches (two, if it crosses)
                if span := doc.char_span(place.start, place.end, alignment_mode="expand"):
                    for start in dict.fromkeys((span[0].sent.start, span[-1].sent.start)):
                        index.places.setdefault(start, []).append(place)
            for span, _ in self.mentions:
                index.mentions.setdefault(span.sent.start, []).append(span)
            self.by_sentence = index
        return self.by_sentence

    def dates_in(self, sentence: Span) -> list[tuple[DateValue, Span]]:
        """The time expressions of a sentence, with their spans."""
        return self._index(sentence.doc).dates.get(sentence.start, [])

    def places_in(self, sentence: Span) -> list[Place]:
        """The places that overlap a sentence."""
        return self._index(sentence.doc).places.get(sentence.start, [])

    def scenes_in(self, sentence: Span) -> list[Place]:
        """The places of a sentence that may be where its events happened: not a dateline's
        (where the report was filed; the article's fallback scene may still be it), nor a
        party's home base ("a UK-based monitor said eight people were killed")."""
        return [p for p in self.places_in(sentence)
                if not self.in_dateline(p.start) and not home_base(p, self.article.text)]

    def in_dateline(self, offset: int) -> bool:
        """Whether the character at ``offset`` lies in a dateline ("KABUL, May 15 (Xinhua)
        -- "): where the report was filed, by whom, never a party or a scene."""
        if self.dateline_spans is None:
            self.dateline_spans = datelines(self.article.text)
        return any(start <= offset < end for start, end in self.dateline_spans)

    def after_dateline(self, phrase: Span) -> Span:
        """A party's words without the dateline the parser ran them into ("KABUL, May 14
        (Reuters) - Taliban fighters"): the filing is no part of them."""
        while phrase[0].i < phrase.root.i and self.in_dateline(phrase[0].idx):
            phrase = phrase[1:]
        return phrase

    def mentions_in(self, sentence: Span) -> list[Span]:
        """The coded noun phrases of a sentence."""
        return self._index(sentence.doc).mentions.get(sentence.start, [])


@dataclass
class SentenceIndex:
    """What lies in each sentence, keyed by the sentence's first token."""

    dates: dict[int, list[tuple[DateValue, Span]]] = field(default_factory=dict)
    places: dict[int, list[Place]] = field(default_factory=dict)
    mentions: dict[int, list[Span]] = field(default_factory=dict)


# A place named as where something happens: right after "in", "at", "near"...
_SCENE = re.compile(r"\b(?:in|at|near|outside|across|inside)\s+(?:the\s+)?"
                    r"(?:(?:north|south)?-?(?:east|west)?(?:ern)?\s+|central\s+)?\Z",
                    re.IGNORECASE)  # "in northern Aleppo province", "in the south-east"


# What a people's demonym names at home: its police, courts, government, parliament.
_HOME_INSTITUTION = re.compile(
    r"\s+(?:police|authorities|government|courts?|judges?|prosecutors?|parliament|lawmakers|"
    r"legislators|electoral|interior|health)\b", re.IGNORECASE)


def home_base(place: Place, text: str) -> bool:
    """Whether the place is where a party is based ("a UK-based monitor"), not a scene."""
    return text.startswith("-based", place.end)


_FOCUS_SHARE = 3  # the focus country holds at least a third of the places an article names


def focus_country(places: list[Place], text: str) -> str | None:
    """The country the article is about: where its towns and regions lie.

    Country names and capitals are counted only when an article names nothing smaller,
    since they are mostly actors ("Turkey sent", "Ankara signalled"), not scenes; a
    source's home ("a UK-based monitor") is not counted at all. Between countries named
    as often, the one named as a scene ("in Nairobi") wins over the one named first ("three
    men from Somalia"); weighing scenes double beyond ties cost petr2's recipient country
    accuracy 0.03. An article that names no place but a people's home institution ("Kenyan
    police detained dozens of protesters") is about that people's country; not a people's
    forces abroad ("killed in a Russian airstrike"). None where the article names other
    countries more than twice as often as the one so found: it is about none of them alone.
    """
    places = [p for p in places if not home_base(p, text)]
    named = [p for p in places if not is_demonym(p)]
    local = [p for p in named if p.country and p.precision not in ("country", None)
             and p.feature != "PPLC"]
    counted = [p for p in (local or named) if p.country] or [
        p for p in places if p.country and _HOME_INSTITUTION.match(text, p.end)]
    if not counted:
        return None
    counts = Counter(p.country for p in counted)
    scenes = Counter(p.country for p in counted
                     if _SCENE.search(text, max(0, p.start - 32), p.start))
    focus = max(counts, key=lambda country: (counts[country], scenes[country]))
    # an article that names other countries far more than its towns' is about none of them
    # alone: one mention of Gaza in the last paragraph of a story on EU sanctions against
    # Russia does not make its unnamed ministers Palestinian
    named_countries = Counter(p.country for p in named if p.country)
    if named_countries[focus] * _FOCUS_SHARE < sum(named_countries.values()):
        return None
    return focus


def _is_trigger_position(token: Token, cues: dict[str, set[str]]) -> bool:
    """Modifiers ("Russian-backed"), names ("Liberation Front"), what a speaker calls an
    act ("called the strike a massacre"), what a right is to ("respect the right to
    peaceful protest"), a market's demand and a source's asking not to be named are not
    events."""
    return token.dep_ not in ("amod", "compound", "npadvmod") and (
        token.ent_type_ not in NAMED_ENTITY_TYPES or token.pos_ in VERB_POS
    ) and not is_label(token) and not _a_right(token, cues["right_nouns"]) and not (
        _market_quantity(token, cues["market_words"])) and not (
        _asks_anonymity(token, cues["anonymity_verbs"]))


def _asks_anonymity(token: Token, anonymity_verbs: set[str]) -> bool:
    """Whether the token is a source's asking or declining to be named ("an official who
    asked not to be named", "declined to be identified"): how news hides a source, not an
    event."""
    return any(c.dep_ == "xcomp" and c.lemma_.lower() in anonymity_verbs
               and any(a.dep_ == "auxpass" for a in c.children) for c in token.children)


def _a_right(token: Token, right_nouns: set[str]) -> bool:
    """Whether the token names what a right or a freedom is to or of ("the right to strike",
    "the right to peaceful protest", "freedom of assembly")."""
    if token.dep_ == "acl" and token.head.lemma_.lower() in right_nouns:
        return True  # "the right to strike": the parser's infinitive
    return (token.dep_ == "pobj" and token.head.lower_ in ("to", "of")
            and token.head.head.lemma_.lower() in right_nouns)


def _market_quantity(token: Token, market_words: set[str]) -> bool:
    """Whether a noun "demand" is a market's for goods ("citing stronger demand from China
    and India", "oil demand"), which no one makes of anyone."""
    return token.lemma_.lower() == "demand" and token.pos_ in NOUN_POS and any(
        c.dep_ in ("amod", "compound") and c.lower_ in market_words for c in token.children)


def _governing_trigger(token: Token, rule: TriggerRule, lexicon: TriggerLexicon) -> Token | None:
    """"sent supplies", "breached a ceasefire", "killed in an attack", "airstrikes hit a
    prison": the trigger whose theme (or, of its own type, subject) a noun trigger is; when
    that trigger makes an event, the noun adds no second one."""
    if token.pos_ not in NOUN_POS or token.dep_ not in ("dobj", "pobj", "nsubjpass", "nsubj"):
        return None
    head = token.head if token.dep_ != "pobj" else token.head.head
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in VERB_POS:
        head = head.head  # "pulled out of the deal": the particle's verb
    if token.dep_ == "pobj" and token.head.lower_ == "in" and head.ent_type_ == "MONEY":
        head = head.head  # "suspended $95 million in aid": the sum's verb
    if head.lemma_.lower() in lexicon.cues["denial_verbs"] | {"confirm"}:
        return None
    head_rule = lexicon.match(head)
    same_event = head_rule is not None and (  # "sanctions were lifted": the object, passive
        head_rule.event_type == rule.event_type or token.dep_ in ("dobj", "nsubjpass")
        or token.lemma_.lower() in head_rule.objects  # "withdrew from the accord"
        # what an attack is on is its target ("an ambush on a military convoy"), no event
        or token.dep_ == "pobj" and token.head.lower_ in ("on", "against")
        and head_rule.event_type in ("ASSAULT", "COERCE")
    )
    return head if same_event else None


def _antecedent_hint(pronoun: Token) -> Token | None:
    """Where the antecedent usually is: a possessive points at its clause's subject ("the
    army ... in its assault") or doer, the subject of a reported clause at the reporter ("Washington
    warned that it would respond", "Turkey sent arms to rebels it supports")."""
    verbs = [h for h in governors(pronoun) if h.pos_ in VERB_POS | {"AUX"}]
    subjects: list[Token] = []
    if pronoun.dep_ == "poss" and verbs:  # not its own phrase: "said his forces would";
        # a clause with no subject of its own, its doer ("called on Rwanda to withdraw its
        # forces": Rwanda's, not the caller's)
        subjects = [s for verb in verbs[:2]
                    for s in grammatical_subject(verb) or subject_of(verb)
                    if s != pronoun.head]
    elif pronoun.dep_ in ("nsubj", "nsubjpass") and len(verbs) >= 2:
        subjects = subject_of(speaking_for(verbs[1]))
    elif pronoun.dep_ == "nsubj" and pronoun.i == pronoun.sent.start and pronoun.i > 0:
        # the doer that opens a sentence goes on from the last one's ("The Houthis began
        # attacking shipping, saying they acted for Palestinians in Gaza. They sank several
        # ships": not the Palestinians, the nearest name); not a passive's, which is as
        # often the last one's object ("Police arrested 20 men. They were charged")
        subjects = subject_of(pronoun.doc[pronoun.i - 1].sent.root)
    return next((s for s in subjects if s.pos_ != "PRON"), None)


def _agrees(pronoun: Token, antecedent: Token) -> bool:
    word = pronoun.lower_
    # the name of one body is one, whatever its last word ("the Rapid Support Forces said
    # its fighters")
    one_body = antecedent.pos_ == "PROPN" and antecedent.ent_type_ in ("ORG", "GPE") and any(
        c.dep_ == "compound" and c.pos_ == "PROPN" for c in antecedent.children)
    plural = (antecedent.morph.get("Number") == ["Plur"] and not one_body
              or bool(antecedent.conjuncts))
    person = antecedent.ent_type_ == "PERSON"
    return (word in PRONOUNS_SINGULAR and not plural and not person) or (
        word in PRONOUNS_PLURAL and (plural or antecedent.ent_type_ in ("ORG", "NORP"))
    ) or (word in PRONOUNS_PERSON and person)


def _holds_office(pronoun: Token, noun: Token) -> bool:
    """A "he"/"his" the grammar points at a singular common noun that names an office ("the
    Turkish president said his forces"): the one who holds it, as no institution is "he"."""
    return (pronoun.lower_ in PRONOUNS_PERSON and noun.pos_ == "NOUN"
            and noun.morph.get("Number") != ["Plur"] and not noun.ent_type_)


def _resolve_pronoun(pronoun: Token, context: DocContext) -> list[Actor]:
    """The actors a pronoun stands for: the hinted antecedent, else the nearest one that agrees."""
    window = mentions_between(context.mentions, pronoun.sent.start - 80, pronoun.i)
    # nor, for an object, its verb's subject: "Somalia accused it" is not Somalia ("itself")
    own = set(grammatical_subject(pronoun.head)) if pronoun.dep_ == "dobj" else set()
    earlier = [(span, actors) for span, actors in reversed(window)
               if span.root != pronoun.head and span.root not in own]
    hint = _antecedent_hint(pronoun)
    hinted = [m for m in earlier if hint is not None and m[0].start <= hint.i < m[0].end]
    if not hinted and hint is not None and _agrees(pronoun, hint):
        # a body named by what it is made of: "an alliance of ethnic armed groups ... said
        # it", the groups (the nearest name that agrees was Myanmar's government)
        members = {c.i for prep in hint.children if prep.dep_ == "prep" and prep.lower_ == "of"
                   for c in prep.children if c.dep_ == "pobj"}
        made_of = next((actors for span, actors in earlier
                        if any(span.start <= i < span.end for i in members)), None)
        if made_of is not None:
            end = pronoun.idx + len(pronoun)
            return [replace(a, text=pronoun.text, start=pronoun.idx, end=end) for a in made_of]
        if pronoun.lower_ in PRONOUNS_PLURAL and hint.pos_ == "NOUN":
            return []  # "The three European countries said they": no coded party, and not
            # the nearest body named before them
    for span, actors in hinted + earlier:
        if _agrees(pronoun, span.root) or span.root == hint and _holds_office(pronoun, hint):
            if pronoun.lower_ in PRONOUNS_PLURAL and span.root.conjuncts:  # "X and Y ... they"
                group = {span.root, *span.root.conjuncts}
                actors = [a for s, found in mentions_between(
                    context.mentions, span.sent.start, span.sent.end) if s.root in group
                          for a in found]
            end = pronoun.idx + len(pronoun)
            return [replace(a, text=pronoun.text, start=pronoun.idx, end=end) for a in actors]
    return []


def _armed_forces(actor: Actor, doc: Doc, lexicon: ActorLexicon, state_arms: set[str]
                  ) -> Actor:
    """A people named on a state's arms is its armed forces: "a Russian missile strike" is
    done by RUSMIL, where the demonym alone codes the country (RUS). The arms: the craft and
    guns the actor base holds as military roles of no owner ("drone attack"), and the
    ``state_arms`` words that name no actor ("missile strike")."""
    word = doc.char_span(actor.start, actor.end)
    if (actor.sector or not actor.country or word is None or len(word) != 1
            or word[0].dep_ not in ("amod", "compound", "nmod")):
        return actor
    noun = word[0].head
    arms = [noun, *(c for c in noun.children if c.dep_ == "compound" and c.i < noun.i)]
    if not any(t.lemma_.lower() in state_arms or _craft(lexicon.lookup(t.text)) for t in arms):
        return actor
    return replace(actor, sector="MIL", code=f"{actor.country}MIL")


def _craft(entry: Entry | None) -> bool:
    """A weapon or craft of the actor base ("drones", "warplanes"; roles.tsv "unowned")."""
    return entry is not None and entry.kind == "role" and entry.flag == "unowned"


def _code_heads(heads: list[Token], context: DocContext, lexicon: ActorLexicon,
                on: date | None) -> list[Actor]:
    """The actors the phrases of ``heads`` name, people coded by their office ``on`` the
    event's date."""
    coded: list[Actor] = []
    seen: list[tuple[int, int]] = []
    for head in heads:
        if head.pos_ == "PRON":
            coded += [in_office(a, on, lexicon) for a in _resolve_pronoun(head, context)]
            continue
        if described := _described(head, context, lexicon):
            coded += described
            continue
        if context.in_dateline(head.idx):
            continue  # "GOMA, Democratic Republic of Congo, Jan 24 (Reuters) - ": the report's
        phrase = context.after_dateline(noun_phrase(head))  # filing, which the small
        # parser may make a subject
        if any(start <= phrase.start and phrase.end <= end for start, end in seen):
            continue
        seen.append((phrase.start, phrase.end))
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        owners = _referent(owner, context, lexicon) if owner is not None else []
        # a country's, a group's or an international body's ("MONUSCO said its troops")
        owner_actor = owners[0] if owners and (owners[0].country or
                                               owners[0].sector == "IGO") else None
        found = [a for a in code_actor(
            phrase, lexicon, owner_actor.country if owner_actor else context.country_of(head),
            on)
            if a.code]
        if not owner_actor and found and all(
                a.country_from_focus and a.sector in STATE_SECTORS for a in found) and (
                teller := context.telling_state(head)) not in (None, found[0].country):
            found = [a for a in code_actor(phrase, lexicon, teller, on) if a.code]
        if owner_actor:  # "its troops": their country is their owner's, however it was read
            found = [replace(a, country_from_focus=a.country_from_focus
                             and owner_actor.country_from_focus) for a in found]
        if (owner_actor and owner_actor.sector not in STATE_SECTORS | {None}
                and found and all(a.sector == "MIL" for a in found)):
            # a group's forces are the group ("the RSF said its forces had captured"), not
            # its country's army; a body's are its peacekeepers, coded as the body
            found = [replace(owner_actor, text=phrase.text, start=phrase.start_char,
                             end=phrase.end_char)]
        if not found:
            found = context.named_before(phrase)
        if not found and head.pos_ in NOUN_POS:
            found = _code_heads(_behind(head), context, lexicon, on)
        coded += found
    return coded


def _party_object(trigger: Token, rule: TriggerRule, context: DocContext,
                  lexicons: tuple[TriggerLexicon, ActorLexicon], on: date | None) -> list[Actor]:
    """The object that met the rule's condition, when it names an actor itself: the guests
    of "hosted the Congolese president", the armed side of "supplied the army with tanks".
    Not a thing's owner ("sent Turkish weapons"): only the object's own words are coded;
    not a weapon that reads as a force ("sent the tanks"), nor the troops a mobilisation
    moves ("sent troops")."""
    if trigger.pos_ not in VERB_POS or not rule.objects or rule.event_type in THEME_OBJECT_TYPES:
        return []
    triggers, actors = lexicons
    things = triggers.cues["arms_words"] | triggers.cues["seized_arms_words"]
    return [actor for obj in trigger.children
            if obj.dep_ == "dobj" and obj.lemma_.lower() in rule.objects - things
            for actor in code_actor(noun_phrase(obj), actors, context.focus_country, on)
            if actor.code]


def _named_people(heads: list[Token]) -> list[Actor]:
    """People the lexicon does not know ("Papandreou agreed to resign"), kept uncoded: the
    event is real and the name is evidence. Not for violence words, which sports and
    accidents share ("Federer beat Nadal")."""
    return [actor for head in heads if head.ent_type_ == "PERSON" and head.pos_ == "PROPN"
            for actor in _uncoded(head)]


def _uncoded_targets(heads: list[Token], actors: list[Actor]) -> list[Actor]:
    """What an event is aimed at when the actor lexicon codes none of it: "attacked a
    military base", "rejected the offer". The gold sets mark such objects as targets; kept
    uncoded, they never make an event stand or raise its confidence (the caller codes them
    last), and never repeat the actor. Beside a prepositional object the direct object is
    what is moved, not who or where it is aimed at ("withdrew peacekeepers from Sinai",
    "returned the skulls to Peru")."""
    heads = [h for h in heads if h.pos_ in NOUN_POS and h.ent_type_ not in NOT_PARTIES]
    heads = [h for h in heads if h.dep_ == "pobj"] or heads
    return [target for head in heads for target in _uncoded(head)  # nor a word of the actor
            if not any(a.start < target.end and target.start < a.end for a in actors)]


def _behind(thing: Token) -> list[Token]:
    """Who stands behind a thing that is no actor: "the US decision", "Iran's plan",
    "missiles fired by Israel", "a missile believed to be fired by rebels" (its
    :func:`owners` first)."""
    clauses = [acl for acl in thing.children if acl.dep_ == "acl"]
    clauses += [x for acl in clauses for x in acl.children if x.dep_ == "xcomp"]
    agents = [obj for clause in clauses
              for agent in clause.children if agent.dep_ == "agent"
              for obj in agent.children if obj.dep_ == "pobj"]
    return owners(thing) or agents


def _described(head: Token, context: DocContext, lexicon: ActorLexicon) -> list[Actor]:
    """The party a description ("the country", "the group") stands for, read once against
    the mentions before it (``coreference.py``); [] for a phrase that is no description or
    has no antecedent."""
    if head.i not in context.described:
        kind = description_kind(head, lexicon)
        context.described[head.i] = (
            resolve_description(head, kind, context.mentions, lexicon) if kind else [])
    return context.described[head.i]


def _referent(token: Token, context: DocContext, lexicon: ActorLexicon) -> list[Actor]:
    """Whom an owner stands for when it does not name them: "its forces", "the country's army"."""
    if token.pos_ == "PRON":
        return _resolve_pronoun(token, context)
    return _described(token, context, lexicon)


def collect_mentions(doc: Doc, lexicon: ActorLexicon, context: DocContext) -> None:
    """Coded noun phrases of the doc in order, the antecedents pronouns and descriptions
    resolve to; a description is one with what it resolved to ("the group" -> Hamas). A
    chunk that starts the name of an organisation the actor lexicon knows is that whole name
    ("the Islamic State" of "the Islamic State in the Greater Sahara"), whose later chunks
    are no mentions of their own."""
    named_until = 0
    # the names of parties, not places, by their first token (``Span.ents`` reads all of
    # the doc's entities at each call): a scene stays a scene
    party_names = {e.start: e for e in doc.ents if e.label_ in PARTY_LABELS}
    for chunk in doc.noun_chunks:
        budget.check(at=chunk.start_char)
        if chunk.start < named_until:
            continue
        start = chunk.start  # a chunk the parser began inside an organisation's name
        while (start > named_until and doc[start].ent_iob_ == "I"  # ("-e" of "Tehreek-e-
               and doc[start].ent_type_ == "ORG"):  # Taliban Pakistan") starts with it
            start -= 1
        if start < chunk.start:
            chunk = doc[start : chunk.end]
        chunk = context.after_dateline(chunk)
        name_end = _known_name_end(chunk.root)
        if name_end > chunk.end:
            chunk, named_until = doc[chunk.start : name_end], name_end
        if chunk.root.pos_ == "PRON" or _inside_place_name(chunk):
            continue
        actors = _described(chunk.root, context, lexicon) or [
            a for a in code_actor(chunk, lexicon, context.country_of(chunk.root),
                                  context.article.date)
            if a.code] or context.named_before(chunk)
        if actors:
            context.mentions.append((chunk, actors))
        else:  # no party, but a name in it may be one ("an Islamic State target", "Iran's
            # plan"): a later "the militant group" or "its" stands for it
            for name in (party_names[i] for i in range(chunk.start, chunk.end)
                         if i in party_names and party_names[i].end <= chunk.end):
                if (found := [
                        a for a in code_actor(name, lexicon, context.country_of(name.root),
                                              context.article.date) if a.code]):
                    context.mentions.append((name, found))
        named_until = max(named_until, chunk.end)


def _known_name_end(token: Token) -> int:
    """Where the name of an organisation the actor lexicon knows that ``token`` is part of
    ends (0: it is in none)."""
    if token.ent_type_ != "ORG" or not token.ent_id_:
        return 0
    end = token.i + 1
    while end < len(token.doc) and token.doc[end].ent_iob_ == "I":
        end += 1
    return end


def _inside_place_name(chunk: Span) -> bool:
    """A chunk that is part of a place's name ("Oman" of "the Gulf of Oman"): no party."""
    return chunk.root.ent_type_ in ("LOC", "FAC") and chunk[0].ent_iob_ == "I"


def _is_locative(token: Token) -> bool:
    """A name in a phrase that places something ("in Idlib", "through Nairobi"); "on" phrases
    name targets and days more often than places."""
    while token.dep_ == "conj":
        token = token.head
    prep = token.head.lower_
    return token.dep_ == "pobj" and prep != "on" and LOCATIVE_PREPS.get(prep, 0.0) >= 0.8


def _scenes(doc: Doc, context: DocContext) -> list[Place]:
    """The article's places named as scenes ("in Idlib", "near the border"), not as actors
    ("Turkey sent"), else its dateline's: what an article-wide fallback location may be.
    Found once per doc."""
    if context.scenes is None:
        named = [p for p in context.places if (span := doc.char_span(
            p.start, p.end, alignment_mode="expand")) is not None and _is_locative(span.root)]
        context.scenes = named or [p for p in context.places if context.in_dateline(p.start)]
    return context.scenes


def _date_anchor_verb(token: Token) -> Token:
    """The verb a date or a noun trigger hangs from: where its clause starts."""
    if token.pos_ in VERB_POS:
        return token
    return next((h for h in governors(token) if h.pos_ in VERB_POS), token)


def _event_date(trigger: Token, context: DocContext) -> DateValue | None:
    """The time expression of the trigger's clause nearest to it, one that names a date
    before one that does not ("Last September, ... after days of fighting"); else that of
    a clause joined to it, which one date serves ("rescued 25 hostages and killed eight
    bandits on Tuesday"), or of the verb saying when the event told in a relative clause
    happened ("The bombing, which killed two officers, happened on March 3"), or of a clause
    told as at the same time ("30 people were killed when a car bomb exploded on Sunday");
    a clause that tells of a time is at that time ("in 1941, when thousands were killed")."""
    own = _date_anchor_verb(trigger)
    dates = context.dates_in(trigger.sent)
    if own.dep_ == "relcl":  # "in 1941, when thousands were killed": the time it hangs on
        for value, span in dates:
            if span.start <= own.head.i < span.end:
                return value
    for anchors in ({own, trigger}, set(own.conjuncts), _happening(own), _meanwhile(own)):
        best: tuple[tuple[bool, int], DateValue] | None = None
        for value, span in dates:
            if _date_anchor_verb(span.root) in anchors and not _dates_another_noun(
                    span.root, trigger):
                rank = (value.value is None, abs(span.root.i - trigger.i))
                if best is None or rank < best[0]:
                    best = (rank, value)
        if best:
            return best[1]
    return None


def _dates_another_noun(date_root: Token, trigger: Token) -> bool:
    """Whether a time expression is an attribute of a noun other than the trigger: it dates
    that thing ("rejecting a 2016 arbitration ruling", "blames for the 1994 genocide",
    "condemned last month's attack"), not the event."""
    return (date_root.dep_ in ("nummod", "compound", "amod", "poss")
            and date_root.head.pos_ in NOUN_POS and date_root.head != trigger)


# Conjunctions that tell a clause as happening at the same time as the one it hangs on.
SAME_TIME_MARKS = frozenset({"when", "as", "while"})


def _meanwhile(verb: Token) -> set[Token]:
    """The verbs of the clauses told as at the same time as the verb's (or a verb joined to
    it): "killed and wounded when a car bomb exploded"."""
    return {clause for v in (verb, *verb.conjuncts) for clause in v.children
            if clause.dep_ == "advcl" and any(
                c.dep_ in ("mark", "advmod") and c.lower_ in SAME_TIME_MARKS
                for c in clause.children)}


def _happening(verb: Token) -> set[Token]:
    """The verb that says when the noun a relative clause tells of happened ("happened",
    "occurred", "took place")."""
    noun = verb.head if verb.dep_ == "relcl" else None
    if noun is None or noun.dep_ != "nsubj":
        return set()
    said = noun.head
    lemma = said.lemma_.lower()
    if lemma in ("happen", "occur") or lemma == "take" and any(
            c.dep_ == "dobj" and c.lower_ == "place" for c in said.children):
        return {said}
    return set()


def _not_scenes(trigger: Token, parties: list[Actor], context: DocContext,
                attribution: list[Attribution]) -> list[tuple[int, int]]:
    """Where the event at a trigger cannot have happened: its parties, the actors its
    sentence names outside a phrase that places something ("Iraq's parliament"), and who
    tells of it with all their words ("the defence ministry in Niamey said")."""
    doc = trigger.doc
    tellers = [span.root for a in attribution
               if (span := doc.char_span(a.start, a.end, alignment_mode="expand")) is not None
               and not span.root.is_ancestor(trigger)]  # the parse may hang all on a teller
    return [(a.start, a.end) for a in parties] + [
        (span.start_char, span.end_char) for span in context.mentions_in(trigger.sent)
        if not _is_locative(span.root)] + [
        (words.left_edge.idx, words.right_edge.idx + len(words.right_edge))
        for teller in tellers for words in [teller, *teller.children]
        if words is teller or words.dep_ in TELLERS_OWN_WORDS]


# The words of a teller's own name and whereabouts ("the Kabul Times", "a source at the
# airbase in Hama"); not a relative clause or apposition, which may tell the event ("a
# farmer who saw the raid in Dibaga").
TELLERS_OWN_WORDS = frozenset({"compound", "amod", "nmod", "poss", "prep"})


def with_place(event: Event, reading: Reading, doc: Doc, context: DocContext,
               cues: dict[str, set[str]]) -> Event:
    """The event placed again, with the coder's reading of it: the encoded event-place
    chooser also weighs how the encoder reads each place of the sentence beside the marked
    trigger (docs/models.md). Its parties are still the parse's, as when it was first
    placed (the role head's come after), but for a statement, whose are settled first. A
    demand or a wish is placed where it was said, not at the word the coder read
    (:func:`_directive`), and keeps the lexicon's place."""
    choosers = context.place_choosers or event_place_choosers()
    trigger = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if (reading.vectors is None or choosers.encoded is None or trigger is None
            or _directive_clause(trigger.root, cues) is not None):
        return event
    place, basis = _where(trigger.root, doc, context,
                          _not_scenes(trigger.root, event.actor + event.recipient, context,
                                      event.attribution),
                          event.event_type, reading.vectors)
    return replace(event, location=place, location_basis=basis)


def _where(trigger: Token, doc: Doc, context: DocContext, exclude: list[tuple[int, int]],
           event_type: str, vectors: PieceVectors | None = None
           ) -> tuple[Place | None, str | None]:
    """The event's place and its ``location_basis``: attached by the parse ("text"), else
    the sentence's nearest place, else the article's main scene; fallbacks only if needed.
    The place an act is done to can be its scene ("shelled Afrin"); the one a statement is
    addressed to cannot ("criticised Japan"). ``vectors``: the coder's reading of the
    event, for the encoded chooser (:func:`with_place`)."""
    near = context.scenes_in(trigger.sent)  # the only ones either locator looks at
    if place := locate_event(trigger, near, exclude,
                             parties_are_scenes=event_type not in VERBAL_TYPES,
                             choosers=context.place_choosers, vectors=vectors):
        return place, "text"
    if place := sentence_place(trigger, near, exclude):
        return place, "sentence"
    if place := article_place(_scenes(doc, context), context.focus_country):
        return place, "article"
    return None, None


def _when(anchor: Token, doc: Doc, context: DocContext,
          ahead: bool = False) -> tuple[dict, bool]:
    """The date fields of the event anchored at a token, and whether it is historical; the
    publication date stands in (precision "article") when the sentence gives none.
    ``ahead``: the event is still to come, so "on Saturday" is the next one, not the last."""
    value = _event_date(anchor, context)
    article_date = context.article.date
    if ahead and value is not None and article_date is not None:
        found, precision = resolve_date(value.text, article_date, ahead=True)
        if found is not None:
            value = replace(value, value=found, precision=precision)
    if (not ahead and value is not None and value.value is not None and article_date
            and value.value > article_date and _told_as_past(_date_anchor_verb(anchor))):
        value = None  # "talks due to resume next week had been called off": a misparse
        # hung the talks' date on the calling off, which is past
    resolved = value is not None and value.value is not None
    fields = {
        "date": value.value if resolved else article_date,
        "date_precision": (value.precision if resolved else
                           ("article" if article_date else None)),
        "date_text": value.text if value else None,
        "date_span": TextSpan(value.text, value.start, value.end) if value else None,
    }
    return fields, _is_historical(value, article_date)


# Auxiliaries that tell a verb as past: "had been called off", "has withdrawn", "was shot".
PAST_AUXILIARIES = frozenset({"had", "has", "have", "was", "were", "'d"})


def _told_as_past(verb: Token) -> bool:
    """Whether a verb is told in a past tense: "called", "had been called"."""
    return verb.tag_ == "VBD" or any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in PAST_AUXILIARIES for c in verb.children)


def _is_historical(value: DateValue | None, article_date: date | None) -> bool:
    if value is None or value.value is None or article_date is None:
        return False
    end = value.value + timedelta(days=PERIOD_LENGTH.get(value.precision or "day", 1))
    return article_date - end > HISTORICAL_AFTER


def _confidence(rule: TriggerRule, actors: list[Actor], recipients: list[Actor],
                reported: bool = False) -> float:
    """A heuristic score: more of the record filled from the parse means more trust, and
    what the sentence reports (``reported``: its main verb) is surer than an aside."""
    score = 0.4 + 0.25 * bool(actors) + 0.2 * bool(recipients)
    score += 0.1 if rule.objects or rule.particle else 0.0
    score += 0.1 if reported else 0.0
    return round(min(score, 0.95), 2)


def _reported(trigger: Token, quote_verbs: set[str]) -> bool:
    """Whether a trigger tells what its sentence reports: the sentence's reported verb
    (``_clause_verb``), or that verb's object or complement ("launched an investigation")."""
    verb = _clause_verb(trigger.sent, quote_verbs)
    return trigger.i == verb.i or trigger.head.i == verb.i and trigger.dep_ in REPORTED_DEPS


REPORTED_DEPS = {"dobj", "xcomp", "attr", "nsubj", "nsubjpass"}


def _build_event(
    trigger: Token, rule: TriggerRule, doc: Doc, context: DocContext,
    lexicons: tuple[TriggerLexicon, ActorLexicon], vouched: bool = False,
) -> Event | None:
    """The event a trigger word makes, or None. ``vouched``: the event coder is sure of it,
    so it stands without a coded doer (its sides are then the role head's to find)."""
    triggers, actors_lexicon = lexicons
    flags = flags_for(trigger, triggers.cues)
    dates, historical = _when(trigger, doc, context, ahead=flags.future or flags.hypothetical)
    on = dates["date"]
    actor_heads, recipient_heads = argument_heads(trigger, rule, triggers.cues)
    # "arrested three men for the killing": the act it answers is no party to it
    recipient_heads = [h for h in recipient_heads
                       if _answered_act(h, triggers, REASON_PREPS) is None]
    if trigger.lemma_.lower() in triggers.cues["dying_verbs"]:  # "five soldiers died in ..."
        actor_heads, recipient_heads = [], actor_heads + recipient_heads
    actors = (_code_heads(actor_heads, context, actors_lexicon, on)
              or _code_heads(role_modifiers(trigger), context, actors_lexicon, on)
              or _code_heads([owner for weapon in suffered_weapons(
                  trigger, triggers.cues["weapon_words"]) for owner in _behind(weapon)],
                             context, actors_lexicon, on))
    actors = [_armed_forces(a, doc, actors_lexicon, triggers.cues["state_arms_words"])
              for a in actors]
    recipients = (_code_heads(recipient_heads, context, actors_lexicon, on)
                  or _party_object(trigger, rule, context, lexicons, on)) + _code_heads(
        victims(trigger, triggers.cues["dying_verbs"], triggers.cues["harm_verbs"]), context,
        actors_lexicon, on)
    rule = _reading(rule, trigger, actors, triggers.cues)
    if rule.event_type != "ASSAULT" and rule.lemma not in triggers.cues["agent_required"]:
        actors = actors or _named_people(actor_heads)
        recipients = recipients or _named_people(recipient_heads)
    # a name that is both, as in "talks between X and Y" (one phrase), is the other side
    other_side = {(r.start, r.end) for r in recipients}
    if any((a.start, a.end) not in other_side for a in actors):
        actors = [a for a in actors if (a.start, a.end) not in other_side]
    actor_codes = {a.code for a in actors}
    # not the actor again, whether named twice, inside its phrase ("fighting between the
    # army and the Fano militia in Amhara") or as the owner in "discussed their plans"
    recipients = [r for r in recipients
                  if not any(a.start < r.end and r.start < a.end for a in actors)
                  and not (r.code in actor_codes and r.text.lower() in PRONOUNS)]
    sent = trigger.sent
    attribution = attribution_for(trigger, triggers.cues)
    place, basis = _where(trigger, doc, context, _not_scenes(
        trigger, actors + recipients, context, attribution), rule.event_type)
    stated = place if basis == "text" else None
    if not actors and not vouched and not _stands_without_actor(
            trigger, rule, bool(recipients) or any(  # people it did something to, counted
                figure.anchor == trigger for figure in context.figures(sent)),
            stated, triggers.cues, context.counts(sent)):
        return None
    if rule.lemma in triggers.cues["weapon_required"] and not _names_weapon(
            trigger, triggers.cues["weapon_words"]):
        return None
    if rule.event_type == "ASSAULT" and (
            _targets(trigger) & triggers.cues["non_violent_targets"]
            or _doers(trigger) & triggers.cues["non_violent_agents"]):
        return None
    if flags.unconfirmed and rule.lemma in triggers.cues["denial_verbs"]:
        return None  # "did not confirm or deny X": no denial was made
    flags.historical = historical
    confidence = _confidence(rule, actors, recipients,
                             _reported(trigger, triggers.cues["quote_verbs"]))
    recipients = recipients or _uncoded_targets(recipient_heads, actors)
    return Event(
        article_id=context.article.id,
        event_type=rule.event_type,
        mode=rule.mode,
        contexts=list(rule.contexts),
        cameo=rule.cameo,
        trigger=TextSpan(trigger.text, trigger.idx, trigger.idx + len(trigger)),
        sentence=_sentence(sent, context),
        actor=actors,
        recipient=recipients,
        location=place,
        location_basis=basis,
        **dates,
        attribution=attribution,
        flags=flags,
        counts=replace(context.counts(sent)),
        confidence=confidence,
    )


def _reading(rule: TriggerRule, trigger: Token, actors: list[Actor],
             cues: dict[str, set[str]]) -> TriggerRule:
    """What the trigger means given who acts: a strike by workers, or "on strike", is a
    labour strike (CAMEO 143), not an air strike; violence by protesters is a riot (CAMEO
    145); roads blocked by police or troops are restricted (CAMEO 191), not a protest;
    troops deployed on a peacekeeping mission are help (CAMEO 074), not a show of force."""
    if rule.lemma == "strike" and rule.event_type == "ASSAULT" and trigger.pos_ in NOUN_POS and (
            trigger.dep_ == "pobj" and trigger.head.lower_ == "on"
            or any(a.sector in cues["striking_sectors"] for a in actors)):
        return replace(rule, event_type="PROTEST", mode="strike", cameo="143",
                       contexts=("economic",))
    if rule.event_type == "ASSAULT" and actors and all(
            cues["protester_words"] & set(a.text.lower().split()) for a in actors):
        return replace(rule, event_type="PROTEST", mode="riot", cameo="145", contexts=())
    if rule.event_type == "PROTEST" and rule.mode == "obstruct" and actors and all(
            a.sector in cues["security_sectors"] for a in actors):
        return replace(rule, event_type="COERCE", mode="restrict", cameo="191", contexts=())
    if rule.event_type == "MOBILIZE" and any(
            word in trigger.sent.text.lower() for word in cues["peacekeeping_words"]):
        return replace(rule, event_type="AID", mode="military", cameo="074",
                       contexts=("peacekeeping",))
    return rule


def _stands_without_actor(trigger: Token, rule: TriggerRule, targeted: bool,
                          location: Place | None, cues: dict[str, set[str]],
                          counts: Counts) -> bool:
    """An event whose doer is unknown still counts when it names its target ("two civilians
    were abducted") or counts it (``targeted``: "40 were arrested"), a weapon ("a roadside
    bomb killed four"), the theme its rule asks for ("weapons were found", "the prisoners
    were released"), or, for a violence noun, its
    place ("a grenade attack in Dakar") or the people its sentence counts driven out, no
    disaster named ("3,000 civilians had fled the fighting": who is killed or hurt has
    verbs of its own, "an attack that killed two", which are the events); not when
    disasters or sports say the same words ("the quake killed eight", "Leicester beat
    Watford"). Protests and violence no disaster is called stand alone ("thousands marched
    in Nairobi", "was found murdered")."""
    if rule.lemma in cues["agent_required"] and not rule.objects:
        return _names_weapon(trigger, cues["weapon_words"]) or (
            targeted and _harm_with_no_cause(trigger, cues))
    if rule.event_type == "PROTEST" or rule.lemma in cues["violent_by_definition"]:
        return True
    driven_out = bool(counts.displaced) and not any(
        t.lemma_.lower() in cues["disaster_words"] for t in trigger.sent)
    return targeted or bool(rule.objects) or (
        (location is not None or driven_out) and rule.event_type in STANDALONE_TYPES
        and (trigger.pos_ in NOUN_POS or _gerund_as_noun(trigger)))


def _harm_with_no_cause(trigger: Token, cues: dict[str, set[str]]) -> bool:
    """"A police officer was killed in Karachi on Monday": someone killed or hurt, told
    with no more than where, when and at what gathering ("killed in the protests"). In the
    news that is violence whose doer is not known; a disaster or an accident is named, in
    the clause ("killed in a flood", "killed by lightning") or about it ("after a volcano
    erupted"; "a tank exploded. Four people were injured"; "Nine people were killed. The
    accident happened when ...")."""
    if trigger.lemma_.lower() not in cues["harm_verbs"] or not is_passive(trigger):
        return False
    disasters = cues["disaster_words"]
    sent = trigger.sent
    before = sent.doc[sent.start - 1].sent if sent.start > 0 else sent
    after = sent.doc[sent.end].sent if sent.end < len(sent.doc) else sent
    if any(t.lemma_.lower() in disasters for t in (*before, *sent, *after)):
        return False
    return all(obj.ent_type_ in _SETTING_ENTITIES
               or obj.lemma_.lower() in cues["gathering_words"] and prep.dep_ == "prep"
               for prep in trigger.children if prep.dep_ in ("prep", "agent")
               for obj in prep.children if obj.dep_ == "pobj")


def _gerund_as_noun(token: Token) -> bool:
    """A verb's -ing form where a noun stands, with no subject of its own ("fighting in
    Kivu has displaced thousands", "displaced by fighting"): the violence noun it names."""
    return token.tag_ == "VBG" and token.dep_ in (
        "nsubj", "nsubjpass", "dobj", "pobj", "pcomp") and not has_subject(token)


def _doers(trigger: Token) -> set[str]:
    """Lemmas of what an active verb trigger's subject names; for a relative clause's
    "which", the noun it stands for ("the package, which targets banks")."""
    if trigger.pos_ not in VERB_POS or is_passive(trigger):
        return set()
    return {s.lemma_.lower() for s in grammatical_subject(trigger)}


def _targets(trigger: Token) -> set[str]:
    """Lemmas of what a trigger is aimed at: its objects, and "against"/"on" phrases."""
    aimed = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    aimed += [o for p in trigger.children if p.dep_ == "prep" and p.lower_ in ("against", "on")
              for o in p.children if o.dep_ == "pobj"]
    return {t.lemma_.lower() for t in aimed}


def _names_weapon(trigger: Token, weapons: set[str]) -> bool:
    """Whether the trigger's clause (its governor's, for "..., killing four") names a weapon."""
    clause = trigger.head if trigger.dep_ in ("advcl", "conj", "xcomp", "acl", "relcl") else trigger
    return any(t.lemma_.lower() in weapons and t.i != trigger.i
               and (t.pos_ in NOUN_POS or t.tag_ == "VBG")  # "tank shelling", not "struck"
               for t in clause.subtree)


def _sentence(sent: Span, context: DocContext) -> Sentence:
    if not context.sentence_index:  # numbered once per doc, not once per event
        context.sentence_index = {s.start: i for i, s in enumerate(sent.doc.sents)}
    index = context.sentence_index[sent.start]
    return Sentence(index=index, start=sent.start_char, end=sent.end_char, text=sent.text)


def _allegation(event: Event, trigger: Token, context: DocContext,
                lexicons: tuple[TriggerLexicon, ActorLexicon]) -> Event | None:
    """"X argued that Y breached the ceasefire": saying someone did wrong is an ACCUSE event."""
    triggers, actors_lexicon = lexicons
    speech = trigger.head
    if trigger.dep_ != "ccomp" or speech.lemma_.lower() not in triggers.cues["allegation_verbs"]:
        return None
    heads, _ = argument_heads(speech, ACCUSE_RULE, triggers.cues)
    speakers = _code_heads(heads, context, actors_lexicon, event.date)
    if not speakers or {s.code for s in speakers} == {a.code for a in event.actor}:
        return None
    return Event(
        article_id=event.article_id, event_type="ACCUSE", mode="allege", cameo="112",
        trigger=TextSpan(speech.text, speech.idx, speech.idx + len(speech)),
        sentence=event.sentence, actor=speakers, recipient=event.actor,
        location=event.location, location_basis=event.location_basis, date=event.date,
        date_precision=event.date_precision,
        date_text=event.date_text, date_span=event.date_span,
        attribution=event.attribution, confidence=round(event.confidence * 0.9, 2),
    )


ACCUSE_RULE = TriggerRule("allege", "V", "ACCUSE", "allege", "112", (), None, frozenset())


def _directive_clause(token: Token, cues: dict[str, set[str]]) -> tuple[Token, Token] | None:
    """(speech verb, clause) when a token tells someone else what to do: the modal of "X said
    Y must withdraw" (a demand, CAMEO 10), or the verb of "X wants Y to withdraw" (an
    appeal, CAMEO 02)."""
    if token.tag_ == "MD":
        clause = token.head
        if token.dep_ == "aux" and token.lower_ in cues["demand_modals"] and (
                clause.dep_ == "ccomp" and clause.head.lemma_.lower() in cues["quote_verbs"]):
            return clause.head, clause
        return None
    if token.lemma_.lower() not in cues["wish_verbs"]:
        return None
    clause = next((c for c in token.children if c.dep_ in ("ccomp", "xcomp")
                   and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                   and any(a.dep_ == "nsubj" for a in c.children)), None)
    return (token, clause) if clause is not None else None


def _directive(token: Token, doc: Doc, context: DocContext,
               lexicons: tuple[TriggerLexicon, ActorLexicon]) -> Event | None:
    """A REQUEST from the one who says or wants to the one who must act; the act itself is
    kept, flagged hypothetical. The trigger is the modal or the wish verb."""
    triggers, actors_lexicon = lexicons
    cues = triggers.cues
    found = _directive_clause(token, cues)
    if found is None:
        return None
    speech, clause = found
    rule = DEMAND_RULE if token.tag_ == "MD" else WISH_RULE
    speaker_heads = subject_of(speech)
    dates, historical = _when(speech, doc, context)
    on = dates["date"]
    speakers = (_code_heads(speaker_heads, context, actors_lexicon, on)
                or _named_people(speaker_heads))
    addressees = _code_heads(grammatical_subject(clause), context, actors_lexicon, on)
    if not speakers or {a.code for a in addressees} <= {s.code for s in speakers} and addressees:
        return None
    exclude = [(a.start, a.end) for a in speakers + addressees]
    place, basis = _where(speech, doc, context, exclude, rule.event_type)  # said, not done
    flags = flags_for(speech, cues)
    flags.historical = historical
    return Event(
        article_id=context.article.id, event_type=rule.event_type,
        mode=rule.mode, cameo=rule.cameo,
        trigger=TextSpan(token.text, token.idx, token.idx + len(token)),
        sentence=_sentence(token.sent, context), actor=speakers, recipient=addressees,
        location=place, location_basis=basis, **dates,
        attribution=attribution_for(speech, cues), flags=flags,
        counts=replace(context.counts(token.sent)),
        confidence=_confidence(rule, speakers, addressees),
    )


DEMAND_RULE = TriggerRule("must", "V", "REQUEST", "change", "100", (), None, frozenset())
WISH_RULE = TriggerRule("want", "V", "REQUEST", None, "020", (), None, frozenset())


# Verbs by which news frames an act it has told against another ("The attack comes weeks
# after JNIM tightened a blockade", "The strike came as talks resumed"): the news is the
# other act.
FRAMING_VERBS = frozenset({"come"})


def _clause_verb(sentence: Span, quote_verbs: set[str]) -> Token:
    """The verb a sentence reports: its root, or for "X said (that) Y ..." the reported one,
    for "there were N soldiers killed" the participle, not "were", and for "the attack comes
    after X did Y" what X did (the coder had read "comes" as a second attack)."""
    verb = sentence.root
    if verb.lemma_.lower() in FRAMING_VERBS and any(
            c.dep_ == "nsubj" and c.pos_ == "NOUN" for c in verb.children):
        verb = next((c for c in verb.children if c.dep_ == "advcl" and c.pos_ in VERB_POS
                     and has_subject(c)), verb)
    while verb.lemma_.lower() in quote_verbs:
        reported = next((c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in VERB_POS),
                        None)
        if reported is None:
            break
        verb = reported
    if verb.lemma_ == "be" and any(c.dep_ == "expl" for c in verb.children):
        told = next((participle for noun in verb.children if noun.dep_ == "attr"
                     for participle in noun.subtree  # "dozens of civilians wounded"
                     if participle.dep_ == "acl" and participle.tag_ == "VBN"), None)
        verb = told or verb
    return verb


def _saying_verb(verb: Token, quote_verbs: set[str]) -> Token:
    """The verb of saying whose report ``verb`` is ("said" in "he said prices had risen"),
    as :func:`_clause_verb` went down from it; else ``verb``."""
    while verb.dep_ == "ccomp" and verb.head.lemma_.lower() in quote_verbs:
        verb = verb.head
    return verb


def uncovered_verbs(doc: Doc, context: DocContext, events: list[Event],
                    cues: dict[str, set[str]], need_party: bool = True) -> list[Token]:
    """The reported verb of each sentence the lexicon found no event in: where the coder
    may still read one ("students filled the streets of Belgrade"); not a source's asking
    not to be named ("They asked not to be named because ...": the coder had read a
    refusal). Only sentences with a coded party, unless ``need_party`` is False (training
    reads every sentence)."""
    covered = {e.sentence.start for e in events}
    with_actors = {span.sent.start for span, _ in context.mentions}
    verbs = []
    for sentence in doc.sents:
        budget.check(at=sentence.start_char)
        if sentence.start_char in covered or need_party and sentence.start not in with_actors:
            continue
        verb = _clause_verb(sentence, cues["quote_verbs"])
        if verb.pos_ in VERB_POS and not _asks_anonymity(verb, cues["anonymity_verbs"]):
            verbs.append(verb)
    return verbs


def event_candidate(event: Event, group: str) -> Candidate:
    """A lexicon event as the coder reads it."""
    s = event.sentence
    return Candidate(s.text, event.trigger.start - s.start, event.trigger.end - s.start,
                     lexicon_evidence(event), group)


def verb_candidate(verb: Token, group: str) -> Candidate:
    """A verb no lexicon row matched, as the coder reads it."""
    sent = verb.sent
    start = verb.idx - sent.start_char
    return Candidate(sent.text, start, start + len(verb), lexicon_evidence(None), group)


def _told_aside(event: Event, doc: Doc, triggers: set[int]) -> bool:
    """Whether the event is told in an aside of its sentence (:func:`_aside_verb`), by a
    participle that describes a noun ("rebels backed by Rwanda", "fighters trained by
    Turkey"), or under another event's trigger (``triggers``: "accused Eritrea of massing
    troops", "forced Ruto to withdraw the bill"): none is what the sentence reports, which
    is what the coder learned to type, and reads into the rest."""
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    return span is not None and (_aside_verb(span.root) is not None
                                 or _describes_noun(span.root)
                                 or any(h.i in triggers for h in governors(span.root)))


def _describes_noun(verb: Token) -> bool:
    """A past participle hung on a noun as its description: "rebels backed by Rwanda",
    "targets agreed with the IMF" (which the tagger may take for a past tense)."""
    return verb.dep_ == "acl" and verb.tag_ in ("VBN", "VBD") and verb.head.pos_ in NOUN_POS


# CAMEO's "make statement, not specified below": the penta head says a statement, not which
STATEMENT_CAMEO = "010"


def coded_events(doc: Doc, context: DocContext, events: list[Event], coder: EventCoder,
                 lexicons: tuple[TriggerLexicon, ActorLexicon], policy: Policy
                 ) -> tuple[list[Event], list[Reading]]:
    """The lexicon's events as the coder judges them, and the events it reads where the
    lexicon found none; each with the coder's reading, in text order.

    An added event hangs on the sentence's reported verb, its arguments read as for a
    trigger of the coder's type, and it needs a coded party in its sentence: the coder sees
    the words, the actor lexicon vouches that political actors are involved. Where the
    parse finds no coded doer, it stands if the coder is sure (``policy.vouch``) and the role
    head finds a doer, coded or not, or a coded party it is aimed at ("the nurses'
    committee said it will not end the strike until the Kenyan government pays them").
    """
    group = context.article.text
    cues = lexicons[0].cues
    verbs = uncovered_verbs(doc, context, events, cues)
    readings = coder.read([event_candidate(e, group) for e in events]
                          + [verb_candidate(v, group) for v in verbs])
    claims = _claimed_parties(events, doc)
    triggers = {span.root.i for e in events if (span := doc.char_span(
        e.trigger.start, e.trigger.end, alignment_mode="expand")) is not None}
    found = [(with_roles(with_place(judged, reading, doc, context, cues), reading, doc,
                         context, lexicons, policy.roles, claim), reading)
             for event, reading, claim in zip(events, readings, claims, strict=False)
             if (judged := judge(event, reading, policy, _told_aside(event, doc, triggers)))
             is not None]
    for verb, reading in zip(verbs, readings[len(events):], strict=True):
        if (added := added_type(reading, policy)) is None:
            continue
        event_type, score = added
        # a statement is the saying, its subject the speaker: not the report's verb
        trigger = _saying_verb(verb, cues["quote_verbs"]) if event_type == STATEMENT else verb
        # appeals are the lexicon's (REQUEST, CAMEO 020), so a statement is CAMEO's 010
        rule = TriggerRule(lemma=trigger.lemma_.lower(), pos="V", event_type=event_type,
                           mode=None, cameo=STATEMENT_CAMEO if event_type == STATEMENT else None,
                           contexts=(), particle=None, objects=frozenset())
        event = _build_event(trigger, rule, doc, context, lexicons,
                             vouched=policy.vouch is not None and score >= policy.vouch)
        if event is not None and event_type == STATEMENT:
            # someone speaks, about or to a coded party: what is said ("expressed deep
            # concern") is no party, and a statement without a speaker tells nobody anything.
            # Its place comes once its parties are settled, as none of them is where it was
            # made ("Germany expressed concern over Turkey's decision": not in Turkey).
            event = with_roles(event, reading, doc, context, lexicons, policy.roles)
            event = replace(event, recipient=[r for r in event.recipient if r.code])
            if not event.actor:
                continue
            event = with_place(event, reading, doc, context, cues)
        elif event is not None:
            event = with_roles(with_place(event, reading, doc, context, cues), reading, doc,
                               context, lexicons, policy.roles)
        # someone acts, or a coded party is acted on: not "rescuers carried debris"; and
        # someone who is more than a people ("7.7 million Venezuelans have left the
        # country": their migration is no PLOVER event)
        if event is not None and (event.actor or any(r.code for r in event.recipient)) and not (
                all(_a_people(a) for a in event.actor) and not any(
                    r.code for r in event.recipient)):
            found.append((replace(event, typed_by="model", type_score=round(score, 3),
                                  penta=reading.top_penta,
                                  # trusted as far as both the parse and the coder are
                                  confidence=round(event.confidence * score, 2)), reading))
    found.sort(key=lambda pair: pair[0].trigger.start)
    return [e for e, _ in found], [r for _, r in found]


def _a_people(actor: Actor) -> bool:
    """A code that is only a country, with no sector: a nation's people named as such
    ("Venezuelans"), or a place standing for its country; no political actor either way."""
    return actor.sector is None and actor.code is not None and actor.code == actor.country


# Prepositions whose event noun is what an answering verb answers (cues.yaml): its reason
# ("arrested three men for the killing"), or what it opposes ("marched against the bombing":
# the gold sets mark that as the act's target, so it stays one). Not a purpose ("mobilized
# troops for a ground assault", "called for sanctions").
REASON_PREPS = frozenset({"for", "over"})
ANSWERING_PREPS = REASON_PREPS | {"against"}


def _answered_act(noun: Token, triggers: TriggerLexicon,
                  preps: frozenset[str] = ANSWERING_PREPS) -> Token | None:
    """The verb that answers the act ``noun`` names, or None; the small parser may hang the
    reason on the verb's object ("imposed sanctions on seven officials over the supply of
    drones": on "officials")."""
    prep = noun.head
    verb = prep.head
    while verb.pos_ in NOUN_POS and verb.dep_ in ("dobj", "pobj", "conj") or verb.dep_ == "prep":
        verb = verb.head
    if (noun.dep_ != "pobj" or prep.lower_ not in preps or verb.pos_ not in VERB_POS
            or verb.lemma_.lower() not in triggers.cues["answering_verbs"]
            or not any(rule.accepts_pos(noun) for rule in triggers.by_lemma.get(
                noun.lemma_.lower(), ()))):
        return None
    return verb


def _aimed_at(verb: Token) -> list[Token]:
    """Whom a verb is aimed at: its object, and what its "on"/"against" phrase names, of the
    verb or of its object ("imposed sanctions on seven officials")."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return objects + [obj for owner in (verb, *objects) for prep in owner.children
                      if prep.dep_ == "prep" and prep.lower_ in ("on", "against")
                      for obj in prep.children if obj.dep_ == "pobj"]


def _done_by_act_or_weapon(verb: Token, triggers: TriggerLexicon) -> bool:
    """Whether the subject of ``verb`` is a noun the trigger lexicon reads as an act ("the
    strikes killed four workers") or a weapon ("a ballistic missile hit an industrial
    site"), so the doer is the act's or the weapon's, not named in the clause."""
    weapons = triggers.cues["weapon_words"]
    return verb.pos_ in VERB_POS and any(
        s.dep_ == "nsubj" and s.pos_ == "NOUN" and (s.lemma_.lower() in weapons or any(
            rule.accepts_pos(s) for rule in triggers.by_lemma.get(s.lemma_.lower(), ())))
        for s in verb.children)


def _framing_doers(noun: Token) -> list[Token]:
    """The doers of the verb whose "in"/"during" phrase holds an event noun."""
    if noun.pos_ not in NOUN_POS or noun.dep_ != "pobj" or noun.head.lower_ not in (
            "in", "during"):
        return []
    verb = noun.head.head
    return subject_of(verb) if verb.pos_ in VERB_POS else []


def _speaking_of_itself(parties: list[Actor], mentions: list[tuple[Span, list[Actor]]],
                        trigger: Token, quote_verbs: set[str]) -> set[int]:
    """The tokens of the mentions coded as one of ``parties`` that are the subject of a
    clause the trigger or a verb of saying reports: the party telling of itself by another
    name ("said Tehran would respond" for Iran's foreign ministry, "warned that Israel would
    not allow"). Not another name as such: a government acts on its own country and people
    ("declared a state of emergency in Colombia"), which the gold sets mark as targets."""
    codes = {a.code for a in parties if a.code}
    return {t.i for span, actors in mentions if codes & {a.code for a in actors}
            and span.root.dep_ == "nsubj" and span.root.head.dep_ == "ccomp"
            and (span.root.head.head == trigger
                 or span.root.head.head.lemma_.lower() in quote_verbs)
            for t in span}


def _setting_of_another(noun: Token) -> bool:
    """Whether an event noun is told only as the setting of another verb's act, in its
    prepositional phrase ("were killed in the protests", "were arrested after the clashes"),
    with no doer of its own in its phrase."""
    return (noun.pos_ in NOUN_POS and noun.dep_ == "pobj" and noun.head.dep_ == "prep"
            and noun.head.head.pos_ in VERB_POS
            and not any(c.dep_ in ("poss", "compound", "amod") for c in noun.children))


def _teller_of_act(noun: Token) -> list[Token]:
    """Who tells of what an act noun does or would do, as the subject of the clause it
    reports ("the UN warned that an assault on the city could trigger a catastrophe")."""
    clause = noun.head
    if noun.pos_ not in NOUN_POS or noun.dep_ != "nsubj" or clause.dep_ != "ccomp":
        return []
    return subject_of(clause.head)


def _light_verb_doers(noun: Token, light_verbs: set[str]) -> list[Token]:
    """Who carries out an event noun by the light verb it is the object of ("the group would
    continue its attacks": the group, which the role head took for what was attacked)."""
    verb = light_verb(noun, light_verbs) if noun.pos_ in NOUN_POS else None
    return subject_of(verb) if verb is not None else []


def _passive_agents(trigger: Token) -> list[Token]:
    """The "by" agents of a passive verb trigger: its doers, in so many words."""
    return subject_of(trigger) if trigger.pos_ in VERB_POS and is_passive(trigger) else []


# Participles whose agent stood between the parties ("a ceasefire brokered by Qatar"), not
# one of them (the author of "a proposal drafted by Egypt" is whom its acceptance answers).
BROKERING_VERBS = frozenset({"broker", "mediate", "host", "facilitate", "sponsor", "arrange",
                             "oversee", "chair", "moderate"})


def _brokers(trigger: Token) -> list[Token]:
    """Who brokered, mediated or hosted what an event is about: the "by" agents of such
    participles in its words ("agreed to a ceasefire brokered by Saudi Arabia")."""
    return [agent for t in trigger.subtree if t.dep_ == "acl" and t.tag_ == "VBN"
            and t.lemma_.lower() in BROKERING_VERBS for agent in subject_of(t)]


def _aside(noun: Token, trigger: Span | None) -> list[Token]:
    """The words of a relative clause that tells more of a noun ("the ministry, which runs
    the prison system,"), unless the event's own trigger is in it (a misparse may hang the
    main clause on its subject as one)."""
    return [t for c in noun.children
            if c.dep_ == "relcl" and c.left_edge.lower_ in RELATIVE_PRONOUNS
            and (trigger is None or trigger.root not in c.subtree)
            for t in c.subtree]


# Sectors whose members report violence and do not carry it out: medics, monitors,
# journalists, residents, courts; and intergovernmental bodies, whose agencies count the
# dead and displaced ("The UN refugee agency said 3,000 civilians had fled the fighting").
# Where they do fight, the rules name them ("NATO said its aircraft struck").
WITNESS_SECTORS = frozenset({"MED", "NGO", "IGO", "HLH", "CVL", "REF", "EDU", "REL", "JUD",
                             "LAB", "BUS"})


Source = tuple[Span, list[Actor]]


def _coded_sources(attribution: list[Attribution], doc: Doc, context: DocContext,
                   lexicon: ActorLexicon) -> list[Source]:
    """The sources an event is attributed to, each with the actors its words code."""
    spans = [doc.char_span(s.start, s.end, alignment_mode="expand") for s in attribution]
    return [(span, code_actor(span, lexicon, context.focus_country))
            for span in spans if span is not None]


def _witnesses(sources: list[Source], passive: bool) -> set[int]:
    """The tokens of the sources the actor base codes as witnesses only
    (:data:`WITNESS_SECTORS`); and, of an act told in the ``passive`` with no doer, those it
    cannot code at all: the base knows the states and armed groups that fight, so such a
    sayer is a medium or monitor ("Al Masirah said six people were killed in the strikes").
    Not of an act told otherwise: who claims an attack did it ("The FLN has claimed
    responsibility for several attacks")."""
    def witness(actor: Actor) -> bool:
        return actor.sector in WITNESS_SECTORS or passive and actor.code is None

    return {t.i for span, coded in sources
            if (coded or passive) and all(witness(a) for a in coded) for t in span}


def _telling_of_its_own(sources: list[Source], targets: list[Actor]) -> set[int]:
    """The tokens of the sources that are a state's bodies telling of what befell that
    state's own forces, officials or people (an act whose doer they do not name:
    "Afghanistan's government said eight people were killed in the strikes")."""
    own = {a.country for a in targets if a.country and a.sector in STATE_SECTORS | {"CVL"}}
    return {t.i for span, coded in sources
            if any(a.country in own and a.sector in STATE_SECTORS for a in coded) for t in span}


def _party_tokens(parties: list[Actor] | list[TextSpan], doc: Doc) -> set[int]:
    """The tokens of the text spans of parties (or of any spans in the text)."""
    return {t.i for a in parties
            for t in doc.char_span(a.start, a.end, alignment_mode="expand") or ()}


def _event_verb(event: Event, doc: Doc) -> Token | None:
    """The verb of the clause an event's trigger is told in."""
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    return _date_anchor_verb(span.root) if span else None


def _own_clause(verb: Token | None) -> Token | None:
    """``verb`` (an event's, :func:`_event_verb`) when its clause names its own subject."""
    if verb is None or not has_subject(verb):
        return None
    return verb


def _claimed_parties(events: list[Event], doc: Doc) -> list[dict[str, set[int]]]:
    """For each event, per side, the tokens of the parties the rules gave other clauses'
    events and not it, which the role head (trained on the main events of sentences) may
    not take for it:
    - targets of the clauses joined to its own by "and" or "but", or of a relative clause
      and the clause it hangs in (each with a subject of its own): "Hezbollah fired at
      northern Israel, and Israeli jets struck targets in southern Lebanon" — Israel is what
      the rockets were fired at, not what the jets struck; "Rebels, who seized Goma,
      attacked a UN base" — the base is not what they seized;
    - both sides of the clause an adverbial clause with a subject of its own hangs on:
      "Kenya recalled its ambassador after Somalia accused it of meddling" — the accuser is
      Somalia, not Kenya, and the accused not the ambassador;
    - the targets of the clause a past participle with no subject hangs on
      (:func:`_participle_host`), or of the verb one with no subject is joined to by "and"
      (:func:`_first_conjunct`)."""
    verbs = [_event_verb(event, doc) for event in events]
    clauses = [_own_clause(verb) for verb in verbs]
    hosts = [_host_clause(verb) for verb in clauses]
    parties = [{"source": _party_tokens(event.actor, doc),
                "target": _party_tokens(event.recipient, doc)} for event in events]
    claimed: list[dict[str, set[int]]] = []
    for event_verb, verb, host, own in zip(verbs, clauses, hosts, parties, strict=True):
        joined = set(verb.conjuncts) if verb is not None else set()
        joined |= {v for v, h in zip(clauses, hosts, strict=True) if h is not None and h == verb}
        if host is not None:
            joined.add(host)
        hung_on = verb.head if verb is not None and verb.dep_ == "advcl" else None
        host_verb = (_participle_host(event_verb) or _first_conjunct(event_verb)
                     if verb is None and event_verb is not None else None)
        if host_verb is not None:
            joined.add(host_verb)
        claimed.append({side: {t for other, theirs in zip(clauses, parties, strict=True)
                               if other is not None and (other in joined and side == "target"
                                                         or other == hung_on)
                               for t in theirs[side]} - own[side]
                        for side in SIDES})
    return claimed


def _participle_host(verb: Token) -> Token | None:
    """The verb of the clause a past participle with no subject of its own hangs on ("accused
    the group of violating the ceasefire agreed last month with community leaders"; the
    tagger may take it for a past tense): what that clause is aimed at is not what the
    participle's act was agreed or done with. Not a present participle ("held talks with
    the president, offering support"), which often shares its host's target."""
    if verb.dep_ not in ("advcl", "acl") or verb.tag_ not in ("VBN", "VBD"):
        return None
    return next((h for h in governors(verb) if h.pos_ in VERB_POS), None)


def _first_conjunct(verb: Token) -> Token | None:
    """The verb a verb with no subject of its own is joined to by "and" ("met the Egyptian
    foreign minister and rejected any truce"): the two share a doer, not what each is aimed
    at."""
    if verb.dep_ != "conj" or verb.head.pos_ not in VERB_POS:
        return None
    return verb.head


def _host_clause(verb: Token | None) -> Token | None:
    """The verb of the clause a relative clause's noun stands in."""
    if verb is None or verb.dep_ != "relcl":
        return None
    return next((h for h in governors(verb.head) if h.pos_ in VERB_POS), None)


def _whole_phrase(span: Span | None) -> list[Token]:
    """The noun phrase a coded party stands in: the party may be only the name that codes it
    ("Ukrainian" in "Ukrainian saboteurs"), and the role head must not make the rest of
    the phrase the target of what the phrase did; nor the name in apposition to it ("a
    spokesman for the army, Colonel Abdoul Diallo,": the same man); nor who the phrase says
    stands behind the party ("M23 rebels backed by Rwanda": not what they seized)."""
    if span is None:
        return []
    root = span.root
    if root.dep_ in ("amod", "compound", "poss", "nmod") and root.head.pos_ in NOUN_POS:
        return list(noun_phrase(root.head))
    after = span.end + 1  # right after its comma: not a name the parser misread as one
    return list(span) + [t for c in root.children if c.dep_ == "appos" and c.pos_ == "PROPN"
                         and c.left_edge.i == after and span.doc[after - 1].text == ","
                         for t in noun_phrase(c)] + [
        t for c in root.children if c.dep_ == "acl" and c.tag_ == "VBN"
        and any(g.dep_ == "agent" for g in c.children) for t in c.subtree]


def _seat(span: Span | None) -> list[Token]:
    """Where a teller sits, told right after it ("the government in Bamako accused ..."):
    the teller's, not a party of the act it tells. Only a teller's: where the doer of an act
    is ("protesters in the town of X") is often what the act is aimed at."""
    if span is None:
        return []
    return [t for c in span.root.children if c.dep_ == "prep" and c.lower_ in ("in", "at")
            and c.i == span.end for t in c.subtree]


def with_roles(event: Event, reading: Reading, doc: Doc, context: DocContext,
               lexicons: tuple[TriggerLexicon, ActorLexicon], mode: str,
               claimed: dict[str, set[int]] | None = None) -> Event:
    """The event with its source and target settled by the role head and the rules
    (``roles.py``). A word the role head picks is coded like any argument; one the actor
    lexicon cannot code is kept uncoded, as its text is still who acted. Where the rules
    found a side, or left its source empty, the role head may not take for it what the rules
    gave another clause's event (``claimed``, per side, from :func:`_claimed_parties`;
    guarding the sources of joined clauses too cost plv and ConfliBERT source F1 0.001, and
    empty targets plv target text 0.005)."""
    budget.check(at=event.trigger.start)
    if reading.roles is None or mode == "rules":
        return event
    cues, lexicon = lexicons[0].cues, lexicons[1]
    sentence = doc.char_span(event.sentence.start, event.sentence.end,
                             alignment_mode="expand")
    if sentence is None:
        return event
    ruled = {"source": event.actor, "target": event.recipient}
    sides = dict(ruled)
    trigger = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    # who reports the event is never what it is aimed at ("..., Ukraine's military said"),
    # who speaks of an event noun never its doer ("the minister condemned the attack")
    reporters = {t.i for a in event.attribution
                 for span in [doc.char_span(a.start, a.end, alignment_mode="expand")]
                 for t in _whole_phrase(span) + _seat(span)}
    # nor who answers it: the police who arrest men for a killing did not kill
    answering = _answered_act(trigger.root, lexicons[0]) if trigger else None
    speakers = {t.i for head in (onlookers(trigger.root, cues["onlooker_verbs"],
                                           cues["expressing_verbs"]) if trigger else ())
                + (subject_of(answering) if answering is not None else [])
                for t in noun_phrase(head)}
    # nor was it done to them; and whom the answer is aimed at did the act, not suffered it
    # ("sanctions on seven Iranian officials over the supply of drones to Russia": the
    # officials supplied, the EU neither supplied nor was supplied)
    answered = {t.i for head in (subject_of(answering) + _aimed_at(answering)
                                 if answering is not None else ())
                for t in noun_phrase(head)}
    # who does what an event noun is told within is never its target: a partner ("is
    # backed by Russia in its assault") or its doer ("attacked by rebels in an ambush");
    # nor is a passive trigger's own "by" agent ("was arrested by intelligence agents")
    framers = {t.i for head in (_framing_doers(trigger.root) + _brokers(trigger.root)
                                + _passive_agents(trigger.root)
                                + _light_verb_doers(trigger.root, cues["light_verbs"])
                                if trigger else ())
               for t in noun_phrase(head)}
    dateline = {t.i for t in sentence if context.in_dateline(t.idx)}
    # nor, for the target, whom the doer acts beside ("fought alongside the rebels"): a
    # partner (what follows it "against" is still the target)
    partners = {t.i for prep in (trigger.root.children if trigger else ())
                if prep.dep_ == "prep" and prep.lower_ in ("alongside", "beside")
                for obj in prep.children if obj.dep_ == "pobj" for t in noun_phrase(obj)}
    # nor where something was said ("said on X", "wrote on Telegram"): a medium, no party
    media = {t.i for verb in sentence if verb.lemma_.lower() in cues["quote_verbs"]
             for prep in verb.children if prep.dep_ == "prep" and prep.lower_ in ("on", "via")
             for t in prep.subtree}
    # nor, in an aside, what lies outside its clause, but for whom its pronouns stand
    taken = _beyond_own_clause(trigger.root, sentence) if trigger is not None else set()
    if trigger is not None:  # nor the parties of a clause set against it ("Kyiv welcomed
        # the decision, while Moscow warned it would retaliate": Moscow was not welcomed)
        taken |= _contrasted(trigger.root)
    if trigger is not None and not event.mutual and _when_noun(trigger.root):  # the parties
        # of the act a clause is timed by are in its own phrase: the police who arrested
        # people after the protests did not protest, the army that imposed a curfew after
        # the attack on a market did not attack Goma
        taken |= {t.i for t in sentence} - {t.i for t in trigger.root.subtree} | {
            t.i for t in trigger}
    taken -= {t.i for span in _antecedents(event.actor + event.recipient, sentence, context)
              for t in span}
    for side in SIDES:
        found = ruled[side]
        other = ruled["target" if side == "source" else "source"]
        spans = [doc.char_span(a.start, a.end, alignment_mode="expand") for a in found]
        others = [t for a in other for t in doc.char_span(
            a.start, a.end, alignment_mode="expand") or ()]
        # nor what a relative clause tells of the other side ("the ministry, which runs the
        # prison system, refused a request": not the prison system)
        avoid = {t.i for t in others} | {t.i for o in others for t in _aside(o, trigger)}
        avoid |= taken | dateline | media
        if side == "source":  # nor whom the target's pronouns stand for: who says rockets
            # were fired at its territory was hit, not the one who fired
            avoid |= {t.i for span in _antecedents(other, sentence, context) for t in span}
        avoid |= reporters | framers | answered | partners if side == "target" else speakers
        if side == "source" and found and trigger is not None:  # nor, over the doer the
            # rules found, the one of a clause joined beside the trigger's ("Ruto said he
            # would not sign the bill, but protest organisers vowed to continue
            # demonstrations": not Ruto)
            avoid |= _beyond_joined_clause(trigger.root, sentence)
        if side == "source" and trigger is not None and is_passive(trigger.root):  # nor
            # what a passive was done to ("the soldiers were handed over to a commission"),
            # nor the noun its relative pronoun stands for ("a student who was shot")
            done_to = [c for c in trigger.root.children if c.dep_ == "nsubjpass"]
            if trigger.root.dep_ == "relcl" and any(c.lower_ in RELATIVE_PRONOUNS
                                                    for c in done_to):
                done_to.append(trigger.root.head)
            done_to += [c.head for c in done_to if c.dep_ == "appos"]  # "Brian Otieno, a
            # student who was shot"
            avoid |= {t.i for c in done_to for t in noun_phrase(c)}
        if trigger is not None:  # nor, for a participle beside a report, what is reported
            # ("15 civilians were killed at a market, the committee said, blaming the RSF":
            # the civilians blamed no one, nor was the market blamed)
            avoid |= _report_beside_participle(trigger.root, cues["quote_verbs"])
        if side == "source" and found:  # nor the doer the rules found, unless it is the
            # reporter's own pronoun ("Medics said four children were killed in Israeli
            # shelling": Israel; "the army says it seized ...": the army)
            avoid |= reporters - {t.i for span in _antecedents(found, sentence, context)
                                  for t in span}
        elif side == "source":  # none named: nor a state telling what befell its own
            # people ("Russia's defence ministry said 248 Russian servicemen had been freed")
            sources = _coded_sources(event.attribution, doc, context, lexicon)
            avoid |= _telling_of_its_own(sources, other)
        if side == "source" and not found and event.event_type == "ASSAULT":  # nor a
            # witness ("The Syrian Observatory said eight people were killed"), nor who tells
            # of what an unowned act did ("The Houthis said the strikes killed four port
            # workers": the strikes' doer is not named), or of what the act itself would do
            # ("the UN warned that an assault on the city could trigger a catastrophe")
            avoid |= _witnesses(sources, trigger is not None and not _passive_agents(
                trigger.root) and is_passive(trigger.root))
            if trigger is not None and _done_by_act_or_weapon(trigger.root, lexicons[0]):
                avoid |= reporters
            if trigger is not None:
                avoid |= {t.i for head in _teller_of_act(trigger.root)
                          for t in noun_phrase(head)}
        if side == "source" and not found and trigger is not None and _setting_of_another(
                trigger.root):  # nor who reports an act told only as where another one
            # happened ("Police said nine people were killed in the protests": not the police)
            avoid |= reporters
        # the pronouns standing for the settled source are never its target
        own = _own_pronouns(sides["source"], sentence, context) if side == "target" else set()
        if side == "target":  # nor the rest of the phrase the settled source stands in,
            # nor whom its pronoun stands for
            avoid |= {t.i for a in sides["source"] for t in _whole_phrase(
                doc.char_span(a.start, a.end, alignment_mode="expand"))}
            avoid |= {t.i for span in _antecedents(sides["source"], sentence, context)
                      for t in span} | own
            # nor another name of the source as the subject of what it says ("Iran's foreign
            # ministry condemned the decision and said Tehran would respond": not Tehran)
            if trigger is not None:
                avoid |= _speaking_of_itself(sides["source"], mentions_between(
                    context.mentions, sentence.start, sentence.end), trigger.root,
                    cues["quote_verbs"])
        if side == "target" and trigger is not None:  # nor whom the act it answers was done to
            avoid |= {t.i for prep in trigger.root.children for act in prep.children
                      if _answered_act(act, lexicons[0], REASON_PREPS) for t in prep.subtree}
        if side == "target" and trigger is not None and event.event_type != "RETREAT":
            avoid |= _origins(trigger.root, context.mentions_in(sentence))
        if side == "target" and trigger is not None:  # nor, for what a relative clause
            # tells its noun did, or a clause of a participle its time ("since seizing power
            # in 2022"), what lies outside that clause ("the junta, which seized power in
            # 2022, turned to Russia": not Russia)
            avoid |= _beyond_relative_clause(trigger.root, sentence)
            avoid |= _beyond_timed_participle(trigger.root, sentence)
        if side == "target" and trigger is not None:  # nor what a participle of saying
            # reports beside it ("denied the strikes, saying it withdrew from Mali")
            avoid |= _reported_beside(trigger.root, sentence, cues["quote_verbs"])
        if side == "target":  # nor what lies only near the scene ("near the Niger border")
            avoid |= {t.i for place in sentence if place.dep_ == "pobj"
                      and place.head.lower_ in SURROUNDING_PREPS for t in place.subtree}
        if side == "target" and len(sides["source"]) > 1 or side == "source":  # "X and Y
            # signed a pact in Jeddah": the venue is no side; nor is the scene a doer ("In
            # Tehran, hundreds of students protested": not Tehran)
            avoid |= {t.i for t in sentence if _is_locative(t)}
        if side == "target":  # nor what the sentence opens by setting it in ("In Tehran, ...")
            avoid |= _opening_frame(sentence)
        if side == "target" and trigger is not None:  # nor the event's own word ("killed at
            # the rally": the rally is not aimed at itself)
            avoid |= {t.i for t in trigger}
        # what a violent or coercive act hits, its object, is its target, thing or not: never
        # the place it hit it in ("struck power plants in the west")
        if (side == "target" and trigger is not None and event.event_type in ACTS_ON_THINGS
                and any(span is not None and span.root.head == trigger.root
                        and span.root.dep_ in ("dobj", "nsubjpass") for span in spans)):
            avoid |= {t.i for place in sentence if _is_locative(place) for t in place.subtree}
        pick = role_pick(sentence, reading.roles, side, avoid)
        # another clause's party: the rules' own stands, or no one ("suspended aid after
        # its trucks were looted": the looters are not named)
        if (pick is not None and (found or side == "source") and claimed
                and pick.head.i in claimed[side]):
            pick = None
        score = side_score(found, reading.roles, event.sentence.start, side)
        # who died or was hurt in it, the grammar states as its target ("a child died in an
        # airstrike", "two soldiers were killed by sniper fire")
        dead = (harmed(trigger.root, cues["dying_verbs"], cues["harm_verbs"])
                if trigger and side == "target" else [])
        outright = trigger is not None and any(
            span is not None and (stated_outright(span.root, trigger.root, side,
                                                  as_read=event.typed_by != "model")
                                  or span.root in dead)
            for span in spans)
        named = any(span is not None and span.root.pos_ == "PROPN"
                    and span.root.ent_type_ in NAMED_PARTY_TYPES for span in spans)
        decision = settle(mode, found, score, pick, outright, side, named)
        if decision == "none":
            sides[side] = []
        elif decision == "model" and pick is not None:
            coded = (_antecedent_of(pick.head, found, context)
                     or _owned_party(pick.head, context, lexicon, event.date)
                     or _code_heads([pick.head], context, lexicon, event.date))
            # a word of the rules' own phrase that names no party points at that phrase
            # ("oil" of "an oil refinery"); one that does is the party ("the unions" of "a
            # plan from the unions")
            if not coded and any(a.start <= pick.head.idx < a.end for a in found):
                continue
            # nor what the source's own pronoun codes ("pledged his country's support":
            # "his", the prime minister's Pakistan)
            if own and coded and _party_tokens(coded, doc) <= own:
                continue
            sides[side] = coded or _uncoded(pick.head)
            taken |= {t.i for t in noun_phrase(pick.head)}
    return replace(event, actor=sides["source"],
                   recipient=_beside_the_parties(event, sides["source"], sides["target"]))


def _beside_the_parties(event: Event, actors: list[Actor], recipients: list[Actor]
                        ) -> list[Actor]:
    """The recipients of a mutual act its coded parties do together: only coded ones. Its
    parties are its actors, each towards the others ("The US and China signed an agreement
    aimed at easing a trade war": no recipient, where the role head had taken "trade";
    "Canada and Costa Rica agreed to start negotiations for a free trade agreement")."""
    if not event.mutual or sum(bool(a.code) for a in actors) < 2:
        return recipients
    return [r for r in recipients if r.code]


def _owned_party(owner: Token, context: DocContext, lexicon: ActorLexicon,
                 on: date | None) -> list[Actor]:
    """For a picked possessive, the party its noun names as its own ("Israel's" of "Israel's
    army said three militants were killed": the army, ISRMIL, not Israel's government), when
    the actor base codes the noun as part of the party. Not a thing or act the owner has
    ("Israel's strikes"), which leaves the owner the party."""
    noun = owner.head
    if owner.dep_ != "poss" or noun.pos_ not in NOUN_POS:
        return []
    return [a for a in _code_heads([noun], context, lexicon, on)
            if a.sector is not None and a.start <= noun.idx < a.end]


def _report_beside_participle(trigger: Token, quote_verbs: set[str]) -> set[int]:
    """For a participle hung on a verb of saying ("the committee said, blaming the RSF"),
    the words of what that verb reports: another clause, with its own parties."""
    verb = trigger.head
    if not (trigger.tag_ == "VBG" and trigger.dep_ == "advcl"
            and verb.lemma_.lower() in quote_verbs):
        return set()
    return {t.i for report in verb.children if report.dep_ == "ccomp" for t in report.subtree}


def _reported_beside(trigger: Token, sentence: Span, quote_verbs: set[str]) -> set[int]:
    """The words on the other side of what a participle of saying reports ("France denied the
    strikes in the area, saying it withdrew its last soldiers from Mali"): the speaker's
    second claim has its own parties, and the event it is hung on has others. For a trigger
    outside the report, the report's words; for one inside it, the words outside."""
    beside: set[int] = set()
    for verb in sentence:
        if not (verb.tag_ == "VBG" and verb.dep_ == "advcl"
                and verb.lemma_.lower() in quote_verbs):
            continue
        for report in verb.children:
            if report.dep_ != "ccomp":
                continue
            inside = {t.i for t in report.subtree}
            beside |= ({t.i for t in sentence} - inside if trigger.i in inside else inside)
    return beside


def _origins(trigger: Token, mentions: list[Span]) -> set[int]:
    """The words of what an act comes from ("reinforcements were sent from Gao", "six
    rockets were fired from Lebanon"): where it starts, not whom it is aimed at. Whom ground
    or goods are taken from stays, if coded ("took the town from the rebels"), and what one
    withdraws from, RETREAT's target, is kept by the caller."""
    taking = trigger.lemma_.lower() in TAKING_VERBS
    coded = {t.i for span in mentions for t in span} if taking else set()
    return {t.i for prep in trigger.children if prep.dep_ == "prep" and prep.lower_ == "from"
            for obj in prep.children if obj.dep_ == "pobj" and obj.i not in coded
            for t in obj.subtree}


def _aside_verb(trigger: Token) -> Token | None:
    """The verb of the clause a trigger is told in, where that clause is an aside naming its
    own subject: an adverbial or relative clause, or a second clause joined by "and" or
    "but" ("two days after government jets had bombed their camps", "the attack, in which
    militants killed 12 villagers", "..., and Israel freed 39 prisoners"). Not a relative
    clause whose subject is its pronoun ("Qatar, which mediated the talks"): its doer is the
    noun outside it, which the rules state outright."""
    verb = _date_anchor_verb(trigger)
    # a verb joined by "and" shares the clause of the one before it ("after gunmen crossed
    # into the town and abducted three aid workers": the aside of "crossed")
    while verb.dep_ == "conj" and verb.head.pos_ in VERB_POS and not has_subject(verb):
        verb = verb.head
    # what a second clause reports is told in that clause ("the ministry did not comment,
    # but a blogger said Russian units had withdrawn": not the ministry's Russia)
    if verb.dep_ == "ccomp" and verb.head.dep_ == "conj" and has_subject(verb.head):
        verb = verb.head
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if (verb.dep_ not in ("advcl", "relcl", "conj") or not subjects
            or any(s.lower_ in RELATIVE_PRONOUNS for s in subjects)):
        return None
    return verb


def _beyond_own_clause(trigger: Token, sentence: Span) -> set[int]:
    """The words of the sentence outside the aside an event is told in (:func:`_aside_verb`;
    none for an event of the main clause). The role head learned from the main events of
    sentences and reads the main clause's parties into asides; their grammar keeps the
    parties in their own clause."""
    verb = _aside_verb(trigger)
    return _outside(verb, sentence) if verb is not None else set()


def _outside(clause: Token, sentence: Span) -> set[int]:
    """The words of the sentence outside the clause ``clause`` heads."""
    inside = {t.i for t in clause.subtree}
    return {t.i for t in sentence if t.i not in inside}


def _opening_frame(sentence: Span) -> set[int]:
    """The words of a place phrase a sentence opens with, set off by a comma ("In Tehran,
    hundreds of students protested"): the scene of what it tells, no party to it."""
    first = next((t for t in sentence if not t.is_space), None)
    if first is None or first.dep_ != "prep" or first.lower_ not in ("in", "at"):
        return set()
    after = first.right_edge.i + 1
    if after >= sentence.end or sentence.doc[after].text != ",":
        return set()
    return {t.i for t in first.subtree}


def _beyond_joined_clause(trigger: Token, sentence: Span) -> set[int]:
    """The words of the sentence outside the clause a trigger is told in, where that clause
    names its own subject and is joined to another by "and" or "but"."""
    verb = _date_anchor_verb(trigger)
    for clause in (verb, *governors(verb)):
        if has_subject(clause):
            return _outside(clause, sentence) if clause.dep_ == "conj" else set()
    return set()


def _beyond_relative_clause(trigger: Token, sentence: Span) -> set[int]:
    """The words of the sentence outside the relative clause whose verb a trigger is, where
    the clause's subject is its relative pronoun: its doer is the noun it hangs on, what it
    was done to lies inside it. Not where the noun is what was done ("the town that rebels
    seized"), nor for an act noun inside such a clause ("those who perished in the
    attack": who perished were its targets). A verb joined by "and" without a subject of its
    own is of the clause of the one before it ("dissidents who operate in the area and have
    attacked security installations")."""
    clause = trigger
    while clause.dep_ == "conj" and clause.head.pos_ in VERB_POS and not has_subject(clause):
        clause = clause.head
    pronouns = {c.i for c in clause.children
                if c.dep_ == "nsubj" and c.lower_ in RELATIVE_PRONOUNS}
    if clause.dep_ != "relcl" or not pronouns:
        return set()
    return _outside(clause, sentence) | pronouns  # "who" stands for the doer too


def _beyond_timed_participle(trigger: Token, sentence: Span) -> set[int]:
    """The words of the sentence outside a participle's clause that says when the main
    clause's act was, by its own ("has turned to Russia since seizing power in 2022",
    "after accusing Kigali of meddling"): its doer is the main clause's, what it was done to
    lies inside it."""
    if trigger.tag_ not in ("VBG", "VBN") or has_subject(trigger):
        return set()
    # "after accusing" as the parser reads it: an adverbial clause, or a preposition's
    # complement ("since seizing")
    marked = trigger.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in SEQUENCE_MARKS for c in trigger.children)
    governed = trigger.dep_ == "pcomp" and trigger.head.lower_ in SEQUENCE_MARKS
    return _outside(trigger, sentence) if marked or governed else set()


CONTRAST_MARKS = frozenset({"while", "whereas", "although", "though"})


def _contrasted(trigger: Token) -> set[int]:
    """The words of the clauses with a subject of their own that a trigger's clause sets
    itself against ("..., while Moscow warned ..."). Not those it joins to itself by
    "and"/"but" ("Rwanda denies backing the M23, but U.N. experts say ..."): kept from the
    role head, they cost plv target text 0.003 and ConfliBERT target span F1 0.0008, the
    gold sets taking such targets (docs/models.md "Roles")."""
    verb = trigger if trigger.pos_ in VERB_POS else trigger.head
    return {t.i for c in verb.children if marked_clause(c, CONTRAST_MARKS) for t in c.subtree}


def _pronoun_mentions(parties: list[Actor], context: DocContext
                      ) -> list[tuple[Span, list[Actor]]]:
    """The article's mentions that the pronoun parties among ``parties`` may stand for: those
    coded as one of them."""
    codes = {a.code for a in parties if a.code and a.text.lower() in PRONOUNS}
    return [(span, actors) for span, actors in context.mentions
            if codes & {a.code for a in actors}]


def _antecedents(parties: list[Actor], sentence: Span, context: DocContext) -> list[Span]:
    """The mentions of the sentence that its pronoun parties stand for ("the Houthi rebels it
    backs, to help them attack ships": "them" is the Houthi rebels, who are then not what
    they attack)."""
    return [span for span, _ in _pronoun_mentions(parties, context)
            if sentence.start <= span.start < sentence.end]


def _own_pronouns(sources: list[Actor], sentence: Span, context: DocContext) -> set[int]:
    """The pronouns of the sentence that stand for the source ("the prime minister pledged
    his country's support": "his"): the source's own, never its target."""
    codes = {a.code for a in sources if a.code}
    return {t.i for t in sentence if t.lower_ in PRONOUNS and codes
            and codes & {a.code for a in _resolve_pronoun(t, context)}}


def _antecedent_of(head: Token, found: list[Actor], context: DocContext) -> list[Actor]:
    """The mention ``head`` lies in when it is the antecedent of a pronoun ``found`` stands
    for (coded as that pronoun's party), as that mention names them: the role head's word
    and the rules' pronoun are then one party ("Turkey's army said it shelled": TURMIL)."""
    return next((actors for span, actors in _pronoun_mentions(found, context)
                 if span.start <= head.i < span.end), [])


def places_as_parties(event: Event, doc: Doc, context: DocContext) -> Event:
    """The event with its uncoded parties that are places the geoparser resolved
    ("attacked Aleppo", "the town of Kharkiv", "exercises in Alaska") coded as their country,
    with no sector: as CAMEO's country dictionaries code a city, the place stands for its
    country's territory, which is who the act is aimed at. Done once the sides are settled,
    so that a place never makes an event stand nor keeps the role head from a better word."""
    event = _aimed_at_its_place(event, doc)
    if all(a.code is not None for a in event.actor + event.recipient):
        return event
    sentence = doc.char_span(event.sentence.start, event.sentence.end,
                             alignment_mode="expand")
    resolved = [p for p in context.places_in(sentence) if p.country] if sentence else []
    if not resolved:
        return event

    def as_country(party: Actor, acts: bool) -> Actor | None:
        if party.code is not None:
            return party
        place = next((p for p in resolved if party.start <= p.start
                      and p.end == party.end), None)  # the phrase ends with the name
        if place is None:
            return party
        if acts and _placed_in(place, doc):  # "shelling in Kharkiv killed two": no doer
            return None if place.start == party.start else party
        return replace(party, name=place.name, code=place.country, country=place.country)

    actors = [as_country(a, True) for a in event.actor]
    return replace(event, actor=[a for a in actors if a is not None],
                   recipient=[r for r in (as_country(r, False) for r in event.recipient) if r])


def _placed_in(place: Place, doc: Doc) -> bool:
    """Whether a place only says where its phrase's head is ("shelling in Kharkiv"): what
    happens somewhere is aimed at that country's territory, but no doer is a place it is in."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    return span is not None and _is_locative(span.root)


def _aimed_at_its_place(event: Event, doc: Doc) -> Event:
    """"Lifted the state of emergency in Kano", "declared a ceasefire in Yemen": an act
    aimed at no party (no recipient, or only things), told in a place, is aimed at that
    place's country, as CAMEO codes it and both role-annotated gold sets mark it. Not where
    parties meet ("X and Y agreed in Doha", "the minister met X in Kabul"), nor what a
    violent or coercive act hits ("shelled a checkpoint in Idlib"), nor a place another
    clause tells ("held talks in Nairobi, but the rebels rejected any deal"), nor where the
    act starts from ("reinforcements were sent from Gao")."""
    place, recipients = event.location, event.recipient
    if (event.event_type in ACTS_ON_THINGS or event.location_basis != "text" or place is None
            or not place.country or any(r.code or _names_someone(r, doc) for r in recipients)
            or not recipients and (len(event.actor) != 1 or event.event_type == "CONSULT")
            or not _in_own_words(place, event, doc)):
        return event
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is not None and span.root.dep_ == "pobj" and span.root.head.lower_ == "from":
        return event
    return replace(event, recipient=[Actor(place.text, place.start, place.end, place.name,
                                           place.country, place.country, None)])


def _in_own_words(place: Place, event: Event, doc: Doc) -> bool:
    """Whether a place is named within the words of the event's trigger (its subtree)."""
    trigger = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    return trigger is not None and span is not None and trigger.root.is_ancestor(span.root)


# Prepositions that time one act by another: "arrested 20 people after the protests".
TIMING_PREPS = frozenset({"after", "before", "following", "since", "during", "amid", "amidst",
                          "until", "preceding"})


def _when_noun(trigger: Token) -> bool:
    """Is the trigger an event noun that times another clause's act ("after the riots",
    "days after the bombing", "ahead of the elections", "prior to the talks"), and neither
    a pronoun of its own nor a "with" points into that clause?"""
    prep = trigger.head
    if trigger.pos_ not in NOUN_POS or prep.head == prep or any(
            c.dep_ == "poss" and c.pos_ == "PRON" or c.dep_ == "prep" and c.lower_ == "with"
            for c in trigger.children):
        return False  # "after his arrest", "during an exchange of fire with police": the
        # clause's party is the one the pronoun stands for, or the other side
    if trigger.dep_ == "dobj":  # the tagger's verb "following" with the noun its object
        return prep.lower_ == "following" and prep.dep_ in ("advcl", "prep")
    return trigger.dep_ == "pobj" and (prep.lower_ in TIMING_PREPS or prep.lower_ in (
        "of", "to") and prep.head.lower_ in ("ahead", "prior"))


# Types whose object may be a thing that is truly what the act is aimed at ("shelled a
# checkpoint", "seized the weapons", "protested the law").
ACTS_ON_THINGS = {"ASSAULT", "COERCE", "PROTEST"}
# Prepositions that place an act around somewhere, never at whom it is aimed
SURROUNDING_PREPS = frozenset({"near", "outside", "around", "along", "inside", "within",
                               "throughout", "beyond"})


def _names_someone(party: Actor, doc: Doc) -> bool:
    """An uncoded party that names someone: a person, group or place the tagger knows."""
    span = doc.char_span(party.start, party.end, alignment_mode="expand")
    return span is not None and any(t.ent_type_ in NAME_LABELS or t.pos_ == "PROPN"
                                    for t in span)


def _uncoded(head: Token) -> list[Actor]:
    """A party the actor lexicon does not know, by its words (never a bare pronoun)."""
    if head.pos_ == "PRON":
        return []
    phrase = noun_phrase(head)
    return [Actor(text=phrase.text, start=phrase.start_char, end=phrase.end_char,
                  name=phrase.text, code=None, country=None, sector=None)]


def extract_events(
    doc: Doc, context: DocContext, triggers: TriggerLexicon, actors: ActorLexicon
) -> list[Event]:
    """Every event in a parsed article, in text order."""
    mark_places(doc, context.places)
    collect_mentions(doc, actors, context)
    lexicons = (triggers, actors)
    events: dict[int, Event] = {}
    themes: dict[int, int] = {}
    for token in doc:
        if token.is_sent_start:
            budget.check(at=token.idx)
        if directive := _directive(token, doc, context, lexicons):
            events[token.i] = directive
            continue
        rule = triggers.match(token)
        if rule is None or not _is_trigger_position(token, triggers.cues):
            continue
        governor = _governing_trigger(token, rule, triggers)
        if governor is not None:
            themes[token.i] = governor.i
        event = _build_event(token, rule, doc, context, lexicons)
        if event is None:
            continue
        events.setdefault(token.i, event)
        if rule.event_type in CONFLICT_TYPES:
            accusation = _allegation(event, token, context, lexicons)
            if accusation is not None:
                events.setdefault(token.head.i, accusation)
    for theme, governor_i in themes.items():  # one event, told by the governing trigger
        while governor_i not in events and governor_i in themes:  # or by the trigger that
            governor_i = themes[governor_i]  # governs it ("killed in an ambush on a convoy")
        told = events.pop(theme, None) if governor_i in events else None
        if told is not None and told.event_type == events[governor_i].event_type:
            events[governor_i] = fill(events[governor_i], told)  # "killed in a strike by X"
    for i in [i for i in events if _answered_by_means(doc[i], events, triggers.cues)]:
        del events[i]
    fold_intentions(events, doc, triggers.cues)
    merge_retellings(events, doc)
    return [events[i] for i in sorted(events)]


def _answered_by_means(verb: Token, events: dict[int, Event], cues: dict[str, set[str]]
                       ) -> bool:
    """Whether ``verb`` is a response told by the act it was made by, an event of its own:
    "Bogota retaliated by expelling Peru's ambassador" is the expulsion, not also an
    attack."""
    return verb.lemma_.lower() in cues["response_verbs"] and any(
        prep.dep_ in ("prep", "agent") and prep.lower_ == "by" and act.dep_ == "pcomp"
        and act.i in events
        for prep in verb.children for act in prep.children)
