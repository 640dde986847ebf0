"""The phrasings real PoA profiles use, each on a small profile written here.

Overlap lines with notes (wrapped, cut, run together), suspensions and
observer/associate/partner roles written in prose, cut-off member lists and
legends, navigation bars in other languages, and documents no format reads.
"""

import json
from pathlib import Path

import pytest

from graph_builder.build.pipeline import build_dataset
from graph_builder.cli import main
from graph_builder.query.library import bind_params, load_library
from graph_builder.query.sparql import select
from graph_builder.resolve import Resolver
from tests.conftest import Graphs

NAV = "General Information | Point of Contact | Members"


def lakes(
    description: str = "",
    members: str = "Kenya, Uganda, Tanzania",
    overlap: str = "  • 3 of 54 AU members",
    stated: int | None = None,
    nav: str = NAV,
) -> str:
    """A profile of the fictional Lakes Council (LC), with parts replaced."""
    count = stated if stated is not None else len(members.split(", "))
    return "\n".join(
        [
            nav,
            "",
            "Lakes Council (LC)",
            "",
            "Kampala, Uganda",
            "",
            "Short description",
            "",
            "The LC coordinates police cooperation around the lakes.",
            "",
            description,
            "",
            f"{count} members (all UN member states)",
            "",
            f"  • Current members*: {members}",
            "  • Former members: None",
            "",
            "Overlapping memberships with other ROs",
            "",
            "LC members represent:",
            "",
            overlap,
            "",
            "*Information accurate as of 17 May 2012",
            "",
        ]
    )


def built(tmp_path: Path, text: str, name: str = "lc.txt") -> Graphs:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return Graphs(build_dataset([path], progress=lambda _: None))


def unresolved(g: Graphs) -> bool:
    return g.holds("?u a kg:UnresolvedEntity")


# -- overlap lines -------------------------------------------------------------


def test_overlap_note_is_the_claims_comment(tmp_path: Path) -> None:
    g = built(
        tmp_path,
        lakes(
            overlap="  • 2 of 10 CEEAC members (Burundi and the DRC are CEEAC members)"
        ),
    )
    assert g.holds(
        """?c kg:overlapWith ko:eccas ; kg:sharedCount 2 ; kg:comparedCount 10 ;
              rdfs:comment "Burundi and the DRC are CEEAC members"@en"""
    )
    assert not unresolved(g)


def test_note_wrapped_onto_the_next_line_is_rejoined(tmp_path: Path) -> None:
    g = built(
        tmp_path,
        lakes(overlap="  • 2 of 5 EAC members (Kenya and Uganda are\n    EAC members)"),
    )
    assert g.holds(
        """?c kg:overlapWith ko:eac ; kg:sharedCount 2 ;
              rdfs:comment "Kenya and Uganda are EAC members"@en"""
    )
    assert g.result.unparsed == []


def test_claims_run_together_are_each_read(tmp_path: Path) -> None:
    g = built(
        tmp_path,
        lakes(overlap="  • 3 of 5 EAC members (not Rwanda) 2 of 8 IGAD members"),
    )
    assert g.holds("?a kg:overlapWith ko:eac ; kg:sharedCount 3 ; kg:comparedCount 5")
    assert g.holds("?b kg:overlapWith ko:igad ; kg:sharedCount 2 ; kg:comparedCount 8")
    assert not unresolved(g)


def test_a_line_that_is_not_all_claims_makes_no_organisation(tmp_path: Path) -> None:
    g = built(
        tmp_path,
        lakes(overlap="  • 3 of 5 EAC members, which had entered into force in 2000"),
    )
    assert not g.holds("?c a kg:OverlapClaim")
    assert not unresolved(g)
    assert [u.line for u in g.result.unparsed] == [22]


# -- suspensions ---------------------------------------------------------------


def suspension(g: Graphs, iso3: str, start: str | None = None) -> bool:
    dated = f'; kg:validFrom "{start}"^^xsd:date' if start else ""
    return g.holds(
        f"?m org:organization ko:lc ; org:member st:{iso3} ; "
        f"kg:status kg:StatusSuspended {dated}"
    )


def test_suspension_that_remained_with_its_start(tmp_path: Path) -> None:
    g = built(
        tmp_path,
        lakes("As of May 2012, Uganda remained suspended (which began in 2008)."),
    )
    assert suspension(g, "UGA", "2008-01-01")
    assert not suspension(g, "KEN")
    assert g.result.unparsed == []


def test_members_under_suspension_listed_after_a_colon(tmp_path: Path) -> None:
    g = built(
        tmp_path,
        lakes(
            "As of June 2012 two LC members were under suspension: Kenya, and Uganda."
        ),
    )
    assert suspension(g, "KEN")
    assert suspension(g, "UGA")
    assert not suspension(g, "TZA")


def test_a_state_that_suspended_its_membership(tmp_path: Path) -> None:
    g = built(tmp_path, lakes("In 2007 Tanzania suspended its membership."))
    assert suspension(g, "TZA", "2007-01-01")


def test_participation_suspended_in_a_month(tmp_path: Path) -> None:
    g = built(
        tmp_path,
        lakes("Kenya's participation in LC meetings was suspended in November 2011."),
    )
    assert suspension(g, "KEN", "2011-11-01")


def test_a_hedged_suspension_is_uncertain_not_suspended(tmp_path: Path) -> None:
    g = built(tmp_path, lakes("Uganda in principle is suspended."))
    assert not suspension(g, "UGA")
    assert g.holds("?m org:member st:UGA ; kg:status kg:StatusUncertain")
    # The list still says it is a member.
    assert g.holds("?m org:member st:UGA ; kg:status kg:StatusActive")


def test_a_suspension_shows_in_members_of_organisation_as_of_a_date(
    tmp_path: Path,
) -> None:
    g = built(
        tmp_path,
        lakes("As of May 2012, Uganda remained suspended (which began in 2008)."),
    )
    query = load_library()["members_of_organisation"]
    resolver = Resolver()
    for entity in g.result.defined:
        resolver.register(entity)

    def statuses(as_of: str) -> dict[str, str]:
        bindings = bind_params(query, {"org": "LC", "as_of": as_of}, resolver)
        rows = select(g.store, query.text, bindings)[1]
        return {
            str(r["member"]).rsplit("/", 1)[-1]: str(r["status"]).rsplit("#", 1)[-1]
            for r in rows
        }

    assert statuses("2010-01-01") == {"UGA": "StatusSuspended"}
    late = statuses("2012-06-01")
    assert late["UGA"] == "StatusSuspended"
    assert late["KEN"] == "StatusActive"


def test_a_suspension_of_an_unknown_name_is_not_read(tmp_path: Path) -> None:
    g = built(tmp_path, lakes("In 2007 It suspended its membership."))
    assert not g.holds("?m org:organization ko:lc ; kg:status kg:StatusSuspended")
    assert not unresolved(g)
    assert len(g.result.unparsed) == 1


# -- roles in prose --------------------------------------------------------------


def role(g: Graphs, iso3: str, role_name: str) -> bool:
    return g.holds(
        f"?m org:organization ko:lc ; org:member st:{iso3} ; org:role kg:{role_name}"
    )


def test_observer_status_in_prose(tmp_path: Path) -> None:
    g = built(tmp_path, lakes("Rwanda and Burundi have observer status since 2005."))
    assert role(g, "RWA", "RoleObserver")
    assert role(g, "BDI", "RoleObserver")
    assert g.holds('?m org:member st:RWA ; kg:validFrom "2005-01-01"^^xsd:date')


def test_observers_include(tmp_path: Path) -> None:
    g = built(tmp_path, lakes("Observers include Rwanda, Burundi, and the AU."))
    assert role(g, "RWA", "RoleObserver")
    assert g.holds(
        "?m org:organization ko:lc ; org:member ko:au ; org:role kg:RoleObserver"
    )


def test_associate_members_and_partners(tmp_path: Path) -> None:
    g = built(
        tmp_path,
        lakes(
            "Zambia is an associate member of the LC. "
            "Its partners for cooperation are Norway and Japan."
        ),
    )
    assert role(g, "ZMB", "RoleAssociateMember")
    assert not role(g, "ZMB", "RoleParticipant")
    for iso3 in ("NOR", "JPN"):
        assert role(g, iso3, "RoleParticipant"), iso3
        assert not role(g, iso3, "RoleAssociateMember"), iso3
    # An associate member is a participant, not a member.
    assert g.holds(
        "?m org:organization ko:lc ; org:member st:ZMB ; org:role ?r ."
        " ?r skos:broader+ kg:RoleParticipant"
    )
    assert not g.holds(
        "?m org:organization ko:lc ; org:member st:ZMB ; org:role ?r ."
        " ?r skos:broader* kg:RoleMember"
    )
    assert g.result.unparsed == []


def test_a_sentence_fragment_never_becomes_an_entity(tmp_path: Path) -> None:
    g = built(tmp_path, lakes("It has observer status. Some of them are observers."))
    assert not g.holds("?m org:role kg:RoleObserver")
    assert not unresolved(g)
    assert len(g.result.unparsed) == 2


# -- cut-off text ----------------------------------------------------------------


def test_a_legend_cut_mid_word_is_not_a_member(tmp_path: Path) -> None:
    g = built(
        tmp_path,
        lakes(
            members="Kenya, Uganda, Zimbabwe (Bold: founding member, Grey: suspended me",
            stated=3,
        ),
    )
    assert g.holds("?m org:member st:ZWE ; kg:status kg:StatusActive")
    assert g.holds(
        '?l kg:formattingNote "Bold: founding member, Grey: suspended me"@en'
    )
    assert not unresolved(g)
    assert g.result.warnings == []


def test_a_list_cut_mid_name_keeps_the_last_real_name(tmp_path: Path) -> None:
    g = built(tmp_path, lakes(members="Kenya, Uganda, Norway, O", stated=5))
    assert g.holds("?m org:member st:NOR")
    assert not unresolved(g)
    assert g.holds("?l kg:listOf ko:lc ; kg:statedCount 5 ; kg:complete false")
    assert [w.message for w in g.result.warnings] == [
        "member list is cut off at 'O': lists 3 of 5 stated members"
    ]


def test_an_annotation_cut_off_keeps_the_name(tmp_path: Path) -> None:
    g = built(tmp_path, lakes(members="Kenya, Uganda (suspen", stated=2))
    assert g.holds("?m org:member st:UGA")
    assert not unresolved(g)
    assert "cut off" in g.result.warnings[0].message


def test_a_count_the_list_does_not_reach_is_reported(tmp_path: Path) -> None:
    g = built(tmp_path, lakes(members="Kenya, Uganda", stated=4))
    assert [w.message for w in g.result.warnings] == [
        "member list lists 2 of 4 stated members"
    ]


# -- names -----------------------------------------------------------------------


def test_names_analysts_sources_use() -> None:
    r = Resolver()
    expected = {
        "CAR": "CAF",
        "UAE": "ARE",
        "SADR": "XSR",
        "Sahrawi Arab Democratic Republic": "XSR",
        "Palestinian Territories": "PSE",
        "Palestine": "PSE",
        "St. Kitts and Nevis": "KNA",
        "St. Lucia": "LCA",
        "St Vincent and the Grenadines": "VCT",
        "SVG": "VCT",
        "Democratic Republic of Congo": "COD",
    }
    assert {n: getattr(r.resolve(n), "key", None) for n in expected} == expected
    for acronym in (
        "ICGLR",
        "GCC",
        "CEN-SAD",
        "ASEANAPOL",
        "UMA",
        "CEPGL",
        "APEC",
        "OCO",
    ):
        entity = r.resolve(acronym, "organisation")
        assert entity is not None
        assert entity.acronym == acronym
    assert r.resolve("It") is None


# -- formats ---------------------------------------------------------------------


def test_a_profile_with_a_spanish_navigation_bar_is_a_profile(tmp_path: Path) -> None:
    nav = "Información general | Punto de contacto | Iniciativas | Miembros"
    g = built(tmp_path, lakes(nav=nav))
    assert g.result.documents[0].kind == "poa_profile"
    assert g.holds("?m org:organization ko:lc ; org:member st:KEN")


SPANISH = """Información general | Punto de contacto | Iniciativas | Miembros

Lakes Council (LC)

Kampala, Uganda

Descripción breve

El LC coordina la cooperación policial.

3 miembros (todos Estados miembros de la ONU)

  • Miembros actuales*: Kenya, Uganda, Tanzania (Negrita: miembro fundador, Gris: miembro suspendido)
  • Antiguos miembros: Burundi
  • Membresía pendiente: Ninguno

Punto de contacto del PoA

  • Ninguno

*Información actualizada al 2 de mayo de 2012
"""

FRENCH = """Informations générales | Point de contact | Initiatives | Membres

Lakes Council (LC)

Description succincte

Le LC coordonne la coopération policière.

3 membres

  • Membres actuels*: Kenya, Ouganda, Tanzanie (Gras: membre fondateur, Gris: membre suspendu)
  • Anciens membres: Aucun
  • Adhésion en attente: Burundi

*Informations exactes au 17 mai 2012
"""


@pytest.mark.parametrize(
    ("text", "day", "former", "pending"),
    [(SPANISH, "2012-05-02", "BDI", None), (FRENCH, "2012-05-17", None, "BDI")],
)
def test_a_translated_profile_reads_its_lists_and_date(
    tmp_path: Path, text: str, day: str, former: str | None, pending: str | None
) -> None:
    g = built(tmp_path, text)
    (doc,) = g.result.documents
    assert (doc.kind, doc.as_of) == ("poa_profile", day)
    assert g.result.warnings == []
    for code in ("KEN", "UGA", "TZA"):
        assert g.holds(
            f"?m org:organization ko:lc ; org:member st:{code} ; kg:status kg:StatusActive"
        ), code
    for other, status in ((former, "StatusFormer"), (pending, "StatusPending")):
        if other:
            assert g.holds(
                f"?m org:organization ko:lc ; org:member st:{other} ;"
                f" kg:status kg:{status}"
            )
    # "Ninguno"/"Aucun" and the legend are never read as names.
    assert not unresolved(g)


def test_translated_overlap_lines_are_read_only_when_the_organisation_resolves(
    tmp_path: Path,
) -> None:
    overlap = "\n".join(
        [
            "Membresías superpuestas con otras OR",
            "",
            "Los miembros del LC representan:",
            "",
            "  • 3 de 54 miembros de la UA",
            "  • 3 de 5 miembros de la EAC (Burundi y Rwanda no son miembros del LC)",
            "  • 3 de 15 miembros de la Comunidad de Desarrollo de África Austral",
            "",
        ]
    )
    text = SPANISH.replace(
        "Punto de contacto del PoA", overlap + "\nPunto de contacto del PoA"
    )
    g = built(tmp_path, text)
    claim = "?c a kg:OverlapClaim ; kg:overlapOf ko:lc ; kg:overlapWith ko:{} ;"
    assert g.holds(claim.format("au") + " kg:sharedCount 3 ; kg:comparedCount 54")
    assert g.holds(claim.format("eac") + ' rdfs:comment ?n . FILTER (lang(?n) = "es")')
    # The third names SADC in Spanish, which does not resolve: left unread,
    # never an organisation made from it.
    assert not g.holds("?c a kg:OverlapClaim ; kg:comparedCount 15")
    assert not unresolved(g)
    assert any(
        "Comunidad de Desarrollo" in u.text for u in g.result.documents[0].unparsed
    )


def test_a_member_section_without_a_list_is_a_warning(tmp_path: Path) -> None:
    text = lakes().replace("  • Current members*: Kenya, Uganda, Tanzania", "")
    g = built(tmp_path, text)
    assert [w.message for w in g.result.warnings] == [
        "has a member section but no current-member list was read"
    ]


def test_text_no_format_reads_is_a_warning(tmp_path: Path) -> None:
    g = built(
        tmp_path, "Notes on the SADC summit.\nThe SADC met in 2012 with guests.\n"
    )
    assert g.result.documents[0].kind == "org_website"
    assert [w.message for w in g.result.warnings] == [
        "matches no known format: no fact was read from it"
    ]


def test_text_naming_no_known_organisation_is_a_warning_not_a_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = tmp_path / "shop.txt"
    shop.write_text("We repair bicycles in Springfield.\n\nCall us any time.\n")
    profile = tmp_path / "lc.txt"
    profile.write_text(lakes())
    out = str(tmp_path / "out")
    # The other document is still built; the stray one is named in a warning.
    assert (
        main(["build", str(shop), str(profile), "--out", out, "--format", "json"]) == 0
    )
    summary = json.loads(capsys.readouterr().out)
    assert [(w["document"], w["line"]) for w in summary["warnings"]] == [("shop", 1)]
    assert summary["warnings"][0]["message"].startswith("matches no known format")
    assert "lc" in {d["id"] for d in summary["documents"]}
    assert main(["build", str(shop), "--out", out, "--strict"]) == 1


def test_strict_build_exits_1_on_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "lc.txt"
    doc.write_text(lakes(members="Kenya, Uganda", stated=4))
    out = str(tmp_path / "out")
    assert main(["build", str(doc), "--out", out, "--strict", "--format", "json"]) == 1
    summary = json.loads(capsys.readouterr().out)
    assert summary["warnings"] == [
        {
            "document": "lc",
            "line": 15,
            "message": "member list lists 2 of 4 stated members",
        }
    ]
    assert main(["build", str(doc), "--out", str(tmp_path / "out2")]) == 0
    assert "lc line 15: member list lists 2 of 4 stated members" in (
        capsys.readouterr().out
    )


# -- the series' phrasings of issue #20 -------------------------------------------


def _members(g: Graphs, status: str = "StatusActive") -> set[str]:
    rows = select(
        g.store,
        "PREFIX org: <http://www.w3.org/ns/org#> PREFIX kg: <https://w3id.org/orgkg/def#>"
        " SELECT ?m WHERE { GRAPH <https://w3id.org/orgkg/id/graph/lc>"
        " { ?x org:member ?m ; kg:status ?s }"
        f" FILTER(?s = kg:{status}) }}",
    )[1]
    return {str(r["m"]).rsplit("/", 1)[-1] for r in rows}


@pytest.mark.parametrize(
    ("heading", "acronym"),
    [("LC Lakes Council", "LC"), ("Lakes Council", None)],
)
def test_a_heading_with_the_acronym_first_or_the_name_alone(
    tmp_path: Path, heading: str, acronym: str | None
) -> None:
    g = built(tmp_path, lakes().replace("Lakes Council (LC)", heading))
    assert g.result.errors == []
    [doc] = g.result.documents
    assert doc.subject == "Lakes Council"
    assert [e.acronym for e in doc.defined] == [acronym]
    assert _members(g) == {"KEN", "UGA", "TZA"}


@pytest.mark.parametrize(
    "sentence",
    [
        "The LC suspended Kenya in December 2006.",
        "In 2006 Kenya suspended its LC membership.",
        "Kenya suspended its membership in 2006.",
    ],
)
def test_suspensions_with_the_organisation_or_the_member_as_subject(
    tmp_path: Path, sentence: str
) -> None:
    g = built(tmp_path, lakes(description=sentence))
    assert g.holds(
        "GRAPH ?g { ?m org:member st:KEN ; kg:status kg:StatusSuspended ;"
        " kg:validFrom ?d FILTER(YEAR(?d) = 2006) }"
    )
    assert "KEN" not in _members(g)  # the listed entry is suspended too


def test_another_organisation_suspending_is_not_this_ones_suspension(
    tmp_path: Path,
) -> None:
    g = built(tmp_path, lakes(description="The AU suspended Kenya in December 2006."))
    assert "KEN" in _members(g)
    assert not g.holds("GRAPH gr:lc { ?m kg:status kg:StatusSuspended }")


def test_a_hedge_is_one_uncertain_fact_not_a_second_membership(tmp_path: Path) -> None:
    g = built(
        tmp_path, lakes(description="Kenya in principle is suspended from the LC.")
    )
    rows = select(
        g.store,
        "PREFIX org: <http://www.w3.org/ns/org#> PREFIX kg: <https://w3id.org/orgkg/def#>"
        " SELECT ?m ?s WHERE { GRAPH <https://w3id.org/orgkg/id/graph/lc> { ?m org:member"
        " <https://w3id.org/orgkg/id/state/KEN> ; kg:status ?s } }",
    )[1]
    assert [str(r["s"]).rsplit("#", 1)[-1] for r in rows] == ["StatusUncertain"]


def test_a_pending_list_introduced_by_a_sentence(tmp_path: Path) -> None:
    text = lakes(
        description="Pending memberships are the same as for the EAC: Somalia"
        " (acceding); Ethiopia, Sudan and Djibouti (all candidates)."
    )
    g = built(tmp_path, text)
    assert _members(g, "StatusPending") == {"SOM", "ETH", "SDN", "DJI"}
    assert g.holds(
        "GRAPH ?g { ?m org:member st:SOM ; kg:status kg:StatusPending ;"
        ' rdfs:comment "acceding"@en }'
    )
    assert g.result.unparsed == []


def test_a_headquarters_line_with_a_note(tmp_path: Path) -> None:
    text = lakes().replace(
        "Kampala, Uganda", "Kampala, Uganda (to be operational in 2012)"
    )
    g = built(tmp_path, text)
    assert not unresolved(g)
    assert g.holds(
        '?p kg:inCountry st:UGA ; rdfs:label "Kampala"@en ;'
        ' rdfs:comment "to be operational in 2012"@en'
    )


def test_territories_and_their_abbreviations(tmp_path: Path) -> None:
    g = built(
        tmp_path, lakes(members="Kenya, CNMI, US Virgin Islands, Wallis and Futuna")
    )
    assert not unresolved(g)
    assert _members(g) == {"KEN", "MNP", "VIR", "WLF"}


def test_historical_names_never_become_members(tmp_path: Path) -> None:
    text = lakes(
        members="Kenya, Zaire (now the DRC), New Hebrides (now Vanuatu)",
        description="New Hebrides (now Vanuatu) took part in early meetings.",
    )
    g = built(tmp_path, text)
    assert _members(g) == {"KEN", "COD", "VUT"}
    assert not g.holds("?m org:member st:NHB")


def test_a_predecessor_named_by_its_acronym_only(tmp_path: Path) -> None:
    text = lakes(
        description="It replaced the PTA, which had entered into force in 1982."
    )
    g = built(tmp_path, text)
    assert not unresolved(g)
    assert g.holds("GRAPH ?g { ?new kg:replaces ko:pta }")


def test_an_overlap_line_cut_mid_word_is_read_with_a_warning(tmp_path: Path) -> None:
    g = built(tmp_path, lakes(overlap="  • 3 of 16 WAPCCO m"))
    assert g.holds(
        "?c kg:overlapWith ko:wapcco ; kg:sharedCount 3 ; kg:comparedCount 16"
    )
    [doc] = g.result.documents
    assert [w.message[:28] for w in doc.warnings] == ["overlap line is cut off at '"]


@pytest.mark.parametrize(
    ("sentence", "role", "agents"),
    [
        ("Three organizations are observers: the AU, the EAC and IGAD.",
         "RoleObserver", {"au", "eac", "igad"}),
        ("It has two associate members: Rwanda and Burundi.",
         "RoleAssociateMember", {"RWA", "BDI"}),
        ("Somalia is a Special Observer.", "RoleObserver", {"SOM"}),
        ("Partners for Co-operation: Egypt and Jordan.", "RoleParticipant",
         {"EGY", "JOR"}),
        ("Its dialogue partners are China and India.", "RoleParticipant",
         {"CHN", "IND"}),
    ],
)  # fmt: skip
def test_roles_stated_in_prose(
    tmp_path: Path, sentence: str, role: str, agents: set[str]
) -> None:
    g = built(tmp_path, lakes(description=sentence))
    rows = select(
        g.store,
        "PREFIX org: <http://www.w3.org/ns/org#> SELECT ?m WHERE { GRAPH ?g {"
        f" ?x org:member ?m ; org:role <https://w3id.org/orgkg/def#{role}> }}"
        " FILTER(?g = <https://w3id.org/orgkg/id/graph/lc>) }",
    )[1]
    assert {str(r["m"]).rsplit("/", 1)[-1] for r in rows} == agents
    assert g.result.unparsed == []
    assert g.holds(f'?x org:role kg:{role} ; kg:statedIn/kg:text "{sentence}"')


def test_a_line_far_longer_than_any_profile_line_is_not_read(tmp_path: Path) -> None:
    """A hostile 200,000-character line is left out, said, not parsed for minutes."""
    g = built(tmp_path, lakes(overlap="  • 3 of 54 AU members " + "x" * 200_000))
    [doc] = g.result.documents
    assert [w.message for w in doc.warnings] == [
        "line of 200,023 characters not read (over 5,000)"
    ]
    assert not g.holds("GRAPH gr:lc { ?c kg:overlapWith ?o }")
