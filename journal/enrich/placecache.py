"""The gazetteer's answers remembered between renders: an unchanged route loads no gazetteer.

Building the packed gazetteer costs seconds once, opening it tens of milliseconds, and a route
asks the same coordinates again after an entry's text is edited. So does the time zone of
every photo, whose first answer costs tzfpy's 50 ms of loading. See `PlaceCache` for why
answers are keyed by exact coordinates.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from journal import __version__
from journal.core.cache import CacheFile, installed_version
from journal.core.route import Place
from journal.enrich.placeindex import source_stamp
from journal.enrich.places import (
    MAX_TOWN_DISTANCE_KM,
    find_place,
    largest_place,
    nearest_place,
    zone_at,
)

log = logging.getLogger(__name__)

#: The cache file of gazetteer answers in a trip's cache folder.
CACHE_FILE = "places.cache"
CACHE_FORMAT = 4  # 2: places carry their time zone; 3: time zones of positions; 4: names


class PlaceCache:
    """`nearest_place` and `find_place` answers remembered in a file between renders.

    Answers are keyed by the exact coordinate asked (and `max_km`), not a rounded one, so they
    always equal the gazetteer's: with rounding, a point between two towns could be named
    after the other one, depending on the cache. An unchanged route asks the same coordinates
    again and loads no gazetteer. `save` writes back only the answers of the kinds (nearest,
    find) asked since the cache was opened, so the file follows the route instead of growing
    with every edit of it. The cache is a hint: a missing, corrupt or older file is ignored.
    Without a file it still answers each question once per object.
    """

    def __init__(self, cache_file: Path | None = None) -> None:
        self.cache_file = cache_file
        self._file = CacheFile(cache_file, "place", cache_stamp())
        data = self._file.read_json()
        self._known = _load_answers(data, cache_file)
        self._asked: dict[str, Place | None] = {}
        self._looked_up = 0
        zones = (data or {}).get("zones")
        self._zones_known: dict[str, str | None] = zones if isinstance(zones, dict) else {}
        self._zones_asked: dict[str, str | None] = {}

    def nearest(self, lat: float, lon: float, max_km: float = MAX_TOWN_DISTANCE_KM) -> Place | None:
        """`nearest_place(lat, lon, max_km)`, from the cache when it was asked before."""
        key = f"nearest {lat!r} {lon!r} {max_km!r}"
        return self._answer(key, lambda: nearest_place(lat, lon, max_km))

    def largest(self, lat: float, lon: float, km: float) -> Place | None:
        """`largest_place(lat, lon, km)`, from the cache when it was asked before."""
        key = f"largest {lat!r} {lon!r} {km!r}"
        return self._answer(key, lambda: largest_place(lat, lon, km))

    def find(self, name: str, country: str | None = None) -> Place | None:
        """`find_place(name, country)`, from the cache when it was asked before."""
        key = f"find {name}\t{country or ''}"
        return self._answer(key, lambda: find_place(name, country))

    def zone_at(self, lat: float, lon: float) -> str | None:
        """`zone_at(lat, lon)`, from the cache when it was asked before."""
        key = f"{lat!r} {lon!r}"
        if key not in self._zones_asked:
            known = self._zones_known.get(key, "")
            if known == "" or not isinstance(known, str | None):
                known = zone_at(lat, lon)
                self._looked_up += 1
            self._zones_asked[key] = known
        return self._zones_asked[key]

    def _answer(self, key: str, look_up: Callable[[], Place | None]) -> Place | None:
        if key in self._asked:
            return self._asked[key]
        if key in self._known:
            place = self._known[key]
        else:
            place = look_up()
            self._looked_up += 1
        self._asked[key] = place
        return place

    def save(self) -> None:
        """Write the answers back if anything changed; a cache that cannot be written only
        costs speed next time."""
        if self.cache_file is None:
            return
        kinds = {key.split(" ", 1)[0] for key in self._asked}
        kept = {k: v for k, v in self._known.items() if k.split(" ", 1)[0] not in kinds}
        answers = kept | self._asked
        zones = self._zones_asked or self._zones_known  # the positions asked, when any were
        same = answers.keys() == self._known.keys() and zones.keys() == self._zones_known.keys()
        if not self._looked_up and same:
            return
        log.debug("remembering %s gazetteer answers in %s", len(answers), self.cache_file)
        places = list(dict.fromkeys(p for p in answers.values() if p is not None))
        index = {place: number for number, place in enumerate(places)}
        body = {
            "places": [[p.name, p.country, p.lat, p.lon, p.zone, p.names] for p in places],
            "answers": {k: None if p is None else index[p] for k, p in answers.items()},
            "zones": zones,
        }
        self._file.write_json(body)


def cache_stamp() -> dict[str, Any]:
    """What the answers depend on: another gazetteer or other zone polygons change them."""
    return {
        "format": CACHE_FORMAT,
        "journal": __version__,
        "gazetteer": source_stamp(),
        "zones": installed_version("tzfpy"),
    }


def _load_answers(data: dict[str, Any] | None, path: Path | None) -> dict[str, Place | None]:
    if data is None:
        return {}
    try:
        places = [
            Place(str(n), str(c), float(lat), float(lon), str(z), tuple(map(_pair, names)))
            for n, c, lat, lon, z, names in data["places"]
        ]
        return {
            str(key): None if number is None else places[number]
            for key, number in data["answers"].items()
        }
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        log.info("ignoring the place cache %s: %s", path, exc)
        return {}


def _pair(item: list[str]) -> tuple[str, str]:
    key, name = item
    return str(key), str(name)
