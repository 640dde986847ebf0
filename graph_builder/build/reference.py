"""Curated reference memberships: dated, sourced rows from ``data/reference/``.

``memberships.csv`` (``org,member,role,status,start,end,seen,citation,note``)
gives who belonged to which organisation when; ``start`` and ``end`` are the
first and last day (or month, or year) of membership, end empty while it
lasts. ``status`` is empty, or ``suspended`` for a row that is a suspension
period (a membership suspended then restored is three rows).
When the cited source shows a membership but not when it began, ``start`` is
empty and ``seen`` is the date the source shows it on: the row then holds
from ``seen`` on (from its last day, at month or year precision), like an
undated claim in a dated document.
``citations.csv`` names the official source each row cites, and
``coverage.csv`` says from which date the rows for an organisation are its
complete membership, so that an analysis can tell "not a member" from "not
covered". ``totals.csv`` records how many members a source says an
organisation had on a date, for organisations whose rows are incomplete.
Rows become ``org:Membership`` facts in the reference graph, each citing its
CSV line as the passage and its official source.
"""

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from graph_builder.errors import SourceDataError
from graph_builder.iris import mint
from graph_builder.namespace import KG, ROLES
from graph_builder.paths import REFERENCE_DIR
from graph_builder.resolve import Entity, Resolver
from graph_builder.sources.context import DocumentContext
from graph_builder.sources.memberships import (
    add_list_member,
    add_member_list,
    add_membership,
)
from graph_builder.text import ParsedDate, Sentence, parse_date

__all__ = [
    "REFERENCE_DOC_ID",
    "Row",
    "citation_iri",
    "load_reference_memberships",
    "lookup",
    "read_rows",
    "row_date",
    "row_entity",
    "table_context",
]

REFERENCE_DOC_ID = "reference"
#: Values of the ``status`` column: empty (active, or former once it has an
#: end) or ``suspended`` (the row is a suspension period).
_STATUSES: dict[str, URIRef] = {"": KG.StatusActive, "suspended": KG.StatusSuspended}


@dataclass(frozen=True)
class Row:
    """A reference table's row: its line number, text and values by column."""

    line: int
    text: str
    values: dict[str, str]


def read_rows(path: Path, columns: list[str]) -> list[Row]:
    """The rows of a reference table with exactly ``columns``.

    Raises:
        SourceDataError: The table is missing, not UTF-8, or a row is malformed.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise SourceDataError(path, "reference table not found") from exc
    except UnicodeDecodeError as exc:
        raise SourceDataError(path, "not UTF-8 text") from exc
    lines = text.splitlines()
    reader = csv.reader(lines)
    header = next(reader, [])
    if header != columns:
        raise SourceDataError(path, f"expected columns {','.join(columns)}", 1)
    out = []
    for number, values in enumerate(reader, start=2):
        if not values:
            continue
        if len(values) != len(columns):
            raise SourceDataError(
                path, f"expected {len(columns)} fields, found {len(values)}", number
            )
        out.append(
            Row(
                number,
                lines[number - 1],
                dict(zip(columns, (v.strip() for v in values), strict=True)),
            )
        )
    return out


def row_date(path: Path, row: Row, column: str) -> ParsedDate | None:
    """The date in a row's ``column``, or None when empty; else an error at its line."""
    value = row.values[column]
    if not value:
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise SourceDataError(
            path,
            f"{column} {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
            row.line,
        )
    return parsed


def lookup(
    path: Path, row: Row, column: str, table: dict[str, URIRef], known: str
) -> URIRef:
    """The IRI ``table`` gives for the row's ``column``; else an error at its line."""
    value = row.values[column]
    found = table.get(value)
    if found is None:
        raise SourceDataError(path, f"{column} {value!r} is not {known}", row.line)
    return found


def row_entity(resolver: Resolver, path: Path, row: Row, column: str) -> Entity:
    """The state (ISO alpha-3) or organisation (key) a row's ``column`` names."""
    value = row.values[column]
    entity = (
        resolver.by_iri(mint("state", value))
        if len(value) == 3 and value.isupper()
        else None
    )
    entity = entity or resolver.by_iri(mint("org", value))
    if entity is None:
        raise SourceDataError(
            path,
            f"{column} {value!r} is neither an ISO 3166-1 alpha-3 code"
            " nor an organisation key",
            row.line,
        )
    return entity


def load_reference_memberships(
    graph: Graph, resolver: Resolver, folder: Path = REFERENCE_DIR
) -> set[URIRef]:
    """Add the curated memberships to ``graph`` (the reference graph).

    Args:
        graph: The graph to add to.
        resolver: Resolves member codes and organisation keys.
        folder: The reference folder.

    Returns:
        The entities the rows mention.

    Raises:
        SourceDataError: A row is malformed; the message names file and line.
    """
    citations: dict[str, URIRef] = {}
    cit_path = folder / "citations.csv"
    for row in read_rows(cit_path, ["key", "title", "publisher", "url"]):
        iri = citation_iri(row.values["key"])
        citations[row.values["key"]] = iri
        graph.add((iri, RDF.type, KG.SourceDocument))
        graph.add((iri, RDFS.label, Literal(row.values["title"], lang="en")))
        graph.add((iri, DCTERMS.publisher, Literal(row.values["publisher"])))
        graph.add((iri, DCTERMS.source, URIRef(row.values["url"])))
        graph.add((iri, KG.documentKind, Literal("reference")))
    path = folder / "memberships.csv"
    ctx = table_context(graph, resolver, path, REFERENCE_DOC_ID)
    used: set[URIRef] = set()
    # (organisation, citation) -> the memberships of rows citing it.
    by_citation: dict[tuple[URIRef, URIRef], list[URIRef]] = {}
    columns = ["org", "member", "role", "status", "start", "end", "seen"]
    for row in read_rows(path, [*columns, "citation", "note"]):
        org = row_entity(resolver, path, row, "org")
        member = row_entity(resolver, path, row, "member")
        role = lookup(path, row, "role", ROLES, f"one of {', '.join(ROLES)}")
        listed = lookup(path, row, "status", _STATUSES, "empty or suspended")
        citation = lookup(path, row, "citation", citations, f"in {cit_path.name}")
        begin, end = row_date(path, row, "start"), row_date(path, row, "end")
        seen = row_date(path, row, "seen")
        anchor = begin if begin is not None else seen
        if anchor is None:
            raise SourceDataError(
                path,
                "start or seen is required (seen: the date the source shows)",
                row.line,
            )
        if end is not None and begin is not None and end.first_day < begin.first_day:
            raise SourceDataError(path, "end is before start", row.line)
        if end is not None and seen is not None and end.day_after <= seen.last_day:
            raise SourceDataError(path, "seen is after end", row.line)
        # A suspension is its own row, dated like a membership: the period
        # the member was suspended (``end`` its last day, not a departure).
        status = (
            KG.StatusSuspended
            if listed == KG.StatusSuspended
            else KG.StatusFormer
            if end is not None
            else KG.StatusActive
        )
        sentence = Sentence(row.line, 0, row.text)
        membership = add_membership(
            ctx,
            org.iri,
            member.iri,
            role,
            status,
            sentence,
            mentioned_as=row.values["member"],
            begin=begin,
            end=end,
            # Memberships known only from a sighting are keyed apart from dated ones.
            qualifier=anchor.lexical if begin is not None else f"seen-{anchor.lexical}",
        )
        if seen is not None:
            # The last day the date can mean: "2012-05" is seen by 2012-05-31.
            graph.add((membership, KG.asOf, Literal(seen.last_day)))
        graph.add((membership, PROV.wasDerivedFrom, citation))
        by_citation.setdefault((org.iri, citation), []).append(membership)
        used |= {org.iri, member.iri}
    _coverage(graph, resolver, folder / "coverage.csv", citations, by_citation)
    _totals(graph, resolver, folder / "totals.csv", citations, by_citation)
    return used


def citation_iri(key: str) -> URIRef:
    """The source document of a ``citations.csv`` row."""
    return mint("source", f"reference-{key}")


def table_context(
    graph: Graph, resolver: Resolver, path: Path, doc_id: str
) -> DocumentContext:
    """A document context for one reference table, which is its own source document."""
    ctx = DocumentContext(path, doc_id, "reference", resolver, graph)
    doc = ctx.doc_iri
    graph.add((doc, RDF.type, KG.SourceDocument))
    graph.add((doc, RDFS.label, Literal(path.name)))
    graph.add((doc, KG.documentKind, Literal("reference")))
    graph.add((doc, KG.sourcePath, Literal(path.name)))
    graph.add((doc, KG.sha256, Literal(hashlib.sha256(path.read_bytes()).hexdigest())))
    return ctx


def _list_row(
    resolver: Resolver,
    path: Path,
    row: Row,
    citations: dict[str, URIRef],
    date_column: str,
) -> tuple[Entity, URIRef, ParsedDate, URIRef]:
    """The organisation, role, date and citation of a coverage or totals row."""
    org = row_entity(resolver, path, row, "org")
    role = ROLES.get(row.values["role"])
    when = row_date(path, row, date_column)
    citation = citations.get(row.values["citation"])
    if role is None or when is None or citation is None:
        raise SourceDataError(
            path,
            f"needs a known role, a date in {date_column} and a known citation",
            row.line,
        )
    return org, role, when, citation


def _coverage(
    graph: Graph,
    resolver: Resolver,
    path: Path,
    citations: dict[str, URIRef],
    by_citation: dict[tuple[URIRef, URIRef], list[URIRef]],
) -> None:
    ctx = table_context(graph, resolver, path, f"{REFERENCE_DOC_ID}-coverage")
    for row in read_rows(path, ["org", "role", "complete_from", "citation", "note"]):
        org, role, since, citation = _list_row(
            resolver, path, row, citations, "complete_from"
        )
        sentence = Sentence(row.line, 0, row.text)
        member_list = add_member_list(
            ctx, org.iri, role, KG.StatusActive, sentence, complete=True
        )
        # A full date, so it compares with as-of dates ("1994" -> 1994-01-01).
        ctx.graph.add((member_list, KG.completeFrom, Literal(since.first_day)))
        ctx.graph.add((member_list, PROV.wasDerivedFrom, citation))
        # A complete list names every row of the organisation, whatever it cites.
        for (listed_org, _), memberships in by_citation.items():
            if listed_org == org.iri:
                for membership in memberships:
                    add_list_member(ctx, member_list, membership)


def _totals(
    graph: Graph,
    resolver: Resolver,
    path: Path,
    citations: dict[str, URIRef],
    by_citation: dict[tuple[URIRef, URIRef], list[URIRef]],
) -> None:
    """A source's stated member count on a date, as an incomplete member list.

    The list enumerates the rows of ``memberships.csv`` that cite the same
    source, so "46 stated, 35 named" can be read off the graph.
    """
    ctx = table_context(graph, resolver, path, f"{REFERENCE_DOC_ID}-totals")
    for row in read_rows(path, ["org", "role", "date", "count", "citation", "note"]):
        org, role, on, citation = _list_row(resolver, path, row, citations, "date")
        count = row.values["count"]
        if not count.isdigit():
            raise SourceDataError(
                path, f"count {count!r} is not a whole number", row.line
            )
        sentence = Sentence(row.line, 0, row.text)
        member_list = add_member_list(
            ctx,
            org.iri,
            role,
            KG.StatusActive,
            sentence,
            stated_count=int(count),
            complete=False,
            qualifier=on.lexical,
        )
        ctx.graph.add((member_list, KG.asOf, Literal(on.last_day)))
        ctx.graph.add((member_list, PROV.wasDerivedFrom, citation))
        for membership in by_citation.get((org.iri, citation), []):
            add_list_member(ctx, member_list, membership)
