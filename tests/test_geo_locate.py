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


def test_a_place_in_another_predicate_is_not_the_event_s(nlp: Language) -> None:
    text = ("The demonstrators protested against the sanctions imposed on Libya for the "
            "bombing of a jet over Lockerbie.")
    place, fallback = locate(nlp, text, "protested")
    assert place is None
    assert fallback is not None  # the separate, weaker guess still names a place


def test_a_country_that_modifies_a_force_is_not_the_scene(nlp: Language) -> None:
    place, _ = locate(nlp, "U.S. forces detained the suspects overnight.", "detained")
    assert place is None


def test_a_country_that_owns_a_site_placed_elsewhere_is_not_the_scene(nlp: Language) -> None:
    place, _ = locate(nlp, "Militants attacked a U.S. base in Syria on Sunday.", "attacked")
    assert text_of(place) == "Syria"


def test_the_town_of_an_office_is_where_its_holder_was_killed(nlp: Language) -> None:
    """The event-place chooser learned this from event_location_dev's annotators; the rules
    it replaced said "no place"."""
    place, _ = locate(nlp, "The governor of Kandahar was killed on Tuesday.", "killed")
    assert place is not None and place.country == "AFG"


def test_islamic_state_is_an_organisation_not_a_state(nlp: Language) -> None:
    text = ("The Islamic State of Iraq and Al-Sham launched an attack on the village of "
            "Kafr Nabouda.")
    doc = nlp(text)
    assert "Islamic State" not in {p.text for p in geoparse(doc, Gazetteer.load())}
    place, _ = locate(nlp, text, "launched")
    assert text_of(place) == "Kafr Nabouda"


def test_excluded_actor_spans_are_never_the_place(nlp: Language) -> None:
    text = "Turkey shelled the Kurdish fighters on Friday."
    place, fallback = locate(nlp, text, "shelled", exclude=("Turkey", "the Kurdish fighters"))
    assert place is None and fallback is None


def test_a_recipient_that_is_a_place_attached_as_the_object_is_the_scene(
        nlp: Language) -> None:
    text = "Turkey shelled Afrin on Friday."
    place, fallback = locate(nlp, text, "shelled", exclude=("Turkey", "Afrin"))
    assert text_of(place) == "Afrin"
    assert fallback is None  # the unattached guess still keeps out of the parties
    # a name only the parse makes a place ("stormed X") is the scene as its recipient too
    place, _ = locate(nlp, "Rebel fighters stormed Tell Jabin after clashes near Aleppo.",
                      "stormed", exclude=("Rebel fighters", "Tell Jabin"))
    assert text_of(place) == "Tell Jabin"
    place, _ = locate(nlp, "The navy handed the smugglers over to Kenya.", "handed",
                      exclude=("The navy", "the smugglers", "Kenya"))
    assert place is None  # a weakly attached party stays out
    place, _ = locate(nlp, "Ankara called on Tehran to stop the shelling in Sinjar.", "called",
                      exclude=("Ankara", "Tehran"))
    assert text_of(place) == "Sinjar"  # the one addressed is no scene


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    ("A car bomb exploded inside Kafr Zanbaq on Monday, killing four people.", "exploded",
     "Kafr Zanbaq"),
    ("Gunmen shot three shopkeepers in the Tal Hadiyah area on Sunday.", "shot",
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
    ("Hundreds rallied outside the Group of Seven summit on Monday.", "rallied"),
])
def test_people_offices_and_organisations_are_no_places(nlp: Language, text: str,
                                                         trigger: str) -> None:
    place, _ = locate(nlp, text, trigger)
    assert place is None


def test_a_region_named_by_an_adjective_like_name_beats_its_container(nlp: Language) -> None:
    place, _ = locate(nlp, "Loyalist brigades pressed their attack in the Eastern Qalamoun "
                           "region of Damascus province overnight.", "pressed")
    assert text_of(place) is not None and "Qalamoun" in text_of(place)


def test_a_clock_time_is_not_a_place(nlp: Language) -> None:
    place, _ = locate(nlp, "The raid began in the Bab Amr district around 5:30 A.M. on "
                           "Friday.", "began")
    assert text_of(place) is not None and "Bab Amr" in text_of(place)


def test_a_town_naming_the_kind_of_venue_places_it(nlp: Language) -> None:
    place, _ = locate(nlp, "Two guards died after a fire was started in a Nairobi nightclub "
                           "late on Friday.", "died")
    assert text_of(place) == "Nairobi"
    place, _ = locate(nlp, "Masked men robbed the Blue Lagoon bar in Mombasa.", "robbed")
    assert text_of(place) == "Mombasa"  # the venue's own name is no town


def test_an_opening_phrase_yields_to_the_finer_place_of_the_clause(nlp: Language) -> None:
    place, _ = locate(nlp, "In Kandahar, robbers killed a money changer on Sunday in "
                           "Arghandab district.", "killed")
    assert text_of(place) is not None and "Arghandab" in text_of(place)


# Where the locator puts an event, one rule per case (the id names it).
@pytest.mark.parametrize(("text", "trigger", "expected"), [
    pytest.param(
        "A judge was stabbed at her home in the Lagos suburb of Ikoyi on Friday.",
        "stabbed", "Ikoyi", id="the_named_place_after_a_place_noun_beats_its_container"),
    pytest.param(
        "Bandits looted shops in Dansadau village in Maru local government area of Zamfara "
        "State.",
        "looted", "Dansadau", id="the_first_of_a_chain_of_places_is_the_most_specific"),
    pytest.param(
        "Militants raided Gwoza town, killing at least 40 villagers.",
        "killing", "Gwoza", id="a_participle_inherits_the_object_of_its_verb"),
    pytest.param(
        "The rebels began the offensive by storming the hamlet of Kafr Nabouda at dawn.",
        "began", "Kafr Nabouda", id="a_clause_of_means_gives_its_place"),
    pytest.param(
        "Rebel factions in Syria are attacking each other.",
        "attacking", "Syria", id="a_place_in_the_subject_phrase_locates_the_event"),
    pytest.param(
        "The militia began a push on Friday, targeting the area just north of Tal Tamr.",
        "targeting", "Tal Tamr", id="the_area_north_of_a_town_is_at_that_town"),
    pytest.param(
        "Rebels pushed north to seize the strategic Idlib town of Saraqib on Monday.",
        "seize", "Saraqib", id="the_town_of_a_named_province_is_the_scene"),
    pytest.param(
        "Herders killed four farmers in Tudun Wada village, some 40 km north of Kano.",
        "killed", "Tudun Wada", id="a_place_a_distance_is_measured_from_is_only_a_landmark"),
    pytest.param(
        "Fighters attacked at dawn, striking the National Defence Forces (NDF) controlled "
        "hamlet of Tell Sawda.",
        "striking", "Tell Sawda", id="a_place_held_by_a_named_force_is_the_target"),
    pytest.param(
        "Shells landed on northern Aleppo districts overnight.",
        "landed", "Aleppo", id="a_name_tagged_as_an_adjective_before_a_place_noun_is_a_place"),
    pytest.param(
        "Drones struck the Idlib and Latakia governorates overnight.",
        "struck", "Idlib", id="a_name_before_a_plural_division_noun_is_a_place"),
    pytest.param(
        "A bomb exploded outside a Shi'ite mosque in Karbala on Friday, killing five.",
        "exploded", "Karbala", id="a_faith_before_a_place_noun_is_no_place"),
    pytest.param(
        "Bandits raided a remote village, Dogon Kawo, at dawn.",
        "raided", "Dogon Kawo", id="a_name_in_apposition_to_a_village_is_the_village"),
    pytest.param(
        "Three guards were killed and two wounded when a grenade exploded in Jalalabad.",
        "killed", "Jalalabad", id="a_when_clause_places_the_event"),
    pytest.param(
        "Unknown attackers stabbed the magistrate while he was in Peshawar.",
        "stabbed", "Peshawar", id="a_while_clause_places_the_event"),
    pytest.param(
        "Warplanes pounded the southern neighbourhoods of Idlib overnight.",
        "pounded", "Idlib", id="a_plural_place_noun_places_its_of_phrase"),
    pytest.param(
        "Shells fell on a busy market in the rebel stronghold of Misrata.",
        "fell", "Misrata", id="a_stronghold_is_a_place_noun"),
    pytest.param(
        "Troops took up positions in the vicinity of Mount Marra on Sunday.",
        "took", "Mount Marra", id="a_vicinity_is_a_place_noun"),
])
def test_the_place_attached_to_the_trigger(nlp: Language, text: str, trigger: str,
                                        expected: str) -> None:
    place, _ = locate(nlp, text, trigger)
    assert text_of(place) == expected
