from pathlib import Path

import pytest
from rdflib import BNode

from graph_builder.build.pipeline import build, collect_sources, document_ids
from graph_builder.build.published import (
    CACHE_NAME,
    NQUADS_NAME,
    STORE_NAME,
    TRIG_NAME,
    open_store,
)
from graph_builder.errors import SourceDataError
from graph_builder.query.sparql import select
from tests.conftest import DATA, Graphs


def test_no_blank_nodes(corpus: Graphs) -> None:
    for quad in corpus.result.dataset.quads((None, None, None, None)):
        assert not any(isinstance(term, BNode) for term in quad[:3]), quad


def test_one_named_graph_per_document(corpus: Graphs) -> None:
    graphs = {
        str(g.identifier).rsplit("/", 1)[-1] for g in corpus.result.dataset.graphs()
    }
    assert {
        "000_efb7d85203431afd",
        "001_26c441d74c6b6071",
        "sadc_poa_profile",
        "reference",
    } <= graphs


def test_bundled_corpus_has_no_unresolved_names(corpus: Graphs) -> None:
    assert corpus.result.unresolved == []


def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    build((), first, progress=lambda _: None)
    build((), second, progress=lambda _: None)
    for name in (NQUADS_NAME, TRIG_NAME):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_store_answers_queries(built_out: Path) -> None:
    store = open_store(built_out)
    _, rows = select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(str(rows[0]["n"])) == len(
        (built_out / NQUADS_NAME).read_text().splitlines()
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty document"),
        (b"\xff\xfe bad bytes", "not valid UTF-8 text"),
        (b"abc\x00def", "binary file"),
        (
            b"General Information | Point of Contact | Members\n\nno title here\n",
            "profile has no title line",
        ),
    ],
)
def test_bad_input_is_reported_and_the_rest_is_built(
    built_out: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    """Issue #20: one bad document never stops a build."""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = build([bad], built_out, progress=lambda _: None)
    assert [e.file for e in result.errors] == [str(bad)]
    assert message in result.errors[0].message
    assert result.summary()["errors"][0]["file"] == str(bad)
    assert len(result.documents) == 3  # the bundled corpus, published
    assert (built_out / NQUADS_NAME).read_bytes() == result.nquads
    assert (built_out / STORE_NAME).is_dir()


def test_when_nothing_can_be_built_the_previous_build_stays(
    built_out: Path, tmp_path: Path
) -> None:
    before = {p: (built_out / p).read_bytes() for p in (NQUADS_NAME, TRIG_NAME)}
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"abc\x00def")
    empty = tmp_path / "corpus"
    empty.mkdir()
    with pytest.raises(SourceDataError, match="nothing could be built") as info:
        build([bad], built_out, sources_dir=empty, progress=lambda _: None)
    assert str(bad) in str(info.value)
    assert {p: (built_out / p).read_bytes() for p in before} == before
    names = sorted(p.name for p in built_out.iterdir())
    gens = [n for n in names if n.startswith("gen-")]
    assert len(gens) == 1  # the published build only: no stray temporary
    assert names == sorted(
        [
            *[".build.lock", CACHE_NAME, "current"],
            *[NQUADS_NAME, TRIG_NAME, STORE_NAME, *gens],
        ]
    )


def test_extra_document_is_added(tmp_path: Path) -> None:
    result = build([DATA / "unseen_ecowas_profile.txt"], None, progress=lambda _: None)
    assert [d.doc_id for d in result.documents][-1] == "unseen_ecowas_profile"


def test_a_second_document_with_the_same_stem_gets_its_own_id(tmp_path: Path) -> None:
    other = tmp_path / "sadc_poa_profile.txt"
    other.write_text("x")
    paths = collect_sources([other])
    ids = document_ids(paths)
    assert len(set(ids)) == len(ids)
    assert ids[paths.index(other)] == "sadc_poa_profile-txt"


def test_missing_source(tmp_path: Path) -> None:
    with pytest.raises(SourceDataError, match="no such file"):
        collect_sources([tmp_path / "nope.txt"])
