"""Stable IRIs for everything the builder mints; no fact is a blank node."""

from rdflib import Namespace, URIRef

from graph_builder.text import slugify

__all__ = ["ID", "ONTOLOGY_IRI", "entity_key", "graph_iri", "mint"]

ID = Namespace("https://w3id.org/orgkg/id/")
ONTOLOGY_IRI = URIRef("https://w3id.org/orgkg/def")


def mint(kind: str, *parts: str) -> URIRef:
    """Make an IRI ``id/<kind>/<part>/<part>...`` from already-safe parts.

    Args:
        kind: The first path segment, e.g. ``"membership"``.
        *parts: Further segments; a part with characters that are not safe in
            an IRI path (spaces, accents, punctuation) is slugified.

    Returns:
        The IRI.

    Examples:
        >>> str(mint("org", "selec"))
        'https://w3id.org/orgkg/id/org/selec'
        >>> str(mint("place", "ROU", "Bucharest, Sector 1"))
        'https://w3id.org/orgkg/id/place/ROU/bucharest-sector-1'
    """
    safe = [p if _is_safe(p) else slugify(p) for p in parts]
    return URIRef(ID + "/".join([kind, *safe]))


def _is_safe(part: str) -> bool:
    return bool(part) and all(c.isascii() and (c.isalnum() or c in "-_.") for c in part)


def graph_iri(doc_id: str) -> URIRef:
    """The named graph that holds the statements of one source document."""
    return mint("graph", doc_id)


def entity_key(iri: URIRef) -> str:
    """The last path segments of an orgkg entity IRI, for use inside other IRIs.

    Examples:
        >>> entity_key(URIRef("https://w3id.org/orgkg/id/state/ALB"))
        'state-ALB'
    """
    local = str(iri).removeprefix(str(ID))
    return local.replace("/", "-")
