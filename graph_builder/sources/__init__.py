"""Source documents: one module or package per kind, and what they share.

Modules:
    extract: a file's bytes to numbered lines of text.
    poa_profile: the Programme-of-Action profile reader (a package: layout,
        heading, member lists, overlap lines, prose facts, dates, ...).
    org_website: an organisation's own website text.
    context: ``DocumentContext``, what a parser states facts through (each
        with its passage, document and as-of date), and what it reports.
    memberships: memberships and member lists, stated the same way by every
        kind (and by the reference data).
    common: helpers the readers share (names, dates, successions, instruments).

May import the core modules of ``graph_builder`` only (errors, paths,
namespace, iris, text, resolve): a reader never queries, builds or serves.
"""

from graph_builder.sources.context import (
    DocumentContext,
    UnparsedPassage,
    UnresolvedName,
)
from graph_builder.sources.org_website import detect_organisation, parse_website
from graph_builder.sources.poa_profile import looks_like_profile, parse_profile

__all__ = [
    "KINDS",
    "DocumentContext",
    "UnparsedPassage",
    "UnresolvedName",
    "detect_kind",
    "detect_organisation",
    "parse_profile",
    "parse_website",
]

#: The document kinds orgkg reads.
KINDS = ("poa_profile", "org_website")


def detect_kind(text: str) -> str:
    """Which parser reads a text: ``"poa_profile"`` or ``"org_website"``.

    Examples:
        >>> detect_kind("General Information | Point of Contact | Members")
        'poa_profile'
        >>> detect_kind("The objective of SELEC is to help.")
        'org_website'
    """
    return "poa_profile" if looks_like_profile(text) else "org_website"
