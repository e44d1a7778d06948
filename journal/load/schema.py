"""The shape of `trip.toml` and `journal.toml`: one class per table, checked by pydantic.

pydantic (v2) because it reports every mistake of a file in one pass, each with the path of
the key it is about (msgspec stops at the first; cattrs needs a layer of our own to say
where), it refuses unknown keys per table (`extra="forbid"`), and strict mode keeps TOML's
types: `radius_m = "500"` is a mistake to point at, not a number to guess. It is well kept
and its compiled core makes validation cheap. Only `config.py` imports this module, and only
when a whole file is validated: `journal new` reads the default language without it.

A new key is a new field on its table's class; a new table is a new class (as the `[tiles]`
and `[[privacy_zones]]` ones are) and a field naming it. `problems` turns pydantic's errors
into coded `Problem`s naming the file, the line, the key and, for an unknown key, the
closest known one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import typing
import zoneinfo
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic import ValidationError as _PydanticError
from pydantic_core import PydanticCustomError

from journal.core.models import DEFAULT_MODE, JOURNAL_FRONT_MATTER, MODE_SPEEDS_KMH, Problem
from journal.core.offsets import parse_clock_offset
from journal.load.tomllines import key_lines, line_of

M = TypeVar("M", bound=BaseModel)

#: The key of a `[title]` written as one text (`title = "..."`): the trip's default language.
ONE_TEXT = "*"

#: What each kind of pydantic type error expected, in the words of a TOML file.
EXPECTED = {
    "float_type": "a number",
    "int_type": "a whole number",
    "string_type": "text in quotes",
    "bool_type": "true or false",
    "list_type": "a list [...]",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
}


def _one_text(value: Any) -> Any:
    """`title = "Alpi"` is the title in the default language: a table of one."""
    return {ONE_TEXT: value} if isinstance(value, str) else value


LangCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}$")]
PerLanguage = Annotated[dict[str, str], BeforeValidator(_one_text)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


def _invalid(reason: str) -> PydanticCustomError:
    """A value of the right type that is still wrong; the text is passed as it is, braces and
    all (pydantic formats a message template with its context)."""
    return PydanticCustomError("config.value", "{reason}", {"reason": reason})


class Table(BaseModel):
    """Every table: unknown keys are errors, TOML types are kept (no "500" -> 500)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ZoneTable(Table):
    """`[[privacy_zones]]`: a circle nothing inside is published."""

    lat: Latitude
    lon: Longitude
    radius_m: Annotated[float, Field(gt=0)]
    name: str = ""


class TilesTable(Table):
    """`[tiles]`: a tile provider for the live map."""

    url: Annotated[str, Field(min_length=1)]
    attribution: Annotated[str, Field(min_length=1)]
    name: str = "tiles"
    max_zoom: Annotated[int, Field(ge=0, le=24)] = 19


class CameraTable(Table):
    """`[cameras."MODEL"]`: a camera whose clock was wrong."""

    clock_offset: str

    @field_validator("clock_offset")
    @classmethod
    def _offset(cls, text: str) -> str:
        try:
            parse_clock_offset(text)
        except ValueError as exc:
            raise _invalid(str(exc)) from None
        return text


class PhotoTable(Table):
    """`[photos."NAME"]`: a position given by hand."""

    lat: Latitude | None = None
    lon: Longitude | None = None
    place: str | None = None

    @model_validator(mode="after")
    def _position(self) -> PhotoTable:
        if (self.lat is None) != (self.lon is None) or (self.lat is None and not self.place):
            raise _invalid("needs lat and lon, or place")
        return self


def _day(value: Any) -> Any:
    """A day written as TOML's date (2015-06-27) or as text ("2015-06-27")."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise _invalid(f"{value!r} is not a date such as 2015-06-27") from None
    return value


def _instant(value: Any) -> Any:
    """A time written as TOML's datetime or as ISO 8601 text ("2015-06-27T11:20")."""
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            raise _invalid(f"{value!r} is not a time such as 2015-06-27T11:20") from None
    return value


Day = Annotated[dt.date, BeforeValidator(_day)]
Instant = Annotated[dt.datetime, BeforeValidator(_instant)]
Mode = Literal[tuple(MODE_SPEEDS_KMH)]  # type: ignore[valid-type]


class LegTable(Table):
    """`[[legs]]`: how the trip went between two instants (a ferry, a train)."""

    start: Instant = Field(alias="from")
    end: Instant = Field(alias="to")
    mode: Mode


def _extra_key(key: str) -> str:
    """A `[front_matter]` key: any but those journal writes from the trip itself."""
    if key in JOURNAL_FRONT_MATTER:
        raise _invalid(f"journal writes {key!r} itself; set {JOURNAL_FRONT_MATTER[key]}")
    return key


#: `[front_matter]`: keys added to a trip's post and pages in a blog, values as TOML has them.
FrontMatter = dict[Annotated[str, AfterValidator(_extra_key)], Any]


class TripFile(Table):
    """`trip.toml`."""

    default_lang: LangCode | None = None
    languages: Annotated[list[LangCode], Field(min_length=1)] | None = None
    timezone: str = "UTC"
    title: PerLanguage = {}
    description: PerLanguage = {}
    privacy_zones: list[ZoneTable] = []
    private: list[str] = []
    geotag_max_gap_minutes: Annotated[float, Field(ge=0)] = 5.0
    cameras: dict[str, CameraTable] = {}
    photos: dict[str, PhotoTable] = {}
    tiles: TilesTable | None = None
    dates: Annotated[list[Day], Field(min_length=2, max_length=2)] | None = None
    mode: Mode = DEFAULT_MODE
    legs: list[LegTable] = []
    front_matter: FrontMatter = {}
    draft: bool = False
    video_height: Annotated[int, Field(ge=144, le=2160)] = 720

    @field_validator("dates")
    @classmethod
    def _span(cls, dates: list[dt.date] | None) -> list[dt.date] | None:
        if dates and dates[0] > dates[1]:
            raise _invalid("the first day comes after the last")
        return dates

    @field_validator("timezone")
    @classmethod
    def _zone(cls, zone: str) -> str:
        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise _invalid(
                f"unknown zone {zone!r} (use an IANA name such as 'Europe/Rome')"
            ) from None
        return zone


def _permalink(url: str) -> str:
    """A blog address of the home: a path from the blog's root, as Jekyll's permalinks are."""
    if not url.startswith("/") or ".." in url.split("/"):
        raise _invalid(f"{url!r} is not a path from the blog's root, such as '/viaggi/'")
    return url


class HomeTable(Table):
    """`[home]`: the journal's home (`render --all`), in the site and in the blog."""

    title: PerLanguage = {}
    permalink: dict[LangCode, Annotated[str, AfterValidator(_permalink)]] = {}
    layout: Annotated[str, Field(min_length=1)] = "page"


class JournalFile(Table):
    """`journal.toml` at the root: settings shared by every trip."""

    blog: str | None = None
    layout: Annotated[str, Field(min_length=1)] = "post"
    title_in_body: bool = False
    theme: str | None = None
    privacy_zones: list[ZoneTable] = []
    front_matter: FrontMatter = {}
    default_lang: LangCode | None = None
    languages: Annotated[list[LangCode], Field(min_length=1)] | None = None
    home: HomeTable | None = None


def validate(
    model: type[M], data: dict[str, Any], path: Path, text: str
) -> tuple[M | None, list[Problem]]:
    """The file's values as `model`, or None with a problem for every mistake in it."""
    try:
        return model.model_validate(data), []
    except _PydanticError as exc:
        lines = key_lines(text)
        return None, [_problem(model, error, path, lines) for error in exc.errors()]


def _problem(model: type[BaseModel], error: Any, path: Path, lines: dict) -> Problem:
    loc = tuple(error["loc"])
    if loc and loc[-1] == "[key]":  # a key of a table refused by its own check
        loc = loc[:-1]
    line = line_of(lines, loc)
    where = _dotted(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        known = _known_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(known)}"
        return Problem(path, f"unknown key {where!r}{hint}", line, code="config.unknown-key")
    if kind == "missing":
        return Problem(path, f"{where}: missing", line, code="config.missing")
    if kind.startswith("config."):  # our own checks (validators below) name their code
        return Problem(path, f"{where}: {error['msg']}", line, code=kind)
    if kind in EXPECTED:
        got = type(error["input"]).__name__
        message = f"{where}: expected {EXPECTED[kind]}, not {_toml_type(got)}"
        return Problem(path, message, line, code="config.type")
    return Problem(path, f"{where}: {error['msg']}", line, code="config.value")


def _toml_type(python: str) -> str:
    return {"str": "text", "int": "a whole number", "float": "a number", "bool": "true/false",
            "list": "a list", "dict": "a table"}.get(python, python)  # fmt: skip


def _dotted(loc: tuple[str | int, ...]) -> str:
    """`privacy_zones[1].radius_m`, `cameras."NIKON D3100".clock_offset`: as written."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        elif part.replace("_", "").isalnum():
            out += f".{part}" if out else part
        else:
            out += f'."{part}"' if out else f'"{part}"'
    return out


def _known_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys the table at `loc` may hold (to suggest the one a typo meant)."""
    current: Any = model
    in_container = False  # the next part is an index of a list or a key of a dict
    for part in loc:
        if in_container:
            in_container = False
            continue
        field = current.model_fields.get(str(part)) if _is_table(current) else None
        if field is None:
            return []
        in_container = typing.get_origin(field.annotation) in (list, dict)
        current = _inner(field.annotation)
    if not _is_table(current):
        return []
    return sorted(field.alias or name for name, field in current.model_fields.items())


def _is_table(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _inner(annotation: Any) -> Any:
    """The table class inside `list[T]`, `dict[str, T]` or `T | None`."""
    for arg in typing.get_args(annotation):
        if _is_table(arg):
            return arg
        inner = _inner(arg)
        if inner is not None:
            return inner
    return annotation if _is_table(annotation) else None
