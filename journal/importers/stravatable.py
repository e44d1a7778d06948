"""Strava's `activities.csv` in the account's language: its columns and its dates.

Strava writes the header and the dates in the language of the account: `Activity ID`,
`Activity Date` and `Jun 27, 2015, 6:30:00 AM` in English; `ID attività`, `Data
dell’attività` and `11 ago 2014, 16:27:28` in Italian; `Aktivitäts-ID` and
`11.08.2014, 16:27:28` in German; French, Spanish, Portuguese and Dutch in their own words.
The columns keep their order in every language, so they are found by what they hold rather
than by what they are called: the id and the date open every row, then the name, the type and
the description; the activity's file is the column of `activities/...` paths, the photos the
column of `media/...` ones. Known English and German names are only a check.

A date is CLDR's medium date and time of the account's language (Strava's own rendering, in
UTC): month names come from Babel (abbreviated and wide, with or without their dot), numeric
dates are read day first.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from journal.core.errors import JournalError
from journal.importers.exportfiles import Member

#: The languages Strava offers its exports in (at least), for month names.
LANGUAGES = ("en", "it", "de", "fr", "es", "pt", "nl")
#: The names of the columns read, in the languages they are known in (folded); the first
#: of a repeated name is the one meant.
NAMES = {
    "id": ("activity id", "id attività", "aktivitäts-id"),
    "date": ("activity date", "data dell'attività", "aktivitätsdatum"),
    "name": ("activity name", "name der aktivität"),
    "description": ("activity description", "aktivitätsbeschreibung"),
    "file": ("filename", "nome del file", "dateiname"),
    "media": ("media", "medien"),
}
_FILE = re.compile(r"^activities/[^/]+\.(?:gpx|fit|tcx)(?:\.gz)?$", re.IGNORECASE)
_MEDIA = re.compile(r"^media/")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?\s*m\.?)?", re.IGNORECASE)
#: Positions every language keeps: id, date, name, type, description.
_FIXED = {"id": 0, "date": 1, "name": 2, "description": 4}


@dataclass(frozen=True)
class Row:
    """One activity of the table, by what its cells mean."""

    line: int
    id: str
    date: str
    name: str
    description: str
    file: str
    media: str


def read_table(table: Member) -> list[Row]:
    """The activities of `activities.csv`, whatever the account's language."""
    try:
        text = table.read().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise JournalError(table.path, f"cannot read the table: {exc}") from None
    if not rows or not _is_strava(rows):
        raise JournalError(table.path, "not a Strava activities.csv: its first column holds "
                           "no activity ids and its second no dates", 1)  # fmt: skip
    columns = {**_FIXED, **_by_content(rows[1:]), **_by_name(rows[0])}

    def cell(row: list[str], key: str) -> str:
        at = columns.get(key)
        return row[at].strip() if at is not None and at < len(row) else ""

    return [
        Row(n, *(cell(row, key) for key in ("id", "date", "name", "description", "file", "media")))
        for n, row in enumerate(rows[1:], 2)
        if any(cell.strip() for cell in row)
    ]


def _is_strava(rows: list[list[str]]) -> bool:
    """A known id column's name, or ids and dates in the first two columns of the rows."""
    if rows[0] and _folded(rows[0][0]) in NAMES["id"]:
        return True
    body = [row for row in rows[1:] if len(row) > 1][:20]
    return bool(body) and all(
        row[0].strip().isdigit() and parse_date(row[1]) is not None for row in body
    )


def _by_name(header: list[str]) -> dict[str, int]:
    """The columns a header in a known language names."""
    folded = [_folded(name) for name in header]
    return {
        key: folded.index(name) for key, names in NAMES.items() for name in names if name in folded
    }


def _by_content(rows: list[list[str]]) -> dict[str, int]:
    """The file and media columns of a header in another language: the first whose filled
    cells are mostly paths of that kind."""
    found: dict[str, int] = {}
    width = max((len(row) for row in rows), default=0)
    for key, pattern in (("file", _FILE), ("media", _MEDIA)):
        for column in range(width):
            cells = [row[column].strip() for row in rows if column < len(row) and row[column]]
            if cells and 2 * sum(bool(pattern.match(c)) for c in cells) > len(cells):
                found[key] = column
                break
    return found


def parse_date(text: str) -> dt.datetime | None:
    """A date as Strava writes it in any of `LANGUAGES` (UTC), or None."""
    folded = _folded(text)
    time = _TIME.search(folded)
    if time is None:
        return None
    hour, minute, second = int(time[1]), int(time[2]), int(time[3] or 0)
    if time[4]:
        hour = hour % 12 + (12 if time[4].startswith("p") else 0)
    date_part = folded[: time.start()] + folded[time.end() :]
    numbers = [int(n) for n in re.findall(r"\d+", date_part)]
    years = [n for n in numbers if n >= 1000]
    if len(years) != 1:
        return None
    rest = [n for n in numbers if n < 1000]
    month = next((m for w in re.findall(r"[^\W\d_]+", date_part) if (m := _months().get(w))), None)
    if month is not None and len(rest) == 1:
        day = rest[0]
    elif month is None and len(rest) == 2:
        day, month = rest  # numeric dates are day first in every language but English's
    else:
        return None
    try:
        return dt.datetime(years[0], month, day, hour, minute, second, tzinfo=dt.UTC)
    except ValueError:
        return None


@cache
def _months() -> dict[str, int]:
    """Month names and abbreviations of every language, folded, dots taken off."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for lang in LANGUAGES:
        for width in ("abbreviated", "wide"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale=lang).items():
                    names.setdefault(_folded(name).rstrip("."), number)
    return names


def _folded(text: str) -> str:
    """Lower case, typographic apostrophes and odd spaces made plain, accents kept."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("\u202f", " ")
    return text.replace("\xa0", " ").strip().lower()
