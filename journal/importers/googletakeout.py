"""Google Takeout's Location History: `Records.json` and the monthly semantic files.

`Records.json` is every raw fix: `{"locations": [{latitudeE7, longitudeE7, accuracy,
altitude, timestamp}]}` (before 2019 or so the instant was `timestampMs`, milliseconds in a
string). `Semantic Location History/<year>/<year>_<MONTH>.json` is Google's reading of it:
`{"timelineObjects": [{"placeVisit": ...} | {"activitySegment": ...}]}`, where a visit has a
`location` (E7 position, `name`, `address`, `semanticType` such as `TYPE_HOME`) and a
`duration`, and an activity a `simplifiedRawPath` of timed points between its start and end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journal.core.errors import Report
from journal.core.models import TrackPoint, Waypoint
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
    bad: int = 0

    def extend(self, other: History) -> None:
        self.points += other.points
        self.stays += other.stays
        self.private += other.private

    def warn_bad(self, path: Path, report: Report, what: str) -> None:
        if self.bad:
            report.warn(path, f"{self.bad} {what} without a position or time left out",
                        code="import.bad-point")  # fmt: skip


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


def read_records(data: dict[str, Any], path: Path, report: Report) -> History:
    """Raw fixes of Records.json, precise enough to draw."""
    found, coarse = History(), 0
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
            coarse += 1
            continue
        altitude = item.get("altitude")
        alt = float(altitude) if isinstance(altitude, int | float) else None
        found.points.append(TrackPoint(where.lat, where.lon, alt, moment))
    found.warn_bad(path, report, "records")
    if coarse:
        report.warn(path, f"{coarse} records less precise than {MAX_ACCURACY_M} m left out",
                    code="import.coarse-point")  # fmt: skip
    return found


def read_semantic(data: dict[str, Any], path: Path, report: Report) -> History:
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
    found.warn_bad(path, report, "visits or paths")
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
    """The activity's timed path; its start and end when it has no path."""
    raw = (activity.get("simplifiedRawPath") or {}).get("points") or []
    found = []
    for item in raw if isinstance(raw, list) else []:
        where = e7(item.get("latE7"), item.get("lngE7")) if isinstance(item, dict) else None
        moment = when(item) if where else None
        if where and moment:
            found.append(TrackPoint(where.lat, where.lon, None, moment))
    duration = activity.get("duration") if isinstance(activity.get("duration"), dict) else {}
    for end, key in (("startLocation", "startTimestamp"), ("endLocation", "endTimestamp")):
        location = activity.get(end) if isinstance(activity.get(end), dict) else {}
        where = e7(location.get("latitudeE7"), location.get("longitudeE7"))
        moment = when(duration, key)
        if where and moment:
            found.append(TrackPoint(where.lat, where.lon, None, moment))
    points.extend(found)
    return 0 if found else 1
