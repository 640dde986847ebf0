"""Parsing every document: in worker processes, and from a per-document cache.

Each document parses on its own once every definition is registered
(``graph_builder.build.documents``), so documents are parsed in worker
processes when there are enough to repay starting them, and each result is
kept in a cache until the document, the set of definitions, the reference
data or orgkg's code change. A document that cannot be parsed gives a
``DocumentError`` in its place; the others are parsed all the same.
"""

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from graph_builder.build.documents import (
    DocumentError,
    ParsedDocument,
    Source,
    definitions_of,
    document_error,
    parse_source,
    register_definitions,
)
from graph_builder.errors import SourceDataError
from graph_builder.paths import REFERENCE_DIR
from graph_builder.resolve import Resolver

__all__ = [
    "CODE",
    "ParseCache",
    "available_cpus",
    "code_files",
    "digest_files",
    "parse_sources",
]


#: orgkg's code that decides what a document parses into.
CODE = ((Path(__file__).parents[1], "*.py"),)


#: Documents to parse before worker processes pay for their start-up.
_POOL_MIN = 32


_CACHE_VERSION = b"orgkg-parse-cache-2"


def digest_files(files: Iterable[Path]) -> str:
    """A SHA-256 over the names, sizes and contents of files (missing ones skipped).

    Raises:
        SourceDataError: A file cannot be read.
    """
    h = hashlib.sha256()
    for path in files:
        if not path.is_file():
            continue
        h.update(f"{path.name}\0{path.stat().st_size}\0".encode())
        try:
            h.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError as exc:
            raise SourceDataError(path, f"cannot read ({exc.strerror})") from exc
    return h.hexdigest()


def code_files(reference_dir: Path = REFERENCE_DIR) -> list[Path]:
    """The files besides a document that decide what it parses into."""
    files: list[Path] = []
    for folder, pattern in ((reference_dir, "*"), *CODE):
        files += sorted(folder.rglob(pattern)) if folder.is_dir() else [folder]
    return files


class ParseCache:
    """Parsed documents on disk, one file per document version.

    A document's entry is keyed by its file name and bytes together with a
    salt that covers orgkg's code, the reference data and the registered
    definitions, so an entry is only found while it is still what parsing
    would give. Entries are written to a temporary file and renamed.

    Args:
        folder: Where the entries live (created on first write).
        salt: Digest of everything besides the document a parse depends on.
    """

    def __init__(self, folder: Path, salt: str) -> None:
        """Use entries in ``folder`` made under ``salt``."""
        self.folder = folder
        self.salt = salt.encode()

    def key(self, source: Source) -> str:
        """The entry name of a document."""
        h = hashlib.sha256(_CACHE_VERSION + b"\0" + self.salt + b"\0")
        h.update(f"{source.path.name}\0{source.doc_id}\0{source.sha256}".encode())
        return h.hexdigest()

    def get(self, source: Source) -> ParsedDocument | None:
        """The document's entry, or None (missing or unreadable)."""
        try:
            data = (self.folder / self.key(source)).read_bytes()
            return ParsedDocument.from_bytes(source.path, source.doc_id, data)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, source: Source, doc: ParsedDocument) -> None:
        """Store a parsed document; a failure to write only costs a re-parse."""
        path = self.folder / self.key(source)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(doc.to_bytes())
            tmp.replace(path)
        except OSError:
            tmp.unlink(missing_ok=True)

    def prune(self, sources: Iterable[Source]) -> None:
        """Remove every entry but those of ``sources`` (keeps the cache small)."""
        keep = {self.key(s) for s in sources}
        for path in self.folder.glob("*") if self.folder.is_dir() else []:
            if path.name not in keep:
                path.unlink(missing_ok=True)


# Worker processes rebuild the resolver once, then parse what they are sent.
_worker_resolver: Resolver | None = None


def _start_worker(
    reference_dir: Path, definitions: list[tuple[str, str | None]]
) -> None:
    global _worker_resolver  # one resolver per worker process
    _worker_resolver = Resolver(reference_dir)
    register_definitions(_worker_resolver, definitions)


def _parse_in_worker(source: Source) -> ParsedDocument | DocumentError:
    assert _worker_resolver is not None
    return _parse_or_report(source, _worker_resolver)


def _parse_or_report(
    source: Source, resolver: Resolver
) -> ParsedDocument | DocumentError:
    """Parse a document, or report why it cannot be: never stop the others."""
    try:
        return parse_source(source, resolver)
    except Exception as exc:
        return document_error(exc, source.path, source.doc_id, source.lines)


def available_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def parse_sources(
    sources: Sequence[Source],
    resolver: Resolver,
    *,
    reference_dir: Path = REFERENCE_DIR,
    cache: ParseCache | None = None,
    jobs: int = 1,
    progress: Callable[[str], None] = lambda _: None,
) -> list[ParsedDocument | DocumentError]:
    """Parse documents, from the cache where it has them, in document order.

    A document that cannot be understood gives a :class:`DocumentError` in
    its place: the others are parsed all the same.

    Args:
        sources: The documents.
        resolver: A resolver of ``reference_dir`` holding every document's
            definitions (:func:`register_definitions`).
        reference_dir: The reference data (worker processes load it).
        cache: Where parsed documents are kept between builds, if anywhere.
        jobs: Worker processes; documents are parsed in the calling process
            when this is 1 or there are too few to repay starting workers.
        progress: Receives a line per parsed document with the rate and the
            time left, and one for the documents read from the cache.
    """
    found: dict[int, ParsedDocument | DocumentError] = {}
    if cache is not None:
        for i, source in enumerate(sources):
            hit = cache.get(source)
            if hit is not None:
                found[i] = hit
        if found:
            progress(
                f"{len(found)} of {len(sources)} documents unchanged "
                "since they were last parsed (cached)"
            )
    todo = [(i, s) for i, s in enumerate(sources) if i not in found]
    # Workers get every document's definitions, parsed or not, and the data.
    definitions = (reference_dir, definitions_of(sources))
    started = time.perf_counter()
    for done, ((i, source), doc) in enumerate(
        zip(
            todo,
            _parse_all([s for _, s in todo], resolver, definitions, jobs),
            strict=True,
        ),
        start=1,
    ):
        found[i] = doc
        if isinstance(doc, DocumentError):
            continue  # reported with the build's result
        progress(
            f"[{done}/{len(todo)}] {source.path.name}: {source.kind}"
            f"{_rate(done, len(todo), started)}"
        )
        if cache is not None:
            cache.put(source, doc)
    return [found[i] for i in range(len(sources))]


def _parse_all(
    sources: list[Source],
    resolver: Resolver,
    worker_args: tuple[Path, list[tuple[str, str | None]]],
    jobs: int,
) -> Iterator[ParsedDocument | DocumentError]:
    if jobs <= 1 or len(sources) < _POOL_MIN:
        yield from (_parse_or_report(s, resolver) for s in sources)
        return
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_start_worker, initargs=worker_args
    ) as pool:
        yield from pool.map(
            _parse_in_worker, sources, chunksize=max(1, len(sources) // (jobs * 16))
        )


def _rate(done: int, total: int, started: float) -> str:
    """Documents per second and time left, once there is a rate to tell.

    Examples:
        >>> _rate(1, 10, time.perf_counter())
        ''
    """
    elapsed = time.perf_counter() - started
    if done < 2 or elapsed <= 0:
        return ""
    rate = done / elapsed
    return f" ({rate:.0f} docs/s, about {(total - done) / rate:.0f} s left)"
