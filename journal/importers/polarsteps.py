"""Polarsteps "Download my data": a trip's steps as entries, its tracker as tracks, the home.

The export holds, per trip, `trip/<slug>_<id>/trip.json` (the trip and its steps: text,
place, weather, the start as epoch seconds and the step's own time zone), `locations.json`
(the tracker's points, epoch seconds) and a folder per step (`<step-slug>_<step-id>/` with
`photos/` and `videos/`); `user/user.json` holds the account, which is never read: its
`living_location` is a town the rider picked for the profile (a city centre), not a home,
and a privacy zone around it would hide the town and protect nothing. As for Strava, the
import says the home is unknown and how to add it to journal.toml.

Polarsteps strips the GPS tags from exported photos, so each photo is listed under its step's
entry (`photos:`), which carries the step's position.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from journal.core.errors import JournalError, Report
from journal.core.models import PHOTO_SUFFIXES, TrackPoint
from journal.core.names import file_name, slugify
from journal.importers.exportfiles import ExportTree, Member
from journal.importers.model import Export, SourceEntry, SourcePhoto, SourceTrack
from journal.importers.tracks import day_tracks
from journal.importers.values import (
    UNREADABLE,
    epoch,
    in_zone,
    position,
    read_json,
    reported_json,
    text,
)

_STEP_FOLDER = re.compile(r"_(\d+)$")


def read_polarsteps(tree: ExportTree, report: Report) -> Export:
    """The one trip of the export (the whole download, its `trip/` folder, one trip's folder,
    or its trip.json)."""
    trip_json = _trip_json(tree)
    folder = trip_json.folder
    data = read_json(trip_json)
    steps = data.get("all_steps", data.get("steps")) if isinstance(data, dict) else None
    if not isinstance(steps, list):
        raise JournalError(trip_json.path, "not a Polarsteps trip.json: it has no list of steps")
    name = text(data.get("name"))
    export = Export(
        "polarsteps",
        report,
        title=name or None,
        slug=slugify(text(data.get("slug")) or name, fallback="polarsteps"),
        timezone=text(data.get("timezone_id")) or None,
    )
    prefix = f"{folder}/" if folder else ""
    folders: dict[str, list[Member]] = {}
    for member in tree.members(folder):
        step_folder, _, rest = member.name.removeprefix(prefix).partition("/")
        if rest and (m := _STEP_FOLDER.search(step_folder)):
            folders.setdefault(m[1], []).append(member)
    for number, step in enumerate(steps, 1):
        entry = _entry(step, number, trip_json, folders, export)
        if entry is not None:
            export.entries.append(entry)
    export.tracks = _tracks(tree.member(f"{prefix}locations.json"), name or "Polarsteps", export)
    return export


def _trip_json(tree: ExportTree) -> Member:
    """trip.json: the file named, the one at the top, or the only one in a trip's folder."""
    start = tree.member(tree.start) if tree.start else None
    if start is not None and start.basename == "trip.json":
        return start
    found = [m for m in tree.members() if m.basename == "trip.json" and m.name.count("/") <= 2]
    top = [m for m in found if m.name == "trip.json"]
    if top:
        return top[0]
    trips = [m for m in found if m.name.startswith("trip/") or m.name.count("/") == 1]
    if len(trips) == 1:
        return trips[0]
    if not trips:
        raise JournalError(tree.label, "no Polarsteps trip.json here or in trip/*/")
    names = ", ".join(m.folder.rsplit("/", 1)[-1] for m in trips)
    raise JournalError(tree.label, f"{len(trips)} trips in this export; import one folder: {names}")


def _entry(
    step: Any, number: int, trip_json: Member, folders: dict[str, list[Member]], export: Export
) -> SourceEntry | None:
    """A step as an entry; None (with a warning) for a step that cannot be one."""
    report = export.report
    if not isinstance(step, dict) or step.get("is_deleted"):
        if not isinstance(step, dict):
            report.warn(
                trip_json.path,
                f"step {number} is not an object; skipped",
                code="import.bad-item",
            )
        return None
    when = epoch(step.get("start_time"))
    if when is None:
        report.warn(
            trip_json.path, f"step {number} has no start_time; skipped", code="import.no-time"
        )
        return None
    place = step.get("location") if isinstance(step.get("location"), dict) else {}
    local = in_zone(when, text(step.get("timezone_id")) or export.timezone)
    title = text(step.get("display_name")) or text(step.get("name")) or text(place.get("name"))
    title = title or f"Step {number}"
    files = folders.get(str(step.get("id")), [])
    slug = slugify(text(step.get("slug")) or title, fallback=f"step-{number}")
    photos = _photos(files, f"{local.date().isoformat()}-{slug}", report) if files else ()
    weather: dict[str, Any] = {}
    if text(step.get("weather_condition")):
        weather["condition"] = text(step["weather_condition"])
    if isinstance(step.get("weather_temperature"), int | float):
        weather["temperature_c"] = step["weather_temperature"]
    return SourceEntry(
        key=f"polarsteps:{step.get('id', number)}",
        title=title,
        body=text(step.get("description")),
        time=local,
        location=position(place.get("lat"), place.get("lon")),
        place=text(place.get("name")) or None,
        photos=photos,
        weather=weather,
    )


def _photos(files: list[Member], prefix: str, report: Report) -> tuple[SourcePhoto, ...]:
    """The step's photos, named `<date>-<step>/<file>` under photos/; videos are counted."""
    media = [m for m in files if m.folder.rsplit("/", 1)[-1] in ("photos", "videos")]
    photos = tuple(
        SourcePhoto(m, f"{prefix}/{file_name(m.basename, 'photo')}")
        for m in media
        if m.folder.endswith("photos") and PurePosixPath(m.name).suffix.lower() in PHOTO_SUFFIXES
    )
    if len(media) > len(photos):
        step = media[0].tree.shown(media[0].folder.rpartition("/")[0])
        report.warn(step, f"{len(media) - len(photos)} videos or other files not imported "
                    "(copy a clip into the trip's photos/ to publish it)",
                    code="import.not-photo")  # fmt: skip
    return photos


def _tracks(member: Member | None, name: str, export: Export) -> list[SourceTrack]:
    """The tracker's points (`{"locations": [{lat, lon, time}]}`), a track per day."""
    if member is None:
        return []
    report = export.report
    data = reported_json(member, report)
    raw = data.get("locations") if isinstance(data, dict) else None
    if data is UNREADABLE:
        return []
    if not isinstance(raw, list):
        report.error(member.path, "not a Polarsteps locations.json: no list of locations",
                     code="import.bad-file")  # fmt: skip
        return []
    points = []
    for item in raw:
        where = position(item.get("lat"), item.get("lon")) if isinstance(item, dict) else None
        when = epoch(item.get("time")) if isinstance(item, dict) else None
        if where and when:
            points.append(TrackPoint(where.lat, where.lon, None, when))
    export.left.add("bad-item", len(raw) - len(points), member.basename)
    return day_tracks("polarsteps", name, points, left=export.left)
