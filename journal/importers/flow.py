"""`journal import`: an app's export into a trip folder, step by step.

1. read the export with the source's reader, only inside it (importers/exportfiles.py: a ZIP
   is read member by member, never unpacked; every member within caps);
2. keep the days asked for (`--from`, `--to`);
3. make privacy zones of the places the export marks as home or work, and leave out everything
   inside any zone (the journal's, the trip's, the new ones);
4. give each entry a language: `--lang`, else its own words, else the trip's;
5. write: trip.toml (or its new zones) first, then photos, entries and tracks, never over a
   file, into a staging folder moved into the trip at the end (importers/staging.py).

Nothing is written before the whole export has been read, a broken trip.toml or journal.toml
stops the import before anything is, and a failure while writing leaves the trip as it was.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from journal.core.errors import JournalError, Report, TripErrors, guarded
from journal.core.models import DEFAULT_LANGUAGES, PrivacyZone, TripConfig
from journal.enrich.places import keep_index_in, zone_at
from journal.importers.activities import read_activity_folder
from journal.importers.dayone import read_dayone
from journal.importers.exportfiles import ExportTree, open_export
from journal.importers.google import read_google
from journal.importers.language import detect_language
from journal.importers.model import Export, PrivatePlace, SourceEntry
from journal.importers.polarsteps import read_polarsteps
from journal.importers.report import ImportResult
from journal.importers.staging import Staging
from journal.importers.strava import read_strava
from journal.importers.tripwriter import (
    Ledger,
    add_zones,
    copy_photos,
    record_positions,
    write_entries,
    write_tracks,
)
from journal.importers.zones import keep_private, name_stays, zone_note, zones_for
from journal.load.config import load_config, load_settings, new_trip_toml
from journal.load.root import check_slug, user_cache_dir

READERS: dict[str, Callable[[ExportTree, Report], Export]] = {
    "polarsteps": read_polarsteps,
    "google-timeline": read_google,
    "dayone": read_dayone,
    "strava": read_strava,
    "gpx": read_activity_folder,
}


@dataclass(frozen=True)
class ImportRequest:
    """What the rider asked for on the command line."""

    source: str
    path: Path
    trip: str | None = None
    lang: str | None = None
    title: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


def import_export(root: Path, request: ImportRequest) -> ImportResult:
    """Read the export, keep what privacy allows, write it into the trip; never overwrite.
    All or nothing: a failure anywhere leaves the trip as it was."""
    reader = READERS.get(request.source)
    if reader is None:
        raise JournalError(None, f"unknown source {request.source!r}: use {', '.join(READERS)}")
    path = request.path.expanduser().resolve()
    if not path.exists():
        raise JournalError(path, "no such file or folder")
    report = Report()
    settings = load_settings(root, report)
    report.raise_errors()
    if request.trip:
        check_slug(request.trip)
    keep_index_in(user_cache_dir())  # the gazetteer, packed once per machine, if it is needed
    with open_export(path) as tree:
        export = guarded(path, lambda: reader(tree, report))
        for skipped in tree.skipped:
            report.warn(path, skipped, code="import.not-followed")
        for code, words in export.left.lines(named=path.name):
            report.warn(path, words, code=code)
        return _land(root, export, request, settings.privacy_zones, path)


def _land(
    root: Path, export: Export, request: ImportRequest, journal_zones: Sequence, path: Path
) -> ImportResult:  # type: ignore[type-arg]
    report = export.report
    outside = _keep_days(export, request.since, request.until)
    if not export.entries and not export.tracks:
        if not report.errors:  # a broken file says why already
            between = " between --from and --to" if outside else ""
            report.error(path, f"nothing to import{between}: no entry, line or place in it; "
                         "no trip made or changed", code="import.nothing")  # fmt: skip
        raise TripErrors(report.problems)
    slug = check_slug(request.trip or export.slug or export.source)
    trip_dir = root / "trips" / slug
    config = _config(trip_dir)
    existing = (*journal_zones, *(config.privacy_zones if config else ()))
    made = zones_for(export.private_places, existing)
    keep_private(export, [*existing, *(zone for zone, _ in made)])
    name_stays(export)
    langs = _languages(export.entries, request.lang, config)
    positioned = export.tracks or any(e.location for e in export.entries)
    if not existing and not made and positioned:
        report.warn(None, "no privacy zone covers this trip and the export names no home: add "
                    "your home to journal.toml's [[privacy_zones]] before publishing",
                    code="import.no-zone")  # fmt: skip
    stage = Staging(trip_dir)
    try:
        result = _write(stage, export, request, config, langs, made)
    except BaseException:
        stage.discard()
        raise
    stage.commit()
    result.outside = outside
    return result


def _write(
    stage: Staging,
    export: Export,
    request: ImportRequest,
    config: TripConfig | None,
    langs: dict[str, str],
    made: list[tuple[PrivacyZone, PrivatePlace]],
) -> ImportResult:
    """Everything the import brings, written into the staging folder."""
    report = export.report
    zones, notes = [zone for zone, _ in made], [zone_note(place) for _, place in made]
    if config is None:
        lang = request.lang or _majority(langs.values()) or DEFAULT_LANGUAGES[0]
        title = request.title or export.title
        toml = new_trip_toml(
            stage.trip_dir.name, title, lang, zone=_timezone(export), zones=zones, notes=notes
        )
        stage.add("trip.toml", toml.encode())
    else:
        add_zones(stage, zones, notes)
    result = ImportResult(export.source, stage.trip_dir, report, config is None, zones=made)
    ledger = Ledger(stage.trip_dir)
    photos = [p for e in export.entries for p in e.photos]
    result.photos = copy_photos(stage, photos, report, ledger)
    known = config.photo_overrides if config else ()
    result.positioned = record_positions(stage, export.entries, known)
    entries = [(e, langs[e.key]) for e in export.entries]
    result.entries = write_entries(stage, entries, report, ledger)
    result.tracks = write_tracks(stage, export.tracks, report, ledger)
    ledger.save(stage)
    result.points = sum(track.point_count for track in export.tracks)
    result.waypoints = sum(len(track.waypoints) for track in export.tracks)
    result.routes = sum(len(track.routes) for track in export.tracks)
    return result


def _config(trip_dir: Path) -> TripConfig | None:
    """The trip's config when the trip exists (None for a new one); a broken one stops here."""
    if not (trip_dir / "trip.toml").is_file():
        return None
    report = Report()
    config = load_config(trip_dir, report)
    report.raise_errors()
    return config


def _keep_days(export: Export, since: dt.date | None, until: dt.date | None) -> int:
    """Drop entries and tracks outside [since, until]; how many were dropped."""
    low, high = since or dt.date.min, until or dt.date.max
    entries = [e for e in export.entries if low <= e.day <= high]
    tracks = [t for t in export.tracks if t.day == dt.date.min or low <= t.day <= high]
    dropped = len(export.entries) - len(entries) + len(export.tracks) - len(tracks)
    export.entries, export.tracks = entries, tracks
    return dropped


def _languages(
    entries: Sequence[SourceEntry], forced: str | None, config: TripConfig | None
) -> dict[str, str]:
    """Each entry's language by key: `--lang`, its words, the trip's default, the majority."""
    allowed = config.languages if config else DEFAULT_LANGUAGES
    if forced and forced not in allowed:
        raise JournalError(None, f"--lang {forced!r}: this trip is written in {', '.join(allowed)}")
    found = {e.key: forced or detect_language(f"{e.title}\n{e.body}") for e in entries}
    usual = (config.default_lang if config else None) or _majority(
        lang for lang in found.values() if lang in allowed
    )
    fallback = usual or allowed[0]
    return {key: lang if lang in allowed else fallback for key, lang in found.items()}


def _majority(langs: Iterable[str | None]) -> str | None:
    counts = Counter(lang for lang in langs if lang)
    return counts.most_common(1)[0][0] if counts else None


def _timezone(export: Export) -> str | None:
    """The new trip's zone: the export's, else the zone of where it starts."""
    if export.timezone:
        return export.timezone
    for entry in export.entries:
        if entry.location:
            return zone_at(entry.location.lat, entry.location.lon)
    for track in export.tracks:
        for segment in track.segments:
            return zone_at(segment[0].lat, segment[0].lon)
    return None
