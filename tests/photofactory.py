"""Real image files with real EXIF, written by Pillow, for tests and the example trip.

Tests of the photo reader need files whose metadata is known exactly: a fixture made here is
a genuine JPEG (or PNG, WebP, TIFF) that any EXIF reader parses, not a stand-in object. The
good cases come from `ExifSpec` fields; the broken ones a real camera produces (0/0 rationals,
missing refs, a GPS directory holding nothing but its version) come from the `*_overrides`
escape hatches, so every odd file a test needs is one call away.

This module owns writing metadata only; what the pictures look like is the caller's business.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from PIL import Image
from PIL.ExifTags import GPS, IFD, Base
from PIL.TiffImagePlugin import IFDRational

#: GPSVersionID 2.3.0.0, as phones write it. A BYTE[4] tag: Pillow keeps it only as bytes.
GPS_VERSION = b"\x02\x03\x00\x00"

#: Seconds of arc are written with this denominator: 0.0001" is 3 mm on the ground and reads
#: back within 1.4e-8 degree, well inside the 1e-7 tolerance the readers are compared at.
SECONDS_DENOMINATOR = 10_000

#: The image formats `write_image` knows, by file suffix.
FORMATS: Mapping[str, str] = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".webp": "WEBP",
    ".tif": "TIFF",
    ".tiff": "TIFF",
}


@dataclass(frozen=True)
class ExifSpec:
    """What one photo's EXIF should say; every field is optional and `None` means absent.

    `taken` is the naive wall-clock DateTimeOriginal a camera stores; `gps_time` is an aware
    instant written as the GPS UTC date and time stamps; `offset` is OffsetTimeOriginal.

    The override mappings are written last, over what the fields produced: a value replaces
    the tag, `None` deletes it. They are how a test writes data no honest field would make.
    A GPS directory is written when any GPS field or GPS override is given.
    """

    lat: float | None = None
    lon: float | None = None
    alt: float | None = None
    gps_time: dt.datetime | None = None
    taken: dt.datetime | None = None
    offset: str | None = None
    orientation: int | None = 1
    make: str | None = None
    model: str | None = None
    description: str | None = None
    serial: str | None = None
    gps_overrides: Mapping[int, Any] = field(default_factory=dict)
    exif_overrides: Mapping[int, Any] = field(default_factory=dict)
    ifd0_overrides: Mapping[int, Any] = field(default_factory=dict)


def rational(numerator: int, denominator: int) -> IFDRational:
    """One EXIF RATIONAL exactly as given; a zero denominator is kept (cameras write 0/0)."""
    return IFDRational(numerator, denominator)


def rationals(*pairs: tuple[int, int]) -> tuple[IFDRational, ...]:
    """Several raw RATIONALs, e.g. `rationals((0, 0), (0, 0), (0, 0))` for an unset latitude."""
    return tuple(rational(n, d) for n, d in pairs)


def dms(degrees: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    """Degrees, minutes, seconds of an unsigned angle, the way phones write a coordinate."""
    seconds_total = Fraction(round(abs(degrees) * 3600 * SECONDS_DENOMINATOR), SECONDS_DENOMINATOR)
    whole_degrees, rest = divmod(seconds_total, 3600)
    minutes, seconds = divmod(rest, 60)
    return (
        rational(int(whole_degrees), 1),
        rational(int(minutes), 1),
        rational(seconds.numerator, seconds.denominator),
    )


def _fraction(value: float, denominator: int) -> IFDRational:
    return rational(round(value * denominator), denominator)


def _gps_tags(spec: ExifSpec) -> dict[int, Any]:
    tags: dict[int, Any] = {}
    if spec.lat is not None:
        tags[GPS.GPSLatitudeRef] = "N" if spec.lat >= 0 else "S"
        tags[GPS.GPSLatitude] = dms(spec.lat)
    if spec.lon is not None:
        tags[GPS.GPSLongitudeRef] = "E" if spec.lon >= 0 else "W"
        tags[GPS.GPSLongitude] = dms(spec.lon)
    if spec.alt is not None:
        tags[GPS.GPSAltitudeRef] = 0 if spec.alt >= 0 else 1
        tags[GPS.GPSAltitude] = _fraction(abs(spec.alt), 100)
    if spec.gps_time is not None:
        if spec.gps_time.tzinfo is None:
            raise ValueError("gps_time must be an aware datetime: GPS time is UTC")
        utc = spec.gps_time.astimezone(dt.UTC)
        seconds = Fraction(utc.second) + Fraction(utc.microsecond, 1_000_000)
        tags[GPS.GPSTimeStamp] = (
            rational(utc.hour, 1),
            rational(utc.minute, 1),
            rational(seconds.numerator, seconds.denominator),
        )
        tags[GPS.GPSDateStamp] = utc.strftime("%Y:%m:%d")
    if tags or spec.gps_overrides:
        tags = {GPS.GPSVersionID: GPS_VERSION, **tags}
    return _apply(tags, spec.gps_overrides)


def _exif_tags(spec: ExifSpec) -> dict[int, Any]:
    tags: dict[int, Any] = {}
    if spec.taken is not None:
        tags[Base.DateTimeOriginal] = spec.taken.strftime("%Y:%m:%d %H:%M:%S")
    if spec.offset is not None:
        tags[Base.OffsetTimeOriginal] = spec.offset
    if spec.serial is not None:
        tags[Base.BodySerialNumber] = spec.serial
    return _apply(tags, spec.exif_overrides)


def _ifd0_tags(spec: ExifSpec) -> dict[int, Any]:
    tags: dict[int, Any] = {}
    if spec.make is not None:
        tags[Base.Make] = spec.make
    if spec.model is not None:
        tags[Base.Model] = spec.model
    if spec.description is not None:
        tags[Base.ImageDescription] = spec.description
    if spec.orientation is not None:
        tags[Base.Orientation] = spec.orientation
    return _apply(tags, spec.ifd0_overrides)


def _apply(tags: dict[int, Any], overrides: Mapping[int, Any]) -> dict[int, Any]:
    merged = {**tags, **overrides}
    return {tag: _utf8(value) for tag, value in merged.items() if value is not None}


def _utf8(value: Any) -> Any:
    # Pillow writes ASCII tags as ASCII, turning "è" into "?"; phones write UTF-8 bytes there,
    # and Pillow passes bytes through untouched.
    return value.encode() if isinstance(value, str) and not value.isascii() else value


def exif_for(spec: ExifSpec) -> Image.Exif:
    """The Pillow EXIF object for `spec`, with its Exif and GPS sub-directories filled in."""
    exif = Image.Exif()
    for tag, value in _ifd0_tags(spec).items():
        exif[tag] = value
    for ifd, tags in ((IFD.Exif, _exif_tags(spec)), (IFD.GPSInfo, _gps_tags(spec))):
        if tags:
            sub = exif.get_ifd(ifd)
            sub.update(tags)
    return exif


def exif_bytes(spec: ExifSpec) -> bytes:
    """The raw EXIF block (starting `Exif\\0\\0`) that `spec` describes."""
    return exif_for(spec).tobytes()


def default_image(size: tuple[int, int]) -> Image.Image:
    """A plain two-tone picture: tiny, deterministic, and visibly not blank."""
    image = Image.new("RGB", size, (70, 130, 180))
    half = Image.new("RGB", (size[0], size[1] // 2), (120, 160, 90))
    image.paste(half, (0, size[1] - size[1] // 2))
    return image


def write_image(
    path: Path,
    spec: ExifSpec | None,
    *,
    size: tuple[int, int] = (64, 48),
    image: Image.Image | None = None,
    quality: int = 85,
) -> Path:
    """Write a real image whose format follows the suffix, with `spec` as its EXIF.

    `spec=None` writes no EXIF at all. Parent folders are created, so a test can lay out a
    trip's `photos/day3/` in one call. Returns `path`. Pillow's TIFF writer turns non-ASCII
    text into "?", and exifread finds no EXIF in WebP (ExifTool does): use JPEG or PNG for
    text and for anything exifread must read.
    """
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"no image format for {path.suffix!r}; known: {', '.join(FORMATS)}")
    picture = image if image is not None else default_image(size)
    options: dict[str, Any] = {}
    if fmt in ("JPEG", "WEBP"):
        options["quality"] = quality
    if spec is not None:
        options["exif"] = exif_bytes(spec)
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.convert("RGB").save(path, fmt, **options)
    return path


def write_jpeg(
    path: Path,
    spec: ExifSpec | None,
    *,
    size: tuple[int, int] = (64, 48),
    image: Image.Image | None = None,
    quality: int = 85,
) -> Path:
    """Write a real JPEG with `spec` as its EXIF (none when `spec` is None). Returns `path`."""
    if FORMATS.get(path.suffix.lower()) != "JPEG":
        raise ValueError(f"a JPEG needs a .jpg or .jpeg name, not {path.name!r}")
    return write_image(path, spec, size=size, image=image, quality=quality)


# Broken data seen in real files, ready to pass as a spec.


def gps_version_only(**fields: Any) -> ExifSpec:
    """A GPS directory holding only GPSVersionID: the phone had no fix when it shot."""
    return ExifSpec(gps_overrides={GPS.GPSVersionID: GPS_VERSION}, **fields)


def zero_gps(**fields: Any) -> ExifSpec:
    """Coordinates of 0/0 rationals and empty refs, as a thermal camera writes them."""
    zeros = rationals((0, 0), (0, 0), (0, 0))
    return ExifSpec(
        gps_overrides={
            GPS.GPSLatitudeRef: "",
            GPS.GPSLatitude: zeros,
            GPS.GPSLongitudeRef: "",
            GPS.GPSLongitude: zeros,
        },
        **fields,
    )


def without_refs(spec: ExifSpec) -> ExifSpec:
    """`spec` with its latitude and longitude refs removed: the hemisphere is unknown."""
    overrides = {**spec.gps_overrides, GPS.GPSLatitudeRef: None, GPS.GPSLongitudeRef: None}
    return replace(spec, gps_overrides=overrides)


def write_truncated_jpeg(path: Path, spec: ExifSpec | None = None, *, keep: float = 0.5) -> Path:
    """A JPEG cut off part-way, as a full card or an interrupted copy leaves it."""
    write_jpeg(path, spec)
    data = path.read_bytes()
    path.write_bytes(data[: max(4, int(len(data) * keep))])
    return path
