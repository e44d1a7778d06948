"""Helpers for the real-client tests: a localhost HTTP server and headless Debian Chromium.

Never downloads a browser: Playwright drives /usr/bin/chromium. Every request that is not to
localhost is aborted, so a test proves the pages work offline (tiles aside).
"""

from __future__ import annotations

import functools
import http.server
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def artefacts_dir() -> Path:
    """Where screenshots go: JOURNAL_ARTEFACTS, else a folder in the system's temp."""
    folder = Path(
        os.environ.get("JOURNAL_ARTEFACTS") or Path(tempfile.gettempdir()) / "journal-artefacts"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def chromium_missing() -> str | None:
    """Why the browser tests cannot run, or None when they can."""
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is not installed (.ci/run installs Debian's chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed"
    return None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free localhost port in a thread; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in ("127.0.0.1", "localhost")


@contextmanager
def browser_page(**context_options: object) -> Iterator[tuple[object, list[str], list[str]]]:
    """A Chromium page with the network cut off but for localhost.

    `context_options` go to Playwright's `new_context` (a viewport, `has_touch`,
    `java_script_enabled`...). Yields (page, console errors, aborted URLs).
    """
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    blocked: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            options = {"viewport": {"width": 1200, "height": 900}, **context_options}
            context = browser.new_context(**options)  # type: ignore[arg-type]

            def route(route: object) -> None:
                url = route.request.url  # type: ignore[attr-defined]
                if is_local(url):
                    route.continue_()  # type: ignore[attr-defined]
                else:
                    blocked.append(url)
                    route.abort()  # type: ignore[attr-defined]

            context.route("**/*", route)
            page = context.new_page()
            page.on(
                "console",
                lambda msg: (
                    errors.append(f"{msg.text} [{msg.location.get('url', '')}]")
                    if msg.type == "error"
                    else None
                ),
            )
            page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
            yield page, errors, blocked
        finally:
            browser.close()


#: axe-core, the accessibility engine of Lighthouse and the browsers' devtools, from npm
#: (.ci/run installs it into tests/.tools): injected into the page, it runs offline.
AXE = Path(__file__).resolve().parent / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
#: The impacts that fail a page: axe's "serious" and "critical" (a reader is blocked).
BLOCKING = ("serious", "critical")


def axe_missing() -> str | None:
    if not AXE.is_file():
        return f"axe-core not found at {AXE} (npm install --prefix tests/.tools axe-core)"
    return None


def axe_violations(frame: object) -> list[str]:
    """Serious and critical axe violations of a page or frame, one line per element."""
    frame.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    found = frame.evaluate(  # type: ignore[attr-defined]
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact,
                nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary),
            }));
        }"""
    )
    return [
        f"{v['id']} ({v['impact']}): {node}"
        for v in found
        if v["impact"] in BLOCKING
        for node in v["nodes"]
    ]
