"""Where `journal new` says an entry was written, and at what time: from `--at`, `--place`
or the trip, offline, in the entry's language, on the clocks of where the rider is."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from journal.capture.entry import NewEntry, new_entry
from journal.core.errors import Report
from journal.enrich import placeindex
from journal.load import frontmatter
from journal.load.config import load_config
from tests.conftest import load_trip

LONDON = dt.timezone(dt.timedelta(hours=1))  # British Summer Time
#: 20:05 in London on 27 June 2015: the laptop's clock, wherever the rider is.
NOW = dt.datetime(2015, 6, 27, 20, 5, 30, tzinfo=LONDON)


def _front(root: Path, **fields: str) -> dict[str, object]:
    path = new_entry(root, NewEntry(**fields), now=NOW).path
    return frontmatter.parse(path.read_text(encoding="utf-8"), path).data


@pytest.mark.usefixtures("places_ready")
@pytest.mark.parametrize(
    ("lang", "at", "place"),
    [
        ("it", "51.5080,-0.1281", "Londra"),
        ("en", "51.5080,-0.1281", "London"),
        ("it", "47.3769,8.5417", "Zurigo"),
        ("en", "47.3769,8.5417", "Zurich"),  # the zone's spelling, as CLDR falls back
        ("it", "50.8467,4.3525", "Bruxelles"),
        ("it", "48.8566,2.3522", "Parigi"),  # not the district, `Paris 04 Hôtel-de-Ville`
        ("en", "45.7640,4.8357", "Lyon"),  # not `Lyon 01`
        ("it", "52.5200,13.4050", "Mitte"),  # a named quarter keeps its name
        ("it", "46.5586,8.5614", "Airolo"),  # the Gotthard pass: the village below, not Locarno
        ("it", "45.7376,7.3206", "Aosta"),
    ],
)
def test_at_names_the_nearest_place_in_the_entry_language(
    journal_root: Path, lang: str, at: str, place: str
) -> None:
    data = _front(journal_root, trip="t", title="Qui", at=at, lang=lang)
    assert data["place"] == place


def test_without_the_kept_names_a_place_keeps_the_gazetteer_name(
    journal_root: Path, places_ready: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A machine where neither `init` nor `render` has run: no Babel at start-up, so the
    gazetteer's own name, never a failure."""
    fresh = tmp_path / "fresh-cache" / "journal"  # the run's index, without the names file
    fresh.mkdir(parents=True)
    shutil.copy(places_ready / placeindex.file_name(), fresh / placeindex.file_name())
    monkeypatch.setenv("XDG_CACHE_HOME", str(fresh.parent))
    assert _front(journal_root, trip="t", title="Qui", at="51.5080,-0.1281")["place"] == "London"


@pytest.mark.usefixtures("places_ready")
def test_a_place_the_gazetteer_knows_gives_position_and_time_zone(
    journal_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A trip started from London with `--place Mantova`: the trip keeps Rome's zone and the
    entry is stamped with Mantua's clock, not the laptop's."""
    monkeypatch.setenv("TZ", "Europe/London")
    data = _front(journal_root, trip="po", title="Arrivo", place="Mantova")
    assert data["place"] == "Mantova"
    assert data["time"] == "2015-06-27T21:05:30+02:00"
    location = data["location"]
    assert isinstance(location, dict)
    assert abs(location["lat"] - 45.16) < 0.02 and abs(location["lon"] - 10.79) < 0.02
    report = Report()
    config = load_config(journal_root / "trips" / "po", report)
    assert config is not None and config.timezone == "Europe/Rome"


def test_an_unknown_place_is_kept_as_written_without_a_position(journal_root: Path) -> None:
    data = _front(journal_root, trip="t", title="Cena", place="Casa di Marco: {{ ciao }}")
    assert data["place"] == "Casa di Marco: {{ ciao }}" and "location" not in data


@pytest.mark.usefixtures("places_ready")
def test_at_gives_a_new_trip_the_zone_of_where_the_rider_is(
    journal_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/London")  # the laptop still on London time
    data = _front(journal_root, trip="toscana", title="Siena", at="43.3188,11.3308")
    assert data["time"] == "2015-06-27T21:05:30+02:00"
    report = Report()
    config = load_config(journal_root / "trips" / "toscana", report)
    assert config is not None and config.timezone == "Europe/Rome"
    trip = load_trip(journal_root / "trips" / "toscana", report)
    assert report.errors == [] and trip is not None
    assert trip.entries[0].moment.utc == NOW.astimezone(dt.UTC)


def test_without_a_place_a_new_trip_takes_the_laptop_zone(
    journal_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/London")
    data = _front(journal_root, trip="casa", title="Partenza")
    assert data["time"] == "2015-06-27T20:05:30+01:00"
    config = load_config(journal_root / "trips" / "casa", Report())
    assert config is not None and config.timezone == "Europe/London"


@pytest.mark.parametrize("date", [None, "oggi", "today"])
def test_today_is_stamped_with_the_trip_clock(journal_root: Path, date: str | None) -> None:
    """Written from London into a trip in Italy without a place: the trip's local time."""
    folder = journal_root / "trips" / "alpi"
    folder.mkdir(parents=True)
    (folder / "trip.toml").write_text('timezone = "Europe/Rome"\n[title]\nit = "Alpi"\n')
    fields = {"date": date} if date else {}
    data = _front(journal_root, trip="alpi", title="Sera", **fields)
    assert data["time"] == "2015-06-27T21:05:30+02:00"


def test_the_day_is_the_trip_day_not_the_laptop_day(journal_root: Path) -> None:
    """23:30 in London is already tomorrow in Tokyo: `oggi` is Tokyo's day."""
    folder = journal_root / "trips" / "giappone"
    folder.mkdir(parents=True)
    (folder / "trip.toml").write_text('timezone = "Asia/Tokyo"\n[title]\nit = "Giappone"\n')
    late = dt.datetime(2015, 6, 27, 23, 30, tzinfo=LONDON)
    path = new_entry(journal_root, NewEntry(trip="giappone", title="Alba"), now=late).path
    assert path.name.startswith("2015-06-28-")
    assert "time: '2015-06-28T07:30:00+09:00'" in path.read_text(encoding="utf-8")


@pytest.mark.usefixtures("places_ready")
def test_a_named_place_inside_a_privacy_zone_gives_no_position(journal_root: Path) -> None:
    """The rider's word stays; the town centre inside his home zone is not written down."""
    (journal_root / "journal.toml").write_text(
        "[[privacy_zones]]\nlat = 45.1564\nlon = 10.7914\nradius_m = 3000\n", encoding="utf-8"
    )
    data = _front(journal_root, trip="casa", title="A casa", place="Mantova")
    assert data["place"] == "Mantova" and "location" not in data


@pytest.mark.usefixtures("places_ready")
def test_a_place_name_is_looked_for_near_the_trip_clock(journal_root: Path) -> None:
    """GeoNames also calls Barda, in Azerbaijan and more populous, `Bard`: a trip on Rome's
    clocks gets the Bard of the Aosta valley. Kyoto, known only in Japan, gives the word and
    no position, and the rider is told why."""
    folder = journal_root / "trips" / "aosta"
    folder.mkdir(parents=True)
    (folder / "trip.toml").write_text('timezone = "Europe/Rome"\n[title]\nit = "Aosta"\n')
    location = _front(journal_root, trip="aosta", title="Forte", place="Bard")["location"]
    assert isinstance(location, dict) and round(location["lat"], 1) == 45.6
    said: list[str] = []
    request = NewEntry(trip="aosta", title="Sogno", place="Kyoto")
    path = new_entry(journal_root, request, now=NOW, say=said.append).path
    data = frontmatter.parse(path.read_text(encoding="utf-8"), path).data
    assert data["place"] == "Kyoto" and "location" not in data
    assert data["time"] == "2015-06-27T21:05:30+02:00"
    assert said == [
        "--place 'Kyoto': the gazetteer knows only Kyoto (JP, Asia/Tokyo), far from this "
        "trip's clocks; no position written (--at LAT,LON gives one)"
    ]


@pytest.mark.usefixtures("places_ready")
def test_a_new_trip_weighs_a_place_name_against_this_machine_clock(
    journal_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From London, Siena is an hour ahead: plausible, its zone is the trip's; Kyoto is
    eight: the trip keeps this machine's zone, and says so."""
    monkeypatch.setenv("TZ", "Europe/London")
    siena = new_entry(journal_root, NewEntry(trip="toscana", place="Siena"), now=NOW)
    assert "time zone Europe/Rome (from Siena, IT);" in siena.notices[0]
    kyoto = new_entry(journal_root, NewEntry(trip="giappone", place="Kyoto"), now=NOW)
    assert "time zone Europe/London (this machine's);" in kyoto.notices[0]
