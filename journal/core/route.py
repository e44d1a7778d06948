"""The route and what is computed from it: points in time order, segments, places, numbers.

Made by the enrich stage (route.py, stats.py) from a `Trip`; read by render and publish
through a `PublicTrip`. Frozen values, like every model.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from journal.core.models import GeoPoint


class PointKind(StrEnum):
    PHOTO = "photo"
    ENTRY = "entry"
    TRACK = "track"
    WAYPOINT = "waypoint"
    CLIP = "clip"  # map markers only: a clip's (the route counts it a photo)
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


class LegKind(StrEnum):
    """How a stretch of the line is known: the exports' `leg` property and the map's style.

    Only RECORDED counts as ridden; ESTIMATED is a straight connector between two stops with
    nothing recorded between them; TRANSFER is a stretch no ride could make in the time (a
    ferry, a train, a flight) or one trip.toml names as such.
    """

    RECORDED = "recorded"
    ESTIMATED = "estimated"
    TRANSFER = "transfer"


@dataclass(frozen=True)
class Segment:
    """A stretch of the line of one kind, on one local day (the day it arrives on).

    Consecutive segments share their joining point, so the line runs unbroken from the first
    stop to the last; `mode` names a transfer's means ("ferry") when trip.toml does.
    """

    day: dt.date
    points: tuple[RoutePoint, ...]
    kind: LegKind = LegKind.RECORDED
    mode: str = ""


@dataclass(frozen=True)
class Route:
    """The trip's path in UTC order: one unbroken line of legs (recorded, estimated,
    transfer), each on one day, and every positioned photo and entry as a stop."""

    segments: tuple[Segment, ...]
    stops: tuple[RoutePoint, ...] = ()  # positioned photos and entries, in time order

    @property
    def days(self) -> tuple[dt.date, ...]:
        return tuple(sorted({s.day for s in self.segments}))

    @property
    def bounds(self) -> Bounds | None:
        """((south, west), (north, east)), or None for a route with no point."""
        points = [*(p for s in self.segments for p in s.points), *self.stops]
        return bounds((p.lat, p.lon) for p in points)


#: ((south, west), (north, east)) in degrees.
Bounds = tuple[tuple[float, float], tuple[float, float]]


def bounds(points: Iterable[tuple[float, float]]) -> Bounds | None:
    """The box around (lat, lon) points (a route's, a map's as drawn), or None for none."""
    listed = list(points)
    if not listed:
        return None
    lats, lons = [lat for lat, _ in listed], [lon for _, lon in listed]
    return (min(lats), min(lons)), (max(lats), max(lons))


@dataclass(frozen=True)
class Place:
    """A named place from the offline gazetteer; `country` is an ISO 3166 alpha-2 code.

    `zone` is the IANA time zone GeoNames gives the place: the key under which CLDR names
    the larger cities in every language (render/i18n.place_name), "" when unknown.
    """

    name: str
    country: str
    lat: float
    lon: float
    zone: str = ""
    #: Names kept sources give it, as (key, name) pairs: "local" (ISTAT's official name of a
    #: place in Italy) and languages ("it": Lucerna, "en": Lucerne); see `own_name`.
    names: tuple[tuple[str, str], ...] = ()

    @property
    def zone_city(self) -> str:
        """The city its time zone is named after, as the zone's name writes it (Zurich for
        Europe/Zurich): CLDR's own name of a zone's city where a language gives none."""
        return self.zone.rsplit("/", 1)[-1].replace("_", " ") if self.zone else ""

    @property
    def names_its_zone(self) -> bool:
        """Whether this is the city its time zone is named after (London, Europe/London):
        the places CLDR names in every language (Londra, Zurigo, Bruxelles)."""
        return bool(self.zone_city) and fold(self.zone_city) == fold(self.name)

    def own_name(self, key: str) -> str:
        """The place's name in a language (`key`: "it", "en") or its local name ("local")
        where a kept source gives one (enrich/placesources.py), else ""."""
        return dict(self.names).get(key, "")


def fold(name: str) -> str:
    """Case- and accent-blind form, so 'mantova', 'Mantova' and 'Mantóva' meet, and `Zürich`
    is the zone's `Zurich`."""
    folded = name.strip().casefold()
    if folded.isascii():  # most spellings: skip the costly decomposition
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class DayStats:
    """One day's figures; `distance_km` is ridden (recorded by a track) only."""

    day: dt.date
    distance_km: float
    places: tuple[Place, ...] = ()  # places passed that day, in order of first visit
    estimated_km: float = 0.0  # straight connectors between stops: not ridden, not known
    number: int = 0  # counted from the trip's first day (1), rest days included


@dataclass(frozen=True)
class TripStats:
    """The numbers a travelogue header shows; distances along the route, in kilometres.

    `distance_km` is what tracks recorded; `estimated_km` the straight connectors between
    stops elsewhere; `transfer_km` what a ferry, train or flight covered. `days` holds every
    day of the trip's span, so "days on the road" is `len(stats.days)`.
    """

    distance_km: float = 0.0
    days: tuple[DayStats, ...] = ()
    countries: tuple[str, ...] = ()  # ISO codes in order of first visit
    towns: tuple[Place, ...] = ()  # in order of first visit
    highest: GeoPoint | None = None
    estimated_km: float = 0.0
    transfer_km: float = 0.0

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
    time: dt.datetime | None = None  # aware UTC: when the route playback shows it
