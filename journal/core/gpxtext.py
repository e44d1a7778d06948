"""GPX 1.1 as text: the one writer of GPX, shared by the route export and the importers.

Written line by line rather than through ElementTree, which took most of a second over a
100,000-point track; the layout is ElementTree's indented one, two spaces a level. The output
is deterministic (no creation time, numbers in their shortest exact form), so writing the same
points twice gives the same bytes: a re-render or a re-import changes no file. Reading GPX is
`load/gpx.py`'s job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol
from xml.sax.saxutils import escape, quoteattr

from journal.core.geo import HasLatLon

GPX_NS = "http://www.topografix.com/GPX/1/1"
GPX_SCHEMA = "http://www.topografix.com/GPX/1/1/gpx.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
CREATOR = "journal"


class GpxPoint(HasLatLon, Protocol):
    """A point GPX can hold: TrackPoint, Waypoint-like values, RoutePoint."""

    @property
    def alt(self) -> float | None: ...

    @property
    def time(self) -> dt.datetime | None: ...


#: A waypoint: the point and the child elements after its <ele> and <time> (<name>, <type>).
Wpt = tuple[GpxPoint, Sequence[str]]
#: A track: its name, the child elements after it (<desc>, <type>), and its segments.
Trk = tuple[str, Sequence[str], Sequence[Sequence[GpxPoint]]]
#: A planned route: its name and its points.
Rte = tuple[str, Sequence[GpxPoint]]


def gpx_document(
    name: str, waypoints: Sequence[Wpt], tracks: Sequence[Trk], routes: Sequence[Rte] = ()
) -> str:
    """A GPX 1.1 file: <metadata> with the name, every <wpt>, every <rte>, then a <trk> per
    track holding a <trkseg> per segment, in the order the schema wants them."""
    head = (
        f'<gpx version="1.1" creator={quoteattr(CREATOR)} xmlns={quoteattr(GPX_NS)} '
        f"xmlns:xsi={quoteattr(XSI_NS)} xsi:schemaLocation={quoteattr(f'{GPX_NS} {GPX_SCHEMA}')}>"
    )
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', head]
    lines += ["  <metadata>", f"    <name>{escape(name)}</name>", "  </metadata>"]
    for point, extra in waypoints:
        _point(lines, "wpt", point, "  ", extra)
    for route_name, points in routes:
        lines += ["  <rte>", f"    <name>{escape(route_name)}</name>"]
        for point in points:
            _point(lines, "rtept", point, "    ")
        lines.append("  </rte>")
    for track_name, extra, segments in tracks:
        lines += ["  <trk>", f"    <name>{escape(track_name)}</name>"]
        lines += [f"    {child}" for child in extra]
        for segment in segments:
            lines.append("    <trkseg>")
            for point in segment:
                _point(lines, "trkpt", point, "      ")
            lines.append("    </trkseg>")
        lines.append("  </trk>")
    lines.append("</gpx>")
    return "\n".join(lines) + "\n"


def text_element(tag: str, text: str) -> str:
    """`<name>Mantova &amp; dintorni</name>`: a child element for a waypoint."""
    return f"<{tag}>{escape(text)}</{tag}>"


def utc_text(time: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z`, the form GPX requires and GeoJSON readers expect."""
    if time is None:
        return None
    return time.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _point(
    lines: list[str], tag: str, point: GpxPoint, indent: str, extra: Sequence[str] = ()
) -> None:
    opening = f'{indent}<{tag} lat="{_decimal(point.lat)}" lon="{_decimal(point.lon)}"'
    children = []
    if point.alt is not None:
        children.append(f"<ele>{_decimal(point.alt)}</ele>")
    if point.time is not None:
        children.append(f"<time>{utc_text(point.time)}</time>")
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
