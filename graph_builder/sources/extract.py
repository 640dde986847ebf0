"""Text extraction: a document file, whatever its format, to the lines a reader reads.

The format is decided by content, not by the file's name: a PDF by its
``%PDF-`` signature, an HTML page by its markup, anything else as UTF-8 text.

* Text is read as it is (with or without a byte-order mark).
* HTML (a saved web page) loses its site chrome: scripts, styles,
  navigation, headers and footers, sidebars, breadcrumbs, cookie banners,
  share buttons, by element and by the ``id``/``class`` names sites give
  them. Headings, paragraphs, list items (as ``•`` bullets) and table cells
  become lines; bold text inside a list keeps its ``**bold**`` mark (the
  series marks founding members in bold).
* PDF (a page printed from a browser, or the whole handbook) is read page
  by page with PDFium. Lines every page repeats (running headers and
  footers) and bare page numbers go, so does a sidebar beside the main
  column; lines that a paragraph, list item or title wrapped are joined
  again; and a handbook becomes one document per profile, each from the
  page its title starts until the next title.

Each line keeps its number in the extracted text, and for a PDF its page.
The libraries are well kept (lxml, pypdfium2); what is written here is only
what is specific to this series' pages: which parts are chrome, where a
profile starts.
"""

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from graph_builder.errors import SourceDataError
from graph_builder.sources.poa_profile.layout import MEMBER_COUNT, title_of
from graph_builder.text import Line

if TYPE_CHECKING:  # lxml is imported where HTML is read
    from lxml.html import HtmlElement

__all__ = ["Extracted", "detect_format", "extract", "read_file"]

FORMATS = ("text", "html", "pdf")
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
#: Elements that are never content.
_CHROME_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "iframe",
    "svg",
    "select",
    "input",
    "label",
    "menu",
    "dialog",
)
#: ``id``/``class`` words of site chrome, as whole words of the attribute.
_CHROME_NAMES = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|menubar|breadcrumbs?|sidebar|"
    r"side-bar|footer|header|masthead|cookie|cookies|consent|gdpr|banner|skip|"
    r"share|sharing|social|search|toolbar|pager|pagination|related|widget|"
    r"newsletter|subscribe|print|login|topbar|site-info)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "dl",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "figcaption",
        "address",
        "center",
        "body",
    ]
)
_BOLD_TAGS = frozenset({"b", "strong"})
#: Between a table row's cells while lines are built; a tab in the text.
_CELL = "\ue000"  # private use: never in text, never whitespace
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$", re.I)
#: A line that starts an item of its own: a list label ("Former members:"),
#: an overlap figure ("5 of 10 ..."), a note ("*Information ...").
_ITEM_START = re.compile(
    r"^(?:[A-Z][\w'\u2019 -]{0,30}\*?:(?:\s|$)|\d+\s+(?:of|de|des|dos|das)\s|\*)"
)


@dataclass(frozen=True)
class Extracted:
    """One document's text, extracted from a file.

    Attributes:
        lines: The numbered lines (for a PDF, each with its page).
        format: ``"text"``, ``"html"`` or ``"pdf"``.
        part: For a file holding several documents (a handbook), which one:
            its first page; None for a file that is one document.
        pages: The first and last page it spans (PDFs), else None.
    """

    lines: list[Line]
    format: str
    part: int | None = None
    pages: tuple[int, int] | None = None


def detect_format(data: bytes) -> str:
    r"""``"pdf"``, ``"html"`` or ``"text"``, from a file's first bytes.

    Examples:
        >>> detect_format(b"%PDF-1.7 ..."), detect_format(b"<!DOCTYPE html><p>x")
        ('pdf', 'html')
        >>> detect_format(b"SELEC\n13 members")
        'text'
    """
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    if head.lstrip().startswith(b"%PDF-"):
        return "pdf"
    if _HTML_START.match(head):
        return "html"
    return "text"


def read_file(path: Path) -> bytes:
    """A file's bytes.

    Raises:
        SourceDataError: The file cannot be read.
    """
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SourceDataError(path, f"cannot read ({exc.strerror})") from exc


def extract(path: Path, data: bytes | None = None) -> list[Extracted]:
    """Read a document file (or its bytes, read already) into its documents.

    Raises:
        SourceDataError: The file cannot be read, or holds no text (binary,
            not UTF-8, empty, a PDF without a text layer or that is damaged).
    """
    if data is None:
        data = read_file(path)
    kind = detect_format(data)
    if kind == "pdf":
        return _pdf(path, data)
    text = _decode(path, data)
    if kind == "html":
        text = html_text(text)
    lines = _numbered(text.splitlines())
    if not any(line.text.strip() for line in lines):
        raise SourceDataError(path, "no text" if kind == "html" else "empty document")
    return [Extracted(lines, kind)]


def _numbered(texts: list[str], pages: list[int] | None = None) -> list[Line]:
    return [Line(i, t, pages[i - 1] if pages else None) for i, t in enumerate(texts, 1)]


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        raise SourceDataError(path, "binary file, expected text, HTML or PDF")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if detect_format(data) == "html":
            return data.decode("cp1252", "replace")  # old saved pages
        raise SourceDataError(path, "not valid UTF-8 text", line) from exc


# -- HTML -------------------------------------------------------------------------


def html_text(markup: str) -> str:
    """The text of a saved web page without its site chrome, one block a line.

    Examples:
        >>> page = (
        ...     "<html><body><nav><ul><li>Home</li></ul></nav><main>"
        ...     "<h1>Centre (SELEC)</h1><ul><li><strong>Current members*:</strong>"
        ...     " <b>Albania</b>, Bulgaria</li></ul></main>"
        ...     "<div class='cookie-banner'>We use cookies</div></body></html>"
        ... )
        >>> print(html_text(page))
        Centre (SELEC)
        <BLANKLINE>
          • Current members*: **Albania**, Bulgaria
    """
    import lxml.etree
    import lxml.html  # a C parser: imported here, where HTML is read

    try:
        root = lxml.html.document_fromstring(markup)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for element in list(root.iter(*_CHROME_TAGS)):
        cast("HtmlElement", element).drop_tree()
    for node in list(root.iter()):
        element = cast("HtmlElement", node)
        # Comments and processing instructions go, and so does site chrome.
        if not isinstance(element.tag, str) or _is_chrome(element):
            element.drop_tree()
    main = _first(root, ".//main", ".//*[@role='main']", ".//article")
    lines: list[str] = []
    _walk(root if main is None else main, lines, [""], in_list=False)
    result: list[str] = []
    for raw in lines:
        line = re.sub(r"[ \t\u00a0]+", " ", raw).strip().replace(_CELL, "\t")
        if line.startswith("• "):
            line = "  " + line
        if line or (result and result[-1]):
            result.append(line)
    return "\n".join(result).strip("\n")


def _is_chrome(element: "HtmlElement") -> bool:
    """Site chrome by its role, name or hiding; never what holds the title."""
    if element.tag in ("html", "body", "main"):
        return False
    names = f"{element.get('id', '')} {element.get('class', '')}"
    role = element.get("role", "")
    style = (element.get("style") or "").replace(" ", "").lower()
    chrome = (
        bool(_CHROME_NAMES.search(names))
        or role in ("navigation", "banner", "contentinfo", "search", "complementary")
        or element.get("hidden") is not None
        or "display:none" in style
    )
    # A "page-header" may hold the page's title: keep what holds an h1.
    return chrome and next(element.iter("h1", "main", "article"), None) is None


def _first(root: "HtmlElement", *paths: str) -> "HtmlElement | None":
    for path in paths:
        found = root.xpath(path)
        if found:
            element: HtmlElement = found[0]
            return element
    return None


def _walk(
    element: "HtmlElement", lines: list[str], current: list[str], in_list: bool
) -> None:
    """Append the text of ``element`` to ``lines``, one block per line."""
    tag = element.tag
    cells = [c for c in element if c.tag in ("td", "th")] if tag == "tr" else []
    block = tag in _BLOCK_TAGS or tag == "br"
    if block and len(cells) <= 1:
        _flush(lines, current)
    if len(cells) > 1:
        # A table row is one line, its cells apart: a status table (treaty
        # participants, signature and consent dates) is read by column.
        texts = [" ".join("".join(c.itertext()).split()) for c in cells]
        if current[0].strip():
            lines.append(current[0])
        lines.append(_CELL.join(texts))
        current[0] = element.tail or ""
        return
    if tag == "li":
        current[0] = "• "
    if tag in _BOLD_TAGS and in_list:
        inner = "".join(element.itertext()).strip()
        # A bold label ("Current members*:") is not a founding member.
        current[0] += inner if inner.endswith(":") or not inner else f"**{inner}**"
    else:
        current[0] += element.text or ""
        for child in element:
            _walk(child, lines, current, in_list or tag in ("ul", "ol", "li"))
    if block and tag != "br":
        _flush(lines, current)
    current[0] += element.tail or ""


def _flush(lines: list[str], current: list[str]) -> None:
    if current[0].strip() not in ("", "•"):
        lines.append(current[0])
    elif lines and lines[-1] != "":
        lines.append("")
    current[0] = ""


# -- PDF ---------------------------------------------------------------------------


def _pdf(path: Path, data: bytes) -> list[Extracted]:
    import pypdfium2 as pdfium  # PDFium: fast, and no AGPL (unlike MuPDF)

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise SourceDataError(path, f"not a readable PDF ({exc})") from exc
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            pages.append(_page_lines(textpage))
            textpage.close()
            page.close()
    finally:
        document.close()
    if not any(any(pg) for pg in pages):
        raise SourceDataError(path, "PDF has no text layer (a scan?); nothing to read")
    pages = _without_running_lines(pages)
    starts = [i for i, pg in enumerate(pages) if _starts_profile(pg, pages, i)]
    if len(starts) <= 1:
        return [_pdf_part(pages, 0, len(pages), None)]
    return [
        _pdf_part(pages, start, end, start + 1)
        for start, end in zip(starts, [*starts[1:], len(pages)], strict=True)
    ]


@dataclass
class _Run:
    """A run of text on one line of a page, with its box (PDF points)."""

    left: float
    bottom: float
    right: float
    top: float
    text: str
    size: float = 0.0
    """The font size of its first character."""


def _page_lines(textpage: Any) -> list[str]:
    """A page's lines in reading order: the main column, paragraphs unwrapped.

    PDFium gives runs of text with their boxes. Runs on one baseline make a
    line; runs wholly beside the main column (a sidebar box, which the
    layout may put between a title and its text) are left out; and a line
    that fills the column and is followed closely by one of the same size
    is joined to it, so that a wrapped paragraph, list item or title reads
    as the one line a text copy has.
    """
    import pypdfium2.raw as pdfium_c

    runs = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top).strip()
        if text:
            # None (or -1) when PDFium finds no character near the point.
            first = textpage.get_index(left + 1, (bottom + top) / 2, 3, 3)
            size = (
                pdfium_c.FPDFText_GetFontSize(textpage.raw, first)
                if first is not None and first >= 0
                else 0
            )
            runs.append(_Run(left, bottom, right, top, " ".join(text.split()), size))
    if not runs:
        text = textpage.get_text_bounded()
        return [ln.strip() for ln in text.replace("\r\n", "\n").split("\n")]
    lines = _visual_lines(_main_column(runs))
    return _unwrap(lines)


def _main_column(runs: list[_Run]) -> list[_Run]:
    """The runs of the main column: the left edge most text starts at."""
    weight: Counter[int] = Counter()
    for run in runs:
        weight[round(run.left / 4)] += len(run.text)
    body_left = weight.most_common(1)[0][0] * 4
    starting = sorted(r.right for r in runs if abs(r.left - body_left) <= 6)
    body_right = starting[int(0.95 * (len(starting) - 1))]
    width = max(body_right - body_left, 1.0)
    return [
        r
        for r in runs
        if not (
            (r.left > body_right + 8 or r.right < body_left - 8)
            and (r.right - r.left) < 0.6 * width
        )
    ]


def _visual_lines(runs: list[_Run]) -> list[_Run]:
    """Runs on one baseline joined left to right, lines top to bottom."""
    lines: list[_Run] = []
    for run in sorted(runs, key=lambda r: (-r.top, r.left)):
        last = lines[-1] if lines else None
        middle = (run.top + run.bottom) / 2
        if last is not None and last.bottom <= middle <= last.top:
            lines[-1] = _Run(
                min(last.left, run.left),
                min(last.bottom, run.bottom),
                max(last.right, run.right),
                max(last.top, run.top),
                f"{last.text} {run.text}"
                if run.left >= last.left
                else f"{run.text} {last.text}",
            )
        else:
            lines.append(run)
    return lines


def _unwrap(lines: list[_Run]) -> list[str]:
    """Join each line that fills the column to the line that continues it.

    A line continues the one above when that one reaches the column's right
    edge, the gap between them is less than a line, the type is the same
    size, it does not start left of it, and it does not start an item of its
    own (a list label, an overlap figure, a note).
    """
    if not lines:
        return []
    left = min(ln.left for ln in lines)
    rights = sorted(ln.right for ln in lines if ln.left - left <= 6)
    right = rights[int(0.95 * (len(rights) - 1))]
    full = right - 0.12 * (right - left)
    texts: list[str] = []
    above: _Run | None = None
    for line in lines:
        height = line.top - line.bottom
        if (
            above is not None
            and above.right >= full
            and abs(above.size - line.size) <= 0.5
            and above.bottom - line.top <= 0.8 * height
            and line.left >= above.left - 6
            and not _ITEM_START.match(line.text)
        ):
            glue = "" if re.search(r"[A-Za-z]-$", texts[-1]) else " "
            texts[-1] += glue + line.text
        else:
            texts.append(line.text)
        above = line
    return texts


def _without_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers, and headers and footers most pages repeat."""
    edges: Counter[str] = Counter()
    for pg in pages:
        content = [ln for ln in pg if ln]
        edges.update(set(content[:2] + content[-2:]))
    running = {
        ln
        for ln, n in edges.items()
        if len(pages) >= 3 and n >= max(3, len(pages) // 2)
    }
    return [
        [ln for ln in pg if ln not in running and not _PAGE_NUMBER.match(ln)]
        for pg in pages
    ]


def _starts_profile(page: list[str], pages: list[list[str]], index: int) -> bool:
    """Whether a profile's title starts this page (its count line follows)."""
    head = [ln for ln in page if ln][:8]
    if not any(title_of(ln) for ln in head):
        return False
    following = page + (pages[index + 1] if index + 1 < len(pages) else [])
    return any(MEMBER_COUNT.match(ln) for ln in following)


def _pdf_part(
    pages: list[list[str]], start: int, end: int, part: int | None
) -> Extracted:
    texts: list[str] = []
    numbers: list[int] = []
    for index in range(start, end):
        texts += pages[index]
        numbers += [index + 1] * len(pages[index])
    return Extracted(_numbered(texts, numbers), "pdf", part, (start + 1, end))
