"""The pages in headless Chromium (Debian package), driven by Playwright.

Needs /usr/bin/chromium and the playwright package; ``.ci/run`` installs both.
Outside CI, the tests skip when either is missing.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import chromium, require_chromium
from tests.test_viz.test_html import HOSTILE, hostile_graph
from viz.html import network_page, write_page

require_chromium()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def _open(browser: object, page_path: Path) -> tuple[object, list[str]]:
    page = browser.new_page()  # type: ignore[attr-defined]
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_path.as_uri())
    page.wait_for_selector("body[data-rendered=true]", timeout=15000)
    return page, requests


def test_network_page_renders_offline(
    browser: object, tmp_path: Path, network: object
) -> None:
    path = tmp_path / "n.html"
    write_page(network_page(network, "Memberships"), path)  # type: ignore[arg-type]
    page, requests = _open(browser, path)
    assert [u for u in requests if u != path.as_uri()] == []
    assert page.title() == "Memberships"  # type: ignore[attr-defined]
    assert page.locator("canvas").count() >= 1  # type: ignore[attr-defined]
    assert page.locator("#node-filters input").count() == 3  # type: ignore[attr-defined]


def test_injected_markup_does_not_run(browser: object, tmp_path: Path) -> None:
    path = tmp_path / "x.html"
    write_page(network_page(hostile_graph(), "Title " + HOSTILE), path)
    page, requests = _open(browser, path)
    page.evaluate("window.orgkgShowNode('urn:s')")  # type: ignore[attr-defined]
    assert page.evaluate("window.__pwned === undefined")  # type: ignore[attr-defined]
    details = page.locator("#details").inner_text()  # type: ignore[attr-defined]
    assert "State <script>window.__pwned = 1</script>" in details
    assert "doc </script><b>bold</b>" in details
    assert page.locator("#details b, #details img, #details script").count() == 0  # type: ignore[attr-defined]
    assert [u for u in requests if u != path.as_uri()] == []


def test_filters_hide_nodes(browser: object, tmp_path: Path, network: object) -> None:
    path = tmp_path / "f.html"
    write_page(network_page(network, "t"), path)  # type: ignore[arg-type]
    page, _ = _open(browser, path)
    page.locator("#node-filters input[data-kind=State]").uncheck()  # type: ignore[attr-defined]
    hidden = page.evaluate(  # type: ignore[attr-defined]
        "window.orgkgNetwork.body.data.nodes.get().filter(n => n.hidden).length"
    )
    states = [n for n in network if network.nodes[n]["kind"] == "State"]  # type: ignore[attr-defined]
    assert hidden == len(states)
