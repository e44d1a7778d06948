"""Clock offsets written as text (`+1d -02:01:32`, `-00:05`, `+3h`) and back.

trip.toml corrects a camera's clock with one; `journal check` suggests one; EXIF's
OffsetTimeOriginal (`+02:00`) is read with the same grammar.
"""

from __future__ import annotations

import datetime as dt
import re

_TERM = re.compile(
    r"(?P<sign>[+-]?)\s*(?:(?P<num>\d+(?:\.\d+)?)(?P<unit>[dhms])"
    r"|(?P<hh>\d{1,3}):(?P<mm>\d\d)(?::(?P<ss>\d\d(?:\.\d+)?))?)"
)
_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_clock_offset(text: str) -> dt.timedelta:
    """`"+1d -02:01:32"`, `"-00:05"`, `"+3h"`, `"90s"`: the sum of signed terms.

    A term is a number with a unit (d, h, m, s) or a clock reading HH:MM[:SS]; each term
    carries its own sign, so "+1d -02:01:32" is a day less two hours, a minute and 32 s.
    """
    rest = text.strip()
    if not rest:
        raise ValueError("clock offset is empty; write it like '+1d -02:01:32' or '-00:05'")
    total = dt.timedelta(0)
    while rest:
        match = _TERM.match(rest)
        if match is None:
            raise ValueError(
                f"clock offset {text!r} not understood at {rest!r}; "
                "write it like '+1d -02:01:32', '-00:05' or '+3h'"
            )
        if match["unit"]:
            seconds = float(match["num"]) * _UNITS[match["unit"]]
        else:
            if int(match["mm"]) > 59 or float(match["ss"] or 0) >= 60:
                raise ValueError(f"clock offset {text!r}: minutes and seconds go up to 59")
            seconds = int(match["hh"]) * 3600 + int(match["mm"]) * 60 + float(match["ss"] or 0)
        term = dt.timedelta(seconds=seconds)
        total += -term if match["sign"] == "-" else term
        rest = rest[match.end() :].lstrip()
    return total


def format_clock_offset(delta: dt.timedelta) -> str:
    """The inverse of `parse_clock_offset`, to whole seconds: `+23:58:28`, `-1d -02:01:32`."""
    seconds = round(delta.total_seconds())
    sign = "-" if seconds < 0 else "+"
    days, rest = divmod(abs(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    clock = f"{sign}{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
    return f"{sign}{days}d {clock}" if days else clock
