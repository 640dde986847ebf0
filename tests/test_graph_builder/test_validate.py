from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import ORG

from graph_builder.build.pipeline import build_dataset, collect_sources
from graph_builder.build.validate import validate_dataset
from graph_builder.namespace import KG
from tests.conftest import store_of


def test_bundled_corpus_conforms() -> None:
    result = build_dataset(collect_sources(), progress=lambda _: None)
    report = validate_dataset(result.dataset, store_of(result.dataset))
    assert report.conforms, report.text()


def test_shacl_catches_a_membership_without_member_and_bad_iso_code() -> None:
    result = build_dataset(collect_sources(), progress=lambda _: None)
    g = result.dataset.graph(URIRef("https://w3id.org/orgkg/id/graph/sadc_poa_profile"))
    membership = next(g.subjects(ORG.role, KG.RoleMember))
    g.remove((membership, ORG.member, None))
    ref = result.dataset.graph(URIRef("https://w3id.org/orgkg/id/graph/reference"))
    ref.add(
        (
            URIRef("https://w3id.org/orgkg/id/state/AGO"),
            KG.iso3166Alpha3,
            Literal("angola"),
        )
    )
    report = validate_dataset(result.dataset, store_of(result.dataset))
    assert not report.shacl_conforms
    assert "MinCountConstraintComponent" in report.text()
    assert "org:member" in report.text()
    assert "iso3166Alpha3" in report.text()


def test_violation_query_catches_a_count_mismatch() -> None:
    result = build_dataset(collect_sources(), progress=lambda _: None)
    g = result.dataset.graph(
        URIRef("https://w3id.org/orgkg/id/graph/000_efb7d85203431afd")
    )
    member_list = next(s for s in g.subjects(KG.statedCount, Literal(13)))
    g.remove((member_list, KG.statedCount, Literal(13)))
    g.add((member_list, KG.statedCount, Literal(14)))
    report = validate_dataset(result.dataset, store_of(result.dataset))
    assert report.shacl_conforms
    assert list(report.violations) == ["member_count_mismatch_violation"]
    assert not report.conforms


def test_broken_shapes_file(tmp_path: Path) -> None:
    import pytest

    from graph_builder.errors import OntologyError

    bad = tmp_path / "shapes.ttl"
    bad.write_text("this is not turtle")
    result = build_dataset(collect_sources(), progress=lambda _: None)
    with pytest.raises(OntologyError, match=r"shapes\.ttl: cannot parse"):
        validate_dataset(result.dataset, store_of(result.dataset), shapes_file=bad)
