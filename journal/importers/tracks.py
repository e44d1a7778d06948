"""A location history as tracks: one per local day, points in time order, each instant once.

Exports do not promise order (Google's Records.json has gone both ways over the years, and a
phone that syncs late appends old points), and several files of one export repeat the same
fixes (Records.json and the semantic paths drawn from it). Here points are sorted, repeats of
an instant dropped, and the history is cut at local midnight: a rider's day ends where he
slept, not at midnight UTC. The local day of a point is the one of the time zone it was in,
looked up offline.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable
from functools import cache

from journal.core.models import TrackPoint, Waypoint
from journal.importers.model import LeftOut, SourceTrack

#: Zones are looked up per cell of this many degrees: a zone border is never crossed within
#: a few kilometres without the day being the same on both sides for all practical purposes.
_ZONE_CELL_DEG = 0.05


def local_day_of() -> Callable[[float, float, dt.datetime], dt.date]:
    """A function giving the local date of an instant at a position (UTC at sea or unknown)."""
    from journal.enrich.places import zone_at

    @cache
    def zone(cell: tuple[int, int]) -> dt.tzinfo:
        name = zone_at(cell[0] * _ZONE_CELL_DEG, cell[1] * _ZONE_CELL_DEG)
        try:
            return zoneinfo.ZoneInfo(name) if name else dt.UTC
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return dt.UTC

    def day(lat: float, lon: float, when: dt.datetime) -> dt.date:
        cell = (round(lat / _ZONE_CELL_DEG), round(lon / _ZONE_CELL_DEG))
        return when.astimezone(zone(cell)).date()

    return day


def in_time_order(points: Iterable[TrackPoint]) -> list[TrackPoint]:
    """Timed points sorted, the first fix of each instant kept; untimed points are dropped
    (a location history without times cannot be placed on a day)."""
    by_time: dict[dt.datetime, TrackPoint] = {}
    for point in points:
        if point.time is not None:
            by_time.setdefault(point.time, point)
    return [by_time[t] for t in sorted(by_time)]


def day_tracks(
    prefix: str,
    title: str,
    points: Iterable[TrackPoint],
    stays: Iterable[Waypoint] = (),
    left: LeftOut | None = None,
) -> list[SourceTrack]:
    """One `SourceTrack` per local day (`<prefix>-YYYY-MM-DD`), with the day's stays as
    waypoints; a day with stays but no movement is a track of waypoints only. A repeated
    instant and a day of one point and no stay are counted in `left`."""
    day_of = local_day_of()
    timed = [p for p in points if p.time is not None]
    ordered = in_time_order(timed)
    by_day: dict[dt.date, list[TrackPoint]] = {}
    for point in ordered:
        assert point.time is not None
        by_day.setdefault(day_of(point.lat, point.lon, point.time), []).append(point)
    stays_by_day: dict[dt.date, list[Waypoint]] = {}
    for stay in sorted(stays, key=lambda w: w.time or dt.datetime.min.replace(tzinfo=dt.UTC)):
        if stay.time is not None:
            stays_by_day.setdefault(day_of(stay.lat, stay.lon, stay.time), []).append(stay)
    tracks, alone = [], 0
    for day in sorted(by_day.keys() | stays_by_day.keys()):
        day_points = tuple(by_day.get(day, ()))
        if len(day_points) < 2 and day not in stays_by_day:
            alone += 1
            continue
        tracks.append(
            SourceTrack(
                name=f"{prefix}-{day.isoformat()}",
                title=f"{title} {day.isoformat()}",
                day=day,
                segments=(day_points,) if len(day_points) >= 2 else (),
                waypoints=tuple(stays_by_day.get(day, ())),
            )
        )
    if left is not None:
        left.add("repeated", len(timed) - len(ordered), title)
        left.add("single-day", alone, title)
    return tracks
