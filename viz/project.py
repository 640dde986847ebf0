"""RDF to NetworkX: the membership network on a date and its projections."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import networkx as nx
import pyoxigraph as ox
import scipy.sparse as sp
from rdflib import Literal
from rdflib.namespace import XSD

from graph_builder.library import load_library
from graph_builder.sparql import select

__all__ = [
    "MEMBER_ROLES",
    "Membership",
    "incidence",
    "membership_graph",
    "memberships",
    "organisation_overlap",
    "state_comembership",
]

#: Roles that count as membership in overlap analysis.
MEMBER_ROLES = frozenset({"RoleMember", "RoleFoundingMember"})


@dataclass(frozen=True)
class Membership:
    """One membership edge of the network, with every source that supports it."""

    org: str
    org_label: str
    org_kind: str
    member: str
    member_label: str
    member_kind: str
    role: str
    status: str
    sources: tuple[str, ...]

    @classmethod
    def of(
        cls,
        member: str,
        org: str,
        *,
        member_label: str | None = None,
        org_label: str | None = None,
        member_kind: str = "State",
        org_kind: str = "RegionalOrganisation",
        role: str = "RoleMember",
        status: str = "StatusActive",
        sources: tuple[str, ...] = ("d",),
    ) -> Membership:
        """A membership edge with defaults for the common case.

        A state's active membership of a regional organisation, from one
        source, with labels that default to the identifiers.

        Examples:
            >>> Membership.of("s", "o").role
            'RoleMember'
        """
        return cls(
            org,
            org if org_label is None else org_label,
            org_kind,
            member,
            member if member_label is None else member_label,
            member_kind,
            role,
            status,
            sources,
        )


def _local(term: object) -> str:
    return str(term).rsplit("#", 1)[-1]


def memberships(store: ox.Store, as_of: date) -> list[Membership]:
    """The memberships that hold on ``as_of`` (``membership_network.rq``).

    Rows for the same member, organisation, role and status from several
    sources are merged; ``sources`` keeps them all.
    """
    query = load_library()["membership_network"]
    _, rows = select(
        store, query.text, {"as_of": Literal(as_of.isoformat(), datatype=XSD.date)}
    )
    merged: dict[tuple[str, str, str, str], tuple[dict[str, object], list[str]]] = {}
    for r in rows:
        key = (str(r["org"]), str(r["member"]), _local(r["role"]), _local(r["status"]))
        entry = merged.setdefault(key, (dict(r), []))
        entry[1].append(str(r["source"]))
    return [
        Membership(
            org=key[0],
            org_label=str(r["orgLabel"]),
            org_kind=str(r["orgKind"]),
            member=key[1],
            member_label=str(r["memberLabel"]),
            member_kind=str(r["memberKind"]),
            role=key[2],
            status=key[3],
            sources=tuple(sorted(set(sources))),
        )
        for key, (r, sources) in sorted(merged.items())
    ]


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
