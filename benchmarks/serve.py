"""Serve throughput: ``orgkg serve`` beside ``oxigraph serve-read-only``.

Usage: ``python benchmarks/serve.py [--build out] [--clients 16] [--requests 2000]``

Both servers run on 127.0.0.1 over the same built store (oxigraph reads a
copy, since a store has one reader process). Each of ``--clients`` threads
sends its share of ``--requests`` GET requests over one keep-alive
connection; the script prints requests per second and the median and 95th
percentile latency (median of three runs) for a simple SELECT and for the
``members_of_organisation`` named query on each server (oxigraph gets the
query with its parameters in a VALUES block), and for orgkg's HTML page of
that query, then the ratio of the two servers. Builds first when
``--build`` has no build.
"""

import argparse
import http.client
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIMPLE = (
    "PREFIX kg: <https://w3id.org/orgkg/def#> "
    "SELECT ?s WHERE { ?s a kg:State } LIMIT 10"
)


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (the benchmarks share it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on port {port} did not start")


def _client(port: int, path: str, accept: str, count: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies = []
    for _ in range(count):
        t0 = time.perf_counter()
        conn.request("GET", path, headers={"Accept": accept})
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}: {body[:200]!r}")
        latencies.append(time.perf_counter() - t0)
    conn.close()
    return latencies


def load(
    port: int, path: str, accept: str, clients: int, requests: int
) -> tuple[float, float, float]:
    """Run the load three times; the median run's req/s, p50 and p95 (ms)."""
    per = max(1, requests // clients)
    _client(port, path, accept, 5)  # warm up
    results = []
    for _ in range(3):
        t0 = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            runs = list(
                pool.map(lambda _: _client(port, path, accept, per), range(clients))
            )
        seconds = time.perf_counter() - t0
        lat = sorted(x for r in runs for x in r)
        p95 = lat[int(len(lat) * 0.95) - 1]
        results.append((len(lat) / seconds, statistics.median(lat) * 1000, p95 * 1000))
    return sorted(results)[1]


def bound_text(text: str, values: dict[str, str]) -> str:
    """A named query with its parameters given by a VALUES block, for oxigraph.

    oxigraph's server cannot bind parameters the way orgkg's workers do; a
    VALUES block at the start of the WHERE group binds the same variables
    before the rest of the group, with the same answers.
    """
    names = " ".join(f"?{k}" for k in values)
    row = " ".join(values.values())
    return text.replace("WHERE {", f"WHERE {{ VALUES ({names}) {{ ({row}) }}", 1)


def main() -> int:
    """Start both servers, load each, print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--build", type=Path, default=ROOT / "out")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    if not (args.build / "current").exists():
        subprocess.run(
            [bin_dir / "orgkg", "build", "-q", "--out", args.build],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    sparql = "/sparql?" + urllib.parse.urlencode({"query": SIMPLE})
    params = {"org": "SELEC", "as_of": "2012-06-04", "role": "member"}
    named = "/query/members_of_organisation?" + urllib.parse.urlencode(
        {**params, "format": "json"}
    )
    page = "/query/members_of_organisation?" + urllib.parse.urlencode(params)
    text = (ROOT / "queries" / "members_of_organisation.rq").read_text()
    kg, xsd = "https://w3id.org/orgkg/", "http://www.w3.org/2001/XMLSchema#"
    bound = bound_text(
        text,
        {
            "org": f"<{kg}id/org/selec>",
            "as_of": f'"2012-06-04"^^<{xsd}date>',
            "role": f"<{kg}def#RoleMember>",
        },
    )
    results = "application/sparql-results+json"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "store"
        shutil.copytree((args.build / "store").resolve(), copy)
        servers = []
        try:
            orgkg_port, ox_port = free_port(), free_port()
            servers.append(
                subprocess.Popen(
                    [
                        bin_dir / "orgkg",
                        "serve",
                        "-q",
                        "--build",
                        args.build,
                        "--port",
                        str(orgkg_port),
                    ],
                    stdout=subprocess.DEVNULL,
                )
            )
            servers.append(
                subprocess.Popen(
                    [
                        bin_dir / "oxigraph",
                        "serve-read-only",
                        "--location",
                        copy,
                        "--bind",
                        f"127.0.0.1:{ox_port}",
                        "--union-default-graph",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            _wait(orgkg_port, "/")
            _wait(ox_port, "/query?" + urllib.parse.urlencode({"query": SIMPLE}))
            c, n = args.clients, args.requests
            oxq = "/query?" + urllib.parse.urlencode({"query": SIMPLE})
            oxn = "/query?" + urllib.parse.urlencode({"query": bound})
            html = "text/html"
            rows += [
                ("oxigraph simple SELECT", load(ox_port, oxq, results, c, n)),
                ("orgkg simple SELECT", load(orgkg_port, sparql, results, c, n)),
                ("oxigraph named query", load(ox_port, oxn, results, c, n // 4)),
                (
                    "orgkg named query (JSON)",
                    load(orgkg_port, named, results, c, n // 4),
                ),
                ("orgkg named query page", load(orgkg_port, page, html, c, n // 4)),
            ]
        finally:
            for server in servers:
                server.terminate()
                server.wait(10)
    print(
        f"{args.clients} clients; {args.requests} requests per simple row, a"
        " quarter of that per named row; median of three runs"
    )
    print(f"{'server and request':<28} {'req/s':>9} {'p50 ms':>9} {'p95 ms':>9}")
    for name, (rate, p50, p95) in rows:
        print(f"{name:<28} {rate:>9.0f} {p50:>9.1f} {p95:>9.1f}")
    for kind in ("simple SELECT", "named query"):
        ox_rate = next(r[0] for name, r in rows if name == f"oxigraph {kind}")
        ours = next(r[0] for name, r in rows if name.startswith(f"orgkg {kind}"))
        print(f"oxigraph / orgkg, {kind}: {ox_rate / ours:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
