"""Shared fixtures: the real pipeline, loaded once for the whole test session."""

import pytest


@pytest.fixture(scope="session")
def pipeline():
    from tidings.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def lexicon_pipeline():
    """The pipeline without the event coder: what the trigger lexicon and the rules decide,
    which the lexicon's own tests pin down (the coder has tests of its own)."""
    from tidings.pipeline import Pipeline

    return Pipeline(policy=None)


@pytest.fixture(scope="session")
def statement_pipeline():
    """The pipeline of ``--statements``: it also records the statements PLOVER drops."""
    from tidings.events.policy import STATEMENT_POLICY
    from tidings.pipeline import Pipeline

    return Pipeline(STATEMENT_POLICY)
