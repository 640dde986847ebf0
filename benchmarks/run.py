"""Benchmark orgkg on synthetic data: build, every named query, every analysis.

Usage: ``python benchmarks/run.py [--sizes 10000,100000,1000000] [--page]``

A synthetic generator writes N-Quads shaped like a real build (states,
organisations, dated memberships with passages and sources) of about the
requested number of triples; the script loads them into a pyoxigraph store,
runs each named query with parameters taken from the data, each analysis, and
(with ``--page``) times the network explorer in headless Chromium
(``benchmarks/explorer.py``: 2,000 generated profiles served, 20,000 nodes in
an offline file; ``--sizes ''`` runs that alone). It prints one
table row per step: size, step, seconds, baseline seconds, rows, peak RSS.
Queries are the median of three runs. The baseline is the plain-library
equivalent run in the same process: a raw ``Store.bulk_load``, the same query
text straight through pyoxigraph, a bare networkx graph of the edges, scipy's
``B.T @ B``, networkx's sampled betweenness (k=200) and networkx's Louvain.
"""

import argparse
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph_builder.namespace import ROLES  # noqa: E402
from graph_builder.query.library import load_library  # noqa: E402
from graph_builder.query.sparql import select, substitute  # noqa: E402

ID = "https://w3id.org/orgkg/id/"
KG = "https://w3id.org/orgkg/def#"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PROV = "http://www.w3.org/ns/prov#wasDerivedFrom"
TRIPLES_PER_MEMBERSHIP = 11


def generate(triples: int, path: Path, seed: int = 0) -> dict[str, str]:
    """Write about ``triples`` synthetic quads; returns parameters that hit the data."""
    rng = random.Random(seed)
    memberships = max(10, triples // TRIPLES_PER_MEMBERSHIP)
    n_orgs = max(5, int(memberships**0.5 / 2))
    n_states = max(20, memberships // n_orgs * 2)
    graph = f"<{ID}graph/synthetic>"
    lines = []

    def q(s: str, p: str, o: str) -> None:
        lines.append(f"{s} <{p}> {o} {graph} .\n")

    doc = f"<{ID}source/synthetic>"
    q(doc, RDF_TYPE, f"<{KG}SourceDocument>")
    q(doc, LABEL, '"synthetic.txt"')
    for i in range(n_states):
        s = f"<{ID}state/S{i:05d}>"
        q(s, RDF_TYPE, f"<{KG}State>")
        q(s, LABEL, f'"State {i}"')
    for j in range(n_orgs):
        o = f"<{ID}org/o{j}>"
        q(o, RDF_TYPE, f"<{KG}RegionalOrganisation>")
        q(o, LABEL, f'"Organisation {j}"')
    for k in range(memberships):
        m = f"<{ID}membership/synthetic/{k}>"
        passage = f"<{ID}passage/synthetic/{k}-0>"
        start = date(1950 + rng.randrange(70), 1 + rng.randrange(12), 1)
        q(m, RDF_TYPE, f"<{ORG}Membership>")
        q(m, f"{ORG}organization", f"<{ID}org/o{rng.randrange(n_orgs)}>")
        q(m, f"{ORG}member", f"<{ID}state/S{rng.randrange(n_states):05d}>")
        q(m, f"{ORG}role", f"<{KG}RoleMember>")
        q(m, f"{KG}status", f"<{KG}StatusActive>")
        q(m, f"{KG}validFrom", f'"{start.isoformat()}"^^<{XSD.date}>')
        q(m, f"{KG}statedIn", passage)
        q(m, PROV, doc)
        q(passage, f"{KG}inDocument", doc)
        q(passage, f"{KG}text", f'"row {k}"')
        q(passage, f"{KG}lineNumber", f'"{k + 1}"^^<{XSD.integer}>')
    path.write_text("".join(lines))
    return {
        "org": f"{ID}org/o0",
        "org_a": f"{ID}org/o0",
        "org_b": f"{ID}org/o1",
        "state": f"{ID}state/S00000",
    }


def rss_mb() -> float:
    """Peak resident memory of this process, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], int]) -> tuple[float, int]:
    """Seconds ``fn`` takes, and the count it returns."""
    t0 = time.perf_counter()
    n = fn()
    return time.perf_counter() - t0, n


def median_of_3(fn: Callable[[], int]) -> tuple[float, int]:
    """The median of three timed runs (a query's first run also parses it)."""
    runs = sorted(timed(fn) for _ in range(3))
    return runs[1]


def report(
    size: object, step: str, seconds: float, rows: int, baseline: float | None = None
) -> None:
    """Print one table row; ``baseline`` is the plain-library equivalent."""
    base = f"{baseline:>9.2f}" if baseline is not None else f"{'':>9}"
    print(f"{size!s:>9}  {step:<38} {seconds:>8.2f} {base} {rows:>8} {rss_mb():>8.0f}")


def load(store: ox.Store, nq: Path, ontology: str) -> int:
    """Bulk-load the synthetic data and the ontology; returns the quad count."""
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    graph = ox.NamedNode("https://w3id.org/orgkg/def")
    store.load(ontology, format=ox.RdfFormat.TURTLE, to_graph=graph)
    return len(store)


def raw_query(store: ox.Store, text: str) -> int:
    """The same query straight through pyoxigraph: no checks, no term conversion."""
    return sum(1 for _ in store.query(text, use_default_graph_as_union=True))  # type: ignore[union-attr]


def raw_load(path: Path, nq: Path) -> int:
    """A plain ``Store().bulk_load`` of the same quads."""
    ox.Store(str(path)).bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    return 0


def run_size(size: int, ontology: str) -> None:
    """Every step for one synthetic data size, each beside its baseline."""
    import networkx as nx

    from graph_builder.query.spans import on_day, read_spans, spans, write_spans
    from viz.metrics import centrality, communities, overlap
    from viz.project import incidence, membership_graph

    library = load_library()
    as_of = Literal("2000-01-01", datatype=XSD.date)
    with tempfile.TemporaryDirectory() as tmp:
        nq = Path(tmp) / "data.nq"
        sample = generate(size, nq)
        base, _ = timed(partial(raw_load, Path(tmp) / "raw", nq))
        store = ox.Store(str(Path(tmp) / "store"))
        report(
            size, "build (bulk load)", *timed(partial(load, store, nq, ontology)), base
        )
        table = Path(tmp) / "spans.json"

        def span_table() -> int:
            items = spans(store)
            write_spans(items, table)
            return len(items)

        report(size, "build (span table)", *timed(span_table))
        for name, query in library.items():
            bindings: dict[str, Node] = {}
            for p in query.params:
                if p.type == "date":
                    bindings[p.name] = as_of
                elif p.type == "role":
                    bindings[p.name] = ROLES["member"]
                else:
                    bindings[p.name] = URIRef(sample.get(p.name, sample["org"]))
            text = substitute(query.text, bindings) if bindings else query.text
            base, _ = median_of_3(partial(raw_query, store, text))
            run = partial(select, store, query.text, bindings)
            seconds, rows = median_of_3(lambda run=run: len(run()[1]))
            report(size, f"query {name}", seconds, rows, base)
        day = date(2000, 1, 1)
        t0 = time.perf_counter()
        graph = membership_graph(on_day(read_spans(table), day), day)
        seconds = time.perf_counter() - t0
        pairs = [(u, v) for u, v in graph.edges()]
        base, _ = timed(lambda: nx.MultiDiGraph(pairs).number_of_nodes())
        report(size, "analysis graph", seconds, graph.number_of_nodes(), base)
        _, _, matrix = incidence(graph)
        base, _ = timed(lambda: (matrix.T @ matrix).nnz)
        report(size, "analysis overlap", *timed(lambda: len(overlap(graph))), base)
        plain = nx.Graph(graph.to_undirected())
        k = min(plain.number_of_nodes(), 200)
        base, _ = timed(lambda: len(nx.betweenness_centrality(plain, k=k, seed=0)))
        report(
            size, "analysis centrality", *timed(lambda: len(centrality(graph))), base
        )
        shared = nx.from_scipy_sparse_array(matrix @ matrix.T)
        shared.remove_edges_from(nx.selfloop_edges(shared))
        base, _ = timed(lambda: len(nx.community.louvain_communities(shared, seed=0)))
        report(
            size, "analysis communities", *timed(lambda: len(communities(graph))), base
        )


def main() -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="triple counts")
    parser.add_argument(
        "--page",
        action="store_true",
        help="time the explorer in Chromium (benchmarks/explorer.py)",
    )
    args = parser.parse_args()
    ontology = (ROOT / "ontology" / "orgkg.ttl").read_text()
    print(
        f"{'triples':>9}  {'step':<38} {'seconds':>8} {'baseline':>9} {'rows':>8}"
        f" {'rss MB':>8}"
    )
    for size in (int(s) for s in args.sizes.split(",") if s):
        run_size(size, ontology)
    if args.page:
        from explorer import page_benchmark

        page_benchmark()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
