"""The page heading: document-wide dates, the title organisation, headquarters."""

import re

from rdflib import RDF, RDFS, Literal

from graph_builder.errors import SourceDataError
from graph_builder.iris import entity_key, mint
from graph_builder.namespace import KG
from graph_builder.sources.context import DocumentContext
from graph_builder.sources.poa_profile.dates import AS_OF, as_of_date
from graph_builder.sources.poa_profile.general import PREDECESSOR
from graph_builder.sources.poa_profile.layout import is_nav, split_sections, title_of
from graph_builder.text import (
    Line,
    Sentence,
    parse_timestamp,
    sentences,
    slugify,
)

__all__ = ["definitions", "parse_header", "pre_scan", "title_line"]


def pre_scan(ctx: DocumentContext, lines: list[Line]) -> None:
    """Read the document-wide dates before any fact is emitted."""
    for line in lines:
        stamp = parse_timestamp(line.text)
        if stamp is not None and ctx.retrieved_at is None:
            ctx.retrieved_at = stamp
        m = AS_OF.search(line.text)
        if m:
            parsed = as_of_date(m.group("date"))
            if parsed is None:
                raise SourceDataError(
                    ctx.path,
                    f"unreadable 'accurate as of' date {m.group('date')!r}",
                    line.number,
                )
            ctx.as_of = parsed


def definitions(lines: list[Line]) -> list[tuple[int, str, str]]:
    """The organisations a profile defines: (line, name, acronym) of each.

    The title's organisation, and predecessors the description introduces —
    what :func:`parse_profile` passes to ``define_organisation``, found
    without parsing the rest, so every document's definitions can be known
    before any document is parsed.
    """
    sections = split_sections(lines)
    body = _header_body(sections.header)
    found = []
    index = _title_index(body)
    if index is not None:
        title = title_of(body[index].text, first=index == 0)
        assert title is not None
        found.append((body[index].number, title[0], title[1] or ""))
    for line in sections.parts.get("description", [])[1:]:
        for sentence in sentences(line):
            p = PREDECESSOR.match(sentence.text)
            if p:
                found.append((line.number, p["name"].strip(), p["acr"].strip()))
    return found


def _header_body(header: list[Line]) -> list[Line]:
    return [
        ln for ln in header if not is_nav(ln.text) and parse_timestamp(ln.text) is None
    ]


def title_line(header: list[Line]) -> int:
    """The line number of a profile's title (of its header's first line if none)."""
    body = _header_body(header)
    index = _title_index(body)
    return body[index].number if index is not None else (body[0].number if body else 1)


def _title_index(body: list[Line]) -> int | None:
    """Where the title is: "Name (ACR)", "ACR Name", or a first-line name."""
    return next(
        (i for i, ln in enumerate(body) if title_of(ln.text, first=i == 0)), None
    )


def parse_header(ctx: DocumentContext, header: list[Line]) -> None:
    """Read the heading: title organisation, website, headquarters."""
    body = _header_body(header)
    title_index = _title_index(body)
    if title_index is None:
        first = body[0].number if body else 1
        raise SourceDataError(
            ctx.path,
            "profile has no title line ('Name (ACRONYM)', 'ACRONYM Name' or the"
            " name alone)",
            first,
        )
    title = body[title_index]
    found = title_of(title.text, first=title_index == 0)
    assert found is not None  # checked above
    sentence = Sentence(title.number, 0, title.text.strip())
    ctx.subject = ctx.define_organisation(found[0], found[1], sentence)
    ctx.graph.add((ctx.doc_iri, KG.aboutOrganisation, ctx.subject.iri))
    for line in body[title_index + 1 :]:
        text = line.text.strip()
        if text.lower() in ("web site", "website"):
            continue
        hq = _HQ.fullmatch(text)
        if hq:
            _headquarters(
                ctx,
                hq.group("city"),
                hq.group("country"),
                Sentence(line.number, 0, text),
                hq.group("note"),
            )
        else:
            ctx.unparsed_sentence(Sentence(line.number, 0, text))


#: "City, Country", with a note the page may add ("(to be operational in 2012)").
_HQ = re.compile(
    r"(?P<city>[^,()]{1,100}),\s*(?P<country>[^,()]{1,100}?)"
    r"(?:\s*\((?P<note>[^()]{1,200})\))?"
)


def _headquarters(
    ctx: DocumentContext,
    city: str,
    country: str,
    sentence: Sentence,
    note: str | None = None,
) -> None:
    state = ctx.agent(country.strip(), sentence, "state")
    place = mint("place", entity_key(state), slugify(city))
    ctx.fact(place, RDF.type, KG.Place, sentence)
    ctx.fact(place, RDFS.label, Literal(city.strip(), lang="en"), sentence)
    ctx.fact(place, KG.inCountry, state, sentence)
    if note:
        ctx.fact(place, RDFS.comment, Literal(note.strip(), lang="en"), sentence)
    ctx.fact(ctx.subject_iri, KG.headquarteredIn, place, sentence)
