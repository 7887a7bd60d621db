"""How the event coder and the trigger lexicon decide together: the thresholds of
:func:`tidings.events.coder.judge`. A module of its own, free of the models, so that the
worker pools can take a policy without loading them in the parent process."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    """How the coder and the lexicon decide together. Each threshold is a probability the
    coder must reach to act; None turns that action off. The defaults are the shipped
    policy, settled by ablations (docs/event-types.md, ``benchmarks/ablations.py``)."""

    add: float | None = 0.5  # a candidate the lexicon has no event for becomes one
    vouch: float | None = 0.5  # ... even where the parse finds it no coded doer
    retype: float | None = 0.5  # the coder's type replaces the lexicon's
    # ... in what the sentence does not report only from this: an aside (a clause of its own
    # inside the sentence: "a day after security forces shot dead four demonstrators"), a
    # participle describing a noun ("rebels backed by Rwanda"), an act under another event's
    # trigger ("accused Eritrea of massing troops"); the type head learned from the main
    # events of sentences and reads their type into the rest (a march's PROTEST, at 0.51)
    aside_retype: float = 0.8
    veto: float | None = 0.9  # a lexicon event the coder reads as no event is dropped
    acled: float | None = None  # the coder's ACLED sub-event type replaces the rules'
    weigh: bool = True  # an event's confidence is the parse's times the coder's probability
    roles: str = "both"  # who settles source and target: rules, model or both (roles.py)
    # A candidate read as no PLOVER event but as a statement or appeal (penta class 0) at
    # this probability is recorded as a STATEMENT; off by default, as PLOVER drops them
    statements: float | None = None


SHIPPED_POLICY = Policy()
# The bar of ``--statements``: at 0.5 and 0.7 ConfliBERT's macro-F1 was within 0.003 of it,
# and CASE's disaster snippets got 0.44 and 0.29 false events against its 0.19
# (docs/event-types.md).
STATEMENT_POLICY = Policy(statements=0.9)


def policy_for(statements: bool) -> Policy:
    """The shipped policy, or with ``statements`` that of ``--statements``."""
    return STATEMENT_POLICY if statements else SHIPPED_POLICY
