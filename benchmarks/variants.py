"""The same profile as analysts hold it: a saved web page, a printed PDF, a handbook.

The fidelity benchmark and the tests render each text profile of
``benchmarks/fidelity/`` in the shapes real copies take, so that extraction
is scored on what it meets, not on clean text:

* :func:`to_html`: a page saved from the site, with a navigation menu, a
  breadcrumb trail, a cookie banner, a sidebar of related links, a footer
  and scripts around the profile; list items in ``<ul>``, the list labels
  and founding members in bold.
* :func:`to_pdf`: the page printed to PDF, with a running header and page
  numbers; bullets are lost, as they are when a browser prints a list.
* :func:`handbook_pdf`: every profile one after another, each from a new
  page, titles in a large type that wraps over two lines, a running header
  and footer, and a sidebar box on each profile's first page that the
  layout puts between the title and the text.

Nothing here is copied from the published pages; the shapes follow them.
"""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path
from typing import Any

from graph_builder.build.fidelity import Score, score_build
from graph_builder.build.pipeline import build_dataset
from graph_builder.sources.poa_profile.layout import TITLE

__all__ = ["VARIANTS", "handbook_pdf", "score_variant", "to_html", "to_pdf"]

VARIANTS = ("text", "html", "pdf", "handbook")

_HEADING = re.compile(
    r"^(?:\d+ members?\b.*|overlapping memberships.*|poa point of contact|"
    r"poa-related .*|legally binding .*|other official documents.*|"
    r"short description|general information)$",
    re.IGNORECASE,
)
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LABEL = re.compile(r"^([A-Z][^:]{2,40}\*?:)\s*(.*)$")


def _inline(text: str) -> str:
    """Escape a line and turn ``**x**`` into ``<strong>x</strong>``."""
    return _BOLD.sub(r"<strong>\1</strong>", html.escape(text))


def to_html(text: str, title: str = "Profile") -> str:
    """A saved web page holding the profile ``text``, with the site around it."""
    body: list[str] = []
    in_list = False
    for raw in text.splitlines():
        line = raw.strip()
        bullet = line.startswith(("•", "-", "*")) and not line.startswith("**")
        if in_list and not bullet:
            body.append("</ul>")
            in_list = False
        if not line:
            continue
        if bullet:
            item = line.lstrip("•-* ").strip()
            if not in_list:
                body.append("<ul>")
                in_list = True
            m = _LABEL.match(item)
            if m:
                body.append(
                    f"<li><strong>{html.escape(m[1])}</strong> {_inline(m[2])}</li>"
                )
            else:
                body.append(f"<li>{_inline(item)}</li>")
        elif TITLE.match(line):
            body.append(f'<div class="page-header"><h1>{_inline(line)}</h1></div>')
        elif _HEADING.match(line):
            body.append(f"<h2>{_inline(line)}</h2>")
        else:
            body.append(f"<p>{_inline(line)}</p>")
    if in_list:
        body.append("</ul>")
    content = "\n".join(body)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | Small Arms Survey</title>
<link rel="stylesheet" href="{html.escape(title)}_files/site.css">
<style>body {{ font-family: sans-serif; }} .cookie-banner {{ position: fixed; }}</style>
<script>window.dataLayer = window.dataLayer || []; function gtag() {{}}</script>
</head><body class="page-profile">
<div id="cookie-consent" class="cookie-banner"><p>We use cookies to improve your
experience. <a href="#">Accept</a> <a href="#">Members area</a></p></div>
<header id="masthead"><a class="logo" href="/">Small Arms Survey</a>
<nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/about">About</a>
</li><li><a href="/members">Members</a></li><li><a href="/resources">Resources</a></li>
<li><a href="/contact">Contact</a></li></ul></nav></header>
<div class="breadcrumb">You are here: <a href="/">Home</a> / <a href="/tools">Tools</a>
/ Regional organizations / {html.escape(title)}</div>
<div id="content-wrapper"><main id="content" class="content">
<article class="profile">
{content}
</article></main>
<aside id="sidebar" class="sidebar"><h3>Related</h3><ul><li>Member states
database</li><li>Current members: see the country pages</li><li>Overlapping
memberships map</li></ul></aside></div>
<footer id="footer"><p>© Small Arms Survey, Maison de la Paix, Geneva</p>
<ul class="footer-links"><li>Privacy</li><li>Members of staff</li></ul></footer>
<script src="{html.escape(title)}_files/site.js"></script>
</body></html>
"""


def _font() -> Path:
    """A TrueType font with the characters profiles use (matplotlib ships one)."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def _lines_for_pdf(text: str) -> list[str]:
    """The profile's lines as a printed page shows them: no bullets, no markup."""
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith(("•", "-")):
            line = line.lstrip("•- ").strip()  # printing loses the bullets
        out.append(_BOLD.sub(r"\1", line))
    return out


def to_pdf(text: str) -> bytes:
    """The profile printed from a browser: header, page numbers, no bullets."""
    return _render([text], handbook=False)


def handbook_pdf(texts: list[str]) -> bytes:
    """Every profile in one PDF, as the handbook prints them."""
    return _render(texts, handbook=True)


def _render(texts: list[str], *, handbook: bool) -> bytes:
    from fpdf import FPDF

    running = (
        "Regional Organizations and the PoA Handbook"
        if handbook
        else "Profile | Small Arms Survey"
    )

    class Document(FPDF):
        def header(self) -> None:
            self.set_font("body", size=8)
            self.cell(0, 6, running, align="R")
            self.ln(10)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("body", size=8)
            self.cell(0, 6, str(self.page_no()), align="C")

    pdf = Document(format="A4")
    pdf.add_font("body", "", str(_font()))
    pdf.set_auto_page_break(True, margin=16)
    width = 130 if handbook else 180  # the handbook leaves a sidebar margin
    if handbook:  # pages before the profiles: a cover and contents
        pdf.add_page()
        pdf.set_font("body", size=20)
        _block(pdf, width, 10, "Regional Organizations and the PoA Handbook")
        pdf.set_font("body", size=10)
        _block(pdf, width, 5, "Contents: profiles of regional organizations.")
    for text in texts:
        pdf.add_page()
        title_done = False
        for line in _lines_for_pdf(text):
            if not line:
                pdf.ln(2)
                continue
            if TITLE.match(line) and not title_done:
                title_done = True
                pdf.set_font("body", size=22 if handbook else 14)
                _block(pdf, width if handbook else 0, 9, line)
                if handbook:
                    _sidebar(pdf, width)
                pdf.set_font("body", size=9)
                continue
            pdf.set_font("body", size=9)
            _block(pdf, width, 4.5, line)
    return bytes(pdf.output())


def _sidebar(pdf: Any, width: float) -> None:
    """A box in the right margin, drawn between the title and the text."""
    x, y = pdf.get_x(), pdf.get_y()
    pdf.set_xy(width + 22, 30)
    pdf.set_font("body", size=7)
    pdf.multi_cell(36, 3.5, "AFRICA\nSection contents\nRegional profiles\nsee map")
    pdf.set_xy(x, y)


def _block(pdf: Any, width: float, height: float, text: str) -> None:
    """A paragraph; the next starts below it, at the left margin."""
    pdf.multi_cell(width, height, text, new_x="LMARGIN", new_y="NEXT")


def score_variant(folder: Path, variant: str) -> Score:
    """Build the folder's profiles in one shape and score them."""
    docs = sorted(folder.glob("*.txt"))
    expected = [d.with_suffix(".expected.json") for d in docs]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        if variant == "text":
            files = docs
        elif variant == "html":
            files = [out / f"{d.stem}.html" for d in docs]
            for d, f in zip(docs, files, strict=True):
                f.write_text(to_html(d.read_text(encoding="utf-8"), d.stem), "utf-8")
        elif variant == "pdf":
            files = [out / f"{d.stem}.pdf" for d in docs]
            for d, f in zip(docs, files, strict=True):
                f.write_bytes(to_pdf(d.read_text(encoding="utf-8")))
        else:
            files = [out / "handbook.pdf"]
            files[0].write_bytes(handbook_pdf([d.read_text("utf-8") for d in docs]))
        result = build_dataset(files, progress=lambda _: None)
    if variant == "handbook":
        # One document per profile, in page order: the profiles' order.
        ids = [d.doc_id for d in result.documents if d.doc_id.startswith("handbook-")]
        ids += [""] * (len(docs) - len(ids))
        return score_build(
            result,
            [(d.name, i, e) for d, i, e in zip(docs, ids, expected, strict=False)],
        )
    return score_build(
        result, [(d.name, d.stem, e) for d, e in zip(docs, expected, strict=True)]
    )


def status_to_html(text: str, title: str) -> str:
    """A status document as a depositary's saved page: header paragraphs, a table.

    Lines with tabs become table rows (the first one the header row); the
    other lines paragraphs; the site's navigation and footer around them.
    """
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title></head><body>",
        "<nav class='site-nav'><ul><li>Home</li><li>Databases</li>"
        "<li>Depositary</li></ul></nav>",
        "<main>",
    ]
    in_table = False
    for line in text.splitlines():
        if "\t" in line:
            tag = "th" if not in_table else "td"
            if not in_table:
                parts.append("<table class='status'>")
                in_table = True
            cells = "".join(
                f"<{tag}>{html.escape(c.strip())}</{tag}>" for c in line.split("\t")
            )
            parts.append(f"<tr>{cells}</tr>")
            continue
        if in_table:
            parts.append("</table>")
            in_table = False
        if line.strip():
            parts.append(f"<p>{html.escape(line)}</p>")
    if in_table:
        parts.append("</table>")
    parts.append(
        "</main><footer class='site-footer'>Terms of use</footer></body></html>"
    )
    return "\n".join(parts)


def score_status_variant(folder: Path, variant: str) -> Score:
    """Build the folder's status documents as text or saved pages and score them."""
    from graph_builder.build.fidelity import score_status_build

    docs = sorted(folder.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        if variant == "html":
            files = [Path(tmp) / f"{d.stem}.html" for d in docs]
            for d, f in zip(docs, files, strict=True):
                f.write_text(status_to_html(d.read_text("utf-8"), d.stem), "utf-8")
        else:
            files = docs
        result = build_dataset(files, progress=lambda _: None)
    return score_status_build(
        result,
        [(d.name, d.stem, d.with_suffix(".expected.json")) for d in docs],
    )
