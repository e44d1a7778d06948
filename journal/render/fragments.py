"""Pieces of pages remembered between renders: an edit renders the day it changed, not all.

The travelogue of a month of photos is thirty days of galleries, and its map two thousand
popups; after one entry is edited, twenty-nine days and every popup are the same HTML as
last time. A fragment (a template rendered with
some values) is kept under a hash of the template's name, the page's language and the
values' `repr`, in a cache stamped with everything else its HTML can depend on: the theme's
templates, catalogs and options (every file of its folders), the code of the environment's
filters, and the versions of journal, Jinja and Babel. Values whose `repr` names an object
by its address cannot be keyed, and are rendered every time. The file follows the fragments
of the last render, so it does not grow; it holds them as they are, after a header of their
keys and sizes (no JSON escaping of a few megabytes of HTML to pay at every edit).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.core.cache import CacheFile, code_stamp
from journal.core.files import files_under
from journal.render.themes import Theme

if TYPE_CHECKING:
    import jinja2

log = logging.getLogger(__name__)

CACHE_FILE = "fragments.cache"
#: The code of the environment a fragment is rendered in: its filters and globals.
ENVIRONMENT_SOURCES = ("render/themes.py", "render/i18n.py", "render/fragments.py")


def _theme_digest(theme: Theme) -> str:
    """Every file of the theme's folders (templates, catalogs, theme.toml), by content."""
    digest = hashlib.sha256()
    for folder in theme.chain:
        for parts, entry in files_under(folder):
            digest.update(f"{'/'.join(parts)}\n".encode())
            digest.update(Path(entry.path).read_bytes())
    return digest.hexdigest()


class Fragments:
    """Rendered fragments kept in a file between renders (see the module)."""

    def __init__(self, cache_file: Path | None, theme: Theme) -> None:
        stamp = (
            {
                "code": code_stamp(ENVIRONMENT_SOURCES, ("jinja2", "babel", "markupsafe")),
                "theme": _theme_digest(theme),
            }
            if cache_file
            else {}
        )
        self._file = CacheFile(cache_file, "fragment", stamp)
        self._known: dict[str, bytes] = self._file.read_files() or {}
        self.asked: dict[str, str] = {}  # the fragments of this render, by key
        self.rendered = 0  # fragments rendered, not read back: for tests and logs

    def render(self, env: jinja2.Environment, template: str, /, **values: Any) -> str:
        """`env.get_template(template).render(**values)`, or what it gave last time."""
        shown = repr(sorted(values.items()))
        if " at 0x" in shown:  # an object without a value of its own: no key to keep it by
            return env.get_template(template).render(**values)
        lang = env.globals.get("lang", "")
        key = hashlib.sha256(f"{template}\n{lang}\n{shown}".encode()).hexdigest()
        html = self.asked.get(key)
        if html is None:
            kept = self._known.get(key)
            if kept is None:
                html = env.get_template(template).render(**values)
                self.rendered += 1
            else:
                html = kept.decode("utf-8")
            self.asked[key] = html
        return html

    def save(self) -> None:
        """Keep the fragments of this render, when they are not those kept already."""
        if self.asked.keys() == self._known.keys():
            return
        log.debug("remembering %d page fragments", len(self.asked))
        self._file.write_files({key: html.encode("utf-8") for key, html in self.asked.items()})
