"""tidings: news about politics and armed conflict in, coded PLOVER event records out."""

__version__ = "0.1.0"
