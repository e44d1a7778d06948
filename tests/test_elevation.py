"""Elevation profiles: which altitudes a day's profile uses, its numbers, and its chart."""

from __future__ import annotations

import datetime as dt
import math
import re

import pytest

from journal.core.route import PointKind, Route, RoutePoint, Segment
from journal.render import elevation
from journal.render.elevation import Profile, chart, day_profiles

DAY = dt.date(2015, 6, 30)
NEXT = dt.date(2015, 7, 1)


def point(
    km: float, alt: float | None, kind: PointKind = PointKind.TRACK, day: dt.date = DAY
) -> RoutePoint:
    """A point `km` kilometres east of 45°N 7°E (about 78.7 km a degree there)."""
    return RoutePoint(45.0, 7.0 + km / 78.7, None, kind, alt=alt, day=day)


def profile(*alts: float, step_km: float = 1.0) -> Profile:
    distances = tuple(i * step_km for i in range(len(alts)))
    return Profile(DAY, distances, tuple(alts), PointKind.TRACK)


def test_a_track_with_elevations_makes_the_profile() -> None:
    track = Segment(DAY, (point(0, 1000), point(10, 1200), point(20, None), point(30, 1100)))
    photo = point(5, 3000, PointKind.PHOTO)
    found = day_profiles(Route((track,), stops=(photo, point(6, 2900, PointKind.PHOTO))))
    assert list(found) == [DAY]
    assert found[DAY].source is PointKind.TRACK
    assert found[DAY].altitudes_m == (1000, 1200, 1100)  # photos are not mixed in
    assert found[DAY].length_km == pytest.approx(30, rel=0.01)


def test_photo_altitudes_make_the_profile_of_a_day_without_track_elevations() -> None:
    track = Segment(DAY, (point(0, None), point(10, None)))
    photos = (
        point(0, 400, PointKind.PHOTO),
        point(2, None, PointKind.PHOTO),
        point(4, 650, PointKind.PHOTO),
        point(4, 900, PointKind.ENTRY),  # entries carry no altitude a reader should trust
        point(1, 500, PointKind.PHOTO, day=NEXT),  # alone on its day: no profile
    )
    found = day_profiles(Route((track,), stops=photos))
    assert list(found) == [DAY]
    assert found[DAY].source is PointKind.PHOTO
    assert found[DAY].altitudes_m == (400, 650)
    assert found[DAY].length_km == pytest.approx(4, rel=0.01)


def test_segments_of_a_day_join_into_one_profile() -> None:
    morning = Segment(DAY, (point(0, 100), point(10, 200)))
    evening = Segment(DAY, (point(15, 300), point(25, 250)))
    found = day_profiles(Route((morning, evening)))[DAY]
    assert found.altitudes_m == (100, 200, 300, 250)
    assert found.distances_km[2] == pytest.approx(15, rel=0.01)  # the gap counts


def test_climb_ignores_the_wobble_of_a_flat_road() -> None:
    assert profile(*[100 + (2 if i % 2 else -2) for i in range(500)]).climb_m == 0
    assert profile(*range(0, 101)).climb_m == pytest.approx(100, abs=elevation.CLIMB_THRESHOLD_M)
    # Up 300, down 200, up 150: the climb is 450.
    ride = profile(*range(0, 301, 10), *range(290, 99, -10), *range(110, 251, 10))
    assert ride.climb_m == 450
    assert (ride.lowest_m, ride.highest_m) == (0, 300)


def test_chart_labels_follow_the_language() -> None:
    ride = profile(180, 1200, 2108, 950, step_km=40)
    italian, english = chart(ride, "it"), chart(ride, "en")
    assert (italian["highest"], english["highest"]) == ("2.108", "2,108")
    assert [t["label"] for t in italian["y_ticks"]] == [
        "0",
        "500",
        "1.000",
        "1.500",
        "2.000",
        "2.500",
    ]
    assert [t["label"] for t in english["x_ticks"]] == ["0", "25", "50", "75", "100"]
    assert english["x_ticks"][-1]["percent"] == "83.33"  # of the day's 120 km
    assert [t["percent"] for t in english["y_ticks"]][:2] == ["0", "20"]


def vertices_y(path: str) -> list[int]:
    """The absolute y of every vertex of the profile, from its relative steps (the first and
    last points close the outline below the box and are left out)."""
    numbers = [int(n) for n in re.findall(r"-?\d+", path)]
    ys = [numbers[1]]
    for dy in numbers[3::2]:
        ys.append(ys[-1] + dy)
    return ys[1:-1]


def test_chart_keeps_the_peaks_of_a_long_track_and_stays_small() -> None:
    alts = [1000 + 500 * math.sin(i / 900) for i in range(100_000)]
    alts[31_337] = 2600  # one spike among 100,000 points must survive the thinning
    drawn = chart(profile(*alts, step_km=0.01), "en")
    ys = vertices_y(drawn["path"])
    assert len(ys) <= 2 * elevation.SLICES + 2
    assert len(drawn["path"]) < 4000
    assert drawn["highest"] == "2,600"
    ticks = {int(t["label"].replace(",", "")): t["y"] for t in drawn["y_ticks"]}
    bottom, top = min(ticks), max(ticks)
    assert (bottom, top) == (500, 3000)
    spike = round(elevation.HEIGHT - (2600 - bottom) / (top - bottom) * elevation.HEIGHT)
    assert min(ys) == spike
    assert max(ys) == round(elevation.HEIGHT - (500 - bottom) / (top - bottom) * elevation.HEIGHT)
    assert all(0 <= y <= elevation.HEIGHT for y in ys)
