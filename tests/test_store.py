"""The DuckDB store: idempotent, transactional ingestion; incremental clustering; filters.

Real pipeline, real DuckDB files in tmp_path, and a real SIGKILL mid-ingest.
"""

import os
import signal
import subprocess
import sys
from dataclasses import replace
from datetime import date

import duckdb
import pytest
from newsroom import (
    cooperation_articles,
    ingest_reports,
    off_timeline_articles,
    reciprocal_articles,
    report_articles,
    wire_articles,
    write_jsonl,
)
from pydantic import ValidationError

from tidings.ingest import read_inputs
from tidings.model import Article
from tidings.store import CLUSTER_FACTS, EventFilter, Page, Store, auto_bin


@pytest.fixture(scope="module")
def reports_db(pipeline, tmp_path_factory):
    return ingest_reports(pipeline, tmp_path_factory.mktemp("store") / "reports.duckdb")


def _clusters(store: Store) -> dict[str, dict]:
    _, rows = store.clusters(EventFilter(), Page(limit=500))
    return {row["first_article_id"] + ":" + row["event_type"]: row for row in rows}


def _partition(store: Store) -> set[frozenset[str]]:
    return {frozenset(row["event_ids"]) for row in store.clusters(EventFilter(),
                                                                  Page(limit=500))[1]}


def test_reports_of_one_event_form_one_cluster(reports_db):
    with Store(reports_db, read_only=True) as store:
        clusters = _clusters(store)
    menaka = clusters["menaka-3:ASSAULT"]  # the earliest report (published 14 May)
    assert (menaka["n_articles"], menaka["n_sources"]) == (3, 3)
    assert menaka["outlets"] == ["Bamako Daily", "Sahel Monitor", "Wire One"]
    assert str(menaka["first_reported"]) == "2024-05-14"
    kharkiv = clusters["kharkiv-2:ASSAULT"]  # "Russia" and "Russian forces": one party
    assert (kharkiv["n_articles"], kharkiv["n_sources"]) == (2, 2)
    assert clusters["nairobi-1:PROTEST"]["n_articles"] == 1


def test_each_member_keeps_its_own_evidence(reports_db):
    with Store(reports_db, read_only=True) as store:
        menaka = _clusters(store)["menaka-3:ASSAULT"]
        members = [store.event(event_id) for event_id in menaka["event_ids"]]
    assert {m["article_id"] for m in members} == {"menaka-1", "menaka-2", "menaka-3"}
    for member in members:
        sentence = member["sentence"]["text"]
        trigger = member["trigger"]
        start = member["sentence"]["start"]
        assert sentence[trigger["start"] - start:trigger["end"] - start] == trigger["text"]


def test_negated_event_is_stored_flagged_but_not_clustered(reports_db):
    with Store(reports_db, read_only=True) as store:
        total, negated = store.events(EventFilter(flag=["negated"]), Page())
        assert total == 1 and negated[0]["article_id"] == "fasher-1"
        assert negated[0]["cluster_id"] == negated[0]["event_id"]
        hidden, _ = store.events(EventFilter(exclude_flag=["negated"]), Page())
        assert hidden == store.counts()["events"] - 1


def test_clustering_does_not_depend_on_arrival_order(pipeline, reports_db, tmp_path):
    with Store(tmp_path / "reversed.duckdb") as store:
        store.ingest(pipeline, reversed(report_articles()), batch_size=3)
        backwards = _partition(store)
    with Store(reports_db, read_only=True) as store:
        assert _partition(store) == backwards


def _cluster_table(store: Store) -> list[tuple]:
    return store.cursor().execute("SELECT * FROM clusters ORDER BY cluster_id").fetchall()


def _clusters_from_events(store: Store) -> list[tuple]:
    return store.cursor().execute(
        CLUSTER_FACTS.format(where="TRUE") + " ORDER BY cluster_id").fetchall()


def test_the_cluster_table_sums_up_its_events_batch_after_batch(pipeline, tmp_path):
    """Kept up per batch (one article each, so later reports join and bridge clusters
    stored earlier), it holds what the events themselves sum up to."""
    with Store(tmp_path / "one-by-one.duckdb") as store:
        store.ingest(pipeline, reversed(report_articles()), batch_size=1)
        table = _cluster_table(store)
        assert table == _clusters_from_events(store)
    assert any(row[5] >= 2 for row in table)  # n_articles: some clusters did gather


def test_a_store_made_when_clusters_was_a_view_gets_the_table(reports_db, tmp_path):
    old = tmp_path / "old.duckdb"
    old.write_bytes(reports_db.read_bytes())
    with duckdb.connect(str(old)) as con:
        con.execute("DROP TABLE clusters")
        con.execute("CREATE VIEW clusters AS " + CLUSTER_FACTS.format(where="TRUE"))
    with Store(old) as store:
        kind = store.cursor().execute("SELECT table_type FROM information_schema.tables "
                                      "WHERE table_name = 'clusters'").fetchone()[0]
        assert kind == "BASE TABLE" and _cluster_table(store) == _clusters_from_events(store)
        assert _clusters(store)["menaka-3:ASSAULT"]["n_articles"] == 3


def test_the_unfiltered_map_read_from_the_cluster_table_is_the_grouped_one(reports_db):
    with Store(reports_db, read_only=True) as store:
        quick = store.map_events(EventFilter())
        grouped = store.map_events(EventFilter(bbox="-180,-90,180,90"))  # every place
    assert quick["events"] == grouped["events"] and quick["located"] == grouped["located"]
    assert any(point["reports"] >= 2 for point in quick["events"])


def test_reingesting_changes_nothing(pipeline, reports_db, tmp_path):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(reports_db.read_bytes())
    articles = report_articles()
    same_url = replace(articles[0], id="other-id", text=articles[0].text + " More later.")
    same_text = replace(articles[1], id="", url=None)  # id derived from content
    with Store(copy) as store:
        before = store.counts()
        report = store.ingest(pipeline, [*articles, same_url, same_text])
        assert (report.stored, report.known) == (0, len(articles) + 2)
        assert store.counts() == before


def test_a_failing_batch_leaves_nothing_behind(pipeline, tmp_path):
    first, second = report_articles()[:2]
    with Store(tmp_path / "t.duckdb") as store:
        batch = [(first, pipeline.extract(first)), (second, pipeline.extract(second)),
                 (first, [])]  # the same article twice breaks the primary key
        with pytest.raises(duckdb.ConstraintException):
            store.add_batch(batch)
        assert set(store.counts().values()) == {0}


def test_filters_bind_values_and_reject_bad_ones(reports_db):
    with Store(reports_db, read_only=True) as store:
        total, rows = store.events(EventFilter(actor="MLI", country="mli"), Page(sort="date"))
        assert total >= 3 and all(r["location"]["country"] == "MLI" for r in rows)
        assert all("MLI" in {a["country"] for a in r["actor"]} for r in rows)
        total, _ = store.events(EventFilter(q="x'; DROP TABLE events; --"), Page())
        assert total == 0 and store.counts()["events"] > 0
        total, rows = store.events(EventFilter(bbox="30,45,40,55"), Page())
        assert total == 2 and {r["article_id"] for r in rows} == {"kharkiv-1", "kharkiv-2"}
    for bad in ({"actor": "MLI' OR 1=1"}, {"event_type": ["BOMB"]}, {"bbox": "0,0,200,1"},
                {"limit": 10}):
        with pytest.raises(ValidationError):
            EventFilter(**bad)
    with pytest.raises(ValidationError):
        Page(limit=100_000)


def test_network_and_stats(reports_db):
    with Store(reports_db, read_only=True) as store:
        network = store.network(EventFilter())
        top = store.network(EventFilter(), actors=2)
        stats = store.stats(EventFilter(event_type=["ASSAULT"]))["counts"]
    edges = {(e["source"], e["target"]): e for e in network["edges"]}
    assert edges[("MLIREB", "MLIMIL")]["dominant_type"] == "ASSAULT"
    assert edges[("MLIREB", "MLIMIL")]["quad"] == [0, 0, 0, edges[("MLIREB", "MLIMIL")]["count"]]
    events = [node["events"] for node in network["nodes"]]
    assert events == sorted(events, reverse=True)
    assert [node["code"] for node in top["nodes"]] == [n["code"] for n in network["nodes"][:2]]
    assert {e["source"] for e in top["edges"]} | {e["target"] for e in top["edges"]} <= {
        node["code"] for node in top["nodes"]}
    assert {row["event_type"] for row in stats} == {"ASSAULT"}
    assert sum(row["count"] for row in stats if row["country"] == "UKR") == 2


def test_network_counts_cooperation_and_conflict_by_quad_class(pipeline, tmp_path):
    with Store(tmp_path / "events.duckdb") as store:
        store.ingest(pipeline, report_articles()[:1] + cooperation_articles())
        edges = {(e["source"], e["target"]): e["quad"]
                 for e in store.network(EventFilter())["edges"]}
    assert edges == {("MLIMIL", "MLIREB"): [0, 0, 0, 1], ("RUSGOV", "MLIGOV"): [0, 1, 0, 0],
                     ("MLIGOV", "RUSMIL"): [1, 0, 0, 0]}


def test_statements_are_stored_filtered_and_linked_in_no_quad_class(statement_pipeline,
                                                                    tmp_path):
    said = [Article(text="Germany expressed concern over Turkey's decision to hold early "
                         "elections.", id="berlin", date=date(2024, 5, 13)),
            Article(text="Russian troops shelled Kharkiv on Monday.", id="kharkiv",
                    date=date(2024, 5, 13))]
    with Store(tmp_path / "events.duckdb") as store:
        store.ingest(statement_pipeline, said)
        _, statements = store.events(EventFilter(event_type=["STATEMENT"]), Page())
        edges = {(e["source"], e["target"]): e for e in store.network(EventFilter())["edges"]}
    assert [(e["article_id"], [a["code"] for a in e["actor"]]) for e in statements] == [
        ("berlin", ["DEUGOV"])]
    assert edges[("DEUGOV", "TURGOV")]["dominant_type"] == "STATEMENT"
    assert edges[("DEUGOV", "TURGOV")]["quad"] == [0, 0, 0, 0]


def test_network_links_the_parties_of_a_reciprocal_event_and_filters_the_pair(
        pipeline, tmp_path):
    with Store(tmp_path / "events.duckdb") as store:
        store.ingest(pipeline, reciprocal_articles() + cooperation_articles() + [Article(
            text="Putin and Erdogan met in Sochi on Monday.", id="sochi", date=date(2024, 5, 13))])
        edges = {(e["source"], e["target"], e["reciprocal"]): (e["count"], e["quad"])
                 for e in store.network(EventFilter())["edges"]}
        _, pair = store.events(EventFilter(actor="TCDGOV", party="NER"), Page())
        _, either_way = store.events(EventFilter(actor="RUS", party="MLI"), Page())
        directed, _ = store.events(EventFilter(actor="TCDGOV", recipient="NER"), Page())
    # the agreement links Chad and Niger; attacking a camp together is no event between them
    assert edges[("NERGOV", "TCDGOV", True)] == (1, [1, 0, 0, 0])
    assert ("MLIMIL", "NERMIL", True) not in edges
    assert edges[("RUSGOV", "TURGOV", True)] == (1, [1, 0, 0, 0])  # a venue for recipient
    assert edges[("RUSGOV", "MLIGOV", False)] == (1, [0, 1, 0, 0])
    assert [e["event_type"] for e in pair] == ["AGREE"] and directed == 0
    assert {e["event_type"] for e in either_way} == {"AID"}  # Russia as actor, Mali either side


def test_stats_count_apart_the_events_a_timeline_cannot_place(pipeline, tmp_path):
    with Store(tmp_path / "events.duckdb") as store:
        store.ingest(pipeline, report_articles()[:1] + off_timeline_articles())
        stats = store.stats(EventFilter())
        assert (stats["undated"], stats["out_of_range"]) == (1, 1)
        dates = {row["date"].isoformat() for row in stats["counts"]}
        assert dates == {"2024-05-14"}  # the Menaka clash only
        assaults = store.stats(EventFilter(event_type=["ASSAULT"]))
        assert (assaults["undated"], assaults["out_of_range"]) == (1, 0)


def test_stats_bins_sum_to_the_daily_counts(reports_db):
    with Store(reports_db, read_only=True) as store:
        daily = store.stats(EventFilter())
        assert daily["bin"] == "day"  # reports of one week: auto keeps days
        total = sum(row["count"] for row in daily["counts"])
        for bin in ("week", "month", "year"):
            binned = store.stats(EventFilter(), bin, per_country=False)
            assert binned["bin"] == bin and sum(r["count"] for r in binned["counts"]) == total
            assert all("country" not in row for row in binned["counts"])
        monthly = store.stats(EventFilter(), "month", per_country=False)["counts"]
        assert {row["date"].isoformat() for row in monthly} == {"2024-05-01"}


def test_auto_bins_keep_a_timeline_readable():
    assert [auto_bin(days) for days in (0, 120, 121, 1095, 1096, 4745, 4746)] == [
        "day", "day", "week", "week", "month", "month", "year"]


def _ingest_cli(db, source, batch_size: int = 4) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tidings.commands_store", "ingest", str(source), "--db", str(db),
         "--batch-size", str(batch_size)],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)


def _snapshot(db) -> tuple[dict, set]:
    with Store(db, read_only=True) as store:
        rows = store.cursor().execute("SELECT event_id, cluster_id FROM events").fetchall()
        return store.counts(), set(rows)


def test_killed_ingest_resumes_without_loss_or_duplicates(pipeline, tmp_path):
    source = write_jsonl(wire_articles(24), tmp_path / "wire.jsonl")
    with Store(tmp_path / "clean.duckdb") as store:
        store.ingest(pipeline, read_inputs([str(source)]), batch_size=4)
    clean = _snapshot(tmp_path / "clean.duckdb")
    assert clean[0]["articles"] == 24

    killed = tmp_path / "killed.duckdb"
    process = _ingest_cli(killed, source)
    for line in process.stderr:
        if "stored 4 article(s)" in line:  # one batch committed, the next under way
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    partial, _ = _snapshot(killed)
    assert 4 <= partial["articles"] < 24 and partial["articles"] % 4 == 0

    process = _ingest_cli(killed, source)
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 0, errors
    assert f"{partial['articles']} already stored" in errors
    assert _snapshot(killed) == clean


def test_events_the_coder_typed_can_be_kept_apart(pipeline, tmp_path):
    text = ("The junta gave power back to civilians in Niamey on Saturday. "
            "Police arrested twelve protesters near parliament.")
    with Store(tmp_path / "typed.duckdb") as store:
        store.ingest(pipeline, [Article(text=text, id="niamey", date=date(2025, 3, 17))])
        typed = {name: [r["event_type"] for r in store.records(EventFilter(typed_by=name))]
                 for name in ("model", "both", "lexicon")}
    # giving power back is PLOVER's YIELD, which the coder may read as either of its halves
    # (the lexicon has no row for it)
    assert typed["model"] in (["RETREAT"], ["CONCEDE"])
    assert (typed["both"], typed["lexicon"]) == (["COERCE"], [])
    with pytest.raises(ValidationError):
        EventFilter(typed_by="guess")


def test_a_store_made_before_typed_by_counts_its_events_as_the_lexicons(pipeline, tmp_path):
    path = tmp_path / "old.duckdb"
    ingest_reports(pipeline, path)
    with duckdb.connect(str(path)) as con:
        before = con.execute("SELECT count(*) FROM events").fetchone()[0]
        con.execute("DROP VIEW flat_events; ALTER TABLE events DROP COLUMN typed_by")
    with Store(path) as store:  # opened to write, as ingest opens it: the schema is updated
        assert len(list(store.records(EventFilter(typed_by="lexicon")))) == before > 0


def test_a_store_made_before_the_inferred_flag_gets_it_empty(pipeline, tmp_path):

    path = tmp_path / "old.duckdb"
    ingest_reports(pipeline, path)
    with duckdb.connect(str(path)) as con:
        con.execute("DROP VIEW flat_events; ALTER TABLE events DROP COLUMN actor_inferred; "
                    "ALTER TABLE events DROP COLUMN recipient_inferred; "
                    "ALTER TABLE entities DROP COLUMN inferred")
    with Store(path) as store:
        flags = store.cursor().execute(
            "SELECT DISTINCT actor_inferred FROM flat_events").fetchall()
        assert flags == [(None,)]  # not known: made before the flag
        store.ingest(pipeline, [Article(text="Ansar Brigade militants attacked Saraqeb.",
                                        id="new", date=date(2019, 5, 8))])
        assert store.cursor().execute("SELECT bool_or(inferred) FROM entities").fetchone() == (
            True,)


def test_an_article_the_store_refuses_costs_only_itself(pipeline, tmp_path):
    first, second, third = report_articles()[:3]
    extracted = [(a, pipeline.extract(a)) for a in (first, second, third)]
    poisoned = extracted[1][1][0]
    poisoned.counts.killed = 10**20  # over BIGINT: DuckDB refuses the row
    with Store(tmp_path / "t.duckdb") as store:
        refused = store.add_each(extracted)
        assert [(a.id, "could not be stored" in why) for a, why in refused] == [(second.id, True)]
        stored = {row[0] for row in store.cursor().execute(
            "SELECT article_id FROM articles").fetchall()}
        assert stored == {first.id, third.id}


def test_a_poison_article_is_skipped_recorded_and_rerun_goes_past_it(pipeline, tmp_path):
    good = report_articles()[:3]
    poison = replace(good[0], id="poison", text="Gunmen attacked a convoy on Sunday.",
                     url=None, date="2024-05-15")  # a caller's bug: the date is a string
    articles = [good[0], poison, good[1], good[2]]
    for run in range(2):
        rejected: list[str] = []
        with Store(tmp_path / "t.duckdb") as store:
            report = store.ingest(pipeline, articles, batch_size=2,
                                  on_reject=lambda a, _, seen=rejected: seen.append(a.id))
            reasons = store.cursor().execute("SELECT article_id, reason FROM rejected").fetchall()
        assert rejected == ["poison"] and report.rejected == 1
        assert (report.stored, report.known) == ((3, 0) if run == 0 else (0, 3))
        assert len(reasons) == run + 1 and all("could not be coded" in r for _, r in reasons)
