"""Killing a render midway leaves the previous site usable, and the next render finishes it.

A laptop lid closed, a Ctrl-C, a battery gone flat: the test renders the example trip once,
changes it, starts `python -m journal render` in a real process and SIGKILLs it part-way
(when the first new web copy lands, and at half the time a whole render takes), then reads
what is left the way a browser would.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE
from tests.sitescan import broken_links, files_under, page_links

REPO = Path(__file__).resolve().parents[1]
TRIP = EXAMPLE.name

pytestmark = pytest.mark.skipif(
    not (EXAMPLE / "trip.toml").is_file(), reason=f"the example trip is not at {EXAMPLE}"
)


def _command(root: Path) -> list[str]:
    return [sys.executable, "-m", "journal", "--root", str(root), "render", TRIP, "--jobs", "1"]


def _render(root: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        _command(root), cwd=REPO, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr
    return time.perf_counter() - started


def _change(root: Path, round_: int) -> None:
    """Touch every photo (new web copies) and edit an entry (new pages)."""
    trip = root / "trips" / TRIP
    stamp = time.time() + round_
    for photo in (trip / "photos").rglob("*.jpg"):
        os.utime(photo, (stamp, stamp))
    entry = next(
        p for p in sorted((trip / "entries").glob("*.it.md")) if "draft" not in p.read_text("utf-8")
    )
    entry.write_text(entry.read_text(encoding="utf-8") + f"\nAggiunta {round_}.\n", "utf-8")


def _kill_when(root: Path, site: Path, *, after: float | None) -> bool:
    """Start a render and SIGKILL it after `after` seconds, or when a new web copy lands.

    Returns whether it was still running when killed (a render that finished first proves
    nothing about interruption).
    """
    media = {p: p.stat().st_mtime_ns for p in (site / "media").glob("*")}
    process = subprocess.Popen(
        _command(root), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    started = time.perf_counter()
    try:
        while process.poll() is None and time.perf_counter() - started < 120:
            if after is not None and time.perf_counter() - started >= after:
                break
            if after is None and any(
                p.stat().st_mtime_ns != m for p, m in media.items() if p.exists()
            ):
                break
            time.sleep(0.01)
        running = process.poll() is None
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    return running


def _assert_usable(site: Path) -> None:
    pages = [p for p in files_under(site) if p.suffix == ".html"]
    assert {"index.html", "map.html", "en/index.html"} <= {
        p.relative_to(site).as_posix() for p in pages
    }
    for page in pages:
        tags, _ = page_links(page)
        text = page.read_text(encoding="utf-8")
        assert tags > 0 and text.rstrip().endswith("</html>"), f"{page} is cut short"
    assert not broken_links(site), broken_links(site)
    visible_tmp = [p for p in files_under(site) if ".tmp" in p.name]
    assert not visible_tmp, visible_tmp
    json.loads((site / "route.geojson").read_text(encoding="utf-8"))
    manifest = site / ".journal" / "manifest.json"
    if manifest.exists():
        json.loads(manifest.read_text(encoding="utf-8"))


def test_a_killed_render_leaves_the_previous_site_usable(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "trips" / TRIP)
    site = tmp_path / "site" / TRIP
    whole = _render(tmp_path)
    _assert_usable(site)
    interrupted = 0
    for round_, after in enumerate((None, whole * 0.5, whole * 0.8), start=1):
        _change(tmp_path, round_)
        interrupted += _kill_when(tmp_path, site, after=after)
        _assert_usable(site)
    assert interrupted >= 1, "every render finished before it could be killed"
    _render(tmp_path)  # and the next render completes over the remains
    _assert_usable(site)
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "Aggiunta 3." in page
