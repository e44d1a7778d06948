"""The route for other tools: GeoJSON (QGIS, PostGIS, geojson.io) and GPX (navigators, Strava).

Exports keep every point at full precision; only the map simplifies. Output is deterministic
(fixed key and element order, no creation timestamp) so a re-render of an unchanged trip
writes byte-identical files. Returns strings; publish.py writes them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from journal.core.route import PointKind, Route, RoutePoint

GPX_NS = "http://www.topografix.com/GPX/1/1"
GPX_SCHEMA = "http://www.topografix.com/GPX/1/1/gpx.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
CREATOR = "journal"


def route_geojson(route: Route) -> str:
    """A FeatureCollection: a LineString per leg, then a Point per stop.

    Coordinates are [lon, lat] or [lon, lat, alt] as RFC 7946 asks. Line properties:
    kind "segment", leg ("recorded" where a track recorded it, "estimated" for a straight
    connector between stops, "transfer" for a ferry, train or flight), mode (a transfer's
    means when trip.toml names it, else null), day, start, end; point properties: kind, file
    (photos) or entry (entries), time (UTC, `Z`) and day, with null for what is unknown.
    """
    features: list[dict[str, Any]] = []
    for segment in route.segments:
        features.append(
            _feature(
                "LineString",
                [_coordinates(p) for p in segment.points],
                {
                    "kind": "segment",
                    "leg": str(segment.kind),
                    "mode": segment.mode or None,
                    "day": segment.day.isoformat(),
                    "start": _time(segment.points[0].time),
                    "end": _time(segment.points[-1].time),
                },
            )
        )
    for stop in route.stops:
        ref_key = "entry" if stop.kind is PointKind.ENTRY else "file"
        properties = {
            "kind": str(stop.kind),
            ref_key: stop.ref,
            "time": _time(stop.time),
            "day": stop.day.isoformat() if stop.day else None,
        }
        features.append(_feature("Point", _coordinates(stop), properties))
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"


def route_gpx(route: Route, *, name: str) -> str:
    """GPX 1.1: a <wpt> per stop, then a <trk> per leg holding one <trkseg>.

    A leg's <type> says how it is known (recorded, estimated, transfer) and its <desc> names
    a transfer's means when trip.toml does; its <name> is the trip's and the day's. Written
    line by line rather than through ElementTree, which took most of a second over a
    100,000-point track; the layout is ElementTree's indented one, two spaces a level.
    """
    head = (
        f'<gpx version="1.1" creator={quoteattr(CREATOR)} xmlns={quoteattr(GPX_NS)} '
        f"xmlns:xsi={quoteattr(XSI_NS)} xsi:schemaLocation={quoteattr(f'{GPX_NS} {GPX_SCHEMA}')}>"
    )
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', head]
    lines += ["  <metadata>", f"    <name>{escape(name)}</name>", "  </metadata>"]
    for stop in route.stops:  # the schema wants every wpt before the first trk
        extra = [f"<name>{escape(stop.ref)}</name>", f"<type>{escape(str(stop.kind))}</type>"]
        _gpx_point(lines, "wpt", stop, "  ", extra)
    for segment in route.segments:
        lines += ["  <trk>", f"    <name>{escape(f'{name} {segment.day.isoformat()}')}</name>"]
        if segment.mode:
            lines.append(f"    <desc>{escape(segment.mode)}</desc>")
        lines += [f"    <type>{segment.kind}</type>", "    <trkseg>"]
        for point in segment.points:
            _gpx_point(lines, "trkpt", point, "      ")
        lines += ["    </trkseg>", "  </trk>"]
    lines.append("</gpx>")
    return "\n".join(lines) + "\n"


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


def _time(time: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z`, the form GPX requires and GeoJSON readers expect."""
    if time is None:
        return None
    return time.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _gpx_point(
    lines: list[str], tag: str, point: RoutePoint, indent: str, extra: Sequence[str] = ()
) -> None:
    opening = f'{indent}<{tag} lat="{_decimal(point.lat)}" lon="{_decimal(point.lon)}"'
    children = []
    if point.alt is not None:
        children.append(f"<ele>{_decimal(point.alt)}</ele>")
    if point.time is not None:
        children.append(f"<time>{_time(point.time)}</time>")
    children += extra
    if not children:
        lines.append(f"{opening} />")
        return
    lines.append(f"{opening}>")
    lines += [f"{indent}  {child}" for child in children]
    lines.append(f"{indent}</{tag}>")


def _decimal(value: float) -> str:
    """The shortest exact repr, without the exponent xsd:decimal forbids (1e-05)."""
    text = repr(float(value))
    return format(Decimal(text), "f") if "e" in text or "E" in text else text
