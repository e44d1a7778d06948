"""Web copies of the trip's photos: made in a process pool, cached across renders.

A photo is decoded again only when its source (size, mtime) or the output settings
changed since the copy journal wrote last time, which the output's manifest remembers. A
warm render of an unchanged trip therefore opens no image at all.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from journal import __version__
from journal.errors import JournalError, Report
from journal.models import Photo
from journal.publish import Manifest, digest, write_atomic

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CopySettings:
    large: int = 2000
    thumb: int = 400
    quality: int = 85

    @property
    def key(self) -> str:
        return f"{__version__}/{self.large}/{self.thumb}/{self.quality}"


@dataclass(frozen=True)
class Job:
    source: Path
    orientation: int
    large_rel: str
    thumb_rel: str


def _source_key(path: Path, settings: CopySettings) -> str:
    """A hash of the source's identity and the settings: the manifest sits in the output
    folder, which is published, so it must not spell out the user's folders."""
    stat = path.stat()
    return digest(f"{path}|{stat.st_size}|{stat.st_mtime_ns}|{settings.key}".encode())


def _make(job: Job, out: Path, settings: CopySettings) -> tuple[Job, str, str] | tuple[Job, str]:
    """Worker: decode once, write both sizes; returns the hashes, or the error text."""
    from journal.media import make_web_copies

    try:
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


def publish_copies(
    photos: Sequence[Photo],
    out: Path,
    report: Report,
    *,
    jobs: int = 1,
    settings: CopySettings | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[str, str], dict[str, dict]]:
    """Make the missing or outdated copies; (path -> sha256, path -> source key) for all."""
    from journal.mediaplan import web_files

    settings = settings or CopySettings()
    manifest = Manifest.load(out)
    written: dict[str, str] = {}
    extra: dict[str, dict] = {}
    todo: list[Job] = []
    for photo in photos:
        large_rel, thumb_rel = web_files(photo.name)
        try:
            key = _source_key(photo.path, settings)
        except OSError as exc:
            report.warn(photo.path, f"cannot read: {exc.strerror}; not published")
            continue
        cached = all(
            manifest.extra.get(rel, {}).get("source") == key
            and rel in manifest.files
            and (out / rel).is_file()
            for rel in (large_rel, thumb_rel)
        )
        if cached:
            for rel in (large_rel, thumb_rel):
                written[rel] = manifest.files[rel]
                extra[rel] = {"source": key}
        else:
            todo.append(Job(photo.path, photo.meta.orientation, large_rel, thumb_rel))
        extra.setdefault(large_rel, {"source": key})
        extra.setdefault(thumb_rel, {"source": key})
    log.info("%d photos to copy, %d cached", len(todo), len(photos) - len(todo))
    for done, result in enumerate(_run(todo, out, settings, jobs), 1):
        job = result[0]
        if len(result) == 2:
            report.warn(job.source, f"{result[1]}; not published")
            extra.pop(job.large_rel, None)
            extra.pop(job.thumb_rel, None)
        else:
            written[job.large_rel] = result[1]
            written[job.thumb_rel] = result[2]
        if progress:
            progress(done, len(todo))
    return written, {rel: v for rel, v in extra.items() if rel in written}


def _run(todo: list[Job], out: Path, settings: CopySettings, jobs: int) -> Iterable[tuple]:
    if jobs <= 1 or len(todo) < 2:
        for job in todo:
            yield _make(job, out, settings)
        return
    workers = min(jobs, len(todo), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_make, todo, [out] * len(todo), [settings] * len(todo), chunksize=4)


def failed_photos(photos: Sequence[Photo], written: dict[str, str]) -> set[str]:
    """Names of photos whose copies could not be made (so pages must not link them)."""
    from journal.mediaplan import web_files

    return {p.name for p in photos if web_files(p.name)[0] not in written}
