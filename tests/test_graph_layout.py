"""The actor network's force layout: deterministic, readable, and shaped by the edges."""

import math

from tidings.graph_layout import force_layout


def _distance(at: dict, a: str, b: str) -> float:
    return math.dist(at[a], at[b])


def test_layout_is_deterministic_bounded_and_spread():
    nodes = [f"N{i:02d}" for i in range(30)]
    edges = [(nodes[i], nodes[(i * 7 + 3) % 30], 1 + i % 5) for i in range(30)]
    at = force_layout(nodes, edges)
    assert at == force_layout(nodes, edges)
    assert set(at) == set(nodes)
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in at.values())
    closest = min(_distance(at, a, b) for i, a in enumerate(nodes) for b in nodes[i + 1:])
    assert closest > 0.2  # no two actors drawn on top of each other


def test_linked_actors_are_drawn_together():
    # two groups of four, each fully linked, with one weak tie between them
    left, right = ["A1", "A2", "A3", "A4"], ["B1", "B2", "B3", "B4"]
    edges = [(a, b, 5) for group in (left, right) for a in group for b in group if a < b]
    at = force_layout(left + right, [*edges, ("A1", "B1", 1)])
    within = max(_distance(at, a, b) for group in (left, right) for a in group for b in group)
    across = min(_distance(at, a, b) for a in left for b in right)
    assert within < across


def test_degenerate_graphs():
    assert force_layout([], []) == {}
    assert force_layout(["ONE"], []) == {"ONE": (0.0, 0.0)}
