"""Reading `trip.toml` and the root's `journal.toml` into validated values.

Every mistake in a file is collected into the `Report` with the key that holds it, so a
user fixes the whole file in one pass. Only the standard library is used: `journal new`
reads the trip's default language through here.
"""

from __future__ import annotations

import datetime as dt
import tomllib
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journal.core.errors import Report
from journal.core.models import DEFAULT_LANGUAGES, PhotoOverride, PrivacyZone, Tiles, TripConfig

LANG_CODE_LEN = (2, 3)


def read_toml(path: Path, report: Report) -> dict[str, Any] | None:
    """The parsed file, or None with an error naming the file and line."""
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        return tomllib.loads(text)
    except FileNotFoundError:
        report.error(path, "missing file")
    except UnicodeDecodeError as exc:
        report.error(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except tomllib.TOMLDecodeError as exc:
        line = _toml_line(str(exc)) or (text.count("\n") or 1)
        report.error(path, f"invalid TOML: {exc}", line)
    except OSError as exc:
        report.error(path, f"cannot read: {exc.strerror}")
    return None


def _toml_line(message: str) -> int | None:
    """The line tomllib names; None for "at end of document" (the caller uses the last)."""
    marker = "(at line "
    if marker in message:
        try:
            return int(message.split(marker, 1)[1].split(",", 1)[0])
        except ValueError:
            return None
    return None


def _zones(raw: Any, path: Path, report: Report, key: str) -> tuple[PrivacyZone, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        report.error(path, f"{key} must be a list of tables ([[{key}]])")
        return ()
    zones = []
    for i, item in enumerate(raw, 1):
        try:
            lat, lon, radius = float(item["lat"]), float(item["lon"]), float(item["radius_m"])
        except (KeyError, TypeError, ValueError):
            report.error(path, f"{key} #{i} needs numbers lat, lon and radius_m")
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or radius <= 0:
            report.error(path, f"{key} #{i} is out of range (lat, lon or radius_m)")
            continue
        zones.append(PrivacyZone(lat, lon, radius, str(item.get("name", ""))))
    return tuple(zones)


@dataclass(frozen=True)
class JournalSettings:
    """`journal.toml` at the root: settings shared by every trip."""

    blog: Path | None = None
    privacy_zones: tuple[PrivacyZone, ...] = ()
    layout: str = "post"
    theme: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


def load_settings(root: Path, report: Report) -> JournalSettings:
    """The root's `journal.toml`; an absent file means defaults."""
    path = root / "journal.toml"
    if not path.is_file():
        return JournalSettings()
    data = read_toml(path, report) or {}
    blog = data.get("blog")
    return JournalSettings(
        blog=(root / Path(blog).expanduser()) if isinstance(blog, str) and blog else None,
        privacy_zones=_zones(data.get("privacy_zones"), path, report, "privacy_zones"),
        layout=str(data.get("layout", "post")),
        theme=data.get("theme") if isinstance(data.get("theme"), str) else None,
        extra=data,
    )


def default_lang(trip_dir: Path) -> str | None:
    """The trip's default language, for `journal new`; None when trip.toml is unreadable."""
    report = Report()
    data = read_toml(trip_dir / "trip.toml", report)
    lang = (data or {}).get("default_lang")
    return lang if isinstance(lang, str) else None


def load_config(trip_dir: Path, report: Report) -> TripConfig | None:
    """trip.toml, validated; None (with errors in `report`) when it cannot be used."""
    path = trip_dir / "trip.toml"
    data = read_toml(path, report)
    if data is None:
        return None
    errors_before = len(report.errors)

    languages = data.get("languages", list(DEFAULT_LANGUAGES))
    if not (
        isinstance(languages, list)
        and languages
        and all(isinstance(x, str) and len(x) in LANG_CODE_LEN and x.isalpha() for x in languages)
    ):
        report.error(path, "languages must be a list of language codes such as ['it', 'en']")
        languages = list(DEFAULT_LANGUAGES)
    lang = data.get("default_lang", languages[0])
    if lang not in languages:
        report.error(path, f"default_lang {lang!r} is not one of {', '.join(languages)}")
        lang = languages[0]
    ordered = (lang, *(x for x in languages if x != lang))

    zone = data.get("timezone", "UTC")
    try:
        zoneinfo.ZoneInfo(str(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        report.error(path, f"unknown timezone {zone!r} (use an IANA name such as 'Europe/Rome')")
        zone = "UTC"

    titles = data.get("title", {})
    if isinstance(titles, str):
        titles = {lang: titles}
    if not isinstance(titles, dict) or not titles.get(lang):
        report.error(path, f"[title] needs at least a title in {lang!r}")
        titles = {lang: trip_dir.name}
    titles = {k: str(v) for k, v in titles.items()}
    description = data.get("description", {})
    if isinstance(description, str):
        description = {lang: description}
    if not isinstance(description, dict):
        report.error(path, "[description] must be a table of language = text")
        description = {}

    tiles = Tiles()
    raw_tiles = data.get("tiles")
    if raw_tiles is not None:
        if not isinstance(raw_tiles, dict) or not raw_tiles.get("url"):
            report.error(path, "[tiles] needs url (and attribution)")
        elif not raw_tiles.get("attribution"):
            report.error(path, "[tiles] needs an attribution: tile providers require one")
        else:
            tiles = Tiles(
                url=str(raw_tiles["url"]),
                attribution=str(raw_tiles["attribution"]),
                name=str(raw_tiles.get("name", "tiles")),
                max_zoom=int(raw_tiles.get("max_zoom", 19)),
            )

    private = data.get("private", [])
    if not isinstance(private, list) or not all(isinstance(x, str) for x in private):
        report.error(path, "private must be a list of photo names")
        private = []

    offsets: dict[str, dt.timedelta] = {}
    cameras = data.get("cameras", {})
    if isinstance(cameras, dict):
        from journal.enrich.clock import parse_clock_offset

        for model, table in cameras.items():
            text = table.get("clock_offset") if isinstance(table, dict) else None
            if text is None:
                continue
            try:
                offsets[model] = parse_clock_offset(str(text))
            except ValueError as exc:
                report.error(path, f'[cameras."{model}"] clock_offset: {exc}')

    overrides: dict[str, PhotoOverride] = {}
    photos = data.get("photos", {})
    if isinstance(photos, dict):
        for name, table in photos.items():
            if not isinstance(table, dict):
                continue
            place = table.get("place")
            try:
                lat = float(table["lat"]) if "lat" in table else None
                lon = float(table["lon"]) if "lon" in table else None
            except (TypeError, ValueError):
                report.error(path, f'[photos."{name}"] lat and lon must be numbers')
                continue
            if (lat is None) != (lon is None) or (lat is None and not place):
                report.error(path, f'[photos."{name}"] needs lat and lon, or place')
                continue
            if (
                lat is not None
                and lon is not None
                and not (-90 <= lat <= 90 and -180 <= lon <= 180)
            ):
                report.error(path, f'[photos."{name}"] position is out of range')
                continue
            overrides[name] = PhotoOverride(lat, lon, str(place) if place else None)

    zones = _zones(data.get("privacy_zones"), path, report, "privacy_zones")
    gap = data.get("geotag_max_gap_minutes", 5)
    if not isinstance(gap, int | float) or gap < 0:
        report.error(path, "geotag_max_gap_minutes must be a number of minutes")
        gap = 5
    if len(report.errors) > errors_before:
        return None
    return TripConfig(
        default_lang=lang,
        languages=ordered,
        timezone=str(zone),
        titles=titles,
        privacy_zones=zones,
        private=tuple(private),
        tiles=tiles,
        clock_offsets=offsets,
        photo_overrides=overrides,
        geotag_max_gap=dt.timedelta(minutes=float(gap)),
        description={k: str(v) for k, v in description.items()},
    )
