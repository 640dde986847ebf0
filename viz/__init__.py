"""orgkg visualisation: NetworkX analysis of the membership graph and pyvis pages.

Imports ``graph_builder`` (never the reverse); the CLI imports it lazily.
"""

from graph_builder.query.spans import Membership, memberships
from viz.metrics import centrality, communities, ego, overlap
from viz.project import (
    incidence,
    membership_graph,
    organisation_overlap,
    state_comembership,
)

__all__ = [
    "Membership",
    "centrality",
    "communities",
    "ego",
    "incidence",
    "membership_graph",
    "memberships",
    "organisation_overlap",
    "overlap",
    "state_comembership",
]
