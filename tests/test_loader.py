"""The trip loader on a good folder and on one folder per failure, named for it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from journal.core.errors import Report
from journal.core.models import Severity, TimeSource
from journal.enrich.public import without_drafts
from tests.conftest import load_trip

CASES = Path(__file__).parent / "data" / "trips"


def load(case: str) -> tuple[object, Report]:
    report = Report()
    trip = load_trip(CASES / case, report)
    return trip, report


def error_lines(report: Report) -> list[str]:
    return [str(p) for p in report.problems if p.severity is Severity.ERROR]


def test_good_trip_pairs_translations_and_reads_times() -> None:
    trip, report = load("good")
    assert report.errors == []
    assert [e.stem for e in trip.entries] == [
        "2015-06-27-partenza",
        "2015-06-28-calais",
        "2015-06-29-bozza",
    ]
    first = trip.entries[0]
    assert list(first.texts) == ["it", "en"] and first.original_lang == "it"
    assert first.text("en").title == "Departure"
    assert first.location.lat == 51.5 and first.place == "Londra"
    # 08:30 in London (looked up from the location, BST) is 07:30 UTC
    assert first.moment.utc == dt.datetime(2015, 6, 27, 7, 30, tzinfo=dt.UTC)
    english_only = trip.entries[1]
    assert english_only.original_lang == "en" and english_only.text("it").lang == "en"
    assert english_only.moment.utc == dt.datetime(2015, 6, 28, 8, 15, tzinfo=dt.UTC)
    assert english_only.moment.source is TimeSource.EXIF_OFFSET


def test_drafts_are_left_out_of_what_is_published() -> None:
    trip, _ = load("good")
    assert [e.slug for e in without_drafts(trip).entries] == ["partenza", "calais"]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("bad-front-matter", "entries/2015-06-27-a.it.md:3: invalid front matter:"),
        ("missing-title", "entries/2015-06-27-a.it.md:1: front matter needs a title"),
        ("invalid-date", "entries/2015-13-01-a.it.md: invalid date 2015-13-01"),
        ("unknown-language", "entries/2015-06-27-a.de.md: unknown language 'de'"),
        ("bad-entry-name", "entries/diario di viaggio.md: entry name must be YYYY-MM-DD-<slug>"),
        ("bad-time", "entries/2015-06-27-a.it.md:4: time 'dopo pranzo' is neither HH:MM"),
        ("bad-location", "entries/2015-06-27-a.it.md:3: location 123.0, 7.0 is out of range"),
        ("no-front-matter", "entries/2015-06-27-a.it.md:1: no front matter"),
        ("missing-photo", "entries/2015-06-27-a.it.md:3: photos: no photo 'manca.jpg'"),
        ("non-utf8-markdown", "entries/2015-06-27-a.it.md:5: not UTF-8 text"),
        ("bad-trip-toml", "trip.toml:2: invalid TOML"),
        ("bad-timezone", "trip.toml:2: timezone: unknown zone 'Europe/Atlantis'"),
    ],
)
def test_each_broken_folder_gives_one_error_naming_file_and_line(case: str, expected: str) -> None:
    _, report = load(case)
    lines = error_lines(report)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: {CASES / case}/")
    assert expected in lines[0], lines[0]


def test_all_problems_of_a_folder_are_reported_together() -> None:
    trip, report = load("several-problems")
    assert len(report.errors) == 3
    assert trip is not None and trip.entries == ()


def test_bad_trip_toml_stops_the_load() -> None:
    trip, report = load("bad-trip-toml")
    assert trip is None and len(report.errors) == 1


def test_a_draft_translation_hides_only_itself(tmp_path: Path) -> None:
    trip = tmp_path / "t"
    (trip / "entries").mkdir(parents=True)
    (trip / "trip.toml").write_text('[title]\nit = "Prova"\n', encoding="utf-8")
    texts = {
        "2015-06-27-a.it.md": "---\ntitle: Pubblicato\nplace: Mantova\n---\n\nIt.\n",
        "2015-06-27-a.en.md": "---\ntitle: Draft\ndraft: true\nplace: Mantua\n---\n\nEn.\n",
        "2015-06-28-b.it.md": "---\ntitle: Bozza\ndraft: true\n---\n\nIt.\n",
        "2015-06-28-b.en.md": "---\ntitle: Published\nplace: Verona\n---\n\nEn.\n",
        "2015-06-29-c.it.md": "---\ntitle: Tutta bozza\ndraft: true\n---\n\nIt.\n",
    }
    for name, text in texts.items():
        (trip / "entries" / name).write_text(text, encoding="utf-8")
    loaded = load_trip(trip, Report())
    assert loaded is not None
    a, b = without_drafts(loaded).entries
    assert list(a.texts) == ["it"] and a.original_lang == "it" and a.place == "Mantova"
    assert list(b.texts) == ["en"] and b.original_lang == "en" and b.text("it").title == "Published"
    assert b.place == "Verona"
