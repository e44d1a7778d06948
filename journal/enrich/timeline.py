"""When and where each photo and entry happened: the first enrichment of a loaded trip.

A loaded trip holds what its files say. This step applies the trip's rules to it: the order of
trust between capture times and per-camera clock offsets (clock.py), positions given by hand
in trip.toml, positions from the GPX tracks recorded at the same time (geotag.py), and the
time zone of where an entry was written. Every photo that lost something gets exactly one
warning line: its reasons, then what they mean for the travelogue.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

from journal.core.errors import Report
from journal.core.mediaplan import PublishedNames, published_files
from journal.core.models import Entry, GeoPoint, Note, Photo, Trip, TripConfig
from journal.enrich.clock import entry_moment, resolve_moment
from journal.enrich.geotag import TrackIndex
from journal.enrich.placecache import PlaceCache
from journal.enrich.places import find_place
from journal.enrich.strays import STRAY, set_aside_strays

_FAR = dt.datetime.max.replace(tzinfo=dt.UTC)
#: The code of the warning about a photo with less than a time and a position.
INCOMPLETE = "photo.incomplete"


def enrich_trip(trip: Trip, report: Report, place_cache: Path | None = None) -> Trip:
    """The trip with every photo and entry placed in time and space, strays set aside.

    `place_cache` is the file where gazetteer answers are remembered between renders (see
    placecache.py): entries that name a place get its position from there."""
    places = PlaceCache(place_cache)
    entries = tuple(date_entries(trip, report, places))
    placing = Report()  # held back: a stray's own warning says all there is to say of it
    photos = tuple(place_photos(trip, placing, places))
    places.save()
    straying = Report()
    enriched = set_aside_strays(replace(trip, entries=entries, photos=photos), straying)
    strays = {p.path for p in straying if p.code == STRAY}
    report.extend(p for p in placing if p.code != INCOMPLETE or p.path not in strays)
    report.extend(straying)
    return enriched


def date_entries(trip: Trip, report: Report, places: PlaceCache | None = None) -> list[Entry]:
    """Entries with the instant they were written, in date, time, then stem order."""
    places = places or PlaceCache()
    dated = []
    for entry in trip.entries:
        main = entry.texts[entry.original_lang]
        moment = entry_moment(entry.date, main, trip.config.timezone, places.zone_at)
        if moment and moment.local.date() != entry.date:
            where = f"falls on {moment.local.date()}, not {entry.date}"
            report.warn(main.path, f"time {main.time} {where}", code="entry.time-off-day")
        location = _entry_location(entry, report, places)
        dated.append(replace(entry, moment=moment, location=location))
    dated.sort(key=lambda e: (e.date, e.moment.utc if e.moment else _FAR, e.stem))
    return dated


def _entry_location(entry: Entry, report: Report, places: PlaceCache) -> GeoPoint | None:
    """Where an entry was written: its `location`, else the position of its `place`."""
    if entry.location is not None or not entry.place:
        return entry.location
    found = places.find(entry.place)
    if found is not None:
        return GeoPoint(found.lat, found.lon)
    main = next((t for t in entry.texts.values() if t.place), entry.texts[entry.original_lang])
    report.warn(
        main.path,
        f"place {entry.place!r} is not in the offline gazetteer; not on the map: give its "
        "position as location: {lat: 45.92, lon: 6.87} in the front matter",
        main.key_lines.get("place"),
        code="entry.unknown-place",
    )
    return None


def place_photos(trip: Trip, report: Report, places: PlaceCache | None = None) -> list[Photo]:
    """Photos with a final time and position, in capture order (unknown times last); the time
    zones of their positions come from `places` (remembered between renders).

    Two photos or clips whose published files would share a name (`a/x.jpg`, `a-x.jpg`;
    `IMG_1.jpg` and `img_1.JPG` on a case-blind disk) cannot both be published: the second
    is left out with a warning naming the first.
    """
    index = _LazyIndex(trip)
    places = places or PlaceCache()
    photos = []
    names = PublishedNames()
    shown = shown_by_entries(trip)
    for photo in trip.photos:
        taken = names.claim(photo.name, published_files(photo.name))
        if taken is not None:
            first = f"photos/{taken[1]} ({taken[0]})"
            report.warn(photo.path, f"same published name as {first}; not published",
                        code="photo.name-taken")  # fmt: skip
            continue
        placed, reasons = _place(photo, trip, index, report, places)
        if reasons:
            consequence = _consequence(placed, placed.name in shown)
            words = "; ".join(x for x in (", ".join(reasons), consequence) if x)
            report.warn(photo.path, words, code=INCOMPLETE)
        photos.append(placed)
    photos.sort(key=lambda p: (p.moment.utc if p.moment else _FAR, p.name))
    return photos


class _LazyIndex:
    """The tracks' `TrackIndex`, built when a photo first needs a position from them: a trip
    of phone photos (every one with its GPS) never needs it."""

    def __init__(self, trip: Trip) -> None:
        self.trip = trip
        self.built: TrackIndex | None = None

    def geotag(self, utc: dt.datetime, max_gap: dt.timedelta) -> GeoPoint | None:
        if not self.trip.tracks:
            return None
        if self.built is None:
            self.built = TrackIndex(self.trip.tracks)
        return self.built.geotag(utc, max_gap)


def _place(
    photo: Photo, trip: Trip, index: _LazyIndex, report: Report, places: PlaceCache
) -> tuple[Photo, list[str]]:
    """One photo in time and space, and every reason it has less than both."""
    config, meta = trip.config, photo.meta
    reasons: list[str] = list(meta.notes)
    position = _override(photo.name, config, trip, report) or meta.position
    offset = config.clock_offsets.get(meta.model or "") if meta.model else None
    moment, time_reasons = resolve_moment(
        meta, trip_zone=config.timezone, clock_offset=offset, zone_at=places.zone_at
    )
    reasons.extend(time_reasons)
    if position is None and moment is not None:
        position = index.geotag(moment.utc, config.geotag_max_gap)
    if position is not None:  # placed by hand or from a track: GPS problems no longer matter
        reasons = [r for r in reasons if not _about_position(r)]
    elif not reasons:
        reasons.append("no GPS position")
    if not reasons and moment is None:
        reasons.append("no capture time")
    return replace(photo, position=position, moment=moment), reasons


def _override(name: str, config: TripConfig, trip: Trip, report: Report) -> GeoPoint | None:
    """The position trip.toml gives a photo by hand: coordinates, or a place to look up."""
    override = config.photo_overrides.get(name)
    if override is None:
        return None
    if override.lat is not None and override.lon is not None:
        return GeoPoint(override.lat, override.lon)
    if not override.place:
        return None
    place = find_place(override.place)
    if place is None:
        message = f'[photos."{name}"] unknown place {override.place!r}'
        report.error(trip.path / "trip.toml", message, code="config.unknown-place")
        return None
    return GeoPoint(place.lat, place.lon)


def _about_position(reason: str) -> bool:
    return isinstance(reason, Note) and reason.family == "gps"


def shown_by_entries(trip: Trip) -> set[str]:
    """The photos an entry shows whatever their time: listed under `photos:`, or written in
    its text as `![...](photos/NAME)` (or a link or raw image pointing there)."""
    shown: set[str] = set()
    for entry in trip.entries:
        for text in entry.texts.values():
            shown.update(text.photos)
            shown.update(unquote(m[1] or m[2]) for m in _IN_TEXT.finditer(text.body))
    return shown


#: A photo in an entry's Markdown or raw HTML: `](photos/x.jpg)`, `src="photos/x.jpg"`.
_IN_TEXT = re.compile(r"\]\(\s*<?photos/([^)\s>]+)|(?:src|href)=[\"']photos/([^\"']+)")


def _consequence(photo: Photo, in_entry: bool) -> str:
    """What a photo's missing time or position means for the page: one shown by an entry is
    in that entry whatever its time (what `journal check` says is what the page does)."""
    if in_entry:
        return "" if photo.position else "shown in its entry, not on the map"
    if photo.position is None and photo.moment is None:
        return "not on the map and in no day's entry: listed at the end of the travelogue"
    if photo.position is None:
        return "shown in its day's entry, not on the map"
    if photo.moment is None:
        return "shown on the map, not in any day's entry"
    return ""
