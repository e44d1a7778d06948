"""The export readers one by one: what each documented variant turns into, and the odd values
real exports hold (E7 integers, `lat°, lon°` and `geo:` strings, epoch milliseconds in strings,
Day One's escapes and moment links, FIT semicircles, Strava's repeated headers)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import gpxpy
import pytest

from journal.core.errors import Report
from journal.core.models import GeoPoint, PrivacyZone, TrackPoint
from journal.importers.activities import read_activity, read_activity_folder
from journal.importers.dayone import read_dayone, split_title, unescape
from journal.importers.exportfiles import ExportTree, FolderTree, Member, open_export
from journal.importers.google import kind_of, read_google
from journal.importers.language import detect_language
from journal.importers.model import Export, PrivatePlace
from journal.importers.polarsteps import read_polarsteps
from journal.importers.strava import read_strava
from journal.importers.tracks import day_tracks
from journal.importers.values import e7, epoch, instant, latlng_text
from journal.importers.zones import zones_for
from tests.conftest import DATA

SAMPLES = DATA / "imports"


def read(reader: Callable[[ExportTree, Report], Export], path: Path, report: Report) -> Export:
    """What `reader` makes of the export at `path`, opened as `journal import` opens it."""
    with open_export(path) as tree:
        return reader(tree, report)


def member(path: Path) -> Member:
    """One file as a member of the folder it is in."""
    found = FolderTree(path.parent).member(path.name)
    assert found is not None, path
    return found


CEST = dt.timezone(dt.timedelta(hours=2))


def codes(report: Report) -> list[str]:
    return sorted(p.code for p in report)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("45.1564°, 10.7914°", GeoPoint(45.1564, 10.7914)),
        ("-22.9189912°, -43.224765°", GeoPoint(-22.9189912, -43.224765)),
        ("geo:45.156400,10.791400", GeoPoint(45.1564, 10.7914)),
        ({"latLng": "45.1°, 10.7°"}, GeoPoint(45.1, 10.7)),
        ("geo:91,10", None),
        ("0°, 0°", None),
        ("Mantova", None),
        (None, None),
    ],
)
def test_positions_in_every_spelling_google_used(text: object, expected: GeoPoint | None) -> None:
    assert latlng_text(text) == expected


def test_e7_and_instants() -> None:
    assert e7(451564000, 107914000) == GeoPoint(45.1564, 10.7914)
    assert e7("451564000", 107914000) is None  # a string is not Google's integer
    assert instant("2015-06-27T05:00:00.000Z") == dt.datetime(2015, 6, 27, 5, tzinfo=dt.UTC)
    assert instant("2015-06-27T07:00:00+02:00") == dt.datetime(2015, 6, 27, 5, tzinfo=dt.UTC)
    assert instant("2015-06-27T07:00:00") is None  # naive: whose clock?
    assert epoch("1435381200000", millis=True) == dt.datetime(2015, 6, 27, 5, tzinfo=dt.UTC)
    assert epoch(1435381200.0) == dt.datetime(2015, 6, 27, 5, tzinfo=dt.UTC)
    assert epoch("yesterday") is None


#: Notes as riders write them on the road: a few words, often no small word at all.
SHORT_NOTES = {
    "en": ["Dinner in Mantua by the lake.", "Rain all day. Cold.", "Great ride!",
           "Lunch at Bard, fort closed.", "Slept in Aosta", "Long day, 400 km.",
           "Coffee in the square", "Ferry to Dover", "Breakfast"],
    "it": ["Cena a Mantova sul lago.", "Pioggia tutto il giorno. Freddo.", "Bella giornata!",
           "Pranzo a Bard, forte chiuso.", "Benzina", "Dormito ad Aosta",
           "Giornata lunga, 400 km.", "Caffè in piazza", "Traghetto per Dover", "Colazione"],
}  # fmt: skip


def test_language_is_told_on_short_notes_and_not_guessed_on_none() -> None:
    assert (
        detect_language("Oggi la strada per Aosta era piena di sole, e ci siamo fermati.") == "it"
    )
    assert detect_language("Today the road to Aosta was sunny, and we stopped for lunch.") == "en"
    for lang, notes in SHORT_NOTES.items():
        assert [detect_language(note) for note in notes] == [lang] * len(notes), lang
    for undecided in ("Aosta!", "", "Km 0", "Mantua"):
        assert detect_language(undecided) is None, undecided


def test_polarsteps_steps_become_entries_in_their_own_time_zones() -> None:
    report = Report()
    export = read(read_polarsteps, SAMPLES / "polarsteps", report)
    assert [e.key for e in export.entries] == [
        "polarsteps:101", "polarsteps:102", "polarsteps:103", "polarsteps:105",
    ]  # fmt: skip
    start, aosta, mantua, _ = export.entries
    assert start.time.isoformat() == "2015-06-27T06:30:00+01:00"  # Europe/London in summer
    assert aosta.time.isoformat() == "2015-06-28T09:00:00+02:00"
    assert aosta.weather == {"condition": "clear-day", "temperature_c": 24.5}
    assert [p.name for p in aosta.photos] == [
        "2015-06-28-aosta/a1b2c3d4_colazione.jpg", "2015-06-28-aosta/e5f6a7b8_valle.jpg",
    ]  # fmt: skip
    assert mantua.location == GeoPoint(45.1564, 10.7914) and mantua.place == "Mantova"
    assert export.private_places == []  # living_location is a town the rider picked, no home
    assert codes(report) == ["import.not-photo"]
    times = [p.time for t in export.tracks for s in t.segments for p in s]
    assert times == sorted(times) and len(times) == 46  # the tracker's points, in time order
    assert [t.name for t in export.tracks] == ["polarsteps-2015-06-27", "polarsteps-2015-06-28"]


def test_google_takeout_reads_old_and_new_records_and_the_semantic_month() -> None:
    report = Report()
    export = read(read_google, SAMPLES / "google-takeout", report)
    day1, day2 = export.tracks
    assert day1.point_count == 25  # both timestampMs and timestamp read, coarse and bad dropped
    assert [w.name for w in day1.waypoints] == ["Hotel Bellevue Dover"]
    assert day2.point_count == 21  # the activity's path, its start and end
    assert [p.label for p in export.private_places] == ["home"]
    assert codes(report) == ["import.unknown-file"]
    assert export.left.counts == {"bad-item": 2, "coarse": 1}  # as the samples were made


def test_google_on_the_phone_android_and_ios() -> None:
    android = read(read_google, SAMPLES / "google-android" / "Timeline.json", Report())
    assert sorted(p.label for p in android.private_places) == ["home", "home", "work"]
    assert [t.day.isoformat() for t in android.tracks] == ["2015-06-27", "2015-06-28"]
    heights = [p.alt for p in android.tracks[1].segments[0] if p.alt is not None]
    assert heights[:2] == [300.0, 301.0]  # raw signals carry the height
    ios = read(read_google, SAMPLES / "google-ios", Report())
    day1 = ios.tracks[0].segments[0]
    assert day1[1].time - day1[0].time == dt.timedelta(minutes=7)  # minutes after the start
    assert [p.label for p in ios.private_places] == ["home"]
    assert [w.lat for w in ios.tracks[1].waypoints] == [45.1564]


def test_google_files_are_told_apart_by_content_not_name() -> None:
    assert kind_of({"locations": []}) == "records"
    assert kind_of({"timelineObjects": []}) == "semantic"
    assert kind_of({"semanticSegments": []}) == "device"
    assert kind_of([{"startTime": "x", "visit": {}}]) == "device"
    assert kind_of({"playlists": []}) is None
    assert kind_of([1, 2]) is None


def test_day_one_text_keeps_its_meaning_without_the_escapes() -> None:
    assert (
        unescape("Arrivati\\. Che giornata\\! \\(presto\\)") == "Arrivati. Che giornata! (presto)"
    )
    assert unescape("\\- non una lista\n1\\. nemmeno\n\\# non un titolo") == (
        "\\- non una lista\n1\\. nemmeno\n\\# non un titolo"
    )
    assert unescape("a \\- b, 2\\. c, \\*x\\* \\<script\\>") == "a - b, 2. c, \\*x\\* \\<script>"
    assert split_title("# Titolo\n\nTesto.") == ("Titolo", "Testo.")
    assert split_title("One two three four five six seven eight nine.") == (
        "One two three four five six seven eight…",
        "One two three four five six seven eight nine.",
    )


def test_day_one_entries_link_their_photos_and_keep_weather_and_time() -> None:
    report = Report()
    export = read(read_dayone, SAMPLES / "dayone", report)
    reims, mantua, notes = export.entries
    assert reims.title == "Champagne e cittadelle"
    assert reims.time.isoformat() == "2015-06-27T20:30:00+02:00"
    photo = reims.photos[0].name
    assert f"![](photos/{photo})" in reims.body and "dayone-moment" not in reims.body
    assert reims.weather == {"condition": "Partly Cloudy", "temperature_c": 22.4}
    assert reims.place == "Reims"
    assert "dayone-moment" not in mantua.body and len(mantua.photos) == 1
    assert notes.title == '"Quotes" & {{ page.title }}'
    assert export.slug == "viaggi" and export.timezone == "Europe/Rome"
    assert codes(report) == [
        "import.missing-photo", "import.no-time", "import.not-photo", "import.not-photo",
    ]  # fmt: skip


def test_strava_reads_gpx_fit_and_gzip_and_says_what_it_skipped() -> None:
    report = Report()
    export = read(read_strava, SAMPLES / "strava", report)
    assert [t.name for t in export.tracks] == ["strava-101", "strava-102", "strava-103"]
    assert [t.title for t in export.tracks][:2] == ["Londra–Dover", "Aosta to Mantua"]
    assert export.tracks[1].point_count == 21  # the FIT records before the first fix are not
    assert [e.key for e in export.entries] == ["strava:101", "strava:103"]
    dover = export.entries[0]
    assert dover.time.isoformat() == "2015-06-27T06:00:00+01:00"
    assert [p.name for p in dover.photos] == ["strava/5c1d9e3a-dover.jpg"]
    warned = {(p.path.name if p.path else None, p.line, p.code) for p in report}
    assert warned == {("105.fit", None, "import.bad-track")}
    assert export.left.lines() == [
        ("import.left-no-fix", "3 points without a position (no GPS fix) left out (in 102.fit.gz)"),
        ("import.left-no-file", "1 activity without a file (entered by hand) left out "
         "(in activities.csv line 5)"),
    ]  # fmt: skip


def test_fit_semicircles_heights_and_times(tmp_path: Path) -> None:
    fit = gzip.decompress((SAMPLES / "strava" / "activities" / "102.fit.gz").read_bytes())
    (tmp_path / "a.fit").write_bytes(fit)
    activity = read_activity(member(tmp_path / "a.fit"))
    first = activity.points[0]
    assert (first.lat, first.lon) == pytest.approx((45.7370, 7.3201), abs=1e-6)
    assert first.alt == 200.0 and first.time == dt.datetime(2015, 6, 28, 7, tzinfo=dt.UTC)
    (tmp_path / "b.fit").write_bytes(fit[:-1] + bytes([fit[-1] ^ 0xFF]))  # a wrong checksum
    damaged = read_activity(member(tmp_path / "b.fit"))
    assert damaged.points == activity.points  # read all the same, and said
    assert damaged.reasons[0].startswith("1 fault read past (mismatching CRC in FIT footer")
    (tmp_path / "c.fit").write_bytes(b"<html>not a FIT</html>")
    assert read_activity(member(tmp_path / "c.fit")).reasons[0].startswith("not a FIT file")


#: A ride as Strava exports an activity first uploaded from a Garmin: spaces before the XML
#: declaration (Strava's own), laps, a point without a fix (a pause: heart rate only), a
#: point without time, times in UTC and with an offset.
TCX_RIDE = """          <?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
  xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
 <Activities><Activity Sport="Biking"><Id>2015-06-28T07:00:00Z</Id>
  <Lap StartTime="2015-06-28T07:00:00Z"><TotalTimeSeconds>600</TotalTimeSeconds><Track>
   <Trackpoint><Time>2015-06-28T07:00:00Z</Time><Position><LatitudeDegrees>45.7370
    </LatitudeDegrees><LongitudeDegrees>7.3201</LongitudeDegrees></Position>
    <AltitudeMeters>583.4</AltitudeMeters><HeartRateBpm><Value>92</Value></HeartRateBpm>
   </Trackpoint>
   <Trackpoint><Time>2015-06-28T07:01:00Z</Time><HeartRateBpm><Value>95</Value></HeartRateBpm>
   </Trackpoint>
   <Trackpoint><Position><LatitudeDegrees>45.7400</LatitudeDegrees>
    <LongitudeDegrees>7.3300</LongitudeDegrees></Position></Trackpoint>
  </Track></Lap>
  <Lap StartTime="2015-06-28T07:05:00Z"><Track>
   <Trackpoint><Time>2015-06-28T09:10:00.000+02:00</Time><Position><LatitudeDegrees>45.7500
    </LatitudeDegrees><LongitudeDegrees>7.3500</LongitudeDegrees></Position></Trackpoint>
   <Trackpoint><Time>2015-06-28T07:05:00Z</Time><Position><LatitudeDegrees>45.7450
    </LatitudeDegrees><LongitudeDegrees>7.3400</LongitudeDegrees></Position>
    <AltitudeMeters>601</AltitudeMeters></Trackpoint>
  </Track></Lap>
 </Activity></Activities>
</TrainingCenterDatabase>
"""


def test_tcx_trackpoints_with_their_own_times_fixes_and_heights(tmp_path: Path) -> None:
    (tmp_path / "ride.tcx.gz").write_bytes(gzip.compress(TCX_RIDE.encode()))
    activity = read_activity(member(tmp_path / "ride.tcx.gz"))
    at = [(p.lat, p.lon, p.alt, p.time) for p in activity.points]
    utc = dt.datetime(2015, 6, 28, 7, tzinfo=dt.UTC)
    assert at == [
        (45.737, 7.3201, 583.4, utc),
        (45.745, 7.34, 601.0, utc + dt.timedelta(minutes=5)),
        (45.75, 7.35, None, utc + dt.timedelta(minutes=10)),
    ]
    assert activity.left == {"no-fix": 1, "untimed": 1}
    (tmp_path / "page.tcx").write_text("<html><body>Strava</body></html>", "utf-8")
    assert read_activity(member(tmp_path / "page.tcx")).reasons[0].startswith("not a TCX file")
    (tmp_path / "cut.tcx").write_text(TCX_RIDE[:700], "utf-8")
    assert read_activity(member(tmp_path / "cut.tcx")).reasons[0].startswith("not a TCX file")


def test_a_tcx_course_draws_its_line_and_marks_its_course_points(tmp_path: Path) -> None:
    course = """<?xml version="1.0"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
 <Courses><Course><Name>Colle del Nivolet</Name><Track>
  <Trackpoint><Time>2015-06-29T08:00:00Z</Time><Position><LatitudeDegrees>45.48</LatitudeDegrees>
   <LongitudeDegrees>7.14</LongitudeDegrees></Position></Trackpoint>
  <Trackpoint><Time>2015-06-29T09:00:00Z</Time><Position><LatitudeDegrees>45.47</LatitudeDegrees>
   <LongitudeDegrees>7.16</LongitudeDegrees></Position></Trackpoint>
 </Track><CoursePoint><Name>Rifugio</Name><Time>2015-06-29T08:30:00Z</Time><Position>
  <LatitudeDegrees>45.475</LatitudeDegrees><LongitudeDegrees>7.15</LongitudeDegrees></Position>
 </CoursePoint></Course></Courses>
</TrainingCenterDatabase>
"""
    (tmp_path / "nivolet.tcx").write_text(course, "utf-8")
    (tmp_path / "notes.txt").write_text("not an activity\n", "utf-8")
    report = Report()
    export = read(read_activity_folder, tmp_path, report)
    [track] = export.tracks
    assert (track.name, track.title, track.day) == ("nivolet", "Colle del Nivolet",
                                                    dt.date(2015, 6, 29))  # fmt: skip
    assert [(p.lat, p.lon) for p in track.segments[0]] == [(45.48, 7.14), (45.47, 7.16)]
    assert [(w.name, w.lat, w.lon) for w in track.waypoints] == [("Rifugio", 45.475, 7.15)]
    assert list(report) == []


def test_a_folder_of_activities_is_a_track_each_in_time_order(tmp_path: Path) -> None:
    report = Report()
    export = read(read_activity_folder, SAMPLES / "gpx", report)
    assert sorted(t.name for t in export.tracks) == ["alpi", "dover", "lago"]
    dover = next(t for t in export.tracks if t.name == "dover")
    times = [p.time for p in dover.segments[0]]
    assert times == sorted(times) and len(times) == 25
    assert [(p.path.name, p.code) for p in report] == [("broken.gpx", "file.not-gpx")]


def test_day_tracks_cut_at_local_midnight_not_utc() -> None:
    """22:00 UTC is already the next day in Rome, still the same day in London."""
    late = dt.datetime(2015, 6, 27, 22, 0, tzinfo=dt.UTC)
    rome = [TrackPoint(45.1564, 10.7914, None, late + dt.timedelta(minutes=m)) for m in (0, 45)]
    tracks = day_tracks("t", "T", rome)
    assert [t.day.isoformat() for t in tracks] == ["2015-06-28"]
    london = [TrackPoint(51.5, -0.12, None, late + dt.timedelta(minutes=m)) for m in (0, 45)]
    assert [t.day.isoformat() for t in day_tracks("t", "T", london)] == ["2015-06-27"]


def test_the_same_home_seen_often_is_one_zone_and_a_known_one_none() -> None:
    origin = Path("Records.json")
    homes = [
        PrivatePlace(51.4545, -0.1106, "home", origin),
        PrivatePlace(51.4547, -0.1104, "home", origin),
    ]
    made = zones_for(homes, ())
    assert [(z.lat, z.lon, z.radius_m) for z, _ in made] == [(51.4545, -0.1106, 500.0)]
    assert zones_for(homes, (PrivacyZone(51.4546, -0.1105, 300.0),)) == []


def test_written_tracks_read_back_with_gpxpy(tmp_path: Path) -> None:
    from journal.importers.staging import Staging
    from journal.importers.tripwriter import Ledger, write_tracks

    export = read(read_google, SAMPLES / "google-takeout", Report())
    stage = Staging(tmp_path / "trip")
    write_tracks(stage, export.tracks, Report(), Ledger(stage.trip_dir))
    stage.commit()
    tmp_path = stage.trip_dir
    gpx = gpxpy.parse((tmp_path / "tracks" / "timeline-2015-06-27.gpx").read_text("utf-8"))
    assert len(gpx.tracks[0].segments[0].points) == 25
    assert [w.name for w in gpx.waypoints] == ["Hotel Bellevue Dover"]


def test_file_names_in_an_export_cannot_reach_outside_it(tmp_path: Path) -> None:
    """A Day One `md5` or a Strava `Media` path is data: `..` in it reads and writes nothing."""
    (tmp_path / "photos").mkdir()
    (tmp_path / "secret.jpeg").write_bytes(b"not yours")
    entry = {"uuid": "x", "creationDate": "2015-06-27T10:00:00Z", "text": "![](dayone-moment://A)",
             "photos": [{"identifier": "A", "md5": "../secret", "type": "jpeg"}]}  # fmt: skip
    (tmp_path / "J.json").write_text(json.dumps({"entries": [entry]}), encoding="utf-8")
    report = Report()
    (found,) = read(read_dayone, tmp_path, report).entries
    assert found.photos == () and found.body == ""
    assert "import.missing-photo" in codes(report)
    strava = tmp_path / "strava"
    shutil.copytree(SAMPLES / "strava", strava)
    table = (strava / "activities.csv").read_text("utf-8")
    (strava / "activities.csv").write_text(
        table.replace("media/5c1d9e3a-dover.jpg", "../secret.jpeg")
    )
    report = Report()
    assert read(read_strava, strava, report).entries[0].photos == ()
    assert "import.not-photo" in codes(report)
