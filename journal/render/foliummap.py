"""Drawing the live map with Folium: the only module that imports folium.

livemap.py decides what the map shows and remembers drawn maps; this module turns a route
and its markers into Leaflet code, on a cache miss only (importing folium costs up to a
second). Three promises about the output:

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
import html
import itertools
import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.template import Template

from journal.core.models import Tiles
from journal.core.route import LegKind, MapMarker, PointKind, Route, RoutePoint, bounds
from journal.render.colors import day_color
from journal.render.mapcontrols import MARKER_STYLES, ends_js, gesture_words, gestures_js, legend_js
from journal.render.mapspec import (
    CLUSTER_CSS,
    CLUSTER_JS,
    DECIMALS,
    EUROPE,
    GESTURES_CSS,
    GESTURES_JS,
    LEAFLET_CSS,
    LEAFLET_JS,
    LEGEND_ID,
    MAP_NAME,
    ROUTE_CLASS,
    MapParts,
)

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
    with markers, the start and finish, the page's legend as a control and gesture handling
    when framed."""
    assets = assets_url.rstrip("/")
    fmap = _Map(location=_centre(route, markers), zoom_start=5, tiles=None)
    fmap.default_js = [("leaflet", f"{assets}/{LEAFLET_JS}")]
    fmap.default_css = [("leaflet_css", f"{assets}/{LEAFLET_CSS}")]
    folium.TileLayer(
        tiles=tiles.url, attr=tiles.attribution, name=tiles.name, max_zoom=tiles.max_zoom
    ).add_to(fmap)

    ends = [m for m in markers if m.kind in ENDS]
    markers = [m for m in markers if m.kind not in ENDS]
    lines = _add_lines(fmap, route, legs, day_labels)
    cluster, groups = _add_markers(fmap, markers, assets)
    box = route.bounds or bounds(markers)
    if box is not None:
        corners = [[round(c, DECIMALS) for c in corner] for corner in box]
        folium.FitBounds(corners, padding=(24, 24), max_zoom=15).add_to(fmap)
    _add_gestures(fmap, assets, gestures or {})
    _Script("Legend", legend_js(MAP_NAME, script_json(LEGEND_ID))).add_to(fmap)
    _Registry(fmap, lines, groups, cluster).add_to(fmap)
    _add_ends(fmap, ends)
    return _parts(fmap)


def _add_gestures(fmap: folium.Map, assets: str, text: Mapping[str, str]) -> None:
    """The vendored gesture-handling plugin, switched on when the map is framed."""
    element = _Script("Gestures", gestures_js(MAP_NAME, script_json(gesture_words(text))))
    element.default_js = [("gesture_handling_js", f"{assets}/{GESTURES_JS}")]
    element.default_css = [("gesture_handling_css", f"{assets}/{GESTURES_CSS}")]
    element.add_to(fmap)


def _add_ends(fmap: folium.Map, ends: Sequence[MapMarker]) -> None:
    """Start and finish markers, after the registry that lists them."""
    rows = [
        [[round(m.lat, DECIMALS), round(m.lon, DECIMALS)], m.kind.value, m.popup_html, m.tooltip]
        for m in ends
    ]
    _Script("RouteEnds", ends_js(MAP_NAME, script_json(rows))).add_to(fmap)


def _add_lines(
    fmap: folium.Map,
    route: Route,
    legs: Sequence[Sequence[RoutePoint]],
    labels: Mapping[dt.date, str],
) -> _Layers:
    """One polyline per leg (`legs`: the segments' points as drawn), coloured by its day and
    styled by its kind."""
    day_index = {day: i for i, day in enumerate(route.days)}
    rows = []
    for segment, points in zip(route.segments, legs, strict=True):
        where = [[round(p.lat, DECIMALS), round(p.lon, DECIMALS)] for p in points]
        label = labels.get(segment.day, segment.day.isoformat())
        style = LEG_KINDS.index(segment.kind)
        rows.append([where, day_color(day_index[segment.day]), "", tooltip_html(label), style])
    lines = _Layers("PolyLines", "polyline", rows, LINE, "color", fmap, styles=LEG_STYLES)
    lines.add_to(fmap)
    log.debug("map: %d lines, %d vertices", len(rows), sum(len(r[0]) for r in rows))
    return lines


def _add_markers(
    fmap: folium.Map, markers: Sequence[MapMarker], assets: str
) -> tuple[_Cluster | None, list[_Layers]]:
    """Entries as pins, waypoints as dots, photos and clips in a cluster (created only when
    needed)."""
    pins: list[list[Any]] = []
    dots: list[list[Any]] = []
    photos: list[list[Any]] = []
    for marker in markers:
        where = [round(marker.lat, DECIMALS), round(marker.lon, DECIMALS)]
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
        groups.append(_Layers("Markers", "marker", pins, PIN, "alt", fmap))
    if dots:
        groups.append(_Layers("CircleMarkers", "circleMarker", dots, DOT, "", fmap))
    cluster = None
    if photos:
        cluster = _Cluster()
        cluster.add_to(fmap)
        cluster.default_js = [("markercluster_js", f"{assets}/{CLUSTER_JS}")]
        cluster.default_css = [
            (f"markercluster_css{i}", f"{assets}/{css}") for i, css in enumerate(CLUSTER_CSS)
        ]
        groups.append(_Layers("Markers", "marker", photos, PIN, "alt", cluster, MARKER_STYLES))
    for group in groups:
        group.add_to(fmap)
    return cluster, groups


def _parts(fmap: folium.Map) -> MapParts:
    """Render the Figure's three pieces, with ids made sequential first."""
    figure = fmap.get_root()
    assert isinstance(figure, Figure)
    # The page template declares the charset; a second declaration is invalid HTML.
    figure.header._children.pop("meta_http", None)
    counter = itertools.count(1)
    _renumber(figure, counter)
    fmap._id = MAP_NAME.removeprefix("map_")
    figure.render()
    return MapParts(
        head=_tidy(figure.header.render()),
        body=_tidy(figure.html.render()),
        script=_tidy(figure.script.render()),
    )


def _renumber(element: Element, counter: itertools.count[int]) -> None:
    """Replace Folium's random ids with a count, in tree order (deterministic output)."""
    element._id = str(next(counter))
    for child in element._children.values():
        _renumber(child, counter)


def _tidy(text: str) -> str:
    """Drop the blank lines Jinja leaves, so the parts read well in the page source."""
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip()) + "\n"


def tooltip_html(text: str) -> str:
    """A tooltip's text as the HTML Leaflet's `bindTooltip` puts into the page (innerHTML):
    a title or caption holding `<img onerror=...>` is shown as written and runs nothing.
    Popups need no such step: the theme's templates render them, autoescaped."""
    return html.escape(text, quote=True)


def script_json(value: Any) -> str:
    """Compact JSON safe inside a <script> (no `<`, `>`, `&`, `'`: HTML in a popup cannot end
    the script) and inside the Jinja template Branca makes of every element's output (no
    braces: a caption holding "{{ x }}" would be evaluated). Escaping the braces is only
    right where they can only be in strings: arrays of arrays, numbers and strings."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=True)
    for char, escaped in SCRIPT_ESCAPES:
        text = text.replace(char, escaped)
    return text


SCRIPT_ESCAPES = tuple((c, f"\\u{ord(c):04x}") for c in "<>&'{}")


def _centre(route: Route, markers: Sequence[MapMarker]) -> tuple[float, float]:
    """A starting view for the moment before fitBounds runs (or when there is nothing)."""
    box = route.bounds or bounds(markers)
    if box is None:
        return EUROPE
    (south, west), (north, east) = box
    return round((south + north) / 2, DECIMALS), round((west + east) / 2, DECIMALS)


class _Map(folium.Map):
    """folium.Map without the page-level parts Folium adds for a standalone file: a second
    viewport <meta>, full-page html/body styles and global switches the page does not need."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>#{{ this.get_name() }} { position: relative; width: 100%; height: 100vh;
            height: 100dvh; }</style>
        {% endmacro %}
        {% macro html(this, kwargs) %}
        <div class="folium-map journal-map" id="{{ this.get_name() }}"></div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }}, {
            center: {{ this.location|tojson }}, ...{{ this.options|tojavascript }}
        });
        L.control.scale().addTo({{ this.get_name() }});
        {% endmacro %}
        """
    )


class _Layers(MacroElement):
    """Leaflet layers made in a loop by `L.<factory>(where, options)` from one JSON array of
    [where, option, popup, tooltip(, more options)] rows: `option` is the row's own value of
    the option named `option_name` (a line's colour, a pin's alt text), popup and tooltip are
    bound when not empty; a fifth item picks the options of `styles` added to the row's (a
    leg's dashes; a clip's `divIcon`, drawn as its icon and named by its title). The layers
    go to `target`: the map one by one, a cluster in one call (which clusters once, not once
    per marker). The element's variable holds the layers."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {{ this.rows }}.map(function (r) {
            var options = {{ this.options }};
            {% if this.option_name -%}
            if (r[1]) options[{{ this.option_name|tojson }}] = r[1];
            {%- endif %}
            if (r[4]) Object.assign(options, {{ this.styles }}[r[4]]);
            {% if this.icons -%}
            var drawn = options.divIcon;
            if (drawn) Object.assign(options, {icon: L.divIcon(drawn), title: r[1]});
            {%- endif %}
            var layer = L.{{ this.factory }}(r[0], options);
            if (r[2]) layer.bindPopup(r[2]);
            if (r[3]) layer.bindTooltip(r[3]);
            return layer;
        });
        {% if this.bulk -%}
        {{ this.target.get_name() }}.addLayers({{ this.get_name() }});
        {%- else -%}
        {{ this.get_name() }}.forEach(function (layer) {
            layer.addTo({{ this.target.get_name() }});
        });
        {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(
        self,
        name: str,
        factory: str,
        rows: list[list[Any]],
        options: Mapping[str, Any],
        option_name: str,
        target: Element,
        styles: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        super().__init__()
        self._name = name
        self.factory = factory
        self.rows = script_json(rows)
        self.options = json.dumps(dict(options), sort_keys=True)  # ours: plain keys and values
        self.option_name = option_name
        # ours, a list of flat tables: never two braces in a row for Branca's template
        self.styles = json.dumps([dict(x) for x in styles], sort_keys=True)
        self.icons = any("divIcon" in style for style in styles)
        self.target = target
        self.bulk = isinstance(target, _Cluster)


class _Cluster(JSCSSMixin, Layer):
    """The photos' marker cluster, as folium.plugins.MarkerCluster draws it with no options:
    its own class, because importing folium.plugins imports every plugin folium has (0.1 s)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.markerClusterGroup(
                {{ this.options|tojavascript }}
            );
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__(overlay=True, control=False)
        self._name = "MarkerCluster"
        self.options: dict[str, Any] = {}


class _Script(JSCSSMixin):
    """Ready-made JavaScript (mapcontrols.py's) in the map's script, with the vendored files
    it needs (`default_js`, `default_css`) linked in the head."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.code }}
        {% endmacro %}
        """
    )

    def __init__(self, name: str, code: str) -> None:
        super().__init__()
        self._name = name
        self.code = code


class _Registry(MacroElement):
    """`window.journalMap`: the map and what was drawn on it, for scripts and browser tests."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.journalMap = {
            map: {{ this.fmap.get_name() }},
            routes: {{ this.lines.get_name() }},
            markers: [].concat({{ this.names(this.groups) }}),
            cluster: {{ this.cluster.get_name() if this.cluster else "null" }}
        };
        {% endmacro %}
        """
    )

    def __init__(
        self,
        fmap: folium.Map,
        lines: _Layers,
        groups: Sequence[_Layers],
        cluster: _Cluster | None,
    ) -> None:
        super().__init__()
        self._name = "Registry"
        self.fmap = fmap
        self.lines = lines
        self.groups = list(groups)
        self.cluster = cluster

    @staticmethod
    def names(elements: Sequence[Element]) -> str:
        return ", ".join(e.get_name() for e in elements)
