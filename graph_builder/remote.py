"""Scale-out: push the build to a SPARQL 1.1 Graph Store and query remote endpoints.

``push`` sends each named graph of ``out/orgkg.nq`` to a Graph Store Protocol
endpoint (``?graph=IRI``, N-Triples), in batches. ``remote_select`` sends a query to a
SPARQL 1.1 Protocol endpoint. The protocol has no way to bind parameters, so
``graph_builder.sparql.substitute`` applies SPARQL-dev SEP-0007 substitution
on the client, as for the embedded store.
"""

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping
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
    batch: int = 100_000,
) -> int:
    """Send every named graph of the build to a Graph Store Protocol endpoint.

    The export is read as a stream (it is sorted by graph): each graph's
    first ``batch`` triples replace the graph (``PUT``), further batches are
    added to it (``POST``), so memory stays bounded and no single request
    carries a whole large graph.

    Returns:
        The number of graphs pushed.

    Raises:
        SourceDataError: There is no build.
        QueryError: The endpoint refuses or cannot be reached.
    """
    _check_url(endpoint)
    nquads = current_generation(out_dir) / NQUADS_NAME
    started = time.perf_counter()
    sent = 0
    seen: set[str] = set()
    with nquads.open("rb") as lines:
        for graph, triples in _batches(lines, batch):
            # A graph seen before (an export not sorted by graph) is added to.
            method = "POST" if graph in seen else "PUT"
            seen.add(graph)
            sent += len(triples)
            rate = sent / max(time.perf_counter() - started, 1e-9)
            progress(
                f"[graph {len(seen)}] {graph} {method} {len(triples)} triples"
                f" ({sent} in all, {rate:,.0f} triples/s)"
            )
            separator = "&" if "?" in endpoint else "?"
            query = urllib.parse.urlencode({"graph": graph})
            _request(
                f"{endpoint}{separator}{query}",
                method=method,
                data=b"".join(triples),
                headers={"Content-Type": "application/n-triples"},
                timeout=timeout,
            )
    return len(seen)


def _batches(lines: Iterable[bytes], size: int) -> Iterator[tuple[str, list[bytes]]]:
    """(graph IRI, up to ``size`` N-Triples lines) from N-Quads lines, in order.

    Examples:
        >>> q = [b"<a> <b> <c> <g> .", b"<d> <e> <f> <g> .", b"<a> <b> <c> <h> ."]
        >>> [(g, len(t)) for g, t in _batches(q, 1)]
        [('g', 1), ('g', 1), ('h', 1)]
    """
    graph: str | None = None
    triples: list[bytes] = []
    for line in lines:
        # The graph is the last term; an IRI holds no space (N-Quads syntax).
        head, _, name = line.rstrip(b" .\r\n").rpartition(b" ")
        if not name.startswith(b"<") or not name.endswith(b">"):
            raise QueryError(f"{NQUADS_NAME}: a quad outside every named graph")
        iri = name[1:-1].decode("utf-8")
        if triples and (iri != graph or len(triples) >= size):
            yield graph or "", triples
            triples = []
        graph = iri
        triples.append(head + b" .\n")
    if triples:
        yield graph or "", triples


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
