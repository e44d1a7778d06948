"""`journal new`: start an entry on the road, offline, in a fraction of a second.

Only the standard library and PyYAML are imported here: the command must start fast on
a phone terminal. Files are created with O_EXCL, so an entry is never overwritten, even
by two `journal new` running at once; a taken name gets `-2`, `-3`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journal.core.errors import JournalError
from journal.load import frontmatter
from journal.load.config import create_trip, default_lang
from journal.load.entries import create_exclusive, entry_name, parse_name, read_text, slugify
from journal.load.root import CACHE_DIR, cache_dir, check_slug, list_trip_dirs

DATE_WORDS = {"today": 0, "oggi": 0, "yesterday": -1, "ieri": -1, "tomorrow": 1, "domani": 1}
TRANSLATE_MARKER = "<!-- Translate the text below, then delete this line and the original. -->"


def parse_date(text: str | None, today: dt.date) -> dt.date:
    """ISO dates and the words a tired rider types: today/yesterday, oggi/ieri."""
    if text is None:
        return today
    word = text.strip().lower()
    if word in DATE_WORDS:
        return today + dt.timedelta(days=DATE_WORDS[word])
    try:
        return dt.date.fromisoformat(word)
    except ValueError:
        raise JournalError(
            None, f"invalid date {text!r}: use YYYY-MM-DD, today/oggi or yesterday/ieri"
        ) from None


def parse_at(text: str) -> tuple[float, float]:
    """`--at 45.16,10.79` (also with a space or a semicolon)."""
    parts = [p for p in re.split(r"[,;\s]+", text.strip()) if p]
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise JournalError(
            None, f"invalid --at {text!r}: use LAT,LON such as 45.16,10.79"
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise JournalError(None, f"invalid --at {text!r}: latitude or longitude out of range")
    return lat, lon


def latest_trip(root: Path) -> Path | None:
    """The trip written in most recently: where a rider on the road is adding entries."""

    def last_write(trip: Path) -> float:
        entries = trip / "entries"
        times = [trip.stat().st_mtime]
        if entries.is_dir():
            times += [p.stat().st_mtime for p in entries.iterdir()]
        return max(times)

    trips = list_trip_dirs(root)
    return max(trips, key=last_write) if trips else None


@dataclass(frozen=True)
class NewEntry:
    """What the user asked `journal new` for; everything optional has a road-friendly default."""

    trip: str | None = None
    lang: str | None = None
    title: str | None = None
    date: str | None = None
    at: str | None = None
    place: str | None = None
    translate: str | None = None
    trip_title: str | None = None


def new_entry(root: Path, request: NewEntry, now: dt.datetime | None = None) -> Path:
    """Create the entry file and return its path; the editor is opened by the caller."""
    now = now or dt.datetime.now().astimezone()
    if request.trip:
        check_slug(request.trip)
        folder = root / "trips" / request.trip
        if not (folder / "trip.toml").is_file():
            folder = create_trip(root, request.trip, request.trip_title, request.lang or "it")
    else:
        found = latest_trip(root)
        if found is None:
            raise JournalError(root / "trips", "no trip yet: name one, e.g. `journal new my-trip`")
        folder = root / "trips" / check_slug(found.name)
    lang = request.lang or default_lang(folder) or "it"
    if request.translate:
        return _translate(folder, request.translate, lang)

    day = parse_date(request.date, now.date())
    data: dict[str, object] = {"title": request.title or ""}
    if day == now.date() and request.date in (None, "today", "oggi"):
        data["time"] = now.replace(microsecond=0).isoformat()
    position = parse_at(request.at) if request.at else None
    if position:
        data["location"] = {"lat": position[0], "lon": position[1]}
    if not position and day == now.date():
        position = newest_photo_position(root, folder, now)
    place = request.place or _place_near(root, folder, position)
    if place:
        data["place"] = place
    slug = slugify(request.title or "", fallback="nota" if lang == "it" else "note")
    return create_exclusive(folder / "entries", day, slug, lang, frontmatter.dump(data) + "\n")


#: How long before an entry a photo may have been taken to tell where the entry is written.
RECENT = dt.timedelta(hours=3)


def newest_photo_position(
    root: Path, trip_dir: Path, now: dt.datetime
) -> tuple[float, float] | None:
    """Where the newest photo of the last few hours (`RECENT`) was taken, from the render's
    photo cache; private photos never count.

    Reading EXIF itself would cost the start-up time `journal new` must not spend, so only
    photos a previous `render` or `check` already read are known here. An older photo says
    where the rider was, not where he is: "Voghera" from last week's photo is not today's.
    """
    cache = cache_dir(root, trip_dir) / "photos.cache"
    try:
        photos = json.loads(cache.read_bytes()).get("photos", {})
    except (OSError, ValueError, AttributeError):
        return None
    private = _private_names(trip_dir, photos)
    best: tuple[dt.datetime, tuple[float, float]] | None = None
    for key, data in photos.items():
        meta = data[2] if isinstance(data, list) and len(data) == 3 else {}
        when, position = _taken(meta, now.tzinfo), meta.get("position")
        if key in private or when is None or not position or not now - RECENT <= when <= now:
            continue
        if best is None or when > best[0]:
            best = (when, (float(position[0]), float(position[1])))
    return best[1] if best else None


def _taken(meta: dict[str, Any], zone: dt.tzinfo | None) -> dt.datetime | None:
    """When a cached photo was taken: GPS time, else the camera's (in its offset, else in
    this machine's zone, where the rider is)."""
    try:
        if meta.get("gps_time"):
            return dt.datetime.fromisoformat(meta["gps_time"])
        if meta.get("camera_time"):
            taken = dt.datetime.fromisoformat(meta["camera_time"])
            if meta.get("camera_offset"):
                return dt.datetime.fromisoformat(f"{meta['camera_time']}{meta['camera_offset']}")
            return taken.replace(tzinfo=zone) if taken.tzinfo is None else taken
    except (TypeError, ValueError):
        return None
    return None


def _private_names(trip_dir: Path, photos: dict[str, Any]) -> set[str]:
    """The cache keys (absolute paths) of the photos trip.toml or a folder keeps home."""
    from journal.core.errors import Report
    from journal.load.config import read_toml
    from journal.load.private import private_photos

    listed = (read_toml(trip_dir / "trip.toml", Report()) or {}).get("private", [])
    base = trip_dir.resolve() / "photos"
    names = {}
    for key in photos:
        try:
            names[Path(key).resolve().relative_to(base).as_posix()] = key
        except ValueError:  # a photo of another folder (the trip was moved): not this trip's
            continue
    listed = [x for x in listed if isinstance(x, str)] if isinstance(listed, list) else []
    hidden = private_photos(names, listed, trip_dir / "trip.toml", None, Report())
    return {names[name] for name in hidden} | (set(photos) - set(names.values()))


def _place_near(root: Path, trip_dir: Path, position: tuple[float, float] | None) -> str | None:
    """The place nearest a position, from the offline gazetteer (packed once into the
    journal's cache folder); None far from any place and inside a privacy zone (the place
    would say what the zone hides)."""
    if position is None or _in_zone(root, trip_dir, position):
        return None
    from journal.enrich.places import keep_index_in, nearest_place

    keep_index_in(root / CACHE_DIR)

    place = nearest_place(*position)
    return place.name if place else None


def _in_zone(root: Path, trip_dir: Path, position: tuple[float, float]) -> bool:
    """Whether a position is inside a zone of trip.toml or journal.toml, as a render publishes
    the zones (moved and widened by the journal's secret). A file whose zones cannot be read
    hides everything: better no place than the wrong one published."""
    from journal.core.errors import Report
    from journal.core.models import PrivacyZone
    from journal.enrich.privacy import hidden
    from journal.enrich.veil import veil_all
    from journal.load.config import read_toml
    from journal.load.secret import privacy_secret

    zones = []
    for toml in (trip_dir / "trip.toml", root / "journal.toml"):
        data = read_toml(toml, Report()) if toml.is_file() else {}
        if data is None:
            return True
        for raw in data.get("privacy_zones", []):
            try:
                lat, lon, radius = (float(raw[key]) for key in ("lat", "lon", "radius_m"))
            except (KeyError, TypeError, ValueError):
                return True
            zones.append(PrivacyZone(lat, lon, radius))
    return bool(zones) and hidden(*position, veil_all(zones, privacy_secret(root)))


def _find_entry(folder: Path, ref: str, lang: str) -> Path:
    """The entry to translate into `lang`, named by path, file name or stem (`2015-06-27-aosta`).

    With a bare stem, the text in another language than `lang` is the source.
    """
    candidate = Path(ref)
    if candidate.is_file():
        return candidate.resolve()
    entries = folder / "entries"
    matches = sorted(
        p for p in entries.glob("*.md") if p.name == ref or p.name.startswith(f"{ref}.")
    )
    sources = [p for p in matches if not p.name.endswith(f".{lang}.md")] or matches
    if not sources:
        raise JournalError(entries, f"no entry {ref!r} to translate")
    return sources[0]


def _translate(folder: Path, ref: str, lang: str) -> Path:
    source = _find_entry(folder, ref, lang)
    day, slug, source_lang = parse_name(source)
    if source_lang == lang:
        raise JournalError(source, f"already in {lang!r}: pass --lang with the other language")
    text = read_text(source, source_lang)
    data = frontmatter.parse(source.read_text(encoding="utf-8"), source).data
    body = f"{TRANSLATE_MARKER}\n\n{text.body.strip()}\n"
    target = source.with_name(entry_name(day, slug, lang))
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise JournalError(target, "translation already exists; not overwritten") from None
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(frontmatter.dump(data) + "\n" + body)
    return target


def open_editor(path: Path) -> int:
    """Open $VISUAL or $EDITOR on the file; the exit status of the editor."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        return subprocess.call([*shlex.split(editor), str(path)])
    except OSError as exc:
        raise JournalError(path, f"cannot start editor {editor!r}: {exc.strerror}") from None
