"""The static map's base map: Natural Earth's land, coastlines and borders under the route.

Read from the TopoJSON the npm package world-atlas builds of Natural Earth's 1:50m countries,
vendored in `worldatlas/` by its `refresh.sh`: a few hundred kilobytes, decoded here with the
standard library (no GIS library for a background). TopoJSON stores every shared boundary once
as an arc: an arc used by one country is a coastline, one used by two a border, so both are
drawn from the arcs without computing any geometry.

Owns decoding and projecting only; staticmap.py decides what is in view and draws it. Each
arc and ring knows its longitude/latitude box, so one wholly outside the view is skipped
before any of its points is projected: a map of Europe projects a tenth of the world.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

Lonlat = tuple[float, float]
Pixel = tuple[float, float]
Bounds = tuple[float, float, float, float]  # west, south, east, north, in degrees

SOURCE = Path(__file__).parent / "worldatlas" / "countries-50m.json"


@dataclass(frozen=True)
class World:
    """Arcs (lists of lon/lat, decoded when first asked for: a view needs a tenth), each
    with how many countries use it, and the countries' rings as arc references
    (TopoJSON's: ~i is arc i reversed); the bounds of every arc and ring."""

    arcs: Sequence[tuple[Lonlat, ...]]
    uses: tuple[int, ...]
    rings: tuple[tuple[int, ...], ...]
    arc_bounds: tuple[Bounds, ...]
    ring_bounds: tuple[Bounds, ...]


class _Arcs(Sequence[tuple[Lonlat, ...]]):
    """TopoJSON's delta-encoded, quantised arcs, decoded to lon/lat one at a time."""

    def __init__(self, raw: list[list[list[int]]], scale: Lonlat, translate: Lonlat) -> None:
        self.raw, self.scale, self.translate = raw, scale, translate
        self.decoded: list[tuple[Lonlat, ...] | None] = [None] * len(raw)

    def __len__(self) -> int:
        return len(self.raw)

    def __getitem__(self, index: int) -> tuple[Lonlat, ...]:  # type: ignore[override]
        arc = self.decoded[index]
        if arc is None:
            (sx, sy), (tx, ty) = self.scale, self.translate
            xs, ys = _positions(self.raw[index])
            arc = self.decoded[index] = tuple(
                (x * sx + tx, y * sy + ty) for x, y in zip(xs, ys, strict=True)
            )
        return arc

    def bounds(self, index: int) -> Bounds:
        """The arc's bounds, from its quantised positions: the scale is positive, so their
        extremes are the extremes of the decoded points, to the last bit."""
        (sx, sy), (tx, ty) = self.scale, self.translate
        xs, ys = _positions(self.raw[index])
        return min(xs) * sx + tx, min(ys) * sy + ty, max(xs) * sx + tx, max(ys) * sy + ty


def _positions(arc: list[list[int]]) -> tuple[list[int], list[int]]:
    return list(accumulate(d[0] for d in arc)), list(accumulate(d[1] for d in arc))


@functools.cache
def world() -> World:
    data = json.loads(SOURCE.read_text(encoding="utf-8"))
    scale, translate = data["transform"]["scale"], data["transform"]["translate"]
    if not (scale[0] > 0 and scale[1] > 0):
        raise ValueError(f"{SOURCE}: a TopoJSON scale that is not positive")
    arcs = _Arcs(data["arcs"], tuple(scale), tuple(translate))
    rings: list[tuple[int, ...]] = []
    for geometry in data["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        rings.extend(tuple(ring) for polygon in polygons for ring in polygon)
    uses = [0] * len(arcs)
    for ring in rings:
        for ref in ring:
            uses[ref if ref >= 0 else ~ref] += 1
    arc_bounds = [arcs.bounds(i) for i in range(len(arcs))]
    ring_bounds = [_union([arc_bounds[r if r >= 0 else ~r] for r in ring]) for ring in rings]
    return World(arcs, tuple(uses), tuple(rings), tuple(arc_bounds), tuple(ring_bounds))


def _union(boxes: Sequence[Bounds]) -> Bounds:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _meets(a: Bounds, b: Bounds) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


Box = tuple[float, float, float, float]  # left, top, right, bottom, in pixels


def land(
    project: Callable[[Lonlat], Pixel], box: Box, near: Bounds | None = None
) -> Iterator[list[Pixel]]:
    """Every country ring in pixels, clipped to `box` (the view, with a margin). `near` holds
    every position `project` puts in the box: a ring outside it would be clipped away."""
    base = world()
    for ring, bounds in zip(base.rings, base.ring_bounds, strict=True):
        if near is not None and not _meets(bounds, near):
            continue
        points: list[Lonlat] = []
        for ref in ring:
            arc = base.arcs[ref] if ref >= 0 else base.arcs[~ref][::-1]
            points.extend(arc[1:] if points else arc)
        pixels = _thin(_clip_ring([project(p) for p in points], box))
        if len(pixels) >= 3:
            yield pixels


def lines(
    project: Callable[[Lonlat], Pixel], box: Box, *, shared: bool, near: Bounds | None = None
) -> Iterator[list[Pixel]]:
    """Coastlines (arcs of one country) or, with `shared`, borders (arcs of two), in pixels,
    in pieces that touch `box` (`near`: as for `land`)."""
    base = world()
    for index, (uses, bounds) in enumerate(zip(base.uses, base.arc_bounds, strict=True)):
        if near is not None and not _meets(bounds, near):
            continue
        if (uses >= 2) == shared:
            for piece in _in_box([project(p) for p in base.arcs[index]], box):
                yield _thin(piece)


def _clip_ring(ring: list[Pixel], box: Box) -> list[Pixel]:
    """Sutherland-Hodgman: the ring cut to the box, so off-screen coastline costs nothing."""
    left, top, right, bottom = box
    edges: list[tuple[Callable[[Pixel], bool], Callable[[Pixel, Pixel], Pixel]]] = [
        (lambda p: p[0] >= left, lambda a, b: _at_x(a, b, left)),
        (lambda p: p[0] <= right, lambda a, b: _at_x(a, b, right)),
        (lambda p: p[1] >= top, lambda a, b: _at_y(a, b, top)),
        (lambda p: p[1] <= bottom, lambda a, b: _at_y(a, b, bottom)),
    ]
    for inside, cross in edges:
        points, ring = ring, []
        for a, b in zip(points[-1:] + points[:-1], points, strict=True):
            if inside(b):
                if not inside(a):
                    ring.append(cross(a, b))
                ring.append(b)
            elif inside(a):
                ring.append(cross(a, b))
        if not ring:
            break
    return ring


def _at_x(a: Pixel, b: Pixel, x: float) -> Pixel:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + (b[1] - a[1]) * t


def _at_y(a: Pixel, b: Pixel, y: float) -> Pixel:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + (b[0] - a[0]) * t, y


def _in_box(line: list[Pixel], box: Box) -> Iterator[list[Pixel]]:
    """The runs of a polyline whose points, or a neighbour's, fall in the box."""
    left, top, right, bottom = box
    inside = [left <= x <= right and top <= y <= bottom for x, y in line]
    run: list[Pixel] = []
    for i, point in enumerate(line):
        if inside[i] or (i and inside[i - 1]) or (i + 1 < len(line) and inside[i + 1]):
            run.append(point)
        elif run:
            if len(run) >= 2:
                yield run
            run = []
    if len(run) >= 2:
        yield run


def _thin(pixels: list[Pixel], step: float = 0.75) -> list[Pixel]:
    """Drop vertices closer than `step` pixels to the last kept one: invisible, and bytes."""
    if not pixels:
        return pixels
    kept = [pixels[0]]
    for x, y in pixels[1:-1]:
        if abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= step:
            kept.append((x, y))
    kept.append(pixels[-1])
    return kept
