"""The point-of-contact section: a person's role, an office, an address."""

import re

from rdflib import RDFS, Literal
from rdflib.namespace import FOAF

from graph_builder.iris import mint
from graph_builder.namespace import KG
from graph_builder.sources.common import (
    BULLET,
)
from graph_builder.sources.context import DocumentContext
from graph_builder.sources.poa_profile.layout import is_none
from graph_builder.text import (
    Line,
    Sentence,
)

__all__ = ["parse_contact"]


_ROLE_WORDS = re.compile(
    r"\b(?:officer|senior|head|director|manager|police|secretariat|unit|division|department|chief|"
    r"coordinator|adviser|advisor|organ|office|ministry|commission|secretary|expert|focal|point|"
    r"programme|program|desk|section|service|bureau)\b",
    re.IGNORECASE,
)


def _looks_like_person(text: str) -> bool:
    words = text.split()
    return (
        2 <= len(words) <= 5
        and "," not in text
        and not _ROLE_WORDS.search(text)
        and all(
            w[0].isupper() or w.lower() in ("de", "van", "von", "da", "di", "al", "bin")
            for w in words
        )
    )


def parse_contact(ctx: DocumentContext, lines: list[Line]) -> None:
    """Read the point-of-contact section."""
    items = [(ln, BULLET.sub("", ln.text.strip())) for ln in lines]
    items = [(ln, t) for ln, t in items if not is_none(t)]
    if not items:
        return
    first = items[0]
    s = Sentence(first[0].number, 0, first[1])
    contact = ctx.node(mint("contact", ctx.doc_id, "1"), KG.ContactPoint, s)
    g = ctx.graph
    g.add((contact, KG.contactFor, ctx.subject_iri))
    rest = items
    if _looks_like_person(first[1]):
        g.add((contact, FOAF.name, Literal(first[1])))
        rest = items[1:]
    else:
        g.add((contact, RDFS.label, Literal(first[1], lang="en")))
    for (line, text), prop in zip(rest, (KG.contactRole, KG.contactUnit), strict=False):
        g.add((contact, prop, Literal(text, lang="en")))
        g.add((contact, KG.statedIn, ctx.passage(Sentence(line.number, 0, text))))
    for line, text in rest[2:]:
        ctx.unparsed_sentence(Sentence(line.number, 0, text))
