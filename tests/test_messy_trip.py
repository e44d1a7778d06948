"""A real trip is messy: phone photos every few hours and no tracker, a stray photo from
another trip, a GPS unit whose clock says 1901, an entry that names a place and nothing more.
Built with real JPEGs (photofactory) and rendered end to end through the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from journal.cli import app
from journal.core.errors import Report
from journal.core.route import LegKind
from journal.enrich.public import make_public
from journal.load.secret import privacy_secret
from journal.pipeline import read_trip
from tests.photofactory import ExifSpec, write_jpeg

runner = CliRunner()
CEST = dt.timezone(dt.timedelta(hours=2))

#: Four days from Milan over the Alps to Chamonix, a photo every few hours.
RIDE = [
    ("d1-milano.jpg", 45.4642, 9.1900, dt.datetime(2019, 7, 1, 9, 0, tzinfo=CEST)),
    ("d1-como.jpg", 45.8081, 9.0852, dt.datetime(2019, 7, 1, 13, 30, tzinfo=CEST)),
    ("d1-bellinzona.jpg", 46.1955, 9.0236, dt.datetime(2019, 7, 1, 18, 0, tzinfo=CEST)),
    ("d2-airolo.jpg", 46.5286, 8.6119, dt.datetime(2019, 7, 2, 10, 0, tzinfo=CEST)),
    ("d2-andermatt.jpg", 46.6356, 8.5939, dt.datetime(2019, 7, 2, 15, 0, tzinfo=CEST)),
    ("d4-martigny.jpg", 46.1027, 7.0727, dt.datetime(2019, 7, 4, 11, 0, tzinfo=CEST)),
]
ENTRY = """---
title: Chamonix
time: "19:00"
place: Chamonix
---

Arrivato.
"""
GPX_1901 = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
<trkpt lat="45.0" lon="7.0"><time>1901-03-02T10:00:00Z</time></trkpt>
<trkpt lat="45.1" lon="7.1"><time>1901-03-02T10:10:00Z</time></trkpt>
</trkseg></trk></gpx>
"""


def _photo(folder: Path, name: str, lat: float, lon: float, when: dt.datetime) -> None:
    utc = when.astimezone(dt.UTC)
    spec = ExifSpec(lat=lat, lon=lon, gps_time=utc, taken=when.replace(tzinfo=None),
                    offset="+02:00", model="Phone")  # fmt: skip
    write_jpeg(folder / name, spec)


def make_messy_trip(root: Path) -> Path:
    trip = root / "trips" / "alpi"
    (trip / "photos").mkdir(parents=True)
    (trip / "entries").mkdir()
    (trip / "tracks").mkdir()
    (trip / "trip.toml").write_text(
        'default_lang = "it"\ntimezone = "Europe/Rome"\n[title]\nit = "Alpi"\n', encoding="utf-8"
    )
    for name, lat, lon, when in RIDE:
        _photo(trip / "photos", name, lat, lon, when)
    # two years older, another country: a stray from another trip
    _photo(
        trip / "photos", "old-lisbon.jpg", 38.72, -9.14, dt.datetime(2017, 5, 3, 12, tzinfo=CEST)
    )
    # between two Swiss photos an hour apart, a position in Sicily: no ride could make it
    _photo(trip / "photos", "d2-glitch.jpg", 37.5, 15.1, dt.datetime(2019, 7, 2, 12, tzinfo=CEST))
    (trip / "tracks" / "gps-1901.gpx").write_text(GPX_1901, encoding="utf-8")
    (trip / "entries" / "2019-07-04-chamonix.it.md").write_text(ENTRY, encoding="utf-8")
    return trip


def test_every_photo_and_named_place_is_on_the_line_and_strays_are_kept_out(
    tmp_path: Path,
) -> None:
    folder = make_messy_trip(tmp_path)
    report = Report()
    trip = read_trip(folder, report, tmp_path / ".journal" / "cache" / "alpi")
    strays = {p.path.name: p.code for p in report.warnings if p.code.endswith(".stray")}
    assert strays == {
        "old-lisbon.jpg": "photo.stray",
        "d2-glitch.jpg": "photo.stray",
        "gps-1901.gpx": "track.stray",
    }
    public = make_public(trip, secret=privacy_secret(tmp_path))
    line = [p.ref for s in public.route.segments for p in s.points]
    for name, *_ in RIDE:
        assert name in line, f"{name} is not on the route line"
    assert "2019-07-04-chamonix" in line  # the place's position, at the entry's time
    assert "old-lisbon.jpg" not in line and "d2-glitch.jpg" not in line
    assert all(a.points[-1] == b.points[0] for a, b in zip(public.route.segments,
               public.route.segments[1:], strict=False))  # fmt: skip
    stats = public.stats
    assert stats.countries == ("IT", "CH", "FR")
    assert [d.number for d in stats.days] == [1, 2, 3, 4]  # the rest day counts too
    assert stats.distance_km == 0  # nothing was recorded: no km ridden
    assert 250 < stats.estimated_km < 450
    assert {s.kind for s in public.route.segments} == {LegKind.ESTIMATED}


def test_a_stray_without_gps_gets_one_warning_that_says_where_it_went(tmp_path: Path) -> None:
    """A camera photo from another year has no GPS either: 'shown in its day's entry' would
    contradict the stray's 'shown under Other photos'. A photo of the trip without GPS still
    gets its own warning."""
    folder = make_messy_trip(tmp_path)
    old = ExifSpec(taken=dt.datetime(2016, 8, 1, 10, 0), offset="+02:00", model="Camera")
    write_jpeg(folder / "photos" / "old-camera.jpg", old)
    today = ExifSpec(taken=dt.datetime(2019, 7, 2, 16, 0), offset="+02:00", model="Camera")
    write_jpeg(folder / "photos" / "d2-camera.jpg", today)
    report = Report()
    read_trip(folder, report, None)
    about = {name: [(p.code, p.message) for p in report.warnings if p.path.name == name]
             for name in ("old-camera.jpg", "d2-camera.jpg")}  # fmt: skip
    assert [code for code, _ in about["old-camera.jpg"]] == ["photo.stray"]
    assert "Other photos" in about["old-camera.jpg"][0][1]
    assert [code for code, _ in about["d2-camera.jpg"]] == ["photo.incomplete"]
    assert "no GPS position" in about["d2-camera.jpg"][0][1]


def test_render_and_check_name_the_strays_and_check_suggests_dates(tmp_path: Path) -> None:
    make_messy_trip(tmp_path)
    check = runner.invoke(app, ["--root", str(tmp_path), "check", "alpi"])
    assert check.exit_code == 0, check.output
    assert "old-lisbon.jpg" in check.output and "gps-1901.gpx" in check.output
    assert 'dates = ["2019-07-01", "2019-07-04"]' in check.output
    rendered = runner.invoke(app, ["--root", str(tmp_path), "render", "alpi"])
    assert rendered.exit_code == 0, rendered.output
    assert "old-lisbon.jpg" in rendered.output
    site = tmp_path / "site" / "alpi"
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "Giorno 4" in page and "Giorno 5" not in page and "Giorno 1149" not in page
    legs = [f["properties"]["leg"] for f in json.loads((site / "route.geojson").read_text())[
        "features"] if f["geometry"]["type"] == "LineString"]  # fmt: skip
    assert legs and set(legs) == {"estimated"}
    assert (site / "route.png").stat().st_size > 10_000  # a base map, not an empty square


def test_dates_in_trip_toml_fix_the_span(tmp_path: Path) -> None:
    folder = make_messy_trip(tmp_path)
    toml = folder / "trip.toml"
    toml.write_text('dates = ["2019-07-01", "2019-07-02"]\n' + toml.read_text(), encoding="utf-8")
    report = Report()
    trip = read_trip(folder, report, None)
    strays = {p.path.name for p in report.warnings if p.code == "photo.stray"}
    assert "d4-martigny.jpg" in strays  # after the last day the rider gave
    assert trip.span == (dt.date(2019, 7, 1), dt.date(2019, 7, 2))


def test_an_unknown_place_is_a_warning_that_says_how_to_give_a_position(tmp_path: Path) -> None:
    folder = make_messy_trip(tmp_path)
    entry = folder / "entries" / "2019-07-03-rifugio.it.md"
    entry.write_text(
        "---\ntitle: Rifugio\nplace: Rifugio Nessunluogo\n---\n\nx\n", encoding="utf-8"
    )
    report = Report()
    read_trip(folder, report, None)
    (problem,) = [p for p in report.warnings if p.code == "entry.unknown-place"]
    assert problem.path == entry and problem.line == 3
    assert "Rifugio Nessunluogo" in problem.message and "location:" in problem.message
