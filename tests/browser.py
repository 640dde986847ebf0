"""Headless Chromium (Debian package) for page tests, driven by Playwright.

``.ci/run`` installs chromium; under CI the tests fail rather than skip when it
is missing. Locally they skip with a clear reason.
"""

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # WebGL (the explorer) on the software renderer: no GPU here.
    "--enable-unsafe-swiftshader",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip the calling test module when Chromium is missing (never under CI)."""
    if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
        pytest.skip(
            "Debian chromium is not installed (apt-get install chromium)",
            allow_module_level=True,
        )


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched headless Chromium browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
