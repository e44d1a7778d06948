"""Remembering what is drawn from the route: the live maps, the static map and the route
files, each under the key of what it was drawn from, one stored entry each.

Drawing the live map means importing folium (up to a second) and simplifying the whole
route, drawing the static map half a second of projecting coastlines, writing the exports a
tenth; yet after an entry's text is edited the route and the markers are the same as last
time. The key covers everything the drawing reads — journal's and folium's versions, the
drawing code itself, the settings, every marker and every route coordinate — so a hit is
always what would have been drawn. Route coordinates are hashed as packed doubles
(100,000 points in about 10 ms; pickling the route takes far longer), once a render however
many drawings ask. The maps' keys leave the times out (no map draws them); the exports'
keys take every field of every point (`full`).

An entry is a small cache file (`journal.core.cache`) stamped with its key; one that cannot
be read is a miss, never an error. Each drawing (a live map per page language, the static
map, the exports) has one file, replaced on every store, so the folder holds the latest
and does not grow.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from journal import __version__
from journal.core.cache import CacheFile, installed_version
from journal.core.route import MapMarker, Route, RoutePoint

log = logging.getLogger(__name__)

FOLDER = "maps"


def map_key(
    route: Route,
    markers: Sequence[MapMarker],
    *,
    settings: Iterable[object],
    sources: Iterable[Path],
    full: bool = False,
) -> str:
    """A hash of everything a map is drawn from: `settings` are compared by their repr,
    `sources` (the drawing code) by their bytes; with `full`, the route's every field."""
    digest = hashlib.sha256(
        f"journal {__version__}\nfolium {installed_version('folium')}\n".encode()
    )
    for source in sources:
        code = source.read_bytes()
        digest.update(f"{source.name} {len(code)}\n".encode())
        digest.update(code)
    for setting in settings:
        digest.update(f"{setting!r}\n".encode())
    digest.update(route_digest(route, full=full))
    rows = [[m.lat, m.lon, m.kind.value, m.popup_html, m.tooltip] for m in markers]
    digest.update(json.dumps(rows).encode())
    return digest.hexdigest()


_digests: dict[bool, tuple[Route, bytes]] = {}  # full or not -> the last route and its hash


def route_digest(route: Route, *, full: bool = False) -> bytes:
    """A hash of the route's legs and stops: their coordinates, or with `full` every field
    (heights, times, references, days). Remembered for the last route asked, as every map
    and export of one render asks about the same route; the full hash goes on from the
    coordinates' (one pass over the points for both)."""
    kept = _digests.get(full)
    if kept is not None and kept[0] is route:
        return kept[1]
    if full:
        digest = hashlib.sha256(route_digest(route))
        for points in [*(s.points for s in route.segments), route.stops]:
            digest.update(_details(points))
    else:
        digest = hashlib.sha256()
        for segment in route.segments:
            leg = f"{segment.day.isoformat()} {segment.kind} {segment.mode}"
            digest.update(f"segment {leg} {len(segment.points)}\n".encode())
            digest.update(_packed(segment.points))
        digest.update(f"stops {len(route.stops)}\n".encode())  # they widen the fitted bounds
        digest.update(_packed(route.stops))
    _digests[full] = route, digest.digest()
    return _digests[full][1]


def _packed(points: Sequence[RoutePoint]) -> bytes:
    """Latitudes and longitudes as raw doubles: exact, and cheap for 100,000 points."""
    return array("d", [c for p in points for c in (p.lat, p.lon)]).tobytes()


def _details(points: Sequence[RoutePoint]) -> bytes:
    """Heights and times as raw doubles (NaN for none), then each run of points sharing a
    kind, a reference and a day, by where it starts (a run is most of a track)."""
    nan = math.nan
    numbers = array(
        "d",
        [
            c
            for p in points
            for c in (
                nan if p.alt is None else p.alt,
                nan if p.time is None else p.time.timestamp(),
            )
        ],
    )
    runs, last = [], None
    for index, point in enumerate(points):
        if (here := (point.kind, point.ref, point.day)) != last:
            runs.append(f"{index} {point.kind} {point.ref} {point.day}")
            last = here
    return numbers.tobytes() + "\n".join(runs).encode()


def remembered(
    folder: Path | None, name: str, key: str, make: Callable[[], dict[str, bytes]]
) -> dict[str, bytes]:
    """The files `make` returns, read back from entry `name` when they were made with `key`;
    made (and kept, replacing the entry) otherwise."""
    if folder is None:
        return make()
    cache = CacheFile(entry_path(folder, name, ".bin"), "drawing", {"key": key})
    files = cache.read_files()
    if files is None:
        files = make()
        cache.write_files(files)
    return files


def entry_path(folder: Path, name: str, suffix: str = ".json") -> Path:
    """The file of the map called `name` (its assets URL): any text makes a safe file name."""
    return folder / FOLDER / f"{hashlib.sha256(name.encode()).hexdigest()[:16]}{suffix}"


def _cache(folder: Path, name: str, key: str) -> CacheFile:
    return CacheFile(entry_path(folder, name), "map", {"key": key})


def load(folder: Path, name: str, key: str, fields: Sequence[str]) -> dict[str, str] | None:
    """The stored `fields` of map `name` if it was drawn with `key`; None for a miss, a
    missing, stale or unreadable entry alike."""
    data = _cache(folder, name, key).read_json()
    if data is None:
        return None
    parts = data.get("parts")
    if not isinstance(parts, dict) or sorted(parts) != sorted(fields):
        log.debug("map cache for %s malformed, drawing again", name)
        return None
    if not all(isinstance(value, str) for value in parts.values()):
        return None
    return parts


def store(folder: Path, name: str, key: str, parts: Mapping[str, str]) -> None:
    """Keep map `name`, replacing its previous entry (one file per map, the latest)."""
    _cache(folder, name, key).write_json({"parts": dict(parts)})
