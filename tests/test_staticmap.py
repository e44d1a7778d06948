"""The static route map: Web Mercator geometry, per-day colours, start/end marks, the title."""

from __future__ import annotations

import datetime as dt
import io
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from journal.core.route import PointKind, Route, RoutePoint, Segment
from journal.load.gpx import read_track
from journal.render import staticlayout, staticmap
from journal.render.colors import CASING, day_color
from journal.render.staticlayout import HEIGHT, MARGIN, TITLE_BAND, WIDTH

SVG = "{http://www.w3.org/2000/svg}"
UTC = dt.UTC


def _point(lat: float, lon: float, minute: int = 0) -> RoutePoint:
    time = dt.datetime(2015, 6, 27, 9, 0, tzinfo=UTC) + dt.timedelta(minutes=minute)
    return RoutePoint(lat, lon, time, PointKind.TRACK)


def _route(*days: list[tuple[float, float]]) -> Route:
    first = dt.date(2015, 6, 27)
    return Route(
        tuple(
            Segment(first + dt.timedelta(days=i), tuple(_point(*p, n) for n, p in enumerate(pts)))
            for i, pts in enumerate(days)
        )
    )


#: London -> Calais, Calais -> Reims, Reims -> Mantova: three days, three colours.
TRIP = _route(
    [(51.5074, -0.1278), (51.0814, 1.1695), (50.9513, 1.8587)],
    [(50.9513, 1.8587), (50.2930, 2.7775), (49.2583, 4.0317)],
    [(49.2583, 4.0317), (46.0207, 7.7491), (45.1564, 10.7914)],
)


def _rgb(hex_color: str) -> tuple[int, int, int]:
    return tuple(int(hex_color[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _near(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=False))


def test_mercator_matches_epsg_3857() -> None:
    """The same numbers as the tile grid: EPSG:3857 metres scaled to the unit square."""
    r = 6_378_137.0
    for lat, lon in [(0.0, 0.0), (51.5074, -0.1278), (-33.9, 151.2), (45.1564, 10.7914)]:
        x, y = staticlayout.mercator(lat, lon)
        mx = r * math.radians(lon)
        my = r * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
        assert x == pytest.approx(0.5 + mx / (2 * math.pi * r), abs=1e-12)
        assert y == pytest.approx(0.5 - my / (2 * math.pi * r), abs=1e-12)
    assert staticlayout.mercator(90.0, 0.0)[1] == pytest.approx(0.0, abs=1e-8)  # clamped, finite


def test_layout_keeps_mercator_shape_not_plate_carree() -> None:
    """One degree square at 60°N is about twice as tall as wide in Mercator (1/cos 60°)."""
    square = _route([(60.0, 10.0), (61.0, 10.0), (61.0, 11.0), (60.0, 11.0)])
    plan = staticlayout.layout(square, "square")
    xs = [x for x, _ in plan.lines[0].points]
    ys = [y for _, y in plan.lines[0].points]
    ratio = (max(ys) - min(ys)) / (max(xs) - min(xs))
    assert ratio == pytest.approx(1 / math.cos(math.radians(60.5)), rel=0.01)
    north = min(range(4), key=lambda i: ys[i])
    assert plan.lines[0].points[north][1] < plan.lines[0].points[0][1]  # north is up


def test_layout_fits_below_the_title_band() -> None:
    plan = staticlayout.layout(TRIP, "London → Mantova")
    points = [p for line in plan.lines for p in line.points]
    assert all(MARGIN - 0.1 <= x <= WIDTH - MARGIN + 0.1 for x, _ in points)
    assert all(TITLE_BAND + MARGIN - 0.1 <= y <= HEIGHT - MARGIN + 0.1 for _, y in points)
    assert plan.start == plan.lines[0].points[0]
    assert plan.end == plan.lines[-1].points[-1]
    assert plan.start[0] < plan.end[0] and plan.start[1] < plan.end[1]  # London is NW of Mantova


def test_svg_has_title_day_colours_and_marks() -> None:
    svg = staticmap.svg_from_layout(staticlayout.layout(TRIP, "Londra → Mantova <2015> & ritorno"))
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == ("1200", "630")
    assert root.find(f"{SVG}title").text == "Londra → Mantova <2015> & ritorno"
    assert root.find(f"{SVG}text").text == "Londra → Mantova <2015> & ritorno"
    lines = [p for p in root.findall(f".//{SVG}polyline") if "day" in p.get("class").split()]
    assert [line.get("stroke") for line in lines] == [day_color(0), day_color(1), day_color(2)]
    assert len({line.get("stroke") for line in lines}) == 3
    assert len(lines[0].get("points").split()) == 3
    casings = root.findall(f".//{SVG}polyline[@class='casing']")  # one under each line, dark
    assert [c.get("points") for c in casings] == [line.get("points") for line in lines]
    assert {c.get("stroke") for c in casings} == {CASING}
    circles = {c.get("class"): c for c in root.findall(f"{SVG}circle")}
    assert set(circles) == {"start", "end"}


def test_png_is_og_image_size_and_draws_the_same_layout() -> None:
    plan = staticlayout.layout(TRIP, "Londra → Mantova")
    image = Image.open(io.BytesIO(staticmap.png_from_layout(plan)))
    assert image.format == "PNG" and image.size == (1200, 630)
    rgb = image.convert("RGB")
    # The start and end marks sit where the layout put them, in their colours.
    assert _near(rgb.getpixel(tuple(map(round, plan.start))), _rgb(staticmap.START_COLOR))
    assert _near(rgb.getpixel(tuple(map(round, plan.end))), _rgb(staticmap.END_COLOR))
    # Each day's line is drawn in its colour at the middle of its first leg.
    for line in plan.lines:
        (x0, y0), (x1, y1) = line.points[1], line.points[2]
        middle = (round((x0 + x1) / 2), round((y0 + y1) / 2))
        assert _near(rgb.getpixel(middle), _rgb(line.color)), line.color
    # The title is written: dark ink in the title band, none in an empty PNG's band.
    band = rgb.crop((0, 0, 1200, TITLE_BAND)).getcolors(1_000_000)
    assert any(_near(color, _rgb(staticmap.INK), 30) for _, color in band)
    assert staticmap.png_from_layout(
        staticlayout.layout(TRIP, "Londra → Mantova")
    ) == staticmap.png_from_layout(plan)


def test_empty_route_still_gives_a_titled_image() -> None:
    files = staticmap.static_map_files(Route(()), "Nessun percorso")
    assert set(files) == {"route.svg", "route.png"}
    root = ET.fromstring(files["route.svg"])
    assert root.findall(f".//{SVG}polyline") == []
    assert Image.open(io.BytesIO(files["route.png"])).size == (1200, 630)


def test_output_is_deterministic() -> None:
    assert staticmap.static_map_files(TRIP, "x") == staticmap.static_map_files(TRIP, "x")


def test_real_track_is_simplified_to_what_a_pixel_shows(corpus: Path) -> None:
    """A real recorded ride: thousands of fixes, far fewer vertices, same extent."""
    track, reasons = read_track(corpus / "gpx-real" / "files" / "cerknicko-jezero.gpx")
    assert track is not None, reasons
    points = [p for seg in track.segments for p in seg]
    route = Route(
        (
            Segment(
                dt.date(2015, 6, 27),
                tuple(RoutePoint(p.lat, p.lon, p.time, PointKind.TRACK) for p in points),
            ),
        )
    )
    plan = staticlayout.layout(route, "Cerknica")
    drawn = plan.lines[0].points
    assert 2 < len(drawn) < len(points)
    xs, ys = [x for x, _ in drawn], [y for _, y in drawn]
    # The drawing fills the box in one direction (fitted), up to the margins.
    fills_x = max(xs) - min(xs) == pytest.approx(WIDTH - 2 * MARGIN, abs=1)
    box_h = HEIGHT - TITLE_BAND - 2 * MARGIN
    fills_y = max(ys) - min(ys) == pytest.approx(box_h, abs=1)
    assert fills_x or fills_y
    svg = staticmap.svg_from_layout(plan)
    assert len(svg.encode()) < 60_000


def test_the_title_font_comes_with_a_package_and_draws_every_letter_of_a_title() -> None:
    """No system font path (Debian's DejaVu exists on one OS), and no box for a letter:
    Pillow's own scalable font has ASCII only, so 'Città' would show a box for the à."""
    from journal.render.staticmap import title_font

    font = title_font(40)
    assert font.getname() == ("Noto Sans", "Bold")
    missing = bytes(font.getmask("\uffff"))  # the box every font draws for what it lacks
    title = "Londra – Mantova, città d'Europa: Ærø, Straße, Île, Москва, Αθήνα"
    for char in set(title) - {" "}:
        assert bytes(font.getmask(char)) != missing, char


def test_a_title_in_the_png_is_drawn_with_ink(tmp_path: Path) -> None:
    """The PNG's title band holds the title's pixels, not nothing."""
    from journal.render.staticmap import PNG_NAME, TITLE_BAND, static_map_files

    empty = static_map_files(Route(()), "")[PNG_NAME]
    titled = static_map_files(Route(()), "Città – Mantova")[PNG_NAME]
    band = (0, 0, 600, TITLE_BAND)
    plain = Image.open(io.BytesIO(empty)).convert("L").crop(band).tobytes()
    ink = Image.open(io.BytesIO(titled)).convert("L").crop(band).tobytes()
    assert sum(1 for a, b in zip(plain, ink, strict=True) if a != b) > 500


@pytest.mark.parametrize(
    "points",
    [
        [(51.5074, -0.1278), (45.1564, 10.7914)],  # London to Mantova
        [(45.0, 10.0), (45.0001, 10.0001)],  # one spot
        [(-16.5, 179.8), (-16.9, -179.7)],  # over the antimeridian (Fiji)
        [(78.2, 15.6), (69.6, 18.9)],  # Svalbard to Tromsø, near the projection's edge
        [(-54.8, -68.3), (64.1, -21.9)],  # Ushuaia to Reykjavik: most of the world
        [(-80.0, 0.0), (84.0, 170.0)],  # past both clamped edges
    ],
    ids=["europe", "one-spot", "antimeridian", "arctic", "americas", "world"],
)
def test_culling_the_base_map_leaves_the_drawing_as_it_was(points) -> None:
    """Only what cannot reach the image is skipped: the same layout as from the whole world."""
    route = _route(points)
    assert staticlayout.layout(route, "T") == staticlayout.layout(route, "T", cull=False)
