"""``orgkg serve``: a read-only SPARQL 1.1 Protocol endpoint and analyst web pages.

Routes: ``/sparql`` (GET/POST, content negotiation), ``/query`` (the query
library with forms, tables and downloads), ``/id/...`` (entity pages: HTML for
browsers, Turtle or N-Triples for RDF clients), ``/viz`` (the network page).
Queries run in killable worker processes (``graph_builder.workers``) with a
time limit and a result cap. Only loopback Host headers are accepted unless
``--allow-host`` names others (DNS-rebinding protection). All pages are
self-contained: no request leaves the server.
"""

import html
import json
import logging
import urllib.parse
from collections.abc import Sequence
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from rdflib import URIRef
from rdflib.term import Node

from graph_builder.build import PREFIXES, STORE_NAME, open_store
from graph_builder.errors import QueryError
from graph_builder.generations import current_generation
from graph_builder.iris import ID
from graph_builder.library import bind_params, load_library, parse_day
from graph_builder.paths import QUERIES_DIR
from graph_builder.reference import ROLES
from graph_builder.resolve import Resolver
from graph_builder.workers import GRAPH_FORMATS, RESULT_FORMATS, Answer, WorkerPool

__all__ = ["LOOPBACK_HOSTS", "OrgKGServer", "make_server"]

log = logging.getLogger(__name__)

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


class OrgKGServer(ThreadingHTTPServer):
    """The HTTP server, holding the worker pool and settings."""

    daemon_threads = True

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
    ) -> None:
        """Open the store and start the workers."""
        # One generation for the server's whole life: workers, pages and /viz
        # all answer from the same build (a rebuild is picked up on restart).
        self.build_dir = current_generation(build_dir)
        self.pool = WorkerPool(
            self.build_dir / STORE_NAME, size=workers, timeout=timeout, cap=cap
        )
        self.allowed_hosts = LOOPBACK_HOSTS | set(allowed_hosts)
        self.library = load_library(queries_dir)
        self.resolver = Resolver()
        super().__init__(address, _Handler)

    def server_close(self) -> None:
        """Stop the workers too."""
        super().server_close()
        self.pool.close()


def make_server(
    build_dir: Path, host: str = "127.0.0.1", port: int = 8000, **kwargs: object
) -> OrgKGServer:
    """Create (not start) a server for the build in ``build_dir``."""
    return OrgKGServer((host, port), build_dir, **kwargs)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    server: OrgKGServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    # -- plumbing -----------------------------------------------------------------

    def _send(
        self,
        status: int,
        media_type: str,
        body: bytes,
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header(
            "Content-Type",
            f"{media_type}; charset=utf-8"
            if media_type.startswith("text/")
            else media_type,
        )
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        if self._wants_html():
            self._send(
                status,
                "text/html",
                _page(
                    f"{status} {HTTPStatus(status).phrase}",
                    f'<p class="err">{html.escape(message)}</p>',
                ),
            )
        else:
            self._send(status, "text/plain", message.encode())

    def _accept(self) -> list[str]:
        accept = self.headers.get("Accept", "")
        ranked = []
        for part in accept.split(","):
            media, _, params = part.strip().partition(";")
            q = 1.0
            for p in params.split(";"):
                if p.strip().startswith("q="):
                    try:
                        q = float(p.strip()[2:])
                    except ValueError:
                        q = 0.0
            if media.strip():
                ranked.append((q, media.strip().lower()))
        aliases = {
            "application/json": "application/sparql-results+json",
            "application/xml": "application/sparql-results+xml",
        }
        return [
            aliases.get(m, m) for q, m in sorted(ranked, key=lambda t: -t[0]) if q > 0
        ]

    def _wants_html(self) -> bool:
        accept = self._accept()
        return bool(accept) and accept[0] in ("text/html", "application/xhtml+xml")

    def _host_ok(self) -> bool:
        host = self.headers.get("Host", "")
        name = (
            host.rsplit(":", 1)[0]
            if not host.startswith("[")
            else host.split("]")[0] + "]"
        )
        if name.lower() in self.server.allowed_hosts:
            return True
        self._error(
            403,
            f"Host {host!r} is not allowed; start the server with --allow-host"
            " to permit it",
        )
        return False

    def _params(self) -> dict[str, list[str]]:
        return urllib.parse.parse_qs(
            urllib.parse.urlsplit(self.path).query, keep_blank_values=True
        )

    # -- routes -----------------------------------------------------------------------

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        if not self._host_ok():
            return
        path = urllib.parse.urlsplit(self.path).path
        params = self._params()
        if path == "/sparql":
            if "update" in params:
                return self._error(
                    403, "updates are not allowed: this endpoint is read-only"
                )
            if "query" not in params:
                return self._sparql_form()
            return self._sparql(params["query"][0], params)
        if path == "/":
            return self._home()
        if path == "/query":
            return self._library()
        if path.startswith("/query/"):
            return self._named(path.removeprefix("/query/"), params)
        if path.startswith("/id/"):
            return self._entity(str(ID) + path.removeprefix("/id/"), params)
        if path == "/viz":
            return self._viz(params)
        self._error(404, f"no page at {path}")

    def do_POST(self) -> None:
        if not self._host_ok():
            return
        if urllib.parse.urlsplit(self.path).path != "/sparql":
            return self._error(405, "POST is only accepted at /sparql")
        length = int(self.headers.get("Content-Length") or 0)
        if length > 1_000_000:
            return self._error(413, "request body too large")
        body = self.rfile.read(length).decode("utf-8", "replace")
        media = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            return self._error(
                403, "updates are not allowed: this endpoint is read-only"
            )
        if media == "application/sparql-query":
            return self._sparql(body, self._params())
        if media == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body, keep_blank_values=True)
            if "update" in form:
                return self._error(
                    403, "updates are not allowed: this endpoint is read-only"
                )
            if "query" in form:
                return self._sparql(form["query"][0], form)
        self._error(
            400, "expected a 'query' (form field or application/sparql-query body)"
        )

    def _sparql(self, query: str, params: dict[str, list[str]]) -> None:
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return self._error(
                400,
                "default-graph-uri and named-graph-uri are not supported:"
                " queries run on the union of all graphs",
            )
        accept = self._accept()
        fmt = (params.get("format") or [""])[0]
        shortcut = {
            "json": "application/sparql-results+json",
            "xml": "application/sparql-results+xml",
            "csv": "text/csv",
            "tsv": "text/tab-separated-values",
            "turtle": "text/turtle",
            "ntriples": "application/n-triples",
        }
        if fmt in shortcut:
            accept = [shortcut[fmt]]
        if self._wants_html() and not fmt:
            answer = self.server.pool.run(
                query, {}, ["application/sparql-results+json"]
            )
            body = (
                _table(answer)
                if answer.status == 200 and answer.media_type.endswith("json")
                else f'<p class="err">{html.escape(answer.body.decode())}</p>'
            )
            return self._send(
                answer.status,
                "text/html",
                _page("SPARQL results", self._form_html(query) + body),
            )
        if (
            accept
            and "*/*" not in accept
            and not any(m in accept for m in (*RESULT_FORMATS, *GRAPH_FORMATS))
        ):
            return self._error(
                406,
                f"cannot answer in {', '.join(accept)}; use one of "
                + ", ".join([*RESULT_FORMATS, *GRAPH_FORMATS]),
            )
        answer = self.server.pool.run(query, {}, accept)
        self._send(answer.status, answer.media_type, answer.body)

    # -- pages -------------------------------------------------------------------

    def _home(self) -> None:
        answer = self.server.pool.run(
            _SOURCES,
            {},
            ["application/sparql-results+json"],
        )
        body = (
            "<p>A knowledge graph of international and regional organisations,"
            " states and agreements, with the source of every fact.</p>"
        )
        body += "<h2>Sources</h2>" + (_table(answer) if answer.status == 200 else "")
        self._send(200, "text/html", _page("orgkg", body))

    def _form_html(self, query: str) -> str:
        return (
            '<form method="post" action="/sparql" class="q">'
            '<textarea name="query" aria-label="SPARQL query">'
            f"{html.escape(query)}</textarea><br><button>Run</button> "
            '<span class="muted">SELECT, ASK, CONSTRUCT and DESCRIBE over the union'
            " of all graphs; no updates, SERVICE, FROM or LOAD.</span></form>"
        )

    def _sparql_form(self) -> None:
        default = (
            "PREFIX org: <http://www.w3.org/ns/org#>\n"
            "SELECT ?org ?member WHERE {\n"
            "  ?m org:organization ?org ; org:member ?member .\n"
            "} LIMIT 20"
        )
        self._send(200, "text/html", _page("SPARQL", self._form_html(default)))

    def _library(self) -> None:
        parts = []
        for q in self.server.library.values():
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
        self._send(200, "text/html", _page("Query library", "".join(parts)))

    def _named(self, name: str, params: dict[str, list[str]]) -> None:
        query = self.server.library.get(name)
        if query is None:
            return self._error(404, f"no query named {name!r}")
        try:
            values = {k: v[0] for k, v in params.items() if k != "format"}
            bindings = bind_params(query, values, self.server.resolver)
        except QueryError as exc:
            return self._error(400, str(exc))
        fmt = (params.get("format") or ["html"])[0]
        media = {
            "json": "application/sparql-results+json",
            "csv": "text/csv",
            "tsv": "text/tab-separated-values",
        }.get(fmt)
        answer = self.server.pool.run(
            query.text, bindings, [media or "application/sparql-results+json"]
        )
        if media:
            ext = {"application/sparql-results+json": "json"}.get(media, fmt)
            return self._send(
                answer.status,
                answer.media_type,
                answer.body,
                {"Content-Disposition": f'attachment; filename="{name}.{ext}"'}
                if answer.status == 200
                else None,
            )
        if answer.status != 200:
            return self._error(answer.status, answer.body.decode())
        qs = urllib.parse.urlencode(
            [(k, v[0]) for k, v in params.items() if k != "format"]
        )
        href = f"?{html.escape(qs)}&amp;format="
        links = (
            f'<p>Download <a href="{href}csv">CSV</a> · '
            f'<a href="{href}json">JSON</a></p>'
        )
        self._send(
            200,
            "text/html",
            _page(
                query.name,
                f"<p>{html.escape(query.summary)}</p>{links}{_table(answer)}",
            ),
        )

    def _entity(self, iri: str, params: dict[str, list[str]]) -> None:
        subject: dict[str, Node] = {"s": URIRef(iri)}
        accept = self._accept()
        fmt = (params.get("format") or [""])[0]
        if fmt in ("turtle", "ntriples"):
            accept = ["text/turtle" if fmt == "turtle" else "application/n-triples"]
        if accept and accept[0] in GRAPH_FORMATS:
            answer = self.server.pool.run(_ENTITY_TRIPLES, subject, accept)
            return self._send(answer.status, answer.media_type, answer.body)
        out = self.server.pool.run(
            _ENTITY_OUT, subject, ["application/sparql-results+json"]
        )
        obj: dict[str, Node] = {"o": URIRef(iri)}
        incoming = self.server.pool.run(
            _ENTITY_IN, obj, ["application/sparql-results+json"]
        )
        if out.status != 200 or incoming.status != 200:
            return self._error(
                out.status if out.status != 200 else incoming.status,
                (out.body if out.status != 200 else incoming.body).decode(),
            )
        facts = json.loads(out.body)["results"]["bindings"]
        refs = json.loads(incoming.body)["results"]["bindings"]
        if not facts and not refs:
            return self._error(404, f"nothing is known about {iri}")
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
        self._send(200, "text/html", _page(label, body))

    def _viz(self, params: dict[str, list[str]]) -> None:
        import tempfile

        from viz.html import network_page, write_page
        from viz.project import membership_graph, memberships

        text = (params.get("as_of") or ["today"])[0]
        try:
            as_of = parse_day(text, f"as_of={text!r}")
        except QueryError as exc:
            return self._error(400, str(exc))
        graph = membership_graph(
            memberships(open_store(self.server.build_dir), as_of), as_of
        )
        title = f"Memberships on {as_of.isoformat()}"
        entity = (params.get("entity") or [""])[0]
        if entity:
            from viz.metrics import ego

            if entity not in graph:
                return self._error(404, f"{entity} has no memberships on {as_of}")
            graph = ego(graph, entity, radius=1)
            title = f"{graph.nodes[entity].get('label', entity)} on {as_of.isoformat()}"
        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / "network.html"
            write_page(network_page(graph, title), page, subtitle="orgkg")
            self._send(200, "text/html", page.read_bytes())
