"""The outermost middleware: the Host check and security headers on every answer."""

from __future__ import annotations

import time

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_builder.serve.responses import (
    error_response,
)

__all__ = ["CSP", "LOOPBACK_HOSTS", "SECURITY_HEADERS", "HostGuard"]


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


#: Every page: scripts and styles from this server only, no inline script.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'"
)
#: On every answer: the application's (a page may set its own CSP) and those
#: the HTTP protocol writes itself (400, 431).
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class HostGuard:
    """ASGI middleware: Host check and security headers on every response."""

    def __init__(self, app: ASGIApp, allowed_hosts: frozenset[str]) -> None:
        """Wrap ``app``, answering only requests whose Host is allowed."""
        self.app = app
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the Host, then add the security headers to the answer.

        ``Server-Timing: app;dur=`` gives the milliseconds from the request
        to the answer's headers (a page is rendered whole before them), which
        the browser's devtools show and ``benchmarks/pages.py`` checks
        against the page budget.
        """
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                own = {k for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in own]
                spent = (time.perf_counter() - started) * 1000
                headers.append((b"server-timing", f"app;dur={spent:.1f}".encode()))
                message = {**message, "headers": headers}
            await send(message)

        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
        name = (
            host.rsplit(":", 1)[0]
            if not host.startswith("[")
            else host.split("]")[0] + "]"
        )
        if name.lower() not in self.allowed_hosts:
            response = error_response(
                Request(scope),
                403,
                f"Host {host!r} is not allowed; start the server with --allow-host"
                " to permit it",
            )
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)
