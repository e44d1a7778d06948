"""`journal import` end to end: each sample export into a trip that checks and renders, with
the home as a privacy zone and never on the map, and a second import that changes nothing.

The samples are tests/data/imports/ (made by tests/data/make_imports.py from the documented
formats). The commands run through Typer's runner on a fresh journal root each time.
"""

from __future__ import annotations

import gzip
import json
import shutil
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from journal.cli import app
from journal.core.geo import haversine_m
from journal.core.models import PrivacyZone
from tests.conftest import DATA
from tests.sitescan import files_under, zone_hits

SAMPLES = DATA / "imports"
HOME = PrivacyZone(51.4545, -0.1106, 500.0, "home")
ACCOUNT_WORDS = ("rider@example.org", "rider-example", "Rider Example")
JOURNAL_ZONE = "[[privacy_zones]]\nlat = 51.4545\nlon = -0.1106\nradius_m = 500\n"

runner = CliRunner()

#: (source, sample path, trip slug, whether the export itself names the home)
CASES = [
    ("polarsteps", "polarsteps", "alpi-in-moto", False),  # living_location is no home
    ("google-timeline", "google-takeout", "timeline-2015-06-27", True),
    ("google-timeline", "google-android/Timeline.json", "timeline-2015-06-27", True),
    ("google-timeline", "google-ios", "timeline-2015-06-27", True),
    ("dayone", "dayone", "viaggi", False),
    ("strava", "strava", "strava-2015-06-27", False),
    ("gpx", "gpx", "gpx", False),
]


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def scan(paths: list[Path]) -> tuple[list[str], int]:
    """Coordinates inside the home zone, and how many coordinate pairs were read at all."""
    found, pairs = [], 0
    for path in paths:
        if path.suffix.lower() not in {".jpg", ".jpeg", ".png", ".webp"}:
            hits, count = zone_hits(path, (HOME,))
            found += [str(hit) for hit in hits]
            pairs += count
    return found, pairs


def hits_in(paths: list[Path]) -> list[str]:
    return scan(paths)[0]


def test_the_samples_hold_the_home_the_import_must_hide() -> None:
    """The leak scan is only worth something if it sees the home in the raw exports (Google
    Takeout writes E7 integers, which no page does)."""
    for sample in ("polarsteps", "google-android", "google-ios", "strava", "gpx"):
        assert hits_in([p for p in (SAMPLES / sample).rglob("*") if p.is_file()]), sample


@pytest.mark.parametrize(("source", "sample", "slug", "names_home"), CASES)
def test_a_sample_imports_into_a_trip_that_checks_and_renders_without_the_home(
    tmp_path: Path, source: str, sample: str, slug: str, names_home: bool
) -> None:
    (tmp_path / "trips").mkdir()
    if not names_home:  # the rider's own zone, as journal.toml holds it
        (tmp_path / "journal.toml").write_text(JOURNAL_ZONE, encoding="utf-8")
    code, out, err = run(tmp_path, "import", source, str(SAMPLES / sample))
    assert code == 0, out + err
    trip = tmp_path / "trips" / slug
    assert f"-> {trip} (created)" in out

    zones = tomllib.loads((trip / "trip.toml").read_text("utf-8")).get("privacy_zones", [])
    near_home = [z for z in zones if haversine_m(z["lat"], z["lon"], HOME.lat, HOME.lon) < 50]
    assert bool(near_home) == names_home, zones
    if names_home:
        assert "privacy zone added to trip.toml: home" in out
        # unnamed, so pages name the town around it; where it came from is a comment
        assert all("name" not in zone for zone in zones), zones
        assert "\n# home, from " in (trip / "trip.toml").read_text("utf-8")

    copied = [p for p in trip.rglob("*") if p.is_file() and p.name != "trip.toml"]
    assert not hits_in(copied), "the home reached the trip's own files"
    text = "\n".join(p.read_text("utf-8", "replace") for p in copied)
    assert not [word for word in ACCOUNT_WORDS if word in text]

    code, out, err = run(tmp_path, "check", slug)
    assert code == 0, out + err
    code, out, err = run(tmp_path, "render", slug)
    assert code == 0, out + err
    site = tmp_path / "site" / slug
    assert (site / "index.html").is_file()
    hits, pairs = scan(files_under(site))
    assert pairs > 20 and not hits, hits or "the site should show the route"

    before = tree(trip)
    code, out, err = run(tmp_path, "import", source, str(SAMPLES / sample))
    assert code == 0, out + err
    assert tree(trip) == before, "a second import changed the trip"
    assert all(f"{kind}: 0 new" in out for kind in ("entries", "photos", "tracks")), out
    assert "privacy zones: none added" in out


def test_a_zip_imports_like_its_folder_and_problems_name_files_inside_it(tmp_path: Path) -> None:
    archive = tmp_path / "user_data.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted((SAMPLES / "polarsteps").rglob("*")):
            zf.write(path, Path("user_data") / path.relative_to(SAMPLES / "polarsteps"))
    roots = [tmp_path / "from-zip", tmp_path / "from-folder"]
    for root, path in zip(roots, [archive, SAMPLES / "polarsteps"], strict=True):
        (root / "trips").mkdir(parents=True)
        code, out, err = run(root, "import", "polarsteps", str(path))
        assert code == 0, out + err
    assert tree(roots[0] / "trips") == tree(roots[1] / "trips")
    _, _, err = run(roots[0], "import", "polarsteps", str(archive))
    assert f"warning: {archive}/user_data/trip/alpi-in-moto_7001/aosta_102: 1 videos" in err


@pytest.mark.parametrize(
    ("source", "sample", "line"),
    [
        (
            "polarsteps",
            "polarsteps-broken",
            "error: {p}/trip/rotto_7002/trip.json:3: not valid JSON",
        ),
        ("dayone", "dayone-broken", "error: {p}/Journal.json: not a Day One export"),
        ("google-timeline", "google-broken/unknown.json", "error: {p}: not a Google Timeline file"),
        ("google-timeline", "google-broken", "error: {p}/Records.json:2: not valid JSON"),
        ("strava", "gpx", "error: {p}: no activities.csv here"),
        ("gpx", "dayone", "error: {p}: no GPX, FIT or TCX file"),
    ],
)
def test_a_broken_or_unknown_export_is_one_error_line_naming_the_file(
    journal_root: Path, source: str, sample: str, line: str
) -> None:
    path = SAMPLES / sample
    code, _, err = run(journal_root, "import", source, str(path))
    assert code == 1
    errors = [e for e in err.splitlines() if e.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(line.format(p=path)), err


def test_an_unknown_json_inside_a_folder_is_only_a_warning(journal_root: Path) -> None:
    code, _, err = run(journal_root, "import", "google-timeline", str(SAMPLES / "google-broken"))
    assert f"warning: {SAMPLES}/google-broken/unknown.json: not location history" in err
    assert code == 1  # Records.json there is malformed


def test_an_edited_entry_and_the_riders_own_files_are_left_alone(journal_root: Path) -> None:
    trip = journal_root / "trips" / "alpi"
    (trip / "entries").mkdir(parents=True)
    toml = '# my trip\ndefault_lang = "it"\ntimezone = "Europe/Rome"\n\n[title]\nit = "Alpi"\n'
    (trip / "trip.toml").write_text(toml, encoding="utf-8")
    mine = trip / "entries" / "2015-06-28-aosta.it.md"
    mine.write_text("---\ntitle: Aosta\n---\n\nScritto da me.\n", encoding="utf-8")
    code, out, err = run(journal_root, "import", "polarsteps", str(SAMPLES / "polarsteps"), "alpi")
    assert code == 0, out + err
    assert mine.read_text("utf-8") == "---\ntitle: Aosta\n---\n\nScritto da me.\n"
    imported = trip / "entries" / "2015-06-28-aosta-2.it.md"
    assert "source: polarsteps:102" in imported.read_text("utf-8")
    text = (trip / "trip.toml").read_text("utf-8")
    assert text.startswith(toml) and "(updated)" in out

    imported.write_text(imported.read_text("utf-8") + "\nAggiunto dopo.\n", encoding="utf-8")
    edited = imported.read_bytes()
    code, out, err = run(journal_root, "import", "polarsteps", str(SAMPLES / "polarsteps"), "alpi")
    assert code == 0 and imported.read_bytes() == edited
    assert f"warning: {imported}: changed since it was imported (polarsteps:102); left alone" in err
    assert "entries: 0 new, 3 already there, 1 left alone (changed since)" in out
    assert text == (trip / "trip.toml").read_text("utf-8"), "trip.toml was written twice"


def test_what_the_rider_deleted_after_an_import_stays_deleted(journal_root: Path) -> None:
    """Importing the export again (for the days added since) must not bring back the entry,
    photo or track the rider threw away; deleting its line in imported.txt does."""
    args = ["import", "polarsteps", str(SAMPLES / "polarsteps"), "alpi"]
    code, out, err = run(journal_root, *args)
    assert code == 0, out + err
    trip = journal_root / "trips" / "alpi"
    fronts = {e: yaml.safe_load(e.read_text("utf-8").split("---")[1]) for e in
              sorted((trip / "entries").glob("*.md"))}  # fmt: skip
    entry, front = next((e, f) for e, f in fronts.items() if f.get("photos"))
    source, photo = front["source"], trip / "photos" / front["photos"][0]  # gone with its entry
    track = sorted((trip / "tracks").glob("*.gpx"))[0]
    for path in (entry, photo, track):
        path.unlink()
    before = tree(trip)

    code, out, err = run(journal_root, *args)
    assert code == 0, out + err
    assert tree(trip) == before
    for kind in ("entries", "photos", "tracks"):
        assert "1 deleted since an earlier import, left out (imported.txt)" in out.split(
            f"  {kind}: ")[1].splitlines()[0]  # fmt: skip
    assert run(journal_root, "check", "alpi")[0] == 0

    ledger = trip / "imported.txt"
    wanted = f"file {photo.relative_to(trip).as_posix()}"
    lines = ledger.read_text("utf-8").splitlines()
    assert f"entry {source}" in lines and wanted in lines
    ledger.write_text("\n".join(x for x in lines if x != wanted) + "\n", encoding="utf-8")
    code, out, err = run(journal_root, *args)
    assert code == 0 and photo.is_file() and not entry.exists() and not track.exists()
    assert wanted in ledger.read_text("utf-8").splitlines()


def test_a_garmin_tcx_imports_into_a_trip_that_renders(journal_root: Path) -> None:
    from tests.test_importers import TCX_RIDE

    folder = journal_root.parent / "garmin"
    folder.mkdir()
    (folder / "aosta.tcx.gz").write_bytes(gzip.compress(TCX_RIDE.encode(), mtime=0))
    code, out, err = run(journal_root, "import", "gpx", str(folder), "aosta")
    assert code == 0 and "tracks: 1 new; 3 track points" in out, out + err
    said = f"warning: {folder}: 1 point without a time in a timed track left out (in aosta.tcx.gz)"
    assert said in err
    code, out, err = run(journal_root, "render", "aosta")
    assert code == 0, out + err
    route = json.loads((journal_root / "site/aosta/route.geojson").read_text("utf-8"))
    lines = [f for f in route["features"] if f["geometry"]["type"] == "LineString"]
    assert [p[:2] for p in lines[0]["geometry"]["coordinates"]] == [
        [7.3201, 45.737], [7.34, 45.745], [7.35, 45.75]]  # fmt: skip


def test_polarsteps_photos_without_gps_are_placed_at_their_step(journal_root: Path) -> None:
    """Polarsteps strips GPS from exported photos: each gets its step's position, written in
    trip.toml where the rider can see it, once, so the photos are on the map after a render."""
    code, out, err = run(journal_root, "import", "polarsteps", str(SAMPLES / "polarsteps"))
    assert code == 0, out + err
    trip = journal_root / "trips" / "alpi-in-moto"
    positions = tomllib.loads((trip / "trip.toml").read_text("utf-8")).get("photos", {})
    photos = sorted(p.relative_to(trip / "photos").as_posix() for p in trip.rglob("*.jpg"))
    assert photos and sorted(positions) == photos
    for entry in (trip / "entries").iterdir():
        front = yaml.safe_load(entry.read_text("utf-8").split("---")[1])
        for name in front.get("photos", []):
            place = (positions[name]["lat"], positions[name]["lon"])
            assert place == pytest.approx((front["location"]["lat"], front["location"]["lon"]))
    assert f"{len(photos)} photos without GPS placed at their entry's position" in out
    before = (trip / "trip.toml").read_bytes()
    assert run(journal_root, "import", "polarsteps", str(SAMPLES / "polarsteps"))[0] == 0
    assert (trip / "trip.toml").read_bytes() == before, "positions were recorded twice"

    code, out, err = run(journal_root, "render", "alpi-in-moto")
    assert code == 0, out + err
    route = json.loads((journal_root / "site/alpi-in-moto/route.geojson").read_text("utf-8"))
    on_map = {f["properties"].get("file") for f in route["features"]}
    assert set(photos) <= on_map


def test_from_to_and_lang_choose_what_is_imported(journal_root: Path) -> None:
    args = ["import", "polarsteps", str(SAMPLES / "polarsteps"), "giro", "--lang", "en"]
    code, out, err = run(journal_root, *args, "--from", "2015-06-28", "--to", "2015-06-28")
    assert code == 0, out + err
    entries = sorted(p.name for p in (journal_root / "trips/giro/entries").iterdir())
    assert entries == ["2015-06-28-aosta.en.md", "2015-06-28-mantua-at-last.en.md"]
    assert sorted(p.name for p in (journal_root / "trips/giro/tracks").iterdir()) == [
        "polarsteps-2015-06-28.gpx"
    ]
    assert "3 entries or tracks outside --from/--to not imported" in out
    code, _, err = run(
        journal_root, "import", "polarsteps", str(SAMPLES / "polarsteps"), "x", "--lang", "de"
    )
    assert code == 1 and "--lang 'de'" in err


def test_a_bad_trip_toml_stops_the_import_before_anything_is_written(journal_root: Path) -> None:
    trip = journal_root / "trips" / "rotto"
    trip.mkdir()
    (trip / "trip.toml").write_text("default_lang = \n", encoding="utf-8")
    code, _, err = run(journal_root, "import", "gpx", str(SAMPLES / "gpx"), "rotto")
    assert code == 1 and "trip.toml:1: invalid TOML" in err
    assert sorted(p.name for p in trip.iterdir()) == ["trip.toml"]


def test_an_export_with_several_trips_asks_for_one(tmp_path: Path, journal_root: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(SAMPLES / "polarsteps", export)
    shutil.copytree(export / "trip" / "alpi-in-moto_7001", export / "trip" / "altro_7003")
    code, _, err = run(journal_root, "import", "polarsteps", str(export))
    assert code == 1
    folders = "alpi-in-moto_7001, altro_7003"
    assert err == f"error: {export}: 2 trips in this export; import one folder: {folders}\n"


def test_a_photo_in_the_text_is_shown_once_and_listed_ones_with_their_entry(
    journal_root: Path,
) -> None:
    code, out, err = run(journal_root, "import", "dayone", str(SAMPLES / "dayone"))
    assert code == 0, out + err
    entries = journal_root / "trips" / "viaggi" / "entries"
    reims = (entries / "2015-06-27-champagne-e-cittadelle.it.md").read_text("utf-8")
    assert "photos:" not in reims and "![](photos/dayone/" in reims
    mantua = next(entries.glob("2015-06-29-*.en.md")).read_text("utf-8")
    assert "\nphotos:\n- dayone/" in mantua  # listed, one a line
    code, out, err = run(journal_root, "render", "viaggi")
    assert code == 0, out + err
    page = (journal_root / "site" / "viaggi" / "index.html").read_text("utf-8")
    inline = reims.split("![](photos/dayone/", 1)[1].split(".jpeg)", 1)[0]
    assert page.count(f'src="media/dayone-{inline}.jpg"') == 1
