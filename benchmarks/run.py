"""Benchmark orgkg on synthetic data: build, every named query, every analysis.

Usage: ``python benchmarks/run.py [--sizes 10000,100000,1000000] [--page]``

A synthetic generator writes N-Quads shaped like a real build (states,
organisations, dated memberships with passages and sources) of about the
requested number of triples; the script loads them into a pyoxigraph store,
runs each named query with parameters taken from the data, each analysis, and
(with ``--page``) renders a 2,000-node page in headless Chromium. It prints one
table row per step: size, step, seconds, rows, peak RSS.
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

from graph_builder.library import load_library  # noqa: E402
from graph_builder.reference import ROLES  # noqa: E402
from graph_builder.sparql import select  # noqa: E402

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


def report(size: object, step: str, seconds: float, rows: int) -> None:
    """Print one table row."""
    print(f"{size!s:>9}  {step:<34} {seconds:>8.2f} {rows:>8} {rss_mb():>8.0f}")


def load(store: ox.Store, nq: Path, ontology: str) -> int:
    """Bulk-load the synthetic data and the ontology; returns the quad count."""
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    graph = ox.NamedNode("https://w3id.org/orgkg/def")
    store.load(ontology, format=ox.RdfFormat.TURTLE, to_graph=graph)
    return len(store)


def run_size(size: int, ontology: str) -> None:
    """Every step for one synthetic data size."""
    from viz.metrics import centrality, communities, overlap
    from viz.project import membership_graph, memberships

    library = load_library()
    as_of = Literal("2000-01-01", datatype=XSD.date)
    with tempfile.TemporaryDirectory() as tmp:
        nq = Path(tmp) / "data.nq"
        sample = generate(size, nq)
        store = ox.Store(str(Path(tmp) / "store"))
        report(size, "build (bulk load)", *timed(partial(load, store, nq, ontology)))
        for name, query in library.items():
            bindings: dict[str, Node] = {}
            for p in query.params:
                if p.type == "date":
                    bindings[p.name] = as_of
                elif p.type == "role":
                    bindings[p.name] = ROLES["member"]
                else:
                    bindings[p.name] = URIRef(sample.get(p.name, sample["org"]))
            run = partial(select, store, query.text, bindings)
            report(size, f"query {name}", *timed(lambda run=run: len(run()[1])))
        t0 = time.perf_counter()
        graph = membership_graph(memberships(store, date(2000, 1, 1)))
        report(
            size, "analysis graph", time.perf_counter() - t0, graph.number_of_nodes()
        )
        report(size, "analysis overlap", *timed(lambda: len(overlap(graph))))
        report(size, "analysis centrality", *timed(lambda: len(centrality(graph))))
        report(size, "analysis communities", *timed(lambda: len(communities(graph))))
        del store


def main() -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="triple counts")
    parser.add_argument("--page", action="store_true", help="time a 2,000-node page")
    args = parser.parse_args()
    ontology = (ROOT / "ontology" / "orgkg.ttl").read_text()
    print(f"{'triples':>9}  {'step':<34} {'seconds':>8} {'rows':>8} {'rss MB':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        run_size(size, ontology)
    if args.page:
        page_benchmark()
    return 0


def page_benchmark() -> None:
    """Time a 2,000-node page from write to first drawing in headless Chromium."""
    from playwright.sync_api import sync_playwright

    from viz.html import network_page, write_page
    from viz.project import Membership, membership_graph

    rng = random.Random(1)
    edges = [
        Membership.of(
            f"urn:s{i % 1900}",
            f"urn:o{rng.randrange(100)}",
            member_label=f"State {i % 1900}",
            org_label="Org",
            sources=("synthetic",),
        )
        for i in range(6000)
    ]
    graph = membership_graph(edges)
    n = graph.number_of_nodes()
    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "big.html"
        t0 = time.perf_counter()
        write_page(network_page(graph, "big"), page_path)
        report("", f"page write ({n} nodes)", time.perf_counter() - t0, n)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu"],
            )
            page = browser.new_page()
            t0 = time.perf_counter()
            page.goto(page_path.as_uri())
            page.wait_for_selector("body[data-rendered=true]", timeout=60000)
            report("", "page render in Chromium", time.perf_counter() - t0, n)
            browser.close()


if __name__ == "__main__":
    raise SystemExit(main())
