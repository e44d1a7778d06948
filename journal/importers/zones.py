"""Private by default: an export's home and work become privacy zones, and nothing inside any
zone is copied into the trip.

The zones that count are the journal's (journal.toml), the trip's (trip.toml) and those made
now from the places the export marks as home or work. A track is cut at a zone's edge exactly
as the render cuts it (`enrich.privacy.cut_line`), so the trip's own files already say nothing
about where the rider lives; the raw history stays in the export. An entry written inside a
zone keeps its text and loses its position and place name (which may be a street address).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from journal.core.errors import Report
from journal.core.geo import haversine_m
from journal.core.models import PrivacyZone, TrackPoint, Waypoint
from journal.enrich.places import nearest_place
from journal.enrich.privacy import cut_line, hidden
from journal.importers.model import Export, PrivatePlace, SourceEntry, SourceTrack

#: The radius of a zone made from a home or work place: a few streets around the door.
HOME_RADIUS_M = 500.0
#: A stay with no name in the export and no town near it.
UNNAMED_STAY = "stop"


def zones_for(
    places: Iterable[PrivatePlace], existing: Sequence[PrivacyZone]
) -> list[tuple[PrivacyZone, PrivatePlace]]:
    """A zone per home or work place not inside a zone already (the same home seen on many
    days is one zone), with the place it was made from."""
    made: list[tuple[PrivacyZone, PrivatePlace]] = []
    for place in places:
        zones = [*existing, *(zone for zone, _ in made)]
        if any(haversine_m(place.lat, place.lon, z.lat, z.lon) <= z.radius_m for z in zones):
            continue
        # No name: a page names a day that starts here after the town around it ("Londra");
        # where the zone came from is a comment above it in trip.toml (`zone_note`).
        zone = PrivacyZone(round(place.lat, 5), round(place.lon, 5), HOME_RADIUS_M)
        made.append((zone, place))
    return made


def zone_note(place: PrivatePlace) -> str:
    """The comment above an imported zone in trip.toml: what it hides and where that was read."""
    return f"{place.label}, from {place.origin.name}"


def keep_private(export: Export, zones: Sequence[PrivacyZone]) -> None:
    """Leave out of `export` every position inside a zone; say how much in its report."""
    entries = [_entry(e, zones) for e in export.entries]
    moved = sum(a is not b for a, b in zip(export.entries, entries, strict=True))
    tracks, points, stays = [], 0, 0
    for track in export.tracks:
        kept, hid_points, hid_stays = _track(track, zones)
        points, stays = points + hid_points, stays + hid_stays
        if kept.segments or kept.untimed or kept.routes or kept.waypoints:
            tracks.append(kept)
    export.entries, export.tracks = entries, tracks
    report: Report = export.report
    where = None  # these are about the export as a whole, not one of its files
    if points or stays:
        report.warn(where, f"left out inside privacy zones: {_count(points, 'track point')}, "
                    f"{_count(stays, 'stay')}", code="import.in-zone")  # fmt: skip
    if moved:
        report.warn(where, f"{_count(moved, 'entry')} written inside privacy zones imported "
                    "without position or place", code="import.in-zone")  # fmt: skip


def _count(n: int, word: str) -> str:
    consonant_y = word.endswith("y") and word[-2:-1] not in tuple("aeiou")
    plural = word[:-1] + "ies" if consonant_y else word + "s"
    return f"{n} {word if n == 1 else plural}"


def _entry(entry: SourceEntry, zones: Sequence[PrivacyZone]) -> SourceEntry:
    where = entry.location
    if where is None or not hidden(where.lat, where.lon, zones):
        return entry
    return replace(entry, location=None, place=None)


def _track(track: SourceTrack, zones: Sequence[PrivacyZone]) -> tuple[SourceTrack, int, int]:
    """The track cut at the zones' edges (its recorded lines, untimed or not, and its planned
    routes alike), and how many points and stays were inside."""
    if not zones:
        return track, 0, 0
    lines = (*track.segments, *track.untimed, *track.routes)
    hid = sum(hidden(p.lat, p.lon, zones) for line in lines for p in line)

    def cut(kept: tuple[tuple[TrackPoint, ...], ...]) -> tuple[tuple[TrackPoint, ...], ...]:
        return tuple(tuple(piece) for line in kept for piece in cut_line(line, zones))

    waypoints = tuple(w for w in track.waypoints if not hidden(w.lat, w.lon, zones))
    kept = replace(
        track,
        segments=cut(track.segments),
        untimed=cut(track.untimed),
        routes=cut(track.routes),
        waypoints=waypoints,
    )
    return kept, hid, len(track.waypoints) - len(waypoints)


def name_stays(export: Export) -> None:
    """Give every stay a name (the export's, else the nearest town): GPX keeps named ones."""
    export.tracks = [
        replace(t, waypoints=tuple(_named(w) for w in t.waypoints)) for t in export.tracks
    ]


def _named(stay: Waypoint) -> Waypoint:
    if stay.name:
        return stay
    town = nearest_place(stay.lat, stay.lon)
    return replace(stay, name=town.name if town else UNNAMED_STAY)
