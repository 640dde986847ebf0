"""Hostile HTTP: malformed framing, oversized bodies, stalled connections, unfair load (#9)."""

import contextlib
import http.client
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from graph_builder.serve.app import OrgKGServer, make_server
from graph_builder.serve.guard import CSP
from graph_builder.serve.responses import MAX_BODY
from tests.test_server.test_endpoint import HOSTILE, get

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def strict(session_build: Path) -> Iterator[OrgKGServer]:
    """A server with short limits: 2 workers, 3 s queries, 1 s to send a request."""
    srv = make_server(
        session_build,
        "127.0.0.1",
        0,
        workers=2,
        timeout=3.0,
        cap=2000,
        request_timeout=1.0,
        max_connections=8,
    )
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def raw(srv: OrgKGServer, data: bytes, wait: float = 5.0) -> bytes:
    """Send raw bytes (while reading); return all the server sends before closing."""
    with socket.create_connection(srv.server_address, timeout=wait) as sock:

        def send() -> None:
            # The server may close the connection mid-body.
            with contextlib.suppress(OSError):
                sock.sendall(data)

        sender = threading.Thread(target=send)
        sender.start()
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            chunks.append(b"<still open>")
        except ConnectionResetError:
            pass
        sender.join()
        return b"".join(chunks)


def status_of(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


@pytest.mark.parametrize("length", [b"abc", b"-5", b"1e3", b"5, 7"])
def test_malformed_content_length_is_400(strict: OrgKGServer, length: bytes) -> None:
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/sparql-query\r\nContent-Length: "
        + length
        + b"\r\n\r\n"
    )
    response = raw(strict, request + b"ASK {}")
    assert status_of(response) == 400
    assert not response.endswith(b"<still open>")  # and the connection is closed


def test_oversized_body_is_413_and_the_connection_closes(strict: OrgKGServer) -> None:
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/sparql-query\r\n"
        b"Content-Length: " + str(MAX_BODY + 1).encode() + b"\r\n\r\n"
    )
    # A smuggled second request in the body must never be answered.
    smuggled = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    response = raw(strict, request + smuggled)
    assert status_of(response) == 413
    assert response.count(b"HTTP/1.1") == 1
    assert b"connection: close" in response.lower()
    assert not response.endswith(b"<still open>")


def test_oversized_chunked_body_is_413(strict: OrgKGServer) -> None:
    chunk = b"x" * 500_000
    body = b"".join(
        hex(len(chunk))[2:].encode() + b"\r\n" + chunk + b"\r\n" for _ in range(3)
    )
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    response = raw(strict, request + body + b"0\r\n\r\n")
    assert status_of(response) == 413


def test_idle_and_half_sent_connections_are_closed(strict: OrgKGServer) -> None:
    for data in (b"", b"GET /sparql?query=ASK HTTP/1.1\r\nHost: 127.0"):
        started = time.perf_counter()
        response = raw(strict, data, wait=5.0)
        assert not response.endswith(b"<still open>")
        assert time.perf_counter() - started < 3.0


def test_connections_beyond_the_cap_are_closed(strict: OrgKGServer) -> None:
    socks = [socket.create_connection(strict.server_address) for _ in range(12)]
    try:
        time.sleep(0.3)
        closed = 0
        for sock in socks:
            sock.settimeout(0.2)
            try:
                closed += sock.recv(1) == b""
            except TimeoutError:
                pass
            except ConnectionResetError:
                closed += 1
        assert closed >= 4
    finally:
        for sock in socks:
            sock.close()
    # The server still answers once they are gone.
    assert (
        get(f"http://127.0.0.1:{strict.server_address[1]}/sparql?query=ASK%7B%7D")[0]
        == 200
    )


@pytest.mark.parametrize(
    ("query", "fmt"),
    [
        (COUNT, "turtle"),
        (COUNT, "ntriples"),
        ("ASK { ?s ?p ?o }", "turtle"),
        ("CONSTRUCT WHERE { ?s a ?t } LIMIT 1", "csv"),
        ("CONSTRUCT WHERE { ?s a ?t } LIMIT 1", "tsv"),
        (COUNT, "pdf"),
    ],
)
def test_format_that_does_not_fit_the_query_form_is_406(
    base: str, query: str, fmt: str
) -> None:
    status, _, body = get(
        f"{base}/sparql?format={fmt}&query=" + urllib.parse.quote(query)
    )
    assert status == 406
    assert f"format={fmt!r}".encode() in body


@pytest.mark.parametrize(
    ("method", "path"),
    [("PUT", "/sparql"), ("DELETE", "/"), ("PATCH", "/id/org/selec")],
)
def test_unsupported_methods_are_405_with_security_headers(
    strict: OrgKGServer, method: str, path: str
) -> None:
    conn = http.client.HTTPConnection(*strict.server_address, timeout=10)
    conn.request(method, path, body=b"", headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    response.read()
    conn.close()
    assert response.status == 405
    assert response.getheader("Content-Security-Policy") == CSP
    assert response.getheader("X-Content-Type-Options") == "nosniff"


@pytest.mark.parametrize("path", ["/id/%ZZ", "/id/org/a%20b", "/id/org/<x>", "/id/%00"])
def test_invalid_entity_iris_are_4xx(base: str, path: str) -> None:
    status, _, _ = get(base + path, {"Accept": "text/turtle"})
    assert status in (400, 404)
    # and the workers are all still there
    assert get(f"{base}/id/org/selec", {"Accept": "text/turtle"})[0] == 200


def _query_from(srv: OrgKGServer, source: str, query: str) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection(
        *srv.server_address, timeout=30, source_address=(source, 0)
    )
    conn.request(
        "GET",
        "/sparql?query=" + urllib.parse.quote(query),
        headers={"Host": "127.0.0.1", "Accept": "text/csv"},
    )
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, time.perf_counter() - started


def test_one_clients_slow_queries_leave_a_worker_for_others(
    strict: OrgKGServer,
) -> None:
    """Client 127.0.0.2 floods slow queries; 127.0.0.3 is still answered at once."""
    with ThreadPoolExecutor(max_workers=6) as flood:
        slow = [
            flood.submit(_query_from, strict, "127.0.0.2", HOSTILE) for _ in range(3)
        ]
        time.sleep(0.5)
        others = [_query_from(strict, "127.0.0.3", COUNT) for _ in range(5)]
        slow_statuses = sorted(f.result()[0] for f in slow)
    assert [status for status, _ in others] == [200] * 5
    assert max(seconds for _, seconds in others) < 2.0  # never waited for the flood
    assert set(slow_statuses) <= {503}  # each slow query was cut off at its limit
