"""A book's photos resampled to the size they are printed at: made once, kept, shared.

Each photo a book places (render/photorows.py: a name and a pixel size, 300 ppi at its
printed size or what its pixels allow) is decoded once, resampled to exactly that size,
turned upright, converted to sRGB and stripped of every tag (publish/images.py), and kept
in the trip's cache folder under a name made of the source's identity (path, size, mtime),
its orientation and the size. Both languages' books place the same photos at the same
sizes, so they share one copy; a book made again with nothing changed resamples nothing.
A 12 MP photo printed a third of an A4 page wide is 1.2 MP: a book holds its photos at a
fraction of their files' size, and at no more pixels than the paper shows.

Copies are made in worker processes (the site's `Workers`); one that cannot be decoded is
a warning naming the file, and the book is made without it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from journal import __version__
from journal.core.errors import Report
from journal.core.files import digest, write_atomic
from journal.core.mediaplan import media_stem
from journal.core.public import PublicTrip
from journal.publish.webcopies import Workers
from journal.render.photorows import Placed

log = logging.getLogger(__name__)

#: libjpeg-turbo's quality for print: above the web's 84, since paper shows more than a
#: screen; a row of three photos across an A4 page costs about 2 MB.
QUALITY = 90


@dataclass(frozen=True)
class _Job:
    source: Path
    orientation: int
    pixels: tuple[int, int]
    path: Path


def _make(job: _Job) -> str | None:
    """Worker: one copy written; None, or why it could not be made."""
    from journal.core.errors import JournalError
    from journal.publish.images import make_print_copy

    try:
        data = make_print_copy(job.source, job.orientation, job.pixels, QUALITY)
        write_atomic(job.path, data, durable=False)
    except JournalError as exc:
        return exc.message
    except OSError as exc:
        return f"cannot write its print copy: {exc}"
    return None


class PrintCopies:
    """The print copies of one trip's photos, in `folder` (the trip's cache)."""

    def __init__(self, folder: Path, public: PublicTrip) -> None:
        self.folder = folder
        self.photos = {photo.name: photo for photo in public.trip.photos}
        self.used: set[Path] = set()
        self.made = 0

    def path(self, placed: Placed) -> Path:
        photo = self.photos[placed.name]
        try:
            stat = photo.path.stat()
            identity = f"{photo.path}|{stat.st_size}|{stat.st_mtime_ns}"
        except OSError:
            identity = str(photo.path)  # unreadable: its copy fails, with a warning
        width, height = placed.pixels
        key = f"{identity}|{photo.meta.orientation}|{width}x{height}|{QUALITY}|{__version__}"
        name = f"{media_stem(placed.name)}-{width}x{height}-{digest(key.encode())[:16]}.jpg"
        return self.folder / name

    def src(self, placed: Placed) -> str:
        """The URL a book's HTML shows the copy by (made by `make` before the PDF)."""
        return self.path(placed).as_uri()

    def make(self, placed: Iterable[Placed], report: Report, jobs: int = 1) -> set[str]:
        """Every copy not made before, in `jobs` processes; the names that failed."""
        todo: dict[Path, tuple[str, _Job]] = {}
        for photo in placed:
            path = self.path(photo)
            self.used.add(path)
            if not path.is_file() and path not in todo:
                meta = self.photos[photo.name]
                todo[path] = (
                    photo.name,
                    _Job(meta.path, meta.meta.orientation, photo.pixels, path),
                )
        log.info("%d print copies to make, %d kept", len(todo), len(self.used) - len(todo))
        failed: set[str] = set()
        with Workers(jobs if len(todo) > 1 else 1) as workers:
            if workers.jobs > 1:
                results = [workers.submit(_make, job) for _, job in todo.values()]
                answers = [future.result() for future in results]
            else:
                answers = [_make(job) for _, job in todo.values()]
        for (name, job), answer in zip(todo.values(), answers, strict=True):
            if answer is None:
                self.made += 1
                continue
            failed.add(name)
            self.used.discard(job.path)
            report.warn(job.source, f"{answer}; left out of the book", code="book.photo-failed")
        return failed

    def prune(self) -> None:
        """Remove the copies this run did not use: a photo changed, removed or resized."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*.jpg"):
            if path not in self.used:
                path.unlink(missing_ok=True)
