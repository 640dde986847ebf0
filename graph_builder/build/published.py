"""A published build: the files of a generation, writing them, and opening them.

Each build writes a new generation folder (exports, span table, summary,
fingerprint, store) and publishes it with one atomic rename
(``graph_builder.build.generations``); readers (queries, the server, the
views) open the current generation through :func:`open_store`,
:func:`open_resolver` and :func:`open_spans`.
"""

import gc
import json
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph_builder.build.documents import register_definitions
from graph_builder.build.generations import (
    build_lock,
    cleanup,
    current_generation,
    new_generation,
    publish,
)
from graph_builder.build.parse import code_files, digest_files
from graph_builder.errors import SourceDataError
from graph_builder.paths import ONTOLOGY_FILE, QUERIES_DIR, REFERENCE_DIR
from graph_builder.query.spans import Span, read_spans, spans, write_spans
from graph_builder.resolve import Resolver

log = logging.getLogger(__name__)

__all__ = [
    "CACHE_NAME",
    "INPUTS_NAME",
    "NQUADS_NAME",
    "SPANS_NAME",
    "STORE_NAME",
    "SUMMARY_NAME",
    "TRIG_NAME",
    "fingerprint",
    "open_resolver",
    "open_spans",
    "open_store",
    "write_generation",
]


NQUADS_NAME = "orgkg.nq"


TRIG_NAME = "orgkg.trig"


STORE_NAME = "store"


#: The membership span table (``graph_builder.query.spans``) in each generation.
SPANS_NAME = "spans.json"


#: The fingerprint of everything a build read, and the summary it reported.
INPUTS_NAME = "inputs.sha256"


SUMMARY_NAME = "summary.json"


#: Parsed documents kept between builds, in the build folder.
CACHE_NAME = ".parse-cache"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def fingerprint(
    sources: Sequence[Path],
    reference_dir: Path = REFERENCE_DIR,
    queries_dir: Path = QUERIES_DIR,
) -> str:
    """A digest of everything a build reads: documents, data, queries and code.

    Two builds with the same fingerprint produce the same outputs, so the
    second can keep the first's (``orgkg build`` does unless ``--force``).
    """
    queries = sorted(queries_dir.rglob("*")) if queries_dir.is_dir() else []
    return digest_files([ONTOLOGY_FILE, *code_files(reference_dir), *queries, *sources])


def write_generation(
    out_dir: Path,
    nquads: bytes,
    trig: bytes,
    spans: Sequence[Span],
    inputs: str,
    summary: Mapping[str, Any],
    derived: Mapping[str, Callable[[Sequence[Span]], bytes | None]] | None = None,
) -> Path:
    """Write exports, span table and store into a new generation; publish it.

    Args:
        out_dir: The build folder.
        nquads: The N-Quads export.
        trig: The TriG export.
        spans: The span table.
        inputs: The fingerprint of what the build read.
        summary: The build summary.
        derived: Further files made from the span table, by name (the CLI
            adds the explorer's layout, which this room cannot compute); a
            function returning ``None`` writes nothing. One that fails is
            left out with a warning: it is derived, and its reader makes it
            again.
    """
    with build_lock(out_dir):
        cleanup(out_dir)  # what a killed build left behind
        gen = new_generation(out_dir)
        mode = 0o666 & ~_umask()
        for name, data in ((NQUADS_NAME, nquads), (TRIG_NAME, trig)):
            (gen / name).write_bytes(data)
            (gen / name).chmod(mode)
        write_spans(spans, gen / SPANS_NAME)
        (gen / SPANS_NAME).chmod(mode)
        for name, make in (derived or {}).items():
            try:
                made = make(spans)
            except Exception as exc:  # an optional output (see above)
                log.warning("%s not written: %s", name, exc)
                continue
            if made is None:
                continue
            (gen / name).write_bytes(made)
            (gen / name).chmod(mode)
        text = json.dumps(summary, indent=1, ensure_ascii=False)
        (gen / SUMMARY_NAME).write_text(text, encoding="utf-8")
        # Written last of the files: a fingerprint means a whole summary.
        (gen / INPUTS_NAME).write_text(inputs + "\n")
        store = ox.Store(str(gen / STORE_NAME))
        store.bulk_load(path=str(gen / NQUADS_NAME), format=ox.RdfFormat.N_QUADS)
        store.flush()
        del store
        gc.collect()
        publish(out_dir, gen)
        cleanup(out_dir)
    return gen


def open_store(out_dir: Path) -> ox.Store:
    """Open the built store read-only.

    Raises:
        SourceDataError: There is no build in ``out_dir``.
    """
    path = current_generation(out_dir) / STORE_NAME
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise SourceDataError(path, f"cannot open store ({exc})") from exc


def open_resolver(out_dir: Path) -> Resolver:
    """A resolver that also knows the organisations the build's documents define.

    Query parameters and views then accept, say, ``GCC`` after a build that
    included the GCC's profile, though the gazetteer lacks it. Read from the
    build's summary; a build without one gets the gazetteer alone.

    Raises:
        SourceDataError: There is no build in ``out_dir``.
    """
    resolver = Resolver()
    path = current_generation(out_dir) / SUMMARY_NAME
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
        defined = summary.get("new_organisations", [])
    except (OSError, ValueError, AttributeError):
        return resolver
    register_definitions(
        resolver,
        ((str(d["name"]), d.get("acronym")) for d in defined if isinstance(d, dict)),
    )
    return resolver


def open_spans(out_dir: Path) -> list[Span]:
    """Every membership with the days it holds, from the current build.

    Read from the build's span table; a build from before the table existed
    gets the same spans from its store (``membership_spans.rq``).

    Raises:
        SourceDataError: There is no build in ``out_dir``, or its span table
            is unreadable.
    """
    path = current_generation(out_dir) / SPANS_NAME
    if not path.exists():
        return spans(open_store(out_dir))
    try:
        return read_spans(path)
    except (OSError, ValueError) as exc:
        raise SourceDataError(path, f"cannot read span table ({exc})") from exc
