"""The files analysts hold: saved web pages, PDFs, a handbook (issue #20).

The documents are the fidelity benchmark's own profiles rendered as a saved
page with the site around it, a printed PDF and a handbook
(``benchmarks/variants.py``); none is copied from the published pages.
"""

from pathlib import Path

import pytest

from benchmarks.build_scaling import write_profiles
from benchmarks.variants import handbook_pdf, score_variant, to_html, to_pdf
from graph_builder.build.pipeline import build, build_dataset
from graph_builder.sources.extract import detect_format, extract, html_text
from tests.conftest import Graphs

FOLDER = Path(__file__).parents[2] / "benchmarks" / "fidelity"
ICGLR = (FOLDER / "fid01_icglr.txt").read_text(encoding="utf-8")
GCC = (FOLDER / "fid02_gcc.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("variant", ["html", "pdf", "handbook"])
def test_every_variant_reads_as_well_as_the_text(variant: str) -> None:
    text = score_variant(FOLDER, "text")
    score = score_variant(FOLDER, variant)
    for category in ("members", "suspended", "observers", "associates", "overlap"):
        assert score.matched[category] == text.matched[category], score.misses
        assert score.found[category] == text.found[category], score.misses
    assert score.invented == {}
    assert score.warnings == text.warnings


def test_site_chrome_never_becomes_content() -> None:
    text = html_text(to_html(ICGLR, "ICGLR"))
    for chrome in ("cookies", "Members area", "Members of staff", "You are here",
                   "Related", "country pages", "window.dataLayer", "Home"):  # fmt: skip
        assert chrome not in text
    assert "International Conference on the Great Lakes Region (ICGLR)" in text
    assert "  • Current members*: Angola, Burundi" in text


def test_format_is_decided_by_content_not_by_name(tmp_path: Path) -> None:
    page = tmp_path / "profile.txt"  # a saved page under the wrong name
    page.write_text(to_html(GCC, "GCC"), encoding="utf-8")
    pdf = tmp_path / "download.bin"
    pdf.write_bytes(to_pdf(ICGLR))
    assert detect_format(page.read_bytes()) == "html"
    assert [p.format for p in extract(page)] == ["html"]
    assert [p.format for p in extract(pdf)] == ["pdf"]
    result = build_dataset([page, pdf], progress=lambda _: None)
    assert [d.subject for d in result.documents] == [
        "Cooperation Council for the Arab States of the Gulf",
        "International Conference on the Great Lakes Region",
    ]
    assert result.errors == []


def test_pdf_passages_keep_their_page(tmp_path: Path) -> None:
    pdf = tmp_path / "icglr.pdf"
    pdf.write_bytes(to_pdf(ICGLR))
    graphs = Graphs(build_dataset([pdf], progress=lambda _: None))
    assert graphs.holds(
        """GRAPH gr:icglr { src:icglr kg:sourceFormat "pdf" ; kg:firstPage 1 .
             ?p kg:inDocument src:icglr ; kg:pageNumber 1 ; kg:text ?t .
             FILTER(CONTAINS(?t, "Current members")) }"""
    )


def test_a_handbook_is_one_document_per_profile_with_its_pages(tmp_path: Path) -> None:
    book = tmp_path / "handbook.pdf"
    book.write_bytes(handbook_pdf([ICGLR, GCC]))
    parts = extract(book)
    assert [p.pages for p in parts] == [(2, 2), (3, 3)]  # page 1 is the cover
    running = "Regional Organizations and the PoA Handbook"
    assert all(running not in line.text for p in parts for line in p.lines)
    assert all("AFRICA" not in line.text for p in parts for line in p.lines)
    result = build_dataset([book], progress=lambda _: None)
    assert [(d.doc_id, d.subject) for d in result.documents] == [
        ("handbook-p002", "International Conference on the Great Lakes Region"),
        ("handbook-p003", "Cooperation Council for the Arab States of the Gulf"),
    ]
    graphs = Graphs(result)
    assert graphs.holds(
        """GRAPH ?g { ?d kg:firstPage 3 ; kg:lastPage 3 ;
                       rdfs:label "handbook.pdf, pages 3-3" }"""
    )


def test_a_folder_mixing_formats_builds_in_one_command(tmp_path: Path) -> None:
    folder = tmp_path / "collection"
    (folder / "EAPCCO_files").mkdir(parents=True)  # what a saved page brings
    (folder / "EAPCCO_files" / "site.js").write_text("var x = 1;")
    (folder / "icglr.txt").write_text(ICGLR, encoding="utf-8")
    (folder / "gcc.html").write_text(to_html(GCC, "GCC"), encoding="utf-8")
    (folder / "icglr.pdf").write_bytes(to_pdf(ICGLR))
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj << >> endobj\n")
    result = build([folder], None, progress=lambda _: None)
    ids = [d.doc_id for d in result.documents]
    # Sorted by name: icglr.pdf comes first and keeps the stem.
    assert {"gcc", "icglr", "icglr-txt"} <= set(ids)
    assert not any("site" in i for i in ids)
    assert [(e.file, e.message[:20]) for e in result.errors] == [
        (str(folder / "scan.pdf"), "not a readable PDF (")
    ]


def test_one_unreadable_document_in_a_hundred_leaves_99_built(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    write_profiles(folder, 99)
    (folder / "zz_broken.txt").write_bytes(b"\x00\x01binary")
    empty = tmp_path / "corpus"
    empty.mkdir()
    result = build([folder], None, sources_dir=empty, progress=lambda _: None)
    assert len(result.documents) == 99
    assert [e.file for e in result.errors] == [str(folder / "zz_broken.txt")]
    assert "binary file" in result.errors[0].message


def test_a_line_pdfium_finds_no_character_at_is_still_read(tmp_path: Path) -> None:
    # A printed page whose bullets a Latin-1 font could not encode ("?" in
    # their place): PDFium finds no character at the left edge of those
    # lines, which took the whole build down with a TypeError.
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    text = ICGLR.replace("•", "?")
    for line in text.splitlines():
        pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "printed.pdf"
    path.write_bytes(bytes(pdf.output()))
    (part,) = extract(path)
    assert any("Current members*: Angola, Burundi" in ln.text for ln in part.lines)
    result = build_dataset([path], progress=lambda _: None)
    assert result.errors == []
    assert [d.subject for d in result.documents] == [
        "International Conference on the Great Lakes Region"
    ]
