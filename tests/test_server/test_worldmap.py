"""The offline world map: shapes from the vendored world-atlas, marks per member."""

import re

from graph_builder.serve.worldmap import WIDTH, shapes, viewbox
from tests.test_server.test_endpoint import get


def test_shapes_are_keyed_by_iso_and_never_stripe_the_map() -> None:
    found = {s.iso: s for s in shapes() if s.iso}
    # Large states are outlines, small ones dots; Kosovo has no ISO numeric code.
    assert found["RUS"].d
    assert found["XKX"].d
    assert found["MCO"].dot is not None
    assert found["SGP"].dot is not None
    for s in shapes():
        steps = [int(dx) for dx in re.findall(r"l(-?\d+) ", s.d)]
        # A ring across the 180th meridian would jump the whole width.
        assert all(abs(dx) < WIDTH / 2 for dx in steps), s.name
    _, top, width, height = (int(v) for v in viewbox().split())
    assert width == WIDTH
    assert 0 < top < height


def test_organisation_page_colours_members_by_what_sources_say(base: str) -> None:
    _, _, body = get(f"{base}/id/org/selec?as_of=2012-06-04", {"Accept": "text/html"})
    page = body.decode()
    figure = page[page.index('<figure class="worldmap"') :]
    figure = figure[: figure.index("</figure>")]
    marks = dict(re.findall(r'<a href="/id/state/(\w+)" class="(\w+)">', figure))
    assert marks["HRV"] == marks["SVN"] == "disputed"
    assert marks["ALB"] == marks["TUR"] == "member"
    assert len(marks) == 13
    assert "Croatia: active, listed by 1 of 2 sources" in figure
    # Nothing is loaded from elsewhere: the shapes are in the page.
    assert "http" not in figure.replace("http://www.w3.org/2000/svg", "")
