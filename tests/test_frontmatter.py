"""Front matter keeps the author's words: YAML 1.1's booleans, octals, base-60 numbers and
dates are text, as written; only `true`/`false` and plain decimal numbers are not."""

from __future__ import annotations

from pathlib import Path

import pytest

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
