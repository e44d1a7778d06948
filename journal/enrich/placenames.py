"""A place's name in a language, the one rule every page, map and command follows
(`name_in`), and the CLDR city names kept for commands that cannot load Babel.

The rule, first answer wins: CLDR's name in the language of the city a time zone is named
after (Londra, Zurigo, Bruxelles; in English, where CLDR gives none, the zone's own spelling,
Zurich); the name a kept source gives the place in the language (Lucerna, Ginevra; Lucerne,
Geneva: placesources.py); on an English page GeoNames' main name, English for famous places
(Mantua, Turin); else the place's local name, ISTAT's for a place in Italy (Mantova,
Torino), GeoNames' elsewhere (Gent, Luzern). So an Italian page never shows an English name
a source can replace.

`journal new --at` writes `place: Londra` in an Italian entry, but it must start in a blink
and so never imports Babel, where CLDR's names live (render/i18n.place_name). The commands
that load Babel anyway (`journal init`, `journal render`) keep CLDR's city names per
language in a small file beside the packed gazetteer; `journal new` reads them from there.
Without the file (a machine where neither has run yet) the rule goes on without CLDR.

The file: `{"cldr": VERSION, "names": {lang: {zone: city}}}`, only the names CLDR gives
(Italian names 141 zones' cities; English only a few, such as São Paulo).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from journal.core.errors import JournalError
from journal.core.files import write_atomic
from journal.core.route import Place

log = logging.getLogger(__name__)

FILE_NAME = "placenames.json"
ENGLISH = "en"
#: The key of a place's local name among its names (placesources.LOCAL).
LOCAL = "local"


def _read(folder: Path) -> dict[str, object]:
    try:
        data = json.loads((folder / FILE_NAME).read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def name_in(place: Place, lang: str, city: str | None = None) -> str:
    """The place's name on a page in `lang` (the module's rule); `city` is CLDR's name in
    `lang` of the city the place's time zone is named after, when the caller knows it."""
    if place.names_its_zone and (city or lang == ENGLISH):
        return city or place.zone_city  # English: the zone's own spelling (Zurich), as CLDR
    return (
        place.own_name(lang)
        or (place.name if lang == ENGLISH else place.own_name(LOCAL))
        or place.name
    )


def local_name(place: Place, lang: str, folder: Path | None) -> str:
    """`name_in` with the CLDR city names kept in `folder` (no Babel)."""
    city = None
    if folder is not None and place.names_its_zone:
        names = _read(folder).get("names")
        cities = names.get(lang) if isinstance(names, dict) else None
        found = cities.get(place.zone) if isinstance(cities, dict) else None
        city = found if isinstance(found, str) else None
    return name_in(place, lang, city)


def keep_local_names(
    folder: Path | None,
    langs: Iterable[str],
    version: str,
    cities: Callable[[str], dict[str, str]],
) -> None:
    """Keep the CLDR city names of `langs` (with those already kept) in `folder`; nothing is
    written when the file already holds them from the same CLDR `version`. `cities(lang)`
    gives one language's names (render/i18n.zone_cities)."""
    if folder is None:
        return
    data = _read(folder)
    kept = data.get("names") if data.get("cldr") == version else None
    kept = kept if isinstance(kept, dict) else {}
    wanted = sorted(set(langs) | set(kept))
    if all(lang in kept for lang in wanted):
        return
    names = {}
    for lang in wanted:
        try:
            names[lang] = cities(lang)
        except JournalError as exc:  # a language CLDR does not know: its places keep their names
            log.info("no CLDR place names for %r: %s", lang, exc)
    text = json.dumps({"cldr": version, "names": names}, ensure_ascii=False, sort_keys=True)
    try:
        write_atomic(folder / FILE_NAME, text.encode("utf-8"))
    except OSError as exc:  # a read-only cache: places keep the gazetteer's names
        log.info("cannot keep the place names in %s: %s", folder, exc)
