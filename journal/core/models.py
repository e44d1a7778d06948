"""The data model: immutable values that flow one way, load -> enrich -> render.

Every stage takes these frozen dataclasses and returns new ones; none of them holds an open
file or a library object, so a render can be tested from a model built by hand and the
cache can pickle what it needs. Derived values are properties, never stored copies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

from journal.core.home import HomeSettings

#: Files the trip loader treats as photos (any depth under photos/), compared lower-case.
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".heic", ".heif", ".png", ".tif", ".tiff", ".webp"})

#: Languages the loader accepts in entry file names when trip.toml does not list its own.
DEFAULT_LANGUAGES: tuple[str, ...] = ("it", "en")


class Severity(StrEnum):
    """An error stops the trip from being published as-is; a warning only loses detail."""

    ERROR = "error"
    WARNING = "warning"


class Note(str):
    """Why a value was not read or not used: it reads as its text, and code decides on `code`.

    A `str` so that messages, tests and caches keep reading it as words; the code (`gps.missing`,
    `file.empty`: a family, a dot, a reason) is what later stages test, so rewording a message
    never changes what journal does."""

    code: str

    def __new__(cls, code: str, text: str) -> Note:
        note = super().__new__(cls, text)
        note.code = code
        return note

    def __reduce__(self) -> tuple[type[Note], tuple[str, str]]:  # photo workers pickle them
        return Note, (self.code, str(self))

    @property
    def family(self) -> str:  # `gps` for `gps.missing`: what the note is about
        return self.code.split(".", 1)[0]


@dataclass(frozen=True)
class Problem:
    """One finding about one file, printed as `<severity>: <path>[:line]: <message>`.

    `code` names the kind of finding (`photo.unusable`, `config.unknown-key`...) for code and
    tests to decide on; the message is for people and may be reworded freely.
    """

    path: Path | None  # None for a problem with the command line itself
    message: str
    line: int | None = None
    severity: Severity = Severity.ERROR
    code: str = ""

    def __str__(self) -> str:
        if self.path is None:
            return f"{self.severity}: {self.message}"
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{self.severity}: {where}: {self.message}"


@dataclass(frozen=True)
class GeoPoint:
    """A WGS84 position in signed decimal degrees; altitude in metres above sea level."""

    lat: float
    lon: float
    alt: float | None = None


class TimeSource(StrEnum):
    """Where a capture time came from, most trusted first."""

    EXIF_OFFSET = "exif-offset"  # DateTimeOriginal + OffsetTimeOriginal
    GPS = "gps"  # GPSDateStamp + GPSTimeStamp, always UTC
    CAMERA_ZONE = "camera-zone"  # DateTimeOriginal read in the zone of where it was taken
    CAMERA_TRIP = "camera-trip"  # DateTimeOriginal read in the trip's timezone


@dataclass(frozen=True)
class Moment:
    """An instant with the wall time it had where it happened.

    `utc` orders everything (route, photos of a day); `local` is what the reader is shown
    and decides which day a photo belongs to.
    """

    utc: dt.datetime
    local: dt.datetime
    source: TimeSource

    @property
    def day(self) -> dt.date:
        return self.local.date()


@dataclass(frozen=True)
class PhotoMeta:
    """What the EXIF of one file says, before the trip's clock and zone rules apply.

    Kept raw (naive camera time, offset string, GPS instant) so the cache can store it and
    the enrich step can re-interpret it when `trip.toml` changes.
    """

    position: GeoPoint | None = None
    camera_time: dt.datetime | None = None  # naive DateTimeOriginal
    camera_offset: str | None = None  # OffsetTimeOriginal, e.g. "+02:00"
    gps_time: dt.datetime | None = None  # aware UTC
    orientation: int = 1
    make: str | None = None
    model: str | None = None
    width: int | None = None
    height: int | None = None
    notes: tuple[Note, ...] = ()  # reasons something was not read, one per problem


@dataclass(frozen=True)
class Photo:
    """A photo of the trip: where it is on disk, what its EXIF said, and when/where it was."""

    path: Path  # absolute path of the original (never published as such)
    name: str  # path relative to the trip's photos/ folder, POSIX separators
    meta: PhotoMeta = field(default_factory=PhotoMeta)
    position: GeoPoint | None = None  # after geotagging, manual positions and privacy rules
    moment: Moment | None = None

    @property
    def stem(self) -> str:
        return Path(self.name).stem

    @property
    def day(self) -> dt.date | None:
        return self.moment.day if self.moment else None


@dataclass(frozen=True)
class EntryText:
    """One language's version of an entry, straight from its Markdown file."""

    lang: str
    path: Path
    title: str
    body: str  # Markdown, front matter removed
    body_line: int  # 1-based line of the file where `body` starts, for error messages
    time: dt.time | dt.datetime | None = None
    location: GeoPoint | None = None
    place: str | None = None
    photos: tuple[str, ...] = ()
    captions: Mapping[str, str] = field(default_factory=dict)
    draft: bool = False
    key_lines: Mapping[str, int] = field(default_factory=dict)  # front matter key -> line


@dataclass(frozen=True)
class Entry:
    """A dated piece of writing, in one or more languages sharing one file stem."""

    date: dt.date
    slug: str
    texts: Mapping[str, EntryText]  # language -> text, in the order the languages are listed
    original_lang: str  # the language it was written in first (the trip's default when both)
    moment: Moment | None = None  # when it was written, if the front matter says
    location: GeoPoint | None = None
    place: str | None = None  # from front matter, or looked up from `location`
    photos: tuple[str, ...] = ()  # names (relative to photos/) of the photos shown with it

    @property
    def stem(self) -> str:
        return f"{self.date.isoformat()}-{self.slug}"

    @property
    def anchor(self) -> str:
        """The id of the entry in a page; stable across languages so links survive."""
        return self.stem

    @property
    def draft(self) -> bool:
        """Every text is a draft: nothing of the entry is published."""
        return all(text.draft for text in self.texts.values())

    def without_drafts(self) -> Entry | None:
        """The entry with its draft texts left out (a draft translation hides itself, not its
        published original); None when every text is a draft."""
        texts = {lang: text for lang, text in self.texts.items() if not text.draft}
        if len(texts) == len(self.texts):
            return self
        if not texts:
            return None
        original = self.original_lang if self.original_lang in texts else next(iter(texts))
        return replace(self, texts=texts, original_lang=original, **shared_fields(texts, original))

    def text(self, lang: str) -> EntryText:
        """The text to show a reader of `lang`: the translation, else the original."""
        return self.texts.get(lang) or self.texts[self.original_lang]

    def caption(self, photo: str, lang: str) -> str | None:
        for text in (self.texts.get(lang), self.texts[self.original_lang]):
            if text and photo in text.captions:
                return text.captions[photo]
        return None


def shared_fields(texts: Mapping[str, EntryText], original: str) -> dict[str, Any]:
    """What an entry takes from its texts: the original's position and place, else the
    first translation's that has one, and the photos of every text."""
    main = texts[original]
    return {
        "location": main.location or next((t.location for t in texts.values() if t.location), None),
        "place": main.place or next((t.place for t in texts.values() if t.place), None),
        "photos": tuple(dict.fromkeys(p for t in texts.values() for p in t.photos)),
    }


@dataclass(frozen=True)
class PrivacyZone:
    """A circle (centre and radius in metres) no published coordinate may fall in."""

    lat: float
    lon: float
    radius_m: float
    name: str = ""


@dataclass(frozen=True)
class Tiles:
    """A tile provider for the live map: a URL template and its required attribution."""

    url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    attribution: str = (
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    )
    name: str = "OpenStreetMap"
    max_zoom: int = 19


@dataclass(frozen=True)
class PhotoOverride:
    """A position given by hand in trip.toml for a photo the phone did not tag."""

    lat: float | None = None
    lon: float | None = None
    place: str | None = None


@dataclass(frozen=True)
class LegMode:
    """trip.toml's `[[legs]]`: between `start` and `end` (aware instants) the trip went by
    `mode` ("ferry", "train", "flight"...): a transfer, unless it is the trip's own mode."""

    start: dt.datetime
    end: dt.datetime
    mode: str


DEFAULT_MODE = "motorbike"  # how a trip goes when trip.toml names no `mode`
#: The means trip.toml may name, with the fastest average (km/h, door to door) each makes
#: plausible: a connector faster than the trip's own is a transfer, not a ride.
MODE_SPEEDS_KMH: Mapping[str, float] = {
    "walk": 8.0,
    "bicycle": 40.0,
    "motorbike": 140.0,
    "car": 140.0,
    "bus": 110.0,
    "ferry": 60.0,
    "train": 320.0,
    "flight": 1000.0,
}


@dataclass(frozen=True)
class TripConfig:
    """trip.toml, validated."""

    default_lang: str
    languages: tuple[str, ...]  # default language first
    timezone: str
    titles: Mapping[str, str]
    privacy_zones: tuple[PrivacyZone, ...] = ()
    private: tuple[str, ...] = ()  # photo names (relative to photos/) never published
    tiles: Tiles = field(default_factory=Tiles)
    clock_offsets: Mapping[str, dt.timedelta] = field(default_factory=dict)  # camera model
    photo_overrides: Mapping[str, PhotoOverride] = field(default_factory=dict)
    geotag_max_gap: dt.timedelta = dt.timedelta(minutes=5)
    description: Mapping[str, str] = field(default_factory=dict)
    dates: tuple[dt.date, dt.date] | None = None  # the trip's first and last day, if fixed
    mode: str = DEFAULT_MODE
    legs: tuple[LegMode, ...] = ()
    front_matter: Mapping[str, Any] = field(default_factory=dict)  # extras for the blog
    draft: bool = False  # kept out of the journal's home, its blog and `render --all`
    video_height: int = 720  # the lines of a clip's web copy (its shorter side)

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles[self.default_lang]


@dataclass(frozen=True)
class JournalSettings:
    """`journal.toml` at the root: settings shared by every trip."""

    blog: Path | None = None
    privacy_zones: tuple[PrivacyZone, ...] = ()
    layout: str = "post"
    theme: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    title_in_body: bool = False  # the blog's layout does not print the title: the post does
    front_matter: Mapping[str, Any] = field(default_factory=dict)  # extras for every trip
    home: HomeSettings = field(default_factory=HomeSettings)  # the journal's home pages


#: Front matter keys journal writes for a trip in a blog from the trip itself, and where the
#: author sets each instead: `[front_matter]` tables may hold any other key, merged in.
JOURNAL_FRONT_MATTER: Mapping[str, str] = {
    "layout": 'layout = "..." in journal.toml',
    "title": "[title] in trip.toml",
    "description": "[description] in trip.toml",
    "date": "the trip's first day (dates = [...] in trip.toml)",
    "lang": "default_lang and languages in trip.toml",
    "alternates": "languages in trip.toml",
    "page_id": "the trip folder's name",
    "journal_trip": "the trip folder's name",
}


@dataclass(frozen=True)
class TrackPoint:  # a point of a GPX track
    lat: float
    lon: float
    alt: float | None = None
    time: dt.datetime | None = None  # aware UTC


@dataclass(frozen=True)
class Waypoint:
    lat: float
    lon: float
    name: str
    time: dt.datetime | None = None


@dataclass(frozen=True)
class Track:
    """One GPX file: its recorded segments (routes count as segments) and named waypoints."""

    path: Path
    name: str
    segments: tuple[tuple[TrackPoint, ...], ...]
    waypoints: tuple[Waypoint, ...] = ()


@dataclass(frozen=True)
class Trip:
    """Everything loaded from one trip folder; nothing here has been written anywhere."""

    slug: str
    path: Path
    config: TripConfig
    entries: tuple[Entry, ...]  # in date (then time, then stem) order
    photos: tuple[Photo, ...]  # in capture order, unknown times last
    tracks: tuple[Track, ...] = ()

    @property
    def languages(self) -> tuple[str, ...]:
        return self.config.languages

    @property
    def days(self) -> tuple[dt.date, ...]:
        return tuple(sorted({e.date for e in self.entries} | {p.day for p in self.photos if p.day}))

    @property
    def span(self) -> tuple[dt.date, dt.date] | None:
        """The trip's first and last day: trip.toml's `dates`, else its first and last dated
        entry or photo (strays are set aside before anything counts days)."""
        if self.config.dates is not None:
            return self.config.dates
        days = self.days
        return (days[0], days[-1]) if days else None

    @cached_property
    def _photos_by_name(self) -> dict[str, Photo]:
        # cached_property writes the instance dict directly, so it works on a frozen dataclass
        return {photo.name: photo for photo in self.photos}

    def photo(self, name: str) -> Photo | None:
        """A photo by its name under photos/ (renders look thousands up)."""
        return self._photos_by_name.get(name)
