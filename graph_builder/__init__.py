"""orgkg graph builder: source documents to an RDF dataset with provenance."""

from graph_builder.build import (
    BuildResult,
    build,
    build_dataset,
    collect_sources,
    open_store,
)
from graph_builder.errors import (
    OntologyError,
    OrgKGError,
    QueryError,
    ResolutionError,
    SourceDataError,
    ValidationFailed,
)
from graph_builder.namespace import KG
from graph_builder.resolve import Entity, Resolver

__all__ = [
    "KG",
    "BuildResult",
    "Entity",
    "OntologyError",
    "OrgKGError",
    "QueryError",
    "ResolutionError",
    "Resolver",
    "SourceDataError",
    "ValidationFailed",
    "build",
    "build_dataset",
    "collect_sources",
    "open_store",
]
