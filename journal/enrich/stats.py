"""The numbers of a trip: distance ridden and estimated, in all and per day, the places and
countries in the order they were reached, the highest point.

Distances follow the route's legs (route.py): only RECORDED legs, where a GPX track was
recording, count as ridden; ESTIMATED connectors between stops are counted apart, and
TRANSFERS (a ferry, a train) not at all as riding. Where privacy zones cut a leg, the straight
jump between where it left and re-entered the zone counts as that leg's kind: the rider did
cover it. Every step counts for the day it arrives on; days are counted from the trip's
first day, rest days included. Places come from the offline gazetteer, sampled along
recorded legs and at every stop, never in the middle of a connector (a straight line over the
Channel names no town). Near a privacy zone's edge a place is named at the scale of a town
(the most populous place within `ZONE_TOWN_KM`: London, not Brixton Hill), or by the zone's
own `name` when the author gave one: the neighbourhood would tell readers which quarter the
rider lives in, a finer answer than the map's veiled edge gives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import pickle
from collections.abc import Iterator, Sequence
from itertools import chain
from pathlib import Path

from journal.core.cache import CacheFile, code_stamp
from journal.core.geo import haversine_m, path_length_m, step_lengths_m
from journal.core.models import GeoPoint, PrivacyZone, Trip
from journal.core.route import DayStats, LegKind, Place, Route, RoutePoint, Segment, TripStats
from journal.core.routehash import route_digest
from journal.enrich.placecache import PlaceCache, cache_stamp

log = logging.getLogger(__name__)

#: Look up the nearest place once per this many metres along a recorded leg: a village's
#: sphere is a couple of kilometres wide, and looking up all 100,000 points of a track would
#: take seconds.
SAMPLE_EVERY_M = 2000.0
#: Within this many metres of a zone's (veiled) edge a place is named after the zone: a
#: sample's spacing, so the first place named after leaving home is already a town's.
ZONE_NEAR_M = SAMPLE_EVERY_M
#: How far around a zone's edge to look for the town that names it.
ZONE_TOWN_KM = 15.0


#: The code the numbers come from: a change to any of it is a new key.
COUNTING_SOURCES = ("enrich/stats.py", "enrich/places.py", "core/geo.py", "core/route.py")


def remembered_stats(
    route: Route,
    trip: Trip,
    place_cache: Path | None,
    cache_file: Path | None,
    zones: Sequence[PrivacyZone] = (),
) -> TripStats:
    """`compute_stats`, read back from `cache_file` when the route (every field of every
    point), the trip's days and the gazetteer are those it was computed from: an edited
    entry text changes none of them, and the towns of a long ride take a gazetteer."""
    digest = hashlib.sha256(route_digest(route, full=True))
    digest.update(repr((trip.days, trip.config.dates, cache_stamp(), tuple(zones))).encode())
    digest.update(code_stamp(COUNTING_SOURCES).encode())
    cache = CacheFile(cache_file, "stats", {"key": digest.hexdigest()})
    kept = (cache.read_files() or {}).get("stats")
    if kept is not None:
        try:
            stats = pickle.loads(kept)
        except Exception as exc:  # any damage is a miss
            log.info("ignoring the stats cache %s: %s", cache_file, exc)
        else:
            if isinstance(stats, TripStats):
                return stats
    stats = compute_stats(route, trip, place_cache, zones)
    cache.write_files({"stats": pickle.dumps(stats, protocol=pickle.HIGHEST_PROTOCOL)})
    return stats


def compute_stats(
    route: Route,
    trip: Trip,
    place_cache: Path | None = None,
    zones: Sequence[PrivacyZone] = (),
) -> TripStats:
    """Distances per kind and day, places, countries and the highest point of a trip.

    Every day from the trip's first to its last has its `DayStats`, rest days included (with
    0 km), so "days on the road" is `len(stats.days)`. Places come from `place_cache` (a
    `PlaceCache` file) where it holds them, so a render of an unchanged route loads no
    gazetteer. `zones` are the privacy zones as published (veiled), whose edges are named
    at a town's scale.
    """
    km: dict[tuple[LegKind, dt.date], float] = {}
    previous: Segment | None = None
    steps = [step_lengths_m(segment.points) for segment in route.segments]  # once: 100,000s
    for segment, segment_steps in zip(route.segments, steps, strict=True):
        length = sum(segment_steps)
        if previous is not None and previous.points[-1] != segment.points[0]:
            length += path_length_m([previous.points[-1], segment.points[0]])  # a privacy cut
        key = (segment.kind, segment.day)
        km[key] = km.get(key, 0.0) + length / 1000
        previous = segment

    towns, towns_by_day = _places(route, steps, place_cache, zones)
    days = _days(route, trip)
    first = days[0] if days else None
    return TripStats(
        distance_km=_total(km, LegKind.RECORDED),
        days=tuple(
            DayStats(
                day,
                km.get((LegKind.RECORDED, day), 0.0),
                tuple(towns_by_day.get(day, ())),
                estimated_km=km.get((LegKind.ESTIMATED, day), 0.0),
                number=(day - first).days + 1 if first else 0,
            )
            for day in days
        ),
        countries=tuple(dict.fromkeys(t.country for t in towns)),
        towns=tuple(towns),
        highest=_highest(route),
        estimated_km=_total(km, LegKind.ESTIMATED),
        transfer_km=_total(km, LegKind.TRANSFER),
    )


def _total(km: dict[tuple[LegKind, dt.date], float], kind: LegKind) -> float:
    return sum(value for (k, _), value in km.items() if k is kind)


def _days(route: Route, trip: Trip) -> list[dt.date]:
    """Every day from the trip's first to its last (trip.toml's `dates` when given)."""
    if trip.config.dates is not None:
        first, last = trip.config.dates
    else:
        found = sorted(set(trip.days) | set(route.days))
        if not found:
            return []
        first, last = found[0], found[-1]
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _places(
    route: Route,
    steps: Sequence[Sequence[float]],
    place_cache: Path | None,
    zones: Sequence[PrivacyZone],
) -> tuple[list[Place], dict[dt.date, list[Place]]]:
    """The places passed, in order of first visit, in all and per day (dicts keep the order
    and answer "seen already?" at once, where a list would compare every town so far)."""
    places = PlaceCache(place_cache)
    towns: dict[Place, None] = {}
    by_day: dict[dt.date, dict[Place, None]] = {}
    for day, point in _samples(route, steps):
        zone = next((z for z in zones if _near(point, z)), None)
        place = (
            places.nearest(point.lat, point.lon)
            if zone is None
            else _zone_place(zone, point, places)
        )
        if place is None:
            continue
        towns.setdefault(place)
        by_day.setdefault(day, {}).setdefault(place)
    places.save()
    return list(towns), {day: list(day_towns) for day, day_towns in by_day.items()}


def _near(point: RoutePoint, zone: PrivacyZone) -> bool:
    return haversine_m(point.lat, point.lon, zone.lat, zone.lon) <= zone.radius_m + ZONE_NEAR_M


def _zone_place(zone: PrivacyZone, point: RoutePoint, places: PlaceCache) -> Place | None:
    """A zone's edge as a place: the town around it, under the zone's `name` if it has one
    (in the town's country, at the town's position: never the zone's centre)."""
    town = places.largest(point.lat, point.lon, ZONE_TOWN_KM) or places.nearest(
        point.lat, point.lon
    )
    if town is None or not zone.name:
        return town
    return Place(zone.name, town.country, town.lat, town.lon, town.zone)


def _samples(
    route: Route, steps: Sequence[Sequence[float]]
) -> Iterator[tuple[dt.date, RoutePoint]]:
    """Where to name the place: along recorded legs one point every SAMPLE_EVERY_M and their
    ends; the ends of every other leg (stops); stops off the line that have a day. `steps`
    are each leg's step lengths."""
    on_line = set()
    for segment, segment_steps in zip(route.segments, steps, strict=True):
        points = segment.points
        on_line.update(points)
        yield segment.day, points[0]
        if segment.kind is LegKind.RECORDED:
            yield from ((segment.day, points[i]) for i in _every(segment_steps, SAMPLE_EVERY_M))
        yield segment.day, points[-1]
    for stop in route.stops:
        if stop.day is not None and stop not in on_line:
            yield stop.day, stop


def _every(steps: Sequence[float], metres: float) -> Iterator[int]:
    """Indexes of the points one every `metres` along a line of these steps (not its ends)."""
    since = 0.0
    for index, step in enumerate(steps[:-1], 1):
        since += step
        if since >= metres:
            since = 0.0
            yield index


def _highest(route: Route) -> GeoPoint | None:
    points = chain((p for s in route.segments for p in s.points), route.stops)
    best = max((p for p in points if p.alt is not None), key=lambda p: p.alt or 0.0, default=None)
    return GeoPoint(best.lat, best.lon, best.alt) if best else None
