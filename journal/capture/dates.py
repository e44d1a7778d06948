"""The day of a new entry, as a tired rider types it, in Italian or English.

ISO dates, the words for today, yesterday, the day before and tomorrow, and weekday names
meaning the last such day (`lunedì` on a Wednesday is two days ago). Accents, case, curly
apostrophes and a `last`/`scorso` are all forgiven: `l’altro ieri`, `Lunedi`, `last friday`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from journal.core.errors import JournalError

#: Days from today, by the words a person types (folded: see `_fold`).
DAY_WORDS = {
    "today": 0, "oggi": 0,
    "yesterday": -1, "ieri": -1,
    "the day before yesterday": -2, "day before yesterday": -2,
    "l altro ieri": -2, "altro ieri": -2, "l altroieri": -2, "altroieri": -2, "ieri l altro": -2,
    "tomorrow": 1, "domani": 1,
}  # fmt: skip

#: Monday is 0, as `date.weekday()` counts; Italian and English, whole and short.
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("monday", "mon", "lunedi", "lun"),
            ("tuesday", "tue", "tues", "martedi", "mar"),
            ("wednesday", "wed", "mercoledi", "mer"),
            ("thursday", "thu", "thur", "thurs", "giovedi", "gio"),
            ("friday", "fri", "venerdi", "ven"),
            ("saturday", "sat", "sabato", "sab"),
            ("sunday", "sun", "domenica", "dom"),
        )
    )
    for name in names
}

#: What `--help` and an error list, in one line.
DATE_HELP = (
    "YYYY-MM-DD; today/oggi, yesterday/ieri, the day before yesterday/l'altro ieri, "
    "tomorrow/domani; a weekday, monday..sunday or lunedì..domenica: the last one"
)

_LAST = re.compile(r"^(?:last|scors[oa]) | (?:scors[oa]|last)$")


def _fold(text: str) -> str:
    """Lower case, no accents, apostrophes and hyphens as spaces, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\s'’‘`´_-]+", " ", plain).split())


def parse_date(text: str | None, today: dt.date) -> dt.date:
    """The day `text` names, counted from `today` (the rider's day, where he is)."""
    if text is None:
        return today
    word = _fold(text)
    if word in DAY_WORDS:
        return today + dt.timedelta(days=DAY_WORDS[word])
    weekday = WEEKDAYS.get(_LAST.sub("", word))
    if weekday is not None:  # the last one before today: `lunedì` on a Monday is a week ago
        return today - dt.timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        message = f"invalid date {text!r}: use {DATE_HELP}"
        raise JournalError(None, message, code="new.date") from None


def is_today_word(text: str | None) -> bool:
    """Whether `--date` says today (or is not given): only then is the clock time stamped."""
    return text is None or DAY_WORDS.get(_fold(text)) == 0


def option_day(text: str | None, option: str) -> dt.date | None:
    """A day given as YYYY-MM-DD to `option` (`journal import --from`), None when not given."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise JournalError(None, f"invalid {option} {text!r}: use YYYY-MM-DD") from None
