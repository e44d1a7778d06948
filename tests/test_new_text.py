"""The text of a new entry: typed in the editor (run in a real pseudo-terminal), piped in,
or given with -m; an editor that is missing or fails is one error line, the entry kept."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journal.capture.text import TITLE_MAX, split_text
from journal.cli import app
from journal.core.errors import Report
from journal.load import frontmatter
from tests.conftest import REPO, load_trip

runner = CliRunner()


def _env(**changes: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VISUAL", "EDITOR", "JOURNAL_ROOT")}
    env["PYTHONPATH"] = str(REPO)
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _in_terminal(args: list[str], env: dict[str, str], timeout: float = 60) -> tuple[int, str]:
    """Run a command with a pseudo-terminal as its input and output, as a rider types it;
    its exit status and everything it printed."""
    master, slave = pty.openpty()
    process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    chunks, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                data = os.read(master, 4096)
            except OSError:  # the terminal is closed: the command has ended
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    status = process.wait(timeout=10)
    os.close(master)
    return status, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def _journal(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "journal", "--root", str(root), "new", "giro", *args]


def _editor(tmp_path: Path) -> Path:
    """A real editor program: it writes a line, and whether it was given the terminal."""
    script = tmp_path / "bin" / "scrivi"
    script.parent.mkdir()
    script.write_text(
        f"#!{sys.executable}\nimport os, sys\n"
        "with open(sys.argv[-1], 'a', encoding='utf-8') as fh:\n"
        "    fh.write(f'Scritto nell\\'editor; terminal: {os.isatty(0) and os.isatty(1)}\\n')\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def test_the_editor_opens_in_the_terminal_on_the_new_entry(
    journal_root: Path, tmp_path: Path
) -> None:
    status, output = _in_terminal(
        _journal(journal_root, "-t", "Passo"), _env(EDITOR=f"{_editor(tmp_path)} --quiet")
    )
    assert status == 0, output
    path = Path(output.strip().splitlines()[-1])
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Passo\n")
    assert text.endswith("Scritto nell'editor; terminal: True\n")


@pytest.mark.parametrize(
    ("editor", "path_env", "says"),
    [
        ("/nowhere/ed", None, "cannot start editor '/nowhere/ed': No such file or directory; "),
        ("false", None, "editor 'false' exited with status 1; the entry is kept"),
        (None, "empty", "no editor: $VISUAL and $EDITOR are not set and none of editor, nano, "),
    ],
)
def test_a_missing_or_failing_editor_is_one_error_line_and_the_entry_stays(
    journal_root: Path, tmp_path: Path, editor: str | None, path_env: str | None, says: str
) -> None:
    env = _env(EDITOR=editor)
    if path_env:
        (tmp_path / "empty").mkdir()
        env["PATH"] = str(tmp_path / "empty")  # a phone terminal without vi
    status, output = _in_terminal(_journal(journal_root, "-t", "Sosta"), env)
    assert status == 1
    lines = output.strip().splitlines()
    entry = journal_root / "trips/giro/entries" / lines[-2].rsplit("/", 1)[-1]
    assert lines[-2] == str(entry) and entry.read_text(encoding="utf-8").startswith("---\n")
    assert lines[-1].startswith(f"error: {entry}: {says}")
    assert [line for line in lines if line.startswith("error:")] == [lines[-1]]
    assert "Traceback" not in output


def test_text_piped_in_is_the_entry_and_no_editor_opens(journal_root: Path) -> None:
    result = subprocess.run(
        _journal(journal_root),
        input="Arrivati a S. Bernardino. Nebbia fino al passo,\npoi sole.\n",
        env=_env(EDITOR="false"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.name.endswith("-arrivati-a-s-bernardino.it.md")
    written = frontmatter.parse(path.read_text(encoding="utf-8"), path)
    assert written.data["title"] == "Arrivati a S. Bernardino"
    assert written.body == "\nNebbia fino al passo,\npoi sole.\n"


def test_no_edit_with_title_and_text_writes_a_complete_entry(journal_root: Path) -> None:
    hostile = 'Tappa: "{{ x }}" <script> # no'
    result = runner.invoke(
        app,
        ["--root", str(journal_root), "new", "giro", "--no-edit", "-t", hostile,
         "-m", "Caffè a Bard.\n\n{% raw %} e *curve*."],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = Report()
    trip = load_trip(journal_root / "trips" / "giro", report)
    assert report.problems == [] and trip is not None
    text = trip.entries[0].texts["it"]
    assert text.title == hostile and text.body == "\nCaffè a Bard.\n\n{% raw %} e *curve*.\n"


def test_text_from_standard_input_through_the_cli(journal_root: Path) -> None:
    result = runner.invoke(
        app, ["--root", str(journal_root), "new", "giro", "-t", "Sera"], input="Cena.\n"
    )
    assert result.exit_code == 0, result.output
    assert Path(result.stdout.strip()).read_text(encoding="utf-8").endswith("---\n\nCena.\n")


def test_standard_input_that_is_not_text_is_refused(journal_root: Path) -> None:
    result = runner.invoke(
        app, ["--root", str(journal_root), "new", "giro", "-t", "x"], input=b"\xff\xfe\x00"
    )
    assert result.exit_code == 1
    assert (
        result.stderr == "error: standard input is not UTF-8 text (byte 0); nothing was written\n"
    )
    assert list((journal_root / "trips").iterdir()) == []


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        ("Pioggia.", "Pioggia", ""),
        ("Pioggia! Tanta.\nPoi sole.", "Pioggia!", "Tanta.\nPoi sole.\n"),
        ("# Il passo\n\nCurve.", "Il passo", "Curve.\n"),
        ("Sosta a St. Moritz, poi via. Fine.", "Sosta a St. Moritz, poi via", "Fine.\n"),
        ("Senza punto\nseconda riga", "Senza punto", "seconda riga\n"),
        ("\r\n\r\nRiga\r\naltra\r\n\r\n", "Riga", "altra\n"),
        ("", "", ""),
        ("   \n\n", "", ""),
    ],
)
def test_the_first_sentence_is_the_title(text: str, title: str, body: str) -> None:
    assert split_text(None, text) == (title, body)


def test_a_long_first_sentence_gives_its_first_words_and_stays_in_the_text() -> None:
    words = "Oggi abbiamo attraversato il passo del San Gottardo sotto una pioggia battente " * 2
    title, body = split_text(None, words.strip() + ".")
    assert title.endswith("…") and len(title) <= TITLE_MAX + 1
    assert body == words.strip() + ".\n"


def test_a_given_title_keeps_the_text_whole() -> None:
    assert split_text("Titolo", "Prima frase. Seconda.") == ("Titolo", "Prima frase. Seconda.\n")
