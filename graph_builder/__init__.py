"""orgkg graph builder: source documents to an RDF dataset with provenance.

The package is in rooms, one per concern; each room may import only the
rooms below it (``tests/test_layout.py`` checks this):

=========  =================================================================
room       holds
=========  =================================================================
cli        the ``orgkg`` command line, one module per command family
serve      the HTTP app: routes by page family, workers, sandbox, scheduler
``viz``    (its own package) NetworkX analysis, charts, the explorer's pages
build      collect, parse, reference data, publish generations, validate
sources    one reader per source kind; text extraction
query      the one place SPARQL runs, the query library, the span table
core       ``errors``, ``paths``, ``namespace``, ``iris``, ``text``,
           ``resolve`` (name resolution): the modules at this level
=========  =================================================================

``query`` and ``sources`` are side by side: neither imports the other.
This module re-exports the public API.
"""

from graph_builder.build.pipeline import (
    BuildResult,
    build,
    build_dataset,
    collect_sources,
)
from graph_builder.build.published import open_store
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
