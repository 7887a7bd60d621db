"""The geo ranker: fitted on gold toponyms, it learns what the evidence supports, rebuilds
the same from the same data, and is scored on each article by a fold model that never saw
it."""

import json
import subprocess
import sys

import numpy as np
import pytest

from tidings.evaluate import honest_rankers
from tidings.events.coder import fold_of
from tidings.geo.gazetteer import Gazetteer
from tidings.geo.ranker import FEATURES, Ranker
from tidings.training.geo_ranker import Example, fit, start_weights, train_ranker

# Our own local-news sentences, each naming a town with namesakes in other states beside
# places that say which one it is.
TEMPLATES = [
    ("Deputies from the Henderson County sheriff's office searched a home in {town} on "
     "Friday, a spokesman in Frankston said.", "Athens", "Texas"),
    ("The Lamar County commission met in {town} to discuss the new jail in Reno.",
     "Paris", "Texas"),
    ("A fire near {town} closed Interstate 55 on Sunday, Sangamon County officials said.",
     "Springfield", "Illinois"),
    ("Students from Fort Benning and Phenix City visited {town} on Monday.",
     "Columbus", "Georgia"),
    ("The Rapides Parish school board in {town} approved the budget for Pineville.",
     "Alexandria", "Louisiana"),
]


def articles(gaz: Gazetteer) -> list[dict]:
    """LGL-shaped rows: every copy of a template is a separate article."""
    rows = []
    for copy in range(3):
        for template, town, state in TEMPLATES:
            text = f"Report {copy + 1}. " + template.format(town=town)
            start = text.index(town)
            gold = next(c for c in gaz.lookup(town, fuzzy=False) if c.admin1 == state)
            rows.append({"id": f"{town}-{copy}", "text": text, "toponyms": [
                {"name": town, "start": start, "end": start + len(town),
                 "lat": gold.lat, "lon": gold.lon}]})
    return rows


@pytest.fixture(scope="module")
def gold_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    (folder / "dev").mkdir()
    path = folder / "dev" / "lgl.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in articles(Gazetteer.load())),
                    encoding="utf-8")
    return path


def test_fitting_raises_a_feature_the_right_candidates_share_and_lowers_a_misleading_one():
    near, population = FEATURES.index("near"), FEATURES.index("log_population")
    rng = np.random.default_rng(0)
    found = []
    for _ in range(200):
        x = np.zeros((3, len(FEATURES)))
        x[:, population] = rng.uniform(3, 6, 3)
        x[0, population] = 6.5  # the biggest namesake is never the one meant...
        x[1, near] = 0.9  # ...the one near the other places is
        found.append(Example(x, np.array([False, True, False])))
    start = start_weights()
    weights = fit(found, start)
    assert weights[near] > start[near] and weights[population] < start[population]
    assert all(np.argmax(e.features @ weights) == 1 for e in found)


def test_a_feature_without_evidence_keeps_its_hand_set_weight():
    camp = FEATURES.index("camp_cue_fits")
    x = np.zeros((2, len(FEATURES)))
    x[1, FEATURES.index("exact")] = 1.0
    weights = fit([Example(x, np.array([False, True]))], start_weights())
    assert weights[camp] == pytest.approx(start_weights()[camp])


def test_the_ranker_is_fitted_with_fold_models_and_rebuilds_the_same(lexicon_pipeline, gold_file):
    first = train_ranker(gold_file, lexicon_pipeline.nlp, log=lambda _: None)
    second = train_ranker(gold_file, lexicon_pipeline.nlp, log=lambda _: None)
    assert first.to_dict()["weights"] == second.to_dict()["weights"]
    assert first.to_dict()["folds"] == second.to_dict()["folds"]
    assert len(first.folds) == 5 and first.meta["trained_on"] == ["lgl"]
    assert first.meta["cross_validated"]["ambiguous_toponyms"] > 0
    assert not np.allclose(first.weights, start_weights())  # the data moved it


def test_eval_reads_each_article_of_a_fitted_set_with_the_fold_that_left_it_out():
    texts = [f"Article number {i} about Athens." for i in range(12)]
    rankers, setting = honest_rankers("lgl", texts)
    shipped = Ranker.load()
    assert setting.startswith("5-fold")
    assert all(r is shipped.fold(fold_of(t)) for r, t in zip(rankers, texts, strict=True))
    rankers, setting = honest_rankers("event_location_dev", texts)
    assert setting == "never trained on" and all(r is shipped for r in rankers)


def test_a_ranker_of_other_features_is_refused_with_what_to_do(tmp_path):
    data = Ranker.load().to_dict()
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="tidings train --model geo-ranker"):
        Ranker.from_dict(data)


def test_tidings_train_fits_the_geo_ranker_into_a_file(gold_file, tmp_path):
    out = tmp_path / "ranker.json"
    done = subprocess.run([sys.executable, "-m", "tidings.cli", "train", "--model",
                           "geo-ranker", "--data-dir", str(gold_file.parent.parent),
                           "--no-folds", "-o", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert Ranker.load(out).meta["trained_on"] == ["lgl"]


# Our own sentences in event_location_dev's shape: the event's verb, and where it happened.
PLACED = [
    ("Gunmen attacked a market in {town} on Friday, killing six.", "attacked", "Kano"),
    ("Protesters rallied outside parliament in {town} on Monday.", "rallied", "Nairobi"),
    ("Troops shelled {town} overnight, residents said.", "shelled", "Idlib"),
    ("The minister, who visited {town} last year, resigned on Tuesday.", "resigned", None),
    ("Police arrested two men near {town} after a chase.", "arrested", "Kandahar"),
]


def placed_rows() -> list[dict]:
    rows = []
    for copy in range(3):
        for template, verb, town in PLACED:
            text = f"Update {copy + 1}: " + template.format(town=town or "Kabul")
            spans = [{"label": "VERB", "start": text.index(verb),
                      "end": text.index(verb) + len(verb)}]
            if town:
                spans.append({"label": "LOCATION", "start": text.index(town),
                              "end": text.index(town) + len(town)})
            rows.append({"text": text, "spans": spans})
    return rows


def test_the_event_place_chooser_is_fitted_with_folds_and_places_events(lexicon_pipeline,
                                                                        tmp_path):
    from tidings.geo import geoparse, locate_event
    from tidings.geo.locate import PlaceChoosers
    from tidings.training.event_places import train_chooser

    path = tmp_path / "event_location_dev.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in placed_rows()), encoding="utf-8")
    chooser = train_chooser(path, lexicon_pipeline.nlp, log=lambda _: None)
    assert len(chooser.folds) == 5 and chooser.meta["trained_on"] == ["event_location_dev"]
    assert chooser.meta["cross_validated"]["sentences"] == len(PLACED) * 3
    doc = lexicon_pipeline.nlp("Gunmen attacked a checkpoint in Maiduguri on Sunday.")
    trigger = next(t for t in doc if t.text == "attacked")
    place = locate_event(trigger, geoparse(doc), [], choosers=PlaceChoosers(chooser))
    assert place is not None and place.text == "Maiduguri"


def test_the_encoded_chooser_learns_from_the_coders_reading_of_each_place(pipeline,
                                                                          tmp_path):
    from tidings.events.extract import verb_candidate
    from tidings.geo import geoparse, locate_event
    from tidings.geo.locate import (
        ENCODED_LOCATION_FEATURES,
        PlaceChoosers,
        event_place_chooser,
    )
    from tidings.geo.ranker import ENCODER_WIDTH
    from tidings.training.event_places import train_chooser

    path = tmp_path / "event_location_dev.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in placed_rows()), encoding="utf-8")
    encoded = train_chooser(path, pipeline.nlp, log=lambda _: None, encoder=True)
    assert encoded.features == ENCODED_LOCATION_FEATURES and len(encoded.folds) == 5
    assert len(encoded.meta["encoder_mean"]) == 3 * ENCODER_WIDTH
    assert np.any(encoded.weights[-3 * ENCODER_WIDTH:] != 0)  # it weighs the encoder
    doc = pipeline.nlp("Gunmen attacked a checkpoint in Maiduguri on Sunday.")
    trigger = next(t for t in doc if t.text == "attacked")
    reading = pipeline.coder.read([verb_candidate(trigger, doc.text)])[0]
    # with a reading, the encoded chooser decides
    place = locate_event(trigger, geoparse(doc), [], choosers=PlaceChoosers(
        never_here(event_place_chooser()), encoded), vectors=reading.vectors)
    assert place is not None and place.text == "Maiduguri"


def never_here(model: Ranker) -> Ranker:
    """``model`` with its "none of them" option weighted beyond any place."""
    weights = model.weights.copy()
    weights[model.features.index("none")] = 1e6
    return Ranker(weights, model.meta, (), model.features)


def test_events_the_coder_reads_are_placed_by_the_encoded_chooser(pipeline):
    from tidings.geo.locate import PlaceChoosers, event_place_chooser, event_place_encoder_chooser
    from tidings.model import Article

    text = "Gunmen attacked a market in Kano on Friday, killing six people."
    doc = pipeline.nlp(text)
    plain, encoded = event_place_chooser(), event_place_encoder_chooser()
    assert encoded is not None  # shipped

    def located(choosers: PlaceChoosers) -> list[str | None]:
        events = pipeline.events_from_doc(doc, Article(text=text), choosers)
        return [e.location.text if e.location_basis == "text" else None for e in events]

    assert "Kano" in located(PlaceChoosers(plain, encoded))
    # the encoded chooser decides where the coder read the event; the plain one, before it
    assert "Kano" not in located(PlaceChoosers(plain, never_here(encoded)))
    assert "Kano" in located(PlaceChoosers(never_here(plain), encoded))


def test_eval_places_each_gold_sentence_with_the_chooser_fold_that_left_it_out():
    from tidings.evaluate import honest_choosers
    from tidings.geo.locate import event_place_chooser, event_place_encoder_chooser

    texts = [f"Sentence {i}: gunmen attacked Kano." for i in range(10)]
    choosers, setting = honest_choosers("event_location_dev", texts)
    plain, encoded = event_place_chooser(), event_place_encoder_chooser()
    assert setting == "5-fold cross-validated (grouped by sentence)"
    assert all(c.plain is plain.fold(fold_of(t)) and c.encoded is encoded.fold(fold_of(t))
               for c, t in zip(choosers, texts, strict=True))


# Our own sentences whose place names the NER leaves untagged or calls organisations.
UNTAGGED = [
    ("Fargo plans to give residents routes out of town, the mayor said.", "Fargo"),
    ("A 22-year-old Winona man was found behind a Winona residence Sunday morning.",
     "Winona"),
]


def test_the_toponym_promoter_learns_from_untagged_names_with_folds(lexicon_pipeline,
                                                                    tmp_path):
    from tidings.training.toponym_promoter import start_weights as promoter_start
    from tidings.training.toponym_promoter import train_promoter

    gaz = Gazetteer.load()
    rows = []
    for copy in range(4):
        for text, name in UNTAGGED:
            text = f"Item {copy + 1}. {text}"
            place = gaz.lookup(name, fuzzy=False)[0]
            rows.append({"text": text, "toponyms": [
                {"start": i, "end": i + len(name), "lat": place.lat, "lon": place.lon}
                for i in range(len(text)) if text.startswith(name, i)]})
    path = tmp_path / "lgl.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    promoter = train_promoter(path, lexicon_pipeline.nlp, log=lambda _: None)
    assert len(promoter.folds) == 5 and promoter.meta["trained_on"] == ["lgl"]
    assert promoter.meta["examples"] >= len(rows)  # every untagged name is an example
    assert promoter.meta["examples"] == promoter.meta["cross_validated"]["names"]
    # every example is a place: the fit raises the bias of admitting one
    bias = list(promoter.features).index("bias")
    assert promoter.weights[bias] > promoter_start()[bias]
    # the encoder's mean over the names, and how far its reading moves their scores
    assert len(promoter.meta["encoder_mean"]) == 384 and promoter.meta["encoder_reach"] > 0


def test_a_gold_toponym_without_coordinates_teaches_the_promoter_a_place(lexicon_pipeline,
                                                                          tmp_path):
    """lgl gives streets and sites no coordinates (626 of its 5,088 toponyms); they are
    toponyms all the same, which the promoter had learnt as no place."""
    from tidings.training.geo_ranker import read_articles
    from tidings.training.toponym_promoter import examples

    text = "Police closed Kelley Lane after the crash, the mayor said."
    start = text.index("Kelley Lane")
    path = tmp_path / "lgl.jsonl"
    path.write_text(json.dumps({"text": text, "toponyms": [
        {"start": start, "end": start + len("Kelley Lane"), "lat": None, "lon": None}]}) + "\n",
        encoding="utf-8")
    [article] = read_articles(path, lexicon_pipeline.nlp, log=lambda _: None)
    [street] = examples(article, Ranker.load())
    assert street.right.tolist() == [False, True]


def test_eval_reads_each_article_with_the_promoter_fold_that_left_it_out():
    from tidings.evaluate import honest_promoters
    from tidings.geo.resolve import toponym_promoter

    texts = [f"Article {i} about Fargo." for i in range(10)]
    promoters, setting = honest_promoters("lgl", texts)
    shipped = toponym_promoter()
    assert setting.startswith("5-fold")
    assert all(p is shipped.fold(fold_of(t)) for p, t in zip(promoters, texts, strict=True))


def test_the_promoter_reads_a_name_with_the_encoders_vector_of_it(lexicon_pipeline):
    """An untagged name is a place or not by the encoder's reading of it: a promoter that
    weighs nothing else turns on the sign of its encoder weights."""
    from tidings.geo.ranker import ENCODER_WIDTH, PROMOTION_FEATURES
    from tidings.geo.resolve import (
        _promote,
        country_votes,
        geoparse,
        kept,
        name_vectors,
        read_mentions,
        settled,
        toponym_promoter,
    )

    doc = lexicon_pipeline.nlp(UNTAGGED[0][0])
    mentions, support = read_mentions(doc)
    votes = country_votes(doc, mentions)
    asked = [m for m in mentions
             if kept(m) and not settled(m) and not _promote(m, votes, support)]
    assert [m.name for m in asked] == ["Fargo"]
    [vector] = name_vectors(doc, asked)
    centred = vector - np.array(toponym_promoter().meta["encoder_mean"])
    weights = np.zeros(len(PROMOTION_FEATURES))
    for sign, found in ((1.0, ["Fargo"]), (-1.0, [])):
        weights[-ENCODER_WIDTH:] = sign * centred
        promoter = Ranker(weights, {}, (), PROMOTION_FEATURES)
        assert [p.text for p in geoparse(doc, promoter=promoter)] == found


def test_the_encoder_reads_a_name_in_the_words_near_it(lexicon_pipeline):
    """What lies far from a name in its sentence does not change how the promoter reads it
    (and costs the encoder time): the vector of "Fargo" is the same with a long tail."""
    from tidings.geo.resolve import name_vectors, read_mentions

    vectors = []
    for tail in ("", " after a meeting of the county board, the sheriff's office and the "
                     "state's emergency managers that ran late into the night"):
        doc = lexicon_pipeline.nlp("Fargo plans to give residents routes out of town before "
                                   f"the river crests next week{tail}.")
        mentions, _ = read_mentions(doc)
        [vector] = name_vectors(doc, [m for m in mentions if m.name == "Fargo"])
        vectors.append(vector)
    assert np.allclose(*vectors)
