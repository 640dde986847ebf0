"""Text extraction: a document file's bytes to the lines a parser reads.

Every source kind reads lines of text; this module is where a file becomes
them, whatever its format. Today it reads UTF-8 text (with or without a
byte-order mark) and refuses binary files with a one-line reason.
"""

from pathlib import Path

from graph_builder.errors import SourceDataError
from graph_builder.text import Line

__all__ = ["extract_lines"]


def extract_lines(path: Path) -> tuple[bytes, list[Line]]:
    r"""Read a document: its bytes and its numbered lines of text.

    Raises:
        SourceDataError: The file is unreadable, binary, not UTF-8 or empty.

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     p = Path(d) / "a.txt"
        ...     _ = p.write_text("SELEC\nMembers")
        ...     extract_lines(p)[1]
        [Line(number=1, text='SELEC'), Line(number=2, text='Members')]
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceDataError(path, f"cannot read ({exc.strerror})") from exc
    if b"\x00" in data:
        raise SourceDataError(path, "binary file, expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceDataError(path, "not valid UTF-8 text", line) from exc
    if not text.strip():
        raise SourceDataError(path, "empty document")
    return data, [Line(i, t) for i, t in enumerate(text.splitlines(), start=1)]
