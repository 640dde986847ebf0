"""Every fact the SELEC website text (seed 001) states, and the conflict with seed 000."""

import pytest

from tests.conftest import SELEC_PROFILE, SELEC_SITE, Graphs

G = f"GRAPH gr:{SELEC_SITE}"
FORMAL_NAMES = {
    "ALB": "Republic of Albania",
    "BIH": "Bosnia and Herzegovina",
    "BGR": "Republic of Bulgaria",
    "MKD": "Former Yugoslav Republic of Macedonia",
    "GRC": "Hellenic Republic",
    "HUN": "Hungary",
    "MDA": "Republic of Moldova",
    "MNE": "Montenegro",
    "ROU": "Romania",
    "SRB": "Republic of Serbia",
    "TUR": "Republic of Turkey",
}


@pytest.mark.parametrize(("iso3", "name"), sorted(FORMAL_NAMES.items()))
def test_member_states_by_formal_name(corpus: Graphs, iso3: str, name: str) -> None:
    assert corpus.holds(
        f"""{G} {{ ?l kg:listOf ko:selec ; kg:complete true ; kg:listedMembership ?m .
            ?m org:member st:{iso3} ; kg:mentionedAs "{name}" }}"""
    )


def test_exactly_eleven_members_and_no_as_of(corpus: Graphs) -> None:
    from graph_builder.query.sparql import select
    from tests.conftest import PREFIXES

    _, rows = select(
        corpus.store,
        PREFIXES + f"SELECT ?m WHERE {{ {G} {{ ?l kg:listedMembership ?m }} }}",
    )
    assert len(rows) == 11
    assert not corpus.holds(f"{G} {{ ?x kg:asOf ?d }}")


def test_succession_with_exact_date(corpus: Graphs) -> None:
    assert corpus.holds(
        f"""{G} {{ ko:selec kg:replaces ko:seci-center .
            ?e org:originalOrganization ko:seci-center ; org:resultingOrganization ko:selec ;
               kg:eventDate "2011-10-07"^^xsd:date }}"""
    )


def test_objective_and_mandate(corpus: Graphs) -> None:
    assert corpus.holds(
        f"{G} {{ ko:selec kg:objective ?o . FILTER(STRSTARTS(?o, 'provide support for Member States')) }}"
    )
    _, rows = __import__("graph_builder.query.sparql", fromlist=["select"]).select(
        corpus.store,
        "SELECT ?m WHERE { GRAPH <https://w3id.org/orgkg/id/graph/" + SELEC_SITE + "> "
        "{ <https://w3id.org/orgkg/id/org/selec> <https://w3id.org/orgkg/def#mandate> ?m } }",
    )
    assert len(rows) == 5


def test_conflict_thirteen_versus_eleven(corpus: Graphs) -> None:
    conflicts = corpus.result.conflicts if corpus.result.conflicts else None
    from graph_builder.build.pipeline import find_conflicts, find_count_disagreements

    conflicts = find_conflicts(corpus.store)
    assert {(c.agent, c.listed_in, c.absent_from) for c in conflicts} == {
        ("Croatia", f"{SELEC_PROFILE}.txt", f"{SELEC_SITE}.txt"),
        ("Slovenia", f"{SELEC_PROFILE}.txt", f"{SELEC_SITE}.txt"),
    }
    assert all(
        c.listed_as_of == "2012-06-04" and c.absent_as_of is None for c in conflicts
    )
    [disagreement] = find_count_disagreements(corpus.store)
    counts = {
        source: (stated, listed) for source, stated, listed, _ in disagreement.counts
    }
    assert counts == {f"{SELEC_PROFILE}.txt": (13, 13), f"{SELEC_SITE}.txt": (None, 11)}
