"""The per-trip cache of photo metadata: a warm render reads (and imports) no EXIF reader.

Keyed by absolute path, size and mtime_ns, stamped with the journal version and a format
number; JSON, written atomically. The cache is a hint, never a source of truth.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from journal import __version__
from journal.core import cache as cachefile
from journal.core.models import GeoPoint, PhotoMeta

log = logging.getLogger(__name__)

CACHE_FORMAT = 1


def _read_meta(path: Path) -> PhotoMeta:
    """Imported on first use: exifread costs start-up time a warm render does not need."""
    from journal.load.exif import read_meta

    return read_meta(path)


def read_metas(paths: Sequence[Path], cache_file: Path | None) -> dict[Path, PhotoMeta]:
    """`read_meta` for many photos, skipping every photo whose size and mtime are unchanged.

    The cache is a hint, never a source of truth: a missing, corrupt or older-version cache
    file is ignored and rewritten, and a cache that cannot be written only costs speed.
    """
    cached = _load_cache(cache_file) if cache_file else {}
    fresh: dict[str, list[Any]] = {}
    metas: dict[Path, PhotoMeta] = {}
    reread = 0
    for path in paths:
        key = str(path.absolute())
        try:
            stat = path.stat()
        except OSError:
            metas[path] = _read_meta(path)  # says why in its notes
            continue
        entry = cached.get(key)
        meta = None
        if entry and entry[0] == stat.st_size and entry[1] == stat.st_mtime_ns:
            meta = decode(entry[2])
        if meta is None:
            meta = _read_meta(path)
            reread += 1
        metas[path] = meta
        fresh[key] = [stat.st_size, stat.st_mtime_ns, encode(meta)]
    log.debug("read EXIF of %s of %s photos", reread, len(metas))
    if cache_file and (reread or fresh.keys() != cached.keys()):
        _save_cache(cache_file, fresh)
    return metas


def _cache_stamp() -> dict[str, Any]:
    return {"format": CACHE_FORMAT, "journal": __version__}


def _load_cache(cache_file: Path) -> dict[str, list[Any]]:
    data = cachefile.read_json(cache_file, "photo", _cache_stamp()) or {}
    photos = data.get("photos")
    return photos if isinstance(photos, dict) else {}


def _save_cache(cache_file: Path, photos: dict[str, list[Any]]) -> None:
    cachefile.write_json(cache_file, "photo", _cache_stamp(), {"photos": photos})


def encode(meta: PhotoMeta) -> dict[str, Any]:
    """A PhotoMeta as plain JSON values, leaving out what has its default value."""
    out: dict[str, Any] = {}
    if meta.position:
        out["position"] = [meta.position.lat, meta.position.lon, meta.position.alt]
    for name in ("camera_time", "gps_time"):
        value = getattr(meta, name)
        if value is not None:
            out[name] = value.isoformat()
    for name in ("camera_offset", "make", "model", "width", "height"):
        if getattr(meta, name) is not None:
            out[name] = getattr(meta, name)
    if meta.orientation != 1:
        out["orientation"] = meta.orientation
    if meta.notes:
        out["notes"] = list(meta.notes)
    return out


def decode(data: Any) -> PhotoMeta | None:
    """The inverse of `_encode`; None for anything malformed, so the photo is read again."""
    try:
        fields = dict(data)
        if "position" in fields:
            fields["position"] = GeoPoint(*fields["position"])
        for name in ("camera_time", "gps_time"):
            if name in fields:
                fields[name] = dt.datetime.fromisoformat(fields[name])
        if "notes" in fields:
            fields["notes"] = tuple(fields["notes"])
        return PhotoMeta(**fields)
    except (TypeError, ValueError):
        return None
