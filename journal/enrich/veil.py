"""Privacy zones as they are published: moved and widened by a secret, so their edge says
nothing about where the real centre is.

Cutting every line at a zone's own circle leaves the cut ends on that circle, and a circle
fitted through them recovers its centre to the metre: the attack that exposed Strava's
privacy zones. Here each zone is replaced, before anything is cut or hidden, by a larger
circle that still holds the whole real zone: its centre moved by a secret distance (a third
to two thirds of the radius) in a secret direction, its radius the real one plus that
distance plus a secret jitter (up to a third of the radius). A fit through the cut ends finds
the moved centre, at least a third of the radius from home, and never a point inside the
real zone is published because the real zone lies wholly inside the published one.

The amounts come from an HMAC of the zone with the journal's secret (`journal.load.secret`),
so every render of a journal draws the same edges: two renders compared, or many trips
around one home, give an attacker nothing more than one does.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Iterable

from journal.core.geo import EARTH_RADIUS_M
from journal.core.models import PrivacyZone

#: The secret shift of a zone's centre, as fractions of its radius.
SHIFT = (1 / 3, 2 / 3)
#: The secret widening beyond what holds the real zone, as a fraction of its radius.
JITTER = 1 / 3


def _fractions(zone: PrivacyZone, secret: bytes) -> tuple[float, float, float]:
    """Three numbers in [0, 1) that only the secret and the zone decide."""
    message = f"{zone.lat!r}|{zone.lon!r}|{zone.radius_m!r}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return tuple(int.from_bytes(digest[i : i + 8], "big") / 2**64 for i in (0, 8, 16))  # type: ignore[return-value]


def _moved(lat: float, lon: float, bearing: float, distance_m: float) -> tuple[float, float]:
    """The point `distance_m` from (lat, lon) along `bearing` (radians), on the sphere."""
    phi, lam, delta = math.radians(lat), math.radians(lon), distance_m / EARTH_RADIUS_M
    phi2 = math.asin(
        math.sin(phi) * math.cos(delta) + math.cos(phi) * math.sin(delta) * math.cos(bearing)
    )
    lam2 = lam + math.atan2(
        math.sin(bearing) * math.sin(delta) * math.cos(phi),
        math.cos(delta) - math.sin(phi) * math.sin(phi2),
    )
    return math.degrees(phi2), (math.degrees(lam2) + 540) % 360 - 180


def veil(zone: PrivacyZone, secret: bytes) -> PrivacyZone:
    """The published zone: a wider circle around a secretly moved centre, holding `zone`."""
    turn, shift_part, jitter_part = _fractions(zone, secret)
    shift = zone.radius_m * (SHIFT[0] + (SHIFT[1] - SHIFT[0]) * shift_part)
    lat, lon = _moved(zone.lat, zone.lon, 2 * math.pi * turn, shift)
    radius = zone.radius_m + shift + zone.radius_m * JITTER * jitter_part
    return PrivacyZone(lat, lon, radius, zone.name)


def veil_all(zones: Iterable[PrivacyZone], secret: bytes) -> tuple[PrivacyZone, ...]:
    return tuple(veil(zone, secret) for zone in zones)
