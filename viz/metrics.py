"""Network analyses of the membership graph: overlap, centrality, communities, ego."""

from __future__ import annotations

import networkx as nx

from viz.project import organisation_overlap, state_comembership

__all__ = ["EXACT_BETWEENNESS_LIMIT", "centrality", "communities", "ego", "overlap"]


def overlap(G: nx.MultiDiGraph[str]) -> list[tuple[str, str, int]]:
    """Pairs of organisations with the number of members they share.

    Returns:
        ``(organisation, organisation, shared)`` sorted by shared members, then names.

    Examples:
        >>> from viz.project import Membership, membership_graph
        >>> e = Membership.of
        >>> overlap(
        ...     membership_graph([e("a", "X"), e("a", "Y"), e("b", "Y"), e("b", "X")])
        ... )
        [('X', 'Y', 2)]
    """
    P = organisation_overlap(G)
    pairs = [(min(u, v), max(u, v), int(a["weight"])) for u, v, a in P.edges(data=True)]
    return sorted(pairs, key=lambda t: (-t[2], t[0], t[1]))


#: Above this nodes x edges, betweenness is estimated from a sample of sources.
EXACT_BETWEENNESS_LIMIT = 5_000_000


def centrality(G: nx.MultiDiGraph[str], seed: int = 0) -> dict[str, dict[str, float]]:
    """Degree, betweenness and eigenvector centrality of the undirected graph.

    Args:
        G: The membership graph.
        seed: Seed for the source sample when betweenness is estimated
            (when nodes x edges exceeds ``EXACT_BETWEENNESS_LIMIT``).

    Returns:
        For each node, its three centralities.

    Examples:
        >>> from viz.project import Membership, membership_graph
        >>> e = Membership.of
        >>> c = centrality(membership_graph([e("a", "X"), e("b", "X"), e("b", "Y")]))
        >>> c["b"]["betweenness"] > c["a"]["betweenness"]
        True
    """
    U = nx.Graph(G.to_undirected())
    if U.number_of_nodes() == 0:
        return {}
    degree = nx.degree_centrality(U)
    work = U.number_of_nodes() * U.number_of_edges()
    k = None if work <= EXACT_BETWEENNESS_LIMIT else min(U.number_of_nodes(), 200)
    betweenness = nx.betweenness_centrality(U, k=k, seed=seed)
    # Eigenvector centrality is defined per connected component.
    eigen: dict[str, float] = dict.fromkeys(U, 0.0)
    for component in nx.connected_components(U):
        if len(component) > 2:
            eigen.update(nx.eigenvector_centrality_numpy(U.subgraph(component)))
    return {
        n: {
            "degree": degree[n],
            "betweenness": betweenness[n],
            "eigenvector": float(eigen[n]),
        }
        for n in sorted(U)
    }


def communities(G: nx.MultiDiGraph[str], seed: int = 0) -> list[list[str]]:
    """Communities of members that belong to the same organisations (Louvain).

    Args:
        G: The membership graph.
        seed: Random seed, for reproducible results.

    Returns:
        Communities as sorted member lists, largest first.
    """
    P = state_comembership(G)
    if P.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(P, weight="weight", seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))


def ego(G: nx.MultiDiGraph[str], node: str, radius: int = 1) -> nx.MultiDiGraph[str]:
    """The subgraph within ``radius`` hops of ``node``, ignoring edge direction.

    Raises:
        KeyError: ``node`` is not in the graph.
    """
    if node not in G:
        raise KeyError(node)
    sub = nx.ego_graph(G, node, radius=radius, undirected=True)
    return nx.MultiDiGraph(sub)
