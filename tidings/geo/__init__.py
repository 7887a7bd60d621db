"""Geocoding: a gazetteer of place names and toponym resolution in parsed text."""

from tidings.geo.gazetteer import Candidate, Gazetteer, normalise
from tidings.geo.resolve import article_place, geoparse, locate_event, sentence_place

__all__ = ["Candidate", "Gazetteer", "article_place", "geoparse", "locate_event", "normalise",
           "sentence_place"]
