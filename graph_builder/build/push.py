"""Scale-out: push the build to a SPARQL 1.1 Graph Store.

``push`` sends each named graph of the build's N-Quads export to a Graph
Store Protocol endpoint (``?graph=IRI``, N-Triples), in batches.
"""

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from graph_builder.build.generations import current_generation
from graph_builder.build.published import NQUADS_NAME
from graph_builder.errors import QueryError
from graph_builder.query.remote import check_url, request

__all__ = ["push"]


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
    check_url(endpoint)
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
            request(
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
