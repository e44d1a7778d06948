"""Entry files: their names, their front matter, and how languages pair into one Entry.

An entry is `entries/YYYY-MM-DD-<slug>.<lang>.md`; files sharing a stem are translations
of one another. Every problem is reported with the file and the line of the offending key.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from journal.core.errors import JournalError, Report
from journal.core.models import Entry, EntryText, GeoPoint, TripConfig, shared_fields
from journal.load import frontmatter

ENTRY_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9][a-z0-9-]*)\.(?P<lang>[A-Za-z]+)\.md$"
)
#: How many entries of one day may share a title before `create_exclusive` gives up.
MAX_NUMBER = 999


def entry_name(day: dt.date, slug: str, lang: str) -> str:
    return f"{day.isoformat()}-{slug}.{lang}.md"


def create_exclusive(
    folder: Path,
    day: dt.date,
    slug: str,
    lang: str,
    content: str,
    *,
    taken: set[str] | None = None,
) -> Path:
    """Write a new entry under the first free stem: slug, slug-2, slug-3...

    `taken` holds the stems (`2015-06-28-aosta`) known to be used, when the caller keeps
    them (an import writing thousands of entries, some staged beside the trip's own): the
    stem written is added to it. Without it, the folder is listed."""
    folder.mkdir(parents=True, exist_ok=True)
    if taken is None:
        taken = entry_stems(folder)
    for n in range(1, MAX_NUMBER + 1):
        stem = f"{day.isoformat()}-{slug if n == 1 else f'{slug}-{n}'}"
        if stem in taken:
            continue
        path = folder / f"{stem}.{lang}.md"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:  # another `journal new` won the race: take the next number
            taken.add(stem)
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        taken.add(stem)
        return path
    raise JournalError(folder, f"more than {MAX_NUMBER} entries named {slug!r} on {day}")


def entry_stems(folder: Path) -> set[str]:
    """The stems of the entry files in `folder` (none when it does not exist)."""
    if not folder.is_dir():
        return set()
    return {f"{m['date']}-{m['slug']}" for p in folder.iterdir() if (m := ENTRY_RE.match(p.name))}


def parse_name(path: Path) -> tuple[dt.date, str, str]:
    """(date, slug, lang) of an entry file, or JournalError saying what is wrong with it."""
    match = ENTRY_RE.match(path.name)
    if not match:
        raise JournalError(path, "entry name must be YYYY-MM-DD-<slug>.<lang>.md (slug in a-z0-9-)")
    try:
        day = dt.date.fromisoformat(match["date"])
    except ValueError:
        raise JournalError(path, f"invalid date {match['date']}") from None
    return day, match["slug"], match["lang"]


def _parse_time(value: Any) -> dt.time | dt.datetime:
    text = str(value).strip()
    if re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", text):
        try:
            return dt.time(*(int(part) for part in text.split(":")))
        except ValueError:
            raise ValueError(f"time {text!r} is not a time of day") from None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"time {text!r} is neither HH:MM nor ISO 8601 (2015-06-27T08:30+02:00)"
        ) from None


def _parse_location(value: Any) -> GeoPoint:
    if isinstance(value, dict) and "lat" in value and "lon" in value:
        lat, lon = float(value["lat"]), float(value["lon"])
    elif isinstance(value, list | tuple) and len(value) == 2:
        lat, lon = float(value[0]), float(value[1])
    else:
        raise ValueError("location must be {lat: .., lon: ..}")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"location {lat}, {lon} is out of range")
    return GeoPoint(lat, lon)


def read_text(path: Path, lang: str) -> EntryText:
    """One entry file as an EntryText; JournalError (file and line) on the first problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise JournalError(path, f"cannot read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise JournalError(path, "not UTF-8 text (save it as UTF-8)", line) from None
    fm = frontmatter.parse(text, path)
    data = fm.data

    def fail(key: str, message: str) -> JournalError:
        return JournalError(path, message, fm.line(key))

    title = data.get("title")
    if not isinstance(title, str | int | float) or not str(title).strip():
        # `title: #1 in Aosta` is an empty title and a comment: say how to keep the words
        written = text.splitlines()[fm.line("title") - 1] if "title" in fm.lines else ""
        raise fail("title", "front matter needs a title" + frontmatter.quoting_hint(written))
    time = location = None
    if data.get("time") is not None:
        try:
            time = _parse_time(data["time"])
        except ValueError as exc:
            raise fail("time", str(exc)) from None
    if data.get("location") is not None:
        try:
            location = _parse_location(data["location"])
        except (TypeError, ValueError) as exc:
            raise fail("location", str(exc)) from None
    photos = data.get("photos") or []
    if isinstance(photos, str):
        photos = [photos]
    if not isinstance(photos, list) or not all(isinstance(p, str) for p in photos):
        raise fail("photos", "photos must be a list of file names")
    captions = data.get("captions") or {}
    if not isinstance(captions, dict):
        raise fail("captions", "captions must map file names to captions")
    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        raise fail("draft", "draft must be true or false")
    place = data.get("place")
    return EntryText(
        lang=lang,
        path=path,
        title=str(title).strip(),
        body=fm.body,
        body_line=fm.body_line,
        time=time,
        location=location,
        place=str(place) if place else None,
        photos=tuple(p.removeprefix("photos/") for p in photos),
        captions={str(k).removeprefix("photos/"): str(v) for k, v in captions.items()},
        draft=draft,
        key_lines=fm.lines,
    )


def load_entries(
    files: Iterable[Path], config: TripConfig, report: Report, cache_file: Path | None = None
) -> list[Entry]:
    """Every entry of a trip, pairing translations; each bad file is one error in `report`.

    Entries come in date then stem order; the instant each was written is for the enrich step
    (`enrich.timeline`), which knows the zones of places. Files unchanged since the last
    render are not parsed again (`cache_file`: see entrycache.py)."""
    from journal.load.entrycache import EntryCache

    cache = EntryCache(cache_file)
    by_stem: dict[tuple[dt.date, str], dict[str, EntryText]] = {}
    for path in sorted(files):
        try:
            day, slug, lang = parse_name(path)
            if lang not in config.languages:
                raise JournalError(
                    path,
                    f"unknown language {lang!r} (this trip uses {', '.join(config.languages)})",
                )
            text = cache.read(path, lang, read_text)
        except JournalError as exc:
            report.error(exc.path or path, exc.message, exc.line, code=exc.code or "entry.invalid")
            continue
        by_stem.setdefault((day, slug), {})[lang] = text
    cache.save()

    entries = []
    for (day, slug), texts in by_stem.items():
        ordered = {lang: texts[lang] for lang in config.languages if lang in texts}
        original = config.default_lang if config.default_lang in ordered else next(iter(ordered))
        entry = Entry(day, slug, ordered, original, **shared_fields(ordered, original))
        entries.append(entry)
    entries.sort(key=lambda e: (e.date, e.stem))
    return entries
