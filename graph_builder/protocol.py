"""uvicorn's HTTP/1.1 protocol with a request deadline and a connection cap.

uvicorn closes a keep-alive connection that stays idle between requests, but
not one that opens and never sends a request, or sends half of one and stalls
("slowloris"): each such connection would be held for ever. This subclass of
uvicorn's h11 protocol gives every request a deadline, from the connection's
opening or the request's first byte until its last byte, and closes a
connection that misses it. It also closes at once any connection beyond a hard
cap, where uvicorn's ``limit_concurrency`` still accepts it and answers 503.
h11 itself rejects malformed framing (``Content-Length: abc`` or ``-5``,
conflicting lengths) with 400 and closes the connection.
"""

import asyncio
import socket
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["guarded_protocol"]

_RECEIVING = (h11.IDLE, h11.SEND_BODY)


class _GuardedH11Protocol(H11Protocol):
    request_timeout: float = 10.0
    max_connections: int = 100

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None

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
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._deadline is None and self.conn.their_state in _RECEIVING:
            self._arm()  # the first byte of the next request on this connection
        super().data_received(data)
        if self.conn.their_state not in _RECEIVING:
            self._disarm()  # the whole request is in

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
        if self.conn.their_state in _RECEIVING and not self.transport.is_closing():
            self.transport.close()


def guarded_protocol(request_timeout: float, max_connections: int) -> type[H11Protocol]:
    """Uvicorn's h11 protocol class with a request deadline and a connection cap.

    Args:
        request_timeout: Seconds from a connection's opening, or a request's
            first byte, until the request must be complete.
        max_connections: Connections beyond this many are closed at once.

    Returns:
        A protocol class to pass as uvicorn's ``http`` setting.
    """
    return type(
        "GuardedH11Protocol",
        (_GuardedH11Protocol,),
        {"request_timeout": request_timeout, "max_connections": max_connections},
    )
