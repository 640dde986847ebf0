from __future__ import annotations

import networkx as nx

from viz.project import incidence, organisation_overlap, state_comembership

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
    # SADC's profile is dated 2012-09-10, after the date: not in the network.
    assert ORG + "sadc" not in network


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
    assert S[STATE + "GRC"][STATE + "TUR"]["weight"] == 4  # NATO, OSCE, RCC, SELEC
    assert S[STATE + "AUT"][STATE + "CHE"]["weight"] == 2  # OSCE, RCC
