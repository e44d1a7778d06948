"""Front matter keeps the author's words: YAML 1.1's booleans, octals, base-60 numbers and
dates are text, as written; only `true`/`false` and plain decimal numbers are not."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


@settings(max_examples=500, deadline=None)
@given(title=st.text(), place=st.text(max_size=8))
def test_any_title_is_written_as_block_yaml_that_reads_back_the_same(
    title: str, place: str
) -> None:
    """Colons, quotes, `#`, `---`, line breaks of every kind, YAML 1.1 or 1.2 words: what
    `journal new` writes is always valid and holds exactly what was typed."""
    data = {"title": title, "place": place, "location": {"lat": 45.9, "lon": 6.8}}
    text = dump(data)
    assert parse(text + "\nbody\n", Path("e.md")).data == data
    lines = text.splitlines()
    assert lines[0] == lines[-1] == "---" and "---" not in lines[1:-1]
    assert lines[lines.index("location:") + 1] == "  lat: 45.9"  # block style, nested too


@pytest.mark.parametrize("title", ["1.5e3", "1e5", "No", "~", "2015-06-27", "- a", "? b", "@x"])
def test_words_either_yaml_would_not_read_as_text_are_quoted(title: str) -> None:
    assert parse(dump({"title": title}), Path("e.md")).data == {"title": title}


@pytest.mark.parametrize(
    ("line", "fix"),
    [
        ("title: Aosta: arrivo", 'title: "Aosta: arrivo"'),
        ("place: @casa", 'place: "@casa"'),
        ("title: *stella", 'title: "*stella"'),
        ('title: Il "passo": 2 km', 'title: "Il \\"passo\\": 2 km"'),
    ],
)
def test_a_front_matter_error_names_the_line_and_shows_how_to_quote(line: str, fix: str) -> None:
    text = f"---\ndraft: false\n{line}\n---\n"
    with pytest.raises(JournalError) as raised:
        parse(text, Path("e.md"))
    assert raised.value.line == 3
    assert raised.value.message.endswith(f"; put the value in quotes: {fix}")
    assert parse(text.replace(line, fix), Path("e.md")).data["draft"] is False  # the fix works


def test_a_title_lost_to_a_comment_says_how_to_quote(tmp_path: Path) -> None:
    path = tmp_path / "2015-06-27-a.it.md"
    path.write_text("---\nplace: Aosta\ntitle: #1 in Aosta\n---\n", encoding="utf-8")
    with pytest.raises(JournalError) as raised:
        read_text(path, "it")
    assert (raised.value.line, raised.value.message) == (
        3, 'front matter needs a title; put the value in quotes: title: "#1 in Aosta"')  # fmt: skip


def test_no_quoting_hint_where_quotes_are_not_the_fix() -> None:
    with pytest.raises(JournalError) as raised:
        parse("---\nphotos: [a.jpg\n---\n", Path("e.md"))
    assert "quotes" not in raised.value.message
