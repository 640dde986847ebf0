"""The home page, search, the query library and named-query pages."""

from __future__ import annotations

import json
import urllib.parse
from datetime import date
from typing import Any

from rdflib import URIRef
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    JSONResponse,
    RedirectResponse,
    Response,
)

from graph_builder.errors import QueryError
from graph_builder.iris import ID, PREFIXES
from graph_builder.namespace import ROLES
from graph_builder.query.library import bind_params, parse_day
from graph_builder.serve.compare import compare, matrix
from graph_builder.serve.pagedata import fold, href
from graph_builder.serve.responses import (
    answer_response,
    error_response,
    render,
)
from graph_builder.serve.state import ServerState

__all__ = [
    "home",
    "library_page",
    "named",
    "overlap_page",
    "prefixes_api",
    "search_api",
    "search_page",
    "terms_api",
]


async def home(state: ServerState, request: Request) -> Response:
    """The home page: organisations and sources."""
    return render(
        "home.html",
        title="orgkg",
        organisations=state.catalogue.organisations(),
        agreements=state.catalogue.agreements(),
        sources=state.catalogue.sources,
        today=date.today().isoformat(),
    )


async def search_page(state: ServerState, request: Request) -> Response:
    """Search results; one exact match goes straight to its page."""
    q = request.query_params.get("q", "")
    results = state.catalogue.search(q, limit=50)
    exact = {e.iri: e for e, name in results if fold(name) == fold(q)}
    if len(exact) == 1:  # "SELEC", "Croatia", "HRV": straight to the page
        return RedirectResponse(next(iter(exact.values())).href, status_code=303)
    return render("search.html", title=f"Search: {q}", results=results, q=q)


async def search_api(state: ServerState, request: Request) -> Response:
    """Search as JSON, for the search box."""
    hits = state.catalogue.search(request.query_params.get("q", ""))
    return JSONResponse(
        [
            {
                "label": e.label,
                "kind": e.kind,
                "href": e.href,
                "iri": e.iri,
                "match": name,
            }
            for e, name in hits
        ]
    )


async def prefixes_api(state: ServerState, request: Request) -> Response:
    """The prefixes the editor knows, as JSON."""
    return JSONResponse({**PREFIXES, "id": str(ID)})


async def terms_api(state: ServerState, request: Request) -> Response:
    """The ontology's classes or properties, as JSON."""
    kind = request.query_params.get("kind", "")
    if kind not in state.terms:
        return error_response(request, 400, "kind: expected class or property")
    return JSONResponse(state.terms[kind])


async def library_page(state: ServerState, request: Request) -> Response:
    """The query library with a form per query."""
    return render(
        "library.html",
        title="Query library",
        queries=list(state.library.values()),
        roles=list(ROLES),
        today=date.today().isoformat(),
    )


async def named(state: ServerState, request: Request) -> Response:
    """A named query's answer: a table, or a download."""
    name = request.path_params["name"]
    query = state.library.get(name)
    if query is None:
        return error_response(request, 404, f"no query named {name!r}")
    params = dict(request.query_params.multi_items())
    fmt = params.pop("format", "html")
    try:
        bindings = bind_params(query, params, state.resolver)
    except QueryError as exc:
        return error_response(request, 400, str(exc))
    media = {
        "json": "application/sparql-results+json",
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
    }.get(fmt)
    if media is None and fmt != "html":
        return error_response(
            request, 406, f"format={fmt!r}: use one of html, json, csv, tsv"
        )
    answer = await state.run(
        request, query.text, bindings, [media or "application/sparql-results+json"]
    )
    if media:
        headers = (
            {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
            if answer.status == 200
            else None
        )
        return answer_response(answer, headers)
    if answer.status != 200:
        return error_response(request, answer.status, answer.body.decode())
    return render(
        "named.html",
        title=query.name,
        query=query,
        qs=urllib.parse.urlencode(list(params.items())),
        data=json.loads(answer.body),
        documents=state.documents,
    )


async def compare_page(state: ServerState, request: Request) -> Response:
    """Two organisations, or two states, side by side on a date."""
    params = request.query_params
    a_text, b_text = params.get("a", "").strip(), params.get("b", "").strip()
    text = params.get("as_of", "today")
    try:
        as_of = parse_day(text, f"as_of={text!r}")
    except QueryError as exc:
        return error_response(request, 400, str(exc))
    context: dict[str, Any] = {
        "title": "Compare",
        "a_text": a_text,
        "b_text": b_text,
        "as_of": as_of.isoformat(),
        "comparison": None,
        "message": "Name two organisations, or two states.",
        "link": state.link,
    }
    if not (a_text and b_text):
        return render("compare.html", **context)
    entities = []
    for name in (a_text, b_text):
        entity = (
            state.resolver.by_iri(URIRef(name))
            if name.startswith(str(ID))
            else state.resolver.resolve(name)
        )
        if entity is None:
            return error_response(
                request, 404, f"{name!r} is not a known organisation or state"
            )
        entities.append(entity)
    a, b = entities
    if a.kind != b.kind:
        return error_response(
            request, 400, "compare two organisations, or two states, not one of each"
        )
    kind = "states" if a.kind == "state" else "organisations"
    rows = await run_in_threadpool(state.spans)
    context["comparison"] = compare(rows, str(a.iri), str(b.iri), as_of, kind)
    context["title"] = f"{a.label} and {b.label}"
    context["a"] = {"label": a.label, "href": href(str(a.iri))}
    context["b"] = {"label": b.label, "href": href(str(b.iri))}
    return render("compare.html", **context)


#: How the overlap matrix orders its organisations.
_ORDERS = ("name", "members", "overlap")


async def overlap_page(state: ServerState, request: Request) -> Response:
    """Every organisation's shared members with every other on a date, as a heatmap."""
    params = request.query_params
    text = params.get("as_of", "today")
    order = params.get("order", "name")
    try:
        as_of = parse_day(text, f"as_of={text!r}")
    except QueryError as exc:
        return error_response(request, 400, str(exc))
    if order not in _ORDERS:
        return error_response(
            request, 400, f"order={order!r}: use one of {', '.join(_ORDERS)}"
        )
    rows = await run_in_threadpool(state.spans)
    grid = matrix(rows, as_of)
    n = len(grid.orgs)
    index = list(range(n))
    if order == "members":
        index.sort(key=lambda i: (-grid.orgs[i][2], grid.orgs[i][1].casefold()))
    elif order == "overlap":
        index.sort(
            key=lambda i: (
                -sum(grid.shared[i][j] for j in range(n) if j != i),
                grid.orgs[i][1].casefold(),
            )
        )
    entries = state.catalogue.entries
    orgs = [
        {
            "iri": grid.orgs[i][0],
            "label": grid.orgs[i][1],
            "short": entries[grid.orgs[i][0]].acronym
            if grid.orgs[i][0] in entries and entries[grid.orgs[i][0]].acronym
            else grid.orgs[i][1],
            "members": grid.orgs[i][2],
        }
        for i in index
    ]
    cells = [
        [
            (
                grid.shared[i][j],
                grid.shared[i][j] / max(1, min(grid.orgs[i][2], grid.orgs[j][2])),
            )
            for j in index
        ]
        for i in index
    ]
    return render(
        "overlap.html",
        title=f"Shared members on {as_of.isoformat()}",
        as_of=as_of.isoformat(),
        order=order,
        orders=_ORDERS,
        orgs=orgs,
        cells=cells,
    )
