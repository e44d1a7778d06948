"""Generate N realistic 12 MP phone JPEGs along a ride from London to Rome, deterministically.

Usage: python bench/make_photos.py N DIR [--jobs J] [--distinct K]

Each photo is 4000x3000, quality 90, 2-4 MB: a smooth colour field (sky, fields) under
mid-frequency texture and per-pixel grain, which is what makes a real photo expensive to
decode and compress. EXIF is real, written by tests/photofactory.py: GPS position and UTC
time along the route, DateTimeOriginal with OffsetTimeOriginal, orientation (one in seven
shot upright, orientation 6), make and model. Photo i is the same bytes on every run and
every machine, so figures from two runs compare like with like. Existing files are kept.

The ride is a plausible one, so journal's stray check passes every photo: position and
time both follow one fraction of the way (`ride_at`), riding from 08:00 to 20:00 in the
trip's time zone each day, so time never runs backwards where the clock changes zone (at
Calais a photo's local time is an hour later, its UTC time is not).

Drawing and compressing 12 MP takes about half a second, so only K (default 64) distinct
pictures are encoded; every file gets its own EXIF block spliced in after the JPEG's start
marker, as a phone writes it. Each file is still a separate file with its own path, size
and mtime: neither journal nor sigal can tell, and decoding costs the same.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import math
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image, ImageChops

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.photofactory import ExifSpec, exif_bytes  # noqa: E402

SIZE = (4000, 3000)
QUALITY = 90
PER_DAY = 70  # a month for 2,000 photos
START = dt.date(2024, 6, 1)
TRIP_ZONE = ZoneInfo("Europe/Rome")  # trip.toml's timezone (benchtrip.py)
RIDE_HOURS = (8, 20)  # local riding hours, every day

#: The ride, town by town (lat, lon): London, Dover, Calais, Reims, Dijon, Geneva, Aosta,
#: Milan, Mantova, Bologna, Florence, Rome.
WAYPOINTS: tuple[tuple[float, float], ...] = (
    (51.5074, -0.1278),
    (51.1279, 1.3134),
    (50.9513, 1.8587),
    (49.2583, 4.0317),
    (47.3220, 5.0415),
    (46.2044, 6.1432),
    (45.7376, 7.3206),
    (45.4642, 9.1900),
    (45.1564, 10.7914),
    (44.4949, 11.3426),
    (43.7696, 11.2558),
    (41.9028, 12.4964),
)


def _leg_lengths() -> list[float]:
    return [math.dist(a, b) for a, b in zip(WAYPOINTS, WAYPOINTS[1:], strict=False)]


def along_route(fraction: float) -> tuple[float, float]:
    """The point `fraction` (0..1) of the way along the waypoints, by planar distance."""
    legs = _leg_lengths()
    target = max(0.0, min(1.0, fraction)) * sum(legs)
    for (a, b), length in zip(zip(WAYPOINTS, WAYPOINTS[1:], strict=False), legs, strict=True):
        if target <= length:
            t = target / length if length else 0.0
            return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        target -= length
    return WAYPOINTS[-1]


def photo_name(index: int) -> str:
    return f"IMG_{index + 1:05d}.jpg"


def ride_at(fraction: float, days: int) -> tuple[float, float, dt.datetime]:
    """Where and when (UTC) the ride is `fraction` (0..1) of the way along: each day rides
    an equal part of the route from 08:00 to 20:00 in the trip's zone, so time runs with
    distance (London to Rome in three days of 200 photos is 45 km/h, never a jump)."""
    into = max(0.0, min(1.0, fraction)) * days
    day = min(int(into), days - 1)
    start = dt.datetime.combine(START + dt.timedelta(days=day), dt.time(RIDE_HOURS[0]), TRIP_ZONE)
    riding = (RIDE_HOURS[1] - RIDE_HOURS[0]) * 3600
    lat, lon = along_route(fraction)
    return lat, lon, (start + dt.timedelta(seconds=(into - day) * riding)).astimezone(dt.UTC)


def spec_for(index: int, count: int) -> ExifSpec:
    """Where and when photo `index` of `count` was taken, as a phone would record it: the
    middle of its share of the ride, a couple of hundred metres and seconds off."""
    rng = random.Random(f"exif-{index}")
    days = max(1, math.ceil(count / PER_DAY))
    lat, lon, when = ride_at((index + 0.5) / count, days)
    lat += rng.uniform(-0.002, 0.002)
    lon += rng.uniform(-0.002, 0.002)
    zone = ZoneInfo("Europe/London" if lon < 1.5 else "Europe/Rome")
    utc = when.replace(microsecond=0) + dt.timedelta(seconds=rng.randrange(0, 60))
    local = utc.astimezone(zone)
    offset = local.utcoffset() or dt.timedelta()
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    return ExifSpec(
        lat=round(lat, 6),
        lon=round(lon, 6),
        alt=round(rng.uniform(5, 900), 1),
        gps_time=utc,
        taken=local.replace(tzinfo=None),
        offset=f"{'+' if hours >= 0 else '-'}{abs(hours):02d}:{rest // 60:02d}",
        orientation=6 if index % 7 == 3 else 1,
        make="Google",
        model="Pixel 7",
    )


def picture(index: int) -> Image.Image:
    """A 12 MP picture that compresses like a photo: colour field, texture and grain."""
    rng = random.Random(f"pixels-{index}")
    width, height = SIZE
    sigma = 5 + index % 7  # grain amplitude: spreads file sizes over 2-4 MB
    texture = 40
    base = (
        Image.frombytes("RGB", (8, 6), rng.randbytes(8 * 6 * 3))
        .resize((400, 300), Image.Resampling.BICUBIC)
        .resize(SIZE, Image.Resampling.BILINEAR)
    )
    detail = (
        Image.frombytes("L", (200, 150), rng.randbytes(200 * 150))
        .resize(SIZE, Image.Resampling.BILINEAR)
        .point([v * texture // 255 for v in range(256)])
    )
    grain = Image.frombytes("L", SIZE, rng.randbytes(width * height)).point(
        [v * 2 * sigma // 255 for v in range(256)]
    )
    luma = ImageChops.add(detail, grain)
    return ImageChops.add(base, Image.merge("RGB", (luma,) * 3), offset=-(texture // 2 + sigma))


def encode(index: int) -> bytes:
    """Picture `index` as a quality-90 JPEG without any metadata segment."""
    buffer = io.BytesIO()
    picture(index).save(buffer, "JPEG", quality=QUALITY)
    return buffer.getvalue()


def with_exif(jpeg: bytes, exif: bytes) -> bytes:
    """`jpeg` with an APP1 Exif segment right after its SOI marker, where phones put it."""
    if jpeg[:2] != b"\xff\xd8" or len(exif) + 2 > 0xFFFF:
        raise ValueError("not a JPEG, or an EXIF block too large for one segment")
    return jpeg[:2] + b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif + jpeg[2:]


def write_photos(picture_index: int, indices: list[int], count: int, folder: Path) -> list[int]:
    """Write every missing photo in `indices` that shows picture `picture_index`; their sizes."""
    paths = [folder / photo_name(i) for i in indices]
    missing = [(i, p) for i, p in zip(indices, paths, strict=True) if not p.is_file()]
    jpeg = encode(picture_index) if missing else b""
    for index, path in missing:
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(with_exif(jpeg, exif_bytes(spec_for(index, count))))
        tmp.replace(path)
    return [p.stat().st_size for p in paths]


def make_photos(count: int, folder: Path, jobs: int, distinct: int = 64) -> list[int]:
    folder.mkdir(parents=True, exist_ok=True)
    groups = {k: list(range(k, count, distinct)) for k in range(min(distinct, count))}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        results = pool.map(
            write_photos, groups, groups.values(), [count] * len(groups), [folder] * len(groups)
        )
        return [size for sizes in results for size in sizes]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--distinct", type=int, default=64, help="distinct pictures")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    sizes = make_photos(args.count, args.folder, args.jobs, args.distinct)
    mb = [s / 1e6 for s in sizes]
    print(
        f"{len(sizes)} photos in {args.folder} ({time.perf_counter() - started:.1f} s): "
        f"{min(mb):.2f}-{max(mb):.2f} MB, {sum(mb):.0f} MB in all"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
