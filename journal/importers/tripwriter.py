"""Writing an import into a trip folder without ever overwriting: this package's only writer.

Every imported entry carries `source:` in its front matter (the export's id for it, such as
`dayone:3F2A...`): that is how a re-import knows it. The same text is left as it is; a text
edited since the last import is left alone and reported. A new entry is created exclusively
under the first free name (`create_exclusive`), so an entry the rider wrote is never touched.
Photos and tracks are written only where no file is: the same bytes are counted as already
there, other bytes are left alone and reported. Every file is written atomically.

What an import wrote is listed in the trip's `imported.txt` (the `Ledger`): an entry, photo or
track the rider deleted since is not brought back by the next import of the same export.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from journal.core.errors import JournalError, Report
from journal.core.files import safe_relpath
from journal.core.gpxtext import gpx_document, text_element
from journal.core.models import PrivacyZone, TrackPoint
from journal.core.names import file_name, slugify
from journal.importers.exportfiles import TooLarge
from journal.importers.inerttext import inert_markdown
from journal.importers.model import SourceEntry, SourcePhoto, SourceTrack
from journal.importers.report import Outcome
from journal.importers.staging import Staging
from journal.load import frontmatter
from journal.load.config import photo_position_toml, zones_toml
from journal.load.entries import create_exclusive, entry_stems

#: The front matter key naming where an imported entry came from.
SOURCE_KEY = "source"
UNTITLED = {"it": "nota", "en": "note"}
LEDGER_NAME = "imported.txt"
LEDGER_HEADER = """\
# What `journal import` brought into this trip: an entry by its source, a file by its path.
# Deleted since? Then the next import leaves it out. Delete its line here to have it back.
"""


class Ledger:
    """What earlier imports wrote into a trip: re-importing an export (for its new days) must
    not bring back the entry, photo or track the rider deleted on purpose."""

    def __init__(self, trip_dir: Path) -> None:
        self.path = trip_dir / LEDGER_NAME
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            lines = []
        except (OSError, UnicodeDecodeError) as exc:
            raise JournalError(self.path, f"cannot read the list of imported files: {exc}") from exc
        listed = (line.strip() for line in lines)
        self.before = frozenset(item for item in listed if item and not item.startswith("#"))
        self.now = set(self.before)

    @staticmethod
    def entry(key: str) -> str:
        return f"entry {key}"

    @staticmethod
    def file(rel: str) -> str:
        return f"file {rel}"

    def deleted(self, item: str) -> bool:
        """Brought by an earlier import (the caller knows it is not there now)."""
        return item in self.before

    def save(self, stage: Staging) -> None:
        if self.now != self.before:
            listed = "".join(f"{item}\n" for item in sorted(self.now))
            stage.change(LEDGER_NAME, (LEDGER_HEADER + listed).encode())


def entry_text(entry: SourceEntry) -> str:
    """The entry file: front matter in the README's keys, then the whole text."""
    data: dict[str, Any] = {"title": entry.title, "time": entry.time.isoformat()}
    if entry.location is not None:
        data["location"] = {
            "lat": round(entry.location.lat, 6),
            "lon": round(entry.location.lon, 6),
        }
    if entry.place:
        data["place"] = entry.place
    listed = [p.name for p in entry.photos if f"](photos/{p.name})" not in entry.body]
    if listed:  # a photo shown in the text is attached there; listing it would show it twice
        data["photos"] = listed
    if entry.weather:
        data["weather"] = dict(entry.weather)
    data[SOURCE_KEY] = entry.key
    body = entry.body.strip("\n")
    return frontmatter.dump(data) + "\n" + (f"{body}\n" if body else "")


def imported_entries(entries_dir: Path) -> dict[str, Path]:
    """The entries of earlier imports, by their `source`; unreadable files are not ours."""
    found: dict[str, Path] = {}
    for path in sorted(entries_dir.glob("*.md")) if entries_dir.is_dir() else ():
        try:
            data = frontmatter.parse(path.read_text(encoding="utf-8"), path).data
        except (OSError, UnicodeDecodeError, JournalError):
            continue
        if isinstance(data.get(SOURCE_KEY), str):
            found.setdefault(data[SOURCE_KEY], path)
    return found


def write_entries(
    stage: Staging, entries: Sequence[tuple[SourceEntry, str]], report: Report, ledger: Ledger
) -> Outcome:
    """Each (entry, language): created, recognised as already there, or left alone."""
    outcome = Outcome()
    entries_dir = stage.trip_dir / "entries"
    known = imported_entries(entries_dir)
    stems = entry_stems(entries_dir) | entry_stems(stage.dir / "entries")
    for entry, lang in entries:
        body, defused = inert_markdown(entry.body)
        content = entry_text(replace(entry, body=body))
        existing = known.get(entry.key)
        item = ledger.entry(entry.key)
        if existing is None and ledger.deleted(item):
            outcome.deleted += 1
            continue
        ledger.now.add(item)
        if existing is None:
            slug = slugify(entry.title, fallback=UNTITLED.get(lang, "entry"))
            made = create_exclusive(
                stage.dir / "entries", entry.day, slug, lang, content, taken=stems
            )
            stage.added_file(made)
            outcome.new += 1
            if defused:
                report.warn(stage.trip_dir / "entries" / made.name, f"{entry.key}: markup in "
                            "the export's text (HTML, a script link) written as plain text",
                            code="import.markup")  # fmt: skip
        elif existing.read_text(encoding="utf-8") == content:
            outcome.same += 1
        else:
            outcome.kept += 1
            report.warn(existing, f"changed since it was imported ({entry.key}); left alone",
                        code="import.kept")  # fmt: skip
    return outcome


def copy_photos(
    stage: Staging, photos: Iterable[SourcePhoto], report: Report, ledger: Ledger
) -> Outcome:
    """The photos under photos/, each once, byte for byte (EXIF and all: the originals)."""
    outcome = Outcome()
    for photo in photos:
        try:
            data = photo.source.read()
        except TooLarge:
            raise
        except JournalError as exc:
            report.warn(exc.path, f"{exc.message}; not imported", code="import.bad-file")
            continue
        write_once(stage, f"photos/{safe_relpath(photo.name)}", data, outcome, report, ledger)
    return outcome


def write_tracks(
    stage: Staging, tracks: Iterable[SourceTrack], report: Report, ledger: Ledger
) -> Outcome:
    """A GPX 1.1 file per track under tracks/."""
    outcome = Outcome()
    for track in tracks:
        waypoints = [
            (TrackPoint(w.lat, w.lon, None, w.time), [text_element("name", w.name)])
            for w in track.waypoints
        ]
        lines = (*track.segments, *track.untimed)
        tracks = [(track.title, (), lines)] if lines else []
        routes = [(track.title, route) for route in track.routes]
        text = gpx_document(track.title, waypoints, tracks, routes)
        rel = f"tracks/{file_name(track.name, 'track')}.gpx"
        write_once(stage, rel, text.encode(), outcome, report, ledger)
    return outcome


def write_once(
    stage: Staging, rel: str, data: bytes, outcome: Outcome, report: Report, ledger: Ledger
) -> None:
    """Write `data` where no file is and none was deleted since an earlier import; count a
    file already holding it; never replace one."""
    item = ledger.file(rel)
    if stage.exists(rel):
        target = stage.path(rel)
        if target.is_file() and target.read_bytes() == data:
            outcome.same += 1
            ledger.now.add(item)
        else:
            outcome.kept += 1
            report.warn(stage.trip_dir / rel, "a different file is already there; left alone",
                        code="import.kept")  # fmt: skip
        return
    if ledger.deleted(item):
        outcome.deleted += 1
        return
    stage.add(rel, data)
    ledger.now.add(item)
    outcome.new += 1


def add_zones(stage: Staging, zones: Sequence[PrivacyZone], notes: Sequence[str] = ()) -> None:
    """Append `[[privacy_zones]]` tables to an existing trip.toml, keeping every byte of it;
    `notes` are comments above them (zones_toml)."""
    if zones:
        _append_tables(stage, zones_toml(zones, notes), "[[privacy_zones]]")


def record_positions(stage: Staging, entries: Iterable[SourceEntry], known: Iterable[str]) -> int:
    """`[photos."NAME"]` positions in trip.toml for imported photos whose files carry none.

    Polarsteps strips the GPS tags from exported photos; the step they belong to knows where
    they were taken, so that position is recorded by hand's way, where the rider can see and
    change it. Photos already positioned in trip.toml (`known`), or with GPS of their own, are
    left as they are. Returns how many positions were recorded.
    """
    from journal.load.exif import read_meta  # only photos an import copies are read

    taken = set(known)
    tables = []
    for entry in entries:
        for photo in entry.photos if entry.location is not None else ():
            path = stage.path(f"photos/{safe_relpath(photo.name)}")
            if photo.name in taken or not path.is_file() or read_meta(path).position:
                continue  # positioned already, deleted by the rider, or with GPS of its own
            taken.add(photo.name)
            assert entry.location is not None
            tables.append(photo_position_toml(photo.name, entry.location))
    if tables:
        _append_tables(stage, "\n".join(tables), "[photos]")
    return len(tables)


def _append_tables(stage: Staging, tables: str, what: str) -> None:
    """Append TOML tables to trip.toml, keeping every byte already there."""
    trip_toml = stage.trip_dir / "trip.toml"
    text = stage.read("trip.toml").decode("utf-8")
    joined = text + ("" if text.endswith("\n") or not text else "\n") + "\n" + tables
    try:
        tomllib.loads(joined)
    except tomllib.TOMLDecodeError:
        raise JournalError(
            trip_toml,
            f"cannot append {what} tables to this file (is it written inline?); "
            f"add these by hand, then import again:\n{tables}",
        ) from None
    stage.change("trip.toml", joined.encode())
