"""The journal's home: `journal render --all` over a journal of several real trips.

The journal holds the example trip (London-Mantua, 2015, a privacy zone at home), two trips
of real JPEGs on the same days in 2019 (one with a hostile title), a draft trip in Sicily, a
trip whose entry is broken and a trip folder named `en`. Rendered once through the CLI into
its site and a copy of the test blog, then built with `jekyll build --safe` and opened in
headless Chromium, as a reader browses it: from the lifetime map down to a photo.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journal.cli import app
from journal.core.geo import haversine_m
from journal.core.home import HomeSettings, TripCard
from journal.core.models import Track, TrackPoint, Trip, TripConfig
from journal.enrich.public import make_public
from journal.render.home import map_page, trip_href
from journal.render.homecard import MAX_VERTICES, trip_card
from journal.render.themes import environment, load_theme
from tests.browser import browser_page, chromium_missing, serve
from tests.conftest import EXAMPLE, TEST_SECRET, with_secret
from tests.photofactory import ExifSpec, write_jpeg
from tests.test_jekyll import SITE, build, needs_jekyll

runner = CliRunner()
CEST = dt.timezone(dt.timedelta(hours=2))
HOME_ZONE = (51.4625, -0.1370, 500.0)  # the example trip's `casa`
HOSTILE = 'Gemelli {{ site.title }} {% raw %} <script>alert(1)</script> "quoted"'
JOURNAL_TOML = """\
default_lang = "it"
languages = ["it", "en"]
[home]
title = {it = "I miei viaggi", en = "My trips"}
permalink = {it = "/viaggi/", en = "/en/trips/"}
"""


def _photo_trip(root: Path, slug: str, toml: str, stops: list[tuple[float, float, int]]) -> Path:
    """A trip of real JPEGs: one photo per (lat, lon, hour) on 2019-07-01 and -02."""
    trip = root / "trips" / slug
    (trip / "entries").mkdir(parents=True)
    (trip / "trip.toml").write_text(toml, encoding="utf-8")
    for i, (lat, lon, hour) in enumerate(stops):
        when = dt.datetime(2019, 7, 1 + i // 3, hour, 0, tzinfo=CEST)
        utc, taken = when.astimezone(dt.UTC), when.replace(tzinfo=None)
        spec = ExifSpec(lat=lat, lon=lon, gps_time=utc, taken=taken, offset="+02:00")
        write_jpeg(trip / "photos" / f"p{i}.jpg", spec)
    return trip


ALPS = [(45.4642, 9.19, 9), (45.8081, 9.0852, 13), (46.1955, 9.0236, 18),
        (46.5286, 8.6119, 10), (46.6356, 8.5939, 15), (46.1027, 7.0727, 19)]  # fmt: skip
SICILY = [(38.1157, 13.3615, 9), (37.5079, 15.083, 13), (37.0755, 15.2866, 18)]


def _gpx(path: Path, stops: list[tuple[float, float, int]]) -> None:
    """A track of the first day's stops, a point a minute between them."""
    rows = []
    for (lat1, lon1, h1), (lat2, lon2, h2) in zip(stops, stops[1:3], strict=False):
        for minute in range((h2 - h1) * 60):
            f = minute / ((h2 - h1) * 60)
            when = dt.datetime(2019, 7, 1, h1, tzinfo=CEST) + dt.timedelta(minutes=minute)
            stamp = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            lat, lon = lat1 + (lat2 - lat1) * f, lon1 + (lon2 - lon1) * f
            rows.append(f'<trkpt lat="{lat:.6f}" lon="{lon:.6f}"><time>{stamp}</time></trkpt>')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '<?xml version="1.0"?><gpx version="1.1" creator="test" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
        + "".join(rows)
        + "</trkseg></trk></gpx>",
        encoding="utf-8",
    )


def make_journal(base: Path) -> Path:
    root = with_secret(base / "journal")
    shutil.copytree(EXAMPLE, root / "trips" / EXAMPLE.name)
    (root / "journal.toml").write_text(JOURNAL_TOML, encoding="utf-8")
    alpi = 'mode = "bicycle"\n[title]\nit = "Alpi in bici"\nen = "Alps by bike"\n'
    _gpx(_photo_trip(root, "alpi", alpi, ALPS) / "tracks" / "ride.gpx", ALPS)
    hostile = f'languages = ["it"]\n[title]\nit = {json.dumps(HOSTILE)}\n'
    _photo_trip(root, "gemelli", hostile, ALPS[::-1])
    _photo_trip(root, "segreto", 'draft = true\n[title]\nit = "Sicilia"\n', SICILY)
    broken = _photo_trip(root, "rotto", '[title]\nit = "Rotto"\n', ALPS[:2])
    (broken / "entries" / "2019-07-01-x.it.md").write_text("---\ntitle: [\n---\nTesto\n")
    (root / "trips" / "en").mkdir()
    (root / "trips" / "en" / "trip.toml").write_text('[title]\nit = "Inglese"\n')
    return root


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str, int]:
    """The journal rendered with --all into its site and a blog: (root, blog, output, code)."""
    base = tmp_path_factory.mktemp("home")
    root = make_journal(base)
    blog = base / "blog"
    shutil.copytree(SITE, blog)
    result = runner.invoke(app, ["--root", str(root), "render", "--all", "--jekyll", str(blog)])
    return root, blog, result.output, result.exit_code


def _trip_hrefs(page: str) -> list[str]:
    cards = re.findall(r'<li class="trip-card">.*?</li>', page, re.S)
    return [re.search(r'<h3>.*?href="([^"]+)"', card, re.S).group(1) for card in cards]  # type: ignore[union-attr]


def test_every_trip_but_drafts_and_failures_is_on_the_home_newest_first(journal) -> None:
    root, _, output, code = journal
    site = root / "site"
    assert code == 1, output  # a trip failed: named, and the others published
    assert "rotto" in output and "2019-07-01-x.it.md" in output
    assert "trips/en: a trip named 'en' would take a folder of the journal's home" in output
    assert "drafts left out: segreto" in output
    assert "failed, left off the home: en, rotto" in output
    page = (site / "index.html").read_text(encoding="utf-8")
    # the two 2019 trips on the same days are both listed, before 2015; by name when tied
    assert _trip_hrefs(page) == [
        "gemelli/index.html",
        "alpi/index.html",
        "london-mantova-2015/index.html",
    ]
    english = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert _trip_hrefs(english) == [
        "../gemelli/index.html",  # Italian only: its own page
        "../alpi/en/index.html",
        "../london-mantova-2015/en/index.html",
    ]
    for trip in ("alpi", "gemelli", "london-mantova-2015"):
        assert (site / trip / "index.html").is_file() and (site / trip / "route.svg").is_file()
    assert not (site / "segreto").exists() and "segreto" not in page and "Sicilia" not in page


def test_the_figures_speak_the_page_s_language(journal) -> None:
    root = journal[0]
    page = (root / "site" / "index.html").read_text(encoding="utf-8")
    english = (root / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert "<h1>I miei viaggi</h1>" in page and "<h1>My trips</h1>" in english
    assert "<dt>Viaggi</dt><dd>3</dd>" in page and "<dt>Trips</dt><dd>3</dd>" in english
    assert "Svizzera (3 viaggi)" in page and "Regno Unito (1 viaggio)" in page
    assert "Switzerland (3 trips)" in english and "United Kingdom (1 trip)" in english
    assert "Registrati in moto" in page and "Registrati in bicicletta" in page
    assert "Recorded by bicycle" in english
    years = re.findall(r"<h3>(\d{4})</h3>", page)
    assert years == ["2019", "2015"]
    # the highest point is the Gotthard road of the example trip, linked to it
    assert re.search(r'Punto più alto</dt><dd>2\.\d{3} m <a href="london-mantova-2015/', page)


def test_the_lifetime_route_names_each_feature_s_trip(journal) -> None:
    root = journal[0]
    data = json.loads((root / "site" / "route.geojson").read_text(encoding="utf-8"))
    trips = {feature["properties"]["trip"] for feature in data["features"]}
    assert trips == {"alpi", "gemelli", "london-mantova-2015"}
    example = json.loads((root / "site" / EXAMPLE.name / "route.geojson").read_text())
    lines = [f for f in example["features"] if f["geometry"]["type"] == "LineString"]
    mine = [f for f in data["features"] if f["properties"]["trip"] == EXAMPLE.name]
    assert [f["geometry"] for f in mine] == [f["geometry"] for f in lines]  # every point


def _positions(text: str) -> list[tuple[float, float]]:
    """Every [lat, lon] pair of a map page, every [lon, lat(, alt)] of a GeoJSON file."""
    if text.lstrip().startswith("{"):
        found = []
        for feature in json.loads(text)["features"]:
            coordinates = feature["geometry"]["coordinates"]
            found += [(c[1], c[0]) for c in coordinates]
        return found
    return [(float(a), float(b)) for a, b in re.findall(r"\[(-?\d+\.\d+),(-?\d+\.\d+)\]", text)]


def test_nothing_a_trip_hides_reaches_the_home(journal) -> None:
    root, blog = journal[0], journal[1]
    lat, lon, radius = HOME_ZONE
    pages = [root / "site" / "map.html", root / "site" / "route.geojson",
             blog / "assets" / "journal" / "home" / "map.html"]  # fmt: skip
    for path in pages:
        positions = _positions(path.read_text(encoding="utf-8"))
        assert len(positions) > 100, path
        assert min(haversine_m(lat, lon, a, b) for a, b in positions) > radius, path
        assert not any(36 < a < 38.5 and 12 < b < 16 for a, b in positions), path  # the draft


def test_a_click_on_a_trip_s_line_opens_it(journal) -> None:
    if chromium_missing():
        pytest.skip(chromium_missing() or "")
    site = journal[0] / "site"
    with serve(site) as base, browser_page() as (page, errors, _):
        page.goto(f"{base}/en/index.html")
        frame = page.frame_locator(".route-map iframe")
        frame.locator(".journal-route").first.wait_for()
        box = page.locator(".route-map iframe").bounding_box()
        where = page.frames[1].evaluate(
            """() => {
                const m = window.journalMap;
                const line = m.routes.find(l => l.options.color && l.getLatLngs().length > 20);
                const p = m.map.latLngToContainerPoint(line.getLatLngs()[10]);
                return {x: p.x, y: p.y, tooltip: line.getTooltip().getContent()};
            }"""
        )
        assert where["tooltip"] in ("London to Mantua and back", "Alps by bike")
        page.mouse.click(box["x"] + where["x"], box["y"] + where["y"])
        page.wait_for_url(re.compile(r"/(london-mantova-2015|alpi)/en/index\.html$"))
        assert page.title().startswith(where["tooltip"])
        page.locator(".photo a").first.click()  # and down to a photo, in the lightbox
        page.locator(".pswp--open").wait_for()
        assert not [e for e in errors if "tile.openstreetmap" not in e]


@needs_jekyll
def test_the_blog_shows_the_home_at_its_permalinks(journal) -> None:
    blog = journal[1]
    site = build(blog, "_site_home")
    page = (site / "viaggi" / "index.html").read_text(encoding="utf-8")
    english = (site / "en" / "trips" / "index.html").read_text(encoding="utf-8")
    assert _trip_hrefs(page) == [
        "/2019/07/01/gemelli/",
        "/2019/07/01/alpi/",
        "/2015/06/27/london-mantova-2015/",
    ]
    assert _trip_hrefs(english)[1:] == [
        "/en/2019/07/01/alpi/",
        "/en/2015/06/27/london-mantova-2015/",
    ]
    for href in _trip_hrefs(page) + _trip_hrefs(english):
        assert (site / href.strip("/") / "index.html").is_file(), href
    frame = re.search(r'<iframe src="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert frame == "/assets/journal/home/map.html" and (site / frame.strip("/")).is_file()
    thumbs = re.findall(r'<img src="([^"]+route\.svg)"', page)
    assert thumbs and all((site / t.strip("/")).is_file() for t in thumbs)
    # the hostile title is text in the page and in the map, never Liquid or markup
    assert "Gemelli {{ site.title }} {% raw %} &lt;script&gt;" in page.replace("&#34;", '"')
    assert "<script>alert(1)" not in page
    assert not list(site.rglob("*segreto*")) and "Sicilia" not in page


def test_an_unchanged_journal_is_replayed_and_an_edit_renders_one_trip_and_the_home(
    journal, tmp_path: Path
) -> None:
    root = tmp_path / "journal"
    shutil.copytree(journal[0], root)
    shutil.rmtree(root / "trips" / "rotto")
    shutil.rmtree(root / "trips" / "en")
    first = runner.invoke(app, ["--root", str(root), "render", "--all"])
    assert first.exit_code == 0 and "3 trips on the home (0 unchanged)" in first.output
    home = root / "site" / "index.html"
    before = home.stat().st_mtime_ns
    again = runner.invoke(app, ["--root", str(root), "render", "--all"])
    assert "3 trips on the home (3 unchanged)" in again.output
    assert home.stat().st_mtime_ns == before
    toml = root / "trips" / "alpi" / "trip.toml"
    toml.write_text(toml.read_text().replace("Alpi in bici", "Alpi in bicicletta"))
    edited = runner.invoke(app, ["--root", str(root), "render", "--all"])
    assert "3 trips on the home (2 unchanged)" in edited.output, edited.output
    assert "Alpi in bicicletta" in home.read_text(encoding="utf-8")
    assert "Alpi in bicicletta" in (root / "site" / "map.html").read_text(encoding="utf-8")


def test_a_draft_renders_by_name_and_leaves_the_blog(journal, tmp_path: Path) -> None:
    root, blog = tmp_path / "journal", tmp_path / "blog"
    shutil.copytree(journal[0], root)
    shutil.copytree(journal[1], blog)
    toml = root / "trips" / "alpi" / "trip.toml"
    toml.write_text("draft = true\n" + toml.read_text())
    result = runner.invoke(app, ["--root", str(root), "render", "alpi", "--jekyll", str(blog)])
    assert result.exit_code == 0, result.output
    assert (root / "site" / "alpi" / "index.html").is_file()  # the preview
    assert "the trip is a draft" in result.output and "removed" in result.output
    left = [p for p in blog.rglob("*alpi*") if not p.relative_to(blog).parts[0].startswith("_site")]
    assert not left


def test_fifty_long_trips_draw_their_lifetime_map_under_a_megabyte(places_ready: Path) -> None:
    """A 3,000 km ride recorded every 5 s (60,000 points) whose road bends at three scales
    (0.7, 3 and 23 km, as bench/benchtrip.py's), drawn 50 times on one lifetime map."""
    start = dt.datetime(2020, 6, 1, 6, tzinfo=dt.UTC)
    points = []
    for i in range(60_000):
        km = i * 0.05
        lat = 51.5 - 13 * i / 60_000 + 0.0008 * math.sin(km / 0.7 * math.tau)
        lat += 0.002 * math.sin(km / 3 * math.tau)
        lon = -0.1 + 14 * i / 60_000 + 0.003 * math.sin(km / 23 * math.tau)
        points.append(TrackPoint(lat, lon, 100.0, start + dt.timedelta(seconds=5 * i)))
    config = TripConfig("it", ("it", "en"), "UTC", {"it": "Lungo"})
    track = Track(Path("ride.gpx"), "ride", (tuple(points),))
    trip = Trip("lungo", Path("lungo"), config, (), (), (track,))
    card = trip_card(make_public(trip, secret=bytes.fromhex(TEST_SECRET)))
    vertices = sum(len(line) for _, line in card.lines)
    assert 100 < vertices <= MAX_VERTICES  # its bends at 3 and 23 km are there
    cards = [replace(card, slug=f"t{i:02d}", titles={"it": f"Viaggio {i}"}) for i in range(50)]
    env = environment(load_theme("default"), "it")
    page = map_page(cards, HomeSettings(), env, "it", href=_href, base="")
    assert len(page.encode()) < 1_000_000
    assert len(re.findall(r"Viaggio \d+", page)) == 50


def _href(card: TripCard, lang: str) -> str:
    return trip_href(card, lang, base="")
