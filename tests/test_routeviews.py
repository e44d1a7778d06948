"""The route's legend and its start and finish markers, with the real theme's words."""

from __future__ import annotations

import datetime as dt

from journal.core.route import DayStats, Place, PointKind, Route, RoutePoint, Segment, TripStats
from journal.render.colors import day_color
from journal.render.routeviews import end_markers, legend
from journal.render.themes import environment, load_theme

DAYS = [dt.date(2015, 6, 27), dt.date(2015, 6, 28), dt.date(2015, 6, 30)]
LONDON, REIMS, BESANCON = (51.462, -0.129), (49.254, 4.034), (47.231, 6.032)


def segment(day: dt.date, *where: tuple[float, float]) -> Segment:
    return Segment(day, tuple(RoutePoint(lat, lon, None, PointKind.TRACK) for lat, lon in where))


STATS = TripStats(
    days=(
        DayStats(DAYS[0], 400, (Place("Brixton", "GB", *LONDON), Place("Reims", "FR", *REIMS))),
        DayStats(DAYS[2], 300, (Place("Reims", "FR", *REIMS), Place("Besançon", "FR", *BESANCON))),
    )
)


def test_the_legend_has_a_row_per_day_with_a_line_in_its_colour() -> None:
    route = Route((segment(DAYS[0], LONDON, REIMS), segment(DAYS[2], REIMS, BESANCON)))
    rows = legend(route, {DAYS[0]: 1, DAYS[1]: 2, DAYS[2]: 4})
    assert rows == [
        {"date": DAYS[0], "number": 1, "color": day_color(0), "pattern": 0},
        {"date": DAYS[2], "number": 4, "color": day_color(1), "pattern": 0},  # none on the 28th
    ]


def test_a_one_way_route_has_a_start_and_a_finish() -> None:
    route = Route((segment(DAYS[0], LONDON, REIMS), segment(DAYS[2], REIMS, BESANCON)))
    italian = end_markers(route, STATS, environment(load_theme(), "it"))
    assert [(m.kind, (m.lat, m.lon), m.tooltip) for m in italian] == [
        (PointKind.START, LONDON, "Partenza: Brixton"),
        (PointKind.END, BESANCON, "Arrivo: Besançon"),
    ]
    assert "27 giugno 2015" in italian[0].popup_html
    assert "30 giugno 2015" in italian[1].popup_html


def test_a_round_trip_has_one_marker_for_both_ends() -> None:
    back_home = (LONDON[0] + 0.002, LONDON[1])  # about 220 m from where it started
    route = Route((segment(DAYS[0], LONDON, REIMS), segment(DAYS[2], REIMS, back_home)))
    (marker,) = end_markers(route, STATS, environment(load_theme(), "en"))
    assert (marker.kind, marker.tooltip) == (PointKind.START_END, "Start and finish: Brixton")
    assert "27 – 30 Jun 2015" in marker.popup_html.replace("\u2009", " ")


def test_no_line_no_ends() -> None:
    assert end_markers(Route(()), STATS, environment(load_theme(), "en")) == []
