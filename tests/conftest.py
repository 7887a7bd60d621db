"""Shared fixtures: the real pipeline, loaded once for the whole test session."""

import pytest


@pytest.fixture(scope="session")
def pipeline():
    from tidings.pipeline import Pipeline

    return Pipeline()
