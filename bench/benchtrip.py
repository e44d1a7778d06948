"""A journal root holding one benchmark trip over photos from make_photos.py.

The photos are hard-linked (same inode, size and mtime, no copy of gigabytes) into
`trips/<slug>/photos/`; the trip gets one entry per day in Italian and English and a GPX
track along the same ride, so a render does the whole job: pages, route, map, exports.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import shutil
from pathlib import Path

from make_photos import PER_DAY, START, ride_at

TRIP_TOML = """\
default_lang = "it"
timezone = "Europe/Rome"

[title]
it = "Londra – Roma in moto"
en = "London to Rome by motorbike"
"""

ENTRY = """\
---
title: "{title}"
time: "21:30"
---
{body}
"""

BODY = (
    "Partenza presto, caffè al distributore, poi statale fino al passo. "
    "Il motore gira rotondo e la pioggia ci ha risparmiati.\n\n"
)


def wiggle(lat: float, lon: float, fraction: float) -> tuple[float, float]:
    """Bends of a road at three scales (0.7, 3 and 23 km), up to a few hundred metres off
    the straight line: a straight line would simplify to two points and flatter the map."""
    km = fraction * 1800
    dlat = 0.0008 * math.sin(km / 0.7 * math.tau + 1) + 0.002 * math.sin(km / 3 * math.tau)
    dlon = 0.0011 * math.cos(km / 0.7 * math.tau) + 0.003 * math.sin(km / 23 * math.tau + 2)
    return lat + dlat, lon + dlon


def write_gpx(path: Path, points: int, days: int) -> None:
    """A track of `points` points along the ride, one segment a day from 08:00 to 20:00,
    timed as the photos are (`ride_at`), so both tell the same ride."""
    per_day = max(1, points // days)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gpx version="1.1" creator="bench" xmlns="http://www.topografix.com/GPX/1/1">',
        "<trk><name>ride</name>",
    ]
    for day in range(days):
        lines.append("<trkseg>")
        for k in range(per_day):
            fraction = (day + k / per_day) / days
            lat, lon, when = ride_at(fraction, days)
            lat, lon = wiggle(lat, lon, fraction)
            stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
            lines.append(f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><time>{stamp}</time></trkpt>')
        lines.append("</trkseg>")
    lines += ["</trk>", "</gpx>", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def make_trip(
    root: Path,
    slug: str,
    photos: Path,
    *,
    track_points: int = 20_000,
    limit: int | None = None,
    days: int | None = None,
) -> Path:
    """(Re)create `root/trips/<slug>` over the (first `limit`) photos in `photos`, with entries
    for `days` days (default: as many as the photos span); returns the trip folder."""
    trip = root / "trips" / slug
    if trip.exists():
        shutil.rmtree(trip)
    (trip / "photos").mkdir(parents=True)
    names = sorted(p.name for p in photos.glob("*.jpg"))[:limit]
    for name in names:
        os.link(photos / name, trip / "photos" / name)
    (trip / "trip.toml").write_text(TRIP_TOML, encoding="utf-8")
    days = days or max(1, -(-len(names) // PER_DAY))
    for day in range(days):
        date = START + dt.timedelta(days=day)
        for lang, title in (("it", f"Giorno {day + 1}"), ("en", f"Day {day + 1}")):
            text = ENTRY.format(title=title, body=BODY * 6)
            path = trip / "entries" / f"{date.isoformat()}-giorno-{day + 1}.{lang}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if track_points:
        write_gpx(trip / "tracks" / "ride.gpx", track_points, days)
    return trip


def edit_one_entry(trip: Path, stamp: int) -> Path:
    """Append a line to the first entry, as a rider fixing a typo would."""
    entry = sorted((trip / "entries").glob("*.it.md"))[0]
    with entry.open("a", encoding="utf-8") as fh:
        fh.write(f"\nAggiunta {stamp}.\n")
    return entry
