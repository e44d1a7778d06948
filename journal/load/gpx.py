"""Reading GPX files into `Track`s: the only module that imports gpxpy.

It turns one file into plain model values (segments of `TrackPoint`, named `Waypoint`s) and a
list of reasons the file is less than perfect. It never raises on bad content: a broken GPX
costs the trip its line on the map, not the whole render, so the caller turns each reason
into a warning naming the file. Geotagging, routes and statistics are elsewhere.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import xml.etree.ElementTree
from dataclasses import dataclass
from pathlib import Path

import gpxpy
import gpxpy.gpx
import gpxpy.parser

from journal.core.errors import JournalError, guarded
from journal.core.models import Note, Track, TrackPoint, Waypoint

log = logging.getLogger(__name__)

# gpxpy parses with lxml whenever it is installed, which other packages bring along (pikepdf
# does): its reasons for a broken file then read otherwise, and its parser resolves what the
# standard library's refuses. A GPX is read the same way on every machine.
gpxpy.parser.mod_etree = xml.etree.ElementTree

#: The code of a reason for a file that could not be read at all: worth trying again next
#: time, unlike a reason about the file's content (which a cache may keep).
CANNOT_READ = "file.unreadable"
#: The first element of an XML document, past the prolog, comments and doctype.
_ROOT = re.compile(r"<(?![?!])(?:[\w.-]+:)?([\w.-]+)")


@dataclass(frozen=True)
class GpxLines:
    """A GPX file's lines as it holds them: recorded segments (`<trkseg>`) and planned routes
    (`<rte>`) apart, its named waypoints, and the reasons it is less than perfect."""

    name: str
    tracks: tuple[tuple[TrackPoint, ...], ...]
    routes: tuple[tuple[TrackPoint, ...], ...]
    waypoints: tuple[Waypoint, ...]
    reasons: tuple[Note, ...]


def read_lines(path: Path, data: bytes | None = None) -> GpxLines | Note:
    """Read one GPX 1.0 or 1.1 file: its segments, routes and named waypoints; the one reason
    it is not a GPX file at all, when it is not.

    `data` is the file's content when the caller has it already (a `.gpx.gz` unpacked in
    memory); `path` then only names the file. Times are aware UTC: a GPX time without a zone
    designator is UTC, as the GPX schema's xsd:dateTime says, not the local time of the
    device; one with an offset is converted. Empty segments are dropped."""
    gpx = _parse(path, data)
    if isinstance(gpx, Note):
        return gpx
    bad = 0
    lines: dict[str, list[tuple[TrackPoint, ...]]] = {"trk": [], "rte": []}
    raw_lines = [("trk", s.points) for t in gpx.tracks for s in t.segments]
    for kind, line in [*raw_lines, *(("rte", r.points) for r in gpx.routes)]:
        points, dropped = _points(line)
        bad += dropped
        if points:
            lines[kind].append(points)
    waypoints = tuple(
        Waypoint(w.latitude, w.longitude, w.name.strip(), _utc(w.time))
        for w in gpx.waypoints
        if w.name and w.name.strip() and _valid(w.latitude, w.longitude)
    )
    reasons = []
    if bad:
        reasons.append(
            Note("track.bad-points", f"{_points_word(bad)} with impossible coordinates left out")
        )
    name = gpx.name or next((t.name for t in gpx.tracks if t.name), None) or path.stem
    return GpxLines(
        name.strip(), tuple(lines["trk"]), tuple(lines["rte"]), waypoints, tuple(reasons)
    )


def read_track(path: Path, data: bytes | None = None) -> tuple[Track | None, list[Note]]:
    """Read one GPX file as a trip's track: each `<trkseg>` with points a segment, and each
    `<rte>` too (a planned route is still a line). Returns `(None, reasons)` when nothing
    usable is in the file."""
    found = read_lines(path, data)
    if isinstance(found, Note):
        return None, [found]
    reasons = list(found.reasons)
    segments = (*found.tracks, *found.routes)
    total = sum(len(s) for s in segments)
    if not total and not found.waypoints:
        reasons.append(Note("track.empty", "no points"))
        return None, reasons
    untimed = sum(1 for s in segments for p in s if p.time is None)
    if untimed:
        where = "not on the route, which places points by their time"
        text = f"{_points_word(untimed)} without time: {where}"
        reasons.append(Note("track.untimed", text))
    log.debug(
        "%s: %d segments, %d points, %d waypoints", path, len(segments), total, len(found.waypoints)
    )
    track = Track(path=path, name=found.name, segments=segments, waypoints=found.waypoints)
    return track, reasons


def _parse(path: Path, data: bytes | None) -> gpxpy.gpx.GPX | Note:
    """The parsed file, or the one reason it is not a GPX file at all."""
    try:
        text = (path.read_bytes() if data is None else data).decode("utf-8-sig")
    except OSError as exc:
        return Note(CANNOT_READ, f"cannot read: {exc.strerror or exc}")
    except UnicodeDecodeError as exc:
        return _not_gpx(f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    if not text.strip():
        return _not_gpx("the file is empty")
    root = _ROOT.search(text)
    if root and root.group(1) != "gpx":
        # gpxpy reads any XML as an empty GPX; say what the file really is instead.
        return _not_gpx(f"the document is <{root.group(1)}>, not <gpx>")

    def parse() -> gpxpy.gpx.GPX | Note:
        try:
            return gpxpy.parse(text)
        except gpxpy.gpx.GPXException as exc:
            return _not_gpx(_reason(exc))
        except ValueError as exc:  # a number or date gpxpy could not convert
            return _not_gpx(str(exc))

    try:  # whatever else a hostile file makes the parser raise is the file's fault too
        return guarded(path, parse)
    except JournalError as exc:
        return _not_gpx(exc.message)


def _not_gpx(why: str) -> Note:
    return Note("file.not-gpx", f"not a GPX file: {why}")


def _points(
    raw: list[gpxpy.gpx.GPXTrackPoint] | list[gpxpy.gpx.GPXRoutePoint],
) -> tuple[tuple[TrackPoint, ...], int]:
    """Model points of one segment, and how many were dropped for impossible coordinates."""
    points = tuple(
        TrackPoint(p.latitude, p.longitude, p.elevation, _utc(p.time))
        for p in raw
        if _valid(p.latitude, p.longitude)
    )
    return points, len(raw) - len(points)


def _points_word(count: int) -> str:
    return f"{count} point{'s' if count != 1 else ''}"


def _valid(lat: float | None, lon: float | None) -> bool:
    return lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180


def _utc(time: dt.datetime | None) -> dt.datetime | None:
    """Aware UTC: a naive GPX time is UTC by the schema, an offset one is converted."""
    if time is None:
        return None
    if time.tzinfo is None or time.utcoffset() is None:
        return time.replace(tzinfo=dt.UTC)
    return time.astimezone(dt.UTC)


def _reason(exc: Exception) -> str:
    """The parser's own words (e.g. 'mismatched tag: line 3, column 2'), not gpxpy's wrapper."""
    cause = exc.__cause__ or exc.__context__
    if isinstance(exc, gpxpy.gpx.GPXXMLSyntaxException) and cause is not None:
        return str(cause)
    return str(exc) or type(exc).__name__
