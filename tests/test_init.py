"""`journal init`: a journal root with trips/ and a commented journal.toml that holds to the
schema, the next steps said, nothing overwritten, and the gazetteer ready for the road."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journal.capture.scaffold import TEMPLATE
from journal.cli import app
from journal.core.errors import Report
from journal.enrich import placeindex
from journal.enrich.placenames import FILE_NAME as NAMES
from journal.load.config import load_settings
from tests.conftest import REPO

runner = CliRunner()


def _uncommented(text: str) -> str:
    """The template with every setting switched on: `#key = ...` and `#[[table]]` lines lose
    their `#`; the explanations (`# ...`) stay comments."""
    return re.sub(r"^#(?=[\[\w])", "", text, flags=re.M)


@pytest.mark.usefixtures("places_ready")
def test_init_makes_a_journal_and_says_what_next(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "diario")])
    assert result.exit_code == 0, result.output
    root = tmp_path / "diario"
    assert (root / "trips").is_dir()
    assert result.stdout.splitlines()[0] == f"journal in {root}: made trips/, journal.toml"
    assert f"  cd {root}" in result.stdout and "journal new my-trip --trip-title" in result.stdout
    report = Report()
    load_settings(root, report)
    assert report.problems == []


def test_every_setting_of_the_template_holds_to_the_schema(tmp_path: Path) -> None:
    text = _uncommented(TEMPLATE.read_text(encoding="utf-8"))
    expected = {"blog =", "layout =", "title_in_body =", "theme =", "[front_matter]", "tags ="}
    assert expected | {"[[privacy_zones]]", "radius_m ="} <= {
        line.split(" ")[0] + (" =" if " = " in line else "") for line in text.splitlines()
    }
    (tmp_path / "journal.toml").write_text(text, encoding="utf-8")
    report = Report()
    settings = load_settings(tmp_path, report)
    assert report.problems == []
    assert settings.blog == tmp_path / "../my-blog" and len(settings.privacy_zones) == 1
    assert settings.front_matter["tags"] == ["moto", "viaggi"]


@pytest.mark.usefixtures("places_ready")
def test_init_twice_keeps_what_is_there(tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path)])
    (tmp_path / "journal.toml").write_text('blog = "../blog"\n', encoding="utf-8")
    again = runner.invoke(app, ["--root", str(tmp_path), "init"])
    assert again.exit_code == 0
    assert again.stdout.splitlines()[0] == f"journal in {tmp_path}: kept trips/, journal.toml"
    assert (tmp_path / "journal.toml").read_text(encoding="utf-8") == 'blog = "../blog"\n'


def test_init_inside_a_journal_trips_is_refused(journal_root: Path) -> None:
    inside = journal_root / "trips" / "alpi"
    result = runner.invoke(app, ["init", str(inside)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {inside}: inside the journal {journal_root}: ")
    assert not inside.exists()


@pytest.mark.usefixtures("places_ready")
def test_new_runs_in_the_folder_init_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner.invoke(app, ["init", str(tmp_path / "diario")])
    monkeypatch.delenv("JOURNAL_ROOT", raising=False)
    monkeypatch.chdir(tmp_path / "diario")
    result = runner.invoke(app, ["new", "alpi", "-t", "Via", "--no-edit"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(str(tmp_path / "diario" / "trips" / "alpi" / "entries"))


def _new_at(root: Path, env: dict[str, str]) -> tuple[str, str, float]:
    """`journal new --at` (London, in Italian) as a separate process: the place it wrote,
    what it said on stderr, how long it took."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "journal", "--root", str(root), "new", "t", "-t", "Qui",
         "--at", "51.5080,-0.1281", "--no-edit"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    took = time.perf_counter() - started
    place = Path(result.stdout.strip()).read_text(encoding="utf-8").split("place: ", 1)[1]
    return place.splitlines()[0], result.stderr, took


PREPARING = "preparing the offline gazetteer, once for this machine (a few seconds)\n"


def test_init_prepares_the_road_so_the_first_new_at_builds_nothing(tmp_path: Path) -> None:
    """On a fresh machine `init` builds the gazetteer and keeps CLDR's names; the first
    `journal new --at` then reads them: no wait, no Babel, the Italian name."""
    cache = tmp_path / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(REPO)}
    made = subprocess.run(
        [sys.executable, "-m", "journal", "init", str(tmp_path / "j")],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    index = cache / "journal" / placeindex.file_name()
    assert index.is_file() and (cache / "journal" / NAMES).is_file(), made.stderr
    built = index.stat().st_mtime_ns
    place, said, took = _new_at(tmp_path / "j", env)
    assert place == "Londra" and PREPARING not in said
    assert index.stat().st_mtime_ns == built
    assert took < 2.0  # reading the packed index; building it takes seconds


def test_the_first_new_at_without_init_says_why_it_waits(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(REPO)}
    (tmp_path / "j" / "trips").mkdir(parents=True)
    place, said, _ = _new_at(tmp_path / "j", env)
    assert place == "London" and said.startswith(PREPARING)  # no CLDR names without Babel
    assert _new_at(tmp_path / "j", env)[1] == ""  # built: the second one waits for nothing
    assert (cache / "journal" / placeindex.file_name()).is_file()
