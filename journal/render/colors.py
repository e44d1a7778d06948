"""The per-day route colours and patterns, one for each day of a trip, shared by everything
that draws a day: the live map, the static map, the legends and the elevation profiles.

The palette is Martin Krzywinski's 12-colour palette for colour blindness (2019, CC BY 4.0,
doi:10.5281/zenodo.3381072): twelve colours chosen to stay distinct for deuteranopes and
protanopes as for everyone else. Its order is ours: any two days less than three apart are
at least 29 CIELAB units apart in normal vision and in simulated protanopia, deuteranopia and
tritanopia (Machado 2009; tests/test_colors.py measures it), so the days that meet on the
map never look alike (the twelfth and the thirteenth included). A thirteenth day takes the
first colour again, told apart by a dashed line (`day_dash`), a twenty-fifth a dash-dot one.
Every line is drawn over a dark casing (`CASING`), which keeps the light colours apart from
the base map's pale land and roads.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Krzywinski's 12 colours, in the order described above.
DAY_COLORS = (
    "#9F0162",  # jazzberry jam
    "#8400CD",  # french violet
    "#FFB2FD",  # plum
    "#009F81",  # jungle green
    "#FF6E3A",  # burning orange
    "#00FCCF",  # aquamarine
    "#008DF9",  # azure
    "#A40122",  # carmine
    "#FF5AAF",  # brilliant rose
    "#FFC33B",  # sunglow
    "#E20134",  # crimson
    "#00C2F9",  # vivid sky blue
)

#: The patterns of each round of the palette (SVG/Leaflet dash arrays, in line widths of 4 px):
#: solid, dashed, dash-dot. They differ from the estimated legs' short dashes and the
#: transfers' dots, which keep their own patterns whatever the day.
DAY_DASHES = ("", "14 6", "14 5 2 5")

#: The dark line under every day's line, and its opacity: over OSM's pale land (#f2efe9) it
#: stands out at WCAG's 3:1 for graphics (3.7:1), whatever the colour above it.
CASING = "#1b1b1b"
CASING_OPACITY = 0.55


@dataclass(frozen=True)
class DayStyle:
    """How the `index`-th day of a route is drawn: its colour and its dash array ("" solid)."""

    color: str
    dash: str


def day_color(index: int) -> str:
    """The line colour of the `index`-th day of the route (0 is the first day)."""
    return DAY_COLORS[index % len(DAY_COLORS)]


def day_dash(index: int) -> str:
    """The dash array of the `index`-th day's recorded line: "" for the first twelve days."""
    return DAY_DASHES[(index // len(DAY_COLORS)) % len(DAY_DASHES)]


def day_style(index: int) -> DayStyle:
    """The `index`-th day's colour and pattern, together."""
    return DayStyle(day_color(index), day_dash(index))


def trip_color(index: int) -> str:
    """The line colour of the `index`-th trip, oldest first, on the journal's lifetime map
    (and beside its name in the list of trips): the day palette, whose neighbours differ."""
    return DAY_COLORS[index % len(DAY_COLORS)]
