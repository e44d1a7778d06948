"""Web copies of clips: what ffmpeg wrote, read back by ffprobe and ExifTool.

Each clip is transcoded once (a module fixture) through the function the render's workers
call: the real phone, GoPro and Android files of the corpus, and generated clips for what
they do not have (60 and 50 fps, 1080p, a clip that fades in from black, a rotation
written by ffmpeg).
"""

from __future__ import annotations

import io
import json
import shutil
import struct
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from journal.core.clips import ClipMeta
from journal.load.clipmeta import read_clip
from journal.publish.transcode import ClipPlan, find_ffmpeg, make_clip_copy, plan_clip
from tests.clipfactory import make_clip
from tests.conftest import corpus_dir
from tests.sitescan import clip_leaks, exiftool_leaks

VIDEO = corpus_dir() / "video"
pytestmark = pytest.mark.skipif(
    shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None,
    reason="ffmpeg is not installed (.ci/run installs it)",
)


@dataclass(frozen=True)
class Copy:
    source: Path
    meta: ClipMeta
    plan: ClipPlan
    mp4: Path
    poster: bytes

    @cached_property
    def probe(self) -> dict:
        found = subprocess.run(
            ["ffprobe", "-v", "error", "-print_format", "json", "-show_streams",
             "-show_format", str(self.mp4)],
            capture_output=True, check=True,
        )  # fmt: skip
        return json.loads(found.stdout)


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Copy]:
    folder = tmp_path_factory.mktemp("clips")
    sources = {
        "fast": make_clip(folder / "fast.mp4", size=(1920, 1080), fps=60, seconds=2, black=0.5),
        "turned": make_clip(folder / "turned.mov", size=(1280, 720), fps=50, rotate=90),
        "silent": make_clip(folder / "silent.mp4", audio=False),
    }
    for name in ("apple_with-gps.mov", "with-gps.mp4", "gopro_max-heromode.mp4"):
        if (VIDEO / name).is_file():
            sources[name] = VIDEO / name
    ffmpeg = find_ffmpeg()
    assert ffmpeg is not None
    made = {}
    for name, source in sources.items():
        meta = read_clip(source)
        plan = plan_clip(meta)
        sha, poster = make_clip_copy(source, plan, folder / "out" / f"{name}.mp4", ffmpeg)
        made[name] = Copy(source, meta, plan, folder / "out" / f"{name}.mp4", poster)
    made["fast-1080"] = _copy_at(made["fast"], 1080, folder, ffmpeg)
    return made


def _copy_at(copy: Copy, lines: int, folder: Path, ffmpeg: str) -> Copy:
    plan = plan_clip(copy.meta, lines)
    mp4 = folder / "out" / f"at-{lines}.mp4"
    _, poster = make_clip_copy(copy.source, plan, mp4, ffmpeg)
    return Copy(copy.source, copy.meta, plan, mp4, poster)


def _corpus(copies: dict[str, Copy], name: str) -> Copy:
    if name not in copies:
        pytest.skip(f"the video corpus is not at {VIDEO}")
    return copies[name]


def _video(probe: dict) -> dict:
    (video,) = [s for s in probe["streams"] if s["codec_type"] == "video"]
    return video


def _rate(stream: dict) -> float:
    num, den = stream["avg_frame_rate"].split("/")
    return int(num) / int(den)


def test_every_copy_is_h264_high_yuv420p_with_aac_in_an_mp4(copies: dict[str, Copy]) -> None:
    for name, copy in copies.items():
        probe = copy.probe
        kinds = sorted(s["codec_type"] for s in probe["streams"])
        assert kinds == (["audio", "video"] if copy.meta.audio else ["video"]), name
        video = _video(probe)
        assert (video["codec_name"], video["profile"], video["pix_fmt"]) == (
            "h264", "High", "yuv420p"
        ), name  # fmt: skip
        audio = [s for s in probe["streams"] if s["codec_type"] == "audio"]
        assert all(a["codec_name"] == "aac" for a in audio), name
        assert "mp4" in probe["format"]["format_name"] and copy.mp4.suffix == ".mp4"


def test_the_index_comes_first_so_a_copy_plays_while_it_loads(copies: dict[str, Copy]) -> None:
    for name, copy in copies.items():
        boxes, offset, data = [], 0, copy.mp4.read_bytes()
        while offset + 8 <= len(data):
            size, kind = struct.unpack_from(">I4s", data, offset)
            boxes.append(kind)
            offset += size
        assert boxes.index(b"moov") < boxes.index(b"mdat"), (name, boxes)


def test_copies_are_720_lines_upright_never_enlarged_and_at_most_30_fps(
    copies: dict[str, Copy],
) -> None:
    sizes = {
        name: (_video(c.probe)["width"], _video(c.probe)["height"]) for name, c in copies.items()
    }
    assert sizes["fast"] == (1280, 720) and sizes["fast-1080"] == (1920, 1080)
    assert sizes["turned"] == (720, 1280)  # stored 1280x720, turned 90: published portrait
    assert sizes["silent"] == (640, 360)  # smaller than 720 lines: as it was
    for name, copy in copies.items():
        video = _video(copy.probe)
        assert sizes[name] == copy.plan.size, name  # the page's width and height are right
        assert not video.get("side_data_list") and "rotate" not in video.get("tags", {}), name
        assert _rate(video) <= 30.0 + 1e-6, name
    assert _rate(_video(copies["fast"].probe)) == pytest.approx(30.0)
    assert _rate(_video(copies["turned"].probe)) == pytest.approx(25.0)


def test_an_iphone_portrait_clip_is_published_portrait(copies: dict[str, Copy]) -> None:
    copy = _corpus(copies, "apple_with-gps.mov")
    video = _video(copy.probe)
    assert copy.meta.width > copy.meta.height  # stored sideways, with a rotation of 90
    assert video["height"] > video["width"]
    poster = Image.open(io.BytesIO(copy.poster))
    assert poster.height > poster.width


def test_a_copy_holds_no_place_no_camera_and_no_date(copies: dict[str, Copy]) -> None:
    gopro = _corpus(copies, "gopro_max-heromode.mp4")
    assert clip_leaks([gopro.source]), "the original holds all of it: the check must see it"
    assert clip_leaks([c.mp4 for c in copies.values()]) == []
    for name, copy in copies.items():
        data = copy.mp4.read_bytes()
        assert b"x264 - core" not in data and b"Lavf" not in data, name  # no encoder notes
        tags = copy.probe["format"].get("tags", {})
        assert set(tags) <= {"major_brand", "minor_version", "compatible_brands"}, (name, tags)


def test_a_gopro_copy_is_capped_near_3_mbps(copies: dict[str, Copy]) -> None:
    copy = _corpus(copies, "gopro_max-heromode.mp4")
    video = _video(copy.probe)
    assert int(video["bit_rate"]) <= 3_300_000


def test_the_poster_is_a_clean_jpeg_of_the_copys_size(copies: dict[str, Copy]) -> None:
    for name, copy in copies.items():
        poster = Image.open(io.BytesIO(copy.poster))
        assert poster.format == "JPEG" and poster.size == copy.plan.size, name
        assert "exif" not in poster.info and "icc_profile" not in poster.info, name
    folder = next(iter(copies.values())).mp4.parent
    written = []
    for name, copy in copies.items():
        written.append(folder / f"{name}-poster.jpg")
        written[-1].write_bytes(copy.poster)
    assert exiftool_leaks(written) == []


def test_a_clip_fading_in_from_black_gets_a_poster_that_is_not_black(
    copies: dict[str, Copy],
) -> None:
    copy = copies["fast"]
    first = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(copy.source), "-frames:v", "1", "-f", "image2pipe",
         "-c:v", "png", "-"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    assert ImageStat.Stat(Image.open(io.BytesIO(first)).convert("L")).mean[0] < 5  # black
    assert copy.plan.poster_at < 0.5  # looked for where the clip is still black
    poster = Image.open(io.BytesIO(copy.poster)).convert("L")
    assert ImageStat.Stat(poster).mean[0] > 40


def test_a_clip_black_from_start_to_end_keeps_its_first_frame_as_poster(tmp_path: Path) -> None:
    night = make_clip(tmp_path / "night.mp4", seconds=0.5, black=5.0)
    meta = read_clip(night)
    ffmpeg = find_ffmpeg()
    assert ffmpeg is not None
    _, poster = make_clip_copy(night, plan_clip(meta), tmp_path / "out" / "night.mp4", ffmpeg)
    picture = Image.open(io.BytesIO(poster))
    assert picture.size == (640, 360) and ImageStat.Stat(picture.convert("L")).mean[0] < 5
