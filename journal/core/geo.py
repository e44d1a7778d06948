"""Plane and sphere arithmetic on WGS84 positions, with no dependency beyond `math`.

Everything that measures (distances, path lengths) or projects (Web Mercator) lives here, so
the numbers a reader sees come from one formula. It knows nothing about files, tracks or
time: callers pass plain coordinates.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Protocol

#: IUGG mean Earth radius (R1), metres: the radius haversine distances are quoted with.
EARTH_RADIUS_M = 6371008.8
#: The WGS84 semi-major axis that EPSG:3857 (spherical Web Mercator) projects onto.
MERCATOR_RADIUS_M = 6378137.0
#: Web Mercator's square world stops at this latitude; beyond it y would be infinite.
MERCATOR_MAX_LAT = 85.05112877980659


class HasLatLon(Protocol):
    """Anything with a position: GeoPoint, TrackPoint, RoutePoint, Place, Waypoint."""

    @property
    def lat(self) -> float: ...

    @property
    def lon(self) -> float: ...


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres on a sphere of the mean Earth radius.

    Within 0.5 % of the ellipsoidal (geodesic) distance anywhere: plenty for a travelogue and
    the same number everywhere in the site.
    """
    p1 = math.radians(lat1)
    p2 = math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def path_length_m(points: Iterable[HasLatLon]) -> float:
    """Length in metres of the polyline through `points`, in the order given."""
    return sum(step_lengths_m(points))


def step_lengths_m(points: Iterable[HasLatLon]) -> list[float]:
    """Distance in metres from each point to the next (one fewer than the points).

    Written out with local names rather than calling `haversine_m` per pair: it is the inner
    loop of the trip statistics over 100,000 track points, and this is about twice as fast.
    """
    radians, sin, cos, asin, sqrt = math.radians, math.sin, math.cos, math.asin, math.sqrt
    diameter = 2 * EARTH_RADIUS_M
    steps: list[float] = []
    prev_lat = prev_lon = prev_cos = 0.0
    first = True
    for point in points:
        lat, lon = radians(point.lat), radians(point.lon)
        cos_lat = cos(lat)
        if first:
            first = False
        else:
            a = sin((lat - prev_lat) / 2) ** 2 + prev_cos * cos_lat * sin((lon - prev_lon) / 2) ** 2
            steps.append(diameter * asin(min(1.0, sqrt(a))))
        prev_lat, prev_lon, prev_cos = lat, lon, cos_lat
    return steps


def mercator(lat: float, lon: float) -> tuple[float, float]:
    """EPSG:3857 (x, y) in metres; latitudes past the projection's edge are clamped to it."""
    lat = max(-MERCATOR_MAX_LAT, min(MERCATOR_MAX_LAT, lat))
    x = MERCATOR_RADIUS_M * math.radians(lon)
    y = MERCATOR_RADIUS_M * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return x, y


def unmercator(x: float, y: float) -> tuple[float, float]:
    """The inverse of `mercator`: (lat, lon), the longitude brought back into [-180, 180]."""
    lon = math.degrees(x / MERCATOR_RADIUS_M)
    lon = (lon + 180) % 360 - 180 if not -180 <= lon <= 180 else lon
    lat = math.degrees(2 * math.atan(math.exp(y / MERCATOR_RADIUS_M)) - math.pi / 2)
    return lat, lon


def lerp_lon(lon1: float, lon2: float, fraction: float) -> float:
    """Interpolate a longitude the short way round, so a track across 180° stays on the sea."""
    delta = lon2 - lon1
    if delta > 180:
        delta -= 360
    elif delta < -180:
        delta += 360
    lon = lon1 + delta * fraction
    return (lon + 180) % 360 - 180 if not -180 <= lon <= 180 else lon


def lon_window(lons: Iterable[float]) -> float:
    """The west edge of the 360 degrees of longitude that hold every one of `lons` with the
    world's widest empty stretch left outside: -180 (longitudes as they are) for a trip that
    does not cross the antimeridian, else the east end of the widest gap (a flight Santiago
    -> Auckland gets a window from Auckland eastwards), so a map drawn in that window takes
    the short way and is framed on the route, not on the whole world."""
    ordered = sorted({lon % 360.0 for lon in lons})
    if len(ordered) < 2:
        return -180.0
    gaps = [(b - a, a, b) for a, b in zip(ordered, ordered[1:], strict=False)]
    gaps.append((ordered[0] + 360.0 - ordered[-1], ordered[-1], ordered[0] + 360.0))
    _, west_end, east_end = max(gaps)
    if west_end <= 180.0 <= east_end or west_end <= 540.0 <= east_end:
        return -180.0  # the widest gap holds the antimeridian: nothing crosses it
    return (east_end + 180.0) % 360.0 - 180.0


def in_window(lon: float, west: float) -> float:
    """`lon` as the copy of it in [west, west + 360) (itself when it is there already)."""
    if west <= lon < west + 360.0:
        return lon
    return lon - 360.0 * math.floor((lon - west) / 360.0)


def unwrapped(lons: Iterable[float], west: float) -> list[float]:
    """A line's longitudes drawn the short way: the first in the window, each next one the
    copy nearest the one before (a step never spans more than 180 degrees)."""
    found: list[float] = []
    for lon in lons:
        if not found:
            found.append(in_window(lon, west))
            continue
        found.append(lon + 360.0 * round((found[-1] - lon) / 360.0))
    return found
