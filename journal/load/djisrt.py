"""DJI drone telemetry: the `.SRT` subtitle file a drone writes beside each clip.

Each subtitle block is one moment of the flight, in one of the syntaxes DJI used over the
years and models (JuanIrache/DJI_SRT_Parser's samples, in ../shared/corpus/video/dji-srt):

- `[latitude: 41.424724] [longitude: 2.234156] [altitude: 117.0]` (Mavic Air 2, Air 2S;
  some firmware spells `longtitude`, some writes `rel_alt: .. abs_alt: ..`), with a date
  line `2022-08-07 13:40:40,774,808`;
- `GPS(149.0251,-20.2533,16)` with `HOME(...) 2017.08.05 14:11:51` (Mavic Pro, Phantom 4):
  longitude first, then the satellites in view;
- `GPS (-121.7458, 48.0771, 17)` (Mavic Mini, P4 RTK, Mavic 2): the same order, no date;
- `GPS(36.6146,-6.1120,0.0M)` (Matrice 300): latitude first, then an altitude in metres.

The date is the drone's wall clock (set from the phone: local time, no offset). A block
with no position, or a file cut short, is counted and said once; an empty file is one note.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from journal.core.models import GeoPoint, Note

_NUMBER = r"(-?\d+(?:\.\d+)?)"
_BRACKET = {
    key: re.compile(rf"\[\s*{key}\s*:\s*{_NUMBER}")
    for key in ("latitude", "longitude", "longtitude", "abs_alt", "altitude")
}
_GPS = re.compile(rf"GPS\s*\(\s*{_NUMBER}\s*,\s*{_NUMBER}\s*,\s*{_NUMBER}\s*(M?)\s*\)", re.I)
_DATE = re.compile(r"(\d{4})[-.](\d{1,2})[-.](\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})(?:[,.](\d+))?")
_TIMING = re.compile(r"(\d+):(\d\d):(\d\d)[,.](\d+)\s*-->")
#: The largest SRT worth reading: an hour of 60 fps blocks is about 20 MB.
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Flight:
    """What a drone's subtitle file says about the start of its clip."""

    position: GeoPoint | None  # the first fix
    wall_time: dt.datetime | None  # the first date, naive (the drone's clock)
    fixes: int  # blocks holding a position
    notes: tuple[Note, ...] = ()


def sidecar(clip: Path) -> Path | None:
    """The `.SRT` beside a clip (`DJI_0001.MP4` -> `DJI_0001.SRT`, either case), if any."""
    for suffix in (".SRT", ".srt"):
        candidate = clip.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def read_flight(path: Path) -> Flight:
    """The first position and date of a subtitle file; problems as notes, never raised."""
    name = path.name
    try:
        data = path.read_bytes()[:MAX_BYTES]
    except OSError as exc:
        return Flight(None, None, 0, (Note("telemetry.unreadable", f"{name}: {exc.strerror}"),))
    text = data.decode("utf-8-sig", "replace").replace("\r\n", "\n").replace("\r", "\n")
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    if not blocks:
        return Flight(None, None, 0, (Note("telemetry.empty", f"{name} is empty"),))
    position, wall, fixes, broken = None, None, 0, []
    first = _start(blocks[0])
    for number, block in enumerate(blocks, 1):
        found = _position(block)
        if wall is None and (when := _date(block)) is not None:
            wall = when - (_start(block) - first)  # the date of a later block, moved back
        if found is None:
            broken.append(number)
            continue
        fixes += 1
        position = position or found
    return Flight(position, wall, fixes, _notes(name, blocks, broken))


def _notes(name: str, blocks: list[str], broken: list[int]) -> tuple[Note, ...]:
    if not broken:
        return ()
    if len(broken) == len(blocks):
        return (Note("telemetry.unknown", f"{name}: no position in its {len(blocks)} blocks"),)
    last = len(blocks)
    if broken == [last] and _TIMING.search(blocks[-1]):
        return (Note("telemetry.cut", f"{name}: its last block ({last}) is cut short"),)
    shown = ", ".join(map(str, broken[:5])) + (" ..." if len(broken) > 5 else "")
    return (Note("telemetry.partial", f"{name}: no position in block {shown}"),)


def _position(block: str) -> GeoPoint | None:
    """The block's position in whichever syntax it uses; None without one (or at 0, 0:
    the drone had no fix yet)."""
    lat = _bracket(block, "latitude")
    lon = _bracket(block, "longitude")
    if lon is None:
        lon = _bracket(block, "longtitude")
    if lat is not None and lon is not None:
        alt = _bracket(block, "abs_alt")
        return _checked(lat, lon, alt if alt is not None else _bracket(block, "altitude"))
    found = _GPS.search(block)
    if found is None:
        return None
    first, second, third = (float(found.group(i)) for i in (1, 2, 3))
    if found.group(4):  # the Matrice's GPS(lat,lon,altM)
        return _checked(first, second, third)
    if abs(second) > 90 >= abs(first):  # never a latitude: the order is the other one
        first, second = second, first
    return _checked(second, first, None)  # the third is the satellites in view


def _bracket(block: str, key: str) -> float | None:
    found = _BRACKET[key].search(block)
    return float(found.group(1)) if found else None


def _checked(lat: float, lon: float, alt: float | None) -> GeoPoint | None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat, lon) == (0.0, 0.0):
        return None
    return GeoPoint(lat, lon, alt)


def _start(block: str) -> dt.timedelta:
    """When a block starts in the clip (its subtitle timing), zero when it has none."""
    found = _TIMING.search(block)
    if found is None:
        return dt.timedelta(0)
    hours, minutes, seconds = (int(found.group(i)) for i in (1, 2, 3))
    millis = int(found.group(4)[:3].ljust(3, "0"))
    return dt.timedelta(hours=hours, minutes=minutes, seconds=seconds, milliseconds=millis)


def _date(block: str) -> dt.datetime | None:
    found = _DATE.search(block)
    if found is None:
        return None
    year, month, day, hour, minute, second = (int(found.group(i)) for i in range(1, 7))
    fraction = found.group(7) or "0"
    try:
        micro = int(fraction[:6].ljust(6, "0"))
        return dt.datetime(year, month, day, hour, minute, second, micro)
    except ValueError:
        return None
