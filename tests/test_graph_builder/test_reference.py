"""Curated reference tables: rows become dated memberships; bad rows name file and line."""

from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from graph_builder.build.reference import load_reference_memberships
from graph_builder.errors import SourceDataError
from graph_builder.iris import mint
from graph_builder.namespace import KG
from graph_builder.paths import REFERENCE_DIR
from graph_builder.resolve import Resolver

MEMBERSHIPS_HEADER = "org,member,role,status,start,end,seen,citation,note\n"


def _copy_reference(tmp_path: Path) -> Path:
    for f in REFERENCE_DIR.glob("*.csv"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    return tmp_path


def _load(folder: Path) -> Graph:
    graph = Graph()
    load_reference_memberships(graph, Resolver(folder), folder)
    return graph


def _only_rows(folder: Path, *rows: str) -> None:
    (folder / "memberships.csv").write_text(MEMBERSHIPS_HEADER + "".join(rows))
    (folder / "coverage.csv").write_text("org,role,complete_from,citation,note\n")
    (folder / "totals.csv").write_text("org,role,date,count,citation,note\n")


def _membership(graph: Graph, member: str) -> URIRef:
    [node] = graph.subjects(
        URIRef("http://www.w3.org/ns/org#member"), mint("state", member)
    )
    assert isinstance(node, URIRef)
    return node


def test_a_row_seen_on_a_date_has_no_beginning(tmp_path: Path) -> None:
    folder = _copy_reference(tmp_path)
    _only_rows(
        folder,
        "rcc,ALB,member,,,,2012-05,sas-rcc-profile,\n",
        "rcc,GRC,member,,2008-02-27,,,sas-rcc-profile,\n",
    )
    graph = _load(folder)
    seen = _membership(graph, "ALB")
    assert graph.value(seen, KG.validFrom) is None
    # Month precision: the source vouches for the month's last day.
    assert graph.value(seen, KG.asOf) == Literal(date(2012, 5, 31))
    dated = _membership(graph, "GRC")
    assert graph.value(dated, KG.validFrom) == Literal(date(2008, 2, 27))
    assert graph.value(dated, KG.asOf) is None


def test_a_suspension_is_a_dated_row_of_its_own(tmp_path: Path) -> None:
    folder = _copy_reference(tmp_path)
    _only_rows(
        folder,
        "rcc,ALB,member,,2008-02-27,2011-10,,sas-rcc-profile,\n",
        "rcc,ALB,member,suspended,2011-11,2012-02,,sas-rcc-profile,\n",
    )
    graph = _load(folder)
    org_member = URIRef("http://www.w3.org/ns/org#member")
    rows = {
        graph.value(m, KG.validFrom): graph.value(m, KG.status)
        for m in graph.subjects(org_member, mint("state", "ALB"))
    }
    assert rows == {
        Literal(date(2008, 2, 27)): KG.StatusFormer,
        Literal(date(2011, 11, 1)): KG.StatusSuspended,
    }


def test_totals_become_an_incomplete_member_list(tmp_path: Path) -> None:
    folder = _copy_reference(tmp_path)
    _only_rows(
        folder,
        "rcc,ALB,member,,,,2012-05,sas-rcc-profile,\n",
        "rcc,BIH,member,,,,2012-05,sas-rcc-profile,\n",
        "rcc,XKX,member,,2013-02,,,al-mfa-rcc,\n",
    )
    (folder / "totals.csv").write_text(
        "org,role,date,count,citation,note\nrcc,member,2012-05,46,sas-rcc-profile,\n"
    )
    graph = _load(folder)
    [member_list] = graph.subjects(KG.statedCount, Literal(46))
    assert graph.value(member_list, KG.complete) == Literal(False)
    assert graph.value(member_list, KG.asOf) == Literal(date(2012, 5, 31))
    # It names the rows that cite the same source, not Kosovo's later row.
    listed = set(graph.objects(member_list, KG.listedMembership))
    assert listed == {_membership(graph, "ALB"), _membership(graph, "BIH")}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("rcc,ALB,member,,,,,sas-rcc-profile,\n", "start or seen is required"),
        ("rcc,ALB,member,,,2011,2012-05,sas-rcc-profile,\n", "seen is after end"),
        ("rcc,ALB,member,,2012,2011,,sas-rcc-profile,\n", "end is before start"),
        (
            "rcc,ALB,member,,,,2012-13,sas-rcc-profile,\n",
            "seen '2012-13' is not a date",
        ),
        ("rcc,ALB,member,,2012,,,nowhere,\n", "citation 'nowhere' is not in"),
        ("rcc,ALB,king,,2012,,,sas-rcc-profile,\n", "role 'king' is not one of"),
        ("rcc,ALB,member,gone,2012,,,sas-rcc-profile,\n", "status 'gone' is not empty"),
        ("rcc,ALB,member,,2012,,sas-rcc-profile,\n", "expected 9 fields, found 8"),
    ],
)
def test_bad_membership_rows_name_file_and_line(
    tmp_path: Path, row: str, message: str
) -> None:
    folder = _copy_reference(tmp_path)
    _only_rows(folder, "rcc,GRC,member,,2008,,,sas-rcc-profile,\n", row)
    with pytest.raises(SourceDataError, match=rf"memberships.csv:3: {message}"):
        _load(folder)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("rcc,member,2012-05,many,sas-rcc-profile,\n", "count 'many' is not a whole"),
        ("rcc,member,,46,sas-rcc-profile,\n", "needs a known role, a date in date and"),
        ("rcc,member,2012-05,46,nowhere,\n", "and a known citation"),
    ],
)
def test_bad_totals_rows_name_file_and_line(
    tmp_path: Path, row: str, message: str
) -> None:
    folder = _copy_reference(tmp_path)
    (folder / "totals.csv").write_text("org,role,date,count,citation,note\n" + row)
    with pytest.raises(SourceDataError, match=rf"totals.csv:2: .*{message}"):
        _load(folder)
