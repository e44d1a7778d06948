"""`journal render` against `sigal build` over the same 12 MP photos, cold and warm.

Usage: python bench/render.py [--sizes 200 2000] [--runs 5] [--big-runs 3] [--jobs 0]

Both are whole processes on all cores, making the same outputs: a 2000 px copy
(sigal: img_size = (2000, 1500)) and a 400 px thumbnail of every photo, JPEG quality 85,
optimised baseline (as journal writes them). Cold means an empty output folder (for
journal also empty caches, kept in <root>/.journal/cache/<trip>); warm means running again
with nothing changed; "edit" (journal only) means after appending a line to one entry. Photos come
from make_photos.py under /tmp; sigal from the bench venv, never from journal's
dependencies.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from benchtrip import edit_one_entry, make_trip
from make_photos import make_photos
from timing import Run, ensure_venv, journal_command, machine, run

from journal.load.root import cache_dir

WORK = Path(os.environ.get("JOURNAL_BENCH_DIR", "/tmp/journal-bench"))

SIGAL_CONF = """\
source = {source!r}
destination = {destination!r}
img_size = (2000, 1500)
thumb_size = (400, 400)
thumb_fit = False
keep_orig = False
jpg_options = {{"quality": 85, "optimize": True}}
"""


@dataclass
class Figures:
    """Every run of one measure of one tool."""

    runs: list[Run] = field(default_factory=list)

    def add(self, result: Run) -> Run:
        self.runs.append(result)
        return result

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    def line(self, label: str) -> str:
        shown = ", ".join(f"{r.seconds:.2f}" for r in self.runs)
        peak = max(r.peak_rss_mb for r in self.runs)
        tree = max(r.peak_tree_mb for r in self.runs)
        return (
            f"  {label:<26} median {self.median:7.2f} s of [{shown}]; "
            f"peak RSS {peak:.0f} MB (largest process), PSS {tree:.0f} MB (whole tree)"
        )


@dataclass
class Tool:
    """One contender: how to run it, and how to make its next run cold."""

    name: str
    command: list[str]
    cold_paths: list[Path]  # removed before a cold run: the output and any cache
    figures: dict[str, Figures] = field(default_factory=dict)

    def measure(self, what: str) -> Run:
        if what == "cold":
            for path in self.cold_paths:
                shutil.rmtree(path, ignore_errors=True)
        result = run(self.command)
        return self.figures.setdefault(what, Figures()).add(result)


def journal_tool(count: int, photos: Path, jobs: int) -> tuple[Tool, Path]:
    root = WORK / f"root-{count}"
    trip = make_trip(root, f"bench-{count}", photos)
    out = WORK / f"journal-out-{count}"
    command = [*journal_command(), "--root", str(root), "render", trip.name, "-o", str(out)]
    command += ["-j", str(jobs)] if jobs else []
    return Tool("journal", command, [out, cache_dir(root, trip)]), trip


def sigal_tool(count: int, photos: Path, jobs: int, bin_dir: Path) -> Tool:
    out = WORK / f"sigal-out-{count}"
    conf = WORK / f"sigal-{count}.conf.py"
    conf.write_text(SIGAL_CONF.format(source=str(photos), destination=str(out)), encoding="utf-8")
    command = [str(bin_dir / "sigal"), "build", "-c", str(conf), str(photos), str(out)]
    command += ["-n", str(jobs)] if jobs else []
    return Tool("sigal", command, [out])


def bench(tools: list[Tool], trip: Path | None, runs: int, cold_runs: int) -> None:
    """Cold, then warm, rounds alternating the tools, so both share the same background load
    of a busy machine; then journal after one entry is edited."""
    for what, times in (("cold", cold_runs), ("warm", runs)):
        for _ in range(times):
            for tool in tools:
                tool.measure(what)
        for tool in tools:
            print(tool.figures[what].line(f"{tool.name} {what}"), flush=True)
    journal = next((t for t in tools if t.name == "journal"), None)
    if journal and trip:
        for i in range(runs):
            edit_one_entry(trip, i)
            journal.measure("one entry edited")
        print(journal.figures["one entry edited"].line("journal one entry edited"), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (small sizes)")
    parser.add_argument("--big-runs", type=int, default=3, help="runs per figure from 1,000")
    parser.add_argument("--cold-runs", type=int, default=0, help="cold runs, if fewer")
    parser.add_argument("--jobs", type=int, default=0, help="workers; 0 = all cores")
    parser.add_argument("--only", choices=("journal", "sigal"), default=None)
    args = parser.parse_args(argv)
    bin_dir = ensure_venv()
    print(machine())
    for count in args.sizes:
        photos = WORK / f"photos-{count}"
        make_photos(count, photos, os.cpu_count() or 1)
        runs = args.big_runs if count >= 1000 else args.runs
        print(f"{count} photos of 12 MP, medians of {runs} runs, whole processes:", flush=True)
        tools, trip = [], None
        if args.only != "sigal":
            journal, trip = journal_tool(count, photos, args.jobs)
            tools.append(journal)
        if args.only != "journal":
            tools.append(sigal_tool(count, photos, args.jobs, bin_dir))
        print(f"  load average before: {os.getloadavg()[0]:.2f}", flush=True)
        bench(tools, trip, runs, args.cold_runs or runs)
        print(f"  load average after: {os.getloadavg()[0]:.2f}", flush=True)
        if len(tools) == 2:
            ours, theirs = (t.figures for t in tools)
            cold, warm = ours["cold"].median, ours["warm"].median
            their_cold, their_warm = theirs["cold"].median, theirs["warm"].median
            print(
                f"  cold: journal {count / cold:.1f} photos/s, sigal {count / their_cold:.1f} "
                f"photos/s: {their_cold / cold:.2f}x sigal's throughput (target >= 3x)\n"
                f"  warm: journal {warm:.2f} s, sigal {their_warm:.2f} s: "
                f"{their_warm / warm:.2f}x sigal's speed (target >= 1x, and < 1 s at 2,000)\n"
                f"  one entry edited: journal {ours['one entry edited'].median:.2f} s "
                f"(target < 2 s at 2,000)",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
