"""Geocoding: a gazetteer of place names and toponym resolution in parsed text."""

from tidings.geo.gazetteer import Candidate, Gazetteer, normalise
from tidings.geo.resolve import geoparse, locate_event

__all__ = ["Candidate", "Gazetteer", "geoparse", "locate_event", "normalise"]
