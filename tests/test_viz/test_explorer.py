"""The WebGL explorer's data, layout and page (``viz.layout``, ``viz.explorer``)."""

from __future__ import annotations

import json
import math
import random
import re
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

import graph_builder.cli.build as cli_build
from graph_builder.build.generations import current_generation
from graph_builder.build.pipeline import build
from graph_builder.build.published import SPANS_NAME
from graph_builder.cli import main
from graph_builder.query.spans import Membership, Span, read_spans, spans
from tests.conftest import Graphs
from tests.html_blocks import json_block
from tests.test_viz.test_html import HOSTILE, hostile_graph
from viz.explorer import (
    EPOCH,
    explorer_data,
    render_explorer,
    write_explorer,
)
from viz.layout import (
    LAYOUT_NAME,
    contain,
    node_communities,
    node_layout,
    positions,
    read_layout,
)
from viz.metrics import communities
from viz.pages import asset
from viz.project import span_graph


def _day(d: date) -> int:
    return (d - EPOCH).days


@pytest.fixture(scope="module")
def over_time(corpus: Graphs) -> nx.MultiDiGraph[str]:
    return span_graph(spans(corpus.store))


def test_contain_pulls_outliers_in_and_keeps_the_rest() -> None:
    rng = random.Random(0)
    cloud = {f"n{i}": (rng.gauss(0, 10), rng.gauss(0, 10)) for i in range(500)}
    points = {**cloud, "far": (5_000.0, 0.0), "farther": (0.0, -90_000.0)}
    moved = contain(points)
    inner = sorted(math.hypot(x, y) for x, y in cloud.values())
    bound = 1.2 * inner[int(0.95 * len(inner))] * 1.5
    # The outliers now lie just beyond the cloud, on their own bearing, and
    # the farther one stays farther.
    assert math.hypot(*moved["far"]) < bound
    assert math.hypot(*moved["farther"]) < bound
    assert math.hypot(*moved["far"]) < math.hypot(*moved["farther"])
    assert moved["far"][0] > 0
    assert abs(moved["far"][1]) < 1
    assert moved["farther"][1] < 0
    assert abs(moved["farther"][0]) < 1
    # The cloud itself barely moves: at most the 5% beyond the radius.
    unchanged = sum(moved[k] == cloud[k] for k in cloud)
    assert unchanged >= 0.95 * len(cloud)


def test_positions_are_seeded_and_keep_small_components_near() -> None:
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for i in range(300):
        G.add_edge(f"s{i}", f"o{i % 12}")
    G.add_edge("lonely", "pair")
    pos = positions(G, seed=1)
    assert pos == positions(G, seed=1)
    assert pos != positions(G, seed=2)
    assert set(pos) == set(G)
    xs = sorted(p[0] for p in pos.values())
    ys = sorted(p[1] for p in pos.values())
    width, height = xs[-1] - xs[0], ys[-1] - ys[0]
    core = [pos[f"s{i}"] for i in range(300)]
    core_w = max(p[0] for p in core) - min(p[0] for p in core)
    core_h = max(p[1] for p in core) - min(p[1] for p in core)
    # The main component fills most of the drawing, whatever the pair does.
    assert core_w >= 0.5 * width
    assert core_h >= 0.5 * height


def test_organisations_take_their_members_community() -> None:
    e = Membership.of
    edges = [e(f"a{i}", "X") for i in range(5)] + [e(f"a{i}", "Y") for i in range(5)]
    edges += [e(f"b{i}", "Z") for i in range(4)] + [e(f"b{i}", "W") for i in range(4)]
    edges += [e("a0", "Z")]
    G = span_graph(Span(m, None, None) for m in edges)
    found = node_communities(G)
    groups = communities(G)
    assert found["a1"] == found["X"] == found["Y"]
    assert found["b1"] == found["Z"] == found["W"]
    assert found["X"] != found["Z"]
    assert sorted(len(g) for g in groups) == [4, 5]
    assert found["a1"] == next(i for i, g in enumerate(groups) if "a1" in g)


def test_data_are_columns_with_integer_days(
    over_time: nx.MultiDiGraph[str],
) -> None:
    data = explorer_data(
        over_time,
        names={"https://w3id.org/orgkg/id/org/selec": ["SELEC", "x"]},
        source_label=lambda s: f"<{s}>",
    )
    nodes, links = data["nodes"], data["links"]
    assert len(nodes["id"]) == over_time.number_of_nodes()
    assert {len(v) for v in nodes.values()} == {len(nodes["id"])}
    assert {len(v) for v in links.values()} == {over_time.number_of_edges()}
    ids = nodes["id"]
    # Every edge of the graph is one link, with its days as integers.
    columns = zip(
        links["source"],
        links["target"],
        links["role"],
        links["status"],
        links["start"],
        links["end"],
        strict=True,
    )
    got = sorted(
        repr(
            (
                ids[s],
                ids[t],
                data["roles"][r]["role"],
                data["statuses"][st]["status"],
                start,
                end,
            )
        )
        for s, t, r, st, start, end in columns
    )

    def day(text: str) -> int | None:
        return _day(date.fromisoformat(text)) if text else None

    want = sorted(
        repr((u, v, d["role"], d["status"], day(d["start"]), day(d["end"])))
        for u, v, d in over_time.edges(data=True)
    )
    assert got == want
    assert any(s is not None for s in links["start"])
    selec = ids.index("https://w3id.org/orgkg/id/org/selec")
    assert nodes["names"][selec] == ["SELEC", "x"]
    assert all(s.startswith("<") for s in data["sources"])
    assert {r["role"] for r in data["roles"] if r["member"]} <= {
        "RoleMember",
        "RoleFoundingMember",
    }
    assert [s["holding"] for s in data["statuses"]].count(True) >= 1
    # Compact: a few hundred bytes per node at most, links far less.
    size = len(json.dumps(data, separators=(",", ":")))
    assert size < 200 * len(ids) + 60 * len(links["source"])


def test_offline_page_inlines_everything_and_escapes_labels(tmp_path: Path) -> None:
    path = tmp_path / "x.html"
    write_explorer(hostile_graph(), path, title="T " + HOSTILE, as_of=date(2012, 6, 4))
    html = path.read_text()
    assert not re.findall(r'(?:src|href)\s*=\s*["\']?(?:https?:)?//', html)
    assert not re.findall(r"<script[^>]+src=", html)
    assert "default-src 'none'" in html
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html
    graph = json_block(html, "orgkg-graph")
    assert "State " + HOSTILE in graph["nodes"]["label"]


def test_served_page_loads_its_files_and_fetches_the_data() -> None:
    html = render_explorer(
        title="t", as_of=date(2012, 6, 4), data_url="/api/explorer", view="overlap"
    )
    for name in ("sigma.min.js", "graphology.umd.min.js", "util.js", "explorer.js"):
        assert f'<script src="/static/viz/{name}"></script>' in html
    assert 'id="orgkg-graph"' not in html
    # No inline script but the JSON blocks: the server's CSP allows scripts
    # from 'self' only, and sends its own policy.
    blocks = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert blocks == [' id="orgkg-config" type="application/json"']
    assert "Content-Security-Policy" not in html
    assert json_block(html, "orgkg-config")["as_of"] == _day(date(2012, 6, 4))
    with pytest.raises(ValueError, match="view='hairball'"):
        render_explorer(title="t", as_of=date(2012, 6, 4), view="hairball")


def test_assets_are_the_vendored_files() -> None:
    sigma = asset("sigma.min.js")
    graphology = asset("graphology.umd.min.js")
    assert sigma is not None
    assert b"Sigma" in sigma[:400]
    assert graphology is not None
    assert b"graphology" in graphology[:1000]
    assert asset("../explorer.py") is None


def test_the_build_writes_the_layout_and_the_explorer_uses_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A broken or missing file is no layout (the CLI's logging setup, below,
    # replaces the log capture, so this comes first).
    broken = tmp_path / "broken.json"
    broken.write_text('{"a": [1]}')
    with caplog.at_level("WARNING"):
        assert read_layout(broken) is None
    assert "not a layout" in caplog.text
    assert read_layout(tmp_path / "missing.json") is None
    # The bundled corpus (235 nodes) is laid out by whoever draws it; a build
    # of a network from LAYOUT_FROM nodes writes its layout.
    assert cli_build.LAYOUT_NAME == LAYOUT_NAME
    small = tmp_path / "small"
    assert main(["build", "-q", "--out", str(small)]) == 0
    assert not (current_generation(small) / LAYOUT_NAME).exists()
    monkeypatch.setattr(cli_build, "LAYOUT_FROM", 100)
    out = tmp_path / "out"
    assert main(["build", "-q", "--out", str(out)]) == 0
    gen = current_generation(out)
    layout = read_layout(gen / LAYOUT_NAME)
    assert layout is not None
    G = span_graph(read_spans(gen / SPANS_NAME))
    assert set(layout) == set(G)
    assert layout == node_layout(G)
    # The explorer takes the build's layout rather than laying out again.
    moved = {n: (x + 1.0, y, c) for n, (x, y, c) in layout.items()}
    data = explorer_data(G, layout=moved)
    first = data["nodes"]["id"][0]
    assert data["nodes"]["x"][0] == moved[first][0]
    # A layout that does not cover the graph is laid out again.
    partial = dict(list(layout.items())[:3])
    assert explorer_data(G, layout=partial)["nodes"]["x"][0] == layout[first][0]


def test_a_derived_file_that_fails_does_not_stop_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def fails(items: object) -> bytes:
        raise RuntimeError("no layout today")

    out = tmp_path / "out"
    with caplog.at_level("WARNING"):
        build(
            (),
            out,
            progress=lambda _: None,
            derived={"broken.json": fails, "count.txt": lambda s: b"%d" % len(s)},
        )
    gen = current_generation(out)
    assert not (gen / "broken.json").exists()
    assert int((gen / "count.txt").read_text()) == len(read_spans(gen / SPANS_NAME))
    assert "broken.json not written: no layout today" in caplog.text
