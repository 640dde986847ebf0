"""The membership span table: every membership with the days it holds.

Read from the store (``membership_spans.rq``, ``membership_network.rq``) and
written by the build next to it, so the network on any date comes from one
file. The build writes it and ``viz`` reads it; both import it from here.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Literal
from rdflib.namespace import XSD

from graph_builder.query.library import load_library
from graph_builder.query.sparql import select

__all__ = [
    "HOLDING",
    "MEMBER_ROLES",
    "Membership",
    "Span",
    "holds_between",
    "memberships",
    "names",
    "on_day",
    "read_spans",
    "spans",
    "spans_by_query",
    "write_spans",
]


#: Roles that count as membership in overlap analysis and comparisons.
MEMBER_ROLES = frozenset({"RoleMember", "RoleFoundingMember"})
#: Statuses in which a membership holds (suspended members are members).
HOLDING = frozenset({"StatusActive", "StatusSuspended"})


@dataclass(frozen=True)
class Membership:
    """One membership edge of the network, with every source that supports it."""

    org: str
    org_label: str
    org_kind: str
    member: str
    member_label: str
    member_kind: str
    role: str
    status: str
    sources: tuple[str, ...]

    @classmethod
    def of(
        cls,
        member: str,
        org: str,
        *,
        member_label: str | None = None,
        org_label: str | None = None,
        member_kind: str = "State",
        org_kind: str = "RegionalOrganisation",
        role: str = "RoleMember",
        status: str = "StatusActive",
        sources: tuple[str, ...] = ("d",),
    ) -> Membership:
        """A membership edge with defaults for the common case.

        A state's active membership of a regional organisation, from one
        source, with labels that default to the identifiers.

        Examples:
            >>> Membership.of("s", "o").role
            'RoleMember'
        """
        return cls(
            org,
            org if org_label is None else org_label,
            org_kind,
            member,
            member if member_label is None else member_label,
            member_kind,
            role,
            status,
            sources,
        )


def _local(term: object) -> str:
    return str(term).rsplit("#", 1)[-1]


def memberships(store: ox.Store, as_of: date) -> list[Membership]:
    """The memberships that hold on ``as_of`` (``membership_network.rq``).

    Rows for the same member, organisation, role and status from several
    sources are merged; ``sources`` keeps them all.
    """
    query = load_library()["membership_network"]
    _, rows = select(
        store, query.text, {"as_of": Literal(as_of.isoformat(), datatype=XSD.date)}
    )
    merged: dict[tuple[str, str, str, str], tuple[dict[str, object], list[str]]] = {}
    for r in rows:
        key = (str(r["org"]), str(r["member"]), _local(r["role"]), _local(r["status"]))
        entry = merged.setdefault(key, (dict(r), []))
        entry[1].append(str(r["source"]))
    return [
        _membership(key, r, sources) for key, (r, sources) in sorted(merged.items())
    ]


def _membership(
    key: tuple[str, str, str, str], row: dict[str, object], sources: list[str]
) -> Membership:
    """The edge of the (org, member, role, status) ``key`` from its first row."""
    return Membership(
        org=key[0],
        org_label=str(row["orgLabel"]),
        org_kind=str(row["orgKind"]),
        member=key[1],
        member_label=str(row["memberLabel"]),
        member_kind=str(row["memberKind"]),
        role=key[2],
        status=key[3],
        sources=tuple(sorted(set(sources))),
    )


def holds_between(
    valid_from: date | None,
    valid_until: date | None,
    evidence: date | None,
    status: str,
) -> tuple[date | None, date | None] | None:
    """The days a membership holds on, by the date rules of ``membership_network.rq``.

    A dated membership holds from ``valid_from``; one without a beginning
    holds from the day its source saw it (unless the source saw it after it
    ended, then always before its end); every one stops at ``valid_until``;
    an undated one holds only while it is current (not pending or former).
    The explorer's date slider needs this as an interval per edge, so the
    rule is restated here; ``tests/test_viz/test_project.py`` checks it
    against the query on every date where the answer can change.

    Returns:
        ``(start, end)`` with ``start <= day < end`` (``None``: unbounded), or
        ``None`` when it holds on no day.

    Examples:
        >>> holds_between(None, date(2011, 1, 1), date(2010, 5, 1), "StatusActive")
        (datetime.date(2010, 5, 1), datetime.date(2011, 1, 1))
        >>> holds_between(None, None, None, "StatusFormer") is None
        True
    """
    if valid_from is None and valid_until is None:
        if status in ("StatusPending", "StatusFormer"):
            return None
        return (evidence, None)
    if valid_from is not None:
        start: date | None = valid_from
    elif evidence is not None and valid_until is not None and valid_until <= evidence:
        start = None
    else:
        start = evidence
    if start is not None and valid_until is not None and valid_until <= start:
        return None
    return (start, valid_until)


@dataclass(frozen=True)
class Span:
    """A membership edge and the days it holds (``start <= day < end``)."""

    edge: Membership
    start: date | None
    end: date | None


def _day(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value is not None else None


#: (org, member, role, status, start, end) of a span.
_SpanKey = tuple[str, str, str, str, date | None, date | None]


def spans(store: ox.Store) -> list[Span]:
    """Every membership with the interval it holds in.

    The same rows as ``membership_spans.rq`` (``spans_by_query``; a test
    compares the two), read by scanning the store's index for each property
    and joining in Python: at a million triples the query's join took three
    times as long as loading the store, the scans take a fraction of it.
    Rows for the same member, organisation, role, status and interval from
    several sources are merged, as in ``memberships``; rows that hold on no
    day are left out.
    """
    return _merge(_rows_by_scan(store))


def spans_by_query(store: ox.Store) -> list[Span]:
    """``spans`` through the ``membership_spans`` named query (for checking it)."""
    _, rows = select(store, load_library()["membership_spans"].text)
    return _merge(rows)


def _merge(rows: Iterable[Mapping[str, object]]) -> list[Span]:
    merged: dict[_SpanKey, tuple[dict[str, object], list[str]]] = {}
    for r in rows:
        status = _local(r["status"])
        interval = holds_between(
            _day(r.get("validFrom")),
            _day(r.get("validUntil")),
            _day(r.get("evidenceDate")),
            status,
        )
        if interval is None:
            continue
        if status == "StatusFormer" and r.get("validUntil") is not None:
            # As in membership_network.rq: on the days a dated membership
            # holds, it was in force; it is former only after it ended.
            status = "StatusActive"
        key = (str(r["org"]), str(r["member"]), _local(r["role"]), status, *interval)
        entry = merged.setdefault(key, (dict(r), []))
        entry[1].append(str(r["source"]))
    return [
        Span(_membership(key[:4], r, sources), key[4], key[5])
        for key, (r, sources) in sorted(merged.items(), key=lambda kv: str(kv[0]))
    ]


_ORG_NS = "http://www.w3.org/ns/org#"
_KG_NS = "https://w3id.org/orgkg/def#"
_RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_ORG_KINDS = ("RegionalOrganisation", "InternationalOrganisation")
_MEMBER_KINDS = (
    "State",
    "RegionalOrganisation",
    "InternationalOrganisation",
    "UnresolvedEntity",
)


def _text(term: Any) -> str:
    """A term's lexical value (an IRI's text, a literal's value)."""
    return str(term.value)


def _objects(store: ox.Store, predicate: str) -> dict[Any, list[Any]]:
    """Subject -> the objects of one property, over every graph."""
    out: dict[Any, list[Any]] = {}
    node = ox.NamedNode(predicate)
    for q in store.quads_for_pattern(None, node, None, None):
        values = out.setdefault(q.subject, [])
        if q.object not in values:
            values.append(q.object)
    return out


def _rows_by_scan(store: ox.Store) -> list[dict[str, object]]:
    """The rows of ``membership_spans.rq``, one property scan at a time."""
    # Plain strings, not rdflib terms: making 700,000 rdflib literals would
    # cost more than the scans (the rows are read as text anyway).
    membership = ox.NamedNode(_ORG_NS + "Membership")
    nodes = {
        q.subject for q in store.quads_for_pattern(None, _RDF_TYPE, membership, None)
    }
    org = _objects(store, _ORG_NS + "organization")
    member = _objects(store, _ORG_NS + "member")
    role = _objects(store, _ORG_NS + "role")
    status = _objects(store, _KG_NS + "status")
    stated = _objects(store, _KG_NS + "statedIn")
    in_doc = _objects(store, _KG_NS + "inDocument")
    labels: dict[Any, list[str]] = {}
    kinds: dict[Any, list[Any]] = {}
    valid = {
        name: _objects(store, _KG_NS + prop)
        for name, prop in (
            ("validFrom", "validFrom"),
            ("validUntil", "validUntil"),
            ("evidenceDate", "asOf"),
        )
    }

    def label(term: Any) -> str:
        if term not in labels:
            labels[term] = sorted(
                _text(q.object)
                for q in store.quads_for_pattern(term, _RDFS_LABEL, None, None)
            )
        names = labels[term]
        return names[0] if names else str(term.value)

    def kind(term: Any, allowed: tuple[str, ...], default: str) -> str:
        if term not in kinds:
            kinds[term] = [
                q.object for q in store.quads_for_pattern(term, _RDF_TYPE, None, None)
            ]
        found = sorted(
            _local(t.value)
            for t in kinds[term]
            if str(t.value).startswith(_KG_NS) and _local(t.value) in allowed
        )
        return found[0] if found else default

    doc_label = {
        d: sorted(
            _text(q.object) for q in store.quads_for_pattern(d, _RDFS_LABEL, None, None)
        )
        for docs in in_doc.values()
        for d in docs
    }
    rows: list[dict[str, object]] = []
    for m in nodes:
        sources = {
            name
            for passage in stated.get(m, ())
            for d in in_doc.get(passage, ())
            for name in doc_label.get(d, ())
        }
        for o in org.get(m, ()):
            for a in member.get(m, ()):
                for r in role.get(m, ()):
                    for st in status.get(m, ()):
                        base: dict[str, object] = {
                            "org": _text(o),
                            "orgLabel": label(o),
                            "orgKind": kind(o, _ORG_KINDS, "Organisation"),
                            "member": _text(a),
                            "memberLabel": label(a),
                            "memberKind": kind(a, _MEMBER_KINDS, "Agent"),
                            "role": _text(r),
                            "status": _text(st),
                        }
                        dated = [
                            (name, values[0])
                            for name, by in valid.items()
                            for values in [by.get(m, [])]
                            if values
                        ]
                        for src in sorted(sources):
                            row = dict(base, source=src)
                            row.update((k, _text(v)) for k, v in dated)
                            rows.append(row)
    return rows


def on_day(items: Iterable[Span], day: date) -> list[Membership]:
    """The memberships that hold on ``day``, from spans.

    The same edges as ``memberships(store, day)`` (a test compares them on
    every date where the answer can change), without a query: the whole
    network on a date comes from the span table the build writes.

    Examples:
        >>> e = Membership.of("s", "o")
        >>> [m.org for m in on_day([Span(e, date(2000, 1, 1), None)], date(2001, 1, 1))]
        ['o']
        >>> on_day([Span(e, date(2000, 1, 1), None)], date(1999, 1, 1))
        []
    """
    merged: dict[tuple[str, str, str, str], tuple[Membership, set[str]]] = {}
    for item in items:
        if (item.start is not None and day < item.start) or (
            item.end is not None and day >= item.end
        ):
            continue
        e = item.edge
        entry = merged.setdefault((e.org, e.member, e.role, e.status), (e, set()))
        entry[1].update(e.sources)
    return [
        Membership(
            e.org,
            e.org_label,
            e.org_kind,
            e.member,
            e.member_label,
            e.member_kind,
            e.role,
            e.status,
            tuple(sorted(sources)),
        )
        for _, (e, sources) in sorted(merged.items())
    ]


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def write_spans(items: Iterable[Span], path: Path) -> None:
    """Write spans as a JSON table (one array per span), atomically.

    The build writes this next to the store so that the whole network on
    any date is read from one file instead of a join over every membership
    (9 s at a million triples through the store, a fraction of a second
    from the table).
    """
    rows = [
        [
            s.edge.org,
            s.edge.org_label,
            s.edge.org_kind,
            s.edge.member,
            s.edge.member_label,
            s.edge.member_kind,
            s.edge.role,
            s.edge.status,
            list(s.edge.sources),
            _iso(s.start),
            _iso(s.end),
        ]
        for s in items
    ]
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"version": 1, "spans": rows}, f, separators=(",", ":"))
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_spans(path: Path) -> list[Span]:
    """The spans ``write_spans`` wrote.

    Raises:
        ValueError: The file is not a span table.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("version") != 1:
        raise ValueError(f"{path}: not an orgkg span table")
    return [
        Span(
            Membership(org, ol, ok, member, ml, mk, role, status, tuple(sources)),
            date.fromisoformat(start) if start else None,
            date.fromisoformat(end) if end else None,
        )
        for org, ol, ok, member, ml, mk, role, status, sources, start, end in data[
            "spans"
        ]
    ]


def names(store: ox.Store) -> dict[str, list[str]]:
    """Each state's and organisation's other names (``names_of_agents.rq``)."""
    _, rows = select(store, load_library()["names_of_agents"].text)
    out: dict[str, list[str]] = {}
    for r in rows:
        if "name" in r:
            out.setdefault(str(r["entity"]), []).append(str(r["name"]))
    return out
