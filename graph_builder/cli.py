"""The ``orgkg`` command line: build, validate, resolve, query, sparql.

Exit codes: 0 ok; 1 the data does not conform (validate); 2 usage, input or
load error. Results go to stdout; progress and diagnostics go to stderr.
"""

import argparse
import json
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from graph_builder.build import (
    STORE_NAME,
    build,
    open_resolver,
    open_store,
    reused_summary,
)
from graph_builder.documents import available_cpus
from graph_builder.errors import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_VIOLATIONS,
    OrgKGError,
    QueryError,
    ResolutionError,
)
from graph_builder.generations import current_generation
from graph_builder.iris import shorten
from graph_builder.library import NamedQuery, bind_params, load_library
from graph_builder.paths import DEFAULT_OUT_DIR, QUERIES_DIR, SOURCES_DIR
from graph_builder.resolve import Resolver
from graph_builder.sparql import check_safe, results_from_json, select
from graph_builder.tabular import safe_csv, safe_tsv

__all__ = ["main"]

log = logging.getLogger("orgkg")

EPILOG = """exit codes:
  0  success (validate: the data conforms)
  1  validate: the data does not conform to the shapes or a violation query matched
  2  usage, input or load error (bad file, bad query, unknown name or parameter)
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="orgkg",
        description=(
            "Knowledge graph of international and regional organisations, "
            "states and agreements."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-v", "--verbose", action="store_true", help="show debug output on stderr"
    )
    common.add_argument(
        "-q", "--quiet", action="store_true", help="show only errors on stderr"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "build",
        parents=[common],
        help="build the graph from the bundled corpus plus SOURCE documents",
    )
    p.add_argument(
        "sources",
        nargs="*",
        type=Path,
        metavar="SOURCE",
        help="extra .txt documents or folders",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT_DIR,
        help="output folder (default: %(default)s)",
    )
    p.add_argument(
        "--corpus",
        type=Path,
        default=SOURCES_DIR,
        help="bundled corpus folder (default: %(default)s)",
    )
    p.add_argument(
        "--format", choices=["text", "json"], default="text", help="summary format"
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when a name is unresolved or a document has a warning",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="rebuild even when no input changed since the last build",
    )
    p.add_argument(
        "--jobs",
        type=_positive_int,
        default=available_cpus(),
        metavar="N",
        help="worker processes for parsing documents (default: %(default)s,"
        " the CPUs available)",
    )

    read_build = argparse.ArgumentParser(add_help=False)
    read_build.add_argument(
        "--build",
        type=Path,
        default=DEFAULT_OUT_DIR,
        help="build folder to read (default: %(default)s)",
    )

    p = sub.add_parser(
        "validate",
        parents=[common, read_build],
        help="check the built graph against the SHACL shapes and violation queries",
    )

    p = sub.add_parser(
        "resolve",
        parents=[common],
        help="show what a state or organisation name resolves to",
    )
    p.add_argument("name", help="a name, acronym or orgkg IRI")
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser(
        "query",
        parents=[common, read_build],
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

    build_dir = argparse.ArgumentParser(add_help=False, parents=[read_build])
    build_dir.add_argument(
        "--as-of", default="today", help="the date (YYYY-MM-DD; default: today)"
    )
    p = sub.add_parser(
        "analyze",
        parents=[common, build_dir],
        help="network analysis of the memberships on a date",
    )
    p.add_argument("analysis", choices=["overlap", "centrality", "communities", "ego"])
    p.add_argument("entity", nargs="?", help="the state or organisation (ego only)")
    p.add_argument("--radius", type=int, default=1, help="ego radius in hops")
    p.add_argument("--seed", type=int, default=0, help="seed for communities")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--export", type=Path, help="also write the graph (.graphml/.gexf)")

    p = sub.add_parser(
        "viz", parents=[common, build_dir], help="write an interactive offline page"
    )
    p.add_argument("view", choices=["network", "ego", "overlap"])
    p.add_argument("entity", nargs="?", help="the state or organisation (ego only)")
    p.add_argument("--radius", type=int, default=1, help="ego radius in hops")
    p.add_argument("--seed", type=int, default=0, help="layout seed")
    p.add_argument("--out", type=Path, required=True, help="the .html file to write")

    p = sub.add_parser(
        "chart", parents=[common, build_dir], help="write a static PNG chart"
    )
    p.add_argument("chart", choices=["heatmap", "timeline"])
    p.add_argument("entity", nargs="?", help="the organisation (timeline only)")
    p.add_argument("--out", type=Path, required=True, help="the .png file to write")

    p = sub.add_parser(
        "serve",
        parents=[common, read_build],
        help="serve the SPARQL endpoint and web pages",
    )
    p.add_argument("--host", default="127.0.0.1", help="address (default: %(default)s)")
    p.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    p.add_argument("--workers", type=int, default=4, help="query processes")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds per query")
    p.add_argument("--max-rows", type=int, default=10_000, help="result cap")
    p.add_argument(
        "--allow-host", action="append", default=[], help="accept this Host header"
    )

    p = sub.add_parser(
        "push",
        parents=[common, read_build],
        help="load the build into a SPARQL Graph Store",
    )
    p.add_argument("--endpoint", required=True, help="Graph Store Protocol URL")
    p.add_argument(
        "--batch",
        type=_positive_int,
        default=100_000,
        metavar="N",
        help="triples per request: a graph's first batch replaces it (PUT), the"
        " rest are added (POST) (default: %(default)s)",
    )

    p = sub.add_parser(
        "sparql",
        parents=[common, read_build],
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments without the program name (default: ``sys.argv[1:]``).

    Returns:
        The exit code.
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    level = (
        logging.DEBUG if args.verbose else logging.ERROR if args.quiet else logging.INFO
    )
    logging.basicConfig(
        level=level, format="%(message)s", stream=sys.stderr, force=True
    )
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "validate":
            return _validate(args)
        if args.command == "resolve":
            return _resolve(args)
        if args.command == "query":
            return _query(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "push":
            from graph_builder.remote import push

            count = push(args.build, args.endpoint, progress=log.info, batch=args.batch)
            print(f"pushed {count} graphs to {args.endpoint}")
            return EXIT_OK
        if args.command in ("analyze", "viz", "chart"):
            from graph_builder import cli_viz  # imports viz only when needed

            return int(getattr(cli_viz, args.command)(args))
        return _sparql(args)
    except OrgKGError as exc:
        print(f"orgkg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into e.g. head, which closed early
        sys.stdout = Path(os.devnull).open("w")  # noqa: SIM115 - silences the exit flush
        return EXIT_OK


# -- build ---------------------------------------------------------------------


def _positive_int(text: str) -> int:
    """An argparse type: an integer of at least 1.

    Examples:
        >>> _positive_int("2")
        2
    """
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value


def _build(args: argparse.Namespace) -> int:
    summary = (
        None if args.force else reused_summary(args.sources, args.out, args.corpus)
    )
    if summary is None:
        result = build(
            args.sources,
            args.out,
            sources_dir=args.corpus,
            progress=log.info,
            jobs=args.jobs,
        )
        summary = result.summary()
    else:
        log.info("nothing changed since the last build in %s; kept it", args.out)
    if args.format == "json":
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        print(_summary_text(summary))
    flagged = summary["unresolved"] or summary["warnings"]
    return EXIT_VIOLATIONS if args.strict and flagged else EXIT_OK


def _summary_text(summary: Mapping[str, Any]) -> str:
    """The build summary (``BuildResult.summary``) as text."""
    lines = [
        f"Built {len(summary['documents'])} documents, {summary['quads']} quads"
        f" -> {summary['out_dir']}"
    ]
    for d in summary["documents"]:
        org = d["organisation"] or "?"
        as_of = d["as_of"] or "unknown"
        lines.append(f"  {d['id']:<28} {d['kind']:<12} {org} (as of {as_of})")
    counts = summary["counts"]
    lines.append(
        "Entities and facts: " + ", ".join(f"{k} {v}" for k, v in counts.items())
    )
    warnings = summary["warnings"]
    lines.append(f"Warnings: {len(warnings)}")
    lines += [f"  {w['document']} line {w['line']}: {w['message']}" for w in warnings]
    unresolved = summary["unresolved"]
    lines.append(f"Unresolved names: {len(unresolved)}")
    lines += [f"  {u['name']!r} ({u['document']} line {u['line']})" for u in unresolved]
    new = summary["new_organisations"]
    lines.append(f"New organisations (not in the gazetteer): {len(new)}")
    lines += [f"  {e['acronym'] or ''} {e['name']}" for e in new]
    lines.append(
        f"Unparsed passages: {len(summary['unparsed'])} (listed with --format json)"
    )
    conflicts = summary["conflicts"]
    lines.append(f"Conflicts between sources: {len(conflicts)}")
    for c in conflicts:
        lines.append(
            f"  {c['organisation']}: {c['agent']} is listed in {c['listed_in']}"
            f" (as of {c['listed_as_of'] or 'unknown'}) but absent from"
            f" {c['absent_from']} (as of {c['absent_as_of'] or 'unknown'})"
        )
    for d2 in summary["count_disagreements"]:
        parts = [
            f"{x['source']}: {x['stated'] if x['stated'] is not None else x['listed']}"
            for x in d2["sources"]
        ]
        lines.append(
            f"  {d2['organisation']} {d2['role']} count differs: " + "; ".join(parts)
        )
    return "\n".join(lines)


# -- validate, resolve -----------------------------------------------------------


def _validate(args: argparse.Namespace) -> int:
    from graph_builder.validate import validate_output

    report = validate_output(args.build)
    print(report.text())
    return EXIT_OK if report.conforms else EXIT_VIOLATIONS


def _resolve(args: argparse.Namespace) -> int:
    entity = Resolver().resolve(args.name)
    if entity is None:
        if args.format == "json":
            print(json.dumps({"name": args.name, "resolved": False}))
        raise ResolutionError(
            f"name {args.name!r} does not resolve to a known state or organisation"
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


# -- query, sparql ---------------------------------------------------------------


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
        from graph_builder.remote import remote_select

        columns, rows = remote_select(args.endpoint, query.text, bindings)
    else:
        columns, rows = select(open_store(args.build), query.text, bindings)
    print(_format(columns, rows, args.format), end="")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from graph_builder.server import make_server

    server = make_server(
        args.build,
        args.host,
        args.port,
        workers=args.workers,
        timeout=args.timeout,
        cap=args.max_rows,
        allowed_hosts=args.allow_host,
    )
    host, port = server.server_address[:2]
    print(
        f"orgkg serving {args.build} at http://{host}:{port}/ (Ctrl-C to stop)",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK


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
        from graph_builder.remote import remote_select

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
    from graph_builder.workers import WorkerPool

    store_path = current_generation(out_dir) / STORE_NAME
    with WorkerPool(store_path, size=1, timeout=timeout, cap=2**62) as pool:
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
