"""The numbers of a trip: distance in all and per day, towns and countries in the order they
were reached, the highest point.

Distances follow the route as the route builder drew it (track points where a GPX was
recording, photo and entry positions elsewhere), with the straight line between one segment's
end and the next one's start counted too: the rider did cover it, even when nothing recorded
it. Towns come from the offline gazetteer, sampled along the way rather than for every point.
"""

from __future__ import annotations

import datetime as dt
import logging
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import chain
from pathlib import Path

from journal.core.geo import step_lengths_m
from journal.core.models import GeoPoint, Trip
from journal.core.route import DayStats, Place, PointKind, Route, RoutePoint, TripStats
from journal.enrich.placecache import PlaceCache

log = logging.getLogger(__name__)

#: Look up the nearest town once per this many metres along a segment: a town's sphere is
#: several kilometres wide, and looking up all 100,000 points of a track would take seconds.
SAMPLE_EVERY_M = 2000.0
#: Sort key for a segment or stop without time: first in its day, kept in route order.
_NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)


def compute_stats(route: Route, trip: Trip, place_cache: Path | None = None) -> TripStats:
    """Distance, per-day figures, towns, countries and the highest point of a trip.

    The path is the route's segments plus every stop that no segment covers in time, in time
    order; each step counts for the day it arrives on. Every day of the trip has its
    `DayStats`, rest days included (with 0 km), so "days on the road" is `len(stats.days)`.
    Towns come from `place_cache` (a `PlaceCache` file) where it holds them, so a render of an
    unchanged route loads no gazetteer.
    """
    days_of, points = _path(route, trip)
    steps = step_lengths_m(points)
    distance: dict[dt.date, float] = {}
    for day, step in zip(days_of[1:], steps, strict=True):
        distance[day] = distance.get(day, 0.0) + step

    places = PlaceCache(place_cache)
    towns: list[Place] = []
    towns_by_day: dict[dt.date, list[Place]] = {}
    for index in _samples(points, steps):
        place = places.nearest(points[index].lat, points[index].lon)
        if place is None:
            continue
        if place not in towns:
            towns.append(place)
        day_towns = towns_by_day.setdefault(days_of[index], [])
        if place not in day_towns:
            day_towns.append(place)
    places.save()

    days = sorted(set(distance) | set(trip.days) | set(towns_by_day))
    return TripStats(
        distance_km=sum(distance.values()) / 1000,
        days=tuple(
            DayStats(day, distance.get(day, 0.0) / 1000, tuple(towns_by_day.get(day, ())))
            for day in days
        ),
        countries=tuple(dict.fromkeys(t.country for t in towns)),
        towns=tuple(towns),
        highest=_highest(route),
    )


def _path(route: Route, trip: Trip) -> tuple[list[dt.date], list[RoutePoint]]:
    """Segment points and uncovered stops with their local day, in the order they were reached.

    Stops the route builder left out of every segment (a lone photo between two rides) still
    moved the rider; stops inside a segment's time span are already on its line. Segments are
    ordered as wholes (a few hundred sorts, not 100,000), since an uncovered stop can only lie
    between them.
    """
    spans = [
        (s.points[0].time, s.points[-1].time)
        for s in route.segments
        if s.points and s.points[0].time and s.points[-1].time
    ]
    starts = sorted((start, s.day) for s in route.segments for start in [s.points[0].time] if start)
    local_days = {p.name: p.day for p in trip.photos} | {e.stem: e.date for e in trip.entries}
    units: list[tuple[dt.date, dt.datetime, int, Sequence[RoutePoint]]] = []
    for segment in route.segments:
        if segment.points:
            first = segment.points[0].time or _NEVER
            units.append((segment.day, first, len(units), segment.points))
    for stop in route.stops:
        covered = stop.time is not None and any(a <= stop.time <= b for a, b in spans)
        day = local_days.get(stop.ref) or _day_of(stop.time, starts)
        if not covered and day is not None:
            units.append((day, stop.time or _NEVER, len(units), (stop,)))
    units.sort(key=lambda unit: unit[:3])
    days: list[dt.date] = []
    points: list[RoutePoint] = []
    for day, _, _, unit_points in units:
        days.extend([day] * len(unit_points))
        points.extend(unit_points)
    return days, points


def _samples(points: list[RoutePoint], steps: list[float]) -> Iterator[int]:
    """Indexes of the first point, one every SAMPLE_EVERY_M along the way, every photo and
    entry (the rider stopped there) and the last point."""
    if not points:
        return
    yield 0
    since = 0.0
    for index in range(1, len(points) - 1):
        since += steps[index - 1]
        if since >= SAMPLE_EVERY_M or points[index].kind is not PointKind.TRACK:
            since = 0.0
            yield index
    if len(points) > 1:
        yield len(points) - 1


def _day_of(time: dt.datetime | None, starts: list[tuple[dt.datetime, dt.date]]) -> dt.date | None:
    """The day of the latest segment that started before `time` (or the first segment's)."""
    if time is None or not starts:
        return None
    index = bisect_right([start for start, _ in starts], time)
    return starts[max(index - 1, 0)][1]


def _highest(route: Route) -> GeoPoint | None:
    points = chain((p for s in route.segments for p in s.points), route.stops)
    best = max((p for p in points if p.alt is not None), key=lambda p: p.alt or 0.0, default=None)
    return GeoPoint(best.lat, best.lon, best.alt) if best else None
