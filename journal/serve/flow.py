"""`journal serve`, step by step: render, serve, open the browser, then watch and render again.

A render is `journal render TRIP` (or `--all`): what did not change is replayed or kept, so
a saved sentence costs what an edit costs. After each render every open page reloads
(server.py's events); a render that stops on an error (a broken front matter) leaves the last
good site served and shows the error over it; a render whose pages came out with errors (a
missing photo) leaves the open pages as they were, the errors over them (a page opened then
is the new one). The next good render clears them and reloads. Watched: the trip's folder
(every trip's with --all), journal.toml and the themes, through watchfiles (inotify,
FSEvents, ReadDirectoryChangesW: no polling).

With `--jekyll BLOG` each render publishes into the blog, and `jekyll serve` previews it on
the next port when Jekyll is installed. Ctrl-C ends everything at once.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from journal.core.errors import JournalError
from journal.load.root import trip_dir
from journal.pipeline import RenderOptions, render_trip
from journal.serve.server import Preview, Server, make_server

#: Addresses only this machine reaches; any other shares the preview with the network.
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class ServeRequest:
    trip: str | None  # None: every trip and the home (--all)
    port: int = 8000
    host: str = "127.0.0.1"
    open_browser: bool = True
    options: RenderOptions = RenderOptions()


def serve(root: Path, request: ServeRequest, say: Callable[[str], None]) -> None:
    """Render, serve and watch until Ctrl-C (KeyboardInterrupt, which ends it quietly)."""
    from journal.render.themes import find_themes_dir

    folder = trip_dir(root, request.trip) if request.trip else None
    site = (request.options.out or root / "site").resolve()
    if folder is not None and request.options.out is None:
        site = site / folder.name
    options = replace(request.options, out=site if folder else request.options.out)
    preview = Preview(site)
    render = _renderer(root, request.trip, options, say)
    render(preview)
    server = _bind(preview, request.host, request.port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://{request.host}:{server.server_address[1]}/"
    if request.host not in LOOPBACK:
        say(f"warning: serving on {request.host}: anyone who reaches this machine can read it")
    say(f"serving {site} at {url} (Ctrl-C to stop)")
    blog = _jekyll_serve(options.jekyll, request, say)
    if request.open_browser:
        webbrowser.open(url)
    _stop_on_ctrl_c(blog, say)
    watched = [folder or root / "trips", find_themes_dir()]
    watched += [p for p in (root / "journal.toml",) if p.is_file()]
    try:
        _watch(watched, lambda: render(preview))
    finally:
        server.shutdown()
        server.server_close()
        if blog is not None:
            blog.terminate()


def _stop_on_ctrl_c(blog: subprocess.Popen[bytes] | None, say: Callable[[str], None]) -> None:
    """Ctrl-C ends the preview at once, even in the middle of a render (every file is
    written to a temp file and renamed: each is old or new), with exit 0."""

    def stop(signum: int, frame: object) -> None:
        if blog is not None:
            blog.terminate()
        say("stopped")
        sys.stderr.flush()
        sys.stdout.flush()
        os._exit(0)

    signal.signal(signal.SIGINT, stop)


def _renderer(
    root: Path, trip: str | None, options: RenderOptions, say: Callable[[str], None]
) -> Callable[[Preview], None]:
    """The render of one change: problems said on the terminal and handed to the pages."""

    def render(preview: Preview) -> None:
        started = time.perf_counter()
        try:
            if trip is None:
                from journal.homeflow import render_all

                report = render_all(root, options).report
            else:
                report, _ = render_trip(root, trip, options)
        except JournalError as exc:  # nothing was written: the last good site stays
            errors = [str(problem) for problem in exc.problems]
            for line in errors:
                say(line)
            preview.publish(errors, rendered=False)
            return
        for problem in report:
            say(str(problem))
        took = time.perf_counter() - started
        say(f"rendered in {took:.2f} s" + (f", {report.summary()}" if report.problems else ""))
        errors = [str(p) for p in report.errors]  # the open pages keep the last good render
        preview.publish(errors, rendered=not errors)

    return render


def _bind(preview: Preview, host: str, port: int) -> Server:
    """The server on (host, port); a busy port is one error naming it and the option."""
    try:
        return make_server(preview, host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise JournalError(None, f"port {port} is in use; choose another with --port") from None
        raise JournalError(None, f"cannot listen on {host}:{port}: {exc.strerror}") from None


def _watch(paths: list[Path], render: Callable[[], None]) -> None:
    """Render again after each batch of changes (a save that writes twice is one)."""
    import watchfiles

    for _changes in watchfiles.watch(*paths, debounce=80, step=20):
        render()


def _jekyll_serve(
    blog: Path | None, request: ServeRequest, say: Callable[[str], None]
) -> subprocess.Popen[bytes] | None:
    """`jekyll serve` on the blog, on the next port, when Jekyll is installed."""
    if blog is None:
        return None
    jekyll = shutil.which("jekyll")
    if jekyll is None:
        say("jekyll is not installed (apt-get install jekyll): the blog is published on each "
            "change but not previewed; serving the site")  # fmt: skip
        return None
    port = request.port + 1
    command = [jekyll, "serve", "--safe", "--source", str(blog), "--host", request.host]
    command += ["--port", str(port), "--destination", str(blog / "_site")]
    say(f"previewing the blog at http://{request.host}:{port}/ (jekyll serve)")
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
