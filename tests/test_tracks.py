"""GPX reading on the real gpx-real corpus (checked against gpxpy.json) and on broken files."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from journal.load.gpx import read_track
from tests.conftest import EXAMPLE, corpus_dir, needs_corpus

GPX_DIR = corpus_dir() / "gpx-real" / "files"


def _truth() -> list[dict[str, Any]]:
    path = corpus_dir() / "gpx-real" / "gpxpy.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []


def _named_waypoints(path: Path) -> int:
    """Named <wpt>s counted with the standard library's XML parser, independently of gpxpy."""
    root = ET.fromstring(path.read_bytes())
    count = 0
    for wpt in root.iter():
        if wpt.tag.rsplit("}", 1)[-1] != "wpt":
            continue
        names = [c for c in wpt if c.tag.rsplit("}", 1)[-1] == "name"]
        count += bool(names and (names[0].text or "").strip())
    return count


def test_the_corpus_is_all_there(corpus: Path) -> None:
    assert len(_truth()) == 28
    assert len(list(GPX_DIR.glob("*.gpx"))) == 28


@needs_corpus
@pytest.mark.parametrize("truth", _truth(), ids=lambda t: t["file"])
def test_reads_every_corpus_file_like_gpxpy(truth: dict[str, Any]) -> None:
    track, reasons = read_track(GPX_DIR / truth["file"])
    points = truth["track_points"] + truth["route_points"]
    if points == 0 and truth["waypoints"] == 0:
        assert track is None and reasons == ["no points"]
        return
    named = _named_waypoints(GPX_DIR / truth["file"])
    if points == 0 and named == 0:  # only unnamed waypoints: nothing to draw or label
        assert track is None and reasons == ["no points"]
        return
    assert track is not None
    assert sum(len(s) for s in track.segments) == points
    assert len(track.segments) <= truth["segments"] + (1 if truth["route_points"] else 0)
    assert all(track.segments), "empty segments are dropped"
    assert len(track.waypoints) == named <= truth["waypoints"]
    timed = [p.time for s in track.segments for p in s if p.time is not None]
    assert len(timed) == truth["points_with_time"] or truth["route_points"]
    assert all(t.utcoffset() == dt.timedelta(0) for t in timed)
    untimed = points - len(timed)
    if untimed:
        plural = "s" if untimed != 1 else ""
        assert (
            f"{untimed} point{plural} without time: not on the route, which places points by "
            "their time" in reasons
        )
    else:
        assert reasons == []


@needs_corpus
def test_first_time_matches_gpxpy_as_utc() -> None:
    for truth in _truth():
        if not truth["first_time"] or truth["route_points"]:
            continue
        track, _ = read_track(GPX_DIR / truth["file"])
        assert track is not None
        first = dt.datetime.fromisoformat(truth["first_time"])
        if first.tzinfo is None:  # GPX without a zone designator is UTC by the schema
            first = first.replace(tzinfo=dt.UTC)
        assert track.segments[0][0].time == first


@needs_corpus
def test_offset_times_become_utc() -> None:
    track, _ = read_track(GPX_DIR / "track-with-less-sec-time.gpx")
    assert track is not None
    assert track.segments[0][0].time == dt.datetime(2015, 12, 11, 14, 43, 13, tzinfo=dt.UTC)


@needs_corpus
def test_routes_become_segments_and_named_waypoints_keep_their_names() -> None:
    track, _ = read_track(GPX_DIR / "route.gpx")
    assert track is not None and [len(s) for s in track.segments] == [55]
    lake, _ = read_track(GPX_DIR / "cerknicko-jezero.gpx")
    assert lake is not None and len(lake.waypoints) == 7
    assert all(w.name for w in lake.waypoints)


@needs_corpus
def test_bom_and_unicode_names() -> None:
    track, reasons = read_track(GPX_DIR / "unicode_with_bom.gpx")
    assert track is not None and reasons == [] and len(track.waypoints) == 1


@needs_corpus
def test_elevations_are_kept() -> None:
    track, _ = read_track(GPX_DIR / "around-visnjan-with-car.gpx")
    assert track is not None
    assert track.segments[0][0].alt == pytest.approx(211.15)


GPX_HEAD = '<?xml version="1.0"?>\n<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">\n'


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.gpx", "", "not a GPX file: the file is empty"),
        ("blank.gpx", "  \n", "not a GPX file: the file is empty"),
        (
            "truncated.gpx",
            GPX_HEAD + '<trk><trkseg><trkpt lat="45.1" lon="10.7"></trkseg>\n',
            "not a GPX file: mismatched tag: line 3",
        ),
        ("notes.gpx", "these are my notes, not a track", "not a GPX file: syntax error: line 1"),
        ("page.gpx", "<html><body>saved web page</body></html>", "not a GPX file: the document is"),
        ("nothing.gpx", GPX_HEAD + "<trk><trkseg></trkseg></trk></gpx>", "no points"),
    ],
)
def test_bad_gpx_gives_a_reason_not_an_exception(
    tmp_path: Path, name: str, content: str, reason: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    track, reasons = read_track(path)
    assert track is None
    assert len(reasons) == 1 and reasons[0].startswith(reason)


@needs_corpus
def test_truncated_download_mid_file(tmp_path: Path) -> None:
    whole = (GPX_DIR / "around-visnjan-with-car.gpx").read_bytes()
    path = tmp_path / "cut.gpx"
    path.write_bytes(whole[: len(whole) // 2])
    track, reasons = read_track(path)
    assert track is None and reasons[0].startswith("not a GPX file: ")


def test_binary_file_with_gpx_suffix(tmp_path: Path) -> None:
    path = tmp_path / "photo.gpx"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\xff\xfe")
    track, reasons = read_track(path)
    assert track is None and reasons[0].startswith("not a GPX file: not UTF-8 text")


def test_points_without_time_are_kept_for_drawing(tmp_path: Path) -> None:
    path = tmp_path / "untimed.gpx"
    path.write_text(
        GPX_HEAD + "<trk><trkseg>"
        '<trkpt lat="45.0" lon="10.0"><time>2015-06-01T10:00:00Z</time></trkpt>'
        '<trkpt lat="45.1" lon="10.1"></trkpt><trkpt lat="45.2" lon="10.2"></trkpt>'
        '<trkpt lat="95.0" lon="10.2"></trkpt>'
        "</trkseg></trk></gpx>",
        encoding="utf-8",
    )
    track, reasons = read_track(path)
    assert track is not None and len(track.segments[0]) == 3
    assert reasons == [
        "1 point with impossible coordinates left out",
        "2 points without time: not on the route, which places points by their time",
    ]


def test_example_trip_tracks_read_cleanly() -> None:
    files = sorted((EXAMPLE / "tracks").glob("*.gpx"))
    assert files, f"the example trip has no GPX in {EXAMPLE / 'tracks'}"
    for path in files:
        track, reasons = read_track(path)
        assert track is not None and reasons == [], (path.name, reasons)
        times = [p.time for s in track.segments for p in s]
        assert all(t is not None and t.year == 2015 for t in times)
