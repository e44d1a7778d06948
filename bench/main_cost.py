"""Where the main process of a render spends its CPU, stage by stage: cold, or one entry edited.

Usage: python bench/main_cost.py [--photos 200] [--state cold|edited]

Renders the bench trip in this process, with the copies made by worker processes as usual
(`--state edited`: after a render in another process filled the caches and the output and
one entry was edited, as render.py's edited figure), and times each stage by wrapping the
function that runs it: CPU seconds of the main process
(what competes with the workers for the cores), wall seconds, calls. Wrapping costs nothing
measurable, unlike a profiler's tracing, which doubles the cost of Python-heavy stages.
Stages are nested (the map is part of the pages), so the column does not add up; the last
lines give the main process's total and the workers'. The stages' modules are imported
before the render, to be wrapped: their import (folium's apart, which a real render pays
inside the live map on a cache miss) is listed first. A stage whose function was renamed is
listed as missing, not measured.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STARTED_CPU, STARTED_WALL = time.process_time(), time.perf_counter()

from benchtrip import edit_one_entry, make_trip  # noqa: E402
from make_photos import make_photos  # noqa: E402
from timing import journal_command  # noqa: E402

WORK = Path(os.environ.get("JOURNAL_BENCH_DIR", "/tmp/journal-bench"))

#: (module, function, label), in the order the flow reaches them.
STAGES = (
    ("journal.pipeline", "load_settings", "journal.toml"),
    ("journal.pipeline", "_replay", "replay check"),
    ("journal.pipeline", "read_trip", "load + enrich (timeline)"),
    ("journal.load.folder", "load_config", "  trip.toml"),
    ("journal.load.folder", "named_photo_files", "  photo files listed"),
    ("journal.load.entries", "load_entries", "  entries"),
    ("journal.load.folder", "_read_photos", "  EXIF"),
    ("journal.load.folder", "_read_tracks", "  GPX tracks (handed to a worker)"),
    ("journal.load.gpxcache", "_decode", "  GPX tracks unpacked"),
    ("journal.enrich.timeline", "enrich_trip", "  timeline (times, geotags)"),
    ("journal.enrich.timeline", "set_aside_strays", "    strays"),
    ("journal.pipeline", "check_texts", "  texts checked"),
    ("journal.publish.webcopies", "CopyRun.__init__", "copy jobs planned, workers forked"),
    ("journal.enrich.public", "make_public", "privacy, route, stats"),
    ("journal.enrich.public", "build_route", "  route"),
    ("journal.enrich.public", "remembered_stats", "  stats (or kept)"),
    ("journal.enrich.stats", "compute_stats", "    stats (towns: gazetteer)"),
    ("journal.render.site", "render_files", "render: every text file"),
    ("journal.render.livemap", "render_map", "  live map (folium)"),
    ("journal.render.foliummap", "draw_map", "    drawing (folium imported before)"),
    ("journal.render.site", "render_site", "  pages (map included)"),
    ("journal.render.pages", "render_texts", "    entry texts (Markdown)"),
    ("journal.render.pages", "_language_pages", "    one language's pages"),
    ("journal.render.pages", "_day_views", "      days (photo views)"),
    ("journal.render.pages", "_map_view", "      map view (markers)"),
    ("journal.render.exports", "route_geojson", "  route.geojson"),
    ("journal.render.exports", "route_gpx", "  route.gpx"),
    ("journal.render.site", "static_map_files", "  static map"),
    ("journal.publish.webcopies", "CopyRun.finish", "waiting for the copies"),
    ("journal.publish.manifest", "write_tree", "writing the site"),
)

FIGURES: dict[str, list[float]] = {}


def _timed(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            figures = FIGURES.setdefault(label, [0.0, 0.0, 0])
            figures[0] += time.process_time() - cpu
            figures[1] += time.perf_counter() - wall
            figures[2] += 1

    return wrapper


def _wrap_stages() -> list[str]:
    """Wrap every stage where it is looked up (a module attribute or a class's method);
    returns the labels of the stages not found."""
    missing = []
    for module_name, name, label in STAGES:
        module = importlib.import_module(module_name)
        owner: Any = module
        *path, attr = name.split(".")
        for part in path:
            owner = getattr(owner, part, None)
        if owner is None or not hasattr(owner, attr):
            missing.append(label)
            continue
        setattr(owner, attr, _timed(label, getattr(owner, attr)))
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--state", choices=("cold", "edited"), default="cold")
    args = parser.parse_args(argv)
    photos = WORK / f"photos-{args.photos}"
    make_photos(args.photos, photos, os.cpu_count() or 1)
    root = WORK / f"root-{args.photos}"
    trip = make_trip(root, f"bench-{args.photos}", photos)
    out = WORK / f"main-cost-out-{args.photos}"

    imports = {}
    for label, module in (
        ("import journal.cli", "journal.cli"),
        ("import folium (for a cold map)", "journal.render.foliummap"),
        ("import the other stages", None),
    ):
        cpu, wall = time.process_time(), time.perf_counter()
        missing = _wrap_stages() if module is None else importlib.import_module(module) and []
        imports[label] = time.process_time() - cpu, time.perf_counter() - wall
    from journal.cli import app
    from journal.load.root import cache_dir

    shutil.rmtree(out, ignore_errors=True)  # cold, as render.py's: no output, no trip cache
    shutil.rmtree(cache_dir(root, trip), ignore_errors=True)
    if args.state == "edited":
        command = [*journal_command(), "--root", str(root), "render", trip.name, "-o", str(out)]
        subprocess.run(command, check=True, capture_output=True)
        edit_one_entry(trip, 1)
    cpu, wall = time.process_time(), time.perf_counter()
    app(["--root", str(root), "render", trip.name, "-o", str(out)], standalone_mode=False)
    total = time.process_time() - cpu, time.perf_counter() - wall
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)

    print(f"{args.photos} photos, {args.state}, load average "
          f"{os.getloadavg()[0]:.2f}; main process, CPU and wall seconds:")  # fmt: skip
    print(f"  {'interpreter start to here':38} {STARTED_CPU:7.3f}")
    for label, (cpu_s, wall_s) in imports.items():
        print(f"  {label:38} {cpu_s:7.3f} {wall_s:7.3f}")
    for _, _, label in STAGES:
        if label in FIGURES:
            cpu_s, wall_s, calls = FIGURES[label]
            print(f"  {label:38} {cpu_s:7.3f} {wall_s:7.3f}  x{calls}")
    for label in missing:
        print(f"  {label:38} (missing: renamed?)")
    print(f"  {'the render, all of it':38} {total[0]:7.3f} {total[1]:7.3f}")
    print(f"  workers: {workers.ru_utime + workers.ru_stime:.2f} s of CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
