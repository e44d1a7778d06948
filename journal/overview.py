"""`journal trips`: a one-line summary per trip, from file names alone (fast, no EXIF)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from journal.core.errors import Report
from journal.load.config import read_toml
from journal.load.entries import ENTRY_RE
from journal.load.folder import count_photos, entry_dates, list_entry_files
from journal.load.root import list_trip_dirs


def trip_line(trip_dir: Path) -> str:
    """`slug  2015-06-27..2015-07-05  it 9, en 4  photos 16  Title`."""
    files = list_entry_files(trip_dir)
    dates = entry_dates(files)
    span = f"{min(dates)}..{max(dates)}" if dates else "no entries"
    langs = Counter(m["lang"] for p in files if (m := ENTRY_RE.match(p.name)))
    per_lang = ", ".join(f"{lang} {n}" for lang, n in sorted(langs.items())) or "-"
    data = read_toml(trip_dir / "trip.toml", Report()) or {}
    titles = data.get("title") if isinstance(data.get("title"), dict) else {}
    title = titles.get(data.get("default_lang", "it"), "") if titles else ""
    return f"{trip_dir.name}  {span}  {per_lang}  photos {count_photos(trip_dir)}  {title}".rstrip()


def trip_lines(root: Path) -> list[str]:
    return [trip_line(trip) for trip in list_trip_dirs(root)]
