import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from graph_builder.namespace import KG
from graph_builder.paths import (
    ONTOLOGY_DIR,
    ONTOLOGY_FILE,
    QUERIES_DIR,
    REPO_ROOT,
    SHAPES_FILE,
)

KG_NS = "https://w3id.org/orgkg/def#"
ONTOLOGY = URIRef("https://w3id.org/orgkg/def")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


@pytest.mark.parametrize(
    "path", sorted(ONTOLOGY_DIR.rglob("*.ttl")), ids=lambda p: p.name
)
def test_every_turtle_file_parses(path: Path) -> None:
    assert len(Graph().parse(path)) > 0


def _declared(ontology: Graph) -> set[str]:
    return {
        str(s)
        for s in ontology.subjects(RDFS.isDefinedBy, ONTOLOGY)
        if str(s).startswith(KG_NS)
    }


def test_header(ontology: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY, OWL.versionInfo) is not None


def test_every_term_has_label_comment_and_type(ontology: Graph) -> None:
    for term in _declared(ontology):
        t = URIRef(term)
        assert ontology.value(t, RDFS.label) is not None, term
        assert ontology.value(t, RDFS.comment) is not None, term
        assert ontology.value(t, RDF.type) is not None, term


def test_namespace_matches_ontology(ontology: Graph) -> None:
    members = {str(KG[name]) for name in KG.__annotations__}
    assert members == _declared(ontology)


def _used_in_text(text: str) -> set[str]:
    return {KG_NS + m for m in re.findall(r"(?<![\w/#])kg:([A-Za-z_]\w*)", text)}


def test_shapes_queries_and_builder_use_declared_terms(ontology: Graph) -> None:
    declared = _declared(ontology)
    used: set[str] = set()
    used |= {
        str(t)
        for t in Graph().parse(SHAPES_FILE).all_nodes()
        if str(t).startswith(KG_NS)
    }
    for rq in QUERIES_DIR.glob("*.rq"):
        used |= _used_in_text(rq.read_text())
    for py in (REPO_ROOT / "graph_builder").rglob("*.py"):
        used |= {
            KG_NS + m
            for m in re.findall(r"\bKG\.(\w+)", py.read_text())
            if not m.startswith("_")
        }
    assert used - declared == set()


def test_every_class_has_a_shape(ontology: Graph) -> None:
    shapes = Graph().parse(SHAPES_FILE)
    targets = {
        str(o)
        for o in shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass"))
    }
    classes = {
        str(c)
        for c in ontology.subjects(RDF.type, OWL.Class)
        if str(c).startswith(KG_NS)
    }
    assert classes - targets == set()
