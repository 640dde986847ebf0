"""The ``query``, ``sparql`` and ``resolve`` commands: ask the graph."""

import argparse
import json
import sys
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from graph_builder.build.generations import current_generation
from graph_builder.build.published import STORE_NAME, open_resolver, open_store
from graph_builder.cli.common import Parents, Subparsers
from graph_builder.errors import EXIT_OK, QueryError, ResolutionError
from graph_builder.iris import shorten
from graph_builder.paths import QUERIES_DIR
from graph_builder.query.library import NamedQuery, bind_params, load_library
from graph_builder.query.sparql import check_safe, results_from_json, select
from graph_builder.query.tabular import safe_csv, safe_tsv
from graph_builder.resolve import Resolver

__all__ = ["add_parsers"]

_RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
_GRAPH_MEDIA = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}


def add_parsers(sub: Subparsers, parents: Parents) -> None:
    """Add the query, sparql and resolve commands to ``sub``."""
    p = sub.add_parser(
        "resolve",
        parents=[parents.common],
        help="show what a state or organisation name resolves to",
    )
    p.add_argument("name", help="a name, acronym or orgkg IRI")
    p.add_argument("--format", choices=["text", "json"], default="text")

    p.set_defaults(run=_resolve)

    p = sub.add_parser(
        "query",
        parents=[parents.common, parents.read_build],
        help="run a named query of the query library",
    )
    p.add_argument("name", nargs="?", help="query name (see --list)")
    p.add_argument("--list", action="store_true", help="list the named queries")
    p.add_argument(
        "--param", action="append", default=[], metavar="K=V", help="bind a parameter"
    )
    p.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table")
    p.add_argument(
        "--queries",
        type=Path,
        default=QUERIES_DIR,
        help="query folder (default: %(default)s)",
    )
    p.add_argument("--endpoint", help="run on this SPARQL 1.1 endpoint instead")

    p.set_defaults(run=_query)

    p = sub.add_parser(
        "sparql",
        parents=[parents.common, parents.read_build],
        help="run ad-hoc SPARQL: SELECT, ASK, CONSTRUCT or DESCRIBE (text, or @file)",
    )
    p.add_argument("query", help="SPARQL text, or @path to a file")
    p.add_argument("--endpoint", help="run on this SPARQL 1.1 endpoint instead")
    p.add_argument(
        "--timeout", type=float, default=60.0, help="seconds the query may run"
    )
    p.add_argument(
        "--format",
        choices=["table", "csv", "tsv", "json", "xml", *_GRAPH_MEDIA],
        default="table",
        help="table, csv, tsv, json or xml for SELECT and ASK; turtle, ntriples,"
        " jsonld or rdfxml for CONSTRUCT and DESCRIBE (table means turtle there)",
    )
    p.set_defaults(run=_sparql)


def _resolve(args: argparse.Namespace) -> int:
    entity = Resolver().resolve_any(args.name)
    if entity is None:
        if args.format == "json":
            print(json.dumps({"name": args.name, "resolved": False}))
        raise ResolutionError(
            f"name {args.name!r} does not resolve to a known state, organisation"
            " or agreement"
        )
    if args.format == "json":
        print(
            json.dumps(
                {"name": args.name, "resolved": True, **entity.as_dict()},
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        extra = (
            f"ISO {entity.key}"
            if entity.kind == "state"
            else f"{entity.acronym or ''}".strip()
        )
        print(f"{entity.kind}\t{entity.label}\t{extra}\t{entity.iri}")
    return EXIT_OK


def _bind(query: NamedQuery, pairs: list[str], resolver: Resolver) -> dict[str, Node]:
    """Bind ``--param NAME=VALUE`` pairs."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise QueryError(f"--param {pair!r}: expected NAME=VALUE")
        values[key] = value
    return bind_params(query, values, resolver)


def _query(args: argparse.Namespace) -> int:
    library = load_library(args.queries)
    if args.list or not args.name:
        for q in library.values():
            params = " ".join(
                f"{p.name}:{p.type}" + (f"={p.default}" if p.default else "")
                for p in q.params
            )
            print(f"{q.name}\t{q.summary}" + (f"\t[{params}]" if params else ""))
        return EXIT_OK
    query = library.get(args.name)
    if query is None:
        raise QueryError(f"no query named {args.name!r} (see 'orgkg query --list')")
    resolver = Resolver() if args.endpoint else open_resolver(args.build)
    bindings = _bind(query, args.param, resolver)
    if args.endpoint:
        from graph_builder.query.remote import remote_select

        columns, rows = remote_select(args.endpoint, query.text, bindings)
    else:
        columns, rows = select(open_store(args.build), query.text, bindings)
    print(_format(columns, rows, args.format), end="")
    return EXIT_OK


def _sparql(args: argparse.Namespace) -> int:
    text = args.query
    if text.startswith("@"):
        path = Path(text[1:])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{path}: cannot read query file") from exc
    form = check_safe(text)
    graph = form in ("CONSTRUCT", "DESCRIBE")
    fmt = "turtle" if graph and args.format == "table" else args.format
    if (fmt in _GRAPH_MEDIA) != graph:
        raise QueryError(f"--format {fmt} does not fit a {form} query")
    if args.endpoint:
        from graph_builder.query.remote import remote_select

        if form != "SELECT":
            raise QueryError("--endpoint runs SELECT queries only")
        columns, rows = remote_select(args.endpoint, text)
        print(_format(columns, rows, fmt), end="")
        return EXIT_OK
    media = _GRAPH_MEDIA.get(fmt) or _RESULT_MEDIA.get(fmt, _RESULT_MEDIA["json"])
    body = _isolated(args.build, text, media, args.timeout)
    if fmt == "table" and form == "ASK":
        print("true" if json.loads(body)["boolean"] else "false")
    elif fmt in ("table", "json") and form == "SELECT":
        print(_format(*results_from_json(body), fmt), end="")
    else:
        sys.stdout.write(body.decode("utf-8"))
    return EXIT_OK


def _isolated(out_dir: Path, text: str, media: str, timeout: float) -> bytes:
    """Run untrusted query text in a sandboxed worker, as the server does."""
    from graph_builder.serve.workers import WorkerPool, default_worker_memory

    store_path = current_generation(out_dir) / STORE_NAME
    memory = default_worker_memory(1)
    with WorkerPool(store_path, 1, timeout, cap=2**62, memory=memory) as pool:
        answer = pool.run(text, {}, [media])
    if answer.status != 200:
        raise QueryError(answer.body.decode("utf-8", "replace"))
    return answer.body


def _format(columns: list[str], rows: list[dict[str, Node]], fmt: str) -> str:
    if fmt == "json":
        return (
            json.dumps(_sparql_json(columns, rows), indent=2, ensure_ascii=False) + "\n"
        )
    if fmt in ("csv", "tsv"):
        # The W3C CSV and TSV result formats, as the server writes them.
        data = json.dumps(_sparql_json(columns, rows)).encode()
        solutions = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        if fmt == "csv":
            text = solutions.serialize(format=ox.QueryResultsFormat.CSV) or b""
            return safe_csv(text).decode()
        text = solutions.serialize(format=ox.QueryResultsFormat.TSV) or b""
        return safe_tsv(text).decode()
    table = [columns] + [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(columns))]
    out = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out) + f"\n({len(rows)} rows)\n"


def _cell(term: Node | None) -> str:
    """A table cell: prefixed names for IRIs, the text of literals."""
    if term is None:
        return ""
    return shorten(str(term)) if isinstance(term, URIRef) else str(term)


def _sparql_json(columns: list[str], rows: list[dict[str, Node]]) -> dict[str, object]:
    """W3C SPARQL 1.1 Query Results JSON."""
    bindings = []
    for row in rows:
        b: dict[str, dict[str, str]] = {}
        for name, term in row.items():
            if isinstance(term, URIRef):
                b[name] = {"type": "uri", "value": str(term)}
            elif isinstance(term, Literal):
                cell = {"type": "literal", "value": str(term)}
                if term.language:
                    cell["xml:lang"] = term.language
                elif term.datatype:
                    cell["datatype"] = str(term.datatype)
                b[name] = cell
            else:
                b[name] = {"type": "bnode", "value": str(term)}
        bindings.append(b)
    return {"head": {"vars": columns}, "results": {"bindings": bindings}}
