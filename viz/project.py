"""RDF to NetworkX: the membership network on a date and its projections."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import networkx as nx
import scipy.sparse as sp

from graph_builder.query.spans import MEMBER_ROLES, Membership, Span

__all__ = [
    "MEMBER_ROLES",
    "incidence",
    "membership_graph",
    "organisation_overlap",
    "span_graph",
    "state_comembership",
]


def span_graph(items: Iterable[Span]) -> nx.MultiDiGraph[str]:
    """Every membership over time: ``membership_graph`` with dated edges.

    Edges carry ``start`` and ``end`` (ISO dates, ``""`` when unbounded) besides
    ``role``, ``status`` and ``sources``; the graph on one day is the edges
    with ``start <= day < end``.

    Examples:
        >>> e = Membership.of("s", "o")
        >>> G = span_graph([Span(e, date(2000, 1, 1), None)])
        >>> [(d["start"], d["end"]) for _, _, d in G.edges(data=True)]
        [('2000-01-01', '')]
    """
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph(as_of="")
    for item in items:
        e = item.edge
        G.add_node(e.org, label=e.org_label, kind=e.org_kind)
        if e.member not in G or G.nodes[e.member].get("kind") in (None, "Agent"):
            G.add_node(e.member, label=e.member_label, kind=e.member_kind)
        start = item.start.isoformat() if item.start else ""
        end = item.end.isoformat() if item.end else ""
        G.add_edge(
            e.member,
            e.org,
            key=f"{e.role}|{e.status}|{start}|{end}",
            role=e.role,
            status=e.status,
            sources="; ".join(e.sources),
            start=start,
            end=end,
        )
    return G


def membership_graph(
    edges: Iterable[Membership], as_of: date | None = None
) -> nx.MultiDiGraph[str]:
    """The bipartite membership network: member -> organisation, one edge per role.

    Nodes carry ``label`` and ``kind`` (``State``, ``RegionalOrganisation``,
    ...); edges carry ``role``, ``status`` and ``sources`` (``; ``-joined).

    Examples:
        >>> e = Membership.of("s", "o", member_label="State S", org_label="Org")
        >>> G = membership_graph([e])
        >>> G.nodes["s"]["kind"], G["s"]["o"]["RoleMember"]["status"]
        ('State', 'StatusActive')
    """
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph(as_of=as_of.isoformat() if as_of else "")
    for e in edges:
        G.add_node(e.org, label=e.org_label, kind=e.org_kind)
        if e.member not in G or G.nodes[e.member].get("kind") in (None, "Agent"):
            G.add_node(e.member, label=e.member_label, kind=e.member_kind)
        G.add_edge(
            e.member,
            e.org,
            key=e.role,
            role=e.role,
            status=e.status,
            sources="; ".join(e.sources),
        )
    return G


def incidence(G: nx.MultiDiGraph[str]) -> tuple[list[str], list[str], sp.csr_array]:
    """Member-by-organisation 0/1 incidence matrix of the membership roles.

    Returns:
        Members (rows), organisations (columns) and the sparse matrix.
    """
    pairs = {(u, v) for u, v, a in G.edges(data=True) if a.get("role") in MEMBER_ROLES}
    members = sorted({u for u, _ in pairs})
    orgs = sorted({v for _, v in pairs})
    row = {m: i for i, m in enumerate(members)}
    col = {o: j for j, o in enumerate(orgs)}
    data = [1] * len(pairs)
    rows = [row[u] for u, _ in sorted(pairs)]
    cols = [col[v] for _, v in sorted(pairs)]
    matrix = sp.csr_array(
        (data, (rows, cols)), shape=(len(members), len(orgs)), dtype="int64"
    )
    return members, orgs, matrix


def _projection(
    G: nx.MultiDiGraph[str], names: list[str], product: sp.csr_array
) -> nx.Graph[str]:
    P: nx.Graph[str] = nx.Graph()
    for name in names:
        P.add_node(name, **G.nodes[name])
    coo = sp.triu(product, k=1).tocoo()
    for i, j, w in zip(coo.row, coo.col, coo.data, strict=True):
        if w:
            P.add_edge(names[i], names[j], weight=int(w))
    return P


def organisation_overlap(G: nx.MultiDiGraph[str]) -> nx.Graph[str]:
    """Organisations linked by the number of members they share (``B.T @ B``).

    Examples:
        >>> e = Membership.of
        >>> P = organisation_overlap(
        ...     membership_graph([e("a", "X"), e("a", "Y"), e("b", "Y")])
        ... )
        >>> P["X"]["Y"]["weight"]
        1
    """
    _, orgs, B = incidence(G)
    return _projection(G, orgs, (B.T @ B).tocsr())


def state_comembership(G: nx.MultiDiGraph[str]) -> nx.Graph[str]:
    """Members linked by the number of organisations they share (``B @ B.T``)."""
    members, _, B = incidence(G)
    return _projection(G, members, (B @ B.T).tocsr())
