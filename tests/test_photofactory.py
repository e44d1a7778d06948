"""The test factory writes what it is told: checked against exifread and, when present, ExifTool.

These test the fixture maker, not the product; they are here so a failing photo test can be
trusted to be about the reader, never about the file it was handed.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import exifread
import pytest

from tests.photofactory import ExifSpec, write_image, write_jpeg, zero_gps

SPEC = ExifSpec(
    lat=-45.8326123,
    lon=-6.8652345,
    alt=-12.34,
    gps_time=dt.datetime(2015, 6, 29, 8, 40, 12, 500000, tzinfo=dt.UTC),
    taken=dt.datetime(2015, 6, 29, 10, 40, 12),
    offset="+02:00",
    orientation=6,
    make="Apple",
    model="iPhone 6",
    description="Caffè al tunnel",
    serial="F17QX0001",
)


def _degrees(tag: exifread.classes.IfdTag, ref: str) -> float:
    d, m, s = (float(v) for v in tag.values)
    return (d + m / 60 + s / 3600) * (-1 if ref in "SW" else 1)


def _read(path: Path) -> dict[str, exifread.classes.IfdTag]:
    with path.open("rb") as f:
        return exifread.process_file(f, details=False)


@pytest.mark.parametrize("name", ["a.jpg", "b.png"])
def test_round_trip_through_exifread(tmp_path: Path, name: str) -> None:
    tags = _read(write_image(tmp_path / name, SPEC))
    lat = _degrees(tags["GPS GPSLatitude"], str(tags["GPS GPSLatitudeRef"]))
    lon = _degrees(tags["GPS GPSLongitude"], str(tags["GPS GPSLongitudeRef"]))
    assert lat == pytest.approx(SPEC.lat, abs=1e-7)
    assert lon == pytest.approx(SPEC.lon, abs=1e-7)
    assert tags["GPS GPSAltitudeRef"].values == [1]
    assert float(tags["GPS GPSAltitude"].values[0]) == pytest.approx(12.34)
    assert [float(v) for v in tags["GPS GPSTimeStamp"].values] == [8, 40, 12.5]
    assert str(tags["GPS GPSDate"]) == "2015:06:29"
    assert tags["GPS GPSVersionID"].values == [2, 3, 0, 0]
    assert str(tags["EXIF DateTimeOriginal"]) == "2015:06:29 10:40:12"
    assert str(tags["EXIF OffsetTimeOriginal"]) == "+02:00"
    assert str(tags["EXIF BodySerialNumber"]) == "F17QX0001"
    assert tags["Image Orientation"].values == [6]
    assert (str(tags["Image Make"]), str(tags["Image Model"])) == ("Apple", "iPhone 6")
    assert str(tags["Image ImageDescription"]) == "Caffè al tunnel"


def test_no_spec_writes_no_exif(tmp_path: Path) -> None:
    assert _read(write_jpeg(tmp_path / "plain.jpg", None)) == {}


def test_zero_rationals_are_written_raw(tmp_path: Path) -> None:
    tags = _read(write_jpeg(tmp_path / "zero.jpg", zero_gps()))
    assert [(v.num, v.den) for v in tags["GPS GPSLatitude"].values] == [(0, 0)] * 3
    assert str(tags["GPS GPSLatitudeRef"]) == ""


@pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool is not installed")
def test_exiftool_reads_the_same(tmp_path: Path) -> None:
    path = write_jpeg(tmp_path / "a.jpg", SPEC)
    run = subprocess.run(["exiftool", "-n", "-json", str(path)], capture_output=True, check=True)
    got = json.loads(run.stdout)[0]
    assert got["GPSLatitude"] == pytest.approx(SPEC.lat, abs=1e-7)
    assert got["GPSLongitude"] == pytest.approx(SPEC.lon, abs=1e-7)
    assert got["GPSAltitude"] == pytest.approx(-12.34)
    assert got["GPSDateTime"] == "2015:06:29 08:40:12.5Z"
    assert got["OffsetTimeOriginal"] == "+02:00"
    assert got["Orientation"] == 6
    assert got["ImageDescription"] == "Caffè al tunnel"
