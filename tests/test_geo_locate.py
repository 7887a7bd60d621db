"""Event location on hand-written sentences: which place the parse attaches to a trigger."""

import pytest
from spacy.language import Language

from tidings.geo import Gazetteer, geoparse, locate_event, sentence_place
from tidings.model import Place
from tidings.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def locate(nlp: Language, text: str, trigger: str,
           exclude: tuple[str, ...] = ()) -> tuple[Place | None, Place | None]:
    """(the attached place, the sentence's fallback place) of the event at ``trigger``."""
    doc = nlp(text)
    places = geoparse(doc, Gazetteer.load())
    token = next(t for t in doc if t.text == trigger)
    spans = [(text.index(a), text.index(a) + len(a)) for a in exclude]
    return locate_event(token, places, spans), sentence_place(token, places, spans)


def text_of(place: Place | None) -> str | None:
    return place.text if place else None


def test_the_named_place_after_a_place_noun_beats_its_container(nlp: Language) -> None:
    place, _ = locate(nlp, "A judge was stabbed at her home in the Lagos suburb of "
                           "Ikoyi on Friday.", "stabbed")
    assert text_of(place) == "Ikoyi"


def test_the_first_of_a_chain_of_places_is_the_most_specific(nlp: Language) -> None:
    place, _ = locate(nlp, "Bandits looted shops in Dansadau village in Maru local "
                           "government area of Zamfara State.", "looted")
    assert text_of(place) == "Dansadau"


def test_a_participle_inherits_the_object_of_its_verb(nlp: Language) -> None:
    place, _ = locate(nlp, "Militants raided Gwoza town, killing at least 40 villagers.", "killing")
    assert text_of(place) == "Gwoza"


def test_a_clause_of_means_gives_its_place(nlp: Language) -> None:
    place, _ = locate(nlp, "The rebels began the offensive by storming the hamlet of Kafr Nabouda "
                           "at dawn.", "began")
    assert text_of(place) == "Kafr Nabouda"


def test_a_place_in_another_predicate_is_not_the_event_s(nlp: Language) -> None:
    text = ("The demonstrators protested against the sanctions imposed on Libya for the "
            "bombing of a jet over Lockerbie.")
    place, fallback = locate(nlp, text, "protested")
    assert place is None
    assert fallback is not None  # the separate, weaker guess still names a place


def test_a_place_that_modifies_a_person_or_force_is_not_the_scene(nlp: Language) -> None:
    place, _ = locate(nlp, "U.S. forces detained the suspects overnight.", "detained")
    assert place is None
    place, _ = locate(nlp, "The governor of Kandahar was killed on Tuesday.", "killed")
    assert place is None


def test_islamic_state_is_an_organisation_not_a_state(nlp: Language) -> None:
    text = ("The Islamic State of Iraq and Al-Sham launched an attack on the village of "
            "Kafr Nabouda.")
    doc = nlp(text)
    assert "Islamic State" not in {p.text for p in geoparse(doc, Gazetteer.load())}
    place, _ = locate(nlp, text, "launched")
    assert text_of(place) == "Kafr Nabouda"


def test_a_place_in_the_subject_phrase_locates_the_event(nlp: Language) -> None:
    place, _ = locate(nlp, "Rebel factions in Syria are attacking each other.", "attacking")
    assert text_of(place) == "Syria"


def test_the_area_south_of_a_town_is_at_that_town(nlp: Language) -> None:
    place, _ = locate(nlp, "The militia began a push on Friday, targeting the area "
                           "just north of Tal Tamr.", "targeting")
    assert text_of(place) == "Tal Tamr"


def test_excluded_actor_spans_are_never_the_place(nlp: Language) -> None:
    text = "Turkey shelled Afrin on Friday."
    place, fallback = locate(nlp, text, "shelled", exclude=("Turkey", "Afrin"))
    assert place is None and fallback is None


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    ("A car bomb exploded inside Kafr Zanbaq on Monday, killing four people.", "exploded",
     "Kafr Zanbaq"),
    ("Gunmen shot three shopkeepers in the Tal Hadiyah area of Mosul on Sunday.", "shot",
     "Tal Hadiyah"),
    ("Government troops entered Khirbet Nasra after heavy fighting.", "entered",
     "Khirbet Nasra"),
    ("Militants stormed the Orchid Hospital on Wednesday afternoon.", "stormed",
     "Orchid Hospital"),
])
def test_a_name_the_parse_makes_a_place_is_one_without_the_gazetteer(
        nlp: Language, text: str, trigger: str, expected: str) -> None:
    """Villages, neighbourhoods and sites no gazetteer holds, which the NER tags as people
    or organisations or not at all, are still the place the text gives the event."""
    place, _ = locate(nlp, text, trigger)
    assert text_of(place) == expected
    assert place is not None and place.lat is None


def test_a_site_is_finer_than_its_city(nlp: Language) -> None:
    place, _ = locate(nlp, "Rebels shelled the Orchid Hospital in Aleppo on Friday.", "shelled")
    assert text_of(place) == "Orchid Hospital" and place.precision == "point"


@pytest.mark.parametrize(("text", "trigger"), [
    ("Soldiers captured Ahmed Karimov on Monday.", "captured"),
    ("Students protested outside Dinesh Verma's office on Friday.", "protested"),
    ("Hundreds marched near the Group of Eight summit on Sunday.", "marched"),
])
def test_people_offices_and_organisations_are_no_places(nlp: Language, text: str,
                                                         trigger: str) -> None:
    place, _ = locate(nlp, text, trigger)
    assert place is None


def test_the_town_of_a_named_province_is_the_scene(nlp: Language) -> None:
    place, _ = locate(nlp, "Rebels pushed north to seize the strategic Idlib town of "
                           "Saraqib on Monday.", "seize")
    assert text_of(place) == "Saraqib"
