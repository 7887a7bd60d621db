"""End to end on the project's seed article (read from ../shared, never copied here)."""

from datetime import date
from pathlib import Path

import pytest

from tidings.model import Article

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "turkey-arms-syrian-rebels.txt"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="shared seed article not present")


@pytest.fixture(scope="module")
def events(pipeline):
    text = SEED.read_text(encoding="utf-8")
    return pipeline.extract(Article(text=text, id="seed", date=date(2019, 5, 26)))


def _codes(actors):
    return {a.code for a in actors}


def _countries(actors):
    return {a.country for a in actors}


def _find(events, event_type, predicate):
    found = [e for e in events if e.event_type == event_type and predicate(e)]
    assert found, f"no {event_type} event matching; got " + "; ".join(
        f"{e.event_type} {e.trigger.text} {_codes(e.actor)}->{_codes(e.recipient)}" for e in events
    )
    return found[0]


def test_turkey_aids_syrian_rebels(events):
    aid = _find(events, "AID",
                lambda e: "TURGOV" in _codes(e.actor) and "SYRREB" in _codes(e.recipient))
    assert aid.mode == "military"
    assert {a.role for a in aid.attribution} >= {"reporter"}
    assert any(a.text == "Reuters" for a in aid.attribution)


def test_syrian_army_assaults_the_northwest(events):
    _find(events, "ASSAULT", lambda e: e.actor and _countries(e.actor) == {"SYR"}
          and {a.sector for a in e.actor} & {"MIL", "GOV"})


def test_assad_accuses_rebels_of_breaching_ceasefire(events):
    accuse = _find(events, "ACCUSE", lambda e: "SYRGOV" in _codes(e.actor))
    assert "SYRREB" in _codes(accuse.recipient)


def test_ankara_and_moscow_agree_last_september(events):
    agree = _find(events, "AGREE", lambda e: {"TUR", "RUS"} <= _countries(e.actor + e.recipient))
    assert agree.date == date(2018, 9, 1) and agree.date_precision == "month"
    assert agree.flags.historical


def test_turkey_requests_russia_and_syria_to_halt_attacks(events):
    request = _find(events, "REQUEST", lambda e: "TURGOV" in _codes(e.actor)
                    and {"RUS", "SYR"} <= _countries(e.recipient))
    assert request.location is not None and request.location.text == "Idlib"


def test_washington_threatens(events):
    threat = _find(events, "THREATEN", lambda e: "USAGOV" in _codes(e.actor))
    assert threat.trigger.text == "warned"


def test_syrian_president_denies(events):
    _find(events, "REJECT", lambda e: "SYRGOV" in _codes(e.actor))


def test_an_event_is_located_in_idlib_hama_or_villages_nearby(events):
    names = {"Idlib", "Hama", "Jabal al-Zawiya", "Kfar Nabouda", "Kafr Nabudah"}
    located = [e for e in events if e.location and e.location.text in names]
    assert located
    assert all(e.location.country == "SYR" and e.location.lat for e in located)


def test_every_span_points_at_its_text(events):
    text = SEED.read_text(encoding="utf-8")
    for event in events:
        spans = [event.trigger, *event.actor, *event.recipient, *event.attribution]
        spans += [event.location] if event.location else []
        spans += [event.date_span] if event.date_span else []
        for span in spans:
            assert text[span.start:span.end] == span.text
        assert text[event.sentence.start:event.sentence.end] == event.sentence.text
        for party in event.actor + event.recipient:  # a party is a phrase, not a headline
            assert "\n" not in party.text and len(party.text) < 80, party.text


def test_spokesman_neither_confirms_nor_denies_turkish_supplies(events):
    supply = _find(events, "AID", lambda e: e.flags.unconfirmed and "TURGOV" in _codes(e.actor))
    assert not supply.flags.denied and not supply.flags.negated


def test_the_2017_cia_programme_is_historical_aid_to_rebels(events):
    programme = _find(events, "AID", lambda e: "USASPY" in _codes(e.actor))
    assert _codes(programme.recipient) == {"SYRREB"} and programme.mode == "military"
    assert programme.flags.historical and programme.date == date(2017, 1, 1)
    assert programme.date_precision == "year"


def test_not_confirming_or_denying_is_no_rejection(events):
    assert not [e for e in events if e.event_type == "REJECT" and e.trigger.text == "deny"]


def test_displacement_is_counted(events):
    assert any(e.counts.displaced == 180_000 for e in events)
