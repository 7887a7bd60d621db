"""ACLED event and sub-event types on events from the real pipeline, on sentences written
for these tests (one or more per sub-event family), and the rules file's own checks."""

import json
from importlib import resources

import pytest

from tidings.events.acled import AcledRules
from tidings.model import ACLED_EVENT_TYPE, ACLED_TYPES, Article


@pytest.fixture(scope="module")
def acled(lexicon_pipeline):
    """(PLOVER type, ACLED sub-event type) of each event of a sentence."""
    def run(text):
        events = lexicon_pipeline.extract(Article(text=text, id="t"))
        for event in events:
            sub = event.acled_sub_event_type
            assert event.acled_event_type == (ACLED_EVENT_TYPE[sub] if sub else None)
        return {(e.event_type, e.acled_sub_event_type) for e in events}

    return run


@pytest.mark.parametrize(("text", "event_type", "sub_event"), [
    # Battles
    ("Soldiers clashed with Boko Haram fighters near Maiduguri on Tuesday.",
     "ASSAULT", "Armed clash"),
    ("Government forces recaptured the town of Palmyra from Islamic State fighters.",
     "ASSAULT", "Government regains territory"),
    ("Al-Shabaab militants captured the town of Bardhere.",
     "ASSAULT", "Non-state actor overtakes territory"),
    # Explosions/Remote violence: the weapon decides, even when civilians are hit
    ("Government warplanes bombed a market in Idlib on Monday, killing 12 civilians.",
     "ASSAULT", "Air/drone strike"),
    ("Rebels shelled the city with mortars and rockets overnight.",
     "ASSAULT", "Shelling/artillery/missile attack"),
    ("A suicide bomber killed five soldiers at a checkpoint in Kabul.",
     "ASSAULT", "Suicide bomb"),
    ("Militants killed two soldiers with a roadside bomb in Helmand.",
     "ASSAULT", "Remote explosive/landmine/IED"),
    ("Militants hurled a grenade at a police station in Srinagar.", "ASSAULT", "Grenade"),
    ("Troops attacked the rebels with chlorine gas near Saraqib.",
     "ASSAULT", "Chemical weapon"),
    # Violence against civilians
    ("Gunmen attacked villagers in Zamfara, killing 30 people.", "ASSAULT", "Attack"),
    ("Gunmen kidnapped 20 students from a school in Kaduna.",
     "ASSAULT", "Abduction/forced disappearance"),
    ("Soldiers sexually assaulted women in the village of Minova.",
     "ASSAULT", "Sexual violence"),
    # Protests and riots
    ("Thousands of protesters rallied peacefully in Nairobi against the tax bill.",
     "PROTEST", "Peaceful protest"),
    ("Police fired tear gas at protesters in Harare.", "ASSAULT", "Protest with intervention"),
    ("Police fired tear-gas at protesters in Lima.", "ASSAULT", "Protest with intervention"),
    ("Police shot dead three protesters in Khartoum.",
     "ASSAULT", "Excessive force against protesters"),
    ("Protesters burned tyres and clashed with police in Lagos.",
     "PROTEST", "Violent demonstration"),
    ("A mob attacked a suspected thief in Kampala.", "ASSAULT", "Mob violence"),
    # Strategic developments
    ("Police arrested an opposition leader in Dakar.", "COERCE", "Arrests"),
    ("Russian troops withdrew from the city of Kherson.",
     "RETREAT", "Non-violent transfer of territory"),
    ("The government and the rebels agreed to a ceasefire in Juba.", "AGREE", "Agreement"),
    ("Rebels torched houses in the town of Beni.", "ASSAULT", "Looting/property destruction"),
    ("Police seized a cache of weapons and explosives in Peshawar.",
     "COERCE", "Disrupted weapons use"),
    ("The rebels deployed fighters to a new base near Diffa.",
     "MOBILIZE", "Headquarters or base established"),
    ("Iranian forces have established a new observation point near the border town.",
     "MOBILIZE", "Headquarters or base established"),
    ("Forty militants surrendered to the army in Khost on Friday.",
     "RETREAT", "Agreement"),
    ("Soldiers raped two women while dispersing protesters in Omdurman.",
     "ASSAULT", "Sexual violence"),
    ("The army deployed troops to the border.", "MOBILIZE", "Change to group/activity"),
])
def test_sub_event_of_each_family(acled, text, event_type, sub_event):
    assert (event_type, sub_event) in acled(text)


@pytest.mark.parametrize("text", [
    "The two ministers met in Paris to discuss trade.",
    "France accused Russia of spreading disinformation.",
])
def test_non_violent_political_events_get_no_acled_type(acled, text):
    found = acled(text)
    assert found and all(sub is None for _, sub in found)


def test_cue_words_are_whole_words_outside_dates(acled):
    # "aircraft" is not found inside "anti-aircraft"; "March" in a date is not a protest march
    assert acled("Militants attacked an army post with anti-aircraft guns near Aleppo.") == {
        ("ASSAULT", "Armed clash")}
    assert acled("Rebels stormed an army post near Goma on 3 March.") == {
        ("ASSAULT", "Armed clash")}


def test_rules_file_names_only_known_types_and_lists():
    rules = AcledRules.load().rules
    assert {r.sub_event for r in rules} == set(ACLED_EVENT_TYPE)  # every sub-event reachable
    data = {"sectors": {"state": ["MIL"]}, "words": {"air": ["drone"]},
            "rules": [{"sub_event": "Air/drone strike", "types": ["ASSAULT"],
                       "words": ["aerial"]}]}
    with pytest.raises(ValueError, match="unknown words list"):
        AcledRules.parse(data)
    data["rules"][0] |= {"words": ["air"], "sub_event": "Air strike"}
    with pytest.raises(ValueError, match="bad rule"):
        AcledRules.parse(data)


def test_schema_lists_the_acled_taxonomy():
    path = resources.files("tidings") / "schema" / "event.schema.json"
    properties = json.loads(path.read_text(encoding="utf-8"))["properties"]
    assert properties["acled_event_type"]["enum"] == [None, *ACLED_TYPES]
    assert properties["acled_sub_event_type"]["enum"] == [None, *ACLED_EVENT_TYPE]
