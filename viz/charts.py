"""Static PNG charts for reports: overlap heatmap and membership timeline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import matplotlib as mpl

mpl.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
from matplotlib.figure import Figure

from viz.project import incidence

__all__ = ["COVERAGE_COLOURS", "coverage_chart", "overlap_heatmap", "timeline"]


def _num(day: date) -> float:
    """Matplotlib's day number of a date (days since 1970-01-01)."""
    return float((day - date(1970, 1, 1)).days)


def _save(fig: Figure, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp.png")
    fig.savefig(tmp, dpi=120, bbox_inches="tight")
    plt.close(fig)
    tmp.replace(path)


def overlap_heatmap(G: nx.MultiDiGraph[str], path: Path, title: str) -> list[list[int]]:
    """Draw the organisation-by-organisation shared-member matrix.

    Returns:
        The matrix drawn (rows and columns in label order), for checking.
    """
    _, orgs, B = incidence(G)
    matrix = (B.T @ B).toarray().tolist()
    labels = [str(G.nodes[o].get("label", o)) for o in orgs]
    order = sorted(range(len(orgs)), key=lambda i: labels[i])
    matrix = [[int(matrix[i][j]) for j in order] for i in order]
    labels = [labels[i] for i in order]
    size = max(4.0, 0.6 * len(labels) + 2)
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=60, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            ax.text(j, i, str(value), ha="center", va="center", fontsize=8)
    ax.set_title(title)
    _save(fig, path)
    return matrix


def timeline(
    rows: list[tuple[str, date, date | None]], path: Path, title: str, today: date
) -> int:
    """Draw one bar per membership from its start to its end (or ``today``).

    Args:
        rows: ``(member label, valid from, valid until or None)``.
        path: The PNG file.
        title: Chart title.
        today: Where open memberships end on the chart.

    Returns:
        The number of bars drawn.
    """
    fig, ax = plt.subplots(figsize=(9, max(3.0, 0.25 * len(rows) + 1)))
    for i, (label, start, end) in enumerate(rows):
        stop = end or today
        ax.barh(
            i,
            (stop - start).days,
            left=_num(start),
            height=0.6,
            color="#4e79a7",
        )
        ax.text(_num(start), i, f" {label}", va="center", fontsize=7)
    ax.xaxis_date()
    ax.set_yticks([])
    ax.set_title(title)
    _save(fig, path)
    return len(rows)


#: Coverage steps and their colours (the organisation page's matrix).
COVERAGE_COLOURS = {
    "bound": "#2f6fb3",
    "consented": "#7fb0de",
    "signed only": "#e3b65a",
    "neither": "#d5dbe1",
    "not recorded": "#ffffff",
}


def coverage_chart(
    members: list[str],
    instruments: list[str],
    cells: dict[tuple[int, int], str],
    path: Path,
    title: str,
) -> int:
    """Draw members (rows) by agreements (columns), each cell its coverage.

    Args:
        members: Row labels.
        instruments: Column labels.
        cells: (row, column) -> a ``COVERAGE_COLOURS`` key.
        path: The PNG file.
        title: Chart title.

    Returns:
        The number of cells in which the member is bound.
    """
    from matplotlib.patches import Patch, Rectangle

    fig, ax = plt.subplots(
        figsize=(2.5 + 0.9 * len(instruments), 1.5 + 0.3 * len(members))
    )
    bound = 0
    for (i, j), value in cells.items():
        bound += value == "bound"
        ax.add_patch(
            Rectangle(
                (j, i), 1, 1, facecolor=COVERAGE_COLOURS[value], edgecolor="#c9d3dd"
            )
        )
    ax.set_xlim(0, len(instruments))
    ax.set_ylim(len(members), 0)
    ax.set_xticks(
        [j + 0.5 for j in range(len(instruments))], instruments, rotation=45, ha="right"
    )
    ax.set_yticks([i + 0.5 for i in range(len(members))], members)
    ax.tick_params(length=0)
    ax.legend(
        handles=[
            Patch(facecolor=c, edgecolor="#c9d3dd", label=k)
            for k, c in COVERAGE_COLOURS.items()
        ],
        loc="upper left",
        bbox_to_anchor=(1.02, 1),
        frameon=False,
    )
    ax.set_title(title)
    _save(fig, path)
    return bound
