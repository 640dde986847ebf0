"""Overlapping-membership lines ("7 of 15 SADC members"), in English and translated."""

import re

from rdflib import RDFS, Literal

from graph_builder.iris import entity_key, mint
from graph_builder.namespace import KG
from graph_builder.sources.common import (
    BULLET,
)
from graph_builder.sources.context import DocumentContext
from graph_builder.sources.poa_profile.dates import AS_OF
from graph_builder.text import (
    Line,
    Sentence,
    parse_number,
    strip_article,
)

__all__ = ["parse_overlap"]


#: One overlap claim: "5 of 10 CEEAC members", with an optional note in
#: parentheses (which may be cut off or wrapped onto the next line). Claims
#: run together on one line are found one after another.
_OVERLAP = re.compile(
    r"(?P<shared>\d{1,9}|[a-z]{1,20}) of (?P<total>\d{1,9}|[a-z]{1,20}) "
    r"(?P<org>[A-Za-z][\w&'.\u2019/-]{0,60}(?: [\w&'.\u2019/-]{1,60}){0,7}?)"
    r" members?\b\.?"
    r"(?:\s*\((?P<note>[^()]*)(?:\)|$))?",
    re.IGNORECASE,
)


#: One claim of a translated page, the whole item: "7 de 35 miembros de la OEA",
#: "6 des 10 membres de la CEEAC", "4 dos 5 membros do COMESA", with a note.
_OVERLAP_TRANSLATED = re.compile(
    r"^(?P<shared>\d+) (?P<of>de|des|dos|das) (?P<total>\d+)"
    r" (?:estados )?(?:miembros|membres|membros|[eé]tats membres)"
    r" (?:de la |de los |de las |del |de l['\u2019]|du |des |da |do |das |dos |de )?"
    r"(?P<org>[^\s()][^()]*?)\.?(?:\s*\((?P<note>[^()]*)(?:\)|$))?\s*$",
    re.IGNORECASE,
)


_OF_LANGUAGE = {"de": "es", "des": "fr", "dos": "pt", "das": "pt"}


#: A claim whose line is cut mid-word at its end: "15 of 16 WAPCCO m".
_OVERLAP_CUT = re.compile(
    r"^(?P<shared>\d+) of (?P<total>\d+) (?P<org>[A-Za-z][\w&'.\u2019/-]*)"
    r" (?P<cut>m(?:e(?:m(?:b(?:e(?:r)?)?)?)?)?)(?P<note>)??$"
)


#: The line that opens the overlap list ("SADC members represent:", translated).
_OVERLAP_INTRO = re.compile(
    r"(?:members represent|representan|repr[eé]sentent|representam)\s*:?$",
    re.IGNORECASE,
)


def _overlap_items(lines: list[Line]) -> list[Sentence]:
    """The overlap section's items, with notes wrapped onto a next line rejoined."""
    items: list[Sentence] = []
    for line in lines:
        raw = line.text.strip()
        text = BULLET.sub("", raw)
        if items and raw == text:
            prev = items[-1]
            unclosed = prev.text.count("(") > prev.text.count(")")
            if unclosed or text.startswith("(") or text[:1].islower():
                items[-1] = Sentence(prev.line, 0, f"{prev.text} {text}")
                continue
        items.append(Sentence(line.number, 0, text))
    return items


def parse_overlap(ctx: DocumentContext, lines: list[Line]) -> None:
    """Read the overlapping-memberships section into overlap claims."""
    for s in _overlap_items(lines):
        text = s.text
        if AS_OF.search(text) or _OVERLAP_INTRO.search(text):
            ctx.passage(s)
            continue
        translated = _OVERLAP_TRANSLATED.match(text)
        if translated:
            counts = _claim_counts(translated)
            if counts and ctx.resolves(
                strip_article(translated["org"]), "organisation"
            ):
                lang = _OF_LANGUAGE[translated["of"].lower()]
                _overlap_claim(ctx, translated, *counts, s, lang)
            else:  # never an organisation from a name that does not resolve
                ctx.unparsed_sentence(s)
            continue
        cut = _OVERLAP_CUT.match(text)
        if cut:
            counts = _claim_counts(cut)
            if counts and ctx.resolves(strip_article(cut["org"]), "organisation"):
                # Read, and said: the page's text stops inside the word.
                _overlap_claim(ctx, cut, *counts, s)
                ctx.warn(s.line, f"overlap line is cut off at {cut['cut']!r}: {text!r}")
            else:
                ctx.unparsed_sentence(s)
            continue
        claims: list[tuple[re.Match[str], int, int]] = []
        pos = 0
        for m in _OVERLAP.finditer(text):
            counts = _claim_counts(m)
            if text[pos : m.start()].strip(" ,;.") or counts is None:
                break
            claims.append((m, *counts))
            pos = m.end()
        if not claims or text[pos:].strip(" ,;."):
            # Read all of an item or none of it: never an organisation from a fragment.
            ctx.unparsed_sentence(s)
            continue
        for m, shared, total in claims:
            _overlap_claim(ctx, m, shared, total, s)


def _claim_counts(m: re.Match[str]) -> tuple[int, int] | None:
    """(shared, total) if a match is a claim: two numbers, an organisation name."""
    shared, total = parse_number(m.group("shared")), parse_number(m.group("total"))
    org = strip_article(m.group("org"))
    if shared is None or total is None or shared > total:
        return None
    return (shared, total) if org and not re.search(r"\d", org) else None


def _overlap_claim(
    ctx: DocumentContext,
    m: re.Match[str],
    shared: int,
    total: int,
    s: Sentence,
    lang: str = "en",
) -> None:
    other = ctx.agent(strip_article(m.group("org")), s, "organisation")
    claim = ctx.node(
        mint("overlap", ctx.doc_id, entity_key(ctx.subject_iri), entity_key(other)),
        KG.OverlapClaim,
        s,
    )
    g = ctx.graph
    g.add((claim, KG.overlapOf, ctx.subject_iri))
    g.add((claim, KG.overlapWith, other))
    g.add((claim, KG.sharedCount, Literal(shared)))
    g.add((claim, KG.comparedCount, Literal(total)))
    g.add((claim, KG.mentionedAs, Literal(m.group("org"))))
    if m.group("note"):
        g.add((claim, RDFS.comment, Literal(m.group("note").strip(), lang=lang)))
