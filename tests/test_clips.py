"""Reading clips: the real phone, GoPro and drone files of the corpus, and generated ones.

What journal reads is compared with ExifTool's reading of the same file (its `-ee` reading
of GoPro's telemetry), never with numbers copied from journal's own output; the drone
subtitle files are compared with the values written in them.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from journal.core.clips import ClipMeta, copy_rate, copy_size
from journal.core.errors import Report
from journal.core.mediaplan import clip_files, is_clip, published_files
from journal.enrich.clock import resolve_moment
from journal.load.clipcache import read_clip_metas
from journal.load.clipmeta import iso6709, read_clip
from journal.load.djisrt import read_flight
from tests.clipfactory import Fix, add_gpmf, dji_srt, gps5_payload, gps9_payload, make_clip
from tests.conftest import corpus_dir, load_trip

VIDEO = corpus_dir() / "video"
IPHONE = VIDEO / "apple_with-gps.mov"
ANDROID = VIDEO / "with-gps.mp4"
GOPRO = VIDEO / "gopro_max-heromode.mp4"
SRT = VIDEO / "dji-srt"
needs_video = pytest.mark.skipif(
    not GOPRO.is_file(), reason=f"the video corpus is not at {VIDEO} (set JOURNAL_CORPUS)"
)
needs_ffmpeg = pytest.mark.skipif(
    shutil.which("ffmpeg") is None, reason="ffmpeg is not installed (.ci/run installs it)"
)
needs_exiftool = pytest.mark.skipif(
    shutil.which("exiftool") is None, reason="ExifTool is not installed (.ci/run installs it)"
)
T0 = dt.datetime(2015, 7, 1, 8, 0, tzinfo=dt.UTC)
TRIP_TOML = 'timezone = "Europe/Rome"\n[title]\nit = "In moto"\nen = "By motorbike"\n'


def exiftool(path: Path, *tags: str) -> dict[str, object]:
    found = subprocess.run(
        ["exiftool", "-j", "-n", *(f"-{t}" for t in tags), str(path)],
        capture_output=True, check=True,
    )  # fmt: skip
    return json.loads(found.stdout)[0]


def ride(count: int, start: dt.datetime = T0, *, lat: float = 45.0) -> list[Fix]:
    """`count` fixes ten a second along a road going north-east."""
    return [
        Fix(lat + i * 1e-5, 10.0 + i * 1e-5, 100.0 + i / 10, start + dt.timedelta(seconds=i / 10))
        for i in range(count)
    ]


@needs_video
@needs_exiftool
def test_an_iphone_clip_gives_its_iso6709_place_its_local_time_and_its_rotation() -> None:
    meta = read_clip(IPHONE)
    truth = exiftool(IPHONE, "GPSCoordinates", "CreationDate", "Rotation", "Make", "Model")
    lat, lon, alt = map(float, str(truth["GPSCoordinates"]).split())
    assert meta.position is not None
    assert (meta.position.lat, meta.position.lon, meta.position.alt) == (lat, lon, alt)
    local, offset = str(truth["CreationDate"]).rsplit("+", 1)
    assert meta.camera_time == dt.datetime.strptime(local, "%Y:%m:%d %H:%M:%S")
    assert meta.camera_offset == f"+{offset}"
    assert meta.rotation == truth["Rotation"] == 90
    assert (meta.make, meta.model) == (truth["Make"], truth["Model"])
    assert meta.width > meta.height  # stored sideways, as the phone's sensor sees it
    assert meta.upright == (meta.height, meta.width)  # shown portrait


@needs_video
@needs_exiftool
def test_an_android_clip_gives_its_xyz_place_and_its_utc_header_time() -> None:
    meta = read_clip(ANDROID)
    truth = exiftool(ANDROID, "GPSCoordinates", "CreateDate")
    lat, lon = map(float, str(truth["GPSCoordinates"]).split())
    assert meta.position is not None and (meta.position.lat, meta.position.lon) == (lat, lon)
    created = dt.datetime.strptime(str(truth["CreateDate"]), "%Y:%m:%d %H:%M:%S")
    assert meta.gps_time == created.replace(tzinfo=dt.UTC)
    assert meta.camera_time is None and meta.notes == ()


@needs_video
@needs_exiftool
def test_a_gopro_clip_gives_every_gps5_fix_exiftool_reads() -> None:
    meta = read_clip(GOPRO)
    found = subprocess.run(
        ["exiftool", "-ee", "-n", "-a", "-G3", "-s", "-GPSLatitude", "-GPSLongitude",
         "-GPSAltitude", str(GOPRO)],
        capture_output=True, check=True, text=True,
    ).stdout  # fmt: skip
    values: dict[str, list[float]] = {"GPSLatitude": [], "GPSLongitude": [], "GPSAltitude": []}
    for line in found.splitlines():
        group, rest = line.split(None, 1)
        tag, value = (part.strip() for part in rest.split(":", 1))
        if group.startswith("[Doc"):  # [Main] is the ©xyz atom, not telemetry
            values[tag].append(float(value))
    assert len(meta.track) == len(values["GPSLatitude"]) == 191
    for point, lat, lon, alt in zip(meta.track, *values.values(), strict=True):
        assert abs(point.lat - lat) < 1e-7 and abs(point.lon - lon) < 1e-7
        assert point.alt is not None and abs(point.alt - alt) < 1e-3
    times = [p.time for p in meta.track]
    assert times == sorted(times) and None not in times
    assert (meta.make, meta.model) == ("GoPro", exiftool(GOPRO, "Model")["Model"])


@needs_video
@needs_exiftool
def test_a_gopro_clip_is_dated_by_gps_not_by_its_local_clock_labelled_utc() -> None:
    """The MAX writes 15:45 local time as `creation_time` in UTC; the GPS says 23:45 UTC."""
    meta = read_clip(GOPRO)
    gps = exiftool(GOPRO, "ee", "GPSDateTime")["GPSDateTime"]  # the first payload's GPSU
    first_gpsu = dt.datetime.strptime(str(gps), "%Y:%m:%d %H:%M:%S.%f").replace(tzinfo=dt.UTC)
    assert meta.gps_time is not None
    assert dt.timedelta(0) <= meta.gps_time - first_gpsu < dt.timedelta(seconds=3)  # it is stale
    created = str(exiftool(GOPRO, "CreateDate")["CreateDate"])
    assert meta.camera_time == dt.datetime.strptime(created, "%Y:%m:%d %H:%M:%S")
    moment, warnings = resolve_moment(
        meta, trip_zone="UTC", zone_at=lambda lat, lon: "America/Los_Angeles"
    )
    assert moment is not None and moment.utc == meta.gps_time and warnings == []
    assert moment.local.strftime("%Y-%m-%d %H:%M") == "2019-11-18 15:45"


@pytest.mark.parametrize(
    ("name", "lat", "lon", "alt", "wall"),
    [
        ("air2s.srt", 41.424724, 2.234156, 117.0, "2022-08-07 13:40:40.774"),
        ("mavic_air2.srt", 41.420684, 2.162162, 27.3, "2022-05-01 15:01:58.531"),
        ("mavic_pro.SRT", -20.2533, 149.0251, None, "2017-08-05 14:11:51"),
        ("old_format.SRT", -20.2533, 149.0251, None, "2017-08-05 14:11:51"),
        ("matrice_300.srt", 36.6146, -6.1120, 0.0, "2022-06-21 16:06:17"),
        ("mavic_mini.SRT", 48.0771, -121.7458, None, None),
        ("p4_rtk.SRT", -34.237922, -58.851745, None, None),
        # its first dated block (7, 00:15:09.942) moved back to its first (00:15:04.904)
        ("mix_p4rtk_mavic2pro.srt", -34.650200, -59.409424, None, "2020-10-07 12:00:05.085"),
    ],
)
def test_every_dji_srt_syntax_gives_the_first_fix_and_the_drone_clock(
    name: str, lat: float, lon: float, alt: float | None, wall: str | None
) -> None:
    path = SRT / name
    if not path.is_file():
        pytest.skip(f"the video corpus is not at {VIDEO}")
    flight = read_flight(path)
    assert flight.position is not None and flight.notes == ()
    assert (flight.position.lat, flight.position.lon, flight.position.alt) == (lat, lon, alt)
    assert flight.wall_time == (dt.datetime.fromisoformat(wall) if wall else None)
    assert flight.fixes == path.read_text(encoding="utf-8-sig").count("-->")


@pytest.mark.parametrize(
    ("name", "code"),
    [("broken_empty.SRT", "telemetry.empty"), ("broken_incomplete.SRT", "telemetry.cut")],
)
def test_a_broken_srt_is_one_note(name: str, code: str) -> None:
    path = SRT / name
    if not path.is_file():
        pytest.skip(f"the video corpus is not at {VIDEO}")
    flight = read_flight(path)
    assert [note.code for note in flight.notes] == [code]
    assert name in flight.notes[0]


def test_an_srt_of_no_known_syntax_says_so(tmp_path: Path) -> None:
    path = tmp_path / "x.srt"
    path.write_text("1\n00:00:00,000 --> 00:00:01,000\nALT 120 SPEED 3\n", encoding="utf-8")
    flight = read_flight(path)
    assert flight.position is None and [n.code for n in flight.notes] == ["telemetry.unknown"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+45.1564+010.7914+100.000/", (45.1564, 10.7914, 100.0)),
        ("-33.8688+151.2093/", (-33.8688, 151.2093, None)),
        ("+4509.384+01047.484/", (45.1564, 10.791400, None)),  # DDMM.MMM, DDDMM.MMM
        ("+450923.04+0104729.04/", (45.156400, 10.791400, None)),  # DDMMSS.SS
        ("+00.0000+000.0000/", None),
        ("garbage", None),
        ("+95.0+010.0/", None),
    ],
)
def test_iso6709_in_every_form_phones_write(text: str, expected: tuple | None) -> None:
    found = iso6709(text)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert abs(found.lat - expected[0]) < 1e-9 and abs(found.lon - expected[1]) < 1e-9
        assert found.alt == expected[2]


@needs_ffmpeg
def test_gpmf_gps9_gives_each_fix_its_own_time(tmp_path: Path) -> None:
    fixes = ride(20)
    clip = make_clip(tmp_path / "GX010001.MP4", seconds=2)
    add_gpmf(clip, [gps9_payload(fixes[:10]), gps9_payload(fixes[10:])])
    meta = read_clip(clip)
    assert [(p.lat, p.lon, p.time) for p in meta.track] == [
        (pytest.approx(f.lat, abs=1e-7), pytest.approx(f.lon, abs=1e-7), f.time) for f in fixes
    ]
    assert meta.gps_time == T0 and meta.model == "HERO11 Black"


@needs_ffmpeg
def test_gpmf_fixes_without_a_lock_or_too_imprecise_are_dropped(tmp_path: Path) -> None:
    fixes = ride(30)
    clip = make_clip(tmp_path / "GH010002.MP4", seconds=3)
    payloads = [
        gps5_payload(fixes[:10], fix=0),
        gps5_payload(fixes[10:20], dop=9.0),
        gps5_payload(fixes[20:]),
    ]
    meta = read_clip(add_gpmf(clip, payloads))
    assert len(meta.track) == 10 and meta.track[0].lat == pytest.approx(fixes[20].lat)
    no_lock = read_clip(add_gpmf(make_clip(tmp_path / "GH3.MP4"), [gps5_payload(fixes, fix=0)]))
    assert no_lock.track == () and no_lock.position is None
    assert "gps.no-fix" in [n.code for n in no_lock.notes]


@needs_ffmpeg
@pytest.mark.parametrize(
    ("damage", "code"),
    [
        ("empty", "file.empty"),
        ("text", "file.not-video"),
        ("cut-before-index", "file.truncated"),
        ("cut-after-index", "file.truncated"),
        ("audio-only", "file.not-video"),
    ],
)
def test_a_clip_that_cannot_play_is_one_note(tmp_path: Path, damage: str, code: str) -> None:
    path = tmp_path / "clip.mp4"
    if damage == "empty":
        path.write_bytes(b"")
    elif damage == "text":
        path.write_text("a text file someone named .mp4\n" * 10)
    elif damage == "audio-only":
        subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=duration=1",
                        str(path)], check=True)  # fmt: skip
    else:
        whole = make_clip(tmp_path / "whole.mp4", seconds=2)
        if damage == "cut-after-index":  # the index first, as a web copy has it
            subprocess.run(["ffmpeg", "-v", "error", "-i", str(whole), "-c", "copy", "-movflags",
                            "+faststart", str(tmp_path / "fast.mp4")], check=True)  # fmt: skip
            whole = tmp_path / "fast.mp4"
        data = whole.read_bytes()
        path.write_bytes(data[: len(data) * 2 // 3])
    meta = read_clip(path)
    assert [note.code for note in meta.notes] == [code], meta.notes


def test_clip_names_sizes_and_rates() -> None:
    assert is_clip("day 1/IMG_0042.MOV") and is_clip("a.m4v") and not is_clip("a.jpg")
    assert not is_clip("mov") and not is_clip("folder.mp4/photo")
    assert clip_files("day 1/Città.MOV") == (
        "media/day-1-Citta.mp4",
        "media/day-1-Citta-poster.jpg",
    )
    assert published_files("a.jpg") == ("media/a.jpg", "media/a-400.jpg")
    portrait = ClipMeta(width=3840, height=2160, rotation=90)
    assert copy_size(portrait) == (720, 1280) and copy_size(portrait, 1080) == (1080, 1920)
    assert copy_size(ClipMeta(width=568, height=320)) == (568, 320)  # never enlarged
    assert copy_size(ClipMeta(width=1440, height=1080)) == (960, 720)
    assert copy_size(ClipMeta(width=1281, height=721)) == (1280, 720)  # even sides
    assert [copy_rate(r) for r in (24, 30, 50, 60, 120, None)] == [None, None, 25, 30, 30, None]
    assert copy_rate(59.94) == pytest.approx(29.97)


@needs_ffmpeg
def test_clip_metadata_is_read_again_only_when_the_clip_or_its_srt_changes(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "DJI_0001.MP4")
    srt = dji_srt(tmp_path / "DJI_0001.SRT", ride(2), wall=dt.datetime(2015, 7, 1, 10, 0))
    cache = tmp_path / "clips.cache"
    first = read_clip_metas([clip], cache)[clip]
    assert first.position is not None and first.position.lat == pytest.approx(45.0)
    assert first.camera_time == dt.datetime(2015, 7, 1, 10, 0) and first.make == "DJI"
    assert read_clip_metas([clip], cache)[clip] == first  # from the cache, the same
    dji_srt(srt, ride(2, lat=46.0), wall=dt.datetime(2015, 7, 1, 11, 0))
    moved = read_clip_metas([clip], cache)[clip]
    assert moved.position is not None and moved.position.lat == pytest.approx(46.0)
    srt.unlink()
    assert read_clip_metas([clip], cache)[clip].position is None


@needs_ffmpeg
def test_a_gopro_track_is_a_recorded_track_of_its_own_and_leaves_the_photo(
    tmp_path: Path,
) -> None:
    trip = tmp_path / "trips" / "gopro"
    (trip / "photos").mkdir(parents=True)
    (trip / "trip.toml").write_text(TRIP_TOML, encoding="utf-8")
    clip = make_clip(trip / "photos" / "GX010001.MP4", seconds=2)
    add_gpmf(clip, [gps9_payload(ride(10)), gps9_payload(ride(20)[10:])])
    report = Report()
    loaded = load_trip(trip, report)
    assert loaded is not None and not report.problems, report.problems
    (track,) = loaded.tracks
    assert track.path == clip and track.name == "GX010001.MP4"
    assert [p.time for p in track.segments[0]] == [f.time for f in ride(20)]
    (photo,) = loaded.photos
    assert isinstance(photo.meta, ClipMeta) and photo.meta.track == ()
    assert photo.moment is not None and photo.moment.utc == T0
    assert photo.moment.local.isoformat() == "2015-07-01T10:00:00+02:00"


@needs_ffmpeg
def test_a_clip_s_poster_and_a_photo_named_like_it_are_two_files(tmp_path: Path) -> None:
    """`x.mov`'s poster is media/x-poster.jpg, which would also be the photo x-poster.jpg's
    copy: the photo's stem ends as a poster's does, so it is made distinct, and both are
    published, every name checked against all others."""
    from journal.core.mediaplan import published_files
    from tests.photofactory import ExifSpec, write_jpeg

    trip = tmp_path / "trips" / "nomi"
    (trip / "trip.toml").parent.mkdir(parents=True)
    (trip / "trip.toml").write_text(TRIP_TOML, encoding="utf-8")
    write_jpeg(trip / "photos" / "x-poster.jpg", ExifSpec(lat=45.0, lon=7.0))
    make_clip(trip / "photos" / "x.mov", metadata={"location": "+45.0000+007.0000/"})
    report = Report()
    loaded = load_trip(trip, report)
    assert loaded is not None and [p.name for p in loaded.photos] == ["x-poster.jpg", "x.mov"]
    assert not [p for p in report.problems if p.code == "photo.name-taken"]
    files = [*published_files("x-poster.jpg"), *published_files("x.mov")]
    assert "media/x-poster.jpg" in files and len(set(files)) == 4, files


@needs_ffmpeg
def test_clips_are_private_and_strays_by_the_photos_rules(tmp_path: Path) -> None:
    from journal.enrich.strays import STRAY

    trip = tmp_path / "trips" / "regole"
    trip.mkdir(parents=True)
    (trip / "trip.toml").write_text('private = ["CASA.mov"]\n' + TRIP_TOML, encoding="utf-8")
    (trip / "entries").mkdir()
    (trip / "entries" / "2015-07-01-via.it.md").write_text("---\ntitle: Via\n---\n\nVia.\n")
    where = {"location": "+45.7370+007.3200/"}
    make_clip(
        trip / "photos" / "via.mov", metadata={**where, "creation_time": "2015-07-01T08:00:00Z"}
    )
    make_clip(
        trip / "photos" / "vecchio.mov", metadata={**where, "creation_time": "2013-05-04T08:00:00Z"}
    )
    make_clip(trip / "photos" / "private" / "garage.mov", metadata=where)
    make_clip(trip / "photos" / "casa.mov", metadata=where)
    report = Report()
    loaded = load_trip(trip, report)
    assert loaded is not None
    assert sorted(p.name for p in loaded.photos) == ["vecchio.mov", "via.mov"]  # home stays home
    old = loaded.photo("vecchio.mov")
    assert old is not None and old.moment is None and old.position is None
    (stray,) = [p for p in report.warnings if p.code == STRAY]
    assert stray.path == trip / "photos" / "vecchio.mov" and "2013-05-04" in stray.message
    kept = loaded.photo("via.mov")
    assert kept is not None and kept.day == dt.date(2015, 7, 1) and kept.position is not None
