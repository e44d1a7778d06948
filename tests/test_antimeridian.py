"""A trip across the antimeridian: a flight from Santiago to Auckland in a world tour.

It must be drawn the short way, west over the Pacific, on the live map and on the static map,
each framed on the route and not on the whole world; route.geojson cuts its lines at 180
degrees as RFC 7946 (3.1.9) asks.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journal.cli import app
from journal.core.geo import in_window, lon_window, unwrapped
from journal.core.route import LegKind, PointKind, Route, RoutePoint, Segment
from journal.render import staticlayout

SANTIAGO = (-33.45, -70.66)
AUCKLAND = (-36.85, 174.76)
START = dt.datetime(2019, 3, 1, 12, 0, tzinfo=dt.UTC)


def _gpx(name: str, where: tuple[float, float], start: dt.datetime) -> str:
    points = "".join(
        f'<trkpt lat="{where[0] + i / 500:.5f}" lon="{where[1] + i / 500:.5f}"><time>'
        f"{(start + dt.timedelta(minutes=5 * i)).strftime('%Y-%m-%dT%H:%M:%SZ')}</time></trkpt>"
        for i in range(12)
    )
    return (
        '<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>'
        f"{name}</name><trkseg>{points}</trkseg></trk></gpx>"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ride in Santiago, a flight, a ride in Auckland: rendered with the real command."""
    root = tmp_path_factory.mktemp("pacific")
    trip = root / "trips" / "pacifico"
    (trip / "tracks").mkdir(parents=True)
    (trip / "trip.toml").write_text(
        'default_lang = "it"\ntimezone = "America/Santiago"\nmode = "motorbike"\n'
        '[title]\nit = "Giro del mondo"\n',
        encoding="utf-8",
    )
    (trip / "tracks" / "santiago.gpx").write_text(_gpx("Santiago", SANTIAGO, START), "utf-8")
    landed = START + dt.timedelta(hours=14)
    (trip / "tracks" / "auckland.gpx").write_text(_gpx("Auckland", AUCKLAND, landed), "utf-8")
    result = CliRunner().invoke(app, ["--root", str(root), "render", "pacifico"])
    assert result.exit_code == 0, result.output
    return root / "site" / "pacifico"


def test_the_window_holds_the_route_and_the_line_takes_the_short_way() -> None:
    west = lon_window([SANTIAGO[1], AUCKLAND[1]])
    assert in_window(AUCKLAND[1], west) < in_window(SANTIAGO[1], west)  # Auckland lies west
    assert unwrapped([SANTIAGO[1], AUCKLAND[1]], west)[1] - in_window(SANTIAGO[1], west) == (
        pytest.approx(-114.58)
    )
    assert lon_window([-0.12, 10.79, 4.03]) == -180.0  # Europe: longitudes as they are


def test_route_geojson_cuts_the_flight_at_180_degrees(site: Path) -> None:
    route = json.loads((site / "route.geojson").read_text(encoding="utf-8"))
    lines = [f["geometry"] for f in route["features"] if f["properties"]["kind"] == "segment"]
    parts = [
        part
        for geometry in lines
        for part in (
            geometry["coordinates"]
            if geometry["type"] == "MultiLineString"
            else [geometry["coordinates"]]
        )
    ]
    for part in parts:
        lons = [p[0] for p in part]
        assert all(-180 <= lon <= 180 for lon in lons)
        assert all(abs(b - a) <= 180 for a, b in zip(lons, lons[1:], strict=False)), lons
    cut = [g for g in lines if g["type"] == "MultiLineString"]
    assert len(cut) == 1, lines
    first, second = cut[0]["coordinates"]
    assert first[-1][0] == -180.0 and second[0][0] == 180.0
    assert first[-1][1] == second[0][1]  # the same crossing, on both sides


def test_the_live_map_draws_the_short_way_framed_on_the_route(site: Path) -> None:
    page = (site / "map.html").read_text(encoding="utf-8")
    lines = json.loads(re.search(r"var poly_lines_\d+ = (\[.*?\])\.map\(", page)[1])
    lons = [p[1] for row in lines for p in row[0]]
    for row in lines:
        steps = [abs(b[1] - a[1]) for a, b in zip(row[0], row[0][1:], strict=False)]
        assert max(steps, default=0) < 180, row[0]
    assert max(lons) - min(lons) < 130  # the Pacific (115 degrees), not the world (245)
    fit = re.search(r"fitBounds\(\s*(\[\[.*?\]\])", page, re.S)
    (south, west), (north, east) = json.loads(fit[1])
    assert east - west < 130


def test_the_static_map_draws_the_short_way() -> None:
    """Auckland is drawn west of Santiago: across the Pacific, not round Africa."""
    points = [
        RoutePoint(*SANTIAGO, START, PointKind.TRACK, day=START.date()),
        RoutePoint(*AUCKLAND, START + dt.timedelta(hours=14), PointKind.TRACK, day=START.date()),
    ]
    route = Route((Segment(START.date(), tuple(points), LegKind.TRANSFER, "flight"),))
    drawn = staticlayout.layout(route, "T")
    (line,) = drawn.lines
    assert line.points[-1][0] < line.points[0][0]
    assert staticlayout.layout(route, "T") == staticlayout.layout(route, "T", cull=False)
