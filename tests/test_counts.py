"""Counts of the killed, injured, displaced, arrested and of crowds, on sentences of our own."""

import pytest

from tidings.events.counts import figures_in, total


@pytest.fixture(scope="module")
def count(pipeline):
    return lambda text: total(figures_in(pipeline.nlp(text)[:]))


@pytest.mark.parametrize(("text", "field", "value"), [
    ("Troops clashed with insurgents near the dam, killing at least 12 militants.", "killed", 12),
    ("The shelling set off an exodus of some 180,000 civilians.", "displaced", 180_000),
    ("Police arrested dozens of protesters outside parliament.", "arrested", 24),
    ("Three soldiers were wounded in the ambush.", "injured", 3),
    ("About 5,000 demonstrators marched through the capital.", "size", 5_000),
    ("Some 1.2 million people have fled their homes since March.", "displaced", 1_200_000),
    ("Tens of thousands of Georgians rallied outside parliament.", "size", 20_000),
    ("Hundreds of thousands of people fled the fighting.", "displaced", 200_000),
    ("Rebels attacked the town, forcing some 3,000 residents to flee.", "displaced", 3_000),
    # the people conflict news counts beyond "people" and "soldiers"
    ("Troops killed eight bandits in Zamfara on Tuesday.", "killed", 8),
    ("Gunmen killed 14 farmers in Plateau State.", "killed", 14),
    ("Two peacekeepers were injured when their convoy hit a mine.", "injured", 2),
    # the figures of one list add up; one that a larger figure includes does not
    ("Gunmen killed 14 farmers and two herders in Plateau State.", "killed", 16),
    ("Police arrested 30 protesters and 4 journalists.", "arrested", 34),
    ("At least 20 people, including 7 children, were killed.", "killed", 20),
    ("Five protesters were shot dead in Nairobi.", "killed", 5),
    ("Police fired on the crowd, forcing 5,000 protesters to flee.", "displaced", 5_000),
    # a bare number the verb takes stands for the people it did that to
    ("A car bomb exploded near the market, killing five people and wounding 12.", "injured",
     12),
    ("Drones struck the port, killing two workers and injuring seven.", "injured", 7),
    ("Three died and 14 were wounded when gunmen stormed the market.", "injured", 14),
    ("Three died and 14 were wounded when gunmen stormed the market.", "killed", 3),
    # what a verb left them says more than the verb: "left" alone is a flight
    ("The bombing left 20 people injured.", "injured", 20),
    ("The bombing left 20 injured.", "injured", 20),
])
def test_counts(count, text, field, value):
    assert getattr(count(text), field) == value


def test_what_happened_to_people_is_said_by_the_first_verb_above_them(count):
    # "crossed" is the gunmen's act, in the clause above the abduction: no one was displaced
    counts = count("Chad closed its border after gunmen crossed into the town of Adre and "
                   "abducted three aid workers.")
    assert counts.displaced is None


def test_numbers_not_about_people_are_not_counts(count):
    counts = count("The army received 40 tanks and 300 trucks in 2019.")
    assert counts.killed is counts.injured is counts.displaced is counts.size is None


def test_a_bare_number_counts_people_only_where_its_verb_harms_them(count):
    counts = count("The team won 12 of its matches and lost three.")
    assert counts.killed is counts.injured is counts.arrested is None


def test_people_counted_by_a_bare_number_make_the_event_stand(pipeline):
    from tidings.model import Article

    events = pipeline.extract(Article("Police said 40 were arrested in Nairobi on Monday."))
    assert [(e.event_type, e.counts.arrested) for e in events] == [("COERCE", 40)]


@pytest.mark.parametrize("number", ["9" * 400, "99999999999999999999", "1e400", "20000000000"])
def test_a_number_no_count_of_people_can_be_is_dropped(count, number):
    """Infinite, or more people than live on Earth: no count, and no crash on the way."""
    assert count(f"Gunmen killed {number} villagers near the river.").killed is None


def test_a_count_belongs_to_the_event_that_tells_it(pipeline):
    from tidings.model import Article

    events = pipeline.extract(Article(
        "An airstrike killed 14 civilians in Idlib as rebels shelled army positions near "
        "Hama. Police arrested 20 people in Nairobi after the protests."))
    counts = {e.trigger.text: e.counts for e in events}
    assert counts["killed"].killed == 14 and counts["shelled"].killed is None
    assert counts["arrested"].arrested == 20 and counts["protests"].arrested is None
    # the sentence still reports every count it gives
    assert sum(c.killed or 0 for c in counts.values()) == 14
