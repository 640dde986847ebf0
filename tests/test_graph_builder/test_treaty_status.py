"""Treaty status documents (issue #21): who signed, who consented, and when it binds.

The documents in ``tests/data/status`` are written here in the shapes the UN
Treaty Collection's status pages take when saved as HTML or copied as text:
late consents, accessions, successions, acceptance and approval letters,
footnote markers after names, provisional application and a withdrawn
signature.
"""

from datetime import date
from pathlib import Path

import pytest

from graph_builder.build.pipeline import build_dataset, collect_sources
from graph_builder.query.sparql import select
from graph_builder.sources.agreements import Rule, in_force_from
from graph_builder.sources.extract import html_text
from graph_builder.sources.treaty_status import looks_like_status
from tests.conftest import DATA, PREFIXES, Graphs

STATUS = DATA / "status"
ATT_DOC = "att_status_2021"
FP_DOC = "firearms_protocol_depositary"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Graphs:
    return Graphs(
        build_dataset(
            collect_sources((STATUS,), sources_dir=Path("/nonexistent")),
            progress=lambda _: None,
        )
    )


def _rows(built: Graphs, doc: str) -> dict[str, dict[str, str]]:
    """The document's participations by party code (ISO or org key)."""
    _, rows = select(
        built.store,
        PREFIXES
        + f"""SELECT ?party ?signed ?consented ?kind ?inForce ?provisional ?withdrawn
        ?passage WHERE {{ GRAPH gr:{doc} {{
          ?p a kg:AgreementParticipation ; kg:party ?party ; kg:statedIn/kg:text ?passage .
          OPTIONAL {{ ?p kg:signedOn ?signed }}
          OPTIONAL {{ ?p kg:consentedOn ?consented }}
          OPTIONAL {{ ?p kg:consentKind ?kind }}
          OPTIONAL {{ ?p kg:inForceFrom ?inForce }}
          OPTIONAL {{ ?p kg:provisionalApplicationFrom ?provisional }}
          OPTIONAL {{ ?p kg:signatureWithdrawnOn ?withdrawn }} }} }}""",
    )
    return {
        str(r["party"]).rsplit("/", 1)[-1]: {
            k: str(v).rsplit("#", 1)[-1] for k, v in r.items() if k != "party"
        }
        for r in rows
    }


def test_text_copy_gives_one_participation_per_row(built: Graphs) -> None:
    rows = _rows(built, ATT_DOC)
    assert len(rows) == 14
    assert rows["ALB"] == {
        "signed": "2013-06-03",
        "consented": "2014-03-19",
        "kind": "ConsentRatification",
        # Consented before the Treaty's entry into force: bound from it.
        "inForce": "2014-12-24",
        "passage": "Albania |  3 Jun 2013 |  | 19 Mar 2014",
    }
    # The letter after a date is the kind of consent.
    assert rows["AFG"]["kind"] == "ConsentAccession"
    assert "signed" not in rows["AFG"]
    assert rows["GAB"]["kind"] == "ConsentAcceptance"
    assert rows["NLD"]["kind"] == "ConsentApproval"
    assert rows["SVK"]["kind"] == "ConsentSuccession"
    # Provisional application has its own column ("n").
    assert rows["ATG"]["provisional"] == "2013-08-12"
    # Signed only.
    assert set(rows["AND"]) == {"signed", "passage"}


def test_late_consents_bind_ninety_days_after_deposit(built: Graphs) -> None:
    rows = _rows(built, ATT_DOC)
    # Article 22(2): ninety days after deposit (the depositary's dates of effect).
    assert rows["AFG"]["inForce"] == "2020-10-27"
    assert rows["BRB"]["inForce"] == "2015-08-18"
    assert rows["ZMB"]["inForce"] == "2016-08-18"
    # Consented two weeks before the document's date: not yet bound on it.
    assert rows["NAM"]["consented"] == "2021-03-01"
    assert rows["NAM"]["inForce"] == "2021-05-30"


def test_footnote_markers_are_not_part_of_names(built: Graphs) -> None:
    rows = _rows(built, ATT_DOC)
    assert {"CZE", "MNE", "USA"} <= set(rows)
    assert not built.holds(f"GRAPH gr:{ATT_DOC} {{ ?u a kg:UnresolvedEntity }}")


def test_a_withdrawn_signature_is_dated_from_its_footnote(built: Graphs) -> None:
    rows = _rows(built, ATT_DOC)
    assert rows["USA"]["signed"] == "2013-09-25"
    assert rows["USA"]["withdrawn"] == "2019-07-18"
    assert "consented" not in rows["USA"]
    assert all("withdrawn" not in r for k, r in rows.items() if k != "USA")


def test_header_facts_and_as_of(built: Graphs) -> None:
    assert built.holds(
        f"""GRAPH gr:{ATT_DOC} {{
          <https://w3id.org/orgkg/id/instrument/att> kg:statedParties 110 ;
            kg:statedSignatories 130 ; kg:adoptionPlace "New York" ;
            kg:adoptionDate "2013-04-02"^^xsd:date ;
            kg:entryIntoForceDate "2014-12-24"^^xsd:date }}
          src:{ATT_DOC} kg:accurateAsOf "2021-03-15"^^xsd:date ;
            kg:documentKind "treaty_status" ."""
    )


def test_saved_html_page_is_read_by_column(built: Graphs) -> None:
    rows = _rows(built, FP_DOC)
    # The title resolves to the curated Firearms Protocol (its shorter form).
    assert built.holds(
        f"GRAPH gr:{FP_DOC} {{ ?p kg:agreement"
        " <https://w3id.org/orgkg/id/instrument/firearms-protocol> }"
    )
    assert set(rows) == {"DZA", "AUT", "BIH", "CAN", "CZE", "eu", "DEU"}
    # Article 18(2): the thirtieth day after deposit (Austria: 8 November 2013).
    assert rows["AUT"]["inForce"] == "2013-11-08"
    assert rows["DZA"]["inForce"] == "2005-07-03"
    assert rows["CZE"]["kind"] == "ConsentSuccession"
    assert rows["eu"]["kind"] == "ConsentApproval"
    assert "consented" not in rows["CAN"]
    # Site chrome is not read as a participant.
    assert "Home" not in str(rows)


def test_html_rows_become_tab_separated_lines() -> None:
    page = (STATUS / f"{FP_DOC}.html").read_text(encoding="utf-8")
    text = html_text(page)
    assert "Austria1\t14 Nov 2001\t9 Oct 2013" in text
    assert "Canada\t20 Mar 2002\t" in text
    assert looks_like_status(text)


def test_an_uncurated_agreement_uses_the_rule_its_page_quotes(tmp_path: Path) -> None:
    doc = tmp_path / "regional_list.txt"
    doc.write_text(
        "STATUS AS AT : 1 June 2020\n"
        "Depositary: the Secretariat\n"
        "3 . Regional Agreement on the Marking of Firearms\n"
        "Lusaka, 5 May 2010\n"
        "Entry into force : 1 March 2012. For each State ratifying after the"
        " deposit of the fifth instrument, the Agreement enters into force on the"
        " sixtieth day after the date of deposit.\n"
        "\n"
        "Member State\tSignature\tRatification, Accession(a)\n"
        "Zambia\t5 May 2010\t1 Jan 2011\n"
        "Malawi\t5 May 2010\t1 Jan 2015\n"
        "Lesotho\t\t\n",
        encoding="utf-8",
    )
    result = build_dataset(
        collect_sources((doc,), sources_dir=Path("/nonexistent")),
        progress=lambda _: None,
    )
    rows = _rows(Graphs(result), "regional_list")
    assert rows["ZMB"]["inForce"] == "2012-03-01"
    assert rows["MWI"]["inForce"] == "2015-03-02"  # sixty days after deposit
    assert "LSO" not in rows  # a row with no date is no participation


def test_in_force_rule() -> None:
    att = Rule(date(2014, 12, 24), 90)
    assert in_force_from(date(2014, 12, 24), att) == date(2014, 12, 24)
    assert in_force_from(date(2014, 12, 25), att) == date(2015, 3, 25)
    # No curated rule for later parties: no date is invented.
    assert in_force_from(date(2019, 12, 24), Rule(date(2017, 3, 8), None)) is None
    assert in_force_from(date(2019, 12, 24), Rule(None, 30)) is None


def test_reference_parties_reproduce_the_depositarys_dates_of_effect(
    corpus: Graphs,
) -> None:
    """instrument_parties.csv notes the depositary's date of effect; the rule agrees."""
    import csv

    from graph_builder.paths import REFERENCE_DIR

    with (REFERENCE_DIR / "instrument_parties.csv").open(encoding="utf-8") as f:
        noted = [
            (r["instrument"], r["state"], r["note"].split("Date of effect ")[1][:10])
            for r in csv.DictReader(f)
            if "Date of effect " in r["note"]
        ]
    assert len(noted) >= 4
    for instrument, state, effect in noted:
        assert corpus.holds(
            f"""?p kg:agreement <https://w3id.org/orgkg/id/instrument/{instrument}> ;
                 kg:party st:{state} ; kg:inForceFrom "{effect}"^^xsd:date"""
        ), (instrument, state, effect)


def test_a_partial_copy_is_not_read_as_the_full_list(built: Graphs) -> None:
    warnings = [w.message for d in built.result.documents for w in d.warnings]
    assert (
        "the table has 12 parties but the document states 110: read as a partial list"
        in warnings
    )
    # Only complete tables say that absence means neither signed nor consented.
    assert not built.holds(f"src:{ATT_DOC} kg:listsParticipantsOf ?i")
    assert built.holds(
        "src:kinshasa_status_2018 kg:listsParticipantsOf"
        " <https://w3id.org/orgkg/id/instrument/kinshasa-convention>"
    )


def test_a_build_with_status_documents_conforms(tmp_path: Path) -> None:
    """SHACL shapes and violation queries hold for every new term and kind."""
    from graph_builder.build.pipeline import build
    from graph_builder.build.validate import validate_output

    out = tmp_path / "out"
    build((STATUS,), out, progress=lambda _: None)
    report = validate_output(out)
    assert report.shacl_conforms, report.shacl_text[:2000]
    assert report.violations == {}
