"""The web UI in headless Chromium: run a named query from its form, browse an entity."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip(
        "Debian chromium is not installed (apt-get install chromium)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
]


@pytest.fixture(scope="module")
def page(base: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_page()
        requests: list[str] = []
        pg.on("request", lambda r: requests.append(r.url))
        pg.requests = requests
        yield pg
        browser.close()


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
