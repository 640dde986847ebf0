"""Every fact the SADC Programme-of-Action profile (corpus) states."""

import pytest

from tests.conftest import SADC_PROFILE, Graphs

G = f"GRAPH gr:{SADC_PROFILE}"
MEMBERS = [
    "AGO",
    "BWA",
    "COD",
    "LSO",
    "MDG",
    "MWI",
    "MUS",
    "MOZ",
    "NAM",
    "SYC",
    "ZAF",
    "SWZ",
    "TZA",
    "ZMB",
    "ZWE",
]


def test_document_and_headquarters(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ src:{SADC_PROFILE} kg:accurateAsOf "2012-09-10"^^xsd:date ;
              kg:retrievedAt "2020-06-03T11:20:00+02:00"^^xsd:dateTime .
            ko:sadc kg:headquarteredIn ?hq . ?hq rdfs:label "Gaborone"@en ; kg:inCountry st:BWA }}"""
    )


@pytest.mark.parametrize("iso3", MEMBERS)
def test_members(corpus: Graphs, iso3: str) -> None:
    status = "kg:StatusSuspended" if iso3 == "MDG" else "kg:StatusActive"
    assert corpus.holds(
        f"""{G} {{ ?l kg:listOf ko:sadc ; kg:statedCount 15 ; kg:listedMembership ?m .
            ?m org:member st:{iso3} ; kg:status {status} ; kg:asOf "2012-09-10"^^xsd:date }}"""
    )


def test_swaziland_keeps_the_name_the_source_used(corpus: Graphs) -> None:
    assert corpus.holds(f'{G} {{ ?m org:member st:SWZ ; kg:mentionedAs "Swaziland" }}')


def test_no_observer_states_and_one_adviser(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ?o kg:listOf ko:sadc ; kg:listedRole kg:RoleObserver ; kg:listedType kg:State ;
              kg:statedCount 0 ; kg:complete true .
            ?a kg:listOf ko:sadc ; kg:listedRole kg:RolePermanentAdviser ; kg:statedCount 1 ;
              kg:listedMembership/org:member ko:sarpcco }}"""
    )


def test_predecessor_and_windhoek_treaty(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ko:sadc kg:replaces ko:sadcc . ko:sadcc kg:foundingDate "1980"^^xsd:gYear .
            ?e org:originalOrganization ko:sadcc ; org:resultingOrganization ko:sadc ;
               kg:eventDate "1992"^^xsd:gYear ; kg:occasionedBy ?t . ?t a kg:Treaty ; rdfs:label "Windhoek Treaty"@en }}"""
    )


def test_funders(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ?f a kg:Funding ; kg:funder ko:eu , st:DEU ;
            kg:fundingPurpose "firearms-marking and destruction projects"@en }}"""
    )


def test_small_arms_under_organ(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ko:sadc kg:smallArmsResponsibility ?u .
            ?u a org:OrganizationalUnit ; rdfs:label "Organ on Politics, Defence and Security Cooperation"@en }}"""
    )


def test_overlap_claims(corpus: Graphs) -> None:
    for org, shared, total in [("au", 15, 54), ("sacu", 5, 5), ("comesa", 8, 19)]:
        assert corpus.holds(
            f"""{G} {{ ?c kg:overlapOf ko:sadc ; kg:overlapWith ko:{org} ;
                kg:sharedCount {shared} ; kg:comparedCount {total} }}"""
        ), org


def test_contact_is_a_role_not_a_person(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ?c a kg:ContactPoint ; kg:contactFor ko:sadc ; kg:contactRole "Senior Officer, Police"@en ;
            kg:contactUnit "SADC Secretariat, Organ on Politics, Defence and Security Cooperation"@en .
            FILTER NOT EXISTS {{ ?c foaf:name ?n }} }}"""
    )


def test_protocol_and_declaration(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ?p a kg:Protocol ; kg:signatureDate "2001"^^xsd:gYear ; kg:entryIntoForceDate "2004"^^xsd:gYear ;
              kg:legallyBinding true ; kg:entryIntoForceCondition "two thirds of the member states had ratified it"@en .
            ?d a kg:Declaration ; kg:signatureDate "2001"^^xsd:gYear ; kg:legallyBinding false }}"""
    )


def test_operation_rachel(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ?op rdfs:label "Operation Rachel"@en ; kg:startDate "1999"^^xsd:gYear ;
            kg:conductedThrough ko:sarpcco ; kg:location st:MOZ ;
            kg:participantKind "Police services of the member states"@en ;
            kg:figure [ kg:quantity 3800 ; kg:item "firearms"@en ; kg:measure "destroyed"@en ] ,
                      [ kg:quantity 800000 ; kg:item "rounds of ammunition"@en ] }}"""
    )


def test_mandate_and_budget(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ko:sadc kg:mandate "supports national focal points, the marking of state-owned firearms and the destruction of surplus and confiscated weapons"@en ;
            kg:budgetBasis ?b . FILTER(STRSTARTS(?b, "The SADC budget is established annually")) }}"""
    )


def test_programme(corpus: Graphs) -> None:
    assert corpus.holds(
        f'{G} {{ ?p a kg:Programme ; rdfs:label "SADC Firearms Programme"@en ; kg:programmeOf ko:sadc }}'
    )


@pytest.mark.parametrize("org", ["comesa", "eac", "recsa"])
def test_mou_partners(corpus: Graphs, org: str) -> None:
    assert corpus.holds(
        f"""{G} {{ ?p kg:partnerOf ko:sadc ; kg:partner ko:{org} ;
            kg:instrumentType kg:MemorandumOfUnderstanding . ko:sadc kg:mouPartner ko:{org} }}"""
    )
