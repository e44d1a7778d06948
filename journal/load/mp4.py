"""The index of an MP4 or QuickTime file: its tracks and where their samples lie.

pymediainfo reads what a container says about itself (clipmeta.py); this small reader of
ISO base media boxes answers the two questions it cannot: where the samples of a telemetry
track are (GoPro's GPMF, read by gpmf.py), and whether the file holds all the data its index
points at. A clip whose recording was cut short (a full card, a flat battery) has no index
at all, or one pointing past the end of the file: both are told apart here, before ffmpeg
would decode half a clip. Only the `moov` box is read into memory, never the media data.
"""

from __future__ import annotations

import itertools
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

#: Boxes that hold only other boxes, on the way from `moov` to each track's sample table.
CONTAINERS = frozenset({b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf"})
#: The boxes a camera's file starts with: anything else is not an MP4 or QuickTime file.
FIRST_BOXES = frozenset({b"ftyp", b"wide", b"free", b"skip", b"mdat", b"moov", b"pnot", b"uuid"})
#: A movie index larger than this is not one a camera wrote.
MAX_MOOV = 256 * 1024 * 1024


class Mp4Error(Exception):
    """Why a file cannot be a playable clip, in words for the rider; `code` says which:
    `file.truncated` (cut short) or `file.not-video` (no MP4 or QuickTime at all)."""

    def __init__(self, message: str, code: str = "file.truncated") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Mp4Track:
    """One track: its kind (`vide`, `soun`, `meta`...), its name and sample format (`GoPro
    MET`, `gpmd`), its clock, and each sample's place, size, start and duration."""

    handler: str
    name: str
    codec: str
    timescale: int
    offsets: tuple[int, ...]
    sizes: tuple[int, ...]
    starts: tuple[int, ...]  # in `timescale` units from the track's start
    durations: tuple[int, ...]


@dataclass(frozen=True)
class Mp4Index:
    tracks: tuple[Mp4Track, ...]
    data_end: int  # where the last byte of any sample lies
    file_size: int


def read_index(path: Path) -> Mp4Index:
    """The file's tracks; raises Mp4Error when it has no index or is cut short."""
    with path.open("rb") as file:
        size = file.seek(0, 2)
        moov = _find_moov(file, size)
    tracks = tuple(_track(trak) for kind, trak in _boxes(moov) if kind == b"trak")
    ends = [o + s for t in tracks for o, s in zip(t.offsets, t.sizes, strict=True)]
    index = Mp4Index(tracks, max(ends, default=0), size)
    if index.data_end > size:
        raise Mp4Error(
            f"truncated: its samples run to byte {index.data_end:,} of a file of {size:,}"
        )
    return index


def _find_moov(file: BinaryIO, size: int) -> bytes:
    offset = 0
    if size < 8:
        raise Mp4Error("not an MP4 or QuickTime file", "file.not-video")
    while offset + 8 <= size:
        file.seek(offset)
        length, kind, header = _header(file.read(16), size - offset)
        if length < header or (offset == 0 and kind not in FIRST_BOXES):
            raise Mp4Error("not an MP4 or QuickTime file", "file.not-video")
        if kind == b"moov":
            if length > MAX_MOOV or offset + length > size:
                raise Mp4Error("truncated: its movie index (moov) is cut short")
            file.seek(offset + header)
            return file.read(length - header)
        offset += length
    raise Mp4Error("no movie index (moov): the recording was cut off before the file was closed")


def _header(data: bytes, left: int) -> tuple[int, bytes, int]:
    """A box's length, type and header size; a length of 0 runs to the end of the file."""
    if len(data) < 8:
        return 0, b"", 8
    length, kind = struct.unpack(">I4s", data[:8])
    if length == 1 and len(data) >= 16:
        return struct.unpack(">Q", data[8:16])[0], kind, 16
    return (left if length == 0 else length), kind, 8


def _boxes(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """The boxes directly inside `data`, as (type, content)."""
    offset = 0
    while offset + 8 <= len(data):
        length, kind, header = _header(data[offset : offset + 16], len(data) - offset)
        if length < header or offset + length > len(data):
            raise Mp4Error(f"a damaged movie index (box {kind!r} runs past its parent)")
        yield kind, data[offset + header : offset + length]
        offset += length


def _find(data: bytes, *path: bytes) -> bytes | None:
    """The content of the box at `path` below `data` (the first of each name)."""
    for name in path:
        found = next((body for kind, body in _boxes(data) if kind == name), None)
        if found is None:
            return None
        data = found
    return data


def _track(trak: bytes) -> Mp4Track:
    mdia = _find(trak, b"mdia") or b""
    stbl = _find(mdia, b"minf", b"stbl") or b""
    handler, name = _handler(_find(mdia, b"hdlr") or b"")
    stsd = _find(stbl, b"stsd") or b""
    codec = stsd[12:16].decode("latin-1") if len(stsd) >= 16 else ""
    sizes = _sizes(_find(stbl, b"stsz") or b"")
    offsets = _offsets(stbl, sizes)
    starts, durations = _times(_find(stbl, b"stts") or b"", len(sizes))
    return Mp4Track(
        handler, name, codec, _timescale(_find(mdia, b"mdhd") or b""), offsets, sizes,
        starts, durations,
    )  # fmt: skip


def _handler(hdlr: bytes) -> tuple[str, str]:
    """The handler type and name; QuickTime writes the name as a counted string, MP4 as a
    C string."""
    if len(hdlr) < 24:
        return "", ""
    raw = hdlr[24:]
    if raw and raw[0] == len(raw) - 1:
        raw = raw[1:]
    name = raw.split(b"\0", 1)[0].decode("utf-8", "replace").strip()
    return hdlr[8:12].decode("latin-1"), name


def _timescale(mdhd: bytes) -> int:
    if len(mdhd) < 24:
        return 0
    at = 20 if mdhd[0] == 1 else 12
    return int(struct.unpack_from(">I", mdhd, at)[0])


def _sizes(stsz: bytes) -> tuple[int, ...]:
    if len(stsz) < 12:
        return ()
    fixed, count = struct.unpack_from(">II", stsz, 4)
    if fixed:
        return (fixed,) * count
    return struct.unpack_from(f">{count}I", stsz, 12) if len(stsz) >= 12 + 4 * count else ()


def _offsets(stbl: bytes, sizes: tuple[int, ...]) -> tuple[int, ...]:
    """Each sample's file offset, from the chunk offsets and how many samples each holds."""
    stco, co64, stsc = (_find(stbl, k) for k in (b"stco", b"co64", b"stsc"))
    if stco is not None and len(stco) >= 8:
        count = struct.unpack_from(">I", stco, 4)[0]
        chunks = struct.unpack_from(f">{count}I", stco, 8)
    elif co64 is not None and len(co64) >= 8:
        count = struct.unpack_from(">I", co64, 4)[0]
        chunks = struct.unpack_from(f">{count}Q", co64, 8)
    else:
        return ()
    runs = _runs(stsc or b"", len(chunks))
    prefix = list(itertools.accumulate(sizes, initial=0))
    offsets: list[int] = []
    for chunk, per_chunk in zip(chunks, runs, strict=True):
        first = len(offsets)
        count = min(per_chunk, len(sizes) - first)
        offsets.extend(chunk + prefix[first + i] - prefix[first] for i in range(count))
    return tuple(offsets)


def _runs(stsc: bytes, chunks: int) -> list[int]:
    """Samples per chunk, chunk by chunk, from the runs `stsc` lists."""
    if len(stsc) < 8:
        return [1] * chunks
    count = struct.unpack_from(">I", stsc, 4)[0]
    entries = [struct.unpack_from(">III", stsc, 8 + 12 * i)[:2] for i in range(count)]
    per: list[int] = []
    for number, (first, samples) in enumerate(entries):
        last = entries[number + 1][0] - 1 if number + 1 < len(entries) else chunks
        per.extend([samples] * max(0, min(last, chunks) - first + 1))
    return (per + [0] * chunks)[:chunks]


def _times(stts: bytes, count: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    if len(stts) < 8:
        return (0,) * count, (0,) * count
    runs = struct.unpack_from(">I", stts, 4)[0]
    durations: list[int] = []
    for i in range(runs):
        samples, delta = struct.unpack_from(">II", stts, 8 + 8 * i)
        durations.extend([delta] * samples)
    durations = (durations + [0] * count)[:count]
    starts = list(itertools.accumulate(durations, initial=0))[:count]
    return tuple(starts), tuple(durations)


def read_samples(path: Path, track: Mp4Track) -> Iterator[tuple[float, float, bytes]]:
    """Each sample of `track`: its start and duration in seconds, and its bytes."""
    scale = track.timescale or 1
    with path.open("rb") as file:
        for offset, size, start, duration in zip(
            track.offsets, track.sizes, track.starts, track.durations, strict=True
        ):
            file.seek(offset)
            yield start / scale, duration / scale, file.read(size)
