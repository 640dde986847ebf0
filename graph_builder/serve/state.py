"""The server's state: one pinned build, its workers, query library and catalogue."""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib.term import Node
from starlette.exceptions import HTTPException
from starlette.requests import Request

from graph_builder.build.generations import current_generation
from graph_builder.build.published import (
    STORE_NAME,
    open_resolver,
    open_spans,
    open_store,
)
from graph_builder.iris import ID
from graph_builder.query.library import load_library
from graph_builder.query.spans import Span
from graph_builder.serve.pagedata import (
    Catalogue,
    href,
    ontology_terms,
)
from graph_builder.serve.responses import (
    JSON_RESULTS,
)
from graph_builder.serve.scheduler import Busy, FairScheduler
from graph_builder.serve.workers import (
    Answer,
    WorkerPool,
    default_worker_memory,
)
from graph_builder.serve.worldmap import shapes

__all__ = ["ServerState"]


class ServerState:
    """The server's state: the pinned build, its workers, library and catalogue."""

    def __init__(
        self,
        build_dir: Path,
        *,
        workers: int,
        timeout: float,
        cap: int,
        memory: int | None,
        queries_dir: Path,
    ) -> None:
        """Open the current build, start the workers, read the library."""
        # One generation for the server's whole life: workers, pages and /viz
        # all answer from the same build (a rebuild is picked up on restart).
        self.build_dir = current_generation(build_dir)
        self.pool = WorkerPool(
            self.build_dir / STORE_NAME,
            size=workers,
            timeout=timeout,
            cap=cap,
            memory=memory or default_worker_memory(workers),
        )
        self.scheduler = FairScheduler(workers, wait=2 * timeout + 1)
        self.library = load_library(queries_dir)
        self.resolver = open_resolver(self.build_dir)
        self.catalogue = Catalogue(
            open_store(self.build_dir), self.library, date.today()
        )
        self.terms = ontology_terms()
        # Other names of each entity, for the explorer's search.
        self.names = {
            iri: sorted(entry.names) for iri, entry in self.catalogue.entries.items()
        }
        # Tables name a source by its title, not its file name.
        self.documents = {s["file"]: s for s in self.catalogue.sources if s["file"]}
        self._viz_lock = threading.RLock()  # span_graph reads spans under it
        self._explorer_lock = threading.Lock()
        self._spans: nx.MultiDiGraph[str] | None = None
        self._span_rows: list[Span] | None = None
        self._explorer: tuple[bytes, bytes, str] | None = None
        self._reports: dict[str, dict[str, Any]] = {}
        # The world map's shapes take half a second to read: read them now,
        # beside the workers' start, rather than on the first page.
        threading.Thread(target=shapes, daemon=True).start()
        # So is the explorer's network (layout and communities included).
        threading.Thread(target=self.explorer_data, daemon=True).start()

    async def run(
        self, request: Request, query: str, bindings: dict[str, Node], accept: list[str]
    ) -> Answer:
        """Run a query in a worker, within the client's fair share."""
        client = request.client.host if request.client else "?"
        try:
            async with self.scheduler.slot(client):
                return await self.pool.run_async(query, bindings, accept)
        except Busy as exc:
            return Answer(exc.status, "text/plain", str(exc).encode())

    async def json(
        self, request: Request, query: str, bindings: dict[str, Node]
    ) -> dict[str, Any]:
        """A query's SPARQL JSON result, or an error page raised as HTTPException."""
        answer = await self.run(request, query, bindings, JSON_RESULTS)
        if answer.status != 200:
            raise HTTPException(answer.status, answer.body.decode())
        data: dict[str, Any] = json.loads(answer.body)
        return data

    async def report(
        self, request: Request, name: str, text: str | None = None
    ) -> dict[str, Any]:
        """A whole-graph query without parameters, run once per build.

        Entity pages show their rows of the claims check and the source
        counts; the build is pinned, so the answer never changes and a page
        need not pay for it again (the claims check alone costs 0.1 s).

        Args:
            request: The request asking (for its fair share of the workers).
            name: A library query's name, or the cache key of ``text``.
            text: A page's own query, when it is not in the library.
        """
        if name not in self._reports:
            query = text if text is not None else self.library[name].text
            self._reports[name] = await self.json(request, query, {})
        return self._reports[name]

    def spans(self) -> list[Span]:
        """Every membership with the days it holds, read once (the build is pinned)."""
        with self._viz_lock:
            if self._span_rows is None:
                self._span_rows = open_spans(self.build_dir)
            return self._span_rows

    def span_graph(self) -> nx.MultiDiGraph[str]:
        """Every membership with its days, read once (the build is pinned)."""
        with self._viz_lock:
            if self._spans is None:
                from viz.project import span_graph

                self._spans = span_graph(self.spans())
            return self._spans

    def explorer_data(self) -> tuple[bytes, bytes, str]:
        """The explorer's network as JSON, gzip-compressed, and its ETag.

        Computed once per pinned build, with the layout and communities the
        build wrote (``layout.json``; laid out here for a build without).
        """
        graph = self.span_graph()
        with self._explorer_lock:
            if self._explorer is None:
                from viz.explorer import explorer_data
                from viz.layout import LAYOUT_NAME, read_layout

                data = explorer_data(
                    graph,
                    names=self.names,
                    link=self.link,
                    source_label=self._source_label,
                    layout=read_layout(self.build_dir / LAYOUT_NAME),
                )
                plain = json.dumps(data, separators=(",", ":")).encode()
                tag = '"' + hashlib.sha256(plain).hexdigest()[:20] + '"'
                self._explorer = (plain, gzip.compress(plain, 6), tag)
            return self._explorer

    def _source_label(self, name: str) -> str:
        doc = self.documents.get(name)
        if doc is None:
            return name
        title = str(doc.get("title") or name)
        return f"{title} ({doc['as_of']})" if doc.get("as_of") else title

    @staticmethod
    def link(iri: str) -> str:
        """The page of an orgkg IRI, or "" for an IRI of elsewhere."""
        return href(iri) if iri.startswith(str(ID)) else ""
