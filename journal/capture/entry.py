"""`journal new`: start an entry on the road, offline, in a fraction of a second.

Only the standard library and PyYAML are imported on the way to a new file: the command must
start fast on a phone terminal (the gazetteer and the time-zone data are read only when a
place is asked for). Files are created with O_EXCL, so an entry is never overwritten, even by
two `journal new` running at once; a taken name gets `-2`, `-3`. Nothing is created until
every option has been checked. Its records are NamedTuples, immutable as frozen dataclasses
are, since defining a frozen dataclass costs a millisecond of start-up each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from journal.capture.dates import is_today_word, parse_date
from journal.capture.text import split_text
from journal.capture.trips import TripChoice, choose_trip, trip_lang
from journal.capture.where import Clues, Whereabouts, local_time, locate
from journal.core.errors import JournalError
from journal.core.names import slugify
from journal.load import frontmatter
from journal.load.config import create_trip, local_zone_name
from journal.load.entries import create_exclusive
from journal.load.state import remember_trip


class NewEntry(NamedTuple):
    """What the user asked `journal new` for; everything optional has a road-friendly default."""

    trip: str | None = None
    lang: str | None = None
    title: str | None = None
    date: str | None = None
    at: str | None = None
    place: str | None = None
    translate: str | None = None
    trip_title: str | None = None
    body: str | None = None  # the text, piped in or given with -m: no editor needed


class Created(NamedTuple):
    """The entry written, and what the rider should hear about it (a trip created)."""

    path: Path
    notices: tuple[str, ...] = ()


def new_entry(
    root: Path,
    request: NewEntry,
    now: dt.datetime | None = None,
    say: Callable[[str], None] = lambda _: None,
) -> Created:
    """Create the entry file (and its trip, when new); the editor is opened by the caller.
    `say` hears the lines worth telling while the rider waits (a gazetteer being built)."""
    now = now or dt.datetime.now().astimezone()
    choice = choose_trip(root, request.trip, request.lang, meant_new=bool(request.trip_title))
    if request.translate:
        if not choice.exists:
            message = "no such trip: nothing to translate"
            raise JournalError(choice.folder, message, code="new.translate")
        from journal.capture.translate import translate

        path = translate(choice, request.translate, request.lang, request.title, request.body)
        remember_trip(root, choice.slug)
        return Created(path)
    lang = trip_lang(choice, request.lang)
    today = (local_time(now, choice.timezone) or now).date()
    fresh = parse_date(request.date, today) == today  # checked before anything is looked up
    trip_dir = choice.folder if choice.exists else None
    hint = choice.timezone if choice.exists else local_zone_name()
    clues = Clues(root, trip_dir, request.at, request.place, lang, now, fresh, hint, say)
    where = locate(clues)
    local = local_time(now, where.zone or choice.timezone) or now  # else this machine's
    day = parse_date(request.date, local.date())
    title, body = split_text(request.title, request.body)
    notices = () if choice.exists else (_create(root, choice, request.trip_title, where),)
    content = frontmatter.dump(_front(title, where, local if is_today_word(request.date) else None))
    slug = slugify(title, fallback="nota" if lang == "it" else "note")
    path = create_exclusive(choice.folder / "entries", day, slug, lang, content + "\n" + body)
    remember_trip(root, choice.slug)
    return Created(path, notices)


def _front(title: str, where: Whereabouts, time: dt.datetime | None) -> dict[str, object]:
    """The entry's front matter: title, the time where it was written (today's entries
    only), position and place when known."""
    data: dict[str, object] = {"title": title}
    if time is not None:
        data["time"] = time.replace(microsecond=0).isoformat()
    if where.location:
        data["location"] = {"lat": where.location[0], "lon": where.location[1]}
    if where.place:
        data["place"] = where.place
    return data


def _create(root: Path, choice: TripChoice, title: str | None, where: Whereabouts) -> str:
    """Create the trip; the line that tells the rider what it was made with."""
    zone = where.zone or local_zone_name()
    create_trip(root, choice.slug, title, choice.default_lang, zone=zone)
    languages = ", ".join(choice.languages)
    told = f"from {where.zone_from}" if where.zone else "this machine's"
    return (
        f"new trip {choice.slug!r}: title {title or choice.slug!r}, languages {languages} "
        f"({choice.default_lang} first), time zone {zone} ({told}); "
        f"edit {choice.folder / 'trip.toml'} to change them"
    )
