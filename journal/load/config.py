"""Reading `trip.toml` and the root's `journal.toml` into validated values.

Every mistake in a file is collected into the `Report` with the line and key that hold it,
so a user fixes the whole file in one pass: first the shape of each table (`schema.py`:
unknown keys, wrong types), then what the shape cannot say (a default language the trip
does not have, an unknown time zone). `journal new` reads a trip's languages and zone
with `read_toml` alone (the standard library); the schema is imported only to validate.
`journal new` and `journal import` write a new trip's first trip.toml through here too.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import tomllib
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from journal.core.errors import Report
from journal.core.home import HOME_LANGUAGES, HomeSettings
from journal.core.models import (
    DEFAULT_LANGUAGES,
    GeoPoint,
    JournalSettings,
    LegMode,
    PhotoOverride,
    PrivacyZone,
    Tiles,
    TripConfig,
)
from journal.load.root import check_slug


def read_toml(path: Path, report: Report) -> dict[str, Any] | None:
    """The parsed file, or None with an error naming the file and line."""
    read = _read_toml(path, report)
    return read[0] if read is not None else None


def _read_toml(path: Path, report: Report) -> tuple[dict[str, Any], str] | None:
    """The parsed file and its text (for the lines of keys), or None with an error."""
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        return tomllib.loads(text), text
    except FileNotFoundError:
        report.error(path, "missing file", code="config.missing-file")
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        report.error(path, message, code="config.encoding")
    except tomllib.TOMLDecodeError as exc:
        line = _toml_line(str(exc)) or (text.count("\n") or 1)
        report.error(path, f"invalid TOML: {exc}", line, code="config.syntax")
    except OSError as exc:
        report.error(path, f"cannot read: {exc.strerror}", code="config.unreadable")
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


@dataclass(frozen=True)
class _File:
    """One config file being checked: where errors go, and the line of each key."""

    path: Path
    text: str
    report: Report

    @cached_property
    def lines(self) -> dict[tuple[str | int, ...], int]:
        from journal.load.tomllines import key_lines

        return key_lines(self.text)

    def error(self, where: tuple[str | int, ...], message: str, code: str) -> None:
        from journal.load.tomllines import line_of

        self.report.error(self.path, message, line_of(self.lines, where), code=code)


def _validated(path: Path, model_name: str, report: Report) -> Any | None:
    """The file checked against its schema class, then `_cross_check`ed on its raw values
    (so that both kinds of mistake are reported in one pass); None when it cannot be used."""
    read = _read_toml(path, report)
    if read is None:
        return None
    data, text = read
    from journal.load import schema

    table, problems = schema.validate(getattr(schema, model_name), data, path, text)
    report.extend(problems)
    file = _File(path, text, report)
    errors_before = len(report.errors)
    if model_name == "TripFile":
        _cross_check(data, file)
    if table is None or len(report.errors) > errors_before:
        return None
    return table


def _zones(tables: Iterable[Any]) -> tuple[PrivacyZone, ...]:
    return tuple(PrivacyZone(z.lat, z.lon, z.radius_m, z.name) for z in tables)


def load_settings(root: Path, report: Report) -> JournalSettings:
    """The root's `journal.toml`; an absent file means defaults."""
    path = root / "journal.toml"
    if not path.is_file():
        return JournalSettings()
    table = _validated(path, "JournalFile", report)
    if table is None:
        return JournalSettings()
    return JournalSettings(
        blog=(root / Path(table.blog).expanduser()) if table.blog else None,
        privacy_zones=_zones(table.privacy_zones),
        layout=table.layout,
        theme=table.theme,
        extra=table.model_dump(),
        title_in_body=table.title_in_body,
        front_matter=dict(table.front_matter),
        home=_home(table),
    )


def _home(table: Any) -> HomeSettings:
    """journal.toml's languages and `[home]`: the home's pages and their blog addresses."""
    lang, ordered = _languages(table.default_lang, table.languages or HOME_LANGUAGES)
    home = table.home
    if home is None:
        return HomeSettings(lang, ordered)
    titles = _per_language(home.title, lang)
    return HomeSettings(lang, ordered, titles, dict(home.permalink), home.layout)


def load_config(trip_dir: Path, report: Report) -> TripConfig | None:
    """trip.toml, validated; None (with errors in `report`) when it cannot be used."""
    table = _validated(trip_dir / "trip.toml", "TripFile", report)
    if table is None:
        return None
    lang, ordered = _languages(table.default_lang, table.languages)
    return TripConfig(
        default_lang=lang,
        languages=ordered,
        timezone=table.timezone,
        titles=_per_language(table.title, lang) or {lang: trip_dir.name},
        privacy_zones=_zones(table.privacy_zones),
        private=tuple(table.private),
        tiles=_tiles(table.tiles),
        clock_offsets=_clock_offsets(table.cameras),
        photo_overrides={
            name: PhotoOverride(photo.lat, photo.lon, photo.place or None)
            for name, photo in table.photos.items()
        },
        geotag_max_gap=dt.timedelta(minutes=table.geotag_max_gap_minutes),
        description=_per_language(table.description, lang),
        dates=(table.dates[0], table.dates[1]) if table.dates else None,
        mode=table.mode,
        legs=_legs(table.legs, table.timezone),
        front_matter=dict(table.front_matter),
        draft=table.draft,
        video_height=table.video_height,
    )


def _languages(default: Any, languages: Any) -> tuple[str, tuple[str, ...]]:
    """The default language and every language, default first (from checked values)."""
    listed = list(languages or DEFAULT_LANGUAGES)
    lang = default or listed[0]
    return lang, (lang, *(x for x in listed if x != lang))


def _cross_check(data: dict[str, Any], file: _File) -> None:
    """What one key says about another, which a table's shape cannot: the default language
    is one of `languages`, `[title]` and `[description]` hold only those languages, and the
    default language has a title. Read from the raw values: a wrong type elsewhere in the
    file is reported by the schema at the same time."""
    raw = data.get("languages", list(DEFAULT_LANGUAGES))
    if not (isinstance(raw, list) and raw and all(isinstance(x, str) for x in raw)):
        return  # the schema says what is wrong with them
    default = data.get("default_lang", raw[0])
    if isinstance(default, str) and default not in raw:
        message = f"default_lang {default!r} is not one of languages ({', '.join(raw)})"
        file.error(("default_lang",), message, "config.value")
        return
    for key in ("title", "description"):
        texts = data.get(key)
        for other in sorted(texts.keys() - set(raw)) if isinstance(texts, dict) else ():
            close = difflib.get_close_matches(other, raw, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            message = f"unknown key '{key}.{other}': not one of languages{hint}"
            file.error((key, other), message, "config.unknown-key")
    title = data.get("title", {})
    if isinstance(title, dict):
        title = title.get(default, "")
    if isinstance(title, str) and not title.strip():
        file.error(("title",), f"[title] needs a title in {default!r}", "config.missing")


def _per_language(texts: dict[str, str], lang: str) -> dict[str, str]:
    """`[title]` or `[description]` by language; one text is the default language's."""
    from journal.load.schema import ONE_TEXT

    return {(lang if k == ONE_TEXT else k): v for k, v in texts.items()}


def _tiles(table: Any) -> Tiles:
    if table is None:
        return Tiles()
    return Tiles(url=table.url, attribution=table.attribution, name=table.name,
                 max_zoom=table.max_zoom)  # fmt: skip


def _clock_offsets(cameras: dict[str, Any]) -> dict[str, dt.timedelta]:
    """`[cameras."MODEL"] clock_offset = "..."`, by camera model (checked by the schema)."""
    from journal.core.offsets import parse_clock_offset

    return {model: parse_clock_offset(table.clock_offset) for model, table in cameras.items()}


def _legs(tables: Iterable[Any], zone_name: str) -> tuple[LegMode, ...]:
    """`[[legs]]` as instants: a time without an offset is read in the trip's zone."""
    zone = zoneinfo.ZoneInfo(zone_name)

    def instant(when: dt.datetime) -> dt.datetime:
        return when if when.tzinfo else when.replace(tzinfo=zone)

    legs = []
    for table in tables:
        start, end = sorted((instant(table.start), instant(table.end)))
        legs.append(LegMode(start, end, table.mode))
    return tuple(legs)


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, and DEL must be escaped too."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def zones_toml(zones: Iterable[PrivacyZone], notes: Sequence[str] = ()) -> str:
    """`[[privacy_zones]]` tables as a person writes them, ready to append to a trip.toml;
    `notes[i]`, where given, is a comment above the i-th (where an imported zone came from)."""
    tables = []
    for number, zone in enumerate(zones):
        note = notes[number] if number < len(notes) else ""
        lines = [f"# {' '.join(note.split())}"] if note else []
        lines.append("[[privacy_zones]]")
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
    notes: Sequence[str] = (),
) -> Path:
    """A new trip folder with a minimal trip.toml; never touches an existing one.

    `zone` is the trip's time zone (default: this machine's); `zones` become its first
    `[[privacy_zones]]`."""
    check_slug(slug)
    folder = root / "trips" / slug
    (folder / "entries").mkdir(parents=True, exist_ok=True)
    try:
        with (folder / "trip.toml").open("x", encoding="utf-8") as fh:
            fh.write(new_trip_toml(slug, title, lang, zone=zone, zones=zones, notes=notes))
    except FileExistsError:
        pass
    return folder


def new_trip_toml(
    slug: str,
    title: str | None,
    lang: str,
    *,
    zone: str | None = None,
    zones: Iterable[PrivacyZone] = (),
    notes: Sequence[str] = (),
) -> str:
    """The minimal trip.toml of a new trip (see `create_trip`)."""
    other = "en" if lang == "it" else "it"
    text = (
        f'default_lang = "{lang}"\n'
        f'languages = ["{lang}", "{other}"]\n'
        f"timezone = {toml_string(zone or local_zone_name())}\n\n"
        f"[title]\n{lang} = {toml_string(title or slug)}\n"
    )
    tables = zones_toml(zones, notes)
    return text + (f"\n{tables}" if tables else "")


def local_zone_name() -> str:
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
