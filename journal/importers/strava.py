"""Strava's bulk export: `activities.csv` and the activity files it names.

The export holds `activities.csv` (a row per activity: its id, its date in UTC, name,
description, `activities/123.fit.gz`, `media/a.jpg|media/b.jpg`, in the account's language:
stravatable.py reads it), the `activities/` and `media/` folders, and the account
(`profile.csv`, e-mail address and names), which is never read.

Every activity with a file becomes a track; one with a description or photos also becomes an
entry written where the activity ended.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath

from journal.core.errors import JournalError, Report
from journal.core.models import PHOTO_SUFFIXES, GeoPoint
from journal.core.names import file_name, slugify
from journal.enrich.places import zone_at
from journal.importers.activities import take_activity
from journal.importers.exportfiles import ExportTree, Member
from journal.importers.model import Export, SourceEntry, SourcePhoto
from journal.importers.stravatable import Row, parse_date, read_table
from journal.importers.values import in_zone


def read_strava(tree: ExportTree, report: Report) -> Export:
    """The export's folder (or its activities.csv, or the ZIP)."""
    table = tree.member(tree.start or "activities.csv")
    if table is None or table.basename != "activities.csv":
        raise JournalError(tree.label, "no activities.csv here: pass the folder of a Strava export")
    export = Export("strava", report, title="Strava", slug="strava")
    for row in read_table(table):
        _activity(row, table, export)
    if export.tracks:
        export.slug = f"strava-{export.tracks[0].day.isoformat()}"
    return export


def _activity(row: Row, table: Member, export: Export) -> None:
    ident = row.id or str(row.line)
    name = row.name or f"Activity {ident}"
    if not row.file:
        export.left.add("no-file", 1, f"{table.basename} line {row.line}")
        return
    file = table.tree.member(_beside(table, row.file))
    if file is None:
        export.report.warn(table.path, f"activity {ident}: its file {row.file!r} is not in the "
                           "export; skipped", row.line, code="import.missing-file")  # fmt: skip
        return
    activity, track = take_activity(
        file, f"strava-{slugify(ident, fallback=str(row.line))}", export
    )
    if track is None:
        return
    export.tracks.append(replace(track, title=name))
    photos = _media(row, table, ident, export.report)
    if not row.description and not photos:
        return
    end = activity.points[-1] if activity.points else None
    where = GeoPoint(end.lat, end.lon) if end else None
    started = parse_date(row.date) or (activity.points[0].time if activity.points else None)
    if started is None:
        return
    export.entries.append(
        SourceEntry(
            key=f"strava:{ident}",
            title=name,
            body=row.description,
            time=in_zone(started, zone_at(where.lat, where.lon) if where else None),
            location=where,
            photos=photos,
        )
    )


def _beside(table: Member, written: str) -> str:
    """A name the table writes, as a name inside the export: relative to the table's folder.
    Absolute names and `..` stay as written, for the tree to refuse."""
    return f"{table.folder}/{written}" if table.folder else written


def _media(row: Row, table: Member, ident: str, report: Report) -> tuple[SourcePhoto, ...]:
    photos = []
    for written in filter(None, (m.strip() for m in row.media.split("|"))):
        source = table.tree.member(_beside(table, written))
        if source is not None and PurePosixPath(source.name).suffix.lower() in PHOTO_SUFFIXES:
            photos.append(SourcePhoto(source, f"strava/{file_name(source.basename, 'photo')}"))
        else:
            report.warn(table.tree.shown(table.folder), f"media {written!r} of activity {ident} "
                        "is not a photo in the export; not imported",
                        code="import.not-photo")  # fmt: skip
    return tuple(photos)
