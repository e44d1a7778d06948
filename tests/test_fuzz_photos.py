"""The photo reader against damaged files: mutated bytes of real camera JPEGs.

A memory card that fills up, a copy interrupted, a phone app that writes a bad offset: the
reader must turn any of these into a `PhotoMeta` with a reason, in bounded time, and never
into an exception or a hang that would stop a whole trip from rendering.
"""

from __future__ import annotations

import math
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.core.models import PhotoMeta
from journal.load.exif import read_meta
from tests.conftest import corpus_dir

IMAGES = corpus_dir() / "exif-real" / "images"
JPEGS = sorted(p for p in IMAGES.glob("*") if p.suffix.lower() in {".jpg", ".jpeg"})

#: Far above what one photo takes (milliseconds); a reader stuck in a loop hits it at once.
SECONDS_PER_FILE = 3.0

pytestmark = pytest.mark.skipif(
    not JPEGS, reason=f"real-camera corpus not found at {IMAGES} (set JOURNAL_CORPUS)"
)


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` (SIGALRM: the reader runs in the main thread)."""

    def stop(signum: int, frame: object) -> None:
        raise Hang(f"read_meta still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A corpus JPEG with a few of the damages real files show, stacked at random."""
    source = draw(st.sampled_from(JPEGS))
    data = bytearray(source.read_bytes())
    # most EXIF lives in the first 64 KiB: aim there more often than at the pixels
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "overwrite", "insert", "delete", "truncate", "zero"]))
        at = draw(st.integers(0, max(0, min(len(data), 65536) - 1)))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=16))
            data[at : at + len(chunk)] = chunk
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 512))]
        elif kind == "truncate":
            del data[draw(st.integers(0, len(data))) :]
        else:  # a length or offset field turned to 0xFFFF or 0
            value = draw(st.sampled_from([b"\x00\x00", b"\xff\xff", b"\x7f\xff\xff\xff"]))
            data[at : at + len(value)] = value
    return source.name, bytes(data)


def _check(meta: PhotoMeta) -> None:
    """Whatever was read is a value the rest of the pipeline can trust."""
    assert isinstance(meta, PhotoMeta)
    if meta.position is not None:
        assert math.isfinite(meta.position.lat) and math.isfinite(meta.position.lon)
        assert -90 <= meta.position.lat <= 90 and -180 <= meta.position.lon <= 180
        assert not (meta.position.lat == 0 and meta.position.lon == 0), "null island"
    assert 1 <= meta.orientation <= 8
    assert all(isinstance(note, str) and note for note in meta.notes)
    for size in (meta.width, meta.height):
        assert size is None or size >= 0
    if meta.gps_time is not None:
        assert meta.gps_time.tzinfo is not None


@settings(
    max_examples=300,
    deadline=None,  # the hard limit below is the real bound; a slow CI must not flake
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=mutated())
def test_read_meta_never_raises_nor_hangs_on_mutated_jpegs(case: tuple[str, bytes]) -> None:
    name, data = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        started = time.perf_counter()
        with time_limit(SECONDS_PER_FILE):
            meta = read_meta(path)
        assert time.perf_counter() - started < SECONDS_PER_FILE
    _check(meta)


def test_every_corpus_jpeg_reads_cleanly_as_it_is() -> None:
    """The unmutated files are the control: the same checks hold on every real JPEG."""
    for path in JPEGS:
        with time_limit(SECONDS_PER_FILE):
            _check(read_meta(path))
