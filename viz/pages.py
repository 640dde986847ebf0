"""What the two explorer pages share: their files, templates and inlining.

``viz.html`` (vis-network, small offline files) and ``viz.explorer`` (WebGL)
render their pages from ``viz/templates`` with Jinja2 (autoescape on) and
inline their files into offline pages; the server serves the same files at
``/static/viz/NAME`` (``asset``).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources

import jinja2

__all__ = ["asset", "entity_link", "environment", "inliner"]

#: The explorers' files: name -> (package, path). vis-network comes from
#: pyvis's own package; sigma.js and graphology are vendored in ``vendor/``.
_ASSETS: dict[str, tuple[str, str]] = {
    "util.js": ("viz", "templates/util.js"),
    "network.js": ("viz", "templates/network.js"),
    "network.css": ("viz", "templates/network.css"),
    "vis-network.min.js": ("pyvis", "templates/lib/vis-9.1.2/vis-network.min.js"),
    "vis-network.css": ("pyvis", "templates/lib/vis-9.1.2/vis-network.css"),
    "explorer.js": ("viz", "templates/explorer.js"),
    "explorer.css": ("viz", "templates/explorer.css"),
    "sigma.min.js": ("viz", "vendor/sigma.min.js"),
    "graphology.umd.min.js": ("viz", "vendor/graphology.umd.min.js"),
}


def asset(name: str) -> bytes | None:
    """A file of the explorers by name (``sigma.min.js``, ...), or ``None``.

    Read with ``importlib.resources`` so it works from an installed wheel.

    Examples:
        >>> asset("sigma.min.js")[:10]
        b'(function('
        >>> asset("../pages.py") is None
        True
    """
    where = _ASSETS.get(name)
    if where is None:
        return None
    package, path = where
    return resources.files(package).joinpath(path).read_bytes()


def entity_link(iri: str) -> str:
    """A node's page in an offline file: its IRI when that is a web address.

    Examples:
        >>> entity_link("https://w3id.org/orgkg/id/org/selec"), entity_link("urn:x")
        ('https://w3id.org/orgkg/id/org/selec', '')
    """
    return iri if iri.startswith(("http://", "https://")) else ""


def environment() -> jinja2.Environment:
    """The Jinja2 environment of ``viz/templates``: autoescape, strict names."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("viz", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def inliner(read: Callable[[str], bytes | None]) -> Callable[[str], str]:
    """A template function that inlines a package file read by ``read``.

    Our own files go in verbatim (autoescape would break a script); one that
    could close its ``<script>`` or ``<style>`` element is refused.

    Examples:
        >>> inliner(lambda name: b"var a = 1;")("a.js")
        'var a = 1;'
        >>> inliner(lambda name: b"'</script>'")("b.js")
        Traceback (most recent call last):
        ...
        ValueError: b.js cannot be inlined: it closes its element
    """

    def inline(name: str) -> str:
        text = (read(name) or b"").decode("utf-8")
        if "</script" in text.lower() or "</style" in text.lower():
            raise ValueError(f"{name} cannot be inlined: it closes its element")
        return text

    return inline
