"""Where the explorer draws each node, and which community colours it.

The layout is computed once per build on the server (or once per offline
file), never in the page: igraph's Fruchterman-Reingold in C takes 0.2 s for
2,300 nodes and 45,000 links and 1.7 s for 20,000 nodes (networkx's
ForceAtlas2 took 22 s for the first). A few outlying nodes (a component of
two, an organisation with one member) would otherwise push the page's fit
into a corner, so the positions are contained first (``contain``).
"""

from __future__ import annotations

import json
import logging
import math
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import igraph as ig
import networkx as nx

from graph_builder.query.spans import Span
from viz.metrics import communities
from viz.project import MEMBER_ROLES, span_graph

__all__ = [
    "LAYOUT_NAME",
    "Layout",
    "contain",
    "layout_file",
    "node_communities",
    "node_layout",
    "positions",
    "read_layout",
]

log = logging.getLogger(__name__)

#: The file ``orgkg build`` writes beside the span table: the layout.
LAYOUT_NAME = "layout.json"
#: Node -> ``(x, y, community)``.
Layout = dict[str, tuple[float, float, int]]


def positions(G: nx.MultiDiGraph[str], seed: int = 0) -> dict[str, tuple[float, float]]:
    """Force-directed positions of every node, ignoring edge direction.

    Args:
        G: The membership graph (any graph whose nodes are strings).
        seed: Seed of the layout: the same graph and seed give the same positions.

    Returns:
        Node -> ``(x, y)``, contained (``contain``) and rounded to 0.1.

    Examples:
        >>> G = nx.MultiDiGraph([("a", "X"), ("b", "X"), ("c", "Y")])
        >>> sorted(positions(G)) == ["X", "Y", "a", "b", "c"]
        True
        >>> positions(G) == positions(G)
        True
    """
    nodes = sorted(G.nodes, key=str)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    pairs = {tuple(sorted((index[u], index[v]))) for u, v in G.edges() if u != v}
    g = ig.Graph(n=len(nodes), edges=sorted(pairs))
    # igraph draws from one process-wide generator: seed it for this call only.
    ig.set_random_number_generator(random.Random(seed))
    try:
        # The grid variant (repulsion from nearby nodes only) above 1,000 nodes.
        coords = g.layout_fruchterman_reingold(niter=500, grid=len(nodes) > 1000)
    finally:
        ig.set_random_number_generator(random)
    placed = {
        str(n): (float(x), float(y)) for n, (x, y) in zip(nodes, coords, strict=True)
    }
    return {
        n: (round(x * 100, 1), round(y * 100, 1))
        for n, (x, y) in contain(placed).items()
    }


def contain(
    points: Mapping[str, tuple[float, float]], quantile: float = 0.95, room: float = 1.2
) -> dict[str, tuple[float, float]]:
    """Pull outlying points in, so they do not squeeze the rest into a corner.

    A point farther from the median centre than ``room`` times the
    ``quantile`` distance of all points is moved, on the same bearing, to just
    beyond that radius (the farther it was, the farther it stays, on a log
    scale), so the order of distances is kept and every point stays visible.

    Examples:
        >>> pts = {str(i): (float(i % 10), float(i // 10)) for i in range(100)}
        >>> pts["far"] = (1e6, 0.0)
        >>> moved = contain(pts)
        >>> moved["far"][0] < 20
        True
        >>> moved["5"] == pts["5"]
        True
    """
    if len(points) < 3:
        return dict(points)
    xs = sorted(p[0] for p in points.values())
    ys = sorted(p[1] for p in points.values())
    cx, cy = xs[len(xs) // 2], ys[len(ys) // 2]
    dist = sorted(math.hypot(x - cx, y - cy) for x, y in points.values())
    radius = room * dist[min(len(dist) - 1, int(quantile * len(dist)))]
    if radius <= 0:
        return dict(points)
    out = {}
    for key, (x, y) in points.items():
        d = math.hypot(x - cx, y - cy)
        if d <= radius:
            out[key] = (x, y)
            continue
        scaled = radius * (1 + 0.05 * math.log1p((d - radius) / radius))
        out[key] = (cx + (x - cx) * scaled / d, cy + (y - cy) * scaled / d)
    return out


def node_communities(G: nx.MultiDiGraph[str], seed: int = 0) -> dict[str, int]:
    """The analysis' Louvain community of every node, as a rank (0: largest).

    Members get their community from ``viz.metrics.communities`` (members
    that share organisations); an organisation gets the community most of
    its members are in (the lowest rank on a tie). A node with neither is
    ``-1``.

    Examples:
        >>> from viz.project import Membership, membership_graph
        >>> e = Membership.of
        >>> G = membership_graph([e("a", "X"), e("b", "X"), e("c", "Y")])
        >>> node_communities(G)
        {'X': 0, 'Y': 1, 'a': 0, 'b': 0, 'c': 1}
    """
    rank = {m: i for i, group in enumerate(communities(G, seed)) for m in group}
    votes: dict[str, Counter[int]] = {}
    for u, v, attrs in G.edges(data=True):
        if attrs.get("role") in MEMBER_ROLES and u in rank:
            votes.setdefault(v, Counter())[rank[u]] += 1
    out = {}
    for node in sorted(G.nodes, key=str):
        if node in rank:
            out[node] = rank[node]
        elif node in votes:
            top = max(votes[node].values())
            out[node] = min(c for c, k in votes[node].items() if k == top)
        else:
            out[node] = -1
    return out


def node_layout(G: nx.MultiDiGraph[str], seed: int = 0) -> Layout:
    """Every node's position (``positions``) and community (``node_communities``).

    Examples:
        >>> from viz.project import Membership, membership_graph
        >>> G = membership_graph([Membership.of("a", "X"), Membership.of("b", "X")])
        >>> sorted((n, c) for n, (_, _, c) in node_layout(G).items())
        [('X', 0), ('a', 0), ('b', 0)]
    """
    pos = positions(G, seed)
    community = node_communities(G, seed)
    return {n: (x, y, community[n]) for n, (x, y) in pos.items()}


def layout_file(items: Sequence[Span]) -> bytes:
    """The layout of a build's span table as the file ``orgkg build`` writes.

    The build computes it once, so a server (and ``orgkg viz``) draws the
    network without laying it out again.
    """
    table = node_layout(span_graph(items))
    return json.dumps(table, separators=(",", ":"), sort_keys=True).encode()


def read_layout(path: Path) -> Layout | None:
    """The layout a build wrote, or ``None`` when there is none to trust.

    A missing or unreadable file is not an error: the caller lays the
    network out itself (a build from before layouts, or one whose layout
    could not be written).
    """
    try:
        raw = json.loads(path.read_bytes())
        return {str(k): (float(v[0]), float(v[1]), int(v[2])) for k, v in raw.items()}
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, IndexError, AttributeError) as exc:
        log.warning("%s: not a layout (%s); laying the network out again", path, exc)
        return None
