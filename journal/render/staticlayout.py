"""Where everything of the static map goes: the route and Natural Earth's land, coastlines
and borders projected to the pixels of one image (staticmap.py draws it as SVG and PNG).

The projection is Web Mercator (x from longitude, y from the Mercator latitude), the one the
tiles of the live map use, so the line keeps the shape the reader sees on the live map. The
route is fitted below the title band and simplified to half a pixel; the base map keeps what
can reach the image, and skips the rest before projecting it (basemap.py's bounds).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from journal.core import geo
from journal.core.route import LegKind, Route, RoutePoint, Segment
from journal.enrich.route import simplify
from journal.render import basemap
from journal.render.colors import day_style

WIDTH, HEIGHT = 1200, 630  # the size social sites and feed readers expect for a preview
TITLE_BAND = 84  # pixels at the top kept for the title
MARGIN = 48
MIN_SPAN = 2e-5  # of the world's width, about 800 m: a single spot is not blown up to a blur
EQUATOR_M = 40_075_016.7  # the world's width in Web Mercator, in metres at the equator
SIMPLIFY_PX = 0.5  # a vertex that moves the line by less than this is not worth its bytes


def mercator(lat: float, lon: float) -> tuple[float, float]:
    """Web Mercator in world units: x and y in [0, 1], y growing southwards like tiles."""
    mx, my = geo.mercator(lat, lon)
    world = 2 * math.pi * geo.MERCATOR_RADIUS_M
    return 0.5 + mx / world, 0.5 - my / world


@dataclass(frozen=True)
class Line:
    """One leg of the route in image pixels, with its day's colour and pattern (the dash
    array of a day past the palette's twelve, "" solid) and its kind."""

    color: str
    points: tuple[tuple[float, float], ...]
    kind: LegKind = LegKind.RECORDED
    dash: str = ""


@dataclass(frozen=True)
class Layout:
    """Everything both images draw, already projected to pixels of a WIDTH x HEIGHT image."""

    title: str
    lines: tuple[Line, ...]
    start: tuple[float, float] | None
    end: tuple[float, float] | None
    width: int = WIDTH
    height: int = HEIGHT
    land: tuple[tuple[tuple[float, float], ...], ...] = ()
    coasts: tuple[tuple[tuple[float, float], ...], ...] = ()
    borders: tuple[tuple[tuple[float, float], ...], ...] = ()
    legend: tuple[tuple[str, str, str], ...] = ()  # (label, colour, dash array) per day


def layout(
    route: Route,
    title: str,
    width: int = WIDTH,
    height: int = HEIGHT,
    *,
    cull: bool = True,
    band: int = TITLE_BAND,
    margin: int = MARGIN,
    focus: dt.date | None = None,
) -> Layout:
    """Fit the route in the image below a band of `band` pixels (the title's), keeping
    Mercator's aspect ratio.

    `cull` skips the coastlines and borders that cannot reach the image before projecting
    them: the same drawing, several times faster (False draws from the whole world).
    `focus` fits the image to one day's lines (a book's day map); the other days are drawn
    too, where they pass, in their own colours, and start and end are the day's."""
    segments = [s for s in route.segments if s.points]
    fitted = [s for s in segments if s.day == focus] or segments
    west = geo.lon_window(p.lon for s in segments for p in s.points)
    flat = [xy for s in fitted for xy in _projected(s.points, west)]
    if not flat:
        return Layout(title, (), None, None, width, height)
    xs, ys = [x for x, _ in flat], [y for _, y in flat]
    span_x = max(max(xs) - min(xs), MIN_SPAN)
    span_y = max(max(ys) - min(ys), MIN_SPAN)
    box_w, box_h = width - 2 * margin, height - band - 2 * margin
    scale = min(box_w / span_x, box_h / span_y)
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    centre_x, centre_y = width / 2, band + margin + box_h / 2

    def pixel(xy: tuple[float, float]) -> tuple[float, float]:
        return (
            round(centre_x + (xy[0] - mid_x) * scale, 1),
            round(centre_y + (xy[1] - mid_y) * scale, 1),
        )

    # Half a pixel in metres at the route's middle latitude: Mercator shrinks metres by cos.
    mid_lat = sum(p.lat for s in fitted for p in s.points) / len(flat)
    tolerance_m = SIMPLIFY_PX * EQUATOR_M * math.cos(math.radians(mid_lat)) / scale
    lines = _lines(route, segments, pixel, tolerance_m, west)
    lonlat = _unpixel(mid_x, mid_y, centre_x, centre_y, scale) if cull else None
    base = _base_map(pixel, lonlat, width, height)
    ends = [line for line, s in zip(lines, segments, strict=True) if focus in (None, s.day)]
    ends = ends or list(lines)
    start, end = ends[0].points[0], ends[-1].points[-1]
    return Layout(title, lines, start, end, width, height, *base, legend=_legend(route))


def _projected(points: Sequence[RoutePoint], west: float) -> list[tuple[float, float]]:
    """A line in world units, its longitudes in the window from `west`, the short way."""
    lons = geo.unwrapped((p.lon for p in points), west)
    return [mercator(p.lat, lon) for p, lon in zip(points, lons, strict=True)]


def _lines(
    route: Route,
    segments: list[Segment],
    pixel: Callable[[tuple[float, float]], tuple[float, float]],
    tolerance_m: float,
    west: float,
) -> tuple[Line, ...]:
    """Each segment in its day's colour and pattern (the live map's), simplified, in pixels."""
    day_index = {day: i for i, day in enumerate(route.days)}
    return tuple(
        Line(
            day_style(day_index[s.day]).color,
            tuple(pixel(xy) for xy in _projected(simplify(s.points, tolerance_m), west)),
            s.kind,
            day_style(day_index[s.day]).dash,
        )
        for s in segments
    )


def _legend(route: Route) -> tuple[tuple[str, str, str], ...]:
    """(day number, colour, dash array) of each day of the route."""
    first = route.days[0]
    return tuple(
        (str((day - first).days + 1), day_style(i).color, day_style(i).dash)
        for i, day in enumerate(route.days)
    )


def _unpixel(
    mid_x: float, mid_y: float, centre_x: float, centre_y: float, scale: float
) -> Callable[[float, float], tuple[float, float]]:
    """The inverse of `layout`'s pixel(): (lon, lat) of an image position."""

    def lonlat(x: float, y: float) -> tuple[float, float]:
        world_x, world_y = mid_x + (x - centre_x) / scale, mid_y + (y - centre_y) / scale
        world = 2 * math.pi * geo.MERCATOR_RADIUS_M
        lat, _ = geo.unmercator(0.0, (0.5 - world_y) * world)
        return world_x * 360 - 180, lat

    return lonlat


def _base_map(
    pixel: Callable[[tuple[float, float]], tuple[float, float]],
    lonlat: Callable[[float, float], tuple[float, float]] | None,
    width: int,
    height: int,
) -> tuple[tuple[tuple[tuple[float, float], ...], ...], ...]:
    """Land rings, coastlines and borders in view, projected like the route; `lonlat`, the
    inverse of `pixel`, tells what lies far out of view (None: look at everything). The world
    is also drawn a turn east and a turn west, as Leaflet draws it: a route framed across the
    antimeridian has New Zealand and Chile on either side of it."""
    box = (-20.0, -20.0, width + 20.0, height + 20.0)  # a margin: no edge drawn in view
    near = None
    if lonlat is not None:
        # What can land in the box, a few pixels wider (pixels are rounded); at a clamped
        # edge, everything past it too, since the projection puts it on the edge.
        west, north = lonlat(box[0] - 4, box[1] - 4)
        east, south = lonlat(box[2] + 4, box[3] + 4)
        north = 90.0 if north >= geo.MERCATOR_MAX_LAT else north
        south = -90.0 if south <= -geo.MERCATOR_MAX_LAT else south
        near = (west, south, east, north)
    land: list[tuple[tuple[float, float], ...]] = []
    coasts: list[tuple[tuple[float, float], ...]] = []
    borders: list[tuple[tuple[float, float], ...]] = []
    for turn in (-360.0, 0.0, 360.0):
        seen = None if near is None else (near[0] - turn, near[1], near[2] - turn, near[3])
        if seen is not None and (seen[2] < -180.0 or seen[0] > 180.0):
            continue  # this copy of the world is out of view

        def project(point: tuple[float, float], turn: float = turn) -> tuple[float, float]:
            lat = max(min(point[1], geo.MERCATOR_MAX_LAT), -geo.MERCATOR_MAX_LAT)
            return pixel(mercator(lat, point[0] + turn))

        land += [tuple(r) for r in basemap.land(project, box, seen)]
        coasts += [tuple(c) for c in basemap.lines(project, box, shared=False, near=seen)]
        borders += [tuple(b) for b in basemap.lines(project, box, shared=True, near=seen)]
    return tuple(land), tuple(coasts), tuple(borders)
