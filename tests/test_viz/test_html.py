from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from graph_builder.query.spans import Membership, Span
from tests.html_blocks import json_block
from viz.charts import overlap_heatmap
from viz.html import (
    EDGE_STYLES,
    NODE_STYLES,
    STATUS_STYLES,
    network_page,
    write_page,
)
from viz.project import incidence, membership_graph, span_graph

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
    # Colour is the role (observer), the line pattern the status.
    assert suspended["color"] == EDGE_STYLES["RoleObserver"][1]
    assert suspended["dashes"] == STATUS_STYLES["StatusSuspended"][1]
    assert "Sources: doc2" in suspended["title"]
    active = next(e for e in net.edges if e["status"] == "StatusActive")
    assert active["dashes"] is False


def test_colours_never_mean_two_things() -> None:
    node_colours = [c for _, _, c in NODE_STYLES.values()]
    edge_colours = [c for _, c in EDGE_STYLES.values()]
    assert len(set(node_colours)) == len(node_colours)
    assert len(set(edge_colours)) == len(edge_colours)
    assert not set(node_colours) & set(edge_colours)
    patterns = [str(d) for _, d in STATUS_STYLES.values()]
    assert len(set(patterns)) == len(patterns)
    # Every edge of one role has one colour, whatever its status.
    net = network_page(hostile_graph(), "t")
    for e in net.edges:
        assert e["color"] == EDGE_STYLES[e["role"]][1]


def test_dated_edges_and_names_reach_the_page(tmp_path: Path) -> None:
    items = [
        Span(Membership.of("urn:s", "urn:o", org_label="Org"), date(2001, 1, 1), None),
        Span(
            Membership.of("urn:t", "urn:o", org_label="Org", status="StatusFormer"),
            None,
            date(2005, 1, 1),
        ),
    ]
    net = network_page(span_graph(items), "t", names={"urn:o": ["ORG", "Org"]})
    page = tmp_path / "d.html"
    write_page(net, page, as_of=date(2003, 2, 1), focus="urn:o")
    data = _data(page.read_text())
    spans = {(e["from"], e["start"], e["end"]) for e in data["edges"]}
    assert spans == {("urn:s", "2001-01-01", ""), ("urn:t", "", "2005-01-01")}
    assert (data["as_of"], data["first_day"], data["focus"]) == (
        "2003-02-01",
        "2001-01-01",
        "urn:o",
    )
    assert data["dated"] is True
    org = next(n for n in data["nodes"] if n["id"] == "urn:o")
    assert org["names"] == ["ORG"]  # the label itself is not repeated
    # urn: IRIs are not web pages: no link.
    assert org["href"] == ""


def _data(html: str) -> dict[str, Any]:
    data: dict[str, Any] = json_block(html, "orgkg-data")
    return data


def test_page_is_self_contained_and_data_is_json(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    write_page(network_page(hostile_graph(), "Title " + HOSTILE), page)
    html = page.read_text()
    assert not re.findall(r'(?:src|href)\s*=\s*["\']?(?:https?:)?//', html)
    assert "default-src 'none'" in html
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html
    data = _data(html)
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
    # Rows and columns follow the organisations' labels in sorted order.
    _, orgs, _ = incidence(network)
    labels = sorted(str(network.nodes[o]["label"]) for o in orgs)
    assert len(matrix) == len(labels) == len(orgs)
    at = {label: i for i, label in enumerate(labels)}

    def cell(a: str, b: str) -> int:
        return matrix[at[a]][at[b]]

    eu, nato = "European Union", "North Atlantic Treaty Organization"
    osce, au = "Organization for Security and Co-operation in Europe", "African Union"
    assert (cell(eu, eu), cell(nato, nato), cell(eu, nato), cell(nato, osce)) == (
        27,
        28,
        21,
        28,
    )
    assert (cell(au, au), cell(au, "Southern African Customs Union")) == (54, 5)
    assert (
        cell(
            "Regional Cooperation Council", "Southeast European Law Enforcement Center"
        )
        == 13
    )
    assert cell(au, "Economic Community of West African States") == 15
    assert (
        cell(
            "Cooperation Council for the Arab States of the Gulf",
            "League of Arab States",
        )
        == 6
    )
    assert all(
        matrix[i][j] == matrix[j][i] for i in range(len(matrix)) for j in range(i)
    )
