"""Source-document formats: detection and parsing into a document's named graph."""

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
