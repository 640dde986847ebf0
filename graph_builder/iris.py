"""Stable IRIs for everything the builder mints; no fact is a blank node."""

from rdflib import Namespace, URIRef

from graph_builder.text import slugify

__all__ = [
    "ID",
    "ONTOLOGY_IRI",
    "PREFIXES",
    "entity_key",
    "graph_iri",
    "mint",
    "shorten",
]

ID = Namespace("https://w3id.org/orgkg/id/")
ONTOLOGY_IRI = URIRef("https://w3id.org/orgkg/def")

#: Prefixes of the exports, the pages and CLI tables.
PREFIXES = {
    "kg": "https://w3id.org/orgkg/def#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dct": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def shorten(iri: str) -> str:
    """A prefixed name for an IRI in a known namespace (``id:`` for orgkg's own).

    Examples:
        >>> shorten("http://www.w3.org/ns/org#memberOf")
        'org:memberOf'
        >>> shorten("https://w3id.org/orgkg/id/org/selec")
        'id:org/selec'
        >>> shorten("http://example.org/x")
        'http://example.org/x'
    """
    if iri.startswith(str(ID)):
        return "id:" + iri.removeprefix(str(ID))
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri.removeprefix(namespace)}"
    return iri


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
