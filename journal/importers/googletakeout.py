"""Google Takeout's Location History: `Records.json` and the monthly semantic files.

`Records.json` is every raw fix: `{"locations": [{latitudeE7, longitudeE7, accuracy,
altitude, timestamp}]}` (before 2019 or so the instant was `timestampMs`, milliseconds in a
string). `Semantic Location History/<year>/<year>_<MONTH>.json` is Google's reading of it:
`{"timelineObjects": [{"placeVisit": ...} | {"activitySegment": ...}]}`, where a visit has a
`location` (E7 position, `name`, `address`, `semanticType` such as `TYPE_HOME`) and a
`duration`, and an activity a `simplifiedRawPath` of timed points between its start and end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from journal.core.geo import haversine_m
from journal.core.models import GeoPoint, TrackPoint, Waypoint
from journal.importers.model import PrivatePlace
from journal.importers.values import e7, epoch, instant, text

#: Fixes less precise than this (a cell tower, a coarse Wi-Fi guess) would draw zig-zags
#: across town; they are left out and counted.
MAX_ACCURACY_M = 200
#: Semantic types that name where a person lives or works, in every spelling Google used.
PRIVATE_TYPES = {"HOME": "home", "WORK": "work"}


@dataclass
class History:
    """What one location history file gave, and how many of its items were unusable."""

    points: list[TrackPoint] = field(default_factory=list)
    stays: list[Waypoint] = field(default_factory=list)
    private: list[PrivatePlace] = field(default_factory=list)
    bad: int = 0  # items without a position or a time
    coarse: int = 0  # fixes less precise than MAX_ACCURACY_M

    def extend(self, other: History) -> None:
        self.points += other.points
        self.stays += other.stays
        self.private += other.private


def private_label(semantic_type: Any) -> str | None:
    """`home` or `work` for `TYPE_HOME`, `HOME`, `INFERRED_WORK`, `Inferred Home`...; else None."""
    word = text(semantic_type).upper().replace(" ", "_")
    for prefix in ("TYPE_", "INFERRED_"):
        word = word.removeprefix(prefix)
    return PRIVATE_TYPES.get(word)


def when(item: dict[str, Any], key: str = "timestamp") -> Any:
    """The instant of an item: ISO `timestamp`, or the older `timestampMs`."""
    found = instant(item.get(key))
    return found or epoch(item.get(f"{key}Ms"), millis=True)


def read_records(data: dict[str, Any], path: Path) -> History:
    """Raw fixes of Records.json, precise enough to draw."""
    found = History()
    for item in data.get("locations") or []:
        where = (
            e7(item.get("latitudeE7"), item.get("longitudeE7")) if isinstance(item, dict) else None
        )
        moment = when(item) if where else None
        if where is None or moment is None:
            found.bad += 1
            continue
        accuracy = item.get("accuracy")
        if isinstance(accuracy, int | float) and accuracy > MAX_ACCURACY_M:
            found.coarse += 1
            continue
        altitude = item.get("altitude")
        alt = float(altitude) if isinstance(altitude, int | float) else None
        found.points.append(TrackPoint(where.lat, where.lon, alt, moment))
    return found


def read_semantic(data: dict[str, Any], path: Path) -> History:
    """Activity paths as points, visits as stays, home and work visits as private places."""
    found = History()
    for item in data.get("timelineObjects") or []:
        visit = item.get("placeVisit") if isinstance(item, dict) else None
        activity = item.get("activitySegment") if isinstance(item, dict) else None
        if isinstance(visit, dict):
            found.bad += _visit(visit, path, found)
        elif isinstance(activity, dict):
            found.bad += _activity(activity, found.points)
        else:
            found.bad += 1
    return found


def _visit(visit: dict[str, Any], path: Path, found: History) -> int:
    location = visit.get("location") if isinstance(visit.get("location"), dict) else {}
    where = e7(location.get("latitudeE7"), location.get("longitudeE7"))
    duration = visit.get("duration") if isinstance(visit.get("duration"), dict) else {}
    start = when(duration, "startTimestamp")
    if where is None:
        return 1
    label = private_label(location.get("semanticType"))
    if label:
        found.private.append(PrivatePlace(where.lat, where.lon, label, path))
    elif start is not None:
        found.stays.append(Waypoint(where.lat, where.lon, text(location.get("name")), start))
    else:
        return 1
    return 0


def _activity(activity: dict[str, Any], points: list[TrackPoint]) -> int:
    """The activity's positions: its timed raw path and its ends, and, where it has no raw
    path, the road Google matched it to (`waypointPath`) or the stops of the bus or train it
    took (`transitPath`), timed along the way between its start and end."""
    raw = _dict(activity.get("simplifiedRawPath")).get("points")
    found = []
    for item in raw if isinstance(raw, list) else []:
        where = e7(item.get("latE7"), item.get("lngE7")) if isinstance(item, dict) else None
        moment = when(item) if where else None
        if where and moment:
            found.append(TrackPoint(where.lat, where.lon, None, moment))
    duration = _dict(activity.get("duration"))
    ends = []
    for end, key in (("startLocation", "startTimestamp"), ("endLocation", "endTimestamp")):
        location = _dict(activity.get(end))
        ends.append(
            (e7(location.get("latitudeE7"), location.get("longitudeE7")), when(duration, key))
        )
    if not found:
        found = _along(_path_positions(activity), ends)
    found += [TrackPoint(w.lat, w.lon, None, t) for w, t in ends if w and t]
    points.extend(found)
    return 0 if found else 1


def _path_positions(activity: dict[str, Any]) -> list[GeoPoint]:
    """The untimed positions of a matched road or a transit ride, in order."""
    road = _dict(activity.get("waypointPath")).get("waypoints")
    stops = _dict(activity.get("transitPath")).get("transitStops")
    found = []
    for item in [
        *(road if isinstance(road, list) else []),
        *(stops if isinstance(stops, list) else []),
    ]:
        if not isinstance(item, dict):
            continue
        where = e7(
            item.get("latE7", item.get("latitudeE7")), item.get("lngE7", item.get("longitudeE7"))
        )
        if where is not None:
            found.append(where)
    return found


def _along(
    path: list[GeoPoint], ends: list[tuple[GeoPoint | None, dt.datetime | None]]
) -> list[TrackPoint]:
    """`path` timed between the activity's start and end in proportion to the distance
    covered: Google gives the road, not when each bend of it was passed."""
    (start, begun), (end, ended) = ends
    if not path or begun is None or ended is None or ended < begun:
        return []
    line = [p for p in (start, *path, end) if p is not None]
    steps = [0.0] + [haversine_m(a.lat, a.lon, b.lat, b.lon) for a, b in pairwise(line)]
    total = sum(steps) or 1.0
    span, covered, timed = ended - begun, 0.0, []
    for point, step in zip(line, steps, strict=True):
        covered += step
        at = begun + span * (covered / total)
        if point is not start and point is not end:
            timed.append(TrackPoint(point.lat, point.lon, None, at))
    return timed


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
