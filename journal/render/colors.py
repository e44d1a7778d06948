"""The per-day route colours, shared by the live map and the static map.

Kept apart from mapview.py so the static map can use them without importing folium.
"""

from __future__ import annotations

#: Strong, dark-enough colours that stay readable over OSM's pale greens, pinks and yellows.
DAY_COLORS = (
    "#d62728",  # red
    "#1f4fbf",  # blue
    "#8e24aa",  # purple
    "#00796b",  # teal
    "#e65100",  # deep orange
    "#ad1457",  # magenta
    "#2e7d32",  # green
    "#5d4037",  # brown
)


def day_color(index: int) -> str:
    """The line colour of the `index`-th day of the route; the palette repeats after 8 days."""
    return DAY_COLORS[index % len(DAY_COLORS)]


def trip_color(index: int) -> str:
    """The line colour of the `index`-th trip, oldest first, on the journal's lifetime map
    (and beside its name in the list of trips): the day palette, whose neighbours differ."""
    return DAY_COLORS[index % len(DAY_COLORS)]
