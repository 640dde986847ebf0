"""``orgkg serve``: a read-only SPARQL 1.1 Protocol endpoint and analyst web pages.

An ASGI application (Starlette) served by uvicorn. Routes: ``/sparql`` (GET
and POST, content negotiation with q-values), ``/query`` (the query library
with forms, tables and downloads), ``/id/...`` (entity pages: HTML for
browsers, RDF for RDF clients), ``/viz`` (the network page).

What the server guarantees, and the README's security section explains:

* read-only: updates, ``SERVICE``, ``FROM`` and dataset parameters are refused
  on the parsed query, and every query runs in a sandboxed worker process that
  cannot open a network connection (``graph_builder.sandbox``), with a time
  limit and a result cap (``graph_builder.workers``);
* fair: each client gets a share of the workers (``graph_builder.scheduler``);
* robust: malformed requests get 400, oversized bodies 413 with the
  connection closed, stalled or idle connections are closed, connections are
  capped (``graph_builder.protocol``);
* one build: the server pins the build generation it started with, so every
  answer and page comes from the same build (restart to pick up a rebuild);
* DNS-rebinding protection (only loopback ``Host`` headers unless
  ``--allow-host`` names others) and a strict Content-Security-Policy on
  every response, errors included.
"""

import html
import json
import logging
import socket
import threading
import urllib.parse
from collections.abc import Sequence
from datetime import date
from http import HTTPStatus
from pathlib import Path
from typing import Any

import mimeparse
import pyoxigraph as ox
import uvicorn
from rdflib import URIRef
from rdflib.term import Node
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, request_response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_builder.build import STORE_NAME, open_store
from graph_builder.errors import QueryError
from graph_builder.generations import current_generation
from graph_builder.iris import ID, PREFIXES
from graph_builder.library import bind_params, load_library, parse_day
from graph_builder.paths import QUERIES_DIR
from graph_builder.protocol import guarded_protocol
from graph_builder.reference import ROLES
from graph_builder.resolve import Resolver
from graph_builder.scheduler import Busy, FairScheduler
from graph_builder.sparql import check_safe
from graph_builder.workers import GRAPH_FORMATS, RESULT_FORMATS, Answer, WorkerPool

__all__ = ["LOOPBACK_HOSTS", "OrgKGServer", "create_app", "make_server", "negotiate"]

log = logging.getLogger(__name__)

#: The largest request body accepted (a SPARQL query or form).
MAX_BODY = 1_000_000
#: Seconds a client may take to send a whole request.
REQUEST_TIMEOUT = 10.0
#: Seconds an idle keep-alive connection stays open.
KEEP_ALIVE = 5
#: Open connections beyond this many are closed at once.
MAX_CONNECTIONS = 128

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; connect-src 'self'; form-action 'self'; frame-src 'self'; "
    "frame-ancestors 'self'"
)
_ENTITY_OUT = """
PREFIX kg: <https://w3id.org/orgkg/def#>
SELECT ?s ?p ?o ?g ?passage WHERE {
  GRAPH ?g { ?s ?p ?o }
  OPTIONAL { ?s kg:statedIn/kg:text ?passage }
} ORDER BY ?p ?o ?g
"""
_ENTITY_IN = """
PREFIX kg: <https://w3id.org/orgkg/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?o ?s ?p ?type ?g ?passage WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER (?p != rdf:object)
  OPTIONAL { ?s a ?type }
  OPTIONAL { ?s kg:statedIn/kg:text ?passage }
} ORDER BY ?p ?s LIMIT 500
"""
_AGENT_KINDS = {
    "https://w3id.org/orgkg/def#State",
    "https://w3id.org/orgkg/def#RegionalOrganisation",
    "https://w3id.org/orgkg/def#InternationalOrganisation",
}
_ENTITY_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_ENTITY_KNOWN = "SELECT ?s WHERE { { ?s ?p ?o } UNION { ?x ?y ?s } } LIMIT 1"
_SOURCES = """
PREFIX kg: <https://w3id.org/orgkg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?doc ?label ?org WHERE {
  ?doc a kg:SourceDocument ; rdfs:label ?label .
  OPTIONAL { ?doc kg:aboutOrganisation ?org }
} ORDER BY ?label
"""
_STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #222; }
header { background: #2b3a4a; color: #fff; padding: 8px 16px; }
header a { color: #fff; margin-right: 16px; text-decoration: none; font-weight: 600; }
main { padding: 12px 16px; max-width: 1200px; }
table { border-collapse: collapse; margin: 8px 0; }
td, th { border: 1px solid #ddd; padding: 3px 6px; vertical-align: top; }
th { text-align: left; }
th { background: #f3f3f3; }
textarea { width: 100%; height: 14em; font-family: monospace; }
form.q { border: 1px solid #ddd; padding: 8px; margin: 8px 0; }
.muted { color: #777; } .err { color: #b00; white-space: pre-wrap; }
"""


def _page(title: str, body: str) -> bytes:
    nav = (
        '<a href="/">orgkg</a><a href="/query">Query library</a>'
        '<a href="/sparql">SPARQL</a><a href="/viz">Network</a>'
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><header>{nav}</header><main><h1>{html.escape(title)}</h1>{body}</main></body></html>"
    ).encode()


def _link(term: str) -> str:
    """An entity link for orgkg IRIs, a prefixed name or escaped text otherwise.

    A named graph links to its source document, which has the same local name.
    """
    if term.startswith(str(ID)):
        local = term.removeprefix(str(ID))
        path = "/id/" + (
            "source/" + local.removeprefix("graph/")
            if local.startswith("graph/")
            else local
        )
        text = html.escape(term.removeprefix(str(ID)))
        return f'<a href="{html.escape(path)}">{text}</a>'
    for prefix, namespace in PREFIXES.items():
        if term.startswith(namespace) and term != namespace:
            return html.escape(f"{prefix}:{term.removeprefix(namespace)}")
    return html.escape(term)


def _cell(binding: dict[str, str] | None) -> str:
    if not binding:
        return ""
    return (
        _link(binding["value"])
        if binding["type"] == "uri"
        else html.escape(binding["value"])
    )


def _table(answer: Answer) -> str:
    data = json.loads(answer.body)
    if "boolean" in data:
        return f"<p>{html.escape(str(data['boolean']).lower())}</p>"
    columns = data["head"]["vars"]
    rows = data["results"]["bindings"]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(r.get(c))}</td>" for c in columns) + "</tr>"
        for r in rows
    )
    return f'<p class="muted">{len(rows)} rows</p><table><tr>{head}</tr>{body}</table>'


# -- content negotiation ----------------------------------------------------------

_ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
}
_SHORT = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
#: For CONSTRUCT and DESCRIBE, ``xml`` and ``json`` name the RDF formats, as
#: SPARQLWrapper and other endpoints read them.
_GRAPH_SHORT = {
    **_SHORT,
    "xml": "application/rdf+xml",
    "json": "application/ld+json",
}
_FORM_MEDIA = {
    "SELECT": list(RESULT_FORMATS),
    "ASK": list(RESULT_FORMATS),
    "CONSTRUCT": list(GRAPH_FORMATS),
    "DESCRIBE": list(GRAPH_FORMATS),
}


def negotiate(accept: str, offered: Sequence[str]) -> str | None:
    """The offered media type the ``Accept`` header ranks best, by q-value.

    An absent or empty header accepts anything; ranges that do not parse are
    ignored; ties go to the earlier offer.

    Examples:
        >>> negotiate("text/turtle;q=0.9, text/html", ["text/turtle", "text/html"])
        'text/html'
        >>> negotiate("", ["text/turtle", "text/html"])
        'text/turtle'
        >>> negotiate("image/png", ["text/turtle"]) is None
        True
    """
    ranges = []
    for part in accept.split(","):
        media = part.strip()
        if not media:
            continue
        try:
            mimeparse.parse_media_range(media)
        except (mimeparse.MimeTypeParseException, ValueError):
            continue
        ranges.append(media)
    if not ranges:
        if accept.strip():
            return None
        ranges = ["*/*"]
    aliased = [(alias, real) for alias, real in _ALIASES.items() if real in offered]
    candidates = [*offered, *(alias for alias, _ in aliased)]
    # mimeparse breaks ties in favour of the later candidate: offer in reverse.
    best = mimeparse.best_match(list(reversed(candidates)), ", ".join(ranges))
    return _ALIASES.get(best, best) or None


# -- the application -----------------------------------------------------------------


class _Guard:
    """ASGI middleware: Host check and security headers on every response."""

    def __init__(self, app: ASGIApp, allowed_hosts: frozenset[str]) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
        name = (
            host.rsplit(":", 1)[0]
            if not host.startswith("[")
            else host.split("]")[0] + "]"
        )
        if name.lower() not in self.allowed_hosts:
            response = _error_response(
                Request(scope),
                403,
                f"Host {host!r} is not allowed; start the server with --allow-host"
                " to permit it",
            )
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return negotiate(accept, ["application/octet-stream", "text/html"]) == "text/html"


def _error_response(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    if _wants_html(request):
        title = f"{status} {HTTPStatus(status).phrase}"
        body = _page(title, f'<p class="err">{html.escape(message)}</p>')
        return Response(body, status, headers, "text/html; charset=utf-8")
    return Response(message + "\n", status, headers, "text/plain; charset=utf-8")


def _answer_response(answer: Answer, headers: dict[str, str] | None = None) -> Response:
    media = answer.media_type
    if media.startswith("text/"):
        media += "; charset=utf-8"
    return Response(answer.body, answer.status, headers, media)


class _App:
    """The server's state and route handlers."""

    def __init__(
        self,
        build_dir: Path,
        *,
        workers: int,
        timeout: float,
        cap: int,
        queries_dir: Path,
    ) -> None:
        # One generation for the server's whole life: workers, pages and /viz
        # all answer from the same build (a rebuild is picked up on restart).
        self.build_dir = current_generation(build_dir)
        self.pool = WorkerPool(
            self.build_dir / STORE_NAME, size=workers, timeout=timeout, cap=cap
        )
        self.scheduler = FairScheduler(workers, wait=2 * timeout + 1)
        self.library = load_library(queries_dir)
        self.resolver = Resolver()

    async def run(
        self, request: Request, query: str, bindings: dict[str, Node], accept: list[str]
    ) -> Answer:
        """Run a query in a worker, within the client's fair share."""
        client = request.client.host if request.client else "?"
        try:
            async with self.scheduler.slot(client):
                return await run_in_threadpool(self.pool.run, query, bindings, accept)
        except Busy as exc:
            return Answer(exc.status, "text/plain", str(exc).encode())

    # -- /sparql ------------------------------------------------------------------

    async def sparql(self, request: Request) -> Response:
        if request.method == "OPTIONS":  # not a CORS preflight (that is answered
            # by the CORS middleware): say what is allowed
            return Response(
                status_code=204, headers={"Allow": "GET, HEAD, POST, OPTIONS"}
            )
        params = dict(request.query_params.multi_items())
        if request.method == "POST":
            body = await _read_body(request)
            if isinstance(body, Response):
                return body
            content_type = (
                request.headers.get("content-type", "").split(";")[0].strip().lower()
            )
            if content_type == "application/sparql-update":
                return _error_response(
                    request, 403, "updates are not allowed: this endpoint is read-only"
                )
            if content_type == "application/sparql-query":
                params["query"] = body.decode("utf-8", "replace")
            elif content_type == "application/x-www-form-urlencoded":
                fields = urllib.parse.parse_qsl(
                    body.decode("utf-8", "replace"), keep_blank_values=True
                )
                params.update(fields)
            else:
                return _error_response(
                    request,
                    415,
                    "expected application/sparql-query or"
                    " application/x-www-form-urlencoded",
                )
        if "update" in params:
            return _error_response(
                request, 403, "updates are not allowed: this endpoint is read-only"
            )
        if "query" not in params:
            if request.method == "POST":
                return _error_response(
                    request,
                    400,
                    "expected a 'query' (form field or application/sparql-query body)",
                )
            return _html(_page("SPARQL", _form_html(_DEFAULT_QUERY)))
        for key in ("default-graph-uri", "named-graph-uri"):
            if key in params:
                return _error_response(
                    request,
                    400,
                    f"{key} is not supported: queries run on the union of all graphs",
                )
        query = params["query"]
        try:
            form = check_safe(query)
        except QueryError as exc:
            return _error_response(request, 400, str(exc))
        offered = _FORM_MEDIA[form]
        fmt = params.get("format", "")
        media: str | None
        if fmt:
            names = _GRAPH_SHORT if form in ("CONSTRUCT", "DESCRIBE") else _SHORT
            media = names.get(fmt)
            if media is None or media not in offered:
                fits = ", ".join(k for k, v in names.items() if v in offered)
                return _error_response(
                    request,
                    406,
                    f"format={fmt!r} does not fit a {form} query; use one of {fits}",
                )
        elif _wants_html(request):
            answer = await self.run(
                request, query, {}, ["application/sparql-results+json"]
            )
            if form in ("SELECT", "ASK") and answer.status == 200:
                result = _table(answer)
            elif answer.status == 200:
                result = f"<pre>{html.escape(answer.body.decode())}</pre>"
            else:
                result = f'<p class="err">{html.escape(answer.body.decode())}</p>'
            return _html(
                _page("SPARQL results", _form_html(query) + result), answer.status
            )
        else:
            accept = request.headers.get("accept", "")
            media = negotiate(accept, offered)
            if media is None:
                return _error_response(
                    request,
                    406,
                    f"cannot answer a {form} query in {accept}; use one of "
                    + ", ".join(offered),
                )
        answer = await self.run(request, query, {}, [media])
        return _answer_response(answer)

    # -- pages --------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        answer = await self.run(
            request, _SOURCES, {}, ["application/sparql-results+json"]
        )
        body = (
            "<p>A knowledge graph of international and regional organisations,"
            " states and agreements, with the source of every fact.</p>"
        )
        body += "<h2>Sources</h2>" + (_table(answer) if answer.status == 200 else "")
        return _html(_page("orgkg", body))

    async def library_page(self, request: Request) -> Response:
        parts = []
        for q in self.library.values():
            fields = []
            for p in q.params:
                name = html.escape(p.name)
                if p.type == "role":
                    options = "".join(
                        f"<option>{html.escape(r)}</option>" for r in ROLES
                    )
                    fields.append(
                        f'<label>{name} <select name="{name}">{options}</select>'
                        "</label>"
                    )
                else:
                    kind = "date" if p.type == "date" else "text"
                    fields.append(
                        f'<label>{name} <input type="{kind}" name="{name}" required'
                        f' title="{html.escape(p.description)}"></label>'
                    )
            parts.append(
                f'<form class="q" method="get" action="/query/{html.escape(q.name)}"'
                f' id="q-{html.escape(q.name)}"><b>{html.escape(q.name)}</b>:'
                f" {html.escape(q.summary)}<br>{' '.join(fields)} "
                "<button>Run</button></form>"
            )
        return _html(_page("Query library", "".join(parts)))

    async def named(self, request: Request) -> Response:
        name = request.path_params["name"]
        query = self.library.get(name)
        if query is None:
            return _error_response(request, 404, f"no query named {name!r}")
        params = dict(request.query_params.multi_items())
        fmt = params.pop("format", "html")
        try:
            bindings = bind_params(query, params, self.resolver)
        except QueryError as exc:
            return _error_response(request, 400, str(exc))
        media = {
            "json": "application/sparql-results+json",
            "csv": "text/csv",
            "tsv": "text/tab-separated-values",
        }.get(fmt)
        if media is None and fmt != "html":
            return _error_response(
                request, 406, f"format={fmt!r}: use one of html, json, csv, tsv"
            )
        answer = await self.run(
            request, query.text, bindings, [media or "application/sparql-results+json"]
        )
        if media:
            headers = (
                {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
                if answer.status == 200
                else None
            )
            return _answer_response(answer, headers)
        if answer.status != 200:
            return _error_response(request, answer.status, answer.body.decode())
        qs = urllib.parse.urlencode(list(params.items()))
        href = f"?{html.escape(qs)}&amp;format="
        links = (
            f'<p>Download <a href="{href}csv">CSV</a> · '
            f'<a href="{href}json">JSON</a></p>'
        )
        return _html(
            _page(
                query.name,
                f"<p>{html.escape(query.summary)}</p>{links}{_table(answer)}",
            )
        )

    async def entity(self, request: Request) -> Response:
        iri = str(ID) + request.path_params["path"]
        try:
            ox.NamedNode(iri)
        except ValueError:
            return _error_response(request, 404, f"not a valid IRI: {iri!r}")
        subject: dict[str, Node] = {"s": URIRef(iri)}
        fmt = request.query_params.get("format", "")
        offered = ["text/html", *GRAPH_FORMATS]
        if fmt:
            media = {"html": "text/html", **_GRAPH_SHORT}.get(fmt)
            if media not in offered:
                return _error_response(
                    request,
                    406,
                    f"format={fmt!r}: use one of html, turtle, ntriples, jsonld,"
                    " rdfxml",
                )
        else:
            media = negotiate(request.headers.get("accept", ""), offered)
            if media is None:
                return _error_response(
                    request,
                    406,
                    "cannot answer in the accepted media types; use one of "
                    + ", ".join(offered),
                )
        if media in GRAPH_FORMATS:
            known = await self.run(
                request, _ENTITY_KNOWN, subject, ["application/sparql-results+json"]
            )
            if known.status != 200:
                return _answer_response(known)
            if not json.loads(known.body)["results"]["bindings"]:
                return _error_response(request, 404, f"nothing is known about {iri}")
            answer = await self.run(request, _ENTITY_TRIPLES, subject, [media])
            return _answer_response(answer, {"Vary": "Accept"})
        return await self._entity_page(request, iri)

    async def _entity_page(self, request: Request, iri: str) -> Response:
        out = await self.run(
            request,
            _ENTITY_OUT,
            {"s": URIRef(iri)},
            ["application/sparql-results+json"],
        )
        incoming = await self.run(
            request, _ENTITY_IN, {"o": URIRef(iri)}, ["application/sparql-results+json"]
        )
        for answer in (out, incoming):
            if answer.status != 200:
                return _error_response(request, answer.status, answer.body.decode())
        facts = json.loads(out.body)["results"]["bindings"]
        refs = json.loads(incoming.body)["results"]["bindings"]
        if not facts and not refs:
            return _error_response(request, 404, f"nothing is known about {iri}")
        label = next(
            (f["o"]["value"] for f in facts if f["p"]["value"].endswith("#label")),
            iri.removeprefix(str(ID)),
        )
        rows = "".join(
            f"<tr><td>{_cell(f['p'])}</td><td>{_cell(f['o'])}</td><td>{_cell(f['g'])}</td></tr>"
            for f in facts
        )
        back = "".join(
            f"<tr><td>{_cell(r['s'])}</td><td>{_cell(r.get('type'))}</td><td>{_cell(r['p'])}</td>"
            f"<td>{_cell(r['g'])}</td><td>{_cell(r.get('passage'))}</td></tr>"
            for r in refs
        )
        body = (
            f'<p class="muted">{html.escape(iri)} · <a href="/id/'
            f'{html.escape(iri.removeprefix(str(ID)))}?format=turtle">Turtle</a></p>'
            "<h2>Statements</h2><table><tr><th>property</th><th>value</th>"
            f"<th>graph (source)</th></tr>{rows}</table>"
            "<h2>Referenced by</h2><table><tr><th>fact</th><th>type</th><th>as</th>"
            f"<th>graph (source)</th><th>passage</th></tr>{back}</table>"
        )
        kinds = {
            str(f["o"]["value"]) for f in facts if f["p"]["value"].endswith("#type")
        }
        if kinds & _AGENT_KINDS:
            query = urllib.parse.urlencode(
                {"entity": iri, "as_of": date.today().isoformat()}
            )
            body += (
                "<h2>Ego network today</h2>"
                f'<iframe src="/viz?{html.escape(query)}" title="ego network"'
                ' style="width:100%;height:520px;border:1px solid #ddd"></iframe>'
            )
        return _html(_page(label, body))

    async def viz(self, request: Request) -> Response:
        text = request.query_params.get("as_of", "today")
        try:
            as_of = parse_day(text, f"as_of={text!r}")
        except QueryError as exc:
            return _error_response(request, 400, str(exc))
        entity = request.query_params.get("entity", "")
        page = await run_in_threadpool(self._viz_page, as_of, entity)
        if page is None:
            return _error_response(
                request, 404, f"{entity} has no memberships on {as_of}"
            )
        return _html(page)

    def _viz_page(self, as_of: date, entity: str) -> bytes | None:
        import tempfile

        from viz.html import network_page, write_page
        from viz.project import membership_graph, memberships

        graph = membership_graph(memberships(open_store(self.build_dir), as_of), as_of)
        title = f"Memberships on {as_of.isoformat()}"
        if entity:
            from viz.metrics import ego

            if entity not in graph:
                return None
            graph = ego(graph, entity, radius=1)
            title = f"{graph.nodes[entity].get('label', entity)} on {as_of.isoformat()}"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "network.html"
            write_page(network_page(graph, title), path, subtitle="orgkg")
            return path.read_bytes()


_DEFAULT_QUERY = (
    "PREFIX org: <http://www.w3.org/ns/org#>\n"
    "SELECT ?org ?member WHERE {\n"
    "  ?m org:organization ?org ; org:member ?member .\n"
    "} LIMIT 20"
)


def _html(body: bytes, status: int = 200) -> Response:
    return Response(body, status, media_type="text/html; charset=utf-8")


def _form_html(query: str) -> str:
    return (
        '<form method="post" action="/sparql" class="q">'
        '<textarea name="query" aria-label="SPARQL query">'
        f"{html.escape(query)}</textarea><br><button>Run</button> "
        '<span class="muted">SELECT, ASK, CONSTRUCT and DESCRIBE over the union'
        " of all graphs; no updates, SERVICE, FROM or LOAD.</span></form>"
    )


async def _read_body(request: Request) -> bytes | Response:
    """The request body, or a 413 that closes the connection when it is too large."""
    too_large = _error_response(
        request,
        413,
        f"request body too large: at most {MAX_BODY} bytes",
        {"Connection": "close"},
    )
    declared = request.headers.get("content-length")
    if declared is not None and int(declared) > MAX_BODY:  # h11 checked it is a number
        return too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return too_large
    return bytes(body)


def create_app(
    build_dir: Path,
    *,
    workers: int = 4,
    timeout: float = 10.0,
    cap: int = 10_000,
    allowed_hosts: Sequence[str] = (),
    queries_dir: Path = QUERIES_DIR,
) -> tuple[Starlette, "_App"]:
    """The ASGI application over the build in ``build_dir``, and its state."""
    state = _App(
        build_dir, workers=workers, timeout=timeout, cap=cap, queries_dir=queries_dir
    )
    routes = [
        Route("/", state.home, methods=["GET"]),
        # CORS on the endpoint only, so a SPARQL client in a page served
        # elsewhere (YASGUI, a notebook) can query it; the pages need none.
        Route(
            "/sparql",
            CORSMiddleware(
                request_response(state.sparql),
                allow_origins=["*"],
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
                max_age=600,
            ),
            methods=["GET", "POST", "OPTIONS"],
        ),
        Route("/query", state.library_page, methods=["GET"]),
        Route("/query/{name}", state.named, methods=["GET"]),
        Route("/id/{path:path}", state.entity, methods=["GET"]),
        Route("/viz", state.viz, methods=["GET"]),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(_Guard, allowed_hosts=LOOPBACK_HOSTS | set(allowed_hosts))
    return app, state


class OrgKGServer:
    """uvicorn serving the orgkg application on a socket bound at creation.

    ``serve_forever``, ``shutdown`` and ``server_close`` mirror
    ``socketserver`` so the CLI and tests can run it in a thread.
    """

    def __init__(
        self,
        address: tuple[str, int],
        build_dir: Path,
        *,
        workers: int = 4,
        timeout: float = 10.0,
        cap: int = 10_000,
        allowed_hosts: Sequence[str] = (),
        queries_dir: Path = QUERIES_DIR,
        max_connections: int = MAX_CONNECTIONS,
        request_timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        """Start the workers and bind the socket (port 0 picks a free one)."""
        self.app, self.state = create_app(
            build_dir,
            workers=workers,
            timeout=timeout,
            cap=cap,
            allowed_hosts=allowed_hosts,
            queries_dir=queries_dir,
        )
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.socket.bind(address)
        except OSError as exc:
            self.state.pool.close()
            raise QueryError(
                f"cannot listen on {address[0]}:{address[1]}: {exc}"
            ) from exc
        self.socket.listen(2048)  # connections queue until uvicorn accepts them
        self.server_address: tuple[str, int] = self.socket.getsockname()[:2]
        config = uvicorn.Config(
            self.app,
            http=guarded_protocol(request_timeout, max_connections),
            lifespan="off",
            limit_concurrency=max_connections,
            timeout_keep_alive=KEEP_ALIVE,
            log_level=logging.WARNING,
            access_log=False,
            server_header=False,
        )
        self._uvicorn = uvicorn.Server(config)
        self._stopped = threading.Event()

    @property
    def pool(self) -> WorkerPool:
        """The query workers."""
        return self.state.pool

    @property
    def library(self) -> dict[str, Any]:
        """The query library the server offers."""
        return self.state.library

    @property
    def build_dir(self) -> Path:
        """The pinned build generation."""
        return self.state.build_dir

    def serve_forever(self) -> None:
        """Serve until :meth:`shutdown` (or Ctrl-C in the main thread)."""
        try:
            self._uvicorn.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop serving and wait until the server has stopped."""
        self._uvicorn.should_exit = True
        self._stopped.wait(30)

    def server_close(self) -> None:
        """Close the socket and stop the workers."""
        self.socket.close()
        self.state.pool.close()


def make_server(
    build_dir: Path, host: str = "127.0.0.1", port: int = 8000, **kwargs: Any
) -> OrgKGServer:
    """Create (not start) a server for the build in ``build_dir``."""
    return OrgKGServer((host, port), build_dir, **kwargs)
