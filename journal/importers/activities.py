"""Activity files as sports apps and GPS units save them: GPX, FIT and TCX, plain or gzipped.

Each file becomes at most one track, its lines kept apart as the device wrote them: the
`<trk>`s and `<trkseg>`s of a GPX (a pause, a new ride), the `Track`s of a TCX lap, the one
line of a FIT, each sorted in time with each instant once; a GPX `<rte>` stays a planned route.
A line whose clock was never set (1901, 1970) keeps its shape without its times. What cannot
be drawn (a point without a fix or a time, a repeated instant, a line of one point, a file
with nothing in it) is counted in the export's `left`, so the report names it. Readers for
each format: `load/gpx.py`, `fitfile.py`, `tcxfile.py`. Also the `gpx` source of `journal
import`: a folder of such files, a track each.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from journal.core.errors import JournalError, Report, guarded
from journal.core.models import TrackPoint, Waypoint
from journal.core.names import slugify
from journal.importers.exportfiles import ExportTree, Member, TooLarge, gunzip
from journal.importers.model import Export, LeftOut, SourceTrack
from journal.importers.tracks import in_time_order, local_day_of
from journal.load.folder import ACTIVITY_SUFFIXES


@dataclass(frozen=True)
class Activity:
    """One activity file: its lines, named places, what was wrong, and what was left out."""

    name: str | None
    lines: tuple[tuple[TrackPoint, ...], ...] = ()  # timed, each in time order, by start
    waypoints: tuple[Waypoint, ...] = ()
    reasons: tuple[str, ...] = ()
    untimed: tuple[tuple[TrackPoint, ...], ...] = ()  # recorded, times unknown
    routes: tuple[tuple[TrackPoint, ...], ...] = ()  # planned
    left: dict[str, int] = field(default_factory=dict)  # kind (model.LEFT_OUT) -> count

    @property
    def points(self) -> tuple[TrackPoint, ...]:
        """Every timed point, in time order."""
        return tuple(p for line in self.lines for p in line)


@dataclass
class RawActivity:
    """A file as its reader gave it, before its lines are put in order."""

    name: str | None = None
    tracks: list[Sequence[TrackPoint]] = field(default_factory=list)
    routes: list[Sequence[TrackPoint]] = field(default_factory=list)
    waypoints: Sequence[Waypoint] = ()
    reasons: list[str] = field(default_factory=list)
    left: Counter[str] = field(default_factory=Counter)


def is_activity(name: str) -> bool:
    return name.lower().endswith(ACTIVITY_SUFFIXES)


def read_activity(member: Member, *, now: dt.datetime | None = None) -> Activity:
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
        return Activity(None, reasons=(exc.message,))
    kind = member.name.lower().removesuffix(".gz").rsplit(".", 1)[-1]
    try:
        raw = guarded(member.path, lambda: _parse(kind, member.path, data))
    except JournalError as exc:
        return Activity(None, reasons=(exc.message,))
    return shaped(raw, now or dt.datetime.now(dt.UTC))


def _parse(kind: str, path: Path, data: bytes) -> RawActivity:
    if kind == "fit":
        from journal.importers.fitfile import read_fit

        fit = read_fit(data)
        left = Counter({"no-fix": fit.no_fix})
        return RawActivity(None, [fit.points], reasons=fit.reasons, left=left)
    if kind == "tcx":
        from journal.importers.tcxfile import read_tcx

        tcx = read_tcx(data)
        left = Counter({"no-fix": tcx.no_fix})
        return RawActivity(tcx.name, list(tcx.lines), [], tcx.waypoints, tcx.reasons, left)
    from journal.core.models import Note
    from journal.load.gpx import read_lines

    gpx = read_lines(path, data)
    if isinstance(gpx, Note):
        return RawActivity(reasons=[gpx])
    lines = list(gpx.tracks)
    return RawActivity(gpx.name, lines, list(gpx.routes), gpx.waypoints, list(gpx.reasons))


def shaped(raw: RawActivity, now: dt.datetime) -> Activity:
    """The file's lines in order: timed ones sorted, each instant once; lines without a time,
    or with a clock that was never set, kept as shapes; single points counted."""
    from journal.enrich.strays import broken_clock

    left, reasons = Counter(raw.left), list(raw.reasons)
    timed, untimed = [], []
    for line in raw.tracks:
        known = [p for p in line if p.time is not None]
        why = broken_clock(known[0].time, now) if known and known[0].time else None
        if why:
            reasons.append(f"{why}: {len(line):,} points imported without their times")
            known = []
        if not known:
            untimed.append(tuple(replace(p, time=None) for p in line))
            continue
        ordered = in_time_order(known)
        left["untimed"] += len(line) - len(known)
        left["repeated"] += len(known) - len(ordered)
        timed.append(tuple(ordered))
    kept = [line for line in timed if len(line) >= 2]
    shapes = [line for line in untimed if len(line) >= 2]
    routes = [tuple(line) for line in raw.routes if len(line) >= 2]
    left["single-point"] += sum(len(line) == 1 for line in (*timed, *untimed, *raw.routes))
    kept.sort(key=lambda line: line[0].time or dt.datetime.min.replace(tzinfo=dt.UTC))
    return Activity(
        raw.name,
        tuple(kept),
        tuple(raw.waypoints),
        tuple(reasons),
        tuple(shapes),
        tuple(routes),
        {kind: n for kind, n in left.items() if n > 0},
    )


def activity_track(name: str, activity: Activity) -> SourceTrack | None:
    """An activity as one track file; None when it has no line to draw nor place to mark."""
    if not (activity.lines or activity.untimed or activity.routes or activity.waypoints):
        return None
    first = activity.lines[0][0] if activity.lines else None
    day = (
        local_day_of()(first.lat, first.lon, first.time)
        if first and first.time
        else dt.date.min  # untimed: kept whatever --from says
    )
    return SourceTrack(
        name,
        activity.name or name,
        day,
        activity.lines,
        activity.waypoints,
        activity.untimed,
        activity.routes,
    )


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
        name = file.basename.lower().removesuffix(".gz").rsplit(".", 1)[0]
        _, track = take_activity(file, _free(slugify(name, fallback="track"), taken), export)
        if track is not None:
            export.tracks.append(track)
    return export


def take_activity(file: Member, name: str, export: Export) -> tuple[Activity, SourceTrack | None]:
    """One activity file of an export read as track `name`: its faults warned and what it
    lacks counted in `export`, so every source reports a file alike; keeping the track (None:
    nothing to draw) is the caller's."""
    activity = read_activity(file)
    _warn_reasons(file.path, activity.reasons, export.report)
    track = activity_track(name, activity)
    _count_left(export.left, file, activity, track)
    return activity, track


def _count_left(left: LeftOut, file: Member, activity: Activity, track: SourceTrack | None) -> None:
    """What the file did not bring, in the export's tally: nothing at all counts too, unless a
    reason already says why (a file that is not GPX)."""
    for kind, count in activity.left.items():
        left.add(kind, count, file.basename)
    if track is None and not activity.reasons:
        left.add("nothing", 1, file.basename)


def _free(name: str, taken: set[str]) -> str:
    """`name`, or `name-2`, `name-3`... when two files would share it (a.gpx and a.fit)."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}-{n}"
    taken.add(candidate)
    return candidate


def _warn_reasons(path: Path, reasons: Iterable[str], report: Report) -> None:
    for reason in reasons:
        report.warn(path, str(reason), code=getattr(reason, "code", "") or "import.bad-track")
