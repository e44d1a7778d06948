"""Loading a trip folder into a `Trip`: the first phase of every command that reads a trip.

Everything is read and validated before anything is written, and every problem of the folder
is collected in one pass. A loaded trip holds what its files say and nothing more: photos
carry their EXIF (`Photo.meta`) but no final time or position, entries their front matter but
no instant. Deciding when and where things happened is `journal.enrich.timeline`'s job.
"""

from __future__ import annotations

import datetime as dt
import logging
import shlex
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import replace
from pathlib import Path

from journal.core.clips import ClipMeta
from journal.core.errors import Report
from journal.core.files import files_under
from journal.core.mediaplan import CLIP_SUFFIXES, is_clip
from journal.core.models import (
    PHOTO_SUFFIXES,
    Photo,
    PhotoMeta,
    Track,
    Trip,
    TripConfig,
)
from journal.core.names import slugify
from journal.load import entries as entries_mod
from journal.load.configcache import load_config
from journal.load.entrycache import FILE_NAME as ENTRY_CACHE
from journal.load.private import private_photos

log = logging.getLogger(__name__)

#: Note codes (from exif.read_meta, clipmeta.read_clip) that mean the file holds no picture
#: or clip we could publish.
UNUSABLE = frozenset({"file.empty", "file.not-image", "file.not-regular", "file.unreadable",
                      "file.not-video", "file.truncated"})  # fmt: skip
HEIC_SUFFIXES = frozenset({".heic", ".heif"})
#: What the trip loader publishes from photos/: photos and clips, handled alike.
MEDIA_SUFFIXES = PHOTO_SUFFIXES | CLIP_SUFFIXES
#: Activity files as devices and sports apps save them, compared lower-case: a trip reads
#: tracks/*.gpx itself; `journal import gpx` reads them all.
ACTIVITY_SUFFIXES = (".gpx", ".fit", ".tcx", ".gpx.gz", ".fit.gz", ".tcx.gz")


def photo_files(folder: Path) -> list[Path]:
    """Photo and clip files under `folder`, at any depth, in name order; hidden files are
    skipped."""
    return [path for path, _ in named_photo_files(folder)]


def named_photo_files(folder: Path) -> list[tuple[Path, str]]:
    """Photo and clip files under `folder` with their names relative to it ("day
    1/IMG_1.jpg"), at any depth, in name order; hidden files and folders are skipped."""
    return [
        (Path(entry.path), "/".join(parts))
        for parts, entry in files_under(folder, hidden=False)
        if entry.name[entry.name.rfind(".") :].lower() in MEDIA_SUFFIXES
    ]


def list_photo_files(trip_dir: Path) -> list[Path]:
    return photo_files(trip_dir / "photos")


def photo_name(trip_dir: Path, path: Path) -> str:
    return path.relative_to(trip_dir / "photos").as_posix()


def _private(trip_dir: Path, names: list[str], config: TripConfig, report: Report) -> set[str]:
    """The photos that stay home (see `journal.load.private`)."""
    toml = trip_dir / "trip.toml"
    line = None
    if config.private:
        from journal.load.tomllines import key_lines

        line = key_lines(toml.read_text(encoding="utf-8")).get(("private",))
    return private_photos(names, config.private, toml, line, report)


def list_entry_files(trip_dir: Path) -> list[Path]:
    base = trip_dir / "entries"
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.suffix == ".md" and not p.name.startswith("."))


def _read_tracks(
    trip_dir: Path, report: Report, cache_dir: Path | None, workers: Executor | None = None
) -> Callable[[], list[Track]]:
    """The trip's GPX files, parsed (by `workers`, from now on) or, unchanged since the last
    render, read from the cache; the returned function collects them and their warnings."""
    files = sorted((trip_dir / "tracks").glob("*.gpx")) if (trip_dir / "tracks").is_dir() else []
    _warn_not_imported(trip_dir, files, report)
    if not files:
        return list
    from journal.load.gpxcache import FILE_NAME, read_tracks_later

    later = read_tracks_later(files, cache_dir / FILE_NAME if cache_dir else None, workers)

    def collect() -> list[Track]:
        tracks = []
        for path, track, reasons in later():
            for reason in reasons:
                report.warn(path, reason, code=reason.code)
            if track is not None:
                tracks.append(track)
        return tracks

    return collect


def _warn_not_imported(trip_dir: Path, gpx_files: list[Path], report: Report) -> None:
    """A device's own file dropped in tracks/ (a FIT, a TCX, a gzipped GPX) is read only by
    `journal import gpx`, which writes its GPX beside it: until then, one line says how, so a
    day's ride does not leave the map without a word."""
    folder = trip_dir / "tracks"
    if not folder.is_dir():
        return
    have = {slugify(path.stem, fallback="track") for path in gpx_files}
    for path in sorted(folder.iterdir()):
        name = path.name.lower()
        if name.startswith(".") or name.endswith(".gpx") or not name.endswith(ACTIVITY_SUFFIXES):
            continue
        if slugify(name.removesuffix(".gz").rsplit(".", 1)[0], fallback="track") in have:
            continue  # imported already: its GPX is the one read
        command = shlex.join(["journal", "import", "gpx", str(path), trip_dir.name])
        report.warn(path, f"journal reads the GPX files here, not this one: `{command}` adds it",
                    code="track.not-imported")  # fmt: skip


def _heic_decoder_missing() -> bool:
    try:
        import pi_heif  # noqa: F401
    except ImportError:
        return True
    return False


def _unusable(path: Path, meta: PhotoMeta) -> str | None:
    """Why a file cannot be published at all, or None when it can."""
    for note in meta.notes:
        if note.code in UNUSABLE:
            return note
    if path.suffix.lower() in HEIC_SUFFIXES and _heic_decoder_missing():
        return "HEIC photo needs pi-heif, which journal installs (pip install pi-heif)"
    return None


def _read_photos(
    files: dict[Path, str], report: Report, cache_dir: Path | None
) -> tuple[list[Photo], list[Track]]:
    """The photos' EXIF and the clips' metadata, read or (unchanged files) from the caches;
    unusable files left out. `files` maps each file to its name. A clip's GPS fixes (an
    action camera's) become a recorded track of its own, named after it, and leave its
    metadata: a track is cut by the privacy zones, a photo's metadata is not."""
    from journal.load.exifcache import read_metas

    clips = [path for path, name in files.items() if is_clip(name)]
    photo_paths = [path for path in files if not is_clip(files[path])]
    metas: dict[Path, PhotoMeta] = {}
    metas.update(read_metas(photo_paths, cache_dir / "photos.cache" if cache_dir else None))
    if clips:
        from journal.load.clipcache import FILE_NAME, read_clip_metas

        metas.update(read_clip_metas(clips, cache_dir / FILE_NAME if cache_dir else None))
    photos, tracks = [], []
    for path in files:  # in name order, photos and clips mixed as the folder has them
        meta = metas[path]
        unusable = _unusable(path, meta)
        if unusable:
            report.warn(path, f"{unusable}; not published", code="photo.unusable")
            continue
        if isinstance(meta, ClipMeta) and meta.track:
            tracks.append(Track(path, files[path], (meta.track,)))
            meta = replace(meta, track=())
        photos.append(Photo(path=path, name=files[path], meta=meta))
    return photos, tracks


def _check_entry_photos(trip: Trip, all_names: set[str], report: Report) -> None:
    """Entries may only list photos that exist; captions for unknown photos are a warning."""
    for entry in trip.entries:
        for text in entry.texts.values():
            fm_lines = text.key_lines
            for name in text.photos:
                if name not in all_names:
                    message = f"photos: no photo {name!r} in photos/"
                    line = fm_lines.get("photos")
                    report.error(text.path, message, line, code="entry.unknown-photo")
            for name in text.captions:
                if name not in all_names:
                    message = f"captions: no photo {name!r} in photos/; caption not shown"
                    line = fm_lines.get("captions")
                    report.warn(text.path, message, line, code="entry.unknown-caption")


def load_trip(
    trip_dir: Path,
    report: Report,
    *,
    cache_dir: Path | None = None,
    workers: Executor | None = None,
) -> Trip | None:
    """Read a whole trip folder; None when trip.toml itself is unusable or names a private
    photo that is not there (see `report`): either could publish what was meant hidden.
    `workers` parse the GPX files meanwhile, when the cache cannot answer for them."""
    config = load_config(trip_dir, report, cache_dir)
    if config is None:
        return None
    tracks = _read_tracks(trip_dir, report, cache_dir, workers)
    files = dict(named_photo_files(trip_dir / "photos"))
    errors_before = len(report.errors)
    private = _private(trip_dir, sorted(files.values()), config, report)
    if len(report.errors) > errors_before:
        return None  # a name that matches nothing may be a typo for a photo meant hidden
    entry_cache = cache_dir / ENTRY_CACHE if cache_dir else None
    entries = entries_mod.load_entries(list_entry_files(trip_dir), config, report, entry_cache)
    public = {path: name for path, name in files.items() if name not in private}
    photos, clip_tracks = _read_photos(public, report, cache_dir)
    trip = Trip(
        slug=trip_dir.name,
        path=trip_dir,
        config=config,
        entries=tuple(entries),
        photos=tuple(photos),
        tracks=(*tracks(), *clip_tracks),
    )
    _check_entry_photos(trip, set(files.values()), report)
    return trip


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
