"""`journal serve`: from a saved file to the reloaded page, in headless Chromium.

Starts `journal serve TRIP --no-open` on the example trip (and with `--photos 2000`, on
benchtrip.py's trip of make_photos.py's photos), opens the page, then appends a sentence to
an entry and measures from the file's write to the `load` event of the page the preview
reloaded (the clock of the test process for both: the write's time is taken just before it,
the load event is reported by a binding the page calls). Median of RUNS saves.

    python bench/serve.py [--runs 5] [--photos 2000]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchtrip import edit_one_entry, make_trip
from make_photos import make_photos
from render import WORK
from timing import journal_command, machine

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.browser import browser_page  # noqa: E402  (the tests' offline Chromium)


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def save_to_reload(root: Path, trip: Path, runs: int) -> list[float]:
    port = _port()
    command = [*journal_command(), "--root", str(root), "serve", trip.name, "--no-open"]
    server = subprocess.Popen([*command, "--port", str(port)], stderr=subprocess.PIPE)
    try:
        assert server.stderr is not None
        for line in server.stderr:
            if b"serving" in line:
                break
        figures = []
        with browser_page() as (page, _, _):
            loaded: list[float] = []
            page.expose_function("journalLoaded", lambda: loaded.append(time.perf_counter()))
            page.add_init_script("addEventListener('load', () => window.journalLoaded())")
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_timeout(500)
            for i in range(runs):
                count = len(loaded)
                saved = time.perf_counter()
                edit_one_entry(trip, 1000 + i)
                page.wait_for_function(f"document.body.innerText.includes('Aggiunta {1000 + i}')")
                while len(loaded) == count:
                    page.wait_for_timeout(5)
                figures.append(loaded[-1] - saved)
                page.wait_for_timeout(300)
        return figures
    finally:
        server.terminate()
        server.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--photos", type=int, default=0)
    args = parser.parse_args(argv)
    print(machine())
    root = WORK / "serve-example"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(REPO / "trips", root / "trips")
    trip = root / "trips" / "london-mantova-2015"
    results = {"example trip": save_to_reload(root, trip, args.runs)}
    if args.photos:
        photos = WORK / f"photos-{args.photos}"
        if len(list(photos.glob("*.jpg"))) != args.photos:
            make_photos(args.photos, photos, 2)
        big_root = WORK / f"serve-{args.photos}"
        big = make_trip(big_root, f"bench-{args.photos}", photos)
        results[f"{args.photos} photos"] = save_to_reload(big_root, big, args.runs)
    for name, figures in results.items():
        shown = ", ".join(f"{f:.2f}" for f in figures)
        median = statistics.median(figures)
        print(f"  {name:<14} save -> reloaded page: median {median:.2f} s of [{shown}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
