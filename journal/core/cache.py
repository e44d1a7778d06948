"""The one base of journal's caches (photo metadata, GPX tracks, place names, drawn maps).

A cache is only ever a hint: a missing, unreadable, corrupt or differently stamped file is
ignored (the work is simply done again), and one that cannot be written only costs speed;
either way a line is logged, never raised. Each cache file carries a stamp of what its
answers depend on (a format number, versions, settings); a file with another stamp is a miss.

Two caches remember one answer per source file (EXIF per photo, a parsed GPX per track):
`per_file` keeps that bookkeeping in one place, keyed by absolute path, size and mtime_ns.
Stamps name the libraries an answer comes from by `installed_version`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from journal.core.files import write_atomic

log = logging.getLogger(__name__)


def installed_version(distribution: str) -> str:
    """The installed version of a library ("absent" without it), read from the name of its
    `.dist-info` folder on sys.path: importing importlib.metadata to ask would cost a warm
    render 10-30 ms, more than a page of it, and the library itself may not be needed."""
    return _installed().get(_normal(distribution), "absent")


@functools.cache
def code_stamp(sources: tuple[str, ...], libraries: tuple[str, ...] = ()) -> str:
    """A hash of the code a kept value comes from: journal's version, the named libraries'
    versions and the source of the named modules (paths below the package, "load/gpx.py").

    Every cache stamps its file with the code that made the values in it, so a value kept
    by another version of that code is a miss, never an answer.
    """
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for library in ("journal", *libraries):
        digest.update(f"{library} {installed_version(library)}\n".encode())
    for name in sources:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()


@functools.cache
def _installed() -> dict[str, str]:
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")  # noqa: PTH208 (names only, as fast as it gets)
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                project, _, version = name.rsplit(".", 1)[0].partition("-")
                found.setdefault(_normal(project), version)  # the first on sys.path wins
    return found


def _normal(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


V = TypeVar("V")  # what is remembered about a file (a PhotoMeta, a parsed track)
E = TypeVar("E")  # how it is stored


@dataclass(frozen=True)
class CacheFile:
    """One cache file: `what` names it in log lines, `stamp` says what its content depends on."""

    path: Path | None
    what: str
    stamp: Mapping[str, Any]

    def read_bytes(self) -> bytes | None:
        """The file's bytes, or None when there is none to use."""
        if self.path is None:
            return None
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.info("ignoring the %s cache %s: %s", self.what, self.path, exc)
            return None

    def read_json(self) -> dict[str, Any] | None:
        """What `write_json` wrote under the same stamp, else None."""
        data = self.read_bytes()
        if data is None:
            return None
        try:
            loaded = json.loads(data)
        except ValueError as exc:
            log.info("ignoring the %s cache %s: %s", self.what, self.path, exc)
            return None
        if not isinstance(loaded, dict) or loaded.get("stamp") != dict(self.stamp):
            return None
        return loaded

    def write_bytes(self, data: bytes) -> None:
        """Write atomically; a failure is a log line, since a cache only saves time."""
        if self.path is None:
            return
        try:
            write_atomic(self.path, data, durable=False)  # a torn cache is a miss
        except OSError as exc:
            log.warning("could not write the %s cache %s: %s", self.what, self.path, exc)

    def write_json(self, body: Mapping[str, Any]) -> None:
        payload = {"stamp": dict(self.stamp), **body}
        self.write_bytes(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode())

    def read_files(self) -> dict[str, bytes] | None:
        """What `write_files` wrote under the same stamp, else None."""
        data = self.read_bytes()
        if data is None:
            return None
        head, _, body = data.partition(b"\n")
        try:
            header = json.loads(head)
            if not isinstance(header, dict) or header.get("stamp") != dict(self.stamp):
                return None
            files, offset = {}, 0
            for name, size in header["files"]:
                files[str(name)] = body[offset : offset + int(size)]
                offset += int(size)
        except (ValueError, KeyError, TypeError) as exc:
            log.info("ignoring the %s cache %s: %s", self.what, self.path, exc)
            return None
        return files if offset == len(body) else None

    def write_files(self, files: Mapping[str, bytes]) -> None:
        """Whole files (an image, a document) as they are: a JSON line naming them and their
        sizes, then their bytes, with no encoding to pay on either side."""
        sizes = [[name, len(data)] for name, data in files.items()]
        head = json.dumps({"stamp": dict(self.stamp), "files": sizes}, ensure_ascii=False)
        self.write_bytes(head.encode() + b"\n" + b"".join(files.values()))


@dataclass(frozen=True)
class Stored(Generic[E]):
    """One source file's cached answer, with the size and mtime it had when it was read."""

    size: int
    mtime_ns: int
    value: E


@dataclass(frozen=True)
class PerFile(Generic[V, E]):
    """How one per-file cache turns answers into stored values and back.

    `compute` reads the file itself; `encode` returns None for an answer that must not be
    kept (the file could not be read this time); `decode` returns None for a malformed value.
    """

    compute: Callable[[Path], V]
    encode: Callable[[V], E | None]
    decode: Callable[[Path, E], V | None]


def per_file(
    paths: Sequence[Path], cached: Mapping[str, Stored[E]], how: PerFile[V, E]
) -> tuple[list[tuple[Path, V]], dict[str, Stored[E]], int]:
    """Answers for `paths` in order, from `cached` where the file is unchanged.

    Returns the answers, the entries to store next (one per readable file, so the cache
    follows the folder instead of growing) and how many files were read afresh.
    """
    answers: list[tuple[Path, V]] = []
    fresh: dict[str, Stored[E]] = {}
    computed = 0
    for path in paths:
        key = str(path.absolute())
        try:
            stat = path.stat()
        except OSError:
            answers.append((path, how.compute(path)))  # the reader says why
            continue
        entry = cached.get(key)
        value = None
        if entry is not None and (entry.size, entry.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            value = how.decode(path, entry.value)
        stored = entry.value if value is not None and entry is not None else None
        if value is None:
            value = how.compute(path)
            computed += 1
            stored = how.encode(value)
        answers.append((path, value))
        if stored is not None:
            fresh[key] = Stored(stat.st_size, stat.st_mtime_ns, stored)
    return answers, fresh, computed
