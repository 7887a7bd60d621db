"""When it happened: time expressions resolved against the article's publication date.

News dates events relative to the day it is published ("on Saturday", "last month"), and
dateparser gets several of the common forms wrong or not at all ("last September",
"last summer", "the 1990s"), so our own rules come first and dateparser is only a fallback.

Conventions:

* A value is the first day of its period: Monday for a week, the 1st for a month,
  1 March / 1 June / 1 September / 1 December for a (northern) season, 1 January for a
  year, 1 January of the year ending in 0 for a decade.
* A bare name ("Saturday", "September", "December 13", "the weekend") is its latest
  occurrence that has begun by the anchor: news reports the past. For an act still to
  come (``ahead``: "will meet on Saturday", "to send 600 officers by April") it is the
  first occurrence not yet over. "last X" is the latest
  one already over, "next X" the first one still ahead, "this X" the one under way (else
  the one in the anchor's own week or year). A weekend is given as its week.
* A range ("from 2015 to 2017", "May 5-7") is dated by its start, when the event began.
* Modifiers ("early", "late", "mid-", "earlier", "the end of") and prepositions ("on",
  "since", "until", ...) are kept in the text but do not change the value or precision.
* Spans ending at the anchor ("the past few weeks", "recent days"), counts without
  "ago" ("two weeks"), dates relative to the story rather than the article ("the next
  day", "that day") and clock times alone ("6 a.m.") resolve to None: none is a point the
  anchor can place. "overnight" is the anchor day.
* Without an anchor only absolute dates resolve ("in 2017", "June 3, 2020").
* A date that cannot be right is left unresolved: one more than PLANNED_HORIZON after the
  anchor (or today, without one), one before 1900 unless the text gives its year, and a
  bare number read as an amount ("jobs at 9437", "some 2000 troops") is no year at all.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser
from spacy.tokens import Doc, Span, Token

from tidings.model import EARLIEST_DATE, DateValue

Resolved = tuple[date | None, str | None]
Handler = Callable[[re.Match, date | None, bool], tuple[date, str]]

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name[:3]: i for name, i in list(MONTHS.items())} | {"sept": 9}
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
NUMBERS = {word: i for i, word in enumerate(("one", "two", "three", "four", "five", "six",
                                             "seven", "eight", "nine", "ten", "eleven",
                                             "twelve"), start=1)} | {"a": 1, "an": 1}
# Day offsets from the anchor for words that name a day.
DAY_WORDS = {"today": 0, "tonight": 0, "overnight": 0, "now": 0, "this morning": 0,
             "this afternoon": 0, "this evening": 0, "yesterday": -1, "last night": -1,
             "the day before yesterday": -2, "tomorrow": 1, "the day after tomorrow": 2}
UNIT_MONTHS = {"month": 1, "year": 12, "decade": 120}
UNIT_DAYS = {"day": 1, "week": 7}
# Words before a DATE/TIME entity that belong to the time expression.
PREPOSITIONS = ("on", "in", "since", "until", "till", "by", "during", "from", "through",
                "throughout", "over", "at", "before", "after", "between")
MODIFIERS = ("early", "late", "mid")
WIDEN = frozenset(PREPOSITIONS + MODIFIERS)
# How far ahead of the publication date a planned event may be dated ("elections due in
# 2031"); further is a misreading.
PLANNED_HORIZON = timedelta(days=10 * 366)
# Words before a bare number that make it an amount, not a year ("at 9437", "some 2000").
AMOUNT_WORDS = frozenset({"at", "of", "to", "some", "about", "around", "nearly", "almost",
                          "approximately", "roughly", "over", "than", "up", "just", "only",
                          "$", "€", "£", "#", "no", "number", "No."})
_BARE_NUMBER = re.compile(r"^\d[\d,.]*$")
_STATED_YEAR = re.compile(r"\b[1-9]\d{2,3}\b")


def _alt(words) -> str:
    """A regex alternation, longest first so that 'march' wins over 'mar'."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_PARTS = {
    "month": rf"(?P<month>{_alt(MONTHS)})\.?",
    "mnum": r"(?P<month>\d{1,2})",
    "day": r"(?P<day>\d{1,2})(?:st|nd|rd|th)?",
    "year": r"(?P<year>\d{4})",
    "decade": r"(?P<year>\d{3}0)'?s",
    "num": rf"(?P<num>\d+|{_alt(NUMBERS)})",
    "unit": rf"(?P<unit>{_alt(UNIT_DAYS | UNIT_MONTHS)})",
    "period": rf"(?P<name>{_alt(MONTHS | SEASONS)})\.?",
    "name": rf"(?P<name>{_alt(MONTHS | SEASONS | WEEKDAYS)}|weekend)\.?",
    "dayword": rf"(?P<word>{_alt(DAY_WORDS)})",
    "mod": r"(?P<mod>this|last|next)",
}


def _rx(template: str) -> re.Pattern:
    return re.compile("^" + template.format(**_PARTS) + "$")


_CLOCK = re.compile(r"(?:\b(?:at|around|about|approximately) )*(?:\d{1,2}(?:[:.]\d{2})?"
                    r" ?[ap]\.? ?m\b\.?|\b(?:midnight|noon|dawn|dusk)\b)(?: local time)?")
_LEADING = re.compile(
    rf"^(?:(?:{_alt(PREPOSITIONS)}) |(?:{_alt(MODIFIERS)}|earlier|later)[ -]"
    r"|(?:the )?(?:start|beginning|end|middle|turn|(?:first|second|third|fourth|last) "
    r"(?:half|quarter)) of "
    rf"|(?:{_alt(WEEKDAYS)}),? (?=\d|{_alt(MONTHS)}))")
_DAYPART = re.compile(r" (?:morning|afternoon|evening|night)$")
_DURATION = _rx(r"(?:aged \d+|(?:for )?{num}[ -]+{unit}s?(?:[ -]+(?:old|long))?)")
# Words of spans, counts and story-relative dates that dateparser would misread as a day.
_VAGUE = re.compile(r"\b(?:few|several|many|couple|recent|recently|past|coming|previous"
                    r"|following|same|that|first|last|next|(?:day|week|month|year|decade)s)\b"
                    r"|^\d+$")
_YEAR_END = re.compile(r"\b\d{4}$")
_RANGE = re.compile(r"^(?P<first>.+?)(?: to | and | until | through | ?[-\u2013] ?)(?P<last>.+)$")


def _month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def _month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _add_months(d: date, n: int) -> date:
    """The first day of the month n months after d's."""
    return _month_start(_month_index(d) + n)


def _floor(d: date, unit: str) -> date:
    """The first day of the unit-long period that contains d."""
    if unit in UNIT_MONTHS:
        index = _month_index(d)
        return _month_start(index - index % UNIT_MONTHS[unit])
    return d - timedelta(days=d.weekday()) if unit == "week" else d


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word]


def _shift(anchor: date, unit: str, n: int) -> tuple[date, str]:
    """The unit-long period n units away from the anchor's ('last month' is n=-1)."""
    if unit in UNIT_DAYS:
        return _floor(anchor + timedelta(days=n * UNIT_DAYS[unit]), unit), unit
    return _floor(_add_months(anchor, n * UNIT_MONTHS[unit]), unit), unit


def _occurrences(first: Callable[[int], date],
                 end: Callable[[date], date]) -> dict[int, tuple[date, date]]:
    """Start and end of a recurring period in the anchor's cycle (0) and the ones around it;
    four back so that 29 February always has a past occurrence."""
    spans = {}
    for k in range(-4, 2):
        try:
            spans[k] = (start := first(k)), end(start)
        except (ValueError, OverflowError):  # 29 February in a common year; year 0 or 10000
            continue
    return spans


def _pick(spans: dict[int, tuple[date, date]], mod: str | None, anchor: date,
          ahead: bool = False) -> date:
    """The occurrence a modifier means (see the module docstring)."""
    if mod is None and ahead:
        return min(s for s, e in spans.values() if e > anchor)
    if mod == "next":
        return min(s for s, _ in spans.values() if s > anchor)
    if mod == "last":
        return max(s for s, e in spans.values() if e <= anchor)
    if mod == "this":
        return next((s for s, e in spans.values() if s <= anchor < e), spans[0][0])
    return max(s for s, _ in spans.values() if s <= anchor)


def _ymd(m: re.Match, _anchor: date | None, _ahead: bool) -> tuple[date, str]:
    month = m["month"]
    return date(int(m["year"]), MONTHS.get(month) or _number(month), int(m["day"])), "day"


def _period_of_year(m: re.Match, _anchor: date | None, _ahead: bool) -> tuple[date, str]:
    name = m["name"]
    precision = "month" if name in MONTHS else "season"
    return date(int(m["year"]), MONTHS.get(name) or SEASONS[name], 1), precision


def _recurring(m: re.Match, anchor: date, ahead: bool) -> tuple[date, str]:
    name, mod = m["name"], m["mod"]
    if name in MONTHS or name in SEASONS:
        month, months = (MONTHS[name], 1) if name in MONTHS else (SEASONS[name], 3)
        spans = _occurrences(lambda k: date(anchor.year + k, month, 1),
                             lambda s: _add_months(s, months))
        return _pick(spans, mod, anchor, ahead), "month" if name in MONTHS else "season"
    days = timedelta(days=2 if name == "weekend" else 1)
    monday = _floor(anchor, "week")
    spans = _occurrences(lambda k: monday + timedelta(weeks=k, days=WEEKDAYS.get(name, 5)),
                         lambda s: s + days)
    start = _pick(spans, mod, anchor, ahead)
    return (_floor(start, "week"), "week") if name == "weekend" else (start, "day")


def _day_of_year(m: re.Match, anchor: date, ahead: bool) -> tuple[date, str]:
    month, day = MONTHS[m["month"]], int(m["day"])
    spans = _occurrences(lambda k: date(anchor.year + k, month, day),
                         lambda s: s + timedelta(days=1))
    return _pick(spans, None, anchor, ahead), "day"


# (pattern, needs an anchor, handler); patterns see the normalized text.
RULES: list[tuple[re.Pattern, bool, Handler]] = [
    (_rx("{year}-{mnum}-{day}"), False, _ymd),
    (_rx("{month} {day},? {year}"), False, _ymd),
    (_rx("(?:the )?{day} (?:of )?{month},? {year}"), False, _ymd),
    (_rx("(?:the )?{period}(?: of)?,? {year}"), False, _period_of_year),
    (_rx("(?:the year )?{year}"), False, lambda m, _a, _f: (date(int(m["year"]), 1, 1), "year")),
    (_rx("(?:the )?{decade}"), False, lambda m, _a, _f: (date(int(m["year"]), 1, 1), "decade")),
    (_rx("{dayword}"), True,
     lambda m, a, _: (a + timedelta(days=DAY_WORDS[m["word"]]), "day")),
    (_rx("{mod} {unit}"), True,
     lambda m, a, _: _shift(a, m["unit"], {"this": 0, "last": -1, "next": 1}[m["mod"]])),
    (_rx("{num} {unit}s? ago"), True,
     lambda m, a, _: _shift(a, m["unit"], -_number(m["num"]))),
    (_rx("(?:{mod} |the )?{name}"), True, _recurring),
    (_rx("{month} {day}"), True, _day_of_year),
    (_rx("(?:the )?{day} (?:of )?{month}"), True, _day_of_year),
]


def _normalize(expression: str) -> str:
    """Lower case without clock times, possessives, prepositions and modifiers."""
    text = expression.lower().replace("\u2019", "'").replace("this past ", "last ")
    text = " ".join(re.sub(r"'s\b", "", _CLOCK.sub(" ", text)).split()).strip(" ,.")
    while (stripped := _LEADING.sub("", text)) != text:
        text = stripped
    return text if text in DAY_WORDS else _DAYPART.sub("", text)


@lru_cache(maxsize=64)
def _parser(anchor: date) -> DateDataParser:
    settings = {"RELATIVE_BASE": datetime(anchor.year, anchor.month, anchor.day),
                "PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser(text: str, anchor: date) -> Resolved:
    try:
        data = _parser(anchor).get_date_data(text)
    except (ValueError, OverflowError):  # "10000 years ago" and other dates off the calendar
        return None, None
    if data.date_obj is None:
        return None, None
    unit = "day" if data.period == "time" else data.period
    return _floor(data.date_obj.date(), unit), unit


def _fallback(text: str, anchor: date | None) -> Resolved:
    """dateparser, for the forms our rules do not know ('2019/06/01', 'a fortnight ago').

    Without an anchor the text is parsed against two far-apart dates: only an absolute
    date comes out the same both times.
    """
    bases = [anchor] if anchor else [date(2001, 1, 1), date(2013, 7, 17)]
    results = {_dateparser(text, base) for base in bases}
    return results.pop() if len(results) == 1 else (None, None)


def _by_rules(text: str, anchor: date | None, ahead: bool) -> Resolved | None:
    """The first matching rule's reading, or None when no rule matches."""
    for pattern, relative, handler in RULES:
        if m := pattern.match(text):
            if relative and anchor is None:
                return None, None
            try:
                return handler(m, anchor, ahead)
            except (ValueError, OverflowError):  # 31 June; before year 1 or after 9999
                return None, None
    return None


def resolve_date(expression: str, anchor: date | None,
                 ahead: bool = False) -> tuple[date | None, str | None]:
    """(value, precision); precision in 'day','week','month','season','year','decade' or None
    when unresolvable.

    Events are dated from what the text says relative to the publication date (the anchor),
    at the precision the text gives: "last month" is a month, not a day. ``ahead``: the
    expression dates an act still to come (see the module docstring).
    """
    text = _normalize(expression)
    if (resolved := _by_rules(text, anchor, ahead)) is not None:
        return resolved
    if not text or _VAGUE.search(text) or _DURATION.match(text):
        return None, None
    if m := _RANGE.match(text):  # the year of "May 5-7, 2020" belongs to both ends
        year = _YEAR_END.search(m["last"]) if not _YEAR_END.search(m["first"]) else None
        return resolve_date(f"{m['first']} {year[0]}" if year else m["first"], anchor, ahead)
    return _fallback(text, anchor)


# Calendar names the statistical NER sometimes leaves untagged ("Last September Ankara
# and Moscow made..."); "May" and "March" count only after a word that makes them dates.
CALENDAR_NAMES = {name.lower() for name in calendar.month_name[1:] + list(calendar.day_name)}
AMBIGUOUS_NAMES = {"may", "march"}
NAME_MODIFIERS = {"last", "next", "this"}


def _untagged_names(doc: Doc, tagged: set[int]) -> list[Span]:
    """Capitalised month and weekday names outside any entity, with a last/next/this."""
    spans = []
    for token in doc:
        if token.i in tagged or token.lower_ not in CALENDAR_NAMES or not token.is_title:
            continue
        before = doc[token.i - 1].lower_ if token.i else ""
        if token.lower_ in AMBIGUOUS_NAMES and before not in NAME_MODIFIERS | WIDEN:
            continue
        start = token.i - 1 if before in NAME_MODIFIERS else token.i
        spans.append(doc[start:token.i + 1])
    return spans


def _is_stray_name(token: Token) -> bool:
    """A capitalised word the NER glued onto a date that names no time."""
    return token.is_title and token.lower_ not in CALENDAR_NAMES and not any(
        token.lower_.startswith(word) for word in (*MONTHS, *SEASONS, *WEEKDAYS))


def _entity_spans(doc: Doc) -> list[Span]:
    """DATE/TIME entities, with touching ones joined ('Monday' + 'evening'), and calendar
    names the NER missed."""
    spans: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME") or ent.root.tag_ == "MD":  # "talks May resume"
            continue
        while len(ent) > 1 and _is_stray_name(ent[-1]):  # "Last September Ankara"
            ent = ent[:-1]
        if spans and spans[-1].end == ent.start:
            spans[-1] = doc[spans[-1].start:ent.end]
        else:
            spans.append(ent)
    tagged = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    return sorted(spans + _untagged_names(doc, tagged), key=lambda span: span.start)


def plausible(value: date, text: str, anchor: date | None) -> bool:
    """Not after the anchor (or today) by more than PLANNED_HORIZON, and not before 1900
    unless ``text`` states the year."""
    ahead = value - (anchor or date.today())  # a timedelta: never off the calendar
    return ahead <= PLANNED_HORIZON and (value >= EARLIEST_DATE
                                         or _STATED_YEAR.search(text) is not None)


def _is_amount(ent: Span) -> bool:
    """A lone number the NER took for a date though the words before make it an amount."""
    before = ent.doc[ent.start - 1].text.lower() if ent.start else ""
    return _BARE_NUMBER.match(ent.text) is not None and (
        before in AMOUNT_WORDS or not ent.text.isdigit())


# Words inside a time entity that join a date to another span of time ("Saturday after
# weeks", "Monday following days"), where only the first part says when.
_JOINING = frozenset({"after", "following", "before"})


def find_dates(doc: Doc, anchor: date | None) -> list[DateValue]:
    """Every time expression in the doc (spaCy DATE/TIME entities, widened to include a
    governing preposition like 'on', 'since', 'in', 'until', 'early', 'late' when present)
    with character offsets into doc.text, resolved against anchor.

    Ages and counted durations ("19 years old", "five-week", "for three years") are skipped:
    they say how long, not when. Vague expressions ("years", "the past few weeks") are kept,
    unresolved, so that a later stage can still see that the text gives a time.
    """
    dates: list[DateValue] = []
    previous_end = 0
    for ent in _entity_spans(doc):
        start = ent.start
        while start > previous_end and doc[start - 1].lower_ in WIDEN:
            start -= 1
        previous_end = ent.end
        if _DURATION.match(_normalize(ent.text)) or _is_amount(ent):
            continue
        span = doc[start:ent.end]
        value, precision = resolve_date(span.text, anchor)
        cut = next((t.i for t in ent[1:] if t.lower_ in _JOINING), None)
        if value is None and cut is not None:  # "on Saturday after weeks (of fighting)": the
            # NER ran a day into the span after it; the day is the date
            head = doc[start:cut]
            if (found := resolve_date(head.text, anchor))[0] is not None:
                span, (value, precision) = head, found
        if value is not None and not plausible(value, span.text, anchor):
            value, precision = None, None
        dates.append(DateValue(span.text, span.start_char, span.end_char, value, precision))
    return dates
