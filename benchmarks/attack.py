"""The attack suite: what a hostile client tries against ``orgkg serve`` (issue #22).

Starts ``orgkg serve`` on a build (a subprocess on 127.0.0.1, as a real
client meets it) and runs each attack from this machine only: the hostile
client connects from 127.0.0.2, the honest one from 127.0.0.1, so the
server tells them apart as it would two hosts. Every loop is bounded in
count and time.

Attacks (each counts attempts and failures; a failure is an attack that
worked, or an honest request it spoiled):

* ``network``: parser-differential and hidden ``SERVICE``/``FROM``/``LOAD``/
  update texts pointing at a loopback listener; each must answer 400 and the
  listener must see no connection.
* ``timeouts``: rounds of three concurrent queries past the time limit from
  one client; each must answer 503, the other client's simple queries must
  all answer within 3 s, and the server must answer ``/`` afterwards.
* ``memory``: a query that grows without bound; it must answer 503 and no
  worker may pass its memory cap.
* ``flood``: one address opening and holding as many connections as it can;
  the other client's requests must all succeed.
* ``headers``: a 1 MB header, 2,000 headers, an unknown method: 431/431/400,
  with the security headers.
* ``formulas``: CSV and TSV downloads of formula-like values; no cell may
  start a spreadsheet formula.
* ``documents``: a folder of hostile documents (binary files under document
  names, script and markup in names, a 200,000-character line): the two
  unreadable ones reported one line each, the rest built, and no page of a
  server on that build carries the markup unescaped.

Usage::

    python benchmarks/attack.py                # build the bundled corpus, full rounds
    python benchmarks/attack.py --build out    # an existing build
    python benchmarks/attack.py --quick        # the bounded form the tests run

Prints one row per attack (attempts, failures) and exits 1 if any failed.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import http.client
import io
import itertools
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

HOSTILE = "127.0.0.2"
HONEST = "127.0.0.1"
#: A query that runs past any time limit on any build: three-way cross join.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: A query whose memory grows with the square of the data until it is stopped.
GREEDY = "SELECT ?a ?d ?c WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?a ?d LIMIT 1"
SIMPLE = "ASK { }"
FORMULAS = ["=1+1", "+A1", "-A1+2", "@SUM(1)", "=HYPERLINK(1)", "=cmd|' /C calc'!A0"]


@dataclass
class Result:
    """One attack's outcome."""

    name: str
    attempts: int = 0
    failures: int = 0
    notes: list[str] = field(default_factory=list)

    def fail(self, note: str) -> None:
        """Count a failure and keep the first few reasons."""
        self.failures += 1
        if len(self.notes) < 5:
            self.notes.append(note)


# -- the server and a client ---------------------------------------------------


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind((HONEST, 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    """``orgkg serve`` in a subprocess."""

    process: subprocess.Popen[bytes]
    port: int
    log: IO[bytes]

    def children(self) -> list[int]:
        """The pids of the server's worker processes."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids

    def stop(self) -> None:
        """Stop the server."""
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(20)
        self.log.close()


def start_server(
    build: Path, *, workers: int = 4, timeout: float = 10.0, memory: int = 1024
) -> Server:
    """Start ``orgkg serve`` on ``build`` and wait until it answers.

    ``memory`` 0 leaves ``--worker-memory`` out (for a version without it).
    """
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "graph_builder",
        "serve",
        "--build",
        str(build),
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        "-q",
        *(["--worker-memory", str(memory)] if memory else []),
    ]
    # The server's stderr, shown if it exits; closed by Server.stop.
    log = tempfile.TemporaryFile()  # noqa: SIM115
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log)
    server = Server(process, port, log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            said = log.read().decode("utf-8", "replace").strip()[-500:]
            log.close()
            raise RuntimeError(f"orgkg serve exited with {process.returncode}: {said}")
        try:
            if request(server.port, "GET", "/", timeout=2)[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError("orgkg serve did not answer within 90 s")


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    *,
    source: str = HONEST,
    timeout: float = 30.0,
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request from ``source``: status, headers (lower-case), body."""
    conn = http.client.HTTPConnection(
        HONEST, port, timeout=timeout, source_address=(source, 0)
    )
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return (
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            data,
        )
    finally:
        conn.close()


def sparql(
    port: int,
    query: str,
    *,
    source: str = HONEST,
    timeout: float = 30.0,
    accept: str = "application/sparql-results+json",
) -> tuple[int, bytes]:
    """POST a query to ``/sparql``: status and body."""
    status, _, body = request(
        port,
        "POST",
        "/sparql",
        query.encode("utf-8"),
        {"Content-Type": "application/sparql-query", "Accept": accept},
        source=source,
        timeout=timeout,
    )
    return status, body


# -- network: parser differentials and hidden keywords ----------------------------


def differential_texts(target: str) -> list[str]:
    """Query texts that must all be refused: each would reach ``target``.

    Every federation, dataset and update form, placed everywhere a pattern
    may stand, spelled in every way the two parsers (rdflib's and
    pyoxigraph's) might read differently: keyword case, codepoint escapes of
    4 and 8 digits, comments ended by every kind of line break, escapes that
    spell a line break inside a comment.
    """
    url = f"<{target}>"
    words = [
        "SERVICE",
        "service",
        "SeRvIcE",
        "SERVICE SILENT",
        "\\u0053ERVICE",
        "SERVIC\\u0045",
        "\\U00000053ERVICE",
        "\\u00000053ERVICE",
        "S\\u0045RVICE",
    ]
    services = [f"{w} {url} {{ ?a ?b ?c }}" for w in words] + [
        "SERVICE ?svc { ?a ?b ?c }"
    ]
    places = [
        "{{ {s} }}",
        "{{ ?x ?y ?z OPTIONAL {{ {s} }} }}",
        "{{ {{ ?x ?y ?z }} UNION {{ {s} }} }}",
        "{{ ?x ?y ?z MINUS {{ {s} }} }}",
        "{{ FILTER EXISTS {{ {s} }} }}",
        "{{ FILTER NOT EXISTS {{ {s} }} }}",
        "{{ GRAPH ?g {{ {s} }} }}",
        "{{ {{ SELECT * WHERE {{ {s} }} }} }}",
        "{{ BIND(1 AS ?v) {s} }}",
    ]
    forms = [
        "SELECT * WHERE {p}",
        "ASK {p}",
        "CONSTRUCT {{ ?a ?b ?c }} WHERE {p}",
        "DESCRIBE ?a WHERE {p}",
    ]
    hides = [
        "",
        "# note\r",
        "# note\n",
        "# note\r\n",
        "# c\\u000d",
        "# c\\u000a",
        "#\\U0000000d",
    ]
    texts = []
    for service, place, form, hide in itertools.product(services, places, forms, hides):
        pattern = place.format(s=hide + service)
        texts.append(form.format(p=pattern))
    datasets = [
        f"FROM {url}",
        f"FROM NAMED {url}",
        f"from {url}",
        f"\\u0046ROM {url}",
        f"# x\rFROM {url}",
    ]
    for dataset, form in itertools.product(datasets, ["SELECT *", "DESCRIBE ?s"]):
        texts.append(f"{form} {dataset} WHERE {{ ?s ?p ?o }}")
    updates = [
        f"LOAD {url}",
        f"LOAD SILENT {url} INTO GRAPH <http://g>",
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP ALL",
        "CREATE GRAPH <http://g>",
        "ADD DEFAULT TO <http://g>",
        "COPY DEFAULT TO <http://g>",
        "MOVE DEFAULT TO <http://g>",
        "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
        f"\\u004cOAD {url}",
        "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ]
    for update, hide in itertools.product(updates, ["", "# c\r", "#\\u000d"]):
        texts.append(hide + update)
    return texts


class Listener:
    """A loopback TCP server that records every connection made to it.

    ``hits`` holds the first bytes each connection sent (what a query that
    reached the network asked for). The SSRF tests use it too.
    """

    def __init__(self) -> None:
        """Listen on a free port of 127.0.0.1."""
        self.sock = socket.socket()
        self.sock.bind((HONEST, 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port: int = self.sock.getsockname()[1]
        self.hits: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.hits.append(conn.recv(200) or b"(connected)")
                except OSError:
                    self.hits.append(b"(connected)")

    def close(self) -> None:
        """Stop listening."""
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


def attack_network(port: int, limit: int | None = None) -> Result:
    """Every differential text answers 400; nothing reaches the listener."""
    result = Result("network (SERVICE, FROM, LOAD, updates, differentials)")
    listener = Listener()
    try:
        texts = differential_texts(f"http://{HONEST}:{listener.port}/sparql")
        for text in texts[:limit] if limit else texts:
            result.attempts += 1
            status, body = sparql(port, text, source=HOSTILE)
            if status != 400:
                result.fail(f"{status} for {text[:60]!r}: {body[:80]!r}")
        time.sleep(0.5)
    finally:
        listener.close()
    if listener.hits:
        result.fail(f"the listener saw {len(listener.hits)} connections")
    return result


# -- timeouts with a second client ----------------------------------------------


def attack_timeouts(port: int, rounds: int, timeout: float) -> Result:
    """Rounds of three timed-out queries while another client works."""
    result = Result("timeouts (3 concurrent, with a second client)")
    honest: list[tuple[int, float]] = []
    stop = threading.Event()

    def honest_client() -> None:
        while not stop.is_set():
            started = time.monotonic()
            try:
                status, _ = sparql(port, SIMPLE, timeout=10)
            except OSError:
                status = 0
            honest.append((status, time.monotonic() - started))
            time.sleep(0.2)

    def hostile(answers: list[tuple[int, bytes]]) -> None:
        try:
            answers.append(sparql(port, SLOW, source=HOSTILE, timeout=3 * timeout + 30))
        except OSError as exc:
            answers.append((0, str(exc).encode()))

    worker = threading.Thread(target=honest_client, daemon=True)
    worker.start()
    try:
        for _ in range(rounds):
            answers: list[tuple[int, bytes]] = []
            threads = [
                threading.Thread(target=hostile, args=(answers,)) for _ in range(3)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            for status, body in answers:
                result.attempts += 1
                if status != 503 or b"time limit" not in body:
                    result.fail(f"timed-out query answered {status}: {body[:80]!r}")
    finally:
        stop.set()
        worker.join(15)
    for status, seconds in honest:
        result.attempts += 1
        if status != 200 or seconds > 3.0:
            result.fail(f"second client: {status} after {seconds:.1f} s")
    result.attempts += 1
    if request(port, "GET", "/", timeout=10)[0] != 200:
        result.fail("/ does not answer after the rounds")
    result.notes.insert(0, f"second client: {len(honest)} queries")
    return result


# -- memory ---------------------------------------------------------------------


def _rss(pid: int) -> int:
    """Resident memory of a process in MB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def _peak_rss(server: Server, done: threading.Event, peak: list[int]) -> None:
    """Keep in ``peak[0]`` the largest worker RSS seen until ``done``."""
    while not done.is_set():
        peak[0] = max([peak[0], *(_rss(p) for p in server.children())])
        time.sleep(0.02)


def attack_memory(server: Server, cap: int, attempts: int = 2) -> Result:
    """A query that grows without bound answers 503; no worker passes its cap."""
    result = Result(f"memory (cap {cap} MB per worker)")
    for _ in range(attempts):
        base = max((_rss(p) for p in server.children()), default=0)
        peak = [0]
        done = threading.Event()
        watcher = threading.Thread(
            target=_peak_rss, args=(server, done, peak), daemon=True
        )
        watcher.start()
        try:
            status, body = sparql(server.port, GREEDY, source=HOSTILE, timeout=120)
        finally:
            done.set()
            watcher.join(5)
        result.attempts += 1
        if status != 503 or b"memory" not in body:
            result.fail(f"greedy query answered {status}: {body[:80]!r}")
        if peak[0] > cap:
            result.fail(f"a worker reached {peak[0]} MB (cap {cap} MB)")
        result.notes.append(f"peak worker RSS {peak[0]} MB (base {base} MB)")
    result.attempts += 1
    if request(server.port, "GET", "/", timeout=10)[0] != 200:
        result.fail("/ does not answer afterwards")
    return result


# -- a connection flood ------------------------------------------------------------


def attack_flood(port: int, seconds: float, requests: int = 13) -> Result:
    """One address holds every connection it can; the other is still served."""
    result = Result("connection flood from one address")
    stop = threading.Event()
    opened = 0

    def flood() -> None:
        nonlocal opened
        held: list[socket.socket] = []
        while not stop.is_set():
            try:
                s = socket.create_connection(
                    (HONEST, port), timeout=1, source_address=(HOSTILE, 0)
                )
                opened += 1
                held.append(s)
            except OSError:
                time.sleep(0.01)
            if len(held) > 400:  # bounded: drop the oldest, reconnect
                held.pop(0).close()
        for s in held:
            s.close()

    flooders = [threading.Thread(target=flood, daemon=True) for _ in range(4)]
    for t in flooders:
        t.start()
    try:
        time.sleep(min(1.0, seconds / 4))
        pause = seconds / requests
        for _ in range(requests):
            result.attempts += 1
            try:
                status, _ = sparql(port, SIMPLE, timeout=5)
                if status != 200:
                    result.fail(f"honest request answered {status}")
            except OSError as exc:
                result.fail(f"honest request: {str(exc)[:60]}")
            time.sleep(pause)
    finally:
        stop.set()
        for t in flooders:
            t.join(10)
    result.notes.insert(0, f"flood opened {opened} connections")
    return result


# -- headers and methods ------------------------------------------------------------


def _raw(port: int, data: bytes, timeout: float = 10) -> bytes:
    with socket.create_connection((HONEST, port), timeout=timeout) as s:
        # The server may close before it has read everything.
        with contextlib.suppress(OSError):
            s.sendall(data)
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except OSError:
            pass
    return b"".join(chunks)


def attack_headers(port: int) -> Result:
    """Oversized headers answer 431, an unknown method 400; all with the headers."""
    result = Result("headers and methods")
    host = f"Host: {HONEST}:{port}\r\n".encode()
    cases = [
        (
            "a 1 MB header",
            b"GET / HTTP/1.1\r\n" + host + b"X-Big: " + b"a" * 2**20 + b"\r\n\r\n",
            b" 431 ",
        ),
        (
            "2,000 headers",
            b"GET / HTTP/1.1\r\n"
            + host
            + b"".join(b"X-%d: 1\r\n" % i for i in range(2000))
            + b"\r\n",
            b" 431 ",
        ),
        ("method FOO", b"FOO / HTTP/1.1\r\n" + host + b"\r\n", b" 400 "),
    ]
    for name, data, status in cases:
        result.attempts += 1
        answer = _raw(port, data)
        head = answer.split(b"\r\n\r\n", 1)[0].lower()
        if status not in answer.split(b"\r\n", 1)[0]:
            result.fail(f"{name}: {answer[:40]!r}")
        elif b"content-security-policy:" not in head or b"nosniff" not in head:
            result.fail(f"{name}: no security headers")
    return result


# -- formula cells ------------------------------------------------------------------


def _formula(cell: str) -> bool:
    """Whether a spreadsheet would evaluate the cell."""
    if not cell.startswith(("=", "+", "-", "@", "\t", "\r")):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


def attack_formulas(port: int) -> Result:
    """CSV and TSV downloads never hand a spreadsheet a formula."""
    result = Result("formula cells in CSV and TSV")
    values = " ".join(f'"{v}"' for v in FORMULAS) + ' "=x"@en "-1" 5'
    query = f"SELECT ?v WHERE {{ VALUES ?v {{ {values} }} }}"
    for fmt in ("csv", "tsv"):
        path = "/sparql?" + urllib.parse.urlencode({"query": query, "format": fmt})
        status, _, body = request(port, "GET", path)
        text = body.decode("utf-8")
        if status != 200:
            result.fail(f"{fmt}: {status}")
            continue
        rows = list(
            csv.reader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t")
        )
        for row in rows[1:]:
            for cell in row:
                result.attempts += 1
                if _formula(cell):
                    result.fail(f"{fmt} cell {cell!r}")
    return result


# -- hostile documents ----------------------------------------------------------------

#: Markup in a name (no dot or parenthesis, so a title still reads as one).
_SCRIPT = "<img src=x onerror=alert`1`><script>alert`2`</script>"


def hostile_documents(folder: Path) -> tuple[int, list[str]]:
    """Write documents a hostile source might hold; (how many are bad, names).

    Two cannot be read at all (binary bytes under a ``.pdf`` and a ``.txt``
    name); the others are readable profiles and pages whose names carry
    script, markup and an enormous line, and must be built, escaped.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 64)
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 1000)
    profile = "\n".join(
        [
            "General Information | Point of Contact | Members",
            "",
            f"Evil Council {_SCRIPT} (EVC)",
            "",
            f"Kampala, Uganda {_SCRIPT}",
            "",
            "3 members (all UN member states)",
            "",
            "  • Current members*: Kenya, Uganda, <img src=x onerror=alert(2)>",
            "",
            "Overlapping memberships with other ROs",
            "",
            "  • 3 of 54 AU members " + "x" * 200_000,
            "",
            "*Information accurate as of 17 May 2012",
        ]
    )
    (folder / "evil.txt").write_text(profile, encoding="utf-8")
    page = f"<html><body><main>{profile.replace(chr(10), '<br>')}</main>"
    page += "<script>fetch('http://127.0.0.1:9/steal')</script></body></html>"
    (folder / "evil-page.html").write_text(page, encoding="utf-8")
    return 2, ["evil", "evil-page"]


def attack_documents(tmp: Path, memory: int) -> Result:
    """Hostile documents: the bad ones reported, the rest built, nothing runs."""
    result = Result("hostile documents")
    folder = tmp / "hostile"
    bad, good = hostile_documents(folder)
    out = tmp / "hostile-out"
    cmd = [sys.executable, "-m", "graph_builder", "build", "-q", "--format", "json",
           "--out", str(out), str(folder)]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    result.attempts += 1
    if done.returncode != 0:
        result.fail(f"build exited {done.returncode}: {done.stderr[-200:]}")
        return result
    summary = json.loads(done.stdout)
    built = {d["id"] for d in summary["documents"]}
    result.attempts += 2
    if len(summary["errors"]) != bad:
        result.fail(f"{len(summary['errors'])} reports, expected {bad}")
    if not set(good) <= built:
        result.fail(f"not built: {sorted(set(good) - built)}")
    result.attempts += 1
    if len(done.stderr.strip().splitlines()) != bad:
        result.fail("not one stderr line per unreadable document")
    server = start_server(out, workers=2, timeout=10, memory=memory)
    try:
        for path in (
            "/",
            "/search?q=Evil",
            "/id/org/evc",
            "/query/members_of_organisation?org=EVC",
        ):
            result.attempts += 1
            status, _, body = request(
                server.port, "GET", path, headers={"Accept": "text/html"}
            )
            if status >= 500 or b"<script>alert" in body or b"<img src=x" in body:
                result.fail(f"{path}: {status}, hostile markup in the page")
    finally:
        server.stop()
    return result


# -- running the suite ----------------------------------------------------------------


def run(
    build: Path,
    *,
    rounds: int,
    timeout: float,
    flood_seconds: float,
    network_limit: int | None,
    memory: int,
) -> list[Result]:
    """Start a server on ``build`` and run every attack on it."""
    server = start_server(build, workers=4, timeout=timeout, memory=memory)
    attacks: list[Callable[[], Result]] = [
        lambda: attack_network(server.port, network_limit),
        lambda: attack_headers(server.port),
        lambda: attack_formulas(server.port),
        lambda: attack_flood(server.port, flood_seconds),
        lambda: attack_timeouts(server.port, rounds, timeout),
        lambda: attack_memory(server, memory or 1024),
    ]
    tmp = Path(tempfile.mkdtemp(prefix="orgkg-attack-"))
    try:
        results = []
        for attack in attacks:
            started = time.monotonic()
            results.append(attack())
            results[-1].notes.append(f"{time.monotonic() - started:.1f} s")
        server.stop()
        results.append(attack_documents(tmp, memory or 1024))
        return results
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def table(results: list[Result]) -> str:
    """The results as a Markdown table."""
    lines = ["| attack | attempts | failures | notes |", "| --- | ---: | ---: | --- |"]
    lines += [
        f"| {r.name} | {r.attempts} | {r.failures} | {'; '.join(r.notes)} |"
        for r in results
    ]
    return "\n".join(lines)


def main() -> int:
    """Run the suite and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--build", type=Path, help="build folder (default: build the bundled corpus)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="the bounded form the tests run"
    )
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--memory", type=int, default=1024, help="--worker-memory, MB")
    args = parser.parse_args()
    rounds, timeout = (3, 2.0) if args.quick else (args.rounds, args.timeout)
    with tempfile.TemporaryDirectory() as tmp:
        build = args.build
        if build is None:
            build = Path(tmp) / "out"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "graph_builder",
                    "build",
                    "-q",
                    "--out",
                    str(build),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        results = run(
            build,
            rounds=rounds,
            timeout=timeout,
            flood_seconds=4.0 if args.quick else 15.0,
            network_limit=200 if args.quick else None,
            memory=args.memory,
        )
    print(table(results))
    return 1 if any(r.failures for r in results) else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
