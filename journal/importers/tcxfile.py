"""TCX files (Garmin's Training Center XML): what older Garmin uploads are in a Strava export,
and Google Fit's Takeout.

Read with the standard library's XML parser: each `Trackpoint` is one point with its own time,
position and height, which the TCX libraries return as separate lists that no longer line up
once a point lacks its position (a pause, a heart rate alone). Each activity or course is one
line (its laps follow each other without a gap); a course's `CoursePoint`s are places.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from xml.etree import ElementTree

from journal.core.models import TrackPoint, Waypoint

TCX = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"


@dataclass
class TcxReading:
    """What one TCX file gave: its lines in file order, its course points, what was wrong."""

    name: str | None = None
    lines: list[list[TrackPoint]] = field(default_factory=list)
    waypoints: list[Waypoint] = field(default_factory=list)
    no_fix: int = 0  # trackpoints without a position: a pause, a heart rate alone
    reasons: list[str] = field(default_factory=list)


def read_tcx(data: bytes) -> TcxReading:
    """Every Trackpoint of the file's activities and courses; course points as waypoints.

    Strava writes its TCX files with spaces before the XML declaration, which XML forbids
    and every parser refuses: they are stripped first."""
    found = TcxReading()
    try:
        root = ElementTree.fromstring(data.lstrip())
    except ElementTree.ParseError as exc:
        found.reasons.append(f"not a TCX file: {exc}")
        return found
    if root.tag != f"{TCX}TrainingCenterDatabase":
        found.reasons.append("not a TCX file: no TrainingCenterDatabase in it")
        return found
    outings = [*root.iter(f"{TCX}Activity"), *root.iter(f"{TCX}Course")]
    for outing in outings:
        line = []
        for trackpoint in outing.iter(f"{TCX}Trackpoint"):
            at = _at(trackpoint)
            if at is None:
                found.no_fix += 1
                continue
            alt = _float(trackpoint, f"{TCX}AltitudeMeters")
            line.append(TrackPoint(*at, alt, _time(trackpoint)))
        found.lines.append(line)
    for course_point in root.iter(f"{TCX}CoursePoint"):
        if (at := _at(course_point)) is not None:
            name = (course_point.findtext(f"{TCX}Name") or "").strip()
            found.waypoints.append(Waypoint(*at, name=name, time=_time(course_point)))
    found.name = root.findtext(f".//{TCX}Course/{TCX}Name") or None
    return found


def _at(element: ElementTree.Element) -> tuple[float, float] | None:
    lat = _float(element, f"{TCX}Position/{TCX}LatitudeDegrees")
    lon = _float(element, f"{TCX}Position/{TCX}LongitudeDegrees")
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(lat, 7), round(lon, 7)


def _float(element: ElementTree.Element, path: str) -> float | None:
    found = element.findtext(path)
    try:
        return float(found) if found else None
    except ValueError:
        return None


def _time(element: ElementTree.Element) -> dt.datetime | None:
    """The point's time in UTC; a time without a zone is UTC, as the schema says."""
    found = (element.findtext(f"{TCX}Time") or "").strip()
    try:
        when = dt.datetime.fromisoformat(found.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
