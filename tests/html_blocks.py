"""The JSON data blocks of a page (``<script id=... type="application/json">``)."""

from __future__ import annotations

import json
import re
from typing import Any


def json_block(page: str | bytes, block: str) -> Any:
    """The JSON in the page's ``<script id="BLOCK" type="application/json">``."""
    text = page.decode() if isinstance(page, bytes) else page
    match = re.search(
        rf'<script id="{block}" type="application/json">(.*?)</script>', text, re.S
    )
    assert match is not None, f"no #{block} block"
    return json.loads(match.group(1))
