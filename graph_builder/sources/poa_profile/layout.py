"""How a profile is laid out: section headings, navigation bar, member count.

Finds the sections of a profile page (in English, Spanish, French or
Portuguese) and tells a profile from other text by its layout.
"""

import re
from dataclasses import dataclass

from graph_builder.text import (
    Line,
    parse_timestamp,
)

__all__ = [
    "HEADINGS",
    "MEMBER_COUNT",
    "TITLE",
    "is_nav",
    "is_none",
    "looks_like_profile",
    "split_sections",
    "title_of",
]


#: Section name -> heading pattern (matched against the lowercased line).
#: The first three also take the Spanish, French and Portuguese headings a
#: translated page uses; the member section starts at its count line in any
#: of these languages (``MEMBER_COUNT``).
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


MEMBER_COUNT = re.compile(
    r"^(?P<n>\d+|[A-Za-z-]+) (?:members?|miembros?|membres?|membros?)"
    r"(?: \((?P<note>[^)]*)\))?$",
    re.IGNORECASE,
)


#: The English navigation bar of the published pages: a sure sign by itself.
_ENGLISH_NAV = re.compile(r"general information\s*\|", re.IGNORECASE)


TITLE = re.compile(r"^(?P<name>[^().]{3,150}?)\s*\((?P<acr>[^()]{1,30})\)$")
#: "EAPCCO Eastern Africa Police Chiefs Cooperation Organization": the
#: acronym first, no parentheses.
ACRONYM_FIRST = re.compile(
    r"^(?P<acr>[A-Z][A-Z0-9&-]{1,11}(?:/[A-Z][A-Z0-9&-]{1,11})?)\s+"
    r"(?P<name>[A-Z][\w'\u2019&-]*(?:\s+[\w'\u2019&-]+){1,20})$"
)
#: A title that is the name alone: capitalised words and the small words
#: between them, nothing else (no digits, commas or colons).
NAME_ALONE = re.compile(
    r"^[A-Z][\w'\u2019-]*(?:\s+(?:[A-Z][\w'\u2019-]*|of|and|the|for|on|in|de|des"
    r"|du|la|le|y|et|del|do|da|&))+$"
)


def title_of(text: str, first: bool = False) -> tuple[str, str | None] | None:
    """(name, acronym) of a title line, in any of the series' three forms.

    ``first``: the line is the first of the heading, where the name alone
    may stand.

    Examples:
        >>> title_of("Lakes Council (LC)"), title_of("LC Lakes Council")
        (('Lakes Council', 'LC'), ('Lakes Council', 'LC'))
        >>> title_of("Lakes Council", first=True), title_of("Lakes Council")
        (('Lakes Council', None), None)
        >>> title_of("Kampala, Uganda", first=True) is None
        True
    """
    text = text.strip()
    m = TITLE.match(text)
    if m:
        return m["name"].strip(), m["acr"].strip()
    m = ACRONYM_FIRST.match(text)
    if m and not any(pat.match(text.lower()) for pat in HEADINGS.values()):
        return m["name"].strip(), m["acr"]
    if (
        first
        and NAME_ALONE.match(text)
        and len(text.split()) >= 2
        and not any(pat.match(text.lower()) for pat in HEADINGS.values())
    ):
        return text, None
    return None


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


def is_none(text: str) -> bool:
    """Whether a list line's items say "none" (in any of the pages' languages)."""
    words = text.strip().lower().rstrip(".")
    return not words or words in _NONE_WORDS


def is_nav(text: str) -> bool:
    """Whether a line is a navigation bar: three or more short "|"-separated parts.

    Examples:
        >>> is_nav("Información general | Punto de contacto | Miembros")
        True
        >>> is_nav("Members: A | B")
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
    top = [ln for ln in lines[:12] if not is_nav(ln) and parse_timestamp(ln) is None]
    titled = any(title_of(ln, first=i == 0) for i, ln in enumerate(top[:4]))
    nav = any(is_nav(ln) for ln in lines[:5])
    counted = any(MEMBER_COUNT.match(ln) for ln in lines)
    known_nav = any(_ENGLISH_NAV.search(ln) for ln in lines[:5])
    return known_nav or (titled and (nav or counted)) or (nav and counted)


@dataclass
class _Sections:
    header: list[Line]
    parts: dict[str, list[Line]]


def split_sections(lines: list[Line]) -> _Sections:
    """The page's heading lines and its sections, by heading."""
    parts: dict[str, list[Line]] = {}
    header: list[Line] = []
    current: list[Line] = header
    for line in lines:
        lowered = line.text.strip().lower()
        name = next((n for n, pat in HEADINGS.items() if pat.match(lowered)), None)
        if (
            name is None
            and MEMBER_COUNT.match(line.text.strip())
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
