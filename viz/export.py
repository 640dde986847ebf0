"""GraphML and GEXF export of the membership graph, for Gephi and other tools."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graph_builder.errors import QueryError

__all__ = ["FORMATS", "write_graph"]

FORMATS = (".graphml", ".gexf")


def write_graph(G: nx.MultiDiGraph[str], path: Path) -> None:
    """Write ``G`` as GraphML or GEXF, chosen by the file suffix, atomically.

    Raises:
        QueryError: The suffix is neither ``.graphml`` nor ``.gexf``.
    """
    if path.suffix not in FORMATS:
        raise QueryError(f"{path}: export format must be one of {', '.join(FORMATS)}")
    tmp = path.with_name(f".{path.name}.tmp")
    if path.suffix == ".graphml":
        nx.write_graphml(G, tmp)
    else:
        nx.write_gexf(G, tmp)
    tmp.replace(path)
