"""The network explorer in headless Chromium: ``benchmarks/run.py --page``.

Two measures, against the targets of the explorer (this machine, software
WebGL, no GPU):

- **2,000 profiles served**: 2,000 generated profiles (``build_scaling``'s
  generator, in the shape of the Small Arms Survey pages) plus the bundled
  corpus are built and served on 127.0.0.1; once the server has prepared the
  explorer's data (which it does on start), ``/viz`` is opened and timed to
  ``body[data-rendered=true]`` (target 2 s), with the bytes the page moved
  (target 5 MB); then the date is moved four times and each redraw is timed
  to the next painted frame (target 0.5 s), and the overlap view too.
- **anchor**: the same 2,000 profiles drawn by the vis-network page the
  served explorer used before (``orgkg viz network --renderer vis``), timed
  in the same run.
- **20,000 nodes offline**: a generated network of 20,000 nodes (2,000
  organisations, 18,000 members, 54,000 dated links) is written by
  ``write_explorer`` as one file and opened (target 5 s).

Each line: step, seconds, the target, and a count (nodes, links or bytes).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from build_scaling import write_profiles  # noqa: E402

from graph_builder.query.spans import Membership, Span  # noqa: E402
from viz.explorer import write_explorer  # noqa: E402
from viz.project import span_graph  # noqa: E402

SOURCES = ROOT / "data" / "sources"
ORGKG = [sys.executable, "-m", "graph_builder"]
ARGS = ["--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader"]
DAYS = ["2005-01-01", "2015-06-01", "2024-01-01", "2012-06-04"]
#: Resolves with the milliseconds from a date change to the next painted frame.
REDRAW = """(day) => new Promise(done => {
  const t0 = performance.now();
  window.orgkgExplorer.setDay(day);
  const painted = () => requestAnimationFrame(() => done(performance.now() - t0));
  const wait = () => document.body.dataset.day === day
    ? requestAnimationFrame(painted) : requestAnimationFrame(wait);
  wait();
})"""


def line(step: str, value: float, target: str, count: object, unit: str = "s") -> None:
    """Print one row of the explorer's table: seconds unless ``unit`` says."""
    print(f"  {step:<46} {value:>7.2f} {unit:<2} {target:<8} {count!s:>10}")


def _wait_for(url: str, timeout: float) -> None:
    end = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=timeout) as r:
                r.read()
                return
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.5)


def _measure(page: Any, url: str, views: bool) -> None:
    moved = [0]
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on(
        "Network.loadingFinished",
        lambda e: moved.__setitem__(0, moved[0] + int(e["encodedDataLength"])),
    )
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("body[data-rendered=true]", timeout=120_000)
    drawn = time.perf_counter() - t0
    nodes = page.locator("body").get_attribute("data-nodes")
    links = page.locator("body").get_attribute("data-edges")
    line("drawn and interactive", drawn, "<= 2 s", f"{nodes}/{links}")
    line("bytes moved", moved[0] / 1e6, "<= 5 MB", moved[0], unit="MB")
    if not views:
        return
    worst = 0.0
    for day in DAYS:
        ms = float(page.evaluate(REDRAW, day))
        worst = max(worst, ms)
        shown = page.locator("body").get_attribute("data-edges")
        line(f"date change to {day}", ms / 1000, "<= 0.5 s", shown)
    line("date change, slowest", worst / 1000, "<= 0.5 s", "")
    t0 = time.perf_counter()
    page.locator("#view").select_option("overlap")
    page.wait_for_selector("body[data-view=overlap]")
    page.evaluate(
        "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    )
    pairs = page.locator("body").get_attribute("data-edges")
    line("overlap view (organisations)", time.perf_counter() - t0, "", pairs)


def served_profiles(browser: Any, count: int = 2000) -> None:
    """Build ``count`` generated profiles, serve them, and time ``/viz``."""
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "profiles", Path(tmp) / "out"
        write_profiles(folder, count)
        t0 = time.perf_counter()
        subprocess.run(
            [*ORGKG, "build", "-q", str(SOURCES), str(folder), "--out", str(out)],
            cwd=ROOT,
            check=False,
            stdout=subprocess.DEVNULL,
        )
        line(f"build of {count:,} profiles + corpus", time.perf_counter() - t0, "", "")
        port = 18000 + os.getpid() % 1000
        server = subprocess.Popen(
            [*ORGKG, "serve", "-q", "--build", str(out), "--port", str(port)],
            cwd=ROOT,
        )
        try:
            t0 = time.perf_counter()
            _wait_for(f"http://127.0.0.1:{port}/api/explorer", 300)
            line(
                "server start to explorer data ready", time.perf_counter() - t0, "", ""
            )
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            _measure(page, f"http://127.0.0.1:{port}/viz?as_of=2012-06-04", True)
            page.close()
        finally:
            server.terminate()
            server.wait(30)
        anchor(browser, out)


def _at(out: Path, page: Path) -> list[str]:
    return ["--build", str(out), "--as-of", "2012-06-04", "--out", str(page)]


def anchor(browser: Any, out: Path) -> None:
    """The anchor: the same network drawn by the vis-network page.

    The served explorer used vis-network before the WebGL page; its offline
    file (``orgkg viz network --renderer vis``) draws the same network the
    same way, so it is timed here in the same run.
    """
    page_path = out.parent / "vis.html"
    t0 = time.perf_counter()
    subprocess.run(
        [*ORGKG, "viz", "network", "--renderer", "vis", *_at(out, page_path)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    written = time.perf_counter() - t0
    size = page_path.stat().st_size
    line("anchor: vis-network page written", written, "", size)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    t0 = time.perf_counter()
    page.goto(page_path.as_uri())
    page.wait_for_selector("body[data-rendered=true]", timeout=180_000)
    line("anchor: vis-network page drawn", time.perf_counter() - t0, "", "")
    line("anchor: bytes of the page", size / 1e6, "", size, unit="MB")
    page.close()


def offline_nodes(
    browser: Any, organisations: int = 2000, members: int = 18000
) -> None:
    """Write a generated network of ``organisations + members`` nodes and open it."""
    rng = random.Random(7)
    spans = []
    for m in range(members):
        for o in rng.sample(range(organisations), 3):
            start = date(1990 + rng.randrange(30), 1 + rng.randrange(12), 1)
            edge = Membership.of(
                f"urn:m{m}",
                f"urn:o{o}",
                member_label=f"Member {m}",
                org_label=f"Organisation {o}",
                sources=(f"doc{o % 50}",),
            )
            spans.append(Span(edge, start, None))
    graph = span_graph(spans)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.html"
        t0 = time.perf_counter()
        write_explorer(graph, path, title="20,000 nodes", as_of=date(2024, 1, 1))
        line(
            f"offline file written ({graph.number_of_nodes():,} nodes)",
            time.perf_counter() - t0,
            "",
            path.stat().st_size,
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        t0 = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-rendered=true]", timeout=120_000)
        nodes = page.locator("body").get_attribute("data-nodes")
        line("20,000 nodes drawn", time.perf_counter() - t0, "<= 5 s", nodes)
        ms = float(page.evaluate(REDRAW, "2005-01-01"))
        line("date change to 2005-01-01", ms / 1000, "", "")
        page.close()


def page_benchmark(profiles: int = 2000) -> None:
    """Run both measures in one headless Chromium."""
    from playwright.sync_api import sync_playwright

    print(
        f"\nexplorer in Chromium ({profiles:,} profiles served; 20,000 nodes offline)"
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            served_profiles(browser, profiles)
            offline_nodes(browser)
        finally:
            browser.close()


if __name__ == "__main__":
    page_benchmark(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
