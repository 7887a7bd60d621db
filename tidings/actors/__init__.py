"""Actors: who did what to whom, coded as country + sector (SYR + REB = SYRREB)."""

from tidings.actors.coding import code_actor
from tidings.actors.lexicon import SECTORS, ActorLexicon

__all__ = ["SECTORS", "ActorLexicon", "code_actor"]
