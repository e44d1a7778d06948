"""The ride played back, in headless Chromium with the network cut off: play, pause, resume,
a speed, a day to jump to, the moving marker, the day's date and distance, photo markers
appearing as the ride passes them, the keyboard, reduced motion, both languages, and the
control inside the travelogue's map frame at a phone's width.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from browser import axe_missing, axe_violations, browser_page, chromium_missing, serve
from typer.testing import CliRunner

from journal.cli import app
from tests.conftest import EXAMPLE, with_secret

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=str(chromium_missing()))

STATE = "journalMap.player.state()"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = with_secret(tmp_path_factory.mktemp("playback"))
    shutil.copytree(EXAMPLE, root / "trips" / EXAMPLE.name)
    result = CliRunner().invoke(app, ["--root", str(root), "render", EXAMPLE.name, "-j", "1"])
    assert result.exit_code == 0, result.output
    return root / "site" / EXAMPLE.name


def open_map(page, url: str):  # type: ignore[no-untyped-def]
    page.goto(url, wait_until="load")
    page.wait_for_function("() => window.journalMap && window.journalMap.player")
    return page


def real(errors: list[str]) -> list[str]:
    return [e for e in errors if not re.search(r"/\d+/\d+/\d+\.png", e)]


def markers_on_map(page) -> int:  # type: ignore[no-untyped-def]
    return page.evaluate(STATE)["shown"]


def test_play_pause_resume_speed_and_jump(site: Path) -> None:
    with serve(site) as base, browser_page() as (page, errors, _):
        open_map(page, f"{base}/map.html")
        button = page.locator(".playback-play")
        assert button.inner_text() == "Rivivi il viaggio"
        total = page.evaluate("journalMap.markers.length")
        assert total > 10 and markers_on_map(page) == total  # before playing: all shown

        button.click()
        page.wait_for_function(f"() => {STATE}.at > 20")
        first = page.evaluate(STATE)
        assert first["mode"] == "playing" and button.inner_text() == "Pausa"
        assert re.fullmatch(r"Giorno 1 · 27 giu 2015 · \d+ km", first["status"]), first
        assert first["shown"] < total  # the markers further on wait for the ride
        head = page.evaluate("journalMap.player.head.getLatLng()")
        assert head != page.evaluate("journalMap.routes[0].getLatLngs()[0]")  # it moved

        button.click()  # pause: nothing moves
        paused = page.evaluate(STATE)
        time.sleep(0.4)
        assert page.evaluate(STATE) == paused and button.inner_text() == "Riprendi"
        button.click()  # resume from there
        page.wait_for_function(f"() => {STATE}.at > {paused['at']} || {STATE}.leg > 0")

        page.select_option(".playback-day", "9")  # the last day, and four times faster
        page.select_option(".playback-speed", "4")
        jumped = page.evaluate(STATE)
        assert jumped["day"] == 9 and jumped["status"].startswith("Giorno 10 · 6 lug 2015 · ")
        page.wait_for_function(f"() => {STATE}.mode === 'done'", timeout=20_000)
        done = page.evaluate(STATE)
        assert done["shown"] == total and button.inner_text() == "Di nuovo"
        assert page.evaluate("journalMap.routes.every(l => journalMap.map.hasLayer(l))"), (
            "every day drawn at the end"
        )
        assert real(errors) == []


def test_markers_appear_in_the_order_the_ride_reaches_them(site: Path) -> None:
    with serve(site) as base, browser_page() as (page, errors, _):
        open_map(page, f"{base}/en/map.html")
        page.select_option(".playback-speed", "4")
        page.locator(".playback-play").click()
        counts = []
        while page.evaluate(STATE)["mode"] == "playing":
            counts.append(markers_on_map(page))
            time.sleep(0.25)
        assert counts == sorted(counts) and counts[0] < counts[-1]  # never one taken back
        assert page.evaluate(STATE)["status"].startswith("Day 10 · 6 Jul 2015 · ")
        assert page.locator(".playback-play").inner_text() == "Play again"
        assert real(errors) == []


def test_the_controls_are_reached_and_used_with_the_keyboard(site: Path) -> None:
    with serve(site) as base, browser_page() as (page, errors, _):
        open_map(page, f"{base}/en/map.html")
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.className") == "playback-play":
                break
        else:
            pytest.fail("Tab never reached the play button")
        page.keyboard.press("Enter")
        page.wait_for_function(f"() => {STATE}.mode === 'playing'")
        page.keyboard.press("Space")  # the same button pauses
        assert page.evaluate(STATE)["mode"] == "paused"
        page.keyboard.press("Tab")  # the speed, then the day, by name
        assert page.evaluate("document.activeElement.closest('label').textContent").startswith(
            "Speed"
        )
        assert real(errors) == []


def test_reduced_motion_shows_the_whole_route_and_steps_by_day(site: Path) -> None:
    with serve(site) as base, browser_page(reduced_motion="reduce") as (page, errors, _):
        open_map(page, f"{base}/en/map.html")
        assert page.evaluate(STATE)["reduced"] is True
        button = page.locator(".playback-play")
        button.click()
        one = page.evaluate(STATE)
        assert one["status"].startswith("Day 1 · 27 Jun 2015 · ") and one["mode"] == "paused"
        assert button.inner_text() == "Next day"
        assert page.evaluate("journalMap.routes.every(l => journalMap.map.hasLayer(l))")
        assert one["shown"] == page.evaluate("journalMap.markers.length")
        time.sleep(0.3)
        assert page.evaluate(STATE) == one  # nothing moves by itself
        button.click()
        assert page.evaluate(STATE)["status"].startswith("Day 2 · 28 Jun 2015 · ")
        page.select_option(".playback-day", "6")
        assert page.evaluate(STATE)["status"].startswith("Day 7 · 3 Jul 2015 · ")
        assert real(errors) == []


@pytest.mark.skipif(axe_missing() is not None, reason=str(axe_missing()))
def test_the_control_fits_a_phone_inside_the_travelogue_and_passes_axe(site: Path) -> None:
    viewport = {"viewport": {"width": 320, "height": 640}, "has_touch": True}
    with serve(site) as base, browser_page(**viewport) as (page, errors, _):
        page.goto(f"{base}/index.html", wait_until="load")
        page.locator("iframe").first.scroll_into_view_if_needed()
        page.wait_for_function(
            "() => { const w = document.querySelector('iframe').contentWindow;"
            " return w.journalMap && w.journalMap.player; }",
            timeout=20_000,
        )
        frame = next(f for f in page.frames if f.url.endswith("/map.html"))
        frame.locator(".playback-play").click()
        frame.wait_for_function(f"() => {STATE}.status !== ''")  # the longest it gets
        box = frame.evaluate(
            "(() => { const r = document.getElementById('map-playback').getBoundingClientRect();"
            " return [r.left, r.right, innerWidth, document.documentElement.scrollWidth]; })()"
        )
        assert box[0] >= 0 and box[1] <= box[2] and box[3] == box[2], box  # no sideways scroll
        assert axe_violations(frame) == []
        assert real(errors) == []
