"""Parser for Programme-of-Action regional-organisation profiles.

A profile is a page of fixed sections (general information, members,
overlapping memberships, point of contact, activities, programmes,
cooperation, instruments). The parser finds the sections by their headings
and reads each sentence or list item with patterns for the phrasing profiles
use. A sentence that no pattern reads is reported, not dropped.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG

from graph_builder.errors import SourceDataError
from graph_builder.iris import entity_key, mint
from graph_builder.namespace import KG
from graph_builder.resolve import Entity
from graph_builder.sources.common import (
    BULLET,
    date_in,
    find_instrument,
    instrument,
    resolve_names,
    split_on_and,
    succession,
)
from graph_builder.sources.context import DocumentContext, date_literal
from graph_builder.text import (
    Line,
    ParsedDate,
    Sentence,
    parse_date,
    parse_number,
    parse_timestamp,
    sentences,
    slugify,
    split_names,
    strip_article,
)

__all__ = ["HEADINGS", "definitions", "looks_like_profile", "parse_profile"]

#: Section name -> heading pattern (matched against the lowercased line).
#: The first three also take the Spanish, French and Portuguese headings a
#: translated page uses; the member section starts at its count line in any
#: of these languages (``_MEMBER_COUNT``).
HEADINGS: dict[str, re.Pattern[str]] = {
    "description": re.compile(
        r"^(?:short description|descripci[oó]n breve|breve descripci[oó]n"
        r"|description succincte|br[eè]ve description|descri[cç][aã]o breve"
        r"|breve descri[cç][aã]o)$"
    ),
    "overlap": re.compile(
        r"^(?:overlapping memberships\b|membres[ií]as superpuestas\b"
        r"|adh[eé]sions? (?:qui se )?chevauch|sobreposi[cç][aã]o de membros\b)"
    ),
    "contact": re.compile(
        r"^(?:(?:poa )?point of contact|punto de contacto(?: del poa)?"
        r"|point de contact(?: du poa)?|ponto de conta(?:c)?to(?: do poa)?)$"
    ),
    "activities": re.compile(r"^poa[- ]related activities$"),
    "programmes": re.compile(r"^poa[- ]related programmes?\b"),
    "cooperation": re.compile(r"^poa[- ]relevant cooperation\b"),
    "binding": re.compile(r"^legally binding\b"),
    "other_docs": re.compile(r"^other official documents\b"),
    "trailer": re.compile(r"^(?:this profile is also available|share this content)"),
}
_MEMBER_COUNT = re.compile(
    r"^(?P<n>\d+|[A-Za-z-]+) (?:members?|miembros?|membres?|membros?)"
    r"(?: \((?P<note>[^)]*)\))?$",
    re.IGNORECASE,
)
#: The English navigation bar of the published pages: a sure sign by itself.
_ENGLISH_NAV = re.compile(r"general information\s*\|", re.IGNORECASE)
_TITLE = re.compile(r"^(?P<name>[^().]{3,150}?)\s*\((?P<acr>[^()]{1,30})\)$")

_AS_OF = re.compile(
    r"(?:information (?:is )?accurate as (?:of|at)"
    r"|informaci[oó]n (?:precisa|exacta|actualizada) (?:a|al|en)"
    r"(?: partir del?| fecha de| fecha)?"
    r"|informations? (?:exactes?|[aà] jour) (?:au|en date du|le)"
    r"|informa[cç][aã]o (?:precisa|atualizada|actualizada) (?:em|a|até))"
    r" (?P<date>.+?)\.?$",
    re.IGNORECASE,
)
#: Month names of the translated pages, for their "accurate as of" line.
_FOREIGN_MONTHS = {
    name: english
    for english, names in {
        "January": "enero janvier janeiro",
        "February": "febrero février fevrier fevereiro",
        "March": "marzo mars março marco",
        "April": "abril avril",
        "May": "mayo mai maio",
        "June": "junio juin junho",
        "July": "julio juillet julho",
        "August": "agosto août aout",
        "September": "septiembre setiembre septembre setembro",
        "October": "octubre octobre outubro",
        "November": "noviembre novembre novembro",
        "December": "diciembre décembre decembre dezembro",
    }.items()
    for name in names.split()
}
#: "None" in the list lines of the translated pages.
_NONE_WORDS = frozenset(
    [
        "none",
        "ninguno",
        "ninguna",
        "ningunos",
        "aucun",
        "aucune",
        "néant",
        "nenhum",
        "nenhuma",
    ]
)


def _is_none(text: str) -> bool:
    """Whether a list line's items say "none" (in any of the pages' languages)."""
    words = text.strip().lower().rstrip(".")
    return not words or words in _NONE_WORDS


def _as_of_date(text: str) -> ParsedDate | None:
    """Read an "accurate as of" date, English or translated ("2 de mayo de 2012").

    Examples:
        >>> [
        ...     _as_of_date(t).lexical
        ...     for t in (
        ...         "4 June 2012",
        ...         "1er mai 2012",
        ...         "2 de mayo de 2012",
        ...         "1º de julio de 2012",
        ...     )
        ... ]
        ['2012-06-04', '2012-05-01', '2012-05-02', '2012-07-01']
    """
    text = re.sub(r"\b1(?:er\b|ro\b|o\b|º)", "1", text)  # "1er mai", "1º de mayo"
    words = [
        _FOREIGN_MONTHS.get(w.lower(), w)
        for w in re.sub(r"\b(?:de|del|du|le|em)\b", " ", text).split()
    ]
    return parse_date(" ".join(words))


def _is_nav(text: str) -> bool:
    """Whether a line is a navigation bar: three or more short "|"-separated parts.

    Examples:
        >>> _is_nav("Información general | Punto de contacto | Miembros")
        True
        >>> _is_nav("Members: A | B")
        False
    """
    parts = [p.strip() for p in text.split("|")]
    return (
        len(parts) >= 3
        and all(0 < len(p) <= 40 for p in parts if p)
        and (sum(1 for p in parts if p) >= 3)
    )


def looks_like_profile(text: str) -> bool:
    r"""Whether a text has the shape of a Programme-of-Action profile.

    Decided by the layout, not the words of one language: a "Name (ACRONYM)"
    title line near the top together with a navigation bar or a member
    count line ("15 members", "15 miembros"), or a navigation bar and a
    member count line; or the pages' English navigation bar, or four of
    the English section headings.

    Examples:
        >>> looks_like_profile("Inicio | Miembros | Contacto\nLakes Council (LC)\n")
        True
        >>> looks_like_profile("Home | About | Careers\nThe LC helps lakes.")
        False
    """
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    lowered = [ln.lower() for ln in lines]
    found = {name for name, pat in HEADINGS.items() for ln in lowered if pat.match(ln)}
    if len(found - {"trailer"}) >= 4:
        return True
    top = [ln for ln in lines[:12] if not _is_nav(ln) and parse_timestamp(ln) is None]
    titled = any(_TITLE.match(ln) for ln in top[:4])
    nav = any(_is_nav(ln) for ln in lines[:5])
    counted = any(_MEMBER_COUNT.match(ln) for ln in lines)
    known_nav = any(_ENGLISH_NAV.search(ln) for ln in lines[:5])
    return known_nav or (titled and (nav or counted)) or (nav and counted)


@dataclass
class _Sections:
    header: list[Line]
    parts: dict[str, list[Line]]


def _split_sections(lines: list[Line]) -> _Sections:
    parts: dict[str, list[Line]] = {}
    header: list[Line] = []
    current: list[Line] = header
    for line in lines:
        lowered = line.text.strip().lower()
        name = next((n for n, pat in HEADINGS.items() if pat.match(lowered)), None)
        if (
            name is None
            and _MEMBER_COUNT.match(line.text.strip())
            and "members" not in parts
        ):
            name = "members"
            parts[name] = [line]
            current = parts[name]
            continue
        if name is not None:
            parts[name] = []
            current = parts[name]
            continue
        if line.text.strip():
            current.append(line)
    return _Sections(header, parts)


def parse_profile(ctx: DocumentContext, lines: list[Line]) -> None:
    """Parse a profile into ``ctx.graph``.

    Args:
        ctx: The document context; ``ctx.subject`` is set from the title.
        lines: The document's lines.

    Raises:
        SourceDataError: The profile has no "Name (ACRONYM)" title line.
    """
    sections = _split_sections(lines)
    _pre_scan(ctx, lines)
    _parse_header(ctx, sections.header)
    current_members: list[URIRef] = []
    # Instruments first: the activities section refers back to them.
    for name, binding in (("binding", True), ("other_docs", False)):
        _parse_instruments(ctx, sections.parts.get(name, []), binding)
    suspended = _parse_general(ctx, sections.parts.get("description", []))
    if "members" not in sections.parts:
        ctx.warn(title_line(sections.header), "has no member section ('N members')")
    current_members = _parse_members(ctx, sections.parts.get("members", []), suspended)
    _parse_overlap(ctx, sections.parts.get("overlap", []))
    _parse_contact(ctx, sections.parts.get("contact", []))
    _parse_activities(ctx, sections.parts.get("activities", []), current_members)
    _parse_programmes(ctx, sections.parts.get("programmes", []))
    _parse_cooperation(ctx, sections.parts.get("cooperation", []))


def _pre_scan(ctx: DocumentContext, lines: list[Line]) -> None:
    """Read the document-wide dates before any fact is emitted."""
    for line in lines:
        stamp = parse_timestamp(line.text)
        if stamp is not None and ctx.retrieved_at is None:
            ctx.retrieved_at = stamp
        m = _AS_OF.search(line.text)
        if m:
            parsed = _as_of_date(m.group("date"))
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
    sections = _split_sections(lines)
    body = _header_body(sections.header)
    found = []
    index = _title_index(body)
    if index is not None:
        m = _TITLE.match(body[index].text.strip())
        assert m is not None
        found.append((body[index].number, m["name"].strip(), m["acr"].strip()))
    for line in sections.parts.get("description", [])[1:]:
        for sentence in sentences(line):
            p = _PREDECESSOR.match(sentence.text)
            if p:
                found.append((line.number, p["name"].strip(), p["acr"].strip()))
    return found


def _header_body(header: list[Line]) -> list[Line]:
    return [
        ln for ln in header if not _is_nav(ln.text) and parse_timestamp(ln.text) is None
    ]


def title_line(header: list[Line]) -> int:
    """The line number of a profile's title (of its header's first line if none)."""
    body = _header_body(header)
    index = _title_index(body)
    return body[index].number if index is not None else (body[0].number if body else 1)


def _title_index(body: list[Line]) -> int | None:
    return next((i for i, ln in enumerate(body) if _TITLE.match(ln.text.strip())), None)


def _parse_header(ctx: DocumentContext, header: list[Line]) -> None:
    body = _header_body(header)
    title_index = _title_index(body)
    if title_index is None:
        first = body[0].number if body else 1
        raise SourceDataError(
            ctx.path, "profile has no 'Name (ACRONYM)' title line", first
        )
    title = body[title_index]
    m = _TITLE.match(title.text.strip())
    assert m is not None  # checked above
    sentence = Sentence(title.number, 0, title.text.strip())
    ctx.subject = ctx.define_organisation(
        m.group("name").strip(), m.group("acr").strip(), sentence
    )
    ctx.graph.add((ctx.doc_iri, KG.aboutOrganisation, ctx.subject.iri))
    for line in body[title_index + 1 :]:
        text = line.text.strip()
        if text.lower() in ("web site", "website"):
            continue
        hq = re.fullmatch(r"(?P<city>[^,]+),\s*(?P<country>[^,]+)", text)
        if hq:
            _headquarters(
                ctx,
                hq.group("city"),
                hq.group("country"),
                Sentence(line.number, 0, text),
            )
        else:
            ctx.unparsed_sentence(Sentence(line.number, 0, text))


def _headquarters(
    ctx: DocumentContext, city: str, country: str, sentence: Sentence
) -> None:
    state = ctx.agent(country.strip(), sentence, "state")
    place = mint("place", entity_key(state), slugify(city))
    ctx.fact(place, RDF.type, KG.Place, sentence)
    ctx.fact(place, RDFS.label, Literal(city.strip(), lang="en"), sentence)
    ctx.fact(place, KG.inCountry, state, sentence)
    ctx.fact(ctx.subject_iri, KG.headquarteredIn, place, sentence)


# -- general information -----------------------------------------------------

#: Hedges a source puts on a number ("about 15 million", "just under 20,000").
_QUALIFIERS = (
    "about|around|approximately|nearly|almost|just under|just over|more than|over"
    "|some|at least"
)
_FUNDING = re.compile(
    r"^(?P<funders>.+?) (?:has|have)"
    r" (?:provided|financed|funded|granted|donated|contributed)\s+(?P<rest>.+?)\.$"
)
_AMOUNT = re.compile(
    rf"(?:(?P<q>{_QUALIFIERS})\s+)?"
    r"(?P<cur>USD|EUR|GBP|CHF|US\$|\$|€)\s?(?P<num>\d[\d.,]*)\s*(?P<scale>thousand|million|billion)?"
)
_SMALL_ARMS = re.compile(
    r"^Small[- ]arms[- ]related activities (?:come|fall|are) under (?P<unit>.+?)"
    r"(?: and are (?:financed|funded) (?:by|from|through) (?P<fin>.+?))?\.$"
)
_PREDECESSOR = re.compile(
    r"^(?:The )?(?P<name>[^()]+?) \((?P<acr>[^)]+)\), "
    r"(?P<subj>.+?)['\u2019]s predecessor, "
    r"was (?:established|founded|created|set up) in (?P<date>\d{4})"
    r"(?:,? to (?P<purpose>.+?))?\.$"
)
_REPLACED = re.compile(
    r"^(?P<new>.+?) (?:replaced|succeeded) (?P<old>.+?) (?:in|on) (?P<date>[^,]+?)"
    r"(?:,? with the (?:signing|adoption|entry into force) of the (?P<treaty>.+?))?\.$"
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


def _parse_general(
    ctx: DocumentContext, lines: list[Line]
) -> dict[URIRef, tuple[str, ParsedDate | None]]:
    """Parse the description; returns the agents it says are suspended."""
    if lines:
        first = lines[0]
        ctx.fact(
            ctx.subject_iri,
            DCTERMS.description,
            Literal(first.text.strip(), lang="en"),
            Sentence(first.number, 0, first.text.strip()),
        )
    suspended: dict[URIRef, tuple[str, ParsedDate | None]] = {}

    def suspension(ctx: DocumentContext, s: Sentence) -> bool:
        return _suspension(ctx, s, suspended)

    # The predecessor pattern first, as ``definitions`` reads it.
    handlers: list[Callable[[DocumentContext, Sentence], bool]] = [
        _predecessor,
        _small_arms,
        _funding,
        suspension,
        _prose_role,
        _budget,
        _replaced,
        _there_are,
        _liaison,
    ]
    for line in lines[1:]:
        for sentence in sentences(line):
            if not any(handler(ctx, sentence) for handler in handlers):
                ctx.unparsed_sentence(sentence)
    return suspended


# -- statuses and roles written in prose -------------------------------------

_DATE = r"(?:\d{1,2} )?(?:[A-Z][a-z]+ )?\d{4}"
#: Suspensions as profiles write them. Each names its states in ``names``
#: and may give the suspension's start in ``start``.
_SUSPENSIONS = [
    # "As of May 2012, Madagascar remained suspended (which began in 2008)."
    re.compile(
        rf"^(?:As (?:of|at) {_DATE},? )?(?P<names>[A-Z].+?) "
        r"(?:remained|remains|was|were|is|are|has been|have been) (?:still )?"
        r"(?:suspended|under suspension)"
        rf"(?: (?:from|since|in) (?P<start>{_DATE}))?"
        r"(?:,? \((?:which|that|the suspension) (?:began|started) in"
        rf" (?P<start2>{_DATE})\))?"
        r"(?: as (?:of|at) [^.]+)?\.$"
    ),
    # "As of June 2012 three AU members were under suspension: A, B, and C."
    re.compile(
        rf"^(?:As (?:of|at) {_DATE},? )?(?:\w+ )?(?:\w+ )?"
        r"(?:members?|states?|countries)"
        r" (?:were|was|are|is|remained|remain) (?:under suspension|suspended)"
        r"(?: as (?:of|at) [^:]+)?: (?P<names>.+?)\.$"
    ),
    # "In 2007 Eritrea suspended its membership."
    re.compile(
        rf"^In (?P<start>{_DATE}),? (?P<names>[A-Z].+?) suspended (?:its|their)"
        r" (?:membership|participation)(?: in (?:the )?[\w ]+?)?\.$"
    ),
    # "Syria's participation in the LAS was suspended in November 2011."
    re.compile(
        r"^(?P<names>[A-Z][^,]+?)['\u2019]s? (?:membership|participation)"
        r"(?: in (?:the )?[\w ]+?)?(?: (?:activities|meetings))?"
        r" (?:was|has been|had been|is|remains) suspended"
        rf"(?: (?:in|on|since) (?P<start>{_DATE}))?\.$"
    ),
]
#: Words that make a statement of suspension uncertain: recorded, not guessed.
_HEDGE = re.compile(
    r"\b(?:in principle|reportedly|apparently|unclear|may have been|may be|"
    r"nominally|technically)\b",
    re.IGNORECASE,
)
_HEDGED_SUSPENSION = re.compile(
    r"^(?:As (?:of|at) [^,]+,? )?(?P<names>[A-Z].*?)"
    r"(?:['\u2019]s (?:membership|participation)(?: in (?:the )?[\w ]+?)?)?"
    r" (?:(?:is|was|remains|has been|in principle|reportedly|apparently|nominally"
    r"|technically|still) )+suspended\b"
)


def _named_agents(ctx: DocumentContext, text: str) -> list[tuple[str, URIRef]] | None:
    """The states or organisations an enumeration names, if every name is known.

    Prose is read only when every name in it resolves: a sentence fragment
    ("It", "..., which had entered into force") never becomes an entity.
    """
    found: list[tuple[str, Entity]] = []
    for item in split_names(re.sub(r"\s*&\s*", " and ", text)):
        parts = [item] if ctx.resolves(item) else (split_on_and(ctx, item) or [item])
        for part in parts:
            name = strip_article(part)
            entity = ctx.resolver.resolve(name) if name else None
            if entity is None:
                return None
            found.append((name, entity))
    ctx.used.update(e.iri for _, e in found)
    return [(name, e.iri) for name, e in found] or None


def _date_of(m: re.Match[str], *groups: str) -> ParsedDate | None:
    """The date in the first of these named groups that matched, if any."""
    text = next((t for g in groups if (t := m.groupdict().get(g))), None)
    return parse_date(text) if text else None


def _suspension(
    ctx: DocumentContext,
    s: Sentence,
    suspended: dict[URIRef, tuple[str, ParsedDate | None]],
) -> bool:
    """Read a suspension stated in prose (see ``_SUSPENSIONS``)."""
    if "suspen" not in s.text.lower():
        return False
    if _HEDGE.search(s.text):
        m = _HEDGED_SUSPENSION.match(s.text)
        agents = _named_agents(ctx, m.group("names")) if m else None
        if agents is None:
            return False
        for name, agent in agents:
            # The source hedges: recorded as uncertain, not read as suspended.
            ctx.membership(
                ctx.subject_iri,
                agent,
                KG.RoleMember,
                KG.StatusUncertain,
                s,
                mentioned_as=name,
                qualifier="suspension",
            )
        return True
    for pattern in _SUSPENSIONS:
        m = pattern.match(s.text)
        if not m:
            continue
        agents = _named_agents(ctx, m.group("names"))
        if agents is None:
            continue
        start = _date_of(m, "start", "start2")
        for name, agent in agents:
            ctx.membership(
                ctx.subject_iri,
                agent,
                KG.RoleMember,
                KG.StatusSuspended,
                s,
                mentioned_as=name,
                begin=start,
                qualifier="suspension",
            )
            suspended[agent] = (name, start)
        return True
    return False


_PROSE_ROLES: list[tuple[str, URIRef]] = [
    (r"observer(?: state| organi[sz]ation| status)?s?", KG.RoleObserver),
    (r"associate(?: member)?(?:s|ship| status)?", KG.RoleAssociateMember),
    (
        r"(?:partners? for co-?operation|co-?operation partners?|"
        r"dialogue partners?|partner (?:state|countr(?:y|ie)|organi[sz]ation)s?)"
        r"(?: status)?",
        KG.RoleParticipant,
    ),
]
_ROLE_ALT = "|".join(f"(?:{pat})" for pat, _ in _PROSE_ROLES)
_SINCE = rf"(?: (?:since|in|from) (?P<since>{_DATE}))?"
_ROLE_SENTENCES = [
    # "Kenya and Uganda have observer status (since 2005)."
    re.compile(
        r"^(?P<names>[A-Z].+?) (?:has|have|hold|holds|enjoys?|obtained|gained|"
        r"(?:was|were|has been|have been) (?:granted|given|accorded))"
        rf" (?:an? )?(?P<role>{_ROLE_ALT})"
        rf"(?: (?:in|at|with) (?:the )?[\w-]+)?{_SINCE}\.$"
    ),
    # "Norway and Japan are observers." / "Morocco is a partner for cooperation."
    re.compile(
        r"^(?P<names>[A-Z].+?) (?:is|are|was|were|became|has become|have become"
        r"|has been|have been)"
        rf" (?:also )?(?:an? )?(?:{{acr}} )?(?P<role>{_ROLE_ALT})"
        rf"(?: (?:of|in|at|to|with) (?:the )?[\w-]+)?{_SINCE}\.$"
    ),
    # "Observers include A, B and C." / "Its partners for cooperation are: A and B."
    re.compile(
        rf"^(?:The |Its |{{acr}}['\u2019]?s? )?(?P<role>{_ROLE_ALT})"
        r"(?: (?:of|in) (?:the )?[\w-]+)? (?:are|include|includes|comprise)"
        r":? (?P<names>.+?)\.$",
        re.IGNORECASE,
    ),
    # "In 2005 the LC granted observer status to A and B."
    re.compile(
        rf"^(?:In (?P<since>{_DATE}),? )?(?:the )?[\w-]+ (?:granted|gave|accorded)"
        rf" (?P<role>{_ROLE_ALT}) to (?P<names>.+?)(?: in (?P<since2>{_DATE}))?\.$",
        re.IGNORECASE,
    ),
]


def _prose_role(ctx: DocumentContext, s: Sentence) -> bool:
    """Observers, associate members and partners named in a sentence."""
    subject = ctx.subject
    assert subject is not None
    acr = re.escape(subject.acronym or subject.label)
    for pattern in _ROLE_SENTENCES:
        m = re.match(pattern.pattern.replace("{acr}", acr), s.text, pattern.flags)
        if not m:
            continue
        agents = _named_agents(ctx, m.group("names"))
        if agents is None:
            continue
        phrase = m.group("role").lower()
        role = next(r for pat, r in _PROSE_ROLES if re.fullmatch(pat, phrase))
        since = _date_of(m, "since", "since2")
        for name, agent in agents:
            ctx.membership(
                ctx.subject_iri,
                agent,
                role,
                KG.StatusActive,
                s,
                mentioned_as=name,
                begin=since,
            )
        return True
    return False


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
    unit = _unit(ctx, m.group("unit"), s)
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


def _unit(ctx: DocumentContext, name: str, s: Sentence) -> URIRef:
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
    m = _PREDECESSOR.match(s.text)
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
    m = _REPLACED.match(s.text)
    if not m:
        return False
    subject = ctx.subject
    assert subject is not None
    new_name, old_name = strip_article(m.group("new")), strip_article(m.group("old"))
    new = (
        subject.iri
        if ctx.alias_resolves_to(new_name, subject)
        else ctx.agent(new_name, s, "organisation")
    )
    old = ctx.agent(old_name, s, "organisation")
    succession(ctx, old, new, date_in(m.group("date")), s, m.group("treaty"))
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
        member_list = ctx.member_list(
            ctx.subject_iri,
            role,
            status,
            s,
            listed_type=listed_type,
            stated_count=count,
            complete=(bool(resolved) and count == len(resolved)) or count == 0,
        )
        for name, agent in resolved:
            membership = ctx.membership(
                ctx.subject_iri, agent, role, status, s, mentioned_as=name
            )
            ctx.list_member(member_list, membership)
    return True


def _liaison(ctx: DocumentContext, s: Sentence) -> bool:
    m = _LIAISON.match(s.text)
    if not m:
        return False
    for name, agent in resolve_names(ctx, m.group("names"), s):
        ctx.membership(
            ctx.subject_iri,
            agent,
            KG.RoleLiaisonOffice,
            KG.StatusActive,
            s,
            mentioned_as=name,
        )
    return True


# -- members -----------------------------------------------------------------

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
    if _is_none(text):
        return _ListText([], legend, cut)
    names = _merge_split_names(ctx, split_names(text))
    if cut is None and names:
        last = _annotated(names[-1], KG.RoleMember, KG.StatusActive)[0]
        if not ctx.resolves(last) and ctx.resolver.begins_a_name(last):
            cut = names.pop()
    return _ListText(names, legend, cut)


def _parse_members(
    ctx: DocumentContext,
    lines: list[Line],
    suspended: dict[URIRef, tuple[str, ParsedDate | None]],
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
        count = _MEMBER_COUNT.match(text)
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
        member_list = ctx.member_list(
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
                m_status = KG.StatusSuspended
            membership = ctx.membership(
                ctx.subject_iri,
                agent,
                m_role,
                m_status,
                s,
                mentioned_as=raw,
                begin=begin,
                end=end,
            )
            ctx.list_member(member_list, membership)
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


# -- overlap, contact --------------------------------------------------------

#: One overlap claim: "5 of 10 CEEAC members", with an optional note in
#: parentheses (which may be cut off or wrapped onto the next line). Claims
#: run together on one line are found one after another.
_OVERLAP = re.compile(
    r"(?P<shared>\d+|[a-z]+) of (?P<total>\d+|[a-z]+) "
    r"(?P<org>[A-Za-z][\w&'.\u2019/-]*(?: [\w&'.\u2019/-]+){0,7}?) members?\b\.?"
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


def _parse_overlap(ctx: DocumentContext, lines: list[Line]) -> None:
    for s in _overlap_items(lines):
        text = s.text
        if _AS_OF.search(text) or _OVERLAP_INTRO.search(text):
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


def _parse_contact(ctx: DocumentContext, lines: list[Line]) -> None:
    items = [(ln, BULLET.sub("", ln.text.strip())) for ln in lines]
    items = [(ln, t) for ln, t in items if not _is_none(t)]
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


# -- activities ----------------------------------------------------------------

_IN_FORCE = re.compile(
    r"^(?:The )?(?P<instr>.+?) entered into force (?:in|on) "
    r"(?P<date>\d{4}|\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{4})"
    r",?(?: (?:when|after|once) (?P<cond>.+?))?\.$"
)
_RATIFIED_ALL = re.compile(
    r"^All (?:current )?(?:members|member states) have (?:since |now )?"
    r"ratified (?:it|the \w+)\.$"
)
_TF_COUNT = re.compile(r"\b(?P<n>\w+) task forces\b")
_TASK_FORCE = re.compile(
    r"(?:the )?(?P<tf>(?:[A-Z][\w-]*[ -])+Task Force), established in (?P<year>\d{4})"
    r"(?: and coordinated by (?P<coord>[A-Z][^,.;]*))?"
)
_SUB_GROUPS = re.compile(
    r"one of (?P<n>\w+) sub-?groups under "
    r"(?:the )?(?P<tf>(?:[A-Z][\w-]*[ -])+Task Force)"
)
_OPERATION = re.compile(
    r"Operation (?P<name>[A-Z][\w'-]*(?: [A-Z][\w'-]*)*) \((?P<paren>[^)]*)\)"
)
_PARTICIPATED = re.compile(
    r"^(?P<n>[\w-]+) (?P<kind>[a-z ]+?) (?:participated|took part) in\b"
)
_CONDUCTED = re.compile(r"^(?P<who>.+?),? conducted\b")
_THROUGH = re.compile(r"\bthrough (?:the )?(?P<through>[A-Z][\w-]*(?: [A-Z][\w-]*)*)")
_FIGURE = re.compile(
    rf"(?:(?P<q>{_QUALIFIERS})\s+)?(?P<num>\d[\d,]*(?:\.\d+)?)\s+"
    r"(?P<item>[a-z][a-z -]*?)(?=,|;|\.| and | in | which |$)"
)
_MANDATE_START = re.compile(r"^(?:It|{acr})(?: also)? (?P<body>(?:[a-z]+s) .+)\.$")


_JOINT_OUTCOME = re.compile(
    r"^(?:Both|These|The|All) (?:\w+ )?(?:exercises|operations) "
    r"(?P<outcome>(?:led|resulted|contributed|produced|yielded) .+?)\.$"
)


def _parse_activities(
    ctx: DocumentContext, lines: list[Line], members: list[URIRef]
) -> None:
    last_instrument: URIRef | None = None
    operations: list[URIRef] = []
    for line in lines:
        for s in sentences(line):
            text = s.text
            m = _IN_FORCE.match(text)
            if m:
                last_instrument = find_instrument(ctx, m.group("instr"), s)
                when = parse_date(m.group("date"))
                if when is not None:
                    ctx.fact(
                        last_instrument, KG.entryIntoForceDate, date_literal(when), s
                    )
                if m.group("cond"):
                    ctx.fact(
                        last_instrument,
                        KG.entryIntoForceCondition,
                        Literal(m.group("cond"), lang="en"),
                        s,
                    )
                continue
            if _RATIFIED_ALL.match(text) and last_instrument is not None:
                for agent in members:
                    _participation(
                        ctx, last_instrument, agent, KG.ParticipationRatified, s
                    )
                continue
            handled = False
            tf_count = _TF_COUNT.search(text)
            if tf_count and parse_number(tf_count.group("n")) is not None:
                ctx.fact(
                    ctx.subject_iri,
                    KG.taskForceCount,
                    Literal(parse_number(tf_count.group("n"))),
                    s,
                )
                handled = True
            for tm in _TASK_FORCE.finditer(text):
                unit = _unit(ctx, tm.group("tf"), s)
                ctx.fact(
                    unit,
                    KG.foundingDate,
                    date_literal(ParsedDate(int(tm.group("year")))),
                    s,
                )
                if tm.group("coord"):
                    ctx.fact(
                        unit,
                        KG.coordinatedBy,
                        ctx.agent(tm.group("coord").strip(), s),
                        s,
                    )
                handled = True
            sub = _SUB_GROUPS.search(text)
            if sub and parse_number(sub.group("n")) is not None:
                unit = _unit(ctx, sub.group("tf"), s)
                ctx.fact(
                    unit, KG.subGroupCount, Literal(parse_number(sub.group("n"))), s
                )
                handled = True
            if _OPERATION.search(text):
                operations.append(_operation(ctx, s))
                handled = True
            joint = _JOINT_OUTCOME.match(text)
            if joint and operations:
                for op in operations:
                    ctx.fact(
                        op, KG.outcome, Literal(joint.group("outcome"), lang="en"), s
                    )
                handled = True
            if not handled and not _mandate(ctx, s):
                ctx.unparsed_sentence(s)


def _participation(
    ctx: DocumentContext, agreement: URIRef, agent: URIRef, kind: URIRef, s: Sentence
) -> None:
    iri = mint(
        "participation",
        ctx.doc_id,
        entity_key(agreement),
        entity_key(agent),
        str(kind).rsplit("#", 1)[-1],
    )
    ctx.node(iri, KG.AgreementParticipation, s)
    ctx.graph.add((iri, KG.agreement, agreement))
    ctx.graph.add((iri, KG.party, agent))
    ctx.graph.add((iri, KG.participationType, kind))


def _operation(ctx: DocumentContext, s: Sentence) -> URIRef:
    m = _OPERATION.search(s.text)
    assert m is not None
    name = f"Operation {m.group('name')}"
    op = ctx.node(
        mint("operation", entity_key(ctx.subject_iri), slugify(name)), KG.Operation, s
    )
    g = ctx.graph
    g.add((op, RDFS.label, Literal(name, lang="en")))
    g.add((op, KG.operationOf, ctx.subject_iri))
    paren = [p.strip() for p in m.group("paren").split(",")]
    for part in paren:
        when = parse_date(part)
        if when is not None:
            g.add((op, KG.startDate, date_literal(when)))
            continue
        dur = re.fullmatch(r"(?P<n>[\w-]+) (?P<unit>year|month|week|day)s?", part)
        if dur and parse_number(dur.group("n")) is not None:
            code = {"year": "Y", "month": "M", "week": "W", "day": "D"}[
                dur.group("unit")
            ]
            g.add(
                (
                    op,
                    KG.duration,
                    Literal(
                        f"P{parse_number(dur.group('n'))}{code}", datatype=_XSD_DURATION
                    ),
                )
            )
    before = s.text[: m.start()]
    after = s.text[m.end() :]
    part = _PARTICIPATED.match(before)
    if part and parse_number(part.group("n")) is not None:
        g.add((op, KG.participantCount, Literal(parse_number(part.group("n")))))
        g.add((op, KG.participantKind, Literal(part.group("kind"), lang="en")))
    conducted = _CONDUCTED.match(before)
    if conducted:
        who = conducted.group("who")
        through = _THROUGH.search(who)
        if through:
            g.add((op, KG.conductedThrough, ctx.agent(through.group("through"), s)))
            who = who[: through.start()].rstrip(" ,")
        g.add((op, KG.participantKind, Literal(who, lang="en")))
    outcome = re.sub(r"^,?\s*which\s+", "", after).rstrip(".")
    verb = re.match(
        rf"^(?P<verb>.*?)(?=(?:{_QUALIFIERS})?\s*\d)",
        outcome,
    )
    measure = verb.group("verb").strip() if verb else ""
    for i, fm in enumerate(_FIGURE.finditer(outcome), start=1):
        if re.fullmatch(r"\d{4}", fm.group("num")) and fm.group("item").startswith(
            ("month", "year")
        ):
            continue
        figure = mint("figure", ctx.doc_id, slugify(name), str(i))
        ctx.node(figure, KG.Figure, s)
        g.add((op, KG.figure, figure))
        g.add((figure, KG.quantity, _quantity(fm.group("num"))))
        g.add((figure, KG.item, Literal(fm.group("item").strip(), lang="en")))
        if measure:
            g.add((figure, KG.measure, Literal(measure, lang="en")))
        if fm.group("q"):
            g.add((figure, KG.qualifier, Literal(fm.group("q"))))
    location = re.search(r"\bin (?P<place>[A-Z][\w-]*(?: [A-Z][\w-]*)*)\s*$", outcome)
    if location and ctx.resolves(location.group("place"), "state"):
        g.add((op, KG.location, ctx.agent(location.group("place"), s, "state")))
    return op


def _mandate(ctx: DocumentContext, s: Sentence) -> bool:
    subject = ctx.subject
    assert subject is not None
    acr = re.escape(subject.acronym or subject.label)
    m = re.match(_MANDATE_START.pattern.replace("{acr}", acr), s.text)
    if not m:
        return False
    items = [
        re.sub(r"^and\s+", "", item.strip()) for item in m.group("body").split(";")
    ]
    for item in filter(None, items):
        ctx.fact(ctx.subject_iri, KG.mandate, Literal(item, lang="en"), s)
    return True


# -- programmes, cooperation, instruments ------------------------------------


def _parse_programmes(ctx: DocumentContext, lines: list[Line]) -> None:
    for line in lines:
        text = BULLET.sub("", line.text.strip()).rstrip(".")
        if _is_none(text):
            continue
        s = Sentence(line.number, 0, text)
        programme = mint("programme", entity_key(ctx.subject_iri), slugify(text))
        ctx.fact(programme, RDF.type, KG.Programme, s)
        ctx.fact(programme, RDFS.label, Literal(text, lang="en"), s)
        ctx.fact(programme, KG.programmeOf, ctx.subject_iri, s)


_COOPERATION = re.compile(
    r"^(?P<kind>.+?) (?:signed|concluded) with (?:RO partners,? )?(?:including )?"
    r"(?P<names>.+?)\.$"
)


def _parse_cooperation(ctx: DocumentContext, lines: list[Line]) -> None:
    for line in lines:
        for s in sentences(Line(line.number, BULLET.sub("", line.text))):
            m = _COOPERATION.match(s.text)
            if not m:
                if not _is_none(s.text):
                    ctx.unparsed_sentence(s)
                continue
            kind = m.group("kind").lower()
            mou = "memorand" in kind or "mou" in kind
            agreement = "agreement" in kind
            cls = (
                KG.Agreement
                if mou and agreement
                else KG.MemorandumOfUnderstanding
                if mou
                else KG.CooperationAgreement
            )
            for name, partner in resolve_names(ctx, m.group("names"), s):
                iri = mint(
                    "partnership",
                    ctx.doc_id,
                    entity_key(ctx.subject_iri),
                    entity_key(partner),
                )
                ctx.node(iri, KG.Partnership, s)
                g = ctx.graph
                g.add((iri, KG.partnerOf, ctx.subject_iri))
                g.add((iri, KG.partner, partner))
                g.add((iri, KG.instrumentType, cls))
                g.add((iri, KG.mentionedAs, Literal(name)))
                ctx.fact(
                    ctx.subject_iri,
                    KG.mouPartner
                    if cls == KG.MemorandumOfUnderstanding
                    else KG.cooperatesWith,
                    partner,
                    s,
                )


_INSTRUMENT_LINE = re.compile(
    r"^(?P<title>.+?)(?:\s*\((?P<date>[^()]*\d{4}[^()]*)\))?\.?$"
)


def _parse_instruments(ctx: DocumentContext, lines: list[Line], binding: bool) -> None:
    for line in lines:
        text = BULLET.sub("", line.text.strip())
        if _is_none(text):
            continue
        s = Sentence(line.number, 0, text)
        m = _INSTRUMENT_LINE.match(text)
        if m is None:  # pragma: no cover - the pattern matches any non-empty text
            ctx.unparsed_sentence(s)
            continue
        signed = parse_date(m.group("date")) if m.group("date") else None
        instrument(ctx, m.group("title").strip(), s, signed=signed, binding=binding)


def _quantity(text: str) -> Literal:
    """An ``xsd:integer`` for whole numbers, else an ``xsd:decimal``."""
    digits = text.replace(",", "")
    return Literal(int(digits)) if digits.isdigit() else Literal(Decimal(digits))


_XSD_DURATION = URIRef("http://www.w3.org/2001/XMLSchema#duration")
