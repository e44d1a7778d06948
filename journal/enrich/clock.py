"""When a photo was taken: turning raw EXIF times into an instant and a local wall time.

A camera stores a naive wall time, sometimes with the UTC offset it was set to; a GPS
receiver stores UTC. This module decides which to trust (see `TimeSource`), applies the
per-camera corrections of trip.toml, and spots a camera whose clock was simply wrong. It
reads no file: `journal.photos` extracts the raw values, the caller supplies the zones.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from journal.core.models import Moment, PhotoMeta, TimeSource

ZoneAt = Callable[[float, float], str | None]

_TERM = re.compile(
    r"(?P<sign>[+-]?)\s*(?:(?P<num>\d+(?:\.\d+)?)(?P<unit>[dhms])"
    r"|(?P<hh>\d{1,3}):(?P<mm>\d\d)(?::(?P<ss>\d\d(?:\.\d+)?))?)"
)
_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


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


def parse_clock_offset(text: str) -> dt.timedelta:
    """`"+1d -02:01:32"`, `"-00:05"`, `"+3h"`, `"90s"`: the sum of signed terms.

    A term is a number with a unit (d, h, m, s) or a clock reading HH:MM[:SS]; each term
    carries its own sign, so "+1d -02:01:32" is a day less two hours, a minute and 32 s.
    """
    rest = text.strip()
    if not rest:
        raise ValueError("clock offset is empty; write it like '+1d -02:01:32' or '-00:05'")
    total = dt.timedelta(0)
    while rest:
        match = _TERM.match(rest)
        if match is None:
            raise ValueError(
                f"clock offset {text!r} not understood at {rest!r}; "
                "write it like '+1d -02:01:32', '-00:05' or '+3h'"
            )
        if match["unit"]:
            seconds = float(match["num"]) * _UNITS[match["unit"]]
        else:
            if int(match["mm"]) > 59 or float(match["ss"] or 0) >= 60:
                raise ValueError(f"clock offset {text!r}: minutes and seconds go up to 59")
            seconds = int(match["hh"]) * 3600 + int(match["mm"]) * 60 + float(match["ss"] or 0)
        term = dt.timedelta(seconds=seconds)
        total += -term if match["sign"] == "-" else term
        rest = rest[match.end() :].lstrip()
    return total


def format_clock_offset(delta: dt.timedelta) -> str:
    """The inverse of `parse_clock_offset`, to whole seconds: `+23:58:28`, `-1d -02:01:32`."""
    seconds = round(delta.total_seconds())
    sign = "-" if seconds < 0 else "+"
    days, rest = divmod(abs(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    clock = f"{sign}{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
    return f"{sign}{days}d {clock}" if days else clock


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
