"""The route: every stop of the trip joined in time order, in legs of known kind, per day.

Owns turning a loaded `Trip` into a `Route` and simplifying its lines for the map. It does not
draw (livemap.py, staticmap.py), write files (exports.py) or hide anything: private photos
never reach the trip (load/folder.py), strays are set aside before (strays.py) and privacy
zones are applied around it (privacy.apply_privacy on the trip, privacy.cut_route on the
route this returns).

Rules, in the order they apply:
- Every positioned photo and entry with a time, and every timed track point, is ordered by
  UTC, never by local time: a photo taken at 09:00 in London comes after one taken at 09:30
  in Rome. An entry with a position and no time joins at the end of its day (where the rider
  stopped to write). Consecutive points are joined, so the line runs from the first stop to
  the last without a break: the end of one day joins the start of the next.
- A GPX track is the best record of where the bike went: wherever a track segment covers a
  span of time, the line follows it (RECORDED) and photos and entries in that span are stops
  only. Between two track points more than `max_gap` apart the track stopped recording.
- Elsewhere consecutive points are joined by a straight connector, ESTIMATED: the rider went
  from one to the other, but nobody knows the road.
- A connector that would need an average speed beyond what the trip's mode makes plausible
  (`MODE_SPEEDS_KMH`), or any step inside a trip.toml `[[legs]]` whose mode is not the
  trip's, is a TRANSFER (a ferry, a train, a flight): drawn, never counted as ridden.
- The line is cut into `Segment`s of one kind and one day: a step belongs to the local day it
  arrives on (photos and entries: their wall time; track points: UTC in the trip's zone).
  Consecutive segments share their joining point.
- `Route.stops` holds every positioned photo and entry in UTC order; those without a time come
  last, in the trip's order (photos, then entries), so they still get a marker.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import math
from collections.abc import Iterable, Sequence
from typing import NamedTuple
from zoneinfo import ZoneInfo

from journal.core.geo import EARTH_RADIUS_M, haversine_m
from journal.core.models import MODE_SPEEDS_KMH, GeoPoint, Moment, Trip, TripConfig
from journal.core.route import LegKind, PointKind, Route, RoutePoint, Segment

log = logging.getLogger(__name__)

CHUNK = 500  # points per piece simplify works on; see simplify
#: A connector shorter than this is never a transfer: a photo's GPS can be that far off.
TRANSFER_MIN_M = 20_000.0


class _Vertex(NamedTuple):
    """A point of the line, the track segment it was recorded in (-1: a stop) and the
    instant it sorts at (an untimed entry's is the end of its day). A tuple: a route makes
    one for each of 100,000 track points, and a frozen dataclass takes three times longer."""

    point: RoutePoint
    run: int
    at: dt.datetime


def build_route(trip: Trip, *, max_gap: dt.timedelta = dt.timedelta(hours=3)) -> Route:
    """The trip's route: one line through every stop, in legs per kind and day."""
    zone = ZoneInfo(trip.config.timezone)
    runs = _track_runs(trip, zone)
    spans = _spans(runs)
    stops = _stop_points(trip)
    line = [_Vertex(p, number, _utc(p)) for number, run in enumerate(runs) for p in run]
    for stop in stops:
        at = stop.time or _end_of_day(stop.day, zone)
        if at is not None and not (stop.time and _covered(stop.time, spans)):
            line.append(_Vertex(stop, -1, at))
    line.sort(key=lambda v: (v.at, v.run < 0))  # stable: track order, then photos, entries
    segments = tuple(_segments(line, trip.config, max_gap))
    timed = sorted((p for p in stops if p.time is not None), key=_utc)
    untimed = [p for p in stops if p.time is None]
    log.debug(
        "route of %s: %d legs, %d line points, %d stops",
        trip.slug,
        len(segments),
        len(line),
        len(stops),
    )
    return Route(segments=segments, stops=tuple(timed + untimed))


def _segments(
    line: Sequence[_Vertex], config: TripConfig, max_gap: dt.timedelta
) -> Iterable[Segment]:
    """The line cut where the kind of step or the day of arrival changes."""
    current: list[RoutePoint] = []
    key: tuple[LegKind, str, dt.date | None] | None = None
    for a, b in zip(line, line[1:], strict=False):
        step = (*_step_kind(a, b, config, max_gap), b.point.day)
        if step != key:
            if key is not None and key[2] is not None and len(current) >= 2:
                yield Segment(key[2], tuple(current), key[0], key[1])
            current, key = [a.point], step
        current.append(b.point)
    if key is not None and key[2] is not None and len(current) >= 2:
        yield Segment(key[2], tuple(current), key[0], key[1])


def _step_kind(
    a: _Vertex, b: _Vertex, config: TripConfig, max_gap: dt.timedelta
) -> tuple[LegKind, str]:
    """How the trip went from a to b: recorded, a connector, or a transfer and its mode."""
    named = _named_mode(a.at, b.at, config)
    if named and named != config.mode:
        return LegKind.TRANSFER, named
    if a.run >= 0 and a.run == b.run and b.at - a.at <= max_gap:
        return LegKind.RECORDED, ""
    if named is None and a.point.time and b.point.time:
        metres = haversine_m(a.point.lat, a.point.lon, b.point.lat, b.point.lon)
        seconds = max((b.at - a.at).total_seconds(), 60.0)
        if metres >= TRANSFER_MIN_M and metres / seconds > MODE_SPEEDS_KMH[config.mode] / 3.6:
            return LegKind.TRANSFER, ""
    return LegKind.ESTIMATED, ""


def _named_mode(start: dt.datetime, end: dt.datetime, config: TripConfig) -> str | None:
    """The mode trip.toml gives the stretch from start to end (the first leg covering it)."""
    for leg in config.legs:
        if leg.start <= start and end <= leg.end:
            return leg.mode
    return None


def _end_of_day(day: dt.date | None, zone: ZoneInfo) -> dt.datetime | None:
    if day is None:
        return None
    local = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=zone)
    return local.astimezone(dt.UTC)


def simplify(points: Sequence[RoutePoint], tolerance_m: float) -> list[RoutePoint]:
    """Ramer-Douglas-Peucker in metres, iterative (no recursion limit on 100,000 points).

    Keeps the first and last point and every point farther than `tolerance_m` from the chord
    that replaces it. Distances use an equirectangular projection around the middle latitude:
    within one day's ride the error is far below any sensible tolerance.

    The line is first cut into pieces of `CHUNK` points whose ends are kept. Plain RDP is
    quadratic on a regular winding road (each split peels one bend off a long range: 30 s for
    100,000 points of a sine); chunks bound that cost for one extra vertex per piece.
    """
    if len(points) < 3 or tolerance_m <= 0:
        return list(points)
    xy = _project(points)
    keep = [False] * len(points)
    keep[-1] = True
    stack = [(i, min(i + CHUNK, len(points) - 1)) for i in range(0, len(points) - 1, CHUNK)]
    limit = tolerance_m * tolerance_m
    while stack:
        first, last = stack.pop()
        keep[first] = True
        farthest = _farthest(xy, first, last, limit)
        if farthest >= 0:
            stack.append((first, farthest))
            stack.append((farthest, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _farthest(xy: list[tuple[float, float]], first: int, last: int, limit: float) -> int:
    """Index of the point between first and last farthest from their chord (beyond the
    squared `limit`, else -1). Inlined arithmetic: this loop is the whole cost of simplify."""
    ax, ay = xy[first]
    dx, dy = xy[last][0] - ax, xy[last][1] - ay
    length_sq = dx * dx + dy * dy
    farthest, worst = -1, limit
    for i in range(first + 1, last):
        px, py = xy[i][0] - ax, xy[i][1] - ay
        t = (px * dx + py * dy) / length_sq if length_sq else 0.0
        t = 0.0 if t < 0.0 else 1.0 if t > 1.0 else t  # to the segment, not the line: loops
        ex, ey = t * dx - px, t * dy - py
        d = ex * ex + ey * ey
        if d > worst:
            farthest, worst = i, d
    return farthest


def _utc(point: RoutePoint) -> dt.datetime:
    assert point.time is not None  # only timed points are sorted
    return point.time


def _track_runs(trip: Trip, zone: ZoneInfo) -> list[list[RoutePoint]]:
    """Every track segment's timed points, as route points dated in the trip's timezone."""
    runs: list[list[RoutePoint]] = []
    track_kind = PointKind.TRACK
    for track in trip.tracks:
        ref = track.path.name
        for segment in track.segments:
            run = [  # (lat, lon, time, kind, ref, alt, day), positional: 100,000 of them
                RoutePoint(tp.lat, tp.lon, t, track_kind, ref, tp.alt, t.astimezone(zone).date())
                for tp in segment
                if (t := tp.time) is not None
            ]
            if run:
                runs.append(run)
    return runs


def _stop_points(trip: Trip) -> list[RoutePoint]:
    """Positioned photos then entries, in the trip's order."""
    stops: list[RoutePoint] = []
    for photo in trip.photos:
        if photo.position is not None:
            stops.append(_stop(photo.position, photo.moment, PointKind.PHOTO, photo.name))
    for entry in trip.entries:
        if entry.location is not None:
            stop = _stop(entry.location, entry.moment, PointKind.ENTRY, entry.stem)
            stops.append(stop if stop.day else _dated(stop, entry.date))
    return stops


def _dated(point: RoutePoint, day: dt.date) -> RoutePoint:
    return RoutePoint(point.lat, point.lon, point.time, point.kind, point.ref, point.alt, day)


def _stop(where: GeoPoint, moment: Moment | None, kind: PointKind, ref: str) -> RoutePoint:
    time, day = (moment.utc, moment.day) if moment else (None, None)
    return RoutePoint(where.lat, where.lon, time, kind, ref, where.alt, day)


def _spans(runs: list[list[RoutePoint]]) -> list[tuple[dt.datetime, dt.datetime]]:
    """The time spans track segments cover, merged and sorted, for a bisect lookup."""
    spans = sorted((_utc(run[0]), _utc(run[-1])) for run in runs if len(run) >= 2)
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _covered(time: dt.datetime, spans: list[tuple[dt.datetime, dt.datetime]]) -> bool:
    i = bisect.bisect_right(spans, (time, time)) - 1
    candidates = spans[max(i, 0) : i + 2]
    return any(start <= time <= end for start, end in candidates)


def _project(points: Sequence[RoutePoint]) -> list[tuple[float, float]]:
    """Metres east/north on a plane tangent at the points' middle latitude."""
    lats = [p.lat for p in points]
    k = math.radians(1) * EARTH_RADIUS_M
    kx = k * math.cos(math.radians((min(lats) + max(lats)) / 2))
    return [(p.lon * kx, p.lat * k) for p in points]
