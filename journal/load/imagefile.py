"""What an image file is and how big, from its first bytes, whatever its name claims.

Kept apart from exif.py: a photo whose EXIF says nothing about its size still needs one for
the page's width and height, and reading it must not cost an imaging library's import.
"""

from __future__ import annotations

import importlib
import logging
import warnings
from pathlib import Path

log = logging.getLogger(__name__)

KIND_BY_SUFFIX = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".heic": "HEIF",
    ".heif": "HEIF",
    ".png": "PNG",
    ".tif": "TIFF",
    ".tiff": "TIFF",
    ".webp": "WebP",
}
_PILLOW_PLUGINS = {
    "JPEG": "JpegImagePlugin",
    "PNG": "PngImagePlugin",
    "TIFF": "TiffImagePlugin",
    "WebP": "WebPImagePlugin",
}
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif"}


def sniff_kind(head: bytes) -> str | None:
    """The container format from the first bytes, whatever the file's name claims."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "HEIF"
    if head.startswith((b"\x00\x00\x00\x0cJXL \r\n\x87\n", b"\xff\x0a")):
        return "JPEG XL"
    return None


_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def jpeg_size(path: Path) -> tuple[int | None, int | None]:
    """Width and height from a JPEG's frame header, walking its segments: importing and
    opening Pillow for it cost more than reading the EXIF itself."""
    try:
        with path.open("rb") as fh:
            if fh.read(2) != b"\xff\xd8":
                return None, None
            for _ in range(256):  # a real file reaches its frame header in a few segments
                marker = fh.read(2)
                while marker[:1] == b"\xff" and marker[1:] == b"\xff":  # fill bytes
                    marker = b"\xff" + fh.read(1)
                if len(marker) < 2 or marker[0] != 0xFF:
                    return None, None
                length = int.from_bytes(fh.read(2), "big")
                if marker[1] in _SOF:
                    header = fh.read(5)
                    if len(header) < 5:
                        return None, None
                    height, width = (int.from_bytes(header[i : i + 2], "big") for i in (1, 3))
                    return (width, height) if width and height else (None, None)
                if length < 2:
                    return None, None
                fh.seek(length - 2, 1)
    except OSError:
        log.debug("no size from the header of %s", path, exc_info=True)
    return None, None


def header_size(path: Path, kind: str) -> tuple[int | None, int | None]:
    """The pixel size from the image header alone: it wins over EXIF's, which an editor that
    cropped or resized the picture may have left stale.

    Only the one Pillow plugin the file needs is imported: `Image.open` on an unknown format
    would import all of them, which costs more than reading the EXIF of fifty photos. HEIF is
    left to the resize step, as opening it costs more than the rest of its reading.
    """
    if kind == "JPEG":
        return jpeg_size(path)
    plugin = _PILLOW_PLUGINS.get(kind)
    if plugin is None:
        return None, None
    try:
        importlib.import_module(f"PIL.{plugin}")
        from PIL import Image  # noqa: PLC0415 - only a few photos lack a size in EXIF

        with warnings.catch_warnings():  # Pillow warns about the EXIF we have already judged
            warnings.simplefilter("ignore")
            with Image.open(path, formats=[kind.upper()]) as image:  # pixels wait for load()
                return image.size
    except Exception:  # noqa: BLE001 - an unreadable header only costs the size
        log.debug("no size from the header of %s", path, exc_info=True)
        return None, None
