"""What the map's route playback needs to know beyond the drawn lines: which day each line
belongs to, and where along the route each marker is reached.

The playback itself is the theme's `static/playback.js`, which rides the drawn lines (their
vertices, in the order the route was ridden) at a steady pace and shows a marker once the
ride passes its step. A marker with a time is reached at the vertex nearest it in time (a
round trip passes the start twice; the photo taken on leaving shows at the start, the one on
coming home at the end); a marker without one at the vertex nearest it on the map. Pure:
plain values in, plain lists out, for foliummap.py to put in the map's registry.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence

from journal.core.geo import haversine_m
from journal.core.route import MapMarker, Route, RoutePoint


def leg_days(route: Route) -> list[int]:
    """Each segment's day, as its index among the route's days (the colour's index)."""
    index = {day: number for number, day in enumerate(route.days)}
    return [index[segment.day] for segment in route.segments]


def marker_steps(
    legs: Sequence[Sequence[RoutePoint]], markers: Sequence[MapMarker]
) -> list[list[int]]:
    """Each marker's [leg, vertex]: where along the drawn legs the ride reaches it."""
    vertices = [(leg, vertex) for leg, points in enumerate(legs) for vertex in range(len(points))]
    if not vertices:
        return [[0, 0] for _ in markers]
    timed = [
        (point.time, step)
        for step in vertices
        if (point := legs[step[0]][step[1]]).time is not None
    ]
    timed.sort(key=lambda item: (item[0], item[1]))
    times = [time for time, _ in timed]
    return [list(_step(marker, legs, vertices, timed, times)) for marker in markers]


def _step(
    marker: MapMarker,
    legs: Sequence[Sequence[RoutePoint]],
    vertices: list[tuple[int, int]],
    timed: list[tuple[dt.datetime, tuple[int, int]]],
    times: list[dt.datetime],
) -> tuple[int, int]:
    if marker.time is not None and timed:
        slot = bisect.bisect_left(times, marker.time)
        near = [i for i in (slot - 1, slot) if 0 <= i < len(timed)]
        best = min(near, key=lambda i: abs((times[i] - marker.time).total_seconds()))  # type: ignore[operator]
        return timed[best][1]
    return min(
        vertices,
        key=lambda s: haversine_m(
            marker.lat, marker.lon, legs[s[0]][s[1]].lat, legs[s[0]][s[1]].lon
        ),
    )
