"""What the live map is made of: the files it loads, its names, its precision, its parts.

Shared by livemap.py (which decides and remembers) and foliummap.py (which draws), so that
neither imports the other's module for a constant.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from journal.core.geo import in_window, lon_window, unwrapped
from journal.core.route import Bounds

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
GESTURES_JS = "vendor/leaflet-gesture-handling/leaflet-gesture-handling.min.js"
GESTURES_CSS = "vendor/leaflet-gesture-handling/leaflet-gesture-handling.min.css"
VENDOR_FILES = (LEAFLET_JS, LEAFLET_CSS, CLUSTER_JS, *CLUSTER_CSS, GESTURES_JS, GESTURES_CSS)

#: The id of the day legend the map page holds; the map shows it as one of its controls.
LEGEND_ID = "map-legend"

EUROPE = (48.0, 10.0)  # where an empty map opens


@dataclass(frozen=True)
class Frame:
    """Where a map draws its longitudes: the 360 degrees from `west` (core.geo.lon_window),
    so a trip across the antimeridian is drawn the short way and framed on itself; -180, the
    longitudes as they are, for every trip that does not cross it."""

    west: float = -180.0

    @classmethod
    def around(cls, lons: Iterable[float]) -> Frame:
        return cls(lon_window(lons))

    def point(self, lat: float, lon: float) -> list[float]:
        return [round(lat, DECIMALS), round(in_window(lon, self.west), DECIMALS)]

    def line(self, points: Iterable[tuple[float, float]]) -> list[list[float]]:
        """(lat, lon) points as a line drawn the short way, each step under 180 degrees."""
        listed = list(points)
        lons = unwrapped((lon for _, lon in listed), self.west)
        return [
            [round(lat, DECIMALS), round(lon, DECIMALS)]
            for (lat, _), lon in zip(listed, lons, strict=True)
        ]


def centre_of(bounds: Bounds | None) -> tuple[float, float]:
    """Where a map opens for the moment before it is fitted (or when there is nothing)."""
    if bounds is None:
        return EUROPE
    (south, west), (north, east) = bounds
    return round((south + north) / 2, DECIMALS), round((west + east) / 2, DECIMALS)


@dataclass(frozen=True)
class MapParts:
    """What a page needs: `head` (links and style, for <head>), `body` (the map's <div>),
    `script` (JavaScript only, no <script> tag: the template wraps it, after `body`)."""

    head: str
    body: str
    script: str


PARTS = tuple(field.name for field in dataclasses.fields(MapParts))


@dataclass(frozen=True)
class MapText:
    """What the map says in the page's language: each day's label (its line's tooltip) and
    the gesture hints ("touch", "scroll", "scrollMac": the gesture-handling plugin's keys)."""

    days: Mapping[dt.date, str] = field(default_factory=dict)
    gestures: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TripLine:
    """One trip's run of legs of one `kind` on the journal's lifetime map: its colour, the
    title its tooltip shows and the page a click opens (relative to the map)."""

    points: tuple[tuple[float, float], ...]
    color: str
    title: str
    href: str
    kind: str = "recorded"
