"""Progress reporting: a few plain lines off a terminal, a Rich bar on one, silence when idle."""

from __future__ import annotations

import io
from pathlib import Path

from journal.core.errors import Report
from journal.progress import Progress
from journal.publish.webcopies import CopyJob, CopyRun
from tests.photofactory import ExifSpec, write_jpeg


def lines(stream: io.StringIO) -> list[str]:
    return stream.getvalue().splitlines()


def test_one_line_per_tenth_when_not_a_terminal() -> None:
    stream = io.StringIO()
    with Progress("photos", stream=stream, tty=False) as progress:
        for done in range(1, 2001):
            progress.advance(done, 2000)
    written = lines(stream)
    assert written[0] == "photos: 200/2000 (10%)"
    assert written[-1] == "photos: 2000/2000 (100%)"
    assert len(written) == 10


def test_small_jobs_still_end_with_the_total_once() -> None:
    stream = io.StringIO()
    with Progress("photos", stream=stream, tty=False) as progress:
        for done in (1, 2, 3, 3):
            progress.advance(done, 3)
    assert lines(stream) == [
        "photos: 1/3 (33%)",
        "photos: 2/3 (67%)",
        "photos: 3/3 (100%)",
    ]


def test_skipped_numbers_and_overshoot_are_clamped() -> None:
    stream = io.StringIO()
    with Progress("photos", stream=stream, tty=False) as progress:
        progress.advance(55, 100)
        progress.advance(140, 100)
    assert lines(stream) == ["photos: 55/100 (55%)", "photos: 100/100 (100%)"]


def test_nothing_to_do_writes_nothing() -> None:
    for tty in (False, True):
        stream = io.StringIO()
        with Progress("photos", stream=stream, tty=tty) as progress:
            progress.advance(0, 0)
        assert stream.getvalue() == ""


def test_mode_follows_the_stream() -> None:
    assert Progress("x", stream=io.StringIO()).tty is False


def test_terminal_gets_a_rich_bar() -> None:
    stream = io.StringIO()
    with Progress("photos", stream=stream, tty=True) as progress:
        for done in range(1, 51):
            progress.advance(done, 50)
    shown = stream.getvalue()
    assert "\x1b[" in shown  # terminal control sequences: a live display, not plain lines
    assert "photos" in shown
    assert "50/50" in shown
    assert "photos: 50/50 (100%)" not in shown


def test_reports_real_web_copies(tmp_path: Path) -> None:
    """As the render uses it: the callback of a CopyRun over real JPEGs."""
    photos = []
    for i in range(3):
        path = write_jpeg(tmp_path / "src" / f"p{i}.jpg", ExifSpec(orientation=1), size=(640, 480))
        photos.append(CopyJob(path, path.name, orientation=1))
    stream = io.StringIO()
    report = Report()
    with (
        Progress("photos", stream=stream, tty=False) as progress,
        CopyRun(photos, tmp_path / "out", progress=progress.advance) as run,
    ):
        written, _ = run.finish(report)
    assert not report.problems
    assert len(written) == 6
    assert lines(stream)[-1] == "photos: 3/3 (100%)"
