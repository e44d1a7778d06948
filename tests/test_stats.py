"""Trip statistics on real tracks and on the example trip."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from journal.core.errors import Report
from journal.core.geo import haversine_m
from journal.core.models import Trip, TripConfig
from journal.core.route import PointKind, Route, RoutePoint, Segment
from journal.enrich.route import build_route
from journal.enrich.stats import compute_stats
from journal.load.gpx import read_track
from tests.conftest import EXAMPLE, corpus_dir, load_trip, needs_corpus

GPX = corpus_dir() / "gpx-real"
DAY = dt.date(2015, 6, 27)


def _trip() -> Trip:
    config = TripConfig(
        default_lang="it", languages=("it", "en"), timezone="Europe/Rome", titles={"it": "Prova"}
    )
    return Trip(slug="prova", path=Path("prova"), config=config, entries=(), photos=())


def _stop(lat: float, lon: float, hour: int, ref: str, alt: float | None = None) -> RoutePoint:
    time = dt.datetime(2015, 6, 27, hour, tzinfo=dt.UTC)
    return RoutePoint(lat, lon, time, PointKind.PHOTO, ref, alt)


@needs_corpus
@pytest.mark.parametrize("name", ["cerknicko-jezero.gpx", "korita-zbevnica.gpx", "Mojstrovka.gpx"])
def test_track_distance_matches_gpxpy_length(name: str) -> None:
    truth = {t["file"]: t for t in json.loads((GPX / "gpxpy.json").read_text(encoding="utf-8"))}
    track, _ = read_track(GPX / "files" / name)
    assert track is not None
    segments = tuple(
        Segment(DAY, tuple(RoutePoint(p.lat, p.lon, p.time, PointKind.TRACK) for p in points))
        for points in track.segments
    )
    # One segment per route segment, no line between them: exactly what gpxpy measures.
    total = sum(compute_stats(Route((s,)), _trip()).distance_km for s in segments)
    assert total * 1000 == pytest.approx(truth[name]["length_2d_m"], rel=0.005)


def test_london_to_mantua_as_the_crow_flies() -> None:
    route = Route(
        segments=(Segment(DAY, (_stop(51.5080, -0.1281, 8, "a"), _stop(45.16, 10.7977, 20, "b"))),)
    )
    stats = compute_stats(route, _trip())
    assert 1000 < stats.distance_km < 1100
    assert stats.countries == ("GB", "IT")
    assert [t.name for t in stats.towns] == ["London", "Mantua"]
    assert stats.day(DAY) is not None and stats.day(DAY).distance_km == stats.distance_km


def test_stops_outside_segments_count_and_highest_point() -> None:
    ride = Segment(DAY, (_stop(50.95, 1.86, 8, "calais", 5.0), _stop(49.26, 4.03, 12, "reims")))
    lone = _stop(45.90, 6.13, 16, "annecy", 448.0)
    stats = compute_stats(Route(segments=(ride,), stops=(lone,)), _trip())
    assert stats.countries == ("FR",)
    assert [t.name for t in stats.towns] == ["Calais", "Reims", "Annecy"]
    legs = haversine_m(50.95, 1.86, 49.26, 4.03) + haversine_m(49.26, 4.03, 45.90, 6.13)
    assert stats.distance_km == pytest.approx(legs / 1000)  # the lone stop is reached too
    assert stats.highest is not None and stats.highest.alt == 448.0


def test_empty_route() -> None:
    stats = compute_stats(Route(segments=()), _trip())
    assert (stats.distance_km, stats.countries, stats.towns, stats.highest) == (0, (), (), None)


def test_example_trip_countries_towns_and_days() -> None:
    report = Report()
    trip = load_trip(EXAMPLE, report)
    stats = compute_stats(build_route(trip), trip)
    assert stats.countries == ("GB", "FR", "CH", "IT", "DE", "BE")
    names = [t.name for t in stats.towns]
    assert stats.towns[0].country == "GB"
    visits = [names.index(town) for town in ("Calais", "Aosta", "Mantua", "Gent")]
    assert visits == sorted(visits)
    # the last day rides home: through France, under the Channel, back into London
    assert [p.country for p in stats.days[-1].places][-1] == "GB"
    assert tuple(d.day for d in stats.days) == trip.days
    assert sum(d.distance_km for d in stats.days) == pytest.approx(stats.distance_km)
    # London to Mantua and back by Switzerland, Germany and Belgium: well over twice 1,000 km.
    assert 2000 < stats.distance_km < 3500
    assert stats.highest is not None and stats.highest.alt is not None
    assert stats.highest.alt > 1000  # the Alps
