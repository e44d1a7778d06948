"""Writing a file so that a reader never sees half of it, naming files by their content, and
listing the files of a folder.

Every file journal writes (pages, photos, caches, blog posts) goes through `write_atomic`: a
temp file in the target's own folder, fsync, rename. A render killed midway leaves each file
old or new, never half-written. What may be written where is decided by the callers.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from journal.core.errors import JournalError


def digest(data: bytes) -> str:
    """The sha256 of some bytes, as manifests and cache keys record it."""
    return hashlib.sha256(data).hexdigest()


def safe_relpath(rel: str) -> PurePosixPath:
    """Refuse output paths that would land outside the output folder."""
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in rel:
        raise JournalError(None, f"refusing to write outside the output folder: {rel!r}")
    return path


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Temp file beside the target, fsync, rename: readers see the old file or the new one.

    `durable=False` skips the fsync, for a file that is only a hint (a cache): after a crash
    it may be empty or cut short, which its reader takes for a miss, and an edit writes a
    handful of caches that need not wait for the disk."""
    with atomic_target(path, durable=durable) as tmp, tmp.open("wb") as fh:
        fh.write(data)


@contextlib.contextmanager
def atomic_target(path: Path, *, durable: bool = True) -> Iterator[Path]:
    """A temp file beside `path` for the block to fill (or a program such as ffmpeg, which
    writes files, not bytes): renamed over `path` when the block ends, removed if it fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if durable:
            fd = os.open(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        tmp.chmod(0o644)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def files_under(folder: Path, *, hidden: bool = True) -> list[tuple[tuple[str, ...], os.DirEntry]]:
    """Every file under `folder` at any depth, as (its path's parts below `folder`, its
    entry), in the order the paths sort; links to files count, links to folders are not
    followed; `hidden=False` leaves out names starting with a dot, and what is inside them.

    Walked with `os.scandir`, whose entries know what a name is without asking the disk
    again and keep their `stat()`: a trip holds thousands of photos, and pathlib spends more
    time on each than the system does."""
    found: list[tuple[tuple[str, ...], os.DirEntry]] = []
    pending: list[tuple[str, tuple[str, ...]]] = [(str(folder), ())]
    while pending:
        where, parts = pending.pop()
        try:
            with os.scandir(where) as entries:
                listed = list(entries)
        except OSError:  # not a folder, or one that vanished while listing
            continue
        for entry in listed:
            if not hidden and entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, (*parts, entry.name)))
            elif entry.is_file():
                found.append(((*parts, entry.name), entry))
    found.sort(key=lambda item: item[0])
    return found
