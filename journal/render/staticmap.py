"""The static route map: the route drawn as an SVG and a PNG, with no JavaScript and no tiles.

Used where the live Leaflet map cannot run: a post's preview image (og:image, 1200x630), RSS
readers, print, and the <noscript> fallback of the blog's map include. Both images come from
one `Layout`, so the SVG and the PNG show exactly the same drawing.

Where everything goes (Web Mercator, fitted, the base map in view) is staticlayout.py's. Day
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
import io
import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.core.cache import installed_version
from journal.core.route import LegKind, Route
from journal.render import mapcache
from journal.render.colors import CASING, CASING_OPACITY
from journal.render.staticlayout import HEIGHT, MARGIN, TITLE_BAND, WIDTH, Layout, Line, layout

if TYPE_CHECKING:
    from PIL import Image, ImageDraw, ImageFont

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
PNG_SCALE = 2  # drawn at twice the size, then reduced: Pillow does not smooth lines itself

#: The title's font: Noto Sans Bold (OFL), shipped inside the pymupdf-fonts wheel, so every
#: machine draws the same title, accents, Greek and Cyrillic included. Pillow's own scalable
#: font has ASCII only ("Città" would show a box) and a system path exists on one OS only.
TITLE_FONT = "notosbo"

#: Files the static map adds to a site, relative to its root.
SVG_NAME = "route.svg"
PNG_NAME = "route.png"


#: Dashes (on, off, in pixels) of the legs that were not recorded; a recorded leg is solid.
DASHES: dict[LegKind, tuple[int, ...]] = {LegKind.ESTIMATED: (12, 10), LegKind.TRANSFER: (3, 9)}
LEGEND_SWATCH = 18


def svg_from_layout(plan: Layout, *, title: bool = True, legend: bool = True) -> str:
    """The drawing as SVG; without `title` or `legend` (a book sets both as text of its own,
    in its own fonts) the image holds no text at all."""
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "width": str(plan.width),
            "height": str(plan.height),
            "viewBox": f"0 0 {plan.width} {plan.height}",
            "role": "img",
        },
    )
    if title:  # a drawing without its title is a figure of the page that names it
        svg.set("aria-labelledby", "route-title")
        ET.SubElement(svg, "title", {"id": "route-title"}).text = plan.title
    ET.SubElement(svg, "rect", {"width": "100%", "height": "100%", "fill": BACKGROUND})
    _svg_base(svg, plan)
    if title:
        _svg_title(svg, plan)
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
        width, pattern = _stroke(line)
        dashes = {"stroke-dasharray": " ".join(map(str, pattern))} if pattern else {}
        casing = {"class": "casing", "stroke": CASING, "stroke-opacity": str(CASING_OPACITY)}
        ET.SubElement(group, "polyline", {**casing, **dashes, "points": points,
                                          "stroke-width": str(width + 3)})  # fmt: skip
        attributes = {"class": f"day {line.kind}", "stroke": line.color, "points": points}
        if width != LINE_WIDTH:
            attributes["stroke-width"] = str(width)
        ET.SubElement(group, "polyline", {**attributes, **dashes})
    if legend:
        _svg_legend(svg, plan)
    for name, where, fill in (("start", plan.start, START_COLOR), ("end", plan.end, END_COLOR)):
        if where is not None:
            ET.SubElement(svg, "circle", _circle(name, where, fill))
    ET.indent(svg)
    return ET.tostring(svg, encoding="unicode", xml_declaration=False) + "\n"


def _svg_title(svg: ET.Element, plan: Layout) -> None:
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


def _legend_boxes(plan: Layout) -> list[tuple[str, str, str, float, float]]:
    """(label, colour, dash, x, y) of each day's swatch: a row along the bottom edge."""
    step = LEGEND_SWATCH + 30
    y = plan.height - MARGIN / 2 - LEGEND_SWATCH
    return [
        (label, color, dash, MARGIN + i * step, y)
        for i, (label, color, dash) in enumerate(plan.legend)
    ]


def _swatch_line(x: float, y: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """A patterned day's swatch: a thick line across the middle of its square."""
    return (x, y + LEGEND_SWATCH / 2), (x + LEGEND_SWATCH, y + LEGEND_SWATCH / 2)


def _svg_legend(svg: ET.Element, plan: Layout) -> None:
    group = ET.SubElement(svg, "g", {"class": "legend", "font-family": "sans-serif",
                                     "font-size": "15", "fill": INK})  # fmt: skip
    for label, color, dash, x, y in _legend_boxes(plan):
        if dash:
            (x1, y1), (x2, y2) = _swatch_line(x, y)
            ET.SubElement(group, "line", {"x1": f"{x1:g}", "y1": f"{y1:g}", "x2": f"{x2:g}",
                                          "y2": f"{y2:g}", "stroke": color, "stroke-width": "8",
                                          "stroke-dasharray": dash})  # fmt: skip
        else:
            ET.SubElement(group, "rect", {"x": f"{x:g}", "y": f"{y:g}",
                                          "width": str(LEGEND_SWATCH),
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
    image = _png_lines(image, plan, s)
    draw = ImageDraw.Draw(image)
    font = _title_font(draw, "0", 1e9, 15 * s)
    for label, color, dash, x, y in _legend_boxes(plan):
        if dash:
            swatch = _scaled(_swatch_line(x, y), s)
            for piece in _dashed(swatch, [int(d) * s for d in dash.split()]):
                draw.line(piece, fill=color, width=8 * s)
        else:
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
    # zlib's level 6 (Pillow's default): as small as `optimize` here, and 3x faster.
    image.save(out, format="PNG", compress_level=6)
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
        for piece in _dashed(_scaled(line, s), (4 * s, 3 * s)):
            draw.line(piece, fill=BORDER, width=round(1.2 * s))


def _png_lines(image: Image.Image, plan: Layout, s: int) -> Image.Image:
    """The route's lines over their casings (drawn apart, then laid on at CASING_OPACITY,
    as the SVG's)."""
    from PIL import Image, ImageColor, ImageDraw

    strokes = [(line, *_stroke(line)) for line in plan.lines]
    pieces = [
        _dashed(_scaled(line.points, s), [d * s for d in pattern])
        if pattern
        else [_scaled(line.points, s)]
        for line, _, pattern in strokes
    ]
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    casing = (*ImageColor.getrgb(CASING)[:3], round(255 * CASING_OPACITY))
    for (_, width, _), line_pieces in zip(strokes, pieces, strict=True):
        for piece in line_pieces:
            _png_line(ImageDraw.Draw(overlay), piece, casing, (width + 3) * s)
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    draw = ImageDraw.Draw(image)
    for (line, width, _), line_pieces in zip(strokes, pieces, strict=True):
        for piece in line_pieces:
            _png_line(draw, piece, line.color, width * s)
    return image


def _stroke(line: Line) -> tuple[int, tuple[int, ...]]:
    """A line's width and dash pattern: its kind's (estimated, transfer), else its day's."""
    if line.kind in DASHES:
        return LINE_WIDTH - 2, DASHES[line.kind]
    return LINE_WIDTH, tuple(int(d) for d in line.dash.split())


def _png_line(
    draw: ImageDraw.ImageDraw, piece: Sequence[tuple[float, float]], fill: Any, width: float
) -> None:
    """A piece of line with round caps, as the SVG's stroke-linecap."""
    if len(piece) > 1:
        draw.line(list(piece), fill=fill, width=round(width), joint="curve")
    for x, y in (piece[0], piece[-1]):
        r = width / 2
        draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)


def _dashed(
    points: Sequence[tuple[float, float]], pattern: Sequence[float]
) -> list[list[tuple[float, float]]]:
    """The pieces of a polyline drawn with a dash `pattern` of pixels (on, off, on, off...)."""
    pieces: list[list[tuple[float, float]]] = []
    step = 0
    drawing, left = True, pattern[0]
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
            step = (step + 1) % len(pattern)
            drawing, left = not drawing, pattern[step]
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
    "render/staticlayout.py",
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
    libraries = tuple(installed_version(n) for n in ("pillow", "pymupdf-fonts"))
    key = mapcache.map_key(
        route,
        (),
        settings=(title, WIDTH, HEIGHT, libraries),
        sources=[package / name for name in DRAWING_SOURCES],
    )
    return mapcache.remembered(cache_dir, "static map", key, draw)
