"""Reader for Programme-of-Action regional-organisation profiles.

A profile is a page of fixed sections (general information, members,
overlapping memberships, point of contact, activities, programmes,
cooperation, instruments). :func:`parse_profile` finds the sections by their
headings (``layout``) and hands each to the module that reads it, with
patterns for the phrasing profiles use. A sentence that no pattern reads is
reported, not dropped.

Modules, in reading order: ``layout`` (sections, kind), ``dates`` (as-of
line), ``heading`` (title, headquarters, definitions), ``general`` (the
description), ``prose`` (suspensions and roles in sentences), ``members``
(member lists), ``overlap`` (overlap lines), ``contact``, ``activities``
(operations, task forces, programmes, cooperation, instruments).

May import ``graph_builder`` core modules and ``graph_builder.sources``'
``context`` and ``common``; nothing from build, query, serve or cli.
"""

from rdflib import URIRef

from graph_builder.sources.context import DocumentContext
from graph_builder.sources.poa_profile.activities import (
    parse_activities,
    parse_cooperation,
    parse_instruments,
    parse_programmes,
)
from graph_builder.sources.poa_profile.contact import parse_contact
from graph_builder.sources.poa_profile.general import parse_general
from graph_builder.sources.poa_profile.heading import (
    definitions,
    parse_header,
    pre_scan,
    title_line,
)
from graph_builder.sources.poa_profile.layout import (
    HEADINGS,
    looks_like_profile,
    split_sections,
)
from graph_builder.sources.poa_profile.members import parse_members
from graph_builder.sources.poa_profile.overlap import parse_overlap
from graph_builder.sources.poa_profile.prose import uncertain_unlisted
from graph_builder.text import Line

__all__ = ["HEADINGS", "definitions", "looks_like_profile", "parse_profile"]


def parse_profile(ctx: DocumentContext, lines: list[Line]) -> None:
    """Parse a profile into ``ctx.graph``.

    Args:
        ctx: The document context; ``ctx.subject`` is set from the title.
        lines: The document's lines.

    Raises:
        SourceDataError: The profile has no "Name (ACRONYM)" title line.
    """
    sections = split_sections(lines)
    pre_scan(ctx, lines)
    parse_header(ctx, sections.header)
    current_members: list[URIRef] = []
    # Instruments first: the activities section refers back to them.
    for name, binding in (("binding", True), ("other_docs", False)):
        parse_instruments(ctx, sections.parts.get(name, []), binding)
    suspended = parse_general(ctx, sections.parts.get("description", []))
    if "members" not in sections.parts:
        ctx.warn(title_line(sections.header), "has no member section ('N members')")
    current_members = parse_members(ctx, sections.parts.get("members", []), suspended)
    uncertain_unlisted(ctx, suspended, current_members)
    parse_overlap(ctx, sections.parts.get("overlap", []))
    parse_contact(ctx, sections.parts.get("contact", []))
    parse_activities(ctx, sections.parts.get("activities", []), current_members)
    parse_programmes(ctx, sections.parts.get("programmes", []))
    parse_cooperation(ctx, sections.parts.get("cooperation", []))
