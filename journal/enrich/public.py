"""The privacy step: the loaded, enriched trip becomes the `PublicTrip` render and publish take.

Order matters. Drafts go first (their text and positions are the author's alone); then each
zone is veiled (moved and widened by the journal's secret, `veil.py`) and every
position inside it is dropped and every GPX line cut at a zone's edge; only then
is the route built and cut again (a straight line between two stops outside a zone can cross
it), and the numbers computed on what remains, so no statistic can come from inside a zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from journal.core.models import PrivacyZone, Trip
from journal.core.public import PRIVACY_SEAL, PublicTrip
from journal.enrich.privacy import apply_privacy, cut_route, zones_of
from journal.enrich.route import build_route
from journal.enrich.stats import remembered_stats
from journal.enrich.veil import veil_all


def without_drafts(trip: Trip) -> Trip:
    """The trip as published: draft texts removed, and entries left with none (their photos
    stay in the trip); a draft translation hides only itself."""
    published = (entry.without_drafts() for entry in trip.entries)
    return replace(trip, entries=tuple(e for e in published if e is not None))


def make_public(
    trip: Trip,
    extra_zones: Iterable[PrivacyZone] = (),
    *,
    secret: bytes,
    place_cache: Path | None = None,
    stats_cache: Path | None = None,
) -> PublicTrip:
    """What of `trip` may be published, with its route and numbers.

    `extra_zones` are the journal-wide zones of journal.toml (home, once for every trip);
    `secret` is the journal's privacy secret, which moves and widens every zone before it is
    used (`veil`: the published edges say nothing about the real centres); `place_cache` is
    the file where town look-ups are remembered between renders, `stats_cache` the numbers.
    """
    zones = veil_all(zones_of(trip, extra_zones), secret)
    safe = apply_privacy(without_drafts(trip), zones)
    route = cut_route(build_route(safe), zones)
    stats = remembered_stats(route, safe, place_cache, stats_cache, zones)
    return PublicTrip(safe, route, stats, seal=PRIVACY_SEAL)
