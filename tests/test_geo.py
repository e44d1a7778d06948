"""The geometry every distance, map and privacy rule relies on, checked against exact values."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.core.geo import (
    EARTH_RADIUS_M,
    haversine_m,
    lerp_lon,
    mercator,
    path_length_m,
    step_lengths_m,
)
from journal.core.models import GeoPoint, PrivacyZone
from journal.enrich.privacy import hidden

lats = st.floats(min_value=-89.9, max_value=89.9)
lons = st.floats(min_value=-180, max_value=180)


def test_one_degree_of_a_meridian_is_a_360th_of_the_circumference() -> None:
    assert haversine_m(0, 0, 1, 0) == pytest.approx(2 * math.pi * EARTH_RADIUS_M / 360, rel=1e-12)
    assert haversine_m(0, 0, 90, 0) == pytest.approx(math.pi * EARTH_RADIUS_M / 2, rel=1e-12)


def test_london_to_mantua_is_about_a_thousand_km_as_the_crow_flies() -> None:
    # Trafalgar Square to Piazza Sordello: "about 1,000 km", 1,070 km on the great circle.
    assert 1000 < haversine_m(51.5080, -0.1281, 45.1600, 10.7977) / 1000 < 1100


def test_antipodes_do_not_overflow_asin() -> None:
    assert haversine_m(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_M)


@given(lats, lons, lats, lons)
def test_haversine_is_symmetric_and_non_negative(a: float, b: float, c: float, d: float) -> None:
    assert haversine_m(a, b, c, d) == pytest.approx(haversine_m(c, d, a, b), abs=1e-6)
    assert haversine_m(a, b, c, d) >= 0
    assert haversine_m(a, b, a, b) == pytest.approx(0, abs=1e-6)


@given(st.lists(st.tuples(lats, lons), max_size=30))
def test_path_length_is_the_sum_of_the_pairwise_distances(pairs: list[tuple[float, float]]) -> None:
    points = [GeoPoint(lat, lon) for lat, lon in pairs]
    expected = sum(
        haversine_m(a.lat, a.lon, b.lat, b.lon) for a, b in zip(points, points[1:], strict=False)
    )
    assert path_length_m(points) == pytest.approx(expected, rel=1e-9, abs=1e-6)
    assert len(step_lengths_m(points)) == max(len(points) - 1, 0)


def test_mercator_matches_epsg_3857_corners() -> None:
    half_world = 20037508.342789244  # EPSG:3857 bounds, metres
    x, y = mercator(0, 180)
    assert x == pytest.approx(half_world) and y == pytest.approx(0, abs=1e-6)
    assert mercator(85.05112877980659, 0)[1] == pytest.approx(half_world)
    assert mercator(-90, -180) == pytest.approx((-half_world, -half_world))  # clamped, not inf


@given(st.floats(min_value=-85, max_value=85), lons)
def test_mercator_inverts_with_the_gudermannian(lat: float, lon: float) -> None:
    x, y = mercator(lat, lon)
    back = math.degrees(2 * math.atan(math.exp(y / 6378137.0)) - math.pi / 2)
    assert back == pytest.approx(lat, abs=1e-9)
    assert math.degrees(x / 6378137.0) == pytest.approx(lon, abs=1e-9)


def test_inside_a_privacy_zone_is_measured_in_metres() -> None:
    home = PrivacyZone(lat=45.0, lon=10.0, radius_m=500)
    metre_of_latitude = 1 / (2 * math.pi * EARTH_RADIUS_M / 360)
    assert hidden(45.0 + 400 * metre_of_latitude, 10.0, [home])
    assert not hidden(45.0 + 600 * metre_of_latitude, 10.0, [home])
    assert hidden(45.0, 10.0, [home])


def test_lerp_lon_goes_the_short_way_round_the_antimeridian() -> None:
    assert abs(lerp_lon(179.0, -179.0, 0.5)) == pytest.approx(180.0)
    assert lerp_lon(179.0, -179.0, 0.75) == pytest.approx(-179.5)
    assert lerp_lon(10.0, 12.0, 0.25) == pytest.approx(10.5)
