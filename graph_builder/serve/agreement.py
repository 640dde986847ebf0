"""What an agreement's page and the coverage matrix show, from the agreement queries.

``parties_of_agreement`` answers per party and source; the page wants one row
per party with its furthest step on the date (bound, consented, signed only,
signature withdrawn) and every source as a badge, the counts by step, the
parties on the world map, the running count of consents over time, and the
coverage of each organisation's members. This module shapes those rows; it
runs no query.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph_builder.iris import ID
from graph_builder.serve.pagedata import href
from graph_builder.serve.profile import SourceRef, cell_text, human, source_ref

__all__ = [
    "COVERAGE_ORDER",
    "Curve",
    "PartyRow",
    "Steps",
    "coverage_matrix",
    "curve",
    "parties",
    "party_marks",
    "steps",
]

#: The steps a party can have reached, furthest first.
_RANK = {
    "bound": 4,
    "consented, not yet in force": 3,
    "consented": 3,
    "signed only": 2,
    "signature withdrawn": 1,
}
#: The cells of the coverage matrix, furthest first.
COVERAGE_ORDER = ("bound", "consented", "signed only", "neither", "not recorded")


@dataclass
class PartyRow:
    """One party on the date: its furthest step and the sources behind it."""

    iri: str
    label: str
    href: str
    status: str
    signed: str = ""
    consented: str = ""
    kind: str = ""
    seen_by: str = ""
    in_force_from: str = ""
    withdrawn: str = ""
    sources: list[SourceRef] = field(default_factory=list)

    @property
    def css(self) -> str:
        """The row's colour class: bound, consented, signed or withdrawn."""
        return {4: "bound", 3: "consented", 2: "signed", 1: "withdrawn"}[
            _RANK[self.status]
        ]


def parties(
    bindings: Iterable[Mapping[str, Any]], documents: Mapping[str, Mapping[str, str]]
) -> list[PartyRow]:
    """One row per party from ``parties_of_agreement`` rows, furthest step first.

    Sources that disagree (one shows a consent, another only a signature) are
    merged into the furthest step, with every source's badge.

    Examples:
        >>> def b(party, status, src):
        ...     return {
        ...         "party": {"value": str(ID) + "state/" + party},
        ...         "partyLabel": {"value": party},
        ...         "status": {"value": status},
        ...         "source": {"value": src},
        ...     }
        >>> rows = parties(
        ...     [
        ...         b("ALB", "signed only", "a"),
        ...         b("ALB", "bound", "b"),
        ...         b("AGO", "signed only", "a"),
        ...     ],
        ...     {},
        ... )
        >>> [(r.label, r.status, len(r.sources)) for r in rows]
        [('ALB', 'bound', 2), ('AGO', 'signed only', 1)]
    """
    found: dict[str, PartyRow] = {}
    for b in bindings:
        iri, status = cell_text(b, "party"), cell_text(b, "status")
        row = found.get(iri)
        ref = source_ref(cell_text(b, "source"), documents)
        if row is None or _RANK[status] > _RANK[row.status]:
            previous = row.sources if row else []
            row = found[iri] = PartyRow(
                iri,
                cell_text(b, "partyLabel") or iri,
                href(iri) if iri.startswith(str(ID)) else "",
                status,
                cell_text(b, "signed"),
                cell_text(b, "consented"),
                human(cell_text(b, "consentKind")) if b.get("consentKind") else "",
                cell_text(b, "seenBy"),
                cell_text(b, "inForceFrom"),
                cell_text(b, "withdrawn"),
                previous,
            )
        if ref not in row.sources:
            row.sources.append(ref)
        row.signed = row.signed or cell_text(b, "signed")
    return sorted(found.values(), key=lambda r: (-_RANK[r.status], r.label.casefold()))


@dataclass(frozen=True)
class Steps:
    """How many parties have reached each step on the date."""

    bound: int
    consented: int
    signed: int
    withdrawn: int


def steps(rows: Iterable[PartyRow]) -> Steps:
    """Counts of ``rows`` by step.

    Examples:
        >>> steps(
        ...     [PartyRow("a", "A", "", "bound"), PartyRow("b", "B", "", "signed only")]
        ... )
        Steps(bound=1, consented=0, signed=1, withdrawn=0)
    """
    css = [r.css for r in rows]
    return Steps(
        css.count("bound"),
        css.count("consented"),
        css.count("signed"),
        css.count("withdrawn"),
    )


def party_marks(rows: Iterable[PartyRow]) -> dict[str, tuple[str, str, str]]:
    """How each state party is coloured on the world map (as ``map_marks``)."""
    marks = {}
    for r in rows:
        if r.iri.startswith(str(ID) + "state/"):
            marks[r.iri.rsplit("/", 1)[-1]] = (r.css, f"{r.label}: {r.status}", r.href)
    return marks


def coverage_matrix(
    answers: Mapping[str, tuple[str, list[Mapping[str, Any]]]],
) -> tuple[
    list[tuple[str, str, str]], list[tuple[str, str]], dict[tuple[str, str], str]
]:
    """Members by instruments from ``instrument_coverage`` answers.

    Args:
        answers: instrument IRI -> (its short label, the query's rows).

    Returns:
        The members (IRI, label, page), the instruments (IRI, short label)
        and each (member, instrument) cell's coverage.
    """
    members: dict[str, tuple[str, str, str]] = {}
    cells: dict[tuple[str, str], str] = {}
    for instrument, (_, rows) in answers.items():
        for r in rows:
            member = cell_text(r, "member")
            members.setdefault(
                member, (member, cell_text(r, "memberLabel") or member, href(member))
            )
            cells[member, instrument] = cell_text(r, "coverage")
    ordered = sorted(members.values(), key=lambda m: m[1].casefold())
    return ordered, [(i, label) for i, (label, _) in answers.items()], cells


@dataclass(frozen=True)
class Curve:
    """The running counts of consents and of parties bound, as SVG polylines."""

    consented: str
    bound: str
    ticks: list[tuple[float, str]]
    top: int
    events: list[tuple[float, float, str]]


def curve(
    bindings: Iterable[Mapping[str, Any]], width: int = 900, height: int = 150
) -> Curve | None:
    """Step lines of ``ratification_timeline`` rows (None when nothing is dated).

    Examples:
        >>> rows = [
        ...     {
        ...         "day": {"value": d},
        ...         "parties": {"value": p},
        ...         "bound": {"value": b},
        ...         "event": {"value": "consent"},
        ...         "partyLabel": {"value": "X"},
        ...     }
        ...     for d, p, b in [("2010-01-01", "1", "0"), ("2012-01-01", "2", "2")]
        ... ]
        >>> c = curve(rows)
        >>> c.top, c.consented.split()[0]
        (2, '0.0,150.0')
    """
    from datetime import date

    points = sorted(
        {
            (
                date.fromisoformat(cell_text(b, "day")),
                int(cell_text(b, "parties")),
                int(cell_text(b, "bound")),
            )
            for b in bindings
            if cell_text(b, "day")
        }
    )
    if not points:
        return None
    first, last = points[0][0], max(points[-1][0], points[0][0])
    span = max((last - first).days, 1)
    top = max(1, max(p[1] for p in points))

    def x(day: date) -> float:
        return round((day - first).days / span * width, 1)

    def y(n: int) -> float:
        return round(height - n / top * height, 1)

    def steps_of(index: int) -> str:
        out, level = [], 0
        for day, *counts in points:
            out.append(f"{x(day)},{y(level)}")
            level = counts[index]
            out.append(f"{x(day)},{y(level)}")
        out.append(f"{width},{y(level)}")
        return " ".join(out)

    years = range(first.year + 1, last.year + 1)
    step = max(1, len(years) // 8)
    ticks = [
        (x(date(yr, 1, 1)), str(yr)) for yr in years if (yr - first.year) % step == 0
    ]
    events = [
        (
            x(date.fromisoformat(cell_text(b, "day"))),
            y(int(cell_text(b, "parties"))),
            f"{cell_text(b, 'day')}: {cell_text(b, 'partyLabel')} (consent)",
        )
        for b in bindings
        if cell_text(b, "event") == "consent"
    ]
    return Curve(steps_of(0), steps_of(1), ticks, top, events)
