"""Golden output of the example trip: every text file of the site, byte for byte.

Run `pytest tests/test_golden.py --update-golden` after an intended change and review the
diff of `tests/golden/` in the commit. Images are left out (their bytes depend on the JPEG
encoder's version); their presence and sizes are checked by the render tests instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from journal.cli import app

GOLDEN = Path(__file__).parent / "golden" / "london-mantova-2015"
TEXT_SUFFIXES = {".html", ".geojson", ".gpx", ".svg", ".css", ".js"}


def render(root: Path, out: Path) -> None:
    result = CliRunner().invoke(
        app, ["--root", str(root), "render", "london-mantova-2015", "--out", str(out), "-j", "1"]
    )
    assert result.exit_code == 0, result.output


def text_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix in TEXT_SUFFIXES and "vendor" not in p.parts
    }


def test_example_trip_matches_golden_output(
    example_root: Path, tmp_path: Path, update_golden: bool
) -> None:
    out = tmp_path / "site"
    render(example_root, out)
    produced = text_files(out)
    if update_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in produced.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    expected = text_files(GOLDEN)
    assert sorted(produced) == sorted(expected)
    for rel, data in produced.items():
        assert data == expected[rel], f"{rel} differs from tests/golden (run --update-golden?)"


def test_rerender_is_byte_identical_and_path_independent(
    example_root: Path, tmp_path: Path
) -> None:
    render(example_root, tmp_path / "a")
    render(example_root, tmp_path / "b")
    a, b = tmp_path / "a", tmp_path / "b"
    files_a = {
        p.relative_to(a).as_posix(): p.read_bytes()
        for p in a.rglob("*")
        if p.is_file() and ".journal" not in p.parts
    }
    files_b = {
        p.relative_to(b).as_posix(): p.read_bytes()
        for p in b.rglob("*")
        if p.is_file() and ".journal" not in p.parts
    }
    assert files_a == files_b
