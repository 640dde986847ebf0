"""Shared fixtures: one build of the bundled corpus per test session."""

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from graph_builder.build.documents import chunk
from graph_builder.build.pipeline import BuildResult, build_dataset, collect_sources
from graph_builder.query.sparql import ask

DATA = Path(__file__).parent / "data"

PREFIXES = """
PREFIX kg:   <https://w3id.org/orgkg/def#>
PREFIX st:   <https://w3id.org/orgkg/id/state/>
PREFIX ko:   <https://w3id.org/orgkg/id/org/>
PREFIX gr:   <https://w3id.org/orgkg/id/graph/>
PREFIX src:  <https://w3id.org/orgkg/id/source/>
PREFIX org:  <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX dct:  <http://purl.org/dc/terms/>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
"""

SELEC_PROFILE = "000_efb7d85203431afd"
SELEC_SITE = "001_26c441d74c6b6071"
SADC_PROFILE = "sadc_poa_profile"


def store_of(dataset: Dataset) -> ox.Store:
    store = ox.Store()
    nquads, _ = chunk(dataset.quads((None, None, None, None)))
    store.load(nquads, format=ox.RdfFormat.N_QUADS)
    return store


class Graphs:
    """The built corpus, with a helper to ask SPARQL questions of it."""

    def __init__(self, result: BuildResult) -> None:
        self.result = result
        self.store = result.store

    def holds(self, where: str) -> bool:
        return ask(self.store, PREFIXES + "ASK { " + where + " }")


@pytest.fixture(scope="session")
def corpus() -> Graphs:
    return Graphs(build_dataset(collect_sources(), progress=lambda _: None))


@pytest.fixture
def built_out(tmp_path: Path) -> Path:
    from graph_builder.build.pipeline import build

    out = tmp_path / "out"
    build((), out, progress=lambda _: None)
    return out
