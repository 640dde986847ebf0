from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx

from viz.charts import overlap_heatmap
from viz.html import network_page, write_page
from viz.project import Membership, membership_graph

HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def hostile_graph() -> nx.MultiDiGraph[str]:
    return membership_graph(
        [
            Membership.of(
                "urn:s",
                "urn:o",
                member_label="State " + HOSTILE,
                org_label="Org " + HOSTILE,
                sources=("doc </script><b>bold</b>",),
            ),
            Membership.of(
                "urn:t",
                "urn:o",
                member_label="Other",
                org_label="Org",
                role="RoleObserver",
                status="StatusSuspended",
                sources=("doc2",),
            ),
        ]
    )


def test_nodes_and_edges(network: nx.MultiDiGraph[str]) -> None:
    net = network_page(network, "t")
    assert sorted(net.get_nodes()) == sorted(network.nodes)
    assert len(net.get_edges()) == network.number_of_edges()
    node = net.node_map["https://w3id.org/orgkg/id/org/selec"]
    assert (node["shape"], node["kind"]) == ("square", "RegionalOrganisation")
    assert all("x" in n and "y" in n for n in net.nodes)
    assert net.options["physics"]["enabled"] is False


def test_tooltips_carry_provenance() -> None:
    net = network_page(hostile_graph(), "t")
    suspended = next(e for e in net.edges if e["status"] == "StatusSuspended")
    assert suspended["color"] == "#e15759"
    assert "Sources: doc2" in suspended["title"]
    assert suspended["dashes"] is True


def test_page_is_self_contained_and_data_is_json(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    write_page(network_page(hostile_graph(), "Title " + HOSTILE), page)
    html = page.read_text()
    assert not re.findall(r'(?:src|href)\s*=\s*["\']?(?:https?:)?//', html)
    assert "default-src 'none'" in html
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html
    match = re.search(
        r'<script id="orgkg-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert match is not None
    data = json.loads(match.group(1))
    assert data["title"] == "Title " + HOSTILE
    assert any(n["label"] == "State " + HOSTILE for n in data["nodes"])


def test_same_graph_gives_the_same_page(
    tmp_path: Path, network: nx.MultiDiGraph[str]
) -> None:
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    write_page(network_page(network, "t", seed=3), a)
    write_page(network_page(network, "t", seed=3), b)
    assert a.read_bytes() == b.read_bytes()


def test_heatmap(tmp_path: Path, network: nx.MultiDiGraph[str]) -> None:
    path = tmp_path / "h.png"
    matrix = overlap_heatmap(network, path, "t")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # Labels sorted: AU, EU, NATO, OSCE, RCC, SELEC, SACU, UEMOA (by label text).
    assert len(matrix) == 8
    assert (matrix[1][1], matrix[2][2], matrix[1][2], matrix[2][3]) == (27, 28, 21, 28)
    assert (matrix[0][0], matrix[0][6], matrix[0][7], matrix[4][5]) == (54, 5, 8, 13)
