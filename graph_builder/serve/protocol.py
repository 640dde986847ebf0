"""uvicorn's HTTP/1.1 protocol with deadlines, connection caps and header limits.

uvicorn closes a keep-alive connection that stays idle between requests, but
not one that opens and never sends a request, or sends half of one and stalls
("slowloris"): each such connection would be held for ever. This subclass of
uvicorn's httptools protocol (llhttp, the parser of Node.js: several times
faster than the pure-Python h11) gives every request a deadline, from the
connection's opening or the request's first byte until its last byte, and
closes a connection that misses it. It also closes at once any connection
beyond a hard cap, where uvicorn's ``limit_concurrency`` still accepts it and
answers 503, and any connection beyond a per-client cap (one address may not
hold every connection). A request whose headers pass a size or a count
limit is answered 431 and closed. llhttp itself rejects malformed framing
(``Content-Length: abc`` or ``-5``, conflicting lengths) and unknown methods;
uvicorn answers 400 and closes. Every answer written here, not by the
application, carries the same security headers as the application's.
"""

import asyncio
import socket
from collections import Counter
from collections.abc import Sequence
from typing import Any, ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["guarded_protocol"]


class _HeadersTooLargeError(Exception):
    """A request's headers passed a limit (answered 431)."""


class _GuardedProtocol(HttpToolsProtocol):
    request_timeout: float = 10.0
    max_connections: int = 100
    max_per_client: int = 16
    max_header_bytes: int = 16_384
    max_headers: int = 100
    security_headers: ClassVar[list[tuple[bytes, bytes]]] = []
    #: Open connections per client address (one counter per server).
    per_client: ClassVar[Counter[str]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._in_request = False  # between a request's first and last byte
        self._peer: str | None = None  # counted in per_client
        self._raw_head = 0  # bytes received while the head is incomplete
        self._head_bytes = 0  # bytes of the request line and headers parsed
        self._head_count = 0
        self._in_head = False
        self._too_large = False

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
        peer = transport.get_extra_info("peername")
        if isinstance(peer, tuple):
            self._peer = str(peer[0])
            self.per_client[self._peer] += 1
            if self.per_client[self._peer] > self.max_per_client:
                transport.abort()
                return
        self._arm()  # until the first request is whole

    def data_received(self, data: bytes) -> None:
        if self._deadline is None:
            self._arm()  # the first byte of the next request on this connection
        if self._in_head or not self._in_request:
            # llhttp holds a header until its end: count the bytes as they
            # come. Bytes that arrived before this chunk while the head was
            # still incomplete are all head (a body only follows a whole head).
            before = self._raw_head
            self._raw_head += len(data)
            if before > self.max_header_bytes:
                self._too_large = True
                self.send_400_response("request headers too large")
                return
        super().data_received(data)
        if not self._in_request:
            self._disarm()  # every request begun so far is whole

    def on_message_begin(self) -> None:
        self._in_request = True
        self._in_head = True
        self._head_bytes = 0
        self._head_count = 0
        super().on_message_begin()

    def on_url(self, url: bytes) -> None:
        self._head_bytes += len(url)
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._head_count += 1
        self._head_bytes += len(name) + len(value) + 4  # ": " and CRLF
        if (
            self._head_count > self.max_headers
            or self._head_bytes > self.max_header_bytes
        ):
            self._too_large = True
            raise _HeadersTooLargeError  # llhttp stops; data_received answers
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._raw_head = 0
        super().on_headers_complete()

    def send_400_response(self, msg: str) -> None:
        """Answer 400 (431 for headers over a limit) with the security headers."""
        status = (
            b"431 Request Header Fields Too Large"
            if self._too_large
            else (b"400 Bad Request")
        )
        if self._too_large:
            msg = (
                f"request headers too large: at most {self.max_headers} headers"
                f" and {self.max_header_bytes} bytes"
            )
        body = msg.encode("ascii", "replace") + b"\n"
        head = [b"HTTP/1.1 " + status]
        head += [name + b": " + value for name, value in self.security_headers]
        head += [
            b"content-type: text/plain; charset=utf-8",
            b"content-length: " + str(len(body)).encode(),
            b"connection: close",
        ]
        if not self.transport.is_closing():
            self.transport.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
            self.transport.close()

    def on_message_complete(self) -> None:
        self._in_request = False
        super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self._peer is not None:
            self.per_client[self._peer] -= 1
            if self.per_client[self._peer] <= 0:
                del self.per_client[self._peer]
            self._peer = None
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
    request_timeout: float,
    max_connections: int,
    *,
    max_per_client: int = 16,
    max_header_bytes: int = 16_384,
    max_headers: int = 100,
    security_headers: Sequence[tuple[bytes, bytes]] = (),
) -> type[HttpToolsProtocol]:
    """Uvicorn's httptools protocol class with deadlines, caps and limits.

    Args:
        request_timeout: Seconds from a connection's opening, or a request's
            first byte, until the request must be complete.
        max_connections: Connections beyond this many are closed at once.
        max_per_client: Connections from one address beyond this many are
            closed at once.
        max_header_bytes: The most bytes of request line and headers.
        max_headers: The most header fields in one request.
        security_headers: Headers every answer written here carries.

    Returns:
        A protocol class to pass as uvicorn's ``http`` setting.
    """
    return type(
        "GuardedProtocol",
        (_GuardedProtocol,),
        {
            "request_timeout": request_timeout,
            "max_connections": max_connections,
            "max_per_client": max_per_client,
            "max_header_bytes": max_header_bytes,
            "max_headers": max_headers,
            "security_headers": list(security_headers),
            "per_client": Counter(),
        },
    )
