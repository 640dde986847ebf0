"""Parser for text taken from an organisation's own website.

Such text has no fixed layout. The parser reads the paragraphs it can
recognise wherever they are: the member-state enumeration (formal names such
as "Hellenic Republic"), "the X became Y" successions with their dates,
"The objective of X ... is to ..." and bulleted mandate lists introduced by a
line ending in "to:". Other sentences are reported as unparsed.
"""

import re
from collections import Counter

from rdflib import Literal

from graph_builder.namespace import KG
from graph_builder.resolve import Entity, Resolver
from graph_builder.sources.common import BULLET, date_in, resolve_names, succession
from graph_builder.sources.context import DocumentContext
from graph_builder.sources.memberships import (
    add_list_member,
    add_member_list,
    add_membership,
)
from graph_builder.sources.ratification import read_ratification
from graph_builder.text import Line, Sentence, sentences, split_names, strip_article

__all__ = ["detect_organisation", "parse_website"]

_BECAME = re.compile(
    r"^(?:On (?P<date1>\d{1,2}(?:st|nd|rd|th)?(?: of)? [A-Z][a-z]+,? \d{4}"
    r"|[A-Z][a-z]+ \d{1,2},? \d{4}|[A-Z][a-z]+ \d{4}|\d{4}),? )?"
    r"(?:the )?(?P<old>[A-Z][\w .-]*?) (?:became|was transformed into|was renamed) "
    r"(?:the )?(?P<new>[A-Z][\w-]*)(?: on (?P<date2>[^,.]+))?\b"
)
_OBJECTIVE = re.compile(
    r"^The (?:main )?(?:objective|aim|mission|purpose) of (?P<org>[^,]+?)(?:,.*?,)?"
    r" is to (?P<obj>.+?)\.$"
)
_MANDATE_INTRO = re.compile(r"\bto:$")
_MIN_MEMBER_ITEMS = 3


def detect_organisation(text: str, resolver: Resolver) -> Entity | None:
    """The organisation a website text is about: the most-mentioned known acronym.

    Returns:
        The organisation, or None when no known organisation is mentioned or
        two are mentioned equally often.
    """
    counts: Counter[Entity] = Counter()
    for token in re.findall(r"\b[A-Z][A-Za-z]*[A-Z]\b", text):
        entity = resolver.resolve(token, "organisation")
        if entity is not None and entity.acronym == token:
            counts[entity] += 1
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def parse_website(ctx: DocumentContext, lines: list[Line]) -> None:
    """Parse website text into ``ctx.graph``.

    Text that names no known organisation (or two equally often) is not an
    error: the build goes on and the document carries a warning, so one stray
    file in a folder of profiles does not stop the rest (``--strict`` still
    fails on it).
    """
    subject = detect_organisation("\n".join(ln.text for ln in lines), ctx.resolver)
    if subject is None:
        ctx.warn(
            1,
            "matches no known format: not a profile, and no known organisation's"
            " acronym dominates the text; no fact was read from it",
        )
        return
    ctx.subject = subject
    ctx.used.add(subject.iri)
    ctx.graph.add((ctx.doc_iri, KG.aboutOrganisation, subject.iri))
    mandate_open = False
    for line in lines:
        text = line.text.strip()
        if not text or "|" in text:  # navigation bar
            continue
        if BULLET.match(text):
            item = BULLET.sub("", text).rstrip(";.").strip()
            s = Sentence(line.number, 0, item)
            if mandate_open:
                ctx.fact(subject.iri, KG.mandate, Literal(item, lang="en"), s)
            else:
                ctx.unparsed_sentence(s)
            continue
        mandate_open = bool(_MANDATE_INTRO.search(text))
        if _member_paragraph(ctx, line):
            continue
        for s in sentences(line):
            if mandate_open and s.text.endswith("to:"):
                ctx.passage(s)
            elif not (
                _objective(ctx, s) or _became(ctx, s) or read_ratification(ctx, s)
            ):
                ctx.unparsed_sentence(s)


def _member_paragraph(ctx: DocumentContext, line: Line) -> bool:
    """A paragraph that is nothing but an enumeration of states."""
    text = line.text.strip()
    if not text.endswith(".") and not text.endswith(","):
        text += "."
    items = split_names(text.rstrip(".,"))
    if len(items) < _MIN_MEMBER_ITEMS:
        return False
    resolved = sum(ctx.resolves(item, "state") for item in items)
    if resolved < 0.75 * len(items):
        return False
    s = Sentence(line.number, 0, line.text.strip())
    member_list = add_member_list(
        ctx,
        ctx.subject_iri,
        KG.RoleMember,
        KG.StatusActive,
        s,
        listed_type=KG.State,
        complete=True,
    )
    for name, agent in resolve_names(ctx, text.rstrip(".,"), s):
        membership = add_membership(
            ctx,
            ctx.subject_iri,
            agent,
            KG.RoleMember,
            KG.StatusActive,
            s,
            mentioned_as=name,
        )
        add_list_member(ctx, member_list, membership)
    return True


def _objective(ctx: DocumentContext, s: Sentence) -> bool:
    m = _OBJECTIVE.match(s.text)
    subject = ctx.subject
    if (
        not m
        or subject is None
        or not ctx.alias_resolves_to(strip_article(m.group("org")), subject)
    ):
        return False
    ctx.fact(subject.iri, KG.objective, Literal(m.group("obj"), lang="en"), s)
    return True


def _became(ctx: DocumentContext, s: Sentence) -> bool:
    m = _BECAME.match(s.text)
    if not m:
        return False
    old = ctx.agent(strip_article(m.group("old")), s, "organisation")
    new = ctx.agent(m.group("new"), s, "organisation")
    when = date_in(m.group("date1") or m.group("date2") or "")
    succession(ctx, old, new, when, s)
    return True
