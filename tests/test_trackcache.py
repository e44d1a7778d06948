"""The cache of parsed GPX files: a warm read equals a parse, and parses (and imports) nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from journal.core.errors import Report
from journal.load.gpx import read_track
from journal.load.gpxcache import FILE_NAME, read_tracks
from tests.conftest import EXAMPLE, REPO, corpus_dir, load_trip

GPX_DIR = corpus_dir() / "gpx-real" / "files"
GPX_HEAD = '<?xml version="1.0"?>\n<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">\n'
# Points with and without elevation and time in one segment, a NaN elevation, a time with
# microseconds and an offset, a timed and an untimed waypoint, a point off the globe.
MIXED = (
    GPX_HEAD + '<wpt lat="45.1" lon="10.8"><name>Mantova</name>'
    "<time>2015-06-27T10:00:00.123456+02:00</time></wpt>"
    '<wpt lat="45.2" lon="10.9"><name> Sabbioneta </name></wpt>'
    "<trk><name>giro</name><trkseg>"
    '<trkpt lat="45.0" lon="10.0"><ele>21.5</ele><time>2015-06-27T08:00:00Z</time></trkpt>'
    '<trkpt lat="45.1" lon="10.1"></trkpt>'
    '<trkpt lat="45.2" lon="10.2"><ele>NaN</ele><time>2015-06-27T08:00:01.5Z</time></trkpt>'
    '<trkpt lat="95.0" lon="10.2"></trkpt>'
    "</trkseg><trkseg>"
    '<trkpt lat="-33.8688" lon="151.2093"><ele>-3</ele></trkpt>'
    "</trkseg></trk></gpx>"
)


def _same(a: tuple[object, list[str]], b: tuple[object, list[str]]) -> bool:
    """Equal values, and equal text (NaN elevations compare unequal to themselves)."""
    return repr(a) == repr(b)


def _corpus_and_bad(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "tracks"
    shutil.copytree(GPX_DIR, folder)
    (folder / "mixed.gpx").write_text(MIXED, encoding="utf-8")
    (folder / "empty.gpx").write_text("", encoding="utf-8")
    (folder / "page.gpx").write_text("<html><body>saved</body></html>", encoding="utf-8")
    whole = (GPX_DIR / "around-visnjan-with-car.gpx").read_bytes()
    (folder / "cut.gpx").write_bytes(whole[: len(whole) // 2])
    return sorted(folder.glob("*.gpx"))


def test_cold_and_warm_reads_equal_a_parse(corpus: Path, tmp_path: Path) -> None:
    paths = _corpus_and_bad(tmp_path)
    cache = tmp_path / "cache" / FILE_NAME
    parsed = [read_track(path) for path in paths]
    cold = read_tracks(paths, cache)
    assert cache.is_file()
    stamp = cache.stat().st_mtime_ns
    warm = read_tracks(paths, cache)
    assert [p for p, _, _ in warm] == paths
    for path, expected, got_cold, got_warm in zip(paths, parsed, cold, warm, strict=True):
        assert _same(got_cold[1:], expected), path.name
        assert _same(got_warm[1:], expected), path.name
    assert cache.stat().st_mtime_ns == stamp, "an unchanged trip does not rewrite the cache"
    mixed = next(t for p, t, _ in warm if p.name == "mixed.gpx")
    assert mixed is not None and [p.alt for p in mixed.segments[1]] == [-3.0]
    assert mixed.segments[0][2].time is not None and mixed.segments[0][2].time.microsecond
    assert [w.time is None for w in mixed.waypoints] == [False, True]


def test_a_warm_read_imports_no_gpx_parser(tmp_path: Path) -> None:
    gpx = tmp_path / "ride.gpx"
    gpx.write_text(MIXED, encoding="utf-8")
    cache = tmp_path / FILE_NAME
    script = (
        "import sys; from pathlib import Path; from journal.load.gpxcache import read_tracks; "
        f"[(p, t, r)] = read_tracks([Path({str(gpx)!r})], Path({str(cache)!r})); "
        "print('gpxpy' in sys.modules, len(t.segments), r)"
    )

    def run() -> str:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
        )
        return done.stdout.strip()

    reasons = "['1 point with impossible coordinates left out', '2 points without time"
    assert run().startswith(f"True 2 {reasons}")  # cold: parsed
    assert run().startswith(f"False 2 {reasons}")  # warm: the same, without gpxpy


def test_a_changed_file_is_parsed_again(tmp_path: Path) -> None:
    gpx = tmp_path / "ride.gpx"
    gpx.write_text(MIXED, encoding="utf-8")
    cache = tmp_path / FILE_NAME
    read_tracks([gpx], cache)
    gpx.write_text(MIXED.replace('lat="-33.8688"', 'lat="-33.5"'), encoding="utf-8")
    [(_, track, _)] = read_tracks([gpx], cache)
    assert track is not None and track.segments[1][0].lat == -33.5
    gpx.write_text("", encoding="utf-8")
    assert read_tracks([gpx], cache) == [(gpx, None, ["not a GPX file: the file is empty"])]


def test_files_gone_from_the_trip_leave_the_cache(tmp_path: Path) -> None:
    first, second = tmp_path / "a.gpx", tmp_path / "b.gpx"
    first.write_text(MIXED, encoding="utf-8")
    second.write_text(MIXED, encoding="utf-8")
    cache = tmp_path / FILE_NAME
    read_tracks([first, second], cache)
    assert str(second.absolute()).encode() in cache.read_bytes()
    read_tracks([first], cache)
    assert str(second.absolute()).encode() not in cache.read_bytes()


def test_an_unreadable_file_is_not_remembered(tmp_path: Path) -> None:
    folder = tmp_path / "odd.gpx"  # a folder: stat works, reading does not
    folder.mkdir()
    cache = tmp_path / FILE_NAME
    [(_, track, reasons)] = read_tracks([folder], cache)
    assert track is None and reasons[0].startswith("cannot read: ")
    assert str(folder.absolute()).encode() not in cache.read_bytes()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: b"not a cache at all",
        lambda data: data[: len(data) // 2],  # points cut short
        lambda data: data[:-8],
        lambda data: data.replace(b'"journal":"', b'"journal":"0.0.0-'),  # an older journal
        lambda data: data.replace(b'"format":', b'"format":9'),
        lambda data: data.replace(b'"segments":[[', b'"segments":[["x",'),
    ],
)
def test_a_damaged_or_older_cache_is_ignored_and_rewritten(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    gpx = tmp_path / "ride.gpx"
    gpx.write_text(MIXED, encoding="utf-8")
    cache = tmp_path / FILE_NAME
    expected = read_tracks([gpx], cache)
    good = cache.read_bytes()
    cache.write_bytes(damage(good))
    assert repr(read_tracks([gpx], cache)) == repr(expected)
    assert cache.read_bytes() == good


def test_load_trip_warns_the_same_from_the_cache(tmp_path: Path) -> None:
    trip_dir = tmp_path / "trips" / EXAMPLE.name
    shutil.copytree(EXAMPLE, trip_dir)
    (trip_dir / "tracks" / "notes.gpx").write_text("my notes", encoding="utf-8")
    cache_dir = tmp_path / ".journal" / "cache" / EXAMPLE.name
    reports = [Report(), Report()]
    trips = [load_trip(trip_dir, report, cache_dir=cache_dir) for report in reports]
    assert (cache_dir / FILE_NAME).is_file()
    assert trips[0] is not None and trips[0].tracks and trips[0] == trips[1]
    cold, warm = ([str(p) for p in report.warnings] for report in reports)
    assert cold == warm and any("notes.gpx" in line for line in cold)
