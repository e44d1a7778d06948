"""Reading a photo's EXIF: where, when (raw), which way up, which camera, how big.

This is the only module that imports exifread. It turns whatever a file holds into a
`PhotoMeta` and never raises: a bad field becomes `None` plus a reason in `PhotoMeta.notes`,
because a trip of two thousand photos must publish even when one phone wrote garbage.
Each reason is a `Note` with a code (`gps.*`, `time.*`, `file.*`...), which is what later
stages decide on; the words are for the reader. Interpreting the times (offsets, zones, wrong
camera clocks) belongs to `journal.enrich.clock`. `journal.load.exifcache` keeps what it read
in a small per-trip cache file, so a re-run over an unchanged trip opens no photo at all (and
does not even import this module).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import exifread

from journal.core.models import GeoPoint, Note, PhotoMeta
from journal.load.imagefile import KIND_BY_SUFFIX, header_size, sniff_kind

log = logging.getLogger(__name__)

# exifread logs every malformed tag at WARNING; we report the consequence once per file instead.
logging.getLogger("exifread").setLevel(logging.ERROR)


#: A corrupt offset table can send a parser round in circles; real EXIF lives in the first
#: few megabytes, so reading more than this from one file means something is wrong.
MAX_READ_BYTES = 64 * 1024 * 1024
MAX_READ_CALLS = 200_000
#: Bump when the reader's output changes, so every cache written before is read again.

NO_EXIF = Note("exif.none", "no EXIF data")
NO_GPS = Note("gps.none", "no GPS position")
NO_TIME = Note("time.none", "no capture time")
NOT_IMAGE = Note("file.not-image", "not an image (or unreadable)")

_EXIF_TIME = re.compile(r"\s*(\d{4})[:-](\d\d)[:-](\d\d)[ T](\d\d):(\d\d):(\d\d)")
_OFFSET = re.compile(r"\s*([+-])(\d\d):?(\d\d)\s*$")
_GPS_DATE = re.compile(r"\s*(\d{4})[:-](\d\d)[:-](\d\d)")


class _Overread(Exception):
    """Raised by the bounded reader when a parser reads far more than any EXIF block needs."""


class _BoundedReader:
    """A read-only file view that stops a parser from looping over a corrupt file forever.

    Only `read` is wrapped; `seek` and `tell` are the file's own, since a parser calls them
    thousands of times per photo and they cannot loop by themselves.
    """

    def __init__(self, raw: io.BufferedReader) -> None:
        self._read = raw.read
        self.seek = raw.seek
        self.tell = raw.tell
        self._bytes = 0
        self._calls = 0

    def read(self, size: int = -1) -> bytes:
        self._calls += 1
        data = self._read(size if size >= 0 else MAX_READ_BYTES)
        self._bytes += len(data)
        if self._bytes > MAX_READ_BYTES or self._calls > MAX_READ_CALLS:
            raise _Overread("read too much without finding the end of the EXIF data")
        return data


def read_meta(path: Path) -> PhotoMeta:
    """Everything the file says about itself; never raises, reasons go in `notes`."""
    try:
        return _read_meta(path)
    except MemoryError:  # a corrupt length field can ask for gigabytes
        return PhotoMeta(notes=(Note("exif.unreadable", "EXIF data unreadable (out of memory)"),))
    except Exception as exc:  # a reader bug must cost one photo, never the trip
        log.debug("reading %s failed", path, exc_info=True)
        text = f"EXIF data unreadable ({type(exc).__name__}: {exc})"
        return PhotoMeta(notes=(Note("exif.unreadable", text),))


def _read_meta(path: Path) -> PhotoMeta:
    notes: list[Note] = []
    try:
        if not path.is_file():
            return PhotoMeta(notes=(Note("file.not-regular", "not a regular file"),))
        with path.open("rb") as raw:
            head = raw.read(16)
            if not head:
                return PhotoMeta(notes=(Note("file.empty", "empty file"),))
            kind = sniff_kind(head)
            if kind is None:
                return PhotoMeta(notes=(NOT_IMAGE,))
            expected = KIND_BY_SUFFIX.get(path.suffix.lower())
            if expected and expected != kind:
                notes.append(
                    Note("file.wrong-type", f"file is {kind}, not {expected} as its name says")
                )
            raw.seek(0)
            tags = exifread.process_file(
                _BoundedReader(raw),  # type: ignore[arg-type]
                details=False,
                extract_thumbnail=False,
            )
    except OSError as exc:
        return PhotoMeta(
            notes=(Note("file.unreadable", f"cannot read file ({exc.strerror or exc})"),)
        )
    except _Overread as exc:
        return PhotoMeta(notes=(*notes, Note("exif.corrupt", f"EXIF data corrupt ({exc})")))
    except AssertionError:
        if kind != "HEIF":
            raise
        tags = _heif_exif(path)
    if not tags:
        width, height = header_size(path, kind)
        return PhotoMeta(width=width, height=height, notes=(*notes, NO_EXIF))
    position = _position(tags, notes)
    before = len(notes)
    camera_time = _camera_time(tags, notes)
    offset = _offset(tags, notes)
    gps_time = _gps_time(tags, notes)
    if camera_time is None and gps_time is None and len(notes) == before:
        notes.append(NO_TIME)  # one reason per file: a broken time field already said why
    width, height = header_size(path, kind)  # the pixels, not what an editor left in EXIF
    if width is None:
        width, height = _exif_size(tags)
    return PhotoMeta(
        position=position,
        camera_time=camera_time,
        camera_offset=offset,
        gps_time=gps_time,
        orientation=_orientation(tags, notes),
        make=_text(tags.get("Image Make")),
        model=_text(tags.get("Image Model")),
        width=width,
        height=height,
        notes=tuple(notes),
    )


def _values(tag: Any) -> list[Any]:
    if tag is None:
        return []
    values = tag.values
    return list(values) if isinstance(values, list | tuple) else [values]


def _text(tag: Any) -> str | None:
    if tag is None:
        return None
    value = tag.values if isinstance(tag.values, str) else tag.printable
    value = str(value).replace("\x00", " ").strip()
    return value or None


def _ratio(value: Any) -> Fraction | None:
    """A rational as an exact Fraction; None for 0/0 and other zero denominators."""
    if isinstance(value, Fraction):  # exifread's Ratio keeps 0/0 instead of raising
        if value.denominator == 0:
            return None
        return Fraction(value.numerator, value.denominator)
    if isinstance(value, int):
        return Fraction(value)
    raise TypeError(f"expected a rational, got {value!r}")


def _dms(tags: dict[str, Any], axis: str, refs: str, limit: int, notes: list[Note]) -> float | None:
    """Signed decimal degrees from degree/minute/second rationals and an N/S or E/W ref."""
    values = _values(tags.get(f"GPS GPS{axis}"))
    if not values:
        notes.append(Note("gps.missing", f"GPS {axis.lower()} is missing"))
        return None
    parts = [_ratio(v) for v in values[:3]]
    if any(p is None for p in parts):
        notes.append(
            Note("gps.zero-denominator", f"GPS {axis.lower()} has a zero denominator (0/0)")
        )
        return None
    magnitude = sum(abs(p) / 60**i for i, p in enumerate(parts) if p is not None)
    ref = (_text(tags.get(f"GPS GPS{axis}Ref")) or "").upper()[:1]
    if not ref or ref not in refs:
        shown = f"'{ref}'" if ref else "missing"
        notes.append(Note("gps.ref", f"GPS {axis.lower()} reference ({'/'.join(refs)}) is {shown}"))
        return None
    degrees = float(-magnitude if ref == refs[1] else magnitude)
    if degrees > limit or degrees < -limit:
        notes.append(Note("gps.range", f"{axis.lower()} {degrees:g} out of range"))
        return None
    return degrees


def _position(tags: dict[str, Any], notes: list[Note]) -> GeoPoint | None:
    gps = [k for k in tags if k.startswith("GPS ")]
    if not any(k in tags for k in ("GPS GPSLatitude", "GPS GPSLongitude")):
        if not gps:
            notes.append(NO_GPS)
        elif gps == ["GPS GPSVersionID"]:
            notes.append(Note(NO_GPS.code, f"{NO_GPS} (the GPS block holds only a version number)"))
        else:
            notes.append(
                Note(NO_GPS.code, f"{NO_GPS} (the GPS block has no latitude or longitude)")
            )
        return None
    lat = _dms(tags, "Latitude", "NS", 90, notes)
    lon = _dms(tags, "Longitude", "EW", 180, notes) if lat is not None else None
    if lat is None or lon is None:
        return None
    if lat == 0 and lon == 0:
        notes.append(Note("gps.null-island", "GPS position is (0, 0) 'null island'"))
        return None
    return GeoPoint(lat, lon, _altitude(tags, notes))


def _altitude(tags: dict[str, Any], notes: list[Note]) -> float | None:
    values = _values(tags.get("GPS GPSAltitude"))
    if not values:
        return None
    metres = _ratio(values[0])
    if metres is None:
        notes.append(Note("altitude.zero-denominator", "GPS altitude has a zero denominator (0/0)"))
        return None
    below = _values(tags.get("GPS GPSAltitudeRef"))[:1] == [1]
    return float(-metres if below else metres)


def _camera_time(tags: dict[str, Any], notes: list[Note]) -> dt.datetime | None:
    text = _text(tags.get("EXIF DateTimeOriginal"))
    if text is None:
        return None
    match = _EXIF_TIME.match(text)
    try:
        if match is None:
            raise ValueError(text)
        return dt.datetime(*(int(g) for g in match.groups()))  # type: ignore[arg-type, misc]
    except ValueError:
        notes.append(Note("time.camera", f"DateTimeOriginal {text!r} is not a date and time"))
        return None


def _offset(tags: dict[str, Any], notes: list[Note]) -> str | None:
    text = _text(tags.get("EXIF OffsetTimeOriginal"))
    if text is None:
        return None
    offset = utc_offset(text)
    if offset is None:
        notes.append(Note("time.offset", f"OffsetTimeOriginal {text!r} is not a UTC offset"))
    return offset


def utc_offset(text: str) -> str | None:
    """A UTC offset as cameras and phones write it (`+02:00`, `+0200`) in one form
    (`+02:00`); None for anything else. Clips' dates (clipmeta.py) use it too."""
    match = _OFFSET.match(text)
    if match is None or int(match[2]) > 18 or int(match[3]) > 59:
        return None
    return f"{match[1]}{match[2]}:{match[3]}"


def _gps_time(tags: dict[str, Any], notes: list[Note]) -> dt.datetime | None:
    """GPSDateStamp + GPSTimeStamp as aware UTC; a time without a date is no instant."""
    date_text = _text(tags.get("GPS GPSDate"))
    stamp = _values(tags.get("GPS GPSTimeStamp"))
    if date_text is None or not stamp:
        return None
    match = _GPS_DATE.match(date_text)
    parts = [_ratio(v) for v in stamp[:3]]
    try:
        if match is None:
            raise ValueError
        year, month, date = (int(g) for g in match.groups())
        day = dt.datetime(year, month, date, tzinfo=dt.UTC)
        if len(parts) != 3 or any(p is None or p < 0 for p in parts):
            raise ValueError
        hours, minutes, seconds = (p or Fraction(0) for p in parts)
        if hours >= 24 or minutes >= 60 or seconds >= 61:
            raise ValueError
    except ValueError:
        shown = ", ".join(str(v) for v in stamp)
        text = f"GPS date and time ({date_text} [{shown}]) are not a UTC instant"
        notes.append(Note("time.gps", text))
        return None
    micros = round((hours * 3600 + minutes * 60 + seconds) * 1_000_000)
    return day + dt.timedelta(microseconds=micros)


def _orientation(tags: dict[str, Any], notes: list[Note]) -> int:
    values = _values(tags.get("Image Orientation"))
    if not values or values[0] in (0, 1):  # 0 is what some editors write for "unknown"
        return 1
    if isinstance(values[0], int) and 1 <= values[0] <= 8:
        return values[0]
    notes.append(Note("orientation.bad", f"orientation {values[0]!r} is not 1-8; shown as taken"))
    return 1


def _exif_size(tags: dict[str, Any]) -> tuple[int | None, int | None]:
    for wide, high in (("EXIF ExifImageWidth", "EXIF ExifImageLength"),
                       ("Image ImageWidth", "Image ImageLength")):  # fmt: skip
        width, height = _values(tags.get(wide))[:1], _values(tags.get(high))[:1]
        if width and height and all(isinstance(v, int) and v > 0 for v in (*width, *height)):
            return width[0], height[0]
    return None, None


def _heif_exif(path: Path) -> dict[str, Any]:
    """EXIF of a HEIF whose Exif item lacks the `Exif\\0\\0` prefix exifread insists on.

    libheif (GIMP, ImageMagick, pillow-heif) writes the TIFF header right after the item's
    offset field, as the HEIF standard allows; pi-heif (libheif's decoder) hands it over.
    """
    try:
        import pi_heif  # noqa: PLC0415 - only for such files

        data = pi_heif.open_heif(path).info.get("exif") or b""
    except Exception:  # noqa: BLE001 - a broken file (or no decoder): no EXIF
        log.debug("pi-heif could not read the EXIF of %s", path, exc_info=True)
        return {}
    data = data.removeprefix(b"Exif\x00\x00")
    if sniff_kind(data[:16]) != "TIFF":
        return {}
    return exifread.process_file(io.BytesIO(data), details=False, extract_thumbnail=False)


#: JPEG start-of-frame markers: SOF0-SOF15 but DHT (C4), JPG (C8) and DAC (CC).
