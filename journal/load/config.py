"""Reading `trip.toml` and the root's `journal.toml` into validated values.

Every mistake in a file is collected into the `Report` with the key that holds it, so a
user fixes the whole file in one pass. Only the standard library is used: `journal new`
reads the trip's default language through here, and creates a trip's first trip.toml.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
import zoneinfo
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from journal.core.errors import Report
from journal.core.models import (
    DEFAULT_LANGUAGES,
    DEFAULT_MODE,
    MODE_SPEEDS_KMH,
    GeoPoint,
    JournalSettings,
    LegMode,
    PhotoOverride,
    PrivacyZone,
    Tiles,
    TripConfig,
)
from journal.load.root import check_slug

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
    lang, ordered = _languages(data, path, report)
    titles = _per_language(data, "title", lang, path, report, required=trip_dir.name)
    description = _per_language(data, "description", lang, path, report)
    private = data.get("private", [])
    if not isinstance(private, list) or not all(isinstance(x, str) for x in private):
        report.error(path, "private must be a list of photo names")
        private = []
    gap = data.get("geotag_max_gap_minutes", 5)
    if not isinstance(gap, int | float) or gap < 0:
        report.error(path, "geotag_max_gap_minutes must be a number of minutes")
        gap = 5
    config = TripConfig(
        default_lang=lang,
        languages=ordered,
        timezone=_timezone(data, path, report),
        titles=titles,
        privacy_zones=_zones(data.get("privacy_zones"), path, report, "privacy_zones"),
        private=tuple(private),
        tiles=_tiles(data, path, report),
        clock_offsets=_clock_offsets(data, path, report),
        photo_overrides=_photo_overrides(data, path, report),
        geotag_max_gap=dt.timedelta(minutes=float(gap)),
        description=description,
        dates=_dates(data, path, report),
        mode=_mode(data.get("mode", DEFAULT_MODE), "mode", path, report) or DEFAULT_MODE,
        legs=_legs(data, path, report),
    )
    return None if len(report.errors) > errors_before else config


def _languages(data: dict[str, Any], path: Path, report: Report) -> tuple[str, tuple[str, ...]]:
    """The default language and every language, default first."""
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
    return lang, (lang, *(x for x in languages if x != lang))


def _timezone(data: dict[str, Any], path: Path, report: Report) -> str:
    zone = data.get("timezone", "UTC")
    try:
        zoneinfo.ZoneInfo(str(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        report.error(path, f"unknown timezone {zone!r} (use an IANA name such as 'Europe/Rome')")
        return "UTC"
    return str(zone)


def _per_language(
    data: dict[str, Any],
    key: str,
    lang: str,
    path: Path,
    report: Report,
    *,
    required: str | None = None,
) -> dict[str, str]:
    """`[title]` or `[description]`: a table of language = text, or one text for `lang`.

    With `required` (the fallback title), the default language must have a text."""
    value = data.get(key, {})
    if isinstance(value, str):
        value = {lang: value}
    if required is not None and (not isinstance(value, dict) or not value.get(lang)):
        report.error(path, f"[{key}] needs at least a {key} in {lang!r}")
        return {lang: required}
    if not isinstance(value, dict):
        report.error(path, f"[{key}] must be a table of language = text")
        return {}
    return {k: str(v) for k, v in value.items()}


def _tiles(data: dict[str, Any], path: Path, report: Report) -> Tiles:
    raw = data.get("tiles")
    if raw is None:
        return Tiles()
    if not isinstance(raw, dict) or not raw.get("url"):
        report.error(path, "[tiles] needs url (and attribution)")
    elif not raw.get("attribution"):
        report.error(path, "[tiles] needs an attribution: tile providers require one")
    else:
        return Tiles(
            url=str(raw["url"]),
            attribution=str(raw["attribution"]),
            name=str(raw.get("name", "tiles")),
            max_zoom=int(raw.get("max_zoom", 19)),
        )
    return Tiles()


def _clock_offsets(data: dict[str, Any], path: Path, report: Report) -> dict[str, dt.timedelta]:
    """`[cameras."MODEL"] clock_offset = "..."`, by camera model."""
    from journal.core.offsets import parse_clock_offset

    offsets: dict[str, dt.timedelta] = {}
    cameras = data.get("cameras", {})
    for model, table in cameras.items() if isinstance(cameras, dict) else ():
        text = table.get("clock_offset") if isinstance(table, dict) else None
        if text is None:
            continue
        try:
            offsets[model] = parse_clock_offset(str(text))
        except ValueError as exc:
            report.error(path, f'[cameras."{model}"] clock_offset: {exc}')
    return offsets


def _photo_overrides(data: dict[str, Any], path: Path, report: Report) -> dict[str, PhotoOverride]:
    """`[photos."NAME"]` with lat and lon, or a place: positions given by hand."""
    overrides: dict[str, PhotoOverride] = {}
    photos = data.get("photos", {})
    for name, table in photos.items() if isinstance(photos, dict) else ():
        if not isinstance(table, dict):
            continue
        place = table.get("place")
        try:
            lat = float(table["lat"]) if "lat" in table else None
            lon = float(table["lon"]) if "lon" in table else None
        except (TypeError, ValueError):
            report.error(path, f'[photos."{name}"] lat and lon must be numbers')
            continue
        if lat is None or lon is None:
            if lat is not None or lon is not None or not place:
                report.error(path, f'[photos."{name}"] needs lat and lon, or place')
                continue
        elif not (-90 <= lat <= 90 and -180 <= lon <= 180):
            report.error(path, f'[photos."{name}"] position is out of range')
            continue
        overrides[name] = PhotoOverride(lat, lon, str(place) if place else None)
    return overrides


def _dates(data: dict[str, Any], path: Path, report: Report) -> tuple[dt.date, dt.date] | None:
    """`dates = ["YYYY-MM-DD", "YYYY-MM-DD"]`: the trip's first and last day, fixed by hand."""
    raw = data.get("dates")
    if raw is None:
        return None
    try:
        first, last = (d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)) for d in raw)
    except (TypeError, ValueError):
        first = last = None
    if first is None or last is None or first > last:
        report.error(path, 'dates must be ["YYYY-MM-DD", "YYYY-MM-DD"], first day then last',
                     code="config.dates")  # fmt: skip
        return None
    return first, last


def _mode(raw: Any, key: str, path: Path, report: Report) -> str | None:
    """A means of travel trip.toml names: one of MODE_SPEEDS_KMH."""
    if isinstance(raw, str) and raw in MODE_SPEEDS_KMH:
        return raw
    report.error(path, f"{key} must be one of {', '.join(MODE_SPEEDS_KMH)}", code="config.mode")
    return None


def _legs(data: dict[str, Any], path: Path, report: Report) -> tuple[LegMode, ...]:
    """`[[legs]]` with `from`, `to` (ISO 8601 times; without an offset in the trip's zone)
    and `mode`: how the trip went between two instants, e.g. a ferry."""
    raw = data.get("legs", [])
    if not isinstance(raw, list):
        report.error(path, "legs must be a list of tables ([[legs]])", code="config.legs")
        return ()
    zone = zoneinfo.ZoneInfo(_timezone(data, path, Report()))
    legs = []
    for number, table in enumerate(raw, 1):
        where = f"[[legs]] #{number}"
        try:
            start, end = (_instant(table[k], zone) for k in ("from", "to"))
        except (KeyError, TypeError, ValueError):
            report.error(path, f"{where} needs from and to as times such as "
                         '"2015-06-27T11:20"', code="config.legs")  # fmt: skip
            continue
        mode = _mode(table.get("mode"), f"{where} mode", path, report)
        if mode is not None:
            legs.append(LegMode(min(start, end), max(start, end), mode))
    return tuple(legs)


def _instant(value: Any, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """A TOML datetime or ISO text as an aware instant; naive ones in the trip's zone."""
    when = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return when if when.tzinfo else when.replace(tzinfo=zone)


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, and DEL must be escaped too."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def zones_toml(zones: Iterable[PrivacyZone]) -> str:
    """`[[privacy_zones]]` tables as a person writes them, ready to append to a trip.toml."""
    tables = []
    for zone in zones:
        lines = ["[[privacy_zones]]"]
        if zone.name:
            lines.append(f"name = {toml_string(zone.name)}")
        lines += [f"lat = {zone.lat:.5f}", f"lon = {zone.lon:.5f}", f"radius_m = {zone.radius_m:g}"]
        tables.append("\n".join(lines) + "\n")
    return "\n".join(tables)


def photo_position_toml(name: str, where: GeoPoint) -> str:
    """A `[photos."NAME"]` table giving a photo its position by hand."""
    return f"[photos.{toml_string(name)}]\nlat = {where.lat:.6f}\nlon = {where.lon:.6f}\n"


def create_trip(
    root: Path,
    slug: str,
    title: str | None,
    lang: str,
    *,
    zone: str | None = None,
    zones: Iterable[PrivacyZone] = (),
) -> Path:
    """A new trip folder with a minimal trip.toml; never touches an existing one.

    `zone` is the trip's time zone (default: this machine's); `zones` become its first
    `[[privacy_zones]]`."""
    check_slug(slug)
    folder = root / "trips" / slug
    (folder / "entries").mkdir(parents=True, exist_ok=True)
    other = "en" if lang == "it" else "it"
    text = (
        f'default_lang = "{lang}"\n'
        f'languages = ["{lang}", "{other}"]\n'
        f"timezone = {toml_string(zone or _local_zone_name())}\n\n"
        f"[title]\n{lang} = {toml_string(title or slug)}\n"
    )
    tables = zones_toml(zones)
    try:
        with (folder / "trip.toml").open("x", encoding="utf-8") as fh:
            fh.write(text + (f"\n{tables}" if tables else ""))
    except FileExistsError:
        pass
    return folder


def _local_zone_name() -> str:
    """The IANA name of this machine's zone when it can be told, else UTC."""
    tz = os.environ.get("TZ")
    if tz and "/" in tz:
        return tz.lstrip(":")
    try:
        link = str(Path("/etc/localtime").readlink())
        if "zoneinfo/" in link:
            return link.split("zoneinfo/", 1)[1]
    except OSError:
        pass
    return "UTC"
