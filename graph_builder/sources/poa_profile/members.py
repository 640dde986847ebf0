"""Member lists and their stated counts.

Current, founding, suspended, former and pending members, with their
annotations and legends; a list cut off mid-name is never read as members.
"""

import re
from dataclasses import dataclass

from rdflib import Literal, URIRef

from graph_builder.namespace import KG
from graph_builder.sources.common import (
    BULLET,
)
from graph_builder.sources.context import DocumentContext
from graph_builder.sources.memberships import (
    add_list_member,
    add_member_list,
    add_membership,
)
from graph_builder.sources.poa_profile.layout import MEMBER_COUNT, is_none
from graph_builder.sources.poa_profile.prose import Stated
from graph_builder.text import (
    Line,
    ParsedDate,
    Sentence,
    parse_date,
    parse_number,
    split_names,
    strip_article,
)

__all__ = ["parse_members"]


#: List labels, in English and as the translated pages write them.
_LIST_KINDS: list[tuple[re.Pattern[str], URIRef, URIRef]] = [
    (
        re.compile(
            r"^(?:current members?|miembros actuales|membres actuels|membros atuais"
            r"|membros actuais|estados miembros|[eé]tats membres|estados membros)$"
        ),
        KG.RoleMember,
        KG.StatusActive,
    ),
    (
        re.compile(r"^(?:members?|miembros|membres|membros)$"),
        KG.RoleMember,
        KG.StatusActive,
    ),
    (
        re.compile(
            r"^(?:founding members?|miembros fundadores|membres fondateurs"
            r"|membros fundadores)$"
        ),
        KG.RoleFoundingMember,
        KG.StatusActive,
    ),
    (
        re.compile(
            r"^(?:former members?|antiguos miembros|ex[- ]?miembros|miembros anteriores"
            r"|anciens membres|ex[- ]membres|antigos membros|ex[- ]membros)$"
        ),
        KG.RoleMember,
        KG.StatusFormer,
    ),
    (
        re.compile(
            r"^(?:membership pending|pending members?(?:hip)?|membres[ií]a pendiente"
            r"|miembros pendientes|adh[eé]sions? en (?:attente|cours)"
            r"|membres en attente|ades[aã]o pendente|membros pendentes)$"
        ),
        KG.RoleMember,
        KG.StatusPending,
    ),
    (
        re.compile(
            r"^(?:suspended members?|miembros suspendidos|membres suspendus"
            r"|membros suspensos)$"
        ),
        KG.RoleMember,
        KG.StatusSuspended,
    ),
    (
        re.compile(r"^(?:observers?(?: states)?|observadores|observateurs)$"),
        KG.RoleObserver,
        KG.StatusActive,
    ),
]


_LEGEND = re.compile(
    r"\s*\((?P<legend>[^()]*\b(?:Bold|Grey|Gray|Italics?|Negrita|Negrito|Gris"
    r"|Gras|Cinza|Cursiva|Italique)\b\s*:[^()]*)\)\s*$"
)


#: What the pages' member legend says; a cut-off legend is a prefix of it.
_LEGEND_TEXT = "bold: founding member, grey: suspended member"


_BOLD = re.compile(r"^(?:\*\*(?P<a>.+)\*\*|<(?:b|strong)>(?P<b>.+)</(?:b|strong)>)$")


@dataclass
class _ListText:
    """The names of a member list line, with what was cut off its end."""

    names: list[str]
    legend: str | None = None
    cut: str | None = None  # the fragment dropped from the end, if any


def _list_text(ctx: DocumentContext, items: str) -> _ListText:
    """Split a list line's names, reading a legend and a cut-off end.

    A legend in parentheses at the end ("(Bold: founding member, ...)") is
    kept apart, even cut mid-word. A parenthesis left open at the end, or a
    last name that is only the start of a known name ("..., Norway, O"), is
    text cut off the page: it is dropped, never read as a member.
    """
    text = items.strip()
    legend: str | None = None
    cut: str | None = None
    m = _LEGEND.search(text)
    if m:
        legend, text = m.group("legend"), text[: m.start()]
    elif text.count("(") > text.count(")"):
        start = text.rindex("(")
        fragment = text[start + 1 :].strip()
        if fragment and _LEGEND_TEXT.startswith(fragment.lower()):
            legend = fragment
        else:
            cut = text[start:]
        text = text[:start]
    if is_none(text):
        return _ListText([], legend, cut)
    names = _merge_split_names(ctx, split_names(text))
    if cut is None and names:
        last = _annotated(names[-1], KG.RoleMember, KG.StatusActive)[0]
        if not ctx.resolves(last) and ctx.resolver.begins_a_name(last):
            cut = names.pop()
    return _ListText(names, legend, cut)


def parse_members(
    ctx: DocumentContext,
    lines: list[Line],
    suspended: dict[URIRef, Stated],
) -> list[URIRef]:
    """Parse the member section; returns the agents of the current-member list.

    ``suspended``: agents the description says are suspended; a current
    member among them is listed with status suspended.
    """
    stated: int | None = None
    note: str | None = None
    current: list[URIRef] = []
    read_list = False
    for line in lines:
        text = line.text.strip()
        s = Sentence(line.number, 0, BULLET.sub("", text))
        count = MEMBER_COUNT.match(text)
        if count and line is lines[0]:
            stated = parse_number(count.group("n"))
            note = count.group("note")
            continue
        label, sep, items = s.text.partition(":")
        kind = next(
            (
                (role, status)
                for pat, role, status in _LIST_KINDS
                if pat.match(label.strip().rstrip("*").strip().lower())
            ),
            None,
        )
        if not sep or kind is None:
            ctx.unparsed_sentence(s)
            continue
        role, status = kind
        listed = _list_text(ctx, items)
        names = listed.names
        is_current = status == KG.StatusActive and role in (
            KG.RoleMember,
            KG.RoleFoundingMember,
        )
        complete = listed.cut is None and (
            not is_current or stated is None or stated == len(names)
        )
        member_list = add_member_list(
            ctx,
            ctx.subject_iri,
            role,
            status,
            s,
            listed_type=KG.State
            if is_current and note and "state" in note.lower()
            else None,
            stated_count=stated if is_current else len(names),
            complete=complete,
        )
        g = ctx.graph
        if is_current and note:
            g.add((member_list, KG.countNote, Literal(note, lang="en")))
        if listed.legend:
            g.add(
                (
                    member_list,
                    KG.formattingNote,
                    Literal(listed.legend, lang="en"),
                )
            )
        if is_current:
            read_list = True
            _check_count(ctx, line.number, stated, len(names), listed.cut)
        for raw in names:
            name, m_role, m_status, begin, end = _annotated(raw, role, status)
            agent = ctx.agent(name, s)
            if is_current and agent in suspended and m_status == KG.StatusActive:
                m_status = suspended[agent].status
            membership = add_membership(
                ctx,
                ctx.subject_iri,
                agent,
                m_role,
                m_status,
                s,
                mentioned_as=raw,
                begin=begin,
                end=end,
            )
            add_list_member(ctx, member_list, membership)
            if is_current:
                current.append(agent)
    if lines and not read_list:
        ctx.warn(
            lines[0].number,
            "has a member section but no current-member list was read",
        )
    return current


def _check_count(
    ctx: DocumentContext, line: int, stated: int | None, listed: int, cut: str | None
) -> None:
    """Warn when a member list names fewer or more members than it states."""
    if cut is not None:
        ctx.warn(
            line,
            f"member list is cut off at {cut!r}: lists {listed} of "
            f"{stated if stated is not None else '?'} stated members",
        )
    elif stated is not None and stated != listed:
        ctx.warn(line, f"member list lists {listed} of {stated} stated members")


def _merge_split_names(ctx: DocumentContext, items: list[str]) -> list[str]:
    """Rejoin names split at an inner comma ("Congo, Democratic Republic of the")."""
    out: list[str] = []
    i = 0
    while i < len(items):
        if i + 1 < len(items) and not ctx.resolves(
            _annotated(items[i], KG.RoleMember, KG.StatusActive)[0]
        ):
            joined = f"{items[i]}, {items[i + 1]}"
            if ctx.resolves(_annotated(joined, KG.RoleMember, KG.StatusActive)[0]):
                out.append(joined)
                i += 2
                continue
        out.append(items[i])
        i += 1
    return out


_ANNOTATION = re.compile(r"^(?P<name>.+?)\s*\((?P<note>[^()]+)\)$")


def _annotated(
    raw: str, role: URIRef, status: URIRef
) -> tuple[str, URIRef, URIRef, ParsedDate | None, ParsedDate | None]:
    """Read "(suspended)", "(joined 2005)", "(left 2010)", "(2001-2010)", bold."""
    name = raw.strip()
    begin = end = None
    bold = _BOLD.match(name)
    if bold:
        name = (bold.group("a") or bold.group("b")).strip()
        role = KG.RoleFoundingMember
    m = _ANNOTATION.match(name)
    if m:
        note = m.group("note").lower()
        name = m.group("name").strip()
        now = re.fullmatch(r"now (?:the )?(?P<current>.+)", m.group("note").strip())
        if now:  # "Zaire (now the DRC)": the member is the state as it is now
            name = now.group("current")
        years = [parse_date(y) for y in re.findall(r"\b\d{4}\b", note)]
        if "suspended" in note:
            status = KG.StatusSuspended
        if "pending" in note or "applicant" in note:
            status = KG.StatusPending
        if "founding" in note:
            role = KG.RoleFoundingMember
        if re.search(r"\b(?:left|withdrew|withdrawn|expelled|former)\b", note):
            status = KG.StatusFormer
            end = years[-1] if years else None
        elif (
            re.search(r"\b(?:joined|since|admitted|acceded)\b", note)
            and years
            and "suspended" not in note
        ):
            begin = years[0]
        elif len(years) == 2:
            begin, end = years
        elif len(years) == 1 and status == KG.StatusFormer:
            end = years[0]
    return strip_article(name), role, status, begin, end
