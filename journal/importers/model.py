"""What an export holds, in the words of a trip folder: entries, photos, tracks, private places.

Every reader (Polarsteps, Google, Day One, Strava, a folder of activities) turns its files into
an `Export`; `flow.py` keeps what the privacy zones allow and `tripwriter.py` writes the rest as
a trip folder. Nothing here reads or writes a file. Times are aware: an entry's carries the
offset it had where it was written, a track point's is UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journal.core.errors import Report
from journal.core.models import GeoPoint, TrackPoint, Waypoint
from journal.importers.exportfiles import Member


@dataclass(frozen=True)
class SourcePhoto:
    """A photo file inside the export and the name it gets under the trip's photos/."""

    source: Member
    name: str  # POSIX path relative to photos/, each part made by core.names.file_name


@dataclass(frozen=True)
class SourceEntry:
    """A piece of writing from the export: one entry file once imported."""

    key: str  # "polarsteps:104653631": the same entry in every import of the same export
    title: str
    body: str  # the whole text, as Markdown
    time: dt.datetime  # aware, in the offset of where it was written
    location: GeoPoint | None = None
    place: str | None = None
    photos: tuple[SourcePhoto, ...] = ()
    weather: Mapping[str, Any] = field(default_factory=dict)  # condition, temperature_c

    @property
    def day(self) -> dt.date:
        return self.time.date()


@dataclass(frozen=True)
class SourceTrack:
    """One GPX file to write under tracks/: a day of location history, or one activity."""

    name: str  # file stem under tracks/
    title: str  # the <name> inside the file
    day: dt.date  # the local day it starts on, for --from/--to
    segments: tuple[tuple[TrackPoint, ...], ...]  # recorded lines, each in time order
    waypoints: tuple[Waypoint, ...] = ()  # places where the rider stayed, or marked
    untimed: tuple[tuple[TrackPoint, ...], ...] = ()  # recorded lines whose times are unknown
    routes: tuple[tuple[TrackPoint, ...], ...] = ()  # planned lines (GPX <rte>)

    @property
    def point_count(self) -> int:
        return sum(len(line) for line in (*self.segments, *self.untimed))


@dataclass(frozen=True)
class PrivatePlace:
    """A place the export marks as the rider's home or work: it becomes a privacy zone."""

    lat: float
    lon: float
    label: str  # "home" or "work"
    origin: Path  # the file that said so, for the report


#: What an import may leave out, by kind (one, many): each kind is one warning of the
#: report, counted, naming the files it happened in. Nothing disappears without a word.
LEFT_OUT = {
    "no-fix": ("point without a position (no GPS fix)", "points without a position (no GPS fix)"),
    "untimed": ("point without a time in a timed track", "points without a time in timed tracks"),
    "repeated": ("repeated point (an instant twice)", "repeated points (an instant twice)"),
    "single-point": ("track or segment of a single point", "tracks or segments of a single point"),
    "nothing": ("file with nothing to draw", "files with nothing to draw"),
    "single-day": ("day of a single point", "days of a single point"),
    "bad-item": ("item without a position or a time", "items without a position or a time"),
    "coarse": ("fix less precise than 200 m", "fixes less precise than 200 m"),
    "no-file": (
        "activity without a file (entered by hand)",
        "activities without a file (entered by hand)",
    ),
}


@dataclass
class LeftOut:
    """What an import did not bring, counted by kind (`LEFT_OUT`), with where it was."""

    counts: dict[str, int] = field(default_factory=dict)
    where: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, count: int, where: str) -> None:
        if count <= 0:
            return
        self.counts[kind] = self.counts.get(kind, 0) + count
        places = self.where.setdefault(kind, [])
        if where not in places:
            places.append(where)

    def lines(self, named: str = "") -> list[tuple[str, str]]:
        """(code, words) of each kind, in LEFT_OUT's order; where it happened is not said
        again when it is only `named` (the file the warning names already)."""
        found = []
        for kind, (one, many) in LEFT_OUT.items():
            if kind not in self.counts:
                continue
            count, places = self.counts[kind], self.where[kind]
            words = f"{count:,} {one if count == 1 else many} left out"
            if places != [named]:
                more = f" and {len(places) - 3} more" if len(places) > 3 else ""
                words += f" (in {', '.join(places[:3])}{more})"
            found.append((f"import.left-{kind}", words))
        return found


@dataclass
class Export:
    """Everything one reader found, and every problem it met on the way (in `report`).

    Mutable while a reader fills it in; the flow only replaces whole lists.
    """

    source: str
    report: Report
    title: str | None = None
    slug: str | None = None
    timezone: str | None = None
    entries: list[SourceEntry] = field(default_factory=list)
    tracks: list[SourceTrack] = field(default_factory=list)
    private_places: list[PrivatePlace] = field(default_factory=list)
    left: LeftOut = field(default_factory=LeftOut)
