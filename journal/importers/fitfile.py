"""FIT activity files (Garmin, Wahoo, COROS, the Strava app): the only fitdecode user.

A FIT `record` message holds the position in semicircles (2^31 to 180 degrees), the time in
UTC and the height in `enhanced_altitude` or `altitude`; a record without a position (before
the first fix, a treadmill) is counted, not drawn.

Real devices write faults: the COROS Pace 2 defines a field of one byte for a four-byte type,
the Strava Android app refers to a message it never defined. fitdecode reads past the first
kind when told to warn instead of raising, and stops at the second: everything read before a
fault is kept, and the reasons say how many fixes were recovered and where reading stopped.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from dataclasses import dataclass, field

from journal.core.models import TrackPoint

SEMICIRCLE_DEG = 180 / 2**31


@dataclass
class FitReading:
    """What one FIT file gave: its fixes in file order, and what went wrong."""

    points: list[TrackPoint] = field(default_factory=list)
    no_fix: int = 0  # records without a usable position
    reasons: list[str] = field(default_factory=list)


def read_fit(data: bytes) -> FitReading:
    """Every fix fitdecode can read, past the faults it can read past."""
    import fitdecode

    found = FitReading()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with fitdecode.FitReader(
                io.BytesIO(data),
                check_crc=fitdecode.CrcCheck.WARN,
                error_handling=fitdecode.ErrorHandling.WARN,
            ) as fit:
                for frame in fit:
                    if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                        _add(found, frame)
        except (fitdecode.FitError, ValueError, EOFError) as exc:
            _stopped(found, exc, len(data))
    faults = [str(w.message) for w in caught if "fitdecode" in (w.filename or "")]
    if faults and found.points:
        found.reasons.append(
            f"{_faults(len(faults))} read past ({faults[0].strip()}); "
            f"{len(found.points):,} fixes read"
        )
    return found


def _stopped(found: FitReading, exc: Exception, size: int) -> None:
    """The reason for a file read up to a fault: how far, and how much it gave."""
    if not found.points:
        found.reasons.append(f"not a FIT file: {exc}")
        return
    at = getattr(exc, "offset", None)
    where = f"at byte {at:,} of {size:,}" if isinstance(at, int) else "before its end"
    found.reasons.append(
        f"read up to a fault {where} ({_cause(exc)}): {len(found.points):,} fixes recovered"
    )


def _cause(exc: Exception) -> str:
    """fitdecode's words without its `FIT parsing error @ N:` prefix."""
    text = str(exc)
    return text.split(": ", 1)[1] if text.startswith("FIT parsing error") else text


def _faults(count: int) -> str:
    return "1 fault" if count == 1 else f"{count} faults"


def _add(found: FitReading, frame: object) -> None:
    def value(name: str) -> object:
        return frame.get_value(name, fallback=None)  # type: ignore[attr-defined]

    lat, lon, time = value("position_lat"), value("position_long"), value("timestamp")
    if not isinstance(time, dt.datetime):
        return  # a record without a time is no fix of a moment: fitdecode's own fill
    if not isinstance(lat, int) or not isinstance(lon, int):
        found.no_fix += 1
        return
    lat_deg, lon_deg = lat * SEMICIRCLE_DEG, lon * SEMICIRCLE_DEG
    if not (-90 <= lat_deg <= 90 and -180 <= lon_deg <= 180):
        found.no_fix += 1
        return
    alt = value("enhanced_altitude")
    alt = alt if isinstance(alt, int | float) else value("altitude")
    when = time if time.tzinfo else time.replace(tzinfo=dt.UTC)
    found.points.append(
        TrackPoint(
            round(lat_deg, 7),
            round(lon_deg, 7),
            float(alt) if isinstance(alt, int | float) else None,
            when.astimezone(dt.UTC),
        )
    )
