"""uvicorn's HTTP/1.1 protocol with a request deadline and a connection cap.

uvicorn closes a keep-alive connection that stays idle between requests, but
not one that opens and never sends a request, or sends half of one and stalls
("slowloris"): each such connection would be held for ever. This subclass of
uvicorn's httptools protocol (llhttp, the parser of Node.js: several times
faster than the pure-Python h11) gives every request a deadline, from the
connection's opening or the request's first byte until its last byte, and
closes a connection that misses it. It also closes at once any connection
beyond a hard cap, where uvicorn's ``limit_concurrency`` still accepts it and
answers 503. llhttp itself rejects malformed framing (``Content-Length: abc``
or ``-5``, conflicting lengths) and uvicorn answers 400 and closes.
"""

import asyncio
import socket
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["guarded_protocol"]


class _GuardedProtocol(HttpToolsProtocol):
    request_timeout: float = 10.0
    max_connections: int = 100

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._in_request = False  # between a request's first and last byte

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            # Without it, every answer after the first on a keep-alive
            # connection waits ~40 ms for the client's delayed ACK (Nagle).
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            transport.abort()
            return
        self._arm()  # until the first request is whole

    def data_received(self, data: bytes) -> None:
        if self._deadline is None:
            self._arm()  # the first byte of the next request on this connection
        super().data_received(data)
        if not self._in_request:
            self._disarm()  # every request begun so far is whole

    def on_message_begin(self) -> None:
        self._in_request = True
        super().on_message_begin()

    def on_message_complete(self) -> None:
        self._in_request = False
        super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.request_timeout, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()


def guarded_protocol(
    request_timeout: float, max_connections: int
) -> type[HttpToolsProtocol]:
    """Uvicorn's httptools protocol class with a request deadline and a cap.

    Args:
        request_timeout: Seconds from a connection's opening, or a request's
            first byte, until the request must be complete.
        max_connections: Connections beyond this many are closed at once.

    Returns:
        A protocol class to pass as uvicorn's ``http`` setting.
    """
    return type(
        "GuardedProtocol",
        (_GuardedProtocol,),
        {"request_timeout": request_timeout, "max_connections": max_connections},
    )
