import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder.errors import QueryError
from graph_builder.paths import QUERIES_DIR
from graph_builder.query.library import load_library, load_query
from graph_builder.query.sparql import check_safe, select

QUERIES = sorted(QUERIES_DIR.glob("*.rq"))


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_every_query_parses_and_is_documented(path: Path) -> None:
    query = load_query(path)
    assert query.summary
    assert "ORDER BY" in query.text.upper()
    check_safe(query.text)
    select(ox.Store(), query.text)  # parses and runs on an empty store


def test_library_loads() -> None:
    library = load_library()
    assert {"source_conflicts", "member_counts_by_source"} <= set(library)
    assert all(q.is_violation for n, q in library.items() if n.endswith("_violation"))


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("#+ summary: ok\n#+ colour: red\n", "q.rq:2: unknown header line"),
        ("#+ description: no summary\n", "q.rq:1: missing '#+ summary:'"),
        ("#+ summary: ok\n#+ param: org banana\n", "q.rq:2: param must be"),
        (
            "#+ summary: ok\n#+ param: other iri\n",
            "q.rq:2: param ?other is not a projected variable",
        ),
        (
            "#+ summary: ok\n#+ param: org iri\n#+ default: orgg urn:x\n",
            "q.rq:3: default for undeclared param 'orgg'",
        ),
        (
            "#+ summary: ok\n#+ param: org role\n#+ default: org chairman\n",
            "q.rq:3: default org='chairman': expected one of",
        ),
        (
            "#+ summary: ok\n#+ param: org date\n#+ default: org\n",
            "q.rq:3: default must be '<param> <value>'",
        ),
    ],
)
def test_header_errors_name_file_and_line(
    tmp_path: Path, header: str, message: str
) -> None:
    path = tmp_path / "q.rq"
    path.write_text(header + "SELECT ?org WHERE { ?org ?p ?o } ORDER BY ?org\n")
    with pytest.raises(QueryError, match=re.escape(message)):
        load_query(path)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }",
        "LOAD <http://x/data.ttl>",
        "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "drop all",
    ],
)
def test_unsafe_queries_are_refused(query: str) -> None:
    with pytest.raises(QueryError, match=r"(is|are) not allowed"):
        check_safe(query)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?s WHERE { ?s <http://x/p> "SERVICE FROM LOAD" }',
        "SELECT ?s WHERE { ?s <http://x/from> ?o } # INSERT in a comment",
        "PREFIX ex: <http://x/> SELECT ?add WHERE { ?add ex:delete ?o }",
    ],
)
def test_keywords_in_strings_iris_and_names_are_fine(query: str) -> None:
    assert check_safe(query) == "SELECT"


def test_parameters_are_bound_not_pasted() -> None:
    store = ox.Store()
    a, b, p = (
        ox.NamedNode("http://x/a"),
        ox.NamedNode("http://x/b"),
        ox.NamedNode("http://x/p"),
    )
    store.add(ox.Quad(a, p, ox.Literal("one")))
    store.add(ox.Quad(b, p, ox.Literal("two")))
    from rdflib import Literal

    # A value that would be an injection if pasted into the text matches nothing.
    hostile = Literal('one" } UNION { ?s ?p ?o } #')
    _, rows = select(
        store, "SELECT ?s ?o WHERE { ?s <http://x/p> ?o } ORDER BY ?s", {"o": hostile}
    )
    assert rows == []
    _, rows = select(
        store,
        "SELECT ?s ?o WHERE { ?s <http://x/p> ?o } ORDER BY ?s",
        {"o": Literal("two")},
    )
    assert [str(r["s"]) for r in rows] == ["http://x/b"]


def test_left_out_parameters_take_their_defaults() -> None:
    from datetime import date

    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from graph_builder.query.library import bind_params
    from graph_builder.resolve import Resolver

    query = load_library()["members_of_organisation"]
    resolver = Resolver()
    bound = bind_params(query, {"org": "SELEC"}, resolver)
    assert bound["role"] == URIRef("https://w3id.org/orgkg/def#RoleMember")
    assert bound["as_of"] == Literal(date.today().isoformat(), datatype=XSD.date)
    given = bind_params(
        query, {"org": "SELEC", "role": "observer", "as_of": "2012-06-04"}, resolver
    )
    assert given["role"] == URIRef("https://w3id.org/orgkg/def#RoleObserver")
    assert given["as_of"] == Literal("2012-06-04", datatype=XSD.date)
    with pytest.raises(QueryError, match="needs --param org=<entity>"):
        bind_params(query, {}, resolver)
