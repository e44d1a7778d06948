"""Geotagging by time: the interpolation rules, and agreement with `exiftool -geotag`."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from journal.core.geo import haversine_m
from journal.core.models import Track, TrackPoint
from journal.enrich.geotag import TrackIndex, geotag
from journal.load.gpx import read_track
from tests.conftest import corpus_dir, needs_corpus
from tests.photofactory import ExifSpec, write_jpeg

T0 = dt.datetime(2015, 6, 30, 8, 0, tzinfo=dt.UTC)
FIVE_MIN = dt.timedelta(minutes=5)


def _point(lat: float, lon: float, minutes: float, alt: float | None = None) -> TrackPoint:
    return TrackPoint(lat, lon, alt, T0 + dt.timedelta(minutes=minutes))


def _track(*segments: tuple[TrackPoint, ...], name: str = "t") -> Track:
    return Track(path=Path(f"{name}.gpx"), name=name, segments=segments)


RIDE = _track(
    (_point(45.0, 7.0, 0, 100.0), _point(45.0, 7.1, 4, 300.0), _point(45.2, 7.1, 8)),
    (_point(46.0, 8.0, 60, 500.0), _point(46.1, 8.0, 62, 500.0)),
)


def test_interpolates_linearly_in_time_between_the_bracketing_points() -> None:
    where = geotag(T0 + dt.timedelta(minutes=1), [RIDE], FIVE_MIN)
    assert where is not None
    assert (where.lat, where.lon, where.alt) == pytest.approx((45.0, 7.025, 150.0))


def test_an_exact_hit_is_the_point_itself() -> None:
    where = geotag(T0 + dt.timedelta(minutes=4), [RIDE], FIVE_MIN)
    assert where is not None and (where.lat, where.lon, where.alt) == (45.0, 7.1, 300.0)


def test_altitude_only_when_both_neighbours_have_one() -> None:
    where = geotag(T0 + dt.timedelta(minutes=6), [RIDE], FIVE_MIN)
    assert where is not None and where.alt is None and where.lat == pytest.approx(45.1)


def test_outside_every_track_there_is_no_position() -> None:
    assert geotag(T0 - dt.timedelta(seconds=1), [RIDE], FIVE_MIN) is None
    assert geotag(T0 + dt.timedelta(minutes=62, seconds=1), [RIDE], FIVE_MIN) is None


def test_in_a_pause_the_nearest_point_if_close_enough_never_a_line_across() -> None:
    just_after = geotag(T0 + dt.timedelta(minutes=10), [RIDE], FIVE_MIN)
    assert just_after is not None and (just_after.lat, just_after.lon) == (45.2, 7.1)
    just_before = geotag(T0 + dt.timedelta(minutes=57), [RIDE], FIVE_MIN)
    assert just_before is not None and (just_before.lat, just_before.lon) == (46.0, 8.0)
    assert geotag(T0 + dt.timedelta(minutes=30), [RIDE], FIVE_MIN) is None


def test_a_long_signal_loss_inside_a_segment_gives_nothing() -> None:
    lost = _track((_point(45.0, 7.0, 0), _point(45.5, 7.5, 30)))
    assert geotag(T0 + dt.timedelta(minutes=15), [lost], FIVE_MIN) is None
    assert geotag(T0 + dt.timedelta(minutes=15), [lost], dt.timedelta(minutes=20)) is not None


def test_the_gap_between_two_track_files_gives_nothing() -> None:
    morning = _track((_point(45.0, 7.0, 0), _point(45.0, 7.1, 10)), name="morning")
    evening = _track((_point(46.0, 8.0, 12), _point(46.0, 8.1, 20)), name="evening")
    assert geotag(T0 + dt.timedelta(minutes=11), [morning, evening], FIVE_MIN) is None


def test_points_without_time_are_ignored_and_naive_times_refused() -> None:
    mixed = _track((_point(45.0, 7.0, 0), TrackPoint(50.0, 9.0), _point(45.0, 7.2, 2)))
    where = geotag(T0 + dt.timedelta(minutes=1), [mixed], FIVE_MIN)
    assert where is not None and where.lon == pytest.approx(7.1)
    with pytest.raises(ValueError, match="aware"):
        TrackIndex([mixed]).geotag(T0.replace(tzinfo=None), FIVE_MIN)


def test_other_zones_are_the_same_instant() -> None:
    rome = dt.timezone(dt.timedelta(hours=2))
    assert geotag(T0.astimezone(rome) + dt.timedelta(minutes=4), [RIDE], FIVE_MIN) == geotag(
        T0 + dt.timedelta(minutes=4), [RIDE], FIVE_MIN
    )


def test_across_the_antimeridian() -> None:
    ferry = _track((_point(-17.0, 179.9, 0), _point(-17.0, -179.9, 2)))
    where = geotag(T0 + dt.timedelta(minutes=1), [ferry], FIVE_MIN)
    assert where is not None and abs(where.lon) == pytest.approx(180.0)


# --- agreement with ExifTool, on real JPEG copies and a real recorded track ---------------

VISNJAN = corpus_dir() / "gpx-real" / "files" / "around-visnjan-with-car.gpx"
#: Capture times (UTC, as the camera wrote them with a clock set to UTC) inside the track.
SHOTS = [
    dt.datetime(2020, 12, 18, 6, 15, 55),
    dt.datetime(2020, 12, 18, 6, 16, 0),  # exactly a track point
    dt.datetime(2020, 12, 18, 6, 16, 58),
    dt.datetime(2020, 12, 18, 6, 17, 35),
    dt.datetime(2020, 12, 18, 6, 18, 11),
    dt.datetime(2020, 12, 18, 6, 19, 45),
    dt.datetime(2020, 12, 18, 6, 21, 0),
    dt.datetime(2020, 12, 18, 6, 22, 18),
    dt.datetime(2020, 12, 18, 6, 24, 10),
]


@needs_corpus
def test_positions_match_exiftool_geotag_within_a_metre(tmp_path: Path) -> None:
    exiftool = shutil.which("exiftool")
    if exiftool is None:
        pytest.skip("exiftool is not installed (Debian: libimage-exiftool-perl)")
    photos = tmp_path / "photos"
    for i, taken in enumerate(SHOTS):
        write_jpeg(photos / f"IMG_{i:04d}.jpg", ExifSpec(taken=taken, model="Test Camera"))
    # The camera times are UTC: say so, rather than let ExifTool read them in its own zone.
    subprocess.run(
        [exiftool, "-q", "-overwrite_original", "-geotag", str(VISNJAN)]
        + ["-geotime<${DateTimeOriginal}+00:00", str(photos)],
        check=True,
        capture_output=True,
    )
    done = subprocess.run(
        [exiftool, "-n", "-json", "-GPSLatitude", "-GPSLongitude", "-GPSAltitude", str(photos)],
        check=True,
        capture_output=True,
        text=True,
    )
    theirs = {Path(row["SourceFile"]).name: row for row in json.loads(done.stdout)}
    track, _ = read_track(VISNJAN)
    assert track is not None
    for i, taken in enumerate(SHOTS):
        row = theirs[f"IMG_{i:04d}.jpg"]
        ours = geotag(taken.replace(tzinfo=dt.UTC), [track], FIVE_MIN)
        assert ours is not None, taken
        assert haversine_m(ours.lat, ours.lon, row["GPSLatitude"], row["GPSLongitude"]) < 1.0
        assert ours.alt == pytest.approx(row["GPSAltitude"], abs=0.1)
