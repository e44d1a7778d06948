"""Positions for photos the camera did not tag, from the GPX tracks recorded at the same time.

This is what `exiftool -geotag` does: find the two track points around the photo's UTC
instant and interpolate linearly in time between them. It only answers "where was the
recorder at this instant"; which photos need it, camera clock offsets and time zones are the
loader's business (it passes UTC instants already corrected).

Rules, chosen so a wrong position is rarer than a missing one:
- an instant outside every track's first-to-last time gets no position (the recorder was off);
- between two points of one segment, the position is interpolated, unless both are further
  than `max_gap` from the instant (a long signal loss: the path between is unknown);
- in a pause between two segments of one track, the nearest point is used if it is within
  `max_gap`, never a line across the pause;
- an instant equal to a point's time gets that point exactly.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Sequence

from journal.core.geo import lerp_lon
from journal.core.models import GeoPoint, Track


class TrackIndex:
    """Every timed point of a trip's tracks, sorted once by time for bisection.

    Built once per trip: a lookup is then O(log n), so 2,000 photos against 100,000 points take
    milliseconds. Points without time are left out (they cannot place anything).
    """

    def __init__(self, tracks: Sequence[Track]) -> None:
        rows: list[tuple[float, int, float, float, float | None]] = []
        spans: list[tuple[float, float]] = []
        segment_id = 0
        for track in tracks:
            times: list[float] = []
            for segment in track.segments:
                for p in segment:
                    if p.time is not None:
                        t = p.time.timestamp()
                        times.append(t)
                        rows.append((t, segment_id, p.lat, p.lon, p.alt))
                segment_id += 1
            if times:
                spans.append((min(times), max(times)))
        rows.sort(key=lambda row: row[0])
        self._times = [row[0] for row in rows]
        self._rows = rows
        self._spans = sorted(spans)

    def __len__(self) -> int:
        return len(self._times)

    def geotag(self, utc: dt.datetime, max_gap: dt.timedelta) -> GeoPoint | None:
        """Where the recorder was at `utc` (an aware datetime), or None when unknown."""
        if utc.tzinfo is None or utc.utcoffset() is None:
            raise ValueError(f"geotag needs an aware time, got naive {utc.isoformat()}")
        t = utc.timestamp()
        if not any(start <= t <= end for start, end in self._spans):
            return None
        gap = max_gap.total_seconds()
        i = bisect_left(self._times, t)
        after = self._rows[i]  # exists: t is within a span, so some point is at or after t
        if after[0] == t:
            return GeoPoint(after[2], after[3], after[4])
        before = self._rows[i - 1]  # exists: t is after a span's start, and not equal to it
        to_before, to_after = t - before[0], after[0] - t
        if min(to_before, to_after) > gap:
            return None
        if before[1] != after[1]:
            near = before if to_before <= to_after else after
            return GeoPoint(near[2], near[3], near[4])
        f = to_before / (after[0] - before[0])
        lat = before[2] + (after[2] - before[2]) * f
        lon = lerp_lon(before[3], after[3], f)
        alt = None
        if before[4] is not None and after[4] is not None:
            alt = before[4] + (after[4] - before[4]) * f
        return GeoPoint(lat, lon, alt)


_cache: tuple[tuple[Track, ...], TrackIndex] | None = None


def geotag(utc: dt.datetime, tracks: Sequence[Track], max_gap: dt.timedelta) -> GeoPoint | None:
    """Position at `utc` interpolated from `tracks`; see the module docstring for the rules.

    Keeps the index of the last track list it was given (compared by identity, which is
    free, not by value, which would walk every point), so calling it once per photo costs one
    index build per trip. Build a `TrackIndex` yourself to control its lifetime.
    """
    global _cache
    key = tuple(tracks)
    if (
        _cache is None
        or len(_cache[0]) != len(key)
        or any(a is not b for a, b in zip(_cache[0], key, strict=True))
    ):
        _cache = (key, TrackIndex(key))
    return _cache[1].geotag(utc, max_gap)
