"""Translations and locale-aware formatting: the only module that imports Babel.

Owns two things: the theme's gettext catalogs (read from `.po` files and compiled in memory,
so adding a language is adding one `.po` file, with nothing to build), and the formatting of
dates, numbers, distances, languages and countries per language. `setlocale` is never called:
it is process-wide and depends on the locales the OS happens to have.

It does not know about templates; `themes.py` installs what this module returns. Every
answer is `remembered` (formatcache.py), and Babel imported when one must be worked out.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import hashlib
import io
import logging
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from journal.core.cache import installed_version
from journal.core.errors import JournalError
from journal.core.route import Place
from journal.enrich.placenames import name_in
from journal.render.formatcache import remembered

if TYPE_CHECKING:
    from babel import Locale
    from babel.messages.catalog import Catalog

log = logging.getLogger(__name__)

#: The language the templates are written in: it needs no catalog.
SOURCE_LANG = "en"

#: The CLDR locale used to format for a language code. The user lives in London: his English
#: readers expect "27 June 2015", not the US "June 27, 2015".
_FORMAT_LOCALES = {"en": "en_GB"}

#: Where the catalogs live inside a theme folder.
LOCALES_DIR = "locales"
DOMAIN = "messages"


def _locale(lang: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(_FORMAT_LOCALES.get(lang, lang))
    except (UnknownLocaleError, ValueError) as exc:
        raise JournalError(None, f"unknown language {lang!r}: {exc}") from exc


def po_path(theme_dir: Path, lang: str) -> Path:
    """Where a theme keeps the catalog of one language."""
    return theme_dir / LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, lang: str) -> Catalog:
    """Parse one `.po` file; a broken file is an error naming it, not a silent English page."""
    from babel.messages.pofile import PoFileError, read_po

    try:
        with path.open("rb") as fh:
            return read_po(fh, locale=lang, domain=DOMAIN, abort_invalid=True)
    except (OSError, ValueError, PoFileError) as exc:
        raise JournalError(path, f"cannot read translations: {exc}") from exc


def _compile(path: Path, lang: str) -> gettext.GNUTranslations:
    """The `.po` file compiled to the `.mo` format in memory (fuzzy and empty entries left
    out), remembered by the file's content like any answer of this module."""
    compiled = _compiled(hashlib.sha256(path.read_bytes()).hexdigest(), str(path), lang)
    return gettext.GNUTranslations(io.BytesIO(compiled.encode("latin-1")))


@remembered
def _compiled(content: str, path: str, lang: str) -> str:
    """The `.mo` bytes of the catalog at `path` whose content has the hash `content` (as
    latin-1 text, to be remembered as an answer)."""
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(Path(path), lang), use_fuzzy=False)
    return buffer.getvalue().decode("latin-1")


@remembered
def _known(lang: str) -> str:
    """`lang` when CLDR knows it (JournalError otherwise: never remembered)."""
    _locale(lang)
    return lang


def load_catalog(theme_chain: Sequence[Path], lang: str) -> gettext.NullTranslations:
    """The merged translations of a theme chain (child first): a child's string wins.

    The source language needs no catalog. Any other language must have a catalog in at least
    one theme of the chain: otherwise the pages would silently come out in English.
    """
    _known(lang)  # fail early on a language code CLDR does not know
    found = [po_path(d, lang) for d in theme_chain if po_path(d, lang).is_file()]
    if not found:
        if lang == SOURCE_LANG:
            return gettext.NullTranslations()
        raise JournalError(
            po_path(theme_chain[-1], lang),
            f"no translation of the theme for language {lang!r}; add this file",
        )
    translations: gettext.NullTranslations | None = None
    for path in reversed(found):  # parent first, each child in front of it
        child = _compile(path, lang)
        if translations is not None:
            child.add_fallback(translations)
        translations = child
    log.debug("translations for %s from %s", lang, found)
    assert translations is not None
    return translations


@remembered  # a trip has a few dozen dates, asked thousands of times
def format_date(d: dt.date, lang: str, format: str = "long") -> str:  # noqa: A002
    """`27 giugno 2015` / `27 June 2015` (long), `27 giu 2015` (medium), `27/06/15` (short)."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(d, format=format, locale=_locale(lang))


@remembered
def format_time(t: dt.time | dt.datetime, lang: str) -> str:
    """`14:30`: the wall time, in the language's short form."""
    from babel.dates import format_time as babel_format_time

    return babel_format_time(t, format="short", locale=_locale(lang))


#: The CLDR skeleton of a trip's dates: day, short month, year.
RANGE_SKELETON = "yMMMd"
#: A two-letter day field (`dd`): CLDR's Italian intervals pad the day ("06 lug") although
#: its own dates do not ("6 lug 2015", the medium format); the range is written as the dates.
_PADDED_DAY = re.compile(r"(?<!d)dd(?!d)")


@remembered
def format_date_range(start: dt.date, end: dt.date, lang: str) -> str:
    """`27 giu – 6 lug 2015`: a trip's dates as one phrase, shared parts said once.

    CLDR's interval patterns, split where the dates first differ (year, month, day), as Babel's
    `format_interval` does, with the day unpadded.
    """
    from babel.dates import format_date as babel_format_date

    if start == end:
        return format_date(start, lang)
    locale = _locale(lang)
    field = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    pieces = locale.interval_formats.get(RANGE_SKELETON, {}).get(field)
    if not pieces:
        return f"{format_date(start, lang, 'medium')} – {format_date(end, lang, 'medium')}"
    first, second = (_PADDED_DAY.sub("d", pattern) for pattern in pieces)
    return babel_format_date(start, first, locale=locale) + babel_format_date(
        end, second, locale=locale
    )


@remembered  # a month's elevation charts ask for the same few labels
def format_number(value: float, lang: str, digits: int | None = None) -> str:
    """`1.234,5` / `1,234.5`; `digits` fixes the number of decimals."""
    from babel.numbers import format_decimal

    pattern = None if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_locale(lang))


def format_distance(km: float, lang: str) -> str:
    """`1.234,5 km` / `1,234.5 km`: one decimal, the way a rider reads an odometer."""
    return f"{format_number(km, lang, digits=1)} km"


def format_list(items: Iterable[str], lang: str) -> str:
    """`Francia, Svizzera e Italia` / `France, Switzerland and Italy`."""
    return _format_list(tuple(items), lang)


@remembered
def _format_list(items: tuple[str, ...], lang: str) -> str:
    from babel.lists import format_list as babel_format_list

    return babel_format_list(list(items), locale=_locale(lang))


@remembered
def language_name(code: str, in_lang: str, *, standalone: bool = False) -> str:
    """A language's name: `italiano` inside a sentence, `Italiano` standalone (a menu item)."""
    name = _locale(in_lang).languages.get(code) or code
    return name[:1].upper() + name[1:] if standalone else name


@remembered
def country_name(iso_code: str, lang: str) -> str:
    """The CLDR name of a territory: `Germania` / `Germany`; the code itself if unknown."""
    return _locale(lang).territories.get(iso_code.upper(), iso_code)


@remembered
def place_name(place: Place, lang: str) -> str:
    """A gazetteer place's name on a page in `lang`: enrich/placenames.name_in's rule, with
    CLDR's names of the cities time zones are named after (Londra, Zurigo, Bruxelles on an
    Italian page), then ISTAT's and the subdivisions' names the gazetteer keeps (Mantova,
    Lucerna), else the local name (Gent)."""
    city = zone_cities(lang).get(place.zone) if place.names_its_zone else None
    return name_in(place, lang, city)


@functools.cache
def zone_cities(lang: str) -> dict[str, str]:
    """CLDR's name in `lang` of the city each time zone is named after ('Europe/London':
    'Londra' in Italian), for every zone CLDR names one."""
    zones = _locale(lang).time_zones
    return {zone: str(names["city"]) for zone, names in zones.items() if names.get("city")}


def cldr_version() -> str:
    """Which CLDR data the names come from: Babel's version, which pins it (read without
    importing Babel: a render whose formatting is all remembered never imports it)."""
    return installed_version("babel")
