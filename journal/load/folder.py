"""Loading a trip folder into a `Trip`: the first phase of every command that reads a trip.

Everything is read and validated before anything is written, and every problem of the
folder is collected in one pass. Photos get their final position and capture time here
(EXIF, per-camera clock offsets, manual positions, geotagging from tracks), so the later
stages only ever see one consistent model.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from journal.core.errors import Report
from journal.core.models import PHOTO_SUFFIXES, GeoPoint, Photo, PhotoMeta, Track, Trip, TripConfig
from journal.load import entries as entries_mod
from journal.load.config import load_config

log = logging.getLogger(__name__)

PRIVATE_FOLDER = "private"


def list_photo_files(trip_dir: Path) -> list[Path]:
    """Photo files under photos/, at any depth, in name order; hidden files are skipped."""
    base = trip_dir / "photos"
    if not base.is_dir():
        return []
    found = []
    for path in base.rglob("*"):
        rel = path.relative_to(base)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.suffix.lower() in PHOTO_SUFFIXES and path.is_file():
            found.append(path)
    return sorted(found)


def photo_name(trip_dir: Path, path: Path) -> str:
    return path.relative_to(trip_dir / "photos").as_posix()


def is_private(name: str, config: TripConfig) -> bool:
    """Photos under a `private/` folder, or listed in trip.toml's `private`, stay home."""
    return PRIVATE_FOLDER in name.split("/")[:-1] or name in config.private


def list_entry_files(trip_dir: Path) -> list[Path]:
    base = trip_dir / "entries"
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.suffix == ".md" and not p.name.startswith("."))


def _consequence(photo: Photo) -> str:
    if photo.position is None and photo.moment is None:
        return "not on the map and in no day's entry: listed at the end of the travelogue"
    if photo.position is None:
        return "shown in its day's entry, not on the map"
    if photo.moment is None:
        return "shown on the map, not in any day's entry"
    return ""


def _read_tracks(trip_dir: Path, report: Report, cache_dir: Path | None = None) -> list[Track]:
    """The trip's GPX files, parsed or (unchanged since the last render) read from the cache."""
    files = sorted((trip_dir / "tracks").glob("*.gpx")) if (trip_dir / "tracks").is_dir() else []
    if not files:
        return []
    from journal.load.gpxcache import FILE_NAME, read_tracks

    tracks = []
    for path, track, reasons in read_tracks(files, cache_dir / FILE_NAME if cache_dir else None):
        for reason in reasons:
            report.warn(path, reason)
        if track is not None:
            tracks.append(track)
    return tracks


#: Notes (from photos.read_meta) that mean the file holds no picture we could publish.
UNUSABLE = ("empty file", "not an image", "not a regular file", "cannot read file")
HEIC_SUFFIXES = frozenset({".heic", ".heif"})


def _heic_decoder_missing() -> bool:
    try:
        import pillow_heif  # noqa: F401
    except ImportError:
        return True
    return False


def _unusable(path: Path, meta: PhotoMeta) -> str | None:
    """Why a file cannot be published at all, or None when it can."""
    for note in meta.notes:
        if note.startswith(UNUSABLE):
            return note
    if path.suffix.lower() in HEIC_SUFFIXES and _heic_decoder_missing():
        return "HEIC photo needs pillow-heif (pip install pillow-heif)"
    return None


def _about_position(note: str) -> bool:
    words = ("GPS", "latitude", "longitude", "null island")
    return any(w in note for w in words) and "time" not in note and "altitude" not in note


def _place_photos(
    trip_dir: Path,
    config: TripConfig,
    metas: dict[Path, PhotoMeta],
    tracks: list[Track],
    report: Report,
) -> list[Photo]:
    """Turn raw EXIF into photos with a final time and position.

    Every photo that lost something gets exactly one warning line: its reasons, then what
    they mean for the travelogue. A file that holds no usable picture is left out.
    """
    from journal.core.mediaplan import web_files
    from journal.enrich.clock import resolve_moment
    from journal.enrich.geotag import TrackIndex
    from journal.enrich.places import find_place, zone_at

    index = TrackIndex(tracks) if tracks else None
    photos = []
    published_as: dict[str, str] = {}
    for path, meta in metas.items():
        name = photo_name(trip_dir, path)
        unusable = _unusable(path, meta)
        if unusable:
            report.warn(path, f"{unusable}; not published")
            continue
        target = web_files(name)[0]
        if target in published_as:
            report.warn(
                path,
                f"same published name as photos/{published_as[target]} ({target}); not published",
            )
            continue
        published_as[target] = name
        reasons = list(meta.notes)
        position = meta.position
        override = config.photo_overrides.get(name)
        if override is not None:
            if override.lat is not None and override.lon is not None:
                position = GeoPoint(override.lat, override.lon)
            elif override.place:
                place = find_place(override.place)
                if place is None:
                    report.error(
                        trip_dir / "trip.toml",
                        f'[photos."{name}"] unknown place {override.place!r}',
                    )
                else:
                    position = GeoPoint(place.lat, place.lon)
        offset = config.clock_offsets.get(meta.model or "") if meta.model else None
        moment, time_reasons = resolve_moment(
            meta, trip_zone=config.timezone, clock_offset=offset, zone_at=zone_at
        )
        reasons.extend(time_reasons)
        if position is None and moment is not None and index is not None:
            position = index.geotag(moment.utc, config.geotag_max_gap)
        if position is not None:  # placed by hand or from a track: GPS problems no longer matter
            reasons = [r for r in reasons if not _about_position(r)]
        photo = Photo(path=path, name=name, meta=meta, position=position, moment=moment)
        if not reasons and position is None:
            reasons.append("no GPS position")
        if not reasons and moment is None:
            reasons.append("no capture time")
        if reasons:
            consequence = _consequence(photo)
            report.warn(path, "; ".join(x for x in (", ".join(reasons), consequence) if x))
        photos.append(photo)
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    photos.sort(key=lambda p: (p.moment.utc if p.moment else far, p.name))
    return photos


def _check_entry_photos(trip: Trip, all_names: set[str], report: Report) -> None:
    """Entries may only list photos that exist; captions for unknown photos are a warning."""
    for entry in trip.entries:
        for text in entry.texts.values():
            fm_lines = text.key_lines
            for name in text.photos:
                if name not in all_names:
                    report.error(
                        text.path, f"photos: no photo {name!r} in photos/", fm_lines.get("photos")
                    )
            for name in text.captions:
                if name not in all_names:
                    report.warn(
                        text.path,
                        f"captions: no photo {name!r} in photos/; caption not shown",
                        fm_lines.get("captions"),
                    )


def load_trip(trip_dir: Path, report: Report, *, cache_dir: Path | None = None) -> Trip | None:
    """Read a whole trip folder; None when trip.toml itself is unusable (see `report`)."""
    config = load_config(trip_dir, report)
    if config is None:
        return None
    from journal.enrich.places import zone_at

    entries = entries_mod.load_entries(list_entry_files(trip_dir), config, report, zone_at)
    files = list_photo_files(trip_dir)
    names = {photo_name(trip_dir, p) for p in files}
    public = [p for p in files if not is_private(photo_name(trip_dir, p), config)]
    from journal.load.exifcache import read_metas

    cache = cache_dir / "photos.cache" if cache_dir else None
    metas = read_metas(public, cache)
    tracks = _read_tracks(trip_dir, report, cache_dir)
    photos = _place_photos(trip_dir, config, metas, tracks, report)
    trip = Trip(
        slug=trip_dir.name,
        path=trip_dir,
        config=config,
        entries=tuple(entries),
        photos=tuple(photos),
        tracks=tuple(tracks),
    )
    _check_entry_photos(trip, names, report)
    return trip


def without_drafts(trip: Trip) -> Trip:
    """The trip as published: draft entries removed (their photos stay in the trip)."""
    return replace(trip, entries=tuple(e for e in trip.entries if not e.draft))


def count_photos(trip_dir: Path) -> int:
    return len(list_photo_files(trip_dir))


def entry_dates(files: Iterable[Path]) -> list[dt.date]:
    """Dates of entry files by name alone (no parsing): cheap, for `journal trips`."""
    dates = []
    for path in files:
        try:
            dates.append(entries_mod.parse_name(path)[0])
        except Exception:  # a bad name is reported by `render`/`check`, not by a listing
            continue
    return dates
