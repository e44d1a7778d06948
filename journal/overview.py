"""`journal trips`: one aligned line per trip, newest first, from file names and front
matter alone (fast: no EXIF, no gazetteer).

Entries are counted per language, the trip's default language first; drafts apart, since
they will not be published. The current trip, where `journal new` without a trip writes
(load/state.py), is marked `*`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journal.core.errors import JournalError, Report
from journal.core.models import DEFAULT_LANGUAGES
from journal.load import frontmatter
from journal.load.config import read_toml
from journal.load.entries import ENTRY_RE
from journal.load.folder import count_photos, entry_dates, list_entry_files
from journal.load.root import list_trip_dirs
from journal.load.state import current_trip

HEADER = ("", "trip", "dates", "entries", "drafts", "photos", "title")


@dataclass(frozen=True)
class TripRow:
    """What one line of the listing says about a trip."""

    slug: str
    first: dt.date | None
    last: dt.date | None
    entries: tuple[tuple[str, int], ...]  # entry files per language, drafts apart
    drafts: int
    photos: int
    title: str

    def cells(self, current: bool) -> tuple[str, ...]:
        span = f"{self.first}..{self.last}" if self.first else "no entries"
        per_lang = ", ".join(f"{lang} {n}" for lang, n in self.entries) or "-"
        drafts = str(self.drafts or "-")
        return ("*" if current else "", self.slug, span, per_lang, drafts, str(self.photos),
                self.title)  # fmt: skip


def trip_row(trip_dir: Path) -> TripRow:
    files = list_entry_files(trip_dir)
    dates = entry_dates(files)
    entries: Counter[str] = Counter()
    drafts = 0
    for path in files:
        match = ENTRY_RE.match(path.name)
        if match and _is_draft(path):
            drafts += 1
        elif match:
            entries[match["lang"]] += 1
    data = read_toml(trip_dir / "trip.toml", Report()) or {}
    default, title = _title(data)
    listed = data.get("languages") if isinstance(data.get("languages"), list) else []
    order = {lang: i for i, lang in reversed(list(enumerate([default, *listed])))}
    langs = sorted(entries, key=lambda lang: (order.get(lang, len(order)), lang))
    first, last = (min(dates), max(dates)) if dates else (None, None)
    per_lang = tuple((lang, entries[lang]) for lang in langs)
    return TripRow(trip_dir.name, first, last, per_lang, drafts, count_photos(trip_dir), title)


def _title(data: dict[str, Any]) -> tuple[str, str]:
    """The trip's default language and its title in it (`[title]` or a plain string)."""
    default = data.get("default_lang")
    default = default if isinstance(default, str) else DEFAULT_LANGUAGES[0]
    titles = data.get("title")
    if isinstance(titles, dict):
        return default, str(titles.get(default, ""))
    return default, titles if isinstance(titles, str) else ""


def _is_draft(path: Path) -> bool:
    """`draft: true` in the front matter; a file that cannot be read counts as an entry
    (`journal check` says what is wrong with it)."""
    try:
        return frontmatter.parse(path.read_text(encoding="utf-8"), path).data.get("draft") is True
    except (OSError, UnicodeDecodeError, JournalError):
        return False


def trip_table(root: Path) -> list[str]:
    """The listing: a header, then a line per trip, newest first (by last entry day; trips
    without entries last), every column but the title padded to its widest cell."""
    rows = sorted((trip_row(trip) for trip in list_trip_dirs(root)), key=_newest_first)
    if not rows:
        return []
    current = current_trip(root)
    table = [HEADER, *(row.cells(row.slug == current) for row in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADER) - 1)]
    lines = []
    for line in table:
        padded = [cell.ljust(width) for cell, width in zip(line, widths, strict=False)]
        lines.append("  ".join([*padded, line[-1]]).rstrip())
    if any(row.slug == current for row in rows):
        lines.append("(* the current trip: `journal new` without a trip writes there)")
    return lines


def _newest_first(row: TripRow) -> tuple[bool, int, int, str]:
    last = row.last.toordinal() if row.last else 0
    first = row.first.toordinal() if row.first else 0
    return (row.last is None, -last, -first, row.slug)
