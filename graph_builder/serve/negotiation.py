"""Content negotiation: the media type an ``Accept`` header or ``format`` asks for."""

from __future__ import annotations

import functools
from collections.abc import Sequence

import mimeparse
from starlette.requests import Request

from graph_builder.serve.workers import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
)

__all__ = ["FORM_MEDIA", "GRAPH_SHORT", "SHORT", "negotiate", "wants_html"]


_ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
}


SHORT = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",  # what SPARQLWrapper sends for JSON-LD
    "rdfxml": "application/rdf+xml",
}


#: For CONSTRUCT and DESCRIBE, ``xml`` and ``json`` name the RDF formats, as
#: SPARQLWrapper and other endpoints read them.
GRAPH_SHORT = {
    **SHORT,
    "xml": "application/rdf+xml",
    "json": "application/ld+json",
    "n3": "text/turtle",  # SPARQLWrapper's N3; Turtle is N3's RDF subset
}


FORM_MEDIA = {
    "SELECT": list(RESULT_FORMATS),
    "ASK": list(RESULT_FORMATS),
    "CONSTRUCT": list(GRAPH_FORMATS),
    "DESCRIBE": list(GRAPH_FORMATS),
}


def negotiate(accept: str, offered: Sequence[str]) -> str | None:
    """The offered media type the ``Accept`` header ranks best, by q-value.

    An absent or empty header accepts anything; ranges that do not parse are
    ignored; ties go to the earlier offer.

    Examples:
        >>> negotiate("text/turtle;q=0.9, text/html", ["text/turtle", "text/html"])
        'text/html'
        >>> negotiate("", ["text/turtle", "text/html"])
        'text/turtle'
        >>> negotiate("image/png", ["text/turtle"]) is None
        True
    """
    return _negotiate(accept, tuple(offered))


@functools.lru_cache(maxsize=512)  # clients send the same few Accept headers
def _negotiate(accept: str, offered: tuple[str, ...]) -> str | None:
    ranges = []
    for part in accept.split(","):
        media = part.strip()
        if not media:
            continue
        try:
            mimeparse.parse_media_range(media)
        except (mimeparse.MimeTypeParseException, ValueError):
            continue
        ranges.append(media)
    if not ranges:
        if accept.strip():
            return None
        ranges = ["*/*"]
    aliased = [(alias, real) for alias, real in _ALIASES.items() if real in offered]
    candidates = [*offered, *(alias for alias, _ in aliased)]
    # mimeparse breaks ties in favour of the later candidate: offer in reverse.
    best = mimeparse.best_match(list(reversed(candidates)), ", ".join(ranges))
    return _ALIASES.get(best, best) or None


def wants_html(request: Request) -> bool:
    """Whether the client ranks an HTML page above a download (a browser)."""
    accept = request.headers.get("accept", "")
    return negotiate(accept, ["application/octet-stream", "text/html"]) == "text/html"
