"""The per-trip cache of photo metadata: a warm render reads (and imports) no EXIF reader.

Keyed by absolute path, size and mtime_ns (see `journal.core.cache`), stamped with the journal
version and a format number; JSON, written atomically. `journal new` reads the same file for
the newest photo's position, so its layout (`photos: {path: [size, mtime_ns, meta]}`) is
kept stable.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from journal import __version__
from journal.core.cache import CacheFile, PerFile, Stored, per_file
from journal.core.models import GeoPoint, Note, PhotoMeta

log = logging.getLogger(__name__)

CACHE_FORMAT = 3  # 2: notes carry their codes; 3: sizes from the image header first


def _read_meta(path: Path) -> PhotoMeta:
    """Imported on first use: exifread costs start-up time a warm render does not need."""
    from journal.load.exif import read_meta

    return read_meta(path)


def read_metas(paths: Sequence[Path], cache_file: Path | None) -> dict[Path, PhotoMeta]:
    """`read_meta` for many photos, skipping every photo whose size and mtime are unchanged."""
    cache = CacheFile(cache_file, "photo", {"format": CACHE_FORMAT, "journal": __version__})
    cached = _load_cache(cache)
    how = PerFile(compute=_read_meta, encode=encode, decode=lambda _path, data: decode(data))
    answers, fresh, reread = per_file(paths, cached, how)
    log.debug("read EXIF of %s of %s photos", reread, len(answers))
    if cache_file and (reread or fresh.keys() != cached.keys()):
        rows = {key: [e.size, e.mtime_ns, e.value] for key, e in fresh.items()}
        cache.write_json({"photos": rows})
    return dict(answers)


def _load_cache(cache: CacheFile) -> dict[str, Stored[dict[str, Any]]]:
    """The stored rows `[size, mtime_ns, meta]` by absolute path; malformed rows are misses."""
    photos = (cache.read_json() or {}).get("photos")
    if not isinstance(photos, dict):
        return {}
    return {
        key: Stored(row[0], row[1], row[2])
        for key, row in photos.items()
        if isinstance(row, list) and len(row) == 3
    }


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
        out["notes"] = [[note.code, str(note)] for note in meta.notes]
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
            fields["notes"] = tuple(Note(code, text) for code, text in fields["notes"])
        return PhotoMeta(**fields)
    except (TypeError, ValueError):
        return None
