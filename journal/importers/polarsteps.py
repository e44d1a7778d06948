"""Polarsteps "Download my data": a trip's steps as entries, its tracker as tracks, the home.

The export holds, per trip, `trip/<slug>_<id>/trip.json` (the trip and its steps: text,
place, weather, the start as epoch seconds and the step's own time zone), `locations.json`
(the tracker's points, epoch seconds) and a folder per step (`<step-slug>_<step-id>/` with
`photos/` and `videos/`); `user/user.json` holds the account: the home town
(`living_location`), the e-mail address, the names. Only the home position is read from it.

Polarsteps strips the GPS tags from exported photos, so each photo is listed under its step's
entry (`photos:`), which carries the step's position.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from journal.core.errors import JournalError, Report
from journal.core.models import PHOTO_SUFFIXES, TrackPoint
from journal.importers.model import Export, PrivatePlace, SourceEntry, SourcePhoto, SourceTrack
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
from journal.load.entries import slugify

_STEP_FOLDER = re.compile(r"_(\d+)$")


def read_polarsteps(path: Path, report: Report) -> Export:
    """The one trip under `path` (the export, its `trip/` folder, or one trip's folder)."""
    trip_dir = _trip_folder(path)
    trip_json = trip_dir / "trip.json"
    data = read_json(trip_json)
    steps = data.get("all_steps", data.get("steps")) if isinstance(data, dict) else None
    if not isinstance(steps, list):
        raise JournalError(trip_json, "not a Polarsteps trip.json: it has no list of steps")
    name = text(data.get("name"))
    export = Export(
        "polarsteps",
        report,
        title=name or None,
        slug=slugify(text(data.get("slug")) or name, fallback="polarsteps"),
        timezone=text(data.get("timezone_id")) or None,
    )
    folders = {
        m[1]: p for p in trip_dir.iterdir() if p.is_dir() and (m := _STEP_FOLDER.search(p.name))
    }
    for number, step in enumerate(steps, 1):
        entry = _entry(step, number, trip_json, folders, export)
        if entry is not None:
            export.entries.append(entry)
    export.tracks = _tracks(trip_dir / "locations.json", name or "Polarsteps", report)
    export.private_places = _home(trip_dir, report)
    return export


def _trip_folder(path: Path) -> Path:
    """The folder holding trip.json: `path` itself, or the only trip found below it."""
    if path.is_file() and path.name == "trip.json":
        return path.parent
    if (path / "trip.json").is_file():
        return path
    found = sorted({p.parent for p in (*path.glob("trip/*/trip.json"), *path.glob("*/trip.json"))})
    if len(found) == 1:
        return found[0]
    if not found:
        raise JournalError(path, "no Polarsteps trip.json here or in trip/*/")
    names = ", ".join(p.name for p in found)
    raise JournalError(path, f"{len(found)} trips in this export; import one folder: {names}")


def _entry(
    step: Any, number: int, trip_json: Path, folders: dict[str, Path], export: Export
) -> SourceEntry | None:
    """A step as an entry; None (with a warning) for a step that cannot be one."""
    report = export.report
    if not isinstance(step, dict) or step.get("is_deleted"):
        if not isinstance(step, dict):
            report.warn(
                trip_json, f"step {number} is not an object; skipped", code="import.bad-item"
            )
        return None
    when = epoch(step.get("start_time"))
    if when is None:
        report.warn(trip_json, f"step {number} has no start_time; skipped", code="import.no-time")
        return None
    place = step.get("location") if isinstance(step.get("location"), dict) else {}
    local = in_zone(when, text(step.get("timezone_id")) or export.timezone)
    title = text(step.get("display_name")) or text(step.get("name")) or text(place.get("name"))
    title = title or f"Step {number}"
    folder = folders.get(str(step.get("id")))
    slug = slugify(text(step.get("slug")) or title, fallback=f"step-{number}")
    photos = _photos(folder, f"{local.date().isoformat()}-{slug}", report) if folder else ()
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


def _photos(folder: Path, prefix: str, report: Report) -> tuple[SourcePhoto, ...]:
    """The step's photos, named `<date>-<step>/<file>` under photos/; videos are counted."""
    files = sorted(p for p in (folder / "photos").glob("*") if p.is_file())
    photos = tuple(
        SourcePhoto(p, f"{prefix}/{p.name}") for p in files if p.suffix.lower() in PHOTO_SUFFIXES
    )
    others = len(files) - len(photos) + sum(1 for p in (folder / "videos").glob("*") if p.is_file())
    if others:
        report.warn(folder, f"{others} videos or other files not imported (copy a clip into "
                    "the trip's photos/ to publish it)", code="import.not-photo")  # fmt: skip
    return photos


def _tracks(path: Path, name: str, report: Report) -> list[SourceTrack]:
    """The tracker's points (`{"locations": [{lat, lon, time}]}`), a track per day."""
    if not path.is_file():
        return []
    data = reported_json(path, report)
    raw = data.get("locations") if isinstance(data, dict) else None
    if data is UNREADABLE:
        return []
    if not isinstance(raw, list):
        report.error(path, "not a Polarsteps locations.json: no list of locations",
                     code="import.bad-file")  # fmt: skip
        return []
    points = []
    for item in raw:
        where = position(item.get("lat"), item.get("lon")) if isinstance(item, dict) else None
        when = epoch(item.get("time")) if isinstance(item, dict) else None
        if where and when:
            points.append(TrackPoint(where.lat, where.lon, None, when))
    if len(points) < len(raw):
        report.warn(path, f"{len(raw) - len(points)} points without a position or time left out",
                    code="import.bad-point")  # fmt: skip
    return day_tracks("polarsteps", name, points)


def _home(trip_dir: Path, report: Report) -> list[PrivatePlace]:
    """The account's home town (`living_location` in user/user.json), if the export has it."""
    for folder in (trip_dir, *list(trip_dir.parents)[:3]):
        user_json = folder / "user" / "user.json"
        if not user_json.is_file():
            continue
        data = reported_json(user_json, report)
        living = data.get("living_location") if isinstance(data, dict) else None
        where = position(living.get("lat"), living.get("lon")) if isinstance(living, dict) else None
        return [PrivatePlace(where.lat, where.lon, "home", user_json)] if where else []
    return []
