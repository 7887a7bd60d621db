"""The clustering relation: same type, overlapping actors, a day apart, ~25 km or same admin1."""

from dataclasses import replace
from datetime import date

from tidings.cluster import Sighting, haversine_km, same_event

MENAKA = Sighting("a", "ASSAULT", date(2024, 5, 14), frozenset({"MLIMIL"}), 15.92, 2.40,
                  "city", "MLI", "Ménaka")


def test_haversine_is_in_kilometres():
    assert 110 < haversine_km(0, 0, 1, 0) < 112  # one degree of latitude


def test_same_event_needs_same_type_close_dates_and_places():
    assert same_event(MENAKA, replace(MENAKA, event_id="b", day=date(2024, 5, 15)))
    assert not same_event(MENAKA, replace(MENAKA, event_id="b", day=date(2024, 5, 16)))
    assert not same_event(MENAKA, replace(MENAKA, event_id="b", event_type="PROTEST"))
    # 0.15° of latitude is ~17 km; 0.3° is ~33 km
    assert same_event(MENAKA, replace(MENAKA, event_id="b", lat=MENAKA.lat + 0.15))
    assert not same_event(MENAKA, replace(MENAKA, event_id="b", lat=MENAKA.lat + 0.3))


def test_vague_places_match_on_admin1():
    region = replace(MENAKA, event_id="b", lat=16.5, lon=3.0, precision="admin1")
    assert same_event(MENAKA, region)
    assert not same_event(MENAKA, replace(region, admin1="Gao"))
    country_only = replace(region, precision="country", admin1=None)
    assert not same_event(MENAKA, country_only)


def test_actors_must_overlap_and_a_state_is_one_party():
    rebels = replace(MENAKA, event_id="b", codes=frozenset({"MLIREB"}))
    assert not same_event(MENAKA, rebels)
    assert same_event(MENAKA, replace(rebels, codes=frozenset({"MLIREB", "MLIMIL"})))
    assert same_event(MENAKA, replace(rebels, codes=frozenset({"MLIGOV"})))
    assert same_event(MENAKA, replace(rebels, codes=frozenset()))  # uncoded: place and time


def test_negated_or_undated_events_stand_alone():
    assert not same_event(MENAKA, replace(MENAKA, event_id="b", factual=False))
    assert not same_event(MENAKA, replace(MENAKA, event_id="b", day=None))
