"""The per-trip cache of clip metadata: a warm render opens no clip and loads no MediaInfo.

Kept as the photo cache is (`journal.core.cache.per_file`: absolute path, size, mtime_ns;
JSON, stamped with the code that reads clips), in a file of its own, because a clip's answer
also depends on the drone telemetry beside it: the `.SRT`'s size and mtime are kept with
the answer, and a changed, new or removed SRT reads the clip again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from journal.core.cache import CacheFile, PerFile, Stored, code_stamp, per_file
from journal.core.clips import ClipMeta
from journal.core.models import TrackPoint
from journal.load.djisrt import sidecar
from journal.load.exifcache import decode as decode_meta
from journal.load.exifcache import encode as encode_meta

log = logging.getLogger(__name__)

FILE_NAME = "clips.cache"
#: The code whose answers the cache holds: a change to any of it reads every clip again.
SOURCES = (
    "load/clipmeta.py",
    "load/mp4.py",
    "load/gpmf.py",
    "load/djisrt.py",
    "load/exif.py",
    "core/clips.py",
)


#: One clip's answer: its metadata and the size and mtime of the SRT it was read with.
Answer = tuple[ClipMeta, list[int] | None]


def _read_clip(path: Path) -> Answer:
    """Imported on first use: a warm render needs neither the reader nor MediaInfo."""
    from journal.load.clipmeta import read_clip

    return read_clip(path), _srt_stamp(path)


def read_clip_metas(paths: Sequence[Path], cache_file: Path | None) -> dict[Path, ClipMeta]:
    """`read_clip` for many clips, skipping every one whose file and SRT are unchanged."""
    if not paths:
        return {}
    stamp = {"code": code_stamp(SOURCES, ("pymediainfo",))}
    cache = CacheFile(cache_file, "clip", stamp)
    rows = (cache.read_json() or {}).get("clips")
    cached = {
        key: Stored(row[0], row[1], row[2])
        for key, row in (rows.items() if isinstance(rows, dict) else ())
        if isinstance(row, list) and len(row) == 3
    }
    how = PerFile(compute=_read_clip, encode=encode, decode=decode)
    answers, fresh, reread = per_file(paths, cached, how)
    log.debug("read %s of %s clips", reread, len(answers))
    if cache_file and (reread or fresh.keys() != cached.keys()):
        cache.write_json({"clips": {k: [e.size, e.mtime_ns, e.value] for k, e in fresh.items()}})
    return {path: answer[0] for path, answer in answers}


def _srt_stamp(clip: Path) -> list[int] | None:
    srt = sidecar(clip)
    if srt is None:
        return None
    stat = srt.stat()
    return [stat.st_size, stat.st_mtime_ns]


def encode(answer: Answer) -> dict[str, Any] | None:
    """A clip's answer as JSON values: the photo's fields, the clip's, the SRT's stamp."""
    meta, srt = answer
    return {
        **encode_meta(meta),
        "clip": [meta.duration, meta.rotation, meta.frame_rate, meta.audio],
        "track": [
            [p.lat, p.lon, p.alt, p.time.timestamp() if p.time else None] for p in meta.track
        ],
        "srt": srt,
    }


def decode(path: Path, data: Any) -> Answer | None:
    """The inverse of `encode`; None when malformed or when the SRT beside it changed."""
    try:
        fields = dict(data)
        srt = fields.pop("srt", None)
        if srt != _srt_stamp(path):
            return None
        duration, rotation, frame_rate, audio = fields.pop("clip")
        track = tuple(
            TrackPoint(lat, lon, alt, _utc(when)) for lat, lon, alt, when in fields.pop("track")
        )
        base = decode_meta(fields)
        if base is None:
            return None
        meta = ClipMeta(**vars(base), duration=duration, rotation=rotation,
                        frame_rate=frame_rate, audio=audio, track=track)  # fmt: skip
        return meta, srt
    except (TypeError, ValueError, KeyError, OSError):
        return None


def _seconds(when: dt.datetime | None) -> float | None:
    return when.timestamp() if when is not None else None


def _utc(seconds: float | None) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(seconds, dt.UTC) if seconds is not None else None
