"""Remembered gazetteer answers: the same towns as the gazetteer, and no gazetteer when warm."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from journal.core.errors import Report
from journal.enrich.placecache import CACHE_FILE, PlaceCache
from journal.enrich.places import find_place, nearest_place, zone_at
from journal.enrich.route import build_route
from journal.enrich.stats import compute_stats
from tests.conftest import EXAMPLE, REPO, load_trip

POINTS = [
    (51.5080, -0.1281, 60.0),  # London
    (45.16, 10.7977, 60.0),  # Mantua
    (40.0, -35.0, 60.0),  # mid-Atlantic: no town
    (-16.6, -179.95, 150.0),  # Taveuni, across the antimeridian
    (43.5, 10.0, 5.0),  # in the Ligurian Sea: no place within 5 km
]


def test_answers_equal_the_gazetteer_cold_and_warm(tmp_path: Path) -> None:
    cache_file = tmp_path / CACHE_FILE
    expected = [nearest_place(lat, lon, km) for lat, lon, km in POINTS]
    assert expected[2] is None and expected[4] is None and expected[0] is not None
    cold = PlaceCache(cache_file)
    assert [cold.nearest(lat, lon, km) for lat, lon, km in POINTS] == expected
    assert cold.find("Mantova") == find_place("Mantova")
    assert cold.find("Nowhere-sur-Nothing") is None
    cold.save()
    warm = PlaceCache(cache_file)
    assert [warm.nearest(lat, lon, km) for lat, lon, km in POINTS] == expected
    assert warm.find("Mantova") == find_place("Mantova")
    assert warm.find("Nowhere-sur-Nothing") is None
    stamp = cache_file.stat().st_mtime_ns
    warm.save()
    assert cache_file.stat().st_mtime_ns == stamp, "nothing new: the file is not rewritten"


def test_a_new_route_replaces_the_nearest_answers_and_keeps_the_finds(tmp_path: Path) -> None:
    cache_file = tmp_path / CACHE_FILE
    first = PlaceCache(cache_file)
    first.nearest(51.5080, -0.1281)
    first.find("Mantova")
    first.save()
    second = PlaceCache(cache_file)
    second.nearest(45.16, 10.7977)
    second.save()
    keys = json.loads(cache_file.read_bytes())["answers"]
    assert set(keys) == {"nearest 45.16 10.7977 60.0", "find Mantova\t"}


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"[]",
        b'{"stamp": {"format": 0}, "places": [], "answers": {}}',
        b'{"stamp": null}',
    ],
)
def test_a_damaged_or_older_cache_is_ignored(tmp_path: Path, content: bytes) -> None:
    cache_file = tmp_path / CACHE_FILE
    cache_file.write_bytes(content)
    cache = PlaceCache(cache_file)
    assert cache.nearest(51.5080, -0.1281) == nearest_place(51.5080, -0.1281)
    cache.save()
    assert json.loads(cache_file.read_bytes())["answers"] == {"nearest 51.508 -0.1281 60.0": 0}


def test_a_cache_pointing_at_a_missing_place_is_ignored(tmp_path: Path) -> None:
    cache_file = tmp_path / CACHE_FILE
    cache = PlaceCache(cache_file)
    cache.nearest(51.5080, -0.1281)
    cache.save()
    data = json.loads(cache_file.read_bytes())
    data["places"] = []
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    assert PlaceCache(cache_file).nearest(51.5080, -0.1281) == nearest_place(51.5080, -0.1281)


def test_example_trip_stats_are_the_same_with_a_warm_cache(tmp_path: Path) -> None:
    trip = load_trip(EXAMPLE, Report())
    assert trip is not None
    route = build_route(trip)
    cache_file = tmp_path / "cache" / CACHE_FILE
    plain = compute_stats(route, trip)
    cold = compute_stats(route, trip, place_cache=cache_file)
    assert cache_file.is_file()
    warm = compute_stats(route, trip, place_cache=cache_file)
    assert plain == cold == warm
    assert plain.towns and plain.countries


def test_time_zones_are_the_polygons_answers_cold_and_warm(tmp_path: Path) -> None:
    cache_file = tmp_path / CACHE_FILE
    spots = [(51.5080, -0.1281), (45.16, 10.7977), (40.0, -35.0), (-16.6, -179.95)]
    cold = PlaceCache(cache_file)
    assert [cold.zone_at(*spot) for spot in spots] == [zone_at(*spot) for spot in spots]
    cold.save()
    warm = PlaceCache(cache_file)
    assert [warm.zone_at(*spot) for spot in spots] == [zone_at(*spot) for spot in spots]
    warm.save()
    moved = PlaceCache(cache_file)
    assert moved.zone_at(48.85, 2.35) == "Europe/Paris"
    moved.save()  # the file follows the positions asked, and does not grow
    assert list(json.loads(cache_file.read_bytes())["zones"]) == ["48.85 2.35"]


def test_a_warm_render_of_the_stats_loads_no_gazetteer(tmp_path: Path) -> None:
    cache_file = tmp_path / CACHE_FILE
    script = (
        "from pathlib import Path; from journal.core.errors import Report; "
        "from journal.load.folder import load_trip; "
        "from journal.enrich.timeline import enrich_trip; "
        "from journal.enrich.route import build_route; "
        "from journal.enrich.stats import compute_stats; "
        "from journal.enrich import places; "
        f"trip = enrich_trip(load_trip(Path({str(EXAMPLE)!r}), Report()), Report(), "
        f"place_cache=Path({str(cache_file)!r})); "
        f"stats = compute_stats(build_route(trip), trip, place_cache=Path({str(cache_file)!r})); "
        "import sys; "
        "print(int(places._state['index'] is not None), int('tzfpy' in sys.modules), "
        "stats.countries)"
    )

    def run() -> str:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
        )
        return done.stdout.strip()

    countries = "('GB', 'FR', 'CH', 'IT', 'DE', 'BE')"
    assert run() == f"1 1 {countries}"  # cold: the gazetteer and the zones were loaded
    assert run() == f"0 0 {countries}"  # warm: the same countries, neither
