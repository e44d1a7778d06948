"""The route for other tools: GeoJSON (QGIS, PostGIS, geojson.io) and GPX (navigators, Strava).

Exports keep every point at full precision up to `EXPORT_MAX_POINTS` (a week of 1 Hz
recording); past that they are simplified as the live map is (`livemap.SIMPLIFY_M`): a
2-million-point track made a 255 MB route.gpx, past what GitHub Pages takes (100 MB) and what
anyone would download. Output is deterministic
(fixed key and element order, no creation timestamp) so a re-render of an unchanged trip
writes byte-identical files, and a site's render keeps them in the trip's cache folder
(mapcache.py) under the key of every field of the route. Returns strings and bytes;
publish.py writes them.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from journal.core.route import PointKind, Route, RoutePoint
from journal.render import mapcache

#: The files of the exports, relative to a site's root.
GEOJSON_NAME = "route.geojson"
GPX_NAME = "route.gpx"
#: The code that writes them: a change to any of them is a new key.
WRITING_SOURCES = ("render/exports.py", "core/gpxtext.py", "enrich/route.py")
#: The most points exported at full resolution (about 13 MB of GPX).
EXPORT_MAX_POINTS = 100_000


def route_files(route: Route, *, name: str, cache_dir: Path | None = None) -> dict[str, bytes]:
    """route.geojson and route.gpx (`name`: the GPX's), read from `cache_dir` when the route
    is, to the last time and height, the one they were written from."""

    def write() -> dict[str, bytes]:
        exported = exported_route(route)
        return {
            GEOJSON_NAME: route_geojson(exported).encode("utf-8"),
            GPX_NAME: route_gpx(exported, name=name).encode("utf-8"),
        }

    package = Path(__file__).resolve().parents[1]
    sources = [package / source for source in WRITING_SOURCES]
    key = (
        ""
        if cache_dir is None
        else mapcache.map_key(route, (), settings=(name,), sources=sources, full=True)
    )
    return mapcache.remembered(cache_dir, "route files", key, write)


def exported_route(route: Route) -> Route:
    """The route as the exports hold it: whole, or past EXPORT_MAX_POINTS simplified as the
    live map draws it."""
    if sum(len(segment.points) for segment in route.segments) <= EXPORT_MAX_POINTS:
        return route
    from journal.render.livemap import SIMPLIFY_M, simplified

    lines = simplified(route, SIMPLIFY_M)
    segments = tuple(
        replace(segment, points=tuple(line))
        for segment, line in zip(route.segments, lines, strict=True)
    )
    return replace(route, segments=segments)


def route_geojson(route: Route) -> str:
    """A FeatureCollection: a LineString per leg (cut at the antimeridian), then a Point per
    stop.

    Coordinates are [lon, lat] or [lon, lat, alt] as RFC 7946 asks. Line properties:
    kind "segment", leg ("recorded" where a track recorded it, "estimated" for a straight
    connector between stops, "transfer" for a ferry, train or flight), mode (a transfer's
    means when trip.toml names it, else null), day, start, end; point properties: kind, file
    (photos) or entry (entries), time (UTC, `Z`) and day, with null for what is unknown.
    """
    from journal.core.gpxtext import utc_text  # its XML escaping imports urllib and ssl

    features = leg_features(route)
    for stop in route.stops:
        ref_key = "entry" if stop.kind is PointKind.ENTRY else "file"
        properties = {
            "kind": str(stop.kind),
            ref_key: stop.ref,
            "time": utc_text(stop.time),
            "day": stop.day.isoformat() if stop.day else None,
        }
        features.append(_feature("Point", _coordinates(stop), properties))
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"


def leg_features(route: Route, trip: str | None = None) -> list[dict[str, Any]]:
    """A LineString feature per leg, as `route_geojson` writes them (a MultiLineString for a
    leg across the antimeridian); with `trip`, each feature's first property `trip` names its
    trip (the journal's lifetime route.geojson)."""
    from journal.core.gpxtext import utc_text

    first = {"trip": trip} if trip is not None else {}
    return [
        _feature(
            *_line_geometry([_coordinates(p) for p in segment.points]),
            {
                **first,
                "kind": "segment",
                "leg": str(segment.kind),
                "mode": segment.mode or None,
                "day": segment.day.isoformat(),
                "start": utc_text(segment.points[0].time),
                "end": utc_text(segment.points[-1].time),
            },
        )
        for segment in route.segments
    ]


def route_gpx(route: Route, *, name: str) -> str:
    """GPX 1.1: a <wpt> per stop, then a <trk> per leg holding one <trkseg>.

    A leg's <type> says how it is known (recorded, estimated, transfer) and its <desc> names
    a transfer's means when trip.toml does; its <name> is the trip's and the day's.
    """
    from journal.core.gpxtext import gpx_document, text_element

    waypoints = [
        (stop, [text_element("name", stop.ref), text_element("type", str(stop.kind))])
        for stop in route.stops
    ]
    tracks = []
    for segment in route.segments:
        extra = [text_element("desc", segment.mode)] if segment.mode else []
        extra.append(text_element("type", str(segment.kind)))
        tracks.append((f"{name} {segment.day.isoformat()}", extra, [segment.points]))
    return gpx_document(name, waypoints, tracks)


def _line_geometry(line: list[list[float]]) -> tuple[str, Any]:
    parts = split_at_antimeridian(line)
    return ("LineString", parts[0]) if len(parts) == 1 else ("MultiLineString", parts)


def split_at_antimeridian(line: list[list[float]]) -> list[list[list[float]]]:
    """A line of [lon, lat(, alt)] cut where it crosses 180 degrees, as RFC 7946 (3.1.9)
    asks: each part stays within [-180, 180] and ends on the antimeridian where the next
    begins, at the latitude (and height) the short way crosses it."""
    parts = [[line[0]]] if line else []
    for a, b in zip(line, line[1:], strict=False):
        if abs(b[0] - a[0]) <= 180.0:
            parts[-1].append(b)
            continue
        edge = 180.0 if a[0] > 0 else -180.0
        unwrapped = b[0] + (360.0 if edge > 0 else -360.0)
        fraction = (edge - a[0]) / (unwrapped - a[0])
        crossing = [round(x + (y - x) * fraction, 7) for x, y in zip(a[1:], b[1:], strict=True)]
        parts[-1].append([edge, *crossing])
        parts.append([[-edge, *crossing], b])
    return parts


def _feature(kind: str, coordinates: Any, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": kind, "coordinates": coordinates},
        "properties": properties,
    }


def _coordinates(point: RoutePoint) -> list[float]:
    if point.alt is None:
        return [point.lon, point.lat]
    return [point.lon, point.lat, point.alt]
