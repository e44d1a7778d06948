"""Where a new entry is written: only from what the rider says or from a fresh photo.

`--at LAT,LON` is a position and names its nearest village; `--place NAME` is a name, and a
name the gazetteer knows gives the position too; else a photo taken in the last few hours
(`RECENT`) tells where the rider is. Never a photo marked private, never a name for a
position inside a privacy zone (the name would say what the zone hides). The time zone comes
from the same place, offline, so the entry's time is the local time where it was written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zoneinfo
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from journal.core.errors import JournalError
from journal.load.root import cache_dir, gazetteer_dir

if TYPE_CHECKING:
    from journal.core.route import Place

#: How long before an entry a photo may have been taken to tell where the entry is written.
RECENT = dt.timedelta(hours=3)


class Whereabouts(NamedTuple):
    """What is known of where an entry is written; `zone` is an IANA time zone."""

    location: tuple[float, float] | None = None
    place: str | None = None
    zone: str | None = None
    zone_from: str = ""  # what told the zone, for the rider: "--at", "Mantua, IT", "a photo"


def parse_at(text: str) -> tuple[float, float]:
    """`--at 45.16,10.79` (also with a space or a semicolon)."""
    parts = [p for p in re.split(r"[,;\s]+", text.strip()) if p]
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise JournalError(
            None, f"invalid --at {text!r}: use LAT,LON such as 45.16,10.79", code="new.at"
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise JournalError(
            None, f"invalid --at {text!r}: latitude or longitude out of range", code="new.at"
        )
    return lat, lon


class Clues(NamedTuple):
    """What `journal new` was told, and the state of the trip it writes into."""

    root: Path
    trip_dir: Path | None  # None: a trip created now (no photos, no zones of its own yet)
    at: str | None
    place: str | None
    lang: str
    now: dt.datetime
    fresh: bool  # the entry is today's: a photo of the last hours may say where it is
    zone_hint: str | None = None  # the trip's zone (this machine's for a new trip): near where
    # the rider is, give or take an hour
    say: Callable[[str], None] = lambda _: None  # a line for the rider while he waits


def locate(clues: Clues) -> Whereabouts:
    """The entry's position, place name and time zone: from `--at`, else the place `--place`
    names, else a photo of the last hours (which only names the place and its zone: its
    position is on the map already)."""
    at = parse_at(clues.at) if clues.at else None
    known = _find(clues, clues.place) if clues.place else None
    named = (known.lat, known.lon) if known is not None else None
    if named is not None and _in_zone(clues, named):
        named = None  # the rider's word stays; the position would only be hidden again
    photo = None
    if at is None and named is None and clues.fresh and clues.trip_dir is not None:
        photo = newest_photo_position(clues.root, clues.trip_dir, clues.now)
    place = clues.place or _place_near(clues, at or photo)
    if at is not None:
        return Whereabouts(at, place, _zone_at(at), "--at")
    if photo is not None:
        return Whereabouts(None, place, _zone_at(photo), "a photo")
    if known is not None:
        return Whereabouts(named, place, known.zone or None, f"{known.name}, {known.country}")
    return Whereabouts(None, place)


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
    the zone of the entry, where the rider is)."""
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


def _gazetteer(clues: Clues) -> Path:
    """Open the gazetteer where the commands keep it, telling the rider when it must be
    built first (once per machine, a few seconds: `journal init` does it beforehand)."""
    from journal.enrich import placeindex
    from journal.enrich.places import keep_index_in

    folder = gazetteer_dir(clues.root)
    keep_index_in(folder)
    if not placeindex.is_built(folder):
        clues.say("preparing the offline gazetteer, once for this machine (a few seconds)")
    return folder


#: How far apart (in hours) the clocks of a trip and of a place `--place` names may be for
#: the place to be taken for the one meant: `Bard` in the Aosta valley, not the Barda of
#: Azerbaijan (two hours further east, and more populous) that GeoNames also calls Bard.
PLAUSIBLE_HOURS = 1


def _find(clues: Clues, name: str) -> Place | None:
    """The place the gazetteer knows by `name`: among those whose clocks are within an hour
    of the hint's, one so named outright before one also so called, then the most populous.
    None, said to the rider, when the only ones it knows are far away: his words are kept,
    without a position."""
    from journal.enrich.placeindex import fold
    from journal.enrich.places import find_places

    _gazetteer(clues)
    candidates = find_places(name)
    hint = _offset(clues.now, clues.zone_hint) if clues.zone_hint else None
    near = [
        place
        for place in candidates
        if hint is None
        or (offset := _offset(clues.now, place.zone)) is None
        or abs(offset - hint) <= PLAUSIBLE_HOURS
    ]
    if near:  # a place called so outright before one that is also called so (Bard, Barda)
        return min(near, key=lambda place: fold(place.name) != fold(name))
    if candidates:
        far = candidates[0]
        clues.say(
            f"--place {name!r}: the gazetteer knows only {far.name} ({far.country}, "
            f"{far.zone}), far from this trip's clocks; no position written (--at LAT,LON "
            "gives one)"
        )
    return None


def local_time(now: dt.datetime, zone: str | None) -> dt.datetime | None:
    """`now` on the clocks of `zone`; None for no zone or one this machine does not know
    (`journal check` names a bad `timezone`)."""
    try:
        return now.astimezone(zoneinfo.ZoneInfo(zone)) if zone else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _offset(now: dt.datetime, zone: str) -> float | None:
    """Hours from UTC on the clocks of `zone` at `now`; None for a zone not known here."""
    local = local_time(now, zone)
    delta = local.utcoffset() if local is not None else None
    return delta.total_seconds() / 3600 if delta is not None else None


def _place_near(clues: Clues, position: tuple[float, float] | None) -> str | None:
    """The name of the place nearest a position, in the entry's language where CLDR names it
    (kept by `journal init` or `render`); None far from any place and inside a privacy zone
    (the place would say what the zone hides)."""
    if position is None or _in_zone(clues, position):
        return None
    from journal.enrich.placenames import local_name
    from journal.enrich.places import nearest_place

    folder = _gazetteer(clues)
    place = nearest_place(*position)
    return local_name(_city_of(place), clues.lang, folder) if place else None


#: A numbered district of a city, as GeoNames lists some: `Paris 04 Hôtel-de-Ville`,
#: `Zürich (Kreis 1) / Lindenhof`, `Lyon 01`; the group is the city's name.
_DISTRICT = re.compile(r"^(?P<city>\D+?)\s+(?:\(\D*\d|\d)")
#: How far from its district a city's centre may be.
DISTRICT_KM = 15.0


def _city_of(place: Place) -> Place:
    """The city a numbered district belongs to, as a rider names where he is: `Parigi`, not
    `Paris 04 Hôtel-de-Ville`. Named quarters (Trevi, Mitte) keep their names."""
    from journal.core.geo import haversine_m
    from journal.enrich.places import find_place

    match = _DISTRICT.match(place.name)
    city = find_place(match["city"], place.country) if match else None
    if city is None or haversine_m(place.lat, place.lon, city.lat, city.lon) > DISTRICT_KM * 1000:
        return place
    return city


def _zone_at(position: tuple[float, float]) -> str | None:
    from journal.enrich.places import zone_at

    return zone_at(*position)


def _in_zone(clues: Clues, position: tuple[float, float]) -> bool:
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
    tomls = [clues.root / "journal.toml"]
    if clues.trip_dir is not None:
        tomls.insert(0, clues.trip_dir / "trip.toml")
    for toml in tomls:
        data = read_toml(toml, Report()) if toml.is_file() else {}
        if data is None:
            return True
        for raw in data.get("privacy_zones", []):
            try:
                lat, lon, radius = (float(raw[key]) for key in ("lat", "lon", "radius_m"))
            except (KeyError, TypeError, ValueError):
                return True
            zones.append(PrivacyZone(lat, lon, radius))
    return bool(zones) and hidden(*position, veil_all(zones, privacy_secret(clues.root)))
