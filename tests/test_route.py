"""build_route and simplify on hand-built trips: UTC ordering, splitting, track preference."""

from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from journal.core.geo import haversine_m
from journal.core.models import (
    Entry,
    EntryText,
    GeoPoint,
    LegMode,
    Moment,
    Photo,
    TimeSource,
    Track,
    TrackPoint,
    Trip,
    TripConfig,
)
from journal.core.route import LegKind, PointKind, RoutePoint
from journal.enrich.route import build_route, simplify

UTC = dt.UTC
ROME = dt.timezone(dt.timedelta(hours=2))
LONDON = dt.timezone(dt.timedelta(hours=1))
DAY = dt.date(2024, 6, 1)


def utc(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def photo(name: str, lat: float, lon: float, when: dt.datetime | None, zone=ROME) -> Photo:
    moment = None
    if when is not None:
        local = when.astimezone(zone).replace(tzinfo=None)
        moment = Moment(utc=when, local=local, source=TimeSource.GPS)
    return Photo(
        path=Path("/trip/photos") / name,
        name=name,
        position=GeoPoint(lat, lon),
        moment=moment,
    )


def entry(slug: str, lat: float, lon: float, when: dt.datetime | None) -> Entry:
    text = EntryText(
        lang="it", path=Path(f"/trip/entries/{slug}.it.md"), title=slug, body="", body_line=4
    )
    moment = None
    if when is not None:
        moment = Moment(when, when.astimezone(ROME).replace(tzinfo=None), TimeSource.CAMERA_TRIP)
    day = when.astimezone(ROME).date() if when else DAY
    return Entry(
        date=day,
        slug=slug,
        texts={"it": text},
        original_lang="it",
        moment=moment,
        location=GeoPoint(lat, lon),
    )


def track(name: str, *segments: list[TrackPoint]) -> Track:
    return Track(path=Path("/trip/tracks") / name, name=name, segments=tuple(map(tuple, segments)))


def trip(photos=(), entries=(), tracks=()) -> Trip:
    config = TripConfig(
        default_lang="it",
        languages=("it", "en"),
        timezone="Europe/Rome",
        titles={"it": "Giro", "en": "Tour"},
    )
    return Trip(
        slug="giro",
        path=Path("/trip"),
        config=config,
        entries=tuple(entries),
        photos=tuple(photos),
        tracks=tuple(tracks),
    )


def refs(route) -> list[list[str]]:
    return [[p.ref for p in s.points] for s in route.segments]


def test_points_are_ordered_by_utc_not_by_local_time():
    # 09:00 in London is 08:00 UTC; 09:30 in Rome is 07:30 UTC: Rome comes first.
    london = photo("london.jpg", 51.5, -0.1, utc(8), zone=LONDON)
    rome = photo("rome.jpg", 41.9, 12.5, utc(7, 30), zone=ROME)
    assert london.moment.local.time() < rome.moment.local.time()
    route = build_route(trip(photos=[london, rome]))
    assert refs(route) == [["rome.jpg", "london.jpg"]]
    assert [s.ref for s in route.stops] == ["rome.jpg", "london.jpg"]


def test_a_new_local_day_starts_a_new_leg_joined_to_the_last_one():
    # 23:30 and 00:30 in Rome are one hour apart but on two days: the step that arrives after
    # midnight belongs to the new day, so the line never breaks between days.
    late = [photo(f"a{i}.jpg", 45 + i / 100, 11, utc(21, 10 * i)) for i in range(3)]
    early = [photo(f"b{i}.jpg", 45.5 + i / 100, 11, utc(22, 30 + 10 * i)) for i in range(3)]
    route = build_route(trip(photos=late + early))
    assert [s.day for s in route.segments] == [DAY, DAY + dt.timedelta(days=1)]
    assert refs(route) == [["a0.jpg", "a1.jpg", "a2.jpg"], ["a2.jpg", "b0.jpg", "b1.jpg", "b2.jpg"]]
    assert {s.kind for s in route.segments} == {LegKind.ESTIMATED}


def test_a_long_gap_in_a_track_is_bridged_by_an_estimated_leg():
    points = [TrackPoint(45 + i / 100, 11, None, utc(6, 10 * i)) for i in range(3)]
    points += [TrackPoint(45.5 + i / 100, 11, None, utc(11, 10 * i)) for i in range(3)]
    route = build_route(trip(tracks=[track("day.gpx", points)]))
    assert [(s.kind, len(s.points)) for s in route.segments] == [
        (LegKind.RECORDED, 3),
        (LegKind.ESTIMATED, 2),
        (LegKind.RECORDED, 3),
    ]
    one = build_route(trip(tracks=[track("day.gpx", points)]), max_gap=dt.timedelta(hours=5))
    assert [s.kind for s in one.segments] == [LegKind.RECORDED]


def test_the_line_follows_the_track_where_it_has_one_and_joins_stops_elsewhere():
    ride = track(
        "ride.gpx",
        [
            TrackPoint(45 + i / 100, 11, 100.0 + i, utc(8) + dt.timedelta(minutes=10 * i))
            for i in range(7)
        ],
    )  # 08:00 - 09:00
    during = photo("during.jpg", 44.0, 10.0, utc(8, 30))  # a bad position, inside the track
    after = photo("after.jpg", 45.2, 11.1, utc(9, 30))
    before = entry("partenza", 44.9, 11, utc(7, 30))
    route = build_route(trip(photos=[during, after], entries=[before], tracks=[ride]))
    assert [s.kind for s in route.segments] == [
        LegKind.ESTIMATED,
        LegKind.RECORDED,
        LegKind.ESTIMATED,
    ]
    line = [p for s in route.segments for p in s.points]
    assert "during.jpg" not in [p.ref for p in line]
    kinds = [s.points[0].kind for s in route.segments] + [route.segments[-1].points[-1].kind]
    assert kinds == [PointKind.ENTRY, PointKind.TRACK, PointKind.TRACK, PointKind.PHOTO]
    assert route.segments[1].points[0].ref == "ride.gpx"
    assert route.segments[1].points[0].alt == 100.0
    assert [s.ref for s in route.stops] == ["2024-06-01-partenza", "during.jpg", "after.jpg"]


def test_a_jump_no_ride_could_make_is_a_transfer():
    dover = photo("dover.jpg", 51.12, 1.31, utc(8))
    bilbao = photo("bilbao.jpg", 43.26, -2.93, utc(10))  # 950 km in two hours: a flight
    bilbao2 = photo("bilbao2.jpg", 43.27, -2.90, utc(11))
    route = build_route(trip(photos=[dover, bilbao, bilbao2]))
    assert [s.kind for s in route.segments] == [LegKind.TRANSFER, LegKind.ESTIMATED]


def test_trip_toml_legs_name_a_transfer_and_its_mode():
    dover = photo("dover.jpg", 51.12, 1.31, utc(8))
    calais = photo("calais.jpg", 50.97, 1.85, utc(10))  # 45 km in two hours: could be a ride
    reims = photo("reims.jpg", 49.26, 4.03, utc(14))
    ferry = LegMode(utc(7, 50), utc(10, 5), "ferry")
    config = replace(trip().config, legs=(ferry,))
    route = build_route(replace(trip(photos=[dover, calais, reims]), config=config))
    assert [(s.kind, s.mode) for s in route.segments] == [
        (LegKind.TRANSFER, "ferry"),
        (LegKind.ESTIMATED, ""),
    ]


def test_an_entry_with_a_position_and_no_time_joins_at_the_end_of_its_day():
    morning = photo("morning.jpg", 45, 11, utc(7))
    evening = photo("evening.jpg", 45.1, 11, utc(16))
    note = entry("nota", 45.2, 11.1, None)
    route = build_route(trip(photos=[morning, evening], entries=[note]))
    assert refs(route) == [["morning.jpg", "evening.jpg", "2024-06-01-nota"]]
    assert route.stops[-1].ref == "2024-06-01-nota" and route.stops[-1].time is None


def test_track_points_are_dated_in_the_trip_timezone():
    # 22:30 UTC on 1 June is 00:30 on 2 June in Rome.
    night = track(
        "night.gpx",
        [
            TrackPoint(45, 11, None, utc(22, 30)),
            TrackPoint(45.01, 11, None, utc(22, 40)),
            TrackPoint(45.02, 11, None, None),
        ],
    )  # no time: not on the line
    route = build_route(trip(tracks=[night]))
    assert [(s.day, len(s.points)) for s in route.segments] == [(dt.date(2024, 6, 2), 2)]


def test_stops_without_time_come_last_and_a_lone_point_makes_no_segment():
    lone = photo("lone.jpg", 45, 11, utc(9))
    untimed = photo("untimed.jpg", 46, 12, None)
    route = build_route(trip(photos=[untimed, lone]))
    assert route.segments == ()
    assert [s.ref for s in route.stops] == ["lone.jpg", "untimed.jpg"]
    assert route.stops[1].time is None
    assert route.bounds == ((45, 11), (46, 12))


def line(coords: list[tuple[float, float]]) -> list[RoutePoint]:
    return [RoutePoint(lat, lon, None, PointKind.TRACK, "t.gpx") for lat, lon in coords]


def test_simplify_keeps_the_ends_and_corners_and_drops_what_lies_on_a_straight_line():
    straight = line([(45 + i * 1e-4, 11.0) for i in range(101)])
    assert simplify(straight, 5) == [straight[0], straight[-1]]
    corner = line(
        [(45 + i * 1e-4, 11.0) for i in range(51)] + [(45.005, 11 + i * 1e-4) for i in range(1, 51)]
    )
    assert simplify(corner, 5) == [corner[0], corner[50], corner[-1]]
    assert simplify(corner[:2], 5) == corner[:2]
    assert simplify(corner, 0) == corner


def test_simplify_keeps_a_bump_above_tolerance_and_drops_one_below():
    metre = 1 / 111_195  # a metre of latitude, in degrees
    bump = line([(45, 11.0), (45 + 8 * metre, 11.0005), (45, 11.001)])
    assert len(simplify(bump, 5)) == 3
    assert len(simplify(bump, 10)) == 2


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.floats(45, 45.01), st.floats(11, 11.01)), min_size=3, max_size=40),
    st.floats(0.5, 200),
)
def test_every_dropped_point_is_within_tolerance_of_the_simplified_line(coords, tolerance):
    points = line(coords)
    kept = simplify(points, tolerance)
    assert kept[0] is points[0] and kept[-1] is points[-1]
    index = {id(p): i for i, p in enumerate(points)}
    positions = [index[id(p)] for p in kept]
    assert positions == sorted(positions)
    for a, b in zip(positions, positions[1:], strict=False):
        for p in points[a + 1 : b]:
            assert _distance_to_chord(p, points[a], points[b]) <= tolerance * 1.01 + 0.01


def _distance_to_chord(p: RoutePoint, a: RoutePoint, b: RoutePoint) -> float:
    """Independent check in metres, sampling the chord finely (no shared code with route.py)."""
    steps = 2000
    return min(
        haversine_m(
            p.lat, p.lon, a.lat + (b.lat - a.lat) * k / steps, a.lon + (b.lon - a.lon) * k / steps
        )
        for k in range(steps + 1)
    )


def test_simplify_handles_a_hundred_thousand_points_without_recursion():
    # A winding road: 100,000 points a few metres apart, wiggling 30 m either side.
    coords = [(45 + i * 2e-5, 11 + 3e-4 * math.sin(i / 50)) for i in range(100_000)]
    points = line(coords)
    start = time.perf_counter()
    kept = simplify(points, 5)
    elapsed = time.perf_counter() - start
    assert 100 < len(kept) < 20_000
    assert kept[0] is points[0] and kept[-1] is points[-1]
    # Measured 0.3 s; plain RDP without chunks took 31 s on this line. A bound, not a benchmark.
    assert elapsed < 10
