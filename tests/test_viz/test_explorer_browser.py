"""The WebGL explorer in headless Chromium (software WebGL), as an offline file.

Every check compares what the page draws with what the Python side computes
from the same graph: the links of a day, the overlap weights, the ego
network, the degree filter.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph_builder.query.spans import HOLDING, names, on_day, spans
from tests.browser import chromium, require_chromium
from tests.conftest import Graphs
from tests.test_viz.test_html import HOSTILE, hostile_graph
from viz.explorer import write_explorer
from viz.metrics import ego, overlap
from viz.project import membership_graph, span_graph

require_chromium()

ON = date(2012, 6, 4)
SELEC = "https://w3id.org/orgkg/id/org/selec"
OSCE = "https://w3id.org/orgkg/id/org/osce"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def page_file(corpus: Graphs, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("explorer") / "network.html"
    write_explorer(
        span_graph(spans(corpus.store)),
        path,
        title="Memberships",
        as_of=ON,
        names=names(corpus.store),
    )
    return path


def _day_graph(corpus: Graphs, day: date) -> nx.MultiDiGraph[str]:
    """The memberships of ``day``, one edge per member, organisation, role and
    status (sources that disagree on a status give two)."""
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for m in on_day(spans(corpus.store), day):
        G.add_edge(m.member, m.org, key=(m.role, m.status), status=m.status)
    return G


def _open(browser: Any, path: Path, size: tuple[int, int] = (1400, 900)) -> Any:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-rendered=true]", timeout=20000)
    page.requests = requests
    return page


def _set_day(page: Any, day: date) -> None:
    page.locator("#date-input").fill(day.isoformat())
    page.locator("#date-input").dispatch_event("change")
    page.wait_for_selector(f"body[data-day='{day.isoformat()}']")


def _shown(page: Any) -> set[str]:
    return set(page.evaluate("window.orgkgExplorer.shown()"))


def test_draws_offline_with_webgl_and_asks_for_nothing(
    browser: Any, page_file: Path, corpus: Graphs
) -> None:
    page = _open(browser, page_file)
    assert [u for u in page.requests if u != page_file.as_uri()] == []
    assert page.locator("#graph canvas").count() >= 2
    # The links of the day are the memberships that hold on it.
    G = _day_graph(corpus, ON)
    assert int(page.locator("body").get_attribute("data-edges")) == (
        G.number_of_edges()
    )
    assert _shown(page) == set(G)
    later = date(2024, 1, 1)
    _set_day(page, later)
    assert int(page.locator("body").get_attribute("data-edges")) == (
        _day_graph(corpus, later).number_of_edges()
    )
    page.close()


def test_labels_never_overlap_biggest_first_more_on_zoom(
    browser: Any, page_file: Path, corpus: Graphs
) -> None:
    page = _open(browser, page_file, (900, 600))
    boxes = page.evaluate("window.orgkgExplorer.labelBoxes()")
    assert boxes
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["w"] <= b["x"]
                or b["x"] + b["w"] <= a["x"]
                or a["y"] + a["h"] <= b["y"]
                or b["y"] + b["h"] <= a["y"]
            )
            assert apart, (a, b)
    # Not every node gets a label at first; the best-linked one does.
    G = _day_graph(corpus, ON)
    labelled = {b["id"] for b in boxes}
    assert len(labelled) < G.number_of_nodes()
    top = max(G, key=lambda n: (G.degree(n), n))
    assert top in labelled
    # Zoomed in on a crowded spot, nodes that had no label get one.
    x, y = page.evaluate(f"window.orgkgExplorer.viewportOf('{OSCE}')").values()
    box = page.locator("#graph").bounding_box()
    for _ in range(6):
        page.mouse.move(box["x"] + x, box["y"] + y)
        page.mouse.wheel(0, -400)
        page.wait_for_timeout(120)
    page.wait_for_timeout(400)
    zoomed = {b["id"] for b in page.evaluate("window.orgkgExplorer.labelBoxes()")}
    assert zoomed - labelled
    page.close()


def test_overlap_view_weights_are_the_analysis(
    browser: Any, page_file: Path, corpus: Graphs
) -> None:
    page = _open(browser, page_file)
    page.locator("#view").select_option("overlap")
    page.wait_for_selector("body[data-view=overlap]")
    drawn = page.evaluate(
        """(() => { const g = window.orgkgExplorer.renderer.getGraph(), out = [];
        g.forEachEdge((k, a, s, t, sa, ta) => out.push(
            [window.orgkgExplorer.idOf(sa.i), window.orgkgExplorer.idOf(ta.i), a.weight]));
        return out; })()"""
    )
    # Shared members are members that hold (active or suspended) on the day.
    G = membership_graph(on_day(spans(corpus.store), ON), ON)
    G.remove_edges_from(
        [
            (u, v, k)
            for u, v, k, a in G.edges(keys=True, data=True)
            if a["status"] not in HOLDING
        ]
    )
    want = {(a, b): w for a, b, w in overlap(G)}
    got = {(min(a, b), max(a, b)): w for a, b, w in drawn}
    assert got == want
    assert _shown(page) <= set(G)
    # The weight filter keeps only pairs sharing that many members.
    page.locator("#weight").fill("5")
    page.locator("#weight").dispatch_event("input")
    page.wait_for_timeout(100)
    edges = int(page.locator("body").get_attribute("data-edges"))
    assert edges == sum(w >= 5 for w in want.values())
    page.close()


def test_ego_view_hops_and_double_click(
    browser: Any, page_file: Path, corpus: Graphs
) -> None:
    page = _open(browser, page_file)
    page.locator("#search").fill("SELEC")
    page.locator("#search").press("Enter")
    page.wait_for_selector(f"body[data-selected='{SELEC}']")
    page.locator("#view").select_option("ego")
    page.wait_for_selector("body[data-view=ego]")
    G = _day_graph(corpus, ON)
    assert _shown(page) == set(ego(G, SELEC, 1))
    page.locator("#hops").select_option("2")
    page.wait_for_timeout(100)
    assert _shown(page) == set(ego(G, SELEC, 2))
    assert OSCE in _shown(page)
    # A double-click on a node makes it the centre.
    croatia = "https://w3id.org/orgkg/id/state/HRV"
    page.locator("#hops").select_option("1")
    page.wait_for_timeout(100)
    page.wait_for_timeout(400)  # the camera's fit
    x, y = page.evaluate(f"window.orgkgExplorer.viewportOf('{croatia}')").values()
    box = page.locator("#graph").bounding_box()
    page.mouse.dblclick(box["x"] + x, box["y"] + y)
    page.wait_for_selector(f"body[data-selected='{croatia}']")
    assert _shown(page) == set(ego(G, croatia, 1))
    page.close()


def test_filters_by_kind_degree_and_colours_by_community(
    browser: Any, page_file: Path, corpus: Graphs
) -> None:
    page = _open(browser, page_file)
    G = _day_graph(corpus, ON)
    page.locator("#degree").fill("10")
    page.locator("#degree").dispatch_event("input")
    page.wait_for_timeout(100)
    assert _shown(page) == {n for n in G if G.degree(n) >= 10}
    page.locator("#degree").fill("1")
    page.locator("#degree").dispatch_event("input")
    page.locator("#kinds input[data-kind-name=State]").uncheck()
    page.wait_for_timeout(100)
    kinds = page.evaluate(
        "window.orgkgExplorer.shown().map(window.orgkgExplorer.kindOf)"
    )
    assert kinds
    assert "State" not in kinds
    page.locator("#kinds input[data-kind-name=State]").check()
    page.locator("#colour").select_option("community")
    page.wait_for_timeout(100)
    colours = page.evaluate(
        """window.orgkgExplorer.shown().map(id =>
            window.orgkgExplorer.renderer.getNodeDisplayData(
                String(window.orgkgExplorer.indexOf(id))).color)"""
    )
    assert len(set(colours)) >= 3
    assert page.locator("#communities div").count() >= 3
    page.close()


def test_injected_markup_does_not_run(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "x.html"
    write_explorer(hostile_graph(), path, title="T " + HOSTILE, as_of=ON)
    page = _open(browser, path)
    page.evaluate("window.orgkgExplorer.select('urn:s')")
    assert page.evaluate("window.__pwned === undefined")
    details = page.locator("#details").inner_text()
    assert "State <script>window.__pwned = 1</script>" in details
    assert "doc </script><b>bold</b>" in details
    assert page.locator("#details b, #details img, #details script").count() == 0
    assert [u for u in page.requests if u != path.as_uri()] == []
    page.close()
