"""Place names in an entry's language for commands that cannot load Babel.

`journal new --at` writes `place: Londra` in an Italian entry, but it must start in a blink
and so never imports Babel, where CLDR's names live (render/i18n.place_name). The commands
that load Babel anyway (`journal init`, `journal render`) keep CLDR's city names per
language in a small file beside the packed gazetteer; `journal new` reads them from there.
Without the file (a machine where neither has run yet) a place keeps the gazetteer's name.

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


def _read(folder: Path) -> dict[str, object]:
    try:
        data = json.loads((folder / FILE_NAME).read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def local_name(place: Place, lang: str, folder: Path | None) -> str:
    """The place's name in `lang` from the kept CLDR names, else the gazetteer's."""
    if folder is None or not place.names_its_zone:
        return place.name
    names = _read(folder).get("names")
    cities = names.get(lang) if isinstance(names, dict) else None
    city = cities.get(place.zone) if isinstance(cities, dict) else None
    return city if isinstance(city, str) and city else place.name


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
