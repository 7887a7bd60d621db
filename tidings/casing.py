"""Text that arrives all lower or all upper case, read as if it were cased.

Feeds and scrapers often deliver news in one case. The small spaCy model leans on capitals
to find names and proper nouns, so such text lost events and most of its actors. Before
parsing, ``restore`` gives it back the capitals news would have: sentence starts, "I", days
and months, and the names tidings knows (countries, capitals, demonyms, groups, people;
curated places; gazetteer places of 100,000 people or more whose name is no English verb,
adjective or adverb, so "nice" and "split" stay words; possessives, "rwanda's"), and the
short acronyms that are also words ("us", "who") only where the word cannot be meant
("the us", "us-led"). Every character keeps its place, so
offsets into the restored text are offsets into the original; the record's quoted text
follows the restored case.
"""

from __future__ import annotations

import calendar
import re
from functools import cache

from spacy.lang.en.stop_words import STOP_WORDS

from tidings.wordlists import english_words

# A text is cased as written unless nearly all its letters share one case.
MIN_LETTERS = 40
LOWER_SHARE = 0.005  # at most this share of capitals: all lower case
UPPER_SHARE = 0.9  # at least this share of capitals: all upper case
BIG_PLACE = 100_000
MAX_NAME_WORDS = 5
# A word, with an inner apostrophe ("al-Qa'ida", "O'Brien") but not a possessive's, so
# that "rwanda's" is read as "Rwanda" + "'s".
_WORD = re.compile(r"[^\W\d_]+(?:['’](?![sS]\b)[^\W\d_]+)?")
_SENTENCE_START = re.compile(r"(?:^|[.!?]['\"’”)]*\s+|\n\s*)([^\W\d_])")


def casing_of(text: str) -> str:
    """"lower", "upper", or "mixed" (as written, or too short to tell)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return "mixed"
    share = sum(c.isupper() for c in letters) / len(letters)
    if share <= LOWER_SHARE:
        return "lower"
    return "upper" if share >= UPPER_SHARE else "mixed"


def _same_length_lower(text: str) -> str:
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


# Acronyms that read as a common noun in lower case ("a car bomb": not the Central African
# Republic). spaCy's noun tables cannot tell them: they also hold "nato" and "cia".
NOUN_ACRONYMS = frozenset({"car"})


def _acronym(written: str) -> bool:
    return written.isupper() and written.isalpha()


@cache
def known_names() -> dict[tuple[str, ...], str]:
    """Lower-case word sequences of the names tidings knows -> their written form. An
    acronym that is also an English word ("CAR", "ICE") is left out: "a car bomb"."""
    from tidings.actors import ActorLexicon
    from tidings.geo import Gazetteer

    words = english_words("verb", "adj", "adv")
    names: dict[tuple[str, ...], str] = {}

    def add(written: str, check_words: bool) -> None:
        key = tuple(w.lower() for w in _WORD.findall(written))
        if not key or len(key) > MAX_NAME_WORDS or len(_same_length_lower(written)) != len(
                written):
            return
        if len(key) == 1 and (key[0] in STOP_WORDS or len(key[0]) < 3
                              or (check_words and key[0] in words)
                              or (_acronym(written) and key[0] in words | NOUN_ACRONYMS)):
            return
        names.setdefault(key, written)

    for day in (*calendar.day_name, *calendar.month_name[1:]):
        add(day, check_words=False)  # "may" is a stop word, and stays one
    for row in Gazetteer.load().rows:
        if row[7] >= BIG_PLACE:
            add(row[1], check_words=True)
    for pattern in Gazetteer.load().entity_patterns():
        add(pattern["pattern"], check_words=False)
    for form in ActorLexicon.load().written_forms():
        add(form, check_words=False)
    return names


@cache
def _short_acronyms() -> re.Pattern[str]:
    """Acronyms too short or too common to restore anywhere ("us", "un", "is", "who"),
    where the word cannot be meant: after "the" ("the us", "the who said") and before a
    hyphen ("us-led")."""
    from tidings.actors import ActorLexicon
    from tidings.geo import Gazetteer

    forms = [*ActorLexicon.load().written_forms(),
             *(p["pattern"] for p in Gazetteer.load().entity_patterns())]
    short = sorted({f.lower() for f in forms if isinstance(f, str) and _acronym(f)
                    and (len(f) < 3 or f.lower() in STOP_WORDS)})
    alternatives = "|".join(short)
    return re.compile(rf"(?<=\bthe )(?:{alternatives})\b|\b(?:{alternatives})(?=-[^\W\d_])")


def restore(text: str) -> str:
    """``text`` with the capitals news would have, if it is all lower or upper case; else
    as it is. Same length, character for character."""
    kind = casing_of(text)
    if kind == "mixed":
        return text
    chars = list(_same_length_lower(text) if kind == "upper" else text)
    names = known_names()
    words = list(_WORD.finditer("".join(chars)))
    i = 0
    while i < len(words):
        for n in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
            key = tuple(m.group().lower() for m in words[i:i + n])
            written = names.get(key)
            if written is None:
                continue
            start, end = words[i].start(), words[i + n - 1].end()
            if len(written) == end - start:  # letter by letter ("NATO", "al-Jolani")
                chars[start:end] = [w if w.lower() == c.lower() else c
                                    for w, c in zip(written, chars[start:end], strict=True)]
            else:  # written with other spacing: capitalise word by word
                for m in words[i:i + n]:
                    chars[m.start()] = chars[m.start()].upper()
            i += n - 1
            break
        i += 1
    restored = _short_acronyms().sub(lambda m: m.group().upper(), "".join(chars))
    restored = re.sub(r"\bi\b", "I", restored)
    return _SENTENCE_START.sub(lambda m: m.group()[:-1] + m.group(1).upper(), restored)
