"""What an entity page shows, as rows an analyst reads rather than query results.

The named queries answer per source and per variable (``memberLabel``,
``kg:StatusActive``, one row per member per source). A reference page wants
one row per member with its sources as badges, counts beside each source,
near-duplicate mandate points once, and human headings. This module turns
query results into those rows; it runs no query itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph_builder.iris import ID, shorten
from graph_builder.serve.pagedata import KG, href

__all__ = [
    "Cell",
    "Point",
    "Roster",
    "RosterRow",
    "SourceRef",
    "Table",
    "Value",
    "about",
    "cell_text",
    "graph_sources",
    "group_points",
    "human",
    "map_marks",
    "readable",
    "roster",
    "source_ref",
    "values",
]

XSD = "http://www.w3.org/2001/XMLSchema#"
_SHORT_KIND = {
    "PoA profile": "PoA profile",
    "Organisation website": "website",
    "Reference data": "reference",
    "Status document": "status",
}


@dataclass(frozen=True)
class SourceRef:
    """A source document as a badge: short name, title, date and link."""

    file: str
    title: str
    short: str
    href: str
    as_of: str


def source_ref(name: str, documents: Mapping[str, Mapping[str, str]]) -> SourceRef:
    """The badge of a source named by file (or label, for reference data).

    Examples:
        >>> docs = {
        ...     "a.txt": {
        ...         "title": "PoA profile: SELEC",
        ...         "kind": "PoA profile",
        ...         "href": "/id/source/a",
        ...         "as_of": "2012-06-04",
        ...     }
        ... }
        >>> source_ref("a.txt", docs).short
        'PoA profile'
        >>> source_ref("Some reference row", docs).short
        'reference'
    """
    doc = documents.get(name)
    if doc is None:
        return SourceRef(name, name, "reference", "", "")
    kind = doc.get("kind", "")
    return SourceRef(
        name,
        doc.get("title", name),
        _SHORT_KIND.get(kind, kind or "source"),
        doc.get("href", ""),
        doc.get("as_of", ""),
    )


def human(iri: str) -> str:
    """An ontology individual or class as words (``kg:StatusActive`` -> ``active``).

    Examples:
        >>> human(KG + "RoleFoundingMember")
        'founding member'
        >>> human(KG + "MemorandumOfUnderstanding")
        'memorandum of understanding'
    """
    local = re.split(r"[#/]", iri)[-1]
    local = re.sub(r"^(Status|Role|Participation|Consent)(?=[A-Z])", "", local)
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower()


# -- members: one row per member ------------------------------------------------


@dataclass
class RosterRow:
    """One member (or organisation, on a state's page) on the date shown.

    Attributes:
        listed_by: How many of the sources that list members on the date
            list this one.
        of: How many sources list members on the date.
        stated_on: The newest date a source gives for this row, when every
            source is dated before the date shown ("as stated on ..."); "".
    """

    iri: str
    label: str
    href: str
    status: str
    since: str
    until: str
    role: str = ""
    sources: list[SourceRef] = field(default_factory=list)
    passages: list[str] = field(default_factory=list)
    listed_by: int = 0
    of: int = 0
    stated_on: str = ""

    @property
    def disputed(self) -> bool:
        """Some source listing members on the date leaves this one out."""
        return self.listed_by < self.of


@dataclass
class Roster:
    """Who holds a role on a date, and how many each source lists."""

    rows: list[RosterRow]
    counts: list[tuple[SourceRef, int]]
    stated: dict[str, int] = field(default_factory=dict)

    @property
    def disputed(self) -> list[RosterRow]:
        """The rows not every source agrees on."""
        return [r for r in self.rows if r.disputed]


def cell_text(row: Mapping[str, Any], key: str) -> str:
    """A SPARQL JSON row's value for ``key``, or "" when it is unbound."""
    cell = row.get(key)
    return str(cell["value"]) if cell else ""


def roster(
    bindings: Iterable[Mapping[str, Any]],
    day: date,
    documents: Mapping[str, Mapping[str, str]],
    key: str = "member",
    listing: Mapping[str, set[str]] | None = None,
) -> Roster:
    """One row per ``key`` from per-source rows (``members_of_organisation``).

    Args:
        bindings: SPARQL JSON rows with ``key``, ``<key>Label``, ``status``,
            ``source`` and optionally ``validFrom``, ``validUntil``,
            ``evidenceDate`` and ``passage``.
        day: The date shown.
        documents: Source documents by file name.
        key: The column of the entity a row is about (``org`` on a state's page).
        listing: On a state's page, the sources listing each organisation's
            members on the date (rows are different organisations, so a row
            is disputed only against its own organisation's sources).

    Examples:
        >>> def b(m, src, ev=""):
        ...     row = {
        ...         "member": {"value": m},
        ...         "memberLabel": {"value": m.upper()},
        ...         "status": {"value": KG + "StatusActive"},
        ...         "source": {"value": src},
        ...     }
        ...     return row | ({"evidenceDate": {"value": ev}} if ev else {})
        >>> r = roster(
        ...     [b("a", "s1", "2012-06-04"), b("a", "s2"), b("b", "s1", "2012-06-04")],
        ...     date(2020, 1, 1),
        ...     {},
        ... )
        >>> [(x.label, x.listed_by, x.of, x.stated_on) for x in r.rows]
        [('A', 2, 2, ''), ('B', 1, 2, '2012-06-04')]
    """
    rows: dict[str, RosterRow] = {}
    sources: dict[str, SourceRef] = {}
    listed: dict[str, set[str]] = {}
    evidence: dict[str, list[str]] = {}
    for b in bindings:
        iri = cell_text(b, key)
        src = cell_text(b, "source")
        ref = sources.setdefault(src, source_ref(src, documents))
        row = rows.get(iri)
        if row is None:
            row = rows[iri] = RosterRow(
                iri,
                cell_text(b, key + "Label") or shorten(iri),
                href(iri) if iri.startswith(str(ID)) else "",
                human(cell_text(b, "status")),
                cell_text(b, "validFrom"),
                cell_text(b, "validUntil"),
                human(cell_text(b, "role")) if b.get("role") else "",
            )
        elif human(cell_text(b, "status")) not in row.status.split(" / "):
            row.status += " / " + human(cell_text(b, "status"))
        row.since = row.since or cell_text(b, "validFrom")
        row.until = row.until or cell_text(b, "validUntil")
        if ref not in row.sources:
            row.sources.append(ref)
        passage = cell_text(b, "passage")
        if passage and passage not in row.passages:
            row.passages.append(passage)
        listed.setdefault(src, set()).add(iri)
        evidence.setdefault(iri, []).append(cell_text(b, "evidenceDate") or ref.as_of)
    shown = day.isoformat()
    for iri, row in rows.items():
        row.listed_by = len(row.sources)
        row.of = len(sources) if listing is None else len(listing.get(iri, ()))
        row.of = max(row.of, row.listed_by)
        dates = evidence[iri]
        # An undated source says nothing about when, so never "as stated on".
        if all(dates) and max(dates) < shown:
            row.stated_on = max(dates)
    ordered = sorted(rows.values(), key=lambda r: (r.disputed, r.label.casefold()))
    counts = [(sources[s], len(found)) for s, found in sorted(listed.items())]
    return Roster(ordered, counts)


# -- mandate: near-duplicates once ------------------------------------------------

_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "its",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "which",
        "that",
    ]
)


def _stems(text: str) -> set[str]:
    # Five letters stand for a word's stem: "analyses"/"analyze", "maintains"/
    # "maintain" agree; a stemmer would be a dependency for a page's dedup.
    return {w[:5] for w in re.findall(r"[a-z]+", text.lower()) if w not in _STOP}


def group_points(
    points: Iterable[tuple[str, SourceRef]], threshold: float = 0.6
) -> list[tuple[str, list[SourceRef]]]:
    """Mandate or objective points with near-duplicates merged, each with its sources.

    Two points are the same when most words of the shorter one (by stem)
    are in the longer; the longer text is kept.

    Examples:
        >>> s1, s2 = SourceRef("1", "", "", "", ""), SourceRef("2", "", "", "", "")
        >>> [
        ...     (t, len(s))
        ...     for t, s in group_points(
        ...         [
        ...             ("Collect, analyze and disseminate criminal intelligence", s1),
        ...             (
        ...                 "collects, analyses, and disseminates criminal"
        ...                 " intelligence",
        ...                 s2,
        ...             ),
        ...             ("implements multinational training", s2),
        ...         ]
        ...     )
        ... ]
        ... # doctest: +NORMALIZE_WHITESPACE
        [('collects, analyses, and disseminates criminal intelligence', 2),
         ('implements multinational training', 1)]
    """
    groups: list[tuple[str, set[str], list[SourceRef]]] = []
    for text, ref in points:
        stems = _stems(text)
        for i, (kept, kept_stems, refs) in enumerate(groups):
            small = min(len(stems), len(kept_stems)) or 1
            if len(stems & kept_stems) / small >= threshold:
                if ref not in refs:
                    refs.append(ref)
                if len(text) > len(kept):
                    groups[i] = (text, kept_stems | stems, refs)
                break
        else:
            groups.append((text, stems, [ref]))
    return [(text, refs) for text, _, refs in groups]


# -- any query result, readable -------------------------------------------------

#: Column headings analysts read; others are split from camelCase.
_HEADINGS = {
    "validFrom": "Since",
    "validUntil": "Until",
    "evidenceDate": "As stated on",
    "asOf": "As of",
    "statedCount": "Count stated",
    "listedType": "Of",
    "signatureDate": "Signed",
    "entryIntoForceDate": "In force",
    "entryIntoForceCondition": "Entry into force",
    "legallyBinding": "Binding",
    "partyLabels": "Parties",
    "instrumentType": "Instrument",
    "mentionedAs": "As",
    "startDate": "Start",
    "participantCount": "Participants",
    "participantKind": "Of",
    "conductedThrough": "Through",
    "eventDate": "Date",
    "occasionedBy": "By",
    "statedShared": "Shared (stated)",
    "dataShared": "Shared (data)",
    "statedTotal": "Total (stated)",
    "dataTotal": "Total (data)",
    "basisDate": "Basis date",
    "label": "Name",
    "source": "Source",
}


def _heading(var: str) -> str:
    if var in _HEADINGS:
        return _HEADINGS[var]
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", var).lower()
    return words[:1].upper() + words[1:]


@dataclass(frozen=True)
class Cell:
    """A table cell: text, an optional link, and a source's badge and passage."""

    text: str = ""
    href: str = ""
    source: SourceRef | None = None
    passage: str = ""
    number: bool = False


@dataclass
class Table:
    """A query result with human headings and cells."""

    headings: list[str]
    rows: list[list[Cell]]
    numeric: list[bool]


def _cell(b: Mapping[str, str] | None, label: Mapping[str, str] | None) -> Cell:
    if not b:
        return Cell()
    value = b["value"]
    if b["type"] == "uri":
        link = href(value) if value.startswith(str(ID)) else ""
        if label:
            return Cell(label["value"], link)
        if value.startswith(KG):
            return Cell(human(value))
        return Cell(value.rsplit("/", 1)[-1] if link else shorten(value), link)
    datatype = b.get("datatype", "")
    if datatype == XSD + "boolean":
        return Cell("yes" if value == "true" else "no")
    if datatype in (XSD + "integer", XSD + "decimal", XSD + "double"):
        return Cell(f"{float(value):,.0f}" if "." not in value else value, number=True)
    return Cell(value)


def readable(
    data: Mapping[str, Any],
    documents: Mapping[str, Mapping[str, str]],
    hide: Iterable[str] = (),
    labels: Mapping[str, str] | None = None,
) -> Table:
    """A SPARQL JSON SELECT result as a table an analyst reads.

    An IRI column with a ``<name>Label`` column shows the label as a link;
    ontology terms are words; numbers and booleans are values; ``source``
    is a badge with its passage. ``labels`` names label columns that do not
    follow the ``<name>Label`` pattern (``{"instrument": "label"}``). Columns
    empty in every row are left out.

    Examples:
        >>> t = readable(
        ...     {
        ...         "head": {"vars": ["m", "mLabel", "status", "n"]},
        ...         "results": {
        ...             "bindings": [
        ...                 {
        ...                     "m": {"type": "uri", "value": str(ID) + "state/ALB"},
        ...                     "mLabel": {"type": "literal", "value": "Albania"},
        ...                     "status": {"type": "uri", "value": KG + "StatusActive"},
        ...                     "n": {
        ...                         "type": "literal",
        ...                         "value": "9",
        ...                         "datatype": XSD + "integer",
        ...                     },
        ...                 }
        ...             ]
        ...         },
        ...     },
        ...     {},
        ... )
        >>> t.headings, [(c.text, c.href) for c in t.rows[0]]
        ... # doctest: +NORMALIZE_WHITESPACE
        (['M', 'Status', 'N'],
         [('Albania', '/id/state/ALB'), ('active', ''), ('9', '')])
    """
    names = list(data["head"]["vars"])
    label_of = {n: n + "Label" for n in names if n + "Label" in names}
    label_of.update(labels or {})
    bindings = data["results"]["bindings"]
    hidden = set(hide) | {"passage"} | set(label_of.values())
    columns = [n for n in names if n not in hidden and any(n in b for b in bindings)]
    rows = []
    for b in bindings:
        cells = []
        for n in columns:
            cell = _cell(b.get(n), b.get(label_of.get(n, "")))
            if n == "source" and cell.text:
                ref = source_ref(cell.text, documents)
                cell = Cell(ref.short, ref.href, ref, cell_text(b, "passage"))
            cells.append(cell)
        rows.append(cells)
    numeric = [
        any(r[i].number for r in rows)
        and all(r[i].number or not r[i].text for r in rows)
        for i in range(len(columns))
    ]
    return Table([_heading(n) for n in columns], rows, numeric)


# -- statements with their sources ------------------------------------------------


@dataclass
class Value:
    """One value of an entity's property, with the sources that state it."""

    text: str
    href: str
    passage: str
    sources: list[SourceRef]


def graph_sources(
    documents: Mapping[str, Mapping[str, str]],
) -> dict[str, SourceRef]:
    """The badge of each named graph: a document's graph, or the reference data."""
    refs = {
        str(doc.get("iri", "")).replace("/id/source/", "/id/graph/"): source_ref(
            file, documents
        )
        for file, doc in documents.items()
    }
    refs[str(ID) + "graph/reference"] = SourceRef(
        "reference", "Reference data (data/reference)", "reference", "", ""
    )
    return refs


def values(
    facts: Iterable[Mapping[str, Any]], graphs: Mapping[str, SourceRef]
) -> dict[str, list[Value]]:
    """Each property's values from ``_ENTITY_FACTS`` rows, with their sources."""
    found: dict[str, list[Value]] = {}
    for f in facts:
        o = f["o"]
        is_iri = o["type"] == "uri"
        if is_iri:
            text = f["olabel"]["value"] if "olabel" in f else shorten(o["value"])
        else:
            text = o["value"]
        link = href(o["value"]) if is_iri and o["value"].startswith(str(ID)) else ""
        refs = [
            graphs.get(g) or SourceRef(g, g, "source", "", "")
            for g in str(f["graphs"]["value"]).split()
        ]
        passage = f["passage"]["value"] if "passage" in f else ""
        found.setdefault(f["p"]["value"], []).append(Value(text, link, passage, refs))
    return found


SKOS = "http://www.w3.org/2004/02/skos/core#"
#: The "About" section: heading, properties grouped under it, merge near-duplicates.
_ABOUT = [
    ("Purpose", ("http://purl.org/dc/terms/description", KG + "objective"), True),
    ("Mandate", (KG + "mandate",), True),
    ("Small arms and light weapons", (KG + "smallArmsResponsibility",), False),
    ("Cooperates with", (KG + "cooperatesWith",), False),
    ("Note", (SKOS + "note",), True),
]


@dataclass(frozen=True)
class Point:
    """A point of the About section: text, link, and every source stating it."""

    text: str
    href: str
    sources: list[SourceRef]


def about(found: Mapping[str, list[Value]]) -> list[tuple[str, list[Point]]]:
    """The About section: purpose, mandate and the rest, near-duplicates once.

    A mandate point several sources state in other words is shown once with
    every source's badge; links (partners, task forces) are merged by target.
    """
    out = []
    for heading, props, merge in _ABOUT:
        items = [v for p in props for v in found.get(p, [])]
        if not items:
            continue
        if merge:
            pairs = [(v.text, ref) for v in items for ref in v.sources]
            points = [Point(t, "", refs) for t, refs in group_points(pairs)]
        else:
            by_key: dict[str, Point] = {}
            for v in items:
                key = v.href or v.text.casefold()
                point = by_key.setdefault(key, Point(v.text, v.href, []))
                point.sources.extend(r for r in v.sources if r not in point.sources)
            points = list(by_key.values())
        out.append((heading, points))
    return out


def map_marks(rows: Iterable[RosterRow]) -> dict[str, tuple[str, str, str]]:
    """How each state of a roster is coloured on the world map.

    Returns:
        ISO alpha-3 code -> (CSS class, tooltip, page link): ``suspended``,
        ``disputed`` (not every source lists it) or ``member``.

    Examples:
        >>> row = RosterRow(
        ...     str(ID) + "state/HRV",
        ...     "Croatia",
        ...     "/id/state/HRV",
        ...     "active",
        ...     "",
        ...     "",
        ...     listed_by=1,
        ...     of=2,
        ... )
        >>> map_marks([row])["HRV"][:2]
        ('disputed', 'Croatia: active, listed by 1 of 2 sources')
    """
    marks = {}
    for r in rows:
        if not r.iri.startswith(str(ID) + "state/"):
            continue
        css = (
            "suspended"
            if "suspended" in r.status
            else "disputed"
            if r.disputed
            else "member"
        )
        note = f", listed by {r.listed_by} of {r.of} sources" if r.disputed else ""
        marks[r.iri.rsplit("/", 1)[-1]] = (css, f"{r.label}: {r.status}{note}", r.href)
    return marks
