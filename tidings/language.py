"""Which language an article is written in: tidings reads English only, and says so.

French or Arabic text used to give no events and no word of why. The detector is
py3langid (BSD; its model ships inside the package, nothing is fetched), run on the
article's first characters; a text is only called foreign when the detector is sure and the
text is long enough to judge, so that a short English headline full of names never is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pycountry

SAMPLE_CHARS = 2000  # enough to judge; a long article costs no more
MIN_LETTERS = 60  # shorter texts are not judged
SURE = 0.95
ENGLISH_SHARE = 0.2  # at least this share of English function words: English, whatever else
# ... or at least this share of its common (lower-case) words English ones: a wire headline
# and its first line ("Russian drones hit Odesa port as Kyiv reports gains near Bakhmut")
# have few function words, and looked Indonesian to the model, sure
ENGLISH_VOCABULARY = 0.75
_COMMON_WORDS = re.compile(r"\b[a-z][a-z'’-]*\b")
_WORDS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1
    probability: float

    @property
    def name(self) -> str:
        found = pycountry.languages.get(alpha_2=self.code)
        return found.name if found else self.code


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)


def detect(text: str) -> Language | None:
    """The text's language, or None when it is too short to judge."""
    sample = text[:SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return None
    if not any(c.islower() for c in sample):  # all-caps English looked Maltese to the model
        sample = sample.lower()
    code, probability = _identifier().classify(sample)
    return Language(code, float(probability))


def english_share(text: str) -> float:
    """The share of the sample's words that are English function words ("the", "of", "had").
    English prose runs at 0.3 to 0.5; French, Spanish, German and Afrikaans news under 0.15."""
    # imported here, not above: spaCy's import, before the command line's torchless hook, took
    # torch with it (tidings/torchless.py)
    from spacy.lang.en.stop_words import STOP_WORDS

    words = _WORDS.findall(text[:SAMPLE_CHARS].lower())
    return sum(w in STOP_WORDS for w in words) / max(len(words), 1)


def english_vocabulary_share(text: str) -> float:
    """The share of the sample's lower-case words (names left aside) that are English words
    (WordNet's lemmas in the spaCy model, or function words), plain or inflected. English
    news runs at 0.9 and more (one sentence of plv_train's first 300 at 0.78); French,
    Italian, Dutch and Indonesian news under 0.45, Portuguese and Spanish, whose words
    WordNet holds more of ("el", "la"), up to 0.65."""
    vocabulary = _english_vocabulary()
    words = _COMMON_WORDS.findall(text[:SAMPLE_CHARS])
    known = sum(any(form in vocabulary for form in _bare_forms(w.replace("’", "'")))
                for w in words)
    return known / max(len(words), 1)


@cache
def _english_vocabulary() -> frozenset[str]:
    """WordNet's lemmas of every part of speech and spaCy's function words, built once."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from tidings.wordlists import english_words

    return english_words("noun", "verb", "adj", "adv") | STOP_WORDS


def _bare_forms(word: str) -> tuple[str, ...]:
    """The word and what it may be inflected from ("warehouses", "struck" is a lemma too)."""
    forms = [word]
    for ending, base in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                         ("ing", ""), ("ing", "e")):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            forms.append(word[: -len(ending)] + base)
    return tuple(forms)


def foreign(text: str) -> Language | None:
    """The language of a text surely not in English, else None. The detector reads letters,
    so English crowded with foreign names ("forces assailed Quảng Trị and Huế") looked
    Vietnamese to it, sure, and a headline of names and nouns Indonesian; English function
    words or English vocabulary overrule it."""
    found = detect(text)
    if found is None or found.code == "en" or found.probability < SURE:
        return None
    if english_share(text) >= ENGLISH_SHARE or english_vocabulary_share(text) >= ENGLISH_VOCABULARY:
        return None
    return found
