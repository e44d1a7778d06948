"""Web copies of photos: upright, resized, stripped JPEGs made from the originals.

Owns the names and sizes of the published files and the bytes in them. Everything a camera or
phone writes besides pixels (EXIF, GPS, XMP, comments, maker notes) stays behind: a photo
taken at home must not carry home's coordinates onto the web. Colours are converted to sRGB
before the ICC profile is dropped, so a Display P3 photo from a phone keeps its look.

Ordinary JPEGs are decoded and every copy is encoded by libjpeg-turbo (jpegturbo.py); Pillow
reads what libjpeg-turbo cannot (HEIC, PNG, TIFF, WebP, CMYK JPEGs, damaged files), chosen per
file, and does the resampling and the colour conversion. In between, pixels are RGBX arrays
that Pillow wraps without copying: a copy of 12 MB costs as much as encoding it.

It does not write files (the pipeline does, atomically) nor decide which photos are published.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, UnidentifiedImageError

from journal.core.errors import JournalError
from journal.core.mediaplan import LARGE, QUALITY, THUMB, fit, upright_size
from journal.publish import jpegturbo

log = logging.getLogger(__name__)

try:  # HEIC/HEIF from phones: pi-heif, libheif's decoder without the GPL encoders
    from pi_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - a broken installation; the loader says so per photo
    log.debug("pi-heif is not installed: HEIC photos cannot be published")

#: EXIF orientation -> what makes the picture upright (as ImageOps.exif_transpose turns it),
#: on pixels seen as one 32-bit word each, so a turn moves 4 bytes at once.
_UPRIGHT: dict[int, Callable[[np.ndarray], np.ndarray]] = {
    2: np.fliplr,
    3: lambda words: np.rot90(words, 2),
    4: np.flipud,
    5: np.transpose,
    6: lambda words: np.rot90(words, -1),
    7: lambda words: np.rot90(words, 2).T,
    8: np.rot90,
}

#: JPEG, and a phone's JPEG with more pictures after the first (a gain map, a depth map),
#: which Pillow names MPO and libjpeg-turbo reads as the first picture, the photo itself.
_JPEG = {"JPEG", "MPO"}
#: The most memory one photo's pixels may take while decoded (RGBX, 4 bytes a pixel).
DECODE_LIMIT = 512 << 20

#: Formats whose decoder already applies the rotation stored in the file (HEIF `irot`).
_DECODED_UPRIGHT = {"HEIF", "AVIF"}

_SRGB = ImageCms.createProfile("sRGB")

Image.preinit()  # the common plugins, once: loaded before the copy workers fork, not in each


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Flatten to 8-bit RGBX in sRGB: what every browser shows the same way.

    A photo already in sRGB (by its profile's name) is left as it is: converting it to
    itself would cost a few milliseconds and change nothing visible.
    """
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    if image.mode not in ("RGB", "RGBX", "CMYK", "L"):
        image = image.convert("RGB")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if image.mode in ("RGB", "RGBX") and _is_srgb(source):
                return image if image.mode == "RGBX" else image.convert("RGBX")
            converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGBX")
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError) as exc:
            log.debug("colour profile ignored: %s", exc)
    return image if image.mode == "RGBX" else image.convert("RGBX")


def _is_srgb(profile: ImageCms.ImageCmsProfile) -> bool:
    """sRGB by its description ("sRGB IEC61966-2.1", "sRGB built-in"...), as cameras,
    phones and editors name it."""
    description = ImageCms.getProfileDescription(profile) or ""
    return description.strip().lower().startswith("srgb")


def _wrap(pixels: np.ndarray) -> Image.Image:
    """A Pillow image over the same memory as `pixels` (RGBX rows), for resampling."""
    height, width = pixels.shape[:2]
    return Image.frombuffer("RGBX", (width, height), pixels, "raw", "RGBX", 0, 1)


def _pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image if image.mode == "RGBX" else image.convert("RGBX"))


@dataclass(frozen=True)
class _Decoded:
    """A photo's pixels ready to be resized: 8-bit sRGB, RGBX rows, still as stored."""

    pixels: np.ndarray  # at least as large as the copy (a DCT scale or Pillow's draft)
    orientation: int  # what is left to turn: 1 when the decoder applied it already
    size: tuple[int, int]  # the large copy's upright size, from the original's


def _decode(src: Path, large: int, orientation: int) -> _Decoded:
    """Pixels through libjpeg-turbo where it can read the file, through Pillow otherwise
    (HEIC, PNG, TIFF, WebP, CMYK JPEGs, and JPEGs libjpeg-turbo finds fault with)."""
    try:
        data = src.read_bytes()
        with Image.open(io.BytesIO(data)) as opened:  # headers only: pixels wait for load()
            _refuse_huge(src, opened)
            if opened.format in _DECODED_UPRIGHT:
                orientation = 1
            size = fit(upright_size(opened.size, orientation), large)
            stored = upright_size(size, orientation)
            icc = opened.info.get("icc_profile")
            if opened.format in _JPEG and opened.mode in ("RGB", "L"):
                pixels = jpegturbo.decode_at_least(data, *stored)
                if pixels is not None:
                    if icc:  # rare outside phones; the conversion copies, the common path not
                        pixels = _pixels(_to_srgb(_wrap(pixels), icc))
                    return _Decoded(pixels, orientation, size)
            if opened.format in _JPEG:
                opened.draft("RGB", stored)
            opened.load()
            image = _to_srgb(opened, icc)
            if image.size != stored:  # before leaving Pillow: copies out of it cost per pixel
                image = image.resize(stored, Image.Resampling.LANCZOS)
            return _Decoded(_pixels(image), orientation, size)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as exc:
        raise JournalError(src, f"cannot read the photo: {exc}") from exc


def _refuse_huge(src: Path, opened: Image.Image) -> None:
    """Refuse, before a pixel is decoded, an image that would take more than DECODE_LIMIT of
    memory: a PNG of 20 KB can declare 169 megapixels (1.5 GB). A JPEG is decoded scaled down
    (by up to 8 each way), which is what it costs."""
    width, height = opened.size
    scale = 64 if opened.format in _JPEG else 1
    needed = width * height * 4 // scale
    if needed > DECODE_LIMIT:
        megapixels = width * height / 1e6
        raise JournalError(
            src,
            f"{width} x {height} pixels ({megapixels:.0f} megapixels) would take "
            f"{needed >> 20} MB to decode, more than {DECODE_LIMIT >> 20} MB",
        )


def _resize(pixels: np.ndarray, size: tuple[int, int], reducing_gap: float | None) -> np.ndarray:
    if (pixels.shape[1], pixels.shape[0]) == size:
        return pixels
    resized = _wrap(pixels).resize(size, Image.Resampling.LANCZOS, reducing_gap=reducing_gap)
    return np.asarray(resized)


def _upright(pixels: np.ndarray, orientation: int) -> np.ndarray:
    turn = _UPRIGHT.get(orientation)
    if turn is None:
        return pixels
    words = np.ascontiguousarray(turn(pixels.view(np.uint32)[..., 0]))
    return words.view(np.uint8).reshape(*words.shape, 4)


def make_web_copies(
    src: Path,
    orientation: int,
    *,
    large: int = LARGE,
    thumb: int = THUMB,
    quality: int = QUALITY,
) -> tuple[bytes, bytes]:
    """The large copy and the thumbnail of one photo, from a single decode of the original.

    `orientation` is the EXIF orientation the loader read. Both copies are encoded by
    libjpeg-turbo whichever decoder read the photo, so every copy is made the same way.
    """
    decoded = _decode(src, large, orientation)
    size = decoded.size  # from the original's, not the decoded one's: web_sizes() predicts it
    big = _upright(
        _resize(decoded.pixels, upright_size(size, decoded.orientation), None), decoded.orientation
    )
    # reducing_gap: a box reduction by a whole factor first, then LANCZOS for the rest: 6 ms
    # a photo where LANCZOS alone takes 20 (9 at a gap of 2.0); SSIM to LANCZOS alone 0.998
    # on average, 0.991 at worst, over bench and camera photos (0.999 at 2.0).
    small = _resize(big, fit(size, thumb), reducing_gap=1.5)
    return jpegturbo.encode(big, quality), jpegturbo.encode(small, quality)


def make_print_copy(src: Path, orientation: int, size: tuple[int, int], quality: int) -> bytes:
    """One photo at exactly `size` (upright pixels), for a printed page: decoded once at
    the smallest scale that covers it, resampled, turned upright and stripped like a web
    copy (sRGB, no metadata). `size` has the photo's own shape: nothing is cropped."""
    decoded = _decode(src, max(size), orientation)
    pixels = _resize(decoded.pixels, upright_size(size, decoded.orientation), None)
    return jpegturbo.encode(_upright(pixels, decoded.orientation), quality)


def icc_space(path: Path) -> str:
    """The colour space ("CMYK", "RGB"...) of an ICC profile file; an error naming the
    file when it is not one."""
    try:
        profile = ImageCms.getOpenProfile(str(path))
    except (OSError, ImageCms.PyCMSError) as exc:
        raise JournalError(path, f"not an ICC colour profile: {exc}") from None
    return str(profile.profile.xcolor_space).strip()
