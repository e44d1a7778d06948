"""Which trip a new entry goes to, and in which language: said outright, never guessed.

A named trip that exists is used. A name close to an existing trip's (`alpi-2062` for
`alpi-2026`) is taken for a typo and refused with "did you mean"; a new trip by such a name
needs a title (`--trip-title`), which says the rider means it. Any other new name creates
the trip, and the command says so. Without a name, the entry goes to the current trip: the
one the last `journal new` wrote into (load/state.py), never the one with the newest file.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import NamedTuple

from journal.core.errors import JournalError, Report
from journal.core.models import DEFAULT_LANGUAGES
from journal.load.config import read_toml
from journal.load.root import SLUG_RE, check_slug, list_trip_dirs
from journal.load.state import CURRENT_TRIP, current_trip

#: How alike two names must be (difflib's ratio) for one to be taken for a typo of the other.
TYPO_RATIO = 0.8


class TripChoice(NamedTuple):
    """The trip an entry goes to: an existing one (its settings read), or one to create."""

    folder: Path
    exists: bool
    default_lang: str
    languages: tuple[str, ...]
    timezone: str | None = None

    @property
    def slug(self) -> str:
        return self.folder.name


def choose_trip(root: Path, name: str | None, lang: str | None, meant_new: bool) -> TripChoice:
    """The trip `journal new [NAME]` writes into; a new one is not created here."""
    if name is None:
        return _read_choice(_current(root))
    if not SLUG_RE.match(name):
        close = _close(name.lower(), [trip.name for trip in list_trip_dirs(root)])
        hint = f"; did you mean {close[0]!r}?" if close else ""
        try:
            check_slug(name)
        except JournalError as exc:
            raise JournalError(None, exc.message + hint, code="new.trip-name") from None
    folder = root / "trips" / name
    if (folder / "trip.toml").is_file():
        return _read_choice(folder)
    close = _close(name, [trip.name for trip in list_trip_dirs(root)])
    if close and not meant_new:
        message = (
            f"no trip {name!r}; did you mean {close[0]!r}? To start a new trip by this name, "
            'give it a title: --trip-title "..."'
        )
        raise JournalError(None, message, code="new.trip-typo")
    default = pick_lang(lang, DEFAULT_LANGUAGES, DEFAULT_LANGUAGES[0])
    others = tuple(x for x in DEFAULT_LANGUAGES if x != default)
    return TripChoice(folder, False, default, (default, *others))


def _close(name: str, known: list[str]) -> list[str]:
    """Existing trip names `name` looks like a typo of: a letter or digit missing, extra,
    changed or swapped (`alpi-2062` for `alpi-2026`)."""
    return difflib.get_close_matches(name, known, n=1, cutoff=TYPO_RATIO)


def _current(root: Path) -> Path:
    """The current trip; a journal with one trip needs no memory of it."""
    trips = list_trip_dirs(root)
    names = ", ".join(trip.name for trip in trips)
    remembered = current_trip(root)
    if remembered is not None:
        folder = root / "trips" / remembered
        if (folder / "trip.toml").is_file():
            return folder
        message = f"the current trip {remembered!r} is not there any more; name the trip: "
        listing = f" ({names})" if names else ""
        raise JournalError(root / CURRENT_TRIP, f"{message}journal new TRIP{listing}",
                           code="new.no-current-trip")  # fmt: skip
    if len(trips) == 1:
        return trips[0]
    if not trips:
        message = "no trip yet: name one, e.g. `journal new my-trip`"
        raise JournalError(root / "trips", message, code="new.no-trip")
    message = f"which trip? name it once, it is remembered: journal new TRIP ({names})"
    raise JournalError(root / "trips", message, code="new.no-current-trip")


def _read_choice(folder: Path) -> TripChoice:
    """An existing trip's languages and time zone, read with the standard library only (the
    schema would cost `journal new` its start-up); a trip.toml that cannot be read gives the
    defaults, and `journal check` says what is wrong with it."""
    data = read_toml(folder / "trip.toml", Report()) or {}
    listed = data.get("languages")
    ok = isinstance(listed, list) and listed and all(isinstance(x, str) for x in listed)
    languages = tuple(listed) if ok else DEFAULT_LANGUAGES
    default = data.get("default_lang")
    default = default if isinstance(default, str) and default in languages else languages[0]
    zone = data.get("timezone")
    return TripChoice(folder, True, default, languages, zone if isinstance(zone, str) else None)


def pick_lang(
    requested: str | None, languages: tuple[str, ...], default: str, hint: str = ""
) -> str:
    """`--lang` as the trip spells it (`IT` is `it`), the default when not given; a language
    the trip does not have is refused now rather than by `journal check` later."""
    if requested is None:
        return default
    for lang in languages:
        if lang.casefold() == requested.strip().casefold():
            return lang
    message = f"invalid --lang {requested!r}: use {' or '.join(languages)}{hint}"
    raise JournalError(None, message, code="new.lang")


def trip_lang(choice: TripChoice, requested: str | None) -> str:
    """The entry's language in this trip: `--lang`, else the trip's default."""
    hint = f" (the languages of {choice.slug}; add one to `languages` in its trip.toml)"
    hint = hint if choice.exists else ""
    return pick_lang(requested, choice.languages, choice.default_lang, hint)
