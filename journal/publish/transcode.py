"""Web copies of clips: ffmpeg, run as a program of its own, and a poster frame.

ffmpeg is GPL software with x264 inside: it runs as a separate process (the system's, else
the binary of the `imageio-ffmpeg` wheel when installed), never inside journal's. Each clip
becomes what every browser plays: H.264 High in 4:2:0, AAC, in an MP4 whose index comes
first (`+faststart`: it starts playing before it has loaded), turned upright (ffmpeg applies
the rotation a phone stored), at most `video_height` lines (720 unless trip.toml says) and
30 fps (copy_rate), CRF 23 capped at 3 Mb/s. Nothing but the pictures and the sound is
kept: no container or stream metadata, no chapters, no data tracks (a GoPro's GPS, a
phone's location track), no creation dates (`bitexact` writes zeros), no encoder settings
(x264 writes them in a SEI unit, which is dropped).

The poster is the copy's first frame, from a tenth of the clip on (at most a second in),
that is not mostly black (a clip fading in, a lens cap): the same ffmpeg run pipes it out
as pixels (no second decode of a 4K clip), and libjpeg-turbo encodes it like every photo
copy, so it carries no metadata either.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from journal.core.clips import VIDEO_HEIGHT, ClipMeta, copy_rate, copy_size
from journal.core.errors import JournalError
from journal.core.files import atomic_target
from journal.core.mediaplan import QUALITY

#: x264's quality target and the cap of the copy's bitrate (a peak of the VBV buffer).
CRF = 23
MAX_RATE = "3M"
BUFFER = "6M"
AUDIO_RATE = "128k"
#: Where the poster is looked for: a tenth of the clip in, never later than this.
POSTER_AT_MOST = 1.0
#: A frame is black for the poster when this share of its pixels is (ffmpeg's blackframe).
BLACK_PERCENT = 60
#: Bumped when the commands below change in a way the copies show.
SETTINGS = 1

INSTALL = (
    "install it (Debian, Ubuntu: sudo apt install ffmpeg; macOS: brew install ffmpeg; "
    "Windows: winget install ffmpeg) or pip install imageio-ffmpeg"
)


@dataclass(frozen=True)
class ClipPlan:
    """How one clip is copied, settled from its metadata and trip.toml before any work."""

    size: tuple[int, int] | None  # the copy's upright width and height; None: as it is
    rate: float | None  # the copy's frame rate; None: the clip's own (30 or less)
    poster_at: float  # seconds into the clip where the poster is looked for

    @property
    def key(self) -> str:
        """What the copy depends on besides the source file, for the media cache."""
        return f"clip{SETTINGS}/{self.size}/{self.rate}/{self.poster_at}/{CRF}/{MAX_RATE}"


def plan_clip(meta: ClipMeta, lines: int = VIDEO_HEIGHT) -> ClipPlan:
    duration = meta.duration or 0.0
    return ClipPlan(
        copy_size(meta, lines), copy_rate(meta.frame_rate), min(duration / 10, POSTER_AT_MOST)
    )


def find_ffmpeg() -> str | None:
    """The ffmpeg to run: the system's, else imageio-ffmpeg's; None when there is neither.
    Asked only when a clip must be transcoded: a warm render starts no ffmpeg at all."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg  # type: ignore[import-not-found]  # optional: a wheel with ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError):
        return None


def _video_filters(plan: ClipPlan) -> str:
    filters = []
    if plan.size is not None:
        filters.append(f"scale={plan.size[0]}:{plan.size[1]}:flags=lanczos")
    filters.append("setsar=1")
    if plan.rate is not None:
        filters.append(f"fps={plan.rate:.6f}")
    return ",".join(filters)


#: The frames of the copy from `poster_at` on, the mostly black ones dropped: the first one
#: left is the poster.
_NOT_BLACK = (
    "trim=start={at:.3f},blackframe=amount=0:threshold=32,"
    "metadata=select:key=lavfi.blackframe.pblack:value={percent}:function=less"
)


def transcode_command(
    ffmpeg: str, source: Path, target: Path, plan: ClipPlan, *, poster: bool = True
) -> list[str]:
    """The ffmpeg command line of one web copy; with `poster`, the same run also pipes the
    poster out as RGB pixels, from the frames it made anyway (bench/clips.py runs the
    command without it, bare, as the peer)."""
    rate = [] if plan.rate is not None else ["-fpsmax", "30"]  # a rate unknown to MediaInfo
    if poster:
        black = _NOT_BLACK.format(at=plan.poster_at, percent=BLACK_PERCENT)
        graph = f"[0:v:0]{_video_filters(plan)},split=2[v][p];[p]{black},format=rgb24[poster]"
        video = ["-filter_complex", graph, "-map", "[v]"]
        extra = ["-map", "[poster]", "-frames:v", "1", "-f", "rawvideo", "-"]
    else:
        video, extra = ["-map", "0:v:0", "-vf", _video_filters(plan)], []
    return [
        ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
        "-i", str(source), *video,
        "-map", "0:a:0?", "-map_metadata", "-1", "-map_chapters", "-1", *rate,
        "-c:v", "libx264", "-profile:v", "high", "-preset", "medium", "-pix_fmt", "yuv420p",
        "-crf", str(CRF), "-maxrate", MAX_RATE, "-bufsize", BUFFER,
        "-bsf:v", "filter_units=remove_types=6",
        "-c:a", "aac", "-b:a", AUDIO_RATE, "-ac", "2",
        "-movflags", "+faststart",
        "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
        "-f", "mp4", str(target), *extra,
    ]  # fmt: skip


def first_frame_command(ffmpeg: str, source: Path, plan: ClipPlan) -> list[str]:
    """The poster of a clip whose every frame is mostly black (a night ride): its first."""
    size = f"scale={plan.size[0]}:{plan.size[1]}:flags=lanczos," if plan.size else ""
    return [
        ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-i", str(source),
        "-map", "0:v:0", "-vf", f"{size}format=rgb24", "-frames:v", "1", "-f", "rawvideo", "-",
    ]  # fmt: skip


def make_clip_copy(source: Path, plan: ClipPlan, target: Path, ffmpeg: str) -> tuple[str, bytes]:
    """Write the web copy to `target` (atomically); return its sha256 and the poster JPEG."""
    if plan.size is None:
        raise JournalError(source, "the clip's picture size is unknown")
    width, height = plan.size
    with atomic_target(target) as tmp:
        pixels = _run(transcode_command(ffmpeg, source, tmp, plan), source)
    if len(pixels) < width * height * 3:  # all dark: a night clip keeps its first frame
        pixels = _run(first_frame_command(ffmpeg, source, plan), source)
    if len(pixels) < width * height * 3:
        raise JournalError(source, "ffmpeg gave no frame for the poster")
    with target.open("rb") as copy:
        sha = hashlib.file_digest(copy, "sha256").hexdigest()
    import numpy as np  # the workers' imaging stack, imported there for the photos anyway

    from journal.publish import jpegturbo

    rgb = np.frombuffer(pixels[: width * height * 3], np.uint8).reshape(height, width, 3)
    rgbx = np.dstack([rgb, np.full((height, width), 255, np.uint8)])
    return sha, jpegturbo.encode(np.ascontiguousarray(rgbx), QUALITY)


def _run(command: list[str], source: Path) -> bytes:
    """ffmpeg's output; its last error line, naming the clip, when it fails."""
    try:
        done = subprocess.run(command, capture_output=True, check=False)
    except OSError as exc:
        raise JournalError(source, f"cannot run ffmpeg: {exc.strerror}") from exc
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise JournalError(source, f"ffmpeg cannot transcode the clip: {(lines or ['?'])[-1]}")
    return done.stdout
