"""Extraction cost: the same profiles built as text, saved web pages and PDFs.

Usage: ``python benchmarks/extraction.py [--count 1000]``

Generates COUNT profiles (``build_scaling.write_profiles``), renders each as a
saved web page with its site around it and as one handbook PDF of all of
them (``variants.py``), then times ``orgkg build`` on each form in a fresh
process, each into its own empty build folder. Prints seconds per form, the
extra time over text in per cent (the target is at most 50 %), the pages of
the handbook and the documents built.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from benchmarks.build_scaling import write_profiles
from benchmarks.variants import handbook_pdf, to_html

TARGET = 50.0


def _build(folder: Path, out: Path, corpus: Path) -> tuple[float, int]:
    """Seconds for ``orgkg build`` on a folder, and the documents built."""
    cmd = [sys.executable, "-m", "graph_builder", "build", "-q", "--format", "json",
           "--corpus", str(corpus), "--out", str(out), str(folder)]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    return seconds, len(json.loads(done.stdout)["documents"])


def main() -> int:
    """Run the benchmark; exits 1 when extraction adds more than the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        corpus.mkdir()
        text = root / "text"
        paths = write_profiles(text, args.count)
        html = root / "html"
        html.mkdir()
        for p in paths:
            page = to_html(p.read_text(encoding="utf-8"), p.stem)
            (html / f"{p.stem}.html").write_text(page, encoding="utf-8")
        pdf = root / "pdf"
        pdf.mkdir()
        started = time.perf_counter()
        book = handbook_pdf([p.read_text(encoding="utf-8") for p in paths])
        (pdf / "handbook.pdf").write_bytes(book)
        rendered = time.perf_counter() - started
        import pypdfium2 as pdfium

        pages = len(pdfium.PdfDocument(pdf / "handbook.pdf"))
        results = {}
        for name, folder in (("text", text), ("html", html), ("pdf", pdf)):
            results[name] = _build(folder, root / f"out-{name}", corpus)
    base = results["text"][0]
    print(
        f"{args.count} profiles; handbook: {pages} pages (rendered in {rendered:.1f} s)"
    )
    print(f"{'form':<6}{'seconds':>9}{'extra':>9}{'documents':>11}")
    ok = True
    for name, (seconds, docs) in results.items():
        extra = 100 * (seconds - base) / base
        ok &= name == "text" or extra <= TARGET
        print(f"{name:<6}{seconds:>9.2f}{extra:>8.0f}%{docs:>11}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
