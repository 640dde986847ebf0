"""The one place orgkg runs SPARQL: pyoxigraph, with bound parameters.

Parameters are passed as pyoxigraph ``substitutions`` (SPARQL-dev SEP-0007),
never formatted into the query text. Queries that could reach outside the
store (``SERVICE``, ``FROM``, ``LOAD``) and updates are refused before they run.
Results come back as rdflib terms so the rest of orgkg has one term model.
"""

import re
from collections.abc import Mapping

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from graph_builder.errors import QueryError

__all__ = ["ask", "check_safe", "evaluate", "from_ox", "select", "to_ox"]

_FORBIDDEN = re.compile(
    r"(?<![\w:?$])(SERVICE|FROM|LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|COPY|MOVE|ADD|WITH|USING)(?![\w:-])",
    re.IGNORECASE,
)
_STRIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)


def check_safe(query: str) -> None:
    """Refuse updates and anything that reads outside the store.

    Args:
        query: SPARQL text.

    Raises:
        QueryError: The query uses SERVICE, FROM, LOAD or an update operation.

    Examples:
        >>> check_safe("SELECT ?s WHERE { ?s <http://ex/from> 'SERVICE' }")
        >>> check_safe("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
        Traceback (most recent call last):
        ...
        graph_builder.errors.QueryError: FROM is not allowed: ...
    """
    code = _STRIP.sub(" ", query)
    m = _FORBIDDEN.search(code)
    if m:
        word = m.group(1).upper()
        reason = (
            "queries are read-only"
            if word not in ("SERVICE", "FROM", "LOAD")
            else "queries run on the built store only"
        )
        raise QueryError(f"{word} is not allowed: {reason}")


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


def from_ox(term: object) -> Node:
    """Convert a pyoxigraph term to an rdflib term."""
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


def evaluate(
    store: ox.Store, query: str, bindings: Mapping[str, Node] | None = None
) -> object:
    """Check and run a query over the union of all graphs, parameters bound.

    Returns:
        pyoxigraph's result: solutions, a boolean or triples.

    Raises:
        QueryError: The query is unsafe or does not parse.
    """
    check_safe(query)
    substitutions: dict[
        ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
    ]
    substitutions = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
    try:
        return store.query(
            query, use_default_graph_as_union=True, substitutions=substitutions
        )
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
