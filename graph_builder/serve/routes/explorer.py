"""``/viz``: the network explorer, its data and its files."""

from __future__ import annotations

from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    Response,
)

from graph_builder.errors import QueryError
from graph_builder.query.library import parse_day
from graph_builder.serve.responses import (
    error_response,
)
from graph_builder.serve.state import ServerState

__all__ = ["network_api", "viz", "viz_asset"]


async def viz(state: ServerState, request: Request) -> Response:
    """The explorer page: the whole network, or one entity's neighbours."""
    text = request.query_params.get("as_of", "today")
    try:
        as_of = parse_day(text, f"as_of={text!r}")
    except QueryError as exc:
        return error_response(request, 400, str(exc))
    entity = request.query_params.get("entity", "")
    embed = request.query_params.get("embed", "") == "1"
    page = await run_in_threadpool(_viz_page, state, as_of, entity, embed)
    if page is None:
        return error_response(request, 404, f"{entity} has no memberships")
    return HTMLResponse(page)


async def network_api(state: ServerState, request: Request) -> Response:
    """The neighbours of ``entity`` over time, as the explorer's JSON."""
    entity = request.query_params.get("entity", "")
    graph = await run_in_threadpool(state.span_graph)
    if entity not in graph:
        return error_response(request, 404, f"{entity!r} has no memberships")
    from viz.html import edge_entries, node_entry
    from viz.metrics import ego

    sub = ego(graph, entity, radius=1)
    return JSONResponse(
        {
            "nodes": [
                node_entry(graph, n, names=state.names.get(n, ()), link=state.link(n))
                for n in sorted(sub)
            ],
            "edges": edge_entries(sub),
        }
    )


async def viz_asset(state: ServerState, request: Request) -> Response:
    """A file of the explorer (from the viz and pyvis packages)."""
    from viz.html import asset

    name = request.path_params["name"]
    body = asset(name)
    if body is None:
        return error_response(request, 404, f"no such file: {name}")
    media = "text/css" if name.endswith(".css") else "text/javascript"
    return Response(
        body,
        media_type=f"{media}; charset=utf-8",
        headers={"Cache-Control": "max-age=3600"},
    )


def _viz_page(state: ServerState, as_of: date, entity: str, embed: bool) -> str | None:
    from viz.html import network_page, render_page

    graph = state.span_graph()
    if entity:
        from viz.metrics import ego

        if entity not in graph:
            return None
        sub = ego(graph, entity, radius=1)
        title = f"{graph.nodes[entity].get('label', entity)}: neighbours"
        net = network_page(sub, title, names=state.names, link=state.link)
    else:
        with state._viz_lock:
            if state._full_net is None:
                state._full_net = network_page(
                    graph,
                    "Memberships over time",
                    names=state.names,
                    link=state.link,
                )
            net = state._full_net
    return render_page(
        net,
        subtitle=f"{len(net.nodes)} nodes, {len(net.edges)} links over time",
        as_of=as_of,
        focus=entity,
        served=True,
        expand_url="/api/network?entity=",
        embed=embed,
    )
