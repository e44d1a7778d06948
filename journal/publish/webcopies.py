"""Web copies of the trip's photos and clips: made in a process pool, cached across renders.

A photo is decoded again (a clip transcoded again) only when its source (size, mtime) or
the output settings changed since the copy journal wrote last time, which the output's
manifest remembers. A warm render of an unchanged trip therefore opens no image and runs no
ffmpeg at all. A clip's copy is ffmpeg's work (transcode.py), run from the same workers as
the photos', so clips are transcoded in parallel with each other and with the photos.

The input is a list of `CopyJob`s, not a trip: a copy carries pixels only (no EXIF, no
position), so all it needs is the file, the name it is published under and how to turn it.
That lets the render start the copies as soon as the trip is loaded, before the privacy step
has made the `PublicTrip` that everything else of render and publish takes (see
`journal.pipeline.copy_jobs` for why this keeps the privacy promise).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal import __version__
from journal.core.errors import JournalError, Report
from journal.core.files import digest, files_under, write_atomic
from journal.core.mediaplan import LARGE, MEDIA_DIR, QUALITY, THUMB, published_files
from journal.publish.manifest import Manifest

if TYPE_CHECKING:
    from journal.publish.transcode import ClipPlan

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CopySettings:
    large: int = LARGE
    thumb: int = THUMB
    quality: int = QUALITY

    @property
    def key(self) -> str:
        return f"{__version__}/libjpeg-turbo/{self.large}/{self.thumb}/{self.quality}"


@dataclass(frozen=True)
class CopyJob:
    """One photo or clip to copy: its file, the name it is published under, its EXIF
    orientation; a clip's `clip` says how it is transcoded."""

    source: Path
    name: str
    orientation: int
    clip: ClipPlan | None = None


@dataclass(frozen=True)
class Job:
    """One copy to make: a photo's large copy and thumbnail, or a clip's MP4 and poster."""

    source: Path
    orientation: int
    large_rel: str
    thumb_rel: str
    clip: ClipPlan | None = None
    ffmpeg: str = ""


def _source_key(path: Path, settings: str) -> str:
    """A hash of the source's identity and the settings: the manifest sits in the output
    folder, which is published, so it must not spell out the user's folders."""
    stat = path.stat()
    return digest(f"{path}|{stat.st_size}|{stat.st_mtime_ns}|{settings}".encode())


def _make(job: Job, out: Path, settings: CopySettings) -> tuple[Job, str, str] | tuple[Job, str]:
    """Worker: decode once, write both sizes (or transcode a clip and write its poster);
    returns the hashes, or the error text."""
    try:
        if job.clip is not None:
            from journal.publish.transcode import make_clip_copy

            sha, thumb = make_clip_copy(job.source, job.clip, out / job.large_rel, job.ffmpeg)
            write_atomic(out / job.thumb_rel, thumb)
            return job, sha, digest(thumb)
        from journal.publish.images import make_web_copies

        large, thumb = make_web_copies(
            job.source,
            job.orientation,
            large=settings.large,
            thumb=settings.thumb,
            quality=settings.quality,
        )
    except JournalError as exc:
        return job, exc.message
    except Exception as exc:  # a worker must report, never take the pool down
        return job, f"cannot make web copies: {exc}"
    write_atomic(out / job.large_rel, large)
    write_atomic(out / job.thumb_rel, thumb)
    return job, digest(large), digest(thumb)


def _ready() -> None:
    """A worker's first act: the imaging stack (Pillow and its plugins, numpy, libjpeg-turbo,
    pi-heif) imported while the main process is still reading the trip, not on the
    worker's first photo, and not by the main process, which never decodes one."""
    from journal.publish import images  # noqa: F401


class Workers(Executor):
    """A render's worker processes, started on the first piece of work they are given.

    On a cold render that is the GPX parse, handed over while the main process reads the
    rest of the trip (on two cores, 0.3 s of gpxpy would otherwise leave one idle before the
    copies start); the copies follow in the same processes. A render with nothing to parse
    or copy starts none. Leaving it as a context manager stops them, dropping what has not
    started.
    """

    def __init__(self, jobs: int) -> None:
        self.jobs = min(jobs, os.cpu_count() or 1)
        self._pool: Executor | None = None

    @property
    def started(self) -> bool:
        return self._pool is not None

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor  # and multiprocessing: when used

            self._pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_ready)
        return self._pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = True) -> None:
        """Stop the workers; what has not started is dropped unless asked otherwise."""
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)
            self._pool = None


class CopyRun:
    """Copies being made by worker processes while the main process goes on rendering pages.

    On two cores the main process's own work (EXIF, route, map, pages) would otherwise leave
    one core idle for seconds; here it overlaps with the workers. Without `workers` (one
    job), or for a single photo, the copies are made by `finish`. Use as a context manager:
    leaving it early (an error) cancels what has not started.
    """

    def __init__(
        self,
        photos: Sequence[CopyJob],
        out: Path,
        *,
        workers: Workers | None = None,
        settings: CopySettings | None = None,
        progress: Callable[[int, int], None] | None = None,
        rebuild: bool = False,
    ) -> None:
        self.out = out
        self.settings = settings or CopySettings()
        self.progress = progress
        self.written: dict[str, str] = {}
        self.extra: dict[str, dict] = {}
        self.unreadable: list[tuple[Path, str]] = []
        self.todo: list[Job] = []
        self.no_ffmpeg: list[Path] = []
        self.names = [photo.name for photo in photos]
        manifest = Manifest.load(out)
        present = {f"{MEDIA_DIR}/{'/'.join(parts)}" for parts, _ in files_under(out / MEDIA_DIR)}
        for photo in photos:
            large_rel, thumb_rel = published_files(photo.name)
            try:
                key = _source_key(photo.source, photo.clip.key if photo.clip else self.settings.key)
            except OSError as exc:
                self.unreadable.append((photo.source, f"cannot read: {exc.strerror}"))
                continue
            cached = not rebuild and all(
                manifest.extra.get(rel, {}).get("source") == key
                and rel in manifest.files
                and rel in present
                for rel in (large_rel, thumb_rel)
            )
            if cached:
                for rel in (large_rel, thumb_rel):
                    self.written[rel] = manifest.files[rel]
            else:
                job = Job(photo.source, photo.orientation, large_rel, thumb_rel, photo.clip)
                self.todo.append(job)
            self.extra[large_rel] = self.extra[thumb_rel] = {"source": key}
        self.todo = self._with_ffmpeg(self.todo)
        log.info("%d photos to copy, %d cached", len(self.todo), len(photos) - len(self.todo))
        self._futures: list[Future] = []
        self._done = 0
        self._lock = threading.Lock()
        if workers is not None and len(self.todo) > 1:
            for job in self.todo:
                future = workers.submit(_make, job, out, self.settings)
                future.add_done_callback(self._tick)
                self._futures.append(future)

    def _with_ffmpeg(self, todo: list[Job]) -> list[Job]:
        """The jobs, the clips' given the ffmpeg to run (looked for only when a clip is to
        be transcoded); without one, the clips are left out and listed in `no_ffmpeg`."""
        if not any(job.clip for job in todo):
            return todo
        from journal.publish.transcode import find_ffmpeg

        ffmpeg = find_ffmpeg()
        if ffmpeg is None:
            self.no_ffmpeg = [job.source for job in todo if job.clip]
            return [job for job in todo if not job.clip]
        return [replace(job, ffmpeg=ffmpeg) if job.clip else job for job in todo]

    def _tick(self, _future: Future) -> None:
        with self._lock:
            self._done += 1
            if self.progress:
                self.progress(self._done, len(self.todo))

    def finish(self, report: Report) -> tuple[dict[str, str], dict[str, dict]]:
        """Wait for every copy; (path -> sha256, path -> source key) of all that exist."""
        for path, reason in self.unreadable:
            report.warn(path, f"{reason}; not published", code="photo.unreadable")
        if self.no_ffmpeg:
            from journal.publish.transcode import INSTALL

            count = len(self.no_ffmpeg)
            clips = f"{count} clip is" if count == 1 else f"{count} clips are"
            report.error(None, f"ffmpeg is not installed, so {clips} not published: {INSTALL}",
                         code="clip.no-ffmpeg")  # fmt: skip
        if self._futures:
            results: Iterable[tuple] = (future.result() for future in self._futures)
        else:
            results = self._serial()
        for result in results:
            job = result[0]
            if len(result) == 2:
                report.warn(job.source, f"{result[1]}; not published", code="photo.copy-failed")
            else:
                self.written[job.large_rel] = result[1]
                self.written[job.thumb_rel] = result[2]
        self.close()
        return self.written, {rel: v for rel, v in self.extra.items() if rel in self.written}

    def _serial(self) -> Iterable[tuple]:
        for job in self.todo:
            result = _make(job, self.out, self.settings)
            self._tick(Future())
            yield result

    def close(self) -> None:
        """Drop the copies that have not started (the workers are closed by their owner)."""
        for future in self._futures:
            future.cancel()

    def __enter__(self) -> CopyRun:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def failed_photos(names: Iterable[str], written: dict[str, str]) -> set[str]:
    """Names of photos and clips whose copies could not be made (so pages must not link
    them)."""
    return {name for name in names if published_files(name)[0] not in written}
