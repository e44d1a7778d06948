"""Front matter keeps the author's words: YAML 1.1's booleans, octals, base-60 numbers and
dates are text, as written; only `true`/`false` and plain decimal numbers are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.core.errors import JournalError
from journal.core.models import EntryText
from journal.load.entries import read_text
from journal.load.entrycache import EntryCache
from journal.load.frontmatter import dump, parse


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("No", "No"),
        ("no", "no"),
        ("yes", "yes"),
        ("Yes", "Yes"),
        ("on", "on"),
        ("OFF", "OFF"),
        ("y", "y"),
        ("010", "010"),
        ("0x1A", "0x1A"),
        ("1_000", "1_000"),
        ("14:30", "14:30"),
        ("2015-06-27", "2015-06-27"),
        ("2015-06-27T08:30:00+02:00", "2015-06-27T08:30:00+02:00"),
        (".inf", ".inf"),
        ("true", True),
        ("false", False),
        ("42", 42),
        ("-7", -7),
        ("45.9237", 45.9237),
        ("~", None),
    ],
)
def test_a_plain_word_is_read_as_written(written: str, read: object) -> None:
    data = parse(f"---\ntitle: {written}\n---\n", Path("e.md")).data
    assert data["title"] == read and type(data["title"]) is type(read)


def test_words_survive_a_round_trip_through_journal_new() -> None:
    """What `journal new` and `--translate` write reads back as the same words."""
    data = {"title": "No", "place": "on", "time": "2015-06-27T08:30:00+02:00", "n": "010"}
    assert parse(dump(data) + "\n", Path("e.md")).data == data


def test_nested_values_keep_their_words_too() -> None:
    text = "---\ncaptions:\n  010.jpg: Yes\nlocation: {lat: 45.9, lon: 6.8}\nphotos: [on]\n---\n"
    data = parse(text, Path("e.md")).data
    assert data == {
        "captions": {"010.jpg": "Yes"},
        "location": {"lat": 45.9, "lon": 6.8},
        "photos": ["on"],
    }


def test_entry_files_are_read_back_until_they_change_and_errors_always_told(
    tmp_path: Path,
) -> None:
    good = tmp_path / "2015-06-27-si-parte.it.md"
    good.write_text("---\ntitle: Si parte\ntime: '09:00'\n---\nVia.\n", encoding="utf-8")
    bad = tmp_path / "2015-06-28-rotta.it.md"
    bad.write_text("---\ntitle: [rotta\n---\n", encoding="utf-8")
    cache_file = tmp_path / "entries.cache"
    parsed: list[Path] = []

    def reading(path: Path, lang: str) -> EntryText:  # the real reader, counted
        parsed.append(path)
        return read_text(path, lang)

    for round_ in range(3):
        cache = EntryCache(cache_file)
        text = cache.read(good, "it", reading)
        assert text == read_text(good, "it")
        with pytest.raises(JournalError):
            cache.read(bad, "it", reading)
        cache.save()
        if round_ == 1:
            good.write_text("---\ntitle: Si riparte\n---\nVia.\n", encoding="utf-8")
    assert parsed == [good, bad, bad, good, bad]  # read, kept; edited: read again
    assert text.title == "Si riparte"
