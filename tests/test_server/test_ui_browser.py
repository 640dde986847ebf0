"""The web UI in headless Chromium: run a named query from its form, browse an entity."""

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import chromium, require_chromium

require_chromium()


@pytest.fixture(scope="module")
def page(base: str) -> Iterator[Any]:
    with chromium() as browser:
        pg = browser.new_page()
        requests: list[str] = []
        pg.on("request", lambda r: requests.append(r.url))
        pg.requests = requests
        yield pg


def test_run_every_named_query_from_its_form(page: Any, base: str, server: Any) -> None:
    values = {
        "org": "SELEC",
        "org_a": "SELEC",
        "org_b": "NATO",
        "state": "Greece",
        "as_of": "2012-06-04",
    }
    for name, query in server.library.items():
        page.goto(f"{base}/query")
        form = page.locator(f"#q-{name}")
        for p in query.params:
            if p.type != "role":
                form.locator(f"input[name={p.name}]").fill(values[p.name])
        form.locator("button").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == name, name
        assert page.locator("p.muted").first.inner_text().endswith("rows"), name
    assert all(u.startswith(base) for u in page.requests)


def test_browse_from_query_to_entity(page: Any, base: str) -> None:
    page.goto(
        f"{base}/query/members_of_organisation?org=SELEC&role=member&as_of=2012-06-04"
    )
    page.locator("a", has_text="state/HRV").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Croatia"
