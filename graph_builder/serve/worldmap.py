"""An offline world map: country shapes as SVG paths, keyed by ISO 3166-1 alpha-3.

The shapes are Natural Earth's 1:50m countries as packaged by the npm
``world-atlas`` (vendored in ``static/vendor/world_atlas``). Decoding its
TopoJSON and projecting it is written here: about sixty lines, where a GIS
stack (geopandas, shapely, pyproj) would be a heavy dependency for one
drawing. The paths are computed once per process and rounded to the pixel of
a 960-pixel-wide map, which keeps the page small (the rounding also drops the
detail no one sees at that size).
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pycountry

__all__ = ["WIDTH", "Shape", "figure", "shapes", "viewbox"]

#: The map's width in SVG units.
WIDTH = 960
#: Outlines from the 1:110m file; the 1:50m file places the small states the
#: coarser one leaves out (Malta, Monaco, Singapore ...) as dots.
_OUTLINES = ("vendor", "world_atlas", "countries-110m.json")
_DETAIL = ("vendor", "world_atlas", "countries-50m.json")
#: Shapes world-atlas gives no ISO numeric code, by name: codes in common use.
_UNCODED = {"Kosovo": "XKX"}
#: Left out: Antarctica takes a fifth of the map and is in no organisation.
_LEFT_OUT = {"010"}

# Equal Earth (Šavrič, Patterson and Jenny, 2018): equal-area, so a large
# member does not look larger than it is.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def _equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth x, y of a longitude and latitude (degrees), unscaled."""
    theta = math.asin(_M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (
        2
        * math.sqrt(3)
        * math.radians(lon)
        * math.cos(theta)
        / (3 * (9 * _A4 * t6 * t2 + 7 * _A3 * t6 + 3 * _A2 * t2 + _A1))
    )
    y = theta * (_A4 * t6 * t2 * t2 + _A3 * t6 * t2 + _A2 * t2 + _A1)
    return x, y


_X_MAX = _equal_earth(180, 0)[0]
_Y_MAX = _equal_earth(0, 90)[1]
_SCALE = WIDTH / (2 * _X_MAX)


#: The map's shape (width to height) and the smallest part of the world it
#: zooms to (a quarter of the width).
_ASPECT = 2.0
_MIN_WIDTH = WIDTH / 4


def viewbox(isos: Iterable[str] = ()) -> str:
    """The SVG viewBox around the states ``isos`` (padded), or the world.

    The world runs from 84 degrees north (the Arctic islands) to 57 south
    (below Tierra del Fuego; Antarctica is left out).

    Examples:
        >>> viewbox() == viewbox(["nowhere"])
        True
        >>> float(viewbox(["HRV", "SVN"]).split()[2]) < WIDTH
        True
    """
    top, bottom = _point(0, 84)[1], _point(0, -57)[1]
    world = (0.0, float(top), float(WIDTH), float(bottom))
    boxes = [s.box for s in shapes() if s.iso in set(isos)]
    if not boxes:
        x0, y0, x1, y1 = world
    else:
        x0 = min(b[0] for b in boxes)
        y0 = min(b[1] for b in boxes)
        x1 = max(b[2] for b in boxes)
        y1 = max(b[3] for b in boxes)
        pad = 0.15 * max(x1 - x0, y1 - y0) + 10
        x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    width = max(x1 - x0, (y1 - y0) * _ASPECT, _MIN_WIDTH)
    width = min(width, WIDTH)
    height = width / _ASPECT
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    left = min(max(cx - width / 2, world[0]), world[2] - width)
    up = min(max(cy - height / 2, world[1]), max(world[1], world[3] - height))
    return f"{left:.0f} {up:.0f} {width:.0f} {height:.0f}"


def _point(lon: float, lat: float) -> tuple[int, int]:
    x, y = _equal_earth(lon, lat)
    return round((x + _X_MAX) * _SCALE), round((_Y_MAX - y) * _SCALE)


@dataclass(frozen=True)
class Shape:
    """A country's outline, or a dot for a small one.

    Attributes:
        iso: ISO 3166-1 alpha-3 code, or "" for a shape without one.
        d: SVG path data ("" for a dot).
        dot: The dot's centre, for a state too small to draw.
    """

    iso: str
    name: str
    d: str
    dot: tuple[float, float] | None = None
    box: tuple[float, float, float, float] = (0, 0, 0, 0)


def _arcs(topology: dict[str, object]) -> list[list[tuple[float, float]]]:
    """The topology's arcs in degrees (TopoJSON stores them delta-encoded)."""
    transform = topology["transform"]
    assert isinstance(transform, dict)
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    out = []
    for arc in topology["arcs"]:  # type: ignore[attr-defined]
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> str:
    """One ring's path: its arcs joined, projected, rounded, repeats dropped."""
    points: list[tuple[int, int]] = []
    last = None
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        for lon, lat in arc:
            # A ring across the 180th meridian (Chukotka, Fiji) stays on one
            # side, running off the map's edge, instead of striping the map.
            if last is not None:
                lon += 360 * round((last - lon) / 360)
            last = lon
            p = _point(lon, lat)
            if not points or points[-1] != p:
                points.append(p)
    if len(set(points)) < 3:
        return ""
    # Relative moves after the first point: shorter text for the same path.
    steps = "".join(
        f"l{x - px} {y - py}" for (px, py), (x, y) in itertools.pairwise(points)
    )
    return f"M{points[0][0]} {points[0][1]}{steps}z"


def _extent(
    arcs: list[list[tuple[float, float]]], polygons: list[list[list[int]]]
) -> tuple[float, float, float, float]:
    """Projected (x0, y0, x1, y1) of a shape's outer rings."""
    xs, ys = [], []
    for polygon in polygons:
        for i in polygon[0]:
            for lon, lat in arcs[i if i >= 0 else ~i]:
                x, y = _point(lon, lat)
                xs.append(x)
                ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def _main_box(
    arcs: list[list[tuple[float, float]]], polygons: list[list[list[int]]]
) -> tuple[float, float, float, float]:
    """The extent of a shape's largest polygon (its mainland, for zooming)."""
    largest = max(
        polygons, key=lambda poly: sum(len(arcs[i if i >= 0 else ~i]) for i in poly[0])
    )
    return _extent(arcs, [largest])


def _read(
    parts: tuple[str, ...],
) -> tuple[list[list[tuple[float, float]]], list[dict[str, object]]]:
    path = resources.files("graph_builder.serve").joinpath("static", *parts)
    topology = json.loads(path.read_text(encoding="utf-8"))
    return _arcs(topology), topology["objects"]["countries"]["geometries"]


def _polygons(g: dict[str, object]) -> list[list[list[int]]]:
    arcs = g.get("arcs", [])
    return [arcs] if g["type"] == "Polygon" else arcs  # type: ignore[list-item,return-value]


def _iso(g: dict[str, object]) -> str:
    code = str(g.get("id") or "")
    name = str(g["properties"]["name"])  # type: ignore[index]
    country = pycountry.countries.get(numeric=code) if code else None
    return country.alpha_3 if country else _UNCODED.get(name, "")


@lru_cache(maxsize=1)
def shapes() -> tuple[Shape, ...]:
    """Every country's shape, once per process.

    Examples:
        >>> found = {s.iso: s for s in shapes()}
        >>> found["HRV"].name, found["HRV"].d[:1]
        ('Croatia', 'M')
        >>> "ATA" in found
        False
        >>> found["MLT"].dot is not None  # too small to draw: a dot
        True
    """
    arcs, geometries = _read(_OUTLINES)
    out, drawn = [], set()
    for g in geometries:
        if g.get("id") in _LEFT_OUT:
            continue
        d = "".join(_ring(arcs, ring) for poly in _polygons(g) for ring in poly)
        iso = _iso(g)
        if d:
            name = str(g["properties"]["name"])  # type: ignore[index]
            out.append(Shape(iso, name, d, box=_main_box(arcs, _polygons(g))))
            drawn.add(iso)
    fine_arcs, fine = _read(_DETAIL)
    for g in fine:
        iso = _iso(g)
        if not iso or iso in drawn or g.get("id") in _LEFT_OUT:
            continue
        # The dot sits on the largest island (a state across the 180th
        # meridian, like Kiribati, has no useful overall centre).
        box = _main_box(fine_arcs, _polygons(g))
        name = str(g["properties"]["name"])  # type: ignore[index]
        centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        out.append(Shape(iso, name, "", centre, box))
    return tuple(out)


def figure(
    marks: dict[str, tuple[str, str, str]],
    legend: list[tuple[str, str]],
    missing: Iterable[object] = (),
) -> dict[str, object]:
    """What the page's map macro draws: shapes, marks, the view and its legend.

    Args:
        marks: ISO alpha-3 -> (CSS class, tooltip, page link).
        legend: (CSS class, words) per colour.
        missing: Rows the map cannot place, listed under it.
    """
    return {
        "shapes": shapes(),
        "marks": marks,
        "viewbox": viewbox(marks),
        "missing": list(missing),
        "legend": legend,
    }
