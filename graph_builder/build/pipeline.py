"""Build: sources -> named graphs -> N-Quads/TriG exports -> pyoxigraph store.

Everything is parsed before anything is written, so a malformed source leaves
the previous build untouched; outputs are written into a new generation folder
that one atomic rename publishes (``graph_builder.build.generations``).
"""

import json
import logging
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from graph_builder.build.agreements import load_reference_agreements
from graph_builder.build.documents import (
    DocumentError,
    ParsedDocument,
    Source,
    chunk,
    definitions_of,
    document_error,
    merge_chunks,
    read_sources,
    register_definitions,
)
from graph_builder.build.generations import (
    CURRENT,
    build_lock,
    cleanup,
)
from graph_builder.build.parse import (
    ParseCache,
    code_files,
    digest_files,
    parse_sources,
)
from graph_builder.build.published import (
    CACHE_NAME,
    INPUTS_NAME,
    SUMMARY_NAME,
    fingerprint,
    write_generation,
)
from graph_builder.build.reference import load_reference_memberships
from graph_builder.errors import SourceDataError
from graph_builder.iris import ONTOLOGY_IRI, graph_iri
from graph_builder.namespace import KG
from graph_builder.paths import ONTOLOGY_FILE, QUERIES_DIR, REFERENCE_DIR, SOURCES_DIR
from graph_builder.query.library import NamedQuery, load_library
from graph_builder.query.spans import Span, spans
from graph_builder.query.sparql import from_ox, select
from graph_builder.resolve import Entity, Resolver
from graph_builder.sources import UnparsedPassage, UnresolvedName
from graph_builder.sources.context import DocumentWarning

__all__ = [
    "REFERENCE_GRAPH",
    "BuildResult",
    "Conflict",
    "CountDisagreement",
    "build",
    "build_dataset",
    "collect_sources",
    "document_ids",
    "find_conflicts",
    "find_count_disagreements",
    "log",
    "reused_summary",
]


log = logging.getLogger(__name__)


REFERENCE_GRAPH = graph_iri("reference")


@dataclass(frozen=True)
class Conflict:
    """Two sources disagree on whether an agent holds a role in an organisation."""

    organisation: str
    agent: str
    listed_in: str
    listed_as_of: str | None
    absent_from: str
    absent_as_of: str | None


@dataclass(frozen=True)
class CountDisagreement:
    """Sources give different member counts for one organisation and role."""

    organisation: str
    role: str
    status: str
    counts: tuple[tuple[str, int | None, int, str | None], ...]
    """(source, stated count, listed count, as-of) per source."""


@dataclass
class BuildResult:
    """What a build produced: the data, per-document results, the summary.

    Attributes:
        documents: Each document's parse result, in document order.
        nquads: The whole dataset as sorted N-Quads.
        trig: The same as TriG.
        out_dir: Where it was written, if anywhere.
        conflicts: Membership disagreements between sources.
        count_disagreements: Member counts that differ between sources.
        errors: Documents that could not be read or understood, and why.
    """

    documents: list[ParsedDocument]
    nquads: bytes
    trig: bytes
    out_dir: Path | None = None
    conflicts: list[Conflict] = field(default_factory=list)
    count_disagreements: list[CountDisagreement] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)
    _store: ox.Store | None = field(default=None, repr=False)
    _dataset: Dataset | None = field(default=None, repr=False)

    @property
    def store(self) -> ox.Store:
        """The data in an in-memory pyoxigraph store (loaded on first use)."""
        if self._store is None:
            self._store = ox.Store()
            self._store.load(self.nquads, format=ox.RdfFormat.N_QUADS)
        return self._store

    @property
    def dataset(self) -> Dataset:
        """The data as an rdflib dataset, for SHACL validation (parsed on first use)."""
        if self._dataset is None:
            ds = Dataset()
            ds.bind("kg", str(KG._NS))
            graphs: dict[str, Graph] = {}
            for q in ox.parse(self.nquads, format=ox.RdfFormat.N_QUADS):
                name = q.graph_name.value
                g = graphs.get(name) or graphs.setdefault(name, ds.graph(URIRef(name)))
                g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
            self._dataset = ds
        return self._dataset

    @property
    def unresolved(self) -> list[UnresolvedName]:
        """Every name that did not resolve, in document order."""
        return [u for d in self.documents for u in d.unresolved]

    @property
    def unparsed(self) -> list[UnparsedPassage]:
        """Every sentence no pattern recognised."""
        return [u for d in self.documents for u in d.unparsed]

    @property
    def warnings(self) -> list[DocumentWarning]:
        """Every document warning, in document order."""
        return [w for d in self.documents for w in d.warnings]

    @property
    def defined(self) -> list[Entity]:
        """Organisations that documents define and the gazetteer lacks, once each."""
        seen: dict[URIRef, Entity] = {}
        for d in self.documents:
            for e in d.defined:
                seen.setdefault(e.iri, e)
        return list(seen.values())

    def counts(self) -> dict[str, int]:
        """Entity and fact counts by class, over the whole dataset."""
        types: Counter[str] = Counter()
        seen: set[tuple[str, str]] = set()
        ontology = ox.NamedNode(ONTOLOGY_IRI)
        rdf_type = ox.NamedNode(str(RDF.type))
        for q in self.store.quads_for_pattern(None, rdf_type, None, None):
            pair = (str(q.subject), getattr(q.object, "value", ""))
            if q.graph_name == ontology or pair in seen:
                continue
            seen.add(pair)
            types[pair[1].rsplit("#", 1)[-1].rsplit("/", 1)[-1]] += 1
        return dict(sorted(types.items()))

    def triples(self) -> int:
        """The number of quads in the dataset."""
        return len(self.store)

    def summary(self) -> dict[str, Any]:
        """What ``orgkg build`` reports, as JSON-ready data.

        Stored in each generation, so a rebuild with nothing changed can
        report it again without parsing anything.
        """
        return {
            "out_dir": str(self.out_dir) if self.out_dir else None,
            "quads": self.triples(),
            "documents": [
                {
                    "id": d.doc_id,
                    "file": str(d.path),
                    "kind": d.kind,
                    "organisation": d.subject,
                    "as_of": d.as_of,
                }
                for d in self.documents
            ],
            "counts": self.counts(),
            "unresolved": [
                {"name": u.name, "document": u.doc_id, "line": u.line}
                for u in self.unresolved
            ],
            "new_organisations": [
                {"key": e.key, "name": e.label, "acronym": e.acronym}
                for e in self.defined
            ],
            "warnings": [
                {"document": w.doc_id, "line": w.line, "message": w.message}
                for w in self.warnings
            ],
            "unparsed": [
                {"document": u.doc_id, "line": u.line, "text": u.text}
                for u in self.unparsed
            ],
            "errors": [e.as_dict() for e in self.errors],
            "conflicts": [c.__dict__ for c in self.conflicts],
            "count_disagreements": [
                {
                    "organisation": c.organisation,
                    "role": c.role,
                    "status": c.status,
                    "sources": [
                        {"source": s, "stated": st, "listed": li, "as_of": a}
                        for s, st, li, a in c.counts
                    ],
                }
                for c in self.count_disagreements
            ],
        }


#: What a folder contributes: text, saved web pages and PDFs. A file named
#: on the command line is read whatever its name; its content decides how.
DOCUMENT_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".pdf"})


def _documents_in(folder: Path) -> list[Path]:
    """The documents of a folder, leaving out what a saved page brings along."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in DOCUMENT_SUFFIXES
        and not any(
            part.startswith(".") or part.endswith("_files")
            for part in p.relative_to(folder).parts
        )
    )


def collect_sources(
    extra: Sequence[Path] = (), sources_dir: Path = SOURCES_DIR
) -> list[Path]:
    """The bundled documents plus extra files or folders, in a stable order.

    Raises:
        SourceDataError: A given path does not exist.
    """
    paths: list[Path] = _documents_in(sources_dir) if sources_dir.is_dir() else []
    for p in extra:
        if p.is_dir():
            paths.extend(_documents_in(p))
        elif p.is_file():
            paths.append(p)
        else:
            raise SourceDataError(p, "no such file or directory")
    seen: set[Path] = set()
    unique: list[Path] = []
    for p in paths:
        if p.resolve() not in seen:
            seen.add(p.resolve())
            unique.append(p)
    return unique


def document_ids(paths: Sequence[Path]) -> list[str]:
    """Each file's document id: its stem, made unique in order.

    A folder may hold one profile as text, saved page and PDF: the first
    keeps the stem, the next ``stem-html`` (its format's suffix), then a
    number.

    Examples:
        >>> document_ids([Path("a/x.txt"), Path("b/x.html"), Path("c/x.txt")])
        ['x', 'x-html', 'x-txt']
        >>> document_ids([Path("a/x.txt"), Path("b/x.txt"), Path("c/x.txt")])
        ['x', 'x-txt', 'x-txt-2']
    """
    ids: list[str] = []
    taken: set[str] = set()
    for p in paths:
        ident = p.stem
        if ident in taken:
            ident = f"{p.stem}-{p.suffix.lstrip('.').lower() or 'file'}"
        base, n = ident, 1
        while ident in taken:
            n += 1
            ident = f"{base}-{n}"
        taken.add(ident)
        ids.append(ident)
    return ids


def build_dataset(
    sources: Sequence[Path],
    progress: Callable[[str], None] = log.info,
    reference_dir: Path = REFERENCE_DIR,
    *,
    cache_dir: Path | None = None,
    jobs: int = 1,
) -> BuildResult:
    """Parse sources into one named graph per document, plus reference data.

    Every document's definitions are registered first, so each document
    parses on its own (``graph_builder.build.documents``): in worker processes when
    ``jobs`` > 1, and from ``cache_dir`` when it was parsed before under the
    same code, reference data and definitions.

    Args:
        sources: The documents, in order.
        progress: Receives one line per step.
        reference_dir: Gazetteer, aliases and curated memberships.
        cache_dir: Where parsed documents are kept between builds, if anywhere.
        jobs: Worker processes for parsing.

    Returns:
        The data as sorted N-Quads and TriG, and the per-document results.

    A document that cannot be read or understood is reported in the
    result's ``errors`` (file, line or page, and why), never raised: one
    document must not stop a build.
    """
    errors: list[DocumentError] = []
    read: list[Source] = []
    for path, ident in zip(sources, document_ids(sources), strict=True):
        try:
            read.extend(read_sources(path, ident))
        except SourceDataError as exc:
            errors.append(document_error(exc, path, ident))
    resolver = Resolver(reference_dir)
    registry = register_definitions(resolver, definitions_of(read))
    cache = None
    if cache_dir is not None:
        salt = digest_files(code_files(reference_dir)) + registry
        cache = ParseCache(cache_dir, salt)
    parsed = parse_sources(
        read,
        resolver,
        reference_dir=reference_dir,
        cache=cache,
        jobs=jobs,
        progress=progress,
    )
    docs = [d for d in parsed if isinstance(d, ParsedDocument)]
    errors += [d for d in parsed if isinstance(d, DocumentError)]
    if cache is not None:
        cache.prune(read)
    progress("reference memberships")
    shared = Dataset()
    reference = shared.graph(REFERENCE_GRAPH)
    used = {URIRef(i) for d in docs for i in d.used}
    used |= load_reference_memberships(reference, resolver, reference_dir)
    used |= load_reference_agreements(reference, resolver, reference_dir)
    defined = {e.iri for d in docs for e in d.defined}
    for entity in resolver.entities():
        if entity.iri in defined or (entity.kind == "state" and entity.iri not in used):
            continue
        if entity.kind == "instrument":  # described by load_reference_agreements
            continue
        _describe_entity(reference, entity)
    ontology = shared.graph(URIRef(ONTOLOGY_IRI))
    ontology.parse(ONTOLOGY_FILE, format="turtle")
    chunks = [(graph_iri(d.doc_id), d.nquads, d.trig) for d in docs]
    for g in (reference, ontology):
        iri = URIRef(g.identifier)
        chunks.append((iri, *chunk((s, p, o, iri) for s, p, o in g)))
    nquads, trig = merge_chunks(chunks)
    return BuildResult(docs, nquads, trig, errors=errors)


def _describe_entity(g: Graph, e: Entity) -> None:
    label = Literal(e.label, lang="en")
    g.add((e.iri, RDFS.label, label))
    g.add((e.iri, SKOS.prefLabel, label))
    for name in e.names:
        if name != e.label:
            g.add((e.iri, SKOS.altLabel, Literal(name)))
    if e.note:
        g.add((e.iri, SKOS.note, Literal(e.note, lang="en")))
    if e.kind == "state":
        g.add((e.iri, RDF.type, KG.State))
        g.add((e.iri, KG.iso3166Alpha3, Literal(e.key)))
        if e.iso2:
            g.add((e.iri, KG.iso3166Alpha2, Literal(e.iso2)))
        return
    cls = (
        KG.RegionalOrganisation
        if e.org_kind == "regional"
        else KG.InternationalOrganisation
    )
    g.add((e.iri, RDF.type, cls))
    if e.acronym:
        g.add((e.iri, KG.acronym, Literal(e.acronym)))
    if e.wikidata:
        g.add(
            (e.iri, KG.wikidata, URIRef(f"http://www.wikidata.org/entity/{e.wikidata}"))
        )


def reused_summary(
    extra: Sequence[Path] = (),
    out_dir: Path | None = None,
    sources_dir: Path = SOURCES_DIR,
) -> dict[str, Any] | None:
    """The last build's summary when nothing it read has changed, else None.

    Like a build, this removes what killed builds left behind.

    Raises:
        SourceDataError: A given source does not exist or cannot be read.
        BuildLockedError: Another build is writing into ``out_dir``.
    """
    if out_dir is None or not (out_dir / CURRENT).is_symlink():
        return None
    inputs = fingerprint(collect_sources(extra, sources_dir))
    # Under the build lock, unpinned: when a build follows, it must be free
    # to remove this generation.
    with build_lock(out_dir):
        gen = (out_dir / CURRENT).resolve()
        try:
            stored = (gen / INPUTS_NAME).read_text().strip()
            summary = json.loads((gen / SUMMARY_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if stored != inputs or not isinstance(summary, dict):
            return None
        cleanup(out_dir)  # what a killed build left behind, as a build would
    return summary


def build(
    extra: Sequence[Path] = (),
    out_dir: Path | None = None,
    *,
    sources_dir: Path = SOURCES_DIR,
    queries_dir: Path = QUERIES_DIR,
    progress: Callable[[str], None] = log.info,
    jobs: int = 1,
    derived: Mapping[str, Callable[[Sequence[Span]], bytes | None]] | None = None,
) -> BuildResult:
    """Build the bundled corpus plus extra documents, and write the outputs.

    Args:
        extra: Further documents or folders of documents.
        out_dir: Where ``orgkg.nq``, ``orgkg.trig`` and ``store/`` go; nothing
            is written when None.
        sources_dir: The bundled corpus.
        queries_dir: The query library (its ``source_conflicts`` query feeds
            the summary).
        progress: Receives one line per step.
        jobs: Worker processes for parsing documents.
        derived: Further files made from the span table
            (``write_generation``'s).

    Returns:
        The build result with conflicts filled in.

    Raises:
        SourceDataError: A given path does not exist, or no document could be
            read; nothing is written then. A document that cannot be read or
            understood is reported in the result's ``errors`` instead.
    """
    sources = collect_sources(extra, sources_dir)
    if not sources:
        raise SourceDataError(
            sources_dir, "no source documents (.txt, .html, .pdf) found"
        )
    result = build_dataset(
        sources,
        progress=progress,
        cache_dir=out_dir / CACHE_NAME if out_dir is not None else None,
        jobs=jobs,
    )
    if not result.documents:
        first = result.errors[0]
        raise SourceDataError(
            first.file,
            f"nothing could be built: {len(result.errors)} documents could not be"
            f" read, the first: {first.where()}: {first.message}",
        )
    store = result.store
    library = load_library(queries_dir)
    result.conflicts = find_conflicts(store, library)
    result.count_disagreements = find_count_disagreements(store, library)
    if out_dir is not None:
        progress(f"writing exports and store to {out_dir}")
        result.out_dir = out_dir
        inputs = fingerprint(sources, queries_dir=queries_dir)
        gen = write_generation(
            out_dir,
            result.nquads,
            result.trig,
            spans(store),
            inputs,
            result.summary(),
            derived,
        )
        progress(f"published {gen.name} as {out_dir / CURRENT}")
    return result


def find_conflicts(
    store: ox.Store, library: Mapping[str, NamedQuery] | None = None
) -> list[Conflict]:
    """Membership disagreements between sources, from ``source_conflicts.rq``."""
    query = (library or load_library())["source_conflicts"]
    _, rows = select(store, query.text)
    return [
        Conflict(
            organisation=str(r["orgLabel"]),
            agent=str(r["agentLabel"]),
            listed_in=str(r["listedIn"]),
            listed_as_of=str(r["listedAsOf"]) if "listedAsOf" in r else None,
            absent_from=str(r["absentFrom"]),
            absent_as_of=str(r["absentAsOf"]) if "absentAsOf" in r else None,
        )
        for r in rows
    ]


def find_count_disagreements(
    store: ox.Store, library: Mapping[str, NamedQuery] | None = None
) -> list[CountDisagreement]:
    """Organisations whose member counts differ between sources.

    Uses ``member_counts_by_source.rq``; a source's count is the number it
    states, or else the number of members it names.
    """
    query = (library or load_library())["member_counts_by_source"]
    _, rows = select(store, query.text)
    groups: dict[
        tuple[str, str, str, str], list[tuple[str, int | None, int, str | None]]
    ] = {}
    for r in rows:
        if str(r.get("complete")) != "true":
            continue
        key = (
            str(r["orgLabel"]),
            _local(r["role"]),
            _local(r["status"]),
            str(r.get("listedType", "")),
        )
        stated = int(str(r["statedCount"])) if "statedCount" in r else None
        as_of = str(r["asOf"]) if "asOf" in r else None
        groups.setdefault(key, []).append(
            (str(r["source"]), stated, int(str(r["listedCount"])), as_of)
        )
    out = []
    for (org, role, status, _), counts in groups.items():
        effective = {
            stated if stated is not None else listed for _, stated, listed, _ in counts
        }
        if len(counts) > 1 and len(effective) > 1:
            out.append(CountDisagreement(org, role, status, tuple(counts)))
    return out


def _local(term: object) -> str:
    return str(term).rsplit("#", 1)[-1]
