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

from __future__ import annotations

import asyncio
import functools
import json
import logging
import socket
import threading
import urllib.parse
from collections.abc import Sequence
from datetime import date
from http import HTTPStatus
from importlib import resources
from pathlib import Path
from typing import Any

import mimeparse
import networkx as nx
import pyoxigraph as ox
import uvicorn
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route, request_response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_builder.build import STORE_NAME, open_resolver, open_spans, open_store
from graph_builder.errors import QueryError
from graph_builder.generations import current_generation
from graph_builder.iris import ID, PREFIXES, shorten
from graph_builder.library import bind_params, bind_value, load_library, parse_day
from graph_builder.paths import QUERIES_DIR
from graph_builder.protocol import guarded_protocol
from graph_builder.reference import ROLES
from graph_builder.remote import substitute
from graph_builder.scheduler import Busy, FairScheduler
from graph_builder.sparql import check_safe
from graph_builder.web import (
    AGENT_KINDS,
    RDF_TYPE,
    Catalogue,
    environment,
    fold,
    href,
    only,
    ontology_terms,
    sample_values,
    summary,
    timeline,
)
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
#: Every page: scripts and styles from this server only, no inline script.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'"
)
#: The network page is also written as one self-contained file (``orgkg viz``),
#: so its script is inline; it still loads and sends nothing elsewhere.
_ENTITY_FACTS = """
PREFIX kg: <https://w3id.org/orgkg/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?p ?o (SAMPLE(?ol) AS ?olabel) (GROUP_CONCAT(DISTINCT STR(?g); separator=" ")
       AS ?graphs) (SAMPLE(?text) AS ?passage) WHERE {
  GRAPH ?g { ?s ?p ?o }
  OPTIONAL { ?o rdfs:label ?ol }
  OPTIONAL {
    { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
          kg:statedIn/kg:text ?text }
    UNION { ?s kg:statedIn/kg:text ?text }
  }
} GROUP BY ?s ?p ?o ORDER BY ?p ?o
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
_ENTITY_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_ENTITY_KNOWN = "SELECT ?s WHERE { { ?s ?p ?o } UNION { ?x ?y ?s } } LIMIT 1"
_JSON = ["application/sparql-results+json"]
_TEMPLATES = environment()

#: The sections of an organisation's page: (id, title, query, parameters
#: besides the organisation, columns not shown).
_ORG_SECTIONS: list[tuple[str, str, str, dict[str, str], tuple[str, ...]]] = [
    (
        "members",
        "Members",
        "members_of_organisation",
        {"role": "member"},
        ("org", "role", "as_of", "evidenceDate"),
    ),
    ("observers", "Observers", "observers_of_organisation", {}, ("org",)),
    ("advisers", "Permanent advisers", "advisers_of_organisation", {}, ("org",)),
    (
        "partners",
        "MoU and cooperation partners",
        "mou_partners_of_organisation",
        {},
        ("org",),
    ),
    ("agreements", "Agreements", "agreements_of_organisation", {}, ("org", "parties")),
    ("operations", "Operations", "operations_of_organisation", {}, ("org",)),
    ("predecessors", "Predecessors", "predecessors_of_organisation", {}, ("org",)),
]
#: Whole-graph reports an organisation's page shows its own rows of.
_ORG_REPORTS: list[tuple[str, str, str, str, tuple[str, ...], str]] = [
    (
        "claims",
        "Overlap claims and the claims check",
        "claims_check",
        "org",
        ("claim", "org", "orgLabel", "other"),
        "What the source states against what the curated reference data gives on"
        " the source's date.",
    ),
    (
        "counts",
        "Member counts by source",
        "member_counts_by_source",
        "org",
        ("org", "orgLabel"),
        "",
    ),
    (
        "conflicts",
        "Where sources disagree",
        "source_conflicts",
        "org",
        ("org", "orgLabel"),
        "",
    ),
]


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
    return _negotiate(accept, tuple(offered))


@functools.lru_cache(maxsize=512)  # clients send the same few Accept headers
def _negotiate(accept: str, offered: tuple[str, ...]) -> str | None:
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
                if not any(k == b"content-security-policy" for k, _ in headers):
                    headers.append((b"content-security-policy", CSP.encode()))
                headers += [
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
        return _render("error.html", status, headers, title=title, message=message)
    return Response(message + "\n", status, headers, "text/plain; charset=utf-8")


def _render(
    template: str,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> Response:
    """A page from its template (autoescaped)."""
    body = _TEMPLATES.get_template(template).render(**context)
    return Response(body, status, headers, "text/html; charset=utf-8")


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
        self.resolver = open_resolver(self.build_dir)
        self.catalogue = Catalogue(
            open_store(self.build_dir), self.library, date.today()
        )
        self.terms = ontology_terms()
        # Other names of each entity, for the explorer's search.
        self.names = {
            iri: sorted(entry.names) for iri, entry in self.catalogue.entries.items()
        }
        # Tables name a source by its title, not its file name.
        self.documents = {s["file"]: s for s in self.catalogue.sources if s["file"]}
        self._viz_lock = threading.Lock()
        self._spans: nx.MultiDiGraph[str] | None = None
        self._full_net: Any = None

    async def run(
        self, request: Request, query: str, bindings: dict[str, Node], accept: list[str]
    ) -> Answer:
        """Run a query in a worker, within the client's fair share."""
        client = request.client.host if request.client else "?"
        try:
            async with self.scheduler.slot(client):
                return await self.pool.run_async(query, bindings, accept)
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
            return self._sparql_page(_DEFAULT_QUERY, run=False)
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
            return self._sparql_page(query, run=True)
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

    def _sparql_page(self, query: str, *, run: bool) -> Response:
        """The YASGUI page, with the query library as examples."""
        values = sample_values()
        examples = []
        for q in self.library.values():
            bindings = bind_params(
                q, {p.name: values[p.name] for p in q.params}, self.resolver
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
        return _render("sparql.html", title="SPARQL", examples=examples, config=config)

    async def home(self, request: Request) -> Response:
        return _render(
            "home.html",
            title="orgkg",
            organisations=self.catalogue.organisations(),
            sources=self.catalogue.sources,
            today=date.today().isoformat(),
        )

    async def search_page(self, request: Request) -> Response:
        q = request.query_params.get("q", "")
        results = self.catalogue.search(q, limit=50)
        exact = {e.iri: e for e, name in results if fold(name) == fold(q)}
        if len(exact) == 1:  # "SELEC", "Croatia", "HRV": straight to the page
            return RedirectResponse(next(iter(exact.values())).href, status_code=303)
        return _render("search.html", title=f"Search: {q}", results=results, q=q)

    async def search_api(self, request: Request) -> Response:
        hits = self.catalogue.search(request.query_params.get("q", ""))
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

    async def prefixes_api(self, request: Request) -> Response:
        return JSONResponse({**PREFIXES, "id": str(ID)})

    async def terms_api(self, request: Request) -> Response:
        kind = request.query_params.get("kind", "")
        if kind not in self.terms:
            return _error_response(request, 400, "kind: expected class or property")
        return JSONResponse(self.terms[kind])

    async def library_page(self, request: Request) -> Response:
        return _render(
            "library.html",
            title="Query library",
            queries=list(self.library.values()),
            roles=list(ROLES),
            today=date.today().isoformat(),
        )

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
        return _render(
            "named.html",
            title=query.name,
            query=query,
            qs=urllib.parse.urlencode(list(params.items())),
            data=json.loads(answer.body),
            documents=self.documents,
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

    async def _json(
        self, request: Request, query: str, bindings: dict[str, Node]
    ) -> dict[str, Any]:
        """A query's SPARQL JSON result, or an error page raised as HTTPException."""
        answer = await self.run(request, query, bindings, _JSON)
        if answer.status != 200:
            raise HTTPException(answer.status, answer.body.decode())
        data: dict[str, Any] = json.loads(answer.body)
        return data

    async def _entity_page(self, request: Request, iri: str) -> Response:
        text = request.query_params.get("as_of", "today")
        try:
            as_of = parse_day(text, f"as_of={text!r}")
        except QueryError as exc:
            return _error_response(request, 400, str(exc))
        subject: dict[str, Node] = {"s": URIRef(iri)}
        try:
            facts = (await self._json(request, _ENTITY_FACTS, subject))["results"][
                "bindings"
            ]
            refs = (await self._json(request, _ENTITY_IN, {"o": URIRef(iri)}))[
                "results"
            ]["bindings"]
        except HTTPException as exc:
            return _error_response(request, exc.status_code, str(exc.detail))
        if not facts and not refs:
            return _error_response(request, 404, f"nothing is known about {iri}")
        types = [f["o"]["value"] for f in facts if f["p"]["value"] == RDF_TYPE]
        kind = next((AGENT_KINDS[t] for t in types if t in AGENT_KINDS), "")
        label = next(
            (f["o"]["value"] for f in facts if f["p"]["value"].endswith("#label")),
            iri.removeprefix(str(ID)),
        )
        context: dict[str, Any] = {
            "title": label,
            "iri": iri,
            "kind": kind or ", ".join(shorten(t) for t in types),
            "as_of": as_of.isoformat(),
            "summary": summary(facts) if kind else [],
            "statements": facts,
            "referenced": [] if kind else refs,
            "sections": [],
            "timeline": None,
            "ego": "",
        }
        if kind:
            query = urllib.parse.urlencode({"entity": iri, "as_of": as_of.isoformat()})
            context["ego"] = f"/viz?{query}&embed=1"
        try:
            if kind == "State":
                await self._state_sections(request, iri, as_of, context)
            elif kind:
                await self._org_sections(request, iri, as_of, context)
        except HTTPException as exc:
            return _error_response(request, exc.status_code, str(exc.detail))
        return _render("entity.html", documents=self.documents, **context)

    async def _org_sections(
        self, request: Request, iri: str, as_of: date, context: dict[str, Any]
    ) -> None:
        org = URIRef(iri)
        day = Literal(as_of.isoformat(), datatype=XSD.date)

        async def section(
            spec: tuple[str, str, str, dict[str, str], tuple[str, ...]],
        ) -> dict[str, Any]:
            ident, title, name, extra, hide = spec
            query = self.library[name]
            values: dict[str, Node] = {"org": org}
            if any(p.name == "as_of" for p in query.params):
                values["as_of"] = day
                title = f"{title} on {as_of.isoformat()}"
            params = {p.name: p for p in query.params}
            for key, value in extra.items():
                values[key] = bind_value(params[key], value, self.resolver)
            data = await self._json(request, query.text, values)
            return {"id": ident, "title": title, "data": data, "hide": hide, "note": ""}

        sections = list(await asyncio.gather(*(section(s) for s in _ORG_SECTIONS)))
        for ident, title, name, column, hide, note in _ORG_REPORTS:
            data = await self._json(request, self.library[name].text, {})
            sections.append(
                {
                    "id": ident,
                    "title": title,
                    "data": only(data, column, iri),
                    "hide": hide,
                    "note": note,
                }
            )
        context["sections"] = sections

    async def _state_sections(
        self, request: Request, iri: str, as_of: date, context: dict[str, Any]
    ) -> None:
        state = URIRef(iri)
        day = Literal(as_of.isoformat(), datatype=XSD.date)
        current, history = await asyncio.gather(
            self._json(
                request,
                self.library["organisations_of_state"].text,
                {"state": state, "as_of": day},
            ),
            self._json(
                request, self.library["memberships_of_state"].text, {"state": state}
            ),
        )
        context["timeline"] = timeline(history["results"]["bindings"], date.today())
        context["sections"] = [
            {
                "id": "organisations",
                "title": f"Organisations on {as_of.isoformat()}",
                "data": current,
                "hide": ("state", "as_of", "evidenceDate"),
                "note": "",
            },
            {
                "id": "memberships",
                "title": "Every membership, by source",
                "data": history,
                "hide": ("state",),
                "note": "",
            },
        ]

    async def viz(self, request: Request) -> Response:
        text = request.query_params.get("as_of", "today")
        try:
            as_of = parse_day(text, f"as_of={text!r}")
        except QueryError as exc:
            return _error_response(request, 400, str(exc))
        entity = request.query_params.get("entity", "")
        embed = request.query_params.get("embed", "") == "1"
        page = await run_in_threadpool(self._viz_page, as_of, entity, embed)
        if page is None:
            return _error_response(request, 404, f"{entity} has no memberships")
        return HTMLResponse(page)

    async def network_api(self, request: Request) -> Response:
        """The neighbours of ``entity`` over time, as the explorer's JSON."""
        entity = request.query_params.get("entity", "")
        graph = await run_in_threadpool(self._span_graph)
        if entity not in graph:
            return _error_response(request, 404, f"{entity!r} has no memberships")
        from viz.html import edge_entries, node_entry
        from viz.metrics import ego

        sub = ego(graph, entity, radius=1)
        return JSONResponse(
            {
                "nodes": [
                    node_entry(
                        graph, n, names=self.names.get(n, ()), link=self._link(n)
                    )
                    for n in sorted(sub)
                ],
                "edges": edge_entries(sub),
            }
        )

    async def viz_asset(self, request: Request) -> Response:
        from viz.html import asset

        name = request.path_params["name"]
        body = asset(name)
        if body is None:
            return _error_response(request, 404, f"no such file: {name}")
        media = "text/css" if name.endswith(".css") else "text/javascript"
        return Response(
            body,
            media_type=f"{media}; charset=utf-8",
            headers={"Cache-Control": "max-age=3600"},
        )

    def _span_graph(self) -> nx.MultiDiGraph[str]:
        """Every membership with its days, read once (the build is pinned)."""
        with self._viz_lock:
            if self._spans is None:
                from viz.project import span_graph

                self._spans = span_graph(open_spans(self.build_dir))
            return self._spans

    @staticmethod
    def _link(iri: str) -> str:
        return href(iri) if iri.startswith(str(ID)) else ""

    def _viz_page(self, as_of: date, entity: str, embed: bool) -> str | None:
        from viz.html import network_page, render_page

        graph = self._span_graph()
        if entity:
            from viz.metrics import ego

            if entity not in graph:
                return None
            sub = ego(graph, entity, radius=1)
            title = f"{graph.nodes[entity].get('label', entity)}: neighbours"
            net = network_page(sub, title, names=self.names, link=self._link)
        else:
            with self._viz_lock:
                if self._full_net is None:
                    self._full_net = network_page(
                        graph,
                        "Memberships over time",
                        names=self.names,
                        link=self._link,
                    )
                net = self._full_net
        return render_page(
            net,
            subtitle=f"{len(net.nodes)} nodes, {len(net.edges)} links over time",
            as_of=as_of,
            focus=entity,
            served=True,
            expand_url="/api/network?entity=",
            embed=embed,
        )


_DEFAULT_QUERY = """PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?organisation (COUNT(DISTINCT ?member) AS ?members) WHERE {
  ?m org:organization ?o ; org:member ?member .
  ?o rdfs:label ?organisation .
} GROUP BY ?organisation ORDER BY DESC(?members)"""


async def _read_body(request: Request) -> bytes | Response:
    """The request body, or a 413 that closes the connection when it is too large."""
    too_large = _error_response(
        request,
        413,
        f"request body too large: at most {MAX_BODY} bytes",
        {"Connection": "close"},
    )
    declared = request.headers.get("content-length")
    if declared is not None and int(declared) > MAX_BODY:  # llhttp checked: a number
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
) -> tuple[Starlette, _App]:
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
        Route("/search", state.search_page, methods=["GET"]),
        Route("/api/search", state.search_api, methods=["GET"]),
        Route("/api/prefixes", state.prefixes_api, methods=["GET"]),
        Route("/api/terms", state.terms_api, methods=["GET"]),
        # Before the /static mount, which would answer first: the explorer's
        # files come from the viz and pyvis packages.
        Route("/static/viz/{name}", state.viz_asset, methods=["GET"]),
        Mount(
            "/static",
            StaticFiles(directory=str(resources.files("graph_builder") / "static")),
        ),
        Route("/query", state.library_page, methods=["GET"]),
        Route("/query/{name}", state.named, methods=["GET"]),
        Route("/id/{path:path}", state.entity, methods=["GET"]),
        Route("/viz", state.viz, methods=["GET"]),
        Route("/api/network", state.network_api, methods=["GET"]),
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
            # Not behind a proxy: X-Forwarded-For from a client must not
            # change which client the fair scheduler counts it as.
            proxy_headers=False,
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
