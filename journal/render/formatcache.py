"""Dates, numbers and names as formatted last time: an edit asks Babel nothing new.

A page of a month's travelogue formats a few hundred dates, times, distances and names, and
an edit asks for the same ones again; yet the first answer of each language costs loading
its CLDR data (and importing Babel: 30 ms or more). `remembered` makes a formatting
function answer from memory: the answers of this process, then those kept in a file by the
last render (`keep_in`), keyed by the function's name and the `repr` of its arguments, the
file stamped with journal's and Babel's versions and the formatting code. `save` keeps the
answers this render gave (the file follows the pages, and does not grow); a process that
renders a language apart hands its answers back (`asked`, `learn`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from journal.core.cache import CacheFile, code_stamp

log = logging.getLogger(__name__)

CACHE_FILE = "formats.cache"
#: The code of the formatting: a change to any of it is a new stamp.
FORMATTING_SOURCES = ("render/i18n.py", "render/formatcache.py", "enrich/placenames.py")

F = TypeVar("F", bound=Callable[..., str])


class _Answers:
    def __init__(self) -> None:
        self.file: CacheFile | None = None
        self.known: dict[str, str] = {}
        self.asked: dict[str, str] = {}


_answers = _Answers()


def keep_in(cache_file: Path | None) -> None:
    """Read the answers kept in `cache_file` (None: remember in memory only)."""
    stamp = {"code": code_stamp(FORMATTING_SOURCES, ("babel",))}
    _answers.file = CacheFile(cache_file, "format", stamp) if cache_file else None
    known = (_answers.file.read_json() or {}).get("answers") if _answers.file else None
    _answers.known = known if isinstance(known, dict) else {}
    _answers.asked = {}


def asked() -> dict[str, str]:
    """The answers given since `keep_in`."""
    return dict(_answers.asked)


def learn(answers: Mapping[str, str]) -> None:
    """Answers another process gave for this render, to keep with these."""
    _answers.asked.update(answers)


def save() -> None:
    """Keep this render's answers, when they are not those kept already."""
    if _answers.file is None or _answers.asked.keys() == _answers.known.keys():
        return
    log.debug("remembering %d formatted values", len(_answers.asked))
    _answers.file.write_json({"answers": _answers.asked})


def remembered(function: F) -> F:
    """`function`, answering from memory for arguments it was asked before."""
    name = function.__name__

    @functools.wraps(function)
    def answer(*args: Any, **kwargs: Any) -> str:
        key = f"{name}{args!r}{sorted(kwargs.items())!r}" if kwargs else f"{name}{args!r}"
        found = _answers.asked.get(key)
        if found is None:
            found = _answers.known.get(key)
            if not isinstance(found, str):
                found = function(*args, **kwargs)
            _answers.asked[key] = found
        return found

    return answer  # type: ignore[return-value]
