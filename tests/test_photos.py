"""The photo reader on real image files written with known EXIF, good and broken.

Every bad input a phone or a card produces must give a PhotoMeta with the field missing and
one note saying why; nothing may raise. The cache must answer an unchanged trip without
opening a single photo.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from pathlib import Path

import pytest
from PIL.ExifTags import GPS, Base

from journal.core.models import GeoPoint, PhotoMeta
from journal.load.exif import NO_EXIF, NO_GPS, NOT_IMAGE, read_meta
from journal.load.exifcache import read_metas
from journal.load.folder import photo_files
from tests.photofactory import (
    ExifSpec,
    dms,
    gps_version_only,
    rational,
    without_refs,
    write_image,
    write_jpeg,
    write_truncated_jpeg,
    zero_gps,
)

TAKEN = dt.datetime(2015, 6, 2, 9, 30, 15)
GOOD = ExifSpec(
    lat=45.15642,
    lon=10.79179,
    alt=19.5,
    gps_time=dt.datetime(2015, 6, 2, 7, 30, 12, 650000, tzinfo=dt.UTC),
    taken=TAKEN,
    offset="+02:00",
    orientation=6,
    make="Moto",
    model="Guzzi Cam",
)


def test_a_good_photo_is_read_exactly(tmp_path: Path) -> None:
    meta = read_meta(write_jpeg(tmp_path / "good.jpg", GOOD, size=(80, 60)))
    assert meta.position is not None
    assert meta.position.lat == pytest.approx(45.15642, abs=1e-7)
    assert meta.position.lon == pytest.approx(10.79179, abs=1e-7)
    assert meta.position.alt == pytest.approx(19.5, abs=0.01)
    assert meta.gps_time == dt.datetime(2015, 6, 2, 7, 30, 12, 650000, tzinfo=dt.UTC)
    assert meta.camera_time == TAKEN
    assert meta.camera_offset == "+02:00"
    assert (meta.orientation, meta.make, meta.model) == (6, "Moto", "Guzzi Cam")
    assert (meta.width, meta.height) == (80, 60)  # from the header: Pillow wrote no size tag
    assert meta.notes == ()


def test_hemispheres_and_below_sea_level_are_signed(tmp_path: Path) -> None:
    spec = ExifSpec(lat=-33.85, lon=-70.65, alt=-12.25, taken=TAKEN)
    meta = read_meta(write_jpeg(tmp_path / "south-west.jpg", spec))
    assert meta.position == GeoPoint(
        pytest.approx(-33.85, abs=1e-7), pytest.approx(-70.65, abs=1e-7), -12.25
    )


@pytest.mark.parametrize("suffix", [".png", ".tif"])
def test_other_formats_carry_their_exif(tmp_path: Path, suffix: str) -> None:
    meta = read_meta(write_image(tmp_path / f"photo{suffix}", GOOD))
    assert meta.position is not None and meta.camera_time == TAKEN


def test_heic_written_by_libheif_is_read(tmp_path: Path) -> None:
    """libheif omits the Exif\\0\\0 prefix exifread expects; we read it all the same."""
    pillow_heif = pytest.importorskip("pillow_heif", reason="pillow-heif is not installed")
    from PIL import Image

    from tests.photofactory import exif_bytes

    pillow_heif.register_heif_opener()
    path = tmp_path / "phone.heic"
    Image.new("RGB", (32, 24)).save(path, format="HEIF", exif=exif_bytes(GOOD))
    meta = read_meta(path)
    assert meta.position is not None and meta.position.lat == pytest.approx(45.15642, abs=1e-7)
    assert meta.camera_time == TAKEN
    disguised = read_meta(path.rename(tmp_path / "phone.jpg"))
    assert "file is HEIF, not JPEG as its name says" in disguised.notes
    assert disguised.position == meta.position


BAD_POSITION = {
    "no-exif": (None, NO_EXIF),
    "no-gps": (ExifSpec(taken=TAKEN), NO_GPS),
    "version-only": (
        gps_version_only(taken=TAKEN),
        "no GPS position (the GPS block holds only a version number)",
    ),
    "gps-without-position": (
        ExifSpec(taken=TAKEN, alt=100.0),
        "no GPS position (the GPS block has no latitude or longitude)",
    ),
    "zero-over-zero": (zero_gps(taken=TAKEN), "GPS latitude has a zero denominator (0/0)"),
    "missing-refs": (
        without_refs(ExifSpec(lat=45.0, lon=10.0, taken=TAKEN)),
        "GPS latitude reference (N/S) is missing",
    ),
    "bad-ref": (
        ExifSpec(lat=45.0, lon=10.0, taken=TAKEN, gps_overrides={GPS.GPSLongitudeRef: "X"}),
        "GPS longitude reference (E/W) is 'X'",
    ),
    "latitude-beyond-90": (
        ExifSpec(lat=45.0, lon=10.0, taken=TAKEN, gps_overrides={GPS.GPSLatitude: dms(123.4)}),
        "latitude 123.4 out of range",
    ),
    "longitude-beyond-180": (
        ExifSpec(lat=45.0, lon=10.0, taken=TAKEN, gps_overrides={GPS.GPSLongitude: dms(200.5)}),
        "longitude 200.5 out of range",
    ),
    "null-island": (
        ExifSpec(lat=0.0, lon=0.0, taken=TAKEN),
        "GPS position is (0, 0) 'null island'",
    ),
}


@pytest.mark.parametrize("case", BAD_POSITION, ids=list(BAD_POSITION))
def test_a_bad_position_is_dropped_with_one_reason(tmp_path: Path, case: str) -> None:
    spec, reason = BAD_POSITION[case]
    meta = read_meta(write_jpeg(tmp_path / f"{case}.jpg", spec))
    assert meta.position is None
    assert meta.notes == (reason,)
    if spec is not None:
        assert meta.camera_time == TAKEN  # losing the position costs nothing else


def test_altitude_of_zero_over_zero_keeps_the_position(tmp_path: Path) -> None:
    spec = ExifSpec(
        lat=45.0, lon=10.0, taken=TAKEN, gps_overrides={GPS.GPSAltitude: rational(0, 0)}
    )
    meta = read_meta(write_jpeg(tmp_path / "alt.jpg", spec))
    assert meta.position == GeoPoint(pytest.approx(45.0), pytest.approx(10.0), None)
    assert meta.notes == ("GPS altitude has a zero denominator (0/0)",)


BAD_TIME = {
    "no-time": (ExifSpec(lat=45.0, lon=10.0), "no capture time"),
    "zero-time": (
        ExifSpec(lat=45.0, lon=10.0, exif_overrides={Base.DateTimeOriginal: "0000:00:00 00:00:00"}),
        "DateTimeOriginal '0000:00:00 00:00:00' is not a date and time",
    ),
    "blank-time": (
        ExifSpec(lat=45.0, lon=10.0, exif_overrides={Base.DateTimeOriginal: "    :  :     :  :  "}),
        "DateTimeOriginal ':  :     :  :' is not a date and time",
    ),
    "bad-offset": (
        ExifSpec(lat=45.0, lon=10.0, taken=TAKEN, offset="+25:00"),
        "OffsetTimeOriginal '+25:00' is not a UTC offset",
    ),
    "gps-time-0/0": (
        ExifSpec(
            lat=45.0,
            lon=10.0,
            taken=TAKEN,
            gps_time=dt.datetime(2015, 6, 2, 7, 30, tzinfo=dt.UTC),
            gps_overrides={GPS.GPSTimeStamp: (rational(0, 0),) * 3},
        ),
        "GPS date and time (2015:06:02 [0/0, 0/0, 0/0]) are not a UTC instant",
    ),
}


@pytest.mark.parametrize("case", BAD_TIME, ids=list(BAD_TIME))
def test_a_bad_time_is_dropped_with_one_reason(tmp_path: Path, case: str) -> None:
    spec, reason = BAD_TIME[case]
    meta = read_meta(write_jpeg(tmp_path / f"{case}.jpg", spec))
    assert meta.notes == (reason,)
    assert meta.position is not None


def test_gps_time_without_a_date_is_no_instant(tmp_path: Path) -> None:
    spec = ExifSpec(
        lat=45.0,
        lon=10.0,
        taken=TAKEN,
        gps_time=dt.datetime(2015, 6, 2, 7, 30, tzinfo=dt.UTC),
        gps_overrides={GPS.GPSDateStamp: None},
    )
    meta = read_meta(write_jpeg(tmp_path / "no-date.jpg", spec))
    assert meta.gps_time is None and meta.camera_time == TAKEN and meta.notes == ()


def test_files_that_are_not_photos(tmp_path: Path) -> None:
    text = tmp_path / "notes.jpg"
    text.write_text("not a picture at all\n")
    assert read_meta(text).notes == (NOT_IMAGE,)
    empty = tmp_path / "empty.jpg"
    empty.touch()
    assert read_meta(empty).notes == ("empty file",)
    folder = tmp_path / "folder.jpg"
    folder.mkdir()
    assert read_meta(folder).notes == ("not a regular file",)
    assert read_meta(tmp_path / "gone.jpg").notes == ("not a regular file",)


def test_a_truncated_photo_keeps_what_survived(tmp_path: Path) -> None:
    half = read_meta(write_truncated_jpeg(tmp_path / "half.jpg", GOOD, keep=0.5))
    assert half.position is not None and half.camera_time == TAKEN
    cut = read_meta(write_truncated_jpeg(tmp_path / "cut.jpg", GOOD, keep=0.02))
    assert cut.position is None and len(cut.notes) == 1


def test_no_corruption_of_the_exif_block_makes_the_reader_raise(tmp_path: Path) -> None:
    """Hundreds of real JPEGs with bytes of their EXIF block overwritten, each read safely."""
    original = write_jpeg(tmp_path / "original.jpg", GOOD).read_bytes()
    exif_end = original.index(b"\xff\xdb")  # the quantisation table follows the EXIF segment
    rng = random.Random(20150602)
    path = tmp_path / "mangled.jpg"
    for _ in range(300):
        data = bytearray(original)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(6, exif_end)] = rng.randrange(256)
        path.write_bytes(bytes(data))
        meta = read_meta(path)
        assert isinstance(meta, PhotoMeta)
        assert meta.position is None or -90 <= meta.position.lat <= 90


def test_photo_files_walks_every_depth_and_ignores_other_files(tmp_path: Path) -> None:
    write_jpeg(tmp_path / "a.JPG", GOOD)
    write_jpeg(tmp_path / "day2" / "deep" / "b.jpeg", GOOD)
    (tmp_path / "track.gpx").write_text("<gpx/>")
    found = [p.relative_to(tmp_path).as_posix() for p in photo_files(tmp_path)]
    assert found == ["a.JPG", "day2/deep/b.jpeg"]


# The cache.


def _same_size_garbage(path: Path) -> None:
    """Overwrite a photo with junk of the same size and mtime: only a real read would notice."""
    stat = path.stat()
    path.write_bytes(b"\0" * stat.st_size)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_second_scan_reads_no_photo(tmp_path: Path) -> None:
    paths = [write_jpeg(tmp_path / f"p{i}.jpg", GOOD) for i in range(3)]
    cache = tmp_path / "cache" / "photos.json"
    first = read_metas(paths, cache)
    assert all(m.position for m in first.values())
    for path in paths:
        _same_size_garbage(path)
    assert read_metas(paths, cache) == first  # junk on disk, yet the cached reading came back
    stat = paths[0].stat()
    os.utime(paths[0], ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    again = read_metas(paths, cache)
    assert again[paths[0]].notes == (NOT_IMAGE,)  # a changed mtime means a fresh read
    assert again[paths[1]] == first[paths[1]]


def test_the_cache_round_trips_every_field(tmp_path: Path) -> None:
    paths = [
        write_jpeg(tmp_path / "good.jpg", GOOD),
        write_jpeg(tmp_path / "bad.jpg", zero_gps(taken=TAKEN)),
        write_jpeg(tmp_path / "bare.jpg", None),
    ]
    cache = tmp_path / "photos.json"
    fresh = read_metas(paths, cache)
    for path in paths:
        _same_size_garbage(path)
    assert read_metas(paths, cache) == fresh


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"[1, 2, 3]", json.dumps({"stamp": {"format": 0}}).encode()],
    ids=["empty", "broken", "wrong-shape", "old-format"],
)
def test_a_bad_cache_is_ignored_and_replaced(tmp_path: Path, content: bytes) -> None:
    path = write_jpeg(tmp_path / "good.jpg", GOOD)
    cache = tmp_path / "photos.json"
    cache.write_bytes(content)
    metas = read_metas([path], cache)
    assert metas[path].position is not None
    assert json.loads(cache.read_text())["photos"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_a_cache_from_another_version_is_not_trusted(tmp_path: Path) -> None:
    path = write_jpeg(tmp_path / "good.jpg", GOOD)
    cache = tmp_path / "photos.json"
    read_metas([path], cache)
    data = json.loads(cache.read_text())
    entry = data["photos"][str(path.absolute())]
    entry[2] = {"position": [1.0, 2.0, None]}  # a lie only an old reader could have told
    data["stamp"]["journal"] = "0.0.0"
    cache.write_text(json.dumps(data))
    assert read_metas([path], cache)[path].position != GeoPoint(1.0, 2.0, None)
    data["stamp"] = json.loads(cache.read_text())["stamp"]
    entry[2] = {"position": "nonsense"}  # current version, malformed entry: read again
    cache.write_text(json.dumps(data))
    assert read_metas([path], cache)[path].position is not None


def test_an_unwritable_cache_only_costs_speed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write_jpeg(tmp_path / "good.jpg", GOOD)
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be")
    metas = read_metas([path], blocker / "photos.json")
    assert metas[path].position is not None
    assert "could not write the photo cache" in caplog.text


def test_jpeg_size_from_the_frame_header_matches_pillow(corpus: Path) -> None:
    """Every real JPEG of the corpus: our segment walk agrees with Pillow's decoder."""
    from PIL import Image

    from journal.load.imagefile import jpeg_size

    checked = 0
    for path in sorted((corpus / "exif-real" / "images").glob("*.jp*g")):
        try:
            with Image.open(path, formats=["JPEG"]) as image:
                expected = image.size
        except Exception:  # HEIC named .jpg, or not decodable: nothing to compare with
            continue
        assert jpeg_size(path) == expected, path.name
        checked += 1
    assert checked >= 30
