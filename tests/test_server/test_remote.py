"""push and --endpoint against a real Oxigraph server (PyPI package oxigraph) on 127.0.0.1."""

import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_builder.cli import main
from graph_builder.errors import QueryError
from graph_builder.query.remote import remote_select
from graph_builder.query.sparql import substitute
from tests.test_server.conftest import free_port

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(OXIGRAPH).exists():
        pytest.fail(
            "the oxigraph server is missing: pip install oxigraph (a dev dependency)"
        )
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen(
        [
            OXIGRAPH,
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("oxigraph serve did not start")
    yield base
    proc.terminate()
    proc.wait(10)


def test_push_then_named_query_gives_local_rows(
    oxigraph: str, session_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "push",
                "--endpoint",
                f"{oxigraph}/store",
                "--build",
                str(session_build),
                "-q",
            ]
        )
        == 0
    )
    assert "pushed" in capsys.readouterr().out
    args = [
        "query",
        "members_of_organisation",
        "--param",
        "org=SELEC",
        "--param",
        "role=member",
        "--param",
        "as_of=2012-06-04",
        "--format",
        "csv",
    ]
    assert main([*args, "--build", str(session_build)]) == 0
    local = capsys.readouterr().out
    assert main([*args, "--endpoint", f"{oxigraph}/query"]) == 0
    remote = capsys.readouterr().out
    assert sorted(remote.splitlines()) == sorted(local.splitlines())
    assert len(local.splitlines()) == 25


def test_claims_check_remote(
    oxigraph: str, session_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(
        ["push", "--endpoint", f"{oxigraph}/store", "--build", str(session_build), "-q"]
    )
    capsys.readouterr()
    assert (
        main(
            [
                "query",
                "claims_check",
                "--endpoint",
                f"{oxigraph}/query",
                "--format",
                "tsv",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert '\t"reference data"\t' in out
    assert '\t"agrees"\t' in out


def test_push_in_batches_replaces_each_graph_once(
    oxigraph: str, session_build: Path
) -> None:
    from graph_builder.build.generations import current_generation
    from graph_builder.build.published import NQUADS_NAME
    from graph_builder.build.push import push

    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    export = (current_generation(session_build) / NQUADS_NAME).read_bytes()
    local = export.count(b"\n")
    lines: list[str] = []
    for _ in range(2):  # the second push replaces, it does not add
        graphs = push(session_build, f"{oxigraph}/store", lines.append, batch=500)
        _, rows = remote_select(f"{oxigraph}/query", count)
        assert int(str(rows[0]["n"])) == local
    assert graphs == len({ln.split()[2] for ln in lines})
    assert any(" POST " in ln for ln in lines)  # some graph needed several batches
    assert all(" PUT " in ln or " POST " in ln for ln in lines)


def test_remote_errors(oxigraph: str) -> None:
    with pytest.raises(QueryError, match="invalid SPARQL"):  # refused before sending
        remote_select(f"{oxigraph}/query", "SELECT ?x WHERE { ?x ?y }")
    with pytest.raises(QueryError, match="HTTP 400"):  # parses, but is not grouped
        remote_select(f"{oxigraph}/query", "SELECT ?x WHERE { ?x ?y ?z } GROUP BY ?y")
    with pytest.raises(QueryError, match="cannot reach"):
        remote_select(f"http://127.0.0.1:{free_port()}/query", "ASK {}")
    with pytest.raises(QueryError, match="expected an http"):
        remote_select("file:///etc/passwd", "ASK {}")


def test_substitution_escapes_terms() -> None:
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    hostile = 'x" } UNION { ?s ?p ?v } #'
    store = ox.Store()
    p = ox.NamedNode("http://x/p")
    store.add(ox.Quad(ox.NamedNode("http://x/a"), p, ox.Literal(hostile)))
    store.add(ox.Quad(ox.NamedNode("http://x/b"), p, ox.Literal("other")))
    text = substitute(
        "SELECT ?s ?v WHERE { ?s <http://x/p> ?v }", {"v": Literal(hostile)}
    )
    result = store.query(text)
    assert isinstance(result, ox.QuerySolutions)
    rows = list(result)
    assert [r["s"].value for r in rows] == ["http://x/a"]
    with pytest.raises(QueryError, match="not allowed in an IRI"):
        substitute(
            "SELECT ?v WHERE { ?s ?p ?v }", {"v": URIRef("http://x/> } ; DROP ALL")}
        )
