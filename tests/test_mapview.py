"""The live map: offline assets, deterministic output, what is drawn, and its weight."""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from journal.colors import DAY_COLORS, day_color
from journal.mapview import (
    EUROPE,
    MAP_NAME,
    VENDOR_FILES,
    MapParts,
    render_map,
)
from journal.models import MapMarker, PointKind, Route, RoutePoint, Segment, Tiles

STATIC = Path(__file__).resolve().parents[1] / "themes" / "default" / "static"
UTC = dt.UTC
DAY1, DAY2 = dt.date(2024, 6, 1), dt.date(2024, 6, 2)


def segment(day: dt.date, lat: float, n: int = 20) -> Segment:
    start = dt.datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
    points = tuple(
        RoutePoint(
            lat + i * 1e-3,
            11 + 1e-3 * math.sin(i),
            start + dt.timedelta(minutes=i),
            PointKind.TRACK,
            "ride.gpx",
            day=day,
        )
        for i in range(n)
    )
    return Segment(day, points)


def sample_route() -> Route:
    return Route(segments=(segment(DAY1, 45.0), segment(DAY1, 45.5), segment(DAY2, 46.0)))


MARKERS = (
    MapMarker(45.01, 11.0, PointKind.ENTRY, '<a href="index.html#2024-06-01-partenza">Partenza</a>',
              "Partenza"),
    MapMarker(45.02, 11.0, PointKind.PHOTO, '<img src="media/IMG_1-400.jpg" alt="">', "Lago"),
    MapMarker(45.03, 11.0, PointKind.PHOTO, '<img src="media/IMG_2-400.jpg" alt="">'),
    MapMarker(45.04, 11.0, PointKind.WAYPOINT, "Rifugio"),
)  # fmt: skip


def render(route: Route | None = None, markers=MARKERS, **kwargs) -> MapParts:
    kwargs.setdefault("tiles", Tiles())
    kwargs.setdefault("assets_url", "../assets")
    return render_map(route or sample_route(), markers, **kwargs)


def everything(parts: MapParts) -> str:
    return parts.head + parts.body + parts.script


def test_the_same_input_gives_byte_identical_parts_with_no_random_id():
    first, second = render(), render()
    assert first == second
    assert not re.search(r"[0-9a-f]{32}", everything(first))  # Folium's uuid4-style ids
    assert f'id="{MAP_NAME}"' in first.body
    assert f"var {MAP_NAME} = L.map(" in first.script


def test_nothing_is_loaded_from_the_network_but_tiles():
    text = everything(render()).replace("\\u0026", "&").replace('\\"', '"')
    urls = set(re.findall(r"(?:https?:)?//[^\s\"'<>)]+", text))
    assert urls == {
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "https://www.openstreetmap.org/copyright",
    }
    for dropped in ("jquery", "bootstrap", "awesome", "fontawesome", "cdn"):
        assert dropped not in text.lower()


def test_every_script_and_stylesheet_is_a_vendored_file_of_the_theme():
    parts = render(assets_url="../assets")
    links = re.findall(r'(?:src|href)="([^"]+)"', parts.head)
    assert links, parts.head
    assert all(link.startswith("../assets/vendor/") for link in links)
    assert {link.removeprefix("../assets/") for link in links} == set(VENDOR_FILES)
    for rel in VENDOR_FILES:
        assert (STATIC / rel).is_file(), rel
    # Leaflet's own CSS points at its marker and layer images, relative to itself.
    css = (STATIC / "vendor/leaflet/leaflet.css").read_text(encoding="utf-8")
    for image in re.findall(r"url\((images/[^)]+)\)", css):
        assert (STATIC / "vendor/leaflet" / image).is_file(), image


def test_without_photos_the_cluster_plugin_is_not_loaded():
    entry_only = MARKERS[:1]
    parts = render(markers=entry_only, assets_url="assets")
    assert "markercluster" not in parts.head.lower()
    assert 'src="assets/vendor/leaflet/leaflet.js"' in parts.head
    assert "cluster: null" in parts.script


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:  # type: ignore[no-untyped-def]
        self.tags.append(tag)


def tags(html: str) -> set[str]:
    parser = _Tags()
    parser.feed(html)
    return set(parser.tags)


def test_parts_hold_only_what_their_place_in_the_page_allows():
    parts = render()
    assert tags(parts.head) == {"script", "link", "style"}  # all allowed in <head>
    assert tags(parts.body) == {"div"}
    assert "<" not in parts.script  # JavaScript only; HTML in popups is escaped as \u003c
    assert "meta" not in parts.head  # the page template owns charset and viewport


def test_one_polyline_per_segment_coloured_per_day_with_its_label():
    route = sample_route()
    parts = render(route, day_labels={DAY1: "1 giugno 2024"})
    assert parts.script.count("L.polyline(") == len(route.segments) == 3
    colours = re.findall(r'"color": "(#[0-9a-f]{6})"', parts.script)
    assert colours == [day_color(0), day_color(0), day_color(1)]
    assert parts.script.count('.bindTooltip("1 giugno 2024")') == 2
    assert '.bindTooltip("2024-06-02")' in parts.script  # no label given: the ISO date
    routes = re.search(r"routes: \[([^\]]*)\]", parts.script)
    assert routes and len(routes.group(1).split(", ")) == 3


def test_markers_entries_as_pins_photos_in_a_cluster_waypoints_as_dots():
    script = render().script
    cluster = re.search(r"var (marker_cluster_\d+) = L.markerClusterGroup", script)
    assert cluster
    assert script.count(f".addTo({cluster.group(1)});") == 2  # the two photos
    assert script.count("L.marker(") == 3 and script.count("L.circleMarker(") == 1
    markers = re.search(r"markers: \[([^\]]*)\]", script)
    assert markers and len(markers.group(1).split(", ")) == 4
    assert f"cluster: {cluster.group(1)}" in script


def test_popup_html_cannot_end_the_script_it_is_written_in():
    evil = MapMarker(45, 11, PointKind.ENTRY, "</script><script>alert('x')</script>", "t`${x}`")
    script = render(markers=[evil]).script
    assert "</script" not in script.lower() and "<script" not in script.lower()
    assert "\\u003c/script\\u003e" in script


def test_the_map_is_fitted_to_the_route_and_has_a_scale():
    script = render().script
    assert "L.control.scale().addTo(map_journal);" in script
    fit = re.search(r"fitBounds\(\s*(\[\[[^\n]*\]\])", script)
    # Latitudes 45.0 to 46.019; longitudes 11 + 0.001 sin(i): sin(11) = -0.99999, sin(14) = 0.99061.
    assert fit and fit.group(1) == "[[45.0, 10.999], [46.019, 11.00099]]"


def test_an_empty_route_opens_on_europe_without_fitting():
    parts = render(Route(segments=()), markers=())
    assert "fitBounds" not in parts.script
    assert f"center: {list(EUROPE)}" in parts.script
    assert "routes: []" in parts.script and "markers: []" in parts.script


def test_tiles_from_trip_toml_replace_openstreetmap():
    topo = Tiles(
        url="https://{s}.tile.opentopomap.org/{z}/{x}/{y}.png",
        attribution="Map data: OpenStreetMap contributors, SRTM | Style: OpenTopoMap (CC-BY-SA)",
        name="OpenTopoMap",
        max_zoom=17,
    )
    script = render(tiles=topo).script
    assert '"https://{s}.tile.opentopomap.org/{z}/{x}/{y}.png"' in script
    assert "Style: OpenTopoMap (CC-BY-SA)" in script and '"maxZoom": 17' in script
    assert "tile.openstreetmap.org" not in script


def test_day_colours_are_distinct_for_a_week_and_repeat_after():
    week = [day_color(i) for i in range(len(DAY_COLORS))]
    assert len(set(week)) == len(DAY_COLORS) == 8
    assert day_color(8) == day_color(0)
    for colour in week:  # WCAG's 3:1 for graphics, against OSM's land colour #f2efe9
        assert _contrast(colour, "#f2efe9") >= 3, colour


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def long_route(n: int = 100_000) -> Route:
    """A day of winding road: n points about 2 m apart, bending 30 m either side."""
    start = dt.datetime(2024, 6, 1, 6, tzinfo=UTC)
    points = tuple(
        RoutePoint(
            45 + i * 2e-5,
            11 + 3e-4 * math.sin(i / 50),
            start + dt.timedelta(seconds=i / 10),
            PointKind.TRACK,
            "long.gpx",
            123.456789,
            DAY1,
        )
        for i in range(n)
    )
    return Route(segments=(Segment(DAY1, points),))


def test_a_hundred_thousand_point_route_gives_a_light_map():
    route = long_route()
    light = render(route, markers=())
    full_size = len(render(route, markers=(), simplify_m=0).script)
    # Measured: 5 m tolerance keeps 1,600 of 100,000 vertices; about 35 kB against 2.2 MB.
    assert len(light.script) < 100_000 < 2_000_000 < full_size
    coordinates = re.findall(r"-?\d+\.\d+", light.script.split("L.polyline(")[1].split("]]")[0])
    assert coordinates and all(len(c.split(".")[1]) <= 5 for c in coordinates)


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
def test_the_map_draws_offline_in_a_real_browser(tmp_path: Path):
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    chromium = _chromium()
    if chromium is None:
        pytest.skip("chromium is not installed")
    shutil.copytree(STATIC / "vendor", tmp_path / "assets" / "vendor")
    parts = render(assets_url="assets")
    page_html = (
        '<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>Mappa</title>'
        f"<style>html, body {{ height: 100%; margin: 0; }}</style>{parts.head}</head>"
        f"<body>{parts.body}<script>{parts.script}</script></body></html>"
    )
    (tmp_path / "map.html").write_text(page_html, encoding="utf-8")
    errors: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        # No network: everything but the page's own files fails, as on a ferry.
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
        )
        page.goto((tmp_path / "map.html").as_uri())
        page.wait_for_function("window.journalMap !== undefined")
        drawn = page.evaluate(
            """() => ({
                routes: journalMap.routes.length,
                markers: journalMap.markers.length,
                paths: document.querySelectorAll('path.journal-route').length,
                zoom: journalMap.map.getZoom(),
            })"""
        )
        browser.close()
    assert errors == []
    assert drawn["routes"] == drawn["paths"] == 3
    assert drawn["markers"] == 4
    assert drawn["zoom"] > 5  # fitted to the route, not the opening view
