from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import networkx as nx
import pytest

from graph_builder.errors import SourceDataError
from graph_builder.query.spans import (
    holds_between,
    memberships,
    on_day,
    read_spans,
    spans,
    write_spans,
)
from tests.conftest import Graphs
from viz.project import incidence, organisation_overlap, span_graph, state_comembership

ORG = "https://w3id.org/orgkg/id/org/"
STATE = "https://w3id.org/orgkg/id/state/"


def test_bipartite_network_on_a_date(network: nx.MultiDiGraph[str]) -> None:
    assert network.graph["as_of"] == "2012-06-04"
    assert network.nodes[ORG + "selec"]["kind"] == "RegionalOrganisation"
    assert network.nodes[STATE + "GRC"] == {"label": "Greece", "kind": "State"}
    edge = network[STATE + "HRV"][ORG + "selec"]["RoleMember"]
    assert edge["sources"] == "000_efb7d85203431afd.txt"
    both = network[STATE + "ALB"][ORG + "selec"]["RoleMember"]["sources"]
    assert both == "000_efb7d85203431afd.txt; 001_26c441d74c6b6071.txt"
    # SADC's profile is dated 2012-09-10, after the date: SADC's members on
    # the date come from the reference data alone.
    sources = {
        data["sources"] for _, _, data in network.in_edges(ORG + "sadc", data=True)
    }
    assert sources
    assert all("sadc_poa_profile" not in s for s in sources)


def test_non_member_roles_are_edges_but_not_memberships(
    network: nx.MultiDiGraph[str],
) -> None:
    assert network[ORG + "interpol"][ORG + "selec"]["RolePermanentAdviser"]
    members, orgs, B = incidence(network)
    assert ORG + "interpol" not in members
    assert B.shape == (len(members), len(orgs))


def test_projections_count_shared_members(network: nx.MultiDiGraph[str]) -> None:
    P = organisation_overlap(network)
    assert P[ORG + "nato"][ORG + "osce"]["weight"] == 28
    assert P[ORG + "nato"][ORG + "selec"]["weight"] == 8
    assert P[ORG + "osce"][ORG + "selec"]["weight"] == 13
    S = state_comembership(network)
    # CoE, NATO, OSCE, RCC, SELEC
    assert S[STATE + "GRC"][STATE + "TUR"]["weight"] == 5
    assert S[STATE + "AUT"][STATE + "CHE"]["weight"] == 3  # CoE, OSCE, RCC


def _flat(edges: Iterable[tuple[str, str, str, str, str]]) -> set[tuple[str, ...]]:
    return {
        (org, member, role, status, source)
        for org, member, role, status, sources in edges
        for source in sources.split("; ")
    }


def test_spans_agree_with_the_query_on_every_date_that_matters(
    corpus: Graphs,
) -> None:
    items = spans(corpus.store)
    G = span_graph(items)
    days = {d for s in items for d in (s.start, s.end) if d is not None}
    probes = {date(1900, 1, 1), date(2100, 1, 1), date.today()}
    for d in days:
        probes |= {d - timedelta(days=1), d, d + timedelta(days=1)}
    assert len(probes) > 20
    for day in sorted(probes):
        text = day.isoformat()
        from_spans = _flat(
            (v, u, a["role"], a["status"], a["sources"])
            for u, v, a in G.edges(data=True)
            if (not a["start"] or a["start"] <= text)
            and (not a["end"] or text < a["end"])
        )
        from_query = _flat(
            (m.org, m.member, m.role, m.status, "; ".join(m.sources))
            for m in memberships(corpus.store, day)
        )
        assert from_spans == from_query, text


def test_span_table_gives_the_network_of_the_query_on_every_date(
    corpus: Graphs, tmp_path: Path
) -> None:
    items = spans(corpus.store)
    write_spans(items, tmp_path / "spans.json")
    table = read_spans(tmp_path / "spans.json")
    assert table == items
    days = {d for s in items for d in (s.start, s.end) if d is not None}
    probes = {date(1900, 1, 1), date(2100, 1, 1)}
    for d in days:
        probes |= {d - timedelta(days=1), d, d + timedelta(days=1)}
    for day in sorted(probes):
        assert on_day(table, day) == memberships(corpus.store, day), day


def test_a_build_writes_the_span_table(built_out: Path) -> None:
    from graph_builder.build.generations import current_generation
    from graph_builder.build.published import SPANS_NAME, open_spans, open_store

    assert (current_generation(built_out) / SPANS_NAME).is_file()
    assert open_spans(built_out) == spans(open_store(built_out))
    (current_generation(built_out) / SPANS_NAME).write_text("[]")
    with pytest.raises(SourceDataError, match="span table"):
        open_spans(built_out)


def test_holds_between_follows_the_date_rules() -> None:
    d = date
    assert holds_between(d(2000, 1, 1), None, d(2012, 1, 1), "StatusActive") == (
        d(2000, 1, 1),
        None,
    )
    # Seen after it ended: it held at some time before its end.
    assert holds_between(None, d(2005, 1, 1), d(2012, 1, 1), "StatusFormer") == (
        None,
        d(2005, 1, 1),
    )
    assert holds_between(None, None, d(2012, 1, 1), "StatusActive") == (
        d(2012, 1, 1),
        None,
    )
    assert holds_between(None, None, None, "StatusPending") is None
    assert holds_between(d(2010, 1, 1), d(2010, 1, 1), None, "StatusActive") is None


def test_spans_by_scan_equal_the_named_query(corpus: Graphs, tmp_path: Path) -> None:
    """The index-scan span table is the membership_spans query's, row for row."""
    import importlib.util

    import pyoxigraph as ox

    from graph_builder.query.spans import spans_by_query

    assert spans(corpus.store) == spans_by_query(corpus.store)
    # And on a generated graph shaped like a large build.
    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location(
        "bench", root / "benchmarks" / "run.py"
    )
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.generate(20_000, tmp_path / "g.nq")
    store = ox.Store()
    store.bulk_load(path=str(tmp_path / "g.nq"), format=ox.RdfFormat.N_QUADS)
    by_scan = spans(store)
    assert len(by_scan) > 1000
    assert by_scan == spans_by_query(store)
