"""Page budgets: every page of the server within 300 ms on the bundled build.

Usage: ``python benchmarks/pages.py [--build out] [--runs 5] [--budget 300]``

Builds the bundled corpus when ``--build`` has no build, serves it on
127.0.0.1, asks each page once to warm the server (workers started, shapes
and reports read), then ``--runs`` times more, and prints per page the
median and largest server time (the ``Server-Timing`` header: request to
answer, the page rendered whole), the page's size, and whether the median is
within the budget. Exits 1 when a page is over it.
"""

import argparse
import http.client
import re
import statistics
import sys
import tempfile
import threading
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.serve import free_port  # noqa: E402
from graph_builder.build.generations import current_generation  # noqa: E402
from graph_builder.build.pipeline import build  # noqa: E402
from graph_builder.errors import SourceDataError  # noqa: E402
from graph_builder.serve.app import make_server  # noqa: E402

SELEC = "https://w3id.org/orgkg/id/org/selec"
PAGES = [
    "/",
    "/search?q=law+enforcement",
    "/query",
    "/query/members_of_organisation?org=SELEC&as_of=2012-06-04",
    "/sparql",
    "/id/org/selec?as_of=2012-06-04",
    "/id/org/selec",
    "/id/org/osce?as_of=2012-06-04",
    "/id/org/au",
    "/id/state/HRV?as_of=2012-06-04",
    "/id/state/DEU",
    "/compare?a=SELEC&b=NATO&as_of=2012-06-04",
    "/compare?a=Croatia&b=Slovenia&as_of=2012-06-04",
    "/overlap?as_of=2012-06-04",
    "/overlap?order=overlap",
    "/id/instrument/att",
    "/id/instrument/kinshasa-convention?as_of=2020-01-01",
    "/id/org/eccas?as_of=2020-01-01",
    "/viz?as_of=2012-06-04",
    "/viz?" + urllib.parse.urlencode({"entity": SELEC, "as_of": "2012-06-04"}),
]


def timed(conn: http.client.HTTPConnection, path: str) -> tuple[int, float, int]:
    """Status, server milliseconds and body size of one GET."""
    conn.request("GET", path, headers={"Accept": "text/html"})
    answer = conn.getresponse()
    body = answer.read()
    timing = answer.getheader("Server-Timing", "app;dur=nan")
    return answer.status, float(timing.split("dur=")[1]), len(body)


def main() -> int:
    """Serve the build, time every page, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--budget", type=float, default=300.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.build or Path(tmp)
        try:
            current_generation(out)
        except SourceDataError:  # no build there yet: make one
            build((), out, progress=lambda _: None)
        server = make_server(out, "127.0.0.1", free_port(), workers=4)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        host, port = server.server_address[:2]
        conn = http.client.HTTPConnection(host, port, timeout=60)
        # An entity page of a source document, linked from the home page.
        conn.request("GET", "/")
        home = conn.getresponse().read().decode()
        source = re.search(r'href="(/id/source/[^"]+)"', home)
        pages = PAGES + ([source.group(1)] if source else [])
        over = 0
        print(f"{'page':58} {'median ms':>9} {'max ms':>7} {'KB':>6}  within")
        try:
            for path in pages:
                timed(conn, path)
                runs = [timed(conn, path) for _ in range(args.runs)]
                statuses = {r[0] for r in runs}
                times = [r[1] for r in runs]
                median = statistics.median(times)
                ok = statuses == {200} and median <= args.budget
                over += not ok
                print(
                    f"{path[:58]:58} {median:9.1f} {max(times):7.1f}"
                    f" {runs[0][2] / 1024:6.0f}  {'yes' if ok else 'NO'}"
                    + ("" if statuses == {200} else f" (status {statuses})")
                )
        finally:
            server.shutdown()
            server.server_close()
    print(f"{len(pages) - over} of {len(pages)} pages within {args.budget:.0f} ms")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
