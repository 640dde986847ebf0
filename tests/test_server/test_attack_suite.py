"""The attack suite of benchmarks/attack.py in its bounded form (issue #22).

A server in a subprocess, a hostile client on 127.0.0.2 and an honest one on
127.0.0.1: no query reaches the network, timed-out queries answer 503 while
the other client is served, a greedy query answers 503 within the worker's
memory cap, a connection flood leaves the other client served, oversized
headers answer 431, and no download cell is a formula.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks import attack
from graph_builder.errors import QueryError
from graph_builder.query.sparql import check_safe, normalise

#: The six texts of issue #22 that passed the old check as plain SELECTs
#: while pyoxigraph read a SERVICE or FROM: comments ended by a lone carriage
#: return, and codepoint escapes read with 8 hex digits by one parser and 4
#: by the other.
ISSUE_22 = [
    "SELECT * WHERE { ?s ?p ?o # c\rSERVICE <http://127.0.0.1:9/> { ?a ?b ?c }\n}",
    "SELECT * # c\rFROM <http://127.0.0.1:9/> WHERE { ?s ?p ?o }",
    "ASK { ?s ?p ?o # c\rSERVICE <http://127.0.0.1:9/> { ?a ?b ?c }\n}",
    "SELECT * WHERE { ?s ?p '\\u00000027 . SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } # ' }",
    "SELECT * WHERE { ?s ?p ?o . FILTER(?o != '\\U00000027') SERVICE <http://127.0.0.1:9/> { } }",
    "SELECT * WHERE { # \\u000d SERVICE <http://127.0.0.1:9/> { ?a ?b ?c }\n}",
]


@pytest.mark.parametrize("query", ISSUE_22)
def test_the_reported_differentials_are_refused(query: str) -> None:
    with pytest.raises(QueryError):
        check_safe(query)


def test_every_generated_variant_is_refused_before_the_engine() -> None:
    texts = attack.differential_texts("http://127.0.0.1:9/sparql")
    assert len(texts) >= 1000
    assert len(set(texts)) == len(texts)
    passed = []
    for text in texts:
        try:
            check_safe(text)
        except QueryError:
            continue
        passed.append(text)
    assert passed == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT * WHERE { ?s ?p 'caf\\u00e9' }", "SELECT * WHERE { ?s ?p 'café' }"),
        ("SELECT *\r\nWHERE {\r?s ?p ?o }", "SELECT *\nWHERE {\n?s ?p ?o }"),
        (
            "SELECT ?s WHERE { ?s ?p 'C:\\\\Users' }",
            "SELECT ?s WHERE { ?s ?p 'C:\\\\Users' }",
        ),
    ],
)
def test_normalise_gives_both_parsers_one_text(text: str, expected: str) -> None:
    assert normalise(text) == expected
    assert normalise(expected) == expected  # idempotent: nothing left to read twice


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p '\\u005Cu0041' }",
        "SELECT * WHERE { ?s ?p '\x0b' }",
        "SELECT * WHERE { ?s ?p '\\uD800' }",
        "SELECT * WHERE { ?s ?p '\\u0000' }",
    ],
)
def test_normalise_refuses_what_could_be_read_two_ways(text: str) -> None:
    with pytest.raises(QueryError):
        normalise(text)


def test_keywords_as_data_still_pass() -> None:
    assert (
        check_safe(
            "PREFIX ex: <http://ex/> SELECT ?from WHERE { ?from ex:load ?x . ?x ex:service 'DROP' }"
        )
        == "SELECT"
    )


@pytest.fixture(scope="module")
def served(session_build: Path) -> Iterator[attack.Server]:
    server = attack.start_server(session_build, workers=4, timeout=2.0, memory=1024)
    yield server
    server.stop()


def _clean(result: attack.Result) -> None:
    assert result.attempts > 0
    assert result.failures == 0, result.notes


def test_no_query_reaches_the_network(served: attack.Server) -> None:
    _clean(attack.attack_network(served.port, limit=150))


def test_timed_out_rounds_leave_the_other_client_served(served: attack.Server) -> None:
    result = attack.attack_timeouts(served.port, rounds=3, timeout=2.0)
    _clean(result)
    assert result.attempts >= 3 * 3 + 1


def test_a_greedy_query_stays_under_the_memory_cap(served: attack.Server) -> None:
    _clean(attack.attack_memory(served, cap=1024, attempts=1))


def test_a_connection_flood_leaves_the_other_client_served(
    served: attack.Server,
) -> None:
    _clean(attack.attack_flood(served.port, seconds=3.0, requests=8))


def test_oversized_headers_and_unknown_methods(served: attack.Server) -> None:
    _clean(attack.attack_headers(served.port))


def test_downloads_hold_no_formula(served: attack.Server) -> None:
    _clean(attack.attack_formulas(served.port))


def test_hostile_documents_are_reported_or_built_escaped(tmp_path: Path) -> None:
    _clean(attack.attack_documents(tmp_path, memory=1024))
