"""The route: where the trip went, in time order, split per day and at long stops.

Owns turning a loaded `Trip` into a `Route` and simplifying its lines for the map. It does not
draw (mapview.py), write files (exports.py) or hide anything: private photos never reach the
trip (trips.py) and privacy zones are applied around it (privacy.apply_privacy on the trip,
privacy.cut_route on the route this returns).

Rules, in the order they apply:
- A GPX track is the best record of where the bike went, so wherever a track segment covers a
  span of time the line follows the track; photos and entries in that span are stops only.
  Elsewhere photo and entry positions are the line's vertices.
- Points are ordered by UTC, never by local time: a photo taken at 09:00 in London comes after
  one taken at 09:30 in Rome.
- A point's day is its local date (photos and entries: the wall time they carry; track points:
  UTC read in the trip's timezone). A new day or a gap longer than `max_gap` starts a new
  segment, so the map never draws a straight line across a country for a night's stop.
- A segment of a single point is not a stretch ridden and is dropped from the line; if it was a
  photo or an entry it is still a stop.
- `Route.stops` holds every positioned photo and entry in UTC order; those without a time come
  last, in the trip's order (photos, then entries), so they still get a marker.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import math
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

from journal.core.geo import EARTH_RADIUS_M
from journal.core.models import GeoPoint, Moment, Trip
from journal.core.route import PointKind, Route, RoutePoint, Segment

log = logging.getLogger(__name__)

CHUNK = 500  # points per piece simplify works on; see simplify


def build_route(trip: Trip, *, max_gap: dt.timedelta = dt.timedelta(hours=3)) -> Route:
    """The trip's route: track-first line segments per day, and every photo/entry stop."""
    track_points = _track_points(trip, ZoneInfo(trip.config.timezone))
    stops = _stop_points(trip)
    spans = _track_spans(trip)

    line = track_points + [p for p in stops if p.time is not None and not _covered(p, spans)]
    line.sort(key=_utc)  # stable: equal times keep track order, then photos, then entries
    timed = sorted((p for p in stops if p.time is not None), key=_utc)
    untimed = [p for p in stops if p.time is None]
    segments = tuple(_split(line, max_gap))
    log.debug(
        "route of %s: %d segments, %d line points, %d stops",
        trip.slug,
        len(segments),
        sum(len(s.points) for s in segments),
        len(stops),
    )
    return Route(segments=segments, stops=tuple(timed + untimed))


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


def _track_points(trip: Trip, zone: ZoneInfo) -> list[RoutePoint]:
    """Every timed track point, as route points dated in the trip's timezone."""
    points: list[RoutePoint] = []
    for track in trip.tracks:
        for segment in track.segments:
            for tp in segment:
                if tp.time is None:
                    continue
                points.append(
                    RoutePoint(
                        lat=tp.lat,
                        lon=tp.lon,
                        time=tp.time,
                        kind=PointKind.TRACK,
                        ref=track.path.name,
                        alt=tp.alt,
                        day=tp.time.astimezone(zone).date(),
                    )
                )
    return points


def _stop_points(trip: Trip) -> list[RoutePoint]:
    """Positioned photos then entries, in the trip's order."""
    stops: list[RoutePoint] = []
    for photo in trip.photos:
        if photo.position is not None:
            stops.append(_stop(photo.position, photo.moment, PointKind.PHOTO, photo.name))
    for entry in trip.entries:
        if entry.location is not None:
            stops.append(_stop(entry.location, entry.moment, PointKind.ENTRY, entry.stem))
    return stops


def _stop(where: GeoPoint, moment: Moment | None, kind: PointKind, ref: str) -> RoutePoint:
    time, day = (moment.utc, moment.day) if moment else (None, None)
    return RoutePoint(where.lat, where.lon, time, kind, ref, where.alt, day)


def _track_spans(trip: Trip) -> list[tuple[dt.datetime, dt.datetime]]:
    """The time spans track segments cover, merged and sorted, for a bisect lookup."""
    spans = []
    for track in trip.tracks:
        for segment in track.segments:
            times = [tp.time for tp in segment if tp.time is not None]
            if len(times) >= 2:
                spans.append((min(times), max(times)))
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _covered(point: RoutePoint, spans: list[tuple[dt.datetime, dt.datetime]]) -> bool:
    assert point.time is not None
    i = bisect.bisect_right(spans, (point.time, point.time)) - 1
    candidates = spans[max(i, 0) : i + 2]
    return any(start <= point.time <= end for start, end in candidates)


def _split(line: Iterable[RoutePoint], max_gap: dt.timedelta) -> Iterable[Segment]:
    """Cut the time-ordered line at day changes and long gaps; drop one-point pieces."""
    current: list[RoutePoint] = []
    for point in line:
        if current and (point.day != current[-1].day or _gap(current[-1], point) > max_gap):
            yield from _segment(current)
            current = []
        current.append(point)
    yield from _segment(current)


def _gap(a: RoutePoint, b: RoutePoint) -> dt.timedelta:
    return _utc(b) - _utc(a)


def _segment(points: list[RoutePoint]) -> Iterable[Segment]:
    if len(points) >= 2 and points[0].day is not None:
        yield Segment(day=points[0].day, points=tuple(points))


def _project(points: Sequence[RoutePoint]) -> list[tuple[float, float]]:
    """Metres east/north on a plane tangent at the points' middle latitude."""
    lats = [p.lat for p in points]
    k = math.radians(1) * EARTH_RADIUS_M
    kx = k * math.cos(math.radians((min(lats) + max(lats)) / 2))
    return [(p.lon * kx, p.lat * k) for p in points]
