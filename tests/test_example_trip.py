"""The shipped example trip: reproducible from its script, and coherent as a real ride would be.

The example is what a new user renders first, and what the golden tests render, so its files
must be exactly what `tests/data/make_example_trip.py` writes, every photo must carry GPS that
a reader finds, and its clocks, track and privacy zone must agree with one another.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import exifread
import pytest
import yaml
from PIL import Image, ImageOps

from tests.data.make_example_trip import SHOTS

ROOT = Path(__file__).resolve().parents[1]
TRIP = ROOT / "trips" / "london-mantova-2015"
SCRIPT = ROOT / "tests" / "data" / "make_example_trip.py"
GPX = "{http://www.topografix.com/GPX/1/1}"
RIDING_DAYS = [dt.date(2015, 6, 27) + dt.timedelta(days=n) for n in range(10) if n != 4]
#: Photos taken by the roadside: the track passes them within minutes. The others were taken
#: in towns, on foot, where the bike was parked.
ON_THE_ROAD = {
    "folkestone-terminal.jpg",
    "calais.jpg",
    "troyes.jpg",
    "day3/col-de-la-faucille.jpg",
    "traforo-monte-bianco.jpg",
    "a1-cantagallo.jpg",
    "gottardo.jpg",
}
ENTRY_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})-[a-z0-9-]+\.(it|en)\.md")


def _generated(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for sub in ("photos", "tracks")
        for p in sorted((folder / sub).rglob("*"))
        if p.is_file()
    }


def _photos() -> list[Path]:
    return sorted(p for p in (TRIP / "photos").rglob("*") if p.is_file())


def _tags(path: Path) -> dict[str, exifread.classes.IfdTag]:
    with path.open("rb") as f:
        return exifread.process_file(f, details=False)


def _degrees(tags: dict[str, exifread.classes.IfdTag], axis: str) -> float:
    d, m, s = (float(v) for v in tags[f"GPS GPS{axis}"].values)
    sign = -1 if str(tags[f"GPS GPS{axis}Ref"]) in ("S", "W") else 1
    return sign * (d + m / 60 + s / 3600)


def _gps_time(tags: dict[str, exifread.classes.IfdTag]) -> dt.datetime:
    h, m, s = (float(v) for v in tags["GPS GPSTimeStamp"].values)
    day = dt.datetime.strptime(str(tags["GPS GPSDate"]), "%Y:%m:%d").replace(tzinfo=dt.UTC)
    return day + dt.timedelta(hours=h, minutes=m, seconds=s)


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dy = (lat2 - lat1) * 111_195
    dx = (lon2 - lon1) * 111_195 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)


Point = tuple[float, float, float, dt.datetime]


def _segments(gpx: Path) -> list[list[Point]]:
    root = ET.parse(gpx).getroot()
    assert root.get("version") == "1.1", gpx.name
    return [
        [
            (
                float(pt.get("lat")),
                float(pt.get("lon")),
                float(pt.findtext(f"{GPX}ele")),
                dt.datetime.fromisoformat(pt.findtext(f"{GPX}time").replace("Z", "+00:00")),
            )
            for pt in seg.findall(f"{GPX}trkpt")
        ]
        for seg in root.findall(f"{GPX}trk/{GPX}trkseg")
    ]


def _tracks_by_day() -> dict[dt.date, list[list[Point]]]:
    """Each UTC day's segments, from every file of the trip, in time order."""
    days: dict[dt.date, list[list[Point]]] = {}
    for gpx in sorted((TRIP / "tracks").glob("*.gpx")):
        for segment in _segments(gpx):
            days.setdefault(segment[0][3].date(), []).append(segment)
    return {day: sorted(segs, key=lambda s: s[0][3]) for day, segs in sorted(days.items())}


def _front_matter(path: Path) -> dict:
    _, front, _ = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front)


def test_script_rewrites_the_committed_files_byte_for_byte(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)], check=True)
    fresh, committed = _generated(tmp_path), _generated(TRIP)
    assert sorted(fresh) == sorted(committed)
    changed = [name for name in fresh if fresh[name] != committed[name]]
    assert not changed, f"regenerate with `python {SCRIPT.relative_to(ROOT)}`: {changed}"


def test_photos_are_small_and_tagged_where_the_table_says() -> None:
    shots = {shot.name: shot for shot in SHOTS}
    photos = _photos()
    assert 12 <= len(photos) <= 20
    assert any(p.parent != TRIP / "photos" for p in photos), "one photo lives in a subfolder"
    for path in photos:
        name = path.relative_to(TRIP / "photos").as_posix()
        assert path.stat().st_size < 150_000, name
        tags = _tags(path)
        shot = shots[name]
        assert _degrees(tags, "Latitude") == pytest.approx(shot.lat, abs=1e-7), name
        assert _degrees(tags, "Longitude") == pytest.approx(shot.lon, abs=1e-7), name
        assert 43 < shot.lat < 52 and -1 < shot.lon < 12, name
        assert float(tags["GPS GPSAltitude"].values[0]) == pytest.approx(shot.alt)
        assert _gps_time(tags) == shot.local.astimezone(dt.UTC), name


def test_clocks_agree_with_gps_time_and_the_zone() -> None:
    """UK photos are an hour ahead of UTC in summer, continental ones two; offsets say so."""
    kinds = set()
    for path in _photos():
        tags = _tags(path)
        taken, offset = tags.get("EXIF DateTimeOriginal"), tags.get("EXIF OffsetTimeOriginal")
        kinds.add((taken is not None, offset is not None))
        if taken is None:
            continue
        wall = dt.datetime.strptime(str(taken), "%Y:%m:%d %H:%M:%S")
        ahead = wall - _gps_time(tags).replace(tzinfo=None)
        in_uk = _degrees(tags, "Longitude") < 1.5 and _degrees(tags, "Latitude") > 51
        assert ahead == dt.timedelta(hours=1 if in_uk else 2), path.name
        if offset is not None:
            assert str(offset) == ("+01:00" if in_uk else "+02:00"), path.name
    assert kinds == {(True, True), (True, False), (False, False)}


def test_one_photo_is_stored_on_its_side() -> None:
    rotated = [p for p in _photos() if _tags(p)["Image Orientation"].values == [6]]
    assert [p.name for p in rotated] == ["aosta-arco.jpg"]
    with Image.open(rotated[0]) as stored:
        assert stored.size == (800, 600)
        assert ImageOps.exif_transpose(stored).size == (600, 800)
    assert {str(_tags(p)["Image Model"]) for p in _photos()} == {"iPhone 6"}


def test_privacy_zone_holds_home_and_only_home() -> None:
    config = tomllib.loads((TRIP / "trip.toml").read_text(encoding="utf-8"))
    assert config["default_lang"] == "it" and config["timezone"] == "Europe/Rome"
    (zone,) = config["privacy_zones"]

    def at_home(lat: float, lon: float) -> bool:
        return _metres(zone["lat"], zone["lon"], lat, lon) < zone["radius_m"]

    photos = {p.name: _tags(p) for p in _photos()}
    inside = [
        n for n, t in photos.items() if at_home(_degrees(t, "Latitude"), _degrees(t, "Longitude"))
    ]
    assert inside == ["partenza.jpg"]  # the route starts at home...
    last = _front_matter(sorted((TRIP / "entries").glob("*.it.md"))[-1])["location"]
    assert at_home(last["lat"], last["lon"])  # ...and ends there


def test_track_follows_the_tunnel_day_and_meets_its_photo() -> None:
    root = ET.parse(TRIP / "tracks" / "2015-06-30-chamonix-aosta.gpx").getroot()
    assert root.get("version") == "1.1"
    segments = root.findall(f"{GPX}trk/{GPX}trkseg")
    points = [
        (
            float(pt.get("lat")),
            float(pt.get("lon")),
            float(pt.findtext(f"{GPX}ele")),
            dt.datetime.fromisoformat(pt.findtext(f"{GPX}time").replace("Z", "+00:00")),
        )
        for seg in segments
        for pt in seg.findall(f"{GPX}trkpt")
    ]
    assert len(segments) == 2  # the fix is lost inside the tunnel
    assert 200 <= len(points) <= 1000
    times = [p[3] for p in points]
    assert times == sorted(times) and times[0].date() == dt.date(2015, 6, 30)
    assert all(500 < p[2] < 1500 for p in points)
    assert [w.findtext(f"{GPX}name") for w in root.findall(f"{GPX}wpt")] == [
        "Traforo del Monte Bianco"
    ]
    tunnel = next(s for s in SHOTS if s.name == "traforo-monte-bianco.jpg")
    at = tunnel.local.astimezone(dt.UTC)
    lat, lon, _, when = min(points, key=lambda p: abs(p[3] - at))
    assert abs(when - at) <= dt.timedelta(seconds=10)
    assert _metres(lat, lon, tunnel.lat, tunnel.lon) < 50
    aosta = next(s for s in SHOTS if s.name == "aosta-arco.jpg")
    assert times[-1] < aosta.local.astimezone(dt.UTC)  # parked before the photo


def test_entries_are_well_formed_and_point_at_real_photos() -> None:
    names = {p.relative_to(TRIP / "photos").as_posix() for p in _photos()}
    stems: dict[str, set[str]] = {}
    inline = 0
    for path in sorted((TRIP / "entries").iterdir()):
        match = ENTRY_NAME.fullmatch(path.name)
        assert match, path.name
        assert dt.date(2015, 6, 27) <= dt.date.fromisoformat(match[1]) <= dt.date(2015, 7, 6)
        stems.setdefault(path.name.rsplit(".", 2)[0], set()).add(match[2])
        front = _front_matter(path)
        assert front["title"]
        time = str(front.get("time", ""))
        assert re.fullmatch(r"\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", time), time
        assert set(front.get("photos", [])) <= names
        assert set(front.get("captions", {})) <= names
        for ref in re.findall(r"!\[[^\]]*\]\(photos/([^)]+)\)", path.read_text(encoding="utf-8")):
            assert ref in names
            inline += 1
    assert 8 <= len(stems) <= 12
    assert inline >= 1
    assert {"en"} in stems.values(), "one entry is written in English only"
    assert sum(langs == {"it", "en"} for langs in stems.values()) >= 3


def test_every_riding_day_has_a_track_and_none_overlap() -> None:
    days = _tracks_by_day()
    assert list(days) == RIDING_DAYS  # 1 July, spent in Mantua, has none
    size = sum(p.stat().st_size for p in (TRIP / "tracks").glob("*.gpx"))
    assert size < 1_500_000
    everything = [p for segments in days.values() for s in segments for p in s]
    times = [p[3] for p in everything]
    assert times == sorted(times) and len(set(times)) == len(times), "tracks overlap in time"
    for day, segments in days.items():
        points = [p for s in segments for p in s]
        assert 200 <= len(points) <= 1500, day
        assert len(segments) >= 2, f"{day}: no pause where the app stopped logging"
        assert all(-10 < p[2] < 2200 for p in points), day
        assert all(p[3].date() == day for p in points), day
        for segment in segments:
            for a, b in zip(segment, segment[1:], strict=False):
                seconds = (b[3] - a[3]).total_seconds()
                assert 0 < seconds <= 60, f"{day}: {seconds} s between points"
                assert _metres(a[0], a[1], b[0], b[1]) / seconds < 45, f"{day}: a jump at {b[3]}"


def test_the_ride_leaves_from_home_and_comes_back_to_it() -> None:
    config = tomllib.loads((TRIP / "trip.toml").read_text(encoding="utf-8"))
    (zone,) = config["privacy_zones"]
    days = _tracks_by_day()
    first, last = days[RIDING_DAYS[0]][0][0], days[RIDING_DAYS[-1]][-1][-1]
    for lat, lon, _, _ in (first, last):
        assert _metres(zone["lat"], zone["lon"], lat, lon) < zone["radius_m"]


def test_tracks_meet_the_photos_of_their_day() -> None:
    """A roadside photo is on the line near its time; a town photo where the bike was parked."""
    days = _tracks_by_day()
    met = set()
    for shot in SHOTS:
        at = shot.local.astimezone(dt.UTC)
        if at.date() not in days:
            continue
        points = [p for s in days[at.date()] for p in s]
        if shot.name in ON_THE_ROAD:
            near = [p for p in points if abs(p[3] - at) <= dt.timedelta(minutes=10)]
        else:
            before = [p for p in points if p[3] <= at]
            near = [before[-1] if before else points[0]]
        assert min(_metres(p[0], p[1], shot.lat, shot.lon) for p in near) < 1000, shot.name
        met.add(shot.name)
    assert met >= ON_THE_ROAD
    assert {s.name for s in SHOTS} - met == {"mantova-piazza-sordello.jpg"}
