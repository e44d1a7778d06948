"""The travelogue's layout, day by day: which entries and photos each day shows.

A photo listed by an entry is shown with it; one already shown inside an entry's text is
not repeated; any other joins the first entry of its local day written after it was taken,
or the day's last entry, or stands alone on its day. Photos with no date close the
travelogue. Pure: model in, plan out; the pages are pages.py's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from journal.core.models import Entry, Photo, PhotoMeta, Trip
from journal.core.route import Route


@dataclass
class Day:
    """What one day of the travelogue shows; `date` None is the closing "other photos"."""

    date: dt.date | None
    number: int | None
    entries: list[Entry] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"day-{self.date.isoformat()}" if self.date else "other-photos"


def photo_claims(entries: Sequence[Entry]) -> dict[str, Entry]:
    """Photos an entry names under `photos:`; the first entry naming one keeps it."""
    claims: dict[str, Entry] = {}
    for entry in entries:
        listed = [*entry.photos, *(n for t in entry.texts.values() for n in t.photos)]
        for name in listed:
            claims.setdefault(name, entry)
    return claims


def _entry_for(photo: Photo, entries: list[Entry]) -> Entry | None:
    """A photo joins the first entry of its day written after it, else the day's last one."""
    if not entries or photo.moment is None:
        return entries[-1] if entries else None
    for entry in entries:
        if entry.moment is not None and entry.moment.utc >= photo.moment.utc:
            return entry
    return entries[-1]


def plan_days(
    trip: Trip,
    route: Route,
    entries: Sequence[Entry],
    published: Mapping[str, PhotoMeta],
    inline: set[str],
) -> tuple[list[Day], dict[str, list[str]]]:
    """The days of the travelogue in order, and the photos shown with each entry (by stem).

    A photo listed by an entry is shown with it; one already shown inside an entry's text is
    not repeated; any other joins the entries of its local day, or stands alone on its day.
    """
    claims = photo_claims(entries)
    by_entry: dict[str, list[str]] = {e.stem: [] for e in entries}
    for name, entry in claims.items():
        if name in published:
            by_entry[entry.stem].append(name)
    dates = {e.date for e in entries} | set(route.days)
    dates |= {p.day for p in trip.photos if p.day and p.name in published}
    span = trip.span
    first = min([span[0], *dates]) if span else min(dates) if dates else None
    days = {d: Day(d, (d - first).days + 1 if first else None) for d in sorted(dates)}
    for entry in entries:
        days[entry.date].entries.append(entry)
    undated = Day(None, None)
    for photo in trip.photos:
        if photo.name not in published or photo.name in claims or photo.name in inline:
            continue
        day = days[photo.day] if photo.day else undated
        owner = _entry_for(photo, day.entries)
        if owner is None:
            day.photos.append(photo)
        else:
            by_entry[owner.stem].append(photo.name)
    ordered = list(days.values()) + ([undated] if undated.photos else [])
    return ordered, by_entry
