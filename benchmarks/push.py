"""Scale-out benchmark: ``orgkg push`` into ``oxigraph serve`` at 1M and 10M triples.

Usage: ``python benchmarks/push.py [--sizes 1000000,10000000] [--batch 100000]``

For each size the script writes synthetic membership data of that many
triples (the generator of ``benchmarks/run.py``) as the export of a build,
starts an empty ``oxigraph serve`` on 127.0.0.1, runs ``orgkg push`` into its
Graph Store endpoint in a child process, and checks that the server then
holds exactly the triples of the export. It prints seconds, triples per
second and the push process's peak memory (which stays flat: the export is
streamed in batches), and the time of a named query on the server.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from run import generate  # noqa: E402 - the benchmarks share the generator
from serve import free_port  # noqa: E402

from graph_builder.build.generations import build_lock, new_generation, publish  # noqa: E402
from graph_builder.build.published import NQUADS_NAME  # noqa: E402

BIN = Path(sys.executable).parent
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _ask(base: str, query: str, timeout: float = 600) -> bytes:
    url = f"{base}/query?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body: bytes = response.read()
        return body


def _start_oxigraph(location: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            str(BIN / "oxigraph"),
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            _ask(base, "ASK {}", timeout=1)
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("oxigraph serve did not start")


def _export(out: Path, triples: int) -> int:
    """A build folder whose export holds about ``triples`` synthetic triples."""
    with build_lock(out):
        gen = new_generation(out)
        # In a child process: a forked child's peak memory would otherwise
        # start from this process's, inflated by the generator.
        subprocess.run(
            [sys.executable, __file__, "--write", str(triples), str(gen / NQUADS_NAME)],
            check=True,
        )
        (gen / "store").mkdir()  # what marks a complete build; push reads none
        publish(out, gen)
    with (gen / NQUADS_NAME).open("rb") as f:
        return sum(1 for _ in f)


def _push(out: Path, endpoint: str, batch: int) -> tuple[float, float]:
    """Run ``orgkg push`` in a child process: seconds and its peak MiB."""
    cmd = [str(BIN / "orgkg"), "push", "-q", "--build", str(out)]
    cmd += ["--endpoint", endpoint, "--batch", str(batch)]
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"push failed with status {status}")
    return seconds, usage.ru_maxrss / 1024


def main() -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000000,10000000", help="triple counts")
    parser.add_argument(
        "--batch", type=int, default=100_000, help="triples per request"
    )
    parser.add_argument("--write", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:  # the child that writes an export
        generate(int(args.write[0]), Path(args.write[1]))
        return 0
    print(
        f"{'triples':>10} {'push s':>8} {'triples/s':>10} {'push MiB':>9}"
        f" {'count s':>8} {'named query s':>14}"
    )
    named = (ROOT / "queries" / "members_of_organisation.rq").read_text()
    values = (
        "VALUES (?org ?role ?as_of) { (<https://w3id.org/orgkg/id/org/o0>"
        " <https://w3id.org/orgkg/def#RoleMember>"
        ' "2000-01-01"^^<http://www.w3.org/2001/XMLSchema#date>) }'
    )
    named = named.replace("WHERE {", "WHERE { " + values, 1)
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out"
            out.mkdir()
            lines = _export(out, size)
            proc, base = _start_oxigraph(Path(tmp) / "oxigraph")
            try:
                seconds, peak = _push(out, f"{base}/store", args.batch)
                t0 = time.perf_counter()
                held = int(_ask(base, COUNT).splitlines()[1])
                counted = time.perf_counter() - t0
                if held != lines:
                    raise SystemExit(f"oxigraph holds {held} triples, sent {lines}")
                t0 = time.perf_counter()
                _ask(base, named)
                query = time.perf_counter() - t0
            finally:
                proc.terminate()
                proc.wait(30)
            print(
                f"{lines:>10} {seconds:>8.1f} {lines / seconds:>10,.0f} {peak:>9.0f}"
                f" {counted:>8.1f} {query:>14.2f}"
            )
            shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
