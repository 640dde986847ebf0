"""Two organisations (or two states) side by side on a date: what they share.

For two organisations: the members in both, only in the first, only in the
second. For two states: the organisations both belong to, and those only one
does. Read from the build's span table (every membership with the days it
holds), so any date answers at once, each row with the sources behind it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from graph_builder.query.spans import HOLDING, MEMBER_ROLES, Membership, Span, on_day

__all__ = [
    "Comparison",
    "Matrix",
    "Overlap",
    "Side",
    "compare",
    "listing_sources",
    "matrix",
    "overlaps",
]


@dataclass(frozen=True)
class Side:
    """One row of a comparison: the entity and how it stands with each side."""

    iri: str
    label: str
    in_a: Membership | None
    in_b: Membership | None

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source behind the row, from either side."""
        found = {s for m in (self.in_a, self.in_b) if m for s in m.sources}
        return tuple(sorted(found))


@dataclass
class Comparison:
    """What two entities share on a date.

    Attributes:
        both: In (or members of) both.
        only_a: Only the first's.
        only_b: Only the second's.
        kind: ``"organisations"`` (members compared) or ``"states"``
            (organisations compared).
    """

    kind: str
    both: list[Side] = field(default_factory=list)
    only_a: list[Side] = field(default_factory=list)
    only_b: list[Side] = field(default_factory=list)


def _held(spans: Iterable[Span], day: date) -> list[Membership]:
    """The memberships (member roles) that hold on ``day``: active or suspended."""
    return [
        m for m in on_day(spans, day) if m.role in MEMBER_ROLES and m.status in HOLDING
    ]


def compare(spans: Iterable[Span], a: str, b: str, day: date, kind: str) -> Comparison:
    """Compare ``a`` and ``b`` (two organisation or two state IRIs) on ``day``.

    Examples:
        >>> from graph_builder.query.spans import Membership, Span
        >>> rows = [
        ...     Span(Membership.of("s1", "o1"), None, None),
        ...     Span(Membership.of("s1", "o2"), None, None),
        ...     Span(Membership.of("s2", "o1"), None, None),
        ... ]
        >>> c = compare(rows, "o1", "o2", date(2012, 1, 1), "organisations")
        >>> [r.iri for r in c.both], [r.iri for r in c.only_a], c.only_b
        (['s1'], ['s2'], [])
    """
    held = _held(spans, day)
    by_side: dict[str, dict[str, Membership]] = {a: {}, b: {}}
    labels: dict[str, str] = {}
    for m in held:
        if kind == "organisations" and m.org in by_side:
            by_side[m.org][m.member] = m
            labels[m.member] = m.member_label
        elif kind == "states" and m.member in by_side:
            by_side[m.member][m.org] = m
            labels[m.org] = m.org_label
    result = Comparison(kind)
    for iri in sorted(set(by_side[a]) | set(by_side[b]), key=lambda i: labels[i]):
        row = Side(iri, labels[iri], by_side[a].get(iri), by_side[b].get(iri))
        if row.in_a and row.in_b:
            result.both.append(row)
        elif row.in_a:
            result.only_a.append(row)
        else:
            result.only_b.append(row)
    return result


@dataclass(frozen=True)
class Overlap:
    """How many members two organisations share on a date.

    Attributes:
        shared: Members of both.
        total_a: Members of the first.
        total_b: Members of the second.
    """

    a: str
    a_label: str
    b: str
    b_label: str
    shared: int
    total_a: int
    total_b: int


def _members_on(spans: Iterable[Span], day: date) -> dict[str, tuple[str, set[str]]]:
    """Each organisation's label and members holding on ``day``."""
    found: dict[str, tuple[str, set[str]]] = {}
    for m in _held(spans, day):
        found.setdefault(m.org, (m.org_label, set()))[1].add(m.member)
    return found


def listing_sources(spans: Iterable[Span], day: date) -> dict[str, set[str]]:
    """The sources listing each organisation's members on ``day``.

    Examples:
        >>> from graph_builder.query.spans import Membership, Span
        >>> rows = [Span(Membership.of("s1", "o1", sources=("a", "b")), None, None)]
        >>> sorted(listing_sources(rows, date(2012, 1, 1))["o1"])
        ['a', 'b']
    """
    found: dict[str, set[str]] = {}
    for m in on_day(spans, day):
        if m.role in MEMBER_ROLES:
            found.setdefault(m.org, set()).update(m.sources)
    return found


def overlaps(spans: Iterable[Span], org: str, day: date) -> list[Overlap]:
    """The organisations sharing members with ``org`` on ``day``, most shared first.

    Examples:
        >>> from graph_builder.query.spans import Membership, Span
        >>> rows = [
        ...     Span(Membership.of(s, o), None, None)
        ...     for s, o in [("s1", "o1"), ("s1", "o2"), ("s2", "o1"), ("s2", "o3")]
        ... ]
        >>> [(o.b, o.shared, o.total_b) for o in overlaps(rows, "o1", date(2012, 1, 1))]
        [('o2', 1, 1), ('o3', 1, 1)]
    """
    members = _members_on(spans, day)
    if org not in members:
        return []
    label, mine = members[org]
    found = [
        Overlap(
            org, label, other, other_label, len(mine & theirs), len(mine), len(theirs)
        )
        for other, (other_label, theirs) in members.items()
        if other != org and mine & theirs
    ]
    return sorted(found, key=lambda o: (-o.shared, o.b_label.casefold()))


@dataclass
class Matrix:
    """Shared members of every pair of organisations on a date.

    Attributes:
        orgs: (IRI, label, member count), by label.
        shared: ``shared[i][j]``: members organisations ``i`` and ``j`` share
            (``shared[i][i]`` is ``i``'s member count).
    """

    orgs: list[tuple[str, str, int]]
    shared: list[list[int]]


def matrix(spans: Iterable[Span], day: date) -> Matrix:
    """The overlap matrix of every organisation with members on ``day``.

    Examples:
        >>> from graph_builder.query.spans import Membership, Span
        >>> rows = [
        ...     Span(Membership.of(s, o), None, None)
        ...     for s, o in [("s1", "o1"), ("s1", "o2"), ("s2", "o1")]
        ... ]
        >>> matrix(rows, date(2012, 1, 1)).shared
        [[2, 1], [1, 1]]
    """
    members = _members_on(spans, day)
    order = sorted(members, key=lambda o: members[o][0].casefold())
    sets = [members[o][1] for o in order]
    return Matrix(
        [(o, members[o][0], len(members[o][1])) for o in order],
        [[len(x & y) for y in sets] for x in sets],
    )
