"""Documents parsed one by one: every definition first, then each on its own.

A document may define organisations that other documents mention (a
profile's title, a predecessor its description introduces). A first pass
collects every document's definitions and registers them with the resolver,
so a name resolves the same whatever the order of the documents. After that
each document parses on its own into the sorted N-Quads and TriG of its named
graph plus what the build summary reports. ``graph_builder.build.parse`` parses
them in worker processes and keeps each document's result in a cache.
"""

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from graph_builder.errors import SourceDataError
from graph_builder.iris import PREFIXES, graph_iri
from graph_builder.namespace import KG
from graph_builder.query.sparql import to_ox
from graph_builder.resolve import Entity, Resolver
from graph_builder.sources import (
    DocumentContext,
    UnparsedPassage,
    UnresolvedName,
    detect_kind,
    parse_profile,
    parse_status,
    parse_website,
)
from graph_builder.sources.context import (
    DocumentWarning,
    date_literal,
    defined_organisation,
)
from graph_builder.sources.extract import extract, read_file
from graph_builder.sources.poa_profile import definitions as profile_definitions
from graph_builder.text import Line

__all__ = [
    "MAX_LINE",
    "TRIG_HEADER",
    "DocumentError",
    "ParsedDocument",
    "Source",
    "chunk",
    "definitions_of",
    "document_error",
    "graph_key",
    "location",
    "merge_chunks",
    "parse_source",
    "read_source",
    "read_sources",
    "register_definitions",
]


_PARSERS: dict[str, Callable[[DocumentContext, list[Line]], None]] = {
    "poa_profile": parse_profile,
    "org_website": parse_website,
    "treaty_status": parse_status,
}


@dataclass(frozen=True)
class Source:
    """A document read and checked: its lines, kind, definitions and origin.

    A file is one document, or several (a handbook PDF: one per profile).
    """

    path: Path
    doc_id: str
    sha256: str
    """The digest of the whole file the document comes from."""
    lines: tuple[Line, ...]
    kind: str
    definitions: tuple[tuple[int, str, str], ...]
    """(line, name, acronym) of each organisation the document defines."""
    format: str = "text"
    pages: tuple[int, int] | None = None
    """The first and last page of a PDF it spans."""


@dataclass(frozen=True)
class DocumentError:
    """A document that could not be read or understood, and why.

    Attributes:
        file: The file, as given.
        doc_id: The document's id (a handbook's part has its own).
        line: The line of the document's text, when known.
        page: The PDF page of that line, when known.
        message: What is wrong, in one line.
    """

    file: str
    doc_id: str
    line: int | None
    page: int | None
    message: str

    def where(self) -> str:
        """Where in its file the problem is (:func:`location`)."""
        return location(self.file, self.line, self.page)

    def as_dict(self) -> dict[str, object]:
        """The error as the build summary reports it."""
        return {
            "file": self.file,
            "document": self.doc_id,
            "line": self.line,
            "page": self.page,
            "message": self.message,
        }


def location(file: str, line: int | None, page: int | None) -> str:
    """``file``, ``file:line`` or ``file: page P, line L``.

    Examples:
        >>> location("a.txt", 3, None), location("h.pdf", 40, 12)
        ('a.txt:3', 'h.pdf: page 12, line 40')
    """
    if page is not None:
        return f"{file}: page {page}, line {line}"
    return f"{file}:{line}" if line is not None else file


def document_error(
    exc: Exception, path: Path, doc_id: str, lines: Sequence[Line] = ()
) -> DocumentError:
    """The report of a document that raised ``exc`` while read or parsed."""
    if isinstance(exc, SourceDataError):
        page = next((ln.page for ln in lines if ln.number == exc.line), None)
        return DocumentError(str(path), doc_id, exc.line, page, exc.message)
    # A reader's own failure on a document nobody foresaw: reported like a
    # malformed document, so that one document never stops a build.
    message = f"could not be read ({type(exc).__name__}: {exc})"
    return DocumentError(str(path), doc_id, None, None, message)


def read_sources(path: Path, doc_id: str | None = None) -> list[Source]:
    """Read a file into its documents, each with its kind and definitions.

    Args:
        path: The file (text, HTML or PDF, told apart by content).
        doc_id: The document's id (default: the file's stem); a handbook's
            profiles get ``ID-pNNN``, from the page each starts on.

    Raises:
        SourceDataError: The file is unreadable or holds no text.
    """
    base = doc_id or path.stem
    data = read_file(path)
    parts = extract(path, data)
    digest = hashlib.sha256(data).hexdigest()
    sources = []
    for part in parts:
        lines = part.lines
        kind = detect_kind("\n".join(line.text for line in lines))
        found = profile_definitions(lines) if kind == "poa_profile" else []
        ident = base if part.part is None else f"{base}-p{part.part:03d}"
        sources.append(
            Source(
                path,
                ident,
                digest,
                tuple(lines),
                kind,
                tuple(found),
                part.format,
                part.pages,
            )
        )
    return sources


def read_source(path: Path) -> Source:
    """Read a file that holds one document.

    Raises:
        SourceDataError: The file is unreadable or holds no text, or several
            documents.
    """
    sources = read_sources(path)
    if len(sources) != 1:
        raise SourceDataError(path, f"holds {len(sources)} documents, expected one")
    return sources[0]


def register_definitions(
    resolver: Resolver, definitions: Iterable[tuple[str, str | None]]
) -> str:
    """Register every organisation documents define and the resolver lacks.

    A definition whose name or acronym already resolves (the gazetteer's, or
    an earlier document's) adds nothing; of two documents claiming one name,
    the first in document order keeps it.

    Returns:
        A digest of what was registered, in order: documents parse the same
        as long as it and the reference data stay the same.
    """
    h = hashlib.sha256()
    for name, acronym in definitions:
        if any(resolver.resolve(n, "organisation") for n in (name, acronym) if n):
            continue
        entity = defined_organisation(name, acronym)
        resolver.register(entity)
        h.update(json.dumps([str(entity.iri), *entity.names]).encode() + b"\n")
    return h.hexdigest()


def definitions_of(sources: Iterable[Source]) -> list[tuple[str, str | None]]:
    """(name, acronym) of every organisation the documents define, in order."""
    return [(name, acr or None) for s in sources for _, name, acr in s.definitions]


@dataclass(frozen=True)
class ParsedDocument:
    """One document's graph, serialised, and what the build summary reports.

    Attributes:
        path: The document's file.
        doc_id: Its id (file stem).
        kind: The parser that read it.
        subject: The label of the organisation it is about, if known.
        as_of: Its "accurate as of" date (lexical form), if stated.
        unresolved: Names that resolved to no entity.
        unparsed: Sentences no pattern read.
        warnings: Problems that did not stop the document being read.
        defined: Organisations it defines that the gazetteer lacks.
        used: IRIs of the reference entities it mentions.
        nquads: Its named graph as N-Quads, sorted.
        trig: Its named graph as TriG, without the prefix lines.
    """

    path: Path
    doc_id: str
    kind: str
    subject: str | None
    as_of: str | None
    unresolved: tuple[UnresolvedName, ...]
    unparsed: tuple[UnparsedPassage, ...]
    warnings: tuple[DocumentWarning, ...]
    defined: tuple[Entity, ...]
    used: frozenset[str]
    nquads: bytes
    trig: bytes

    def to_bytes(self) -> bytes:
        """The cache file: one JSON line, then the N-Quads, then the TriG."""
        meta = {
            "kind": self.kind,
            "subject": self.subject,
            "as_of": self.as_of,
            "unresolved": [[u.name, u.line] for u in self.unresolved],
            "unparsed": [[u.line, u.text] for u in self.unparsed],
            "warnings": [[w.line, w.message] for w in self.warnings],
            "defined": [e.as_dict() for e in self.defined],
            "used": sorted(self.used),
            "nquads": len(self.nquads),
        }
        head = json.dumps(meta, ensure_ascii=False).encode()
        return head + b"\n" + self.nquads + self.trig

    @classmethod
    def from_bytes(cls, path: Path, doc_id: str, data: bytes) -> "ParsedDocument":
        """Read a cache file written by :meth:`to_bytes` for this document.

        Raises:
            ValueError: The data is not such a file.
        """
        head, _, body = data.partition(b"\n")
        meta = json.loads(head)
        size = int(meta["nquads"])
        if size > len(body):
            raise ValueError("truncated cache entry")
        return cls(
            path=path,
            doc_id=doc_id,
            kind=str(meta["kind"]),
            subject=meta["subject"],
            as_of=meta["as_of"],
            unresolved=tuple(
                UnresolvedName(name, doc_id, line) for name, line in meta["unresolved"]
            ),
            unparsed=tuple(
                UnparsedPassage(doc_id, line, text) for line, text in meta["unparsed"]
            ),
            warnings=tuple(
                DocumentWarning(doc_id, line, text) for line, text in meta["warnings"]
            ),
            defined=tuple(_entity(d) for d in meta["defined"]),
            used=frozenset(meta["used"]),
            nquads=body[:size],
            trig=body[size:],
        )


def _entity(d: dict[str, object]) -> Entity:
    def text(key: str) -> str | None:
        value = d.get(key)
        return None if value is None else str(value)

    names = d.get("names")
    return Entity(
        "organisation" if d["kind"] == "organisation" else "state",
        str(d["key"]),
        str(d["label"]),
        URIRef(str(d["iri"])),
        acronym=text("acronym"),
        wikidata=text("wikidata"),
        iso2=text("iso2"),
        org_kind=text("org_kind"),
        historic=bool(d.get("historic")),
        note=text("note"),
        names=tuple(str(n) for n in names) if isinstance(names, list) else (),
    )


def _trig_header() -> bytes:
    """The prefix lines pyoxigraph writes before the first graph."""
    node = ox.NamedNode("urn:x:x")
    text = ox.serialize(
        [ox.Quad(node, node, node, node)], format=ox.RdfFormat.TRIG, prefixes=PREFIXES
    )
    assert text is not None
    return text[: text.index(b"<urn:x:x> {")]


TRIG_HEADER = _trig_header()


def chunk(quads: Iterable[tuple[Node, Node, Node, Node | None]]) -> tuple[bytes, bytes]:
    """Quads as sorted N-Quads and as TriG without the prefix lines.

    Sorted by graph, subject, predicate and object (as N-Triples terms), so
    the same data always gives the same bytes, and the chunks of different
    graphs concatenate, in the order of their graph names, into the chunk of
    all the quads together (:func:`merge_chunks`).
    """
    converted = {
        ox.Quad(
            to_ox(s),  # type: ignore[arg-type]
            to_ox(p),  # type: ignore[arg-type]
            to_ox(o),
            to_ox(g) if isinstance(g, URIRef) else ox.DefaultGraph(),  # type: ignore[arg-type]
        )
        for s, p, o, g in quads
    }
    ordered = sorted(
        converted,
        key=lambda q: (
            str(q.graph_name),
            str(q.subject),
            str(q.predicate),
            str(q.object),
        ),
    )
    nquads = ox.serialize(ordered, format=ox.RdfFormat.N_QUADS) or b""
    trig = ox.serialize(ordered, format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b""
    assert trig.startswith(TRIG_HEADER)
    return nquads, trig[len(TRIG_HEADER) :]


def graph_key(iri: URIRef) -> str:
    """The sort key of a named graph in the exports: its N-Triples form."""
    return str(ox.NamedNode(str(iri)))


def merge_chunks(chunks: Iterable[tuple[URIRef, bytes, bytes]]) -> tuple[bytes, bytes]:
    """Join per-graph chunks (graph, N-Quads, TriG) into whole N-Quads and TriG.

    Each graph must come once; the result is what :func:`chunk` gives for all
    the quads at once.
    """
    ordered = sorted(chunks, key=lambda c: graph_key(c[0]))
    nquads = b"".join(c[1] for c in ordered)
    trig = TRIG_HEADER + b"".join(c[2] for c in ordered)
    return nquads, trig


def parse_source(source: Source, resolver: Resolver) -> ParsedDocument:
    """Parse one document into its named graph and serialise it.

    ``resolver`` must already hold every document's definitions
    (:func:`register_definitions`).

    Raises:
        SourceDataError: The document is malformed.
    """
    graph = Graph(identifier=graph_iri(source.doc_id))
    ctx = DocumentContext(
        path=source.path,
        doc_id=source.doc_id,
        kind=source.kind,
        resolver=resolver,
        graph=graph,
        pages={ln.number: ln.page for ln in source.lines if ln.page is not None},
    )
    _PARSERS[source.kind](ctx, _readable_lines(ctx, source.lines))
    if (
        source.kind == "org_website"
        and not ctx.warnings
        and (None, KG.statedIn, None) not in graph
    ):
        # Read as website text only because it is not a profile, and nothing
        # in it was recognised: say so rather than add an empty document.
        ctx.warn(1, "matches no known format: no fact was read from it")
    _describe_document(ctx, source)
    nquads, trig = chunk((s, p, o, graph.identifier) for s, p, o in graph)
    return ParsedDocument(
        path=source.path,
        doc_id=source.doc_id,
        kind=source.kind,
        subject=ctx.subject.label if ctx.subject else None,
        as_of=ctx.as_of.lexical if ctx.as_of else None,
        unresolved=tuple(ctx.unresolved),
        unparsed=tuple(ctx.unparsed),
        warnings=tuple(ctx.warnings),
        defined=tuple(ctx.defined),
        used=frozenset(str(i) for i in ctx.used),
        nquads=nquads,
        trig=trig,
    )


#: The longest line a reader reads. Profiles' longest run to about 2,000
#: characters; a far longer one is no profile text, and reading patterns over
#: it would cost time that grows with the square of its length.
MAX_LINE = 5_000


def _readable_lines(ctx: DocumentContext, lines: Sequence[Line]) -> list[Line]:
    """The lines a reader reads: one over :data:`MAX_LINE` is left out, said."""
    out = []
    for line in lines:
        if len(line.text) > MAX_LINE:
            ctx.warn(
                line.number,
                f"line of {len(line.text):,} characters not read (over {MAX_LINE:,})",
            )
            line = Line(line.number, "", line.page)
        out.append(line)
    return out


def _describe_document(ctx: DocumentContext, source: Source) -> None:
    g, doc = ctx.graph, ctx.doc_iri
    g.add((doc, RDF.type, KG.SourceDocument))
    label = ctx.path.name
    if source.pages is not None and source.doc_id != ctx.path.stem:
        label += f", pages {source.pages[0]}-{source.pages[1]}"
    g.add((doc, RDFS.label, Literal(label)))
    g.add((doc, KG.documentKind, Literal(ctx.kind)))
    g.add((doc, KG.sourceFormat, Literal(source.format)))
    g.add((doc, KG.sourcePath, Literal(ctx.path.name)))
    g.add((doc, KG.sha256, Literal(source.sha256)))
    if source.pages is not None:
        g.add((doc, KG.firstPage, Literal(source.pages[0])))
        g.add((doc, KG.lastPage, Literal(source.pages[1])))
    if ctx.as_of is not None:
        g.add((doc, KG.accurateAsOf, date_literal(ctx.as_of)))
    if ctx.retrieved_at is not None:
        g.add(
            (
                doc,
                KG.retrievedAt,
                Literal(ctx.retrieved_at.isoformat(), datatype=XSD.dateTime),
            )
        )
