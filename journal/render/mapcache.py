"""Remembering drawn maps: the key of what a map was drawn from, and one stored entry per map.

Drawing the live map means importing folium (up to a second) and simplifying the whole
route, yet after an entry's text is edited the route and the markers are the same as last
time. The key covers everything the drawing reads — journal's and folium's versions, the
drawing code itself, the settings, every marker and every route coordinate — so a hit is
always the map that would have been drawn. Route coordinates are hashed as packed doubles
(100,000 points in about 10 ms; pickling the route takes far longer). Their times are not
part of the key: the map never draws them.

An entry is a small JSON cache file (`journal.core.cache`) stamped with its key; one that
cannot be read is a miss, never an error. Each map (one per page language) has one file,
replaced on every store, so the folder holds the latest maps and does not grow.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import logging
from array import array
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from journal import __version__
from journal.core.cache import CacheFile
from journal.core.route import MapMarker, Route, RoutePoint

log = logging.getLogger(__name__)

FOLDER = "maps"


def map_key(
    route: Route,
    markers: Sequence[MapMarker],
    *,
    settings: Iterable[object],
    sources: Iterable[Path],
) -> str:
    """A hash of everything a map is drawn from: `settings` are compared by their repr,
    `sources` (the drawing code) by their bytes."""
    digest = hashlib.sha256(f"journal {__version__}\nfolium {_folium_version()}\n".encode())
    for source in sources:
        code = source.read_bytes()
        digest.update(f"{source.name} {len(code)}\n".encode())
        digest.update(code)
    for setting in settings:
        digest.update(f"{setting!r}\n".encode())
    for segment in route.segments:
        leg = f"{segment.day.isoformat()} {segment.kind} {segment.mode}"
        digest.update(f"segment {leg} {len(segment.points)}\n".encode())
        digest.update(_packed(segment.points))
    digest.update(f"stops {len(route.stops)}\n".encode())  # they widen the fitted bounds
    digest.update(_packed(route.stops))
    rows = [[m.lat, m.lon, m.kind.value, m.popup_html, m.tooltip] for m in markers]
    digest.update(json.dumps(rows).encode())
    return digest.hexdigest()


def _packed(points: Sequence[RoutePoint]) -> bytes:
    """Latitudes and longitudes as raw doubles: exact, and cheap for 100,000 points."""
    return array("d", [c for p in points for c in (p.lat, p.lon)]).tobytes()


@functools.cache
def _folium_version() -> str:
    """folium's installed version, read from its metadata without importing it."""
    try:
        return importlib.metadata.version("folium")
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def entry_path(folder: Path, name: str) -> Path:
    """The file of the map called `name` (its assets URL): any text makes a safe file name."""
    return folder / FOLDER / f"{hashlib.sha256(name.encode()).hexdigest()[:16]}.json"


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
