"""Reading a clip: when, where, how long, which way up, from which camera.

The only module that imports pymediainfo (MediaInfo's library, BSD: no GPL code inside the
process). It turns a phone's, an action camera's or a drone's clip into a `ClipMeta` and
never raises: a bad field is None and a note, as exif.py does for photos. The sources, most
exact first:

- position: GoPro's GPMF fixes (gpmf.py), a DJI `.SRT` beside the clip (djisrt.py), Apple's
  `com.apple.quicktime.location.ISO6709`, Android's (and GoPro's) `©xyz`, all ISO 6709;
- time: GoPro's GPS time (its container clock is local time labelled UTC, kept as the
  camera's wall time, as a photo's DateTimeOriginal); the drone's wall clock from its SRT;
  Apple's `CreationDate` with its offset; else the container's `creation_time`, which every
  other phone writes in UTC (an instant, like a GPS time).

The index (mp4.py) is read first: a clip cut short is one note and nothing more.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import Any

from journal.core.clips import ClipMeta
from journal.core.models import GeoPoint, Note
from journal.load.djisrt import Flight, read_flight, sidecar
from journal.load.exif import NO_GPS, NO_TIME, utc_offset
from journal.load.gpmf import Telemetry, read_telemetry
from journal.load.mp4 import Mp4Error, read_index

log = logging.getLogger(__name__)

NO_FIX = Note("gps.no-fix", "its GPS had no fix while filming")
NOT_VIDEO = Note("file.not-video", "not a video (or unreadable)")
#: ISO 6709 as phones write it: `+45.1564+010.7914+100.000/`; degrees, or DDMM(SS) forms.
_ISO6709 = re.compile(r"^\s*([+-]\d+(?:\.\d*)?)([+-]\d+(?:\.\d*)?)([+-]\d+(?:\.\d*)?)?")


def read_clip(path: Path) -> ClipMeta:
    """Everything the clip and its telemetry say; never raises, reasons go in `notes`."""
    try:
        return _read(path)
    except OSError as exc:
        return ClipMeta(notes=(Note("file.unreadable", f"cannot read: {exc.strerror}"),))
    except Exception as exc:  # a parser's bug must not stop a trip: one note, the rest goes on
        log.debug("reading %s failed", path, exc_info=True)
        return ClipMeta(notes=(Note("file.unreadable", f"cannot read the clip: {exc}"),))


def _read(path: Path) -> ClipMeta:
    if path.stat().st_size == 0:
        return ClipMeta(notes=(Note("file.empty", "empty file"),))
    try:
        index = read_index(path)
    except Mp4Error as exc:
        return ClipMeta(notes=(Note(exc.code, str(exc)),))
    from pymediainfo import MediaInfo  # ctypes and the library: loaded when a clip is read

    info = MediaInfo.parse(path)
    general = _first(info, "General")
    video = _first(info, "Video")
    if video is None or not video.get("width"):
        return ClipMeta(notes=(NOT_VIDEO,))
    gopro = any(t.name.startswith("GoPro") for t in index.tracks)
    telemetry = read_telemetry(path, index) if gopro else None
    srt = sidecar(path)
    flight = read_flight(srt) if srt is not None else None
    fields = _when_and_where(general, telemetry, flight, gopro)
    notes = list(flight.notes if flight else ())
    if fields["position"] is None:
        notes.append(NO_FIX if telemetry is not None else NO_GPS)
    if not any(fields.get(k) for k in ("camera_time", "gps_time")):
        notes.append(NO_TIME)
    return ClipMeta(
        **fields,
        width=int(video["width"]),
        height=int(video["height"]),
        duration=_number(general.get("duration") or video.get("duration"), 1000),
        rotation=round(_number(video.get("rotation")) or 0) % 360,
        frame_rate=_number(video.get("frame_rate")),
        audio=_first(info, "Audio") is not None,
        track=telemetry.fixes if telemetry else (),
        notes=tuple(notes),
    )


def _first(info: Any, kind: str) -> dict[str, Any] | None:
    return next((t.to_data() for t in info.tracks if t.track_type == kind), None)


def _when_and_where(
    general: dict[str, Any] | None,
    telemetry: Telemetry | None,
    flight: Flight | None,
    gopro: bool,
) -> dict[str, Any]:
    """Position, times, make and model by the order of trust of the module doc."""
    general = general or {}
    container = _utc(general.get("encoded_date"))
    fields: dict[str, Any] = {
        "position": iso6709(general.get("comapplequicktimelocationiso6709"))
        or iso6709(general.get("xyz")),
        "make": general.get("comapplequicktimemake") or general.get("comandroidmanufacturer"),
        "model": general.get("comapplequicktimemodel") or general.get("comandroidmodel"),
    }
    if gopro:
        fields.update(make="GoPro", model=telemetry.device if telemetry else None)
        fields["camera_time"] = container.replace(tzinfo=None) if container else None
        if telemetry and telemetry.fixes:
            first = telemetry.fixes[0]
            fields.update(position=GeoPoint(first.lat, first.lon, first.alt))
            fields.update(gps_time=telemetry.start)
        return fields
    if flight is not None:
        fields.update(make=fields["make"] or "DJI", position=flight.position or fields["position"])
        fields.update(
            camera_time=flight.wall_time, gps_time=None if flight.wall_time else container
        )
        return fields
    local, offset = _apple_date(general.get("comapplequicktimecreationdate"))
    if local is not None:
        fields.update(camera_time=local, camera_offset=offset)
    else:
        fields["gps_time"] = container
    return fields


def iso6709(text: Any) -> GeoPoint | None:
    """`+45.1564+010.7914+100.000/` (and the DDMM.M, DDMMSS.S forms) as a position."""
    found = _ISO6709.match(str(text or ""))
    if not found:
        return None
    lat = _degrees(found.group(1), 2)
    lon = _degrees(found.group(2), 3)
    alt = float(found.group(3)) if found.group(3) else None
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return None if (lat, lon) == (0.0, 0.0) else GeoPoint(lat, lon, alt)


def _degrees(text: str, width: int) -> float | None:
    """ISO 6709's ±DD.D, ±DDMM.M or ±DDMMSS.S (±DDD... for longitudes) in degrees."""
    sign = -1.0 if text[0] == "-" else 1.0
    whole, _, fraction = text[1:].partition(".")
    fraction = f".{fraction}" if fraction else ""
    if len(whole) == width:
        return sign * float(whole + fraction)
    if len(whole) == width + 2:
        return sign * (int(whole[:width]) + float(whole[width:] + fraction) / 60)
    if len(whole) == width + 4:
        seconds = float(whole[width + 2 :] + fraction) / 3600
        return sign * (int(whole[:width]) + int(whole[width : width + 2]) / 60 + seconds)
    return None


def _utc(text: Any) -> dt.datetime | None:
    """MediaInfo's `2019-07-24 08:25:57 UTC` (or `UTC 2019-...`); None for the zero date a
    file without one holds (1904, 1970)."""
    cleaned = str(text or "").replace("UTC", "").strip()
    try:
        parsed = dt.datetime.fromisoformat(cleaned[:19])
    except ValueError:
        return None
    return parsed.replace(tzinfo=dt.UTC) if parsed.year > 1970 else None


def _apple_date(text: Any) -> tuple[dt.datetime | None, str | None]:
    """Apple's `2019-07-24T11:25:40+0300`: the wall time and its offset (`+03:00`)."""
    value = str(text or "").strip()
    try:
        local = dt.datetime.fromisoformat(value[:19])
    except ValueError:
        return None, None
    return local, utc_offset(value[19:].lstrip("0123456789."))


def _number(value: Any, divisor: float = 1.0) -> float | None:
    try:
        return float(value) / divisor if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
