"""Each named query on the bundled corpus, run through the CLI's binding path."""

import pyoxigraph as ox
import pytest
from rdflib.term import Node

from graph_builder.cli.query import _bind
from graph_builder.errors import QueryError
from graph_builder.query.library import load_library
from graph_builder.query.sparql import select
from graph_builder.resolve import Resolver
from tests.conftest import Graphs

LIBRARY = load_library()
KG_NS = "https://w3id.org/orgkg/def#"
ORG_ID = "https://w3id.org/orgkg/id/org/"
STATE_ID = "https://w3id.org/orgkg/id/state/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PASSAGE_DOC = KG_NS + "inDocument"
RESOLVER = Resolver()


def run(corpus: Graphs, name: str, **params: str) -> list[dict[str, str]]:
    query = LIBRARY[name]
    bindings = _bind(query, [f"{k}={v}" for k, v in params.items()], RESOLVER)
    _, rows = select(corpus.store, query.text, bindings)
    return [{k: str(v) for k, v in row.items()} for row in rows]


def _local(value: str) -> str:
    return value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def test_every_query_has_a_test() -> None:
    tested = {name[5:] for name in globals() if name.startswith("test_")}
    reports = {n for n in LIBRARY if not n.endswith("_violation")}
    assert reports - tested - {"source_conflicts", "member_counts_by_source"} == set()


def test_names_of_agents(corpus: Graphs) -> None:
    rows = run(corpus, "names_of_agents")
    selec = {r["name"] for r in rows if r["entity"] == ORG_ID + "selec"}
    assert "SELEC" in selec
    croatia = {r["name"] for r in rows if r["entity"] == STATE_ID + "HRV"}
    assert "HRV" in croatia
    assert {_local(r["kind"]) for r in rows} >= {"State", "RegionalOrganisation"}


def test_membership_spans(corpus: Graphs) -> None:
    rows = run(corpus, "membership_spans")
    selec = [r for r in rows if r["org"] == ORG_ID + "selec"]
    # One row per source and date fields: the two seeds both list Albania.
    albania = {r["source"] for r in selec if r["member"] == STATE_ID + "ALB"}
    assert albania == {"000_efb7d85203431afd.txt", "001_26c441d74c6b6071.txt"}
    assert {r["evidenceDate"] for r in selec if r["member"] == STATE_ID + "HRV"} == {
        "2012-06-04"
    }


def test_members_of_organisation(corpus: Graphs) -> None:
    rows = run(
        corpus,
        "members_of_organisation",
        org="SELEC",
        role="member",
        as_of="2012-06-04",
    )
    by_source: dict[str, set[str]] = {}
    for r in rows:
        by_source.setdefault(r["source"], set()).add(_local(r["member"]))
    assert len(by_source["000_efb7d85203431afd.txt"]) == 13
    assert len(by_source["001_26c441d74c6b6071.txt"]) == 11
    assert by_source["000_efb7d85203431afd.txt"] - by_source[
        "001_26c441d74c6b6071.txt"
    ] == {"HRV", "SVN"}
    assert all(r["as_of"] == "2012-06-04" for r in rows)


def test_members_before_the_evidence_date_are_not_claimed(corpus: Graphs) -> None:
    rows = run(
        corpus,
        "members_of_organisation",
        org="SELEC",
        role="member",
        as_of="2012-06-03",
    )
    assert {r["source"] for r in rows} == {"001_26c441d74c6b6071.txt"}


def test_members_from_dated_reference_data(corpus: Graphs) -> None:
    def nato(day: str) -> set[str]:
        return {
            _local(r["member"])
            for r in run(
                corpus, "members_of_organisation", org="NATO", role="member", as_of=day
            )
        }

    assert len(nato("2012-06-04")) == 28
    assert "MNE" not in nato("2017-06-04")
    assert "MNE" in nato("2017-06-05")
    assert len(nato("2024-03-07")) == 32


def test_eu_withdrawal_and_year_precision(corpus: Graphs) -> None:
    def members(org: str, day: str) -> set[str]:
        rows = run(corpus, "members_of_organisation", org=org, role="member", as_of=day)
        return {_local(r["member"]) for r in rows}

    assert "GBR" in members("EU", "2020-01-31")
    assert "GBR" not in members("EU", "2020-02-01")
    assert len(members("EU", "2012-06-04")) == 27
    # "1997" (year precision) counts from the first day of the year.
    assert "GNB" in members("UEMOA", "1997-01-01")
    assert len(members("UEMOA", "2012-06-04")) == 8


def test_former_memberships_end(corpus: Graphs) -> None:
    rows = run(
        corpus, "members_of_organisation", org="OSCE", role="member", as_of="1990-10-03"
    )
    members = {_local(r["member"]) for r in rows}
    assert "DDR" not in members
    assert "DEU" in members
    assert (
        len(
            {
                _local(r["member"])
                for r in run(
                    corpus,
                    "members_of_organisation",
                    org="OSCE",
                    role="member",
                    as_of="1990-10-02",
                )
            }
        )
        == 35
    )


def test_suspended_member_is_listed_with_its_status(corpus: Graphs) -> None:
    rows = run(
        corpus, "members_of_organisation", org="SADC", role="member", as_of="2012-09-10"
    )
    statuses = {_local(r["member"]): _local(r["status"]) for r in rows}
    assert len(statuses) == 15
    assert statuses["MDG"] == "StatusSuspended"


def test_organisations_of_state(corpus: Graphs) -> None:
    rows = run(
        corpus, "organisations_of_state", state="Hellenic Republic", as_of="2012-06-04"
    )
    assert {_local(r["org"]) for r in rows} == {
        "coe",
        "eu",
        "nato",
        "osce",
        "rcc",
        "selec",
    }


def test_memberships_of_state(corpus: Graphs) -> None:
    rows = run(corpus, "memberships_of_state", state="Croatia")
    selec = [r for r in rows if _local(r["org"]) == "selec"]
    # The profile lists Croatia (as of 2012-06-04), the website does not.
    assert {r["source"] for r in selec} == {"000_efb7d85203431afd.txt"}
    assert selec[0]["evidenceDate"] == "2012-06-04"
    assert "Croatia" in selec[0]["passage"]
    nato = [r for r in rows if _local(r["org"]) == "nato"]
    assert [r["validFrom"] for r in nato] == ["2009-04-01"]  # reference data
    assert all("passage" in r for r in rows)


def test_members_carry_the_passage_that_states_them(corpus: Graphs) -> None:
    rows = run(
        corpus,
        "members_of_organisation",
        org="SELEC",
        role="member",
        as_of="2012-06-04",
    )
    assert rows
    assert all(r["passage"] for r in rows)
    croatia = [r for r in rows if r["memberLabel"] == "Croatia"]
    assert [r["source"] for r in croatia] == ["000_efb7d85203431afd.txt"]
    assert "Croatia" in croatia[0]["passage"]


def test_observers_of_organisation(corpus: Graphs) -> None:
    rows = run(corpus, "observers_of_organisation", org="SELEC")
    assert {
        (r["kind"], _local(r.get("listedType", "")), r["statedCount"]) for r in rows
    } == {
        ("count", "State", "17"),
        ("count", "InternationalOrganisation", "5"),
    }


def test_advisers_of_organisation(corpus: Graphs) -> None:
    rows = run(corpus, "advisers_of_organisation", org="SELEC")
    named = sorted(r["agentLabel"] for r in rows if r["kind"] == "named")
    assert named == [
        "International Criminal Police Organization",
        "World Customs Organization",
    ]
    assert [r["statedCount"] for r in rows if r["kind"] == "count"] == ["2"]


def test_mou_partners_of_organisation(corpus: Graphs) -> None:
    rows = run(corpus, "mou_partners_of_organisation", org="SADC")
    assert {(_local(r["partner"]), _local(r["instrumentType"])) for r in rows} == {
        ("comesa", "MemorandumOfUnderstanding"),
        ("eac", "MemorandumOfUnderstanding"),
        ("recsa", "MemorandumOfUnderstanding"),
    }
    # The relation is symmetric: COMESA's partners include SADC.
    assert {
        _local(r["partner"])
        for r in run(corpus, "mou_partners_of_organisation", org="COMESA")
    } == {"sadc"}


def test_agreements_of_organisation(corpus: Graphs) -> None:
    rows = {
        r["label"].split(":")[0]: r
        for r in run(corpus, "agreements_of_organisation", org="SELEC")
    }
    convention = rows["Convention of the South-east European Law Enforcement Centre"]
    assert (convention["signatureDate"], convention["entryIntoForceDate"]) == (
        "2009",
        "2011",
    )
    assert (convention["legallyBinding"], convention["parties"]) == ("true", "13")
    assert "Croatia" in convention["partyLabels"]


def test_predecessors_of_organisation(corpus: Graphs) -> None:
    rows = run(corpus, "predecessors_of_organisation", org="SELEC")
    assert {(_local(r["predecessor"]), r["eventDate"], r["source"]) for r in rows} == {
        ("seci-center", "2011", "000_efb7d85203431afd.txt"),
        ("seci-center", "2011-10-07", "001_26c441d74c6b6071.txt"),
    }
    sadc = run(corpus, "predecessors_of_organisation", org="SADC")
    assert [(r["predecessorLabel"], r["occasionedBy"]) for r in sadc] == [
        ("Southern African Development Coordination Conference", "Windhoek Treaty")
    ]


def test_operations_of_organisation(corpus: Graphs) -> None:
    rows = run(corpus, "operations_of_organisation", org="SELEC")
    figures = {(r["label"], r["quantity"], r.get("qualifier", "")) for r in rows}
    assert figures == {
        ("Operation Ploughshares", "493", ""),
        ("Operation Ploughshares", "20000", "just under"),
        ("Operation Safe Place", "3423", ""),
        ("Operation Safe Place", "400000", ""),
        ("Operation Safe Place", "30000", "more than"),
    }


def test_overlap_of_organisations(corpus: Graphs) -> None:
    rows = run(
        corpus,
        "overlap_of_organisations",
        org_a="SELEC",
        org_b="NATO",
        as_of="2012-06-04",
    )
    assert {_local(r["member"]) for r in rows} == {
        "ALB",
        "BGR",
        "HRV",
        "GRC",
        "HUN",
        "ROU",
        "SVN",
        "TUR",
    }
    croatia = next(r for r in rows if _local(r["member"]) == "HRV")
    assert croatia["sourcesA"] == "000_efb7d85203431afd.txt"


def test_claims_check(corpus: Graphs) -> None:
    rows = {
        _local(r["other"]): r
        for r in run(corpus, "claims_check")
        if r["basis"] == "reference data"
    }
    for org, shared, total in [
        ("nato", "8", "28"),
        ("osce", "13", "56"),
        ("sacu", "5", "5"),
        ("au", "15", "54"),
    ]:
        r = rows[org]
        assert (r["dataShared"], r["dataTotal"], r["totalBasis"], r["verdict"]) == (
            shared,
            total,
            "complete list",
            "agrees",
        ), org
    # RCC: every SELEC member is among the curated participants, and the total
    # is the 46 the RCC profile states; only 35 of the 46 are curated.
    rcc = rows["rcc"]
    assert (rcc["dataShared"], rcc["referenceTotal"], rcc["totalBasis"]) == (
        "13",
        "46",
        "stated total",
    )
    assert (rcc["dataTotal"], rcc["referenceComplete"], rcc["verdict"]) == (
        "35",
        "false",
        "agrees",
    )
    # COMESA: no complete list, but a cited total (19, seen 2011-03-03).
    comesa = rows["comesa"]
    assert (comesa["dataShared"], comesa["referenceTotal"]) == ("8", "19")
    assert (comesa["totalBasis"], comesa["verdict"]) == ("stated total", "agrees")


def test_claims_check_counts_reference_rows_only(corpus: Graphs) -> None:
    # A document's own (undated) claim that Tanzania (an SADC member the
    # reference rows do not put in COMESA) is in COMESA must not count: the
    # data side of a claims check is the curated reference alone.
    store = ox.Store()
    store.extend(corpus.store)
    m = ox.NamedNode("https://w3id.org/orgkg/id/membership/test/comesa/tza")
    doc_graph = ox.NamedNode("https://w3id.org/orgkg/id/graph/sadc_poa_profile")
    passage = next(
        q.subject
        for q in corpus.store.quads_for_pattern(
            None, ox.NamedNode(PASSAGE_DOC), None, None
        )
        if "sadc_poa_profile" in str(q.object)
    )
    for p, o in [
        (RDF_TYPE, ox.NamedNode("http://www.w3.org/ns/org#Membership")),
        ("http://www.w3.org/ns/org#organization", ox.NamedNode(ORG_ID + "comesa")),
        ("http://www.w3.org/ns/org#member", ox.NamedNode(STATE_ID + "TZA")),
        ("http://www.w3.org/ns/org#role", ox.NamedNode(KG_NS + "RoleMember")),
        (KG_NS + "status", ox.NamedNode(KG_NS + "StatusActive")),
        (KG_NS + "statedIn", passage),
    ]:
        store.add(ox.Quad(m, ox.NamedNode(p), o, doc_graph))
    assert len(store) == len(corpus.store) + 6
    rows = {
        _local(str(r["other"])): r
        for r in select(store, LIBRARY["claims_check"].text, {})[1]
        if str(r["basis"]) == "reference data"
    }
    assert str(rows["comesa"]["dataShared"]) == "8"
    assert str(rows["comesa"]["dataTotal"]) == "19"


def test_members_seen_on_a_date_hold_from_then(corpus: Graphs) -> None:
    def rcc(day: str) -> set[str]:
        rows = run(
            corpus, "members_of_organisation", org="RCC", role="member", as_of=day
        )
        return {_local(r["member"]) for r in rows}

    # Rows seen in May 2012 (start unknown) count from the month's last day.
    assert rcc("2012-05-30") == set()
    assert len(rcc("2012-05-31")) == 35
    # UNMIK (seen 2012-05, left 2013-02) gives way to Kosovo* (from 2013-02).
    assert "unmik" in rcc("2013-02-28")
    assert "XKX" in rcc("2013-02-28")
    assert "unmik" not in rcc("2013-03-01")
    assert "XKX" in rcc("2013-03-01")
    assert "XKX" not in rcc("2013-01-31")


def test_missing_parameter_is_named() -> None:
    with pytest.raises(QueryError, match=r"needs --param org=<entity>"):
        _bind(LIBRARY["members_of_organisation"], ["role=member"], RESOLVER)


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        ("org=Atlantis", "does not resolve"),
        ("role=king", "expected one of member"),
        ("as_of=June", "expected a date"),
    ],
)
def test_bad_parameter_values(pair: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        _bind(LIBRARY["members_of_organisation"], [pair], RESOLVER)


def test_queries_run_on_an_empty_store() -> None:
    for query in LIBRARY.values():
        bindings: dict[str, Node] = {}
        select(ox.Store(), query.text, bindings)


def test_membership_network(corpus: Graphs) -> None:
    rows = run(corpus, "membership_network", as_of="2012-06-04")
    kinds = {(r["orgKind"], r["memberKind"], _local(r["role"])) for r in rows}
    assert (
        "RegionalOrganisation",
        "InternationalOrganisation",
        "RolePermanentAdviser",
    ) in kinds
    assert ("RegionalOrganisation", "State", "RoleLiaisonOffice") in kinds
    nato = {_local(r["member"]) for r in rows if _local(r["org"]) == "nato"}
    assert len(nato) == 28


def test_membership_timeline(corpus: Graphs) -> None:
    rows = run(corpus, "membership_timeline", org="OSCE")
    gdr = next(r for r in rows if _local(r["member"]) == "DDR")
    assert (gdr["validFrom"], gdr["validUntil"]) == ("1975-08-01", "1990-10-03")
    assert [r["validFrom"] for r in rows] == sorted(r["validFrom"] for r in rows)


@pytest.mark.parametrize(
    ("day", "status"),
    [
        ("2010-01-01", "StatusActive"),  # a dated row that ended later held then
        ("2012-06-04", "StatusSuspended"),  # the suspension period (Nov 2011-May 2023)
        ("2024-01-01", "StatusActive"),  # readmitted on 7 May 2023
    ],
)
def test_members_of_organisation_shows_the_status_on_the_date(
    corpus: Graphs, day: str, status: str
) -> None:
    rows = run(corpus, "members_of_organisation", org="LAS", as_of=day)
    syria = [r for r in rows if _local(r["member"]) == "SYR"]
    assert [_local(r["status"]) for r in syria] == [status]
    assert syria[0]["source"] == "memberships.csv"


# -- agreements (issue #21), on the corpus with the status documents of tests/data ---


@pytest.fixture(scope="module")
def treaties() -> Graphs:
    from graph_builder.build.pipeline import build_dataset, collect_sources
    from tests.conftest import DATA

    return Graphs(
        build_dataset(collect_sources((DATA / "status",)), progress=lambda _: None)
    )


def _by_party(
    rows: list[dict[str, str]], key: str = "party"
) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for r in rows:
        out.setdefault(_local(r[key]), r)
    return out


def test_parties_of_agreement(treaties: Graphs) -> None:
    rows = run(treaties, "parties_of_agreement", agreement="ATT", as_of="2021-03-15")
    parties = _by_party(rows)
    assert parties["NAM"]["status"] == "consented, not yet in force"
    assert parties["NAM"]["inForce"] == "false"
    assert parties["NAM"]["inForceFrom"] == "2021-05-30"
    assert parties["ALB"]["status"] == "bound"
    assert _local(parties["AFG"]["consentKind"]) == "ConsentAccession"
    assert parties["USA"]["status"] == "signature withdrawn"
    assert parties["AND"]["status"] == "signed only"
    # Every row names its source; the reference data and the document agree.
    assert {r["source"] for r in rows if _local(r["party"]) == "ALB"} == {
        "att_status_2021.txt",
        "att_training_2015.txt",
        "instrument_parties.csv",
    }
    # Earlier: the US signature still stood; Namibia had not acceded.
    before = _by_party(
        run(treaties, "parties_of_agreement", agreement="ATT", as_of="2019-01-01")
    )
    assert before["USA"]["status"] == "signed only"
    assert "NAM" not in before
    assert before["GAB"]["status"] == "signed only"  # accepted 6 Feb 2019


def test_agreements_of_state(treaties: Graphs) -> None:
    rows = run(treaties, "agreements_of_state", state="Angola", as_of="2018-01-01")
    found = {_local(r["agreement"]): r["status"] for r in rows}
    assert found["kinshasa-convention"] == "bound"
    assert found["att"] == "signed only"
    early = run(treaties, "agreements_of_state", state="Angola", as_of="2017-03-01")
    assert {_local(r["agreement"]): r["status"] for r in early}[
        "kinshasa-convention"
    ] == "consented, not yet in force"


def test_instrument_coverage(treaties: Graphs) -> None:
    rows = run(
        treaties,
        "instrument_coverage",
        org="ECCAS",
        agreement="Kinshasa Convention",
        as_of="2018-01-01",
    )
    cover = {r["memberLabel"]: r["coverage"] for r in rows}
    assert cover["Angola"] == "bound"
    assert cover["Burundi"] == "signed only"
    # Consented after entry into force; the later-party rule is not curated.
    assert cover["Sao Tome and Principe"] == "consented"
    # A complete list dated on or after the day: absence means neither ...
    att = {
        r["memberLabel"]: r["coverage"]
        for r in run(
            treaties,
            "instrument_coverage",
            org="SELEC",
            agreement="ATT",
            as_of="2014-12-31",
        )
    }
    assert att["Serbia"] == "signed only"
    assert att["Greece"] == "neither"
    # ... otherwise the graph may just lack the signature.
    today = {
        r["memberLabel"]: r["coverage"]
        for r in run(treaties, "instrument_coverage", org="SELEC", agreement="ATT")
    }
    assert today["Greece"] == "not recorded"


def test_ratification_timeline(treaties: Graphs) -> None:
    rows = run(treaties, "ratification_timeline", agreement="Kinshasa Convention")
    entry = [r for r in rows if r["event"] == "in force"]
    # In force for the first six on its entry into force; no later-party
    # rule is curated, so none for Sao Tome and Principe or Equatorial Guinea.
    assert {r["day"] for r in entry} == {"2017-03-08"}
    first = next(r for r in rows if r["day"] == "2017-03-08")
    assert first["parties"] == "6"
    assert first["bound"] == "6"
    last = rows[-1]
    assert last["day"] == "2019-12-24"
    assert last["parties"] == "8"
    days = [r["day"] for r in rows]
    assert days == sorted(days)


def test_agreements_with_parties(treaties: Graphs) -> None:
    rows = run(treaties, "agreements_with_parties")
    found = {_local(r["agreement"]): r for r in rows}
    assert found["kinshasa-convention"]["parties"] == "11"
    assert found["kinshasa-convention"]["short"] == "Kinshasa Convention"
    assert found["att"]["short"] == "ATT"
    counts = [int(r["parties"]) for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_ratification_claims_check(treaties: Graphs) -> None:
    rows = run(treaties, "ratification_claims_check")
    mine = [r for r in rows if r["source"] == "eccas_ratification_note.txt"]
    found = {(r["asOf"], r["statedRatified"]): r for r in mine}
    # Seven of ten on 1 January 2018: the complete status list of 2 January agrees.
    seven = found["2018-01-01", "7"]
    assert (seven["dataRatified"], seven["verdict"]) == ("7", "agrees")
    assert seven["dataMembers"] == "10"
    assert seven["statedMembers"] == "10"
    # Eight: the complete list says seven.
    eight = found["2018-01-01", "8"]
    assert (eight["verdict"], eight["complete"]) == ("disagrees", "true")
    # Undated and about the ATT: the graph has fewer, and no complete list.
    att = next(r for r in mine if _local(r["agreement"]) == "att")
    assert att["verdict"] == "cannot check"
    assert int(att["dataRatified"]) < int(att["statedRatified"])
