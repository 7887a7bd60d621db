"""Exports from a real store, through the real `export` command."""

import csv
import io
import json

import duckdb
import pytest
from newsroom import ingest_reports
from typer.testing import CliRunner

from tidings.commands_store import main
from tidings.export import ACLED_COLUMNS
from tidings.store import EventFilter, Store


@pytest.fixture(scope="module")
def db(pipeline, tmp_path_factory):
    return ingest_reports(pipeline, tmp_path_factory.mktemp("export") / "events.duckdb")


def export(db, *args: str) -> str:
    result = CliRunner().invoke(main, ["export", "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _events(db) -> int:
    with Store(db, read_only=True) as store:
        return store.counts()["events"]


def test_jsonl_is_one_record_per_event(db):
    records = [json.loads(line) for line in export(db, "-f", "jsonl").splitlines()]
    assert len(records) == _events(db)
    assert all(r["cluster_id"] and r["trigger"]["text"] for r in records)
    protests = export(db, "-f", "jsonl", "--type", "PROTEST").splitlines()
    assert [json.loads(line)["article_id"] for line in protests] == ["nairobi-1"]


def test_csv_is_flat_and_filtered(db, tmp_path):
    rows = list(csv.DictReader(io.StringIO(export(db, "-f", "csv"))))
    assert len(rows) == _events(db)
    target = tmp_path / "ukraine.csv"
    export(db, "-f", "csv", "--country", "UKR", "-o", str(target))
    ukraine = list(csv.DictReader(target.open(encoding="utf-8")))
    assert {r["article_id"] for r in ukraine} == {"kharkiv-1", "kharkiv-2"}
    assert {r["actor_codes"] for r in ukraine} == {"RUSMIL", "RUSGOV"}
    assert {r["acled_sub_event_type"] for r in ukraine} == {"Shelling/artillery/missile attack"}
    pair = csv.DictReader(io.StringIO(export(db, "-f", "csv", "--actor", "MLI", "--party", "NER")))
    assert {r["article_id"] for r in pair} == {"niamey-1"}  # the ministers of both met
    typed = {who: list(csv.DictReader(io.StringIO(export(db, "-f", "csv", "--typed-by", who))))
             for who in ("lexicon", "model", "both")}
    assert sum(map(len, typed.values())) == len(rows) and typed["both"]
    assert all({r["typed_by"] for r in found} <= {who} for who, found in typed.items())


def test_acled_type_filter(db):
    with Store(db, read_only=True) as store:
        protests = list(store.records(EventFilter(acled_event_type=["Protests"])))
    assert {r["article_id"] for r in protests} == {"nairobi-1", "dakar-1"}
    assert {r["acled_event_type"] for r in protests} == {"Protests"}


def test_acled_rows_are_clusters_with_acled_columns(db):
    text = export(db, "-f", "acled")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(text.splitlines()[0].split(",")) == ACLED_COLUMNS
    with Store(db, read_only=True) as store:
        clusters = store.cursor().execute(
            "SELECT count(DISTINCT cluster_id) FROM events WHERE acled_event_type IS NOT NULL "
            "AND NOT (negated OR hypothetical OR future)").fetchone()[0]
    assert len(rows) == clusters
    menaka = [r for r in rows if r["location"] == "Ménaka"]
    assert len(menaka) == 1  # three reports, one event
    row = menaka[0]
    assert row["source"] == "Bamako Daily; Sahel Monitor; Wire One"
    assert (row["country"], row["iso"], row["geo_precision"]) == ("Mali", "466", "1")
    assert row["event_type"] == "Battles" and row["disorder_type"] == "Political violence"
    assert {row["actor1"], row["actor2"]} >= {"Military Forces of Mali"}
    assert row["fatalities"] == "4" and row["event_id_cnty"].startswith("MLI")
    kharkiv = {r["sub_event_type"] for r in rows if r["location"] == "Kharkiv"}
    assert kharkiv == {"Shelling/artillery/missile attack"}
    dakar = next(r for r in rows if r["location"] == "Dakar")  # protesters arrested
    assert (dakar["disorder_type"], dakar["event_type"], dakar["sub_event_type"]) == (
        "Demonstrations", "Protests", "Protest with intervention")
    assert not any("did not attack" in r["notes"] for r in rows)  # negated: not an event
    assert not any("met in Niamey" in r["notes"] for r in rows)  # talks: ACLED codes none


# The columns of ACLED's data as its codebook lists them, in its order.
ACLED_CODEBOOK = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)


def test_acled_rows_fill_the_codebook_columns_users_filter_on(db):
    assert ACLED_COLUMNS == ACLED_CODEBOOK
    rows = list(csv.DictReader(io.StringIO(export(db, "-f", "acled"))))
    assert all(r["source"] and r["region"] and r["timestamp"].isdigit() for r in rows)
    assert all(not r["admin1"].isdigit() for r in rows)
    menaka = next(r for r in rows if r["location"] == "Ménaka")
    assert (menaka["region"], menaka["admin1"]) == ("Western Africa", "Ménaka")
    kharkiv = next(r for r in rows if r["location"] == "Kharkiv")
    assert kharkiv["region"] == "Europe" and kharkiv["actor1"]


def test_acled_admin1_is_the_divisions_name(pipeline, tmp_path):
    from datetime import date

    from tidings.export import _admin1
    from tidings.model import Article

    path = tmp_path / "shenzhen.duckdb"
    with Store(path) as store:
        store.ingest(pipeline, [Article(
            text="Police arrested dozens of protesters in Shenzhen on Monday.",
            id="shenzhen", date=date(2024, 5, 14), outlet="South Daily")])
    rows = list(csv.DictReader(io.StringIO(export(path, "-f", "acled"))))
    assert [(r["location"], r["admin1"], r["region"]) for r in rows] == [
        ("Shenzhen", "Guangdong", "East Asia")]
    # a store written before the gazetteer named every division: its codes named on export
    assert _admin1({"country": "CHN", "admin1": "30"}) == "Guangdong"
    assert _admin1({"country": "PER", "admin1": "LMA"}) == "Lima Province"
    assert _admin1({"country": "VNM", "admin1": "48"}) == ""  # renumbered: no safe name


def test_acled_actor1_is_unidentified_where_no_report_names_who_acted(pipeline, tmp_path):
    from datetime import date

    from tidings.model import Article

    texts = {"menaka": "Five villagers were killed in an attack near Menaka on Monday.",
             "nairobi": "A protest was held in Nairobi on Tuesday against the tax bill."}
    path = tmp_path / "unnamed.duckdb"
    with Store(path) as store:
        store.ingest(pipeline, [Article(text=text, id=key, date=date(2024, 5, 14),
                                        outlet="Wire One") for key, text in texts.items()])
    rows = {r["location"]: r for r in csv.DictReader(io.StringIO(export(path, "-f", "acled")))}
    menaka, nairobi = rows["Ménaka"], rows["Nairobi"]
    assert (menaka["event_type"], menaka["actor1"], menaka["inter1"]) == (
        "Violence against civilians", "Unidentified Armed Group (Mali)", "3")
    assert menaka["actor2"] and menaka["interaction"] == "37"  # villagers: civilians
    assert (nairobi["event_type"], nairobi["actor1"], nairobi["inter1"]) == (
        "Protests", "Protesters (Kenya)", "6")


def test_kosovo_is_a_country_though_iso_3166_has_no_code_for_it(pipeline, tmp_path):
    from datetime import date

    from tidings.model import Article

    path = tmp_path / "kosovo.duckdb"
    with Store(path) as store:
        store.ingest(pipeline, [Article(
            text="Kosovo police arrested three men near Mitrovica on Monday.", id="k",
            date=date(2024, 5, 14), outlet="Wire One")])
    (row,) = csv.DictReader(io.StringIO(export(path, "-f", "acled")))
    assert (row["country"], row["actor1"]) == ("Kosovo", "Police Forces of Kosovo")


def test_acled_rows_leave_history_out_unless_asked(pipeline, tmp_path):
    from datetime import date

    from tidings.model import Article

    text = ("Russian forces shelled Kharkiv on Sunday, killing three civilians, Ukrainian "
            "officials said. The city was besieged by German troops in 1941, when thousands "
            "were killed.")
    path = tmp_path / "history.duckdb"
    with Store(path) as store:
        store.ingest(pipeline, [Article(text=text, id="kharkiv", date=date(2024, 5, 14),
                                        url="https://news.example/k")])
    now = list(csv.DictReader(io.StringIO(export(path, "-f", "acled"))))
    assert [r["year"] for r in now] == ["2024"] and now[0]["source"] == "news.example"
    every = list(csv.DictReader(io.StringIO(export(path, "-f", "acled",
                                                   "--include-historical"))))
    # the siege and the killings told of it, both of 1941
    assert sorted(r["year"] for r in every) == ["1941", "1941", "2024"]


def test_geojson_is_a_valid_feature_collection(db):
    collection = json.loads(export(db, "-f", "geojson"))
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert features
    for feature in features:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        lon, lat = feature["geometry"]["coordinates"]
        assert feature["geometry"]["type"] == "Point"
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    kharkiv = next(f for f in features if f["properties"]["location"] == "Kharkiv")
    assert kharkiv["geometry"]["coordinates"] == pytest.approx([36.25, 49.98], abs=0.05)


def test_parquet_needs_a_file_and_reads_back(db, tmp_path):
    result = CliRunner().invoke(main, ["export", "--db", str(db), "-f", "parquet"])
    assert result.exit_code == 2
    target = tmp_path / "events.parquet"
    export(db, "-f", "parquet", "-o", str(target), "--type", "ASSAULT")
    assert target.read_bytes()[:4] == b"PAR1"
    con = duckdb.connect()
    rows = con.execute("SELECT event_type, count(*), min(lat) FROM read_parquet(?) GROUP BY 1",
                       [str(target)]).fetchall()
    assert rows[0][0] == "ASSAULT" and rows[0][1] >= 6 and rows[0][2] is not None
    columns = {c[0] for c in con.execute("DESCRIBE SELECT * FROM read_parquet(?)",
                                         [str(target)]).fetchall()}
    assert {"event_id", "cluster_id", "date", "lat", "lon", "outlet", "sentence"} <= columns


def test_acled_interaction_codes_count_courts_and_parliaments_as_the_state():
    from tidings.export import _inter

    court = {"sector": "JUD", "country": "KEN"}
    assert _inter(court, "Protests", "KEN") == 1 and _inter(court, "Protests", "UGA") == 8
    assert _inter({"sector": "HLH", "country": "KEN"}, "Battles", "KEN") == 7
    # a former president is a civilian, not a militia
    assert _inter({"sector": "ELI", "country": "USA"}, "Violence against civilians", "USA") == 7


def test_an_inferred_actor_is_flagged_in_record_store_and_flat_table(pipeline, tmp_path):
    from datetime import date

    from tidings.model import Article

    text = "The Ansar Brigade militants attacked the town of Saraqeb in Idlib on Monday."
    path = tmp_path / "inferred.duckdb"
    with Store(path) as store:
        store.ingest(pipeline, [Article(text=text, id="saraqeb", date=date(2019, 5, 8))])
        entities = store.cursor().execute(
            "SELECT role, name, code, inferred FROM entities ORDER BY role").fetchall()
    [actor, (role, town, code, inferred)] = entities
    assert actor == ("actor", "Ansar Brigade", "SYRREB", True)
    # a town the geoparser resolved stands for its country: no guess, no sector
    assert (role, town, code, inferred) == ("recipient", "Saraqib", "SYR", False)
    [record] = [json.loads(line) for line in export(path, "-f", "jsonl").splitlines()]
    assert [(a["name"], a["inferred"]) for a in record["actor"]] == [("Ansar Brigade", True)]
    [row] = csv.DictReader(io.StringIO(export(path, "-f", "csv")))
    assert (row["actor_inferred"], row["recipient_inferred"]) == ("True", "False")


def test_a_country_from_the_articles_focus_is_flagged_in_record_store_and_flat_table(
        pipeline, tmp_path):
    from datetime import date

    from tidings.model import Article

    text = ("Malian troops clashed with jihadist fighters near the town of Menaka on Tuesday, "
            "the army said.")
    path = tmp_path / "focus.duckdb"
    with Store(path) as store:
        store.ingest(pipeline, [Article(text=text, id="menaka", date=date(2024, 5, 15))])
        entities = store.cursor().execute(
            "SELECT role, code, country_from_focus FROM entities ORDER BY role").fetchall()
    # "Malian" names the troops' country; nothing names the fighters', but the article is Mali's
    assert entities == [("actor", "MLIMIL", False), ("recipient", "MLIREB", True)]
    [record] = [json.loads(line) for line in export(path, "-f", "jsonl").splitlines()]
    assert [a["country_from_focus"] for a in record["recipient"]] == [True]
    [row] = csv.DictReader(io.StringIO(export(path, "-f", "csv")))
    assert (row["actor_country_from_focus"], row["recipient_country_from_focus"]) == (
        "False", "True")
