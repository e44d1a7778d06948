"""What the journal's home keeps of one trip: its `TripCard`, made from its `PublicTrip`.

The card is the one door from a trip to the home: its title, dates and numbers as the
travelogue's header shows them, its line for the lifetime map, simplified, and its legs as
GeoJSON features for the lifetime route.geojson. Everything comes from the public trip, so
nothing a privacy zone, a draft or a private photo hides reaches the home. The lifetime
route.geojson is made here too, from the cards. Pure: no file is read or written but the
drawing cache, which keeps the line and the features by the route they come from.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from journal.core.home import Lines, TripCard
from journal.core.public import PublicTrip
from journal.core.route import Route, RoutePoint, Segment
from journal.enrich.route import simplify
from journal.render import mapcache
from journal.render.exports import leg_features

#: How far (metres) a trip's line on the lifetime map may stray from its route, at least: a
#: map of every trip opens on a continent (a pixel is 600 m at zoom 8, at 45° N), and a
#: click takes the reader to the trip's own map for the roads.
HOME_SIMPLIFY_M = 100.0
#: At most this many vertices a trip: the tolerance doubles until its line fits, so a
#: journal of 50 long trips draws its lifetime map in under 1 MB (bench/home.py).
MAX_VERTICES = 800
DECIMALS = 4  # about 10 m: far below the tolerance, and fewer bytes than the trip map's 5
#: The code that decides the line and the features: a change to any of them is a new key.
CARD_SOURCES = ("render/homecard.py", "render/exports.py", "enrich/route.py", "core/gpxtext.py")


def trip_card(public: PublicTrip, *, cache_dir: Path | None = None) -> TripCard:
    """The home's card of a trip (see the module doc); the line and the features are read
    from `cache_dir` when the route is the one they were made from."""
    trip, stats, route = public.trip, public.stats, public.route
    config = trip.config
    span = trip.span or ((route.days[0], route.days[-1]) if route.days else None)
    lines, features = _drawn(route, trip.slug, cache_dir)
    return TripCard(
        slug=trip.slug,
        default_lang=config.default_lang,
        languages=config.languages,
        titles=dict(config.titles),
        first_day=span[0] if span else None,
        last_day=span[1] if span else None,
        days=len(stats.days) or len(trip.days),
        mode=config.mode,
        distance_km=stats.distance_km,
        countries=stats.countries,
        highest_m=stats.highest.alt if stats.highest else None,
        lines=lines,
        features=features,
        front_matter=dict(config.front_matter),
        post_day=(trip.days or route.days or (None,))[0],
    )


def _drawn(route: Route, slug: str, cache_dir: Path | None) -> tuple[Lines, str]:
    """The line and the features, kept in the drawing cache by the route's every field."""

    def make() -> dict[str, bytes]:
        text = json.dumps(leg_features(route, slug), ensure_ascii=False, separators=(",", ":"))
        lines = [[kind, points] for kind, points in home_lines(route)]
        return {"lines": json.dumps(lines).encode(), "features": text[1:-1].encode()}

    key = ""
    if cache_dir is not None:
        package = Path(__file__).resolve().parents[1]
        sources = [package / name for name in CARD_SOURCES]
        key = mapcache.map_key(route, (), settings=(slug,), sources=sources, full=True)
    made = mapcache.remembered(cache_dir, "home card", key, make)
    lines = tuple(
        (str(kind), tuple((lat, lon) for lat, lon in points))
        for kind, points in json.loads(made["lines"])
    )
    return lines, made["features"].decode()


def home_lines(route: Route) -> Lines:
    """The route as the lifetime map draws it: consecutive legs of one kind joined (a day's
    end does not matter there), simplified from `HOME_SIMPLIFY_M`, doubled until the
    whole trip holds at most `MAX_VERTICES` vertices."""
    runs = _runs(route.segments)
    tolerance = HOME_SIMPLIFY_M
    while True:
        lines = tuple((kind, _rounded(simplify(points, tolerance))) for kind, points in runs)
        if sum(len(points) for _, points in lines) <= MAX_VERTICES or tolerance > 1e6:
            return lines
        tolerance *= 2


def _runs(segments: Sequence[Segment]) -> list[tuple[str, list[RoutePoint]]]:
    """Consecutive segments of one kind as one run of points (a shared joint once)."""
    runs: list[tuple[str, list[RoutePoint]]] = []
    for segment in segments:
        kind = str(segment.kind)
        if runs and runs[-1][0] == kind and runs[-1][1][-1] == segment.points[0]:
            runs[-1][1].extend(segment.points[1:])
        else:
            runs.append((kind, list(segment.points)))
    return runs


def _rounded(points: Sequence[RoutePoint]) -> tuple[tuple[float, float], ...]:
    """Vertices at `DECIMALS`; a neighbour that rounds alike is one vertex."""
    out: list[tuple[float, float]] = []
    for point in points:
        vertex = (round(point.lat, DECIMALS), round(point.lon, DECIMALS))
        if not out or out[-1] != vertex:
            out.append(vertex)
    return tuple(out)


def lifetime_geojson(cards: Sequence[TripCard]) -> bytes:
    """Every trip's legs in one FeatureCollection, each feature's `trip` its trip's slug."""
    features = ",".join(card.features for card in cards if card.features)
    return ('{"type":"FeatureCollection","features":[' + features + "]}\n").encode("utf-8")
