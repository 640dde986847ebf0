import shutil
from datetime import date
from pathlib import Path

import pytest
from rdflib import URIRef

from graph_builder.errors import SourceDataError
from graph_builder.paths import REFERENCE_DIR
from graph_builder.resolve import Resolver, normalise


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver()


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Hellenic Republic", "GRC"),
        ("the Former Yugoslav Republic of Macedonia", "MKD"),
        ("Macedonia", "MKD"),
        ("Republic of Turkey", "TUR"),
        ("Swaziland", "SWZ"),
        ("Tanzania", "TZA"),
        ("Democratic Republic of the Congo", "COD"),
        ("Republic of Moldova", "MDA"),
        ("Kosovo*", "XKX"),
        ("Holy See", "VAT"),
        ("The United States", "USA"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Yugoslavia", "YUG"),
    ],
)
def test_state_names(resolver: Resolver, name: str, iso3: str) -> None:
    entity = resolver.resolve(name)
    assert entity is not None
    assert (entity.kind, entity.key) == ("state", iso3)
    assert str(entity.iri).endswith(f"/state/{iso3}")


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("SELEC", "selec"),
        ("South-east European Law Enforcement Centre", "selec"),
        ("SECI Center", "seci-center"),
        ("the UN Interregional Crime and Justice Research Institute", "unicri"),
        ("Organisation for Security and Co-operation in Europe", "osce"),
        ("Southern African Regional Police Chiefs Cooperation Organisation", "sarpcco"),
    ],
)
def test_organisation_names(resolver: Resolver, name: str, key: str) -> None:
    entity = resolver.resolve(name)
    assert entity is not None
    assert (entity.kind, entity.key) == ("organisation", key)


def test_wikidata_links(resolver: Resolver) -> None:
    nato = resolver.resolve("NATO")
    assert nato is not None
    assert nato.wikidata == "Q7184"


def test_unknown_names_do_not_resolve(resolver: Resolver) -> None:
    assert resolver.resolve("Atlantis") is None
    assert resolver.resolve("Republic of") is None
    assert resolver.resolve("NATO", "state") is None


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Ouganda", "UGA"),  # French
        ("Tanzanie", "TZA"),  # the short form of "Tanzanie, République unie de"
        ("Costa de Marfil", "CIV"),  # Spanish
        ("República Democrática del Congo", "COD"),
        ("Congo, República Democrática del", "COD"),
        ("République unie de Tanzanie", "TZA"),
        ("Costa do Marfim", "CIV"),  # Portuguese
        ("Corea", None),  # both Koreas: left out, not guessed
        ("Congo", "COG"),  # the English name keeps its meaning
        ("Niger", "NER"),
        ("Níger", "NER"),
    ],
)
def test_translated_state_names(
    resolver: Resolver, name: str, iso3: str | None
) -> None:
    entity = resolver.resolve(name)
    assert (entity.key if entity else None) == iso3


def test_normalise_is_spelling_insensitive() -> None:
    assert normalise("Centre for Defence Programmes") == normalise(
        "Center for Defense Programs"
    )


def _copy_reference(tmp_path: Path) -> Path:
    for f in REFERENCE_DIR.glob("*.csv"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    return tmp_path


def test_conflicting_names_are_rejected(tmp_path: Path) -> None:
    folder = _copy_reference(tmp_path)
    with (folder / "organisations.csv").open("a") as handle:
        handle.write(
            "other,OTH,Other Body,North Atlantic Treaty Organization,regional,,\n"
        )
    with pytest.raises(SourceDataError, match="claimed by both nato and other"):
        Resolver(folder)


def test_bad_alias_row_names_file_and_line(tmp_path: Path) -> None:
    folder = _copy_reference(tmp_path)
    lines = (folder / "state_aliases.csv").read_text().splitlines()
    lines.insert(3, "Ruritania,RRR,")
    (folder / "state_aliases.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(
        SourceDataError, match=r"state_aliases.csv:4: unknown ISO 3166-1 alpha-3 'RRR'"
    ):
        Resolver(folder)


def test_bad_wikidata_id(tmp_path: Path) -> None:
    folder = _copy_reference(tmp_path)
    with (folder / "organisations.csv").open("a") as handle:
        handle.write("zz,ZZ,Zed Organisation,,regional,7184,\n")
    with pytest.raises(SourceDataError, match="bad Wikidata id"):
        Resolver(folder)


def test_a_malformed_instrument_rule_names_its_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, folder)
    path = folder / "instruments.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("2014-12-24", "24 December 2014", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SourceDataError, match=r"instruments\.csv.*2.*in_force"):
        Resolver(folder)
    assert Resolver().instrument_rules[
        URIRef("https://w3id.org/orgkg/id/instrument/att")
    ] == (date(2014, 12, 24), 90)
