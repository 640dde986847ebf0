"""The ``serve`` command: the SPARQL endpoint and the analyst pages."""

import argparse

from graph_builder.cli.common import Parents, Subparsers, positive_int
from graph_builder.errors import EXIT_OK
from graph_builder.serve.workers import default_worker_memory

__all__ = ["add_parsers"]


def add_parsers(sub: Subparsers, parents: Parents) -> None:
    """Add the serve commands to ``sub``."""
    p = sub.add_parser(
        "serve",
        parents=[parents.common, parents.read_build],
        help="serve the SPARQL endpoint and web pages",
    )
    p.add_argument("--host", default="127.0.0.1", help="address (default: %(default)s)")
    p.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    p.add_argument("--workers", type=int, default=4, help="query processes")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds per query")
    p.add_argument("--max-rows", type=int, default=10_000, help="result cap")
    p.add_argument(
        "--worker-memory",
        type=positive_int,
        metavar="MB",
        help="megabytes of memory a query worker may use in all; a query that"
        " needs more answers 503 (default: a share of this machine's memory per"
        f" worker, {default_worker_memory()} MB with 4 workers)",
    )
    p.add_argument(
        "--allow-host", action="append", default=[], help="accept this Host header"
    )

    p.set_defaults(run=_serve)


def _serve(args: argparse.Namespace) -> int:
    from graph_builder.serve.app import make_server

    server = make_server(
        args.build,
        args.host,
        args.port,
        workers=args.workers,
        timeout=args.timeout,
        cap=args.max_rows,
        memory=args.worker_memory,
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
