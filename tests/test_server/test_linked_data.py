"""Linked-data clients: negotiation by q-value, every RDF format, 404s, CORS (#10)."""

import json
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS
from SPARQLWrapper import JSON, SPARQLWrapper

from tests.test_server.test_endpoint import get

SELEC = URIRef("https://w3id.org/orgkg/id/org/selec")


def test_rdflib_dereferences_an_entity(base: str) -> None:
    g = Graph()
    g.parse(f"{base}/id/org/selec")  # rdflib's own Accept header
    assert (SELEC, RDFS.label, None) in g


# rdflib's JSON-LD parser still uses its own deprecated ConjunctiveGraph.
JSONLD_WARNING = "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"


@pytest.mark.filterwarnings(JSONLD_WARNING)
@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("text/turtle;q=0.9,text/html;q=1.0", "text/html"),
        ("text/html;q=0.5, application/ld+json", "application/ld+json"),
        ("application/rdf+xml;q=0.2, text/turtle;q=0.8, */*;q=0.1", "text/turtle"),
        ("text/*", "text/html"),
    ],
)
def test_entity_negotiation_by_q_value(base: str, accept: str, media: str) -> None:
    status, content_type, body = get(f"{base}/id/org/selec", {"Accept": accept})
    assert (status, content_type.split(";")[0]) == (200, media)
    if media != "text/html":
        g = Graph().parse(data=body, format=media)
        assert (SELEC, RDFS.label, None) in g


@pytest.mark.parametrize(
    "accept",
    [
        "text/html",
        "text/turtle",
        "application/ld+json",
        "application/rdf+xml",
        "application/n-triples",
    ],
)
def test_unknown_iri_is_404_in_every_format(base: str, accept: str) -> None:
    assert get(f"{base}/id/org/atlantis", {"Accept": accept})[0] == 404


def test_entity_without_acceptable_format_is_406(base: str) -> None:
    assert get(f"{base}/id/org/selec", {"Accept": "image/png"})[0] == 406


@pytest.mark.filterwarnings(JSONLD_WARNING)
@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
        ("text/turtle", "turtle"),
    ],
)
def test_construct_in_every_rdf_format(base: str, accept: str, fmt: str) -> None:
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 20"
    status, content_type, body = get(
        f"{base}/sparql?query={urllib.parse.quote(query)}", {"Accept": accept}
    )
    assert (status, content_type.split(";")[0]) == (200, accept)
    assert len(Graph().parse(data=body, format=fmt)) == 20


@pytest.mark.filterwarnings(JSONLD_WARNING)  # SPARQLWrapper parses into one too
def test_sparqlwrapper_select_and_construct(base: str) -> None:
    client = SPARQLWrapper(f"{base}/sparql")
    client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    client.setReturnFormat(JSON)
    result = client.queryAndConvert()
    assert int(result["results"]["bindings"][0]["n"]["value"]) > 1000  # type: ignore[index, call-overload]
    client = SPARQLWrapper(f"{base}/sparql")  # its default for CONSTRUCT: RDF/XML
    client.setQuery("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 5")
    graph = client.queryAndConvert()
    assert isinstance(graph, Graph)
    assert len(graph) == 5
    client.setQuery("DESCRIBE <https://w3id.org/orgkg/id/org/selec>")
    described = client.queryAndConvert()
    assert isinstance(described, Graph)
    assert (SELEC, RDFS.label, None) in described


def test_cors_on_the_endpoint_only(base: str) -> None:
    origin = {"Origin": "https://yasgui.example"}
    preflight = urllib.request.Request(
        f"{base}/sparql",
        method="OPTIONS",
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    with urllib.request.urlopen(preflight, timeout=10) as r:
        assert r.status == 200
        assert r.headers["Access-Control-Allow-Origin"] == "*"
        assert "POST" in r.headers["Access-Control-Allow-Methods"]
    status, _, body = get(
        f"{base}/sparql?query=ASK%7B%7D",
        {**origin, "Accept": "application/sparql-results+json"},
    )
    assert status == 200
    assert json.loads(body) == {"head": {}, "boolean": True}
    req = urllib.request.Request(f"{base}/sparql?query=ASK%7B%7D", headers=origin)
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.headers["Access-Control-Allow-Origin"] == "*"
    req = urllib.request.Request(
        f"{base}/id/org/selec", headers={**origin, "Accept": "text/turtle"}
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.headers["Access-Control-Allow-Origin"] is None


@pytest.mark.filterwarnings(JSONLD_WARNING)
def test_sparqlwrapper_describe_as_json_ld(base: str) -> None:
    """Issue #23: SPARQLWrapper's JSON-LD sends format=json-ld (it got 406)."""
    from SPARQLWrapper import JSONLD, N3

    client = SPARQLWrapper(f"{base}/sparql")
    client.setQuery("DESCRIBE <https://w3id.org/orgkg/id/org/selec>")
    client.setReturnFormat(JSONLD)
    described = client.queryAndConvert()
    assert isinstance(described, Graph)
    assert (SELEC, RDFS.label, None) in described
    client.setReturnFormat(N3)  # SPARQLWrapper hands N3 back as text
    text = client.queryAndConvert()
    assert isinstance(text, bytes)
    assert (SELEC, RDFS.label, None) in Graph().parse(data=text, format="turtle")


@pytest.mark.parametrize(
    "path",
    [
        "/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"),
        "/sparql?query="
        + urllib.parse.quote("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1"),
        "/id/org/selec",
    ],
)
@pytest.mark.parametrize("accept", ["text/html", "application/ld+json, */*;q=0.1"])
def test_negotiated_answers_say_they_vary_by_accept(
    base: str, path: str, accept: str
) -> None:
    request = urllib.request.Request(base + path, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as r:
        varies = [v.strip() for v in r.headers["Vary"].split(",")]
        assert "Accept" in varies


def test_search_never_offers_another_body_for_an_unknown_acronym(base: str) -> None:
    for acronym, absent in [("SEECP", "selec"), ("SELC", "selec"), ("NATQ", "nato")]:
        with urllib.request.urlopen(f"{base}/api/search?q={acronym}", timeout=30) as r:
            hits = json.load(r)
        assert all(not h["iri"].endswith("/" + absent) for h in hits), (acronym, hits)
    with urllib.request.urlopen(f"{base}/api/search?q=Selec", timeout=30) as r:
        assert any(h["iri"].endswith("/selec") for h in json.load(r))  # still found
