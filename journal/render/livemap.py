"""The live map: a Leaflet map of the route and its markers, as page parts, remembered.

This module decides how much of the route the browser gets and hands the drawing to
foliummap.py, the only module that imports folium; what the map is made of (the vendored
files it loads, its names, its precision) is mapspec.py's. A drawn map is kept in the trip's
cache folder under a key of everything it was drawn from, so a render after editing one
entry's text imports no folium and draws nothing when the route and the markers are unchanged.

It returns strings; the theme's map template places them in the page. The map promises
(offline, deterministic, `window.journalMap` for scripts and tests) are foliummap's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from journal.core.models import Tiles
from journal.core.route import MapMarker, Route, RoutePoint
from journal.enrich.route import simplify
from journal.render import mapcache
from journal.render.mapspec import PARTS, MapParts

log = logging.getLogger(__name__)

#: How far (metres) the drawn line may stray from the recorded track. A consumer GPS fix is
#: good to 3-5 m in the open and 10 m or worse in valleys and under trees, and a road with
#: its verges is about 10 m wide: at 10 m the line stays on the road the rider took, and on
#: screen the difference is under a pixel up to zoom 13 (13.5 m a pixel at 45° N) and 3 px at
#: zoom 15, the closest fitBounds goes. Measured on a 100,000-point, 30-day ride: 5 m keeps
#: 24,867 points, a map.html of about 0.49 MB, at the 0.5 MB limit before a single photo is
#: added; 10 m keeps 15,925 points and 0.32 MB. The exports (route.gpx, route.geojson) keep
#: every point for whoever needs the exact track, up to `exports.EXPORT_MAX_POINTS`.
SIMPLIFY_M = 10.0

#: The modules whose code decides the drawn map: a change to any of them is a new key.
DRAWING_SOURCES = (
    "render/livemap.py",
    "render/mapspec.py",
    "render/foliummap.py",
    "render/mapcontrols.py",
    "enrich/route.py",
    "render/colors.py",
    "render/playback.py",
)


_simplified: dict[float, tuple[Route, list[list[RoutePoint]]]] = {}


def simplified(route: Route, simplify_m: float) -> list[list[RoutePoint]]:
    """Each leg of the route simplified to `simplify_m` metres: done once for the last route
    asked, as every language's map of one render draws the same lines."""
    kept = _simplified.get(simplify_m)
    if kept is None or kept[0] is not route:
        kept = route, [simplify(segment.points, simplify_m) for segment in route.segments]
        _simplified.clear()
        _simplified[simplify_m] = kept
    return kept[1]


def render_map(
    route: Route,
    markers: Sequence[MapMarker],
    *,
    tiles: Tiles,
    assets_url: str,
    day_labels: Mapping[dt.date, str] | None = None,
    gestures: Mapping[str, str] | None = None,
    simplify_m: float = SIMPLIFY_M,
    cache_dir: Path | None = None,
) -> MapParts:
    """Draw the route (simplified to `simplify_m` metres) and markers, fitted to the route.

    `day_labels` name each day's line; `gestures` are the hints shown when a framed map is
    scrolled over or touched with one finger (the plugin's own English words otherwise).
    With `cache_dir`, the parts are read from there when nothing they depend on changed, and
    kept there otherwise: one entry per `assets_url` (one per page language), the latest."""
    labels = dict(day_labels or {})
    hints = dict(gestures or {})
    key = ""
    if cache_dir is not None:
        package = Path(__file__).resolve().parents[1]
        sources = [package / name for name in DRAWING_SOURCES]
        settings = (repr(tiles), assets_url, repr(sorted(labels.items())), simplify_m)
        key = mapcache.map_key(
            route, markers, settings=(*settings, repr(sorted(hints.items()))), sources=sources
        )
        if (cached := mapcache.load(cache_dir, assets_url, key, PARTS)) is not None:
            log.debug("map for %s: unchanged, from the cache", assets_url)
            return MapParts(**cached)

    from journal.render.foliummap import draw_map  # folium is imported on a cache miss only

    parts = draw_map(
        route,
        markers,
        tiles=tiles,
        assets_url=assets_url,
        day_labels=labels,
        gestures=hints,
        legs=simplified(route, simplify_m),
    )
    if cache_dir is not None:
        mapcache.store(cache_dir, assets_url, key, dataclasses.asdict(parts))
    return parts
