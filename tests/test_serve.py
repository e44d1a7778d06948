"""`journal serve`: the real command in its own process, a page open in headless Chromium.

A saved sentence appears in the open page without the test reloading it (the page keeps
its scroll), a broken entry shows over the page and clears when fixed, nothing outside the
rendered site is served in any spelling, ranges and types are right, the files on disk never
carry the reload script, a second server on the port fails in one line, and SIGINT ends it
at once with exit 0.
"""

from __future__ import annotations

import http.client
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import browser_page, chromium_missing
from tests.conftest import EXAMPLE, with_secret

ENTRY = "entries/2015-07-03-il-gottardo.it.md"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _command(root: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "journal", "--root", str(root), "serve", EXAMPLE.name,
            "--no-open", "--port", str(port), "-j", "2"]  # fmt: skip


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, int, subprocess.Popen]]:
    root = with_secret(tmp_path_factory.mktemp("serve"))
    shutil.copytree(EXAMPLE, root / "trips" / EXAMPLE.name)
    port = _free_port()
    log = (root / "serve.log").open("wb")
    process = subprocess.Popen(_command(root, port), stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while b"serving" not in (root / "serve.log").read_bytes():
        assert process.poll() is None and time.monotonic() < deadline, _log(root)
        time.sleep(0.1)
    yield root, port, process
    if process.poll() is None:
        process.kill()
    process.wait()
    log.close()


def _log(root: Path) -> str:
    return (root / "serve.log").read_text(encoding="utf-8", errors="replace")


def _get(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    """A request sent as written: no client cleans `..` or decodes `%2e` first."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers)
    return connection.getresponse()


def test_nothing_outside_the_rendered_site_is_served(served) -> None:
    root, port, _ = served
    site = root / "site" / EXAMPLE.name
    (site / "outside").symlink_to(root / "trips")
    try:
        for path in ("/../trips/london-mantova-2015/trip.toml", "/%2e%2e/.journal/secret",
                     "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/..%2f..%2fjournal.toml",
                     "/en/..%5c..%5cjournal.toml", "/outside/london-mantova-2015/trip.toml",
                     "/.journal/../../trips/london-mantova-2015/trip.toml"):  # fmt: skip
            answer = _get(port, path)
            assert answer.status == 404, path
            assert b"title" not in answer.read(), path
    finally:
        (site / "outside").unlink()
    assert _get(port, "/index.html").status == 200


def test_ranges_and_content_types(served) -> None:
    root, port, _ = served
    whole = (root / "site" / EXAMPLE.name / "route.geojson").read_bytes()
    part = _get(port, "/route.geojson", Range="bytes=10-19")
    assert part.status == 206 and part.read() == whole[10:20]
    assert part.getheader("Content-Range") == f"bytes 10-19/{len(whole)}"
    assert part.getheader("Content-Type") == "application/geo+json"
    tail = _get(port, "/route.geojson", Range="bytes=-5")
    assert tail.status == 206 and tail.read() == whole[-5:]
    assert _get(port, "/route.geojson", Range=f"bytes={len(whole)}-").status == 416
    types = {"/": "text/html", "/route.svg": "image/svg+xml", "/route.gpx": "application/gpx+xml",
             "/assets/style.css": "text/css", "/assets/lightbox.js": "text/javascript"}  # fmt: skip
    for path, kind in types.items():
        assert _get(port, path).getheader("Content-Type").startswith(kind), path
    assert _get(port, "/en").status == 301


def test_only_served_pages_carry_the_reload_script(served) -> None:
    root, port, _ = served
    assert b"journalPreview" in _get(port, "/").read()
    assert b"journalPreview" in _get(port, "/en/map.html").read()
    for path in (root / "site").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"journalPreview" not in data and b"__journal__" not in data, path


def test_an_edit_appears_in_the_open_page_and_a_broken_entry_shows_then_clears(served) -> None:
    if chromium_missing():
        pytest.skip(chromium_missing() or "")
    root, port, _ = served
    entry = root / "trips" / EXAMPLE.name / ENTRY
    text = entry.read_text(encoding="utf-8")
    with browser_page() as (page, _, _):
        page.goto(f"http://127.0.0.1:{port}/")
        page.evaluate("window.scrollTo(0, 1500)")
        entry.write_text(text + "\nUna frase appena salvata.\n", encoding="utf-8")
        page.get_by_text("Una frase appena salvata.").wait_for(timeout=30_000)
        page.wait_for_function("window.scrollY > 1400")  # where the reader was
        broken = text.replace("title:", "title: [", 1)
        entry.write_text(broken, encoding="utf-8")
        overlay = page.locator("#journal-preview-errors")
        overlay.wait_for(timeout=30_000)
        assert f"{ENTRY.split('/')[-1]}:2:" in overlay.inner_text()
        assert page.get_by_text("Una frase appena salvata.").is_visible()  # the last good page
        entry.write_text(text, encoding="utf-8")
        overlay.wait_for(state="detached", timeout=30_000)
        page.get_by_text("Una frase appena salvata.").wait_for(state="detached", timeout=30_000)


def test_a_second_server_on_the_port_fails_in_one_line(served) -> None:
    root, port, _ = served
    second = subprocess.run(_command(root, port), capture_output=True, text=True, timeout=120)
    assert second.returncode == 1
    lines = [line for line in second.stderr.splitlines() if line.startswith("error:")]
    assert lines == [f"error: port {port} is in use; choose another with --port"]
    assert "Traceback" not in second.stderr


def test_sigint_stops_it_at_once_with_exit_0(served) -> None:
    root, port, process = served
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0
    assert time.monotonic() - started < 3
    assert "Traceback" not in _log(root)
    with pytest.raises(OSError):
        _get(port, "/")
