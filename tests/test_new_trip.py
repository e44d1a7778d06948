"""`journal new` chooses its trip outright: a typo is refused, a new trip is announced, the
current trip is remembered, not guessed; `--lang` is checked; `journal trips` lists them."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journal.capture.entry import NewEntry, new_entry
from journal.cli import app
from journal.core.errors import JournalError, Report
from journal.load.config import load_config
from journal.load.state import CURRENT_TRIP

NOW = dt.datetime(2015, 6, 27, 21, 5, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
runner = CliRunner()


def _new(root: Path, **fields: str) -> Path:
    return new_entry(root, NewEntry(**fields), now=NOW).path


def _refused(root: Path, code: str, **fields: str) -> str:
    """The message of a refusal with this code; nothing was written by it."""
    before = sorted(root.rglob("*"))
    with pytest.raises(JournalError) as raised:
        new_entry(root, NewEntry(**fields), now=NOW)
    assert raised.value.code == code, raised.value
    assert sorted(root.rglob("*")) == before
    return raised.value.message


@pytest.mark.parametrize("typo", ["alpi-2062", "alpi-206", "alpii-2026", "alpi-2o26", "lapi-2026"])
def test_a_name_close_to_a_trip_is_refused_with_did_you_mean(journal_root: Path, typo: str) -> None:
    _new(journal_root, trip="alpi-2026", title="Partenza")
    message = _refused(journal_root, "new.trip-typo", trip=typo, title="Oggi")
    assert "did you mean 'alpi-2026'?" in message and "--trip-title" in message


def test_a_close_name_with_a_title_is_a_new_trip_on_purpose(journal_root: Path) -> None:
    _new(journal_root, trip="alpi-2026", title="Partenza")
    path = _new(journal_root, trip="alpi-2027", title="Si riparte", trip_title="Alpi 2027")
    assert path.parent == journal_root / "trips/alpi-2027/entries"


def test_a_name_in_capitals_is_refused_with_the_trip_it_looks_like(journal_root: Path) -> None:
    _new(journal_root, trip="alpi-2026", title="Partenza")
    message = _refused(journal_root, "new.trip-name", trip="Alpi-2026", title="Oggi")
    assert message.startswith("invalid trip name 'Alpi-2026'")
    assert message.endswith("did you mean 'alpi-2026'?")


@pytest.mark.usefixtures("places_ready")
def test_a_clearly_new_trip_is_created_and_announced(journal_root: Path) -> None:
    """The line on stderr says what the trip was made with; trip.toml is valid as written."""
    result = runner.invoke(
        app,
        ["--root", str(journal_root), "new", "sicilia", "--trip-title", 'Sicilia "2026"',
         "--title", "Palermo", "--at", "38.1157,13.3615", "--no-edit"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    trip = journal_root / "trips" / "sicilia"
    assert result.stdout.strip() == str(next((trip / "entries").iterdir()))
    assert result.stderr.startswith("new trip 'sicilia': title 'Sicilia \"2026\"', ")
    assert "languages it, en (it first), time zone Europe/Rome (from --at); edit " in result.stderr
    report = Report()
    config = load_config(trip, report)
    assert report.problems == [] and config is not None
    assert (config.timezone, config.titles["it"], config.languages) == (
        "Europe/Rome", 'Sicilia "2026"', ("it", "en"))  # fmt: skip
    again = runner.invoke(app, ["--root", str(journal_root), "new", "sicilia", "--no-edit"])
    assert again.exit_code == 0 and again.stderr == ""  # an existing trip: nothing to announce


def test_the_current_trip_is_the_one_written_last_not_the_newest_file(journal_root: Path) -> None:
    old = _new(journal_root, trip="londra-2015", title="Vecchia")
    _new(journal_root, trip="alpi-2026", title="Nuova")
    assert (journal_root / CURRENT_TRIP).read_text(encoding="utf-8") == "alpi-2026\n"
    old.write_text(old.read_text(encoding="utf-8") + "Una parola corretta.\n", encoding="utf-8")
    later = NOW.timestamp() + 3600
    os.utime(old, (later, later))  # the old trip now has the newest file
    assert _new(journal_root, title="Oggi").parent == journal_root / "trips/alpi-2026/entries"
    listing = runner.invoke(app, ["--root", str(journal_root), "trips"]).stdout.splitlines()
    marked = [line.split()[1] for line in listing[1:] if line.startswith("*")]
    assert marked == ["alpi-2026"] and listing[-1].startswith("(* the current trip")


def test_without_a_current_trip_one_trip_is_used_and_several_are_asked_for(
    journal_root: Path,
) -> None:
    _new(journal_root, trip="uno", title="a")
    (journal_root / CURRENT_TRIP).unlink()
    assert _new(journal_root, title="b").parent.parent.name == "uno"
    _new(journal_root, trip="altro-viaggio", title="c")
    (journal_root / CURRENT_TRIP).unlink()
    message = _refused(journal_root, "new.no-current-trip", title="d")
    assert message.startswith("which trip?") and "altro-viaggio, uno" in message


def test_a_current_trip_that_is_gone_is_an_error_not_a_guess(journal_root: Path) -> None:
    _new(journal_root, trip="uno", title="a")
    _new(journal_root, trip="due", title="b")
    (journal_root / "trips" / "due").rename(journal_root / "trips" / "tre")
    message = _refused(journal_root, "new.no-current-trip", title="c")
    assert "'due' is not there any more" in message and "tre, uno" in message


def test_no_trip_at_all_says_how_to_start_one(journal_root: Path) -> None:
    assert "journal new my-trip" in _refused(journal_root, "new.no-trip", title="x")


def test_a_trip_the_schema_refuses_still_takes_an_entry(journal_root: Path) -> None:
    """On the road a misspelt key must not stop the writing: `journal check` reports it."""
    folder = journal_root / "trips" / "t"
    folder.mkdir(parents=True)
    (folder / "trip.toml").write_text('default_lang = "en"\ntitel = "x"\ntimezone = "Asia/Tokyo"\n')
    path = _new(journal_root, trip="t", title="Ramen")
    assert path.name == "2015-06-28-ramen.en.md"  # Tokyo's day, the trip's language
    assert "time: '2015-06-28T04:05:30+09:00'" in path.read_text(encoding="utf-8")


def test_lang_is_checked_against_the_trip_in_any_case(journal_root: Path) -> None:
    assert _new(journal_root, trip="t", title="a", lang="IT").name.endswith(".it.md")
    assert _new(journal_root, trip="t", title="b", lang=" En ").name.endswith(".en.md")
    message = _refused(journal_root, "new.lang", trip="t", title="c", lang="fr")
    assert message.startswith("invalid --lang 'fr': use it or en (the languages of t;")
    _refused(journal_root, "new.lang", trip="nuovo", title="c", lang="fr")  # no trip made


def test_translate_picks_the_other_language(journal_root: Path) -> None:
    english = _new(journal_root, trip="t", title="The pass", lang="en")
    italian = _new(journal_root, translate=english.name.split(".")[0])
    assert italian.name == english.name.replace(".en.md", ".it.md")
    toml = journal_root / "trips" / "t" / "trip.toml"
    toml.write_text(toml.read_text().replace('["en", "it"]', '["en", "it", "de"]'))
    stem = _new(journal_root, title="Drei", lang="de").name.split(".")[0]
    message = _refused(journal_root, "new.lang", translate=stem)
    assert message == "which language? pass --lang en or it"
    assert _new(journal_root, translate=stem, lang="EN").name == f"{stem}.en.md"


def _entry(root: Path, trip: str, name: str, extra: str = "") -> None:
    folder = root / "trips" / trip / "entries"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"---\ntitle: x\n{extra}---\n", encoding="utf-8")


def test_trips_are_aligned_newest_first_with_drafts_apart(journal_root: Path) -> None:
    titles = {"a-2014": "<script>{{ x }}</script>", "b-2016": "Ünïcode ✓", "c-2015": 'Qu"ote'}
    for slug, title in titles.items():
        folder = journal_root / "trips" / slug
        folder.mkdir(parents=True)
        (folder / "trip.toml").write_text(f"[title]\nit = {title!r}\n", encoding="utf-8")
    _entry(journal_root, "a-2014", "2014-05-01-a.it.md")
    _entry(journal_root, "b-2016", "2016-08-01-b.it.md")
    _entry(journal_root, "b-2016", "2016-08-01-b.en.md", "draft: true\n")
    _entry(journal_root, "b-2016", "2016-08-03-c.en.md", "draft: false\n")
    _entry(journal_root, "c-2015", "2015-07-10-d.en.md", "draft: yes\n")  # text, not a draft
    (journal_root / "trips" / "empty").mkdir()
    (journal_root / "trips" / "empty" / "trip.toml").write_text("", encoding="utf-8")
    lines = runner.invoke(app, ["--root", str(journal_root), "trips"]).stdout.splitlines()
    rows = [line.split(None, 4) for line in lines[1:]]
    assert [row[0] for row in rows] == ["b-2016", "c-2015", "a-2014", "empty"]
    assert rows[0][1:4] == ["2016-08-01..2016-08-03", "it", "1,"]
    starts = {
        line.index(word) for line, word in zip(lines, ["trip", "b-2016", "c-2015"], strict=False)
    }
    assert len(starts) == 1
    for column in ("dates", "entries", "drafts", "photos", "title"):
        at = lines[0].index(column)
        assert all(line[at - 2 : at] == "  " and line[at] != " " for line in lines[1:4])
    assert lines[1].endswith("Ünïcode ✓") and lines[3].endswith("<script>{{ x }}</script>")
    assert lines[1][lines[0].index("drafts")] == "1"
    assert lines[2][lines[0].index("drafts")] == "-"  # `draft: yes` is text: the check says so
