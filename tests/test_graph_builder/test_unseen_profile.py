"""The profile parser on a document it was not written against.

``tests/data/unseen_ecowas_profile.txt`` is a synthetic profile in the same
format, exercising what the seeds do not: bold markup, annotated members
("suspended since", "left"), a pending member, named observers, an unresolvable
name, a partner missing from the gazetteer, exact dates.
"""

from pathlib import Path

import pytest

from graph_builder.build.pipeline import build_dataset
from tests.conftest import DATA, Graphs

G = "GRAPH gr:unseen_ecowas_profile"


@pytest.fixture(scope="module")
def unseen() -> Graphs:
    return Graphs(
        build_dataset([DATA / "unseen_ecowas_profile.txt"], progress=lambda _: None)
    )


def test_header(unseen: Graphs) -> None:
    assert unseen.holds(
        f"""{G} {{ src:unseen_ecowas_profile kg:accurateAsOf "2020-03-01"^^xsd:date ;
              kg:retrievedAt "2021-02-05T09:05:00+01:00"^^xsd:dateTime ; kg:aboutOrganisation ko:ecowas .
            ko:ecowas kg:headquarteredIn/kg:inCountry st:NGA }}"""
    )


def test_bold_marks_a_founding_member(unseen: Graphs) -> None:
    assert unseen.holds(
        f"{G} {{ ?m org:member st:BEN ; org:role kg:RoleFoundingMember }}"
    )
    assert unseen.holds(f"{G} {{ ?m org:member st:GHA ; org:role kg:RoleMember }}")


def test_annotations(unseen: Graphs) -> None:
    assert unseen.holds(
        f"{G} {{ ?m org:member st:GIN ; kg:status kg:StatusSuspended }}"
    )
    assert unseen.holds(
        f"""{G} {{ ?m org:member st:MRT ; kg:status kg:StatusFormer ;
            org:memberDuring/time:hasEnd/time:inXSDgYear "2000"^^xsd:gYear }}"""
    )
    assert unseen.holds(
        f"{G} {{ ?m org:member st:MAR ; org:role kg:RoleMember ; kg:status kg:StatusPending }}"
    )


def test_accented_and_renamed_states(unseen: Graphs) -> None:
    for iso3 in ("CIV", "CPV", "GMB", "BFA"):
        assert unseen.holds(
            f"{G} {{ ?m org:member st:{iso3} ; kg:status kg:StatusActive }}"
        ), iso3


def test_unresolved_name_is_kept_and_reported(unseen: Graphs) -> None:
    assert [u.name for u in unseen.result.unresolved] == [
        "Atlantis",
        "Mano River Union (MRU)",
    ]
    assert unseen.holds(
        f"""{G} {{ ?m org:role kg:RoleObserver ; org:member ?x . ?x a kg:UnresolvedEntity ; kg:rawName "Atlantis" }}"""
    )
    assert unseen.holds(f"{G} {{ ?m org:role kg:RoleObserver ; org:member st:MAR }}")


def test_doc_defined_predecessor_is_new(unseen: Graphs) -> None:
    assert [e.acronym for e in unseen.result.defined] == ["WACB"]
    assert unseen.holds(
        f"""{G} {{ ko:ecowas kg:replaces ko:wacb . ko:wacb kg:foundingDate "1970"^^xsd:gYear .
            ?e org:resultingOrganization ko:ecowas ; kg:eventDate "1975"^^xsd:gYear ;
               kg:occasionedBy/rdfs:label "Treaty of Lagos"@en }}"""
    )


def test_instrument_with_exact_dates(unseen: Graphs) -> None:
    assert unseen.holds(
        f"""{G} {{ ?c a kg:Convention ; kg:signatureDate "2006-06-14"^^xsd:date ; kg:legallyBinding true ;
            kg:entryIntoForceDate "2009-09-29"^^xsd:date ; kg:entryIntoForceCondition "the ninth ratification"@en }}"""
    )


def test_one_instrument_for_short_and_full_title(unseen: Graphs) -> None:
    from graph_builder.query.sparql import select
    from tests.conftest import PREFIXES

    _, rows = select(
        unseen.store,
        PREFIXES + f"SELECT DISTINCT ?c WHERE {{ {G} {{ ?c a kg:Convention }} }}",
    )
    assert len(rows) == 1


def test_operation_in_weeks_with_location(unseen: Graphs) -> None:
    assert unseen.holds(
        f"""{G} {{ ?op rdfs:label "Operation Harmattan"@en ; kg:participantCount 12 ; kg:duration "P21D"^^xsd:duration ;
            kg:location st:GHA ; kg:figure [ kg:quantity 1200 ; kg:qualifier "about" ; kg:measure "seized"@en ] }}"""
    )


def test_funders_contact_and_overlap(unseen: Graphs) -> None:
    assert unseen.holds(f"{G} {{ ?f kg:funder ko:eu , st:JPN }}")
    assert unseen.holds(
        f'{G} {{ ?c kg:contactRole "Head, Small Arms Division"@en . FILTER NOT EXISTS {{ ?c foaf:name ?n }} }}'
    )
    assert unseen.holds(
        f"{G} {{ ?c kg:overlapWith ko:uemoa ; kg:sharedCount 8 ; kg:comparedCount 8 }}"
    )
    assert unseen.holds(
        f"{G} {{ ?m org:member st:GBR ; org:role kg:RoleLiaisonOffice }}"
    )


def test_a_stated_count_of_29_digits_stays_exact(tmp_path: Path) -> None:
    """Issue #22: a 29-digit member count came back altered (read as a float)."""
    text = (DATA / "unseen_ecowas_profile.txt").read_text(encoding="utf-8")
    count = "12345678901234567890123456789"
    doc = tmp_path / "bigcount.txt"
    doc.write_text(
        text.replace("14 members (all UN member states)", f"{count} members")
    )
    graphs = Graphs(build_dataset([doc], progress=lambda _: None))
    assert graphs.holds(f"GRAPH gr:bigcount {{ ?list kg:statedCount {count} }}")
