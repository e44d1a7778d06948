"""What an import did, counted, and the lines that tell the rider.

Problems (a malformed file, what was skipped and why, an entry left alone) are `Problem`s in
`report`, printed like every other command's; the counts are here so the summary says in a few
lines what landed in the trip folder and what a re-import found already there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from journal.core.errors import Report
from journal.core.models import PrivacyZone
from journal.importers.model import PrivatePlace


@dataclass
class Outcome:
    """Files of one kind: written now, found identical, or found different and left alone."""

    new: int = 0
    same: int = 0
    kept: int = 0
    deleted: int = 0  # brought by an earlier import and deleted since: left out

    def describe(self) -> str:
        parts = [f"{self.new} new"]
        if self.same:
            parts.append(f"{self.same} already there")
        if self.kept:
            parts.append(f"{self.kept} left alone (changed since)")
        if self.deleted:
            parts.append(f"{self.deleted} deleted since an earlier import, left out (imported.txt)")
        return ", ".join(parts)


@dataclass
class ImportResult:
    """One `journal import`: where it went, what it wrote, and every problem met."""

    source: str
    trip_dir: Path
    report: Report
    created: bool = False
    entries: Outcome = field(default_factory=Outcome)
    photos: Outcome = field(default_factory=Outcome)
    tracks: Outcome = field(default_factory=Outcome)
    points: int = 0  # track points in the tracks imported (written or already there)
    waypoints: int = 0  # places marked in them: stays, course points, a GPX's waypoints
    routes: int = 0  # planned routes in them
    zones: list[tuple[PrivacyZone, PrivatePlace]] = field(default_factory=list)
    outside: int = 0  # entries and tracks outside --from/--to
    positioned: int = 0  # photos without GPS given their entry's position in trip.toml

    def _lines(self) -> str:
        found = [f"{self.points} track points"]
        if self.waypoints:
            found.append(f"{self.waypoints} waypoint{'s' if self.waypoints != 1 else ''}")
        if self.routes:
            found.append(f"{self.routes} planned route{'s' if self.routes != 1 else ''}")
        return ", ".join(found)

    def lines(self) -> list[str]:
        """The summary, after the problems: counts first, then the privacy zones made."""
        verb = "created" if self.created else "updated"
        lines = [
            f"{self.source} -> {self.trip_dir} ({verb})",
            f"  entries: {self.entries.describe()}",
            f"  photos: {self.photos.describe()}",
            f"  tracks: {self.tracks.describe()}; {self._lines()}",
        ]
        if self.positioned:
            lines.append(
                f"  {self.positioned} photos without GPS placed at their entry's position "
                '(trip.toml [photos."..."])'
            )
        if self.outside:
            lines.append(f"  {self.outside} entries or tracks outside --from/--to not imported")
        for zone, place in self.zones:
            lines.append(
                f"  privacy zone added to trip.toml: {place.label} from {place.origin.name} "
                f"({zone.radius_m:g} m): nothing inside it is imported or published"
            )
        if not self.zones:
            lines.append("  privacy zones: none added")
        return lines
