"""Which photos stay home: the `private` list of trip.toml and every `private/` folder.

A name is matched the way a person types it, not byte for byte: in any case, in either
Unicode normalisation (a Mac stores `Città.jpg` decomposed, a keyboard types it composed),
as a bare file name (in whatever folder it is), as a path from `photos/` or as a path from
the trip folder. A folder named `private` in any case keeps everything under it home. A
name that matches no photo is an error: a typo there would publish the photo it meant.
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from journal.core.errors import Report

PRIVATE_FOLDER = "private"
PHOTOS = "photos/"


def _folded(text: str) -> str:
    """The form two spellings of one name share: NFC, case folded, forward slashes."""
    return unicodedata.normalize("NFC", text.replace("\\", "/")).casefold()


def in_private_folder(name: str) -> bool:
    """`private/x.jpg`, `Giorno 1/Private/x.jpg`: under a folder named private, any case."""
    return PRIVATE_FOLDER in (_folded(part) for part in name.split("/")[:-1])


def _keys(name: str) -> tuple[str, str]:
    """How a photo may be named in the list: its path from photos/ and its file name."""
    folded = _folded(name)
    return folded, posixpath.basename(folded)


def _wanted(written: str) -> tuple[str, bool]:
    """A name of the list as a path from photos/, and whether it is a bare file name."""
    folded = posixpath.normpath(_folded(written).strip()).removeprefix("./")
    folded = folded.removeprefix(PHOTOS)
    return folded, "/" not in folded


def private_photos(
    names: Iterable[str], listed: Iterable[str], toml: Path, line: int | None, report: Report
) -> set[str]:
    """The names (paths from photos/) of the photos that stay home; an error in `report` for
    every listed name that matches no photo."""
    names = list(names)
    hidden = {name for name in names if in_private_folder(name)}
    keys = {name: _keys(name) for name in names}
    for written in listed:
        wanted, bare = _wanted(written)
        found = {
            n for n, (path, base) in keys.items() if wanted == path or (bare and wanted == base)
        }
        if not found:
            message = f"private: no photo {written!r} in photos/ (a typo would publish it)"
            report.error(toml, message, line, code="config.private-unmatched")
        hidden |= found
    return hidden
