"""The benchmark inputs are what they claim: real 12 MP JPEGs whose EXIF journal reads back,
the same bytes on every run, and a trip folder journal can load."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PIL import Image

from journal.core.errors import Report
from journal.load.exif import read_meta
from journal.pipeline import check_trip
from tests.conftest import load_trip
from tests.photofactory import write_jpeg

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

from benchtrip import make_trip  # noqa: E402
from floor import main as floor_main  # noqa: E402
from make_photos import make_photos, photo_name, spec_for  # noqa: E402


def test_photos_are_real_12mp_jpegs_with_their_exif(tmp_path: Path) -> None:
    sizes = make_photos(4, tmp_path, jobs=1, distinct=1)
    assert len(sizes) == 4
    assert all(1_500_000 < size < 4_500_000 for size in sizes)
    for index in (0, 3):
        path = tmp_path / photo_name(index)
        with Image.open(path) as image:
            assert (image.format, image.size) == ("JPEG", (4000, 3000))
        meta = read_meta(path)
        spec = spec_for(index, 4)
        assert meta.position is not None
        assert abs(meta.position.lat - spec.lat) < 1e-6
        assert abs(meta.position.lon - spec.lon) < 1e-6
        assert meta.camera_time == spec.taken
        assert meta.camera_offset == spec.offset
        assert meta.gps_time == spec.gps_time
        assert meta.orientation == spec.orientation
    assert read_meta(tmp_path / photo_name(3)).orientation == 6


def test_photos_are_deterministic(tmp_path: Path) -> None:
    make_photos(2, tmp_path / "a", jobs=1, distinct=2)
    make_photos(2, tmp_path / "b", jobs=1, distinct=2)
    for index in range(2):
        name = photo_name(index)
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / photo_name(0)).read_bytes() != (
        tmp_path / "a" / photo_name(1)
    ).read_bytes()


def test_bench_trip_loads(tmp_path: Path) -> None:
    make_photos(2, tmp_path / "photos", jobs=1, distinct=1)
    trip_dir = make_trip(tmp_path / "root", "bench", tmp_path / "photos", track_points=500)
    report = Report()
    trip = load_trip(trip_dir, report)
    assert trip is not None, [str(p) for p in report]
    assert not report.errors
    assert [p.name for p in trip.photos] == [photo_name(0), photo_name(1)]
    assert all(p.position is not None for p in trip.photos)
    assert sum(len(s) for s in trip.tracks[0].segments) == 500
    assert {e.date.isoformat() for e in trip.entries} == {"2024-06-01"}


def test_the_floor_makes_journals_two_copies(tmp_path: Path) -> None:
    """The floor is only a floor if it does the same work: both sizes of every photo."""
    make_photos(1, tmp_path / "photos", jobs=1, distinct=1)
    for codec in ("simplejpeg", "pillow"):
        out = tmp_path / codec
        assert (
            floor_main([str(tmp_path / "photos"), str(out), "--jobs", "1", "--codec", codec]) == 0
        )
        stem = Path(photo_name(0)).stem
        sizes = [Image.open(out / name).size for name in (f"{stem}.jpg", f"{stem}-400.jpg")]
        assert sizes == [(2000, 1500), (400, 300)], codec


@pytest.mark.parametrize("count", [200, 2000])
def test_bench_trip_is_a_plausible_ride(tmp_path: Path, count: int) -> None:
    """No bench photo is a stray: a benchmark of a trip with warnings measures the wrong thing.
    The photos are small here, their EXIF the bench's own, their track the bench's."""
    photos = tmp_path / "photos"
    for index in range(count):
        write_jpeg(photos / photo_name(index), spec_for(index, count), size=(16, 12))
    root = tmp_path / "root"
    make_trip(root, "bench", photos)
    (root / "journal.toml").write_text("", encoding="utf-8")
    report, advice = check_trip(root, "bench")
    assert [str(p) for p in report] == []
    assert advice == []
