"""The per-document context through which parsers emit RDF with provenance."""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, SKOS, TIME
from rdflib.term import Node

from graph_builder.iris import mint
from graph_builder.namespace import KG
from graph_builder.resolve import Entity, EntityKind, Resolver, normalise
from graph_builder.text import ParsedDate, Sentence, slugify

__all__ = [
    "DocumentContext",
    "DocumentWarning",
    "UnparsedPassage",
    "UnresolvedName",
    "add_interval",
    "date_literal",
    "defined_organisation",
]


@dataclass(frozen=True)
class UnresolvedName:
    """A name a document uses that resolves to no known entity."""

    name: str
    doc_id: str
    line: int


@dataclass(frozen=True)
class DocumentWarning:
    """A problem with a document that did not stop it being read.

    A document that matches no known format, a member section with no member
    list, or a list cut off mid-name: each is reported in the build summary
    and makes ``orgkg build --strict`` exit 1.
    """

    doc_id: str
    line: int
    message: str


@dataclass(frozen=True)
class UnparsedPassage:
    """A sentence no pattern recognised; reported so nothing is silently lost."""

    doc_id: str
    line: int
    text: str


def date_literal(value: ParsedDate) -> Literal:
    """An ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` literal for a date.

    Examples:
        >>> date_literal(ParsedDate(2011)).n3()
        '"2011"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    """
    return Literal(value.lexical, datatype=XSD[value.xsd_type])


def defined_organisation(name: str, acronym: str | None) -> Entity:
    """The entity for an organisation a document defines, keyed by its acronym.

    Examples:
        >>> defined_organisation("Gulf Cooperation Council", "GCC").iri
        rdflib.term.URIRef('https://w3id.org/orgkg/id/org/gcc')
    """
    key = slugify(acronym or name)
    return Entity(
        "organisation",
        key,
        name,
        mint("org", key),
        acronym=acronym,
        org_kind="regional",
        names=tuple(n for n in (name, acronym) if n),
    )


def add_interval(
    g: Graph, membership: URIRef, begin: ParsedDate | None, end: ParsedDate | None
) -> None:
    """State a membership's ``org:memberDuring`` interval as OWL-Time instants."""
    interval = URIRef(f"{membership}/interval")
    g.add((membership, ORG.memberDuring, interval))
    g.add((interval, RDF.type, TIME.Interval))
    for edge, value in ((TIME.hasBeginning, begin), (TIME.hasEnd, end)):
        if value is not None:
            instant = URIRef(
                f"{interval}/{'begin' if edge == TIME.hasBeginning else 'end'}"
            )
            g.add((interval, edge, instant))
            g.add((instant, RDF.type, TIME.Instant))
            prop = {
                "date": TIME.inXSDDate,
                "gYearMonth": TIME.inXSDgYearMonth,
            }.get(value.xsd_type, TIME.inXSDgYear)
            g.add((instant, prop, date_literal(value)))


@dataclass
class DocumentContext:
    """Everything a parser needs to turn one document into statements.

    Attributes:
        path: The document's file.
        doc_id: The document's id (its file stem), used in IRIs.
        kind: The parser that reads it (``"poa_profile"`` or ``"org_website"``).
        resolver: Resolves names; documents may register the entities they define.
        graph: The named graph that receives the document's statements.
        as_of: The date the document says its information is accurate as of.
        subject: The organisation the document is about.
    """

    path: Path
    doc_id: str
    kind: str
    resolver: Resolver
    graph: Graph
    as_of: ParsedDate | None = None
    retrieved_at: datetime | None = None
    subject: Entity | None = None
    unresolved: list[UnresolvedName] = field(default_factory=list)
    unparsed: list[UnparsedPassage] = field(default_factory=list)
    warnings: list[DocumentWarning] = field(default_factory=list)
    defined: list[Entity] = field(default_factory=list)
    used: set[URIRef] = field(default_factory=set)
    pages: dict[int, int] = field(default_factory=dict)
    """Line number -> PDF page, for documents extracted from a PDF."""
    _passages: set[URIRef] = field(default_factory=set)

    @property
    def doc_iri(self) -> URIRef:
        """The IRI of the source document."""
        return mint("source", self.doc_id)

    @property
    def subject_iri(self) -> URIRef:
        """The IRI of the organisation the document is about."""
        if self.subject is None:  # pragma: no cover - parsers set it first
            raise RuntimeError("the document's organisation is not known yet")
        return self.subject.iri

    # -- provenance ------------------------------------------------------------

    def passage(self, sentence: Sentence) -> URIRef:
        """The passage node for a sentence, created on first use."""
        iri = mint("passage", self.doc_id, f"{sentence.line}-{sentence.index}")
        if iri not in self._passages:
            self._passages.add(iri)
            g = self.graph
            g.add((iri, RDF.type, KG.Passage))
            g.add((iri, KG.text, Literal(sentence.text)))
            g.add((iri, KG.lineNumber, Literal(sentence.line)))
            if sentence.line in self.pages:
                g.add((iri, KG.pageNumber, Literal(self.pages[sentence.line])))
            g.add((iri, KG.inDocument, self.doc_iri))
        return iri

    def node(self, iri: URIRef, rdf_type: URIRef, sentence: Sentence) -> URIRef:
        """Declare an n-ary fact node with its type, passage, source and as-of date."""
        g = self.graph
        g.add((iri, RDF.type, rdf_type))
        g.add((iri, KG.statedIn, self.passage(sentence)))
        g.add((iri, PROV.wasDerivedFrom, self.doc_iri))
        if self.as_of is not None:
            g.add((iri, KG.asOf, date_literal(self.as_of)))
        return iri

    def fact(self, s: URIRef, p: URIRef, o: Node, sentence: Sentence) -> None:
        """Assert a plain triple and a reified statement carrying its provenance."""
        g = self.graph
        g.add((s, p, o))
        digest = hashlib.sha1(f"{s.n3()} {p.n3()} {o.n3()}".encode()).hexdigest()[:16]
        st = mint("statement", self.doc_id, digest)
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, KG.statedIn, self.passage(sentence)))
        g.add((st, PROV.wasDerivedFrom, self.doc_iri))
        if self.as_of is not None:
            g.add((st, KG.asOf, date_literal(self.as_of)))

    def unparsed_sentence(self, sentence: Sentence) -> None:
        """Record a sentence that carries no recognised fact."""
        self.unparsed.append(UnparsedPassage(self.doc_id, sentence.line, sentence.text))

    def warn(self, line: int, message: str) -> None:
        """Report a problem with the document (see :class:`DocumentWarning`)."""
        self.warnings.append(DocumentWarning(self.doc_id, line, message))

    # -- entities --------------------------------------------------------------

    def agent(
        self, name: str, sentence: Sentence, kind: EntityKind | None = None
    ) -> URIRef:
        """Resolve a name to an entity IRI, or to an unresolved-entity node.

        An unresolved name is recorded for the build summary and kept in the
        graph as a ``kg:UnresolvedEntity``, so the fact about it is not lost.
        """
        entity = self.resolver.resolve(name, kind)
        if entity is not None:
            self.used.add(entity.iri)
            return entity.iri
        self.unresolved.append(UnresolvedName(name, self.doc_id, sentence.line))
        iri = mint("unresolved", slugify(name))
        g = self.graph
        g.add((iri, RDF.type, KG.UnresolvedEntity))
        g.add((iri, RDFS.label, Literal(name)))
        g.add((iri, KG.rawName, Literal(name)))
        return iri

    def resolves(self, name: str, kind: EntityKind | None = None) -> bool:
        """Whether a name resolves, without recording anything."""
        return self.resolver.resolve(name, kind) is not None

    def define_organisation(
        self, name: str, acronym: str | None, sentence: Sentence
    ) -> Entity:
        """The organisation a document names with its full name and acronym.

        A gazetteer entry is used when either name matches it. Otherwise the
        document defines the organisation: the entity registered for it before
        parsing (``graph_builder.build.documents.register_definitions``), or a new
        one minted from its acronym (or name) and registered now. The
        definition is stated in this document's graph and reported.
        """
        entity: Entity | None = None
        for candidate in (name, acronym):
            if candidate:
                entity = self.resolver.resolve(candidate, "organisation")
                if entity is not None:
                    break
        if entity is not None and not self.resolver.registered(entity.iri):
            self.used.add(entity.iri)
            # Keep the names as this document writes them.
            self.fact(entity.iri, SKOS.altLabel, Literal(name, lang="en"), sentence)
            if acronym:
                self.fact(entity.iri, KG.acronym, Literal(acronym), sentence)
            return entity
        if entity is None:
            entity = defined_organisation(name, acronym)
            self.resolver.register(entity)
        self.defined.append(entity)
        self.used.add(entity.iri)
        g = self.graph
        self.fact(entity.iri, RDF.type, KG.RegionalOrganisation, sentence)
        self.fact(entity.iri, SKOS.prefLabel, Literal(name, lang="en"), sentence)
        g.add((entity.iri, RDFS.label, Literal(name, lang="en")))
        if acronym:
            self.fact(entity.iri, KG.acronym, Literal(acronym), sentence)
        return entity

    def alias_resolves_to(self, name: str, entity: Entity) -> bool:
        """Whether a short form such as "SECI" names this entity."""
        key = normalise(name)
        return any(normalise(n).startswith(key) for n in entity.names if key)
