"""Interactive pyvis pages of the membership graph that work offline.

The page inlines vis-network from pyvis's own package (no CDN request), sets a
Content-Security-Policy that forbids every network fetch, and puts all text
from documents into the page as JSON data rendered with ``textContent`` or
vis-network's ``innerText`` tooltips, so nothing from a source runs as HTML.
Nodes and edges are filled directly (pyvis's ``add_node`` and ``from_nx`` are
quadratic) and laid out in Python, with physics off, so large graphs open fast.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network

__all__ = [
    "EDGE_STYLES",
    "FORCE_LAYOUT_LIMIT",
    "NODE_STYLES",
    "network_page",
    "write_page",
]

TEMPLATES = Path(__file__).parent / "templates"
PYVIS_TEMPLATES = Path(pyvis.__file__).parent / "templates"

#: Node kind -> (legend label, shape, colour).
NODE_STYLES: dict[str, tuple[str, str, str]] = {
    "State": ("State", "dot", "#4e79a7"),
    "RegionalOrganisation": ("Regional organisation", "square", "#f28e2b"),
    "InternationalOrganisation": ("International organisation", "diamond", "#59a14f"),
    "UnresolvedEntity": ("Unresolved name", "triangle", "#9c9c9c"),
    "Agent": ("Other agent", "dot", "#bab0ac"),
}
#: Edge role -> (legend label, colour, dashed).
EDGE_STYLES: dict[str, tuple[str, str, bool]] = {
    "RoleMember": ("Member", "#8c8c8c", False),
    "RoleFoundingMember": ("Founding member", "#333333", False),
    "RoleObserver": ("Observer", "#b07aa1", True),
    "RolePermanentAdviser": ("Permanent adviser", "#59a14f", True),
    "RoleLiaisonOffice": ("Liaison office", "#76b7b2", True),
    "RoleParticipant": ("Participant", "#edc948", True),
    "Overlap": ("Shared members", "#4e79a7", False),
}
_STATUS_COLOURS = {
    "StatusSuspended": "#e15759",
    "StatusPending": "#ff9da7",
    "StatusFormer": "#d3d3d3",
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


def network_page(G: nx.MultiDiGraph[str], title: str, *, seed: int = 0) -> Network:
    """A pyvis network of the membership graph, ready for ``write_page``.

    Args:
        G: The membership graph (``viz.project.membership_graph``).
        title: The page heading.
        seed: Seed of the layout, so the same graph gives the same page.

    Returns:
        The network; ``get_nodes()`` and ``get_edges()`` list what the page shows.

    Examples:
        >>> from viz.project import Membership, membership_graph
        >>> e = Membership.of("s", "o", member_label="S", org_label="Org")
        >>> net = network_page(membership_graph([e]), "Example")
        >>> sorted(net.get_nodes()), len(net.get_edges())
        (['o', 's'], 1)
    """
    net = Network(
        height="100%",
        width="100%",
        directed=True,
        cdn_resources="in_line",
        heading=title,
    )
    pos = _layout(G, seed)
    for node in sorted(G.nodes, key=str):
        data = G.nodes[node]
        kind = str(data.get("kind", "Agent"))
        label_text, shape, colour = NODE_STYLES.get(kind, NODE_STYLES["Agent"])
        x, y = pos.get(str(node), (0.0, 0.0))
        label = str(data.get("label", node))
        entry = {
            "id": str(node),
            "label": label,
            "shape": shape,
            "color": colour,
            "kind": kind,
            "x": x,
            "y": y,
            "size": 10 + 2 * min(20, G.degree(node)),
            "title": f"{label}\n{label_text}\n{node}",
        }
        net.nodes.append(entry)
        net.node_ids.append(entry["id"])
        net.node_map[entry["id"]] = entry
    for u, v, attrs in sorted(
        G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2].get("role")))
    ):
        role = str(attrs.get("role", "RoleMember"))
        status = str(attrs.get("status", "StatusActive"))
        role_label, colour, dashed = EDGE_STYLES.get(role, EDGE_STYLES["RoleMember"])
        sources = str(attrs.get("sources", ""))
        net.edges.append(
            {
                "from": str(u),
                "to": str(v),
                "role": role,
                "status": status,
                "color": _STATUS_COLOURS.get(status, colour),
                "dashes": dashed or status == "StatusPending",
                "width": 1 + min(8, int(attrs.get("weight", 1)))
                if role == "Overlap"
                else 1.2,
                "arrows": "to",
                "sources": sources,
                "title": (
                    f"{G.nodes[u].get('label', u)} \u2192 {G.nodes[v].get('label', v)}"
                    f"\n{role_label}, {status.removeprefix('Status').lower()}"
                    f"\nSources: {sources}"
                ),
            }
        )
    net.options = {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
        "edges": {"smooth": False, "width": 1.2},
        "nodes": {"font": {"size": 14}},
    }
    return net


def write_page(net: Network, path: Path, *, subtitle: str = "") -> None:
    """Render ``net`` with orgkg's offline template and write it atomically."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(TEMPLATES), str(PYVIS_TEMPLATES)]),
        autoescape=True,
    )
    template = env.get_template("orgkg.html")
    kinds = sorted({n["kind"] for n in net.nodes})
    roles = sorted({e["role"] for e in net.edges})
    legend = {
        "nodes": [
            {
                "kind": k,
                "label": NODE_STYLES.get(k, NODE_STYLES["Agent"])[0],
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
        "statuses": [{"status": s, "color": c} for s, c in _STATUS_COLOURS.items()],
    }
    html = template.render(
        data={
            "nodes": net.nodes,
            "edges": net.edges,
            "options": net.options,
            "legend": legend,
            "title": net.heading,
            "subtitle": subtitle,
        },
    )
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
