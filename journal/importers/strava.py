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
from pathlib import Path

from journal.core.errors import JournalError, Report
from journal.core.models import PHOTO_SUFFIXES, GeoPoint
from journal.enrich.places import zone_at
from journal.importers.activities import activity_track, read_activity, warn_reasons
from journal.importers.model import Export, SourceEntry, SourcePhoto, SourceTrack
from journal.importers.values import in_zone, text

DATE_FORMAT = "%b %d, %Y, %I:%M:%S %p"


def read_strava(path: Path, report: Report) -> Export:
    """The export's folder (or its activities.csv)."""
    table = path if path.is_file() else path / "activities.csv"
    if not table.is_file():
        raise JournalError(path, "no activities.csv here: pass the folder of a Strava export")
    export = Export("strava", report, title="Strava", slug="strava")
    for number, row in enumerate(_rows(table), 2):
        _activity(row, number, table, export)
    if export.tracks:
        export.slug = f"strava-{export.tracks[0].day.isoformat()}"
    return export


def _rows(table: Path) -> list[dict[str, str]]:
    """The rows by header, the first column of a repeated header winning."""
    try:
        with table.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise JournalError(table, f"cannot read the table: {exc}") from None
    if not rows or "Activity ID" not in rows[0]:
        raise JournalError(table, "not a Strava activities.csv: no Activity ID column", 1)
    header = rows[0]
    first = {name: header.index(name) for name in header}
    return [{k: row[i] if i < len(row) else "" for k, i in first.items()} for row in rows[1:]]


def _activity(row: dict[str, str], line: int, table: Path, export: Export) -> None:
    ident = text(row.get("Activity ID")) or str(line)
    name = text(row.get("Activity Name")) or f"Activity {ident}"
    if not text(row.get("Filename")):
        export.report.warn(table, f"activity {ident} has no file (entered by hand); skipped",
                           line, code="import.no-track")  # fmt: skip
        return
    file = table.parent / text(row.get("Filename"))
    activity = read_activity(file)
    warn_reasons(file, activity.reasons, export.report)
    track = activity_track(f"strava-{ident}", activity)
    if track is None:
        return
    export.tracks.append(SourceTrack(track.name, name, track.day, track.segments, track.waypoints))
    body = text(row.get("Activity Description"))
    photos = _media(row, table.parent, ident, export.report)
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


def _started(row: dict[str, str]) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text(row.get("Activity Date")), DATE_FORMAT).replace(
            tzinfo=dt.UTC
        )
    except ValueError:
        return None


def _media(
    row: dict[str, str], folder: Path, ident: str, report: Report
) -> tuple[SourcePhoto, ...]:
    photos = []
    for name in filter(None, (text(m) for m in text(row.get("Media")).split("|"))):
        source = folder / name
        inside = source.resolve().is_relative_to(folder.resolve())
        if inside and source.suffix.lower() in PHOTO_SUFFIXES and source.is_file():
            photos.append(SourcePhoto(source, f"strava/{source.name}"))
        else:
            report.warn(source, f"media of activity {ident} is not a photo in the export; "
                        "not imported", code="import.not-photo")  # fmt: skip
    return tuple(photos)
