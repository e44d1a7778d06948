"""An import is all or nothing: what it writes is gathered beside the trip, then moved in.

An import writes many files (photos, entries, tracks, trip.toml's new tables, imported.txt),
and a stranger's export can fail half-way: a member that unpacks too far, a disk that fills,
a name no file system takes. So nothing is written into the trip while the export is read:
every file goes into a hidden folder beside it (`trips/.<trip>.import-*`, on the same disk),
and only when everything is there does `commit` move it in: a new trip by renaming the whole
folder, an existing one file by file, each new name linked exclusively (a file that appeared
meanwhile is never replaced) and the files it changes (trip.toml, imported.txt) replaced
last. A failure during the move undoes the moves made. `imported.txt` therefore always lists
what is really there.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from journal.core.errors import JournalError
from journal.core.files import safe_relpath, write_atomic


class Staging:
    """The files an import will add to, or change in, one trip folder."""

    def __init__(self, trip_dir: Path) -> None:
        self.trip_dir = trip_dir
        self.new_trip = not trip_dir.exists()
        trip_dir.parent.mkdir(parents=True, exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix=f".{trip_dir.name}.import-", dir=trip_dir.parent))
        self.dir.chmod(0o755)  # mkdtemp's 0700 would become the new trip's
        self.added: list[str] = []  # new files, by their path in the trip
        self.changed: list[str] = []  # files of the trip replaced by a new version

    def _rel(self, rel: str) -> str:
        return safe_relpath(rel).as_posix()  # refuses `..`, absolute names, backslashes

    def exists(self, rel: str) -> bool:
        rel = self._rel(rel)
        return (self.dir / rel).exists() or (self.trip_dir / rel).exists()

    def path(self, rel: str) -> Path:
        """Where the file's current version is: staged, else in the trip."""
        rel = self._rel(rel)
        staged = self.dir / rel
        return staged if staged.exists() else self.trip_dir / rel

    def read(self, rel: str) -> bytes:
        return self.path(rel).read_bytes()

    def add(self, rel: str, data: bytes) -> None:
        """A file the trip does not have yet."""
        rel = self._rel(rel)
        if self.exists(rel):
            raise JournalError(self.trip_dir / rel, "already there; an import never replaces it")
        write_atomic(self.dir / rel, data, durable=False)  # made durable once, in commit
        self.added.append(rel)

    def added_file(self, path: Path) -> None:
        """A file written into the staging folder by another writer (an exclusive entry)."""
        self.added.append(path.relative_to(self.dir).as_posix())

    def change(self, rel: str, data: bytes) -> None:
        """A new version of a file the trip has (or has just been given)."""
        rel = self._rel(rel)
        write_atomic(self.dir / rel, data, durable=False)
        if rel not in self.added and rel not in self.changed:
            self.changed.append(rel)

    def commit(self) -> None:
        """Move everything into the trip, or nothing."""
        os.sync()  # every staged file on the disk before any is moved in: one wait, not one each
        if self.new_trip:
            if self.trip_dir.exists():
                raise JournalError(self.trip_dir, "appeared while importing; nothing written")
            self.dir.rename(self.trip_dir)
            return
        linked: list[Path] = []
        previous: dict[Path, bytes | None] = {}
        try:
            for rel in self.added:
                target = self.trip_dir / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(self.dir / rel, target)  # never over a file that appeared meanwhile
                linked.append(target)
            for rel in self.changed:
                target = self.trip_dir / rel
                previous[target] = target.read_bytes() if target.exists() else None
                write_atomic(target, (self.dir / rel).read_bytes())
        except OSError as exc:
            _undo(linked, previous)
            where = Path(exc.filename) if exc.filename else self.trip_dir
            raise JournalError(where, f"cannot move the import into the trip: "
                               f"{exc.strerror or exc}; nothing written") from None  # fmt: skip
        finally:
            self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def _undo(linked: list[Path], previous: dict[Path, bytes | None]) -> None:
    for path in linked:
        with contextlib.suppress(OSError):
            path.unlink()
    for path, data in previous.items():
        with contextlib.suppress(OSError):
            if data is None:
                path.unlink()
            else:
                write_atomic(path, data)
