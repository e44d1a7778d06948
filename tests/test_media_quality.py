"""Web copies made through libjpeg-turbo against the ones Pillow alone made, on real photos.

The copies used to be decoded, resized and encoded by Pillow (quality 85, optimised Huffman
tables). libjpeg-turbo has no optimising pass, so journal encodes at a lower quality to spend
the same bytes; these tests hold the two promises that choice made: about the same bytes,
and no visible loss, judged by structural similarity (SSIM) against Pillow's copies.
"""

from __future__ import annotations

import io
import json
import statistics
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageOps

from journal.core.mediaplan import LARGE, THUMB, fit, upright_size
from journal.publish.images import make_web_copies
from tests.conftest import corpus_dir
from tests.similarity import ssim

IMAGES = corpus_dir() / "exif-real" / "images"
TRUTH = corpus_dir() / "exif-real" / "exiftool.json"
SRGB = ImageCms.createProfile("sRGB")


def pillow_copies(path: Path, orientation: int) -> tuple[bytes, bytes]:
    """What journal published before libjpeg-turbo: Pillow's draft decode, LANCZOS, q85
    optimised; the reference the new copies are held to."""
    with Image.open(path) as opened:
        if opened.format in ("HEIF", "AVIF"):
            orientation = 1
        size = fit(upright_size(opened.size, orientation), LARGE)
        if opened.format == "JPEG":
            opened.draft("RGB", upright_size(size, orientation))
        opened.load()
        image = _srgb(opened)
    image = ImageOps.exif_transpose(_tagged(image, orientation))
    big = image if image.size == size else image.resize(size, Image.Resampling.LANCZOS)
    small = big.resize(fit(size, THUMB), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return _jpeg(big), _jpeg(small)


def _srgb(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    if icc:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(image.convert("RGB"), source, SRGB, outputMode="RGB")
    return image.convert("RGB")


def _tagged(image: Image.Image, orientation: int) -> Image.Image:
    exif = Image.Exif()
    exif[0x0112] = orientation
    image.info["exif"] = exif.tobytes()
    return image


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


@dataclass(frozen=True)
class Compared:
    name: str
    bytes_now: tuple[int, int]
    bytes_before: tuple[int, int]
    ssim_to_pillow: tuple[float, float]  # (large copy, thumbnail)


def _real_photos() -> list[tuple[Path, int]]:
    """The corpus's photos (not its 8-pixel test stubs) that Pillow can read, with ExifTool's
    orientation; one HEIC stands for the formats only Pillow reads (they take seconds)."""
    rows = json.loads(TRUTH.read_text(encoding="utf-8"))
    photos = []
    for row in rows:
        path = IMAGES / row["file"]
        if row["file_type"] != "JPEG" and path.name != "heic__IMG_5195.HEIC":
            continue
        try:
            with Image.open(path) as image:
                if max(image.size) < 640:
                    continue
        except OSError:
            continue
        photos.append((path, row.get("Orientation") or 1))
    return photos


@pytest.fixture(scope="module")
def compared() -> list[Compared]:
    if not TRUTH.is_file():
        pytest.skip(f"real-camera corpus not found at {IMAGES.parent}")
    results = []
    for path, orientation in _real_photos():
        now, before = make_web_copies(path, orientation), pillow_copies(path, orientation)
        scores = []
        for ours, theirs in zip(now, before, strict=True):
            image, reference = Image.open(io.BytesIO(ours)), Image.open(io.BytesIO(theirs))
            assert image.size == reference.size, path.name
            scores.append(ssim(image, reference))
        sizes_now, sizes_before = tuple(map(len, now)), tuple(map(len, before))
        results.append(Compared(path.name, sizes_now, sizes_before, (scores[0], scores[1])))
    return results


def test_the_real_photos_are_compared(compared: list[Compared]) -> None:
    assert len(compared) >= 20  # JPEGs from a dozen cameras and phones, 640 px to 12 MP


@pytest.mark.parametrize("which", [0, 1], ids=["large", "thumbnail"])
def test_copies_spend_the_bytes_pillow_spent(compared: list[Compared], which: int) -> None:
    now = sum(c.bytes_now[which] for c in compared)
    before = sum(c.bytes_before[which] for c in compared)
    assert 0.95 <= now / before <= 1.05, f"{now} bytes against {before}"


@pytest.mark.parametrize("which", [0, 1], ids=["large", "thumbnail"])
def test_copies_look_like_pillows(compared: list[Compared], which: int) -> None:
    """Two lossy encodings of one picture never match exactly: about 0.98 is one quality
    step apart; a visible defect (shifted, blurred, recoloured) is far below 0.9. The lowest
    here (0.91) is a 640 px photo of paving stones copied at its own size, where both copies
    differ from the original in the grain only."""
    scores = {c.name: c.ssim_to_pillow[which] for c in compared}
    assert min(scores.values()) >= 0.9, scores
    assert statistics.median(scores.values()) >= 0.98, scores
