"""The day colours as readers see them: twelve before any repeats, days close in time apart
for colour-blind eyes too, every line visible on the base map, and the same style for a
day in the live map, the static map, the legend and the elevation profile.

Colour-blind vision is simulated with Machado, Oliveira and Fernandes (2009) at full
severity, in linear RGB, and distances are CIELAB ΔE (1976): a difference of 2 is just
noticeable, 10 clear at a glance.
"""

from __future__ import annotations

import itertools
import math

import pytest

from journal.render.colors import (
    CASING,
    CASING_OPACITY,
    DAY_COLORS,
    day_color,
    day_dash,
    day_style,
)

#: Machado et al. 2009, severity 1.0 (linear RGB, rows: R', G', B').
SIMULATIONS = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
#: OpenStreetMap's land, the base map's most common colour.
OSM_LAND = "#f2efe9"


def _linear(colour: str) -> tuple[float, ...]:
    channels = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)


def _lab(rgb: tuple[float, ...]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen(colour: str, vision: str) -> tuple[float, float, float]:
    rgb = _linear(colour)
    matrix = SIMULATIONS[vision]
    simulated = tuple(
        min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrix
    )
    return _lab(simulated)


def _over(colour: str, opacity: float, under: str) -> str:
    """`colour` laid at `opacity` on `under`, blended as browsers and Pillow do (in sRGB)."""
    mixed = (
        round(opacity * int(colour[i : i + 2], 16) + (1 - opacity) * int(under[i : i + 2], 16))
        for i in (1, 3, 5)
    )
    return "#" + "".join(f"{c:02x}" for c in mixed)


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """WCAG's contrast ratio of two linear RGB colours."""

    def luminance(rgb: tuple[float, ...]) -> float:
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_twelve_colours_before_one_repeats_then_a_pattern_tells_the_days_apart() -> None:
    assert len(set(DAY_COLORS)) == len(DAY_COLORS) >= 12
    styles = [day_style(i) for i in range(36)]
    assert len(set(styles)) == 36  # three rounds: solid, dashed, dash-dot
    assert [day_dash(i) for i in (0, 11, 12, 23, 24, 35)] == ["", "", *[day_dash(12)] * 2,
                                                              *[day_dash(24)] * 2]  # fmt: skip
    assert "" != day_dash(12) != day_dash(24) != ""
    assert day_color(12) == day_color(0) and day_style(36) == day_style(0)


@pytest.mark.parametrize("vision", sorted(SIMULATIONS))
def test_days_close_in_time_stay_apart_for_every_eye(vision: str) -> None:
    """Days that meet on the map (neighbours, and one between) are at least 29 ΔE apart,
    with normal vision and with each kind of dichromacy, where the palette starts again too."""
    for first in range(36):
        for gap in (1, 2):
            a, b = seen(day_color(first), vision), seen(day_color(first + gap), vision)
            assert math.dist(a, b) >= 29, (vision, first + 1, first + 1 + gap)


def test_every_colour_is_distinct_with_normal_vision() -> None:
    pairs = itertools.combinations(DAY_COLORS, 2)
    assert min(math.dist(seen(a, "normal"), seen(b, "normal")) for a, b in pairs) >= 20


def test_the_casing_makes_every_line_stand_out_on_the_base_map() -> None:
    """WCAG's 3:1 for graphics between the casing (laid on the land at its opacity) and the
    land, whatever the line's colour: light ones like #FFB2FD included."""
    land = _linear(OSM_LAND)
    casing = _linear(_over(CASING, CASING_OPACITY, OSM_LAND))
    assert contrast(casing, land) >= 3
    light = [c for c in DAY_COLORS if contrast(_linear(c), land) < 3]
    assert light  # the reason for the casing: some colours alone would fade into the map
    # and each colour reads against the land or, where it is light, against its casing
    assert all(max(contrast(_linear(c), land), contrast(_linear(c), casing)) >= 2
               for c in DAY_COLORS)  # fmt: skip
