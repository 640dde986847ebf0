"""``orgkg serve``: a read-only SPARQL 1.1 Protocol endpoint and analyst web pages.

An ASGI application (Starlette) served by uvicorn. Routes: ``/sparql`` (GET
and POST, content negotiation with q-values), ``/query`` (the query library
with forms, tables and downloads), ``/id/...`` (entity pages: HTML for
browsers, RDF for RDF clients), ``/viz`` (the network page).

What the server guarantees, and the README's security section explains:

* read-only: updates, ``SERVICE``, ``FROM`` and dataset parameters are refused
  on the parsed query, and every query runs in a sandboxed worker process that
  cannot open a network connection (``graph_builder.serve.sandbox``), with a time
  limit and a result cap (``graph_builder.serve.workers``);
* fair: each client gets a share of the workers (``graph_builder.serve.scheduler``);
* robust: malformed requests get 400, oversized bodies 413 with the
  connection closed, stalled or idle connections are closed, connections are
  capped (``graph_builder.serve.protocol``);
* one build: the server pins the build generation it started with, so every
  answer and page comes from the same build (restart to pick up a rebuild);
* DNS-rebinding protection (only loopback ``Host`` headers unless
  ``--allow-host`` names others) and a strict Content-Security-Policy on
  every response, errors included.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Awaitable, Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route, request_response
from starlette.staticfiles import StaticFiles

from graph_builder.errors import QueryError
from graph_builder.paths import QUERIES_DIR
from graph_builder.serve.guard import LOOPBACK_HOSTS, SECURITY_HEADERS, HostGuard
from graph_builder.serve.protocol import guarded_protocol
from graph_builder.serve.routes import endpoint, entities, explorer, pages
from graph_builder.serve.state import ServerState
from graph_builder.serve.workers import (
    WorkerPool,
)

__all__ = [
    "KEEP_ALIVE",
    "MAX_CONNECTIONS",
    "MAX_PER_CLIENT",
    "REQUEST_TIMEOUT",
    "OrgKGServer",
    "create_app",
    "make_server",
]

log = logging.getLogger(__name__)


#: Seconds a client may take to send a whole request.
REQUEST_TIMEOUT = 10.0


#: Seconds an idle keep-alive connection stays open.
KEEP_ALIVE = 5


#: Open connections beyond this many are closed at once.
MAX_CONNECTIONS = 128
#: Open connections from one address beyond this many are closed at once, so
#: one client cannot take every connection.
MAX_PER_CLIENT = 16


Handler = Callable[[ServerState, Request], Awaitable[Response]]


def _bound(
    handler: Handler, state: ServerState
) -> Callable[[Request], Awaitable[Response]]:
    """A route endpoint: ``handler`` with the server's state."""

    async def endpoint(request: Request) -> Response:
        return await handler(state, request)

    return endpoint


def create_app(
    build_dir: Path,
    *,
    workers: int = 4,
    timeout: float = 10.0,
    cap: int = 10_000,
    memory: int | None = None,
    allowed_hosts: Sequence[str] = (),
    queries_dir: Path = QUERIES_DIR,
) -> tuple[Starlette, ServerState]:
    """The ASGI application over the build in ``build_dir``, and its state."""
    state = ServerState(
        build_dir,
        workers=workers,
        timeout=timeout,
        cap=cap,
        memory=memory,
        queries_dir=queries_dir,
    )

    def get(path: str, handler: Handler) -> Route:
        return Route(path, _bound(handler, state), methods=["GET"])

    routes = [
        get("/", pages.home),
        # CORS on the endpoint only, so a SPARQL client in a page served
        # elsewhere (YASGUI, a notebook) can query it; the pages need none.
        Route(
            "/sparql",
            CORSMiddleware(
                request_response(_bound(endpoint.sparql, state)),
                allow_origins=["*"],
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
                max_age=600,
            ),
            methods=["GET", "POST", "OPTIONS"],
        ),
        get("/search", pages.search_page),
        get("/compare", pages.compare_page),
        get("/overlap", pages.overlap_page),
        get("/api/search", pages.search_api),
        get("/api/prefixes", pages.prefixes_api),
        get("/api/terms", pages.terms_api),
        # Before the /static mount, which would answer first: the explorer's
        # files come from the viz and pyvis packages.
        get("/static/viz/{name}", explorer.viz_asset),
        Mount(
            "/static",
            StaticFiles(
                directory=str(resources.files("graph_builder.serve") / "static")
            ),
        ),
        get("/query", pages.library_page),
        get("/query/{name}", pages.named),
        get("/id/{path:path}", entities.entity),
        get("/viz", explorer.viz),
        get("/api/explorer", explorer.explorer_api),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(HostGuard, allowed_hosts=LOOPBACK_HOSTS | set(allowed_hosts))
    return app, state


class OrgKGServer:
    """uvicorn serving the orgkg application on a socket bound at creation.

    ``serve_forever``, ``shutdown`` and ``server_close`` mirror
    ``socketserver`` so the CLI and tests can run it in a thread.
    """

    def __init__(
        self,
        address: tuple[str, int],
        build_dir: Path,
        *,
        workers: int = 4,
        timeout: float = 10.0,
        cap: int = 10_000,
        memory: int | None = None,
        allowed_hosts: Sequence[str] = (),
        queries_dir: Path = QUERIES_DIR,
        max_connections: int = MAX_CONNECTIONS,
        max_per_client: int = MAX_PER_CLIENT,
        request_timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        """Start the workers and bind the socket (port 0 picks a free one)."""
        self.app, self.state = create_app(
            build_dir,
            workers=workers,
            timeout=timeout,
            cap=cap,
            memory=memory,
            allowed_hosts=allowed_hosts,
            queries_dir=queries_dir,
        )
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.socket.bind(address)
        except OSError as exc:
            self.state.pool.close()
            raise QueryError(
                f"cannot listen on {address[0]}:{address[1]}: {exc}"
            ) from exc
        self.socket.listen(2048)  # connections queue until uvicorn accepts them
        self.server_address: tuple[str, int] = self.socket.getsockname()[:2]
        config = uvicorn.Config(
            self.app,
            http=guarded_protocol(
                request_timeout,
                max_connections,
                max_per_client=max_per_client,
                security_headers=SECURITY_HEADERS,
            ),
            # Not behind a proxy: X-Forwarded-For from a client must not
            # change which client the fair scheduler counts it as.
            proxy_headers=False,
            lifespan="off",
            limit_concurrency=max_connections,
            timeout_keep_alive=KEEP_ALIVE,
            log_level=logging.WARNING,
            access_log=False,
            server_header=False,
        )
        self._uvicorn = uvicorn.Server(config)
        self._stopped = threading.Event()

    @property
    def pool(self) -> WorkerPool:
        """The query workers."""
        return self.state.pool

    @property
    def library(self) -> dict[str, Any]:
        """The query library the server offers."""
        return self.state.library

    @property
    def build_dir(self) -> Path:
        """The pinned build generation."""
        return self.state.build_dir

    def serve_forever(self) -> None:
        """Serve until :meth:`shutdown` (or Ctrl-C in the main thread)."""
        try:
            self._uvicorn.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop serving and wait until the server has stopped."""
        self._uvicorn.should_exit = True
        self._stopped.wait(30)

    def server_close(self) -> None:
        """Close the socket and stop the workers."""
        self.socket.close()
        self.state.pool.close()


def make_server(
    build_dir: Path, host: str = "127.0.0.1", port: int = 8000, **kwargs: Any
) -> OrgKGServer:
    """Create (not start) a server for the build in ``build_dir``."""
    return OrgKGServer((host, port), build_dir, **kwargs)
