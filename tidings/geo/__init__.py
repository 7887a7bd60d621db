"""Geocoding: a gazetteer of place names, toponym resolution in parsed text, and the
place of each event."""

from tidings.geo.gazetteer import Candidate, Gazetteer, normalise
from tidings.geo.locate import article_place, locate_event, sentence_place
from tidings.geo.resolve import LOCATIVE_PREPS, SITE_WORDS, geoparse

__all__ = ["LOCATIVE_PREPS", "SITE_WORDS", "Candidate", "Gazetteer", "article_place", "geoparse",
           "locate_event", "normalise", "sentence_place"]
