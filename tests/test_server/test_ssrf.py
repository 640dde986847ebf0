"""No query reaches the network: the parse-tree check, the kernel sandbox, a listener.

Regression tests for issue #9: a carriage return ending a comment and escaped
``#``/``'`` in a prefixed name's local part got ``SERVICE`` past the old
text-based check, and pyoxigraph executed it over HTTP.
"""

import itertools
import multiprocessing as mp
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.attack import Listener
from graph_builder.cli import main
from graph_builder.errors import QueryError
from graph_builder.query.sparql import check_safe
from graph_builder.serve.app import OrgKGServer


@pytest.fixture
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.close()
    assert lst.hits == [], f"a query reached the network: {lst.hits!r}"


def bypasses(port: int) -> list[str]:
    """The three reported bypasses and their mutations."""
    url = f"<http://127.0.0.1:{port}/sparql>"
    service = f"SERVICE {url} {{ ?a ?b ?c }}"
    base = [
        "SELECT * WHERE { # c\r" + service + " } LIMIT 1",
        "PREFIX ex: <http://ex/> SELECT * WHERE { ?s ex:p\\# ?o . " + service + " }",
        "PREFIX ex: <http://ex/> SELECT * WHERE { ?s ex:p\\' ?o . " + service + " }",
    ]
    endings = ["\r", "\n", "\r\n", "\n\r", "\x0b", "\x0c", "\u2028", "\x85"]
    comment_hidden = [
        "SELECT * WHERE { # c" + end + service + " } LIMIT 1" for end in endings
    ]
    spellings = [
        "service",
        "SeRvIcE",
        "SERVICE SILENT",
        "\\u0053ERVICE",
        "SERVIC\\u0045",
        "\\U00000053ERVICE",
        "SERVICE#x\n",
        "SERVICE\t",
    ]
    spelled = [
        f"SELECT * WHERE {{ {word} {url} {{ ?a ?b ?c }} }}" for word in spellings
    ]
    placements = [
        "SELECT * WHERE { { SELECT * WHERE { " + service + " } } }",
        "SELECT * WHERE { FILTER EXISTS { " + service + " } }",
        "SELECT * WHERE { FILTER NOT EXISTS { " + service + " } }",
        "SELECT * WHERE { ?x ?y ?z OPTIONAL { " + service + " } }",
        "SELECT * WHERE { { ?x ?y ?z } UNION { " + service + " } }",
        "SELECT * WHERE { ?x ?y ?z MINUS { " + service + " } }",
        "SELECT * WHERE { GRAPH ?g { " + service + " } }",
        "ASK { " + service + " }",
        "CONSTRUCT { ?a ?b ?c } WHERE { " + service + " }",
        "DESCRIBE ?a WHERE { " + service + " }",
        "SELECT * WHERE { BIND(1 AS ?v) SERVICE ?svc { ?a ?b ?c } }",
    ]
    datasets = [
        f"SELECT * FROM {url} WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED {url} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"select * from {url} where {{ ?s ?p ?o }}",
        f"SELECT * #x\rFROM {url} WHERE {{ ?s ?p ?o }}",
        f"DESCRIBE ?s FROM {url} WHERE {{ ?s ?p ?o }}",
    ]
    updates = [
        f"LOAD {url}",
        f"LOAD SILENT {url} INTO GRAPH <http://g>",
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    ]
    # Comments everywhere: before, inside and after every token of a base query.
    tokens = ["SELECT", "*", "WHERE", "{", "SERVICE", url, "{", "?a ?b ?c", "}", "}"]
    commented = [
        " ".join(
            [*tokens[:i], "# note" + end, *tokens[i:]]  # a comment before token i
        )
        for i, end in itertools.product(range(len(tokens) + 1), ["\r", "\n", "\r\n"])
    ]
    return [
        *base,
        *comment_hidden,
        *spelled,
        *placements,
        *datasets,
        *updates,
        *commented,
    ]


def test_every_bypass_is_refused_by_the_parse_tree_check() -> None:
    queries = bypasses(1234)
    assert len(queries) > 60
    for query in queries:
        with pytest.raises(QueryError):
            check_safe(query)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s WHERE { ?s <http://ex/service> 'SERVICE FROM LOAD' }",
        "PREFIX service: <http://ex/> SELECT ?from WHERE { ?from service:x ?load }",
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x> { }",
        'SELECT * WHERE { ?s ?p """\nSERVICE <http://x> { ?a ?b ?c }\n""" }',
    ],
)
def test_keywords_in_data_are_not_refused(query: str) -> None:
    assert check_safe(query) == "SELECT"


def test_server_never_contacts_the_network(base: str, listener: Listener) -> None:
    for query in bypasses(listener.port)[:24]:
        url = f"{base}/sparql?query={urllib.parse.quote(query)}"
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                status = r.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        assert status in (400, 403), query


def test_cli_never_contacts_the_network(
    session_build: Path, listener: Listener, capsys: pytest.CaptureFixture[str]
) -> None:
    for query in bypasses(listener.port)[:3]:
        assert main(["sparql", query, "--build", str(session_build)]) == 2
        err = capsys.readouterr().err
        assert "not allowed" in err or "invalid SPARQL" in err, err


def _service_in_sandbox(port: int, result: "mp.Queue[str]") -> None:
    import pyoxigraph as ox

    from graph_builder.serve.sandbox import deny_network

    deny_network()
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?a ?b ?c }} }}"
    try:
        rows = list(ox.Store().query(query))  # type: ignore[arg-type]
        result.put(f"answered {rows!r}")
    except OSError as exc:
        result.put(f"refused: {exc}")


def test_kernel_guard_stops_service_even_without_the_parser_check(
    listener: Listener,
) -> None:
    """The second guard on its own: the engine runs SERVICE, the kernel says no."""
    ctx = mp.get_context("spawn")
    result: mp.Queue[str] = ctx.Queue()
    proc = ctx.Process(target=_service_in_sandbox, args=(listener.port, result))
    proc.start()
    outcome = result.get(timeout=60)
    proc.join(10)
    assert outcome.startswith("refused"), outcome


def test_every_query_worker_is_sandboxed(server: OrgKGServer) -> None:
    workers = list(server.pool._idle.queue)
    assert workers
    for worker in workers:
        status = Path(f"/proc/{worker.process.pid}/status").read_text()
        assert "Seccomp:\t2" in status  # filter mode
