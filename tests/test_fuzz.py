"""Property-based fuzzing (Hypothesis) of what takes outside input: the readers, the
pipeline, and the API. A bounded budget runs with the tests; ``TIDINGS_FUZZ_EXAMPLES``
raises it for a longer run (docs/RELIABILITY.md).

The properties: readers turn any bytes into articles or named problems, never an
exception; the pipeline turns any text into events whose every offset points at the text
it quotes; the API answers any JSON body to /extract with a 200 or a 4xx, never a 500.
"""

import os

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newsroom import running

from tidings.api import create_app
from tidings.ingest import read_inputs
from tidings.model import Article

BUDGET = settings(max_examples=int(os.environ.get("TIDINGS_FUZZ_EXAMPLES", "25")),
                  deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.function_scoped_fixture,
                                         HealthCheck.too_slow])

# News-like text: words of news, names, numbers and dates, punctuation, odd characters
NEWS_WORDS = st.sampled_from([
    "Rebels", "attacked", "the", "army", "near", "Idlib", "on", "Saturday", ",", ".",
    "killing", "12", "soldiers", "Russia", "denied", "talks", "in", "Geneva", "protesters",
    "were", "arrested", "1944", "9437", "\n", "\n\n", "«", "»", "—", "'", '"', "said",
    "last", "September", "Kharkiv", "shelled", "UN", "Hamas", "ISIS", "US", "us",
])
NEWS = st.lists(st.one_of(NEWS_WORDS, st.text(min_size=1, max_size=12)),
                max_size=120).map(" ".join)
JSON = st.recursive(st.none() | st.booleans() | st.integers()
                    | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


@BUDGET
@given(content=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".jsonl", ".html"]))
def test_readers_turn_any_bytes_into_articles_or_named_problems(tmp_path, content, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(content)
    for item in read_inputs([str(path)]):
        assert isinstance(item, Article) or str(item)


@BUDGET
@given(text=NEWS)
def test_every_offset_of_every_event_points_at_the_text_it_quotes(pipeline, text):
    if not text.strip():
        return
    for event in pipeline.extract(Article(text=text, id="fuzz")):
        quoted = [event.trigger, event.sentence, *event.actor, *event.recipient]
        quoted += [span for span in (event.location, event.date_span) if span]
        for span in quoted:
            assert text[span.start:span.end] == span.text


@pytest.fixture(scope="module")
def api(pipeline, tmp_path_factory):
    app = create_app(tmp_path_factory.mktemp("fuzz") / "events.duckdb", pipeline=pipeline)
    with running(app) as url, httpx.Client(base_url=url, timeout=120) as client:
        yield client


@BUDGET
@given(body=JSON | st.fixed_dictionaries({"text": NEWS}, optional={
    "date": st.text(max_size=12), "id": JSON, "url": JSON, "title": JSON}))
def test_the_api_never_answers_a_500(api, body):
    assert api.post("/extract", json=body).status_code < 500
