"""The scorers on small hand-made gold/prediction pairs: each figure is worked out by hand."""

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from tidings import evaluate as ev
from tidings.cluster import haversine_km
from tidings.model import PLOVER_TYPES, Actor, Event, Place, Sentence, TextSpan

REFERENCE = ev.resolve_data_dir() / "reference" / "CAMEO2PLOVER-2021.txt"


def actor(country: str | None, sector: str | None = None, start: int = 0, end: int = 1,
          code: str | None = None) -> Actor:
    return Actor(text="x", start=start, end=end, name="x", country=country, sector=sector,
                 code=code or (country or "") + (sector or ""))


def place(start: int, end: int, lat: float | None = None, lon: float | None = None) -> Place:
    return Place(text="p", start=start, end=end, name="p", lat=lat, lon=lon, country=None,
                 admin1=None, geonameid=None, feature=None, precision="city")


def event(kind: str, start: int = 0, end: int = 1, actors=(), recipients=(), cameo=None,
          location=None, confidence: float = 0.5, basis: str = "text") -> Event:
    return Event(article_id="a", event_type=kind, trigger=TextSpan("t", start, end),
                 sentence=Sentence(0, 0, 100, "s"), actor=list(actors),
                 recipient=list(recipients), cameo=cameo, location=location,
                 location_basis=basis if location else None, confidence=confidence)


def coding(code: str, source: str, target: str) -> dict:
    return {"eventcode": code, "sourcecode": source, "targetcode": target}


def test_prf_arithmetic():
    assert ev.prf(2, 4, 5) == pytest.approx({"precision": 0.5, "recall": 0.4, "f1": 4 / 9})
    assert ev.prf(0, 0, 3) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert ev.ratio(1, 0) is None


def test_match_spans_is_one_to_one_and_needs_real_overlap():
    assert ev.match_spans([(0, 5)], [(0, 2), (3, 5)]) == [(0, 0)]
    assert ev.match_spans([(0, 5), (1, 4)], [(0, 5)]) == [(0, 0)]
    assert ev.match_spans([(0, 5), (6, 9)], [(5, 6), (8, 12)]) == [(1, 1)]


@pytest.fixture
def cameo_table(tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "c2p.txt"
    path.write_text("# header: not a code\n19: ASSAULT\n190: ASSAULT, , military # force\n"
                    "08: CONCEDE\n081: CONCEDE,   ,   legal # ease\n08: RETREAT\n"
                    "084: RETREAT,   ,  # Return, release\n163: COERCE, restrict, x # embargo\n"
                    "04: CONSULT\n")
    return ev.load_cameo2plover(path)


def test_cameo_longest_prefix(cameo_table):
    assert ev.cameo_to_plover("1951", cameo_table) == "ASSAULT"  # falls back to root 19
    assert ev.cameo_to_plover("0841", cameo_table) == "RETREAT"  # 084 beats 08
    assert ev.cameo_to_plover("08", cameo_table) == "CONCEDE"  # first root line wins
    assert ev.cameo_to_plover("163", cameo_table) == "COERCE"
    assert ev.cameo_to_plover("010", cameo_table) is None  # PLOVER dropped CAMEO 01/02


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared reference data not present")
def test_real_reference_table_parses():
    table = ev.load_cameo2plover(REFERENCE)
    assert set(table.values()) == set(PLOVER_TYPES)
    assert ev.cameo_to_plover("0874", table) == "RETREAT"
    assert ev.cameo_to_plover("020", table) is None


def test_actor_agreement_by_country_then_sector():
    assert ev.actor_agreement("USAGOV", [actor("USA", "GOV")]) == (True, True)
    assert ev.actor_agreement("USAGOV", [actor("USA", "MIL")]) == (True, False)
    assert ev.actor_agreement("USAGOV", [actor("USA")]) == (True, True)  # one side has no sector
    assert ev.actor_agreement("RUS", [actor("UKR"), actor("RUS", "MIL")]) == (True, True)
    assert ev.actor_agreement("IGOUNO", [actor(None, code="IGOUNO")]) == (True, True)
    assert ev.actor_agreement("---REB", [actor("SYR", "REB")]) is None
    assert ev.actor_agreement("CHN", []) == (False, False)


def test_petr2_scores_types_no_event_sentences_and_actors(cameo_table):
    rows = [
        {"text": "a", "codings": [coding("190", "USAGOV", "IRQ"), coding("04", "USA", "CHN")]},
        {"text": "b", "codings": [{"noevents": "True"}]},
        {"text": "c", "codings": [coding("010", "USA", "RUS")]},
        {"text": "d", "codings": [coding("081", "---GOV", "BRA")]},
    ]
    preds = [
        [event("ASSAULT", actors=[actor("USA", "GOV")], recipients=[actor("IRQ")]),
         event("CONSULT", actors=[actor("RUS")], recipients=[actor("CHN")]),
         event("ACCUSE")],
        [event("PROTEST")],
        [],
        [],
    ]
    r = ev.score_petr2(rows, preds, cameo_table)
    f = r.figures
    assert (f["precision"], f["recall"]) == pytest.approx((2 / 4, 2 / 3))
    assert f["no_event_sentences"] == 2 and f["no_event_fp_rate"] == 0.5
    assert f["unmapped_gold_01_02"] == 1
    assert f["actor_country_acc"] == 0.5 and f["recipient_country_acc"] == 1.0
    assert {e.kind for e in r.errors} == {"spurious", "missed", "wrong actor"}
    assert {t["type"]: t["tp"] for t in r.tables["per type"]}["ASSAULT"] == 1


def test_petr2_pairs_each_gold_coding_with_its_best_event(cameo_table):
    rows = [{"text": "a", "codings": [coding("190", "ISR", "PSE"), coding("190", "PSE", "ISR")]}]
    preds = [[event("ASSAULT", actors=[actor("PSE")], recipients=[actor("ISR")]),
              event("ASSAULT", actors=[actor("ISR")], recipients=[actor("PSE")])]]
    f = ev.score_petr2(rows, preds, cameo_table).figures
    assert f["f1"] == 1.0 and f["actor_country_acc"] == 1.0 and f["recipient_country_acc"] == 1.0


def test_penta_classes_from_cameo_root_or_plover_type():
    assert [ev.cameo_penta(c) for c in ("0211", "057", "08", "13", "190", "xx")] == [
        0, 1, 2, 3, 4, None]
    assert set(ev.PLOVER_PENTA) == set(PLOVER_TYPES)
    assert ev.penta_class(event("ASSAULT")) == 4
    assert ev.penta_class(event("REQUEST", cameo="020")) == 0  # own code wins over the type


def test_conflibert_class_from_most_confident_event_and_actor_spans():
    text = "Rebels shelled the village."
    rows = [{"text": text, "penta": 4, "spans": [["S", "Rebels"], ["T", "the village"]]},
            {"text": "Leaders met.", "penta": 1},
            {"text": "He said so.", "penta": 0}]
    preds = [[event("ACCUSE", confidence=0.3),
              event("ASSAULT", confidence=0.9, actors=[actor("SYR", start=0, end=6)])],
             [event("CONSULT")],
             []]
    r = ev.score_conflibert(rows, preds)
    f = r.figures
    assert f["accuracy"] == pytest.approx(2 / 3) and f["accuracy_1_4"] == 1.0
    assert f["no_event_rate"] == pytest.approx(1 / 3)
    assert f["macro_f1"] == pytest.approx(2 / 5)  # classes 1 and 4 perfect, the rest 0
    assert (f["S_span_f1"], f["T_span_recall"]) == (1.0, 0.0)
    assert r.tables["confusion"][0]["none"] == 1
    assert [e.kind for e in r.errors] == ["no event"]


def test_conflibert_scores_cameo_16_also_as_labelled():
    rows = [{"text": "Washington suspended aid.", "penta": 3}]
    r = ev.score_conflibert(rows, [[event("SANCTION", cameo="162")]])
    assert r.figures["accuracy"] == 0.0 and r.figures["accuracy_16_verbal"] == 1.0
    assert r.tables["per class"][4]["ours"] == 1  # the stated ranges: material conflict


def test_case2021_recall_and_false_events():
    rows = [{"text": "t", "label": label} for label in (
        "ARMED_CLASH", "ARMED_CLASH", "PEACE_PROTEST", "NATURAL_DISASTER", "MAN_MADE_DISASTER",
        "OTHER")]
    preds = [[event("ASSAULT")], [event("PROTEST")], [], [event("ASSAULT")], [],
             [event("ASSAULT")]]
    r = ev.score_case2021(rows, preds)
    f = r.figures
    assert f["political_rows"] == 3 and f["recall"] == pytest.approx(1 / 3)
    assert f["macro_recall"] == pytest.approx(0.25)
    assert f["no_event_rate"] == pytest.approx(1 / 3)
    assert f["false_event_rate"] == 0.5
    assert sorted(e.kind for e in r.errors) == [  # the found ASSAULT has no ACLED sub-event
        "false event", "missed", "wrong ACLED sub-event", "wrong type"]


def test_case2021_acled_accuracy():
    def typed(sub_event):
        found = event("ASSAULT")
        found.acled_sub_event_type = sub_event
        found.acled_event_type = ev.ACLED_EVENT_TYPE[sub_event]
        return found

    rows = [{"text": "t", "label": label} for label in (
        "AIR_STRIKE", "AIR_STRIKE", "ARMED_CLASH", "ATTACK", "DIPLO")]
    preds = [[typed("Armed clash"), typed("Air/drone strike")],  # any event may carry it
             [typed("Shelling/artillery/missile attack")],  # right event type only
             [typed("Attack")],  # wrong type, wrong sub-event
             [],
             [event("CONSULT")]]  # not an ACLED label: not counted
    r = ev.score_case2021(rows, preds)
    f = r.figures
    assert f["acled_rows"] == 4
    assert f["acled_sub_event_accuracy"] == 0.25 and f["acled_event_type_accuracy"] == 0.5
    per_label = {row["label"]: row["acled_sub_event"] for row in r.tables["per label"]}
    assert per_label == {"AIR_STRIKE": 0.5, "ARMED_CLASH": 0.0, "ATTACK": 0.0, "DIPLO": None}
    assert sorted(e.kind for e in r.errors) == ["missed", "wrong ACLED sub-event",
                                                "wrong ACLED sub-event"]


def test_case2021_acled_table_names_only_acled_sub_events():
    assert set(ev.CASE_ACLED.values()) <= set(ev.ACLED_EVENT_TYPE)
    assert set(ev.CASE_ACLED) <= set(ev.CASE_PLOVER)


def test_case2021_table_names_only_plover_types():
    assert {t for types in ev.CASE_PLOVER.values() for t in types or ()} <= set(PLOVER_TYPES)


def test_event_location_overlap_and_coverage():
    def row(with_location: bool = True) -> dict:
        spans = [{"label": "VERB", "start": 7, "end": 15}]
        if with_location:
            spans.append({"label": "LOCATION", "start": 16, "end": 22})
        return {"text": "Rebels attacked Aleppo on Monday.", "spans": spans}

    lost = row(with_location=False)
    lost["spans"].append({"label": "LOCATION", "start": 5, "end": 6})  # "s": a lost offset
    rows = [row(), row(), row(), row(with_location=False), lost]
    preds = [[event("ASSAULT", 7, 15, location=place(16, 22))],
             [event("ASSAULT", 0, 6, location=place(16, 22))],  # not at the gold verb
             [event("ASSAULT", 7, 15, location=place(26, 32))],
             [event("ASSAULT", 8, 12)],
             [event("ASSAULT", 8, 12, location=place(16, 22))]]
    r = ev.score_event_location(rows, preds)
    f = r.figures
    assert f["coverage"] == 0.8 and f["accuracy"] == pytest.approx(2 / 3)
    assert (f["rows_with_loc"], f["rows_loc_lost"]) == (3, 1)
    assert f["loc_accuracy"] == 0.5 and f["loc_recall"] == pytest.approx(1 / 3)
    assert f["no_loc_accuracy"] == 1.0
    assert sorted(e.kind for e in r.errors) == ["no event at verb", "wrong place"]


def test_event_location_scores_only_the_place_the_text_gives():
    rows = [{"text": "Rebels attacked Aleppo on Monday.",
             "spans": [{"label": "VERB", "start": 7, "end": 15},
                       {"label": "LOCATION", "start": 16, "end": 22}]},
            {"text": "Rebels attacked on Monday, in Syria.",
             "spans": [{"label": "VERB", "start": 7, "end": 15}]}]
    guess = place(16, 22)
    preds = [[event("ASSAULT", 7, 15, location=guess, basis="sentence")],
             [event("ASSAULT", 7, 15, location=place(30, 35), basis="article")]]
    f = ev.score_event_location(rows, preds).figures
    assert f["loc_accuracy"] == 0.0 and f["loc_accuracy_with_fallback"] == 1.0
    assert f["no_loc_accuracy"] == 1.0


def test_event_location_scores_the_locator_at_every_gold_verb():
    def row(with_location: bool) -> dict:
        spans = [{"label": "VERB", "start": 7, "end": 15}]
        if with_location:
            spans.append({"label": "LOCATION", "start": 16, "end": 22})
        return {"text": "Rebels attacked Aleppo on Monday.", "spans": spans}

    rows = [row(True), row(True), row(False), row(False)]
    preds = [[event("ASSAULT", 7, 15, location=place(16, 22))], [], [], []]
    # the event's own location counts where there is one: the first row's locator answer
    # is ignored; the others come from the locator alone
    located = [None, place(26, 32), None, place(16, 22)]
    offered = [True, False, False, True]  # the second row's gold place was never found
    r = ev.score_event_location(rows, preds, located, offered)
    f = r.figures
    assert f["coverage"] == 0.25 and f["loc_accuracy"] == 1.0
    assert f["verb_accuracy"] == 0.5
    assert (f["verb_loc_accuracy"], f["verb_no_loc_accuracy"]) == (0.5, 0.5)
    assert f["verb_loc_offered"] == 0.5  # of the rows with a gold location
    assert sorted(e.kind for e in r.errors) == [
        "extra place", "no event at verb", "no event at verb", "no event at verb", "wrong place"]
    assert "verb_accuracy" not in ev.score_event_location(rows, preds).figures


def test_the_gold_places_the_geoparse_offers_are_found_with_the_real_pipeline(pipeline):
    text = "Rebels attacked Aleppo on Monday near the Kweiris gate."
    rows = [{"text": text, "spans": [{"label": "VERB", "start": 7, "end": 15},
                                     {"label": "LOCATION", "start": start, "end": end}]}
            for start, end in ((16, 22), (42, 49))]  # Aleppo; "Kweiris", no place we know
    preds, located, offered = ev.locate_gold_verbs(pipeline, rows,
                                                   [ev.to_article(r) for r in rows])
    assert offered == [True, False]
    assert [p.text for p in located] == ["Aleppo", "Aleppo"]  # the locator at each gold verb
    assert preds[0][0].location.text == "Aleppo"


def test_lost_gold_offsets_are_recognised():
    assert [ev.lost_span(t) for t in ("", " ", "e", "r fr", "US", "Gaza", "al-Rai")] == [
        True, True, True, True, False, False, False]


def test_haversine_and_accuracy_at_161():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.195, abs=0.01)
    assert haversine_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(343.5, abs=1)
    f = ev.distance_figures([10, 100, 1000, 161])
    assert f["acc@161km"] == 0.75 and f["median_km"] == 130.5 and f["mean_km"] == 317.75


def test_auc_of_log_error_curve():
    assert ev.auc_log_error([0, 0, 0]) == 0.0
    assert ev.auc_log_error([ev.MAX_ERROR_KM - 1] * 3) == pytest.approx(1.0)
    # two points, ln(e - 1 + 1) = 1: trapezoid of 0 and 1 is 0.5, over one step
    assert ev.auc_log_error([2.718281828 - 1, 0]) == pytest.approx(0.5 / ev.math.log(20039))
    assert ev.auc_log_error([]) is None


def test_lgl_recognition_and_resolution():
    text = "Fire in Alexandria and Pineville, Louisiana."
    gold = [{"name": "Alexandria", "start": 8, "end": 18, "lat": 31.31, "lon": -92.45},
            {"name": "Pineville", "start": 23, "end": 32, "lat": 31.32, "lon": -92.43},
            {"name": "Louisiana", "start": 34, "end": 43, "lat": None, "lon": None}]
    ours = [place(8, 18, 31.31, -92.45), place(23, 32, 36.76, -83.69), place(0, 4, 1.0, 1.0)]
    r = ev.score_lgl([{"text": text, "toponyms": gold}], [ours])
    f = r.figures
    assert (f["precision"], f["recall"]) == pytest.approx((2 / 3, 2 / 3))
    assert f["resolved"] == 2 and f["acc@161km"] == 0.5
    assert f["mean_km"] == pytest.approx(haversine_km(31.32, -92.43, 36.76, -83.69) / 2)
    assert sorted(e.kind for e in r.errors) == ["far", "missed toponym", "spurious toponym"]


def test_unresolved_toponym_counts_as_worst_error():
    gold = [{"name": "Nowhere", "start": 0, "end": 7, "lat": 10.0, "lon": 10.0}]
    r = ev.score_lgl([{"text": "Nowhere.", "toponyms": gold}], [[place(0, 7)]])
    assert r.figures["mean_km"] == ev.MAX_ERROR_KM and r.figures["unresolved"] == 1


def test_markdown_rendering():
    assert ev.markdown_table([{"a": 0.5, "b": None, "c": "x|y"}]) == (
        "| a | b | c |\n|---|---|---|\n| 0.500 | – | x\\|y |")
    result = ev.score_case2021([{"text": "t", "label": "ARREST"}], [[event("COERCE")]])
    text = ev.format_table({"case2021_task2_even": ev.asdict(result)})
    assert "### case2021_task2_even (1 rows)" in text and "| ARREST | COERCE | 1 | 1.000" in text


def test_to_article_and_data_dir(monkeypatch, tmp_path):
    article = ev.to_article({"text": "x", "id": 5, "date": "20080804"})
    assert (article.id, article.date) == ("5", date(2008, 8, 4))
    assert ev.to_article({"text": "x", "date": "121108"}).date is None  # ambiguous: left out
    monkeypatch.setenv("TIDINGS_DATA", str(tmp_path))
    assert ev.resolve_data_dir() == tmp_path
    assert ev.resolve_data_dir(Path("/elsewhere")) == Path("/elsewhere")


def test_cli_rejects_unknown_dataset(capsys):
    assert ev.run_cli("nonesuch", None, 0, None, None) == 2
    assert "choose from" in capsys.readouterr().err


def test_worst_errors_interleave_kinds():
    errors = [ev.Error("far", "t", "g", "o", cost) for cost in (5, 9, 7)]
    errors.append(ev.Error("missed", "t", "g", "o", 1))
    assert [(e.kind, e.cost) for e in ev.worst_first(errors)] == [
        ("far", 9), ("missed", 1), ("far", 7), ("far", 5)]


def test_main_event_prefers_what_the_sentence_asserts():
    wished = event("ASSAULT", 0, 1, confidence=0.9)
    wished.flags.hypothetical = True
    threat = event("THREATEN", 2, 3, confidence=0.6)
    assert ev.main_event([wished, threat]) is threat
    assert ev.main_event([wished]) is wished


def test_dyads_count_the_records_a_dyadic_coder_makes():
    parties = [actor("USA"), actor("RUS"), actor("CHE")]
    assert ev.dyads(event("CONSULT", actors=parties)) == 6  # "X, Y and Z met"
    # "X met Y and Z": the same meeting, whichever side the parties stand on
    assert ev.dyads(event("CONSULT", actors=parties[:1], recipients=parties[1:])) == 6
    assert ev.dyads(event("ASSAULT", actors=parties[:2], recipients=parties[2:])) == 2
    assert ev.dyads(event("PROTEST")) == 1
    rows = [{"text": "t", "codings": [coding("040", "USA", "RUS"), coding("040", "RUS", "USA")]}]
    f = ev.score_petr2(rows, [[event("CONSULT", actors=parties[:2])]], {"04": "CONSULT"}).figures
    assert (f["recall"], f["dyad_recall"]) == (0.5, 1.0)


def test_petr2_scores_asserted_events_and_reports_all_events_apart(cameo_table):
    rows = [{"text": "a", "codings": [coding("190", "USA", "IRQ")]}]
    denied = event("ASSAULT", 0, 1)
    denied.flags.denied = True
    f = ev.score_petr2(rows, [[denied, event("ACCUSE", 2, 3)]], cameo_table).figures
    assert (f["precision"], f["recall"]) == (0.0, 0.0)
    assert f["f1_all_events"] == pytest.approx(2 * 0.5 * 1.0 / 1.5)


def test_recasing_keeps_every_offset():
    text = "Straße in İstanbul: Kurdish fighters (YPG) attacked."
    lower, upper = ev.recased(text, "lower"), ev.recased(text, "upper")
    assert len(lower) == len(upper) == len(text)
    assert lower[text.index("Kurdish"):][:7] == "kurdish" and "YPG" in upper
    assert upper.startswith("STRAß") and "İstanbul" in lower  # letters that would widen stay


def test_the_parties_of_a_mutual_act_are_scored_as_its_first_party_towards_the_others():
    # "India and Pakistan agreed to a ceasefire": PLOVER lists both as actors, plv marks
    # Pakistan as the target
    text = "India and Pakistan agreed to a ceasefire."
    india, pakistan = actor("IND", "GOV", 0, 5), actor("PAK", "GOV", 10, 18)
    marked = [("S", "India"), ("T", "Pakistan")]
    for kind, target_found in (("AGREE", 1), ("PROTEST", 0)):
        counts: Counter = Counter()
        ev.count_roles(counts, text, marked, event(kind, actors=[india, pakistan]))
        assert (counts["S", "matched"], counts["T", "matched"]) == (1, target_found)
