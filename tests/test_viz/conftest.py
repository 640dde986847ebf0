from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from graph_builder.query.spans import memberships
from tests.conftest import Graphs
from viz.project import membership_graph

ON = date(2012, 6, 4)


@pytest.fixture(scope="session")
def network(corpus: Graphs) -> nx.MultiDiGraph[str]:
    return membership_graph(memberships(corpus.store, ON), ON)
