"""Writing output: atomic files, a manifest, and nothing of the user's ever removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.core.errors import JournalError
from journal.core.files import write_atomic
from journal.publish.manifest import Manifest, write_tree


def test_rewrite_removes_only_stale_files_journal_wrote(tmp_path: Path) -> None:
    write_tree(tmp_path, {"index.html": b"one", "old/page.html": b"old"})
    (tmp_path / "notes.txt").write_text("the user's own file")
    write_tree(tmp_path, {"index.html": b"two"})
    assert (tmp_path / "index.html").read_bytes() == b"two"
    assert not (tmp_path / "old" / "page.html").exists()
    assert (tmp_path / "notes.txt").read_text() == "the user's own file"


def test_a_file_edited_by_hand_is_not_removed_when_stale(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.html": b"generated"})
    (tmp_path / "a.html").write_bytes(b"hand edited")
    assert Manifest.load(tmp_path).edited_by_user("a.html")
    write_tree(tmp_path, {})
    assert (tmp_path / "a.html").read_bytes() == b"hand edited"


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.html": b"same"})
    before = (tmp_path / "a.html").stat().st_mtime_ns
    (tmp_path / "a.html").touch()
    touched = (tmp_path / "a.html").stat().st_mtime_ns
    write_tree(tmp_path, {"a.html": b"same"})
    assert (tmp_path / "a.html").stat().st_mtime_ns == touched >= before


@pytest.mark.parametrize("bad", ["../escape.html", "/etc/passwd", "a/../../b", "a\\b"])
def test_paths_outside_the_output_are_refused(tmp_path: Path, bad: str) -> None:
    out = tmp_path / "out"
    with pytest.raises(JournalError, match="refusing to write outside the output folder"):
        write_tree(out, {bad: b"x"})
    assert not (tmp_path / "escape.html").exists()


def test_atomic_write_leaves_no_temp_file(tmp_path: Path) -> None:
    write_atomic(tmp_path / "deep" / "f.bin", b"data")
    assert [p.name for p in (tmp_path / "deep").iterdir()] == ["f.bin"]
