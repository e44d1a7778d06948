"""Values the exports spell in many ways, read one way: positions, instants, JSON files.

Google alone writes a position as E7 integers (`latitudeE7`), as `"45.1564°, 10.7914°"` and
as `"geo:45.1564,10.7914"`, and an instant as epoch milliseconds in a string (`timestampMs`)
or ISO 8601; Polarsteps uses epoch seconds. Each reader asks here, so a quirk is handled once.
A value that cannot be read is None: the reader counts it and says how many it left out.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zoneinfo
from typing import Any

from journal.core.errors import JournalError, Report, guarded
from journal.core.models import GeoPoint
from journal.importers.exportfiles import Member, TooLarge

_LATLNG = re.compile(r"^\s*(?:geo:)?\s*(-?\d+(?:\.\d+)?)\s*°?\s*,\s*(-?\d+(?:\.\d+)?)\s*°?\s*$")


def read_json(member: Member) -> Any:
    """The parsed file; JournalError naming the file (and line) when it is not JSON, or when
    the parser fails on it in any way (nested too deep, too large)."""
    data = member.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise JournalError(
            member.path, f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None

    def parse() -> Any:
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise JournalError(member.path, f"not valid JSON: {exc.msg}", exc.lineno) from None

    return guarded(member.path, parse)


#: What `reported_json` returns for a file that could not be read (None is valid JSON).
UNREADABLE = object()


def reported_json(member: Member, report: Report) -> Any:
    """The parsed file, or `UNREADABLE` with one error naming the file in `report`: for files
    the import can do without (the rest of the export still comes in). A member beyond the
    caps (`TooLarge`) still stops the import."""
    try:
        return read_json(member)
    except TooLarge:
        raise
    except JournalError as exc:
        report.error(exc.path or member.path, exc.message, exc.line, code="import.bad-file")
        return UNREADABLE


def valid(lat: float, lon: float) -> bool:
    """A position a map can show: in range, and not the 0, 0 a device writes for "no fix"."""
    return -90 <= lat <= 90 and -180 <= lon <= 180 and (lat, lon) != (0.0, 0.0)


def position(lat: Any, lon: Any) -> GeoPoint | None:
    """Decimal degrees as numbers (or numeric strings), or None."""
    try:
        point = GeoPoint(float(lat), float(lon))
    except (TypeError, ValueError):
        return None
    return point if valid(point.lat, point.lon) else None


def e7(lat: Any, lon: Any) -> GeoPoint | None:
    """Google's degrees times 10^7 as integers (`latitudeE7`), or None."""
    if not isinstance(lat, int) or not isinstance(lon, int):
        return None
    return position(lat / 1e7, lon / 1e7)


def latlng_text(value: Any) -> GeoPoint | None:
    """`"45.1564°, 10.7914°"` (Android), `"geo:45.1564,10.7914"` (iOS) or `{"latLng": ...}`."""
    if isinstance(value, dict):
        value = value.get("latLng", value.get("LatLng"))
    if not isinstance(value, str):
        return None
    match = _LATLNG.match(value)
    return position(match[1], match[2]) if match else None


def instant(value: Any) -> dt.datetime | None:
    """An instant (aware, UTC) from ISO 8601 with a zone (`Z` or an offset); naive text is
    refused, since no export here writes local times without saying so."""
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(dt.UTC) if parsed.tzinfo is not None else None


def epoch(value: Any, *, millis: bool = False) -> dt.datetime | None:
    """Seconds (or with `millis`, milliseconds) since 1970 as a number or numeric string."""
    try:
        seconds = float(value) / (1000 if millis else 1)
        return dt.datetime.fromtimestamp(seconds, dt.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def in_zone(moment: dt.datetime, zone: str | None) -> dt.datetime:
    """The instant as the wall clock showed it in an IANA zone (UTC when the zone is unknown),
    to the second: an entry's `time` says when, not to the microsecond."""
    try:
        tz: dt.tzinfo = zoneinfo.ZoneInfo(zone) if zone else dt.UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = dt.UTC
    return moment.astimezone(tz).replace(microsecond=0)


def text(value: Any) -> str:
    """A string field, stripped; anything else (None, numbers by mistake) is empty."""
    return value.strip() if isinstance(value, str) else ""
