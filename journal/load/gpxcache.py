"""The per-trip cache of parsed GPX files: a warm render reads (and imports) no GPX parser.

Parsing a 100,000-point GPX takes gpxpy about two seconds; reading it back from here takes a
tenth of that, most of it spent building the model's `TrackPoint`s. Each file is keyed by
absolute path, size and mtime_ns, and the whole cache is stamped with the journal version and
a format number. The reasons a file is less than perfect are kept too, so a warm render warns
about it in the same words as a cold one. The cache is a hint, never a source of truth: a
missing, corrupt or older cache is ignored and rewritten.

Layout: the magic `JTRK`, the length of a JSON header, the header, then the points of every
cached file as packed arrays in the machine's byte order (stamped in the header): lat, lon and
alt as float64, times as int64 microseconds since the Unix epoch, one block per segment,
addressed by offsets in the header. Flat arrays load in a millisecond; JSON of 100,000 points
takes a tenth of a second.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import struct
import sys
from array import array
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

from journal import __version__
from journal.core.cache import CacheFile, PerFile, Stored, per_file
from journal.core.models import Note, Track, TrackPoint, Waypoint

log = logging.getLogger(__name__)

CACHE_FORMAT = 2  # 2: reasons carry their codes
FILE_NAME = "tracks.cache"
_MAGIC = b"JTRK"
_HEAD = struct.Struct("<4sI")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)
# How a column of one segment is stored: every point has a value, none has, or some have
# (then a byte per point says which).
_ALL, _NONE, _SOME = 0, 1, 2


#: What one GPX file is stored as: JSON-able facts (name, waypoints, reasons, segment
#: layouts) and the packed points of its segments.
_Packed = tuple[dict[str, Any], bytes]


def read_tracks(
    paths: Sequence[Path], cache_file: Path | None
) -> list[tuple[Path, Track | None, list[Note]]]:
    """`gpx.read_track` for many files, skipping the parser for every unchanged one.

    Returns `(path, track, reasons)` per path, in order, exactly as `read_track` would; a
    cache that cannot be written only costs speed.
    """
    return read_tracks_later(paths, cache_file)()


Tracks = list[tuple[Path, Track | None, list[Note]]]


def read_tracks_later(
    paths: Sequence[Path], cache_file: Path | None, workers: Executor | None = None
) -> Callable[[], Tracks]:
    """`read_tracks`, with the files the cache cannot answer handed to `workers` now (a
    process parses and packs a file as the cache stores it; the main process unpacks it),
    and the answers collected when the returned function is called."""
    cache = CacheFile(cache_file, "track", _stamp())
    cached = _load_cache(cache)
    parsing: dict[Path, Future] = {}
    if workers is not None:
        parsing = {p: workers.submit(_parse_packed, p) for p in paths if _changed(p, cached)}

    def compute(path: Path) -> tuple[Track | None, list[Note]]:
        if path not in parsing:
            return _read_track(path)
        packed, answer = parsing[path].result()
        return answer if packed is None else _decode(path, packed) or _read_track(path)

    def collect() -> Tracks:
        how = PerFile(compute=compute, encode=_encode, decode=_decode)
        answers, fresh, parsed = per_file(paths, cached, how)
        log.debug("parsed %s of %s GPX files", parsed, len(answers))
        if cache_file and (parsed or fresh.keys() != cached.keys()):
            _save_cache(cache, fresh)
        return [(path, track, reasons) for path, (track, reasons) in answers]

    return collect


def _changed(path: Path, cached: Mapping[str, Stored[_Packed]]) -> bool:
    """Whether the cache cannot answer for `path` (as `per_file` will find)."""
    entry = cached.get(str(path.absolute()))
    try:
        stat = path.stat()
    except OSError:
        return False  # the reader says why, in the main process
    return entry is None or (entry.size, entry.mtime_ns) != (stat.st_size, stat.st_mtime_ns)


def _parse_packed(path: Path) -> tuple[_Packed | None, tuple[Track | None, list[Note]] | None]:
    """In a worker: the file parsed and packed as the cache keeps it (cheap to send back),
    or the answer itself when it is not one to keep."""
    answer = _read_track(path)
    packed = _encode(answer)
    return (packed, None) if packed is not None else (None, answer)


def _read_track(path: Path) -> tuple[Track | None, list[Note]]:
    """Imported on first use: gpxpy costs start-up time a warm render does not need."""
    from journal.load.gpx import read_track

    return read_track(path)


def _stamp() -> dict[str, Any]:
    return {"format": CACHE_FORMAT, "journal": __version__, "byteorder": sys.byteorder}


def _encode(answer: tuple[Track | None, list[Note]]) -> _Packed | None:
    """The cache entry of one file; None when the file could not be read (try again)."""
    from journal.load.gpx import CANNOT_READ

    track, reasons = answer
    if any(reason.code == CANNOT_READ for reason in reasons):
        return None
    meta: dict[str, Any] = {"reasons": [[r.code, str(r)] for r in reasons]}
    blocks: list[bytes] = []
    if track is not None:
        meta["name"] = track.name
        meta["waypoints"] = [
            [w.lat, w.lon, w.name, None if w.time is None else _micros(w.time)]
            for w in track.waypoints
        ]
        meta["segments"] = [_encode_segment(points, blocks) for points in track.segments]
    return meta, b"".join(blocks)


def _encode_segment(points: Sequence[TrackPoint], blocks: list[bytes]) -> list[int]:
    """Append the packed columns of one segment to `blocks`; its layout for the header."""
    blocks.append(array("d", [p.lat for p in points]).tobytes())
    blocks.append(array("d", [p.lon for p in points]).tobytes())
    alt_mode = _mode([p.alt is not None for p in points])
    if alt_mode != _NONE:
        blocks.append(array("d", [0.0 if p.alt is None else p.alt for p in points]).tobytes())
    if alt_mode == _SOME:
        blocks.append(bytes(p.alt is not None for p in points))
    time_mode = _mode([p.time is not None for p in points])
    if time_mode != _NONE:
        blocks.append(
            array("q", [0 if p.time is None else _micros(p.time) for p in points]).tobytes()
        )
    if time_mode == _SOME:
        blocks.append(bytes(p.time is not None for p in points))
    return [len(points), alt_mode, time_mode]


def _mode(present: list[bool]) -> int:
    return _ALL if all(present) else _SOME if any(present) else _NONE


def _micros(time: dt.datetime) -> int:
    return (time - _EPOCH) // _MICROSECOND


def _utc(micros: int) -> dt.datetime:
    return _EPOCH + dt.timedelta(microseconds=micros)


def _decode(path: Path, entry: _Packed) -> tuple[Track | None, list[Note]] | None:
    """The inverse of `_encode`; None for anything malformed, so the file is parsed again."""
    try:
        meta, blob = entry
        reasons = [Note(code, text) for code, text in meta["reasons"]]
        if "segments" not in meta:
            return None, reasons
        view = memoryview(blob)
        offset = 0
        segments = []
        for count, alt_mode, time_mode in meta["segments"]:
            lats, offset = _column(view, offset, "d", count)
            lons, offset = _column(view, offset, "d", count)
            alts: Sequence[float | None] = [None] * count
            if alt_mode != _NONE:
                alts, offset = _column(view, offset, "d", count)
            if alt_mode == _SOME:
                mask, offset = bytes(view[offset : offset + count]), offset + count
                alts = [a if m else None for a, m in zip(alts, mask, strict=True)]
            times: list[dt.datetime | None] = [None] * count
            if time_mode != _NONE:
                micros, offset = _column(view, offset, "q", count)
                epoch, delta = _EPOCH, dt.timedelta
                times = [epoch + delta(microseconds=us) for us in micros]
            if time_mode == _SOME:
                mask, offset = bytes(view[offset : offset + count]), offset + count
                times = [t if m else None for t, m in zip(times, mask, strict=True)]
            segments.append(tuple(map(TrackPoint, lats, lons, alts, times)))
        if offset != len(view):
            raise ValueError("points left over")
        waypoints = tuple(
            Waypoint(lat, lon, name, None if us is None else _utc(us))
            for lat, lon, name, us in meta["waypoints"]
        )
        track = Track(path=path, name=meta["name"], segments=tuple(segments), waypoints=waypoints)
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        log.info("ignoring the cached track of %s: %s", path, exc)
        return None
    return track, reasons


def _column(view: memoryview, offset: int, code: str, count: int) -> tuple[array[Any], int]:
    column = array(code)
    end = offset + column.itemsize * count
    if count < 0 or end > len(view):
        raise ValueError("points cut short")
    column.frombytes(view[offset:end])
    return column, end


def _load_cache(cache: CacheFile) -> dict[str, Stored[_Packed]]:
    data = cache.read_bytes()
    if data is None:
        return {}
    try:
        magic, length = _HEAD.unpack_from(data)
        if magic != _MAGIC:
            raise ValueError("not a track cache")
        header = json.loads(data[_HEAD.size : _HEAD.size + length])
    except (ValueError, struct.error) as exc:
        log.info("ignoring the track cache %s: %s", cache.path, exc)
        return {}
    if not isinstance(header, dict) or header.get("stamp") != _stamp():
        return {}
    blob = memoryview(data)[_HEAD.size + length :]
    entries: dict[str, Stored[_Packed]] = {}
    try:
        for key, (size, mtime_ns, start, end, meta) in header["files"].items():
            entries[key] = Stored(size, mtime_ns, (meta, bytes(blob[start:end])))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        log.info("ignoring the track cache %s: %s", cache.path, exc)
        return {}
    return entries


def _save_cache(cache: CacheFile, entries: dict[str, Stored[_Packed]]) -> None:
    files: dict[str, list[Any]] = {}
    offset = 0
    for key, entry in entries.items():
        meta, blob = entry.value
        files[key] = [entry.size, entry.mtime_ns, offset, offset + len(blob), meta]
        offset += len(blob)
    header = json.dumps({"stamp": _stamp(), "files": files}, separators=(",", ":")).encode()
    blobs = (entry.value[1] for entry in entries.values())
    cache.write_bytes(b"".join([_HEAD.pack(_MAGIC, len(header)), header, *blobs]))
