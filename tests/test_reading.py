"""The travelogue as a reader meets it, in headless Chromium with the network cut off: the
lightbox, a map that leaves the page's scrolling alone, the legend, print, and axe-core's
accessibility checks on the example trip and on a trip of photos only, in both languages and
both colour schemes.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from browser import axe_missing, axe_violations, browser_page, chromium_missing, serve
from photofactory import ExifSpec, write_jpeg
from typer.testing import CliRunner

from journal.cli import app
from tests.conftest import EXAMPLE, with_secret

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=str(chromium_missing()))
needs_axe = pytest.mark.skipif(axe_missing() is not None, reason=str(axe_missing()))

SOLO = "solo-alpi"
#: A day over the Gotthard and a day down to Lake Como, photographed and never written about.
SOLO_PHOTOS = (
    (dt.datetime(2015, 7, 3, 9, 10), 46.5286, 8.6085, 1142.0),  # Airolo
    (dt.datetime(2015, 7, 3, 10, 40), 46.5586, 8.5614, 2106.0),  # the pass
    (dt.datetime(2015, 7, 3, 12, 5), 46.6356, 8.5939, 1444.0),  # Andermatt
    (dt.datetime(2015, 7, 4, 10, 0), 46.0101, 8.9600, 273.0),  # Lugano
    (dt.datetime(2015, 7, 4, 16, 30), 45.8081, 9.0852, 201.0),  # Como
)


def render(root: Path, trip: str) -> Path:
    result = CliRunner().invoke(app, ["--root", str(root), "render", trip, "-j", "1"])
    assert result.exit_code == 0, result.output
    return root / "site" / trip


def write_photo_only_trip(root: Path) -> None:
    """Real JPEGs with GPS position, altitude and time, no entry, no track, and a title
    that tries its luck with markup and template braces."""
    trip = root / "trips" / SOLO
    (trip / "photos").mkdir(parents=True)
    (trip / "trip.toml").write_text(
        'default_lang = "it"\ntimezone = "Europe/Zurich"\n\n[title]\n'
        "it = \"Solo foto <script>alert('x')</script> {{ x }}\"\n"
        'en = "Photos only {% raw %} & \\"quotes\\""\n',
        encoding="utf-8",
    )
    for index, (taken, lat, lon, alt) in enumerate(SOLO_PHOTOS):
        spec = ExifSpec(
            lat=lat,
            lon=lon,
            alt=alt,
            taken=taken,
            offset="+02:00",
            gps_time=taken.replace(tzinfo=dt.timezone(dt.timedelta(hours=2))),
            model="Test Camera",
        )
        write_jpeg(trip / "photos" / f"IMG_{index:04d}.jpg", spec, size=(640, 480))


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example trip and a photo-only trip, rendered by the real command."""
    root = with_secret(tmp_path_factory.mktemp("reading"))  # the zone's veiled edge names the start
    shutil.copytree(EXAMPLE, root / "trips" / EXAMPLE.name)
    write_photo_only_trip(root)
    return {"example": render(root, EXAMPLE.name), "solo": render(root, SOLO)}


def map_frame(page):  # type: ignore[no-untyped-def]
    """The travelogue's map frame, once its map is drawn."""
    page.locator("iframe").first.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const w = document.querySelector('iframe').contentWindow;"
        " return w.journalMap && w.journalMap.map; }",
        timeout=20_000,
    )
    return next(f for f in page.frames if f.url.endswith("/map.html"))


def wait_open(page) -> None:  # type: ignore[no-untyped-def]
    """Until the lightbox has finished opening (and moved the focus into itself)."""
    page.wait_for_function("() => journalLightbox.pswp && journalLightbox.pswp.opener.isOpen")


def real(errors: list[str]) -> list[str]:
    """Console errors that are not the map tiles the blocked network refused."""
    return [e for e in errors if not re.search(r"/\d+/\d+/\d+\.png", e)]


@needs_axe
@pytest.mark.parametrize(
    ("trip", "page_path"),
    [
        ("example", "index.html"),
        ("example", "en/index.html"),
        ("solo", "index.html"),
        ("solo", "en/index.html"),
    ],
)
def test_no_serious_accessibility_violation(
    sites: dict[str, Path], trip: str, page_path: str
) -> None:
    """The page, its map frame and the open lightbox, in the light and the dark scheme."""
    with serve(sites[trip]) as base, browser_page() as (page, errors, _):
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.goto(f"{base}/{page_path}", wait_until="load")
            assert axe_violations(map_frame(page)) == [], (scheme, "map")
            assert axe_violations(page) == [], (scheme, "page")
            page.locator(".photos a, .inline-photo a").first.click()
            wait_open(page)  # after the opening animation: the colours are final
            assert axe_violations(page) == [], (scheme, "lightbox")
        assert real(errors) == []


@needs_axe
def test_the_accessibility_check_does_fail(sites: dict[str, Path]) -> None:
    """Proof the harness can fail: a nameless button and an image without alt are caught."""
    with serve(sites["solo"]) as base, browser_page() as (page, _, _):
        page.goto(f"{base}/index.html", wait_until="load")
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<button></button>')")
        found = axe_violations(page)
        assert any(line.startswith("button-name (critical)") for line in found), found


def test_the_photo_only_trip_has_a_profile_from_photo_altitudes(sites: dict[str, Path]) -> None:
    with serve(sites["solo"]) as base, browser_page() as (page, errors, _):
        page.goto(f"{base}/index.html", wait_until="load")
        assert "<script>alert" not in page.content()  # the title is text
        labels = page.locator("svg[role=img]").evaluate_all(
            "all => all.map(s => [s.getAttribute('aria-label'), s.getBoundingClientRect().width])"
        )
        assert [label.split(":")[0] for label, _ in labels] == [
            "Profilo altimetrico dalle quote delle foto"
        ] * 2
        assert "punto più alto 2.106 m" in labels[0][0]
        assert all(width > 300 for _, width in labels)
        assert real(errors) == []


def test_lightbox_with_the_keyboard_and_the_back_button(sites: dict[str, Path]) -> None:
    with serve(sites["example"]) as base, browser_page() as (page, errors, _):
        page.goto(f"{base}/en/index.html", wait_until="load")
        page.wait_for_function("() => window.journalLightbox")
        link = page.locator(".photos a").first
        captions = page.locator(".photos figcaption").all_text_contents()
        start_url, start_length = page.url, page.evaluate("history.length")
        link.focus()
        page.keyboard.press("Enter")
        wait_open(page)
        dialog = page.locator(".pswp[role=dialog]")
        assert dialog.get_attribute("aria-modal") == "true"
        assert dialog.get_attribute("aria-label") == f"Photo: {captions[0]}"
        assert page.locator(".journal-lightbox-caption").text_content() == captions[0]
        assert page.evaluate("document.querySelector('.pswp').contains(document.activeElement)")
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "c => document.querySelector('.journal-lightbox-caption').textContent === c",
            arg=captions[1],
        )
        page.keyboard.press("Escape")
        page.wait_for_selector(".pswp", state="detached")
        assert page.evaluate("document.activeElement") == link.evaluate("a => a")
        assert page.url == start_url
        # The back button closes the lightbox, not the page.
        link.click()
        wait_open(page)
        assert page.evaluate("history.length") == start_length + 1
        page.go_back()
        page.wait_for_selector(".pswp", state="detached")
        assert page.url == start_url and page.evaluate("history.state") is None
        assert real(errors) == []


def test_without_javascript_a_photo_link_opens_the_photo(sites: dict[str, Path]) -> None:
    with (
        serve(sites["example"]) as base,
        browser_page(java_script_enabled=False) as (page, _, _),
    ):
        page.goto(f"{base}/index.html", wait_until="load")
        href = page.locator(".photos a").first.get_attribute("href")
        with page.expect_navigation():
            page.locator(".photos a").first.click()
        assert page.url == f"{base}/{href}"
        assert page.evaluate("document.contentType") == "image/jpeg"


def _wheel(page, box, delta: int, *, ctrl: bool = False) -> None:  # type: ignore[no-untyped-def]
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    if ctrl:
        page.keyboard.down("Control")
    for _ in range(2):  # a wheel turns by notches; the plugin acts from the first on
        page.mouse.wheel(0, delta)
        page.wait_for_timeout(100)
    if ctrl:
        page.keyboard.up("Control")
    page.wait_for_timeout(700)


def test_a_framed_map_leaves_the_wheel_to_the_page(sites: dict[str, Path]) -> None:
    with serve(sites["example"]) as base, browser_page() as (page, errors, _):
        page.goto(f"{base}/index.html", wait_until="load")
        frame = map_frame(page)
        container = "journalMap.map.getContainer()"
        hint = frame.evaluate(f"{container}.dataset.gestureHandlingScrollContent")
        assert hint.startswith("Usa Ctrl + rotellina")  # the page's language, not the browser's
        frame_box = page.locator("iframe").first.bounding_box
        zoom = frame.evaluate("journalMap.map.getZoom()")
        scrolled = page.evaluate("scrollY")
        _wheel(page, frame_box(), 150)
        assert page.evaluate("scrollY") > scrolled  # the page scrolled past the map
        assert frame.evaluate("journalMap.map.getZoom()") == zoom
        assert frame.evaluate(
            f"{container}.classList.contains('leaflet-gesture-handling-scroll-warning')"
        )
        scrolled = page.evaluate("scrollY")
        _wheel(page, frame_box(), -150, ctrl=True)
        assert frame.evaluate("journalMap.map.getZoom()") > zoom  # Ctrl + wheel zooms
        assert page.evaluate("scrollY") == scrolled
        # Once the map has the focus (a click), the wheel is the map's...
        box = frame_box()
        page.mouse.click(box["x"] + box["width"] - 20, box["y"] + box["height"] / 3)
        assert frame.evaluate(f"{container}.contains(document.activeElement)")
        zoom = frame.evaluate("journalMap.map.getZoom()")
        _wheel(page, frame_box(), 150)
        assert frame.evaluate("journalMap.map.getZoom()") < zoom
        assert page.evaluate("scrollY") == scrolled
        # ...until the reader goes back to the story.
        page.locator("h1").first.click()
        assert frame.evaluate("journalMap.map.gestureHandling.enabled()")
        assert real(errors) == []


def test_one_finger_scrolls_the_page_and_two_move_the_map(sites: dict[str, Path]) -> None:
    phone = {"viewport": {"width": 390, "height": 800}, "has_touch": True, "is_mobile": True}
    with serve(sites["example"]) as base, browser_page(**phone) as (page, errors, _):
        page.goto(f"{base}/index.html", wait_until="load")
        frame = map_frame(page)
        page.wait_for_timeout(300)
        cdp = page.context.new_cdp_session(page)

        def swipe(fingers: int, dx: int, dy: int) -> None:
            box = page.locator("iframe").first.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            starts = [(x + 40 * f, y) for f in range(fingers)]
            cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [
                {"x": px, "y": py} for px, py in starts]})  # fmt: skip
            for step in range(1, 11):
                points = [{"x": px + dx * step, "y": py + dy * step} for px, py in starts]
                cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": points})
            cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
            page.wait_for_timeout(600)

        centre = "JSON.stringify(journalMap.map.getCenter())"
        before, scrolled = frame.evaluate(centre), page.evaluate("scrollY")
        swipe(1, 0, -15)
        assert page.evaluate("scrollY") > scrolled and frame.evaluate(centre) == before
        scrolled = page.evaluate("scrollY")
        swipe(2, 8, 8)
        assert page.evaluate("scrollY") == scrolled and frame.evaluate(centre) != before
        assert real(errors) == []


def test_the_full_page_map_keeps_plain_gestures(sites: dict[str, Path]) -> None:
    with serve(sites["example"]) as base, browser_page() as (page, errors, _):
        page.goto(f"{base}/map.html", wait_until="load")
        page.wait_for_function("() => window.journalMap && window.journalMap.map")
        assert page.evaluate("journalMap.map.gestureHandling.enabled()") is False
        zoom = page.evaluate("journalMap.map.getZoom()")
        _wheel(page, {"x": 0, "y": 0, "width": 1200, "height": 900}, -150)
        assert page.evaluate("journalMap.map.getZoom()") > zoom
        assert real(errors) == []


def test_the_legend_names_each_line_by_its_colour(sites: dict[str, Path]) -> None:
    with serve(sites["example"]) as base, browser_page() as (page, errors, _):
        page.goto(f"{base}/en/index.html", wait_until="load")
        frame = map_frame(page)
        legend = frame.evaluate(
            """() => [...document.querySelectorAll('#map-legend li')].map(li => [
                li.textContent.trim(),
                li.querySelector('.map-legend-line')
                    ? getComputedStyle(li.querySelector('.map-legend-line')).backgroundColor : null,
            ])"""
        )
        lines = frame.evaluate(
            """() => journalMap.routes.map(l => [
                l.getTooltip().getContent(), getComputedStyle(l.getElement()).stroke])"""
        )
        assert frame.evaluate(
            "document.getElementById('map-legend').closest('.leaflet-control-container') !== null"
        )
        assert legend[0] == ["Start and finish", None]  # a round trip: one marker for both
        assert dict(legend[1:]) == dict(lines)  # every day's line, in the legend's colour
        assert [label for label, _ in legend[1:]][:2] == [
            "Day 1 · 27 Jun 2015",
            "Day 2 · 28 Jun 2015",
        ]
        ends = frame.evaluate(
            "() => journalMap.ends.map(m => m.getElement().getAttribute('aria-label'))"
        )
        assert ends == ["Start and finish: casa"]  # the zone's own name, not its quarter
        assert real(errors) == []


def test_print_shows_the_static_map_and_photos_two_per_row(sites: dict[str, Path]) -> None:
    with serve(sites["example"]) as base, browser_page() as (page, errors, _):
        page.goto(f"{base}/index.html", wait_until="load")
        assert page.locator(".route-print").is_hidden()
        page.emulate_media(media="print")
        assert page.locator(".route-map").is_hidden()
        printed = page.locator(".route-print")
        printed.wait_for()
        assert printed.evaluate("img => img.complete && img.naturalWidth > 0")
        columns = page.locator(".photos").first.evaluate(
            "g => getComputedStyle(g).gridTemplateColumns.split(' ').length"
        )
        assert columns == 2
        assert real(errors) == []
