"""What gets published for each photo and clip, where and how big: names and sizes, no pixels.

Kept apart from publish/images.py (which decodes and encodes the pixels) so the loader, the
renderer and a warm render can plan pages and check names without importing an imaging library.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from pathlib import PurePosixPath

from journal.core.models import PhotoMeta

LARGE = 2000
THUMB = 400
#: libjpeg-turbo's quality scale, as Pillow's. Copies are written with the standard Huffman
#: tables (the encoder has no optimising pass): at 84 they are as large as Pillow's optimised
#: 85 used to make them (+1.5% on the bench's 12 MP photos, -0.5% on the real-camera corpus),
#: and within 0.004 of its structural similarity to the original on average.
QUALITY = 84
MEDIA_DIR = "media"
#: Endings of the names published beside a photo's large copy (its thumbnail, a clip's
#: poster): a stem that ends so is made distinct, so no large copy takes another's name.
RESERVED_ENDINGS = (f"-{THUMB}", "-poster")
#: Files the trip loader treats as clips, beside the photos (compared lower-case).
CLIP_SUFFIXES = frozenset({".mp4", ".mov", ".m4v"})


@functools.lru_cache(maxsize=65536)  # asked for every photo by the loader, pages and markers
def media_stem(photo_name: str) -> str:
    """`day 1/Città.JPG` -> `day-1-Citta`: folders flattened, no extension, URL-safe.

    Letters with no ASCII form (`東京.jpg`, `Москва.jpg`) would all become the same name, so
    a name that loses any gets a short hash of itself: `photo-3f9a2c1e`, `1-b47c0d2a`; so
    does a stem ending as a thumbnail or a poster does (`a-400.jpg` would be the thumbnail
    of `a.jpg`): `a-400-5d1c09e2`."""
    folders, stem = _split(photo_name)
    flat = "-".join([*folders, stem])
    decomposed = unicodedata.normalize("NFKD", flat)
    ascii_only = decomposed.encode("ascii", "ignore").decode()
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_only).strip(".-") or "photo"
    lost = any(ord(c) > 127 and not unicodedata.combining(c) for c in decomposed)
    if lost or safe.lower().endswith(RESERVED_ENDINGS):
        name = unicodedata.normalize("NFC", photo_name).encode()
        safe = f"{safe}-{hashlib.sha256(name).hexdigest()[:8]}"
    return safe


def _split(photo_name: str) -> tuple[list[str], str]:
    """PurePosixPath(photo_name)'s parent parts and stem, without building a path for a
    plain name (2,000 a render); an odd one (`./`, `//`, a dot or slash at either end) is
    the library's to read."""
    odd = any(mark in photo_name for mark in ("//", "/.", "./"))
    if odd or photo_name.startswith(("/", ".")) or photo_name.endswith(("/", ".")):
        path = PurePosixPath(photo_name)
        return list(path.parent.parts), path.stem
    *folders, name = photo_name.split("/")
    dot = name.rfind(".")
    return folders, name[:dot] if dot > 0 else name


def web_files(photo_name: str) -> tuple[str, str]:
    """The site-relative paths of the large copy and the thumbnail of one photo."""
    stem = media_stem(photo_name)
    return f"{MEDIA_DIR}/{stem}.jpg", f"{MEDIA_DIR}/{stem}-{THUMB}.jpg"


def is_clip(name: str) -> bool:
    """A clip by its file name (`IMG_0042.MOV`, any case): published as a video, not a JPEG."""
    dot = name.rfind(".")
    return dot > name.rfind("/") and name[dot:].lower() in CLIP_SUFFIXES


def clip_files(clip_name: str) -> tuple[str, str]:
    """The site-relative paths of a clip's web copy and its poster frame."""
    stem = media_stem(clip_name)
    return f"{MEDIA_DIR}/{stem}.mp4", f"{MEDIA_DIR}/{stem}-poster.jpg"


def published_files(name: str) -> tuple[str, str]:
    """The two files a photo (large copy, thumbnail) or a clip (MP4, poster) is published as:
    the first is what a link opens."""
    return clip_files(name) if is_clip(name) else web_files(name)


class PublishedNames:
    """The names published so far, as a case-blind disk sees them (`IMG_1.jpg` and
    `img_1.jpg` are one file on a Mac): the one check that no two published files share one."""

    def __init__(self) -> None:
        self.owners: dict[str, tuple[str, str]] = {}  # folded name -> (name, owner)

    def clash(self, files: tuple[str, ...]) -> tuple[str, str] | None:
        """(the taken name, its owner) when one of `files` is taken, else None."""
        for name in files:
            if (taken := self.owners.get(name.casefold())) is not None:
                return taken
        return None

    def claim(self, owner: str, files: tuple[str, ...]) -> tuple[str, str] | None:
        """Take `files` for `owner`, unless one is taken: then nothing is taken, and the
        clash (name, owner) is returned."""
        taken = self.clash(files)
        if taken is None:
            for name in files:
                self.owners[name.casefold()] = (name, owner)
        return taken


def fit(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    """`size` scaled so its long side is at most `long_side`; never enlarged."""
    width, height = size
    longest = max(width, height)
    if longest <= long_side:
        return width, height
    scale = long_side / longest
    return max(1, round(width * scale)), max(1, round(height * scale))


def upright_size(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    """Orientations 5 to 8 turn the picture a quarter: width and height swap."""
    return (size[1], size[0]) if orientation in (5, 6, 7, 8) else size


def web_sizes(
    meta: PhotoMeta, *, large: int = LARGE, thumb: int = THUMB
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Display sizes of the two copies, for width/height attributes; None if size unknown."""
    if not meta.width or not meta.height:
        return None
    upright = upright_size((meta.width, meta.height), meta.orientation)
    big = fit(upright, large)
    return big, fit(big, thumb)
