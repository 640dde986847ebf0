"""CSV and TSV downloads cannot carry spreadsheet formulas (#9), CLI and server alike."""

import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from graph_builder.cli import main

HOSTILE = (
    'SELECT ?x ?n WHERE { VALUES (?x ?n) { ("=HYPERLINK(\\"http://x/\\")" -5)'
    ' ("+1+cmd|calc" 3) ("@SUM(A1)" 0) ("-2+3" 1) ("plain" 2) } } ORDER BY ?n'
)


def served(base: str, fmt: str) -> str:
    url = f"{base}/sparql?format={fmt}&query=" + urllib.parse.quote(HOSTILE)
    with urllib.request.urlopen(url, timeout=30) as r:
        body: bytes = r.read()
    return body.decode()


def cli(build: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["sparql", HOSTILE, "--format", fmt, "--build", str(build)]) == 0
    return capsys.readouterr().out


def test_csv_cells_are_neutralised_in_server_and_cli(
    base: str, session_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for text in (served(base, "csv"), cli(session_build, "csv", capsys)):
        lines = text.splitlines()
        assert lines[0] == "x,n"
        assert '"\'=HYPERLINK(""http://x/"")",-5' in lines
        assert "'@SUM(A1),0" in lines
        assert "'-2+3,1" in lines
        assert "'+1+cmd|calc,3" in lines
        assert "plain,2" in lines


def test_tsv_is_sparql_tsv_in_server_and_cli(
    base: str, session_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server_tsv = served(base, "tsv")
    assert server_tsv == cli(session_build, "tsv", capsys)
    assert server_tsv.splitlines()[0] == "?x\t?n"
    lines = server_tsv.splitlines()
    # A spreadsheet drops a literal's quotes and evaluates the rest (#22): the
    # guard goes inside the quotes; the term stays N-Triples, plain text stays.
    assert '"\'@SUM(A1)"\t0' in lines
    assert '"\'=HYPERLINK(\\"http://x/\\")"\t-5' in lines
    assert '"\'+1+cmd|calc"\t3' in lines
    assert '"plain"\t2' in lines
