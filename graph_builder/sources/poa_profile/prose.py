"""Statuses and roles written in prose.

Suspensions (hedged ones too), observers, associate members, partners and
dialogue partners stated in sentences rather than list lines.
"""

import re
from dataclasses import dataclass

from rdflib import URIRef

from graph_builder.namespace import KG
from graph_builder.resolve import Entity
from graph_builder.sources.common import (
    split_on_and,
)
from graph_builder.sources.context import DocumentContext
from graph_builder.sources.memberships import add_membership
from graph_builder.sources.poa_profile.dates import DATE, date_of
from graph_builder.text import (
    ParsedDate,
    Sentence,
    split_names,
    strip_article,
)

__all__ = [
    "Stated",
    "named_agents",
    "prose_role",
    "read_suspension",
    "uncertain_unlisted",
]


@dataclass(frozen=True)
class Stated:
    """A status the description gives a member, for its entry in the list.

    Attributes:
        name: The name the sentence uses.
        start: When the status began, if the sentence says.
        status: ``kg:StatusSuspended``, or ``kg:StatusUncertain`` for a
            hedged statement ("in principle suspended").
        sentence: The sentence, for the fact's passage.
    """

    name: str
    start: ParsedDate | None
    status: URIRef
    sentence: Sentence


#: Suspensions as profiles write them. Each names its states in ``names``
#: and may give the suspension's start in ``start``.
_SUSPENSIONS = [
    # "As of May 2012, Madagascar remained suspended (which began in 2008)."
    re.compile(
        rf"^(?:As (?:of|at) {DATE},? )?(?P<names>[A-Z].+?) "
        r"(?:remained|remains|was|were|is|are|has been|have been) (?:still )?"
        r"(?:suspended|under suspension)"
        rf"(?: (?:from|since|in) (?P<start>{DATE}))?"
        r"(?:,? \((?:which|that|the suspension) (?:began|started) in"
        rf" (?P<start2>{DATE})\))?"
        r"(?: as (?:of|at) [^.]+)?\.$"
    ),
    # "As of June 2012 three AU members were under suspension: A, B, and C."
    re.compile(
        rf"^(?:As (?:of|at) {DATE},? )?(?:\w+ )?(?:\w+ )?"
        r"(?:members?|states?|countries)"
        r" (?:were|was|are|is|remained|remain) (?:under suspension|suspended)"
        r"(?: as (?:of|at) [^:]+)?: (?P<names>.+?)\.$"
    ),
    # "In 2007 Eritrea suspended its membership." / "... its IGAD membership."
    re.compile(
        rf"^In (?P<start>{DATE}),? (?P<names>[A-Z].+?) suspended (?:its|their)"
        r" (?:(?P<org>[A-Z][\w-]*) )?(?:membership|participation)"
        r"(?: in (?:the )?(?P<org2>[\w ]+?))?\.$"
    ),
    # "Eritrea suspended its membership in 2007."
    re.compile(
        r"^(?P<names>[A-Z].+?) suspended (?:its|their)"
        r" (?:(?P<org>[A-Z][\w-]*) )?(?:membership|participation)"
        rf"(?: in (?:the )?(?P<org2>[A-Z][\w -]+?))?(?: in (?P<start>{DATE}))?\.$"
    ),
    # "The IGAD suspended Eritrea in December 2006."
    re.compile(
        r"^(?:The )?(?P<org>[A-Z][\w-]*(?: [A-Z][\w-]*)*) suspended"
        r" (?P<names>[A-Z].+?)(?:['\u2019]s (?:membership|participation))?"
        rf"(?: (?:in|on|from) (?P<start>{DATE}))?\.$"
    ),
    # "Syria's participation in the LAS was suspended in November 2011."
    re.compile(
        r"^(?P<names>[A-Z][^,]+?)['\u2019]s? (?:membership|participation)"
        r"(?: in (?:the )?[\w ]+?)?(?: (?:activities|meetings))?"
        r" (?:was|has been|had been|is|remains) suspended"
        rf"(?: (?:in|on|since) (?P<start>{DATE}))?\.$"
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


def named_agents(ctx: DocumentContext, text: str) -> list[tuple[str, URIRef]] | None:
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


def _about_subject(ctx: DocumentContext, m: re.Match[str]) -> bool:
    """Whether a sentence naming an organisation names the profile's own."""
    subject = ctx.subject
    assert subject is not None
    named = [m.group(g) for g in ("org", "org2") if g in m.re.groupindex and m.group(g)]
    return all(ctx.alias_resolves_to(strip_article(n), subject) for n in named)


def read_suspension(
    ctx: DocumentContext, s: Sentence, stated: dict[URIRef, Stated]
) -> bool:
    """Read a suspension stated in prose (see ``_SUSPENSIONS``).

    A suspension is its own membership with its start; the member's entry
    in the list is then listed as suspended (``stated``). A hedged one ("in
    principle suspended") changes only the entry's status, to uncertain: one
    uncertain fact, never a second membership beside the listed one.
    """
    if "suspen" not in s.text.lower():
        return False
    if _HEDGE.search(s.text):
        m = _HEDGED_SUSPENSION.match(s.text)
        agents = named_agents(ctx, m.group("names")) if m else None
        if agents is None:
            return False
        for name, agent in agents:
            # The source hedges: recorded as uncertain, not read as suspended.
            stated[agent] = Stated(name, None, KG.StatusUncertain, s)
        return True
    for pattern in _SUSPENSIONS:
        m = pattern.match(s.text)
        if not m or not _about_subject(ctx, m):
            continue
        agents = named_agents(ctx, m.group("names"))
        if agents is None:
            continue
        start = date_of(m, "start", "start2")
        for name, agent in agents:
            add_membership(
                ctx,
                ctx.subject_iri,
                agent,
                KG.RoleMember,
                KG.StatusSuspended,
                s,
                mentioned_as=name,
                begin=start,
                qualifier="suspension",
            )
            stated[agent] = Stated(name, start, KG.StatusSuspended, s)
        return True
    return False


def uncertain_unlisted(
    ctx: DocumentContext, stated: dict[URIRef, Stated], listed: list[URIRef]
) -> None:
    """A hedged status of an agent the member list does not name: one fact."""
    for agent, fact in stated.items():
        if fact.status == KG.StatusUncertain and agent not in listed:
            add_membership(
                ctx,
                ctx.subject_iri,
                agent,
                KG.RoleMember,
                KG.StatusUncertain,
                fact.sentence,
                mentioned_as=fact.name,
                qualifier="suspension",
            )


_PROSE_ROLES: list[tuple[str, URIRef]] = [
    (
        r"(?:special |permanent )?observer(?: state| organi[sz]ation| status)?s?",
        KG.RoleObserver,
    ),
    (r"associate(?: member)?(?:s|ship| status)?", KG.RoleAssociateMember),
    (
        r"(?:partners? for co-?operation|co-?operation partners?|"
        r"dialogue partners?|partner (?:state|countr(?:y|ie)|organi[sz]ation)s?)"
        r"(?: status)?",
        KG.RoleParticipant,
    ),
]


_ROLE_ALT = "|".join(f"(?:{pat})" for pat, _ in _PROSE_ROLES)


_SINCE = rf"(?: (?:since|in|from) (?P<since>{DATE}))?"


_ROLE_SENTENCES = [
    # "Kenya and Uganda have observer status (since 2005)."
    re.compile(
        r"^(?P<names>[A-Z].+?) (?:has|have|hold|holds|enjoys?|obtained|gained|"
        r"(?:was|were|has been|have been) (?:granted|given|accorded))"
        rf" (?:an? )?(?P<role>(?i:{_ROLE_ALT}))"
        rf"(?: (?:in|at|with) (?:the )?[\w-]+)?{_SINCE}\.$"
    ),
    # "Norway and Japan are observers." / "Morocco is a partner for cooperation."
    re.compile(
        r"^(?P<names>[A-Z].+?) (?:is|are|was|were|became|has become|have become"
        r"|has been|have been)"
        rf" (?:also )?(?:an? )?(?:{{acr}} )?(?P<role>(?i:{_ROLE_ALT}))"
        rf"(?: (?:of|in|at|to|with) (?:the )?[\w-]+)?{_SINCE}\.$"
    ),
    # "Observers include A, B and C." / "Its partners for cooperation are: A and B."
    re.compile(
        rf"^(?:The |Its |{{acr}}['\u2019]?s? )?(?P<role>{_ROLE_ALT})"
        r"(?: (?:of|in) (?:the )?[\w-]+)? (?:are|include|includes|comprise)"
        r":? (?P<names>.+?)\.$",
        re.IGNORECASE,
    ),
    # "Three organizations are observers: A, B and C."
    re.compile(
        r"^(?:\w+ )?(?:\w+ )?(?:organi[sz]ations?|states?|countries|members?)"
        rf" (?:are|is|have|has) (?:(?:an? )?(?P<role>{_ROLE_ALT})): (?P<names>.+?)\.$",
        re.IGNORECASE,
    ),
    # "It has two associate members: X and Y." / "Partners for Co-operation: A."
    re.compile(
        r"^(?:(?:It|{acr}|The [\w-]+) (?:has|had|counts|lists) (?:\w+ )?)?"
        rf"(?P<role>{_ROLE_ALT}): (?P<names>.+?)\.?$",
        re.IGNORECASE,
    ),
    # "In 2005 the LC granted observer status to A and B."
    re.compile(
        rf"^(?:In (?P<since>{DATE}),? )?(?:the )?[\w-]+ (?:granted|gave|accorded)"
        rf" (?P<role>{_ROLE_ALT}) to (?P<names>.+?)(?: in (?P<since2>{DATE}))?\.$",
        re.IGNORECASE,
    ),
]


def prose_role(ctx: DocumentContext, s: Sentence) -> bool:
    """Observers, associate members and partners named in a sentence."""
    subject = ctx.subject
    assert subject is not None
    acr = re.escape(subject.acronym or subject.label)
    for pattern in _ROLE_SENTENCES:
        m = re.match(pattern.pattern.replace("{acr}", acr), s.text, pattern.flags)
        if not m:
            continue
        agents = named_agents(ctx, m.group("names"))
        if agents is None:
            continue
        phrase = m.group("role").lower()
        role = next(r for pat, r in _PROSE_ROLES if re.fullmatch(pat, phrase))
        since = date_of(m, "since", "since2")
        for name, agent in agents:
            add_membership(
                ctx,
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
