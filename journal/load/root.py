"""Finding the journal root (the folder that holds `trips/`) and the trips inside it.

Kept free of heavy imports: `journal new` runs through here on a phone terminal.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from journal.core.errors import JournalError

#: A trip or entry slug: lower-case words joined by hyphens. Nothing that could climb out of
#: its folder ("..", "/", "\\") or surprise a URL.
SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{0,78}[a-z0-9])?$")


#: journal's own cache folder under the root. The photo cache holds raw EXIF positions (home
#: included), so it lives here and never inside an output folder a user may upload.
CACHE_DIR = ".journal/cache"


def cache_dir(root: Path, trip_dir: Path) -> Path:
    """Where the per-trip caches live (photo metadata read from EXIF)."""
    return root / CACHE_DIR / trip_dir.name


def user_cache_dir() -> Path | None:
    """journal's cache shared by every journal of this user: data built from installed
    packages (the packed gazetteer), never anything read from a trip. Built once per machine,
    not once per journal: `$XDG_CACHE_HOME/journal`, else the platform's user cache folder;
    None when there is no home folder to keep it in."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and Path(xdg).is_absolute():  # a relative one is ignored, as the XDG spec says
        return Path(xdg) / "journal"
    local = os.environ.get("LOCALAPPDATA", "")
    if sys.platform == "win32" and local:
        return Path(local) / "journal" / "Cache"
    try:
        home = Path.home()
    except RuntimeError:  # no HOME and no password entry: a bare container
        return None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "journal"
    return home / ".cache" / "journal"


def gazetteer_dir(root: Path) -> Path:
    """Where the commands keep the packed gazetteer and the place names beside it: the
    user's cache, built once per machine and shared by every journal, else the journal's own
    cache folder."""
    return user_cache_dir() or root / CACHE_DIR


def find_root(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """`--root`, else `JOURNAL_ROOT`, else the nearest folder upwards that holds `trips/`."""
    if explicit is not None:
        root = explicit.expanduser().resolve()
        if not root.is_dir():
            raise JournalError(root, "journal root is not a folder")
        return root
    env = os.environ.get("JOURNAL_ROOT")
    if env:
        root = Path(env).expanduser().resolve()
        if not root.is_dir():
            raise JournalError(root, "JOURNAL_ROOT is not a folder")
        return root
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "trips").is_dir():
            return folder
    raise JournalError(
        start,
        "no trips/ folder here or above; run inside a journal, or pass --root / set JOURNAL_ROOT",
    )


def check_slug(slug: str, what: str = "trip name") -> str:
    """Refuse names that would escape their folder or make a bad URL."""
    if not SLUG_RE.match(slug):
        raise JournalError(
            None,
            f"invalid {what} {slug!r}: use lower-case letters, digits and hyphens "
            "(no '/', '..' or spaces)",
        )
    return slug


def trip_dir(root: Path, trip: str) -> Path:
    """The folder of a trip named on the command line: a slug, or a path to a trip folder."""
    candidate = Path(trip)
    if len(candidate.parts) > 1 or candidate.is_absolute():
        folder = candidate.expanduser().resolve()
        if not (folder / "trip.toml").is_file():
            raise JournalError(folder, "not a trip folder (no trip.toml)")
        check_slug(folder.name)  # its name becomes the output folder and every URL
        return folder
    check_slug(trip)
    folder = root / "trips" / trip
    if not folder.is_dir():
        raise JournalError(folder, "no such trip")
    return folder


def list_trip_dirs(root: Path) -> list[Path]:
    """Trip folders under `<root>/trips`, by name; folders without trip.toml are not trips."""
    trips = root / "trips"
    if not trips.is_dir():
        return []
    return sorted(
        p for p in trips.iterdir() if not p.name.startswith(".") and (p / "trip.toml").is_file()
    )
