"""Google Maps Timeline kept on the phone (since 2024): Android's `Timeline.json`, iOS's
`location-history.json`.

Android writes `{"semanticSegments": [...], "rawSignals": [...], "userLocationProfile":
{"frequentPlaces": [...]}}`: a segment has `startTime`/`endTime` (ISO with offset) and one of
`visit` (`topCandidate.semanticType`, `topCandidate.placeLocation.latLng` as
`"45.1564°, 10.7914°"`), `activity` (`start`/`end` positions) or `timelinePath` (points with
their own `time`); a raw signal has a `position` with `LatLng`, `timestamp` and
`altitudeMeters`; a frequent place may be labelled `HOME` or `WORK`. iOS writes a bare list of
the same segments with positions as `"geo:45.1564,10.7914"`, `placeLocation` as a plain string
and path points timed by `durationMinutesOffsetFromStartTime`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from journal.core.models import TrackPoint, Waypoint
from journal.importers.googletakeout import MAX_ACCURACY_M, History, private_label
from journal.importers.model import PrivatePlace
from journal.importers.values import instant, latlng_text


def read_device(data: Any, path: Path) -> History:
    """Android's object or iOS's list, read alike."""
    found = History()
    segments = data if isinstance(data, list) else data.get("semanticSegments") or []
    for segment in segments:
        _segment(segment, path, found)
    if isinstance(data, dict):
        for signal in data.get("rawSignals") or []:
            _signal(signal, found)
        profile = data.get("userLocationProfile") or {}
        for place in profile.get("frequentPlaces") or [] if isinstance(profile, dict) else []:
            label = private_label(place.get("label")) if isinstance(place, dict) else None
            where = latlng_text(place.get("placeLocation")) if label else None
            if label and where:
                found.private.append(PrivatePlace(where.lat, where.lon, label, path))
    return found


def _segment(segment: Any, path: Path, found: History) -> None:
    if not isinstance(segment, dict):
        found.bad += 1
        return
    start, end = instant(segment.get("startTime")), instant(segment.get("endTime"))
    visit, activity = segment.get("visit"), segment.get("activity")
    if isinstance(visit, dict):
        _visit(visit, start, path, found)
    elif isinstance(activity, dict):
        for key, moment in (("start", start), ("end", end)):
            where = latlng_text(activity.get(key))
            if where and moment:
                found.points.append(TrackPoint(where.lat, where.lon, None, moment))
            else:
                found.bad += 1
    elif isinstance(segment.get("timelinePath"), list):
        for point in segment["timelinePath"]:
            _path_point(point, start, found)
    # timelineMemory and other summaries hold no position of their own


def _visit(visit: dict[str, Any], start: dt.datetime | None, path: Path, found: History) -> None:
    candidate = visit.get("topCandidate") if isinstance(visit.get("topCandidate"), dict) else {}
    where = latlng_text(candidate.get("placeLocation"))
    if where is None:
        found.bad += 1
        return
    label = private_label(candidate.get("semanticType"))
    if label:
        found.private.append(PrivatePlace(where.lat, where.lon, label, path))
    elif start is not None:
        found.stays.append(Waypoint(where.lat, where.lon, "", start))
    else:
        found.bad += 1


def _path_point(point: Any, start: dt.datetime | None, found: History) -> None:
    """A path point timed by its own `time` (Android) or minutes after the start (iOS)."""
    where = latlng_text(point.get("point")) if isinstance(point, dict) else None
    moment = instant(point.get("time")) if where else None
    if where and moment is None and start is not None:
        try:
            moment = start + dt.timedelta(
                minutes=float(point["durationMinutesOffsetFromStartTime"])
            )
        except (KeyError, TypeError, ValueError):
            moment = None
    if where and moment:
        found.points.append(TrackPoint(where.lat, where.lon, None, moment))
    else:
        found.bad += 1


def _signal(signal: Any, found: History) -> None:
    """A raw fix (`rawSignals[].position`); Wi-Fi scans and activity records are not places."""
    fix = signal.get("position") if isinstance(signal, dict) else None
    if not isinstance(fix, dict):
        return
    where = latlng_text(fix.get("LatLng", fix.get("latLng")))
    moment = instant(fix.get("timestamp"))
    accuracy = fix.get("accuracyMeters")
    if where is None or moment is None:
        found.bad += 1
    elif isinstance(accuracy, int | float) and accuracy > MAX_ACCURACY_M:
        found.coarse += 1
    else:
        altitude = fix.get("altitudeMeters")
        alt = float(altitude) if isinstance(altitude, int | float) else None
        found.points.append(TrackPoint(where.lat, where.lon, alt, moment))
