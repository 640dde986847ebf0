"""The one place orgkg runs SPARQL: pyoxigraph, with bound parameters.

Parameters are passed as pyoxigraph ``substitutions`` (SPARQL-dev SEP-0007),
never formatted into the query text. Queries that could reach outside the
store (``SERVICE``, ``FROM``, ``LOAD``) and updates are refused before they run.
Results come back as rdflib terms so the rest of orgkg has one term model.
"""

import functools
import json
import re
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
from pyparsing import ParseResults
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from graph_builder.errors import QueryError

__all__ = [
    "ask",
    "check_safe",
    "evaluate",
    "from_ox",
    "normalise",
    "results_from_json",
    "select",
    "substitute",
    "to_ox",
]

#: Parse-tree node -> the keyword refused, and why.
_REFUSED = {
    "ServiceGraphPattern": ("SERVICE", "queries run on the built store only"),
    "DatasetClause": ("FROM", "queries run on the built store only"),
}
_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


def _walk(node: object) -> Iterator[CompValue]:
    """Every parse-tree node below ``node``, depth first."""
    if isinstance(node, CompValue):
        yield node
        for value in dict.values(node):
            yield from _walk(value)
    elif isinstance(node, ParseResults | list | tuple):
        for value in node:
            yield from _walk(value)


#: SPARQL 1.1 codepoint escapes (section 19.2), processed before parsing.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: What would read as an escape again once escapes are processed.
_ESCAPE_AGAIN = re.compile(r"\\[uU][0-9A-Fa-f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Strings, IRIs and comments, blanked before looking for keywords.
_SKIP = (
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_STRINGS_IRIS_COMMENTS = re.compile(_SKIP)
#: Update and federation keywords: none has a place in a read-only query.
_KEYWORD = re.compile(
    r"(?<![\w:?$.\-])(SERVICE|FROM|LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|ADD|MOVE"
    r"|COPY|WITH|USING)(?![\w:\-])",
    re.IGNORECASE,
)


def _codepoint(m: re.Match[str]) -> str:
    value = int(m.group(1) or m.group(2), 16)
    if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
        raise QueryError(f"{m.group(0)} is not a Unicode character")
    return chr(value)


def normalise(query: str) -> str:
    r"""The one text both the safety check and the engine read.

    rdflib and pyoxigraph do not read every text alike: pyoxigraph ends a
    ``#`` comment at a lone carriage return too, and the two take different
    numbers of hex digits after ``\u``. So the text is normalised once, before
    either reads it: ``\uXXXX`` and ``\UXXXXXXXX`` escapes are replaced by
    their characters (as SPARQL 1.1 defines them, before parsing), every line
    break becomes ``\n``, and what could still be read two ways (an escape
    that spells another escape, a control character) is refused. Neither
    parser then has an escape or a line break of its own to process.

    Raises:
        QueryError: The text holds a control character or an escape that
            does not stand for one character.

    Examples:
        >>> normalise("SELECT * WHERE { ?s ?p ?o # c\rSERVICE <x> {} }")
        'SELECT * WHERE { ?s ?p ?o # c\nSERVICE <x> {} }'
        >>> normalise(r"SELECT ?s WHERE { ?s ?p 'caf\u00e9' }")
        "SELECT ?s WHERE { ?s ?p 'café' }"
        >>> normalise(r"SELECT * WHERE { ?s ?p '\u005Cu0041' }")
        Traceback (most recent call last):
        ...
        graph_builder.errors.QueryError: character 25: an escape that spells ...
    """
    text = _CODEPOINT.sub(_codepoint, query)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    m = _ESCAPE_AGAIN.search(text)
    if m:
        raise QueryError(
            f"character {m.start() + 1}: an escape that spells another escape"
            " (write the character itself)"
        )
    m = _CONTROL.search(text)
    if m:
        raise QueryError(
            f"character {m.start() + 1}: control character"
            f" U+{ord(m.group(0)):04X} is not allowed in a query"
        )
    return text


def _refused_keyword(text: str) -> str | None:
    """An update or federation keyword outside strings, IRIs and comments."""
    m = _KEYWORD.search(_STRINGS_IRIS_COMMENTS.sub(" ", text))
    return m.group(1).upper() if m else None


_PARSE_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sparql-parse")


@functools.lru_cache(maxsize=512)
def check_safe(query: str) -> str:
    """Refuse updates and anything that reads outside the store.

    The decision is made on the parse tree of a real SPARQL 1.1 parser
    (rdflib's), not on the text, so comments, escapes and line breaks cannot
    hide a keyword: ``SERVICE`` anywhere (nested, in a subquery, in
    ``EXISTS``), ``FROM``/``FROM NAMED`` and every update are refused, and so
    is text the parser cannot read. The text checked is :func:`normalise`'s,
    the same text ``evaluate`` gives the engine, so the two parsers cannot
    read it differently; as a second guard, an update or federation keyword
    outside strings, IRIs and comments is refused even where rdflib's tree
    has none. The query workers add a kernel-level guard
    (``graph_builder.serve.sandbox``) below both.

    Args:
        query: SPARQL text.

    Returns:
        The query form: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.

    Raises:
        QueryError: The query is not valid SPARQL 1.1, is an update, or uses
            SERVICE or FROM.

    Examples:
        >>> check_safe("SELECT ?s WHERE { ?s <http://ex/from> 'SERVICE' }")
        'SELECT'
        >>> check_safe("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
        Traceback (most recent call last):
        ...
        graph_builder.errors.QueryError: FROM is not allowed: ...
    """
    # pyparsing leaves cyclic garbage (cached exceptions, their frames and
    # every caller frame above them) that the garbage collector may free on any
    # thread; a pyoxigraph result held in a caller frame must be freed on the
    # thread that made it. Parsing on a thread of its own keeps the caller's
    # frames out of that garbage.
    return _PARSE_THREAD.submit(_parse_and_check, query).result()


def _parse_and_check(raw: str) -> str:
    query = normalise(raw)
    try:
        tree = parseQuery(query)
    except Exception as exc:  # pyparsing and rdflib raise several kinds
        try:
            parseUpdate(query)
        except Exception:
            raise QueryError(f"invalid SPARQL: {_first_line(exc)}") from exc
        raise QueryError("updates are not allowed: queries are read-only") from exc
    nodes = list(_walk(tree))
    for node in nodes:
        if node.name in _REFUSED:
            word, reason = _REFUSED[node.name]
            raise QueryError(f"{word} is not allowed: {reason}")
    keyword = _refused_keyword(query)
    if keyword is not None:
        raise QueryError(
            f"{keyword} is not allowed: queries are read-only and run on the built"
            " store only"
        )
    return next((_FORMS[n.name] for n in nodes if n.name in _FORMS), "SELECT")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = term.datatype or XSD.string
        return ox.Literal(str(term), datatype=ox.NamedNode(str(datatype)))
    raise QueryError(f"cannot bind a {type(term).__name__} as a query parameter")


@functools.lru_cache(maxsize=1 << 16)
def from_ox(term: object) -> Node:
    """Convert a pyoxigraph term to an rdflib term.

    Cached: results repeat the same organisations, roles, sources and dates
    row after row, and building an rdflib ``Literal`` (which parses its
    value) costs more than the query's own lookup of it.
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise QueryError(f"unsupported result term {term!r}")


_TOKENS = re.compile(
    rf"(?P<skip>{_SKIP})"
    r"|(?P<var>[?$][A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<word>\b(?:SELECT|WHERE|GROUP\s+BY|ORDER\s+BY|HAVING|LIMIT|OFFSET|VALUES)\b)",
    re.IGNORECASE,
)
_IRI_SAFE = re.compile(r'^[^<>"{}|^`\\\s]+$')


def _term(term: Node) -> str:
    if isinstance(term, URIRef):
        if not _IRI_SAFE.match(str(term)):
            raise QueryError(
                f"parameter IRI {str(term)!r} has characters not allowed in an IRI"
            )
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be a query parameter")
    raise QueryError(f"cannot bind a {type(term).__name__}")


def substitute(query: str, bindings: Mapping[str, Node]) -> str:
    """Replace parameter variables by their terms (SPARQL-dev SEP-0007).

    Each parameter variable is replaced by its RDF term as rdflib serializes
    it (IRIs are validated, literals escaped), a projected parameter becomes
    ``(term AS ?name)``, and the result is parse-checked. ``evaluate`` runs
    bound queries this way (pyoxigraph's ``substitutions`` bind after the
    plan is made, so an entity parameter cannot drive an index lookup and a
    per-entity query scans every membership); remote endpoints get the same
    text, since the SPARQL protocol cannot bind parameters.

    Args:
        query: SPARQL SELECT text.
        bindings: Variable name -> term.

    Returns:
        The query text with the terms in place.

    Raises:
        QueryError: A term cannot be written safely, or the result does not parse.

    Examples:
        >>> q = "SELECT ?o ?m WHERE { ?m <http://e/of> ?o } ORDER BY ?o"
        >>> print(substitute(q, {"o": URIRef("http://e/a")}))
        SELECT (<http://e/a> AS ?o) ?m WHERE { ?m <http://e/of> <http://e/a> } ORDER BY (<http://e/a>)
    """
    if not bindings:
        return query
    terms = {name: _term(term) for name, term in bindings.items()}
    out: list[str] = []
    clause = ""  # the clause keyword most recently seen (SELECT, WHERE, ...)
    pos = 0
    for m in _TOKENS.finditer(query):
        out.append(query[pos : m.start()])
        pos = m.end()
        if m.group("word"):
            clause = re.sub(r"\s+", " ", m.group("word").upper())
            out.append(m.group(0))
            continue
        name = m.group("var")
        if name and name[1:] in terms:
            term = terms[name[1:]]
            if clause == "SELECT":
                out.append(f"({term} AS {name})")
            elif clause in ("GROUP BY", "ORDER BY"):
                out.append(f"({term})")
            else:
                out.append(term)
            continue
        out.append(m.group(0))
    out.append(query[pos:])
    text = "".join(out)
    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        raise QueryError(
            f"query does not parse after substitution: {str(exc).splitlines()[0]}"
        ) from exc
    return text


def evaluate(
    store: ox.Store, query: str, bindings: Mapping[str, Node] | None = None
) -> object:
    """Check and run a query over the union of all graphs, parameters bound.

    Returns:
        pyoxigraph's result: solutions, a boolean or triples.

    Raises:
        QueryError: The query is unsafe or does not parse.
    """
    text = normalise(query)  # exactly the text check_safe checks
    check_safe(text)  # terms put in below cannot add SERVICE
    text = substitute(text, bindings) if bindings else text
    try:
        return store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "syntax error"
        raise QueryError(f"invalid SPARQL: {first}") from exc


def select(
    store: ox.Store, query: str, bindings: Mapping[str, Node] | None = None
) -> tuple[list[str], list[dict[str, Node]]]:
    """Run a SELECT query over the union of all graphs.

    Args:
        store: The store.
        query: SPARQL SELECT text.
        bindings: Values for query variables, bound before evaluation. As in
            SPARQL-dev SEP-0007, a bound variable must be in the projection.

    Returns:
        The variable names and one dict per row (unbound variables are absent).

    Raises:
        QueryError: The query is invalid, unsafe, or not a SELECT.

    Examples:
        >>> store = ox.Store()
        >>> store.add(
        ...     ox.Quad(
        ...         ox.NamedNode("http://ex/a"),
        ...         ox.NamedNode("http://ex/p"),
        ...         ox.Literal("1"),
        ...     )
        ... )
        >>> q = "SELECT ?s ?o WHERE { ?s ?p ?o }"
        >>> cols, rows = select(store, q, {"s": URIRef("http://ex/a")})
        >>> cols, [str(r["o"]) for r in rows]
        (['s', 'o'], ['1'])
    """
    result = evaluate(store, query, bindings)
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("expected a SELECT query")
    names = [v.value for v in result.variables]
    rows = []
    for solution in result:
        row: dict[str, Node] = {}
        for name in names:
            value = solution[name]
            if value is not None:
                row[name] = from_ox(value)
        rows.append(row)
    return names, rows


def ask(
    store: ox.Store, query: str, bindings: Mapping[str, Node] | None = None
) -> bool:
    """Run an ASK query over the union of all graphs.

    Raises:
        QueryError: The query is invalid, unsafe, or not an ASK.
    """
    result = evaluate(store, query, bindings)
    if not isinstance(result, ox.QueryBoolean):
        raise QueryError("expected an ASK query")
    return bool(result)


def results_from_json(body: bytes | str) -> tuple[list[str], list[dict[str, Node]]]:
    """Read W3C SPARQL 1.1 Query Results JSON into variable names and rows.

    Examples:
        >>> body = '{"head": {"vars": ["s"]}, "results": {"bindings": ['
        >>> body += '{"s": {"type": "literal", "value": "1", "xml:lang": "en"}}]}}'
        >>> results_from_json(body)
        (['s'], [{'s': rdflib.term.Literal('1', lang='en')}])
    """
    data = json.loads(body)
    columns: list[str] = data["head"]["vars"]
    rows = []
    for b in data["results"]["bindings"]:
        row: dict[str, Node] = {}
        for name, cell in b.items():
            if cell["type"] == "uri":
                row[name] = URIRef(cell["value"])
            elif cell["type"] == "bnode":
                row[name] = BNode(cell["value"])
            else:
                row[name] = Literal(
                    cell["value"],
                    lang=cell.get("xml:lang"),
                    datatype=URIRef(cell["datatype"]) if "datatype" in cell else None,
                )
        rows.append(row)
    return columns, rows
