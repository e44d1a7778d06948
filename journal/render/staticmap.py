"""The static route map: the route drawn as an SVG and a PNG, with no JavaScript and no tiles.

Used where the live Leaflet map cannot run: a post's preview image (og:image, 1200x630), RSS
readers, print, and the <noscript> fallback of the blog's map include. Both images come from
one `Layout`, so the SVG and the PNG show exactly the same drawing.

The projection is Web Mercator (x from longitude, y from the Mercator latitude), the one the
tiles of the live map use, so the line keeps the shape the reader sees on the live map. Day
colours come from mapview's palette so day 3 is the same colour on both maps.

Under the line lies Natural Earth's land, coastlines and country borders (basemap.py), so the
preview shows where the trip is; start and end are marked, and a legend gives each day's
colour by its number. Estimated legs are dashed, transfers dotted, as on the live map.

Owns drawing only: it writes no file (publish.py and jekyll.py do). A site's render keeps
the drawing in the trip's cache folder (mapcache.py), under the key of the route and title it
shows, so editing an entry's text draws nothing; Pillow is imported for drawing only.
"""

from __future__ import annotations

import functools
import importlib.metadata
import io
import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from journal.core import geo
from journal.core.route import LegKind, Route
from journal.enrich.route import simplify
from journal.render import basemap, mapcache
from journal.render.colors import day_color

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630  # the size social sites and feed readers expect for a preview
TITLE_BAND = 84  # pixels at the top kept for the title
MARGIN = 48
BACKGROUND = "#dce8ef"  # the sea
LAND = "#f4f1ea"
COAST = "#9db3c2"
BORDER = "#c2b8a3"
INK = "#222222"
START_COLOR = "#2e7d32"
END_COLOR = "#111111"
LINE_WIDTH = 5
MARK_RADIUS = 11
TITLE_SIZE = 40
MIN_SPAN = 2e-5  # of the world's width, about 800 m: a single spot is not blown up to a blur
PNG_SCALE = 2  # drawn at twice the size, then reduced: Pillow does not smooth lines itself
EQUATOR_M = 40_075_016.7  # the world's width in Web Mercator, in metres at the equator
SIMPLIFY_PX = 0.5  # a vertex that moves the line by less than this is not worth its bytes

#: The title's font: Noto Sans Bold (OFL), shipped inside the pymupdf-fonts wheel, so every
#: machine draws the same title, accents, Greek and Cyrillic included. Pillow's own scalable
#: font has ASCII only ("Città" would show a box) and a system path exists on one OS only.
TITLE_FONT = "notosbo"

#: Files the static map adds to a site, relative to its root.
SVG_NAME = "route.svg"
PNG_NAME = "route.png"


def mercator(lat: float, lon: float) -> tuple[float, float]:
    """Web Mercator in world units: x and y in [0, 1], y growing southwards like tiles."""
    mx, my = geo.mercator(lat, lon)
    world = 2 * math.pi * geo.MERCATOR_RADIUS_M
    return 0.5 + mx / world, 0.5 - my / world


#: Dashes (on, off, in pixels) of the legs that were not recorded; a recorded leg is solid.
DASHES: dict[LegKind, tuple[int, int]] = {LegKind.ESTIMATED: (12, 10), LegKind.TRANSFER: (3, 9)}
LEGEND_SWATCH = 18


@dataclass(frozen=True)
class Line:
    """One leg of the route in image pixels, with its day's colour and its kind."""

    color: str
    points: tuple[tuple[float, float], ...]
    kind: LegKind = LegKind.RECORDED


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
    legend: tuple[tuple[str, str], ...] = ()  # (label, colour) per day


def layout(
    route: Route, title: str, width: int = WIDTH, height: int = HEIGHT, *, cull: bool = True
) -> Layout:
    """Fit the route in the image below the title band, keeping Mercator's aspect ratio.

    `cull` skips the coastlines and borders that cannot reach the image before projecting
    them: the same drawing, several times faster (False draws from the whole world)."""
    segments = [s for s in route.segments if s.points]
    world = [[mercator(p.lat, p.lon) for p in s.points] for s in segments]
    flat = [xy for line in world for xy in line]
    if not flat:
        return Layout(title, (), None, None, width, height)
    xs, ys = [x for x, _ in flat], [y for _, y in flat]
    span_x = max(max(xs) - min(xs), MIN_SPAN)
    span_y = max(max(ys) - min(ys), MIN_SPAN)
    box_w, box_h = width - 2 * MARGIN, height - TITLE_BAND - 2 * MARGIN
    scale = min(box_w / span_x, box_h / span_y)
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    centre_x, centre_y = width / 2, TITLE_BAND + MARGIN + box_h / 2

    def pixel(xy: tuple[float, float]) -> tuple[float, float]:
        return (
            round(centre_x + (xy[0] - mid_x) * scale, 1),
            round(centre_y + (xy[1] - mid_y) * scale, 1),
        )

    # Half a pixel in metres at the route's middle latitude: Mercator shrinks metres by cos.
    mid_lat = sum(p.lat for s in segments for p in s.points) / len(flat)
    tolerance_m = SIMPLIFY_PX * EQUATOR_M * math.cos(math.radians(mid_lat)) / scale
    day_index = {day: i for i, day in enumerate(route.days)}  # the live map's colours
    lines = tuple(
        Line(
            day_color(day_index[s.day]),
            tuple(pixel(mercator(p.lat, p.lon)) for p in simplify(s.points, tolerance_m)),
            s.kind,
        )
        for s in segments
    )
    lonlat = _unpixel(mid_x, mid_y, centre_x, centre_y, scale) if cull else None
    base = _base_map(pixel, lonlat, width, height)
    first = route.days[0]
    legend = tuple((str((day - first).days + 1), day_color(i)) for day, i in day_index.items())
    start, end = lines[0].points[0], lines[-1].points[-1]
    return Layout(title, lines, start, end, width, height, *base, legend=legend)


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
    inverse of `pixel`, tells what lies far out of view (None: look at everything)."""

    def project(point: tuple[float, float]) -> tuple[float, float]:
        lat = max(min(point[1], geo.MERCATOR_MAX_LAT), -geo.MERCATOR_MAX_LAT)
        return pixel(mercator(lat, point[0]))

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
    return (
        tuple(tuple(r) for r in basemap.land(project, box, near)),
        tuple(tuple(c) for c in basemap.lines(project, box, shared=False, near=near)),
        tuple(tuple(b) for b in basemap.lines(project, box, shared=True, near=near)),
    )


def svg_from_layout(plan: Layout) -> str:
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "width": str(plan.width),
            "height": str(plan.height),
            "viewBox": f"0 0 {plan.width} {plan.height}",
            "role": "img",
            "aria-labelledby": "route-title",
        },
    )
    ET.SubElement(svg, "title", {"id": "route-title"}).text = plan.title
    ET.SubElement(svg, "rect", {"width": "100%", "height": "100%", "fill": BACKGROUND})
    _svg_base(svg, plan)
    ET.SubElement(svg, "rect", {"width": "100%", "height": str(TITLE_BAND), "fill": "#ffffff",
                                "fill-opacity": "0.8"})  # fmt: skip
    text = ET.SubElement(
        svg,
        "text",
        {
            "x": str(MARGIN),
            "y": str(TITLE_BAND - 24),
            "font-family": "sans-serif",
            "font-size": str(TITLE_SIZE),
            "font-weight": "bold",
            "fill": INK,
        },
    )
    text.text = plan.title
    group = ET.SubElement(
        svg,
        "g",
        {
            "class": "route",
            "fill": "none",
            "stroke-width": str(LINE_WIDTH),
            "stroke-linecap": "round",
            "stroke-linejoin": "round",
        },
    )
    for line in plan.lines:
        points = " ".join(f"{x:g},{y:g}" for x, y in line.points)
        attributes = {"class": f"day {line.kind}", "stroke": line.color, "points": points}
        if line.kind in DASHES:
            attributes["stroke-dasharray"] = "{} {}".format(*DASHES[line.kind])
            attributes["stroke-width"] = str(LINE_WIDTH - 2)
        ET.SubElement(group, "polyline", attributes)
    _svg_legend(svg, plan)
    for name, where, fill in (("start", plan.start, START_COLOR), ("end", plan.end, END_COLOR)):
        if where is not None:
            ET.SubElement(svg, "circle", _circle(name, where, fill))
    ET.indent(svg)
    return ET.tostring(svg, encoding="unicode", xml_declaration=False) + "\n"


def _svg_path(rings: Sequence[Sequence[tuple[float, float]]], close: bool) -> str:
    end = " Z" if close else ""
    return " ".join(
        "M" + " L".join(f"{x:g},{y:g}" for x, y in ring) + end for ring in rings if ring
    )


def _svg_base(svg: ET.Element, plan: Layout) -> None:
    """Land, coastlines and borders, as three paths."""
    if plan.land:
        ET.SubElement(svg, "path", {"class": "land", "fill": LAND, "fill-rule": "nonzero",
                                    "d": _svg_path(plan.land, True)})  # fmt: skip
    for name, rings, color, extra in (
        ("coast", plan.coasts, COAST, {}),
        ("border", plan.borders, BORDER, {"stroke-dasharray": "4 3"}),
    ):
        if rings:
            attributes = {"class": name, "fill": "none", "stroke": color, "stroke-width": "1.2"}
            ET.SubElement(svg, "path", {**attributes, **extra, "d": _svg_path(rings, False)})


def _legend_boxes(plan: Layout) -> list[tuple[str, str, float, float]]:
    """(label, colour, x, y) of each day's swatch: a row along the bottom edge."""
    step = LEGEND_SWATCH + 30
    y = plan.height - MARGIN / 2 - LEGEND_SWATCH
    return [(label, color, MARGIN + i * step, y) for i, (label, color) in enumerate(plan.legend)]


def _svg_legend(svg: ET.Element, plan: Layout) -> None:
    group = ET.SubElement(svg, "g", {"class": "legend", "font-family": "sans-serif",
                                     "font-size": "15", "fill": INK})  # fmt: skip
    for label, color, x, y in _legend_boxes(plan):
        ET.SubElement(group, "rect", {"x": f"{x:g}", "y": f"{y:g}", "width": str(LEGEND_SWATCH),
                                      "height": str(LEGEND_SWATCH), "fill": color})  # fmt: skip
        text = ET.SubElement(group, "text", {"x": f"{x + LEGEND_SWATCH + 4:g}",
                                             "y": f"{y + LEGEND_SWATCH - 3:g}"})  # fmt: skip
        text.text = label


def _circle(name: str, where: tuple[float, float], fill: str) -> dict[str, str]:
    return {
        "class": name,
        "cx": f"{where[0]:g}",
        "cy": f"{where[1]:g}",
        "r": str(MARK_RADIUS),
        "fill": fill,
        "stroke": "#ffffff",
        "stroke-width": "4",
    }


def png_from_layout(plan: Layout) -> bytes:
    from PIL import Image, ImageDraw

    s = PNG_SCALE
    image = Image.new("RGB", (plan.width * s, plan.height * s), BACKGROUND)
    draw = ImageDraw.Draw(image)
    _png_base(draw, plan, s)
    draw.rectangle((0, 0, plan.width * s, TITLE_BAND * s), fill="#fafafa")
    for line in plan.lines:
        points = _scaled(line.points, s)
        width = (LINE_WIDTH if line.kind not in DASHES else LINE_WIDTH - 2) * s
        pieces = (
            _dashed(points, *(d * s for d in DASHES[line.kind]))
            if line.kind in DASHES
            else [points]
        )
        for piece in pieces:
            if len(piece) > 1:
                draw.line(piece, fill=line.color, width=width, joint="curve")
        for x, y in (points[0], points[-1]):  # round caps, as the SVG's stroke-linecap
            r = width / 2
            draw.ellipse((x - r, y - r, x + r, y + r), fill=line.color)
    font = _title_font(draw, "0", 1e9, 15 * s)
    for label, color, x, y in _legend_boxes(plan):
        box = (x * s, y * s, (x + LEGEND_SWATCH) * s, (y + LEGEND_SWATCH) * s)
        draw.rectangle(box, fill=color)
        where = ((x + LEGEND_SWATCH + 4) * s, (y + LEGEND_SWATCH - 3) * s)
        draw.text(where, label, fill=INK, font=font, anchor="ls")
    for where, fill in ((plan.start, START_COLOR), (plan.end, END_COLOR)):
        if where is not None:
            x, y = where[0] * s, where[1] * s
            r, ring = MARK_RADIUS * s, 2 * s
            draw.ellipse((x - r - ring, y - r - ring, x + r + ring, y + r + ring), fill="#ffffff")
            draw.ellipse((x - r + ring, y - r + ring, x + r - ring, y + r - ring), fill=fill)
    font = _title_font(draw, plan.title, (plan.width - 2 * MARGIN) * s, TITLE_SIZE * s)
    draw.text((MARGIN * s, (TITLE_BAND - 24) * s), plan.title, fill=INK, font=font, anchor="ls")
    image = image.resize((plan.width, plan.height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _title_font(
    draw: ImageDraw.ImageDraw, title: str, room: float, size: int
) -> ImageFont.FreeTypeFont:
    """The largest size up to `size` at which the title fits on one line."""
    while True:
        font = title_font(size)
        if size <= 12 or draw.textlength(title, font=font) <= room:
            return font
        size = int(size * 0.9)


def _png_base(draw: ImageDraw.ImageDraw, plan: Layout, s: int) -> None:
    for ring in plan.land:
        draw.polygon(_scaled(ring, s), fill=LAND)
    for line in plan.coasts:
        draw.line(_scaled(line, s), fill=COAST, width=round(1.2 * s))
    for line in plan.borders:
        for piece in _dashed(_scaled(line, s), 4 * s, 3 * s):
            draw.line(piece, fill=BORDER, width=round(1.2 * s))


def _dashed(
    points: Sequence[tuple[float, float]], on: float, off: float
) -> list[list[tuple[float, float]]]:
    """The pieces of a polyline drawn with dashes of `on` pixels every `on + off`."""
    pieces: list[list[tuple[float, float]]] = []
    drawing, left = True, on
    current: list[tuple[float, float]] = [points[0]] if points else []
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        length = math.hypot(bx - ax, by - ay)
        done = 0.0
        while length - done > left:
            done += left
            t = done / length
            where = (ax + (bx - ax) * t, ay + (by - ay) * t)
            if drawing:
                pieces.append([*current, where])
            current = [where]
            drawing, left = not drawing, off if drawing else on
        left -= length - done
        if drawing:
            current.append((bx, by))
    if drawing and len(current) > 1:
        pieces.append(current)
    return pieces


@functools.lru_cache(maxsize=1)
def _font_bytes() -> bytes:
    import pymupdf_fonts

    return bytes(pymupdf_fonts.myfont(TITLE_FONT))


def title_font(size: int) -> ImageFont.FreeTypeFont:
    """The title's font at `size` pixels."""
    from PIL import ImageFont

    return ImageFont.truetype(io.BytesIO(_font_bytes()), size)


def _scaled(points: Sequence[tuple[float, float]], s: int) -> list[tuple[float, float]]:
    return [(x * s, y * s) for x, y in points]


#: The code and data that decide the drawing: a change to any of them is a new key.
DRAWING_SOURCES = (
    "render/staticmap.py",
    "render/basemap.py",
    "render/colors.py",
    "render/worldatlas/countries-50m.json",
    "enrich/route.py",
    "core/geo.py",
)


def static_map_files(route: Route, title: str, cache_dir: Path | None = None) -> dict[str, bytes]:
    """route.svg and route.png for a site's root, from one layout; with `cache_dir`, read
    from there when the route and the title are those of the last drawing."""

    def draw() -> dict[str, bytes]:
        plan = layout(route, title)
        return {SVG_NAME: svg_from_layout(plan).encode("utf-8"), PNG_NAME: png_from_layout(plan)}

    if cache_dir is None:
        return draw()
    package = Path(__file__).resolve().parents[1]
    libraries = tuple(importlib.metadata.version(n) for n in ("pillow", "pymupdf-fonts"))
    key = mapcache.map_key(
        route,
        (),
        settings=(title, WIDTH, HEIGHT, libraries),
        sources=[package / name for name in DRAWING_SOURCES],
    )
    return mapcache.remembered(cache_dir, "static map", key, draw)
