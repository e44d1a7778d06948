"""Privacy zones whose published edge does not reveal their centre.

The attack: every line cut at a zone ends on the zone's edge, so a least-squares circle fitted
through the cut ends finds the centre (home) to the metre. The property below plays it on
random zones, random secrets and any number of crossings, as an attacker would: from the
published points alone.
"""

from __future__ import annotations

import json
import math
import stat
from pathlib import Path

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from journal.cli import app
from journal.core.geo import haversine_m, mercator, unmercator
from journal.core.models import PrivacyZone, TrackPoint
from journal.enrich.privacy import cut_line
from journal.enrich.veil import veil, veil_all
from journal.load.secret import SECRET_FILE, privacy_secret
from tests.conftest import EXAMPLE
from tests.sitescan import coordinate_pairs, files_under

runner = CliRunner()


def _fit_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Kasa's algebraic least-squares circle fit, in the Web Mercator plane the map draws in."""
    xy = np.array([mercator(lat, lon) for lat, lon in points])
    origin = xy.mean(axis=0)
    x, y = (xy - origin).T
    a = np.column_stack([x, y, np.ones_like(x)])
    (d, e, _), *_ = np.linalg.lstsq(a, -(x * x + y * y), rcond=None)
    return unmercator(origin[0] - d / 2, origin[1] - e / 2)


def _chord(zone: PrivacyZone, heading: float, offset: float) -> list[TrackPoint]:
    """A straight ride across the zone: `offset` radii from its centre, 8 radii long."""
    metre_lat = 1 / 111_195.0
    metre_lon = metre_lat / math.cos(math.radians(zone.lat))
    r = zone.radius_m
    points = []
    for i in range(17):
        along = (i - 8) * r / 2
        dx = along * math.cos(heading) - offset * r * math.sin(heading)
        dy = along * math.sin(heading) + offset * r * math.cos(heading)
        points.append(TrackPoint(zone.lat + dy * metre_lat, zone.lon + dx * metre_lon))
    return points


@settings(max_examples=200, deadline=None)
@given(
    lat=st.floats(-70, 70),
    lon=st.floats(-179, 179),
    radius=st.floats(100, 5_000),
    secret=st.binary(min_size=16, max_size=32),
    crossings=st.lists(
        st.tuples(st.floats(0, 2 * math.pi), st.floats(-0.95, 0.95)), min_size=2, max_size=12
    ),
)
def test_a_circle_fitted_through_the_cut_ends_misses_home(
    lat: float,
    lon: float,
    radius: float,
    secret: bytes,
    crossings: list[tuple[float, float]],
) -> None:
    zone = PrivacyZone(lat, lon, radius)
    published = veil(zone, secret)
    ends: list[tuple[float, float]] = []
    for heading, offset in crossings:
        line = _chord(zone, heading, offset)
        real = {(p.lat, p.lon) for p in line}
        for piece in cut_line(line, [published]):
            for p in piece:  # nothing published inside the real zone
                assert haversine_m(p.lat, p.lon, lat, lon) > radius
            ends += [(p.lat, p.lon) for p in (piece[0], piece[-1]) if (p.lat, p.lon) not in real]
    assert len(ends) >= 4  # every chord crosses: its two cut ends are published
    distinct: list[tuple[float, float]] = []
    for end in ends:  # the same chord twice tells nothing new: a circle needs three points
        if all(haversine_m(*end, *other) > radius / 10 for other in distinct):
            distinct.append(end)
    assume(len(distinct) >= 3)
    found = _fit_centre(distinct)
    assert haversine_m(*found, lat, lon) >= 0.3 * radius


def test_the_published_zone_holds_the_real_one_and_moves_by_a_third_to_two_thirds() -> None:
    zone = PrivacyZone(45.0, 9.0, 900.0)
    shifts = []
    for n in range(200):
        moved = veil(zone, n.to_bytes(4, "big") * 8)
        shift = haversine_m(moved.lat, moved.lon, zone.lat, zone.lon)
        assert 300 - 1 <= shift <= 600 + 1
        assert moved.radius_m >= shift + zone.radius_m  # the real zone is inside
        assert moved.radius_m <= shift + zone.radius_m * (1 + 1 / 3) + 1e-6
        shifts.append(shift)
    assert max(shifts) - min(shifts) > 200  # the secret decides, not a constant
    assert veil(zone, b"k" * 32) == veil(zone, b"k" * 32)  # and it decides the same each time


def test_the_secret_is_made_once_owner_only_and_never_published(tmp_path: Path) -> None:
    import shutil

    (tmp_path / "trips").mkdir()
    shutil.copytree(EXAMPLE, tmp_path / "trips" / EXAMPLE.name)
    home = PrivacyZone(51.4613, -0.1156, 800.0)  # on the example's route out of London
    (tmp_path / "journal.toml").write_text(
        f"[[privacy_zones]]\nlat = {home.lat}\nlon = {home.lon}\nradius_m = {home.radius_m}\n",
        encoding="utf-8",
    )
    args = ["--root", str(tmp_path), "render", EXAMPLE.name]
    assert runner.invoke(app, args).exit_code == 0
    path = tmp_path / SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    secret = privacy_secret(tmp_path)
    assert privacy_secret(tmp_path) == secret  # read, not made again
    site = tmp_path / "site" / EXAMPLE.name
    first = (site / "route.geojson").read_bytes()
    hex_secret = secret.hex().encode()
    for file in [*files_under(site), *files_under(site, hidden=True)]:
        assert hex_secret not in file.read_bytes(), file
    # the route stops at the moved edge, the same edge on every render
    moved = veil_all([home], secret)[0]
    pairs = coordinate_pairs(first.decode())
    edge = min(pairs, key=lambda p: haversine_m(*p, moved.lat, moved.lon))
    assert abs(haversine_m(*edge, moved.lat, moved.lon) - moved.radius_m) < 20
    shutil.rmtree(site)
    assert runner.invoke(app, args).exit_code == 0
    assert (site / "route.geojson").read_bytes() == first
    assert json.loads(first)  # a real GeoJSON, not an empty file
