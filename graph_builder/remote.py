"""Scale-out: push the build to a SPARQL 1.1 Graph Store and query remote endpoints.

``push`` PUTs each named graph of ``out/orgkg.nq`` to a Graph Store Protocol
endpoint (``?graph=IRI``, N-Triples). ``remote_select`` sends a query to a
SPARQL 1.1 Protocol endpoint. The protocol has no way to bind parameters, so
``substitute`` applies SPARQL-dev SEP-0007 substitution on the client: each
parameter variable is replaced by its RDF term as rdflib serializes it (IRIs
are validated, literals escaped), a projected parameter becomes
``(term AS ?name)``, and the result is parse-checked before it is sent.
"""

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graph_builder.build import NQUADS_NAME
from graph_builder.errors import QueryError
from graph_builder.generations import current_generation
from graph_builder.sparql import check_safe, results_from_json

__all__ = ["push", "remote_select", "substitute"]

_TOKENS = re.compile(
    r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*)'
    r"|(?P<var>[?$][A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<word>\b(?:SELECT|WHERE|GROUP\s+BY|ORDER\s+BY|HAVING|LIMIT|OFFSET|VALUES)\b)",
    re.IGNORECASE,
)
_IRI_SAFE = re.compile(r'^[^<>"{}|^`\\\s]+$')


def _term(term: Node) -> str:
    if isinstance(term, URIRef):
        if not _IRI_SAFE.match(str(term)):
            raise QueryError(
                f"parameter IRI {str(term)!r} has characters not allowed in an IRI"
            )
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be a query parameter")
    raise QueryError(f"cannot bind a {type(term).__name__}")


def substitute(query: str, bindings: Mapping[str, Node]) -> str:
    """Replace parameter variables by their terms (SEP-0007), for remote endpoints.

    Args:
        query: SPARQL SELECT text.
        bindings: Variable name -> term.

    Returns:
        The query text with the terms in place.

    Raises:
        QueryError: A term cannot be written safely, or the result does not parse.

    Examples:
        >>> q = "SELECT ?o ?m WHERE { ?m <http://e/of> ?o } ORDER BY ?o"
        >>> print(substitute(q, {"o": URIRef("http://e/a")}))
        SELECT (<http://e/a> AS ?o) ?m WHERE { ?m <http://e/of> <http://e/a> } ORDER BY (<http://e/a>)
    """
    if not bindings:
        return query
    terms = {name: _term(term) for name, term in bindings.items()}
    out: list[str] = []
    clause = ""  # the clause keyword most recently seen (SELECT, WHERE, ...)
    pos = 0
    for m in _TOKENS.finditer(query):
        out.append(query[pos : m.start()])
        pos = m.end()
        if m.group("word"):
            clause = re.sub(r"\s+", " ", m.group("word").upper())
            out.append(m.group(0))
            continue
        name = m.group("var")
        if name and name[1:] in terms:
            term = terms[name[1:]]
            if clause == "SELECT":
                out.append(f"({term} AS {name})")
            elif clause in ("GROUP BY", "ORDER BY"):
                out.append(f"({term})")
            else:
                out.append(term)
            continue
        out.append(m.group(0))
    out.append(query[pos:])
    text = "".join(out)
    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        raise QueryError(
            f"query does not parse after substitution: {str(exc).splitlines()[0]}"
        ) from exc
    return text


def _request(
    url: str,
    *,
    method: str,
    data: bytes | None,
    headers: dict[str, str],
    timeout: float,
) -> bytes:
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            body: bytes = response.read()
            return body
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines()
        raise QueryError(
            f"{url}: HTTP {exc.code}: {detail[0] if detail else exc.reason}"
        ) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise QueryError(
            f"{url}: cannot reach the endpoint ({getattr(exc, 'reason', exc)})"
        ) from exc


def _check_url(url: str) -> None:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise QueryError(f"--endpoint {url!r}: expected an http(s) URL")


def push(
    out_dir: Path,
    endpoint: str,
    progress: Callable[[str], None],
    timeout: float = 120.0,
) -> int:
    """PUT every named graph of the build to a Graph Store Protocol endpoint.

    Returns:
        The number of graphs pushed.

    Raises:
        SourceDataError: There is no build.
        QueryError: The endpoint refuses or cannot be reached.
    """
    _check_url(endpoint)
    nquads = current_generation(out_dir) / NQUADS_NAME
    graphs: dict[str, list[str]] = {}
    for line in nquads.read_text(encoding="utf-8").splitlines():
        head, _, graph = line.rstrip(" .").rpartition(" ")
        graphs.setdefault(graph, []).append(head + " .\n")
    for i, (graph, lines) in enumerate(sorted(graphs.items()), start=1):
        iri = graph.strip("<>")
        progress(f"[{i}/{len(graphs)}] {iri} ({len(lines)} triples)")
        separator = "&" if "?" in endpoint else "?"
        url = f"{endpoint}{separator}{urllib.parse.urlencode({'graph': iri})}"
        _request(
            url,
            method="PUT",
            data="".join(lines).encode(),
            headers={"Content-Type": "application/n-triples"},
            timeout=timeout,
        )
    return len(graphs)


def remote_select(
    endpoint: str,
    query: str,
    bindings: Mapping[str, Node] | None = None,
    timeout: float = 60.0,
) -> tuple[list[str], list[dict[str, Node]]]:
    """Run a SELECT on a SPARQL 1.1 Protocol endpoint, with parameters substituted.

    Raises:
        QueryError: The query is unsafe or invalid, or the endpoint fails.
    """
    _check_url(endpoint)
    check_safe(query)
    text = substitute(query, bindings or {})
    body = _request(
        endpoint,
        method="POST",
        data=urllib.parse.urlencode({"query": text}).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
        timeout=timeout,
    )
    return results_from_json(body)
