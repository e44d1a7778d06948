"""Capture times: order of trust, per-camera offsets, and the corpus camera a day behind."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.core.models import GeoPoint, PhotoMeta, TimeSource
from journal.core.offsets import format_clock_offset, parse_clock_offset
from journal.enrich.clock import resolve_moment, suggest_clock_offset
from journal.load.exif import read_meta
from tests.conftest import corpus_dir

ROME = "Europe/Rome"
MANTOVA = GeoPoint(45.156, 10.791)
TAKEN = dt.datetime(2015, 6, 2, 9, 30, 0)  # wall time in Italy, CEST = UTC+2
GPS = dt.datetime(2015, 6, 2, 7, 30, 2, tzinfo=dt.UTC)


def test_camera_time_with_its_offset_is_trusted_first() -> None:
    meta = PhotoMeta(camera_time=TAKEN, camera_offset="+02:00", gps_time=GPS)
    moment, warnings = resolve_moment(meta, trip_zone="Europe/London")
    assert moment is not None and moment.source is TimeSource.EXIF_OFFSET
    assert moment.utc == dt.datetime(2015, 6, 2, 7, 30, tzinfo=dt.UTC)
    assert moment.local.replace(tzinfo=None) == TAKEN and warnings == []


def test_gps_time_beats_a_camera_time_without_offset() -> None:
    meta = PhotoMeta(position=MANTOVA, camera_time=TAKEN, gps_time=GPS)
    moment, warnings = resolve_moment(meta, trip_zone=ROME)
    assert moment is not None and moment.source is TimeSource.GPS
    assert moment.utc == GPS and warnings == []
    assert moment.local.utcoffset() == dt.timedelta(hours=2)  # shown in the trip's zone


def test_gps_moment_is_shown_in_the_zone_of_the_place() -> None:
    meta = PhotoMeta(position=MANTOVA, gps_time=GPS)
    moment, _ = resolve_moment(meta, trip_zone="Europe/London", zone_at=lambda lat, lon: ROME)
    assert moment is not None and moment.local.hour == 9 and moment.day == dt.date(2015, 6, 2)


def test_camera_time_alone_is_read_where_it_was_taken_else_in_the_trip_zone() -> None:
    meta = PhotoMeta(position=MANTOVA, camera_time=TAKEN)
    placed, _ = resolve_moment(meta, trip_zone="Europe/London", zone_at=lambda lat, lon: ROME)
    assert placed is not None and placed.source is TimeSource.CAMERA_ZONE
    assert placed.utc == dt.datetime(2015, 6, 2, 7, 30, tzinfo=dt.UTC)
    unplaced, _ = resolve_moment(meta, trip_zone="Europe/London", zone_at=lambda lat, lon: None)
    assert unplaced is not None and unplaced.source is TimeSource.CAMERA_TRIP
    assert unplaced.utc == dt.datetime(2015, 6, 2, 8, 30, tzinfo=dt.UTC)
    nowhere, _ = resolve_moment(PhotoMeta(camera_time=TAKEN), trip_zone=ROME, zone_at=len)  # type: ignore[arg-type]
    assert nowhere is not None and nowhere.source is TimeSource.CAMERA_TRIP


def test_a_wrong_camera_clock_loses_to_gps_with_a_warning() -> None:
    meta = PhotoMeta(
        camera_time=TAKEN, camera_offset="+02:00", gps_time=GPS + dt.timedelta(hours=1)
    )
    moment, warnings = resolve_moment(meta, trip_zone=ROME)
    assert moment is not None and moment.source is TimeSource.GPS
    assert moment.local.utcoffset() == dt.timedelta(hours=2)  # the camera's offset still shows
    assert warnings == ["camera clock is 1:00:02 behind GPS time; GPS time used"]
    ahead = PhotoMeta(camera_time=TAKEN, gps_time=GPS - dt.timedelta(days=1))
    assert resolve_moment(ahead, trip_zone=ROME)[1] == [
        "camera clock is 23:59:58 ahead of GPS time; GPS time used"
    ]


def test_the_trip_clock_offset_is_applied_before_anything() -> None:
    meta = PhotoMeta(camera_time=TAKEN - dt.timedelta(days=1), gps_time=GPS)
    moment, warnings = resolve_moment(meta, trip_zone=ROME, clock_offset=dt.timedelta(days=1))
    assert moment is not None and moment.utc == GPS and warnings == []
    alone = PhotoMeta(camera_time=TAKEN - dt.timedelta(minutes=5))
    fixed, _ = resolve_moment(alone, trip_zone=ROME, clock_offset=parse_clock_offset("+00:05"))
    assert fixed is not None and fixed.local.replace(tzinfo=None) == TAKEN


def test_no_time_at_all_is_no_moment() -> None:
    assert resolve_moment(PhotoMeta(position=MANTOVA), trip_zone=ROME) == (None, [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+1d -02:01:32", dt.timedelta(days=1) - dt.timedelta(hours=2, minutes=1, seconds=32)),
        ("-00:05", -dt.timedelta(minutes=5)),
        ("+3h", dt.timedelta(hours=3)),
        ("90s", dt.timedelta(seconds=90)),
        ("-1d -1h", -dt.timedelta(days=1, hours=1)),
        (" +23:58:28 ", dt.timedelta(hours=23, minutes=58, seconds=28)),
    ],
)
def test_parse_clock_offset(text: str, expected: dt.timedelta) -> None:
    assert parse_clock_offset(text) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "+1x", "+01:75", "+1d and a bit"])
def test_parse_clock_offset_rejects_bad_text(text: str) -> None:
    with pytest.raises(ValueError, match="clock offset"):
        parse_clock_offset(text)


@given(st.integers(min_value=-10 * 86400, max_value=10 * 86400))
def test_format_and_parse_round_trip(seconds: int) -> None:
    delta = dt.timedelta(seconds=seconds)
    assert parse_clock_offset(format_clock_offset(delta)) == delta


def test_format_clock_offset_reads_like_trip_toml() -> None:
    assert format_clock_offset(dt.timedelta(hours=23, minutes=58, seconds=28)) == "+23:58:28"
    assert format_clock_offset(-dt.timedelta(days=1, seconds=7292)) == "-1d -02:01:32"


def test_suggestion_needs_agreement_and_a_real_error() -> None:
    def shot(error_s: int, gps_s: int = 0) -> PhotoMeta:
        gps = GPS + dt.timedelta(seconds=gps_s)
        taken = gps.astimezone(dt.timezone(dt.timedelta(hours=2))).replace(tzinfo=None)
        return PhotoMeta(camera_time=taken - dt.timedelta(seconds=error_s), gps_time=gps)

    steady = [shot(3600, 0), shot(3610, 600), shot(3605, 1200)]
    assert suggest_clock_offset(steady, trip_zone=ROME) == dt.timedelta(seconds=3605)
    assert suggest_clock_offset([shot(3600), shot(-3600)], trip_zone=ROME) is None
    assert suggest_clock_offset([shot(30), shot(40)], trip_zone=ROME) is None  # clock was fine
    assert suggest_clock_offset([shot(3600)], trip_zone=ROME) is None  # one photo is no trend


@pytest.fixture(scope="module")
def dscn() -> list[PhotoMeta]:
    images = corpus_dir() / "exif-real" / "images"
    paths = sorted(images.glob("jpg__gps__DSCN00*.jpg"))
    if not paths:
        pytest.skip(f"real-camera corpus not found at {images} (set JOURNAL_CORPUS)")
    return [read_meta(path) for path in paths]


def test_the_corpus_camera_a_day_behind_is_caught(dscn: list[PhotoMeta]) -> None:
    assert len(dscn) == 9
    for meta in dscn:
        moment, warnings = resolve_moment(meta, trip_zone=ROME)
        assert moment is not None and moment.source is TimeSource.GPS
        assert moment.utc == meta.gps_time and moment.day == dt.date(2008, 10, 23)
        assert len(warnings) == 1 and "behind GPS time; GPS time used" in warnings[0]
        assert warnings[0].startswith("camera clock is 23:5")


def test_the_suggested_offset_fixes_the_corpus_camera(dscn: list[PhotoMeta]) -> None:
    offset = suggest_clock_offset(dscn, trip_zone=ROME)
    assert offset is not None and format_clock_offset(offset) == "+23:58:28"
    for meta in dscn:
        moment, warnings = resolve_moment(meta, trip_zone=ROME, clock_offset=offset)
        assert warnings == []
        assert meta.camera_time is not None and moment is not None
        without_gps = PhotoMeta(camera_time=meta.camera_time)
        alone, _ = resolve_moment(without_gps, trip_zone=ROME, clock_offset=offset)
        assert alone is not None and abs(alone.utc - moment.utc) < dt.timedelta(minutes=1)
