"""Entry files as read last time, while they are unchanged: an edit parses one front matter.

Reading a month of entries means parsing sixty YAML front matters (with the line of every
key, for error messages) to find them as they were, but one. Each text read without a
problem is kept in the trip's cache folder by its path, size and mtime; a file that could
not be read is read again every time, so its error is always reported. Stamped with
journal's version and the reading code; pickled, as the text is a frozen dataclass of plain
values. A cache is a hint: one that cannot be read is a miss.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from journal.core.cache import CacheFile, code_stamp
from journal.core.models import EntryText

log = logging.getLogger(__name__)

FILE_NAME = "entries.cache"
#: The code an entry text comes from: a change to any of it is a new stamp.
READING_SOURCES = ("load/entries.py", "load/frontmatter.py", "core/models.py")


class EntryCache:
    """`read(path, lang)` answered from the file of the last render where it can be."""

    def __init__(self, cache_file: Path | None) -> None:
        self._file = CacheFile(cache_file, "entry", {"code": code_stamp(READING_SOURCES)})
        self._known = self._load()
        self._kept: dict[str, tuple[int, int, EntryText]] = {}

    def _load(self) -> dict[str, Any]:
        data = (self._file.read_files() or {}).get("entries")
        if data is None:
            return {}
        try:
            known = pickle.loads(data)
        except Exception as exc:  # any damage is a miss: unpickling raises many kinds
            log.info("ignoring the entry cache: %s", exc)
            return {}
        return known if isinstance(known, dict) else {}

    def read(self, path: Path, lang: str, read: Callable[[Path, str], EntryText]) -> EntryText:
        """`read(path, lang)`, or the text it gave last time for the same file."""
        key = f"{path.absolute()}\n{lang}"
        try:
            stat = path.stat()
        except OSError:
            return read(path, lang)  # the reader says why
        kept = self._known.get(key)
        if (
            isinstance(kept, tuple)
            and len(kept) == 3
            and kept[:2] == (stat.st_size, stat.st_mtime_ns)
            and isinstance(kept[2], EntryText)
        ):
            text = kept[2]
        else:
            text = read(path, lang)  # raises on a problem: nothing kept
        self._kept[key] = (stat.st_size, stat.st_mtime_ns, text)
        return text

    def save(self) -> None:
        """Keep the texts read this time (the cache follows the folder)."""
        if self._kept.keys() == self._known.keys() and all(
            self._known[key][:2] == kept[:2] for key, kept in self._kept.items()
        ):
            return
        payload = pickle.dumps(self._kept, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.write_files({"entries": payload})
