"""``/viz``: the network explorer, its data and its files."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from graph_builder.errors import QueryError
from graph_builder.query.library import parse_day
from graph_builder.serve.responses import error_response
from graph_builder.serve.state import ServerState

__all__ = ["explorer_api", "viz", "viz_asset"]

_VIEWS = ("network", "overlap", "ego")


async def viz(state: ServerState, request: Request) -> Response:
    """The WebGL explorer: the whole network, the overlap view, or one entity's."""
    from viz.explorer import render_explorer

    params = request.query_params
    text = params.get("as_of", "today")
    try:
        as_of = parse_day(text, f"as_of={text!r}")
    except QueryError as exc:
        return error_response(request, 400, str(exc))
    entity = params.get("entity", "")
    view = params.get("view", "ego" if entity else "network")
    if view not in _VIEWS:
        return error_response(request, 400, f"view={view!r}: expected one of {_VIEWS}")
    hops = params.get("hops", "1")
    if hops not in ("1", "2", "3"):
        return error_response(request, 400, f"hops={hops!r}: expected 1, 2 or 3")
    if entity and entity not in await run_in_threadpool(state.span_graph):
        return error_response(request, 404, f"{entity} has no memberships")
    if view == "ego" and not entity:
        return error_response(request, 400, "view=ego needs entity=IRI")
    page = render_explorer(
        title="Memberships over time",
        as_of=as_of,
        data_url="/api/explorer",
        view=view,
        focus=entity,
        hops=int(hops),
        embed=params.get("embed", "") == "1",
    )
    return HTMLResponse(page)


async def explorer_api(state: ServerState, request: Request) -> Response:
    """The whole network over time as the explorer reads it (compact JSON).

    Computed once per pinned build (layout and communities included) and
    kept gzip-compressed; a client that does not accept gzip gets it plain.
    """
    plain, packed, tag = await run_in_threadpool(state.explorer_data)
    headers = {"Cache-Control": "no-cache", "ETag": tag, "Vary": "Accept-Encoding"}
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(packed, media_type="application/json", headers=headers)
    return Response(plain, media_type="application/json", headers=headers)


async def viz_asset(state: ServerState, request: Request) -> Response:
    """A file of the explorers (from the viz and pyvis packages)."""
    from viz.pages import asset

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
