"""A printed book's geometry: its page sizes and margins, and its photos laid out in rows.

Photos are set in rows that fill the text block's width, each photo whole (scaled, never
cropped), the row as tall as its photos' shapes allow: a portrait photo takes less width
than a landscape one of the same height, so nothing is cut to fit a frame. A photo prints
at 300 ppi at the size it is placed when its pixels allow, and never below 200: one with
fewer pixels gets a smaller frame, centred in its place. Each placed photo names the pixel
size it is to be resampled to, once (publish/printcopies.py makes it).

Pure: sizes in, millimetres and pixels out; the markup is the theme's (`book/`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from journal.core.mediaplan import upright_size
from journal.core.models import PhotoMeta

MM_PER_INCH = 25.4
#: What a print shop asks of a photo at the size it is printed; below MIN_PPI it looks soft.
TARGET_PPI = 300
MIN_PPI = 200
#: Every page is the trim size plus this on each side: what the shop cuts away.
BLEED_MM = 3.0
#: No text within this of the trim: the cut may wander by a millimetre or two.
SAFE_MM = 10.0
GAP_MM = 4.0  # between two photos of a row, and between rows


@dataclass(frozen=True)
class PageSize:
    """A trim size and its margins (mm); `inner` is the gutter side, wider for the binding."""

    name: str
    width: float
    height: float
    top: float = 20.0
    bottom: float = 20.0
    outer: float = 14.0
    inner: float = 20.0

    @property
    def text_width(self) -> float:
        return self.width - self.outer - self.inner

    @property
    def text_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def columns(self) -> int:
        """Text columns: a landscape or square page's line would be too long to read."""
        return 2 if self.width >= self.height else 1

    @property
    def per_row(self) -> int:
        """The most photos a row holds: more would print them the size of stamps."""
        return 4 if self.text_width > 200 else 3


#: The sizes `journal book --size` knows; a4-landscape is 297 x 210 mm, a5 is portrait.
SIZES = {
    size.name: size
    for size in (
        PageSize("a4-landscape", 297, 210),
        PageSize("a4", 210, 297),
        PageSize("a5", 148, 210, top=16, bottom=16, outer=12, inner=16),
        PageSize("square", 210, 210),
        PageSize("letter", 215.9, 279.4),
    )
}
DEFAULT_SIZE = "a4-landscape"


@dataclass(frozen=True)
class Placed:
    """One photo as printed: its frame (mm), the pixels it is resampled to, its place in the
    row's slot (a photo with few pixels sits in a smaller frame, centred in its slot)."""

    name: str
    width_mm: float
    height_mm: float
    pixels: tuple[int, int]
    slot_mm: float  # the slot's width in its row: the frame is at most as wide

    @property
    def ppi(self) -> float:
        return self.pixels[0] / (self.width_mm / MM_PER_INCH)


def upright(meta: PhotoMeta) -> tuple[int, int] | None:
    """A photo's upright pixel size, None when the loader could not read it."""
    if not meta.width or not meta.height:
        return None
    return upright_size((meta.width, meta.height), meta.orientation)


def place(name: str, pixels: tuple[int, int], width_mm: float, height_mm: float) -> Placed:
    """A photo in a slot of `width_mm` x `height_mm` of its own shape: at 300 ppi when its
    pixels allow, else at what it has, down to 200 ppi; below, a smaller frame."""
    most = (pixels[0] / MIN_PPI * MM_PER_INCH, pixels[1] / MIN_PPI * MM_PER_INCH)
    scale = min(1.0, most[0] / width_mm, most[1] / height_mm)
    frame_w, frame_h = width_mm * scale, height_mm * scale
    wanted = round(frame_w / MM_PER_INCH * TARGET_PPI)
    across = max(1, min(pixels[0], wanted))
    down = max(1, min(pixels[1], round(across * pixels[1] / pixels[0])))
    return Placed(name, round(frame_w, 2), round(frame_h, 2), (across, down), width_mm)


def rows(
    photos: Sequence[str],
    sizes: Mapping[str, tuple[int, int]],
    width_mm: float,
    *,
    target_mm: float,
    highest_mm: float,
    per_row: int,
) -> list[list[Placed]]:
    """`photos` in rows `width_mm` wide, in order: a row closes when its photos, set to
    the same height across the whole width, are no taller than `target_mm` (or it holds
    `per_row`); no row is taller than `highest_mm`, the last one not stretched past
    `target_mm`."""
    laid: list[list[Placed]] = []
    row: list[str] = []

    def close(stretch: bool) -> None:
        shapes = [sizes[n][0] / sizes[n][1] for n in row]
        room = width_mm - GAP_MM * (len(row) - 1)
        height = min(room / sum(shapes), highest_mm, target_mm if not stretch else highest_mm)
        laid.append(
            [place(n, sizes[n], s * height, height) for n, s in zip(row, shapes, strict=True)]
        )
        row.clear()

    for name in photos:
        row.append(name)
        shapes = sum(sizes[n][0] / sizes[n][1] for n in row)
        if (width_mm - GAP_MM * (len(row) - 1)) / shapes <= target_mm or len(row) >= per_row:
            close(stretch=True)
    if row:
        close(stretch=False)
    return laid
