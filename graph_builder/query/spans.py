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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph_builder.query.library import load_library
from graph_builder.query.sparql import evaluate, select

__all__ = [
    "HOLDING",
    "MEMBER_ROLES",
    "Membership",
    "Span",
    "agents",
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
    compares the two), read one property at a time (``_objects``) and joined
    in Python: at a million triples the query's grouped join took twice as
    long as loading the store; this takes less than the load.
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


def _value(cell: str) -> str:
    """A TSV cell's IRI or literal text (the literals read here have no escapes)."""
    if cell.startswith("<"):
        return cell[1:-1]
    if cell.startswith('"'):
        return cell[1 : cell.rindex('"')]
    return cell


def _objects(store: ox.Store, predicate: str) -> dict[str, list[str]]:
    """Subject -> the objects of one property (or ``_TYPES``), over every graph.

    Through one SPARQL query serialised as TSV by the store itself: the store
    evaluates it without holding the interpreter, so several run at once, and
    no Python object is made per quad (an index scan from Python costs as
    much as the whole query).
    """
    if predicate == _TYPES:
        result = evaluate(store, _TYPES)
    else:
        result = evaluate(
            store, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", {"p": URIRef(predicate)}
        )
    body = result.serialize(format=ox.QueryResultsFormat.TSV)  # type: ignore[attr-defined]
    out: dict[str, list[str]] = {}
    for line in bytes(body).decode("utf-8").splitlines()[1:]:
        subject, _, obj = line.split("\t", 2)
        values = out.setdefault(_value(subject), [])
        value = _value(obj)
        if value not in values:
            values.append(value)
    return out


#: The types the span table needs (memberships, kinds of agent), not every type.
_TYPES = """SELECT ?s ?p ?o WHERE {
  ?s a ?o
  FILTER (?o IN (<http://www.w3.org/ns/org#Membership>,
    <https://w3id.org/orgkg/def#State>, <https://w3id.org/orgkg/def#RegionalOrganisation>,
    <https://w3id.org/orgkg/def#InternationalOrganisation>,
    <https://w3id.org/orgkg/def#UnresolvedEntity>))
}"""
#: The properties the span table reads, by the name the rows give them.
_SCANNED = {
    "type": _TYPES,
    "org": _ORG_NS + "organization",
    "member": _ORG_NS + "member",
    "role": _ORG_NS + "role",
    "status": _KG_NS + "status",
    "stated": _KG_NS + "statedIn",
    "in_doc": _KG_NS + "inDocument",
    "validFrom": _KG_NS + "validFrom",
    "validUntil": _KG_NS + "validUntil",
    "evidenceDate": _KG_NS + "asOf",
}


def _rows_by_scan(store: ox.Store) -> list[dict[str, object]]:
    """The rows of ``membership_spans.rq``, one property at a time, joined here."""
    with ThreadPoolExecutor(min(len(_SCANNED), os.cpu_count() or 1)) as pool:
        found = dict(
            zip(
                _SCANNED,
                pool.map(lambda p: _objects(store, p), _SCANNED.values()),
                strict=True,
            )
        )
    membership = _ORG_NS + "Membership"
    nodes = [m for m, types in found["type"].items() if membership in types]
    org, member, role = found["org"], found["member"], found["role"]
    status, stated, in_doc = found["status"], found["stated"], found["in_doc"]
    valid = {name: found[name] for name in ("validFrom", "validUntil", "evidenceDate")}
    labels: dict[str, list[str]] = {}

    def names(iri: str) -> list[str]:
        """Every rdfs:label of ``iri``, sorted (read once per entity or document)."""
        if iri not in labels:
            labels[iri] = sorted(
                _text(q.object)
                for q in store.quads_for_pattern(
                    ox.NamedNode(iri), _RDFS_LABEL, None, None
                )
            )
        return labels[iri]

    def label(iri: str) -> str:
        known = names(iri)
        return known[0] if known else iri

    def kind(iri: str, allowed: tuple[str, ...], default: str) -> str:
        kinds = sorted(
            _local(t)
            for t in found["type"].get(iri, ())
            if t.startswith(_KG_NS) and _local(t) in allowed
        )
        return kinds[0] if kinds else default

    rows: list[dict[str, object]] = []
    for m in nodes:
        sources = {
            name
            for passage in stated.get(m, ())
            for d in in_doc.get(passage, ())
            for name in names(d)
        }
        dated = [(name, by[m][0]) for name, by in valid.items() if by.get(m)]
        for o in org.get(m, ()):
            for a in member.get(m, ()):
                for r in role.get(m, ()):
                    for st in status.get(m, ()):
                        base: dict[str, object] = {
                            "org": o,
                            "orgLabel": label(o),
                            "orgKind": kind(o, _ORG_KINDS, "Organisation"),
                            "member": a,
                            "memberLabel": label(a),
                            "memberKind": kind(a, _MEMBER_KINDS, "Agent"),
                            "role": r,
                            "status": st,
                        }
                        for src in sorted(sources):
                            row = dict(base, source=src)
                            row.update(dated)
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


def agents(items: Iterable[Span]) -> set[str]:
    """Every member and organisation of the spans: the network's nodes.

    Examples:
        >>> sorted(agents([Span(Membership.of("s", "o"), None, None)]))
        ['o', 's']
    """
    return {n for s in items for n in (s.edge.member, s.edge.org)}


def names(store: ox.Store) -> dict[str, list[str]]:
    """Each state's and organisation's other names (``names_of_agents.rq``)."""
    _, rows = select(store, load_library()["names_of_agents"].text)
    out: dict[str, list[str]] = {}
    for r in rows:
        if "name" in r:
            out.setdefault(str(r["entity"]), []).append(str(r["name"]))
    return out
