"""A trip filmed by a phone, a GoPro and a drone, rendered into a travelogue and a blog.

Done when every clip plays, sits on the map where it was shot and carries nothing private:
the trip is rendered once (a module fixture, two workers) with real ffmpeg, then read as a
stranger would (the pages, the map's data, the route files, ExifTool on every file) and
played in headless Chromium. The clips are generated (the corpus has one clip per day and
place): an iPhone's portrait .MOV with Apple's keys, a GoPro's with GPS9 telemetry whose
last seconds lie inside a privacy zone, a drone's beside its .SRT.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser import (
    artefacts_dir,
    axe_missing,
    axe_violations,
    browser_page,
    chromium_missing,
    serve,
)

from journal.core.errors import Report
from journal.core.geo import haversine_m
from journal.core.models import PrivacyZone
from journal.pipeline import RenderOptions, render_trip
from journal.publish.budget import CLIP_LIMIT, MB, check_budget
from tests.clipfactory import Fix, add_gpmf, dji_srt, gps9_payload, make_clip
from tests.conftest import REPO, with_secret
from tests.photofactory import ExifSpec, write_jpeg
from tests.sitescan import clip_leaks, exiftool_leaks, files_under, zone_hits

pytestmark = pytest.mark.skipif(
    shutil.which("ffmpeg") is None, reason="ffmpeg is not installed (.ci/run installs it)"
)

TRIP = "valle-d-aosta"
#: The GoPro films eight seconds riding east out of Aosta from 09:00 local time, 25 m/s.
RIDE_START = dt.datetime(2015, 7, 1, 7, 0, tzinfo=dt.UTC)
RIDE = [
    Fix(45.7370, 7.3200 + i * 3.2e-5, 580.0, RIDE_START + dt.timedelta(seconds=i / 10))
    for i in range(80)
]
#: Home, where the ride ends: nothing of it may be published.
HOME = PrivacyZone(RIDE[-1].lat, RIDE[-1].lon, 40.0, "home")
BARD = (45.6086, 7.7436)  # where the phone filmed, portrait
FORT = (45.7405, 7.3712)  # where the drone took off
PHOTO = (45.7390, 7.3300)
CLIPS = ("IMG_0042.MOV", "GX010001.MP4", "DJI_0001.MP4")
HOSTILE = '<script>alert("x")</script> {{ site.title }}'

TRIP_TOML = f"""timezone = "Europe/Rome"
[title]
it = "Valle d'Aosta"
en = "Aosta Valley"

[[privacy_zones]]
lat = {HOME.lat}
lon = {HOME.lon}
radius_m = {HOME.radius_m}
"""

ENTRY = f"""---
title: Aosta e il forte
time: "18:00"
photos: [GX010001.MP4]
captions:
  GX010001.MP4: Fuori da Aosta
  IMG_0042.MOV: '{HOSTILE}'
---

Dal drone, sopra il forte:

![Il forte dall'alto](photos/DJI_0001.MP4)
"""


def make_trip(root: Path) -> Path:
    trip = root / "trips" / TRIP
    photos = trip / "photos"
    make_clip(
        photos / "IMG_0042.MOV", size=(640, 360), seconds=1, rotate=90, apple=True,
        metadata={
            "com.apple.quicktime.location.ISO6709": f"+{BARD[0]:.4f}+{BARD[1]:08.4f}+340.000/",
            "com.apple.quicktime.creationdate": "2015-07-01T15:30:00+0200",
            "com.apple.quicktime.make": "Apple",
            "com.apple.quicktime.model": "iPhone 6",
        },
    )  # fmt: skip
    gopro = make_clip(
        photos / "GX010001.MP4", seconds=8, metadata={"creation_time": "2015-07-01T09:00:00Z"}
    )
    add_gpmf(gopro, [gps9_payload(RIDE[i : i + 10]) for i in range(0, 80, 10)])
    make_clip(photos / "DJI_0001.MP4", size=(960, 540), seconds=1)
    dji_srt(photos / "DJI_0001.SRT", [Fix(*FORT, 620.0, RIDE_START)] * 2,
            wall=dt.datetime(2015, 7, 1, 12, 0))  # fmt: skip
    write_jpeg(photos / "aosta.jpg", ExifSpec(lat=PHOTO[0], lon=PHOTO[1], taken=dt.datetime(
        2015, 7, 1, 10, 0), offset="+02:00"), size=(800, 600))  # fmt: skip
    (trip / "entries").mkdir()
    (trip / "entries" / "2015-07-01-aosta.it.md").write_text(ENTRY, encoding="utf-8")
    (trip / "trip.toml").write_text(TRIP_TOML, encoding="utf-8")
    return trip


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report]:
    root = with_secret(tmp_path_factory.mktemp("clips"))
    make_trip(root)
    report, out = render_trip(root, TRIP, RenderOptions(jobs=2))
    assert not report.errors, report.errors
    return out, report


def _clip_views(page: str) -> list[tuple[str, str, str]]:
    """(poster, mp4, link) of every clip of a page, in order."""
    return re.findall(
        r'<video controls playsinline preload="none" poster="([^"]+)"[^>]*><source '
        r'src="([^"]+)" type="video/mp4"></video>\s*<a class="clip-link" href="([^"]+)" '
        r'type="video/mp4" data-pswp-type="video" data-pswp-width="\d+" data-pswp-height="\d+">',
        page,
    )


def test_every_clip_is_in_its_days_story_with_its_poster_and_its_link(
    rendered: tuple[Path, Report],
) -> None:
    out, report = rendered
    assert [p for p in report.warnings] == []
    # The Italian entry is shown as written on the English page: its inline clip speaks Italian.
    for page, italian in ((out / "index.html", 3), (out / "en" / "index.html", 1)):
        text = page.read_text(encoding="utf-8")
        views = _clip_views(text)
        assert len(views) == 3, page
        counts = (text.count(">Apri il video ("), text.count(">Open the clip ("))
        assert counts == (italian, 3 - italian), page
        for poster, mp4, link in views:
            assert mp4 == link, page
            assert (page.parent / mp4).is_file() and (page.parent / poster).is_file(), page
        day = text.split('id="day-2015-07-01"', 1)[1]
        assert len(_clip_views(day)) == 3  # all in the day's section, none under Other photos
    text = (out / "index.html").read_text(encoding="utf-8")
    assert "Fuori da Aosta" in text and "Il forte dall&#39;alto" in text
    assert "<script>alert" not in text and "&lt;script&gt;alert(&#34;x&#34;)" in text
    assert 'width="360" height="640"' in text  # the phone's portrait clip, as it is shown


def _clip_markers(map_page: str) -> list[tuple[float, float]]:
    rows = re.findall(r'\[\[(-?[\d.]+),(-?[\d.]+)\],"(?:[^"\\]|\\.)*","((?:[^"\\]|\\.)*)",'
                      r'"(?:[^"\\]|\\.)*",1\]', map_page)  # fmt: skip
    assert all("popup-clip" in popup for _, _, popup in rows)
    return sorted((float(lat), float(lon)) for lat, lon, _ in rows)


def test_every_clip_sits_on_the_map_where_it_was_shot(rendered: tuple[Path, Report]) -> None:
    out, _ = rendered
    markers = _clip_markers((out / "map.html").read_text(encoding="utf-8"))
    shot = sorted((round(lat, 5), round(lon, 5)) for lat, lon in (BARD, FORT, (RIDE[0].lat,
                  RIDE[0].lon)))  # fmt: skip
    assert markers == shot
    assert _clip_markers((out / "en" / "map.html").read_text(encoding="utf-8")) == shot


def test_the_gopro_track_is_on_the_route_and_stops_at_home(rendered: tuple[Path, Report]) -> None:
    out, _ = rendered
    route = json.loads((out / "route.geojson").read_text(encoding="utf-8"))
    recorded = [
        f for f in route["features"]
        if f["geometry"]["type"] == "LineString" and f["properties"]["leg"] == "recorded"
    ]  # fmt: skip
    assert len(recorded) == 1
    points = recorded[0]["geometry"]["coordinates"]
    assert recorded[0]["properties"]["start"] == "2015-07-01T07:00:00Z"
    assert 10 < len(points) < len(RIDE)  # the clip's minutes, cut where home begins
    for lon, lat, *_ in points:
        assert haversine_m(lat, lon, HOME.lat, HOME.lon) > HOME.radius_m
    assert [points[0][1], points[0][0]] == [RIDE[0].lat, RIDE[0].lon]


def test_nothing_private_is_published(rendered: tuple[Path, Report]) -> None:
    out, _ = rendered
    files = files_under(out)
    for path in files:
        if path.suffix in (".html", ".json", ".geojson", ".gpx", ".svg", ".js"):
            assert zone_hits(path, (HOME,))[0] == [], path
    clips = [p for p in files if p.suffix == ".mp4"]
    assert len(clips) == 3 and clip_leaks(clips) == []
    assert exiftool_leaks([p for p in files if p.suffix == ".jpg"]) == []
    assert not list((out / "media").glob("*.SRT")) and not list(out.rglob("*.srt"))


def _ffmpeg_shim(folder: Path) -> tuple[Path, Path]:
    """A PATH folder whose `ffmpeg` logs each run into a file, then runs the real one."""
    log = folder / "ffmpeg-runs.log"
    shim = folder / "bin" / "ffmpeg"
    shim.parent.mkdir(parents=True)
    real = shutil.which("ffmpeg")
    shim.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{real}" "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return shim.parent, log


def _journal(root: Path, *args: str, path: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": path}
    return subprocess.run(
        [sys.executable, "-m", "journal", "--root", str(root), *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def _small_trip(root: Path, *clips: str) -> Path:
    trip = root / "trips" / "corta"
    for name in clips:
        make_clip(trip / "photos" / name, seconds=0.5, metadata={
            "creation_time": "2015-07-02T08:00:00Z", "location": "+45.7370+007.3200/"})  # fmt: skip
    write_jpeg(trip / "photos" / "foto.jpg", ExifSpec(lat=45.74, lon=7.33,
               taken=dt.datetime(2015, 7, 2, 10, 0), offset="+02:00"))  # fmt: skip
    (trip / "trip.toml").write_text(TRIP_TOML.split("\n[[")[0] + "\n", encoding="utf-8")
    (trip / "entries").mkdir(exist_ok=True)
    (trip / "entries" / "2015-07-02-corta.it.md").write_text("---\ntitle: Corta\n---\n\nVia.\n")
    return trip


def test_a_clip_is_transcoded_once_and_a_warm_render_runs_no_ffmpeg(tmp_path: Path) -> None:
    root = with_secret(tmp_path / "journal")
    trip = _small_trip(root, "a.mov")
    folder, log = _ffmpeg_shim(tmp_path)
    path = f"{folder}{os.pathsep}{os.environ['PATH']}"
    cold = _journal(root, "render", "corta", path=path)
    assert cold.returncode == 0, cold.stderr
    assert len(log.read_text().splitlines()) == 1  # the copy and its poster: the shim works
    log.unlink()
    entry = trip / "entries" / "2015-07-02-corta.it.md"
    for _ in range(2):  # an edit (pages made again, copies kept), then nothing changed (replay)
        entry.write_text(entry.read_text() + "\nAncora.\n")
        warm = _journal(root, "render", "corta", path=path)
        assert warm.returncode == 0 and not log.exists(), warm.stderr
    assert (root / "site" / "corta" / "media" / "a.mp4").is_file()


def test_without_ffmpeg_one_error_says_how_to_install_it_and_photos_still_publish(
    tmp_path: Path,
) -> None:
    root = with_secret(tmp_path / "journal")
    _small_trip(root, "a.mov", "b.mov")
    empty = tmp_path / "no-programs"
    empty.mkdir()
    result = _journal(root, "render", "corta", path=str(empty))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: ffmpeg is not installed, so 2 clips are not published: install it (Debian, "
        "Ubuntu: sudo apt install ffmpeg; macOS: brew install ffmpeg; Windows: winget install "
        "ffmpeg) or pip install imageio-ffmpeg"
    ]
    site = root / "site" / "corta"
    assert (site / "media" / "foto.jpg").is_file() and not list(site.glob("media/*.mp4"))
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "<video" not in page and "foto.jpg" in page


def test_a_broken_clip_is_one_warning_and_a_clip_without_metadata_is_a_photo_without_it(
    tmp_path: Path,
) -> None:
    root = with_secret(tmp_path / "journal")
    trip = _small_trip(root, "buona.mov")
    whole = (trip / "photos" / "buona.mov").read_bytes()
    (trip / "photos" / "rotta.mp4").write_bytes(whole[: len(whole) // 2])
    make_clip(trip / "photos" / "muta.mp4", seconds=0.5, audio=False)  # no date, no place
    result = _journal(root, "render", "corta", path=os.environ["PATH"])
    assert result.returncode == 0, result.stderr
    problems = sorted(line for line in result.stderr.splitlines() if "photos/" in line)
    assert len(problems) == 2, result.stderr
    assert re.fullmatch(r"warning: .*/photos/muta\.mp4: no GPS position, no capture time; not "
                        r"on the map and in no day's entry: .*", problems[0])  # fmt: skip
    assert re.fullmatch(r"warning: .*/photos/rotta\.mp4: no movie index \(moov\): .*; not "
                        r"published", problems[1])  # fmt: skip
    media = {p.name for p in (root / "site" / "corta" / "media").iterdir()}
    assert {"buona.mp4", "muta.mp4", "foto.jpg"} <= media and "rotta.mp4" not in media


def test_the_size_budget_names_the_large_clips(tmp_path: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    sizes = {"a.mp4": 60 * MB, "b.mp4": 700 * MB, "c.mp4": 20 * MB, "p.jpg": 300 * MB}
    for name, size in sizes.items():
        with (media / name).open("wb") as sparse:  # no disk is used for the size
            sparse.truncate(size)
    clips = {f"media/{n}": tmp_path / "photos" / n.replace(".mp4", ".MOV") for n in sizes if
             n.endswith(".mp4")}  # fmt: skip
    report = Report()
    check_budget(tmp_path, [f"media/{n}" for n in sizes], clips, report)
    lines = [str(p) for p in report.warnings]
    assert [p.code for p in report.warnings] == ["clip.large", "clip.large", "site.large"]
    assert lines[0].startswith(f"warning: {tmp_path}/photos/a.MOV: its web copy is 60 MB")
    assert "the site is 1,080 MB" in lines[2] and "b.MOV (700 MB), a.MOV (60 MB), c.MOV" in lines[2]
    report = Report()
    check_budget(tmp_path, ["media/c.mp4"], {"media/c.mp4": Path("c.MOV")}, report)
    assert report.problems == [] and 20 * MB < CLIP_LIMIT


def test_the_blog_gets_the_clips_and_their_posters_through_relative_url(
    rendered: tuple[Path, Report], tmp_path: Path
) -> None:
    from test_jekyll import JEKYLL, SITE, build

    out, _ = rendered
    root = out.parents[1]
    blog = tmp_path / "blog"
    shutil.copytree(SITE, blog)
    report, _ = render_trip(root, TRIP, RenderOptions(jobs=2, jekyll=blog))
    assert not report.errors, report.errors
    assets = blog / "assets" / "journal" / TRIP / "media"
    assert {f"{Path(c).stem}.mp4" for c in CLIPS} <= {p.name for p in assets.iterdir()}
    post = next((blog / "_posts").glob(f"*-{TRIP}.html")).read_text(encoding="utf-8")
    assert post.count(f"poster=\"{{% endraw %}}{{{{ '/assets/journal/{TRIP}/media/") == 3
    if JEKYLL is None:
        pytest.skip("jekyll is not installed (.ci/run installs it)")
    built = build(blog, "_site")
    page = next(built.rglob(f"{TRIP}/index.html")).read_text(encoding="utf-8")
    for poster, mp4, _ in _clip_views(page):
        assert (built / poster.lstrip("/")).is_file() and (built / mp4.lstrip("/")).is_file()


@pytest.mark.skipif(chromium_missing() is not None, reason=str(chromium_missing()))
def test_the_lightbox_and_the_page_play_a_clip(rendered: tuple[Path, Report]) -> None:
    out, _ = rendered
    with serve(out) as base, browser_page() as (page, errors, blocked):
        page.goto(f"{base}/en/index.html")
        page.wait_for_function("() => window.journalLightbox !== undefined")
        if axe_missing() is None:  # the clips' figures, links and the map's play buttons
            assert axe_violations(page) == []
            frame = page.frame_locator("iframe").first
            frame.locator(".journal-clip").first.wait_for(timeout=20_000)
            assert axe_violations(page.frames[1]) == []
        page.click(".clip a.clip-link >> nth=0")
        page.wait_for_selector(".pswp .journal-lightbox-clip video", timeout=20_000)
        playing = """() => {
            const v = document.querySelector('.pswp--open .pswp__item:not([aria-hidden=true]) '
                + '.journal-lightbox-clip video');
            return v && v.readyState >= 2 && v.currentTime > 0.2 && v.videoWidth > 0;
        }"""
        page.wait_for_function(playing, timeout=20_000)
        label = page.get_attribute(".pswp", "aria-label") or ""
        assert label.startswith("Clip: ")
        page.screenshot(path=str(artefacts_dir() / "clip-lightbox.png"))
        page.keyboard.press("Escape")
        page.wait_for_selector(".pswp", state="detached", timeout=10_000)
        started = page.evaluate("""async () => {
            const v = document.querySelector('figure.clip video');
            v.muted = true;
            await v.play();
            await new Promise(r => setTimeout(r, 600));
            return [v.currentTime, v.videoHeight, v.paused];
        }""")
        assert started[0] > 0.2 and started[1] > 0 and started[2] is False
        assert [e for e in errors if not any(url in e for url in blocked)] == []  # tiles aside


def test_the_pages_with_clips_are_valid_html(rendered: tuple[Path, Report]) -> None:
    from test_html_valid import JAVA, VNU, validate

    if not VNU.is_file() or JAVA is None:
        pytest.skip(
            f"Nu HTML Checker not found at {VNU} (npm install --prefix tests/.tools vnu-jar)"
        )
    out, _ = rendered
    assert validate(out / "index.html", out / "en" / "index.html", out / "map.html") == []
