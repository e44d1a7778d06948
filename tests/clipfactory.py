"""Real clips with real metadata, written by ffmpeg, for the tests the corpus cannot serve.

The corpus (../shared/corpus/video) holds one clip of each kind from one day each; a trip
needs a phone's, a GoPro's and a drone's clips of the same days, a clip that fades in from
black, one at 60 fps in 1080p, one cut short. `make_clip` has ffmpeg film a test pattern
with a tone and write the metadata a phone writes (Apple's keys, Android's `©xyz`, a
rotation); `add_gpmf` appends a GoPro telemetry track (`gpmd`, GPMF as GoPro documents it,
GPS5 or GPS9) to such a clip; `dji_srt` writes a drone's subtitle file in one of its
syntaxes. Each is checked against ExifTool in test_clipfactory.py.
"""

from __future__ import annotations

import datetime as dt
import struct
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

GPS2000 = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Fix:
    lat: float
    lon: float
    alt: float
    time: dt.datetime  # aware UTC


def make_clip(
    path: Path,
    *,
    size: tuple[int, int] = (640, 360),
    seconds: float = 1.0,
    fps: int = 30,
    audio: bool = True,
    black: float = 0.0,
    metadata: dict[str, str] | None = None,
    apple: bool = False,
    rotate: int = 0,
) -> Path:
    """A clip of ffmpeg's test pattern (black for its first `black` seconds) with a tone.

    `metadata` are container tags (`location` becomes `©xyz` in a .mov, `creation_time` the
    header's date); `apple` writes them as Apple's keys (`com.apple.quicktime.*`); `rotate`
    is the degrees a player turns the picture (a phone filming upright says 90). The index
    comes last, as a camera writes it (a clip cut short then has none).
    """
    width, height = size
    video = f"testsrc2=size={width}x{height}:rate={fps}:duration={seconds}"
    if black:
        video += f",fade=in:st={black}:d=0.01"
    command = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", video]
    if audio:
        command += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    command += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    command += ["-c:a", "aac"] if audio else []
    for key, value in (metadata or {}).items():
        command += ["-metadata", f"{key}={value}"]
    if apple:
        command += ["-movflags", "use_metadata_tags"]
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([*command, str(path)], check=True, capture_output=True)
    if rotate:  # ffmpeg 5 keeps a rotation it is told only when it copies the stream
        turned = path.with_name(f"turned-{path.name}")
        subprocess.run(
            ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(path), "-map", "0",
             "-c", "copy", "-map_metadata", "0", "-metadata:s:v:0", f"rotate={rotate}",
             *(["-movflags", "use_metadata_tags"] if apple else []), str(turned)],
            check=True, capture_output=True,
        )  # fmt: skip
        turned.replace(path)
    return path


# GPMF: KLV items, each a FourCC, a type, a size, a repeat count, then the data padded to 4.


def klv(key: bytes, kind: str, size: int, values: bytes, repeat: int | None = None) -> bytes:
    count = repeat if repeat is not None else len(values) // max(size, 1)
    return (
        struct.pack(">4scBH", key, kind.encode(), size, count) + values + b"\0" * (-len(values) % 4)
    )


def nest(key: bytes, *items: bytes) -> bytes:
    body = b"".join(items)
    return struct.pack(">4scBH", key, b"\0", 4, len(body) // 4) + body


def gps5_payload(fixes: Sequence[Fix], *, fix: int = 3, dop: float = 1.5) -> bytes:
    """One second of a HERO5-10 GPS stream: GPSU (the first fix's time), GPSF, GPSP, GPS5."""
    scale = (10_000_000, 10_000_000, 1000, 1000, 100)
    rows = b"".join(
        struct.pack(
            ">5i", round(f.lat * scale[0]), round(f.lon * scale[1]), round(f.alt * scale[2]), 0, 0
        )  # fmt: skip
        for f in fixes
    )
    stamp = fixes[0].time.strftime("%y%m%d%H%M%S.") + f"{fixes[0].time.microsecond // 1000:03d}"
    stream = nest(
        b"STRM",
        klv(b"STNM", "c", 1, b"GPS (Lat., Long., Alt., 2D speed, 3D speed)"),
        klv(b"SCAL", "l", 4, struct.pack(">5i", *scale)),
        klv(b"GPSF", "L", 4, struct.pack(">I", fix)),
        klv(b"GPSU", "U", 16, stamp.encode()),
        klv(b"GPSP", "S", 2, struct.pack(">H", round(dop * 100))),
        klv(b"GPS5", "l", 20, rows),
    )
    return _device(b"HERO8 Black", stream)


def gps9_payload(fixes: Sequence[Fix], *, fix: int = 3, dop: float = 1.5) -> bytes:
    """One second of a HERO11 GPS stream: GPS9 rows, each with its own date and time."""
    scale = (10_000_000, 10_000_000, 1000, 1000, 100, 1, 1000, 100, 1)
    rows = b""
    for f in fixes:
        since = f.time - GPS2000
        seconds = since - dt.timedelta(days=since.days)
        rows += struct.pack(
            ">7i2H", round(f.lat * scale[0]), round(f.lon * scale[1]), round(f.alt * scale[2]),
            0, 0, since.days, round(seconds.total_seconds() * 1000), round(dop * 100), fix,
        )  # fmt: skip
    stream = nest(
        b"STRM",
        klv(b"STNM", "c", 1, b"GPS (Lat., Long., Alt., 2D, 3D, days, secs, DOP, fix)"),
        klv(b"SCAL", "l", 4, struct.pack(">9i", *scale)),
        klv(b"TYPE", "c", 1, b"lllllllSS"),
        klv(b"GPS9", "?", 32, rows),
    )
    return _device(b"HERO11 Black", stream)


def _device(name: bytes, *streams: bytes) -> bytes:
    return nest(
        b"DEVC", klv(b"DVID", "L", 4, struct.pack(">I", 1)), klv(b"DVNM", "c", 1, name), *streams
    )


# The telemetry track: a `trak` appended to the clip's index, its samples in a second `mdat`.


def _box(kind: bytes, *content: bytes) -> bytes:
    body = b"".join(content)
    return struct.pack(">I4s", 8 + len(body), kind) + body


def _full(kind: bytes, *content: bytes) -> bytes:
    return _box(kind, b"\0\0\0\0", *content)


def add_gpmf(path: Path, payloads: Sequence[bytes], *, name: str = "GoPro MET") -> Path:
    """Append a GoPro telemetry track (one payload a second) to a clip `make_clip` wrote."""
    data = path.read_bytes()
    moov_at = 0
    while data[moov_at + 4 : moov_at + 8] != b"moov":
        moov_at += struct.unpack_from(">I", data, moov_at)[0]
    moov_size = struct.unpack_from(">I", data, moov_at)[0]
    assert moov_at + moov_size == len(data), "the clip's index must come last"
    moov_body = data[moov_at + 8 : moov_at + moov_size]
    samples = b"".join(payloads)
    sizes = [len(p) for p in payloads]

    def trak(first_offset: int) -> bytes:
        offsets, at = [], first_offset
        for size in sizes:
            offsets.append(at)
            at += size
        count = len(payloads)
        stbl = _box(
            b"stbl",
            _full(
                b"stsd", struct.pack(">I", 1), _box(b"gpmd", b"\0" * 6, struct.pack(">H", 1))
            ),  # fmt: skip
            _full(b"stts", struct.pack(">III", 1, count, 1000)),
            _full(b"stsc", struct.pack(">IIII", 1, 1, 1, 1)),
            _full(b"stsz", struct.pack(f">II{count}I", 0, count, *sizes)),
            _full(b"stco", struct.pack(f">I{count}I", count, *offsets)),
        )
        minf = _box(b"minf", _full(b"nmhd"), stbl)
        hdlr = _full(b"hdlr", b"\0" * 4, b"meta", b"\0" * 12, name.encode() + b"\0")
        mdhd = _full(b"mdhd", struct.pack(">IIIIHH", 0, 0, 1000, 1000 * count, 0x55C4, 0))
        tkhd = _box(b"tkhd", b"\0\0\0\x03", struct.pack(">III", 0, 0, 99), b"\0" * 72)
        return _box(b"trak", tkhd, _box(b"mdia", mdhd, hdlr, minf))

    moov_len = 8 + len(moov_body) + len(trak(0))
    new_moov = _box(b"moov", moov_body, trak(moov_at + moov_len + 8))
    path.write_bytes(data[:moov_at] + new_moov + _box(b"mdat", samples))
    return path


def dji_srt(path: Path, fixes: Sequence[Fix], *, wall: dt.datetime) -> Path:
    """A DJI Mavic Air 2's subtitle file: one block a second, `[latitude: ..]` syntax, the
    drone's wall clock (`wall`, naive local time) from the first block on."""
    blocks = []
    for number, fix in enumerate(fixes):
        start, end = dt.timedelta(seconds=number), dt.timedelta(seconds=number + 1)
        when = wall + start
        blocks.append(
            f"{number + 1}\n{_srt_time(start)} --> {_srt_time(end)}\n"
            f'<font size="36">SrtCnt : {number + 1}, DiffTime : 1000ms\n'
            f"{when:%Y-%m-%d %H:%M:%S},{when.microsecond // 1000:03d},000\n"
            f"[iso : 100] [shutter : 1/500.0] [fnum : 280] [ev : 0] [latitude: {fix.lat:.6f}] "
            f"[longitude: {fix.lon:.6f}] [altitude: {fix.alt:.6f}] </font>\n"
        )
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


def _srt_time(offset: dt.timedelta) -> str:
    total = int(offset.total_seconds())
    millis = offset.microseconds // 1000
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d},{millis:03d}"
