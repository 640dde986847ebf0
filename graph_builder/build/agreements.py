"""Curated agreements and their parties, from the reference tables.

``instruments.csv`` describes each instrument (names, type, the organisation
under which it was adopted, adoption, entry into force, depositary, whether
it binds, and the rule for states consenting after its entry into force,
with its article); ``instrument_parties.csv`` gives states' signatures and
consents (``instrument,state,signed,consented,kind,seen,citation,note``;
``seen`` when the cited page shows a consent but not its date). Each row
cites a ``citations.csv`` source; rows become facts in the reference graph
with their CSV line as the passage, like the curated memberships.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rdflib import RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from graph_builder.build.reference import (
    REFERENCE_DOC_ID,
    Row,
    citation_iri,
    lookup,
    read_rows,
    row_date,
    row_entity,
    table_context,
)
from graph_builder.errors import SourceDataError
from graph_builder.iris import mint
from graph_builder.namespace import KG
from graph_builder.paths import REFERENCE_DIR
from graph_builder.resolve import INSTRUMENT_COLUMNS, Resolver
from graph_builder.sources.agreements import CONSENT_KINDS, add_participation, rules
from graph_builder.text import Sentence

__all__ = ["load_reference_agreements"]

_TYPES = {
    "treaty": KG.Treaty,
    "convention": KG.Convention,
    "protocol": KG.Protocol,
    "declaration": KG.Declaration,
    "agreement": KG.Agreement,
}
_PARTY_COLUMNS = [
    "instrument",
    "state",
    "signed",
    "consented",
    "kind",
    "seen",
    "citation",
    "note",
]


def _day(path: Path, row: Row, column: str) -> date | None:
    """A full date (YYYY-MM-DD) from a row, or None when empty."""
    value = row_date(path, row, column)
    if value is None:
        return None
    if value.xsd_type != "date":
        raise SourceDataError(
            path, f"{column} must be a full date (YYYY-MM-DD)", row.line
        )
    return value.first_day


def load_reference_agreements(
    graph: Graph, resolver: Resolver, folder: Path = REFERENCE_DIR
) -> set[URIRef]:
    """Add the curated instruments and participations to ``graph``.

    Returns:
        The entities the rows mention (instruments, their organisations, parties).

    Raises:
        SourceDataError: A row is malformed; the message names file and line.
    """
    path = folder / "instruments.csv"
    if not path.exists():
        return set()
    citations = {
        row.values["key"]: citation_iri(row.values["key"])
        for row in read_rows(
            folder / "citations.csv", ["key", "title", "publisher", "url"]
        )
    }
    ctx = table_context(graph, resolver, path, f"{REFERENCE_DOC_ID}-instruments")
    used: set[URIRef] = set()
    for row in read_rows(path, INSTRUMENT_COLUMNS):
        v = row.values
        iri = mint("instrument", v["key"])
        cls = lookup(path, row, "type", _TYPES, f"one of {', '.join(_TYPES)}")
        citation = lookup(path, row, "citation", citations, "in citations.csv")
        org = row_entity(resolver, path, row, "org")
        s = Sentence(row.line, 0, row.text)
        ctx.node(iri, cls, s)
        graph.add((iri, PROV.wasDerivedFrom, citation))
        ctx.fact(iri, RDFS.label, Literal(v["name"], lang="en"), s)
        graph.add((iri, SKOS.prefLabel, Literal(v["name"], lang="en")))
        for alt in filter(None, [v["short"], *v["aliases"].split("|")]):
            graph.add((iri, SKOS.altLabel, Literal(alt, lang="en")))
        ctx.fact(iri, KG.instrumentOf, org.iri, s)
        for column, prop in (
            ("adopted", KG.adoptionDate),
            ("in_force", KG.entryIntoForceDate),
        ):
            day = _day(path, row, column)
            if day is not None:
                ctx.fact(iri, prop, Literal(day.isoformat(), datatype=XSD.date), s)
        if v["place"]:
            ctx.fact(iri, KG.adoptionPlace, Literal(v["place"]), s)
        if v["depositary"]:
            ctx.fact(iri, KG.depositary, Literal(v["depositary"]), s)
        if v["binding"] not in ("yes", "no"):
            raise SourceDataError(path, "binding must be yes or no", row.line)
        ctx.fact(iri, KG.legallyBinding, Literal(v["binding"] == "yes"), s)
        if v["later_days"]:
            if not v["later_days"].isdigit() or not v["later_rule"]:
                raise SourceDataError(
                    path,
                    "later_days must be a number of days, with later_rule",
                    row.line,
                )
            ctx.fact(iri, KG.laterPartyDays, Literal(int(v["later_days"])), s)
            ctx.fact(iri, KG.laterPartyRule, Literal(v["later_rule"], lang="en"), s)
        if v["note"]:
            graph.add((iri, SKOS.note, Literal(v["note"], lang="en")))
        used |= {iri, org.iri}
    used |= _parties(graph, resolver, folder, citations)
    return used


def _parties(
    graph: Graph, resolver: Resolver, folder: Path, citations: dict[str, URIRef]
) -> set[URIRef]:
    path = folder / "instrument_parties.csv"
    if not path.exists():
        return set()
    ctx = table_context(graph, resolver, path, f"{REFERENCE_DOC_ID}-parties")
    known = rules(resolver)
    used: set[URIRef] = set()
    for row in read_rows(path, _PARTY_COLUMNS):
        v = row.values
        instrument = mint("instrument", v["instrument"])
        if instrument not in known:
            raise SourceDataError(
                path,
                f"instrument {v['instrument']!r} is not in instruments.csv",
                row.line,
            )
        party = row_entity(resolver, path, row, "state")
        citation = lookup(path, row, "citation", citations, "in citations.csv")
        signed, consented = _day(path, row, "signed"), _day(path, row, "consented")
        seen = _day(path, row, "seen")
        kind = CONSENT_KINDS.get(v["kind"]) if v["kind"] else None
        if v["kind"] and (kind is None or len(v["kind"]) < 3):
            raise SourceDataError(
                path,
                "kind must be ratification, accession, acceptance, approval,"
                " succession or definitive signature",
                row.line,
            )
        if consented is not None and kind is None:
            raise SourceDataError(path, "a consent needs its kind", row.line)
        if signed is None and consented is None and seen is None:
            raise SourceDataError(
                path, "signed, consented or seen is required", row.line
            )
        if signed and consented and consented < signed:
            raise SourceDataError(path, "consented is before signed", row.line)
        iri = add_participation(
            ctx,
            instrument,
            party.iri,
            Sentence(row.line, 0, row.text),
            signed=signed,
            consented=consented,
            kind=kind,
            seen=seen,
            rule=known[instrument],
        )
        graph.add((iri, PROV.wasDerivedFrom, citation))
        used |= {instrument, party.iri}
    return used
