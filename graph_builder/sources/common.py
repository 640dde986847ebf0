"""Parsing steps shared by the document formats: name lists, instruments, figures."""

import re

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import ORG, SKOS

from graph_builder.iris import entity_key, mint
from graph_builder.namespace import KG
from graph_builder.sources.context import DocumentContext, date_literal
from graph_builder.text import (
    ParsedDate,
    Sentence,
    parse_date,
    slugify,
    split_names,
    strip_article,
)

__all__ = [
    "BULLET",
    "INSTRUMENT_TYPES",
    "instrument_type",
    "resolve_names",
    "split_on_and",
    "succession",
]

BULLET = re.compile("^\\s*[\u2022\u25e6\u25aa\u2023\u25cf\u2013-]\\s+")

#: Title keyword -> instrument class, checked in this order.
INSTRUMENT_TYPES: list[tuple[str, URIRef]] = [
    ("memorandum of understanding", KG.MemorandumOfUnderstanding),
    ("memorandum", KG.MemorandumOfUnderstanding),
    ("protocol", KG.Protocol),
    ("convention", KG.Convention),
    ("treaty", KG.Treaty),
    ("declaration", KG.Declaration),
    ("agreement", KG.CooperationAgreement),
]


def instrument_type(title: str) -> URIRef:
    """The instrument class a title names, defaulting to ``kg:Instrument``.

    Examples:
        >>> instrument_type("SADC Protocol on the Control of Firearms").n3()
        '<https://w3id.org/orgkg/def#Protocol>'
    """
    head = title.split(":")[0].lower()
    for keyword, cls in INSTRUMENT_TYPES:
        if re.search(rf"\b{keyword}\b", head):
            return cls
    return KG.Instrument


_ACRONYM = re.compile(r"^(?P<name>.+?)\s*\((?P<acr>[^()]+)\)$")


def resolve_names(
    ctx: DocumentContext, text: str, sentence: Sentence
) -> list[tuple[str, URIRef]]:
    """Resolve an enumeration of agents ("the RCC and SEESAC, the OSCE, ...").

    A comma-separated item that does not resolve as a whole is split on "and"
    when every part resolves ("the RCC and SEESAC"); an item of the form
    "Full Name (ACR)" resolves by either name. What does not resolve is kept as
    an unresolved entity.

    Returns:
        ``(name as written, IRI)`` pairs in document order.
    """
    out: list[tuple[str, URIRef]] = []
    for item in split_names(text):
        # Split unless the item's own name resolves: an acronym alone does not
        # vouch for "A and B (ACR)".
        parts = (
            None
            if ctx.resolves(_ACRONYM.sub(r"\g<name>", item))
            else split_on_and(ctx, item)
        )
        if parts:
            out.extend((p, ctx.agent(_best_name(ctx, p), sentence)) for p in parts)
        else:
            out.append((item, ctx.agent(_best_name(ctx, item), sentence)))
    return out


def split_on_and(ctx: DocumentContext, item: str) -> list[str] | None:
    """Split "A and B" into names when at least one part resolves on its own.

    Groups are contiguous and the longest resolvable group wins, so "the East
    African Community and the Regional Centre on Small Arms and Light Weapons
    (RECSA)" splits once, keeping the "and" inside the second name, and
    "Morocco and Atlantis" splits into a state and an unresolved name. An item
    none of whose parts resolves (an unknown "X and Y Union") stays whole.
    """
    tokens = re.split(r"\s+and\s+", item)
    if len(tokens) < 2:
        return None
    out: list[str] = []
    pending: list[str] = []
    resolved_any = False
    i = 0
    while i < len(tokens):
        for end in range(len(tokens), i, -1):
            candidate = strip_article(" and ".join(tokens[i:end]))
            if (i, end) != (0, len(tokens)) and _resolvable(ctx, candidate):
                if pending:
                    out.append(strip_article(" and ".join(pending)))
                    pending = []
                out.append(candidate)
                resolved_any = True
                i = end
                break
        else:
            pending.append(tokens[i])
            i += 1
    if pending:
        out.append(strip_article(" and ".join(pending)))
    return out if resolved_any and len(out) > 1 else None


def _best_name(ctx: DocumentContext, item: str) -> str:
    """The resolvable form of "Full Name (ACR)": the name, else the acronym."""
    m = _ACRONYM.match(item)
    if m:
        for candidate in (m.group("name"), m.group("acr")):
            if ctx.resolves(candidate):
                return candidate
    return item


def _resolvable(ctx: DocumentContext, item: str) -> bool:
    return ctx.resolves(_best_name(ctx, item))


def instrument(
    ctx: DocumentContext,
    title: str,
    sentence: Sentence,
    *,
    signed: ParsedDate | None = None,
    binding: bool | None = None,
) -> URIRef:
    """Emit an instrument of the document's organisation, with its names."""
    org = ctx.subject_iri
    head = title.partition(":")[0].strip()
    iri = mint("instrument", entity_key(org), slugify(head))
    cls = instrument_type(title)
    ctx.fact(iri, RDF.type, cls, sentence)
    ctx.fact(iri, RDFS.label, Literal(title, lang="en"), sentence)
    ctx.fact(iri, KG.instrumentOf, org, sentence)
    for alt in instrument_aliases(ctx, title):
        ctx.graph.add((iri, SKOS.altLabel, Literal(alt, lang="en")))
    if signed is not None:
        ctx.fact(iri, KG.signatureDate, date_literal(signed), sentence)
    if binding is not None:
        ctx.fact(iri, KG.legallyBinding, Literal(binding), sentence)
    return iri


def instrument_aliases(ctx: DocumentContext, title: str) -> list[str]:
    """Other names of an instrument: the parts around a colon, and "ACR Convention".

    "Convention of the South-east European Law Enforcement Centre: ..." is also
    called "SELEC Convention" when the organisation's acronym is SELEC.
    """
    head, _, tail = (part.strip() for part in title.partition(":"))
    aliases = [a for a in (head, tail) if a and a != title]
    m = re.match(
        r"^(?P<type>[A-Z][a-z]+) (?:of|on|for|establishing) (?:the )?(?P<org>.+)$", head
    )
    subject = ctx.subject
    if (
        m
        and subject is not None
        and subject.acronym
        and ctx.resolver.resolve(m.group("org")) == subject
    ):
        aliases.append(f"{subject.acronym} {m.group('type')}")
    return aliases


def find_instrument(ctx: DocumentContext, mention: str, sentence: Sentence) -> URIRef:
    """The instrument a mention such as "the SELEC Convention" refers to.

    Instruments this document lists are matched by title or alias; a mention
    of an instrument the document does not list creates it.
    """
    from graph_builder.resolve import normalise

    mention = strip_article(mention)
    wanted = normalise(mention)
    shortened: list[URIRef] = []
    for s, label in sorted(ctx.graph.subject_objects(RDFS.label)):
        if not isinstance(s, URIRef) or "/instrument/" not in str(s):
            continue
        names = [str(label), *(str(a) for a in ctx.graph.objects(s, SKOS.altLabel))]
        if any(normalise(n) == wanted for n in names):
            return s
        # "X Convention on Y" for the listed "X Convention on Y, their Z (2006)".
        title = str(label)
        if title.lower().startswith(mention.lower()) and title[
            len(mention) : len(mention) + 1
        ] in (",", ":", " "):
            shortened.append(s)
    if len(shortened) == 1:
        return shortened[0]
    return instrument(ctx, mention, sentence)


def succession(
    ctx: DocumentContext,
    old: URIRef,
    new: URIRef,
    when: ParsedDate | None,
    sentence: Sentence,
    treaty: str | None = None,
) -> URIRef:
    """Emit "new replaced old" as a shortcut triple and an ``org:ChangeEvent``."""
    ctx.fact(new, KG.replaces, old, sentence)
    ctx.fact(old, KG.replacedBy, new, sentence)
    event = mint("change", f"{entity_key(old)}--{entity_key(new)}", ctx.doc_id)
    ctx.node(event, ORG.ChangeEvent, sentence)
    ctx.graph.add((event, ORG.originalOrganization, old))
    ctx.graph.add((event, ORG.resultingOrganization, new))
    ctx.graph.add((old, ORG.changedBy, event))
    ctx.graph.add((new, ORG.resultedFrom, event))
    if when is not None:
        ctx.graph.add((event, KG.eventDate, date_literal(when)))
    if treaty:
        ctx.graph.add((event, KG.occasionedBy, find_instrument(ctx, treaty, sentence)))
    return event


def date_in(text: str) -> ParsedDate | None:
    """The first date found in a phrase ("in 2011", "on 7th of October 2011")."""
    text = text.strip()
    for m in re.finditer(
        r"(\d{1,2}(?:st|nd|rd|th)?(?: of)? [A-Z][a-z]+ \d{4}"
        r"|[A-Z][a-z]+ \d{1,2}, \d{4}|[A-Z][a-z]+ \d{4}|\d{4})",
        text,
    ):
        parsed = parse_date(m.group(1))
        if parsed is not None:
            return parsed
    return None
