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
    segments: tuple[tuple[TrackPoint, ...], ...]
    waypoints: tuple[Waypoint, ...] = ()  # places where the rider stayed

    @property
    def point_count(self) -> int:
        return sum(len(segment) for segment in self.segments)


@dataclass(frozen=True)
class PrivatePlace:
    """A place the export marks as the rider's home or work: it becomes a privacy zone."""

    lat: float
    lon: float
    label: str  # "home" or "work"
    origin: Path  # the file that said so, for the report


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
