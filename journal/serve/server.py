"""The preview's web server: the rendered site and nothing else, the reload script added to
the pages it serves (never to the files on disk), and the channel that tells pages to reload.

Safe by default: only files inside the site's folder are answered (a path with `..`, its
encoded `%2e%2e`, a backslash, or a symlink leading out is refused with 404, whichever way
it is spelt); HTML gets the reload script before `</body>`; everything else is sent as it is,
with its content type and, when asked, a byte range (Safari plays video only that way).
Pages learn of a new render through Server-Sent Events at `EVENTS`: each message carries the
render's number and its errors, which the script shows as an overlay over the last good page.
"""

from __future__ import annotations

import http.server
import json
import logging
import mimetypes
import posixpath
import re
import socketserver
import sys
import threading
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

log = logging.getLogger(__name__)

#: The Server-Sent Events channel of the preview; no file of a site can have this path.
EVENTS = "/__journal__/events"
#: Types `mimetypes` may not know, or know differently on another OS.
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".geojson": "application/geo+json",
    ".gpx": "application/gpx+xml",
    ".svg": "image/svg+xml",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".mp4": "video/mp4",
    ".mov": "video/quicktime",
    ".webm": "video/webm",
    ".woff2": "font/woff2",
}
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 1 << 16


@dataclass
class Preview:
    """What the server shows: the site's folder, the number of the last good render and the
    errors of the last one (shown as an overlay). `changed` wakes the waiting pages."""

    folder: Path
    version: int = 0
    errors: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, errors: list[str], *, rendered: bool) -> None:
        """A render ended: with `rendered`, pages reload; its errors (or none) are shown."""
        with self.changed:
            if rendered:
                self.version += 1
            self.errors = list(errors)
            self.changed.notify_all()

    def state(self) -> bytes:
        message = json.dumps({"version": self.version, "errors": self.errors})
        return f"data: {message}\n\n".encode()


def reload_script(version: int) -> bytes:
    """The script added to each served page: its render's number, then the theme-free code
    that listens for the next one (scroll kept), or shows the errors."""
    code = resources.files("journal.serve").joinpath("reload.js").read_text(encoding="utf-8")
    return f"<script>window.journalPreview={version};\n{code}</script>\n".encode()


def site_file(folder: Path, url_path: str) -> Path | None:
    """The file of the site a URL path names, or None when it names nothing inside the
    folder: `..` in any spelling, a backslash, a NUL or a symlink that leads out."""
    path = unquote(url_path)
    if "\\" in path or "\0" in path:
        return None
    parts = [p for p in posixpath.normpath("/" + path).split("/") if p]
    if ".." in path.split("/") or any(p.startswith("..") for p in parts):
        return None
    root = folder.resolve()
    target = root.joinpath(*parts)
    try:
        real = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_relative_to(root):
        return None
    if real.is_dir():
        index = real / "index.html"
        return index if index.is_file() else None
    return real if real.is_file() else None


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    return TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class Handler(http.server.BaseHTTPRequestHandler):
    """GET and HEAD of the site's files, and the events channel."""

    preview: Preview  # set on the class made for each server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self._answer(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # the terminal shows renders and errors, not every request

    def _answer(self, *, body: bool) -> None:
        path = urlsplit(self.path).path
        if path == EVENTS:
            self._events()
            return
        file = site_file(self.preview.folder, path)
        if file is None:
            self._plain(404, "not found in the rendered site\n", body)
            return
        if file.name == "index.html" and not path.endswith(("/", ".html")):
            self._redirect(path + "/")  # a folder: its page's relative links need the slash
            return
        if file.suffix == ".html":
            self._page(file, body)
        else:
            self._file(file, body)

    def _plain(self, code: int, text: str, body: bool) -> None:
        data = text.encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _page(self, file: Path, body: bool) -> None:
        """A page with the reload script before `</body>` (or at its end)."""
        data = file.read_bytes()
        script = reload_script(self.preview.version)
        at = data.rfind(b"</body>")
        data = data[:at] + script + data[at:] if at >= 0 else data + script
        self.send_response(200)
        self.send_header("Content-Type", TYPES[".html"])
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _file(self, file: Path, body: bool) -> None:
        """A file as it is, whole or the byte range asked."""
        size = file.stat().st_size
        start, end = 0, size - 1
        asked = self.headers.get("Range")
        status = 200
        if asked:
            found = RANGE.match(asked.strip())
            first, last = (found.group(1), found.group(2)) if found else ("", "")
            if found and first:
                start, end = int(first), min(int(last), size - 1) if last else size - 1
            elif found and last:
                start = max(size - int(last), 0)
            if not found or start > end or start >= size:
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = 206
        self.send_response(status)
        self.send_header("Content-Type", content_type(file))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(end - start + 1))
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if body:
            self._copy(file, start, end - start + 1)

    def _copy(self, file: Path, start: int, length: int) -> None:
        with file.open("rb") as fh:
            fh.seek(start)
            while length > 0:
                chunk = fh.read(min(CHUNK, length))
                if not chunk:
                    break
                self.wfile.write(chunk)
                length -= len(chunk)

    def _events(self) -> None:
        """The page's channel: the state now, then at each render (a comment every 15 s
        keeps it open through proxies)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        preview = self.preview
        seen = None
        try:
            while True:
                with preview.changed:
                    state = preview.state()
                    if state == seen:
                        preview.changed.wait(15)
                        state = preview.state()
                self.wfile.write(state if state != seen else b": still here\n\n")
                self.wfile.flush()
                seen = state
        except (BrokenPipeError, ConnectionResetError, OSError):
            return


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """One thread a request, none of them keeping the process alive at Ctrl-C."""

    daemon_threads = True  # (SO_REUSEADDR, http.server's default, never lets a second
    # server listen on a port in use: it lets a restarted one take it back at once)

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser closing a connection is routine; anything else is one log line, never
        a traceback on the writer's terminal."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):
            log.warning("preview: %s while answering %s", error, client_address)


def make_server(preview: Preview, host: str, port: int) -> Server:
    """A server bound to (host, port); OSError when the port is taken."""
    handler = type("PreviewHandler", (Handler,), {"preview": preview})
    return Server((host, port), handler)
