"""What the pages say about the route besides drawing it: the day legend (colour, day, date)
and the start and finish markers.

Pure: the public route and numbers in, template values and map markers out; the words and
markup are the theme's (`popup_route_end.html`, `map.html`, `travelogue.html`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import jinja2
from markupsafe import Markup

from journal.core.geo import haversine_m
from journal.core.route import MapMarker, Place, PointKind, Route, RoutePoint, TripStats
from journal.render import i18n
from journal.render.colors import DAY_DASHES, day_color, day_dash

#: A route that ends this close to where it started is a round trip: one marker says both.
SAME_PLACE_M = 500.0


def legend(route: Route, numbers: Mapping[dt.date, int | None]) -> list[dict[str, Any]]:
    """One row per day with a line on the map, in the line's colour and pattern (the live and
    static maps draw the `i`-th day of the route with `day_style(i)`): `pattern` is 0 for a
    solid line, 1 dashed, 2 dash-dot."""
    return [
        {
            "date": day,
            "number": numbers.get(day),
            "color": day_color(index),
            "pattern": DAY_DASHES.index(day_dash(index)),
        }
        for index, day in enumerate(route.days)
    ]


def _first_and_last(route: Route) -> tuple[RoutePoint, RoutePoint] | None:
    lines = [s for s in route.segments if s.points]
    if not lines:
        return None
    return lines[0].points[0], lines[-1].points[-1]


def _town(stats: TripStats, day: dt.date, last: bool, lang: str) -> str:
    """Where the route starts (or ends) on `day`, named in the page's language."""
    day_stats = stats.day(day)
    places: Sequence[Place] = day_stats.places if day_stats else ()
    return i18n.place_name(places[-1] if last else places[0], lang) if places else ""


def end_markers(route: Route, stats: TripStats, env: jinja2.Environment) -> list[MapMarker]:
    """Markers where the route starts and where it ends; one for both on a round trip."""
    ends = _first_and_last(route)
    if ends is None:
        return []
    start, end = ends
    first_day, last_day = route.days[0], route.days[-1]
    lang = env.globals["lang"]
    first = _town(stats, first_day, last=False, lang=lang)
    if haversine_m(start.lat, start.lon, end.lat, end.lon) <= SAME_PLACE_M:
        return [_end_marker(start, PointKind.START_END, first, (first_day, last_day), env)]
    last = _town(stats, last_day, last=True, lang=lang)
    return [
        _end_marker(start, PointKind.START, first, (first_day,), env),
        _end_marker(end, PointKind.END, last, (last_day,), env),
    ]


def _end_marker(
    point: RoutePoint,
    kind: PointKind,
    place: str,
    days: tuple[dt.date, ...],
    env: jinja2.Environment,
) -> MapMarker:
    label = env.get_template("route_end_label.html").render(kind=kind.value, place=place)
    label = Markup(label.strip()).unescape()  # text, like every marker's tooltip
    dates = i18n.format_date_range(days[0], days[-1], env.globals["lang"])
    html = env.get_template("popup_route_end.html").render(label=label, dates=dates).strip()
    return MapMarker(point.lat, point.lon, kind, html, label)
