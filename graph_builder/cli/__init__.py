"""The ``orgkg`` command line: a thin layer over build, query, serve and viz.

One module per command family, each adding its parsers (``add_parsers``)
and a ``run`` function per command: ``build`` (build, validate, push),
``query`` (resolve, query, sparql), ``viz`` (analyze, viz, chart; imports
``viz`` only when run), ``serve``. Parsing arguments, calling the layers
below and printing is all a command does. May import every layer.

Exit codes: 0 ok; 1 the data does not conform (validate); 2 usage, input or
load error. Results go to stdout; progress and diagnostics go to stderr.
"""

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from graph_builder.cli import build, query, serve, viz
from graph_builder.cli.common import parents
from graph_builder.errors import EXIT_ERROR, EXIT_OK, OrgKGError

__all__ = ["main"]

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
    shared = parents()
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # In the order ``orgkg --help`` lists them.
    build.add_parsers(sub, shared)
    query.add_parsers(sub, shared)
    viz.add_parsers(sub, shared)
    serve.add_parsers(sub, shared)
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
        return int(args.run(args))
    except OrgKGError as exc:
        print(f"orgkg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into e.g. head, which closed early
        sys.stdout = Path(os.devnull).open("w")  # noqa: SIM115 - silences the exit flush
        return EXIT_OK
