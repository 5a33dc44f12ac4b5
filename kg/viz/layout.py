"""A precomputed, deterministic 2-D layout, so the page draws at once with physics off.

Force-directed (Fruchterman-Reingold) with numpy only: repulsion is exact between
nodes in neighbouring grid cells and approximated by cell centroids beyond, which
keeps a 5,000-node graph to a few seconds. Each connected component is laid out
on its own and the components are packed in rows, largest first, so isolated
papers sit neatly aside instead of cluttering the middle.

>>> import networkx as nx
>>> pos = spread_layout(nx.path_graph(3), seed=1)
>>> sorted(pos) == [0, 1, 2] and all(len(xy) == 2 for xy in pos.values())
True
>>> spread_layout(nx.path_graph(3), seed=1) == pos
True
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx
import numpy as np

__all__ = ["spread_layout"]

#: Below this many nodes the exact all-pairs repulsion is cheap enough.
_EXACT_LIMIT = 900


def spread_layout(
    graph: nx.Graph,
    *,
    seed: int = 0,
    scale: float = 60.0,
    iterations: int | None = None,
    weight: str | None = "layout_weight",
) -> dict[Hashable, tuple[float, float]]:
    """Positions ``{node: (x, y)}`` in pixels, ``scale`` pixels per unit of the force model.

    ``graph`` is read as undirected; an edge attribute ``weight`` (default 1)
    strengthens its pull. The result depends only on the graph, its node order
    and ``seed``.
    """
    und = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    rng = np.random.default_rng(seed)
    order = {node: i for i, node in enumerate(graph)}
    # leaves (one edge, to a node with more) are ringed around their anchor afterwards:
    # they are most nodes of a paper graph, and forces would only push them outwards
    leaves: dict[Hashable, list[Hashable]] = {}
    for node in graph:
        if und.degree(node) == 1:
            (anchor,) = (n for n in und[node] if n != node) or (node,)
            if anchor != node and und.degree(anchor) > 1:
                leaves.setdefault(anchor, []).append(node)
    placed = {leaf for group in leaves.values() for leaf in group}
    core = und.subgraph(n for n in graph if n not in placed)
    blocks: list[tuple[list[Hashable], np.ndarray]] = []
    for comp in sorted(
        nx.connected_components(core), key=lambda c: (-len(c), min(order[n] for n in c))
    ):
        nodes = sorted(comp, key=order.__getitem__)
        pos = _component_layout(core, nodes, rng, iterations, weight)
        blocks.append(_ring_leaves(nodes, pos, leaves))
    return _pack(blocks, scale)


def _ring_leaves(
    nodes: list[Hashable], pos: np.ndarray, leaves: dict[Hashable, list[Hashable]]
) -> tuple[list[Hashable], np.ndarray]:
    """Add each anchor's leaves around it: a fan facing away from the centre, or a full ring."""
    out_nodes, out_pos = list(nodes), [pos]
    centre = pos.mean(axis=0)
    for node, (x, y) in zip(nodes, pos, strict=True):
        ring = leaves.get(node)
        if not ring:
            continue
        k = len(ring)
        radius = 0.5 + 0.02 * k
        if len(nodes) == 1:
            angles = np.linspace(0.0, 2 * math.pi, k, endpoint=False) - math.pi / 2
        else:
            out = math.atan2(y - centre[1], x - centre[0])
            spread = min(2 * math.pi * (1 - 1 / (k + 1)), 0.6 + 0.4 * k)
            angles = out + np.linspace(-spread / 2, spread / 2, k)
        out_nodes += ring
        out_pos.append(np.stack([x + radius * np.cos(angles), y + radius * np.sin(angles)], axis=1))
    return out_nodes, np.concatenate(out_pos)


def _component_layout(
    graph: nx.Graph,
    nodes: list[Hashable],
    rng: np.random.Generator,
    iterations: int | None,
    weight: str | None,
) -> np.ndarray:
    """Layout of one connected component with unit ideal edge length."""
    n = len(nodes)
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[0.0, 0.0], [1.0, 0.0]])
    index = {node: i for i, node in enumerate(nodes)}
    src, dst, w = [], [], []
    for a, b, data in graph.subgraph(nodes).edges(data=True):
        if a != b:
            src.append(index[a])
            dst.append(index[b])
            w.append(float(data.get(weight, 1.0)) if weight else 1.0)
    src_a, dst_a, w_a = np.array(src), np.array(dst), np.array(w)
    degree = np.bincount(np.concatenate([src_a, dst_a]), minlength=n).astype(float)
    side = math.sqrt(n)
    pos = rng.uniform(-side / 2, side / 2, size=(n, 2))
    if iterations is None:
        iterations = 300 if n < 300 else 150 if n < 2000 else 100
    temp = side / 5
    cool = temp / (iterations + 1)
    grid = None
    for step in range(iterations):
        if n <= _EXACT_LIMIT:
            disp = _repulsion(pos)
        else:
            if step % 4 == 0:
                grid = _Grid(pos)
            disp = grid.repulsion(pos)
        delta = pos[src_a] - pos[dst_a]
        dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1e-6)
        pull = delta * (dist * w_a)[:, None]  # |F| = d² (FR attraction, k = 1)
        for axis in (0, 1):
            disp[:, axis] -= np.bincount(src_a, weights=pull[:, axis], minlength=n)
            disp[:, axis] += np.bincount(dst_a, weights=pull[:, axis], minlength=n)
        disp -= pos * (0.02 * (degree + 1))[:, None] / side  # gravity keeps hubs central
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-9)
        pos += disp * (np.minimum(length, temp) / length)[:, None]
        temp -= cool
    return pos - pos.mean(axis=0)


def _inverse_square(pos: np.ndarray, other: np.ndarray) -> np.ndarray:
    """``1 / d²`` between every row of ``pos`` and every row of ``other``."""
    d2 = (pos**2).sum(axis=1)[:, None] + (other**2).sum(axis=1)[None, :] - 2.0 * pos @ other.T
    return 1.0 / np.maximum(d2, 1e-4)


def _repulsion(pos: np.ndarray) -> np.ndarray:
    """Exact all-pairs repulsion ``1/d`` (k = 1): ``sum_j (p_i - p_j) / d_ij²``."""
    coef = _inverse_square(pos, pos)
    np.fill_diagonal(coef, 0.0)
    return pos * coef.sum(axis=1)[:, None] - coef @ pos


class _Grid:
    """Cells cut at quantiles of the positions, and the node pairs in neighbouring cells.

    Built every few iterations (positions move little in between); :meth:`repulsion`
    is exact for those pairs and, beyond, works cell to cell with centroids and masses.
    """

    def __init__(self, pos: np.ndarray, per_cell: int = 8) -> None:
        n = len(pos)
        g = max(4, int(math.sqrt(n / per_cell)))
        cuts = np.linspace(0.0, 1.0, g + 1)[1:-1]
        cxy = np.stack(
            [np.searchsorted(np.quantile(pos[:, a], cuts), pos[:, a]) for a in (0, 1)], axis=1
        )
        self.cell = cxy[:, 0] * g + cxy[:, 1]
        self.mass = np.bincount(self.cell, minlength=g * g).astype(float)
        self.filled = np.nonzero(self.mass)[0]
        fx, fy = self.filled // g, self.filled % g
        self.slot = np.searchsorted(self.filled, self.cell)  # node -> its row among filled cells
        self.near = (np.abs(fx[:, None] - fx[None, :]) <= 1) & (
            np.abs(fy[:, None] - fy[None, :]) <= 1
        )
        order = np.argsort(self.cell, kind="stable")
        starts = np.searchsorted(self.cell[order], np.arange(g * g), side="left")
        ends = np.searchsorted(self.cell[order], np.arange(g * g), side="right")
        lefts, rights = [], []
        for ox, oy in ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1)):  # each cell pair once
            nx_, ny_ = cxy[:, 0] + ox, cxy[:, 1] + oy
            ok = np.nonzero((nx_ >= 0) & (nx_ < g) & (ny_ >= 0) & (ny_ < g))[0]
            other = nx_[ok] * g + ny_[ok]
            counts = ends[other] - starts[other]
            total = int(counts.sum())
            offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
            left = np.repeat(ok, counts)
            right = order[np.repeat(starts[other], counts) + offsets]
            keep = left < right if (ox, oy) == (0, 0) else np.ones(total, dtype=bool)
            lefts.append(left[keep])
            rights.append(right[keep])
        self.left, self.right = np.concatenate(lefts), np.concatenate(rights)

    def repulsion(self, pos: np.ndarray) -> np.ndarray:
        n = len(pos)
        mass = self.mass[self.filled]
        cen = (
            np.stack(
                [np.bincount(self.cell, weights=pos[:, a])[self.filled] for a in (0, 1)], axis=1
            )
            / mass[:, None]
        )
        # far field, cell to cell: a node feels what its cell's centroid feels from the
        # cells that are not its neighbours (the field varies little across one cell)
        coef = _inverse_square(cen, cen) * mass[None, :]
        coef[self.near] = 0.0
        far = cen * coef.sum(axis=1)[:, None] - coef @ cen
        disp = far[self.slot]
        delta = pos[self.left] - pos[self.right]
        push = delta / np.maximum((delta**2).sum(axis=1), 1e-4)[:, None]
        for axis in (0, 1):
            disp[:, axis] += np.bincount(self.left, weights=push[:, axis], minlength=n)
            disp[:, axis] -= np.bincount(self.right, weights=push[:, axis], minlength=n)
        return disp


def _pack(
    blocks: list[tuple[list[Hashable], np.ndarray]], scale: float
) -> dict[Hashable, tuple[float, float]]:
    """Place component layouts in rows (largest first), one unit of margin apart."""
    out: dict[Hashable, tuple[float, float]] = {}
    if not blocks:
        return out
    sizes = [pos.max(axis=0) - pos.min(axis=0) + 1.0 for _, pos in blocks]
    area = sum(float(s[0] * s[1]) for s in sizes)
    row_width = max(float(sizes[0][0]), math.sqrt(area) * 1.3)
    x = y = row_height = 0.0
    for (nodes, pos), size in zip(blocks, sizes, strict=True):
        if x > 0 and x + size[0] > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        shifted = pos - pos.min(axis=0) + np.array([x + 0.5, y + 0.5])
        for node, (px, py) in zip(nodes, shifted, strict=True):
            out[node] = (round(float(px) * scale, 1), round(float(py) * scale, 1))
        x += float(size[0])
        row_height = max(row_height, float(size[1]))
    return out
