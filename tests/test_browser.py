"""The live map in a real browser: headless Debian Chromium, network cut off but for localhost.

Opens the standalone travelogue and the built Jekyll post, each served by a local HTTP server,
and asks the page's own JavaScript what Leaflet drew. Screenshots go to JOURNAL_ARTEFACTS.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import artefacts_dir, browser_page, chromium_missing, serve
from test_jekyll import EXAMPLE, JEKYLL, build, publish_example, trip_url

from journal.core.errors import Report
from journal.enrich.public import without_drafts
from tests.conftest import load_trip

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=str(chromium_missing()))

#: What the map reports about itself (mapview.py's `window.journalMap`).
PROBE = """() => {
  const m = window.journalMap;
  if (!m) return null;
  const box = m.map.getContainer().getBoundingClientRect();
  return {
    width: box.width, height: box.height,
    routes: m.routes.length,
    drawn: document.querySelectorAll('path.journal-route').length,
    markers: m.markers.length,
    onMap: m.markers.filter(x => m.map.hasLayer(x) || (m.cluster && m.cluster.hasLayer(x))).length,
  };
}"""


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(standalone site, built Jekyll _site) of the example trip."""
    site, blog = publish_example(tmp_path_factory.mktemp("browser"))
    built = build(blog, "_site") if JEKYLL else blog / "_site"
    return site, built


@pytest.fixture(scope="module")
def expected_markers(published: tuple[Path, Path]) -> int:
    """Entries, photos and GPX waypoints with a published position (outside privacy zones,
    as the journal's secret published them): one marker each."""
    from journal.enrich.privacy import apply_privacy, zones_of
    from journal.enrich.veil import veil_all
    from journal.load.secret import privacy_secret

    root = published[0].parents[1]  # <root>/site/<trip>
    trip = without_drafts(load_trip(EXAMPLE, Report()))
    trip = apply_privacy(trip, veil_all(zones_of(trip, ()), privacy_secret(root)))
    entries = sum(1 for e in trip.entries if e.location is not None)
    photos = sum(1 for p in trip.photos if p.position is not None)
    waypoints = sum(len(t.waypoints) for t in trip.tracks)
    return entries + photos + waypoints


def _check_map(
    page, frame, errors: list[str], blocked: list[str], expected: int, shot: str
) -> None:  # type: ignore[no-untyped-def]
    frame.wait_for_function("() => window.journalMap && window.journalMap.map", timeout=20_000)
    frame.wait_for_function(
        "() => document.querySelectorAll('path.journal-route').length > 0", timeout=20_000
    )
    found = frame.evaluate(PROBE)
    assert found is not None, "window.journalMap is missing"
    assert found["width"] > 100 and found["height"] > 100, found
    assert found["routes"] > 0 and found["drawn"] == found["routes"], found
    assert found["markers"] == expected and found["onMap"] == expected, found
    page.screenshot(path=str(artefacts_dir() / shot), full_page=False)
    tiles = [u for u in blocked if re.search(r"/\d+/\d+/\d+\.png", u)]
    assert tiles, "the map asked for no tile at all"
    assert set(blocked) == set(tiles), (
        f"non-tile requests left localhost: {set(blocked) - set(tiles)}"
    )
    real = [e for e in errors if not any(t in e for t in tiles)]
    assert real == [], real


def test_standalone_travelogue_map(published: tuple[Path, Path], expected_markers: int) -> None:
    site, _ = published
    with serve(site) as base, browser_page() as (page, errors, blocked):
        page.goto(f"{base}/index.html", wait_until="load")
        page.locator("iframe").first.scroll_into_view_if_needed()
        page.wait_for_function(
            "() => document.querySelector('iframe').contentWindow.journalMap", timeout=20_000
        )
        frame = next(f for f in page.frames if f.url.endswith("/map.html"))
        _check_map(page, frame, errors, blocked, expected_markers, "standalone-travelogue.png")


def test_standalone_full_page_map(published: tuple[Path, Path], expected_markers: int) -> None:
    site, _ = published
    with serve(site) as base, browser_page() as (page, errors, blocked):
        page.goto(f"{base}/en/map.html", wait_until="load")
        _check_map(
            page, page.main_frame, errors, blocked, expected_markers, "standalone-map-en.png"
        )


@pytest.mark.skipif(JEKYLL is None, reason="jekyll is not installed (.ci/run installs it)")
def test_jekyll_post_map(published: tuple[Path, Path], expected_markers: int) -> None:
    _, built = published
    with serve(built) as base, browser_page() as (page, errors, blocked):
        page.goto(f"{base}{trip_url('en')}", wait_until="load")
        # the title once: the layout's; the travelogue under it starts at its route
        assert page.locator("h1.post-title").count() == 1
        assert page.locator("article.travelogue h1").count() == 0
        images = page.locator("article.travelogue img[src*='/media/']")
        assert images.count() >= 5
        page.locator("iframe").first.scroll_into_view_if_needed()
        page.wait_for_function(
            "() => document.querySelector('iframe').contentWindow.journalMap", timeout=20_000
        )
        frame = next(f for f in page.frames if f.url.endswith("/en/map.html"))
        _check_map(page, frame, errors, blocked, expected_markers, "jekyll-post-en.png")
        # Every photo of the post loaded (no broken image in the real client).
        broken = page.evaluate(
            "() => [...document.images].filter(i => i.loading !== 'lazy' && !i.naturalWidth)"
            ".map(i => i.src)"
        )
        assert broken == []


#: The frame's viewport, what its document holds, and the map inside it, in CSS pixels.
FIT = """() => {
  const box = window.journalMap.map.getContainer().getBoundingClientRect();
  const root = document.documentElement;
  return {
    viewport: [innerWidth, innerHeight],
    content: [root.scrollWidth, root.scrollHeight],
    map: [Math.round(box.width), Math.round(box.height)],
  };
}"""


@pytest.mark.parametrize(
    "where",
    [
        "standalone",
        pytest.param(
            "jekyll",
            marks=pytest.mark.skipif(JEKYLL is None, reason="jekyll is not installed"),
        ),
    ],
)
def test_the_map_frame_fits_its_content_at_every_width(
    published: tuple[Path, Path], where: str
) -> None:
    """No inner scrollbar, from a small phone to a desktop: the map fills its frame exactly,
    and the frame keeps a usable height on a phone."""
    site, built = published
    folder, path = (site, "/index.html") if where == "standalone" else (built, trip_url("en"))
    with serve(folder) as base, browser_page() as (page, errors, blocked):
        for width in (320, 414, 768, 1200):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(base + path, wait_until="load")
            frame_element = page.locator("iframe").first
            frame_element.scroll_into_view_if_needed()
            page.wait_for_function(
                "() => { const w = document.querySelector('iframe').contentWindow;"
                " return w.journalMap && w.journalMap.map; }",
                timeout=20_000,
            )
            frame = next(f for f in page.frames if f.url.endswith("/map.html"))
            fit = frame.evaluate(FIT)
            assert fit["content"] == fit["viewport"] == fit["map"], (width, fit)
            box = frame_element.bounding_box()
            assert box is not None and box["height"] >= 300, (width, box)
            assert abs(box["width"] - fit["viewport"][0]) <= 1, (width, box, fit)
        tiles = [u for u in blocked if re.search(r"/\d+/\d+/\d+\.png", u)]
        assert [e for e in errors if not any(t in e for t in tiles)] == []
