"""Query workers: SPARQL in separate processes, so a runaway query can be killed.

pyoxigraph cannot cancel a query that is being evaluated, so the server (and
``orgkg sparql`` for ad-hoc text) runs each query in a worker process with its
own read-only handle on the store. When a query outlives its time limit the
worker is killed and replaced, and the other workers keep answering. Every
worker is sandboxed before it reads a query: it cannot open a network
connection (``graph_builder.serve.sandbox``).
"""

import asyncio
import csv
import io
import logging
import multiprocessing as mp
import os
import queue
import resource
import signal
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox
from rdflib.term import Node

from graph_builder.errors import OrgKGError, QueryError
from graph_builder.query.sparql import evaluate
from graph_builder.query.tabular import safe_csv, safe_tsv
from graph_builder.serve.sandbox import deny_network

log = logging.getLogger(__name__)

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "Answer",
    "WorkerPool",
    "default_worker_memory",
]

#: Media type -> pyoxigraph results format, for SELECT and ASK.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: Media type -> pyoxigraph RDF format, for CONSTRUCT and DESCRIBE.
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


_READY = "ready"
#: Downloads a spreadsheet may open are neutralised (``graph_builder.query.tabular``).
_SAFE_TABLES = {"text/csv": safe_csv, "text/tab-separated-values": safe_tsv}


@dataclass(frozen=True)
class Answer:
    """A worker's answer: HTTP status, media type and body."""

    status: int
    media_type: str
    body: bytes


def _over_cap(results: Iterable[object], cap: int) -> bool:
    """Whether an answer has more than ``cap`` rows (reads at most cap + 1)."""
    return sum(1 for _ in zip(results, range(cap + 1), strict=False)) > cap


def _capped(cap: int, unit: str) -> Answer:
    message = (
        f"result cap exceeded: more than {cap} {unit}; narrow the query or add a LIMIT"
    )
    return Answer(413, "text/plain", message.encode())


def _evaluate(
    store: ox.Store, query: str, bindings: dict[str, Node], accept: list[str], cap: int
) -> Answer:
    def run() -> object:
        return evaluate(store, query, bindings)

    try:
        result = run()
    except QueryError as exc:
        return Answer(400, "text/plain", str(exc).encode())
    except OSError as exc:
        return Answer(500, "text/plain", f"store error: {exc}".encode())
    if isinstance(result, ox.QueryTriples):
        media = next((m for m in accept if m in GRAPH_FORMATS), "text/turtle")
        if _over_cap(result, cap):
            return _capped(cap, "triples")
        body = run().serialize(format=GRAPH_FORMATS[media])  # type: ignore[attr-defined]
        return Answer(200, media, body or b"")
    media = next(
        (m for m in accept if m in RESULT_FORMATS), "application/sparql-results+json"
    )
    # Evaluated once: serialised into a bounded buffer, then the rows counted
    # in the serialised answer (reading it back is cheaper than running the
    # query a second time to count first).
    out = _Bounded(cap * _BYTES_PER_ROW)
    try:
        result.serialize(out, format=RESULT_FORMATS[media])  # type: ignore[attr-defined]
    except _TooLargeError:
        return _capped(cap, "rows")
    body = out.value()
    if isinstance(result, ox.QuerySolutions) and _rows(body, media) > cap:
        return _capped(cap, "rows")
    return Answer(200, media, _SAFE_TABLES.get(media, bytes)(body))


#: The serialised size of an answer at the row cap, per row, before it is cut.
_BYTES_PER_ROW = 4096


class _TooLargeError(Exception):
    """A serialised answer outgrew its bound."""


class _Bounded:
    """A binary writer that refuses to hold more than ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLargeError
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the parts are joined by ``value``."""

    def value(self) -> bytes:
        return b"".join(self.parts)


def _rows(body: bytes, media: str) -> int:
    """The number of rows in a serialised SELECT answer."""
    if media == "text/csv":  # pyoxigraph cannot read CSV results back
        return sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8")))) - 1
    parsed = ox.parse_query_results(body, format=RESULT_FORMATS[media])
    return 1 if isinstance(parsed, ox.QueryBoolean) else sum(1 for _ in parsed)


def default_worker_memory(workers: int = 4) -> int:
    """A worker's memory cap by default: a share of this machine's memory, in MB.

    Every worker and the server itself get an equal share of half the
    physical memory, between 1 GB and 4 GB; 24 GB and 4 workers give 2,457 MB.
    """
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 2048
    share = total // 2**20 // (2 * (workers + 1))
    return max(1024, min(4096, share))


def _virtual_size() -> int:
    """This process's virtual memory size in bytes (Linux), or 0 if unknown."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def _limit_memory(megabytes: int | None) -> None:
    """Cap this worker's whole address space at ``megabytes``.

    Set once the store is open, so what a worker needs before any query is
    known: a cap that leaves a query less than 64 MB is refused. A query that
    needs more than the cap fails its allocation: pyoxigraph then aborts the
    process (the pool answers 503 and starts a new worker) and Python code
    raises ``MemoryError`` (answered 503 here).

    Raises:
        ValueError: The cap leaves no room for a query.
    """
    base = _virtual_size()
    if megabytes is None or not base:
        return
    limit = megabytes * 2**20
    if limit < base + 64 * 2**20:
        raise ValueError(
            f"--worker-memory {megabytes} MB leaves no room for a query: a worker"
            f" takes {base // 2**20} MB with the store open; give at least"
            f" {base // 2**20 + 64} MB"
        )
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _serve(
    store_path: str, conn: Connection, memory: int | None
) -> None:  # pragma: no cover - runs in a child
    try:
        deny_network()
        store = ox.Store.read_only(store_path)
        _limit_memory(memory)
    except (OrgKGError, OSError, ValueError) as exc:
        conn.send(str(exc))
        return
    conn.send(_READY)
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        query, bindings, accept, cap = request
        try:
            answer = _evaluate(store, query, bindings, accept, cap)
        except MemoryError:
            answer = _over_memory(memory)
        conn.send(answer)


def _cut_off(timeout: float) -> Answer:
    return Answer(
        503, "text/plain", f"query cut off after the {timeout:g} s time limit".encode()
    )


def _no_worker() -> Answer:
    message = b"no query worker could be started just now; try again"
    return Answer(503, "text/plain", message)


def _over_memory(memory: int | None) -> Answer:
    limit = f"the {memory} MB" if memory else "the"
    message = (
        f"query needed more than {limit} memory cap of a query worker;"
        " narrow the query (a join without a shared variable, or ORDER BY over"
        " everything, grows fast)"
    )
    return Answer(503, "text/plain", message.encode())


class _Worker:
    def __init__(
        self, ctx: mp.context.SpawnContext, store_path: Path, memory: int | None
    ) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_serve, args=(str(store_path), child, memory), daemon=True
        )
        self.process.start()
        child.close()

    def ready(self) -> "_Worker":
        """Wait until the worker is sandboxed and has the store open."""
        try:
            status = self.conn.recv() if self.conn.poll(60) else "no answer in 60 s"
        except EOFError:
            status = "exited while starting"
        if status != _READY:
            self.kill()
            raise QueryError(f"query worker: {status}")
        return self

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def failure(self, memory: int | None) -> Answer:
        """The answer for a query whose worker died while running it."""
        self.process.join(5)
        if self.process.exitcode == -signal.SIGABRT:  # an allocation failed
            return _over_memory(memory)
        return Answer(500, "text/plain", b"query worker failed; it has been restarted")


class WorkerPool:
    """A fixed number of query processes over one read-only store.

    Args:
        store_path: The built store folder.
        size: How many queries run at once.
        timeout: Seconds a query may run before its worker is killed.
        cap: The most rows (or triples) an answer may have.
        memory: Megabytes of address space a worker may use in all, the
            store handle included (None: no cap).

    """

    def __init__(
        self,
        store_path: Path,
        size: int = 4,
        timeout: float = 10.0,
        cap: int = 10_000,
        memory: int | None = None,
    ) -> None:
        """Start the workers."""
        self.store_path = store_path
        self.timeout = timeout
        self.cap = cap
        self.memory = memory
        self._ctx = mp.get_context("spawn")
        # None is a vacancy: a worker that could not be started; the next
        # query to take it starts one (so a failed start never loses a slot).
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        starting = [_Worker(self._ctx, store_path, memory) for _ in range(size)]
        try:
            for worker in starting:
                self._idle.put(worker.ready())
        except QueryError:
            for worker in starting:
                worker.kill()
            raise

    def __enter__(self) -> "WorkerPool":
        """Use the pool as a context manager that closes it."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop every worker."""
        self.close()

    def run(self, query: str, bindings: dict[str, Node], accept: list[str]) -> Answer:
        """Answer one query, or a 503 when the pool is busy or the time limit hits."""
        try:
            taken = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer(
                503,
                "text/plain",
                b"server busy: every query worker is in use; try again",
            )
        worker = taken if taken is not None else self._start_or_none()
        if worker is None:
            self._give_back(None)
            return _no_worker()
        back: _Worker | None = worker
        try:
            worker.conn.send((query, bindings, accept, self.cap))
            if worker.conn.poll(self.timeout):
                answer: Answer = worker.conn.recv()
            else:
                back = self._replace(worker)
                answer = _cut_off(self.timeout)
        except (EOFError, OSError, BrokenPipeError):
            answer = worker.failure(self.memory)
            back = self._replace(worker)
        self._give_back(back)
        return answer

    async def run_async(
        self, query: str, bindings: dict[str, Node], accept: list[str]
    ) -> Answer:
        """Answer one query without blocking the event loop or using a thread.

        The server calls this while holding one of as many scheduler slots as
        there are workers, so a worker is normally idle; the request goes down
        its pipe and the loop waits for the answer to become readable. Doing
        this on the loop, not in a thread per request, matters: a thread that
        wakes up with the answer must win the GIL back from the busy loop,
        which costs milliseconds per request under load.
        """
        try:
            taken = self._idle.get_nowait()
        except queue.Empty:  # more callers than workers: wait in a thread
            return await asyncio.to_thread(self.run, query, bindings, accept)
        worker = (
            taken if taken is not None else await asyncio.to_thread(self._start_or_none)
        )
        if worker is None:
            self._give_back(None)
            return _no_worker()
        back: _Worker | None = worker
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        fd = worker.conn.fileno()

        def readable() -> None:
            if not ready.done():
                ready.set_result(None)

        settling = False
        try:
            worker.conn.send((query, bindings, accept, self.cap))
            loop.add_reader(fd, readable)
            try:
                try:
                    await asyncio.wait_for(ready, self.timeout)
                finally:
                    # Stop watching before anything can close the pipe: once
                    # closed, its descriptor number may be a new client's
                    # socket, which remove_reader would then unregister.
                    loop.remove_reader(fd)
                    # uvloop makes a watched descriptor non-blocking; answers
                    # are read whole, so reads must block to the last byte.
                    os.set_blocking(fd, True)
            except TimeoutError:
                back = await asyncio.to_thread(self._replace, worker)
                return _cut_off(self.timeout)
            except asyncio.CancelledError:
                # The worker still owes an answer: a thread collects it and
                # only then returns the worker, so no later query reads it.
                settling = True
                threading.Thread(
                    target=self._settle, args=(worker,), daemon=True
                ).start()
                raise
            answer: Answer = worker.conn.recv()
            return answer
        except (EOFError, OSError, BrokenPipeError):
            answer = await asyncio.to_thread(worker.failure, self.memory)
            back = await asyncio.to_thread(self._replace, worker)
            return answer
        finally:
            if not settling:
                self._give_back(back)

    def _settle(self, worker: _Worker) -> None:
        """Discard the answer of an abandoned query, then return its worker."""
        back: _Worker | None = worker
        try:
            if worker.conn.poll(self.timeout):
                worker.conn.recv()
            else:
                back = self._replace(worker)
        except (EOFError, OSError):
            back = self._replace(worker)
        self._give_back(back)

    def _start_or_none(self) -> _Worker | None:
        """A new worker, or None (logged) when one cannot be started now."""
        try:
            return _Worker(self._ctx, self.store_path, self.memory).ready()
        except (QueryError, OSError) as exc:
            log.warning("a query worker could not be started: %s", exc)
            return None

    def _replace(self, worker: _Worker) -> _Worker | None:
        """Kill a worker and start a fresh one in its place (None: a vacancy)."""
        worker.kill()
        return self._start_or_none()

    def _give_back(self, worker: _Worker | None) -> None:
        """Return a worker (or its vacancy) to the pool; stop it once closed."""
        if self._closed:
            if worker is not None:
                worker.kill()
        else:
            self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            if worker is not None:
                worker.kill()
