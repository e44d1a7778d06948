"""Where each key of a TOML file is written: the line a config error points at.

`tomllib` gives values without positions; this reads the text once more, line by line, and
records the first line of every table header and key by its path (`("privacy_zones", 1,
"radius_m")`: the second `[[privacy_zones]]` table), so an error names the line to fix.
Standard library only, and good enough for the way people write config files: headers,
`key = value` lines and dotted keys; a key inside a multi-line string is never taken for one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*(.+?)\s*\]\]?\s*(?:#.*)?$")
_NAME = r"(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')"
_KEY = re.compile(rf"^\s*({_NAME}(?:\s*\.\s*{_NAME})*)\s*=")
_PART = re.compile(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)")


def _parts(dotted: str) -> tuple[str, ...]:
    """`cameras."NIKON D3100"` -> ("cameras", "NIKON D3100")."""
    return tuple(next(g for g in m.groups() if g is not None) for m in _PART.finditer(dotted))


def key_lines(text: str) -> dict[Path, int]:
    """The 1-based line of every header and key, by path; arrays of tables are numbered."""
    lines: dict[Path, int] = {}
    counts: dict[tuple[str, ...], int] = {}
    table: Path = ()
    fence: str | None = None  # the quotes of a multi-line string being skipped
    for number, line in enumerate(text.splitlines(), 1):
        if fence is not None:
            if line.count(fence) % 2 == 1:
                fence = None
            continue
        header = _HEADER.match(line)
        key = None if header else _KEY.match(line)
        if header:
            names = _parts(header.group(2))
            if header.group(1) == "[[":
                counts[names] = counts.get(names, -1) + 1
                table = (*names, counts[names])
            else:
                table = names
            lines.setdefault(table, number)
            lines.setdefault(names, number)
        elif key:
            lines.setdefault((*table, *_parts(key.group(1))), number)
        for quotes in ('"""', "'''"):
            if line.count(quotes) % 2 == 1:
                fence = quotes
    return lines


def line_of(lines: dict[Path, int], where: Sequence[str | int]) -> int | None:
    """The line of `where`, else of the nearest enclosing key or table that is written."""
    path = tuple(where)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None
