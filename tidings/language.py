"""Which language an article is written in: tidings reads English only, and says so.

French or Arabic text used to give no events and no word of why. The detector is
py3langid (BSD; its model ships inside the package, nothing is fetched), run on the
article's first characters; a text is only called foreign when the detector is sure and the
text is long enough to judge, so that a short English headline full of names never is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pycountry

SAMPLE_CHARS = 2000  # enough to judge; a long article costs no more
MIN_LETTERS = 60  # shorter texts are not judged
SURE = 0.95


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


def foreign(text: str) -> Language | None:
    """The language of a text surely not in English, else None."""
    found = detect(text)
    return found if found and found.code != "en" and found.probability >= SURE else None
