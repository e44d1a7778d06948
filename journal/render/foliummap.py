"""Drawing the live maps (a trip's, the journal's lifetime map): the only folium user.

livemap.py and render/home.py decide what a map shows and remember drawn maps; this module
turns routes and markers into Leaflet code, on a cache miss only (importing folium costs up
to a second). Three promises about the output:

- Offline: every script and stylesheet comes from the site's own `assets/vendor/`; Folium's
  default jQuery, Bootstrap and awesome-markers are dropped, so popups and tooltips are bound
  with plain Leaflet calls instead of folium.Popup (which needs jQuery).
- Deterministic: Folium names every element with a random id; ids are renumbered in tree
  order before rendering, so the same route gives byte-identical parts.
- Light: all the lines are one element and all the markers of a style are one element, each
  drawn by a JavaScript loop over one JSON array. Branca compiles every element's output as a
  Jinja template, so one element per marker cost seconds for a few thousand photos, and
  repeated the same code per marker in the page.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from typing import Any

import folium

from journal.core.models import Tiles
from journal.core.route import (
    Bounds,
    LegKind,
    MapMarker,
    PointKind,
    Route,
    RoutePoint,
    bounds,
)
from journal.render.colors import CASING, CASING_OPACITY, day_style
from journal.render.foliumparts import BareMap, Cluster, Layers, Registry, Script, map_parts
from journal.render.mapcontrols import (  # also this map's data
    MARKER_STYLES,
    casings_js,
    ends_js,
    gesture_words,
    gestures_js,
    legend_js,
    links_js,
    script_json,
    tooltip_html,
)
from journal.render.mapspec import (
    CLUSTER_CSS,
    CLUSTER_JS,
    DECIMALS,
    GESTURES_CSS,
    GESTURES_JS,
    LEAFLET_CSS,
    LEAFLET_JS,
    LEGEND_ID,
    MAP_NAME,
    ROUTE_CLASS,
    Frame,
    MapParts,
    TripLine,
    centre_of,
)
from journal.render.playback import leg_days, marker_steps

log = logging.getLogger(__name__)

#: Markers drawn apart from the others: where the route starts and ends.
ENDS = (PointKind.START, PointKind.END, PointKind.START_END)
#: Leaflet options per marker style; the photo style goes into the cluster.
PIN: dict[str, Any] = {}
DOT: dict[str, Any] = {"radius": 5, "weight": 2, "className": "journal-waypoint"}
LINE: dict[str, Any] = {"weight": 4, "opacity": 0.85, "className": ROUTE_CLASS}
#: What a leg that was not recorded changes in LINE: a connector between stops is dashed and
#: lighter (where the road went is not known); a transfer (ferry, train) is dotted and thin.
#: A list, indexed by a row's fifth item (0, recorded, changes nothing).
LEG_KINDS = (LegKind.RECORDED, LegKind.ESTIMATED, LegKind.TRANSFER)
LEG_STYLES: list[dict[str, Any]] = [
    {},
    {"weight": 3, "opacity": 0.6, "dashArray": "6 8"},
    {"weight": 2, "opacity": 0.5, "dashArray": "2 7"},
]


def draw_map(
    route: Route,
    markers: Sequence[MapMarker],
    *,
    tiles: Tiles,
    assets_url: str,
    day_labels: Mapping[dt.date, str],
    legs: Sequence[Sequence[RoutePoint]],
    gestures: Mapping[str, str] | None = None,
) -> MapParts:
    """The map's three parts: the route's `legs` (its segments as drawn: simplified), fitted,
    with markers, the start and finish, the page's legend as a control, gesture handling
    when framed, and what the route playback needs (playback.py) in `window.journalMap`."""
    assets = assets_url.rstrip("/")
    ends = [m for m in markers if m.kind in ENDS]
    markers = [m for m in markers if m.kind not in ENDS]
    frame = Frame.around([p.lon for leg in legs for p in leg] + [m.lon for m in markers])
    rows = _day_rows(route, legs, day_labels, frame)
    drawn = [where for row in rows for where in row[0]]
    box = bounds([*drawn, *(frame.point(m.lat, m.lon) for m in markers)])
    fmap = _new_map(centre_of(box), tiles, assets)
    lines = _add_lines(fmap, rows)
    cluster, groups, order = _add_markers(fmap, markers, assets, frame)
    _fit(fmap, box)
    _add_gestures(fmap, assets, gestures or {})
    Script("Legend", legend_js(MAP_NAME, script_json(LEGEND_ID))).add_to(fmap)
    steps = marker_steps(legs, [markers[i] for i in order])
    Registry(fmap, lines, groups, cluster, script_json([leg_days(route), steps])).add_to(fmap)
    Script("Casings", casings_js(MAP_NAME, CASING, CASING_OPACITY)).add_to(fmap)
    _add_ends(fmap, ends, frame)
    return map_parts(fmap)


def draw_trips_map(
    lines: Sequence[TripLine],
    *,
    tiles: Tiles,
    assets_url: str,
    gestures: Mapping[str, str] | None = None,
) -> MapParts:
    """The journal's lifetime map: each trip's `lines` in its colour, named by its tooltip,
    styled by the kind of leg as on a trip's map; a click opens the trip; fitted to all."""
    assets = assets_url.rstrip("/")
    frame = Frame.around(lon for line in lines for _, lon in line.points)
    rows = [
        [frame.line(line.points), line.color, "", tooltip_html(line.title),
         LEG_KINDS.index(line.kind), ""]
        for line in lines
    ]  # fmt: skip
    box = bounds(where for row in rows for where in row[0])
    fmap = _new_map(centre_of(box), tiles, assets)
    drawn = _add_lines(fmap, rows)
    _fit(fmap, box)
    _add_gestures(fmap, assets, gestures or {})
    Registry(fmap, drawn, [], None, "null").add_to(fmap)
    Script("Links", links_js(script_json([line.href for line in lines]))).add_to(fmap)
    return map_parts(fmap)


def _new_map(centre: tuple[float, float], tiles: Tiles, assets: str) -> folium.Map:
    """A map at `centre` with the vendored Leaflet and the tile layer."""
    fmap = BareMap(location=centre, zoom_start=5, tiles=None)
    fmap.default_js = [("leaflet", f"{assets}/{LEAFLET_JS}")]
    fmap.default_css = [("leaflet_css", f"{assets}/{LEAFLET_CSS}")]
    folium.TileLayer(
        tiles=tiles.url, attr=tiles.attribution, name=tiles.name, max_zoom=tiles.max_zoom
    ).add_to(fmap)
    return fmap


def _fit(fmap: folium.Map, bounds: Bounds | None) -> None:
    if bounds is not None:
        corners = [[round(c, DECIMALS) for c in corner] for corner in bounds]
        folium.FitBounds(corners, padding=(24, 24), max_zoom=15).add_to(fmap)


def _add_gestures(fmap: folium.Map, assets: str, text: Mapping[str, str]) -> None:
    """The vendored gesture-handling plugin, switched on when the map is framed."""
    element = Script("Gestures", gestures_js(MAP_NAME, script_json(gesture_words(text))))
    element.default_js = [("gesture_handling_js", f"{assets}/{GESTURES_JS}")]
    element.default_css = [("gesture_handling_css", f"{assets}/{GESTURES_CSS}")]
    element.add_to(fmap)


def _add_ends(fmap: folium.Map, ends: Sequence[MapMarker], frame: Frame) -> None:
    """Start and finish markers, after the registry that lists them."""
    rows = [[frame.point(m.lat, m.lon), m.kind.value, m.popup_html, m.tooltip] for m in ends]
    Script("RouteEnds", ends_js(MAP_NAME, script_json(rows))).add_to(fmap)


def _day_rows(
    route: Route,
    legs: Sequence[Sequence[RoutePoint]],
    labels: Mapping[dt.date, str],
    frame: Frame,
) -> list[list[Any]]:
    """A row per leg (`legs`: the segments' points as drawn), coloured by its day and styled
    by its kind; a recorded leg of a day past the palette's twelfth dashed."""
    day_index = {day: i for i, day in enumerate(route.days)}
    rows = []
    for segment, points in zip(route.segments, legs, strict=True):
        where = frame.line((p.lat, p.lon) for p in points)
        label = labels.get(segment.day, segment.day.isoformat())
        style, day = LEG_KINDS.index(segment.kind), day_style(day_index[segment.day])
        dash = day.dash if segment.kind is LegKind.RECORDED else ""
        rows.append([where, day.color, "", tooltip_html(label), style, dash])
    return rows


def _add_lines(fmap: folium.Map, rows: list[list[Any]]) -> Layers:
    """One polyline per row: [points, colour, "", tooltip, leg style, dash array]."""
    lines = Layers("PolyLines", "polyline", rows, LINE, "color", fmap, styles=LEG_STYLES)
    lines.add_to(fmap)
    log.debug("map: %d lines, %d vertices", len(rows), sum(len(r[0]) for r in rows))
    return lines


def _add_markers(
    fmap: folium.Map, markers: Sequence[MapMarker], assets: str, frame: Frame
) -> tuple[Cluster | None, list[Layers], list[int]]:
    """Entries as pins, waypoints as dots, photos and clips in a cluster (created only when
    needed); and the markers' order in the registry (pins, dots, photos), as indexes of
    `markers`."""
    pins: list[list[Any]] = []
    dots: list[list[Any]] = []
    photos: list[list[Any]] = []
    order: dict[PointKind, list[int]] = {PointKind.WAYPOINT: [], PointKind.PHOTO: []}
    for number, marker in enumerate(markers):
        kind = PointKind.PHOTO if marker.kind is PointKind.CLIP else marker.kind
        order.setdefault(kind if kind in order else PointKind.ENTRY, []).append(number)
        where = frame.point(marker.lat, marker.lon)
        # A pin's tooltip is also its icon's alt text (what a screen reader says): Leaflet sets
        # alt as a property (text), the tooltip as innerHTML (escaped here, once).
        row = [where, marker.tooltip, marker.popup_html, tooltip_html(marker.tooltip)]
        if marker.kind is PointKind.WAYPOINT:
            dots.append(row)
        elif marker.kind in (PointKind.PHOTO, PointKind.CLIP):  # a clip: its own icon
            photos.append([*row, 1] if marker.kind is PointKind.CLIP else row)
        else:
            pins.append(row)
    groups = []
    if pins:
        groups.append(Layers("Markers", "marker", pins, PIN, "alt", fmap))
    if dots:
        groups.append(Layers("CircleMarkers", "circleMarker", dots, DOT, "", fmap))
    cluster = None
    if photos:
        cluster = Cluster()
        cluster.add_to(fmap)
        cluster.default_js = [("markercluster_js", f"{assets}/{CLUSTER_JS}")]
        cluster.default_css = [
            (f"markercluster_css{i}", f"{assets}/{css}") for i, css in enumerate(CLUSTER_CSS)
        ]
        groups.append(Layers("Markers", "marker", photos, PIN, "alt", cluster, MARKER_STYLES))
    for group in groups:
        group.add_to(fmap)
    ranked = (order.get(PointKind.ENTRY, []), order[PointKind.WAYPOINT], order[PointKind.PHOTO])
    return cluster, groups, [number for numbers in ranked for number in numbers]
