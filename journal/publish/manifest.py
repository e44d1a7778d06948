"""Writing output: the only module that changes files a render produces.

Every file goes through `core.files.write_atomic`, so a render killed midway leaves each
file either old or new, never half-written. A manifest lists
what journal wrote and the hash it wrote, so a re-run removes only its own stale files and
notices a file the user edited by hand since. Nothing outside the output folder is touched.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from journal.core.errors import JournalError
from journal.core.files import digest, safe_relpath, write_atomic
from journal.core.mediaplan import PublishedNames

log = logging.getLogger(__name__)

MANIFEST = ".journal/manifest.json"


def blog_manifest(slug: str) -> str:
    """Where, in a blog, journal lists what it wrote for one trip (Jekyll skips dot folders)."""
    return f".journal/{slug}.json"


@dataclass
class Manifest:
    """What journal wrote into one output folder: relative path -> sha256 of its content.

    `extra` carries per-file facts a writer wants back next time (e.g. the source photo's
    size and mtime for the media cache).
    """

    folder: Path
    files: dict[str, str] = field(default_factory=dict)
    extra: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path, name: str = MANIFEST) -> Manifest:
        path = folder / name
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(folder, dict(data.get("files", {})), dict(data.get("extra", {})))
        except (OSError, ValueError, AttributeError):
            return cls(folder)

    def save(self, name: str = MANIFEST) -> None:
        data = {
            "files": dict(sorted(self.files.items())),
            "extra": dict(sorted(self.extra.items())),
        }
        # One line: a trip of 2,000 photos lists 4,000 copies, and indenting is done by
        # Python's slow encoder (20 ms); journal is its only reader.
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        write_atomic(self.folder / name, (text + "\n").encode())

    def edited_by_user(self, rel: str) -> bool:
        """True when a file journal wrote has been changed since (by hand, most likely)."""
        path = self.folder / rel
        if rel not in self.files or not path.is_file():
            return False
        return digest(path.read_bytes()) != self.files[rel]


def write_tree(
    folder: Path,
    files: Mapping[str, bytes],
    *,
    written: Mapping[str, str] | None = None,
    extra: Mapping[str, dict] | None = None,
    manifest_name: str = MANIFEST,
) -> Manifest:
    """Write `files` under `folder`; drop files journal wrote before and no longer produces.

    `written` maps paths another step already wrote this run (the photo workers) to their
    sha256, so they are recorded, not dropped. Files whose content is unchanged are not
    rewritten, so their mtime (and a browser's cache) stays.
    """
    _one_file_each(folder, files, written or {})
    old = Manifest.load(folder, manifest_name)
    new = Manifest(folder, files=dict(written or {}), extra=dict(extra or {}))
    for rel, data in sorted(files.items()):
        safe_relpath(rel)
        target = folder / rel
        sha = digest(data)
        new.files[rel] = sha
        if old.files.get(rel) == sha and target.is_file() and target.stat().st_size == len(data):
            continue
        write_atomic(target, data)
    for rel in sorted(set(old.files) - set(new.files)):
        stale = folder / safe_relpath(rel)
        if stale.is_file() and not old.edited_by_user(rel):
            log.info("removing %s (no longer produced)", stale)
            stale.unlink()
    new.save(manifest_name)
    return new


def _one_file_each(folder: Path, files: Mapping[str, bytes], written: Mapping[str, str]) -> None:
    """Every published name against all others, as a case-blind disk compares them: two
    would be one file on a Mac or Windows, the second silently replacing the first."""
    names = PublishedNames()
    for rel in sorted({*files, *written}):
        taken = names.claim(rel, (rel,))
        if taken is not None:
            raise JournalError(folder / rel, f"same published name as {taken[0]} (case aside)")
