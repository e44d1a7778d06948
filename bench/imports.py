"""`journal import` of a 10 MB export of every kind: the whole command, cold, median of N.

    python bench/imports.py [--mb 10] [--runs 3]

Each export is written here from the formats the apps document, at about `--mb` megabytes:
Google's Records.json (raw fixes), an iPhone's location-history.json (paths and visits
without names, so the gazetteer names them), an Android Timeline.json, a Polarsteps trip
(the tracker's points, steps with text), a Day One journal (entries of a few lines, each
told Italian or English), a Strava export (activities.csv and GPX files) and a folder of
GPX files. Each run imports into a fresh journal root; the gazetteer is packed beforehand,
once for the machine, as `journal init` does. The target: every import under 5 s.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import shutil
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import compile_journal, journal_command, machine, run  # noqa: E402

BASE = Path(os.environ.get("JOURNAL_BENCH_DIR", "/tmp/journal-bench")) / "imports"
START = dt.datetime(2019, 6, 1, 6, 0, tzinfo=dt.UTC)
NOTES = [
    "Partenza all'alba, strada libera fino al passo.",
    "Rain all day, a long stop for coffee in the square.",
    "Pranzo a Bard, il forte era chiuso.",
    "Crossed the border at noon, fuel and on.",
]


def ride(count: int, step_s: int = 5) -> list[tuple[float, float, dt.datetime]]:
    """`count` fixes of a ride winding east from Turin, one every `step_s` seconds."""
    return [
        (
            45.07 + 0.2 * math.sin(i / 900),
            7.68 + i * 0.00012,
            START + dt.timedelta(seconds=i * step_s),
        )
        for i in range(count)
    ]


def iso(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def records(folder: Path, size: int) -> Path:
    per = len(json.dumps({"latitudeE7": 450700000, "longitudeE7": 76800000, "accuracy": 12,
                          "altitude": 240, "timestamp": iso(START)})) + 6  # fmt: skip
    points = [
        {"latitudeE7": round(lat * 1e7), "longitudeE7": round(lon * 1e7), "accuracy": 12,
         "altitude": 240, "timestamp": iso(t)}
        for lat, lon, t in ride(size // per)
    ]  # fmt: skip
    path = folder / "Records.json"
    path.write_text(json.dumps({"locations": points}, indent=2), encoding="utf-8")
    return path


def ios(folder: Path, size: int) -> Path:
    segments, fixes = [], ride(size // 95, 60)
    for day in range(0, len(fixes), 200):
        chunk = fixes[day : day + 200]
        segments.append({
            "startTime": chunk[0][2].isoformat(), "endTime": chunk[-1][2].isoformat(),
            "timelinePath": [{"point": f"geo:{lat:.6f},{lon:.6f}",
                              "durationMinutesOffsetFromStartTime": str(i)}
                             for i, (lat, lon, _) in enumerate(chunk)]})  # fmt: skip
        lat, lon, end = chunk[-1]
        visit = {"topCandidate": {"semanticType": "Unknown", "placeLocation": f"geo:{lat},{lon}"}}
        segments.append({"startTime": end.isoformat(), "endTime": end.isoformat(), "visit": visit})
    path = folder / "location-history.json"
    path.write_text(json.dumps(segments, indent=2), encoding="utf-8")
    return path


def android(folder: Path, size: int) -> Path:
    signals = [
        {"position": {"LatLng": f"{lat:.7f}°, {lon:.7f}°", "accuracyMeters": 10,
                      "altitudeMeters": 240.0, "source": "GPS", "timestamp": t.isoformat()}}
        for lat, lon, t in ride(size // 190)
    ]  # fmt: skip
    path = folder / "Timeline.json"
    path.write_text(json.dumps({"semanticSegments": [], "rawSignals": signals}, indent=2), "utf-8")
    return path


def polarsteps(folder: Path, size: int) -> Path:
    trip = folder / "trip" / "giro_1"
    trip.mkdir(parents=True)
    points = [{"lat": lat, "lon": lon, "time": t.timestamp()} for lat, lon, t in ride(size // 60)]
    (trip / "locations.json").write_text(json.dumps({"locations": points}), encoding="utf-8")
    steps = [
        {"id": n, "name": f"Tappa {n}", "description": NOTES[n % 4] * 3,
         "timezone_id": "Europe/Rome",
         "start_time": (START + dt.timedelta(hours=6 * n)).timestamp(),
         "location": {"lat": 45.07, "lon": 7.68 + n * 0.05, "name": f"Luogo {n}"}}
        for n in range(1, 61)
    ]  # fmt: skip
    (trip / "trip.json").write_text(json.dumps({"name": "Giro", "all_steps": steps}), "utf-8")
    return folder


def dayone(folder: Path, size: int) -> Path:
    entries = [
        {"uuid": f"{n:032X}", "creationDate": iso(START + dt.timedelta(hours=n)),
         "timeZone": "Europe/Rome", "text": f"# Giorno {n}\n\n" + " ".join(NOTES) * 2,
         "location": {"latitude": 45.07, "longitude": 7.68 + n * 0.001, "localityName": "Torino"}}
        for n in range(size // 700)
    ]  # fmt: skip
    (folder / "Journal.json").write_text(json.dumps({"entries": entries}, indent=2), "utf-8")
    return folder


def _gpx(points: list[tuple[float, float, dt.datetime]]) -> str:
    body = "".join(
        f'<trkpt lat="{lat:.6f}" lon="{lon:.6f}"><ele>240</ele><time>{iso(t)}</time></trkpt>\n'
        for lat, lon, t in points
    )
    return (
        '<?xml version="1.0"?>\n<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><trkseg>\n{body}</trkseg></trk></gpx>\n"
    )


def gpx(folder: Path, size: int) -> Path:
    fixes = ride(size // 95)
    for n in range(0, len(fixes), 2000):
        (folder / f"ride-{n // 2000:03d}.gpx").write_text(_gpx(fixes[n : n + 2000]), "utf-8")
    return folder


def strava(folder: Path, size: int) -> Path:
    (folder / "activities").mkdir()
    fixes = ride(size // 95)
    rows = [["Activity ID", "Activity Date", "Activity Name", "Activity Type",
             "Activity Description", "Filename", "Media"]]  # fmt: skip
    for n in range(0, len(fixes), 2000):
        ident = 1000 + n // 2000
        (folder / "activities" / f"{ident}.gpx").write_text(_gpx(fixes[n : n + 2000]), "utf-8")
        when = fixes[n][2].strftime("%b %d, %Y, %I:%M:%S %p")
        rows.append([str(ident), when, f"Ride {ident}", "Ride", NOTES[n % 4],
                     f"activities/{ident}.gpx", ""])  # fmt: skip
    with (folder / "activities.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return folder


EXPORTS: dict[str, tuple[str, Callable[[Path, int], Path]]] = {
    "Google Records.json": ("google-timeline", records),
    "iPhone location-history.json": ("google-timeline", ios),
    "Android Timeline.json": ("google-timeline", android),
    "Polarsteps": ("polarsteps", polarsteps),
    "Day One": ("dayone", dayone),
    "Strava": ("strava", strava),
    "GPX folder": ("gpx", gpx),
}


def size_of(path: Path) -> int:
    return (
        path.stat().st_size
        if path.is_file()
        else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    )


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--mb", type=float, default=10.0)
    options.add_argument("--runs", type=int, default=3)
    args = options.parse_args()
    compile_journal()
    print(machine(), f"load average {os.getloadavg()[0]:.1f}", flush=True)
    shutil.rmtree(BASE, ignore_errors=True)
    journal = journal_command()
    run([*journal, "init", str(BASE / "init")])  # the gazetteer, packed once for the machine
    rows = []
    for label, (source, make) in EXPORTS.items():
        folder = BASE / "exports" / label.replace(" ", "-")
        folder.mkdir(parents=True)
        export = make(folder, int(args.mb * 2**20))
        times, peaks = [], []
        for n in range(args.runs):
            root = BASE / f"root-{label.replace(' ', '-')}-{n}"
            (root / "trips").mkdir(parents=True)
            done = run([*journal, "--root", str(root), "import", source, str(export), "trip"])
            times.append(done.seconds)
            peaks.append(done.peak_rss_mb)
        rows.append((label, size_of(export) / 2**20, statistics.median(times), max(peaks)))
        print(f"  {label}: {', '.join(f'{t:.2f}' for t in times)} s", flush=True)
    print(f"\n{'export':<30} {'MB':>6} {'import (s)':>11} {'peak MB':>8}")
    for label, mb, seconds, peak in rows:
        print(f"{label:<30} {mb:6.1f} {seconds:11.2f} {peak:8.0f}")
    print(f"load average {os.getloadavg()[0]:.1f} after")


if __name__ == "__main__":
    main()
