"""The floor: the same two copies of every photo by a bare loop, no journal around it.

Usage: python bench/floor.py PHOTOS OUT [--jobs J] [--codec simplejpeg|pyturbojpeg|pillow]

Each photo is decoded at the smallest DCT scale that covers 2000x1500, a 400 px thumbnail
is resampled from that (box reduction, then LANCZOS, as journal does), both are encoded at
journal's quality and written, in J worker processes. No EXIF, no turning, no colour
profiles, no atomic writes, no manifest: what is left is the codec's own cost, which no
photo tool can go below. `--codec` picks who decodes and encodes:

- simplejpeg: libjpeg-turbo 3.1 from simplejpeg's wheel (what journal uses);
- pyturbojpeg: the system's libturbojpeg through PyTurboJPEG (`pip install "PyTurboJPEG<2"`
  and `apt-get install libturbojpeg0`: PyTurboJPEG 2 needs libjpeg-turbo 3, Debian 12 has 2.1);
- pillow: Pillow's draft mode and its optimising encoder (what journal did before).
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

from journal.core.mediaplan import LARGE, QUALITY, THUMB, fit

Codec = Callable[[bytes], tuple[bytes, bytes]]


def _thumb(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    return image.resize(fit(size, THUMB), Image.Resampling.LANCZOS, reducing_gap=1.5)


def _sized(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    return image if image.size == size else image.resize(size, Image.Resampling.LANCZOS)


def simplejpeg_copies(data: bytes) -> tuple[bytes, bytes]:
    import simplejpeg

    height, width, _, _ = simplejpeg.decode_jpeg_header(data)
    size = fit((width, height), LARGE)
    pixels = simplejpeg.decode_jpeg(data, "RGBX", min_width=size[0], min_height=size[1])
    wrapped = Image.frombuffer("RGBX", pixels.shape[1::-1], pixels, "raw", "RGBX", 0, 1)
    big = _sized(wrapped, size)
    small = _thumb(big, size)
    return tuple(  # type: ignore[return-value]
        simplejpeg.encode_jpeg(np.asarray(i), QUALITY, colorspace="RGBX", colorsubsampling="420")
        for i in (big, small)
    )


def pyturbojpeg_copies(data: bytes) -> tuple[bytes, bytes]:
    import turbojpeg

    jpeg = turbojpeg.TurboJPEG()
    width, height, _, _ = jpeg.decode_header(data)
    size = fit((width, height), LARGE)
    factor = min(
        (f for f in jpeg.scaling_factors if width * f[0] / f[1] >= size[0]),
        key=lambda f: f[0] / f[1],
    )
    pixels = jpeg.decode(data, pixel_format=turbojpeg.TJPF_RGBX, scaling_factor=factor)
    wrapped = Image.frombuffer("RGBX", pixels.shape[1::-1], pixels, "raw", "RGBX", 0, 1)
    big = _sized(wrapped, size)
    small = _thumb(big, size)
    return tuple(  # type: ignore[return-value]
        jpeg.encode(
            np.asarray(i), QUALITY, turbojpeg.TJPF_RGBX, jpeg_subsample=turbojpeg.TJSAMP_420
        )
        for i in (big, small)
    )


def pillow_copies(data: bytes) -> tuple[bytes, bytes]:
    with Image.open(io.BytesIO(data)) as opened:
        size = fit(opened.size, LARGE)
        opened.draft("RGB", size)
        big = _sized(opened.convert("RGB"), size)
    small = big.resize(fit(size, THUMB), Image.Resampling.LANCZOS, reducing_gap=2.0)
    out = []
    for image in (big, small):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85, optimize=True)
        out.append(buffer.getvalue())
    return out[0], out[1]


CODECS: dict[str, Codec] = {
    "simplejpeg": simplejpeg_copies,
    "pyturbojpeg": pyturbojpeg_copies,
    "pillow": pillow_copies,
}


def _one(job: tuple[Path, Path, str]) -> int:
    source, out, codec = job
    large, thumb = CODECS[codec](source.read_bytes())
    (out / source.name).write_bytes(large)
    (out / f"{source.stem}-{THUMB}.jpg").write_bytes(thumb)
    return len(large) + len(thumb)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("photos", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--codec", choices=sorted(CODECS), default="simplejpeg")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    jobs = [(p, args.out, args.codec) for p in sorted(args.photos.glob("*.jpg"))]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        total = sum(pool.map(_one, jobs, chunksize=4))
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_ms = (usage.ru_utime + usage.ru_stime) * 1000 / max(1, len(jobs))
    print(
        f"{args.codec}: {len(jobs)} photos in {seconds:.2f} s ({cpu_ms:.1f} ms of CPU a photo), "
        f"{total / 2**20:.1f} MB written"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
