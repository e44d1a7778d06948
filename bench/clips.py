"""Clips: journal's web copies against the bare ffmpeg command with the same settings.

Usage: python bench/clips.py [--clips 4] [--seconds 15] [--rounds 3] [--lines 720]

Makes `--clips` 4K clips (3840x2160, 30 fps, H.264 at about 45 Mb/s, as a phone films, with
a tone: ffmpeg's test pattern under grain, so decoding costs what a real clip's does), once,
under JOURNAL_BENCH_DIR (/tmp/journal-bench/clips). Then, alternating, whole processes:

- journal: a cold `journal render -j <cores>` of a trip holding only those clips (empty
  output and cache): loading, the web copies and posters on the render's workers, pages;
- bare ffmpeg, one after the other: the very command journal runs for each copy
  (`transcode_command`, without the poster journal pipes out of the same run), as a shell
  loop would run it;
- bare ffmpeg, as many at once as there are cores (`xargs -P`), the same commands.

Each run's wall time and CPU time (user and system, the whole process tree: every ffmpeg
and journal's workers) are taken; on a machine others share, CPU time is the figure that
load does not move. Prints the machine, the medians side by side, journal against the
faster bare run, and journal's time per minute of 4K footage.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from timing import REPO, compile_journal, journal_command, machine, run

sys.path.insert(0, str(REPO))

from journal.load.clipmeta import read_clip  # noqa: E402
from journal.publish.transcode import find_ffmpeg, plan_clip, transcode_command  # noqa: E402

BASE = Path(os.environ.get("JOURNAL_BENCH_DIR", "/tmp/journal-bench")) / "clips"
TRIP_TOML = 'timezone = "Europe/Rome"\nvideo_height = {lines}\n[title]\nit = "4K"\nen = "4K"\n'


def make_sources(count: int, seconds: float) -> list[Path]:
    """The 4K clips, made once (and again when asked for other lengths)."""
    folder = BASE / f"sources-{count}x{seconds:g}s"
    clips = [folder / f"clip-{n + 1}.mp4" for n in range(count)]
    if all(c.is_file() for c in clips):
        return clips
    folder.mkdir(parents=True, exist_ok=True)
    for number, clip in enumerate(clips):
        print(f"making {clip.name} (4K, {seconds:g} s)...", flush=True)
        video = (
            f"testsrc2=size=3840x2160:rate=30:duration={seconds},"
            f"hue=H={number}*PI/3,noise=alls=6:allf=t"
        )
        subprocess.run(
            ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", video,
             "-f", "lavfi", "-i", f"sine=frequency={300 + 100 * number}:duration={seconds}",
             "-c:v", "libx264", "-preset", "veryfast", "-b:v", "45M", "-maxrate", "50M",
             "-bufsize", "90M", "-pix_fmt", "yuv420p", "-c:a", "aac", "-metadata",
             f"creation_time=2015-07-01T{8 + number:02d}:00:00Z", str(clip)],
            check=True,
        )  # fmt: skip
    return clips


def make_root(clips: list[Path], lines: int) -> Path:
    """A journal root whose one trip holds the clips (hard links: the same files)."""
    root = BASE / "journal"
    shutil.rmtree(root, ignore_errors=True)
    photos = root / "trips" / "quattro-k" / "photos"
    photos.mkdir(parents=True)
    for clip in clips:
        os.link(clip, photos / clip.name)
    (photos.parent / "trip.toml").write_text(TRIP_TOML.format(lines=lines), encoding="utf-8")
    return root


def journal_cold(root: Path, jobs: int) -> float:
    shutil.rmtree(root / "site", ignore_errors=True)
    shutil.rmtree(root / ".journal" / "cache", ignore_errors=True)
    command = [*journal_command(), "--root", str(root), "render", "quattro-k", "-j", str(jobs)]
    return run(command).seconds


def bare(commands: list[list[str]], parallel: int) -> float:
    """The commands, `parallel` at a time, as a shell would run them; wall seconds."""
    out = BASE / "bare"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    started = time.perf_counter()
    with ThreadPoolExecutor(parallel) as pool:
        for done in pool.map(lambda c: subprocess.run(c, check=True), commands):
            assert done.returncode == 0
    return time.perf_counter() - started


def measured(work: Callable[[], float]) -> tuple[float, float]:
    """Wall seconds of `work` and the CPU seconds of every process it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = work()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--lines", type=int, default=720)
    args = parser.parse_args(argv)
    ffmpeg = find_ffmpeg()
    if ffmpeg is None:
        print("ffmpeg is not installed", file=sys.stderr)
        return 1
    cores = os.cpu_count() or 1
    clips = make_sources(args.clips, args.seconds)
    root = make_root(clips, args.lines)
    commands = [
        transcode_command(
            ffmpeg,
            clip,
            BASE / "bare" / clip.name,
            plan_clip(read_clip(clip), args.lines),
            poster=False,
        )  # fmt: skip
        for clip in clips
    ]
    compile_journal()
    print(machine())
    version = subprocess.run([ffmpeg, "-version"], capture_output=True, text=True).stdout
    print(version.splitlines()[0])
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    runs: dict[str, Callable[[], float]] = {
        "journal": lambda: journal_cold(root, cores),
        "bare, one by one": lambda: bare(commands, 1),
        "bare, parallel": lambda: bare(commands, cores),
    }
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for number in range(args.rounds):
        for name, work in runs.items():
            figures[name].append(measured(work))
        shown = ", ".join(
            f"{k} {v[-1][0]:.1f} s ({v[-1][1]:.1f} s CPU)" for k, v in figures.items()
        )
        print(f"round {number + 1}: {shown}", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    minutes = args.clips * args.seconds / 60
    print(f"\n{args.clips} clips of {args.seconds:g} s of 4K30 ({minutes:g} min) to "
          f"{args.lines} lines, medians of {args.rounds}:")  # fmt: skip
    wall = {name: statistics.median(w for w, _ in values) for name, values in figures.items()}
    cpu = {name: statistics.median(c for _, c in values) for name, values in figures.items()}
    for name in runs:
        print(f"  {name:18} {wall[name]:7.1f} s wall ({wall[name] / minutes:6.1f} s per minute "
              f"of 4K), {cpu[name]:7.1f} s CPU")  # fmt: skip
    fastest = min(("bare, one by one", "bare, parallel"), key=lambda n: wall[n])
    print(
        f"  journal / {fastest}: wall {wall['journal'] / wall[fastest]:.3f}, "
        f"CPU {cpu['journal'] / cpu[fastest]:.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
