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


def foreign(text: str) -> Language | None:
    """The language of a text surely not in English, else None. The detector reads letters,
    so English crowded with foreign names ("forces assailed Quảng Trị and Huế") looked
    Vietnamese to it, sure; English function words overrule it."""
    found = detect(text)
    if found is None or found.code == "en" or found.probability < SURE:
        return None
    return found if english_share(text) < ENGLISH_SHARE else None
