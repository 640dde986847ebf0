"""The query library: one ``.rq`` file per query, with a ``#+ key: value`` header.

Header keys (after grlc): ``summary`` (required), ``description``, ``tags``,
``columns``, repeatable ``param: <name> <type> <description>``, where type is
``iri``, ``entity`` (an IRI, or a name resolved by ``orgkg resolve``),
``role`` (a role name such as ``member`` or ``observer``), ``string``, ``date``
or ``integer``, and repeatable ``default: <name> <value>`` for a declared
parameter (``today`` for a date is the day the query runs). A parameter
without a default is required. Every parameter must be a projected variable
of the query, since parameters are bound by substitution (SPARQL-dev
SEP-0007).
File suffixes: ``*_violation.rq`` lists failures (any row is one);
everything else is a report.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from graph_builder.errors import QueryError
from graph_builder.paths import QUERIES_DIR
from graph_builder.resolve import Resolver
from graph_builder.text import parse_date

__all__ = [
    "PARAM_TYPES",
    "NamedQuery",
    "Param",
    "bind_params",
    "bind_value",
    "load_library",
    "load_query",
    "parse_day",
]

PARAM_TYPES = ("iri", "entity", "role", "string", "date", "integer")
_KEYS = {"summary", "description", "tags", "columns", "param", "default"}
_HEADER = re.compile(r"^#\+\s*(?P<key>[a-z_]+)\s*:\s*(?P<value>.*)$")
_SELECT = re.compile(
    r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(?P<proj>.*?)\s*(?:WHERE\b|\{)",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Param:
    """A declared query parameter."""

    name: str
    type: str
    description: str
    default: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library.

    Attributes:
        name: The file stem, which is also the CLI name.
        path: The ``.rq`` file.
        text: The whole SPARQL text (the header is made of comments).
        summary: One-line summary.
        description: Longer description.
        tags: Free tags.
        columns: The documented result columns.
        params: Declared parameters, in order.
    """

    name: str
    path: Path
    text: str
    summary: str
    description: str = ""
    tags: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    params: tuple[Param, ...] = field(default=())

    @property
    def is_violation(self) -> bool:
        """Whether any result row is a failure."""
        return self.name.endswith("_violation")


def load_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and check its header.

    Raises:
        QueryError: ``path:line: reason`` for an unknown key, a missing
            summary, a malformed or unprojected parameter.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(
            f"{path}: cannot read query file ({exc.__class__.__name__})"
        ) from exc
    meta: dict[str, str] = {}
    params: list[Param] = []
    defaults: list[tuple[int, str, str]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#+"):
            continue
        m = _HEADER.match(line)
        if not m or m.group("key") not in _KEYS:
            raise QueryError(f"{path}:{lineno}: unknown header line {line!r}")
        key, value = m.group("key"), m.group("value").strip()
        if key == "param":
            parts = value.split(None, 2)
            if (
                len(parts) < 2
                or parts[1] not in PARAM_TYPES
                or not re.fullmatch(r"[A-Za-z_]\w*", parts[0])
            ):
                raise QueryError(
                    f"{path}:{lineno}: param must be"
                    f" '<name> <{'|'.join(PARAM_TYPES)}> [description]'"
                )
            if not _projects(text, parts[0]):
                raise QueryError(
                    f"{path}:{lineno}: param ?{parts[0]} is not a projected"
                    " variable of the query"
                )
            params.append(Param(parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
        elif key == "default":
            name, _, given = value.partition(" ")
            if not given.strip():
                raise QueryError(f"{path}:{lineno}: default must be '<param> <value>'")
            defaults.append((lineno, name, given.strip()))
        else:
            meta[key] = value
    for lineno, name, given in defaults:
        index = next((i for i, p in enumerate(params) if p.name == name), None)
        if index is None:
            raise QueryError(f"{path}:{lineno}: default for undeclared param {name!r}")
        try:  # a default must bind like a value a user gives
            bind_value(params[index], given, None)
        except QueryError as exc:
            raise QueryError(f"{path}:{lineno}: default {exc}") from exc
        params[index] = replace(params[index], default=given)
    if not meta.get("summary"):
        raise QueryError(f"{path}:1: missing '#+ summary:' header")
    return NamedQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=meta["summary"],
        description=meta.get("description", ""),
        tags=tuple(t.strip() for t in meta.get("tags", "").split(",") if t.strip()),
        columns=tuple(
            c.strip() for c in meta.get("columns", "").split(",") if c.strip()
        ),
        params=tuple(params),
    )


def _projects(text: str, name: str) -> bool:
    body = "\n".join(
        line for line in text.splitlines() if not line.lstrip().startswith("#")
    )
    m = _SELECT.search(body)
    if m is None:
        return False
    projection = m.group("proj")
    return (
        projection.strip() == "*" or re.search(rf"\?{name}\b", projection) is not None
    )


def load_library(folder: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every query of a folder, by name.

    Raises:
        QueryError: A file is invalid, or the folder does not exist.
    """
    if not folder.is_dir():
        raise QueryError(f"{folder}: query folder not found")
    return {p.stem: load_query(p) for p in sorted(folder.glob("*.rq"))}


def parse_day(text: str, where: str) -> date:
    """A full date (``YYYY-MM-DD``), or today for ``today``.

    Args:
        text: What the user gave.
        where: How to name the value in the error, e.g. ``"--as-of 'June'"``.

    Raises:
        QueryError: ``text`` is not a full date.

    Examples:
        >>> parse_day("2012-06-04", "as_of")
        datetime.date(2012, 6, 4)
    """
    parsed = parse_date(date.today().isoformat() if text == "today" else text)
    if parsed is None or parsed.xsd_type != "date":
        raise QueryError(f"{where}: expected a date such as 2012-06-04")
    return parsed.first_day


def bind_value(param: Param, value: str, resolver: Resolver | None) -> Node:
    """The RDF term a parameter value stands for.

    Args:
        param: The declared parameter.
        value: The text the user gave: a name, acronym or IRI for ``entity``;
            a role name for ``role``; ``YYYY-MM-DD`` or ``today`` for ``date``.
        resolver: Resolves entity names (None: only IRIs are accepted).

    Raises:
        QueryError: The value does not fit the parameter's type.

    Examples:
        >>> bind_value(Param("as_of", "date", ""), "2012-06-04", Resolver()).n3()
        '"2012-06-04"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    # Deferred: graph_builder.build.reference imports modules that import this one.
    from graph_builder.namespace import ROLES

    value = value.strip()
    where = f"{param.name}={value!r}"
    if param.type == "entity":
        entity = resolver.resolve_any(value) if resolver is not None else None
        if entity is not None:
            return entity.iri
        if value.startswith(("http://", "https://")):
            return URIRef(value)
        raise QueryError(
            f"{where}: does not resolve to a known state, organisation or agreement"
        )
    if param.type == "role":
        role = ROLES.get(value.lower().replace("_", " "))
        if role is None:
            raise QueryError(f"{where}: expected one of {', '.join(ROLES)}")
        return role
    if param.type == "iri":
        if not value.startswith(("http://", "https://", "urn:")):
            raise QueryError(f"{where}: expected an IRI")
        return URIRef(value)
    if param.type == "date":
        return Literal(parse_day(value, where).isoformat(), datatype=XSD.date)
    if param.type == "integer":
        if not value.lstrip("-").isdigit():
            raise QueryError(f"{where}: expected an integer")
        return Literal(int(value))
    return Literal(value)


def bind_params(
    query: NamedQuery, values: Mapping[str, str], resolver: Resolver
) -> dict[str, Node]:
    """Bind every declared parameter of ``query`` from user-given text.

    A parameter the user leaves out takes its default, if it has one.

    Raises:
        QueryError: A parameter is unknown or missing, or a value does not fit.
    """
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise QueryError(
            f"query {query.name!r} has no parameter {unknown[0]!r}"
            f" (parameters: {known})"
        )
    # Check the values given before reporting the ones missing.
    bound = {
        name: bind_value(declared[name], v, resolver) for name, v in values.items()
    }
    for name, param in declared.items():
        if name not in bound and param.default is not None:
            bound[name] = bind_value(param, param.default, resolver)
    missing = [name for name in declared if name not in bound]
    if missing:
        raise QueryError(
            f"query {query.name!r} needs --param "
            + ", ".join(f"{m}=<{declared[m].type}>" for m in missing)
        )
    return bound
