"""Every shell line the README shows runs as written, in a scratch copy of the repository.

The scratch holds the repository's trips/, themes/ and sample exports (the README's commands
are typed at the root of a clone) and a Jekyll blog at ../blog, as the examples say.
`pip install` is what the test run itself stands on, and `python -m pytest` is this very run:
both are checked only to be there, not run again.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GIVEN = ("pip install ", "python -m pytest")


def shell_lines(readme: str) -> list[str]:
    """The command lines of the README's ```sh blocks, comments dropped."""
    lines = []
    for block in re.findall(r"^```sh\n(.*?)^```", readme, re.S | re.M):
        for line in block.splitlines():
            command = re.sub(r"\s+#.*$", "", line).strip()
            if command and not command.startswith("#"):
                lines.append(command)
    return lines


def commands() -> list[str]:
    """Each command of a `a && b` line on its own, those the run stands on left out."""
    found = []
    for line in shell_lines((REPO / "README.md").read_text(encoding="utf-8")):
        found += [part.strip() for part in line.split("&&") if not part.strip().startswith(GIVEN)]
    return found


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("readme")
    clone = base / "journal"
    for folder in ("trips", "themes", "tests/data/imports"):
        shutil.copytree(REPO / folder, clone / folder)
    shutil.copytree(REPO / "tests" / "jekyll-site", base / "blog")
    return clone


def test_the_readme_shows_the_commands_of_every_kind() -> None:
    names = {command.split()[0] + " " + command.split()[1] for command in commands()}
    for command in ("new", "check", "render", "embed", "import"):
        assert f"journal {command}" in names
    assert any(line.startswith(GIVEN) for line in shell_lines((REPO / "README.md").read_text()))


def run(command: str, cwd: Path) -> None:
    """One command in bash, as a user types it: this environment's scripts on the PATH, no
    journal root or editor inherited, no terminal."""
    env = {k: v for k, v in os.environ.items() if k not in ("JOURNAL_ROOT", "VISUAL", "EDITOR")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"


def test_every_readme_command_runs_as_written(scratch: Path) -> None:
    for command in commands():
        run(command, scratch)


def test_the_catalog_commands_leave_the_committed_catalogs_as_they_are(tmp_path: Path) -> None:
    """The README's pybabel lines on a copy of the themes change no message: the catalogs
    are up to date with the templates."""
    shutil.copytree(REPO / "themes", tmp_path / "themes")
    catalog_lines = [c for c in commands() if c.startswith("pybabel ")]
    assert len(catalog_lines) == 2
    for command in catalog_lines:
        run(command, tmp_path)
    for name in ("messages.pot", "it/LC_MESSAGES/messages.po"):
        ours = (REPO / "themes/default/locales" / name).read_text(encoding="utf-8")
        theirs = (tmp_path / "themes/default/locales" / name).read_text(encoding="utf-8")
        strip = re.compile(r'^"POT-Creation-Date: .*\n', re.M)
        assert strip.sub("", theirs) == strip.sub("", ours), name


def test_the_tests_that_read_the_corpus_skip_with_the_reason_when_it_is_absent(
    tmp_path: Path,
) -> None:
    """A fresh clone has no ../shared beside it: the README's test command must still pass.

    Every module that reads the corpus runs in a real pytest against an empty corpus folder,
    with CI unset (on CI a skip is a failure, and the corpus is there)."""
    readers = sorted(
        path.name
        for path in (REPO / "tests").glob("test_*.py")
        if path.name != Path(__file__).name and re.search(r"\bcorpus\b", path.read_text())
    )
    assert "test_photos_corpus.py" in readers and "test_tracks.py" in readers
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["JOURNAL_CORPUS"] = str(tmp_path)  # there, but empty: as good as absent
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-rs",
            *(f"tests/{name}" for name in readers),
        ],  # fmt: skip
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    assert "real-camera corpus not found" in result.stdout
