"""Our EXIF scan against ExifTool, both as whole processes, over the same folder.

    python bench/exif_scan.py DIR          # e.g. ../shared/corpus/exif-real/images
    python bench/exif_scan.py --generate 500

`--generate N` writes N small deterministic JPEGs with GPS and times into a temporary folder
and times that. Prints the median of 5 runs of each and the ratio; also a cold and a warm run
of the cached scan, and how long loading a 2,000-photo cache takes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import journal_venv

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

RUNS = 5


def timed(command: list[str]) -> float:
    """Median wall time of RUNS runs of `command`, output discarded."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(
            command, check=True, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def generate(folder: Path, count: int) -> None:
    """`count` 640x480 JPEGs along a line from London to Mantova, one a minute."""
    from tests.photofactory import ExifSpec, write_jpeg

    start = dt.datetime(2015, 6, 1, 7, 0, tzinfo=dt.UTC)
    for i in range(count):
        step = i / max(count - 1, 1)
        when = start + dt.timedelta(minutes=i)
        spec = ExifSpec(
            lat=51.5 + (45.16 - 51.5) * step,
            lon=-0.12 + (10.79 + 0.12) * step,
            alt=20.0 + 300 * step,
            gps_time=when,
            taken=when.replace(tzinfo=None) + dt.timedelta(hours=1),
            make="Moto",
            model="Guzzi Cam",
        )
        write_jpeg(folder / f"day{i // 100 + 1}" / f"IMG_{i:04d}.jpg", spec, size=(640, 480))


def cache_load_time(folder: Path, work: Path, count: int = 2000) -> float:
    """Seconds to answer a scan of `count` photos (hard links into `folder`) from a warm cache."""
    from journal.load.exifcache import read_metas
    from journal.load.folder import photo_files

    sources = photo_files(folder)
    links = work / "links"
    links.mkdir()
    paths = []
    for i in range(count):
        path = links / f"{i:04d}{sources[i % len(sources)].suffix}"
        path.hardlink_to(sources[i % len(sources)])
        paths.append(path)
    cache = work / "links-cache.json"
    read_metas(paths, cache)
    start = time.perf_counter()
    read_metas(paths, cache)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?")
    parser.add_argument("--generate", type=int, metavar="N", help="time N generated JPEGs")
    args = parser.parse_args()
    exiftool = shutil.which("exiftool")
    if exiftool is None:
        parser.error("exiftool is not installed (Debian: libimage-exiftool-perl)")
    with tempfile.TemporaryDirectory() as temp:
        folder = args.folder
        if args.generate:
            folder = Path(temp) / "photos"
            generate(folder, args.generate)
        if folder is None:
            parser.error("give a folder or --generate N")
        folder = folder.resolve()
        cache = Path(temp) / "scan-cache.json"
        # from a clean venv, as a user installs it: this machine's site hooks are not ours
        ours = [
            str(journal_venv() / "python"),
            str(Path(__file__).with_name("scan_exif.py")),
            str(folder),
        ]
        theirs = timed([exiftool, "-n", "-json", "-r", str(folder)])
        cold = timed(ours)
        subprocess.run(
            [*ours, "--cache", str(cache)], check=True, cwd=REPO, stdout=subprocess.DEVNULL
        )
        warm = timed([*ours, "--cache", str(cache)])
        load = cache_load_time(folder, Path(temp))
    print(f"folder: {folder}  (median of {RUNS} runs, whole processes)")
    print(f"exiftool -n -json -r : {theirs * 1000:8.1f} ms")
    print(f"journal EXIF scan       : {cold * 1000:8.1f} ms   ratio {theirs / cold:5.1f}x")
    print(f"journal EXIF scan cached: {warm * 1000:8.1f} ms   ratio {theirs / warm:5.1f}x")
    print(f"warm cache answer for 2000 photos, in-process: {load * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
