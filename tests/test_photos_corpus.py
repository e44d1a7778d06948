"""The photo reader against ExifTool's reading of 62 real files from real cameras and phones.

Every file of ../shared/corpus/exif-real is read in place and compared field by field with
exiftool.json: lat/lon within 1e-7 degree (ExifTool rounds rationals to 10 significant digits),
altitude within 0.01 m, GPS UTC time, DateTimeOriginal and OffsetTimeOriginal equal. Where
ExifTool has no value we must have none. Deliberate differences are listed with their reason.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from journal.core.models import PhotoMeta
from journal.load.exif import read_meta
from journal.load.exifcache import read_metas
from tests.conftest import corpus_dir

EXIF_REAL = corpus_dir() / "exif-real"

#: (file, field) -> why our reading differs from ExifTool's, on purpose or by exifread's reach.
DIFFERENCES: dict[tuple[str, str], str] = {
    ("exif-py__jxl__test_0001.jxl", "make_model"): (
        "exifread 3.5.1 reads GPS and DateTimeOriginal from this JPEG XL but no IFD0 Make or "
        "Model; JPEG XL is not a trip photo format, so the camera name is not worth a parser"
    ),
}


def _truth() -> list[dict[str, Any]]:
    path = EXIF_REAL / "exiftool.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []


TRUTH = _truth()
pytestmark = pytest.mark.skipif(
    not TRUTH, reason=f"real-camera corpus not found at {EXIF_REAL} (set JOURNAL_CORPUS)"
)


@pytest.fixture(scope="module")
def metas() -> dict[str, PhotoMeta]:
    return {row["file"]: read_meta(EXIF_REAL / "images" / row["file"]) for row in TRUTH}


def _differs(name: str, field: str) -> bool:
    return (name, field) in DIFFERENCES


def test_the_corpus_is_the_one_described() -> None:
    assert len(TRUTH) == 62
    assert sum(row["category"] == "gps" for row in TRUTH) == 25
    assert all((EXIF_REAL / "images" / row["file"]).is_file() for row in TRUTH)


@pytest.mark.parametrize("row", TRUTH, ids=[row["file"] for row in TRUTH])
def test_position_matches_exiftool(row: dict[str, Any], metas: dict[str, PhotoMeta]) -> None:
    position = metas[row["file"]].position
    if row["lat"] is None:
        assert position is None
        return
    assert position is not None, metas[row["file"]].notes
    assert position.lat == pytest.approx(row["lat"], abs=1e-7)
    assert position.lon == pytest.approx(row["lon"], abs=1e-7)
    if row["alt"] is None:
        assert position.alt is None
    else:
        assert position.alt == pytest.approx(row["alt"], abs=0.01)


@pytest.mark.parametrize("row", TRUTH, ids=[row["file"] for row in TRUTH])
def test_times_match_exiftool(row: dict[str, Any], metas: dict[str, PhotoMeta]) -> None:
    meta = metas[row["file"]]
    gps = row["gps_datetime_utc"]
    expected = dt.datetime.fromisoformat(gps.replace("Z", "+00:00")) if gps else None
    assert meta.gps_time == expected
    camera = meta.camera_time.strftime("%Y:%m:%d %H:%M:%S") if meta.camera_time else None
    assert camera == row["DateTimeOriginal"]
    assert meta.camera_offset == row["OffsetTimeOriginal"]


@pytest.mark.parametrize("row", TRUTH, ids=[row["file"] for row in TRUTH])
def test_camera_and_orientation_match_exiftool(
    row: dict[str, Any], metas: dict[str, PhotoMeta]
) -> None:
    meta = metas[row["file"]]
    if row["Orientation"] is not None:
        assert meta.orientation == row["Orientation"]
    if not _differs(row["file"], "make_model"):
        assert (meta.make, meta.model) == (row["Make"], row["Model"])


@pytest.mark.parametrize("row", TRUTH, ids=[row["file"] for row in TRUTH])
def test_every_loss_is_explained(row: dict[str, Any], metas: dict[str, PhotoMeta]) -> None:
    """A file without a position or without a time says why, in words a user can act on."""
    meta = metas[row["file"]]
    if meta.position is None:
        assert any("GPS" in note or "EXIF" in note for note in meta.notes), meta.notes
    if meta.camera_time is None and meta.gps_time is None:
        assert any("time" in note or "EXIF" in note for note in meta.notes), meta.notes
    if meta.position is not None and (meta.camera_time or meta.gps_time):
        assert meta.notes == ()


def test_named_traps() -> None:
    """The traps SOURCE.md names, checked by name so a regression reads plainly."""
    images = EXIF_REAL / "images"
    infiray = read_meta(images / "exiftool__InfiRay.jpg")
    assert infiray.position is None
    assert "GPS latitude has a zero denominator (0/0)" in infiray.notes
    gopro = read_meta(images / "exiftool__GoPro.jpg").position
    assert gopro is not None and gopro.alt is not None and gopro.alt < 0
    kodak = read_meta(images / "jpg__Kodak_CX7530.jpg").position
    assert kodak is not None and kodak.lat < 0
    canon = read_meta(images / "jpg__Canon_40D.jpg")
    assert canon.position is None
    assert any("only a version number" in note for note in canon.notes)
    disguised = read_meta(images / "exif-py__heic__heic_hdlr_box.jpg")
    assert "file is HEIF, not JPEG as its name says" in disguised.notes
    broken = [read_meta(p) for p in sorted(images.glob("jpg__invalid__*"))]
    assert broken and all(m.notes for m in broken)


def test_no_file_makes_the_cached_scan_raise(tmp_path: Path) -> None:
    paths = [EXIF_REAL / "images" / row["file"] for row in TRUTH]
    cache = tmp_path / "photos.cache"
    first = read_metas(paths, cache)
    again = read_metas(paths, cache)
    assert first == again
    assert len(first) == len(TRUTH)
