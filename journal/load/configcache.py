"""trip.toml and journal.toml as validated last time, when their text has not changed since.

Validating a config file means importing the schema (pydantic builds its models at import:
0.06-0.1 s, more than the rest of reading a trip of 2,000 photos) to check a file that was
checked last time and has not changed. So the validated value is kept in journal's cache
folder under a hash of the file's bytes, of where it lies (a trip's folder name is its
default title, journal.toml's blog path is relative to the root) and of the code that reads
it; only a file read without any problem is kept, so a hit has nothing to report. The value
is pickled: the config models are frozen dataclasses of plain values, and the key changes
with their code. Like every cache, a missing, stale or unreadable file is a miss.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TypeVar

from journal.core.cache import CacheFile, code_stamp
from journal.core.errors import Report
from journal.core.models import JournalSettings, TripConfig

log = logging.getLogger(__name__)

T = TypeVar("T", TripConfig, JournalSettings)

#: The code a validated config comes from: a change to any of it is a new key.
READING_SOURCES = ("load/config.py", "load/schema.py", "core/models.py")


def _remembered(
    path: Path, cache_file: Path | None, report: Report, kind: type[T], load: Callable[[], T | None]
) -> T | None:
    """`load()`, or what it returned last time for the same bytes at the same place."""
    try:
        data = path.read_bytes()
    except OSError:
        return load()  # the reader says what is wrong
    key = hashlib.sha256(f"{path.resolve()}\n".encode() + data).hexdigest()
    cache = CacheFile(cache_file, "config", {"code": code_stamp(READING_SOURCES), "key": key})
    kept = (cache.read_files() or {}).get("value")  # None unless stamped with this key
    if kept is not None:
        try:
            value = pickle.loads(kept)
        except Exception as exc:  # any damage is a miss: unpickling raises many kinds
            log.info("ignoring the config cache %s: %s", cache_file, exc)
        else:
            if isinstance(value, kind):
                return value
    before = len(report.problems)
    value = load()
    if value is not None and len(report.problems) == before:
        cache.write_files({"value": pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)})
    return value


def _reader() -> ModuleType:
    """The reader, imported on a miss only (it imports TOML, time zones, difflib)."""
    from journal.load import config

    return config


def load_config(trip_dir: Path, report: Report, cache_dir: Path | None) -> TripConfig | None:
    """`config.load_config`, remembered in the trip's cache folder."""
    cache_file = cache_dir / "config.cache" if cache_dir is not None else None
    return _remembered(
        trip_dir / "trip.toml",
        cache_file,
        report,
        TripConfig,
        lambda: _reader().load_config(trip_dir, report),
    )


def load_settings(root: Path, report: Report, cache_folder: Path | None) -> JournalSettings:
    """`config.load_settings`, remembered in journal's cache folder."""
    path = root / "journal.toml"
    if not path.is_file():
        return JournalSettings()
    cache_file = cache_folder / "settings.cache" if cache_folder is not None else None
    settings = _remembered(
        path, cache_file, report, JournalSettings, lambda: _reader().load_settings(root, report)
    )
    return settings or JournalSettings()
