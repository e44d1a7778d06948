"""Trip statistics on real tracks and on the example trip."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

from journal.core.errors import Report
from journal.core.geo import haversine_m
from journal.core.models import Trip, TripConfig
from journal.core.route import LegKind, PointKind, Route, RoutePoint, Segment
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


def test_only_recorded_legs_are_ridden_estimated_and_transfers_apart() -> None:
    calais, reims = _stop(50.95, 1.86, 8, "calais", 5.0), _stop(49.26, 4.03, 12, "reims")
    annecy = _stop(45.90, 6.13, 16, "annecy", 448.0)
    dover = _stop(51.12, 1.31, 6, "dover")
    route = Route(
        segments=(
            Segment(DAY, (dover, calais), LegKind.TRANSFER, "ferry"),
            Segment(DAY, (calais, reims), LegKind.RECORDED),
            Segment(DAY, (reims, annecy), LegKind.ESTIMATED),
        ),
        stops=(calais, annecy),
    )
    stats = compute_stats(route, _trip())
    assert stats.countries == ("GB", "FR")
    assert [t.name for t in stats.towns][-3:] == ["Calais", "Reims", "Annecy"]
    assert stats.distance_km == pytest.approx(haversine_m(50.95, 1.86, 49.26, 4.03) / 1000)
    assert stats.estimated_km == pytest.approx(haversine_m(49.26, 4.03, 45.90, 6.13) / 1000)
    assert stats.transfer_km == pytest.approx(haversine_m(51.12, 1.31, 50.95, 1.86) / 1000)
    (day,) = stats.days
    assert (day.distance_km, day.estimated_km, day.number) == (
        stats.distance_km,
        stats.estimated_km,
        1,
    )
    assert stats.highest is not None and stats.highest.alt == 448.0


def test_days_run_from_the_first_day_to_the_last_rest_days_included() -> None:
    start, next_stop = _stop(45.0, 11.0, 8, "a"), _stop(45.0, 11.1, 9, "b")
    later = RoutePoint(45.1, 11.0, dt.datetime(2015, 7, 1, 8, tzinfo=dt.UTC), PointKind.PHOTO)
    route = Route(
        segments=(
            Segment(DAY, (start, next_stop), LegKind.ESTIMATED),
            Segment(dt.date(2015, 7, 1), (next_stop, later), LegKind.ESTIMATED),
        )
    )
    stats = compute_stats(route, _trip())
    assert [d.day for d in stats.days] == [DAY + dt.timedelta(days=n) for n in range(5)]
    assert [d.number for d in stats.days] == [1, 2, 3, 4, 5]
    plain = _trip()
    fixed = replace(plain, config=replace(plain.config, dates=(DAY, DAY + dt.timedelta(9))))
    assert len(compute_stats(route, fixed).days) == 10


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
    first, last = trip.days[0], trip.days[-1]
    assert [d.day for d in stats.days][0] == first and stats.days[-1].day == last
    assert len(stats.days) == (last - first).days + 1
    assert sum(d.distance_km for d in stats.days) == pytest.approx(stats.distance_km)
    # London to Mantua and back by Switzerland, Germany and Belgium: well over twice 1,000 km.
    assert 2000 < stats.distance_km < 3500
    assert stats.highest is not None and stats.highest.alt is not None
    assert stats.highest.alt > 1000  # the Alps
