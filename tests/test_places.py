"""Offline gazetteer and time-zone lookups: no network, real GeoNames and zone data."""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from journal.core.geo import haversine_m
from journal.enrich.placeindex import file_name
from journal.enrich.places import find_place, keep_index_in, nearest_place, zone_at


@pytest.mark.parametrize(
    ("lat", "lon", "name", "country"),
    [
        (51.5080, -0.1281, "London", "GB"),
        (50.9513, 1.8587, "Calais", "FR"),
        (45.1600, 10.7977, "Mantua", "IT"),
        (50.8467, 4.3525, "Brussels", "BE"),
        (47.5596, 7.5886, "Basel", "CH"),
        (48.1374, 11.5755, "Munich", "DE"),
        (-33.8688, 151.2093, "Sydney", "AU"),
    ],
)
def test_nearest_town(lat: float, lon: float, name: str, country: str) -> None:
    place = nearest_place(lat, lon)
    assert place is not None and (place.name, place.country) == (name, country)


def test_mid_ocean_has_no_town() -> None:
    assert nearest_place(40.0, -35.0) is None


def test_nearest_across_the_antimeridian() -> None:
    place = nearest_place(-16.6, -179.95, max_km=150)  # Taveuni: Labasa is west of 180°
    assert place is not None and (place.name, place.country) == ("Labasa", "FJ")


def test_nearest_is_really_the_nearest_town() -> None:
    place = nearest_place(45.3, 10.9)
    assert place is not None
    mantua = find_place("Mantova")
    assert mantua is not None
    assert haversine_m(45.3, 10.9, place.lat, place.lon) <= haversine_m(
        45.3, 10.9, mantua.lat, mantua.lon
    )


@pytest.mark.parametrize("spelling", ["Mantova", "mantova", "MANTUA", " Mantua "])
def test_find_place_by_any_spelling(spelling: str) -> None:
    place = find_place(spelling)
    assert place is not None and (place.name, place.country) == ("Mantua", "IT")
    assert haversine_m(place.lat, place.lon, 45.16, 10.80) < 2000


def test_find_place_folds_accents_and_narrows_by_country() -> None:
    assert find_place("Munchen") == find_place("München")
    paris = find_place("Paris")
    texas = find_place("Paris", "us")
    assert paris is not None and paris.country == "FR"
    assert texas is not None and texas.country == "US"


@pytest.mark.parametrize(
    ("lat", "lon", "name"),
    [
        (46.5586, 8.5614, "Airolo"),  # the Gotthard pass: not Locarno, 40 km away
        (45.9237, 6.8694, "Chamonix-Mont-Blanc"),  # not Sallanches
        (45.7966, 6.9689, "Courmayeur"),
    ],
)
def test_nearest_place_is_a_village_not_the_nearest_big_town(
    lat: float, lon: float, name: str
) -> None:
    place = nearest_place(lat, lon)
    assert place is not None and place.name == name
    assert haversine_m(lat, lon, place.lat, place.lon) < 8000


def test_places_carry_their_time_zone() -> None:
    place = find_place("Chamonix")
    assert place is not None and place.zone == "Europe/Paris"


def test_the_packed_index_is_built_once_and_read_back_whole(tmp_path: Path) -> None:
    """The index the commands keep in the journal's cache answers as the one in memory."""
    expected = [nearest_place(46.5586, 8.5614), find_place("Mantova")]
    keep_index_in(tmp_path)
    try:
        built = [nearest_place(46.5586, 8.5614), find_place("Mantova")]
        index_file = tmp_path / file_name()
        stamp = index_file.stat().st_mtime_ns
        keep_index_in(None)
        keep_index_in(tmp_path)
        assert [nearest_place(46.5586, 8.5614), find_place("Mantova")] == built == expected
        assert index_file.stat().st_mtime_ns == stamp  # read, not rebuilt
        index_file.write_bytes(b'{"stamp": "old"}\n')
        keep_index_in(None)
        keep_index_in(tmp_path)
        assert nearest_place(46.5586, 8.5614) == expected[0]  # a stale file is rebuilt
    finally:
        keep_index_in(None)


def test_find_place_looks_among_villages_when_no_town_matches() -> None:
    village = find_place("Sabbioneta")  # about 4,000 people, near Mantua
    assert village is not None and village.country == "IT"
    assert find_place("Nowhere-sur-Nothing") is None


@pytest.mark.parametrize(
    ("lat", "lon", "zone"),
    [
        (51.5080, -0.1281, "Europe/London"),
        (50.9513, 1.8587, "Europe/Paris"),
        (45.1600, 10.7977, "Europe/Rome"),
        (46.2044, 6.1432, "Europe/Zurich"),
        (50.8467, 4.3525, "Europe/Brussels"),
    ],
)
def test_zone_at(lat: float, lon: float, zone: str) -> None:
    assert zone_at(lat, lon) == zone


def test_camera_time_read_in_the_zone_where_it_was_taken_keeps_the_order() -> None:
    # In London a phone (which records its offset) shoots at 17:00 UTC; ten minutes later the
    # camera (no offset) shows 18:10, British summer time. Read in the trip's zone (Rome,
    # an hour ahead) the camera photo would come 50 minutes before the phone's.
    phone = dt.datetime(2015, 6, 27, 17, 0, tzinfo=dt.UTC)
    camera_wall = dt.datetime(2015, 6, 27, 18, 10)
    zone = zone_at(51.5080, -0.1281)
    assert zone == "Europe/London"
    camera = camera_wall.replace(tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)
    assert camera - phone == dt.timedelta(minutes=10)
    wrong = camera_wall.replace(tzinfo=ZoneInfo("Europe/Rome")).astimezone(dt.UTC)
    assert wrong < phone


def test_nearest_place_looks_no_further_than_it_must_and_finds_the_same() -> None:
    """The search stops at the first ring of cells beyond which nothing can be nearer: it
    must name the place a scan of every place would (flat distance, as the search ranks)."""
    import numpy as np

    from journal.enrich.places import _index

    arrays = _index().arrays
    lats = np.asarray(arrays["lat"], dtype=float) / 100_000
    lons = np.asarray(arrays["lon"], dtype=float) / 100_000
    rng = random.Random(18)
    points = [(rng.uniform(36, 60), rng.uniform(-9, 25)) for _ in range(150)]
    points += [
        (rng.uniform(-19, -15), rng.choice((-1, 1)) * rng.uniform(178, 180)) for _ in range(30)
    ]
    for lat, lon in points:
        dlon = (lons - lon + 540.0) % 360.0 - 180.0
        flat = (lats - lat) ** 2 + (dlon * math.cos(math.radians(lat))) ** 2
        best = int(np.argmin(flat))
        place = nearest_place(lat, lon, max_km=150)
        if haversine_m(lat, lon, lats[best], lons[best]) > 150_000:
            assert place is None
            continue
        assert place is not None, (lat, lon)
        assert (place.lat, place.lon) == (lats[best], lons[best]), (lat, lon)
