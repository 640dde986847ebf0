"""The ``build``, ``validate`` and ``push`` commands: make, check, publish a build."""

import argparse
import json
import logging
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from graph_builder.build.documents import location
from graph_builder.build.parse import available_cpus
from graph_builder.build.pipeline import build, reused_summary
from graph_builder.cli.common import Parents, Subparsers, positive_int
from graph_builder.errors import EXIT_OK, EXIT_VIOLATIONS
from graph_builder.paths import DEFAULT_OUT_DIR, SOURCES_DIR
from graph_builder.query.spans import Span, agents

__all__ = ["add_parsers"]

log = logging.getLogger("orgkg")


def add_parsers(sub: Subparsers, parents: Parents) -> None:
    """Add the build, validate and push commands to ``sub``."""
    p = sub.add_parser(
        "build",
        parents=[parents.common],
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
        help="exit 1 when a document could not be read, a name is unresolved or"
        " a document has a warning",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="rebuild even when no input changed since the last build",
    )
    p.add_argument(
        "--jobs",
        type=positive_int,
        default=available_cpus(),
        metavar="N",
        help="worker processes for parsing documents (default: %(default)s,"
        " the CPUs available)",
    )

    p.set_defaults(run=_build)

    p = sub.add_parser(
        "validate",
        parents=[parents.common, parents.read_build],
        help="check the built graph against the SHACL shapes and violation queries",
    )

    p.set_defaults(run=_validate)

    p = sub.add_parser(
        "push",
        parents=[parents.common, parents.read_build],
        help="load the build into a SPARQL Graph Store",
    )
    p.add_argument("--endpoint", required=True, help="Graph Store Protocol URL")
    p.add_argument(
        "--batch",
        type=positive_int,
        default=100_000,
        metavar="N",
        help="triples per request: a graph's first batch replaces it (PUT), the"
        " rest are added (POST) (default: %(default)s)",
    )

    p.set_defaults(run=_push)


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
            # The explorer's layout, once per build (the build room knows no viz).
            derived={LAYOUT_NAME: _layout},
        )
        summary = result.summary()
    else:
        log.info("nothing changed since the last build in %s; kept it", args.out)
    for error in summary.get("errors", []):
        # One line per document that could not be read; the rest was built.
        print(f"orgkg: {_where(error)}: {error['message']}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        print(_summary_text(summary))
    flagged = summary["unresolved"] or summary["warnings"] or summary.get("errors")
    return EXIT_VIOLATIONS if args.strict and flagged else EXIT_OK


#: The file the explorer's layout goes to (``viz.layout.LAYOUT_NAME``, which
#: a test checks; not imported, so a build only imports viz when it lays out).
LAYOUT_NAME = "layout.json"
#: Below this many nodes the layout is not worth viz's imports (1 s, 60 MB)
#: in every build: whoever draws the network lays it out in a blink.
LAYOUT_FROM = 300


def _layout(items: Sequence[Span]) -> bytes | None:
    """The explorer's layout of the span table, for a network worth it."""
    if len(agents(items)) < LAYOUT_FROM:
        return None
    from viz.layout import layout_file

    return layout_file(items)


def _where(error: Mapping[str, Any]) -> str:
    """Where a document error of the build summary is."""
    return location(str(error["file"]), error.get("line"), error.get("page"))


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
    errors = summary.get("errors", [])
    lines.append(f"Documents that could not be read: {len(errors)}")
    lines += [f"  {_where(e)}: {e['message']}" for e in errors]
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


def _validate(args: argparse.Namespace) -> int:
    from graph_builder.build.validate import validate_output

    report = validate_output(args.build)
    print(report.text())
    return EXIT_OK if report.conforms else EXIT_VIOLATIONS


def _push(args: argparse.Namespace) -> int:
    from graph_builder.build.push import push

    count = push(args.build, args.endpoint, progress=log.info, batch=args.batch)
    print(f"pushed {count} graphs to {args.endpoint}")
    return EXIT_OK
