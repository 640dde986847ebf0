"""The WebGL network explorer: its compact data and its page.

For thousands of nodes the vis-network page of ``viz.html`` is too slow (a
2,000-profile network took 29 s to draw and 18.6 MB), so large networks are
drawn by sigma.js on WebGL (``templates/explorer.js``, with sigma and
graphology vendored in ``vendor/``). The page gets its network as columns of
numbers and strings (``explorer_data``): node and link arrays, kinds, roles
and statuses as small integers, days as integers (days since 1970-01-01),
positions and Louvain communities computed once here. The served ``/viz``
fetches that from ``/api/explorer``; ``write_explorer`` inlines it with the
scripts into one offline file whose Content-Security-Policy forbids every
fetch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from graph_builder.query.spans import HOLDING
from viz.html import EDGE_STYLES, NODE_STYLES, STATUS_STYLES
from viz.layout import Layout, node_layout
from viz.pages import asset, entity_link, environment, inliner
from viz.project import MEMBER_ROLES

__all__ = [
    "EPOCH",
    "STATUS_ALPHA",
    "explorer_data",
    "render_explorer",
    "write_explorer",
]

#: Day 0 of the page's integer days.
EPOCH = date(1970, 1, 1)
#: Edge status -> opacity: WebGL lines have no dash patterns, so a status is
#: drawn as how solid its line is (and named in the legend and details).
STATUS_ALPHA: dict[str, float] = {
    "StatusActive": 1.0,
    "StatusPending": 0.55,
    "StatusSuspended": 0.4,
    "StatusFormer": 0.25,
    "StatusUncertain": 0.5,
}


def _day(text: str) -> int | None:
    return (date.fromisoformat(text) - EPOCH).days if text else None


def explorer_data(
    G: nx.MultiDiGraph[str],
    *,
    names: Mapping[str, Iterable[str]] | None = None,
    link: Callable[[str], str] = entity_link,
    source_label: Callable[[str], str] = str,
    seed: int = 0,
    layout: Layout | None = None,
) -> dict[str, Any]:
    """The network as the WebGL page reads it: columns, not objects.

    Args:
        G: The membership graph over time (``viz.project.span_graph``) or on
            one day (``membership_graph``; its edges hold on every day).
        names: Other names of nodes (acronyms, aliases), for the search box.
        link: The page of a node (``""``: none).
        source_label: A source (document file name) as the page names it.
        seed: Seed of the layout and the communities.
        layout: Positions and communities computed before (the build's
            ``layout.json``); laid out here when missing or not for ``G``.

    Returns:
        ``nodes`` (columns ``id``, ``label``, ``kind``, ``x``, ``y``,
        ``community``, ``names``, ``href``), ``links`` (columns ``source``,
        ``target`` as node indexes, ``role``, ``status``, ``sources`` as
        indexes into the lists of the same names, ``start`` and ``end`` as
        integer days, ``null`` when unbounded; a link holds on
        ``start <= day < end``; the links of one membership, one per source
        and span, are adjacent), and the legend lists ``kinds``, ``roles``,
        ``statuses`` and ``sources``.

    Examples:
        >>> from viz.project import Membership, span_graph
        >>> from graph_builder.query.spans import Span
        >>> e = Membership.of("s", "o", member_label="S", org_label="Org")
        >>> data = explorer_data(span_graph([Span(e, date(1970, 1, 11), None)]))
        >>> data["nodes"]["label"], data["links"]["start"], data["links"]["end"]
        (['Org', 'S'], [10], [None])
    """
    names = names or {}
    nodes = sorted(G.nodes, key=str)
    index = {n: i for i, n in enumerate(nodes)}
    if layout is None or not set(layout) >= set(nodes):
        layout = node_layout(G, seed)
    pos = {n: (layout[n][0], layout[n][1]) for n in nodes}
    community = {n: layout[n][2] for n in nodes}
    kinds = [k for k in NODE_STYLES if any(G.nodes[n].get("kind") == k for n in G)]
    kinds += sorted({str(G.nodes[n].get("kind", "Agent")) for n in G} - set(kinds))
    kind_of = {k: i for i, k in enumerate(kinds)}
    edges = sorted(
        G.edges(data=True),
        key=lambda e: (
            index[e[0]],
            index[e[1]],
            str(e[2].get("role")),
            str(e[2].get("status")),
            str(e[2].get("start", "")),
        ),
    )
    roles = [r for r in EDGE_STYLES if any(a.get("role") == r for *_, a in edges)]
    used = {str(a.get("status")) for *_, a in edges}
    statuses = [s for s in STATUS_STYLES if s in used]
    sources = sorted({str(a.get("sources", "")) for *_, a in edges})
    shown = ["; ".join(map(source_label, filter(None, t.split("; ")))) for t in sources]
    role_of = {r: i for i, r in enumerate(roles)}
    status_of = {s: i for i, s in enumerate(statuses)}
    source_of = {s: i for i, s in enumerate(sources)}
    labels = [str(G.nodes[n].get("label", n)) for n in nodes]
    return {
        "nodes": {
            "id": [str(n) for n in nodes],
            "label": labels,
            "kind": [kind_of[str(G.nodes[n].get("kind", "Agent"))] for n in nodes],
            "x": [pos[n][0] for n in nodes],
            "y": [pos[n][1] for n in nodes],
            "community": [community[n] for n in nodes],
            "names": [
                sorted({a for a in names.get(n, ()) if a and a != label})
                for n, label in zip(nodes, labels, strict=True)
            ],
            "href": [link(str(n)) for n in nodes],
        },
        "links": {
            "source": [index[u] for u, _, _ in edges],
            "target": [index[v] for _, v, _ in edges],
            "role": [role_of[str(a.get("role"))] for *_, a in edges],
            "status": [status_of[str(a.get("status"))] for *_, a in edges],
            "sources": [source_of[str(a.get("sources", ""))] for *_, a in edges],
            "start": [_day(str(a.get("start", ""))) for *_, a in edges],
            "end": [_day(str(a.get("end", ""))) for *_, a in edges],
        },
        "kinds": [
            {
                "kind": k,
                "label": NODE_STYLES.get(k, NODE_STYLES["Agent"])[0],
                "color": NODE_STYLES.get(k, NODE_STYLES["Agent"])[2],
            }
            for k in kinds
        ],
        "roles": [
            {
                "role": r,
                "label": EDGE_STYLES[r][0],
                "color": EDGE_STYLES[r][1],
                "member": r in MEMBER_ROLES,
            }
            for r in roles
        ],
        "statuses": [
            {
                "status": s,
                "label": STATUS_STYLES[s][0],
                "alpha": STATUS_ALPHA[s],
                "holding": s in HOLDING,
            }
            for s in statuses
        ],
        "sources": shown,
    }


def render_explorer(
    *,
    title: str,
    as_of: date,
    data_url: str = "",
    data: dict[str, Any] | None = None,
    view: str = "network",
    focus: str = "",
    hops: int = 1,
    embed: bool = False,
    today: date | None = None,
) -> str:
    """The WebGL explorer page as HTML.

    Args:
        title: The page heading.
        as_of: The day the page opens on.
        data_url: Where the served page fetches ``explorer_data`` from; with
            ``""`` the page is an offline file and ``data`` is inlined with
            every script (no request at all).
        data: ``explorer_data`` for an offline file.
        view: ``network`` (every membership), ``overlap`` (organisations
            linked by shared members on the day) or ``ego``.
        focus: The node of the ego view (and the one selected first).
        hops: The ego view's radius.
        embed: A compact page for an ``<iframe>`` (no header).
        today: The last day of the date slider (default: today).
    """
    if view not in ("network", "overlap", "ego"):
        raise ValueError(f"view={view!r}: expected network, overlap or ego")
    config = {
        "title": title,
        "as_of": (as_of - EPOCH).days,
        "today": ((today or date.today()) - EPOCH).days,
        "data_url": data_url,
        "view": view,
        "focus": focus,
        "hops": hops,
        "embed": embed,
    }

    return (
        environment()
        .get_template("explorer.html")
        .render(
            config=config,
            data=data,
            served=bool(data_url),
            embed=embed,
            inline=inliner(asset),
        )
    )


def write_explorer(
    G: nx.MultiDiGraph[str],
    path: Path,
    *,
    title: str,
    as_of: date,
    names: Mapping[str, Iterable[str]] | None = None,
    view: str = "network",
    focus: str = "",
    hops: int = 1,
    seed: int = 0,
    layout: Layout | None = None,
) -> None:
    """Write the WebGL explorer of ``G`` as one offline file, atomically.

    The keyword arguments are ``explorer_data``'s and ``render_explorer``'s.
    """
    html = render_explorer(
        title=title,
        as_of=as_of,
        data=explorer_data(G, names=names, seed=seed, layout=layout),
        view=view,
        focus=focus,
        hops=hops,
    )
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
