"""What every benchmark here shares: the machine line, whole-process timing, the peer's venv.

Benchmarks time whole processes (start-up and imports included), because that is what a
user waits for. The peers (sigal, jrnl) live in a separate virtual environment, never in
journal's dependencies: `ensure_venv` makes it on first use.
"""

from __future__ import annotations

import compileall
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import PIL

JOURNAL_VENV = Path(os.environ.get("JOURNAL_BENCH_JOURNAL_VENV", "/tmp/journal-bench-jvenv"))
VENV = Path(os.environ.get("JOURNAL_BENCH_VENV", "/tmp/journal-bench-venv"))
PEERS = ("sigal==2.6.1", "jrnl==4.6")
REPO = Path(__file__).resolve().parents[1]


def machine() -> str:
    """The line printed above every table: figures mean nothing without it."""
    return (
        f"machine: {os.cpu_count()} cores, {platform.machine()}, Python "
        f"{platform.python_version()}, Pillow {PIL.__version__}, {platform.system()}"
    )


def ensure_venv() -> Path:
    """The bench venv's bin folder, with the peers installed (once)."""
    bin_dir = VENV / "bin"
    if not (bin_dir / "sigal").is_file() or not (bin_dir / "jrnl").is_file():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(bin_dir / "pip"), "install", "-q", *PEERS], check=True)
    return bin_dir


def journal_venv() -> Path:
    """A venv holding journal itself (editable), installed as a user would: so journal and
    the peers start from equally clean interpreters, with no site hooks of this machine."""
    bin_dir = JOURNAL_VENV / "bin"
    if not (bin_dir / "journal").is_file():
        subprocess.run([sys.executable, "-m", "venv", str(JOURNAL_VENV)], check=True)
        repo = Path(__file__).resolve().parents[1]
        subprocess.run([str(bin_dir / "pip"), "install", "-q", "-e", str(repo)], check=True)
    return bin_dir


def time_once(command: Sequence[str]) -> float:
    """Wall time of one short process, to the microsecond (no memory sampling)."""
    started = time.perf_counter()
    subprocess.run(list(command), check=True, stdin=subprocess.DEVNULL, capture_output=True)
    return time.perf_counter() - started


def journal_command() -> list[str]:
    """The installed `journal` script itself (a version manager's shim would add its own
    start-up to every figure), else `python -m journal`."""
    script = Path(sys.executable).parent / "journal"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "journal"]


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mb: float  # the largest single process of the tree (ru_maxrss)
    peak_tree_mb: float  # the largest sum of PSS over the whole tree (main + workers), sampled


def _pss(pid: int) -> int:
    """Proportional set size in bytes: forked workers share pages with their parent, and
    summing their RSS would count those pages once per process."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return 0


def _tree_rss(pid: int) -> int:
    """Memory (PSS) of `pid` and all its descendants, from /proc (0 once it is gone)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            total += _pss(current)
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (OSError, IndexError, ValueError):
            continue
        stack.extend(int(c) for c in children)
    return total


def run(
    command: Sequence[str], *, env: Mapping[str, str] | None = None, cwd: Path | None = None
) -> Run:
    """Run one whole process, fail loudly on a non-zero exit; wall time and peak memory.

    The main thread blocks in wait4, so the time is the process's to the microsecond; a
    second thread samples the tree's memory every 50 ms meanwhile."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(
            list(command),
            env={**os.environ, **(env or {})},
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                peak[0] = max(peak[0], _tree_rss(child.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            err.seek(0)
            tail = err.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(command)} exited {child.returncode}:\n{tail}")
    # wait4's ru_maxrss covers the child and the workers it waited for: the largest of them.
    return Run(seconds, usage.ru_maxrss / 1024, peak[0] / 2**20)


def compile_journal() -> None:
    """Compile journal's modules, as pip compiles a package it installs: an editable install
    is compiled on first import only, and never where PYTHONDONTWRITEBYTECODE is set (then
    every run compiles 60 modules, 0.05 s that no installed journal pays, nor the peers)."""
    compileall.compile_dir(REPO / "journal", quiet=1)


def median_of(
    runs: int, once: Callable[[int], float], *, label: str = ""
) -> tuple[float, list[float]]:
    """Median and all the figures of `runs` calls of `once(i)` (which returns seconds)."""
    figures = [once(i) for i in range(runs)]
    if label:
        shown = ", ".join(f"{s:.3f}" for s in figures)
        print(f"  {label}: median {statistics.median(figures):.3f} s of [{shown}]", flush=True)
    return statistics.median(figures), figures
