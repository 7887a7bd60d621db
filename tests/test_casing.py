"""Text in one case is read as if it were cased: names, sentence starts, days restored."""

from tidings.casing import casing_of, restore
from tidings.model import Article

NEWS = ("Syrian rebels attacked government forces near Idlib on Saturday, the Kremlin said. "
        "NATO condemned Hayat Tahrir al-Sham.")


def test_casing_is_told_from_the_share_of_capitals():
    assert casing_of(NEWS) == "mixed"
    assert casing_of(NEWS.lower()) == "lower" and casing_of(NEWS.upper()) == "upper"
    assert casing_of("too short to tell") == "mixed"


def test_restored_text_has_the_capitals_news_would_have_and_every_offset():
    for shouting in (NEWS.lower(), NEWS.upper()):
        restored = restore(shouting)
        assert len(restored) == len(NEWS)
        assert restored == NEWS  # every capital back


def test_words_that_name_big_places_stay_words():
    text = "a nice split among the rebels was reported on monday by officials in the north."
    assert restore(text) == ("A nice split among the rebels was reported on Monday by "
                             "officials in the north.")


def test_possessives_and_acronyms_that_are_also_words():
    text = ("opponents of rwanda's senate said the us-led coalition and the who told us that "
            "a car bomb had killed two ice traders in the car.")
    assert restore(text) == ("Opponents of Rwanda's senate said the US-led coalition and the "
                             "WHO told us that a car bomb had killed two ice traders in the car.")
    assert restore(text.upper()).startswith("Opponents of Rwanda's senate said the US-led")


def test_mixed_case_text_is_left_as_written():
    odd = NEWS.replace("Idlib", "idlib")
    assert restore(odd) is odd


def test_lowercased_news_gives_the_events_and_actors_of_cased_news(pipeline):
    cased = pipeline.extract(Article(text=NEWS, id="cased"))
    lowered = pipeline.extract(Article(text=NEWS.lower(), id="lower"))

    def facts(events):
        return [(e.event_type, [a.code for a in e.actor], [a.code for a in e.recipient],
                 e.trigger.start, e.location and e.location.name) for e in events]

    assert facts(lowered) == facts(cased) and cased
