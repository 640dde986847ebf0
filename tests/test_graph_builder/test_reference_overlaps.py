"""The curated reference data reproduces the overlap figures real profiles state.

Each case is one Small Arms Survey profile cited in ``data/reference/citations.csv``:
its "accurate as of" date, its current-member list and the "N of M X members"
figures it states. These are facts (names, numbers, dates), not the pages'
text: the test writes its own minimal profile around them, builds it with the
reference data, and asks ``claims_check`` whether the reference rows give the
same shared count and total on that date. A wrong start date, a row seen too
late, a missing member or a stale total makes a case fail.
"""

from pathlib import Path

import pytest

from graph_builder.build.pipeline import build_dataset
from graph_builder.query.library import load_library
from graph_builder.query.sparql import select

# (acronym, name, as of, current members, [(shared, total, other acronym)])
CASES: list[tuple[str, str, str, str, list[tuple[int, int, str]]]] = [
    (
        "SADC",
        "Southern African Development Community",
        "17 May 2012",
        "Angola, Botswana, DRC, Lesotho, Madagascar, Malawi, Mauritius, Mozambique,"
        " Namibia, Seychelles, South Africa, Swaziland, Tanzania, Zambia, Zimbabwe",
        [
            (15, 54, "AU"),
            (1, 3, "CEPGL"),
            (8, 19, "COMESA"),
            (4, 11, "ICGLR"),
            (3, 15, "RECSA"),
            (15, 15, "SARPCCO"),
        ],
    ),
    (
        "CEMAC",
        "Economic and Monetary Community of Central Africa",
        "22 May 2012",
        "Cameroon, CAR, Chad, Congo, Equatorial Guinea, Gabon",
        [(6, 10, "CEEAC"), (2, 11, "ICGLR"), (2, 15, "RECSA")],
    ),
    (
        "IGAD",
        "Intergovernmental Authority on Development",
        "14 June 2012",
        "Djibouti, Eritrea, Ethiopia, Kenya, Somalia, South Sudan, Sudan, Uganda",
        [(6, 19, "COMESA"), (2, 5, "EAC"), (8, 12, "EAPCCO"), (8, 15, "RECSA")],
    ),
    (
        "RECSA",
        "Regional Centre on Small Arms",
        "16 May 2012",
        "Burundi, CAR, Congo, DRC, Djibouti, Eritrea, Ethiopia, Kenya, Rwanda,"
        " Seychelles, Somalia, South Sudan, Sudan, Tanzania, Uganda",
        [
            (10, 19, "COMESA"),
            (5, 5, "EAC"),
            (12, 12, "EAPCCO"),
            (9, 11, "ICGLR"),
            (8, 8, "IGAD"),
        ],
    ),
    (
        "EAPCCO",
        "Eastern Africa Police Chiefs Cooperation Organization",
        "25 April 2012",
        "Burundi, Djibouti, Eritrea, Ethiopia, Kenya, Rwanda, Seychelles, Somalia,"
        " South Sudan, Sudan, Tanzania, Uganda",
        [
            (2, 3, "CEPGL"),
            (9, 19, "COMESA"),
            (5, 5, "EAC"),
            (6, 11, "ICGLR"),
            (8, 8, "IGAD"),
            (12, 15, "RECSA"),
            (2, 15, "SADC"),
        ],
    ),
    (
        "CEPGL",
        "Economic Community of Great Lakes Countries",
        "2 July 2012",
        "Burundi, DRC, Rwanda",
        [(2, 10, "CEEAC"), (2, 5, "EAC"), (3, 11, "ICGLR"), (3, 15, "RECSA")],
    ),
    (
        "UMA",
        "Arab Maghreb Union",
        "13 June 2012",
        "Algeria, Libya, Mauritania, Morocco, Tunisia",
        [(4, 54, "AU"), (4, 28, "CEN-SAD"), (5, 22, "LAS")],
    ),
    (
        "LAS",
        "League of Arab States",
        "18 April 2012",
        "Algeria, Bahrain, Comoros, Djibouti, Egypt, Iraq, Jordan, Kuwait, Lebanon,"
        " Libya, Mauritania, Morocco, Oman, Palestinian Territories, Qatar,"
        " Saudi Arabia, Somalia, Sudan, Syria, Tunisia, UAE, Yemen",
        [(9, 54, "AU"), (6, 6, "GCC"), (5, 5, "UMA")],
    ),
    (
        "ASEAN",
        "Association of Southeast Asian Nations",
        "23 May 2012",
        "Brunei, Cambodia, Indonesia, Laos, Malaysia, Myanmar, Philippines,"
        " Singapore, Thailand, Vietnam",
        [(7, 21, "APEC")],
    ),
    (
        "CARICOM",
        "Caribbean Community",
        "1 June 2012",
        "Antigua and Barbuda, Bahamas, Barbados, Belize, Dominica, Grenada, Guyana,"
        " Haiti, Jamaica, Montserrat, St. Kitts and Nevis, St. Lucia, SVG, Suriname,"
        " Trinidad and Tobago",
        [(14, 35, "OAS"), (1, 7, "SICA")],
    ),
    (
        "SICA",
        "Central American Integration System",
        "23 May 2012",
        "Belize, Costa Rica, El Salvador, Guatemala, Honduras, Nicaragua, Panama",
        [(1, 15, "CARICOM"), (7, 35, "OAS")],
    ),
]


def _profile(
    acronym: str,
    name: str,
    as_of: str,
    members: str,
    claims: list[tuple[int, int, str]],
) -> str:
    """A minimal profile in the published layout, holding only the case's facts."""
    count = len(members.split(", "))
    lines = [
        "General Information | Point of Contact | PoA initiatives & activites"
        " | Instruments & documents | Members",
        "",
        f"{name} ({acronym})",
        "",
        f"{count} members",
        "",
        f"  • Current members*: {members} (Bold: founding member, Grey: suspended member)",
        "  • Former members: None",
        "  • Membership pending: None",
        "",
        "Overlapping memberships with other ROs",
        "",
        f"{acronym} members represent:",
        "",
        *(
            f"  • {shared} of {total} {other} members"
            for shared, total, other in claims
        ),
        "",
        f"*Information accurate as of {as_of}",
        "",
    ]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def checks(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, str], dict[str, str]]:
    folder: Path = tmp_path_factory.mktemp("profiles")
    for acronym, name, as_of, members, claims in CASES:
        text = _profile(acronym, name, as_of, members, claims)
        (folder / f"{acronym.lower()}.txt").write_text(text, encoding="utf-8")
    result = build_dataset(sorted(folder.glob("*.txt")), progress=lambda _: None)
    assert result.warnings == [], result.warnings
    rows = select(result.store, load_library()["claims_check"].text)[1]
    return {
        (str(r["org"]).rsplit("/", 1)[-1], str(r["other"]).rsplit("/", 1)[-1]): {
            k: str(v) for k, v in r.items()
        }
        for r in rows
        if str(r["basis"]) == "reference data"
    }


_KEYS = {"CEEAC": "eccas"}


@pytest.mark.parametrize(
    ("org", "other"),
    [(c[0], claim[2]) for c in CASES for claim in c[4]],
)
def test_reference_rows_give_the_profiles_overlap_figure(
    checks: dict[tuple[str, str], dict[str, str]], org: str, other: str
) -> None:
    key = (org.lower(), _KEYS.get(other, other.lower()))
    row = checks[key]
    figures = {
        k: row.get(k)
        for k in (
            "asOf",
            "statedShared",
            "dataShared",
            "statedTotal",
            "dataTotal",
            "referenceTotal",
            "totalBasis",
        )
    }
    assert row["verdict"] == "agrees", (figures, row["reason"])


def test_a_claim_the_reference_data_contradicts_is_reported(tmp_path: Path) -> None:
    acronym, name, as_of, members, _ = CASES[6]  # UMA
    # Before Morocco rejoined the AU (2017), five UMA members cannot be AU members.
    text = _profile(acronym, name, as_of, members, [(5, 54, "AU")])
    (tmp_path / "uma.txt").write_text(text, encoding="utf-8")
    result = build_dataset([tmp_path / "uma.txt"], progress=lambda _: None)
    (row,) = select(result.store, load_library()["claims_check"].text)[1]
    assert str(row["dataShared"]) == "4"
    assert str(row["verdict"]) == "disagrees"
    assert str(row["reason"]) == "stated 5 of 54; the basis gives 4 of 54"
