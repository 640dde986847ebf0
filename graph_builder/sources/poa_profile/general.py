"""The description section: funding, small-arms mandate, predecessors, liaison officers.

Predecessors found here are also definitions (``heading.definitions``):
organisations the document introduces for every other document to resolve.
"""

import re
from collections.abc import Callable

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG

from graph_builder.iris import entity_key, mint
from graph_builder.namespace import KG
from graph_builder.sources.common import (
    date_in,
    resolve_names,
    succession,
)
from graph_builder.sources.context import DocumentContext, date_literal
from graph_builder.sources.memberships import (
    add_list_member,
    add_member_list,
    add_membership,
)
from graph_builder.sources.poa_profile.prose import (
    Stated,
    named_agents,
    prose_role,
    read_suspension,
)
from graph_builder.sources.ratification import read_ratification
from graph_builder.text import (
    Line,
    Sentence,
    parse_date,
    parse_number,
    sentences,
    slugify,
    strip_article,
)

__all__ = ["PREDECESSOR", "QUALIFIERS", "parse_general", "unit_of"]


#: Hedges a source puts on a number ("about 15 million", "just under 20,000").
QUALIFIERS = (
    "about|around|approximately|nearly|almost|just under|just over|more than|over"
    "|some|at least"
)


_FUNDING = re.compile(
    r"^(?P<funders>.+?) (?:has|have)"
    r" (?:provided|financed|funded|granted|donated|contributed)\s+(?P<rest>.+?)\.$"
)


_AMOUNT = re.compile(
    rf"(?:(?P<q>{QUALIFIERS})\s+)?"
    r"(?P<cur>USD|EUR|GBP|CHF|US\$|\$|€)\s?(?P<num>\d[\d.,]*)\s*(?P<scale>thousand|million|billion)?"
)


_SMALL_ARMS = re.compile(
    r"^Small[- ]arms[- ]related activities (?:come|fall|are) under (?P<unit>.+?)"
    r"(?: and are (?:financed|funded) (?:by|from|through) (?P<fin>.+?))?\.$"
)


PREDECESSOR = re.compile(
    r"^(?:The )?(?P<name>[^()]+?) \((?P<acr>[^)]+)\), "
    r"(?P<subj>.+?)['\u2019]s predecessor, "
    r"was (?:established|founded|created|set up) in (?P<date>\d{4})"
    r"(?:,? to (?P<purpose>.+?))?\.$"
)


_REPLACED = re.compile(
    r"^(?P<new>.+?) (?:replaced|succeeded) (?P<old>[^,]+?) (?:in|on) (?P<date>[^,]+?)"
    r"(?:,? with the (?:signing|adoption|entry into force) of the (?P<treaty>.+?))?\.$"
)
#: "It replaced the PTA, which had entered into force in 1982.": the date is
#: the predecessor's, not the replacement's.
_REPLACED_WHICH = re.compile(
    r"^(?P<new>.+?) (?:replaced|succeeded) (?P<old>[^,]+?),"
    r" (?:which|that) (?P<clause>.+?)\.$"
)
#: "Pending memberships are the same as for the EAC: Somalia (acceding);
#: Ethiopia, Sudan and Djibouti (all candidates)."
_PENDING = re.compile(
    r"^(?:Pending membership(?:s| applications)?|Membership pending|Candidates?"
    r"(?: for membership)?)(?: (?:is|are) (?:the same as (?:for|in) (?:the )?"
    r"[\w-]+|as follows))?: (?P<items>.+?)\.?$",
    re.IGNORECASE,
)


_THERE_ARE = re.compile(r"^There (?:are|is) (?P<body>.+?)\.$")


_COUNTED = re.compile(
    r"(?P<n>\d+|no|one|two|three|four|five|six|seven|eight|nine|ten|[a-z]+teen|twenty)\s+"
    r"(?P<what>observer states?|observer organi[sz]ations?|observers?|"
    r"permanent advisers?|"
    r"associate members?|partner organi[sz]ations?)"
)


_LIAISON = re.compile(
    r"^(?P<names>.+?) (?:has|have) liaison officers?(?: based)? (?:at|in)\b"
)


_COUNTED_ROLES: dict[str, tuple[URIRef, URIRef | None]] = {
    "observer state": (KG.RoleObserver, KG.State),
    "observer organization": (KG.RoleObserver, KG.InternationalOrganisation),
    "observer": (KG.RoleObserver, None),
    "permanent adviser": (KG.RolePermanentAdviser, None),
    "associate member": (KG.RoleAssociateMember, None),
    "partner organization": (KG.RoleParticipant, KG.InternationalOrganisation),
}


def parse_general(ctx: DocumentContext, lines: list[Line]) -> dict[URIRef, Stated]:
    """Parse the description; returns the agents it says are suspended."""
    if lines:
        first = lines[0]
        ctx.fact(
            ctx.subject_iri,
            DCTERMS.description,
            Literal(first.text.strip(), lang="en"),
            Sentence(first.number, 0, first.text.strip()),
        )
    suspended: dict[URIRef, Stated] = {}

    def suspension(ctx: DocumentContext, s: Sentence) -> bool:
        return read_suspension(ctx, s, suspended)

    # The predecessor pattern first, as ``definitions`` reads it.
    handlers: list[Callable[[DocumentContext, Sentence], bool]] = [
        _predecessor,
        _small_arms,
        _funding,
        suspension,
        prose_role,
        _budget,
        _replaced,
        _pending,
        _there_are,
        _liaison,
        read_ratification,
    ]
    for line in lines[1:]:
        for sentence in sentences(line):
            if not any(handler(ctx, sentence) for handler in handlers):
                ctx.unparsed_sentence(sentence)
    return suspended


def _budget(ctx: DocumentContext, s: Sentence) -> bool:
    if not re.search(r"\b(?:budget|contributions?|assessed)\b", s.text, re.IGNORECASE):
        return False
    ctx.fact(ctx.subject_iri, KG.budgetBasis, Literal(s.text, lang="en"), s)
    return True


def _funding(ctx: DocumentContext, s: Sentence) -> bool:
    m = _FUNDING.match(s.text)
    if not m:
        return False
    funders = resolve_names(ctx, m.group("funders"), s)
    rest = m.group("rest")
    funding = ctx.node(
        mint("funding", ctx.doc_id, f"{s.line}-{s.index}"), KG.Funding, s
    )
    g = ctx.graph
    g.add((funding, KG.fundingRecipient, ctx.subject_iri))
    for name, iri in funders:
        g.add((funding, KG.funder, iri))
        g.add((funding, KG.mentionedAs, Literal(name)))
    amount = _AMOUNT.search(rest)
    purpose = rest
    if amount:
        value = parse_number(f"{amount.group('num')} {amount.group('scale') or ''}")
        currency = {"US$": "USD", "$": "USD", "€": "EUR"}.get(
            amount.group("cur"), amount.group("cur")
        )
        if value is not None:
            g.add((funding, KG.amount, Literal(value)))
            g.add((funding, KG.currency, Literal(currency)))
        if amount.group("q"):
            g.add((funding, KG.qualifier, Literal(amount.group("q"))))
        purpose = rest[amount.end() :]
    since = re.search(r"\bsince (?P<date>\d{4}|[A-Z][a-z]+ \d{4})", purpose)
    if since:
        parsed = parse_date(since.group("date"))
        if parsed is not None:
            g.add((funding, KG.sinceDate, date_literal(parsed)))
        purpose = purpose[: since.start()]
    purpose = re.sub(r"^\s*in\s+", "", purpose).strip(" ,")
    if purpose:
        g.add((funding, KG.fundingPurpose, Literal(purpose, lang="en")))
    return True


def _small_arms(ctx: DocumentContext, s: Sentence) -> bool:
    m = _SMALL_ARMS.match(s.text)
    if not m:
        return False
    unit = unit_of(ctx, m.group("unit"), s)
    ctx.fact(ctx.subject_iri, KG.smallArmsResponsibility, unit, s)
    if m.group("fin"):
        funding = ctx.node(
            mint("funding", ctx.doc_id, f"{s.line}-{s.index}"), KG.Funding, s
        )
        ctx.graph.add((funding, KG.fundingRecipient, unit))
        ctx.graph.add((funding, KG.funder, ctx.subject_iri))
        ctx.graph.add(
            (
                funding,
                KG.fundingPurpose,
                Literal("small-arms-related activities", lang="en"),
            )
        )
        ctx.graph.add(
            (
                funding,
                KG.fundingSource,
                Literal(strip_article(m.group("fin")), lang="en"),
            )
        )
    return True


def unit_of(ctx: DocumentContext, name: str, s: Sentence) -> URIRef:
    """A task force or organisational unit of the document's organisation."""
    name = strip_article(name)
    unit = mint("unit", entity_key(ctx.subject_iri), slugify(name))
    cls = (
        KG.TaskForce
        if re.search(r"\btask force\b", name, re.IGNORECASE)
        else ORG.OrganizationalUnit
    )
    ctx.fact(unit, RDF.type, cls, s)
    ctx.fact(unit, RDFS.label, Literal(name, lang="en"), s)
    ctx.fact(unit, ORG.unitOf, ctx.subject_iri, s)
    return unit


def _predecessor(ctx: DocumentContext, s: Sentence) -> bool:
    m = PREDECESSOR.match(s.text)
    if not m:
        return False
    old = ctx.define_organisation(m.group("name").strip(), m.group("acr").strip(), s)
    founded = parse_date(m.group("date"))
    if founded is not None:
        ctx.fact(old.iri, KG.foundingDate, date_literal(founded), s)
    if m.group("purpose"):
        ctx.fact(old.iri, KG.objective, Literal(m.group("purpose"), lang="en"), s)
    ctx.fact(ctx.subject_iri, KG.replaces, old.iri, s)
    ctx.fact(old.iri, KG.replacedBy, ctx.subject_iri, s)
    return True


def _replaced(ctx: DocumentContext, s: Sentence) -> bool:
    which = _REPLACED_WHICH.match(s.text)
    m = which or _REPLACED.match(s.text)
    if not m:
        return False
    subject = ctx.subject
    assert subject is not None
    new_name, old_name = strip_article(m.group("new")), strip_article(m.group("old"))
    if new_name in ("It", "it", "This"):
        new_name = subject.acronym or subject.label
    if not _names_an_organisation(old_name):
        return False  # a sentence fragment, never an organisation
    new = (
        subject.iri
        if ctx.alias_resolves_to(new_name, subject)
        else ctx.agent(new_name, s, "organisation")
    )
    old = ctx.agent(old_name, s, "organisation")
    if which:
        succession(ctx, old, new, None, s, None)
    else:
        succession(ctx, old, new, date_in(m.group("date")), s, m.group("treaty"))
    return True


def _names_an_organisation(text: str) -> bool:
    """Whether a phrase can be an organisation's name or acronym (not a clause).

    Examples:
        >>> _names_an_organisation("PTA"), _names_an_organisation("SECI Center")
        (True, True)
        >>> _names_an_organisation("it in 1994 when the treaty")
        False
    """
    words = text.split()
    return (
        0 < len(words) <= 12
        and words[0][:1].isupper()
        and not any(w in ("which", "when", "that", "who", "because") for w in words)
    )


def _pending(ctx: DocumentContext, s: Sentence) -> bool:
    """A pending list introduced by a sentence, each group with its note."""
    m = _PENDING.match(s.text)
    if not m:
        return False
    groups = []
    for item in m.group("items").split(";"):
        g = re.fullmatch(r"\s*(?P<names>[^()]+?)\s*(?:\((?P<note>[^()]+)\))?\s*", item)
        agents = named_agents(ctx, g.group("names")) if g else None
        if g is None or agents is None:
            return False  # read only when every name resolves
        groups.append((agents, g.group("note")))
    for agents, note in groups:
        for name, agent in agents:
            membership = add_membership(
                ctx, ctx.subject_iri, agent, KG.RoleMember, KG.StatusPending, s,
                mentioned_as=name,
            )  # fmt: skip
            if note:
                ctx.graph.add((membership, RDFS.comment, Literal(note, lang="en")))
    return True


def _there_are(ctx: DocumentContext, s: Sentence) -> bool:
    m = _THERE_ARE.match(s.text)
    if not m:
        return False
    body = m.group("body")
    names_text = None
    if ":" in body:
        body, _, names_text = body.partition(":")
    matches = list(_COUNTED.finditer(body))
    if not matches:
        return False
    for i, cm in enumerate(matches):
        what = re.sub(r"s$", "", cm.group("what")).replace(
            "organisation", "organization"
        )
        role, listed_type = _COUNTED_ROLES[what]
        count = parse_number(cm.group("n"))
        names = names_text if i == len(matches) - 1 else None
        resolved = resolve_names(ctx, names, s) if names else []
        status = KG.StatusActive
        member_list = add_member_list(
            ctx,
            ctx.subject_iri,
            role,
            status,
            s,
            listed_type=listed_type,
            stated_count=count,
            complete=(bool(resolved) and count == len(resolved)) or count == 0,
        )
        for name, agent in resolved:
            membership = add_membership(
                ctx, ctx.subject_iri, agent, role, status, s, mentioned_as=name
            )
            add_list_member(ctx, member_list, membership)
    return True


def _liaison(ctx: DocumentContext, s: Sentence) -> bool:
    m = _LIAISON.match(s.text)
    if not m:
        return False
    for name, agent in resolve_names(ctx, m.group("names"), s):
        add_membership(
            ctx,
            ctx.subject_iri,
            agent,
            KG.RoleLiaisonOffice,
            KG.StatusActive,
            s,
            mentioned_as=name,
        )
    return True
