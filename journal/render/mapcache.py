"""Remembering what is drawn from the route: the live maps, the static map and the route
files, each under the key of what it was drawn from, one stored entry each.

Drawing the live map means importing folium (up to a second) and simplifying the whole
route, drawing the static map half a second of projecting coastlines, writing the exports a
tenth; yet after an entry's text is edited the route and the markers are the same as last
time. The key covers everything the drawing reads — journal's and folium's versions, the
drawing code itself, the settings, every marker and every route coordinate — so a hit is
always what would have been drawn. The route is hashed by `core.routehash`, once a render
however many drawings ask: the maps' keys leave the times out (no map draws them), the
exports' keys take every field of every point (`full`).

An entry is a small cache file (`journal.core.cache`) stamped with its key; one that cannot
be read is a miss, never an error. Each drawing (a live map per page language, the static
map, the exports) has one file, replaced on every store, so the folder holds the latest
and does not grow.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from journal import __version__
from journal.core.cache import CacheFile, installed_version
from journal.core.route import MapMarker, Route
from journal.core.routehash import route_digest

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
