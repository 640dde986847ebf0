"""The facts every source states the same way: memberships and member lists.

A membership is an ``org:Membership`` node with its role, status, the name
the source used and its time span; a member list is the ``kg:MemberList``
that enumerates memberships as one source gives them, with its stated count
and whether it is complete.
"""

from rdflib import Literal, URIRef
from rdflib.namespace import ORG

from graph_builder.iris import entity_key, mint
from graph_builder.namespace import KG
from graph_builder.sources.context import DocumentContext, add_interval
from graph_builder.text import ParsedDate, Sentence

__all__ = ["add_list_member", "add_member_list", "add_membership"]


def add_membership(
    ctx: DocumentContext,
    org: URIRef,
    agent: URIRef,
    role: URIRef,
    status: URIRef,
    sentence: Sentence,
    *,
    mentioned_as: str,
    begin: ParsedDate | None = None,
    end: ParsedDate | None = None,
    qualifier: str | None = None,
) -> URIRef:
    """Emit an ``org:Membership`` of an agent in an organisation.

    ``qualifier`` tells apart two memberships of the same agent and role
    in one source (a state that left and rejoined).
    """
    role_key = str(role).rsplit("#", 1)[-1]
    parts = [ctx.doc_id, entity_key(org), role_key, entity_key(agent)]
    iri = mint("membership", *parts, *([qualifier] if qualifier else []))
    g = ctx.graph
    ctx.node(iri, ORG.Membership, sentence)
    g.add((iri, ORG.organization, org))
    g.add((iri, ORG.member, agent))
    g.add((iri, ORG.role, role))
    g.add((iri, KG.status, status))
    g.add((iri, KG.mentionedAs, Literal(mentioned_as)))
    if begin is not None:
        g.add((iri, KG.validFrom, Literal(begin.first_day)))
    if end is not None:
        g.add((iri, KG.validUntil, Literal(end.day_after)))
    if begin is not None or end is not None:
        add_interval(g, iri, begin, end)
    return iri


def add_member_list(
    ctx: DocumentContext,
    org: URIRef,
    role: URIRef,
    status: URIRef,
    sentence: Sentence,
    *,
    listed_type: URIRef | None = None,
    stated_count: int | None = None,
    complete: bool,
    qualifier: str | None = None,
) -> URIRef:
    """Emit a ``kg:MemberList``; memberships are attached with ``list_member``.

    ``qualifier`` tells apart two lists of the same organisation, role and
    status in one source (the same body's size stated on two dates).
    """
    parts = [ctx.doc_id, entity_key(org), str(role).rsplit("#", 1)[-1]]
    parts.append(str(status).rsplit("#", 1)[-1])
    if listed_type is not None:
        parts.append(str(listed_type).rsplit("#", 1)[-1])
    if qualifier is not None:
        parts.append(qualifier)
    iri = mint("memberlist", *parts)
    g = ctx.graph
    ctx.node(iri, KG.MemberList, sentence)
    g.add((iri, KG.listOf, org))
    g.add((iri, KG.listedRole, role))
    g.add((iri, KG.listedStatus, status))
    g.add((iri, KG.complete, Literal(complete)))
    if listed_type is not None:
        g.add((iri, KG.listedType, listed_type))
    if stated_count is not None:
        g.add((iri, KG.statedCount, Literal(stated_count)))
    return iri


def add_list_member(
    ctx: DocumentContext, member_list: URIRef, membership: URIRef
) -> None:
    """Attach a membership to the member list that enumerates it."""
    ctx.graph.add((member_list, KG.listedMembership, membership))
