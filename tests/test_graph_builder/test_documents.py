"""Documents parse on their own: definitions first, parallel workers, cache."""

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder.build import parse
from graph_builder.build.documents import ParsedDocument, parse_source, read_source
from graph_builder.build.generations import CURRENT
from graph_builder.build.pipeline import build
from graph_builder.build.published import CACHE_NAME, NQUADS_NAME, TRIG_NAME
from graph_builder.errors import SourceDataError
from graph_builder.resolve import Resolver


def profile(name: str, acronym: str, members: str, *extra: str) -> str:
    """A small profile in the shape of the PoA pages (fictional organisations)."""
    return "\n".join(
        [
            "General Information | Point of Contact | Members",
            "",
            f"{name} ({acronym})",
            "",
            "Short description",
            "",
            f"The {acronym} supports police cooperation among its members.",
            *extra,
            "",
            f"{len(members.split(', '))} members",
            "",
            f"  • Current members: {members}",
            "",
            "Overlapping memberships with other ROs",
            "",
            f"{acronym} members represent:",
            "",
            "  • 2 of 55 AU members",
            "",
            "* Information accurate as of 1 March 2020",
            "",
        ]
    )


def mentioning(acronym: str, other: str) -> str:
    """A profile whose overlap line names another document's organisation."""
    text = profile("Lakeside Customs Network", acronym, "Kenya, Uganda, Tanzania")
    return text.replace("  • 2 of 55 AU members", f"  • 2 of 4 {other} members")


def test_a_name_another_document_defines_resolves_in_any_order(
    tmp_path: Path,
) -> None:
    # "aaa" mentions NLFC before "zzz", which defines it, is parsed.
    (tmp_path / "aaa_lcn.txt").write_text(mentioning("LCN", "NLFC"))
    (tmp_path / "zzz_nlfc.txt").write_text(
        profile("Northern Lakes Fisheries Council", "NLFC", "Kenya, Uganda")
    )
    result = build([tmp_path], None, sources_dir=tmp_path / "none")
    assert [u.name for u in result.unresolved] == []
    assert "<https://w3id.org/orgkg/id/org/nlfc>" in result.nquads.decode()
    assert [e.acronym for e in result.defined] == ["LCN", "NLFC"]


def test_two_documents_defining_one_organisation_both_state_it(
    tmp_path: Path,
) -> None:
    for year in ("2010", "2014"):
        (tmp_path / f"nlfc_{year}.txt").write_text(
            profile("Northern Lakes Fisheries Council", "NLFC", "Kenya, Uganda")
        )
    result = build([tmp_path], None, sources_dir=tmp_path / "none")
    assert [e.acronym for e in result.defined] == ["NLFC"]
    typed = [
        line
        for line in result.nquads.decode().splitlines()
        if line.startswith("<https://w3id.org/orgkg/id/org/nlfc> ")
        and "RegionalOrganisation" in line
    ]
    assert len(typed) == 2  # once in each document's graph


def _build_files(out: Path) -> dict[str, bytes]:
    return {n: (out / CURRENT / n).read_bytes() for n in (NQUADS_NAME, TRIG_NAME)}


def test_one_changed_document_is_the_only_one_parsed_and_equals_a_clean_build(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i, acr in enumerate(["AAC", "BBC", "CCC"]):
        (docs / f"p{i}.txt").write_text(
            profile(f"Council Number {i}", acr, "Kenya, Uganda")
        )
    out = tmp_path / "out"
    build([docs], out, progress=lambda _: None)
    (docs / "p1.txt").write_text(
        profile("Council Number 1", "BBC", "Kenya, Uganda, Rwanda")
    )
    lines: list[str] = []
    build([docs], out, progress=lines.append)
    parsed = [ln for ln in lines if ln.startswith("[")]
    assert parsed == ["[1/1] p1.txt: poa_profile"]
    assert any(ln.startswith("5 of 6 documents unchanged") for ln in lines)
    clean = tmp_path / "clean"
    build([docs], clean, progress=lambda _: None)
    assert _build_files(out) == _build_files(clean)
    assert "Rwanda" in (out / CURRENT / NQUADS_NAME).read_text()
    # Only the entries of the documents of the last build are kept.
    assert len(list((out / CACHE_NAME).iterdir())) == 6


def test_a_new_definition_reparses_the_documents_that_mention_it(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "aaa_lcn.txt").write_text(mentioning("LCN", "NLFC"))
    out = tmp_path / "out"
    first = build([docs], out, sources_dir=tmp_path / "none")
    assert [u.name for u in first.unresolved] == ["NLFC"]
    (docs / "zzz_nlfc.txt").write_text(
        profile("Northern Lakes Fisheries Council", "NLFC", "Kenya, Uganda")
    )
    second = build([docs], out, sources_dir=tmp_path / "none")
    assert [u.name for u in second.unresolved] == []


def test_parallel_workers_give_the_same_bytes_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse, "_POOL_MIN", 2)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "aaa_lcn.txt").write_text(mentioning("LCN", "NLFC"))
    (docs / "zzz_nlfc.txt").write_text(
        profile("Northern Lakes Fisheries Council", "NLFC", "Kenya, Uganda")
    )
    serial = build([docs], tmp_path / "serial", progress=lambda _: None, jobs=1)
    parallel = build([docs], tmp_path / "parallel", progress=lambda _: None, jobs=2)
    assert parallel.nquads == serial.nquads
    assert parallel.trig == serial.trig
    assert parallel.summary() | {"out_dir": None} == serial.summary() | {
        "out_dir": None
    }
    assert _build_files(tmp_path / "serial") == _build_files(tmp_path / "parallel")


def test_a_bad_document_in_a_worker_names_its_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #20: a document a worker cannot parse is reported; the rest is built."""
    monkeypatch.setattr(parse, "_POOL_MIN", 2)
    bad = tmp_path / "bad.txt"
    bad.write_text("General Information | Point of Contact | Members\n\nno title\n")
    result = build([bad], tmp_path / "out", progress=lambda _: None, jobs=2)
    assert [(e.file, e.line) for e in result.errors] == [(str(bad), 3)]
    assert "profile has no" in result.errors[0].message
    assert "bad" not in {d.doc_id for d in result.documents}
    assert len(result.documents) == 3  # the bundled corpus
    assert (tmp_path / "out" / CURRENT).exists()


def test_nothing_to_build_stops_and_keeps_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("General Information | Point of Contact | Members\n\nno title\n")
    empty = tmp_path / "corpus"
    empty.mkdir()
    with pytest.raises(SourceDataError, match=r"nothing could be built.*bad\.txt:3"):
        build([bad], tmp_path / "out", sources_dir=empty, progress=lambda _: None)
    assert not (tmp_path / "out" / CURRENT).exists()


def test_cache_entries_read_back_as_written(tmp_path: Path) -> None:
    path = tmp_path / "nlfc.txt"
    path.write_text(profile("Northern Lakes Fisheries Council", "NLFC", "Atlantis"))
    resolver = Resolver()
    doc = parse_source(read_source(path), resolver)
    assert [u.name for u in doc.unresolved] == ["Atlantis"]
    assert ParsedDocument.from_bytes(path, doc.doc_id, doc.to_bytes()) == doc
    with pytest.raises(ValueError, match="truncated"):
        ParsedDocument.from_bytes(
            path, doc.doc_id, doc.to_bytes()[: -len(doc.trig) - 10]
        )


def test_a_damaged_cache_entry_is_parsed_again(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "nlfc.txt").write_text(
        profile("Northern Lakes Fisheries Council", "NLFC", "Kenya")
    )
    out = tmp_path / "out"
    build([docs], out, sources_dir=tmp_path / "none")
    before = _build_files(out)
    for entry in (out / CACHE_NAME).iterdir():
        entry.write_bytes(b"not a cache entry")
    lines: list[str] = []
    build([docs], out, sources_dir=tmp_path / "none", progress=lines.append)
    assert "[1/1] nlfc.txt: poa_profile" in lines
    assert _build_files(out) == before


def test_joined_trig_is_one_document_with_the_quads_of_the_nquads(
    tmp_path: Path,
) -> None:
    (tmp_path / "aaa_lcn.txt").write_text(mentioning("LCN", "NLFC"))
    result = build([tmp_path], None, sources_dir=tmp_path / "none")
    assert result.trig.count(b"@prefix kg:") == 1
    trig = set(ox.parse(result.trig, format=ox.RdfFormat.TRIG))
    nquads = set(ox.parse(result.nquads, format=ox.RdfFormat.N_QUADS))
    assert trig == nquads
    assert len({q.graph_name for q in trig}) == 3  # document, reference, ontology
