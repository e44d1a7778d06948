"""Real files from the wild: device files and app exports as people have them.

The device files are the real ones in ../shared/corpus (a COROS that misaligns a field, the
Strava Android app referring to a message it never defined, GPSLogger's one-point track, a
GPX unit without a clock, a planned route, tracks in eight pieces); the app exports are
reproduced from their documented formats where no real one can be shared (a Google semantic
month whose activities hold only the road Google matched, a Polarsteps account). Each test
runs the real `journal import`, and the report must say what came in and what did not.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import gpxpy
import pytest
from typer.testing import CliRunner

from journal.cli import app
from journal.core.errors import Report
from journal.load.config import create_trip
from journal.load.folder import load_trip
from tests.conftest import DATA, corpus_dir, needs_corpus

DEVICES = corpus_dir() / "device-files"
GPX_REAL = corpus_dir() / "gpx-real" / "files"
SAMPLES = DATA / "imports"
runner = CliRunner()


def run(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--root", str(root), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def problems(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(("warning:", "error:"))]


def gpx_of(trip: Path) -> gpxpy.gpx.GPX:
    (track,) = sorted((trip / "tracks").glob("*.gpx"))
    return gpxpy.parse(track.read_text(encoding="utf-8"))


@needs_corpus
@pytest.mark.parametrize(
    ("name", "fixes", "said"),
    [
        (
            "coros-pace-2-cycling-misaligned-fields.fit",
            10_305,
            r"5 faults read past \(invalid field size 1 in definition message @ 41093 for type "
            r"uint32 \(expected a multiple of 4\)\); 10,305 fixes read",
        ),
        (
            "strava-android-app-201.10-b1218918.fit",
            236,  # 237 fixes, one of them the same instant twice
            r"read up to a fault at byte 7,471 of 78,233 \(local message 11 not defined\): 237 "
            r"fixes recovered",
        ),
    ],
)
def test_a_device_file_with_a_fault_is_read_as_far_as_it_goes(
    journal_root: Path, name: str, fixes: int, said: str
) -> None:
    code, output = run(journal_root, "import", "gpx", str(DEVICES / name), "ride")
    assert code == 0, output
    assert any(re.fullmatch(f"warning: {re.escape(str(DEVICES / name))}: {said}", line)
               for line in problems(output)), output  # fmt: skip
    assert f"tracks: 1 new; {fixes} track points" in output
    points = gpx_of(journal_root / "trips" / "ride").get_track_points_no()
    assert points == fixes


@needs_corpus
def test_nothing_disappears_silently(journal_root: Path) -> None:
    """GPSLogger's track of one point and a FIT with no position are named, not dropped; an
    import that brings nothing makes no trip."""
    folder = journal_root.parent / "unit"
    folder.mkdir()
    for name in ("garmin_example.gpx", "nametest.FIT", "activity-large-fenxi2-multisport.fit"):
        shutil.copy(DEVICES / name, folder)
    code, output = run(journal_root, "import", "gpx", str(folder), "unit")
    assert code == 0, output
    left = [line.split(": ", 2)[2] for line in problems(output) if "left out" in line]
    assert left == [
        "4 points without a position (no GPS fix) left out (in activity-large-fenxi2-multisport"
        ".fit)",
        "7 repeated points (an instant twice) left out (in activity-large-fenxi2-multisport.fit)",
        "1 track or segment of a single point left out (in garmin_example.gpx)",
        "2 files with nothing to draw left out (in garmin_example.gpx, nametest.FIT)",
    ], output
    code, output = run(journal_root, "import", "gpx", str(DEVICES / "nametest.FIT"), "empty")
    assert code == 1, output
    assert problems(output)[-1] == (
        f"error: {DEVICES / 'nametest.FIT'}: nothing to import: no entry, line or place in it; "
        "no trip made or changed"
    )
    assert not (journal_root / "trips" / "empty").exists()


@needs_corpus
def test_separate_tracks_stay_separate_lines_and_the_gaps_are_not_ridden(
    journal_root: Path,
) -> None:
    """cerknicko-jezero.gpx holds 8 <trk>, one of them empty: 7 lines, written and drawn."""
    source = gpxpy.parse((GPX_REAL / "cerknicko-jezero.gpx").read_text(encoding="utf-8"))
    pieces = [s for t in source.tracks for s in t.segments if s.points]
    code, output = run(journal_root, "import", "gpx", str(GPX_REAL / "cerknicko-jezero.gpx"), "t")
    assert code == 0, output
    written = gpx_of(journal_root / "trips" / "t")
    assert [len(s.points) for t in written.tracks for s in t.segments] == [
        len(s.points) for s in pieces
    ]
    code, output = run(journal_root, "render", "t")
    assert code == 0, output
    route = json.loads((journal_root / "site/t/route.geojson").read_text(encoding="utf-8"))
    legs = [
        f["properties"]["leg"] for f in route["features"] if f["properties"]["kind"] == "segment"
    ]
    assert legs.count("recorded") == len(pieces), legs
    assert "estimated" in legs  # the gaps between the pieces: not recorded distance


@needs_corpus
def test_a_clock_never_set_is_named_and_the_line_kept(journal_root: Path) -> None:
    path = GPX_REAL / "Mojstrovka.gpx"
    code, output = run(journal_root, "import", "gpx", str(path), "t")
    assert code == 0, output
    assert (
        f"warning: {path}: its clock says 1901-12-13, before 2000: a clock that was never set: "
        "184 points imported without their times"
    ) in problems(output)
    assert "without time left out" not in output
    written = gpx_of(journal_root / "trips" / "t")
    assert written.get_track_points_no() == 184
    assert all(p.time is None for p in written.walk(only_points=True))


@needs_corpus
def test_a_planned_route_and_waypoints_come_in_as_such(journal_root: Path) -> None:
    code, output = run(journal_root, "import", "gpx", str(GPX_REAL / "route.gpx"), "plan")
    assert code == 0, output
    assert "tracks: 1 new; 0 track points, 1 planned route" in output
    planned = gpx_of(journal_root / "trips" / "plan")
    assert [len(r.points) for r in planned.routes] == [55] and not planned.tracks
    code, output = run(journal_root, "import", "gpx", str(GPX_REAL / "unicode.gpx"), "places")
    assert code == 0, output
    assert "tracks: 1 new; 0 track points, 6 waypoints" in output
    assert len(gpx_of(journal_root / "trips" / "places").waypoints) == 6


@needs_corpus
def test_a_device_file_dropped_in_tracks_is_named_until_imported(journal_root: Path) -> None:
    """A trip reads tracks/*.gpx: a FIT or TCX put there as the device wrote it is not lost
    without a word; the line tells the import that adds it, and once done it is quiet."""
    trip = create_trip(journal_root, "ride", "Ride", "it", zone="Europe/Rome")
    (trip / "tracks").mkdir()
    for name in ("garmin-edge-500-activity.fit", "test.tcx"):
        shutil.copy(DEVICES / name, trip / "tracks" / name)
    code, output = run(journal_root, "check", "ride")
    hints = [line for line in problems(output) if "journal import gpx" in line]
    assert len(hints) == 2, output
    for line in hints:
        command = shlex.split(line.split("`")[1])
        assert command[:3] == ["journal", "import", "gpx"] and command[-1] == "ride"
        code, imported = run(journal_root, *command[1:])
        assert code == 0 and "tracks: 1 new" in imported, imported
    code, output = run(journal_root, "check", "ride")
    assert "journal import gpx" not in output, output
    loaded = load_trip(trip, Report())
    assert loaded is not None and len(loaded.tracks) == 2


def test_google_activities_with_only_a_matched_road_are_positions(journal_root: Path) -> None:
    """A semantic month whose activity has a `waypointPath` (the road Google matched) and one
    with a `transitPath` (a train's stops), and no simplifiedRawPath: both give points."""

    def e7(lat: float, lon: float, lat_key: str = "latE7", lon_key: str = "lngE7") -> dict:
        return {lat_key: round(lat * 1e7), lon_key: round(lon * 1e7)}

    def activity(start: str, end: str, path: dict, a: tuple, b: tuple) -> dict:
        return {"activitySegment": {
            "startLocation": e7(*a, "latitudeE7", "longitudeE7"),
            "endLocation": e7(*b, "latitudeE7", "longitudeE7"),
            "duration": {"startTimestamp": start, "endTimestamp": end}, **path}}  # fmt: skip

    road = {"waypointPath": {"waypoints": [e7(45.74, 7.33), e7(45.60, 7.80), e7(45.40, 9.00)],
                             "source": "INFERRED"}}  # fmt: skip
    train = {"transitPath": {"transitStops": [
        e7(45.44, 10.99, "latitudeE7", "longitudeE7"), e7(45.25, 10.90, "latitudeE7",
        "longitudeE7")], "name": "R 2456"}}  # fmt: skip
    month = {"timelineObjects": [
        activity("2015-06-28T07:00:00Z", "2015-06-28T10:00:00Z", road, (45.737, 7.3201),
                 (45.4642, 9.19)),
        activity("2015-06-28T13:00:00.000Z", "2015-06-28T14:00:00.000Z", train,
                 (45.4384, 10.9916), (45.1564, 10.7914)),
    ]}  # fmt: skip
    export = journal_root.parent / "2015_JUNE.json"
    export.write_text(json.dumps(month), encoding="utf-8")
    code, output = run(journal_root, "import", "google-timeline", str(export), "t")
    assert code == 0, output
    assert "tracks: 1 new; 9 track points" in output  # 3 + 2 on the way, 2 ends each
    times = [p.time for p in gpx_of(journal_root / "trips" / "t").walk(only_points=True)]
    assert times == sorted(times) and len(set(times)) == 9


def test_polarsteps_living_location_is_no_home(journal_root: Path) -> None:
    """The account's town is a city centre the rider picked: the import says the home is
    unknown instead of hiding the town."""
    code, output = run(journal_root, "import", "polarsteps", str(SAMPLES / "polarsteps"), "t")
    assert code == 0, output
    toml = (journal_root / "trips" / "t" / "trip.toml").read_text(encoding="utf-8")
    assert "privacy_zones" not in toml
    assert (
        "warning: no privacy zone covers this trip and the export names no home: add your home "
        "to journal.toml's [[privacy_zones]] before publishing"
    ) in problems(output)


#: The first columns of activities.csv as Strava writes them in other languages: Italian as an
#: Italian account's export reads (a typographic apostrophe), German as a German one's; the
#: others in words journal does not know, to be read by position and content.
HEADERS = {
    "it": ["ID attività", "Data dell’attività", "Nome attività", "Tipo attività",
           "Descrizione attività"],
    "de": ["Aktivitäts-ID", "Aktivitätsdatum", "Name der Aktivität", "Aktivitätsart",
           "Aktivitätsbeschreibung"],
    "fr": ["ID de l'activité", "Date de l'activité", "Nom de l'activité", "Type", "Description"],
    "es": ["ID de actividad", "Fecha de la actividad", "Nombre", "Tipo", "Descripción"],
    "pt": ["ID da atividade", "Data da atividade", "Nome", "Tipo", "Descrição"],
    "nl": ["Activiteit-ID", "Activiteitsdatum", "Naam", "Type", "Beschrijving"],
}  # fmt: skip
OTHER_COLUMNS = {"it": "Nome del file", "de": "Dateiname"}


def _localised_strava(folder: Path, lang: str) -> Path:
    """The sample export as an account in `lang` writes it: header and dates translated."""
    import csv
    import datetime as dt

    from babel.dates import format_datetime

    export = Path(shutil.copytree(SAMPLES / "strava", folder / lang))
    with (export / "activities.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    header[:5] = HEADERS[lang]
    header[header.index("Filename")] = OTHER_COLUMNS.get(lang, "Fichier-" + lang)
    header[-1] = "Media-" + lang
    for row in rows[1:]:
        taken = dt.datetime.strptime(row[1], "%b %d, %Y, %I:%M:%S %p")
        row[1] = format_datetime(taken, "medium", locale=lang)
    with (export / "activities.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return export


@pytest.mark.parametrize("lang", sorted(HEADERS))
def test_a_strava_export_in_the_accounts_language_imports_as_the_english_one(
    tmp_path: Path, lang: str
) -> None:
    export = _localised_strava(tmp_path / "exports", lang)
    if lang == "it":
        assert _babel_medium("it") == "11 ago 2014, 16:27:28"  # the form the issue quotes
    roots = {}
    for name, path in (("en", SAMPLES / "strava"), (lang, export)):
        root = tmp_path / name
        (root / "trips").mkdir(parents=True)
        code, output = run(root, "import", "strava", str(path), "ride")
        assert code == 0, output
        roots[name] = root / "trips" / "ride"
    made = {p.relative_to(roots["en"]).as_posix(): p.read_bytes()
            for p in roots["en"].rglob("*") if p.is_file()}  # fmt: skip
    same = {p.relative_to(roots[lang]).as_posix(): p.read_bytes()
            for p in roots[lang].rglob("*") if p.is_file()}  # fmt: skip
    assert same == made


def _babel_medium(lang: str) -> str:
    import datetime as dt

    from babel.dates import format_datetime

    return format_datetime(dt.datetime(2014, 8, 11, 16, 27, 28), "medium", locale=lang)


def test_strava_dates_are_read_in_every_language_and_month() -> None:
    import datetime as dt

    from babel.dates import format_datetime

    from journal.importers.stravatable import LANGUAGES, parse_date

    for lang in LANGUAGES:
        for month in range(1, 13):
            when = dt.datetime(2019, month, 3 + month, 5 + month, 7, 9)
            written = format_datetime(when, "medium", locale=lang)
            assert parse_date(written) == when.replace(tzinfo=dt.UTC), (lang, written)
    assert parse_date("Jun 27, 2015, 6:30:00 AM") == dt.datetime(2015, 6, 27, 6, 30, tzinfo=dt.UTC)
    assert parse_date("20.09.2026, 14:12:12") == dt.datetime(2026, 9, 20, 14, 12, 12, tzinfo=dt.UTC)
    assert parse_date("yesterday") is None and parse_date("13.13.2020, 10:00:00") is None


def test_a_takeout_holds_files_that_are_no_history_and_they_pass_without_a_word(
    tmp_path: Path,
) -> None:
    """The history's Settings.json and Timeline Edits.json, and Maps' saved places, sit in a
    Takeout beside the history: known, read, skipped quietly."""
    takeout = Path(shutil.copytree(SAMPLES / "google-takeout", tmp_path / "Takeout"))
    history = next(p.parent for p in takeout.rglob("Records.json"))
    (history / "Settings.json").write_text(json.dumps({
        "createdTime": "2014-01-01T00:00:00Z", "historyEnabled": True,
        "deviceSettings": [{"deviceTag": 1, "reportingEnabled": True}],
        "retentionWindowDays": 0}), encoding="utf-8")  # fmt: skip
    (history / "Timeline Edits.json").write_text('{"timelineEdits": []}', encoding="utf-8")
    maps = takeout / "Maps (your places)"
    maps.mkdir()
    (maps / "Saved Places.json").write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-0.1106, 51.4545]},
         "properties": {"Title": "Casa"}}]}), encoding="utf-8")  # fmt: skip
    root = tmp_path / "journal"
    (root / "trips").mkdir(parents=True)
    code, output = run(root, "import", "google-timeline", str(takeout), "t")
    assert code == 0, output
    named = [line for line in problems(output) if "Settings" in line or "Saved Places" in line
             or "Timeline Edits" in line]  # fmt: skip
    assert named == [], output


def test_day_ones_object_marks_do_not_reach_the_entry(tmp_path: Path) -> None:
    """Day One keeps U+FFFC where an attachment sat in its editor: an invisible box."""
    export = Path(shutil.copytree(SAMPLES / "dayone", tmp_path / "dayone"))
    journal = json.loads((export / "Viaggi.json").read_text(encoding="utf-8"))
    journal["entries"][0]["text"] += "\n\nUltima riga \ufffc con un segno.\ufffc"
    (export / "Viaggi.json").write_text(json.dumps(journal), encoding="utf-8")
    root = tmp_path / "journal"
    (root / "trips").mkdir(parents=True)
    code, output = run(root, "import", "dayone", str(export), "t")
    assert code == 0, output
    texts = [p.read_text(encoding="utf-8") for p in (root / "trips/t/entries").glob("*.md")]
    assert any("Ultima riga  con un segno." in text for text in texts)
    assert not any("\ufffc" in text for text in texts)


def test_in_a_folder_mixing_continents_each_file_is_dated_in_its_own_place(
    journal_root: Path,
) -> None:
    """A ride in New Zealand and one in Chile, an hour apart in UTC on either side of
    midnight: each file's day is the one of where it was ridden."""
    import datetime as dt

    folder = journal_root.parent / "world"
    folder.mkdir()
    utc = dt.UTC
    rides = {"auckland": (-36.85, 174.76, dt.datetime(2019, 3, 1, 13, 0, tzinfo=utc)),
             "santiago": (-33.45, -70.66, dt.datetime(2019, 3, 2, 2, 0, tzinfo=utc))}  # fmt: skip
    for name, (lat, lon, start) in rides.items():
        points = "".join(
            f'<trkpt lat="{lat + i / 1000}" lon="{lon}"><time>'
            f"{(start + dt.timedelta(minutes=i)).strftime('%Y-%m-%dT%H:%M:%SZ')}</time></trkpt>"
            for i in range(10)
        )
        (folder / f"{name}.gpx").write_text(
            '<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
            f"{points}</trkseg></trk></gpx>",
            encoding="utf-8",
        )
    code, output = run(journal_root, "import", "gpx", str(folder), "nz",
                       "--from", "2019-03-02", "--to", "2019-03-02")  # fmt: skip
    assert code == 0, output
    assert sorted(p.name for p in (journal_root / "trips/nz/tracks").iterdir()) == [
        "auckland.gpx"  # 14:00 NZDT on the 2nd; Santiago's 23:00 on the 1st stays out
    ]


def test_check_and_the_page_agree_on_a_day_one_photo_without_time(tmp_path: Path) -> None:
    """Day One photos often carry no EXIF: placed at their entry's position, without a
    time. They sit inline in their entry, and `check` must not say they are in none."""
    from tests.photofactory import ExifSpec, write_jpeg

    export = Path(shutil.copytree(SAMPLES / "dayone", tmp_path / "dayone"))
    for photo in (export / "photos").iterdir():
        write_jpeg(photo, ExifSpec())  # the picture alone: no time, no position
    root = tmp_path / "journal"
    (root / "trips").mkdir(parents=True)
    (root / "journal.toml").write_text(
        "[[privacy_zones]]\nlat = 51.4545\nlon = -0.1106\nradius_m = 500\n", encoding="utf-8"
    )
    code, output = run(root, "import", "dayone", str(export), "t")
    assert code == 0, output
    code, output = run(root, "check", "t")
    assert code == 0, output
    assert "not in any day's entry" not in output and "in no day's entry" not in output
    code, output = run(root, "render", "t")
    page = (root / "site" / "t" / "index.html").read_text(encoding="utf-8")
    inline = page.split('id="2015-06-27-champagne-e-cittadelle"', 1)[1].split("</article>", 1)[0]
    assert "media/dayone-a868dbf9ce3a35da81009684427fcf83.jpg" in inline


def test_a_google_import_opens_the_gazetteer_only_to_name_a_stay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Takeout's stays come with their names: the gazetteer is not opened (nor built, which
    takes seconds on a machine where `journal init` never ran). An iPhone's come without:
    it is built once, kept in the user's cache, and names them."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    root = tmp_path / "journal"
    (root / "trips").mkdir(parents=True)
    code, output = run(root, "import", "google-timeline", str(SAMPLES / "google-takeout"), "a")
    assert code == 0, output
    assert not list(cache.rglob("gazetteer-*")), "the gazetteer was opened for named stays"
    code, output = run(root, "import", "google-timeline", str(SAMPLES / "google-ios"), "b")
    assert code == 0, output
    assert len(list(cache.rglob("gazetteer-*"))) == 1
