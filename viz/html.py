"""The vis-network explorer: an offline page of a small membership graph.

One Jinja2 template (``templates/orgkg.html``) and one script
(``templates/network.js``) make a single offline file (``write_page``) that
inlines vis-network from pyvis's own package (no CDN request) under a
Content-Security-Policy that forbids every fetch. ``orgkg viz`` uses it below
500 nodes (``graph_builder.cli.viz.WEBGL_FROM``; it draws statuses as dash
patterns); larger networks
and the server's ``/viz`` use the WebGL page of ``viz.explorer``. The server
still serves vis-network itself (``asset``) for the SPARQL page's Network
view. All text from documents reaches the page as JSON data in a
``<script type="application/json">`` block and is rendered with
``textContent``, so nothing from a source runs as HTML.

Edges carry the days they hold on (``start <= day < end``) so the page's date
slider redraws the network without asking anyone. Nodes and edges are filled
directly (pyvis's ``add_node`` and ``from_nx`` are quadratic) and laid out in
Python, with physics off, so the page opens fast.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from viz.pages import asset, entity_link, environment, inliner

__all__ = [
    "EDGE_STYLES",
    "FORCE_LAYOUT_LIMIT",
    "NODE_STYLES",
    "STATUS_STYLES",
    "edge_entries",
    "network_page",
    "node_entry",
    "render_page",
    "write_page",
]

#: Node kind -> (legend label, shape, colour). Node colours are used by no edge.
NODE_STYLES: dict[str, tuple[str, str, str]] = {
    "State": ("State", "dot", "#4e79a7"),
    "RegionalOrganisation": ("Regional organisation", "square", "#f28e2b"),
    "InternationalOrganisation": ("International organisation", "diamond", "#59a14f"),
    "UnresolvedEntity": ("Unresolved name", "triangle", "#e15759"),
    "Agent": ("Other agent", "dot", "#9c755f"),
}
#: Edge role -> (legend label, colour). An edge's colour is its role, only.
EDGE_STYLES: dict[str, tuple[str, str]] = {
    "RoleMember": ("Member", "#8c8c8c"),
    "RoleFoundingMember": ("Founding member", "#2b2b2b"),
    "RoleObserver": ("Observer", "#b07aa1"),
    "RolePermanentAdviser": ("Permanent adviser", "#17becf"),
    "RoleLiaisonOffice": ("Liaison office", "#edc948"),
    "RoleParticipant": ("Participant", "#ff9da7"),
    "RoleAssociateMember": ("Associate member", "#9d7660"),
    "Overlap": ("Shared members", "#a0cbe8"),
}
#: Edge status -> (legend label, vis-network dash pattern). Status is the line
#: pattern, never a colour, so an edge's colour always names its role.
STATUS_STYLES: dict[str, tuple[str, list[int] | bool]] = {
    "StatusActive": ("Active", False),
    "StatusPending": ("Pending", [10, 6]),
    "StatusSuspended": ("Suspended", [2, 5]),
    "StatusFormer": ("Former", [12, 4, 2, 4]),
    "StatusUncertain": ("Uncertain", [1, 3]),
}
#: Above this many nodes, only organisations get a force-directed layout.
FORCE_LAYOUT_LIMIT = 300
_ORG_KINDS = ("RegionalOrganisation", "InternationalOrganisation")


def _layout(G: nx.MultiDiGraph[str], seed: int) -> dict[str, tuple[float, float]]:
    """Node positions, computed once here so the page needs no physics.

    Small graphs get a spring layout of each connected component, side by
    side. Large ones get a spring
    layout of the organisations only, and every other node is placed near the
    centroid of the organisations it links to, on a small circle whose angle
    comes from a hash of its name, so the cost is linear in the graph size.
    """
    U: nx.Graph[str] = nx.Graph(G.to_undirected())
    n = U.number_of_nodes()
    if n == 0:
        return {}
    if n <= FORCE_LAYOUT_LIMIT:
        # One spring layout per connected component, placed side by side.
        out: dict[str, tuple[float, float]] = {}
        left = 0.0
        parts = sorted(
            nx.connected_components(U), key=lambda c: (-len(c), sorted(c)[0])
        )
        for part in parts:
            size = 90.0 * max(1.0, len(part) ** 0.5)
            sub = U.subgraph(part)
            k = 2.5 / max(1.0, len(part) ** 0.5)
            pos = nx.spring_layout(sub, seed=seed, iterations=80, scale=size, k=k)
            for key, (x, y) in pos.items():
                out[str(key)] = (left + size + float(x), float(y))
            left += 2 * size + 120.0
        return out
    scale = 120.0 * n**0.5
    hubs = [k for k in U if G.nodes[k].get("kind") in _ORG_KINDS]
    core: nx.Graph[str] = nx.Graph()
    core.add_nodes_from(hubs)
    for a in hubs:  # organisations linked by shared neighbours
        for nb in U[a]:
            for b in U[nb]:
                if b != a and b in core:
                    core.add_edge(a, b)
    placed = (
        {
            str(k): (float(x), float(y))
            for k, (x, y) in nx.spring_layout(core, seed=seed, scale=scale).items()
        }
        if hubs
        else {}
    )
    spread = scale / max(2.0, len(hubs) ** 0.5)
    for index, k in enumerate(sorted(U, key=str)):
        if k in placed:
            continue
        anchors = [placed[str(nb)] for nb in U[k] if str(nb) in placed]
        digest = int.from_bytes(hashlib.sha1(str(k).encode()).digest()[:4], "big")
        angle = 2 * math.pi * (digest % 3600) / 3600
        if anchors:
            cx = sum(a[0] for a in anchors) / len(anchors)
            cy = sum(a[1] for a in anchors) / len(anchors)
            radius = spread * (0.3 + 0.7 * (digest % 1000) / 1000)
        else:
            cx = cy = 0.0
            radius = scale * (1.1 + index / n)
        placed[str(k)] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    return placed


def node_entry(
    G: nx.MultiDiGraph[str],
    node: str,
    *,
    names: Sequence[str] = (),
    link: str = "",
    position: tuple[float, float] | None = None,
) -> dict[str, Any]:
    """One node as the page draws it: label, other names, kind, link, size.

    Args:
        G: The graph the node is in; its degree sizes the node and its label.
        node: The node (an IRI).
        names: Its other names (acronyms, aliases), for search.
        link: Its page (``""``: none).
        position: Where to draw it; ``None`` lets the page place it.
    """
    data = G.nodes[node]
    kind = str(data.get("kind", "Agent"))
    kind_label, shape, colour = NODE_STYLES.get(kind, NODE_STYLES["Agent"])
    label = str(data.get("label", node))
    degree = G.degree(node)
    # Organisations' labels grow with their links so that, zoomed out to the
    # whole network, they stay readable while states' labels drop out.
    font = 14 if kind in ("State", "Agent") else min(56, 24 + 3 * int(degree**0.5))
    entry: dict[str, Any] = {
        "id": str(node),
        "label": label,
        "names": sorted({n for n in names if n and n != label}),
        "shape": shape,
        "color": colour,
        "kind": kind,
        "value": 1 + degree,
        "font": {"size": font},
        "href": link,
        "title": f"{label}\n{kind_label}",
    }
    if position is not None:
        entry["x"], entry["y"] = position
    return entry


def edge_entries(G: nx.MultiDiGraph[str]) -> list[dict[str, Any]]:
    """The edges as the page draws them, in a stable order.

    Each has ``from``, ``to``, ``role``, ``status``, ``sources`` and the days it
    holds on, ``start`` and ``end`` (ISO dates, ``""`` when unbounded); its
    colour is its role's and its dash pattern its status's.
    """
    out = []
    for u, v, attrs in sorted(
        G.edges(data=True),
        key=lambda e: (
            str(e[0]),
            str(e[1]),
            str(e[2].get("role")),
            str(e[2].get("status")),
            str(e[2].get("start", "")),
        ),
    ):
        role = str(attrs.get("role", "RoleMember"))
        status = str(attrs.get("status", "StatusActive"))
        role_label, colour = EDGE_STYLES.get(role, EDGE_STYLES["RoleMember"])
        status_label, dashes = STATUS_STYLES.get(status, STATUS_STYLES["StatusActive"])
        sources = str(attrs.get("sources", ""))
        start, end = str(attrs.get("start", "")), str(attrs.get("end", ""))
        span = f"{start or '…'} to {end or '…'}" if start or end else ""
        out.append(
            {
                "from": str(u),
                "to": str(v),
                "role": role,
                "status": status,
                "color": colour,
                "dashes": dashes,
                "width": 1 + min(8, int(attrs.get("weight", 1)))
                if role == "Overlap"
                else 1.4,
                "arrows": "" if role == "Overlap" else "to",
                "sources": sources,
                "start": start,
                "end": end,
                "title": (
                    f"{G.nodes[u].get('label', u)} \u2192 {G.nodes[v].get('label', v)}"
                    f"\n{role_label}, {status_label.lower()}"
                    + (f"\n{span}" if span else "")
                    + f"\nSources: {sources}"
                ),
            }
        )
    return out


def network_page(
    G: nx.MultiDiGraph[str],
    title: str,
    *,
    seed: int = 0,
    names: Mapping[str, Iterable[str]] | None = None,
    link: Callable[[str], str] = entity_link,
) -> Network:
    """A pyvis network of the membership graph, ready for ``render_page``.

    Args:
        G: The membership graph (``viz.project.membership_graph`` for one day,
            ``viz.project.span_graph`` for every day).
        title: The page heading.
        seed: Seed of the layout, so the same graph gives the same page.
        names: Other names of nodes (acronyms, aliases), for the search box.
        link: The page of a node; by default its IRI when that is a web address.

    Returns:
        The network; ``get_nodes()`` and ``get_edges()`` list what the page shows.

    Examples:
        >>> from viz.project import Membership, membership_graph
        >>> e = Membership.of("s", "o", member_label="S", org_label="Org")
        >>> net = network_page(membership_graph([e]), "Example", names={"o": ["O"]})
        >>> sorted(net.get_nodes()), len(net.get_edges()), net.node_map["o"]["names"]
        (['o', 's'], 1, ['O'])
    """
    net = Network(
        height="100%",
        width="100%",
        directed=True,
        cdn_resources="in_line",
        heading=title,
    )
    pos = _layout(G, seed)
    names = names or {}
    for node in sorted(G.nodes, key=str):
        entry = node_entry(
            G,
            node,
            names=list(names.get(node, ())),
            link=link(str(node)),
            position=pos.get(str(node), (0.0, 0.0)),
        )
        net.nodes.append(entry)
        net.node_ids.append(entry["id"])
        net.node_map[entry["id"]] = entry
    net.edges.extend(edge_entries(G))
    net.options = {
        "physics": {"enabled": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": True,
            "navigationButtons": False,
        },
        "edges": {
            "smooth": False,
            "width": 1.4,
            "selectionWidth": 2,
            "arrows": {"to": {"scaleFactor": 0.45}},
        },
        # Node sizes grow with degree; a label smaller than 8 px on screen is
        # not drawn, so the first view has no unreadable overlapping labels.
        "nodes": {
            "scaling": {
                "min": 8,
                "max": 32,
                "label": {"enabled": False, "drawThreshold": 8},
            },
            "font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
    }
    return net


def _legend(net: Network) -> dict[str, list[dict[str, Any]]]:
    kinds = sorted({n["kind"] for n in net.nodes})
    roles = sorted({e["role"] for e in net.edges})
    statuses = [s for s in STATUS_STYLES if any(e["status"] == s for e in net.edges)]
    return {
        "nodes": [
            {
                "kind": k,
                "label": NODE_STYLES.get(k, NODE_STYLES["Agent"])[0],
                "shape": NODE_STYLES.get(k, NODE_STYLES["Agent"])[1],
                "color": NODE_STYLES.get(k, NODE_STYLES["Agent"])[2],
            }
            for k in kinds
        ],
        "edges": [
            {
                "role": r,
                "label": EDGE_STYLES.get(r, EDGE_STYLES["RoleMember"])[0],
                "color": EDGE_STYLES.get(r, EDGE_STYLES["RoleMember"])[1],
            }
            for r in roles
        ],
        "statuses": [
            {"status": s, "label": STATUS_STYLES[s][0], "dashes": STATUS_STYLES[s][1]}
            for s in statuses
        ],
    }


def render_page(
    net: Network,
    *,
    subtitle: str = "",
    as_of: date | None = None,
    focus: str = "",
    visible: Iterable[str] | None = None,
    today: date | None = None,
) -> str:
    """The explorer page of ``net`` as one offline HTML document.

    Args:
        net: The network (``network_page``).
        subtitle: A line under the title.
        as_of: The day the date slider starts on (default: ``today``).
        focus: A node to select and centre first (an ego network's centre).
        visible: The nodes shown first (default: ``focus`` and its
            neighbours, or every node); a double-click brings in the others.
        today: The last day of the date slider (default: today).
    """
    today = today or date.today()
    days = sorted(
        {e[k] for e in net.edges for k in ("start", "end") if e.get(k)}
        | ({as_of.isoformat()} if as_of else set())
    )
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": net.options,
        "legend": _legend(net),
        "title": net.heading,
        "subtitle": subtitle,
        "as_of": (as_of or today).isoformat(),
        "first_day": days[0] if days else "",
        "last_day": max([today.isoformat(), *days]),
        "dated": bool(days),
        "focus": focus,
        "visible": sorted(visible) if visible is not None else None,
    }

    return (
        environment()
        .get_template("orgkg.html")
        .render(data=data, inline=inliner(asset))
    )


def write_page(
    net: Network,
    path: Path,
    *,
    subtitle: str = "",
    as_of: date | None = None,
    focus: str = "",
    visible: Iterable[str] | None = None,
) -> None:
    """Write ``net`` as one offline HTML file, atomically (temp file, rename).

    The arguments after ``path`` are ``render_page``'s.
    """
    html = render_page(
        net, subtitle=subtitle, as_of=as_of, focus=focus, visible=visible
    )
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
