"""Treaty status documents: who signed an agreement, who consented, and when.

The shape is the UN Treaty Collection's status page, which analysts save as
HTML or copy as text (cells tab-separated); regional depositaries publish
lists in the same table shape. A document has a header::

    STATUS AS AT : 30-11-2026 05:00:40 EDT
    CHAPTER XXVI
    DISARMAMENT
    8 . Arms Trade Treaty
    New York, 2 April 2013
    Entry into force : 24 December 2014, in accordance with article 22.
    Registration : 24 December 2014, No. 52373
    Status : Signatories : 130. Parties : 116

then the participant table (``Participant | Signature | [Provisional
application] | Approval(AA), Acceptance(A), Accession(a), Succession(d),
Ratification``), a date's letter giving the kind of consent and digits after
a name its footnotes, then the footnotes. Each row becomes one participation
(:func:`graph_builder.sources.agreements.add_participation`) with the row as
its passage; a footnote saying a signatory "does not intend to become a
party" withdraws its signature from the footnote's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rdflib import RDFS, Literal, URIRef
from rdflib.namespace import SKOS, XSD

from graph_builder.iris import mint
from graph_builder.namespace import KG
from graph_builder.sources.agreements import (
    CONSENT_KINDS,
    Rule,
    add_participation,
    later_days_in,
    rules,
)
from graph_builder.sources.common import instrument_type
from graph_builder.sources.context import DocumentContext
from graph_builder.text import Line, ParsedDate, Sentence, slugify

__all__ = ["looks_like_status", "parse_status"]

_STATUS_AT = re.compile(
    r"STATUS\s+AS\s+AT\s*:?\s*(?:(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})"
    r"|(?P<text>\d{1,2}\s+[A-Za-z]+\s+\d{4}))",
    re.IGNORECASE,
)
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "jan feb mar apr may jun jul aug sep oct nov dec".split()  # noqa: SIM905
    )
}
_DAY = r"(?P<day>\d{1,2})\s+(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<year>\d{4})"
_CELL_DATE = re.compile(rf"^{_DAY}(?:\s+(?P<letter>AA|A|a|d|n|s))?$")
_ANY_DATE = re.compile(_DAY)
_TITLE = re.compile(r"^\s*\d{1,3}\s*\.?\s*[a-z]?\s*\.?\s+(?P<title>\S.{8,})$")
_ADOPTED = re.compile(rf"^(?P<place>[A-Z][\w .'-]{{1,40}}),\s*{_DAY}\s*\.?$")
_IN_FORCE = re.compile(rf"Entry into force\s*:?\s*{_DAY}", re.IGNORECASE)
_COUNTS = re.compile(
    r"Signatories\s*:?\s*(?P<sig>\d+)\s*\.?\s*;?\s*Parties\s*:?\s*(?P<par>\d+)",
    re.IGNORECASE,
)
_HEAD_FIRST = re.compile(r"^(?:participant|state|member state|country)s?\b", re.I)
_NAME_NOTES = re.compile(
    r"^(?P<name>.*?[^\d\s,])\s*(?P<notes>\d{1,2}(?:\s*,\s*\d{1,2})*)?$"
)
_FOOTNOTE = re.compile(r"^\s*(?P<n>\d{1,2})\s*[.)]?\s+(?P<text>[A-Z].*)$")
_WITHDRAWN = re.compile(
    r"(?:does|do) not intend to become a party|withdr[ae]w\w* (?:its|their) signature",
    re.IGNORECASE,
)


def looks_like_status(text: str) -> bool:
    r"""Whether a text is a treaty status document.

    Examples:
        >>> looks_like_status("STATUS AS AT : 01-07-2015\nParticipant\tSignature")
        True
        >>> looks_like_status("General Information | Members")
        False
    """
    head = text[:20000]
    return bool(_STATUS_AT.search(head)) and bool(
        re.search(r"^\s*(?:Participant|Member State|State)s?\b.*Signature", head, re.M)
    )


def _date(day: str, mon: str, year: str) -> date | None:
    month = _MONTHS.get(mon[:3].lower())
    if month is None:
        return None
    try:
        return date(int(year), month, int(day))
    except ValueError:
        return None


def _first_date(text: str) -> date | None:
    m = _ANY_DATE.search(text)
    return _date(m["day"], m["mon"], m["year"]) if m else None


@dataclass
class _Columns:
    """Which cell of a row holds what (by the header's words)."""

    signature: int | None = None
    consent: int | None = None
    provisional: int | None = None


def _columns(cells: list[str]) -> _Columns:
    found = _Columns()
    for i, cell in enumerate(cells[1:], start=1):
        low = cell.lower()
        if "provisional" in low:
            found.provisional = i
        elif any(w in low for w in ("ratification", "accession", "acceptance")):
            found.consent = i
        elif "signature" in low:
            found.signature = i
    return found


@dataclass
class _Header:
    title: str = ""
    adopted: tuple[str, date] | None = None
    in_force: date | None = None
    counts: tuple[int, int] | None = None
    later_days: int | None = None


def _header(lines: list[Line]) -> _Header:
    found = _Header()
    block = " ".join(ln.text for ln in lines)
    for ln in lines:
        text = ln.text.strip()
        if not found.title:
            m = _TITLE.match(text)
            if m and not _STATUS_AT.search(text):
                found.title = m["title"].strip()
                continue
        if found.adopted is None:
            m = _ADOPTED.match(text)
            day = _date(m["day"], m["mon"], m["year"]) if m else None
            if m and day:
                found.adopted = (m["place"].strip(), day)
    m = _IN_FORCE.search(block)
    found.in_force = _date(m["day"], m["mon"], m["year"]) if m else None
    m = _COUNTS.search(block)
    found.counts = (int(m["sig"]), int(m["par"])) if m else None
    found.later_days = later_days_in(block)
    return found


def _as_of(ctx: DocumentContext, lines: list[Line]) -> None:
    for ln in lines[:10]:
        m = _STATUS_AT.search(ln.text)
        if not m:
            continue
        if m["text"]:
            day = _first_date(m["text"])
        else:
            try:
                day = date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                day = None
        if day is not None:
            ctx.as_of = ParsedDate(day.year, day.month, day.day)
        return


def _instrument(ctx: DocumentContext, head: _Header, s: Sentence) -> URIRef:
    """The agreement: a curated one its title names, or one the document defines."""
    # The title as the depositary writes it, else its part before a comma or
    # "supplementing ..." (pages shorten long titles differently).
    short = re.split(r",| supplementing ", head.title)[0]
    entity = ctx.resolver.resolve(head.title, "instrument") or ctx.resolver.resolve(
        short, "instrument"
    )
    if entity is not None:
        ctx.used.add(entity.iri)
        return entity.iri
    iri = mint("instrument", slugify(head.title)[:80])
    ctx.node(iri, instrument_type(head.title), s)
    ctx.fact(iri, RDFS.label, Literal(head.title, lang="en"), s)
    ctx.graph.add((iri, SKOS.prefLabel, Literal(head.title, lang="en")))
    return iri


def _describe(ctx: DocumentContext, iri: URIRef, head: _Header, s: Sentence) -> None:
    """What the header states about the agreement, with the header as passage."""
    day = XSD.date
    if head.adopted is not None:
        place, adopted = head.adopted
        ctx.fact(iri, KG.adoptionPlace, Literal(place), s)
        ctx.fact(iri, KG.adoptionDate, Literal(adopted.isoformat(), datatype=day), s)
    if head.in_force is not None:
        value = Literal(head.in_force.isoformat(), datatype=day)
        ctx.fact(iri, KG.entryIntoForceDate, value, s)
    if head.counts is not None:
        ctx.fact(iri, KG.statedSignatories, Literal(head.counts[0]), s)
        ctx.fact(iri, KG.statedParties, Literal(head.counts[1]), s)
    if head.later_days is not None:
        ctx.fact(iri, KG.laterPartyDays, Literal(head.later_days), s)


def _footnotes(lines: list[Line]) -> dict[str, date]:
    """Footnote number -> the day a signature was withdrawn, from the notes."""
    out: dict[str, date] = {}
    for ln in lines:
        m = _FOOTNOTE.match(ln.text)
        if m and _WITHDRAWN.search(m["text"]):
            day = _first_date(m["text"])
            if day is not None:
                out[m["n"]] = day
    return out


def parse_status(ctx: DocumentContext, lines: list[Line]) -> None:
    """Read a status document into participations (see the module docstring)."""
    _as_of(ctx, lines)
    start = next(
        (
            i
            for i, ln in enumerate(lines)
            if _HEAD_FIRST.match(ln.text.strip())
            and "\t" in ln.text
            and "signature" in ln.text.lower()
        ),
        None,
    )
    if start is None:
        ctx.warn(1, "a status document without a participant table: nothing read")
        return
    header_lines = [ln for ln in lines[:start] if ln.text.strip()]
    head = _header(header_lines)
    if not head.title:
        ctx.warn(1, "no agreement title found above the participant table")
        return
    first = header_lines[0] if header_lines else lines[start]
    header_passage = Sentence(
        first.number, 0, "\n".join(ln.text for ln in header_lines)[:2000]
    )
    instrument = _instrument(ctx, head, header_passage)
    _describe(ctx, instrument, head, header_passage)
    curated = rules(ctx.resolver).get(instrument)
    rule = Rule(
        (curated.in_force if curated else None) or head.in_force,
        (curated.later_days if curated else None) or head.later_days,
    )
    columns = _columns(lines[start].text.split("\t"))
    rows, end = [], start + 1
    for ln in lines[start + 1 :]:
        if not ln.text.strip():
            end += 1
            continue
        if "\t" not in ln.text:
            break
        rows.append(ln)
        end += 1
    withdrawn = _footnotes(lines[end:])
    consents = sum(_row(ctx, instrument, ln, columns, rule, withdrawn) for ln in rows)
    if head.counts is not None and consents < head.counts[1]:
        # A partial copy (a page cut short, a selection): absence means nothing.
        ctx.warn(
            lines[start].number,
            f"the table has {consents} parties but the document states"
            f" {head.counts[1]}: read as a partial list",
        )
    else:
        # A depositary's full table lists every participant: absence means none.
        ctx.graph.add((ctx.doc_iri, KG.listsParticipantsOf, instrument))


def _cell(cells: list[str], index: int | None) -> tuple[date | None, str]:
    """The date in a row's cell and its letter ("" when none); (None, "") if empty."""
    if index is None or index >= len(cells):
        return None, ""
    m = _CELL_DATE.match(cells[index].strip())
    if m is None:
        return None, ""
    return _date(m["day"], m["mon"], m["year"]), m["letter"] or ""


def _row(
    ctx: DocumentContext,
    instrument: URIRef,
    ln: Line,
    columns: _Columns,
    rule: Rule,
    withdrawn: dict[str, date],
) -> bool:
    """Read one participant's row; whether it records a consent."""
    cells = ln.text.split("\t")
    m = _NAME_NOTES.match(cells[0].strip())
    if m is None:
        return False
    name, notes = m["name"].strip(), (m["notes"] or "").replace(" ", "").split(",")
    sentence = Sentence(ln.number, 0, ln.text.replace("\t", " | "))
    signed, _ = _cell(cells, columns.signature)
    consented, letter = _cell(cells, columns.consent)
    provisional, _ = _cell(cells, columns.provisional)
    if signed is None and consented is None:
        nonempty = [c for c in cells[1:] if c.strip()]
        if nonempty:
            ctx.warn(ln.number, f"{name}: no date read from {' | '.join(nonempty)}")
        return False
    entity = ctx.resolver.resolve(name)
    party = entity.iri if entity is not None else ctx.agent(name, sentence)
    if entity is not None:
        ctx.used.add(entity.iri)
    kind = CONSENT_KINDS.get(letter) if consented else None
    if consented is not None and letter == "s":
        signed = signed or consented
    gone = next((withdrawn[n] for n in notes if n in withdrawn), None)
    add_participation(
        ctx,
        instrument,
        party,
        sentence,
        signed=signed,
        consented=consented,
        kind=kind,
        provisional=provisional,
        withdrawn=gone if consented is None else None,
        rule=rule,
    )
    return consented is not None
