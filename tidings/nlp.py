"""spaCy loading: the stock English model plus an entity ruler fed by our own lexicons.

The stock model calls "Kfar Nabouda" and "Jabal al-Zawiya" PERSON and "Idlib" ORG;
the ruler, placed before the statistical NER and allowed to overwrite it, makes the
names our actor lexicon and gazetteer know into entities of the right kind.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from tidings import budget
from tidings.actors import ActorLexicon
from tidings.casing import restore
from tidings.events.lexicon import TriggerLexicon
from tidings.geo import Gazetteer
from tidings.geo.resolve import datelines
from tidings.wordlists import MODEL

T = TypeVar("T")
# No news sentence runs this many tokens without a full stop; text that does (a pasted
# list, a scraper's run-on) is cut there, so every later stage works on bounded sentences:
# unbounded, "attack " * 140,000 crashed the parser and slowed the event stage quadratically.
MAX_SENTENCE_TOKENS = 250
# Texts are parsed in pieces of at most this many characters (spaCy refuses over 1,000,000,
# E088, and its working memory grows with the piece), cut where a paragraph or sentence
# ends. A 204 KB article (benchmarks/long_article.py): 100,000-character pieces 10.4 s and
# 956 MB at peak, 20,000 9.7 s and 766 MB, 5,000 9.9 s and 757 MB.
MAX_PIECE_CHARS = 20_000
_SENTENCE_ENDS = frozenset(".!?;")
_CUTS = (re.compile(r"\n\s*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?]\s+"),
         re.compile(r"\s+"))


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and datelines carry no full stop. So does
    the MAX_SENTENCE_TOKENS-th token of a run without one. A dateline is a sentence of its
    own (:func:`dateline_breaks`)."""
    run = 0
    for token in doc[:-1]:
        run += 1
        if (token.is_space and "\n" in token.text) or run >= MAX_SENTENCE_TOKENS:
            doc[token.i + 1].is_sent_start = True
        if run >= MAX_SENTENCE_TOKENS or token.text in _SENTENCE_ENDS or "\n" in token.text:
            run = 0
    dateline_breaks(doc)
    clause_breaks(doc)
    return doc


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def clause_breaks(doc: Doc) -> None:
    """A semicolon between two clauses with finite verbs of their own ends a sentence:
    headlines join two reports so ("Pakistani air strikes hit Afghan border provinces;
    Taliban vow to retaliate"), and the small parser hung the first on the second's verb,
    so the strikes were only vowed. Not a semicolon that parts the items of a list."""
    start = 0
    for token in doc:
        if token.is_sent_start:
            start = token.i
        if token.text != ";" or token.i + 1 >= len(doc):
            continue
        after = doc[token.i + 1:]
        end = next((t.i for t in after if t.text in _SENTENCE_ENDS or t.is_sent_start),
                   len(doc))
        if (any(t.tag_ in FINITE_TAGS for t in doc[start:token.i])
                and any(t.tag_ in FINITE_TAGS for t in doc[token.i + 1:end])):
            doc[token.i + 1].is_sent_start = True


def dateline_breaks(doc: Doc) -> None:
    """A dateline ("PORT-AU-PRINCE, Nov 25 (AP) - ") is a sentence of its own, whole: run
    into the lead sentence, the small parser took its place for the subject ("PRINCE ...
    stormed") and the lead's subject for an apposition, so the lead's act had no doer; and
    it cut "TBILISI" off as a sentence, leaving ", Nov 29 (AFP) - Georgian police ..."."""
    for start, end in datelines(doc.text):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or span.end >= len(doc):
            continue
        for token in span[1:]:
            token.is_sent_start = False
        span[0].is_sent_start = True
        doc[span.end].is_sent_start = True


def pieces(text: str, limit: int = MAX_PIECE_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters that join back into it, each
    cut after a paragraph break if one is near enough, else a line break, a sentence end or
    a space (only a run of ``limit`` characters without a space is cut blind)."""
    out = []
    while len(text) > limit:
        window = text[:limit]
        end = next((match.end() for cut in _CUTS
                    for match in [_last(cut, window)] if match and match.end() > limit // 2),
                   limit)
        out.append(text[:end])
        text = text[end:]
    return [*out, text]


def _last(pattern: re.Pattern, text: str) -> re.Match | None:
    """The last match of ``pattern`` in ``text`` that does not reach its end."""
    last = None
    for match in pattern.finditer(text):
        if match.end() < len(text):
            last = match
    return last


def parse(nlp: Language, items: Iterable[tuple[str, T]], batch_size: int = 32
          ) -> Iterator[tuple[Doc | None, T]]:
    """``nlp.pipe(items, as_tuples=True)`` with each text's case restored. A text over
    MAX_PIECE_CHARS comes out as None, to be read by :func:`parse_long` in the caller's own
    step: its time then counts against its own budget, and should its parse fail, the
    failure is its own, not the end of the stream."""
    def prepared(item: tuple[str, T]) -> tuple[str, tuple[bool, T]]:
        long = len(item[0]) > MAX_PIECE_CHARS
        return ("" if long else restore(item[0])), (long, item[1])

    for doc, (long, context) in nlp.pipe(map(prepared, items), as_tuples=True,
                                         batch_size=batch_size):
        yield (None if long else doc), context


# Items a parse running ahead holds at most beyond what its caller has taken, in batches.
AHEAD_BATCHES = 2
# spaCy's objects are not made to be used by two threads at once: the parse running ahead
# and a long text parsed on the caller's thread take turns (a batch or a piece at a time).
_SPACY = threading.Lock()
_END = object()


class _ParseFailed:
    """An error of the thread running ahead, carried to the caller to raise."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


class _Spent:
    """The CPU seconds the thread running ahead spent on a batch, told to the caller."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds


def parse_ahead(nlp: Language, items: Iterable[tuple[str, T]], batch_size: int = 32,
                spent: Callable[[float], None] | None = None
                ) -> Iterator[tuple[Doc | None, T]]:
    """:func:`parse` on a thread of its own that runs up to AHEAD_BATCHES batches ahead of
    the caller, so that the caller's later stages and spaCy work at the same time: the
    event coder's onnxruntime and much of the parser let go of the GIL
    (benchmarks/throughput.py, docs/PERFORMANCE.md). ``items`` is read on the caller's
    thread, as :func:`parse` would read it; an error of either side is raised here.
    ``spent`` is told, on the caller's thread, the CPU seconds each batch's parse took."""
    todo: queue.SimpleQueue = queue.SimpleQueue()
    done: queue.SimpleQueue = queue.SimpleQueue()

    def work() -> None:
        try:
            while batch := _next_batch(todo, batch_size):
                with _SPACY:
                    started = time.thread_time()
                    parsed = list(parse(nlp, batch, batch_size))
                    done.put(_Spent(time.thread_time() - started))
                for item in parsed:
                    done.put(item)
        except BaseException as error:  # raised on the caller's thread
            done.put(_ParseFailed(error))
        done.put(_END)

    threading.Thread(target=work, name="tidings-parse", daemon=True).start()
    stream, in_flight, exhausted = iter(items), 0, False
    try:
        while True:
            while not exhausted and in_flight < AHEAD_BATCHES * batch_size:
                item = next(stream, _END)
                exhausted = item is _END
                todo.put(item)
                in_flight += not exhausted
            got = done.get()
            if got is _END:
                return
            if isinstance(got, _ParseFailed):
                raise got.error
            if isinstance(got, _Spent):
                if spent is not None:
                    spent(got.seconds)
                continue
            in_flight -= 1
            yield got
    finally:
        if not exhausted:
            todo.put(_END)


def _next_batch(todo: queue.SimpleQueue, size: int) -> list:
    """Up to ``size`` items, waiting for each (fewer only at the end of the stream)."""
    batch = []
    while len(batch) < size and (item := todo.get()) is not _END:
        batch.append(item)
    if len(batch) == size or not batch:
        return batch
    todo.put(_END)  # the end was reached: the next call sees it too
    return batch


def parse_long(nlp: Language, text: str) -> Doc:
    """A text of any length, case restored, parsed in pieces joined back into one Doc, so
    every offset stays one into the whole text. One piece at a time, so that spaCy's working
    memory is one piece's, not the whole text's (600,000 characters: 731 MB at peak, not
    2.1 GB as one batch; docs/RELIABILITY.md), and the article's budget is checked before
    each."""
    docs, done = [], 0
    for piece in pieces(restore(text)):
        budget.check(at=done)
        with _SPACY:
            docs.append(nlp(piece))
        done += len(piece)
    with _SPACY:
        return Doc.from_docs(docs, ensure_whitespace=False)


# Verb forms the stock lemmatiser gets wrong ("staged" -> "stag", "raped" -> "rap"), found
# by lemmatising the inflections of every verb our lexicons name (tests/test_nlp.py).
VERB_LEMMA_FIXES = {
    "hoped": "hope", "hopes": "hope", "hoping": "hope",
    "lambasted": "lambaste", "lambastes": "lambaste", "lambasting": "lambaste",
    "raped": "rape", "rapes": "rape", "raping": "rape",
    "staged": "stage", "stages": "stage", "staging": "stage",
    "waged": "wage", "wages": "wage", "waging": "wage",
}


@Language.factory("verb_lemma_fixes")
def verb_lemma_fixes(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Mend the stock lemmatiser's verb errors, so triggers and cues match: the known ones
    above, and an irregular past the tagger took for a present ("retook" as VBP: a present
    is its own lemma), which the lemmatiser's own table of irregular forms knows."""
    lookups = nlp.get_pipe("lemmatizer").lookups
    irregular = lookups.get_table("lemma_exc")["verb"]
    bases = frozenset(lookups.get_table("lemma_index")["verb"])

    def mend(doc: Doc) -> Doc:
        for token in doc:
            if token.pos_ != "VERB":
                continue
            form = token.lower_
            if form in VERB_LEMMA_FIXES:
                token.lemma_ = VERB_LEMMA_FIXES[form]
            elif token.lemma_.lower() == form and form not in bases and form in irregular:
                token.lemma_ = irregular[form][0]
        return doc

    return mend


@Language.factory("verbal_nouns")
def verbal_nouns(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """A common noun with a subject before it and an object after it is a verb the tagger
    took for a noun, as it does in headlines ("Protesters storm parliament", "Rebels
    shell town"): the parse already reads it as a verb, the tag now says so too, so that
    triggers and arguments see the verb. Only where the word is a verb the lemmatiser
    knows."""
    bases = frozenset(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")["verb"])

    def mend(doc: Doc) -> Doc:
        for token in doc:
            if (token.pos_ == "NOUN" and token.lemma_.lower() in bases
                    and any(c.dep_ == "nsubj" and c.i < token.i for c in token.children)
                    and any(c.dep_ == "dobj" and c.i > token.i for c in token.children)):
                third_person = token.lower_ != token.lemma_.lower()
                token.pos_, token.tag_ = "VERB", "VBZ" if third_person else "VBP"
        return doc

    return mend


NAMED_PARTIES = frozenset({"ORG", "GPE", "PERSON"})  # not NORP: "Serbian born"


@Language.component("named_subjects")
def named_subjects(doc: Doc) -> Doc:
    """A name that opens its clause, which the small model tagged as an adverb modifying the
    verb after it ("USAID sent food", "OCHA said") or as a compound of it ("EU pledges aid",
    a headline), is that verb's subject, when the verb has none: the tagger took an
    unfamiliar acronym for a word, and every later stage would lose who acted."""
    for ent in doc.ents:
        token, verb = ent.root, ent.root.head
        if (ent.label_ in NAMED_PARTIES and token.dep_ in ("advmod", "compound")
                and token.i < verb.i
                and verb.pos_ in ("VERB", "AUX")
                and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)):
            token.dep_, token.pos_, token.tag_ = "nsubj", "PROPN", "NNP"
    return doc


@Language.component("listed_speakers")
def listed_speakers(doc: Doc) -> Doc:
    """Who says a report told before its verb of saying, when the small parser ran them into
    the report's last list ("... after heavy fighting with the army and allied militias,
    local officials and U.N. sources said": the officials and sources fought, and "said"
    had no subject). Where such a verb has no subject and the word before it ends a list,
    the list's members after its last comma are the verb's subject. The verb may hang on
    the report as a clause of its own ("... said, sending thousands across the border")."""
    quote_verbs = TriggerLexicon.load().cues["quote_verbs"]
    for verb in doc:
        if (verb.lemma_.lower() not in quote_verbs or verb.i == 0 or verb.pos_ != "VERB"
                or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)
                or not (any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children)
                        or verb.dep_ in ("parataxis", "advcl") and verb.head.i < verb.i
                        and not any(c.dep_ == "mark" for c in verb.children))):
            continue
        last = doc[verb.i - 1]
        if last.dep_ != "conj" or last.pos_ not in ("NOUN", "PROPN"):
            continue
        first = last
        while first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN"):
            first = first.head
        members = sorted([first, *first.conjuncts], key=lambda t: t.i)
        split = next((m for m in reversed(members) if m.i > first.i and m.left_edge.i > 0
                      and doc[m.left_edge.i - 1].text == ","), None)
        if split is None:
            continue
        for member in members:
            if member.i > split.i and member.head.i < split.i:
                member.head = split
        split.head, split.dep_ = verb, "nsubj"
    return doc


BE_FORMS = frozenset({"is", "are", "was", "were", "been", "be"})


@Language.component("reduced_relatives")
def reduced_relatives(doc: Doc) -> Doc:
    """Re-hang a reduced relative clause the small parser read as the main verb: in
    "Journalists arrested in Tehran were released by the judiciary" it makes "arrested"
    the root with "Journalists" its subject, and "were released" a subjectless clause
    under it, so the journalists would arrest and nobody would be released. When a finite
    verb's clause has a passive "were"/"was" of its own, no subject and no "and"/"but" or
    comma before it, the first verb is a participle describing its subject, and that
    subject is the second verb's."""
    for verb in doc:
        if verb.dep_ != "ROOT" or verb.tag_ not in ("VBN", "VBD"):
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
        if len(subjects) != 1 or any(c.dep_ in ("aux", "auxpass", "dobj", "cc")
                                     for c in verb.children):
            continue
        main = next((c for c in verb.children if c.dep_ in ("advcl", "conj", "ccomp")
                     and c.i > verb.i and c.tag_ == "VBN" and _passive_without_subject(c)),
                    None)
        if main is None:
            continue
        subject = subjects[0]
        main.head, main.dep_ = main, "ROOT"
        subject.head, subject.dep_ = main, "nsubjpass"
        for child in [c for c in verb.children if c.i > main.i]:
            child.head = main  # the sentence's full stop and what follows the main verb
        verb.head, verb.dep_ = subject, "acl"
    return doc


def _passive_without_subject(verb: Token) -> bool:
    """"were released": a passive auxiliary just before the verb, no subject, and no comma
    or coordinator between it and what precedes it (a coordinated "..., and were released"
    shares the first verb's subject)."""
    doc = verb.doc
    aux = [c for c in verb.children if c.dep_ == "auxpass" and c.lower_ in BE_FORMS]
    if not aux or any(c.dep_.startswith("nsubj") or c.dep_ == "expl" for c in verb.children):
        return False
    before = doc[aux[0].i - 1] if aux[0].i > 0 else None
    return before is not None and not before.is_punct and before.dep_ != "cc"


@cache
def load_nlp() -> Language:
    """The pipeline, loaded once per process (and once per worker when distributed)."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("paragraph_breaks", before="parser")
    nlp.add_pipe("verbal_nouns", after="lemmatizer")
    nlp.add_pipe("verb_lemma_fixes", after="verbal_nouns")
    patterns = Gazetteer.load().entity_patterns() + ActorLexicon.load().entity_patterns()
    # Phrase matching, 30x faster than token patterns: one ruler for names in their exact
    # case ("US", "IS" never match "us", "is"), then one for names matched in any case,
    # given by the lexicon as LOWER token patterns and matched here as lower-case phrases.
    exact = [p for p in patterns if isinstance(p["pattern"], str)]
    any_case = [{**p, "pattern": " ".join(t["LOWER"] for t in p["pattern"])}
                for p in patterns if not isinstance(p["pattern"], str)]
    for name, attr, group in (("tidings_entities", "ORTH", exact),
                              ("tidings_entities_any_case", "LOWER", any_case)):
        ruler = nlp.add_pipe("entity_ruler", name=name, before="ner", config={
            "overwrite_ents": True, "validate": False, "phrase_matcher_attr": attr})
        # ORTH and LOWER need only the tokenizer; left to itself the ruler would run the
        # tagger and parser over every pattern, a second of every start.
        with nlp.select_pipes(enable=[]):
            ruler.add_patterns(group)
    nlp.add_pipe("named_subjects", after="ner")
    nlp.add_pipe("reduced_relatives", after="named_subjects")
    nlp.add_pipe("listed_speakers", after="reduced_relatives")
    return nlp
