"""`journal render --all` on a journal of many trips: cold against the photo floor, warm, one
entry edited, and how each grows with the number of trips.

The journal holds TRIPS trips of PER_TRIP photos each (make_photos.py's 12 MP JPEGs, the
same PER_TRIP files hard-linked into every trip: each trip decodes its own, 10,000 decodes
for 20 trips of 500, from the page cache as in render.py), one entry a day in two
languages and a 20,000-point track, as benchtrip.py makes them. The floor is floor.py's bare
libjpeg-turbo loop over the same TRIPS x PER_TRIP files. Cold: no site, no caches. Warm:
again, nothing changed. Edited: one line appended to one entry of the first trip, then
`render --all` (that trip and the home are rendered, the others replayed). With
`--growth 5 10 20`, warm and edited are measured for each number of trips (cold scales with
the photos: the floor says by how much).

    python bench/home.py [--trips 20] [--per-trip 500] [--runs 3] [--growth 5 10 20]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from benchtrip import edit_one_entry, make_trip
from make_photos import make_photos
from render import WORK, Figures
from timing import compile_journal, journal_command, machine, run


def make_journal(root: Path, photos: Path, trips: int) -> list[Path]:
    """`trips` trips over the same photos, each its own title."""
    shutil.rmtree(root, ignore_errors=True)
    made = []
    for i in range(trips):
        trip = make_trip(root, f"viaggio-{i:02d}", photos)
        toml = trip / "trip.toml"
        toml.write_text(toml.read_text().replace("Londra – Roma", f"Viaggio {i}"))
        made.append(trip)
    return made


def floor_folder(photos: Path, trips: int) -> Path:
    """The floor's input: every photo of every trip, as links to the same files."""
    folder = WORK / f"floor-in-{trips}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for i in range(trips):
        for photo in sorted(photos.glob("*.jpg")):
            os.link(photo, folder / f"t{i:02d}-{photo.name}")
    return folder


def measure(trips: int, photos: Path, runs: int, *, cold: bool) -> dict[str, Figures]:
    root = WORK / f"home-root-{trips}"
    made = make_journal(root, photos, trips)
    command = [*journal_command(), "--root", str(root), "render", "--all"]
    figures: dict[str, Figures] = {}
    rounds = [("cold", runs if cold else 1), ("warm", runs), ("edited", runs)]
    for what, times in rounds:
        for i in range(times):
            if what == "cold":
                shutil.rmtree(root / "site", ignore_errors=True)
                shutil.rmtree(root / ".journal" / "cache", ignore_errors=True)
            if what == "edited":
                edit_one_entry(made[0], i)
            figures.setdefault(what, Figures()).add(run(command))
        if what == "cold" and cold:
            floor = floor_folder(photos, trips)
            out = WORK / "floor-out-home"
            for _ in range(times):
                shutil.rmtree(out, ignore_errors=True)
                floor_cmd = [sys.executable, str(Path(__file__).with_name("floor.py"))]
                figures.setdefault("floor", Figures()).add(run([*floor_cmd, str(floor), str(out)]))
    home = root / "site"
    sizes = {name: (home / name).stat().st_size for name in ("index.html", "map.html")}
    index, lifetime = sizes["index.html"], sizes["map.html"]
    print(f"{trips} trips: home index.html {index:,} B, map.html {lifetime:,} B")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trips", type=int, default=20)
    parser.add_argument("--per-trip", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--growth", type=int, nargs="*", default=[])
    args = parser.parse_args(argv)
    print(machine())
    compile_journal()
    photos = WORK / f"photos-{args.per_trip}"
    if len(list(photos.glob("*.jpg"))) != args.per_trip:
        shutil.rmtree(photos, ignore_errors=True)
        make_photos(args.per_trip, photos, os.cpu_count() or 1)
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    results = {args.trips: measure(args.trips, photos, args.runs, cold=True)}
    for trips in args.growth:
        if trips != args.trips:
            results[trips] = measure(trips, photos, args.runs, cold=False)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    for trips, figures in sorted(results.items()):
        for what, figure in figures.items():
            print(figure.line(f"{trips} trips, {what}"))
    main_figures = results[args.trips]
    cold, floor = main_figures["cold"].median, main_figures["floor"].median
    print(f"cold render --all {cold:.2f} s vs floor {floor:.2f} s: {cold / floor:.2f}x the floor")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
