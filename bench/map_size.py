"""How light the live map of a long ride is: a 100,000-point GPX, rendered and opened.

Usage: python bench/map_size.py [--points 100000] [--photos 30]

Renders a 30-day trip whose track has `--points` fixes (bends at three scales, so
simplification has real work) and prints the size of map.html and of the exports, the
points the map keeps against the points the exports keep, and how long headless Chromium
takes to open the map until the route is drawn (tiles blocked: only our own bytes count).
Targets: map.html under 0.5 MB, open in under 2 s, exports keep every point.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import time
from pathlib import Path

from benchtrip import make_trip
from make_photos import make_photos
from render import WORK
from timing import journal_command, machine, run

PAIR = re.compile(r"\[-?\d+(?:\.\d+)?, ?-?\d+(?:\.\d+)?\]")
CHROMIUM = Path("/usr/bin/chromium")


def open_times(page_file: Path, runs: int) -> list[float] | None:
    """Seconds from navigation until the route lines are in the DOM, per fresh browser page."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM) if CHROMIUM.is_file() else None, headless=True
        )
        for _ in range(runs):
            page = browser.new_page()
            page.route(
                "**/*",
                lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort(),
            )
            started = time.perf_counter()
            page.goto(page_file.as_uri(), wait_until="load")
            page.wait_for_function(
                "window.journalMap && document.querySelectorAll('path.journal-route').length > 0"
            )
            times.append(time.perf_counter() - started)
            page.close()
        browser.close()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--photos", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    print(machine())
    photos = WORK / "photos-200"
    make_photos(200, photos, 2)
    root = WORK / "root-map"
    trip = make_trip(root, "map", photos, track_points=args.points, limit=args.photos, days=30)
    out = WORK / "journal-out-map"
    shutil.rmtree(out, ignore_errors=True)
    render = [*journal_command(), "--root", str(root), "render", trip.name, "-o", str(out)]
    cold = run(render)
    warm = [run(render).seconds for _ in range(args.runs)]
    gpx_in = (trip / "tracks" / "ride.gpx").read_text(encoding="utf-8").count("<trkpt")
    gpx_out = (out / "route.gpx").read_text(encoding="utf-8").count("<trkpt")
    page = out / "map.html"
    kept = len(PAIR.findall(page.read_text(encoding="utf-8")))
    print(f"{gpx_in} track points over 30 days, {args.photos} photos:")
    print(f"  render: cold {cold.seconds:.2f} s, warm median {statistics.median(warm):.2f} s")
    for rel in ("map.html", "en/map.html", "index.html", "route.geojson", "route.gpx"):
        if (out / rel).is_file():
            print(f"  {rel:<14} {(out / rel).stat().st_size / 1e6:6.3f} MB")
    print(f"  map.html holds {kept} coordinate pairs; route.gpx keeps {gpx_out} track points")
    times = open_times(page, args.runs)
    if times is None:
        print("  headless Chromium: playwright is not installed, not measured")
    else:
        shown = ", ".join(f"{t:.2f}" for t in times)
        print(
            f"  headless Chromium, open until the route is drawn: median "
            f"{statistics.median(times):.2f} s of [{shown}]"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
