"""GoPro's GPMF telemetry: every GPS fix of a clip, with its time in UTC.

A GoPro writes its sensors into a metadata track of the MP4 (`GoPro MET`, format `gpmd`):
one payload a second of KLV items (a FourCC key, a type, a size, a repeat count), nested
in devices (`DEVC`) and streams (`STRM`), as GoPro documents in gopro/gpmf-parser. The
GPS stream is one of two:

- `GPS5` (HERO5 to HERO10, MAX): latitude, longitude, altitude, 2D and 3D speed as scaled
  integers, about 18 a second; the payload carries its UTC time (`GPSU`), the fix type
  (`GPSF`: 0 none, 2 or 3 a fix) and the precision (`GPSP`, DOP x 100);
- `GPS9` (HERO11 on): the same five values plus each fix's own date and time, DOP and fix.

The camera's clock (the MP4's `creation_time`) is local time labelled UTC, so the GPS time
is the truth: the clip's start is the median over payloads of `GPSU - the payload's place
in the clip` (the first payload's GPSU is often stale, from before the lock). Fixes without
a lock or less precise than DOP 5 (GoPro's own advice) are dropped. Never raises for a bad
payload: it is skipped and counted.
"""

from __future__ import annotations

import datetime as dt
import statistics
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from journal.core.models import TrackPoint
from journal.load.mp4 import Mp4Index, read_samples

#: GoPro's threshold for a usable fix: a dilution of precision under 5 (GPSP under 500).
MAX_DOP = 5.0
_GPS2000 = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
#: KLV value types: struct format of one value; `?` (complex) is spelled out by `TYPE`.
_FORMATS = {"b": "b", "B": "B", "s": "h", "S": "H", "l": "i", "L": "I", "f": "f", "d": "d",
            "j": "q", "J": "Q", "c": "c", "F": "4s", "U": "16s"}  # fmt: skip


@dataclass(frozen=True)
class Telemetry:
    """What a GoPro's GPS recorded during one clip."""

    fixes: tuple[TrackPoint, ...]  # in time order, UTC
    start: dt.datetime | None  # the clip's first frame, UTC
    device: str | None  # "GoPro Max", "HERO11 Black"
    kind: str  # "GPS5" or "GPS9"
    dropped: int  # fixes without a lock or too imprecise


@dataclass
class _Stream:
    """The sticky values of one `STRM` as its items are read in order."""

    scale: tuple[float, ...] = (1.0,)
    types: str = ""
    utc: dt.datetime | None = None
    fix: int = 3
    dop: float = 0.0


def read_telemetry(path: Path, index: Mp4Index) -> Telemetry | None:
    """Every GPS fix of the clip's GPMF track; None when it has no such track."""
    track = next((t for t in index.tracks if t.codec == "gpmd"), None)
    if track is None:
        return None
    fixes: list[tuple[float, TrackPoint]] = []  # (seconds into the clip, fix)
    anchors: list[dt.timedelta] = []
    device, kind, dropped = None, "", 0
    for start, duration, payload in read_samples(path, track):
        found = _Payload(start, duration)
        for key, kind_, size, repeat, value in _items(payload):
            found.take(key, kind_, size, repeat, value)
        fixes += found.fixes
        anchors += found.anchors
        dropped += found.dropped
        device = device or found.device
        kind = kind or found.kind
    if not anchors:
        return Telemetry((), None, device, kind, dropped + len(fixes))
    start_utc = _GPS2000 + statistics.median_low(anchors)
    timed = [
        point if point.time is not None else _at(point, start_utc + dt.timedelta(seconds=at))
        for at, point in fixes
    ]
    timed.sort(key=lambda p: p.time or start_utc)
    return Telemetry(tuple(timed), start_utc, device, kind, dropped)


def _at(point: TrackPoint, when: dt.datetime) -> TrackPoint:
    return TrackPoint(point.lat, point.lon, point.alt, when)


class _Payload:
    """One second of telemetry: the fixes of its GPS stream, and when the clip started."""

    def __init__(self, start: float, duration: float) -> None:
        self.start, self.duration = start, duration
        self.fixes: list[tuple[float, TrackPoint]] = []
        self.anchors: list[dt.timedelta] = []  # clip start - 2000-01-01, by this payload
        self.device: str | None = None
        self.kind = ""
        self.dropped = 0

    def take(self, key: bytes, kind: str, size: int, repeat: int, value: bytes) -> None:
        if key == b"DEVC":
            for item in _items(value):
                self.take(*item)
        elif key == b"DVNM" and kind == "c":
            self.device = value[: size * repeat].split(b"\0")[0].decode("latin-1").strip()
        elif key == b"STRM":
            self._stream(value)

    def _stream(self, data: bytes) -> None:
        stream = _Stream()
        for key, kind, size, repeat, value in _items(data):
            if key == b"SCAL":
                stream.scale = tuple(float(v) or 1.0 for v in _values(kind, size, repeat, value))
            elif key == b"TYPE":
                stream.types = value[: size * repeat].decode("latin-1").rstrip("\0")
            elif key == b"GPSU":
                stream.utc = _gpsu(value)
            elif key == b"GPSF":
                stream.fix = int(_values(kind, size, repeat, value)[0])
            elif key == b"GPSP":
                stream.dop = float(_values(kind, size, repeat, value)[0]) / 100
            elif key == b"GPS5" and kind == "l" and size == 20:
                self._gps5(stream, struct.iter_unpack(">5i", value[: size * repeat]), repeat)
            elif key == b"GPS9" and kind == "?" and stream.types == "lllllllSS" and size == 32:
                self._gps9(stream, struct.iter_unpack(">7i2H", value[: size * repeat]))

    def _gps5(self, stream: _Stream, rows: Iterator[tuple[int, ...]], count: int) -> None:
        self.kind = "GPS5"
        if stream.utc is not None:
            self.anchors.append(stream.utc - _GPS2000 - dt.timedelta(seconds=self.start))
        usable = stream.fix >= 2 and stream.dop <= MAX_DOP and stream.utc is not None
        for number, row in enumerate(rows):
            lat, lon, alt = (row[i] / _scale(stream.scale, i) for i in range(3))
            if not usable or not _plausible(lat, lon):
                self.dropped += 1
                continue
            at = self.start + self.duration * number / max(count, 1)
            self.fixes.append((at, TrackPoint(lat, lon, alt)))

    def _gps9(self, stream: _Stream, rows: Iterator[tuple[int, ...]]) -> None:
        self.kind = "GPS9"
        first = True
        for row in rows:
            lat, lon, alt = (row[i] / _scale(stream.scale, i) for i in range(3))
            days, seconds = row[5] / _scale(stream.scale, 5), row[6] / _scale(stream.scale, 6)
            dop, fix = row[7] / _scale(stream.scale, 7), row[8]
            offset = dt.timedelta(days=days, seconds=seconds)
            if first and days > 0:
                self.anchors.append(offset - dt.timedelta(seconds=self.start))
                first = False
            if fix < 2 or dop > MAX_DOP or days <= 0 or not _plausible(lat, lon):
                self.dropped += 1
                continue
            self.fixes.append((0.0, TrackPoint(lat, lon, alt, _GPS2000 + offset)))


def _scale(scale: tuple[float, ...], index: int) -> float:
    return scale[index] if index < len(scale) else scale[-1]


def _plausible(lat: float, lon: float) -> bool:
    return -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0 and (lat, lon) != (0.0, 0.0)


def _items(data: bytes) -> Iterator[tuple[bytes, str, int, int, bytes]]:
    """The KLV items directly inside `data`: key, type, size, repeat, value; a damaged
    length ends the walk (what came before stays)."""
    offset = 0
    while offset + 8 <= len(data):
        key, kind, size, repeat = struct.unpack_from(">4scBH", data, offset)
        length = size * repeat
        if offset + 8 + length > len(data):
            return
        yield key, kind.decode("latin-1"), size, repeat, data[offset + 8 : offset + 8 + length]
        offset += 8 + (length + 3) // 4 * 4


def _values(kind: str, size: int, repeat: int, value: bytes) -> tuple[float, ...]:
    """The numbers of a plain item (SCAL, GPSF, GPSP): `size` bytes of one type, `repeat`
    times."""
    code = _FORMATS.get(kind)
    if code is None or code in ("c", "4s", "16s"):
        return (0.0,)
    width = struct.calcsize(code)
    count = size * repeat // width
    return tuple(float(v) for v in struct.unpack_from(f">{count}{code}", value)) or (0.0,)


def _gpsu(value: bytes) -> dt.datetime | None:
    """`yymmddhhmmss.sss`, UTC."""
    try:
        text = value[:16].decode("ascii")
        parsed = dt.datetime.strptime(text[:12], "%y%m%d%H%M%S").replace(tzinfo=dt.UTC)
        return parsed + dt.timedelta(seconds=float("0" + text[12:]))
    except (UnicodeDecodeError, ValueError):
        return None
