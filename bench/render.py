"""`journal render` against `sigal build` and a bare libjpeg-turbo loop, same 12 MP photos.

Usage: python bench/render.py [--sizes 200 2000] [--runs 5] [--big-runs 3] [--jobs 0]
                              [--cold-runs N] [--only journal sigal floor]

All are whole processes on all cores, making the same outputs: a 2000 px copy (sigal:
img_size = (2000, 1500)) and a 400 px thumbnail of every photo (sigal: quality 85,
optimised; journal: libjpeg-turbo at 84, the same bytes). Cold means an empty output folder
(for journal also empty caches, kept in <root>/.journal/cache/<trip>); warm means running
again with nothing changed; edited means after appending a line to one entry (for sigal, to
the album's index.md, its one text). The floor is floor.py: decode, resize, encode and
write, nothing else; it has no warm or edited run. Photos come from make_photos.py under
/tmp; sigal from the bench venv, never from journal's dependencies. journal's modules are
compiled first, as pip compiles an installed package (sigal's are). With several sizes, a
last table puts them all side by side.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchtrip import edit_one_entry, make_trip
from make_photos import make_photos
from timing import Run, compile_journal, ensure_venv, journal_command, machine, run

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
    edit: Callable[[int], object] | None = None  # makes the next run an "edited" one
    figures: dict[str, Figures] = field(default_factory=dict)

    def measure(self, what: str, round_: int = 0) -> Run:
        if what == "cold":
            for path in self.cold_paths:
                shutil.rmtree(path, ignore_errors=True)
        if what == EDITED and self.edit is not None:
            self.edit(round_)
        result = run(self.command)
        return self.figures.setdefault(what, Figures()).add(result)

    def cell(self, what: str) -> str:
        figures = self.figures.get(what)
        return f"{figures.median:8.2f} s" if figures else f"{'-':>10}"


EDITED = "one entry edited"


def journal_tool(count: int, photos: Path, jobs: int) -> Tool:
    root = WORK / f"root-{count}"
    trip = make_trip(root, f"bench-{count}", photos)
    out = WORK / f"journal-out-{count}"
    command = [*journal_command(), "--root", str(root), "render", trip.name, "-o", str(out)]
    command += ["-j", str(jobs)] if jobs else []

    def edit(stamp: int) -> None:
        edit_one_entry(trip, stamp)

    return Tool("journal", command, [out, cache_dir(root, trip)], edit)


def sigal_tool(count: int, photos: Path, jobs: int, bin_dir: Path) -> Tool:
    out = WORK / f"sigal-out-{count}"
    conf = WORK / f"sigal-{count}.conf.py"
    conf.write_text(SIGAL_CONF.format(source=str(photos), destination=str(out)), encoding="utf-8")
    command = [str(bin_dir / "sigal"), "build", "-c", str(conf), str(photos), str(out)]
    command += ["-n", str(jobs)] if jobs else []
    album = photos / "index.md"  # sigal's one text: the album's title and description
    album.write_text("Title: Bench\n\nLondon to Rome.\n", encoding="utf-8")

    def edit(stamp: int) -> None:
        with album.open("a", encoding="utf-8") as fh:
            fh.write(f"\nAggiunta {stamp}.\n")

    return Tool("sigal", command, [out], edit)


def floor_tool(count: int, photos: Path, jobs: int) -> Tool:
    out = WORK / f"floor-out-{count}"
    command = [sys.executable, str(Path(__file__).with_name("floor.py")), str(photos), str(out)]
    command += ["--jobs", str(jobs)] if jobs else []
    return Tool("floor", command, [out])


TOOLS = ("journal", "sigal", "floor")


def make_tools(
    count: int, photos: Path, jobs: int, bin_dir: Path, names: list[str]
) -> dict[str, Tool]:
    made = {
        "journal": lambda: journal_tool(count, photos, jobs),
        "sigal": lambda: sigal_tool(count, photos, jobs, bin_dir),
        "floor": lambda: floor_tool(count, photos, jobs),
    }
    return {name: made[name]() for name in TOOLS if name in names}


def bench(tools: list[Tool], runs: int, cold_runs: int) -> None:
    """Cold, warm, then edited rounds, alternating the tools so that all share the same
    background load of a busy machine; the floor runs cold only."""
    for what, times in (("cold", cold_runs), ("warm", runs), (EDITED, runs)):
        taking = [t for t in tools if what == "cold" or t.edit is not None]
        for i in range(times):
            for tool in taking:
                tool.measure(what, i)
        for tool in taking:
            print(tool.figures[what].line(f"{tool.name} {what}"), flush=True)


def summary(count: int, tools: dict[str, Tool]) -> str:
    """The side-by-side table, and the ratios the issue's targets are stated in."""
    names = [n for n in TOOLS if n in tools]
    lines = ["  " + f"{'':18}" + "".join(f"{n:>12}" for n in names)]
    for what in ("cold", "warm", EDITED):
        lines.append(f"  {what:18}" + "".join(f"{tools[n].cell(what):>12}" for n in names))
    if "journal" in tools and "sigal" in tools:
        ours, theirs = tools["journal"].figures, tools["sigal"].figures
        cold = ours["cold"].median
        lines.append(
            f"  cold: journal {count / cold:.1f} photos/s, sigal "
            f"{count / theirs['cold'].median:.1f}: {theirs['cold'].median / cold:.2f}x sigal's "
            f"throughput (target >= 5.5x at 200)"
        )
        lines.append(
            f"  warm: {theirs['warm'].median / ours['warm'].median:.2f}x sigal's speed "
            f"(target >= 1x); edited: journal {ours[EDITED].median:.2f} s, sigal "
            f"{theirs[EDITED].median:.2f} s (target < 0.5 s at 2,000)"
        )
    if "journal" in tools and "floor" in tools:
        floor = tools["floor"].figures["cold"].median
        lines.append(
            f"  floor: {count / floor:.1f} photos/s; journal's cold render takes "
            f"{tools['journal'].figures['cold'].median / floor:.2f}x the floor's time"
        )
    return "\n".join(lines)


def side_by_side(results: dict[int, dict[str, Tool]]) -> str:
    """Every size's cold, warm and edited medians in one table, the tools side by side."""
    names = [n for n in TOOLS if any(n in tools for tools in results.values())]
    lines = ["  " + f"{'':32}" + "".join(f"{n:>12}" for n in names)]
    for count, tools in results.items():
        for what in ("cold", "warm", EDITED):
            cells = (tools[n].cell(what) if n in tools else f"{'-':>10}" for n in names)
            lines.append(f"  {f'{count:,} photos, {what}':32}" + "".join(f"{c:>12}" for c in cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (small sizes)")
    parser.add_argument("--big-runs", type=int, default=3, help="runs per figure from 1,000")
    parser.add_argument("--cold-runs", type=int, default=0, help="cold runs, if fewer")
    parser.add_argument("--jobs", type=int, default=0, help="workers; 0 = all cores")
    parser.add_argument("--only", choices=TOOLS, nargs="+", default=None)
    args = parser.parse_args(argv)
    bin_dir = ensure_venv()
    compile_journal()
    print(machine())
    results: dict[int, dict[str, Tool]] = {}
    for count in args.sizes:
        photos = WORK / f"photos-{count}"
        make_photos(count, photos, os.cpu_count() or 1)
        runs = args.big_runs if count >= 1000 else args.runs
        print(f"{count} photos of 12 MP, medians of {runs} runs, whole processes:", flush=True)
        tools = make_tools(count, photos, args.jobs, bin_dir, args.only or list(TOOLS))
        print(f"  load average before: {os.getloadavg()[0]:.2f}", flush=True)
        bench(list(tools.values()), runs, args.cold_runs or runs)
        print(f"  load average after: {os.getloadavg()[0]:.2f}", flush=True)
        print(summary(count, tools), flush=True)
        results[count] = tools
    if len(results) > 1:
        print("all sizes, medians:")
        print(side_by_side(results), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
