import json
import re
import subprocess
import sys
import tomllib
from importlib import import_module
from pathlib import Path

import pytest
from rdflib import RDFS, Graph, URIRef

import graph_builder
import viz
from graph_builder.cli import main
from graph_builder.paths import REPO_ROOT
from tests.html_blocks import json_block

SELEC = "https://w3id.org/orgkg/id/org/selec"
WEB = ["--out", "e.html"]


def test_packages_are_ours() -> None:
    for module in (graph_builder, viz):
        assert Path(module.__file__ or "").resolve().is_relative_to(REPO_ROOT)


def test_console_scripts_resolve() -> None:
    scripts = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"][
        "scripts"
    ]
    assert scripts == {"orgkg": "graph_builder.cli:main"}
    for target in scripts.values():
        module, _, attr = target.partition(":")
        assert callable(getattr(import_module(module), attr))


def test_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for line in ("0  success", "1  validate", "2  usage"):
        assert line in out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2


def test_build_jobs_must_be_a_positive_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--out", str(tmp_path), "--jobs", "0"]) == 2
    assert "--jobs: expected a whole number >= 1, got '0'" in capsys.readouterr().err
    assert not (tmp_path / "current").exists()


def test_build_then_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["build", "--out", str(out), "--format", "json", "-q"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["unresolved"] == []
    assert {(c["agent"], c["listed_as_of"]) for c in summary["conflicts"]} == {
        ("Croatia", "2012-06-04"),
        ("Slovenia", "2012-06-04"),
    }
    [count] = summary["count_disagreements"]
    assert {(s["stated"], s["listed"]) for s in count["sources"]} == {
        (13, 13),
        (None, 11),
    }
    assert main(["validate", "--build", str(out)]) == 0
    assert "Conforms" in capsys.readouterr().out


def test_build_text_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--out", str(tmp_path), "-q"]) == 0
    out = capsys.readouterr().out
    assert "Conflicts between sources: 2" in out
    assert (
        "count differs: 000_efb7d85203431afd.txt: 13; 001_26c441d74c6b6071.txt: 11"
        in out
    )


def test_build_reports_a_bad_file_in_one_line_and_builds_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe")
    assert main(["build", str(bad), "--out", str(tmp_path / "out"), "-q"]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"orgkg: {bad}:1: not valid UTF-8 text"]
    assert (tmp_path / "out" / "current").exists()
    out = tmp_path / "strict"
    assert main(["build", str(bad), "--out", str(out), "-q", "--strict"]) == 1


def test_build_with_nothing_readable_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe")
    empty = tmp_path / "corpus"
    empty.mkdir()
    args = ["build", str(bad), "--corpus", str(empty), "--out", str(tmp_path / "out")]
    assert main([*args, "-q"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "nothing could be built" in err[0]
    assert f"{bad}:1" in err[0]
    assert not (tmp_path / "out").exists()


def test_strict_build_fails_on_unresolved(tmp_path: Path) -> None:
    doc = Path(__file__).parent / "data" / "unseen_ecowas_profile.txt"
    assert main(["build", str(doc), "--out", str(tmp_path), "--strict", "-q"]) == 1


def test_validate_without_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--build", str(tmp_path)]) == 2
    assert "run 'orgkg build' first" in capsys.readouterr().err


def test_resolve_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resolve", "Hellenic Republic", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["kind"], data["iso3"], data["label"]) == ("state", "GRC", "Greece")


def test_resolve_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resolve", "Atlantis", "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out) == {"name": "Atlantis", "resolved": False}
    assert "does not resolve" in captured.err


def test_query_list_and_run(
    built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "--list"]) == 0
    assert "source_conflicts\t" in capsys.readouterr().out
    assert (
        main(
            ["query", "source_conflicts", "--build", str(built_out), "--format", "json"]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    agents = sorted(b["agentLabel"]["value"] for b in data["results"]["bindings"])
    assert agents == ["Croatia", "Slovenia"]
    assert "agentLabel" in data["head"]["vars"]


def test_query_unknown_param(
    built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["query", "source_conflicts", "--param", "x=1", "--build", str(built_out)])
        == 2
    )
    assert capsys.readouterr().err.startswith(
        "orgkg: error: query 'source_conflicts' has no parameter 'x'"
    )


def test_sparql_refuses_service_and_bad_syntax(
    built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    q = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    assert main(["sparql", q, "--build", str(built_out)]) == 2
    assert "SERVICE is not allowed" in capsys.readouterr().err
    assert main(["sparql", "SELEKT nothing", "--build", str(built_out)]) == 2
    assert "invalid SPARQL" in capsys.readouterr().err


def test_sparql_csv(built_out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    q = (
        "PREFIX kg: <https://w3id.org/orgkg/def#> "
        "SELECT ?n WHERE { ?d a kg:SourceDocument ; kg:sourcePath ?n ; kg:documentKind ?k "
        'FILTER(?k != "reference") } ORDER BY ?n'
    )
    assert main(["sparql", q, "--build", str(built_out), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "n",
        "000_efb7d85203431afd.txt",
        "001_26c441d74c6b6071.txt",
        "sadc_poa_profile.txt",
    ]


def test_sparql_every_query_form(
    built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI answers what the endpoint answers: ASK, CONSTRUCT, DESCRIBE too (#10)."""
    build = ["--build", str(built_out)]
    assert (
        main(["sparql", "ASK { ?s a <https://w3id.org/orgkg/def#State> }", *build]) == 0
    )
    assert capsys.readouterr().out == "true\n"
    selec = "<https://w3id.org/orgkg/id/org/selec>"
    assert main(["sparql", f"DESCRIBE {selec}", *build]) == 0
    graph = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert (URIRef(selec.strip("<>")), RDFS.label, None) in graph
    construct = f"CONSTRUCT {{ {selec} ?p ?o }} WHERE {{ {selec} ?p ?o }}"
    assert main(["sparql", construct, *build, "--format", "ntriples"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines
    assert all(line.startswith(selec) for line in lines)
    assert main(["sparql", construct, *build, "--format", "csv"]) == 2
    assert "does not fit a CONSTRUCT query" in capsys.readouterr().err


def test_tables_show_prefixed_names(
    built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    q = (
        "SELECT ?org ?p WHERE { BIND(<https://w3id.org/orgkg/id/org/selec> AS ?org)"
        " BIND(<http://www.w3.org/ns/org#memberOf> AS ?p) }"
    )
    assert main(["sparql", q, "--build", str(built_out)]) == 0
    assert capsys.readouterr().out.splitlines()[2].split() == [
        "id:org/selec",
        "org:memberOf",
    ]


def test_rebuild_in_another_process_is_byte_identical(
    built_out: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    subprocess.run(
        [sys.executable, "-m", "graph_builder", "build", "--out", str(other), "-q"],
        check=True,
        capture_output=True,
    )
    for name in ("orgkg.nq", "orgkg.trig"):
        assert (built_out / name).read_bytes() == (other / name).read_bytes()


def test_analyze_overlap_json(
    built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "analyze",
        "overlap",
        "--build",
        str(built_out),
        "--as-of",
        "2012-06-04",
        "--format",
        "json",
    ]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2012-06-04"
    shared = {(r["a"], r["b"]): r["shared"] for r in data["result"]}
    assert (
        shared[
            (
                "North Atlantic Treaty Organization",
                "Southeast European Law Enforcement Center",
            )
        ]
        == 8
    )


def test_analyze_ego_with_export(
    built_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "ego.gexf"
    args = [
        "analyze",
        "ego",
        "Hellenic Republic",
        "--build",
        str(built_out),
        "--as-of",
        "2012-06-04",
        "--export",
        str(export),
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "North Atlantic Treaty Organization" in out
    assert export.read_text().startswith("<?xml")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["analyze", "ego"], "needs an ENTITY"),
        (["analyze", "ego", "Atlantis"], "does not resolve"),
        (["analyze", "ego", "Bhutan"], "has no memberships on 2012-06-04"),
        (["analyze", "overlap", "--as-of", "June"], "--as-of 'June'"),
        (["viz", "network", "--out", "x.txt"], "expected a .html file"),
        (
            ["viz", "ego", "SELEC", "--renderer", "webgl", "--radius", "5", *WEB],
            "--radius 5: the WebGL page shows 1 to 3 hops",
        ),
        (["chart", "timeline", "SELEC", "--out", "t.png"], "has no dated memberships"),
        (["chart", "coverage", "Atlantis", "--out", "c.png"], "does not resolve"),
    ],
)
def test_viz_errors(
    built_out: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    full = [*args, "--build", str(built_out)]
    if "--as-of" not in full:
        full += ["--as-of", "2012-06-04"]
    assert main(full) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("view", [["network"], ["overlap"], ["ego", "SELEC"]])
def test_viz_pages(built_out: Path, tmp_path: Path, view: list[str]) -> None:
    page = tmp_path / "p.html"
    assert (
        main(
            [
                "viz",
                *view,
                "--build",
                str(built_out),
                "--as-of",
                "2012-06-04",
                "--out",
                str(page),
            ]
        )
        == 0
    )
    assert 'id="orgkg-data"' in page.read_text()


@pytest.mark.parametrize(
    ("view", "opens_on"),
    [(["network"], "network"), (["overlap"], "overlap"), (["ego", "SELEC"], "ego")],
)
def test_viz_webgl_pages(
    built_out: Path, tmp_path: Path, view: list[str], opens_on: str
) -> None:
    # The bundled build has 235 nodes: auto gives vis-network, webgl is asked.
    page = tmp_path / "p.html"
    args = [*view, "--build", str(built_out), "--as-of", "2012-06-04"]
    assert main(["viz", *args, "--renderer", "webgl", "--out", str(page)]) == 0
    html = page.read_text()
    settings = json_block(html, "orgkg-config")
    assert settings["view"] == opens_on
    assert settings["focus"] == (SELEC if opens_on == "ego" else "")
    assert SELEC in json_block(html, "orgkg-graph")["nodes"]["id"]
    assert not re.findall(r"<script[^>]+src=", html)


def test_charts(built_out: Path, tmp_path: Path) -> None:
    for args in (
        ["heatmap", "--as-of", "2012-06-04"],
        ["timeline", "NATO"],
        ["coverage", "ECCAS", "--as-of", "2020-01-01"],
    ):
        png = tmp_path / f"{args[0]}.png"
        assert main(["chart", *args, "--build", str(built_out), "--out", str(png)]) == 0
        assert png.read_bytes()[:4] == b"\x89PNG"


def test_coverage_chart_draws_each_member_and_agreement(tmp_path: Path) -> None:
    from viz.charts import coverage_chart

    png = tmp_path / "c.png"
    cells = {(0, 0): "bound", (0, 1): "signed only", (1, 0): "neither"}
    assert (
        coverage_chart(["Angola", "Burundi"], ["ATT", "Kinshasa"], cells, png, "t") == 1
    )
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_rebuild_with_nothing_changed_keeps_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from graph_builder.build.generations import current_generation

    docs = tmp_path / "docs"
    docs.mkdir()
    extra = docs / "extra.txt"
    extra.write_text("The objective of SELEC is to support its Member States.\n")
    out = tmp_path / "out"
    args = ["build", str(docs), "--out", str(out), "--format", "json"]
    assert main([*args, "-q"]) == 0
    first = capsys.readouterr().out
    gen = current_generation(out)
    assert main(args) == 0
    captured = capsys.readouterr()
    assert captured.out == first  # the same summary, reported again
    assert "nothing changed" in captured.err
    assert current_generation(out) == gen
    # A changed document, or --force, builds a new generation.
    extra.write_text("The objective of SELEC is to support its Member States!\n")
    assert main([*args, "-q"]) == 0
    assert current_generation(out) != gen
    changed = capsys.readouterr().out
    assert changed != first
    gen = current_generation(out)
    assert main([*args, "-q", "--force"]) == 0
    assert current_generation(out) != gen
    assert capsys.readouterr().out == changed


def test_build_progress_on_stderr_quiet_under_q(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--out", str(tmp_path / "a")]) == 0
    err = capsys.readouterr().err
    assert "[1/3] " in err
    assert "[3/3] " in err
    assert "docs/s, about" in err
    assert main(["build", "--out", str(tmp_path / "b"), "-q"]) == 0
    assert capsys.readouterr().err == ""


def test_an_organisation_a_document_defines_is_a_valid_parameter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.test_graph_builder.test_documents import profile

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "nlfc.txt").write_text(
        profile("Northern Lakes Fisheries Council", "NLFC", "Kenya, Uganda")
    )
    out = tmp_path / "out"
    assert main(["build", str(docs), "--out", str(out), "-q"]) == 0
    capsys.readouterr()
    args = ["query", "members_of_organisation", "--build", str(out), "-q"]
    for name in ("NLFC", "Northern Lakes Fisheries Council"):
        assert main([*args, "--param", f"org={name}", "--format", "csv"]) == 0
        rows = capsys.readouterr().out.splitlines()
        assert {r.split(",")[4] for r in rows[1:]} == {"Kenya", "Uganda"}
    assert main(["analyze", "ego", "NLFC", "--build", str(out), "-q"]) == 0


def test_viz_auto_draws_large_networks_with_webgl(
    built_out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import graph_builder.cli.viz as viz_cli

    page = tmp_path / "p.html"
    args = ["viz", "network", "--build", str(built_out), "--out", str(page)]
    assert main(args) == 0
    assert 'id="orgkg-data"' in page.read_text()  # 235 nodes: vis-network
    monkeypatch.setattr(viz_cli, "WEBGL_FROM", 200)
    assert main(args) == 0
    assert 'id="orgkg-graph"' in page.read_text()  # WebGL from 200
