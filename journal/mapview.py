"""The live map: a Folium (Leaflet) map of the route and its markers, as page parts.

The only module that imports folium. It owns what the map shows and how (colours per day,
clustering, simplification for the browser) and three promises about the output:

- Offline: every script and stylesheet comes from the site's own `assets/vendor/` (copied from
  themes/default/static/vendor/); only tiles need the network. Folium's default jQuery,
  Bootstrap and awesome-markers are dropped, so popups and tooltips are bound with plain
  Leaflet calls instead of folium.Popup (which needs jQuery).
- Deterministic: Folium names every element with a random id; ids are renumbered in tree
  order before rendering, so the same route gives byte-identical parts.
- Testable: `window.journalMap = {map, routes, markers, cluster}` lists what was drawn, and
  route lines carry the class `journal-route`.

It returns strings; the theme's map template places them in the page.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.plugins import MarkerCluster
from folium.template import Template

from journal.colors import day_color
from journal.models import MapMarker, PointKind, Route, RoutePoint, Tiles
from journal.route import simplify

log = logging.getLogger(__name__)

MAP_NAME = "map_journal"
ROUTE_CLASS = "journal-route"
DECIMALS = 5  # about a metre: plenty for a screen, and a third of the bytes of full floats

#: Files the map loads, relative to the site's assets folder; all are in the theme's static/.
LEAFLET_JS = "vendor/leaflet/leaflet.js"
LEAFLET_CSS = "vendor/leaflet/leaflet.css"
CLUSTER_JS = "vendor/leaflet.markercluster/leaflet.markercluster.js"
CLUSTER_CSS = (
    "vendor/leaflet.markercluster/MarkerCluster.css",
    "vendor/leaflet.markercluster/MarkerCluster.Default.css",
)
VENDOR_FILES = (LEAFLET_JS, LEAFLET_CSS, CLUSTER_JS, *CLUSTER_CSS)

EUROPE = (48.0, 10.0)  # where an empty map opens


@dataclass(frozen=True)
class MapParts:
    """What a page needs: `head` (links and style, for <head>), `body` (the map's <div>),
    `script` (JavaScript only, no <script> tag: the template wraps it, after `body`)."""

    head: str
    body: str
    script: str


def render_map(
    route: Route,
    markers: Sequence[MapMarker],
    *,
    tiles: Tiles,
    assets_url: str,
    day_labels: Mapping[dt.date, str] | None = None,
    simplify_m: float = 5.0,
) -> MapParts:
    """Draw the route (simplified to `simplify_m` metres) and markers, fitted to the route."""
    assets = assets_url.rstrip("/")
    fmap = _Map(location=_centre(route, markers), zoom_start=5, tiles=None)
    fmap.default_js = [("leaflet", f"{assets}/{LEAFLET_JS}")]
    fmap.default_css = [("leaflet_css", f"{assets}/{LEAFLET_CSS}")]
    folium.TileLayer(
        tiles=tiles.url, attr=tiles.attribution, name=tiles.name, max_zoom=tiles.max_zoom
    ).add_to(fmap)

    lines = _add_lines(fmap, route, day_labels or {}, simplify_m)
    cluster, drawn = _add_markers(fmap, markers, assets)
    bounds = route.bounds or _marker_bounds(markers)
    if bounds is not None:
        corners = [[round(c, DECIMALS) for c in corner] for corner in bounds]
        folium.FitBounds(corners, padding=(24, 24), max_zoom=15).add_to(fmap)
    _Registry(fmap, lines, drawn, cluster).add_to(fmap)
    return _parts(fmap)


def _add_lines(
    fmap: folium.Map, route: Route, labels: Mapping[dt.date, str], simplify_m: float
) -> list[_Layer]:
    """One polyline per segment, coloured by its day, simplified for the browser."""
    day_index = {day: i for i, day in enumerate(route.days)}
    lines: list[_Layer] = []
    for segment in route.segments:
        points = simplify(segment.points, simplify_m)
        options = {
            "color": day_color(day_index[segment.day]),
            "weight": 4,
            "opacity": 0.85,
            "className": ROUTE_CLASS,
        }
        label = labels.get(segment.day, segment.day.isoformat())
        line = _Layer("PolyLine", "polyline", [_latlon(p) for p in points], options, "", label)
        line.add_to(fmap)
        lines.append(line)
    log.debug("map: %d lines, %d vertices", len(lines), sum(len(x.where) for x in lines))
    return lines


def _add_markers(
    fmap: folium.Map, markers: Sequence[MapMarker], assets: str
) -> tuple[MarkerCluster | None, list[_Layer]]:
    """Entries as pins, waypoints as dots, photos in a cluster (created only when needed)."""
    cluster: MarkerCluster | None = None
    drawn: list[_Layer] = []
    for marker in markers:
        where = [round(marker.lat, DECIMALS), round(marker.lon, DECIMALS)]
        parent: Element = fmap
        if marker.kind is PointKind.PHOTO:
            if cluster is None:
                cluster = MarkerCluster(control=False)
                cluster.add_to(fmap)
                cluster.default_js = [("markercluster_js", f"{assets}/{CLUSTER_JS}")]
                cluster.default_css = [
                    (f"markercluster_css{i}", f"{assets}/{css}")
                    for i, css in enumerate(CLUSTER_CSS)
                ]
            parent = cluster
        if marker.kind is PointKind.WAYPOINT:
            options: dict[str, Any] = {"radius": 5, "weight": 2, "className": "journal-waypoint"}
            layer = _Layer("CircleMarker", "circleMarker", where, options, marker.popup_html)
        else:
            options = {"alt": marker.tooltip} if marker.tooltip else {}
            layer = _Layer("Marker", "marker", where, options, marker.popup_html, marker.tooltip)
        layer.add_to(parent)
        drawn.append(layer)
    return cluster, drawn


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


def _latlon(point: RoutePoint) -> list[float]:
    return [round(point.lat, DECIMALS), round(point.lon, DECIMALS)]


def _marker_bounds(
    markers: Sequence[MapMarker],
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    if not markers:
        return None
    lats = [m.lat for m in markers]
    lons = [m.lon for m in markers]
    return (min(lats), min(lons)), (max(lats), max(lons))


def _centre(route: Route, markers: Sequence[MapMarker]) -> tuple[float, float]:
    """A starting view for the moment before fitBounds runs (or when there is nothing)."""
    bounds = route.bounds or _marker_bounds(markers)
    if bounds is None:
        return EUROPE
    (south, west), (north, east) = bounds
    return round((south + north) / 2, DECIMALS), round((west + east) / 2, DECIMALS)


class _Map(folium.Map):
    """folium.Map without the page-level parts Folium adds for a standalone file: a second
    viewport <meta>, full-page html/body styles and global switches the page does not need."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>#{{ this.get_name() }} { position: relative; width: 100%; height: 100%;
            min-height: 24rem; }</style>
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


class _Layer(MacroElement):
    """A Leaflet layer made by `L.<factory>(where, options)`, with popup and tooltip bound as
    JSON strings (HTML-safe inside <script>), added to its parent (map or cluster)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.{{ this.factory }}(
            {{ this.where|tojson }}, {{ this.options|tojson }}
        )
        {%- if this.popup %}.bindPopup({{ this.popup|tojson }}){% endif %}
        {%- if this.tooltip %}.bindTooltip({{ this.tooltip|tojson }}){% endif %}
        .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        name: str,
        factory: str,
        where: list[Any],
        options: Mapping[str, Any],
        popup: str = "",
        tooltip: str = "",
    ) -> None:
        super().__init__()
        self._name = name
        self.factory = factory
        self.where = where
        self.options = dict(options)
        self.popup = popup
        self.tooltip = tooltip


class _Registry(MacroElement):
    """`window.journalMap`: the map and what was drawn on it, for scripts and browser tests."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.journalMap = {
            map: {{ this.fmap.get_name() }},
            routes: [{{ this.names(this.lines) }}],
            markers: [{{ this.names(this.drawn) }}],
            cluster: {{ this.cluster.get_name() if this.cluster else "null" }}
        };
        {% endmacro %}
        """
    )

    def __init__(
        self,
        fmap: folium.Map,
        lines: Sequence[_Layer],
        drawn: Sequence[_Layer],
        cluster: MarkerCluster | None,
    ) -> None:
        super().__init__()
        self._name = "Registry"
        self.fmap = fmap
        self.lines = list(lines)
        self.drawn = list(drawn)
        self.cluster = cluster

    @staticmethod
    def names(elements: Sequence[Element]) -> str:
        return ", ".join(e.get_name() for e in elements)
