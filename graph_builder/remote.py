"""Scale-out: push the build to a SPARQL 1.1 Graph Store and query remote endpoints.

``push`` PUTs each named graph of ``out/orgkg.nq`` to a Graph Store Protocol
endpoint (``?graph=IRI``, N-Triples). ``remote_select`` sends a query to a
SPARQL 1.1 Protocol endpoint. The protocol has no way to bind parameters, so
``graph_builder.sparql.substitute`` applies SPARQL-dev SEP-0007 substitution
on the client, as for the embedded store.
"""

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path

from rdflib.term import Node

from graph_builder.build import NQUADS_NAME
from graph_builder.errors import QueryError
from graph_builder.generations import current_generation
from graph_builder.sparql import check_safe, results_from_json, substitute

__all__ = ["push", "remote_select", "substitute"]


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
