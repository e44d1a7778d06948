"""When a photo was taken: turning raw EXIF times into an instant and a local wall time.

A camera stores a naive wall time, sometimes with the UTC offset it was set to; a GPS
receiver stores UTC. This module decides which to trust (see `TimeSource`), applies the
per-camera corrections of trip.toml, and spots a camera whose clock was simply wrong. It
reads no file: `journal.photos` extracts the raw values, the caller supplies the zones.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from journal.core.models import EntryText, Moment, PhotoMeta, TimeSource
from journal.core.offsets import parse_clock_offset

ZoneAt = Callable[[float, float], str | None]


def resolve_moment(
    meta: PhotoMeta,
    *,
    trip_zone: str,
    clock_offset: dt.timedelta | None = None,
    zone_at: ZoneAt | None = None,
    tolerance: dt.timedelta = dt.timedelta(minutes=5),
) -> tuple[Moment | None, list[str]]:
    """The photo's moment by the order of trust, and why a camera time was overruled.

    1. DateTimeOriginal + OffsetTimeOriginal; 2. GPS date and time (UTC); 3. DateTimeOriginal
    read in the zone of where it was taken, else in the trip's zone. A camera time more than
    `tolerance` away from the GPS time means the camera clock was wrong, so GPS wins.
    """
    camera = meta.camera_time
    if camera is not None and clock_offset:
        camera = camera + clock_offset
    offset = _offset_zone(meta.camera_offset)
    place_zone = _place_zone(meta, zone_at)
    camera_moment = None
    if camera is not None:
        if offset is not None:
            camera_moment = _localise(camera, offset, TimeSource.EXIF_OFFSET)
        elif place_zone is not None:
            camera_moment = _localise(camera, ZoneInfo(place_zone), TimeSource.CAMERA_ZONE)
        else:
            camera_moment = _localise(camera, ZoneInfo(trip_zone), TimeSource.CAMERA_TRIP)
    if meta.gps_time is None:
        return camera_moment, []
    trusted = camera_moment is not None and camera_moment.source is TimeSource.EXIF_OFFSET
    if trusted and abs(camera_moment.utc - meta.gps_time) <= tolerance:  # type: ignore[union-attr]
        return camera_moment, []
    shown_zone = offset or ZoneInfo(place_zone or trip_zone)
    gps_moment = Moment(meta.gps_time, meta.gps_time.astimezone(shown_zone), TimeSource.GPS)
    warnings = []
    if camera_moment is not None and abs(camera_moment.utc - meta.gps_time) > tolerance:
        gap = meta.gps_time - camera_moment.utc
        side = "behind" if gap > dt.timedelta(0) else "ahead of"
        warnings.append(f"camera clock is {_seconds(abs(gap))} {side} GPS time; GPS time used")
    return gps_moment, warnings


def _offset_zone(text: str | None) -> dt.timezone | None:
    if not text:
        return None
    try:
        return dt.timezone(parse_clock_offset(text))
    except ValueError:  # photos.py normalises offsets; a bad one is simply not used
        return None


def _place_zone(meta: PhotoMeta, zone_at: ZoneAt | None) -> str | None:
    """The IANA zone of where the photo was taken, when a lookup is given and knows it."""
    if zone_at is None or meta.position is None:
        return None
    name = zone_at(meta.position.lat, meta.position.lon)
    try:
        return name if name and ZoneInfo(name) else None
    except (ZoneInfoNotFoundError, ValueError):  # a lookup's odd answer is no reason to fail
        return None


def _localise(wall: dt.datetime, zone: dt.tzinfo, source: TimeSource) -> Moment:
    local = wall.replace(tzinfo=zone)
    return Moment(local.astimezone(dt.UTC), local, source)


def _seconds(delta: dt.timedelta) -> dt.timedelta:
    return dt.timedelta(seconds=round(delta.total_seconds()))


def suggest_clock_offset(
    metas: Iterable[PhotoMeta],
    *,
    trip_zone: str = "UTC",
    zone_at: ZoneAt | None = None,
    tolerance: dt.timedelta = dt.timedelta(minutes=5),
    min_photos: int = 2,
) -> dt.timedelta | None:
    """The correction to add to one camera's times so they match its GPS, if it is clear.

    Each photo holding both times votes for `GPS time as a wall clock - camera time`; the
    median wins when every vote is within `tolerance` of it (a camera clock drifts slowly)
    and it is itself beyond `tolerance` (else nothing needs correcting).
    """
    votes = []
    for meta in metas:
        if meta.camera_time is None or meta.gps_time is None:
            continue
        zone: dt.tzinfo | None = _offset_zone(meta.camera_offset)
        if zone is None:
            zone = ZoneInfo(_place_zone(meta, zone_at) or trip_zone)
        wall = meta.gps_time.astimezone(zone).replace(tzinfo=None)
        votes.append(wall - meta.camera_time)
    if len(votes) < min_photos:
        return None
    median = statistics.median_low(votes)
    if any(abs(vote - median) > tolerance for vote in votes) or abs(median) <= tolerance:
        return None
    return _seconds(median)


def entry_moment(
    day: dt.date, text: EntryText, trip_zone: str, zone_at: ZoneAt | None = None
) -> Moment | None:
    """When an entry was written: its `time` on its date, in the zone of its location."""
    if text.time is None:
        return None
    zone_name = None
    if text.location and zone_at:
        zone_name = zone_at(text.location.lat, text.location.lon)
    zone = ZoneInfo(zone_name or trip_zone)
    if isinstance(text.time, dt.datetime):
        local = text.time if text.time.tzinfo else text.time.replace(tzinfo=zone)
    else:
        local = dt.datetime.combine(day, text.time, tzinfo=zone)
    source = TimeSource.CAMERA_ZONE if zone_name else TimeSource.CAMERA_TRIP
    if isinstance(text.time, dt.datetime) and text.time.tzinfo:
        source = TimeSource.EXIF_OFFSET
    return Moment(utc=local.astimezone(dt.UTC), local=local, source=source)
