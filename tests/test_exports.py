"""route.geojson and route.gpx: full fidelity, read back with json and gpxpy."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import gpxpy

from journal.core.models import (
    GeoPoint,
    Moment,
    Photo,
    TimeSource,
    Track,
    TrackPoint,
    Trip,
    TripConfig,
)
from journal.core.route import LegKind, PointKind, Route, RoutePoint, Segment
from journal.enrich.route import build_route
from journal.render.exports import route_geojson, route_gpx
from tests.conftest import corpus_dir, needs_corpus

CORPUS = corpus_dir()
UTC = dt.UTC
DAY1, DAY2 = dt.date(2024, 6, 1), dt.date(2024, 6, 2)


def point(lat, lon, when, kind=PointKind.TRACK, ref="ride.gpx", alt=None, day=DAY1):
    return RoutePoint(lat, lon, when, kind, ref, alt, day)


def sample_route() -> Route:
    t = dt.datetime(2024, 6, 1, 8, 0, 0, 250000, tzinfo=UTC)
    first = (
        point(45.123456789012345, 11.00001, t, alt=101.25),
        point(45.2, 11.2, t + dt.timedelta(minutes=5)),
    )
    second = (
        point(0.00001, -0.00002, t + dt.timedelta(days=1), day=DAY2),
        point(0.1, -0.2, t + dt.timedelta(days=1, minutes=5), day=DAY2),
    )
    third = (
        point(1.0, 1.0, t + dt.timedelta(days=1, hours=6), day=DAY2),
        point(1.1, 1.1, t + dt.timedelta(days=1, hours=7), day=DAY2),
    )
    stops = (
        point(45.15, 11.1, t, PointKind.PHOTO, "2024/IMG_1.jpg", alt=99.5),
        point(45.3, 11.3, None, PointKind.ENTRY, "2024-06-01-partenza", day=None),
    )
    segments = (
        Segment(DAY1, first),
        Segment(DAY2, second),
        Segment(DAY2, third, LegKind.TRANSFER, "ferry"),
    )
    return Route(segments=segments, stops=stops)


def test_geojson_has_a_line_per_segment_and_a_point_per_stop_at_full_precision():
    data = json.loads(route_geojson(sample_route()))
    assert data["type"] == "FeatureCollection"
    kinds = [f["geometry"]["type"] for f in data["features"]]
    assert kinds == ["LineString"] * 3 + ["Point"] * 2
    line = data["features"][0]
    assert line["geometry"]["coordinates"][0] == [11.00001, 45.123456789012345, 101.25]
    assert line["geometry"]["coordinates"][1] == [11.2, 45.2]
    assert line["properties"] == {
        "kind": "segment",
        "leg": "recorded",
        "mode": None,
        "day": "2024-06-01",
        "start": "2024-06-01T08:00:00.250000Z",
        "end": "2024-06-01T08:05:00.250000Z",
    }
    assert data["features"][2]["properties"]["leg"] == "transfer"
    assert data["features"][2]["properties"]["mode"] == "ferry"
    photo, entry = data["features"][3:]
    assert photo["geometry"]["coordinates"] == [11.1, 45.15, 99.5]
    assert photo["properties"] == {
        "kind": "photo",
        "file": "2024/IMG_1.jpg",
        "time": "2024-06-01T08:00:00.250000Z",
        "day": "2024-06-01",
    }
    assert entry["properties"] == {
        "kind": "entry",
        "entry": "2024-06-01-partenza",
        "time": None,
        "day": None,
    }


def test_geojson_is_deterministic_and_keeps_key_order():
    text = route_geojson(sample_route())
    assert text == route_geojson(sample_route())
    assert text.startswith('{"type":"FeatureCollection","features":[{"type":"Feature","geometry"')
    assert text.endswith("\n")


def test_gpx_reads_back_with_gpxpy_a_track_per_leg_and_a_waypoint_per_stop():
    text = route_gpx(sample_route(), name="Giro d'Italia")
    gpx = gpxpy.parse(text)
    assert gpx.version == "1.1" and gpx.creator == "journal"
    assert gpx.name == "Giro d'Italia"
    assert [t.name for t in gpx.tracks] == [
        "Giro d'Italia 2024-06-01",
        "Giro d'Italia 2024-06-02",
        "Giro d'Italia 2024-06-02",
    ]
    assert [(t.type, t.description) for t in gpx.tracks] == [
        ("recorded", None),
        ("recorded", None),
        ("transfer", "ferry"),
    ]
    assert [len(t.segments) for t in gpx.tracks] == [1, 1, 1]
    first = gpx.tracks[0].segments[0].points[0]
    assert (first.latitude, first.longitude, first.elevation) == (
        45.123456789012345,
        11.00001,
        101.25,
    )
    assert first.time == dt.datetime(2024, 6, 1, 8, 0, 0, 250000, tzinfo=dt.UTC)
    tiny = gpx.tracks[1].segments[0].points[0]
    assert (tiny.latitude, tiny.longitude) == (0.00001, -0.00002)
    assert [(w.name, w.type) for w in gpx.waypoints] == [
        ("2024/IMG_1.jpg", "photo"),
        ("2024-06-01-partenza", "entry"),
    ]
    assert gpx.waypoints[1].time is None and gpx.waypoints[0].elevation == 99.5


def test_gpx_writes_decimals_never_exponents_and_is_deterministic():
    text = route_gpx(sample_route(), name="x")
    assert 'lat="0.00001" lon="-0.00002"' in text
    assert "e-0" not in text
    assert text == route_gpx(sample_route(), name="x")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<gpx ')
    assert text.index("<wpt ") < text.index("<trk>")  # the schema's order


def test_an_empty_route_exports_valid_empty_files():
    empty = Route(segments=())
    assert json.loads(route_geojson(empty)) == {"type": "FeatureCollection", "features": []}
    gpx = gpxpy.parse(route_gpx(empty, name="vuoto"))
    assert gpx.tracks == [] and gpx.waypoints == []


def test_plain_route_points_export_without_a_day():
    stop = RoutePoint(45.0, 11.0, None, PointKind.PHOTO, "a.jpg")
    data = json.loads(route_geojson(Route(segments=(), stops=(stop,))))
    assert data["features"][0]["properties"]["day"] is None


def read_corpus_track(name: str) -> Track:
    """A Track model from a real GPX file of the corpus (read in place)."""
    path = CORPUS / "gpx-real" / "files" / name
    with path.open(encoding="utf-8") as handle:
        parsed = gpxpy.parse(handle)
    segments = tuple(
        tuple(
            TrackPoint(
                p.latitude, p.longitude, p.elevation, p.time.astimezone(UTC) if p.time else None
            )
            for p in segment.points
        )
        for track in parsed.tracks
        for segment in track.segments
    )
    return Track(path=path, name=name, segments=segments)


def photo_at(name: str, when: dt.datetime) -> Photo:
    local = when.replace(tzinfo=None) + dt.timedelta(hours=2)  # CEST at Cerknica in August
    return Photo(
        path=Path("/trip/photos") / name,
        name=name,
        position=GeoPoint(45.75, 14.37, 560.0),
        moment=Moment(when, local, TimeSource.GPS),
    )


@needs_corpus
def test_a_real_recorded_track_round_trips_through_gpx_and_geojson_point_for_point():
    # cerknicko-jezero.gpx: 8 segments (one empty), 296 timed points on 5 August 2010, with
    # short pauses between segments (the first ends 15:05:08, the next starts 15:11:36).
    track = read_corpus_track("cerknicko-jezero.gpx")
    riding = photo_at("riding.jpg", dt.datetime(2010, 8, 5, 14, 30, tzinfo=UTC))
    pause = photo_at("pause.jpg", dt.datetime(2010, 8, 5, 15, 8, tzinfo=UTC))
    config = TripConfig("it", ("it", "en"), "Europe/Ljubljana", {"it": "Lago"})
    trip = Trip("lago", Path("/trip"), config, (), (riding, pause), tracks=(track,))
    route = build_route(trip)
    line = [p for s in route.segments for p in s.points]
    timed = [p for s in track.segments for p in s if p.time is not None]
    assert len(timed) == 296  # what gpxpy 1.6.2 counts too (gpxpy.json)
    # every recorded point once, in order; the pause photo joins two recorded stretches
    recorded = [p for s in route.segments if s.kind is LegKind.RECORDED for p in s.points]
    assert [(p.lat, p.lon, p.time) for p in recorded] == [(p.lat, p.lon, p.time) for p in timed]
    joined = [p.ref for s in route.segments if s.kind is LegKind.ESTIMATED for p in s.points]
    assert "pause.jpg" in joined and "riding.jpg" not in joined
    assert all(
        a.points[-1] == b.points[0]
        for a, b in zip(route.segments, route.segments[1:], strict=False)
    )
    assert {s.day for s in route.segments} == {dt.date(2010, 8, 5)}

    gpx = gpxpy.parse(route_gpx(route, name="Cerknica"))
    back = [p for t in gpx.tracks for s in t.segments for p in s.points]
    assert [(p.latitude, p.longitude, p.elevation, p.time) for p in back] == [
        (p.lat, p.lon, p.alt, p.time) for p in line
    ]
    assert [w.name for w in gpx.waypoints] == ["riding.jpg", "pause.jpg"]

    data = json.loads(route_geojson(route))
    lines = data["features"][: len(route.segments)]
    assert [c for f in lines for c in f["geometry"]["coordinates"]] == [
        [p.lon, p.lat, p.alt] if p.alt is not None else [p.lon, p.lat] for p in line
    ]
    assert [f["properties"]["leg"] for f in lines] == [str(s.kind) for s in route.segments]
