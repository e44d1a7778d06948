"""Reading and writing journal's per-trip cache files, where a cache is only ever a hint.

A missing, unreadable or corrupt cache is ignored (the work is simply done again) and one
that cannot be written only costs speed; either way a line is logged, never raised.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from journal.publish.manifest import write_atomic

log = logging.getLogger(__name__)


def read_bytes(path: Path, what: str) -> bytes | None:
    """The file's bytes, or None when there is none to use."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.info("ignoring the %s cache %s: %s", what, path, exc)
        return None


def read_json(path: Path, what: str, stamp: dict[str, Any]) -> dict[str, Any] | None:
    """A JSON cache written with `write_json` and the same stamp, else None."""
    data = read_bytes(path, what)
    if data is None:
        return None
    try:
        loaded = json.loads(data)
    except ValueError as exc:
        log.info("ignoring the %s cache %s: %s", what, path, exc)
        return None
    if not isinstance(loaded, dict) or loaded.get("stamp") != stamp:
        return None
    return loaded


def write(path: Path, data: bytes, what: str) -> None:
    """Write atomically; a failure is a log line, since a cache only saves time."""
    try:
        write_atomic(path, data)
    except OSError as exc:
        log.warning("could not write the %s cache %s: %s", what, path, exc)


def write_json(path: Path, what: str, stamp: dict[str, Any], body: dict[str, Any]) -> None:
    write(path, json.dumps({"stamp": stamp, **body}, separators=(",", ":")).encode(), what)
