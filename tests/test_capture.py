"""`journal new`: exclusive creation, numbering, translation, date words, light imports."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from journal.capture.dates import parse_date
from journal.capture.entry import NewEntry, new_entry
from journal.core.errors import JournalError, Report
from journal.core.names import slugify
from journal.load import frontmatter
from tests.conftest import load_trip

NOW = dt.datetime(2015, 6, 27, 21, 5, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def _new(root: Path, request: NewEntry, now: dt.datetime | None = None) -> Path:
    return new_entry(root, request, now=now).path


def test_new_creates_the_trip_and_a_dated_entry(journal_root: Path) -> None:
    path = _new(
        journal_root,
        NewEntry(trip="alpi", title="Caffè ad Aosta!", at="45.737,7.320", place="Aosta"),
        now=NOW,
    )
    assert path == journal_root / "trips/alpi/entries/2015-06-27-caffe-ad-aosta.it.md"
    data = frontmatter.parse(path.read_text(encoding="utf-8"), path).data
    assert data == {
        "title": "Caffè ad Aosta!",
        "time": "2015-06-27T21:05:30+02:00",
        "location": {"lat": 45.737, "lon": 7.32},
        "place": "Aosta",
    }
    report = Report()
    trip = load_trip(journal_root / "trips/alpi", report)
    assert report.errors == [] and trip.entries[0].moment.utc.hour == 19


def test_same_slug_same_day_is_numbered_never_overwritten(journal_root: Path) -> None:
    paths = [_new(journal_root, NewEntry(trip="t", title="Sosta"), now=NOW) for _ in range(3)]
    assert [p.name for p in paths] == [
        "2015-06-27-sosta.it.md",
        "2015-06-27-sosta-2.it.md",
        "2015-06-27-sosta-3.it.md",
    ]
    paths[0].write_text("---\ntitle: mine\n---\nmy words\n", encoding="utf-8")
    _new(journal_root, NewEntry(trip="t", title="Sosta"), now=NOW)
    assert paths[0].read_text(encoding="utf-8").endswith("my words\n")


def test_concurrent_runs_never_clobber_each_other(journal_root: Path) -> None:
    _new(journal_root, NewEntry(trip="t", title="x"), now=NOW)
    with ThreadPoolExecutor(8) as pool:
        paths = list(
            pool.map(
                lambda _: _new(journal_root, NewEntry(trip="t", title="Pieno"), now=NOW),
                range(16),
            )
        )
    assert len(set(paths)) == 16


def test_date_words_in_both_languages() -> None:
    today = dt.date(2015, 7, 1)  # a Wednesday
    assert parse_date("oggi", today) == parse_date("today", today) == today
    assert parse_date("ieri", today) == parse_date("yesterday", today) == dt.date(2015, 6, 30)
    assert parse_date("domani", today) == parse_date("Tomorrow", today) == dt.date(2015, 7, 2)
    before = dt.date(2015, 6, 29)
    for words in ("l'altro ieri", "l’altro ieri", "L'ALTRO IERI", "altroieri", "ieri l'altro",
                  "the day before yesterday", "day before yesterday"):  # fmt: skip
        assert parse_date(words, today) == before, words
    assert parse_date("2015-06-27", today) == dt.date(2015, 6, 27)
    with pytest.raises(JournalError, match="invalid date '27/06'") as raised:
        parse_date("27/06", today)
    assert raised.value.code == "new.date"


@pytest.mark.parametrize(
    ("words", "day"),
    [
        ("lunedì", 29), ("lunedi", 29), ("Monday", 29), ("mon", 29), ("lunedì scorso", 29),
        ("last monday", 29),
        ("martedì", 30), ("tuesday", 30),
        ("mercoledì", 24), ("wednesday", 24), ("mercoledi scorso", 24),  # today: a week ago
        ("giovedì", 25), ("thursday", 25),
        ("venerdì", 26), ("friday", 26),
        ("sabato", 27), ("saturday", 27), ("sab", 27),
        ("domenica", 28), ("Domenica scorsa", 28), ("sunday", 28),
    ],
)  # fmt: skip
def test_a_weekday_is_the_last_one(words: str, day: int) -> None:
    wednesday = dt.date(2015, 7, 1)
    found = parse_date(words, wednesday)
    assert found == dt.date(2015, 6, day)
    assert found < wednesday and wednesday - found <= dt.timedelta(days=7)


def test_past_dates_carry_no_time(journal_root: Path) -> None:
    path = _new(journal_root, NewEntry(trip="t", date="ieri", lang="en"), now=NOW)
    assert path.name == "2015-06-26-note.en.md"
    assert "time" not in frontmatter.parse(path.read_text(encoding="utf-8"), path).data


def test_translation_keeps_stem_and_front_matter(journal_root: Path) -> None:
    original = _new(journal_root, NewEntry(trip="t", title="Il passo", place="Gottardo"), now=NOW)
    original.write_text(original.read_text(encoding="utf-8") + "Che curve!\n", encoding="utf-8")
    target = _new(journal_root, NewEntry(trip="t", lang="en", translate="2015-06-27-il-passo"))
    assert target.name == "2015-06-27-il-passo.en.md"
    text = target.read_text(encoding="utf-8")
    assert "place: Gottardo" in text and "Che curve!" in text
    with pytest.raises(JournalError, match="translation already exists"):
        _new(journal_root, NewEntry(trip="t", lang="en", translate="2015-06-27-il-passo"))


@pytest.mark.parametrize("bad", ["../evil", "a/b", "UPPER", "..", "with space"])
def test_trip_names_that_escape_are_refused(journal_root: Path, bad: str) -> None:
    with pytest.raises(JournalError, match="invalid trip name"):
        _new(journal_root, NewEntry(trip=bad, title="x"), now=NOW)
    assert list((journal_root / "trips").iterdir()) == []


def test_slugify() -> None:
    assert slugify("Là dove c'è il Monte Bianco") == "la-dove-c-e-il-monte-bianco"
    assert slugify("!!!", fallback="nota") == "nota"


HEAVY = ["folium", "PIL", "babel", "markdown", "exifread", "jinja2", "gpxpy", "pydantic"]


@pytest.mark.usefixtures("places_ready")
@pytest.mark.parametrize(
    "args",
    [
        ["--title", "x", "--no-edit"],
        ["--title", "x", "--at", "45.7376,7.3206", "--no-edit"],
        ["--place", "Aosta", "--date", "l'altro ieri", "-m", "Pioggia."],
        ["--title", "x", "--lang", "EN", "--no-edit"],
    ],
)
def test_new_imports_none_of_the_heavy_libraries(journal_root: Path, args: list[str]) -> None:
    """Not even to name a place in Italian or read its time zone: start-up stays light."""
    code = (
        "import sys, json\n"
        "from journal.cli import app\n"
        "try:\n"
        "    app(['--root', sys.argv[1], 'new', 'giro', *sys.argv[2:]])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    out = (
        subprocess.run(
            [sys.executable, "-c", code, str(journal_root), *args],
            capture_output=True,
            text=True,
            check=True,
            stdin=subprocess.DEVNULL,
        )
        .stdout.strip()
        .splitlines()
    )
    assert out[0].endswith(".md")
    assert json.loads(out[-1]) == []


def test_new_help_lists_the_date_words(journal_root: Path) -> None:
    from typer.testing import CliRunner

    from journal.cli import app

    shown = CliRunner().invoke(app, ["new", "--help"]).stdout
    shown = " ".join(re.sub(r"[│─╭╮╰╯]", " ", shown).split())  # the help's boxes, wrapped
    for words in ("today/oggi", "yesterday/ieri", "the day before yesterday/l'altro ieri",
                  "tomorrow/domani", "lunedì", "monday", "the last one"):  # fmt: skip
        assert words in shown, words


def test_place_is_looked_up_from_at_when_not_given(journal_root: Path) -> None:
    path = _new(journal_root, NewEntry(trip="t", title="Arco", at="45.7376,7.3206"), now=NOW)
    data = frontmatter.parse(path.read_text(encoding="utf-8"), path).data
    assert data["place"] == "Aosta"


def _rendered_photos(root: Path) -> dict[str, dict]:
    """Render the example trip (which fills the photo cache) and return the cached EXIF by
    file name."""
    from typer.testing import CliRunner

    from journal.cli import app

    rendered = CliRunner().invoke(app, ["--root", str(root), "render", "london-mantova-2015"])
    assert rendered.exit_code == 0, rendered.output
    cache = root / ".journal" / "cache" / "london-mantova-2015" / "photos.cache"
    rows = json.loads(cache.read_text(encoding="utf-8"))["photos"]
    return {Path(key).name: row[2] for key, row in rows.items()}


def _place_at(root: Path, now: dt.datetime) -> str | None:
    request = NewEntry(trip="london-mantova-2015", title="Ancora")
    path = _new(root, request, now=now)
    return frontmatter.parse(path.read_text(encoding="utf-8"), path).data.get("place")


def test_place_comes_from_a_photo_of_the_last_hours_only(example_root: Path) -> None:
    gent = dt.datetime.fromisoformat(_rendered_photos(example_root)["gent-graslei.jpg"]["gps_time"])
    assert _place_at(example_root, gent + dt.timedelta(hours=1)) == "Gent"
    # a photo of five hours ago says where the rider was, not where he is writing
    assert _place_at(example_root, gent + dt.timedelta(hours=5)) is None


def test_place_never_comes_from_a_hidden_position(example_root: Path) -> None:
    """The departure photo is taken at home, inside the trip's privacy zone: no town near
    home may be written into an entry that will be published."""
    photos = _rendered_photos(example_root)
    home = dt.datetime.fromisoformat(photos["partenza.jpg"]["gps_time"])
    assert _place_at(example_root, home + dt.timedelta(minutes=10)) is None
    at_home = "51.4626,-0.1371"
    request = NewEntry(trip="london-mantova-2015", title="Casa", at=at_home)
    path = _new(example_root, request, now=home)
    assert "place" not in frontmatter.parse(path.read_text(encoding="utf-8"), path).data


def test_place_never_comes_from_a_private_photo(example_root: Path) -> None:
    photos = _rendered_photos(example_root)
    gent = dt.datetime.fromisoformat(photos["gent-graslei.jpg"]["gps_time"])
    toml = example_root / "trips" / "london-mantova-2015" / "trip.toml"
    toml.write_text('private = ["GENT-Graslei.JPG"]\n' + toml.read_text(encoding="utf-8"))
    assert _place_at(example_root, gent + dt.timedelta(hours=1)) != "Gent"
