"""No location leaks: privacy zones, stripped metadata, drafts, private photos, escaping.

The end-to-end tests render a small real trip through the real CLI (real JPEGs with real
EXIF, a real GPX track that starts at home and crosses a second, journal-wide zone) and then
read the output the way a stranger would: every coordinate pair in every file, every tag in
every image. The unit tests pin down the geometry of cutting a line at a zone's edge.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from journal.cli import app
from journal.core.geo import haversine_m
from journal.core.models import (
    Entry,
    EntryText,
    GeoPoint,
    Photo,
    PhotoMeta,
    PrivacyZone,
    Track,
    TrackPoint,
    Trip,
    TripConfig,
    Waypoint,
)
from journal.core.route import PointKind, Route, RoutePoint, Segment
from journal.enrich.privacy import MARGIN_M, apply_privacy, cut_line, cut_route, hidden
from tests.conftest import EXAMPLE
from tests.photofactory import ExifSpec, write_jpeg
from tests.sitescan import (
    broken_links,
    exif_leaks,
    exiftool_leaks,
    files_under,
    zone_hits,
)

runner = CliRunner()

HOME = PrivacyZone(51.4613, -0.1156, 800.0, "home")
DOVER = (51.1279, 1.3134)
CALAIS = (50.9513, 1.8587)
#: The journal-wide zone (journal.toml), half-way across the Channel, right on the track.
WORK = PrivacyZone((DOVER[0] + CALAIS[0]) / 2, (DOVER[1] + CALAIS[1]) / 2, 1500.0, "work")
ZONES = (HOME, WORK)
START = dt.datetime(2015, 6, 27, 6, 0, tzinfo=dt.UTC)

XSS_TITLE = "<script>alert(1)</script>"
XSS_DESCRIPTION = "<img src=x onerror=alert(2)>"
SERIAL = "SN-HOME-4242"
SECRETS = ("BOZZA-SEGRETA", "TESTO-BOZZA", "DIDASCALIA-BOZZA", "DIDASCALIA-PRIVATA", SERIAL)


# --- the geometry ---------------------------------------------------------------------------


def _line(a: tuple[float, float], b: tuple[float, float], n: int) -> list[TrackPoint]:
    return [
        TrackPoint(
            a[0] + (b[0] - a[0]) * i / (n - 1),
            a[1] + (b[1] - a[1]) * i / (n - 1),
            10.0 + i,
            START + dt.timedelta(minutes=i),
        )
        for i in range(n)
    ]


def _distance(point: TrackPoint | RoutePoint, zone: PrivacyZone) -> float:
    return haversine_m(point.lat, point.lon, zone.lat, zone.lon)


def test_a_line_through_a_zone_stops_and_resumes_on_its_edge() -> None:
    line = _line((HOME.lat - 0.02, HOME.lon), (HOME.lat + 0.02, HOME.lon), 41)
    pieces = cut_line(line, [HOME])
    assert len(pieces) == 2
    before, after = pieces
    assert before[0] == line[0] and after[-1] == line[-1]
    for edge in (before[-1], after[0]):  # computed on the edge, not the last real point
        assert HOME.radius_m < _distance(edge, HOME) <= HOME.radius_m + MARGIN_M + 1
        assert edge not in line
    assert before[-1].time is not None and after[0].time is not None
    assert line[0].time < before[-1].time < after[0].time < line[-1].time  # type: ignore[operator]
    assert all(_distance(p, HOME) > HOME.radius_m for piece in pieces for p in piece)


def test_a_chord_between_two_outside_points_is_cut_too() -> None:
    """Both ends are outside, but the straight line the map draws crosses the zone."""
    a = TrackPoint(HOME.lat, HOME.lon - 0.03)
    b = TrackPoint(HOME.lat + 0.001, HOME.lon + 0.03)
    pieces = cut_line([a, b], [HOME])
    assert [len(p) for p in pieces] == [2, 2]
    assert pieces[0][0] == a and pieces[1][-1] == b
    assert _distance(pieces[0][1], HOME) > HOME.radius_m


def test_a_ride_starting_at_home_starts_at_the_edge() -> None:
    line = _line((HOME.lat, HOME.lon), (HOME.lat - 0.05, HOME.lon + 0.05), 30)
    (piece,) = cut_line(line, [HOME])
    assert HOME.radius_m < _distance(piece[0], HOME) <= HOME.radius_m + MARGIN_M + 1
    assert piece[-1] == line[-1]


def test_a_line_far_from_every_zone_is_untouched() -> None:
    line = _line(DOVER, (DOVER[0] + 0.1, DOVER[1] - 0.2), 10)
    assert cut_line(line, ZONES) == [line]
    assert cut_line(line, ()) == [line]


def test_a_line_wholly_inside_a_zone_disappears() -> None:
    line = _line((HOME.lat, HOME.lon), (HOME.lat + 0.001, HOME.lon + 0.001), 5)
    assert cut_line(line, [HOME]) == []


@settings(max_examples=300, deadline=None)
@given(
    lat=st.floats(-80, 80),
    lon=st.floats(-179, 179),
    radius=st.floats(50, 50_000),
    offsets=st.lists(st.tuples(st.floats(-3, 3), st.floats(-3, 3)), min_size=2, max_size=12),
)
def test_no_published_vertex_or_line_enters_any_zone(
    lat: float, lon: float, radius: float, offsets: list[tuple[float, float]]
) -> None:
    """Random zones anywhere, random lines around them (offsets in radii): nothing inside.

    The drawn line is checked too, at points along each straight piece in the Web Mercator
    plane (how Leaflet draws), so a chord that grazes the zone would be caught.
    """
    zone = PrivacyZone(lat, lon, radius)
    dlat = math.degrees(radius / 6_371_008.8)
    dlon = dlat / math.cos(math.radians(lat))
    line = [TrackPoint(lat + a * dlat, lon + b * dlon) for a, b in offsets]
    for piece in cut_line(line, [zone]):
        assert len(piece) >= 2
        for p, q in zip(piece, piece[1:], strict=False):
            for t in (0.0, 0.25, 0.5, 0.75, 1.0):
                y = _merc_y(p.lat) + (_merc_y(q.lat) - _merc_y(p.lat)) * t
                point = (_unmerc_y(y), p.lon + (q.lon - p.lon) * t)
                assert haversine_m(*point, zone.lat, zone.lon) > radius, (piece, t)
    # every real point well clear of the zone is kept, unless no line leaves it
    published = {(p.lat, p.lon) for piece in cut_line(line, [zone]) for p in piece}
    for i, p in enumerate(line):
        if _distance(p, zone) > radius * 1.1 + MARGIN_M * 2 and not _isolated(line, i):
            assert (p.lat, p.lon) in published


def _merc_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _unmerc_y(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def _isolated(line: list[TrackPoint], i: int) -> bool:
    """A point whose neighbours are all within a metre has no piece of line worth keeping."""
    neighbours = [line[j] for j in (i - 1, i + 1) if 0 <= j < len(line)]
    return all(_distance(line[i], PrivacyZone(n.lat, n.lon, 0)) < 1.0 for n in neighbours)


def test_cut_route_drops_stops_in_zones_and_bounds_stay_outside() -> None:
    day = START.date()
    through = [
        RoutePoint(p.lat, p.lon, p.time, PointKind.TRACK, "ride.gpx", p.alt)
        for p in _line((HOME.lat, HOME.lon), DOVER, 50)
    ]
    home_photo = RoutePoint(HOME.lat + 0.001, HOME.lon, START, PointKind.PHOTO, "home.jpg")
    dover_photo = RoutePoint(*DOVER, START, PointKind.PHOTO, "dover.jpg")
    route = Route((Segment(day, tuple(through)),), (home_photo, dover_photo))
    cut = cut_route(route, [HOME])
    assert [s.ref for s in cut.stops] == ["dover.jpg"]
    assert cut.bounds is not None
    (south, west), (north, east) = cut.bounds
    # the corner toward home is where the line left the zone: on its edge, not at the centre
    assert haversine_m(north, west, HOME.lat, HOME.lon) > HOME.radius_m
    assert hidden(HOME.lat, HOME.lon, [HOME]) and not hidden(south, east, [HOME])
    assert all(_distance(p, HOME) > HOME.radius_m for s in cut.segments for p in s.points)
    assert all(s.day == day for s in cut.segments)


def test_apply_privacy_hides_photos_entries_tracks_and_waypoints(tmp_path: Path) -> None:
    config = TripConfig("it", ("it", "en"), "Europe/Rome", {"it": "Prova"}, privacy_zones=(HOME,))
    at_home = GeoPoint(HOME.lat + 0.002, HOME.lon)
    away = GeoPoint(*DOVER)
    photos = (
        Photo(tmp_path / "a.jpg", "a.jpg", PhotoMeta(position=at_home), position=at_home),
        Photo(tmp_path / "b.jpg", "b.jpg", PhotoMeta(position=away), position=away),
        Photo(tmp_path / "c.jpg", "c.jpg", PhotoMeta(), position=at_home),  # geotagged
    )
    text = EntryText("it", tmp_path / "e.it.md", "Casa", "", 5, location=at_home)
    entries = (
        Entry(START.date(), "casa", {"it": text}, "it", location=at_home),
        Entry(START.date(), "dover", {"it": replace(text, location=away)}, "it", location=away),
    )
    track = Track(
        tmp_path / "ride.gpx",
        "ride",
        (tuple(_line((HOME.lat, HOME.lon), DOVER, 20)),),
        (Waypoint(HOME.lat, HOME.lon, "Casa"), Waypoint(*DOVER, "Dover")),
    )
    trip = Trip("t", tmp_path, config, entries, photos, (track,))
    safe = apply_privacy(trip, config.privacy_zones)
    assert [p.position for p in safe.photos] == [None, away, None]
    assert safe.photos[0].meta.position is None
    assert safe.entries[0].location is None and safe.entries[0].texts["it"].location is None
    assert safe.entries[1].location == away
    assert [w.name for w in safe.tracks[0].waypoints] == ["Dover"]
    points = [p for seg in safe.tracks[0].segments for p in seg]
    assert points and all(_distance(p, HOME) > HOME.radius_m for p in points)
    assert apply_privacy(trip, ()) is trip


# --- the rendered site ----------------------------------------------------------------------


def _gpx(points: list[TrackPoint]) -> str:
    rows = "\n".join(
        f'<trkpt lat="{p.lat:.6f}" lon="{p.lon:.6f}"><ele>{p.alt:.1f}</ele>'
        f"<time>{p.time:%Y-%m-%dT%H:%M:%SZ}</time></trkpt>"  # type: ignore[str-format]
        for p in points
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">\n'
        f"<trk><name>Ride</name><trkseg>\n{rows}\n</trkseg></trk></gpx>\n"
    )


def _spec(lat: float, lon: float, minutes: int, **extra: str) -> ExifSpec:
    when = START + dt.timedelta(minutes=minutes)
    return ExifSpec(
        lat=lat,
        lon=lon,
        gps_time=when,
        taken=(when + dt.timedelta(hours=1)).replace(tzinfo=None),
        offset="+01:00",
        make="Acme",
        model="Cam <b>1</b>",
        **extra,  # type: ignore[arg-type]
    )


def _entry(path: Path, front: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front.strip()}\n---\n\n{body}\n", encoding="utf-8")


def make_home_trip(root: Path) -> Path:
    """A trip that starts at home, crosses the work zone, and holds every kind of secret."""
    trip = root / "trips" / "home-run"
    (trip / "tracks").mkdir(parents=True)
    (root / "journal.toml").write_text(
        f'[[privacy_zones]]\nname = "work"\nlat = {WORK.lat}\nlon = {WORK.lon}\n'
        f"radius_m = {WORK.radius_m}\n",
        encoding="utf-8",
    )
    (trip / "trip.toml").write_text(
        'default_lang = "it"\ntimezone = "Europe/Rome"\nprivate = ["secret.jpg"]\n'
        f'[title]\nit = "Casa e ritorno"\nen = "{XSS_TITLE}"\n'
        f'[[privacy_zones]]\nname = "home"\nlat = {HOME.lat}\nlon = {HOME.lon}\n'
        f"radius_m = {HOME.radius_m}\n",
        encoding="utf-8",
    )
    ride = _line((HOME.lat, HOME.lon), DOVER, 120) + _line(DOVER, CALAIS, 120)[1:]
    ride = [
        TrackPoint(p.lat, p.lon, 20.0, START + dt.timedelta(minutes=i)) for i, p in enumerate(ride)
    ]
    (trip / "tracks" / "ride.gpx").write_text(_gpx(ride), encoding="utf-8")
    photos = trip / "photos"
    home = _spec(HOME.lat + 0.001, HOME.lon + 0.001, 1, serial=SERIAL)
    write_jpeg(photos / "home.jpg", replace(home, description=XSS_DESCRIPTION))
    write_jpeg(photos / "dover.jpg", _spec(*DOVER, 119))
    write_jpeg(photos / "work.jpg", _spec(WORK.lat, WORK.lon + 0.002, 179))
    write_jpeg(photos / "calais.jpg", _spec(*CALAIS, 238))
    write_jpeg(photos / "secret.jpg", _spec(50.0, 1.0, 200))
    write_jpeg(photos / "private" / "hidden.jpg", _spec(50.5, 1.5, 210))
    entries = trip / "entries"
    _entry(
        entries / "2015-06-27-partenza.it.md",
        f"""
title: "{XSS_TITLE}"
time: "08:00"
location: {{lat: {HOME.lat + 0.0005}, lon: {HOME.lon}}}
photos: [home.jpg, dover.jpg]
captions: {{dover.jpg: "Dover all'alba", secret.jpg: DIDASCALIA-PRIVATA}}
""",
        "Si parte da casa.",
    )
    _entry(
        entries / "2015-06-27-partenza.en.md",
        f"title: Off we go\nlocation: {{lat: {HOME.lat + 0.0005}, lon: {HOME.lon}}}",
        "Leaving home.",
    )
    _entry(
        entries / "2015-06-28-bozza.it.md",
        "title: BOZZA-SEGRETA\ndraft: true\ncaptions: {calais.jpg: DIDASCALIA-BOZZA}",
        "TESTO-BOZZA",
    )
    return trip


def _render(root: Path, trip: str, *args: str) -> Path:
    result = runner.invoke(app, ["--root", str(root), "render", trip, *args])
    assert result.exit_code == 0, result.output
    out = root / "site" / trip
    assert (out / "index.html").is_file(), result.output
    return out


@pytest.fixture(scope="module")
def home_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("home")
    make_home_trip(root)
    return _render(root, "home-run")


def _scan(site: Path, zones: tuple[PrivacyZone, ...], *, hidden: bool = False) -> tuple[list, int]:
    hits, pairs = [], 0
    for path in files_under(site, hidden=hidden):
        if path.suffix.lower() in {".jpg", ".jpeg", ".png", ".webp"}:
            continue
        found, count = zone_hits(path, zones)
        hits += found
        pairs += count
    return hits, pairs


def test_the_scanner_finds_the_home_it_must_hide(tmp_path: Path) -> None:
    """The scan is only worth something if it sees the zone in the unprotected input."""
    trip = make_home_trip(tmp_path)
    hits, _ = zone_hits(trip / "tracks" / "ride.gpx", ZONES)
    assert {h.zone.name for h in hits} == {"home", "work"}


def test_no_published_coordinate_lies_in_a_zone(home_site: Path) -> None:
    hits, pairs = _scan(home_site, ZONES)
    assert pairs > 100, "the site should hold the route's coordinates"
    assert not hits, "\n".join(map(str, hits[:20]))


def test_the_route_still_runs_up_to_each_zone(home_site: Path) -> None:
    """Cut at the edge, not dropped wholesale: a point lies outside each zone, within the
    farthest a published edge can be from the centre (2.7 radii, see `veil`)."""
    text = (home_site / "route.geojson").read_text(encoding="utf-8")
    from tests.sitescan import coordinate_pairs

    for zone in ZONES:
        near = [
            d
            for lat, lon in coordinate_pairs(text)
            if (d := haversine_m(lat, lon, zone.lat, zone.lon)) < zone.radius_m * 3 + 2 * MARGIN_M
        ]
        assert near, f"the route does not reach the edge of zone {zone.name}"
        assert min(near) > zone.radius_m


def test_no_hidden_file_in_the_output_holds_a_position(home_site: Path) -> None:
    """A site folder is often copied whole (rsync, a gh-pages branch): its dot-folders too."""
    hits, _ = _scan(home_site, ZONES, hidden=True)
    assert not hits, "\n".join(map(str, hits[:20]))


def test_published_images_carry_no_metadata(home_site: Path) -> None:
    images = sorted((home_site / "media").glob("*.jpg"))
    assert {p.name for p in images} >= {"home.jpg", "home-400.jpg", "dover.jpg", "calais.jpg"}
    leaks = [leak for image in images for leak in exif_leaks(image)]
    assert not leaks, leaks
    for image in images:
        data = image.read_bytes()
        for marker in (b"Exif\x00\x00", b"http://ns.adobe.com/xap", b"Photoshop 3.0", b"ICC_PROF"):
            assert marker not in data, f"{image.name} holds {marker!r}"
        assert SERIAL.encode() not in data and b"Acme" not in data


@pytest.mark.skipif(shutil.which("exiftool") is None, reason="ExifTool is not installed")
def test_exiftool_finds_nothing_in_published_images(home_site: Path) -> None:
    images = sorted((home_site / "media").glob("*.jpg"))
    assert images
    leaks = exiftool_leaks(images)
    assert not leaks, leaks


def test_drafts_and_private_photos_never_reach_the_output(home_site: Path) -> None:
    names = {p.relative_to(home_site).as_posix() for p in files_under(home_site)}
    assert not [n for n in names if "secret" in n or "hidden" in n or "bozza" in n]
    for path in files_under(home_site) + files_under(home_site, hidden=True):
        data = path.read_bytes()
        for secret in (*SECRETS, "secret.jpg", "hidden.jpg"):
            assert secret.encode() not in data, f"{path.relative_to(home_site)} holds {secret}"


def test_text_from_front_matter_and_exif_is_escaped(home_site: Path) -> None:
    pages = [p for p in files_under(home_site) if p.suffix in {".html", ".js", ".json", ".xml"}]
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for raw in (XSS_TITLE, XSS_DESCRIPTION, "<b>1</b>"):
            assert raw not in text, f"{page.relative_to(home_site)} holds {raw!r} unescaped"
    index = (home_site / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    english = (home_site / "en" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in english  # the trip's English title


def test_every_page_link_resolves(home_site: Path) -> None:
    assert not broken_links(home_site)


def test_user_files_survive_and_stale_files_go(tmp_path: Path) -> None:
    trip = make_home_trip(tmp_path)
    site = _render(tmp_path, "home-run")
    mine = [site / "notes.txt", site / "en" / "mine.html", site / "media" / "mine.jpg"]
    for path in mine:
        path.write_bytes(b"the user's own")
    assert (site / "media" / "calais.jpg").is_file()
    (trip / "photos" / "calais.jpg").unlink()
    _render(tmp_path, "home-run")
    for path in mine:
        assert path.read_bytes() == b"the user's own"
    assert not (site / "media" / "calais.jpg").exists()
    assert not (site / "media" / "calais-400.jpg").exists()
    assert not list(site.rglob("*.tmp"))


# --- the example trip -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[PrivacyZone, ...]]:
    if not (EXAMPLE / "trip.toml").is_file():
        pytest.skip(f"the example trip is not in the repository yet ({EXAMPLE})")
    from journal.core.errors import Report
    from journal.load.config import load_config

    root = tmp_path_factory.mktemp("example")
    shutil.copytree(EXAMPLE, root / "trips" / EXAMPLE.name)
    config = load_config(root / "trips" / EXAMPLE.name, Report())
    assert config is not None and config.privacy_zones, "the example trip should have a zone"
    return _render(root, EXAMPLE.name), config.privacy_zones


def test_example_trip_publishes_nothing_inside_its_zones(
    example_site: tuple[Path, tuple[PrivacyZone, ...]],
) -> None:
    site, zones = example_site
    hits, pairs = _scan(site, zones)
    assert pairs > 0
    assert not hits, "\n".join(map(str, hits[:20]))
    hidden_hits, _ = _scan(site, zones, hidden=True)
    assert not hidden_hits, "\n".join(map(str, hidden_hits[:20]))


def test_example_trip_images_carry_no_metadata(
    example_site: tuple[Path, tuple[PrivacyZone, ...]],
) -> None:
    site, _ = example_site
    images = sorted((site / "media").glob("*.jpg"))
    assert images
    assert not [leak for image in images for leak in exif_leaks(image)]
    assert not exiftool_leaks(images)
    assert not broken_links(site)
