"""The pages in headless Chromium (Debian package), driven by Playwright.

Needs /usr/bin/chromium and the playwright package; ``.ci/run`` installs both.
Outside CI, the tests skip when either is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph_builder.query.spans import memberships, names, spans
from tests.browser import chromium, require_chromium
from tests.conftest import Graphs
from tests.test_viz.test_html import HOSTILE, hostile_graph
from viz.html import network_page, write_page
from viz.metrics import ego
from viz.project import span_graph

require_chromium()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def _open(browser: Any, page_path: Path) -> tuple[Any, list[str]]:
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_path.as_uri())
    page.wait_for_selector("body[data-rendered=true]", timeout=15000)
    return page, requests


def test_network_page_renders_offline(
    browser: Any, tmp_path: Path, network: nx.MultiDiGraph[str]
) -> None:
    path = tmp_path / "n.html"
    write_page(network_page(network, "Memberships"), path)
    page, requests = _open(browser, path)
    assert [u for u in requests if u != path.as_uri()] == []
    assert page.title() == "Memberships"
    assert page.locator("canvas").count() >= 1
    assert page.locator("#node-filters input").count() == 3


def test_injected_markup_does_not_run(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "x.html"
    write_page(network_page(hostile_graph(), "Title " + HOSTILE), path)
    page, requests = _open(browser, path)
    page.evaluate("window.orgkgShowNode('urn:s')")
    assert page.evaluate("window.__pwned === undefined")
    details = page.locator("#details").inner_text()
    assert "State <script>window.__pwned = 1</script>" in details
    assert "doc </script><b>bold</b>" in details
    assert page.locator("#details b, #details img, #details script").count() == 0
    assert [u for u in requests if u != path.as_uri()] == []


def test_filters_hide_nodes(
    browser: Any, tmp_path: Path, network: nx.MultiDiGraph[str]
) -> None:
    path = tmp_path / "f.html"
    write_page(network_page(network, "t"), path)
    page, _ = _open(browser, path)
    page.locator("#node-filters input[data-kind=State]").uncheck()
    hidden = page.evaluate(
        "window.orgkgNetwork.body.data.nodes.get().filter(n => n.hidden).length"
    )
    states = [n for n in network if network.nodes[n]["kind"] == "State"]
    assert hidden == len(states)


# -- the explorer over every date ------------------------------------------------

SELEC = "https://w3id.org/orgkg/id/org/selec"
OSCE = "https://w3id.org/orgkg/id/org/osce"
CROATIA = "https://w3id.org/orgkg/id/state/HRV"


@pytest.fixture(scope="module")
def over_time(corpus: Graphs) -> nx.MultiDiGraph[str]:
    return span_graph(spans(corpus.store))


def _drawn_edges(page: Any) -> set[tuple[str, str, str, str]]:
    rows = page.evaluate(
        "window.orgkgNetwork.body.data.edges.get({filter: e => !e.hidden})"
        ".map(e => [e.from, e.to, e.role, e.status])"
    )
    return {tuple(r) for r in rows}


def _set_day(page: Any, day: date) -> None:
    first = date.fromisoformat(
        page.evaluate(
            "JSON.parse(document.getElementById('orgkg-data').textContent).first_day"
        )
    )
    page.locator("#date-slider").fill(str((day - first).days))
    # Selectors, not wait_for_function: the page's CSP forbids eval.
    page.wait_for_selector(f"body[data-day='{day.isoformat()}']")


def test_date_slider_redraws_the_memberships_of_the_day(
    browser: Any, tmp_path: Path, corpus: Graphs, over_time: nx.MultiDiGraph[str]
) -> None:
    path = tmp_path / "t.html"
    net = network_page(over_time, "t", names=names(corpus.store))
    write_page(net, path, as_of=date(2012, 6, 4))
    page, requests = _open(browser, path)
    first = date.fromisoformat(
        page.evaluate(
            "JSON.parse(document.getElementById('orgkg-data').textContent).first_day"
        )
    )
    seen = set()
    for day in (date(2012, 6, 4), first, date(2012, 9, 10), date.today()):
        _set_day(page, day)
        want = {
            (m.member, m.org, m.role, m.status) for m in memberships(corpus.store, day)
        }
        assert _drawn_edges(page) == want, day
        # A node is drawn when it has a membership that day.
        drawn = set(
            page.evaluate(
                "window.orgkgNetwork.body.data.nodes.get({filter: n => !n.hidden})"
                ".map(n => n.id)"
            )
        )
        assert drawn == {n for edge in want for n in edge[:2]}, day
        seen.add(len(want))
    assert len(seen) > 1  # the days differ
    assert [u for u in requests if u != path.as_uri()] == []


def test_search_by_acronym_alias_or_code_with_suggestions(
    browser: Any, tmp_path: Path, corpus: Graphs, over_time: nx.MultiDiGraph[str]
) -> None:
    path = tmp_path / "s.html"
    write_page(network_page(over_time, "t", names=names(corpus.store)), path)
    page, _ = _open(browser, path)
    options = page.locator("#search-names option").evaluate_all(
        "os => os.map(o => o.value)"
    )
    assert "SELEC (Southeast European Law Enforcement Center)" in options
    for text, iri in (("SELEC", SELEC), ("selec", SELEC), ("HRV", CROATIA)):
        page.locator("#search").fill(text)
        page.locator("#search").press("Enter")
        page.wait_for_selector(f"body[data-selected='{iri}']")
        assert page.evaluate("window.orgkgNetwork.getSelectedNodes()") == [iri]
    assert "Croatia" in page.locator("#details").inner_text()
    page.locator("#search").fill("Atlantis")
    page.locator("#search").press("Enter")
    assert "Atlantis" in page.locator("#search-status").inner_text()


def test_labels_of_organisations_are_readable_at_first_sight(
    browser: Any, tmp_path: Path, corpus: Graphs, over_time: nx.MultiDiGraph[str]
) -> None:
    path = tmp_path / "l.html"
    write_page(network_page(over_time, "t"), path)
    page, _ = _open(browser, path)
    scale = page.evaluate("window.orgkgNetwork.getScale()")
    threshold = page.evaluate(
        "JSON.parse(document.getElementById('orgkg-data').textContent)"
        ".options.nodes.scaling.label.drawThreshold"
    )
    nodes = page.evaluate(
        "window.orgkgNetwork.body.data.nodes.get({filter: n => !n.hidden})"
    )
    orgs = sorted(
        (n for n in nodes if n["kind"] != "State"), key=lambda n: -int(n["value"])
    )
    busy = orgs[:30]
    assert len(busy) > 5
    # The busiest organisations' labels are drawn at >= threshold px.
    small = [
        (n["label"], n["font"]["size"] * scale)
        for n in busy
        if n["font"]["size"] * scale < threshold
    ]
    assert small == []


def _double_click(page: Any, node: str) -> None:
    x, y = page.evaluate(
        f"(() => {{ const n = window.orgkgNetwork;"
        f" const p = n.canvasToDOM(n.getPositions(['{node}'])['{node}']);"
        f" const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();"
        f" return [r.left + p.x, r.top + p.y]; }})()"
    )
    page.mouse.dblclick(x, y)


def test_double_click_brings_in_the_neighbours(
    browser: Any, tmp_path: Path, over_time: nx.MultiDiGraph[str]
) -> None:
    path = tmp_path / "x.html"
    visible = list(ego(over_time, SELEC, 1))
    write_page(
        network_page(over_time, "t"),
        path,
        as_of=date(2012, 6, 4),
        focus=SELEC,
        visible=visible,
    )
    page, requests = _open(browser, path)
    hidden = "window.orgkgNetwork.body.data.nodes.get('{}').hidden"
    assert page.evaluate(hidden.format(CROATIA)) is False
    assert page.evaluate(hidden.format(OSCE)) is True
    page.evaluate(f"window.orgkgNetwork.focus('{CROATIA}', {{scale: 1.5}})")
    _double_click(page, CROATIA)
    page.wait_for_selector("body[data-expanded='1']")
    assert page.evaluate(hidden.format(OSCE)) is False
    assert page.evaluate("document.body.dataset.selected") == CROATIA
    assert [u for u in requests if u != path.as_uri()] == []
