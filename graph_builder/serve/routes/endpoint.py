"""``/sparql``: the SPARQL 1.1 Protocol endpoint and its YASGUI page."""

from __future__ import annotations

import urllib.parse

from starlette.requests import Request
from starlette.responses import (
    Response,
)

from graph_builder.errors import QueryError
from graph_builder.iris import ID, PREFIXES
from graph_builder.query.library import bind_params
from graph_builder.query.sparql import check_safe, substitute
from graph_builder.serve.negotiation import (
    FORM_MEDIA,
    GRAPH_SHORT,
    SHORT,
    negotiate,
    wants_html,
)
from graph_builder.serve.pagedata import (
    sample_values,
)
from graph_builder.serve.responses import (
    answer_response,
    error_response,
    read_body,
    render,
)
from graph_builder.serve.state import ServerState

__all__ = ["DEFAULT_QUERY", "sparql"]


DEFAULT_QUERY = """PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?organisation (COUNT(DISTINCT ?member) AS ?members) WHERE {
  ?m org:organization ?o ; org:member ?member .
  ?o rdfs:label ?organisation .
} GROUP BY ?organisation ORDER BY DESC(?members)"""


async def sparql(state: ServerState, request: Request) -> Response:
    """The SPARQL 1.1 Protocol: GET, POST (query or form) and OPTIONS."""
    if request.method == "OPTIONS":  # not a CORS preflight (that is answered
        # by the CORS middleware): say what is allowed
        return Response(status_code=204, headers={"Allow": "GET, HEAD, POST, OPTIONS"})
    params = dict(request.query_params.multi_items())
    formats = request.query_params.getlist("format")
    if request.method == "POST":
        body = await read_body(request)
        if isinstance(body, Response):
            return body
        content_type = (
            request.headers.get("content-type", "").split(";")[0].strip().lower()
        )
        if content_type == "application/sparql-update":
            return error_response(
                request, 403, "updates are not allowed: this endpoint is read-only"
            )
        if content_type == "application/sparql-query":
            params["query"] = body.decode("utf-8", "replace")
        elif content_type == "application/x-www-form-urlencoded":
            fields = urllib.parse.parse_qsl(
                body.decode("utf-8", "replace"), keep_blank_values=True
            )
            params.update(fields)
            formats += [v for k, v in fields if k == "format"]
        else:
            return error_response(
                request,
                415,
                "expected application/sparql-query or"
                " application/x-www-form-urlencoded",
            )
    if "update" in params:
        return error_response(
            request, 403, "updates are not allowed: this endpoint is read-only"
        )
    if "query" not in params:
        if request.method == "POST":
            return error_response(
                request,
                400,
                "expected a 'query' (form field or application/sparql-query body)",
            )
        return _sparql_page(state, DEFAULT_QUERY, run=False)
    for key in ("default-graph-uri", "named-graph-uri"):
        if key in params:
            return error_response(
                request,
                400,
                f"{key} is not supported: queries run on the union of all graphs",
            )
    query = params["query"]
    try:
        form = check_safe(query)
    except QueryError as exc:
        return error_response(request, 400, str(exc))
    offered = FORM_MEDIA[form]
    fmt = ", ".join(formats)
    media: str | None
    if fmt:
        names = GRAPH_SHORT if form in ("CONSTRUCT", "DESCRIBE") else SHORT
        media = _format_media(formats, names, offered)
        if media is None:
            fits = ", ".join(k for k, v in names.items() if v in offered)
            return error_response(
                request,
                406,
                f"format={fmt!r} does not fit a {form} query; use one of {fits}",
            )
    elif wants_html(request):
        page = _sparql_page(state, query, run=True)
        page.headers["Vary"] = "Accept"
        return page
    else:
        accept = request.headers.get("accept", "")
        media = negotiate(accept, offered)
        if media is None:
            return error_response(
                request,
                406,
                f"cannot answer a {form} query in {accept}; use one of "
                + ", ".join(offered),
            )
    answer = await state.run(request, query, {}, [media])
    # The same URL answers in other formats for other Accept headers.
    return answer_response(answer, {"Vary": "Accept"})


def _format_media(
    formats: list[str], names: dict[str, str], offered: list[str]
) -> str | None:
    """The media type ``format`` parameters ask for, the first that fits.

    Each value is a short name (``json-ld``) or media types, comma-separated
    (SPARQLWrapper sends both: ``format=json-ld&format=application/ld+json,...``).

    Examples:
        >>> _format_media(
        ...     ["json-ld", "application/x-json+ld"],
        ...     {"json-ld": "application/ld+json"},
        ...     ["application/ld+json"],
        ... )
        'application/ld+json'
        >>> _format_media(["png"], {}, ["text/turtle"]) is None
        True
    """
    for value in formats:
        for part in value.split(","):
            name = part.strip()
            media = names.get(name.lower(), name)
            if media in offered:
                return media
    return None


def _sparql_page(state: ServerState, query: str, *, run: bool) -> Response:
    """The YASGUI page, with the query library as examples."""
    values = sample_values()
    examples = []
    for q in state.library.values():
        bindings = bind_params(
            q, {p.name: values[p.name] for p in q.params}, state.resolver
        )
        examples.append(
            {
                "name": q.name,
                "summary": q.summary,
                "query": substitute(q.text, bindings),
            }
        )
    config = {
        "query": query,
        "run": run,
        "examples": examples,
        "prefixes": {**PREFIXES, "id": str(ID)},
        "id": str(ID),
    }
    return render("sparql.html", title="SPARQL", examples=examples, config=config)
