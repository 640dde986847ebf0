"""The ``analyze``, ``viz`` and ``chart`` commands; imports ``viz`` lazily."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph_builder.build.published import open_resolver, open_spans, open_store
from graph_builder.cli.common import Parents, Subparsers
from graph_builder.errors import EXIT_OK, QueryError, ResolutionError
from graph_builder.query.library import load_library, parse_day
from graph_builder.query.sparql import select

__all__ = ["WEBGL_FROM", "add_parsers", "analyze", "chart", "viz"]

#: ``viz --renderer auto`` draws a network of this many nodes or more with
#: WebGL: vis-network's canvas slows down from a few hundred nodes.
WEBGL_FROM = 500


def add_parsers(sub: Subparsers, parents: Parents) -> None:
    """Add the analyze, viz and chart commands to ``sub``."""
    p = sub.add_parser(
        "analyze",
        parents=[parents.common, parents.as_of],
        help="network analysis of the memberships on a date",
    )
    p.set_defaults(run=analyze)
    p.add_argument("analysis", choices=["overlap", "centrality", "communities", "ego"])
    p.add_argument("entity", nargs="?", help="the state or organisation (ego only)")
    p.add_argument("--radius", type=int, default=1, help="ego radius in hops")
    p.add_argument("--seed", type=int, default=0, help="seed for communities")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--export", type=Path, help="also write the graph (.graphml/.gexf)")

    p = sub.add_parser(
        "viz",
        parents=[parents.common, parents.as_of],
        help="write an interactive offline page",
    )
    p.set_defaults(run=viz)
    p.add_argument("view", choices=["network", "ego", "overlap"])
    p.add_argument("entity", nargs="?", help="the state or organisation (ego only)")
    p.add_argument("--radius", type=int, default=1, help="ego radius in hops")
    p.add_argument("--seed", type=int, default=0, help="layout seed")
    p.add_argument(
        "--renderer",
        choices=["auto", "webgl", "vis"],
        default="auto",
        help="webgl (sigma.js, for thousands of nodes) or vis (vis-network); "
        f"auto: webgl from {WEBGL_FROM} nodes",
    )
    p.add_argument("--out", type=Path, required=True, help="the .html file to write")

    p = sub.add_parser(
        "chart",
        parents=[parents.common, parents.as_of],
        help="write a static PNG chart",
    )
    p.set_defaults(run=chart)
    p.add_argument("chart", choices=["heatmap", "timeline", "coverage"])
    p.add_argument("entity", nargs="?", help="the organisation (timeline and coverage)")
    p.add_argument("--out", type=Path, required=True, help="the .png file to write")


def _as_of(text: str) -> date:
    return parse_day(text, f"--as-of {text!r}")


def _graph(args: argparse.Namespace) -> tuple[nx.MultiDiGraph[str], date]:
    """The membership network on ``--as-of``, from the build's span table."""
    from graph_builder.query.spans import on_day
    from viz.project import membership_graph

    as_of = _as_of(args.as_of)
    return membership_graph(on_day(open_spans(args.build), as_of), as_of), as_of


def _node(
    G: nx.MultiDiGraph[str], name: str | None, as_of: date | None, build: Path
) -> str:
    if not name:
        raise QueryError("this view needs an ENTITY (a state or organisation)")
    entity = open_resolver(build).resolve(name)
    iri = str(entity.iri) if entity else name
    if entity is None and not name.startswith("http"):
        raise ResolutionError(
            f"name {name!r} does not resolve to a known state or organisation"
        )
    if iri not in G:
        when = f" on {as_of.isoformat()}" if as_of else ""
        raise QueryError(f"{name!r} has no memberships{when}")
    return iri


def _label(G: nx.Graph[str] | nx.MultiDiGraph[str], node: str) -> str:
    return str(G.nodes[node].get("label", node))


def analyze(args: argparse.Namespace) -> int:
    """Run one analysis and print it as a table or JSON."""
    from viz.export import write_graph
    from viz.metrics import centrality, communities, ego, overlap

    G, as_of = _graph(args)
    result: object
    if args.analysis == "overlap":
        result = [
            {"a": _label(G, a), "b": _label(G, b), "shared": n}
            for a, b, n in overlap(G)
        ]
    elif args.analysis == "centrality":
        scores = centrality(G)
        ranked = sorted(scores, key=lambda n: (-scores[n]["degree"], _label(G, n)))
        result = [
            {"node": _label(G, n), "kind": G.nodes[n].get("kind"), **scores[n]}
            for n in ranked
        ]
    elif args.analysis == "communities":
        result = [
            {"community": i, "members": [_label(G, n) for n in c]}
            for i, c in enumerate(communities(G, args.seed), 1)
        ]
    else:
        node = _node(G, args.entity, as_of, args.build)
        G = ego(G, node, args.radius)
        result = [
            {
                "member": _label(G, u),
                "organisation": _label(G, v),
                "role": r,
                "sources": s,
            }
            for u, v, r, s in sorted(
                (u, v, d["role"], d["sources"]) for u, v, d in G.edges(data=True)
            )
        ]
    if args.export:
        write_graph(G, args.export)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "as_of": as_of.isoformat(),
                    "analysis": args.analysis,
                    "result": result,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        print(_table(result))
    return EXIT_OK


def _table(rows: object) -> str:
    if not isinstance(rows, list) or not rows:
        return "(no rows)"
    columns = list(rows[0])

    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value:.4f}"
        if isinstance(value, list):
            return ", ".join(map(str, value))
        return str(value)

    table = [columns] + [[cell(r[c]) for c in columns] for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(columns))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in table
    )


def viz(args: argparse.Namespace) -> int:
    """Write an interactive page of the network, an ego network or the overlap graph.

    The network and ego views hold every membership with the days it holds,
    so the page's date slider can move from ``--as-of``; the overlap view is
    the graph of that one day.
    """
    from graph_builder.query.spans import agents, names, on_day
    from viz.html import network_page, write_page
    from viz.project import membership_graph, organisation_overlap, span_graph

    if args.out.suffix != ".html":
        raise QueryError(f"--out {args.out}: expected a .html file")
    as_of = _as_of(args.as_of)
    store = open_store(args.build)
    items = open_spans(args.build)  # read once for every view and renderer
    if args.renderer == "webgl" or (
        args.renderer == "auto" and len(agents(items)) >= WEBGL_FROM
    ):
        return _webgl(args, as_of, names(store), span_graph(items))
    focus = ""
    visible: list[str] | None = None
    if args.view in ("network", "ego"):
        G = span_graph(items)
        title = "Memberships over time"
    if args.view == "ego":
        from viz.metrics import ego

        # The page holds the whole network and shows the ego network first,
        # so a double-click can bring in any neighbour without a server.
        focus = _node(G, args.entity, None, args.build)
        visible = list(ego(G, focus, args.radius))
        title = f"{_label(G, focus)}: ego network"
    elif args.view == "overlap":
        G = membership_graph(on_day(items, as_of), as_of)
        P = organisation_overlap(G)
        G = nx.MultiDiGraph()
        G.add_nodes_from(P.nodes(data=True))
        for u, v, attrs in P.edges(data=True):
            w = int(attrs["weight"])
            G.add_edge(
                u,
                v,
                role="Overlap",
                status="StatusActive",
                sources=f"{w} shared members",
                weight=w,
            )
        title = f"Organisations by shared members on {as_of.isoformat()}"
    net = network_page(G, title, seed=args.seed, names=names(store))
    write_page(
        net,
        args.out,
        subtitle=f"{len(visible or net.nodes)} of {len(net.nodes)} nodes shown",
        as_of=as_of,
        focus=focus,
        visible=visible,
    )
    print(args.out)
    return EXIT_OK


def _webgl(
    args: argparse.Namespace,
    as_of: date,
    aliases: dict[str, list[str]],
    G: nx.MultiDiGraph[str],
) -> int:
    """Write the WebGL explorer of ``G`` as one offline file, on the chosen view.

    ``G`` is every membership over time (``span_graph``).
    """
    from viz.explorer import write_explorer

    if not 1 <= args.radius <= 3:
        raise QueryError(f"--radius {args.radius}: the WebGL page shows 1 to 3 hops")
    focus = _node(G, args.entity, None, args.build) if args.view == "ego" else ""
    title = {
        "network": "Memberships over time",
        "ego": f"{_label(G, focus)}: ego network" if focus else "",
        "overlap": "Organisations by shared members",
    }[args.view]
    # The build's layout, unless another seed is asked for.
    layout = None
    if args.seed == 0:
        from graph_builder.build.generations import current_generation
        from viz.layout import LAYOUT_NAME, read_layout

        layout = read_layout(current_generation(args.build) / LAYOUT_NAME)
    write_explorer(
        G,
        args.out,
        title=title,
        as_of=as_of,
        names=aliases,
        view=args.view,
        focus=focus,
        hops=args.radius,
        seed=args.seed,
        layout=layout,
    )
    print(args.out)
    return EXIT_OK


def _coverage_chart(args: argparse.Namespace) -> None:
    """Members of an organisation by the agreements anyone is party to, on a date."""
    from viz.charts import coverage_chart

    entity = open_resolver(args.build).resolve(args.entity or "", "organisation")
    if entity is None:
        raise ResolutionError(
            f"coverage needs an organisation; {args.entity!r} does not resolve"
        )
    library, store = load_library(), open_store(args.build)
    as_of = _as_of(args.as_of)
    _, agreements = select(store, library["agreements_with_parties"].text)
    members: dict[str, str] = {}
    columns: list[str] = []
    found: dict[tuple[str, int], str] = {}
    for j, a in enumerate(agreements):
        columns.append(str(a.get("short") or a["label"]))
        _, rows = select(
            store,
            library["instrument_coverage"].text,
            {
                "org": URIRef(entity.iri),
                "agreement": URIRef(str(a["agreement"])),
                "as_of": Literal(as_of.isoformat(), datatype=XSD.date),
            },
        )
        for r in rows:
            members[str(r["member"])] = str(r["memberLabel"])
            found[str(r["member"]), j] = str(r["coverage"])
    if not members:
        raise QueryError(f"{entity.label} has no members on {as_of.isoformat()}")
    order = sorted(members, key=lambda m: members[m].casefold())
    cells = {
        (i, j): found[m, j]
        for i, m in enumerate(order)
        for j in range(len(columns))
        if (m, j) in found
    }
    coverage_chart(
        [members[m] for m in order],
        columns,
        cells,
        args.out,
        f"{entity.label}: members and agreements on {as_of.isoformat()}",
    )


def chart(args: argparse.Namespace) -> int:
    """Write an overlap heatmap, a membership timeline or a coverage chart as PNG."""
    from viz.charts import overlap_heatmap, timeline

    if args.out.suffix != ".png":
        raise QueryError(f"--out {args.out}: expected a .png file")
    if args.chart == "coverage":
        _coverage_chart(args)
    elif args.chart == "heatmap":
        G, as_of = _graph(args)
        overlap_heatmap(G, args.out, f"Shared members on {as_of.isoformat()}")
    else:
        entity = open_resolver(args.build).resolve(args.entity or "", "organisation")
        if entity is None:
            raise ResolutionError(
                f"timeline needs an organisation; {args.entity!r} does not resolve"
            )
        query = load_library()["membership_timeline"]
        _, rows = select(
            open_store(args.build), query.text, {"org": URIRef(entity.iri)}
        )
        bars = [
            (
                str(r["memberLabel"]),
                date.fromisoformat(str(r["validFrom"])),
                date.fromisoformat(str(r["validUntil"])) if "validUntil" in r else None,
            )
            for r in rows
        ]
        if not bars:
            raise QueryError(f"{entity.label} has no dated memberships")
        timeline(
            bars, args.out, f"{entity.label}: membership over time", _as_of(args.as_of)
        )
    print(args.out)
    return EXIT_OK
