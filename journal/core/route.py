"""The route and what is computed from it: points in time order, segments, places, numbers.

Made by the enrich stage (route.py, stats.py) from a `Trip`; read by render and publish
through a `PublicTrip`. Frozen values, like every model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from journal.core.models import GeoPoint


class PointKind(StrEnum):
    PHOTO = "photo"
    ENTRY = "entry"
    TRACK = "track"
    WAYPOINT = "waypoint"
    # Map markers only: where the route starts, where it ends, or both at once (a round trip).
    START = "start"
    END = "end"
    START_END = "both"


@dataclass(frozen=True)
class RoutePoint:
    """A position on the route; `ref` names the photo file or entry stem it came from."""

    lat: float
    lon: float
    time: dt.datetime | None  # aware UTC
    kind: PointKind
    ref: str = ""
    alt: float | None = None
    day: dt.date | None = None  # local date, for points off the line (stops) too


@dataclass(frozen=True)
class Segment:
    """A stretch ridden without a long stop, all on one local day."""

    day: dt.date
    points: tuple[RoutePoint, ...]


@dataclass(frozen=True)
class Route:
    """The trip's path in time order, split per day and at long gaps."""

    segments: tuple[Segment, ...]
    stops: tuple[RoutePoint, ...] = ()  # positioned photos and entries, in time order

    @property
    def days(self) -> tuple[dt.date, ...]:
        return tuple(sorted({s.day for s in self.segments}))

    @property
    def bounds(self) -> tuple[tuple[float, float], tuple[float, float]] | None:
        """((south, west), (north, east)), or None for a route with no point."""
        points = [p for s in self.segments for p in s.points] + list(self.stops)
        if not points:
            return None
        lats = [p.lat for p in points]
        lons = [p.lon for p in points]
        return (min(lats), min(lons)), (max(lats), max(lons))


@dataclass(frozen=True)
class Place:
    """A named town from the offline gazetteer; `country` is an ISO 3166 alpha-2 code."""

    name: str
    country: str
    lat: float
    lon: float


@dataclass(frozen=True)
class DayStats:
    day: dt.date
    distance_km: float
    places: tuple[Place, ...] = ()  # towns passed that day, in order of first visit


@dataclass(frozen=True)
class TripStats:
    """The numbers a travelogue header shows; distances along the route, in kilometres."""

    distance_km: float = 0.0
    days: tuple[DayStats, ...] = ()
    countries: tuple[str, ...] = ()  # ISO codes in order of first visit
    towns: tuple[Place, ...] = ()  # in order of first visit
    highest: GeoPoint | None = None

    def day(self, day: dt.date) -> DayStats | None:
        for stats in self.days:
            if stats.day == day:
                return stats
        return None


@dataclass(frozen=True)
class MapMarker:
    """A marker for the live map; the popup is HTML already rendered by the theme."""

    lat: float
    lon: float
    kind: PointKind
    popup_html: str
    tooltip: str = ""
