"""A small deterministic force-directed layout for the dashboard's actor network.

Computed on the server (numpy, some 40 ms for the default 30 actors) rather than
by a JavaScript graph library, so the dashboard needs nothing from a CDN and the same
filters always give the same picture: a link shared between analysts shows the same graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

ITERATIONS = 300
SEPARATION_ROUNDS = 100


def force_layout(nodes: Sequence[str], edges: Iterable[tuple[str, str, float]]
                 ) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold positions in [-1, 1]², one per node, from weighted edges
    (either direction counts; weights are log-damped so one heavy pair does not collapse
    into a point). Starts from a sunflower spiral in the given order, so the first nodes
    (the most active actors) start in the middle and no two start together; a weak pull to
    the centre keeps unconnected actors in view."""
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    weight = np.zeros((n, n))
    for source, target, w in edges:
        i, j = index[source], index[target]
        if i != j:
            weight[i, j] += w
            weight[j, i] += w
    weight = np.log1p(weight)

    rank = np.arange(n)
    angle = rank * np.pi * (3 - np.sqrt(5))
    radius = np.sqrt((rank + 0.5) / n)
    pos = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    ideal = np.sqrt(1 / n)  # the ideal distance: n nodes share the unit disc
    for step in range(ITERATIONS):
        delta = pos[:, None, :] - pos[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=-1), 1e-3)
        # repulsion ideal²/d and attraction w·d²/ideal, along the unit vector delta/d
        scale = ideal**2 / distance**2 - weight * distance / ideal
        np.fill_diagonal(scale, 0)
        force = (scale[:, :, None] * delta).sum(axis=1) - 0.1 * pos
        length = np.maximum(np.linalg.norm(force, axis=1, keepdims=True), 1e-9)
        temperature = 0.1 * (1 - step / ITERATIONS) + 0.002
        pos += force / length * np.minimum(length, temperature)

    pos -= pos.mean(axis=0)
    span = np.abs(pos).max(axis=0)
    pos /= np.where(span > 0, span, 1)
    _separate(pos, gap=min(0.25, 1.4 / np.sqrt(n)))
    return {node: (round(float(x), 4), round(float(y), 4))
            for node, (x, y) in zip(nodes, pos, strict=True)}


def _separate(pos: np.ndarray, gap: float) -> None:
    """Push apart, in place, nodes closer than ``gap`` (tightly linked actors end up on top
    of each other: the largest markers are about 0.2 wide in [-1, 1] on the dashboard),
    staying in bounds."""
    for _ in range(SEPARATION_ROUNDS):
        delta = pos[:, None, :] - pos[None, :, :]
        distance = np.linalg.norm(delta, axis=-1)
        np.fill_diagonal(distance, gap)  # a node does not push itself
        if distance.min() >= gap * 0.99:
            return
        push = np.maximum(gap - distance, 0) / 2 / np.maximum(distance, 1e-9)
        pos += (push[:, :, None] * delta).sum(axis=1)
        np.clip(pos, -1, 1, out=pos)
