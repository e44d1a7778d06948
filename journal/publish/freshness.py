"""Knowing that nothing changed: a warm render of an unchanged trip imports nothing heavy.

A render records a key of its inputs — every file of the trip, of the themes, the root's
journal.toml, the options and journal's version, by path, size and mtime — with the
problems it reported. When the key is the same next time and every file journal wrote is
still there, the render is already on disk: its report is replayed and nothing is redone,
as sigal and make do.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from journal import __version__
from journal.core.errors import Report
from journal.core.files import files_under, write_atomic
from journal.core.models import Problem, Severity
from journal.publish.manifest import MANIFEST, Manifest

log = logging.getLogger(__name__)

STAMP = ".journal/inputs.json"


def input_key(sources: Iterable[Path], options: str) -> str:
    """A hash of every file under `sources` (path, size, mtime) and of the options."""
    digest = hashlib.sha256(f"{__version__}\n{options}\n".encode())
    for source in sources:
        if source.is_dir():
            files = [(entry.path, entry.stat) for _, entry in files_under(source)]
        elif source.is_file():
            files = [(str(source), source.stat)]
        else:
            digest.update(f"absent {source}\n".encode())
            continue
        for path, stat_of in files:
            try:
                stat = stat_of()
            except OSError:
                continue  # vanished while listing; the render itself will say
            digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _complete(folder: Path, manifest: str) -> bool:
    """Every file journal wrote into `folder` last time is still there."""
    written = Manifest.load(folder, manifest)
    return bool(written.files) and all((folder / rel).is_file() for rel in written.files)


def replay(
    out: Path, key: str, root: Path, blog_manifest: tuple[Path, str] | None = None
) -> Report | None:
    """The stored report when the last render had the same inputs and its output is intact;
    its paths, stored relative to the journal `root`, are made whole again."""
    try:
        data = json.loads((out / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key or not _complete(out, MANIFEST):
        return None
    if blog_manifest and not _complete(*blog_manifest):
        return None
    report = Report()
    for item in data.get("problems", []):
        path = Path(os.path.normpath(root / item["path"])) if item.get("path") else None
        report.problems.append(
            Problem(
                path,
                item["message"],
                item.get("line"),
                Severity(item["severity"]),
                item.get("code", ""),
            )
        )
    log.info("nothing changed since the last render of %s", out)
    return report


def remember(out: Path, key: str, report: Report, root: Path) -> None:
    """Store the key and the report; a render with errors is never remembered as done.

    The file sits in the output folder, which gets published: its paths are relative to the
    journal `root`, so it names no folder of the machine (a user name, a home)."""
    if report.errors:
        (out / STAMP).unlink(missing_ok=True)
        return
    problems = [
        {
            "path": os.path.relpath(p.path, root) if p.path else None,
            "message": p.message,
            "line": p.line,
            "severity": str(p.severity),
            "code": p.code,
        }
        for p in report.problems
    ]
    data = {"key": key, "problems": problems}
    write_atomic(out / STAMP, (json.dumps(data, indent=1) + "\n").encode("utf-8"))
