"""Every fact the SELEC Programme-of-Action profile (seed 000) states."""

import pytest
from rdflib.term import Node

from tests.conftest import SELEC_PROFILE, Graphs

G = f"GRAPH gr:{SELEC_PROFILE}"
MEMBERS = [
    "ALB",
    "BIH",
    "BGR",
    "HRV",
    "GRC",
    "HUN",
    "MKD",
    "MDA",
    "MNE",
    "ROU",
    "SRB",
    "SVN",
    "TUR",
]


def test_document_dates(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ src:{SELEC_PROFILE} a kg:SourceDocument ;
            kg:accurateAsOf "2012-06-04"^^xsd:date ;
            kg:retrievedAt "2020-08-11T12:45:00+02:00"^^xsd:dateTime ;
            kg:documentKind "poa_profile" ; kg:aboutOrganisation ko:selec }}"""
    )


def test_name_acronym_and_headquarters(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ko:selec skos:altLabel "South-east European Law Enforcement Centre"@en ;
            kg:acronym "SELEC" ; kg:headquarteredIn ?hq .
            ?hq rdfs:label "Bucharest"@en ; kg:inCountry st:ROU }}"""
    )


@pytest.mark.parametrize("iso3", MEMBERS)
def test_each_current_member(corpus: Graphs, iso3: str) -> None:
    assert corpus.holds(
        f"""{G} {{ ?list a kg:MemberList ; kg:listOf ko:selec ; kg:listedRole kg:RoleMember ;
            kg:listedStatus kg:StatusActive ; kg:listedMembership ?m .
            ?m org:member st:{iso3} ; org:role kg:RoleMember ; kg:status kg:StatusActive ;
               kg:asOf "2012-06-04"^^xsd:date ; kg:statedIn/kg:lineNumber 25 }}"""
    )


def test_member_list_count_note_and_lost_formatting(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ?list kg:listOf ko:selec ; kg:listedRole kg:RoleMember ; kg:listedStatus kg:StatusActive ;
            kg:statedCount 13 ; kg:complete true ; kg:countNote "all UN member states"@en ;
            kg:formattingNote "Bold: founding member, Grey: suspended member"@en }}"""
    )
    _, rows = _select(
        corpus,
        f"{G} {{ ?l kg:listOf ko:selec ; kg:listedStatus kg:StatusActive ; kg:listedRole kg:RoleMember ; kg:listedMembership ?m }}",
    )
    assert len(rows) == 13


def _select(corpus: Graphs, where: str) -> tuple[list[str], list[dict[str, Node]]]:
    from graph_builder.query.sparql import select
    from tests.conftest import PREFIXES

    cols, rows = select(corpus.store, PREFIXES + "SELECT * WHERE { " + where + " }")
    return cols, list(rows)


@pytest.mark.parametrize("status", ["StatusFormer", "StatusPending"])
def test_former_and_pending_are_empty_complete_lists(
    corpus: Graphs, status: str
) -> None:
    assert corpus.holds(
        f"""{G} {{ ?l kg:listOf ko:selec ; kg:listedStatus kg:{status} ; kg:complete true ;
            kg:statedCount 0 . FILTER NOT EXISTS {{ ?l kg:listedMembership ?m }} }}"""
    )


def test_observer_and_adviser_counts(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ?s kg:listOf ko:selec ; kg:listedRole kg:RoleObserver ; kg:listedType kg:State ;
            kg:statedCount 17 ; kg:complete false .
          ?o kg:listOf ko:selec ; kg:listedRole kg:RoleObserver ; kg:listedType kg:InternationalOrganisation ;
            kg:statedCount 5 ; kg:complete false .
          ?a kg:listOf ko:selec ; kg:listedRole kg:RolePermanentAdviser ; kg:statedCount 2 ; kg:complete true ;
            kg:listedMembership/org:member ko:interpol , ko:wco }}"""
    )


@pytest.mark.parametrize("iso3", ["USA", "ITA"])
def test_liaison_officers(corpus: Graphs, iso3: str) -> None:
    assert corpus.holds(
        f"{G} {{ ?m org:organization ko:selec ; org:member st:{iso3} ; org:role kg:RoleLiaisonOffice }}"
    )


def test_predecessor(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ko:selec kg:replaces ko:seci-center .
            ko:seci-center kg:replacedBy ko:selec ; kg:foundingDate "1996"^^xsd:gYear ;
              kg:acronym "SECI Center" .
            ?e a org:ChangeEvent ; org:originalOrganization ko:seci-center ;
               org:resultingOrganization ko:selec ; kg:eventDate "2011"^^xsd:gYear }}"""
    )


def test_funding_and_budget(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ?f a kg:Funding ; kg:funder st:USA ; kg:fundingRecipient ko:selec ;
            kg:amount 15000000 ; kg:currency "USD" ; kg:qualifier "about" ; kg:sinceDate "1996"^^xsd:gYear ;
            kg:fundingPurpose "direct grants and equipment"@en .
          ko:selec kg:budgetBasis ?b . FILTER(CONTAINS(STR(?b), "Articles 35 and 36")) }}"""
    )


def test_small_arms_under_task_force(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ko:selec kg:smallArmsResponsibility ?tf ; kg:taskForceCount 8 .
            ?tf a kg:TaskForce ; rdfs:label "Anti-Terrorism Task Force"@en ; org:unitOf ko:selec ;
                kg:foundingDate "2003"^^xsd:gYear ; kg:coordinatedBy st:ALB ; kg:subGroupCount 3 .
            ?f kg:fundingRecipient ?tf ; kg:fundingSource "core budget"@en }}"""
    )


def test_overlap_claims(corpus: Graphs) -> None:
    for org, shared, total in [("osce", 13, 56), ("nato", 8, 28), ("rcc", 13, 46)]:
        assert corpus.holds(
            f"""{G} {{ ?c a kg:OverlapClaim ; kg:overlapOf ko:selec ; kg:overlapWith ko:{org} ;
                kg:sharedCount {shared} ; kg:comparedCount {total} ; kg:asOf "2012-06-04"^^xsd:date }}"""
        ), org


def test_point_of_contact_is_a_person(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ?c a kg:ContactPoint ; kg:contactFor ko:selec ; foaf:name "Ervin Dervina" ;
            kg:contactRole "Albanian Police Liaison Officer, Manager for Small Arms and Light Weapons"@en }}"""
    )


def test_convention(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ?c a kg:Convention ; skos:altLabel "SELEC Convention"@en ; kg:signatureDate "2009"^^xsd:gYear ;
            kg:entryIntoForceDate "2011"^^xsd:gYear ; kg:legallyBinding true ; kg:instrumentOf ko:selec ;
            kg:entryIntoForceCondition ?cond . FILTER(STRSTARTS(STR(?cond), "the ninth state party")) }}"""
    )


@pytest.mark.parametrize("iso3", MEMBERS)
def test_all_members_ratified(corpus: Graphs, iso3: str) -> None:
    assert corpus.holds(
        f"""{G} {{ ?p a kg:AgreementParticipation ; kg:agreement ?c ; kg:party st:{iso3} ;
            kg:participationType kg:ParticipationRatified . ?c a kg:Convention }}"""
    )


def test_operations_and_figures(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ?op rdfs:label "Operation Ploughshares"@en ; kg:participantCount 5 ; kg:participantKind "states"@en ;
            kg:startDate "2002"^^xsd:gYear ; kg:duration "P6M"^^xsd:duration ;
            kg:figure [ kg:quantity 493 ; kg:item "small arms"@en ] ,
                      [ kg:quantity 20000 ; kg:qualifier "just under" ; kg:item "rounds of ammunition"@en ] }}"""
    )
    assert corpus.holds(
        f"""{G} {{ ?op rdfs:label "Operation Safe Place"@en ; kg:participantCount 8 ; kg:participantKind "members"@en ;
            kg:startDate "2004"^^xsd:gYear ; kg:duration "P6M"^^xsd:duration ;
            kg:figure [ kg:quantity 3423 ; kg:item "seizures of small arms units"@en ] ,
                      [ kg:quantity 400000 ; kg:item "rounds of ammunition"@en ] ,
                      [ kg:quantity 30000 ; kg:qualifier "more than" ; kg:item "artillery shells"@en ] }}"""
    )


def test_joint_outcome_of_both_operations(corpus: Graphs) -> None:
    for name in ("Operation Ploughshares", "Operation Safe Place"):
        assert corpus.holds(
            f"""{G} {{ ?op rdfs:label "{name}"@en ; kg:outcome ?o .
                FILTER(STRSTARTS(?o, "led to improved reporting on small arms trafficking")) }}"""
        ), name


def test_short_description(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ko:selec dct:description ?d .
            FILTER(STRSTARTS(?d, "SELEC supports and enhances coordination among member states")) }}"""
    )


@pytest.mark.parametrize("org", ["rcc", "seesac", "caricc", "osce", "unicri", "icmpd"])
def test_cooperation_partners(corpus: Graphs, org: str) -> None:
    assert corpus.holds(
        f"""{G} {{ ?p a kg:Partnership ; kg:partnerOf ko:selec ; kg:partner ko:{org} ;
            kg:instrumentType kg:Agreement . ko:selec kg:cooperatesWith ko:{org} }}"""
    )


def test_mandate_items(corpus: Graphs) -> None:
    for item in [
        "supports crime prevention activity in member states",
        "implements multinational training and conferences",
        "promotes joint planning and action on transborder crime",
    ]:
        assert corpus.holds(f'{G} {{ ko:selec kg:mandate "{item}"@en }}'), item


def test_every_statement_cites_its_passage(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ?st a rdf:Statement ; rdf:subject ko:selec ; rdf:predicate kg:headquarteredIn ;
            kg:statedIn ?p ; prov:wasDerivedFrom src:{SELEC_PROFILE} .
            ?p kg:text "Bucharest, Romania" ; kg:lineNumber 9 }}"""
    )
