"""The command line: root discovery, exit codes and exact error lines."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journal.capture.dates import DATE_HELP
from journal.cli import app
from journal.core.errors import JournalError
from journal.load.root import find_root

CASES = Path(__file__).parent / "data" / "trips"
runner = CliRunner()


def test_root_is_found_from_option_env_or_parents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "trips" / "t" / "entries").mkdir(parents=True)
    deep = tmp_path / "trips" / "t" / "entries"
    monkeypatch.delenv("JOURNAL_ROOT", raising=False)
    assert find_root(cwd=deep) == tmp_path
    other = tmp_path / "elsewhere"
    other.mkdir()
    monkeypatch.setenv("JOURNAL_ROOT", str(other))
    assert find_root(cwd=deep) == other
    assert find_root(tmp_path, cwd=deep) == tmp_path


def test_no_root_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JOURNAL_ROOT", raising=False)
    with pytest.raises(JournalError, match="no trips/ folder here or above"):
        find_root(cwd=tmp_path)


def test_new_prints_the_path_and_exits_zero(journal_root: Path) -> None:
    result = runner.invoke(
        app, ["--root", str(journal_root), "new", "giro", "-t", "Via!", "--no-edit"]
    )
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path.is_file() and path.parent == journal_root / "trips/giro/entries"


def test_bad_date_is_one_error_line_and_exit_1(journal_root: Path) -> None:
    result = runner.invoke(app, ["--root", str(journal_root), "new", "giro", "--date", "27/06"])
    assert result.exit_code == 1
    assert result.stderr == f"error: invalid date '27/06': use {DATE_HELP}\n"
    assert list((journal_root / "trips").iterdir()) == []  # nothing made before the check


def test_check_reports_every_problem_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "trips").mkdir()
    shutil.copytree(CASES / "several-problems", tmp_path / "trips" / "rotto")
    result = runner.invoke(app, ["--root", str(tmp_path), "check", "rotto"])
    assert result.exit_code == 1
    entries = tmp_path / "trips" / "rotto" / "entries"
    lines = result.stderr.splitlines()
    assert f"error: {entries}/2015-13-01-a.it.md: invalid date 2015-13-01" in lines
    assert f"error: {entries}/2015-06-27-b.it.md:1: front matter needs a title" in lines
    assert any(
        line.startswith(f"error: {entries}/2015-06-28-c.xx.md: unknown language") for line in lines
    )
    assert lines[-1] == "3 errors, 0 warnings"


def test_unknown_trip_is_an_error(journal_root: Path) -> None:
    result = runner.invoke(app, ["--root", str(journal_root), "render", "nowhere"])
    assert result.exit_code == 1
    assert result.stderr == f"error: {journal_root}/trips/nowhere: no such trip\n"


def test_trips_lists_dates_languages_and_photos(example_root: Path) -> None:
    result = runner.invoke(app, ["--root", str(example_root), "trips"])
    assert result.exit_code == 0
    header, line = result.stdout.splitlines()
    assert header.split() == ["trip", "dates", "entries", "drafts", "photos", "title"]
    assert line.split()[:3] == ["london-mantova-2015", "2015-06-27..2015-07-06", "it"]
    assert line.split()[3:5] == ["9,", "en"] and line.endswith("Londra – Mantova, andata e ritorno")


def test_check_suggests_the_clock_offset_that_silences_a_wrong_camera(
    corpus: Path, tmp_path: Path
) -> None:
    """The real Arezzo walk: a Nikon whose clock is about a day behind its GPS."""
    trip = tmp_path / "trips" / "arezzo"
    (trip / "photos").mkdir(parents=True)
    toml = 'default_lang = "it"\ntimezone = "Europe/Rome"\n[title]\nit = "Arezzo"\n'
    (trip / "trip.toml").write_text(toml, encoding="utf-8")
    for image in (corpus / "exif-real" / "images").glob("jpg__gps__DSCN00*.jpg"):
        shutil.copy(image, trip / "photos" / image.name)
    first = runner.invoke(app, ["--root", str(tmp_path), "check", "arezzo"])
    assert first.exit_code == 0
    assert first.stdout.splitlines()[1:] == [
        '  [cameras."COOLPIX P6000"]',
        '  clock_offset = "+23:58:28"',
    ]
    assert first.stderr.count("behind GPS time; GPS time used") == 9
    (trip / "trip.toml").write_text(
        toml + '[cameras."COOLPIX P6000"]\nclock_offset = "+23:58:28"\n', encoding="utf-8"
    )
    fixed = runner.invoke(app, ["--root", str(tmp_path), "check", "arezzo"])
    assert fixed.exit_code == 0 and "behind GPS" not in fixed.stderr


def test_check_reads_journal_toml_as_render_does(tmp_path: Path) -> None:
    """A mistake in journal.toml stops a render; it must stop a check the same way."""
    trip = tmp_path / "trips" / "t"
    trip.mkdir(parents=True)
    (trip / "trip.toml").write_text('[title]\nit = "Prova"\n', encoding="utf-8")
    (tmp_path / "journal.toml").write_text('blogg = "../blog"\n', encoding="utf-8")
    outputs = {}
    for command in ("check", "render"):
        result = runner.invoke(app, ["--root", str(tmp_path), command, "t"])
        outputs[command] = (result.exit_code, result.output.splitlines()[0])
    assert (
        outputs["check"]
        == outputs["render"]
        == (
            1,
            f"error: {tmp_path / 'journal.toml'}:1: unknown key 'blogg'; did you mean 'blog'?",
        )
    )


def test_the_script_ends_with_the_command_s_exit_code_and_all_its_output(tmp_path: Path) -> None:
    """`main` ends the process without tearing the interpreter down: what the command
    printed must still all be there, and its exit code."""
    trip = tmp_path / "trips" / "t"
    trip.mkdir(parents=True)
    (trip / "trip.toml").write_text('[title]\nit = "Prova"\n', encoding="utf-8")
    command = [sys.executable, "-m", "journal", "--root", str(tmp_path)]
    done = subprocess.run([*command, "trips"], capture_output=True, text=True, timeout=60)
    rows = [line.split() for line in done.stdout.splitlines()]
    assert done.returncode == 0 and rows[-1][:3] == ["t", "no", "entries"], done.stderr
    failed = subprocess.run([*command, "render", "nope"], capture_output=True, text=True)
    assert failed.returncode == 1 and failed.stderr.startswith("error: "), failed.stderr
    usage = subprocess.run([*command, "render"], capture_output=True, text=True)
    assert usage.returncode == 2 and "Missing argument" in usage.stderr
