"""Activity files as sports apps and GPS units save them: GPX, FIT and TCX, plain or gzipped.

The only user of `fitdecode`, the well-kept FIT reader (pure Python, CRC checked). A FIT
`record` message holds the position in semicircles (2^31 to 180 degrees), the time in UTC and
the height in `enhanced_altitude` or `altitude`; a record before the first fix has no
position and is skipped. GPX goes through `load/gpx.py` like a trip's own tracks. TCX
(Garmin's Training Center XML, what older Garmin uploads are in a Strava export) is read with
the standard library's XML parser: each `Trackpoint` is one point with its own time, position
and height, which the TCX libraries return as separate lists that no longer line up once a
point lacks its position (a pause, a heart rate only). Also the `gpx` source of `journal
import`: a folder of such files, a track each.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from journal.core.errors import JournalError, Report, guarded
from journal.core.models import TrackPoint, Waypoint
from journal.core.names import slugify
from journal.importers.exportfiles import ExportTree, Member, TooLarge, gunzip
from journal.importers.model import Export, SourceTrack
from journal.importers.tracks import in_time_order, local_day_of

#: What `read_activity` reads, compared lower-case.
ACTIVITY_SUFFIXES = (".gpx", ".fit", ".tcx", ".gpx.gz", ".fit.gz", ".tcx.gz")
SEMICIRCLE_DEG = 180 / 2**31
TCX = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"


@dataclass(frozen=True)
class Activity:
    """One activity file: its points in time order, named places, and what was wrong."""

    name: str | None
    points: tuple[TrackPoint, ...]
    waypoints: tuple[Waypoint, ...] = ()
    reasons: tuple[str, ...] = ()


def is_activity(name: str) -> bool:
    return name.lower().endswith(ACTIVITY_SUFFIXES)


def read_activity(member: Member) -> Activity:
    """A GPX, FIT or TCX file, gzipped or not; never raises on bad content (see `reasons`),
    whatever the parser meets: its faults are the file's. A member beyond the caps of an
    export (`TooLarge`) stops the import."""
    try:
        data = member.read()
        if member.name.lower().endswith(".gz"):
            data = gunzip(data, member.path)
    except TooLarge:
        raise
    except JournalError as exc:
        return Activity(None, (), reasons=(exc.message,))
    kind = member.name.lower().removesuffix(".gz").rsplit(".", 1)[-1]
    try:
        return guarded(member.path, lambda: _parse(kind, member.path, data))
    except JournalError as exc:
        return Activity(None, (), reasons=(exc.message,))


def _parse(kind: str, path: Path, data: bytes) -> Activity:
    if kind == "fit":
        return _read_fit(data)
    if kind == "tcx":
        return _read_tcx(data)
    from journal.load.gpx import read_track

    track, notes = read_track(path, data)
    if track is None:
        return Activity(None, (), reasons=tuple(notes))
    points = in_time_order(p for segment in track.segments for p in segment)
    untimed = sum(len(s) for s in track.segments) - len(points)
    reasons = tuple(n for n in notes if n.code != "track.untimed")
    if untimed:
        reasons += (f"{untimed} points without time left out",)
    return Activity(track.name, tuple(points), track.waypoints, reasons)


def _read_fit(data: bytes) -> Activity:
    import fitdecode

    points = []
    try:
        with fitdecode.FitReader(
            io.BytesIO(data),
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.RAISE,
        ) as fit:
            for frame in fit:
                if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                    point = _fit_point(frame)
                    if point is not None:
                        points.append(point)
    except (fitdecode.FitError, ValueError, EOFError) as exc:
        return Activity(None, (), reasons=(f"not a FIT file: {exc}",))
    reasons = () if points else ("no positions",)
    return Activity(None, tuple(in_time_order(points)), reasons=reasons)


def _fit_point(frame: object) -> TrackPoint | None:
    def value(name: str) -> object:
        return frame.get_value(name, fallback=None)  # type: ignore[attr-defined]

    lat, lon, time = value("position_lat"), value("position_long"), value("timestamp")
    if not isinstance(lat, int) or not isinstance(lon, int) or not isinstance(time, dt.datetime):
        return None
    lat_deg, lon_deg = lat * SEMICIRCLE_DEG, lon * SEMICIRCLE_DEG
    if not (-90 <= lat_deg <= 90 and -180 <= lon_deg <= 180):
        return None
    alt = value("enhanced_altitude")
    alt = alt if isinstance(alt, int | float) else value("altitude")
    when = time if time.tzinfo else time.replace(tzinfo=dt.UTC)
    return TrackPoint(
        round(lat_deg, 7),
        round(lon_deg, 7),
        float(alt) if isinstance(alt, int | float) else None,
        when.astimezone(dt.UTC),
    )


def _read_tcx(data: bytes) -> Activity:
    """Every Trackpoint of the file's activities and courses; course points as waypoints.

    Strava writes its TCX files with spaces before the XML declaration, which XML forbids
    and every parser refuses: they are stripped first."""
    try:
        root = ElementTree.fromstring(data.lstrip())
    except ElementTree.ParseError as exc:
        return Activity(None, (), reasons=(f"not a TCX file: {exc}",))
    if root.tag != f"{TCX}TrainingCenterDatabase":
        return Activity(None, (), reasons=("not a TCX file: no TrainingCenterDatabase in it",))
    points, untimed = [], 0
    for trackpoint in root.iter(f"{TCX}Trackpoint"):
        at, when = _tcx_at(trackpoint), _tcx_time(trackpoint)
        if at is None:
            continue  # a pause, or a heart rate alone
        if when is None:
            untimed += 1
            continue
        points.append(TrackPoint(*at, _tcx_float(trackpoint, f"{TCX}AltitudeMeters"), when))
    waypoints = []
    for course_point in root.iter(f"{TCX}CoursePoint"):
        if (at := _tcx_at(course_point)) is not None:
            name = (course_point.findtext(f"{TCX}Name") or "").strip()
            waypoints.append(Waypoint(*at, name=name, time=_tcx_time(course_point)))
    reasons: tuple[str, ...] = () if points or waypoints else ("no positions",)
    if untimed:
        reasons += (f"{untimed} points without time left out",)
    name = root.findtext(f".//{TCX}Course/{TCX}Name") or None
    return Activity(name, tuple(in_time_order(points)), tuple(waypoints), reasons)


def _tcx_at(element: ElementTree.Element) -> tuple[float, float] | None:
    lat = _tcx_float(element, f"{TCX}Position/{TCX}LatitudeDegrees")
    lon = _tcx_float(element, f"{TCX}Position/{TCX}LongitudeDegrees")
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(lat, 7), round(lon, 7)


def _tcx_float(element: ElementTree.Element, path: str) -> float | None:
    found = element.findtext(path)
    try:
        return float(found) if found else None
    except ValueError:
        return None


def _tcx_time(element: ElementTree.Element) -> dt.datetime | None:
    """The point's time in UTC; a time without a zone is UTC, as the schema says."""
    found = (element.findtext(f"{TCX}Time") or "").strip()
    try:
        when = dt.datetime.fromisoformat(found)
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)


def activity_track(name: str, activity: Activity) -> SourceTrack | None:
    """An activity as one track file; None when it has no line to draw nor place to mark."""
    if len(activity.points) < 2 and not activity.waypoints:
        return None
    first = activity.points[0] if activity.points else None
    day_of = local_day_of()
    day = (
        day_of(first.lat, first.lon, first.time)
        if first and first.time
        else dt.date.min  # waypoints only, untimed: kept whatever --from says
    )
    segments = (activity.points,) if len(activity.points) >= 2 else ()
    return SourceTrack(name, activity.name or name, day, segments, activity.waypoints)


def read_activity_folder(tree: ExportTree, report: Report) -> Export:
    """The `gpx` source: every GPX, FIT and TCX file of the folder (or the one file named)."""
    named = tree.member(tree.start) if tree.start else None
    files = [named] if named else [m for m in tree.members() if is_activity(m.name)]
    if not files:
        raise JournalError(
            tree.label, "no GPX, FIT or TCX file (.gpx, .fit, .tcx, also gzipped) here"
        )
    stem = PurePosixPath(tree.start or tree.label.name).stem
    export = Export("gpx", report, title=stem, slug=slugify(stem, fallback="tracks"))
    taken: set[str] = set()
    for file in files:
        activity = read_activity(file)
        warn_reasons(file.path, activity.reasons, report)
        name = file.basename.lower().removesuffix(".gz").rsplit(".", 1)[0]
        track = activity_track(_free(slugify(name, fallback="track"), taken), activity)
        if track is not None:
            export.tracks.append(track)
    return export


def _free(name: str, taken: set[str]) -> str:
    """`name`, or `name-2`, `name-3`... when two files would share it (a.gpx and a.fit)."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}-{n}"
    taken.add(candidate)
    return candidate


def warn_reasons(path: Path, reasons: Iterable[str], report: Report) -> None:
    for reason in reasons:
        report.warn(path, str(reason), code=getattr(reason, "code", "") or "import.bad-track")
