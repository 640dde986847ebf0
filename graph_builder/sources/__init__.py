"""Source documents: one module or package per kind, and what they share.

Modules:
    extract: a file's bytes to numbered lines of text.
    poa_profile: the Programme-of-Action profile reader (a package: layout,
        heading, member lists, overlap lines, prose facts, dates, ...).
    org_website: an organisation's own website text.
    treaty_status: a treaty status document (the UN Treaty Collection's
        status page, a depositary's list): signatures and consents per state.
    agreements: participations in agreements and the rules that say from
        when an agreement binds a state (shared with the reference data).
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
from graph_builder.sources.treaty_status import looks_like_status, parse_status

__all__ = [
    "KINDS",
    "DocumentContext",
    "UnparsedPassage",
    "UnresolvedName",
    "detect_kind",
    "detect_organisation",
    "parse_profile",
    "parse_status",
    "parse_website",
]

#: The document kinds orgkg reads.
KINDS = ("poa_profile", "org_website", "treaty_status")


def detect_kind(text: str) -> str:
    """Which parser reads a text: a status document, a profile or website text.

    Examples:
        >>> detect_kind("General Information | Point of Contact | Members")
        'poa_profile'
        >>> detect_kind("The objective of SELEC is to help.")
        'org_website'
    """
    if looks_like_status(text):
        return "treaty_status"
    return "poa_profile" if looks_like_profile(text) else "org_website"
