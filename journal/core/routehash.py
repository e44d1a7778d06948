"""A route's content hash: its coordinates alone, or every field of every point.

The drawings kept between renders (maps, exports) and the trip's numbers are keyed by the
route they come from. Coordinates are hashed as packed doubles (100,000 points in about
10 ms; pickling the route takes far longer), once a render however many ask: the last
route's hashes are remembered, by identity.
"""

from __future__ import annotations

import hashlib
import math
from array import array
from collections.abc import Sequence

from journal.core.route import Route, RoutePoint

_digests: dict[bool, tuple[Route, bytes]] = {}  # full or not -> the last route and its hash


def route_digest(route: Route, *, full: bool = False) -> bytes:
    """A hash of the route's legs and stops: their coordinates, or with `full` every field
    (heights, times, references, days). Remembered for the last route asked, as every map
    and export of one render asks about the same route; the full hash goes on from the
    coordinates' (one pass over the points for both)."""
    kept = _digests.get(full)
    if kept is not None and kept[0] is route:
        return kept[1]
    if full:
        digest = hashlib.sha256(route_digest(route))
        for points in [*(s.points for s in route.segments), route.stops]:
            digest.update(_details(points))
    else:
        digest = hashlib.sha256()
        for segment in route.segments:
            leg = f"{segment.day.isoformat()} {segment.kind} {segment.mode}"
            digest.update(f"segment {leg} {len(segment.points)}\n".encode())
            digest.update(_packed(segment.points))
        digest.update(f"stops {len(route.stops)}\n".encode())  # they widen the fitted bounds
        digest.update(_packed(route.stops))
    _digests[full] = route, digest.digest()
    return _digests[full][1]


def _packed(points: Sequence[RoutePoint]) -> bytes:
    """Latitudes and longitudes as raw doubles: exact, and cheap for 100,000 points."""
    return array("d", [c for p in points for c in (p.lat, p.lon)]).tobytes()


def _details(points: Sequence[RoutePoint]) -> bytes:
    """Heights and times as raw doubles (NaN for none), then each run of points sharing a
    kind, a reference and a day, by where it starts (a run is most of a track)."""
    nan = math.nan
    numbers = array(
        "d",
        [
            c
            for p in points
            for c in (
                nan if p.alt is None else p.alt,
                nan if p.time is None else p.time.timestamp(),
            )
        ],
    )
    runs, last = [], None
    for index, point in enumerate(points):
        if (here := (point.kind, point.ref, point.day)) != last:
            runs.append(f"{index} {point.kind} {point.ref} {point.day}")
            last = here
    return numbers.tobytes() + "\n".join(runs).encode()
