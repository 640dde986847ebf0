"""Serve throughput: ``orgkg serve`` beside ``oxigraph serve-read-only``.

Usage: ``python benchmarks/serve.py [--build out] [--clients 16] [--requests 2000]``

Both servers run on 127.0.0.1 over the same built store (oxigraph reads a
copy, since a store has one reader process). Each of ``--clients`` threads
sends its share of ``--requests`` GET requests over one keep-alive
connection; the script prints requests per second and the median and 95th
percentile latency for a simple SELECT on each server and, for orgkg, a
named query page answered as JSON. Builds first when ``--build`` has no
build.
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


def _free_port() -> int:
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


def load(port: int, path: str, accept: str, clients: int, requests: int) -> str:
    """Run the load; one table row."""
    per = max(1, requests // clients)
    _client(port, path, accept, 5)  # warm up
    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        runs = list(
            pool.map(lambda _: _client(port, path, accept, per), range(clients))
        )
    seconds = time.perf_counter() - t0
    lat = sorted(x for r in runs for x in r)
    p95 = lat[int(len(lat) * 0.95) - 1]
    return (
        f"{len(lat) / seconds:>9.0f} {statistics.median(lat) * 1000:>9.1f}"
        f" {p95 * 1000:>9.1f}"
    )


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
    named = "/query/members_of_organisation?" + urllib.parse.urlencode(
        {"org": "SELEC", "as_of": "2012-06-04", "role": "member"}
    )
    results = "application/sparql-results+json"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "store"
        shutil.copytree((args.build / "store").resolve(), copy)
        servers = []
        try:
            orgkg_port, ox_port = _free_port(), _free_port()
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
            rows.append(("oxigraph simple SELECT", load(ox_port, oxq, results, c, n)))
            rows.append(
                ("orgkg simple SELECT", load(orgkg_port, sparql, results, c, n))
            )
            rows.append(
                ("orgkg named query (JSON)", load(orgkg_port, named, results, c, n))
            )
        finally:
            for server in servers:
                server.terminate()
                server.wait(10)
    print(f"{args.clients} clients, {args.requests} requests per row")
    print(f"{'server and request':<28} {'req/s':>9} {'p50 ms':>9} {'p95 ms':>9}")
    for name, row in rows:
        print(f"{name:<28} {row}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
