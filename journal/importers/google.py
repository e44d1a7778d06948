"""Google Timeline in any of its exports, told apart by what the file holds, not its name.

`PATH` may be one file or a folder (a Takeout archive, its `Location History` folder, a folder
of phone exports): every JSON file below it is read, and its content says what it is —
`locations` (Records.json), `timelineObjects` (a semantic month), `semanticSegments` (Android)
or a list of segments (iOS). Google names files in the account's language, so names are never
trusted. A file named on the command line that is none of these is an error; one met in a
folder (Settings.json, Timeline Edits.json) is skipped with a warning.
"""

from __future__ import annotations

from typing import Any

from journal.core.errors import JournalError, Report
from journal.importers.exportfiles import ExportTree
from journal.importers.googledevice import read_device
from journal.importers.googletakeout import History, read_records, read_semantic
from journal.importers.model import Export, LeftOut
from journal.importers.tracks import day_tracks
from journal.importers.values import UNREADABLE, reported_json

KNOWN_KINDS = (
    "Records.json, a Semantic Location History month, Timeline.json, location-history.json"
)


#: Keys of the files a Takeout holds beside the history, which are known not to be one: the
#: history's Settings.json, Timeline Edits.json; Maps' saved and labelled places (GeoJSON).
OTHER_KEYS = frozenset({"deviceSettings", "historyEnabled", "retentionWindowDays",
                        "timelineEdits"})  # fmt: skip


def kind_of(data: Any) -> str | None:
    """`records`, `semantic`, `device`, `other` for a file known to be none of them (skipped
    without a word), or None for anything else."""
    if isinstance(data, dict) and (
        OTHER_KEYS.intersection(data) or data.get("type") in ("FeatureCollection", "Feature")
    ):
        return "other"
    if isinstance(data, dict):
        if isinstance(data.get("locations"), list):
            return "records"
        if isinstance(data.get("timelineObjects"), list):
            return "semantic"
        if isinstance(data.get("semanticSegments"), list):
            return "device"
    if isinstance(data, list) and all(
        isinstance(s, dict) and ("startTime" in s or "endTime" in s) for s in data
    ):
        return "device"
    return None


def read_google(tree: ExportTree, report: Report) -> Export:
    """Every location history file of the export (or the one named), as one track per local
    day."""
    named = tree.member(tree.start) if tree.start else None
    files = [named] if named else [m for m in tree.members() if m.name.lower().endswith(".json")]
    if not files:
        raise JournalError(tree.label, "no Google Timeline file (.json) here")
    history, left = History(), LeftOut()
    for file in files:
        data = reported_json(file, report)
        kind = kind_of(data)
        if data is UNREADABLE or (kind == "other" and file is not named):
            continue
        readers = {"records": read_records, "semantic": read_semantic, "device": read_device}
        if kind in readers:
            found = readers[kind](data, file.path)
            left.add("bad-item", found.bad, file.basename)
            left.add("coarse", found.coarse, file.basename)
            history.extend(found)
        elif file is named:
            report.error(file.path, f"not a Google Timeline file (expected {KNOWN_KINDS})",
                         code="import.unknown-file")  # fmt: skip
        else:
            report.warn(file.path, "not location history; skipped", code="import.unknown-file")
    export = Export("google-timeline", report, title="Google Timeline", left=left)
    export.tracks = day_tracks("timeline", "Google Timeline", history.points, history.stays, left)
    export.private_places = history.private
    if export.tracks:
        first, last = export.tracks[0].day, export.tracks[-1].day
        export.slug = f"timeline-{first.isoformat()}"
        export.title = f"Timeline {first.isoformat()} – {last.isoformat()}"
    return export
