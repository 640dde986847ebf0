"""Building: source documents to a published, validated graph.

Modules, in the order a build uses them:
    pipeline: ``build``: collect the documents, parse them, add the reference
        data, find conflicts between sources, write and publish.
    documents: each file read into its documents (``read_sources``: text,
        saved pages, PDFs, a handbook's profiles), their definitions
        registered, each parsed on its own; a document that cannot be read
        or parsed is reported (``DocumentError``), never stops a build.
    parse: every document parsed, in worker processes and from a
        per-document cache.
    reference: the curated reference data (``data/reference/``) as its own
        named graph.
    published: the files of a build generation; writing them, and opening
        the current one (``open_store``, ``open_resolver``, ``open_spans``).
    generations: build folders published by one atomic rename, with a lock.
    validate: SHACL shapes and ``*_violation.rq`` queries on a build.
    push: a build sent to a SPARQL Graph Store.
    fidelity: scoring a build against expected facts (the fidelity benchmark).

May import the core modules, ``graph_builder.query`` and
``graph_builder.sources``; never viz, serve or cli.
"""

from graph_builder.build.pipeline import BuildResult, build, build_dataset
from graph_builder.build.published import open_resolver, open_spans, open_store

__all__ = [
    "BuildResult",
    "build",
    "build_dataset",
    "open_resolver",
    "open_spans",
    "open_store",
]
