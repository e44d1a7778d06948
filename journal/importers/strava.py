"""Strava's bulk export: `activities.csv` and the activity files it names.

The export holds `activities.csv` (a row per activity: `Activity ID`, `Activity Date` in UTC
written as `Jun 27, 2015, 6:30:00 AM`, `Activity Name`, `Activity Description`, `Filename`
such as `activities/123.fit.gz`, `Media` as `media/a.jpg|media/b.jpg`; some headers appear
twice, and the first one is the one meant), the `activities/` and `media/` folders, and the
account (`profile.csv`, e-mail address and names), which is never read.

Every activity with a file becomes a track; one with a description or photos also becomes an
entry written where the activity ended.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace
from pathlib import PurePosixPath

from journal.core.errors import JournalError, Report
from journal.core.models import PHOTO_SUFFIXES, GeoPoint
from journal.core.names import file_name, slugify
from journal.enrich.places import zone_at
from journal.importers.activities import (
    activity_track,
    count_left,
    read_activity,
    warn_reasons,
)
from journal.importers.exportfiles import ExportTree, Member
from journal.importers.model import Export, SourceEntry, SourcePhoto
from journal.importers.values import in_zone, text

DATE_FORMAT = "%b %d, %Y, %I:%M:%S %p"


def read_strava(tree: ExportTree, report: Report) -> Export:
    """The export's folder (or its activities.csv, or the ZIP)."""
    table = tree.member(tree.start or "activities.csv")
    if table is None or table.basename != "activities.csv":
        raise JournalError(tree.label, "no activities.csv here: pass the folder of a Strava export")
    export = Export("strava", report, title="Strava", slug="strava")
    for number, row in enumerate(_rows(table), 2):
        _activity(row, number, table, export)
    if export.tracks:
        export.slug = f"strava-{export.tracks[0].day.isoformat()}"
    return export


def _rows(table: Member) -> list[dict[str, str]]:
    """The rows by header, the first column of a repeated header winning."""
    try:
        text_ = table.read().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text_, newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise JournalError(table.path, f"cannot read the table: {exc}") from None
    if not rows or "Activity ID" not in rows[0]:
        raise JournalError(table.path, "not a Strava activities.csv: no Activity ID column", 1)
    header = rows[0]
    first = {name: header.index(name) for name in header}
    return [{k: row[i] if i < len(row) else "" for k, i in first.items()} for row in rows[1:]]


def _activity(row: dict[str, str], line: int, table: Member, export: Export) -> None:
    ident = text(row.get("Activity ID")) or str(line)
    name = text(row.get("Activity Name")) or f"Activity {ident}"
    written = text(row.get("Filename"))
    if not written:
        export.left.add("no-file", 1, f"{table.basename} line {line}")
        return
    file = table.tree.member(_beside(table, written))
    if file is None:
        export.report.warn(table.path, f"activity {ident}: its file {written!r} is not in the "
                           "export; skipped", line, code="import.missing-file")  # fmt: skip
        return
    activity = read_activity(file)
    warn_reasons(file.path, activity.reasons, export.report)
    track = activity_track(f"strava-{slugify(ident, fallback=str(line))}", activity)
    count_left(export.left, file, activity, track)
    if track is None:
        return
    export.tracks.append(replace(track, title=name))
    body = text(row.get("Activity Description"))
    photos = _media(row, table, ident, export.report)
    if not body and not photos:
        return
    end = activity.points[-1] if activity.points else None
    where = GeoPoint(end.lat, end.lon) if end else None
    started = _started(row) or (activity.points[0].time if activity.points else None)
    if started is None:
        return
    export.entries.append(
        SourceEntry(
            key=f"strava:{ident}",
            title=name,
            body=body,
            time=in_zone(started, zone_at(where.lat, where.lon) if where else None),
            location=where,
            photos=photos,
        )
    )


def _beside(table: Member, written: str) -> str:
    """A name the table writes, as a name inside the export: relative to the table's folder.
    Absolute names and `..` stay as written, for the tree to refuse."""
    return f"{table.folder}/{written}" if table.folder else written


def _started(row: dict[str, str]) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text(row.get("Activity Date")), DATE_FORMAT).replace(
            tzinfo=dt.UTC
        )
    except ValueError:
        return None


def _media(
    row: dict[str, str], table: Member, ident: str, report: Report
) -> tuple[SourcePhoto, ...]:
    photos = []
    for written in filter(None, (text(m) for m in text(row.get("Media")).split("|"))):
        source = table.tree.member(_beside(table, written))
        if source is not None and PurePosixPath(source.name).suffix.lower() in PHOTO_SUFFIXES:
            photos.append(SourcePhoto(source, f"strava/{file_name(source.basename, 'photo')}"))
        else:
            report.warn(table.tree.shown(table.folder), f"media {written!r} of activity {ident} "
                        "is not a photo in the export; not imported",
                        code="import.not-photo")  # fmt: skip
    return tuple(photos)
