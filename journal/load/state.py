"""What journal remembers between commands, in the journal root: the current trip.

`journal new` without a trip writes into the trip the last `journal new` wrote into. Guessing
it from file times would send today's entry to an old trip the moment a word is corrected in
one of its entries; this file says it outright, and `journal trips` shows it. It is a plain
text file (`.journal/current-trip`, the trip's name on one line) a user may read or delete.
"""

from __future__ import annotations

import logging
from pathlib import Path

from journal.load.root import SLUG_RE

log = logging.getLogger(__name__)

CURRENT_TRIP = ".journal/current-trip"


def current_trip(root: Path) -> str | None:
    """The trip named in the state file, or None without one (or with a name that is not a
    trip name: the file was edited by hand into something else)."""
    try:
        name = (root / CURRENT_TRIP).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name if SLUG_RE.match(name) else None


def remember_trip(root: Path, slug: str) -> None:
    """Make `slug` the current trip. Written whole (temp file and rename), so two commands at
    once leave one name; a journal on a read-only disk only loses the memory."""
    if current_trip(root) == slug:
        return
    from journal.core.files import write_atomic  # only when the trip changes: a rare write

    path = root / CURRENT_TRIP
    try:
        write_atomic(path, f"{slug}\n".encode())
    except OSError as exc:
        log.warning("cannot remember the current trip in %s: %s", path, exc)
