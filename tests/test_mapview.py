"""The live map: offline assets, deterministic output, what is drawn, and its weight."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from journal.core.models import Tiles
from journal.core.route import MapMarker, PointKind, Route, RoutePoint, Segment
from journal.render.colors import day_color
from journal.render.livemap import SIMPLIFY_M, render_map
from journal.render.mapspec import EUROPE, MAP_NAME, VENDOR_FILES, MapParts

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


def layer_groups(script: str) -> dict[str, tuple[str, list]]:
    """Each drawn group: its variable -> (Leaflet factory, its rows as the browser reads them)."""
    groups = {}
    for found in re.finditer(r"var (\w+) = (\[.*\])\.map\(function \(r\) \{", script):
        factory = re.compile(r"L\.(\w+)\(r\[0\]").search(script, found.end())
        assert factory, script[found.end() :]
        groups[found.group(1)] = (factory.group(1), json.loads(found.group(2)))
    return groups


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
    lines = [rows for factory, rows in layer_groups(parts.script).values() if factory == "polyline"]
    assert len(lines) == 1  # one element and one loop for every line
    rows = lines[0]
    assert [row[1] for row in rows] == [day_color(0), day_color(0), day_color(1)]
    assert [row[3] for row in rows] == ["1 giugno 2024", "1 giugno 2024", "2024-06-02"]
    assert [row[0][0] for row in rows] == [[45.0, 11.0], [45.5, 11.0], [46.0, 11.0]]
    assert all(row[0][-1] == [round(row[0][0][0] + 0.019, 5), 11.00015] for row in rows)
    assert '"className": "journal-route"' in parts.script
    name = next(n for n, (f, _) in layer_groups(parts.script).items() if f == "polyline")
    assert f"routes: {name}," in parts.script


def test_markers_entries_as_pins_photos_in_a_cluster_waypoints_as_dots():
    script = render().script
    cluster = re.search(r"var (marker_cluster_\d+) = L.markerClusterGroup", script)
    assert cluster
    groups = {n: g for n, g in layer_groups(script).items() if g[0] != "polyline"}
    by_popup = {row[2]: (name, factory) for name, (factory, rows) in groups.items() for row in rows}
    pins, photos, dots = (by_popup[m.popup_html] for m in (MARKERS[0], MARKERS[1], MARKERS[3]))
    assert by_popup[MARKERS[2].popup_html] == photos != pins  # the two photos share a group
    assert pins[1] == photos[1] == "marker" and dots[1] == "circleMarker"
    assert f"{cluster.group(1)}.addLayers({photos[0]});" in script  # clustered in one call
    assert f"layer.addTo({cluster.group(1)})" not in script
    assert re.search(
        rf"{pins[0]}\.forEach\(function \(layer\) {{\s+layer\.addTo\(map_journal\);", script
    )
    assert f"markers: [].concat({', '.join(groups)})," in script
    assert f"cluster: {cluster.group(1)}" in script
    # [where, alt text, popup, tooltip]: a pin's tooltip is its icon's alt text too.
    assert groups[pins[0]][1] == [[[45.01, 11.0], "Partenza", MARKERS[0].popup_html, "Partenza"]]
    assert groups[photos[0]][1][1] == [[45.03, 11.0], "", MARKERS[2].popup_html, ""]


def test_popup_html_cannot_end_the_script_it_is_written_in():
    evil = MapMarker(45, 11, PointKind.ENTRY, "</script><script>alert('x')</script>", "t`${x}`")
    script = render(markers=[evil]).script
    assert "</script" not in script.lower() and "<script" not in script.lower()
    assert "\\u003c/script\\u003e" in script
    rows = [rows for f, rows in layer_groups(script).values() if f == "marker"]
    assert rows == [[[[45, 11], "t`${x}`", evil.popup_html, "t`${x}`"]]]  # intact for Leaflet


def test_text_that_looks_like_a_template_is_shown_as_written():
    """Branca compiles each element's output as a Jinja template: braces must not reach it."""
    tricky = MapMarker(45, 11, PointKind.PHOTO, "{{ 7*7 }} {# x #}", "{% if 1 %}a{% endif %}")
    script = render(markers=[tricky]).script
    rows = [rows for f, rows in layer_groups(script).values() if f == "marker"]
    assert rows == [[[[45, 11], tricky.tooltip, tricky.popup_html, tricky.tooltip]]]
    assert "49" not in script


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
    assert [rows for _, rows in layer_groups(parts.script).values()] == [[]]  # no line
    assert "markers: [].concat()," in parts.script and "cluster: null" in parts.script


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
    five = render(route, markers=(), simplify_m=5)
    full = render(route, markers=(), simplify_m=0)
    kept = {m: len(layer_groups(p.script)["poly_lines_4"][1][0][0]) for m, p in
            ((SIMPLIFY_M, light), (5, five), (0, full))}  # fmt: skip
    assert kept[0] == 100_000 > kept[5] > kept[SIMPLIFY_M] > 2  # measured: 1,600 then 786
    # Measured: 16 kB at 10 m, 32 kB at 5 m, against 1.96 MB for every point.
    assert len(light.script) < 20_000 < 1_500_000 < len(full.script)
    coordinates = re.findall(r"-?\d+\.\d+", light.script.split("poly_lines_4 = ")[1].split("]]")[0])
    assert coordinates and all(len(c.split(".")[1]) <= 5 for c in coordinates)
    assert "[45.0,11.0],[" in light.script  # compact JSON: no space in 15,000 pairs


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
def test_the_map_draws_offline_in_a_real_browser(tmp_path: Path):
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    chromium = _chromium()
    if chromium is None:
        pytest.skip("chromium is not installed")
    shutil.copytree(STATIC / "vendor", tmp_path / "assets" / "vendor")
    tricky = MapMarker(45.05, 11, PointKind.PHOTO, "</script>{{ 7*7 }} & 'x'", "{% raw %}`${x}`")
    markers = (*MARKERS, tricky)
    parts = render(markers=markers, assets_url="assets")
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
                clustered: journalMap.markers.filter(m => journalMap.cluster.hasLayer(m)).length,
                texts: journalMap.markers.map(m => [
                    m.getPopup() ? m.getPopup().getContent() : "",
                    m.getTooltip() ? m.getTooltip().getContent() : "",
                ]),
            })"""
        )
        browser.close()
    assert errors == []
    assert drawn["routes"] == drawn["paths"] == 3
    assert drawn["markers"] == 5 and drawn["clustered"] == 3
    assert drawn["zoom"] > 5  # fitted to the route, not the opening view
    # Popups and tooltips reach Leaflet exactly as written, whatever they hold.
    assert sorted(map(tuple, drawn["texts"])) == sorted((m.popup_html, m.tooltip) for m in markers)


ENDS = (
    MapMarker(45.0, 11.0, PointKind.START, "<p>Partenza</p>", "Partenza: Mantova"),
    MapMarker(46.019, 11.0, PointKind.END, "<p>Arrivo</p>", "Arrivo: {{ x }}</script>"),
)


def _ends_rows(script: str) -> list:
    found = re.search(r"window\.journalMap\.ends = (\[.*\])\.map\(", script)
    assert found, script
    return json.loads(found.group(1))


def test_start_and_finish_are_drawn_apart_from_the_other_markers():
    script = render(markers=(*MARKERS, *ENDS)).script
    assert _ends_rows(script) == [
        [[45.0, 11.0], "start", ENDS[0].popup_html, ENDS[0].tooltip],
        [[46.019, 11.0], "end", ENDS[1].popup_html, ENDS[1].tooltip],
    ]
    rows = [row for _, group in layer_groups(script).values() for row in group]
    assert all(row[2] not in (ENDS[0].popup_html, ENDS[1].popup_html) for row in rows)
    # The ends come after the registry they are listed in, and are above every marker.
    assert script.index("window.journalMap = {") < script.index("window.journalMap.ends")
    assert "zIndexOffset: 1000" in script and '"aria-label", r[3]' in script
    assert "</script" not in script and "{{ x }}" not in script


def test_gesture_hints_in_the_page_language_and_only_when_framed():
    words = {
        "touch": "Usa due dita per spostare la mappa",
        "scroll": "Usa Ctrl + rotellina",
        "scrollMac": "Usa ⌘ + scorrimento",
    }
    script = render(gestures=words).script
    found = re.search(r"\}\)\(map_journal, (\[.*?\])\);", script)
    assert found and json.loads(found.group(1)) == [
        words["touch"],
        words["scroll"],
        words["scrollMac"],
    ]
    assert "if (window.self === window.top) return;" in script
    assert "map.gestureHandling.enable();" in script
    # Half a set of words would mix languages: the plugin's own are used instead.
    partial = render(gestures={"touch": "Usa due dita"}).script
    assert "(map_journal, []);" in partial


def test_the_page_legend_becomes_a_map_control():
    script = render().script
    assert 'document.getElementById("map-legend")' in script
    assert 'new Legend({position: "bottomleft"}).addTo(map);' in script
