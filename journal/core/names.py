"""Names for files made from words others wrote: titles, ids, the names inside an export.

The one place a string becomes a file name. Whatever it held (`/`, `..`, a backslash, a
control character, a drive letter, letters with no ASCII form), what comes out is a single
name of ASCII letters, digits, `-` and `_`, with at most one dot before a short extension:
it cannot name a folder, leave one, or hide from a listing.
"""

from __future__ import annotations

import re
import unicodedata

#: The longest name made here, before an extension: well within every file system's limit.
MAX_STEM = 60
_OTHERS = re.compile(r"[^A-Za-z0-9_-]+")
_SUFFIX = re.compile(r"^[a-z0-9]{1,8}$")


def _words(text: str, *, lower: bool) -> str:
    """`text` in ASCII letters, digits, `_` and `-`, runs of anything else one hyphen."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    if lower:
        ascii_text = ascii_text.lower().replace("_", "-")
    return _OTHERS.sub("-", ascii_text).strip("-_")[:MAX_STEM].strip("-_")


def slugify(text: str, fallback: str = "entry") -> str:
    """A lower-case slug for a title or an id: 'Caffè a Aosta!' -> 'caffe-a-aosta'."""
    return _words(text, lower=True) or fallback


def file_name(name: str, fallback: str = "file") -> str:
    """A file name from an export, its case and extension kept: `IMG 0042 (1).JPG` ->
    `IMG-0042-1.JPG`, `../../etc/passwd` -> `etc-passwd`, `back\\slash.jpg` -> `back-slash.jpg`."""
    stem, dot, suffix = name.rpartition(".")
    if not dot or not _SUFFIX.match(suffix.lower()) or not stem.strip("./\\ "):
        stem, suffix = name, ""
    safe = _words(stem, lower=False) or fallback
    return f"{safe}.{suffix}" if suffix else safe
