"""Privacy zones: no published coordinate falls in a circle the rider wants kept (home, work).

Owns deciding what is hidden and cutting lines at a zone's edge. It runs twice in the flow:
`apply_privacy` on the loaded trip (photo and entry positions inside a zone are dropped, GPX
tracks are cut), then `cut_route` on the built route, because the route joins what it has with
straight lines and a line between two points outside a zone can still cross it (a chord, or
the gap the route builder bridges where the track was cut). Both are needed; neither writes.

How a line is cut: each straight piece is intersected with the zone's circle in the Web
Mercator plane, which is where the map draws straight lines, and the published line stops at
the crossing point on the edge instead of at the last real point, so where lines end says
nothing about where the centre is. The circle is widened by `MARGIN_M` so that a crossing point
stays outside after the five-decimal rounding of the map and the small gap between a straight
Mercator line and a great circle; the published zone is therefore `radius_m + MARGIN_M`.

Statistics are computed on the cut route: the distance ridden inside a zone (at most a couple
of radii per visit) is not counted, and the highest point and the towns can never come from
inside a zone. The straight jump between where the line leaves and re-enters a zone is still
counted, so the total stays close to the real one.

Limit: the Mercator plane breaks across the antimeridian; a zone there is treated as if the
line took the short way round, which is what every map does too.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from journal.core.geo import (
    EARTH_RADIUS_M,
    MERCATOR_MAX_LAT,
    MERCATOR_RADIUS_M,
    HasLatLon,
    mercator,
    path_length_m,
    unmercator,
)
from journal.core.models import Entry, Photo, PrivacyZone, Track, Trip
from journal.core.route import Route

log = logging.getLogger(__name__)

#: Metres added to every zone's radius: survives rounding to 1e-5 degree (about 1 m) and the
#: difference between a Mercator line and the great circle (metres at 50 km) with room to spare.
MARGIN_M = 10.0

#: Pieces of line shorter than this are slivers left where a line grazes a zone's edge.
MIN_PIECE_M = 1.0


class LinePoint(HasLatLon, Protocol):
    """A point of a line that can be cut: TrackPoint, RoutePoint and its subclasses."""

    @property
    def alt(self) -> float | None: ...

    @property
    def time(self) -> dt.datetime | None: ...


P = TypeVar("P", bound=LinePoint)


@dataclass(frozen=True)
class _Disc:
    """A zone as a disc in the Web Mercator plane, large enough to hold the real zone."""

    x: float
    y: float
    radius: float
    south: float  # a latitude/longitude box around it, to skip far segments cheaply
    north: float
    west: float
    east: float


def _disc(zone: PrivacyZone) -> _Disc:
    """Mercator scale grows toward the pole, so the radius uses the zone's poleward edge:
    every point of the widened zone on the ground is then inside the disc."""
    ground = zone.radius_m + MARGIN_M
    reach_deg = math.degrees(ground / EARTH_RADIUS_M) * 1.5
    poleward = min(abs(zone.lat) + reach_deg, MERCATOR_MAX_LAT)
    radius = ground * (MERCATOR_RADIUS_M / EARTH_RADIUS_M) / math.cos(math.radians(poleward))
    x, y = mercator(zone.lat, zone.lon)
    lon_reach = min(180.0, reach_deg / max(math.cos(math.radians(poleward)), 1e-9))
    return _Disc(
        x,
        y,
        radius,
        zone.lat - reach_deg,
        zone.lat + reach_deg,
        zone.lon - lon_reach,
        zone.lon + lon_reach,
    )


def _wrapped_dx(x: float, origin: float) -> float:
    """x - origin the short way round the world."""
    world = 2 * math.pi * MERCATOR_RADIUS_M
    dx = x - origin
    return (dx + world / 2) % world - world / 2


def hidden(lat: float, lon: float, zones: Sequence[PrivacyZone]) -> bool:
    """Whether a position must not be published: it lies in a zone (widened by MARGIN_M)."""
    return _hidden(lat, lon, [_disc(z) for z in zones])


def _hidden(lat: float, lon: float, discs: Sequence[_Disc]) -> bool:
    x, y = mercator(lat, lon)
    return any(_wrapped_dx(x, d.x) ** 2 + (y - d.y) ** 2 <= d.radius**2 for d in discs)


def _inside_span(a: LinePoint, b: LinePoint, disc: _Disc) -> tuple[float, float] | None:
    """The part [t0, t1] of the straight Mercator line a->b (t in 0..1) inside the disc."""
    if max(a.lat, b.lat) < disc.south or min(a.lat, b.lat) > disc.north:
        return None
    if abs(b.lon - a.lon) < 180 and (
        max(a.lon, b.lon) < disc.west or min(a.lon, b.lon) > disc.east
    ):
        return None
    ax, ay = mercator(a.lat, a.lon)
    bx, by = mercator(b.lat, b.lon)
    px, py = _wrapped_dx(ax, disc.x), ay - disc.y
    dx, dy = _wrapped_dx(bx, ax), by - ay
    aa = dx * dx + dy * dy
    c = px * px + py * py - disc.radius**2
    if aa == 0:
        return (0.0, 1.0) if c <= 0 else None
    half_b = px * dx + py * dy
    disc_q = half_b * half_b - aa * c
    if disc_q < 0:
        return None
    root = math.sqrt(disc_q)
    t0, t1 = (-half_b - root) / aa, (-half_b + root) / aa
    t0, t1 = max(t0, 0.0), min(t1, 1.0)
    return (t0, t1) if t0 <= t1 else None


def _visible_spans(a: LinePoint, b: LinePoint, discs: Sequence[_Disc]) -> list[tuple[float, float]]:
    """The parts of a->b outside every disc, in order along the line."""
    inside = sorted(span for d in discs if (span := _inside_span(a, b, d)) is not None)
    visible: list[tuple[float, float]] = []
    start = 0.0
    for t0, t1 in inside:
        if t0 > start:
            visible.append((start, t0))
        start = max(start, t1)
    if start < 1.0 or not inside:
        visible.append((start, 1.0))
    return visible


def _between(a: P, b: P, t: float) -> P:
    """The point a fraction t along the straight Mercator line a->b; time and height too."""
    if t <= 0.0:
        return a
    if t >= 1.0:
        return b
    ax, ay = mercator(a.lat, a.lon)
    bx, by = mercator(b.lat, b.lon)
    lat, lon = unmercator(ax + _wrapped_dx(bx, ax) * t, ay + (by - ay) * t)
    alt = a.alt + (b.alt - a.alt) * t if a.alt is not None and b.alt is not None else None
    time: dt.datetime | None = a.time or b.time
    if a.time is not None and b.time is not None:
        time = a.time + (b.time - a.time) * t
    return replace(a, lat=lat, lon=lon, alt=alt, time=time)  # type: ignore[type-var]


def cut_line(points: Sequence[P], zones: Sequence[PrivacyZone]) -> list[list[P]]:
    """The pieces of a polyline outside every zone, each ending on a zone's edge where cut.

    A piece of fewer than two points, or shorter than MIN_PIECE_M, is dropped: a lone point or
    a sliver says nothing about the ride and only marks where a zone begins.
    """
    discs = [_disc(z) for z in zones]
    if not discs:
        return [list(points)] if len(points) >= 2 else []
    pieces: list[list[P]] = []
    current: list[P] = []
    if points and not _hidden(points[0].lat, points[0].lon, discs):
        current.append(points[0])
    for a, b in zip(points, points[1:], strict=False):
        for t0, t1 in _visible_spans(a, b, discs):
            if t0 > 0.0 or not current:
                pieces.append(current)
                current = [_between(a, b, t0)]
            current.append(_between(a, b, t1))
            if t1 < 1.0:
                pieces.append(current)
                current = []
    pieces.append(current)
    return [p for p in pieces if len(p) >= 2 and path_length_m(p) >= MIN_PIECE_M]


def cut_route(route: Route, zones: Sequence[PrivacyZone]) -> Route:
    """The route with every line cut at the zones' edges and every stop inside them dropped."""
    if not zones:
        return route
    discs = [_disc(z) for z in zones]
    segments = tuple(
        replace(segment, points=tuple(piece))
        for segment in route.segments
        for piece in cut_line(segment.points, zones)
    )
    stops = tuple(s for s in route.stops if not _hidden(s.lat, s.lon, discs))
    log.debug(
        "privacy: %d segments -> %d, %d stops -> %d",
        len(route.segments),
        len(segments),
        len(route.stops),
        len(stops),
    )
    return Route(segments=segments, stops=stops)


def apply_privacy(trip: Trip, zones: Sequence[PrivacyZone]) -> Trip:
    """The trip as it may be published: positions inside zones dropped, tracks cut at edges.

    Photos and entries inside a zone stay in the travelogue, only without a position (so no
    marker, no map link); their place name, if the author wrote one, is theirs to keep.
    """
    if not zones:
        return trip
    discs = [_disc(z) for z in zones]
    photos = tuple(_private_photo(p, discs) for p in trip.photos)
    entries = tuple(_private_entry(e, discs) for e in trip.entries)
    tracks = tuple(_cut_track(t, zones, discs) for t in trip.tracks)
    hid_photos = sum(a is not b for a, b in zip(trip.photos, photos, strict=True))
    hid_entries = sum(a is not b for a, b in zip(trip.entries, entries, strict=True))
    if hid_photos or hid_entries:
        log.info("privacy zones: %d photos, %d entries published without position",
                 hid_photos, hid_entries)  # fmt: skip
    return replace(trip, photos=photos, entries=entries, tracks=tracks)


def _private_photo(photo: Photo, discs: Sequence[_Disc]) -> Photo:
    where = [g for g in (photo.position, photo.meta.position) if g is not None]
    if not any(_hidden(g.lat, g.lon, discs) for g in where):
        return photo
    return replace(photo, position=None, meta=replace(photo.meta, position=None))


def _private_entry(entry: Entry, discs: Sequence[_Disc]) -> Entry:
    where = [entry.location] + [t.location for t in entry.texts.values()]
    if not any(g is not None and _hidden(g.lat, g.lon, discs) for g in where):
        return entry
    texts = {lang: replace(text, location=None) for lang, text in entry.texts.items()}
    return replace(entry, location=None, texts=texts)


def _cut_track(track: Track, zones: Sequence[PrivacyZone], discs: Sequence[_Disc]) -> Track:
    segments = tuple(tuple(piece) for seg in track.segments for piece in cut_line(seg, zones))
    waypoints = tuple(w for w in track.waypoints if not _hidden(w.lat, w.lon, discs))
    return replace(track, segments=segments, waypoints=waypoints)


def zones_of(trip: Trip, extra: Iterable[PrivacyZone] = ()) -> tuple[PrivacyZone, ...]:
    """The trip's own zones and the journal-wide ones (journal.toml), without repeats."""
    return tuple(dict.fromkeys((*trip.config.privacy_zones, *extra)))
