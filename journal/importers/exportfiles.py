"""An export as a tree of named files, read only inside itself and only as much as allowed.

An export is a stranger's file: a friend's unpacked download, a ZIP from a forum. A name in
it (a Strava `Filename`, a member of the ZIP, a link in the folder) is data, never a place on
this machine: every file a reader opens is asked for here by its name inside the export, and
is read only if that name stays inside (no absolute path, no `..`, no backslash, no link that
leads out). A ZIP is never unpacked: the members a reader asks for are decompressed into
memory one by one, and a member that would unpack beyond `MEMBER_CAP`, past `RATIO_CAP` times
its packed size, or past `TOTAL_CAP` for the whole export stops the import (`TooLarge`) within
those few bytes: a ZIP bomb costs seconds and writes nothing. A gzipped track is unpacked
with the same caps (`gunzip`).

Readers see one interface whatever the rider passed: a folder, a ZIP, or one file of an
export (its folder is the tree, the file its `start`).
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from journal.core.errors import JournalError

#: The most one member may unpack to: a year of Google's raw fixes is a few hundred MB.
MEMBER_CAP = 1 << 30
#: The most a whole export may unpack to across the members read.
TOTAL_CAP = 4 << 30
#: Unpacked bytes per packed byte beyond which a member is a bomb: JSON and GPX pack 5-30x,
#: photos 1x; deflate's own limit is about 1,030x.
RATIO_CAP = 100
#: Below this a member is never refused for its ratio (a file of spaces packs 1,000x).
RATIO_FLOOR = 1 << 20
_CHUNK = 1 << 16


class TooLarge(JournalError):
    """A member beyond the caps: a ZIP bomb, or an export larger than any app writes. It stops
    the whole import (nothing is written), unlike a member that is merely broken."""


def inner_name(name: str) -> str | None:
    """`name` as a POSIX path inside the export, or None when it would leave it (absolute, a
    drive, `..`, a backslash, a control character) or names nothing."""
    if not name or "\\" in name or any(ord(c) < 32 or ord(c) == 127 for c in name):
        return None
    path = PurePosixPath(name)
    if path.is_absolute() or (path.parts and path.parts[0].endswith(":")):
        return None
    parts = [part for part in path.parts if part != "."]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


class ExportTree(ABC):
    """The files of one export by their POSIX names inside it."""

    def __init__(self, label: Path, start: str | None = None) -> None:
        self.label = label  # what the rider named: messages say `label/name`
        self.start = start  # the one file named on the command line, if any
        self.skipped: list[str] = []  # what was not followed or not read, said once each

    def shown(self, name: str) -> Path:
        """The path messages name a member by: inside the folder, or inside the ZIP."""
        return self.label / name if name else self.label

    def member(self, name: str) -> Member | None:
        """The member `name` (a name from the export itself: data), None when it is not a
        file inside the export."""
        inner = inner_name(name)
        return Member(self, inner) if inner is not None and self.is_file(inner) else None

    def members(self, under: str = "") -> list[Member]:
        """Every file below the folder `under` ("" for all), in name order."""
        prefix = f"{under.rstrip('/')}/" if under else ""
        return [Member(self, n) for n in self.names() if n.startswith(prefix)]

    @abstractmethod
    def names(self) -> list[str]:
        """Every file's name, sorted."""

    @abstractmethod
    def is_file(self, name: str) -> bool:
        """Whether an inner name (already checked by `inner_name`) is a file of the export."""

    @abstractmethod
    def read(self, name: str) -> bytes:
        """The member's bytes, within the caps; JournalError naming it when it cannot be read."""


@dataclass(frozen=True)
class Member:
    """One file of an export: where it is, for messages, and its bytes, on demand."""

    tree: ExportTree
    name: str

    @property
    def path(self) -> Path:
        return self.tree.shown(self.name)

    @property
    def basename(self) -> str:
        return self.name.rsplit("/", 1)[-1]

    @property
    def folder(self) -> str:
        return self.name.rpartition("/")[0]

    def read(self) -> bytes:
        return self.tree.read(self.name)


class FolderTree(ExportTree):
    """An unpacked export on disk. Links are followed only while they stay inside it."""

    def __init__(self, folder: Path, start: str | None = None) -> None:
        super().__init__(folder, start)
        self.root = folder.resolve()
        self._names: list[str] | None = None

    def _inside(self, name: str) -> Path | None:
        """The real path of `name` when it is a regular file inside the export, links
        followed only while they stay inside."""
        real = (self.root / name).resolve()
        return real if real.is_relative_to(self.root) and real.is_file() else None

    def is_file(self, name: str) -> bool:
        return self._inside(name) is not None

    def names(self) -> list[str]:
        if self._names is None:
            self._names, outside = _walk(self.root, self.is_file)
            if outside:
                links = "1 link" if outside == 1 else f"{outside} links"
                self.skipped.append(f"{links} leading out of the export not followed")
        return self._names

    def read(self, name: str) -> bytes:
        real = self._inside(name)
        if real is None:
            raise JournalError(self.shown(name), "not a file inside the export; not read")
        try:
            if real.stat().st_size > MEMBER_CAP:
                raise TooLarge(self.shown(name), f"larger than {_size(MEMBER_CAP)}; not read")
            with real.open("rb") as fh:
                return fh.read(MEMBER_CAP + 1)
        except OSError as exc:
            raise JournalError(self.shown(name), f"cannot read: {exc.strerror or exc}") from None


def _walk(root: Path, inside: Callable[[str], bool]) -> tuple[list[str], int]:
    """Every file below `root` by name, folders entered only when they are not links; a link
    to a file counts when it stays inside. Returns the names and how many links led out."""
    found: list[str] = []
    outside = 0
    pending = [""]
    while pending:
        prefix = pending.pop()
        try:
            with os.scandir(root / prefix if prefix else root) as entries:
                listed = list(entries)
        except OSError:
            continue
        for entry in listed:
            name = f"{prefix}/{entry.name}" if prefix else entry.name
            if entry.is_dir(follow_symlinks=False):
                pending.append(name)
            elif entry.is_file(follow_symlinks=False):
                found.append(name)
            elif entry.is_symlink():
                if inner_name(name) and inside(name):
                    found.append(name)
                else:
                    outside += 1
    return sorted(found), outside


class ZipTree(ExportTree):
    """A ZIP read member by member, never unpacked to disk. A ZIP holding one folder is read
    from inside it, as its unpacked copy would be."""

    def __init__(self, path: Path, archive: zipfile.ZipFile) -> None:
        super().__init__(path)
        self.archive = archive
        self.unpacked = 0
        infos: dict[str, zipfile.ZipInfo] = {}
        refused = links = 0
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = inner_name(info.filename)
            if stat.S_ISLNK(info.external_attr >> 16):
                links += 1
            elif name is None:
                refused += 1
            else:
                infos.setdefault(name, info)
        top = {n.split("/", 1)[0] for n in infos}
        self.prefix = f"{top.pop()}/" if len(top) == 1 and all("/" in n for n in infos) else ""
        self.infos = {n.removeprefix(self.prefix): i for n, i in infos.items()}
        if refused:
            self.skipped.append(
                f"{refused} members named outside the archive (absolute or ..) not read"
            )
        if links:
            self.skipped.append(f"{links} symbolic links in the archive not followed")

    def shown(self, name: str) -> Path:
        return super().shown(self.prefix + name if name else "")

    def names(self) -> list[str]:
        return sorted(self.infos)

    def is_file(self, name: str) -> bool:
        return name in self.infos

    def read(self, name: str) -> bytes:
        info = self.infos.get(name)
        if info is None:
            raise JournalError(self.shown(name), "not a file inside the export; not read")
        limit = Limit(self.shown(name), info.compress_size, TOTAL_CAP - self.unpacked)
        try:
            with self.archive.open(info) as stream:
                data = limit.drain(iter(lambda: stream.read(_CHUNK), b""))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
                RuntimeError, ValueError) as exc:  # fmt: skip
            raise JournalError(self.shown(name), f"cannot unpack: {exc}") from None
        self.unpacked += len(data)
        return data


@dataclass
class Limit:
    """The caps on what one packed member may unpack to."""

    path: Path
    packed: int
    left: int = TOTAL_CAP

    def check(self, unpacked: int) -> None:
        if unpacked > MEMBER_CAP:
            raise TooLarge(self.path, f"unpacks to more than {_size(MEMBER_CAP)}; not read")
        if unpacked > self.left:
            raise TooLarge(
                self.path, f"the export unpacks to more than {_size(TOTAL_CAP)}; not read"
            )
        if unpacked > RATIO_FLOOR and unpacked > RATIO_CAP * max(self.packed, 1):
            raise TooLarge(
                self.path,
                f"unpacks to over {RATIO_CAP} times its packed size ({_size(self.packed)}): "
                "a decompression bomb; not read",
            )

    def drain(self, chunks: Iterator[bytes]) -> bytes:
        parts, total = [], 0
        for chunk in chunks:
            total += len(chunk)
            self.check(total)
            parts.append(chunk)
        return b"".join(parts)


def gunzip(data: bytes, path: Path) -> bytes:
    """A gzip file's content (every member of it), unpacked under the same caps as a ZIP's."""
    limit = Limit(path, len(data))

    def chunks() -> Iterator[bytes]:
        rest = data
        while rest:
            unzip = zlib.decompressobj(wbits=31)
            pending = rest
            while pending:
                yield unzip.decompress(pending, _CHUNK)
                pending = unzip.unconsumed_tail
            yield unzip.flush()
            if not unzip.eof:
                raise EOFError("the gzip stream is cut short")
            rest = unzip.unused_data.lstrip(b"\x00")

    try:
        return limit.drain(chunks())
    except (zlib.error, EOFError) as exc:
        raise JournalError(path, f"not a gzip file: {exc}") from None


def _size(n: int) -> str:
    if n >= 1 << 30:
        return f"{n >> 30} GiB"
    return f"{n >> 20} MiB" if n >= 1 << 20 else f"{n} B"


@contextmanager
def open_export(path: Path) -> Iterator[ExportTree]:
    """The export at `path`: a ZIP, a folder, or one file of an unpacked export."""
    if path.is_file() and zipfile.is_zipfile(path):
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise JournalError(path, f"cannot unpack: {exc}") from None
        with archive:
            yield ZipTree(path, archive)
    elif path.is_file():
        yield FolderTree(path.parent, start=path.name)
    else:
        yield FolderTree(path)
