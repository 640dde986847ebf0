"""Ratification claims: "11 of the 15 SADC Member States have ratified the Protocol".

Profiles and organisations' own pages state how many members have ratified
an agreement. Each such sentence becomes a ``kg:RatificationClaim`` (the
organisation, the agreement, the number stated and, when given, the member
total), which ``queries/ratification_claims_check.rq`` checks against the
participations in the graph on the document's date, like overlap figures.
"""

from __future__ import annotations

import re

from rdflib import Literal

from graph_builder.iris import entity_key, mint
from graph_builder.namespace import KG
from graph_builder.sources.context import DocumentContext, date_literal
from graph_builder.text import Sentence, parse_date, parse_number, strip_article

__all__ = ["read_ratification"]

_MEMBERS = r"(?:member states|member countries|members|states members)"
_AGREEMENT = r"(?P<agreement>[A-Z][^.;()]{2,140}?)"
_N = r"(?P<n>\d{1,3}|[a-z]+(?:-[a-z]+)?)"
#: "As of 1 January 2018, ..." dates a claim in an undated document.
_AS_OF = re.compile(r"^(?:as (?:of|at)|by|on)\s+(?P<date>[^,]{4,30}),", re.IGNORECASE)
_PATTERNS = [
    # "11 of the 15 SADC Member States have ratified the Protocol on ..."
    re.compile(
        rf"\b{_N} of (?:its|the|their)\s+(?:(?P<total>\d{{1,3}}|[a-z]+)\s+)?"
        rf"(?:[A-Z][A-Za-z-]+\s+)?{_MEMBERS}\s+(?:have|had|has)\s+"
        rf"(?:now\s+|already\s+)?ratified\s+(?:the\s+)?{_AGREEMENT}\s*(?:[.;,]|$)",
        re.IGNORECASE,
    ),
    # "The Kinshasa Convention has been ratified by 7 of its 11 member states"
    re.compile(
        rf"^(?:the\s+)?{_AGREEMENT}\s+(?:has|had) been ratified by\s+{_N}\s+"
        rf"(?:of (?:its|the|their)\s+(?:(?P<total>\d{{1,3}}|[a-z]+)\s+)?)?"
        rf"(?:[A-Z][A-Za-z-]+\s+)?{_MEMBERS}",
        re.IGNORECASE,
    ),
]


def read_ratification(ctx: DocumentContext, s: Sentence) -> bool:
    """State a ratification claim of the document's organisation, if ``s`` makes one.

    The agreement must resolve (by full, short or common name); "the
    Protocol" alone names nothing and is left unread.
    """
    if ctx.subject is None or "ratif" not in s.text.lower() or len(s.text) > 600:
        return False
    for pattern in _PATTERNS:
        m = pattern.search(s.text)
        if m is None:
            continue
        name = strip_article(m.group("agreement").strip())
        agreement = ctx.resolver.resolve(name, "instrument")
        n = parse_number(m.group("n"))
        total = parse_number(m.group("total")) if m.group("total") else None
        if agreement is None or n is None:
            return False
        ctx.used.add(agreement.iri)
        org = ctx.subject_iri
        claim = ctx.node(
            mint(
                "ratification",
                ctx.doc_id,
                entity_key(org),
                agreement.key,
                f"{s.line}-{s.index}",
            ),
            KG.RatificationClaim,
            s,
        )
        g = ctx.graph
        g.add((claim, KG.ratificationOf, org))
        g.add((claim, KG.ratifiedAgreement, agreement.iri))
        g.add((claim, KG.statedRatified, Literal(n)))
        if total is not None:
            g.add((claim, KG.statedMembers, Literal(total)))
        dated = _AS_OF.match(s.text)
        day = parse_date(dated.group("date")) if dated else None
        if ctx.as_of is None and day is not None and day.xsd_type == "date":
            g.add((claim, KG.asOf, date_literal(day)))
        return True
    return False
