"""Strays and broken clocks: photos and tracks that cannot belong where they say they do.

A phone photo from another trip two years older, a GPS unit whose clock says 1901, a photo
whose position is a thousand kilometres off between two photos ten minutes apart: left in,
each of them turns the travelogue into "Day 1149", adds a country and a thousand kilometres.
This step finds them after the photos are placed in time and space (timeline.py) and before
anything is counted, and sets them aside with one warning each that names the file and why:

- In time: a capture time before `MIN_YEAR` or in the future is a broken clock; one outside
  the trip's span by more than `MARGIN_DAYS` belongs to another trip. The span is trip.toml's
  `dates` when given (then with no margin: the rider said so), else the longest run of days
  with entries, photos or tracks that follow each other with at most `MARGIN_DAYS` empty days
  between (entries outweigh everything: the rider wrote them on the trip).
- In space: a photo whose position needs an impossible speed for the trip's mode both to reach
  it from the photo before and to leave it for the photo after, while those two are within
  reach of each other, is a spike, not a place the trip went (a ferry or a flight is a jump
  that stays, and is left to the route as a transfer).

A time stray keeps no time and no position (both came from somewhere else): it is shown under
the travelogue's "Other photos". A space stray keeps its time, so it stays in its day's entry,
but not its position. A stray track segment is dropped from the route. Nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from journal.core.errors import Report
from journal.core.geo import haversine_m
from journal.core.models import MODE_SPEEDS_KMH, Photo, Track, TrackPoint, Trip

#: The code of the warning that sets a photo aside.
STRAY = "photo.stray"
#: Cameras and GPS units whose clock was never set start in 1970, 1980 or 2000 and earlier.
MIN_YEAR = 2000
#: Days with nothing between two days of the same trip (a rest, a day without photos).
MARGIN_DAYS = 2
#: A spike is a jump of at least this far that no ride could make in the time.
SPIKE_M = 30_000.0
#: An entry weighs this many photos when the trip's span is inferred: the rider wrote it there.
ENTRY_WEIGHT = 1000


@dataclass(frozen=True)
class Span:
    """The trip's first and last day, and how many days outside them are still the trip."""

    first: dt.date
    last: dt.date
    margin: int

    def holds(self, day: dt.date) -> bool:
        slack = dt.timedelta(days=self.margin)
        return self.first - slack <= day <= self.last + slack


def set_aside_strays(trip: Trip, report: Report, *, now: dt.datetime | None = None) -> Trip:
    """The trip without its strays' times and positions, each one warned about."""
    now = now or dt.datetime.now(dt.UTC)
    zone = ZoneInfo(trip.config.timezone)
    photos = [_broken_clock(p, now, report) for p in trip.photos]
    tracks = [_sane_track(t, now, report) for t in trip.tracks]
    span = trip_span(replace(trip, photos=tuple(photos), tracks=tuple(tracks)))
    if span is not None:
        photos = [_in_time(p, span, report) for p in photos]
        tracks = [_track_in_time(t, span, zone, report) for t in tracks]
    photos = _without_spikes(photos, trip.config.mode, report)
    return replace(trip, photos=tuple(photos), tracks=tuple(tracks))


def trip_span(trip: Trip) -> Span | None:
    """The days the trip covers: trip.toml's `dates`, else inferred (see the module)."""
    if trip.config.dates is not None:
        return Span(*trip.config.dates, margin=0)
    zone = ZoneInfo(trip.config.timezone)
    weights: dict[dt.date, int] = {}
    for day in (p.day for p in trip.photos if p.day):
        weights[day] = weights.get(day, 0) + 1
    for track in trip.tracks:
        for segment in track.segments:
            if (middle := _middle(segment)) is not None:
                day = middle.astimezone(zone).date()
                weights[day] = weights.get(day, 0) + 1
    for entry in trip.entries:
        weights[entry.date] = weights.get(entry.date, 0) + ENTRY_WEIGHT
    runs = list(_runs(sorted(weights)))
    if not runs:
        return None
    best = max(runs, key=lambda run: sum(weights[d] for d in run))
    return Span(best[0], best[-1], MARGIN_DAYS)


def _runs(days: Sequence[dt.date]) -> Iterable[list[dt.date]]:
    """Days chained with at most MARGIN_DAYS empty days between neighbours."""
    run: list[dt.date] = []
    for day in days:
        if run and (day - run[-1]).days > MARGIN_DAYS + 1:
            yield run
            run = []
        run.append(day)
    if run:
        yield run


def broken_clock(when: dt.datetime, now: dt.datetime) -> str | None:
    """Why a clock that says `when` was wrong (never set, or set in the future), or None."""
    if when.year < MIN_YEAR:
        return f"its clock says {when.date()}, before {MIN_YEAR}: a clock that was never set"
    if when > now + dt.timedelta(days=1):
        return f"its clock says {when.date()}, in the future: a clock set wrong"
    return None


def _broken_clock(photo: Photo, now: dt.datetime, report: Report) -> Photo:
    if photo.moment is None or (why := broken_clock(photo.moment.utc, now)) is None:
        return photo
    return _stray_in_time(photo, why, report)


def _in_time(photo: Photo, span: Span, report: Report) -> Photo:
    day = photo.day
    if day is None or span.holds(day):
        return photo
    return _stray_in_time(photo, f"taken on {day}, {_outside(day, span)}", report)


def _outside(day: dt.date, span: Span) -> str:
    if day < span.first:
        return f"{(span.first - day).days} days before the trip's first day ({span.first})"
    return f"{(day - span.last).days} days after the trip's last day ({span.last})"


def _stray_in_time(photo: Photo, why: str, report: Report) -> Photo:
    report.warn(
        photo.path,
        f"{why}; left out of the route, the days and the numbers, shown under Other photos",
        code=STRAY,
    )
    return replace(photo, moment=None, position=None)


def _middle(segment: Sequence[TrackPoint]) -> dt.datetime | None:
    times = [p.time for p in segment if p.time is not None]
    return times[len(times) // 2] if times else None


def _sane_track(track: Track, now: dt.datetime, report: Report) -> Track:
    return _keep_segments(track, report, lambda when: broken_clock(when, now))


def _track_in_time(track: Track, span: Span, zone: ZoneInfo, report: Report) -> Track:
    def why(when: dt.datetime) -> str | None:
        day = when.astimezone(zone).date()
        return None if span.holds(day) else f"recorded on {day}, {_outside(day, span)}"

    return _keep_segments(track, report, why)


def _keep_segments(
    track: Track, report: Report, why_not: Callable[[dt.datetime], str | None]
) -> Track:
    """The track without the segments `why_not(middle time)` has a reason against."""
    kept = []
    for number, segment in enumerate(track.segments, 1):
        middle = _middle(segment)
        reason = why_not(middle) if middle is not None else None
        if reason is None:
            kept.append(segment)
            continue
        where = f"segment {number}: " if len(track.segments) > 1 else ""
        report.warn(track.path, f"{where}{reason}; left out of the route and the numbers",
                    code="track.stray")  # fmt: skip
    return track if len(kept) == len(track.segments) else replace(track, segments=tuple(kept))


def _without_spikes(photos: list[Photo], mode: str, report: Report) -> list[Photo]:
    """Photos whose position no ride could reach and leave again in the time: see the module.

    Only photos are compared with photos: a track is the better record, and a photo that a
    track contradicts is already placed by the track's time, not its own GPS, by nobody but
    the rider (trip.toml)."""
    limit = MODE_SPEEDS_KMH[mode] / 3.6  # metres a second
    fixes: list[tuple[dt.datetime, float, float, int]] = []
    fixes += [
        (p.moment.utc, p.position.lat, p.position.lon, i)
        for i, p in enumerate(photos)
        if p.moment is not None and p.position is not None
    ]
    fixes.sort(key=lambda fix: (fix[0], fix[3]))
    spikes = [
        b[3]
        for a, b, c in zip(fixes, fixes[1:], fixes[2:], strict=False)
        if b[3] >= 0 and _jump(a, b, limit) and _jump(b, c, limit) and not _jump(a, c, limit)
    ]
    for index in spikes:
        photo = photos[index]
        report.warn(photo.path, "its position is a jump no ride could make from the photo "
                    "before it and back; left off the map and out of the numbers",
                    code=STRAY)  # fmt: skip
        photos[index] = replace(photo, position=None)
    return photos


def _jump(a: tuple[dt.datetime, float, float, int], b: tuple[dt.datetime, float, float, int],
          limit: float) -> bool:  # fmt: skip
    """Whether going from a to b needs a jump of SPIKE_M or more faster than `limit` m/s."""
    metres = haversine_m(a[1], a[2], b[1], b[2])
    seconds = max((b[0] - a[0]).total_seconds(), 60.0)
    return metres >= SPIKE_M and metres / seconds > limit
