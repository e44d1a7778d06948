"""Elevation profiles: each day's altitude along the way, as numbers and as a chart's geometry.

A day's profile comes from its track points with an elevation (the GPX), else from its photos'
GPS altitudes in the order they were taken, drawn against the distance between them. Fewer
than two such points make no profile. Everything comes from the public route, so nothing a
privacy zone hid is drawn.

The chart is drawn at build time, with no JavaScript: this module computes the shape (SVG
path data in a fixed box the page stretches to its width) and the axis ticks, labelled in the
page's language; the theme's `elevation.html` holds the markup. Pure: route in, values out.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise
from typing import Any

from journal.core.geo import step_lengths_m
from journal.core.route import PointKind, Route, RoutePoint
from journal.render import i18n

#: A rise counts towards the climb once it is this many metres above the last low point.
#: GPS and barometric altitudes wander by a few metres from one fix to the next; adding every
#: wobble would report hundreds of metres of climb on a flat motorway. 5 m is the threshold
#: GPS Visualizer and most cycling tools use for recorded tracks.
CLIMB_THRESHOLD_M = 5.0
#: The chart's box (SVG user units); the page stretches it to its width.
WIDTH, HEIGHT = 1000, 200
OUTSIDE = 10  # how far outside the box the profile's outline closes
#: Vertical slices the drawn line keeps a lowest and a highest point of: 100,000 track points
#: would make a page of megabytes, and a phone shows the chart a few hundred pixels wide.
SLICES = 150
#: Axis steps, in metres (altitude) and kilometres (distance): the first giving at most
#: `MAX_TICKS` ticks over the range is used.
ALT_STEPS = (10, 20, 50, 100, 200, 250, 500, 1000, 2000)
KM_STEPS = (0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 500)
MAX_TICKS = 5


@dataclass(frozen=True)
class Profile:
    """One day's altitudes (metres) against the distance covered (km); `source` says whether
    they come from the track or the photos."""

    day: dt.date
    distances_km: tuple[float, ...]
    altitudes_m: tuple[float, ...]
    source: PointKind

    @property
    def lowest_m(self) -> float:
        return min(self.altitudes_m)

    @property
    def highest_m(self) -> float:
        return max(self.altitudes_m)

    @property
    def length_km(self) -> float:
        return self.distances_km[-1]

    @property
    def climb_m(self) -> float:
        """Metres climbed, each rise counted once it passes `CLIMB_THRESHOLD_M`."""
        total = 0.0
        reference = self.altitudes_m[0]
        for alt in self.altitudes_m[1:]:
            if alt - reference >= CLIMB_THRESHOLD_M:
                total += alt - reference
                reference = alt
            elif reference - alt >= CLIMB_THRESHOLD_M:
                reference = alt
        return total


def day_profiles(route: Route) -> dict[dt.date, Profile]:
    """The profile of every day with altitude data: track elevations, else photo altitudes."""
    track: dict[dt.date, list[RoutePoint]] = {}
    for segment in route.segments:
        points = [p for p in segment.points if p.kind is PointKind.TRACK and p.alt is not None]
        track.setdefault(segment.day, []).extend(points)
    photos: dict[dt.date, list[RoutePoint]] = {}
    for stop in route.stops:
        if stop.kind is PointKind.PHOTO and stop.alt is not None and stop.day is not None:
            photos.setdefault(stop.day, []).append(stop)  # stops are in time order
    profiles = {}
    for day in sorted(set(track) | set(photos)):
        for points, source in (
            (track.get(day, []), PointKind.TRACK),
            (photos.get(day, []), PointKind.PHOTO),
        ):
            if len(points) >= 2:
                profiles[day] = _profile(day, points, source)
                break
    return profiles


def _profile(day: dt.date, points: Sequence[RoutePoint], source: PointKind) -> Profile:
    metres = accumulate(step_lengths_m(points), initial=0.0)
    distances = tuple(m / 1000 for m in metres)
    return Profile(day, distances, tuple(p.alt or 0.0 for p in points), source)


def _step(span: float, steps: Sequence[float]) -> float:
    for step in steps:
        if span / step <= MAX_TICKS:
            return step
    return steps[-1] * math.ceil(span / (steps[-1] * MAX_TICKS))


def _kept(profile: Profile) -> list[int]:
    """Indexes of the points drawn: each slice's lowest and highest, in the order ridden."""
    count = len(profile.distances_km)
    if count <= 2 * SLICES:
        return list(range(count))
    length = profile.length_km or 1.0
    slices: dict[int, list[int]] = {}
    for index, km in enumerate(profile.distances_km):
        slices.setdefault(min(int(km / length * SLICES), SLICES - 1), []).append(index)
    kept: set[int] = {0, count - 1}
    for members in slices.values():
        kept.add(min(members, key=lambda i: profile.altitudes_m[i]))
        kept.add(max(members, key=lambda i: profile.altitudes_m[i]))
    return sorted(kept)


def chart(profile: Profile, lang: str) -> dict[str, Any]:
    """What `elevation.html` draws: path data in a WIDTH x HEIGHT box, ticks with labels and
    their place along each axis (percent), the day's figures formatted for `lang`."""
    step = _step(max(profile.highest_m - profile.lowest_m, 1.0), ALT_STEPS)
    bottom = math.floor(profile.lowest_m / step) * step
    top = max(math.ceil(profile.highest_m / step) * step, bottom + step)
    length = profile.length_km or 1.0

    def xy(index: int) -> tuple[int, int]:
        x = profile.distances_km[index] / length * WIDTH
        y = HEIGHT - (profile.altitudes_m[index] - bottom) / (top - bottom) * HEIGHT
        return round(x), round(y)

    vertices = [xy(i) for i in _kept(profile)]
    # One path draws both the filled area and the line: it is closed below the box (which
    # clips it), so the stroke shows only along the profile, and the data is in the page once.
    below = HEIGHT + OUTSIDE
    outline = [(-OUTSIDE, below), *vertices, (WIDTH + OUTSIDE, below)]
    km_step = _step(length, KM_STEPS)
    km_ticks = [k * km_step for k in range(int(length / km_step) + 1)]
    alt_ticks = [bottom + k * step for k in range(round((top - bottom) / step) + 1)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "path": _path(outline) + "Z",
        "x_ticks": [
            {"percent": _percent(km / length), "label": _km(km, km_step, lang)} for km in km_ticks
        ],
        "y_ticks": [
            {
                "percent": _percent((alt - bottom) / (top - bottom)),
                "y": round(HEIGHT - (alt - bottom) / (top - bottom) * HEIGHT, 1),
                "label": i18n.format_number(alt, lang, 0),
            }
            for alt in alt_ticks
        ],
        "lowest": i18n.format_number(profile.lowest_m, lang, 0),
        "highest": i18n.format_number(profile.highest_m, lang, 0),
        "climb": i18n.format_number(profile.climb_m, lang, 0),
        "from_photos": profile.source is PointKind.PHOTO,
    }


def _path(vertices: Sequence[tuple[int, int]]) -> str:
    """SVG path data through whole-unit vertices, relative after the first: a day's line
    costs a kilobyte or two of page, not ten."""
    x0, y0 = vertices[0]
    steps = "".join(f"l{x - px} {y - py}" for (px, py), (x, y) in pairwise(vertices))
    return f"M{x0} {y0}{steps}".replace(" -", "-")


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.2f}".rstrip("0").rstrip(".")


def _km(km: float, step: float, lang: str) -> str:
    return i18n.format_number(km, lang, 0 if float(step).is_integer() else 1)
