"""Entry texts rendered before, remembered between renders: an edit renders one text again.

Rendering Markdown is most of what a page's texts cost (a trip of a month holds a hundred
texts, each rendered once per page folder, and once more by the load step's check), yet an
edit changes one. A rendered text is kept under a hash of everything `render_markdown` reads
besides its two callbacks: the text and where it lies in its file, the quotes, the ids'
prefix, the heading level, the footnotes' title, and the code. What the callbacks answered
(a photo's URL, a photo's figure) is kept with it, and a kept text is used only when each
callback, asked again in the same order, answers the same: the same calls with the same
answers make the same HTML. Asking them again also does what they do besides answering (a
page's figure anchors), as rendering would. A text shown in two page folders has two kept
renderings (its photos' URLs differ), found by the same key. Problems found in the text are
kept and reported again. The file follows the texts asked in a render, so it does not grow;
the load step's check (texts without figures) and the pages (with) keep theirs apart, so a
`journal check` leaves the pages' texts in place.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.core.cache import CacheFile, code_stamp
from journal.core.errors import Report
from journal.core.models import EntryText, Problem, Severity

if TYPE_CHECKING:
    from journal.render.markdown import PhotoFigure

log = logging.getLogger(__name__)

CACHE_FILE = "texts.cache"
#: The code that decides a text's HTML: a change to any of it is a new key.
RENDERING_SOURCES = ("render/markdown.py", "render/textcache.py")


@dataclass
class _Kept:
    """One rendered text: its HTML, the callbacks' answers in order, its problems."""

    html: str
    calls: list[list[Any]] = field(default_factory=list)  # ["url", name, url] or ["figure", ...]
    problems: list[list[Any]] = field(default_factory=list)


class TextCache:
    """`render_markdown`, remembered in a file between renders (see the module)."""

    def __init__(self, cache_file: Path | None = None) -> None:
        self._file = CacheFile(
            cache_file, "text", {"code": code_stamp(RENDERING_SOURCES, ("markdown",))}
        )
        self._known = _load(self._file)
        self._asked: dict[str, list[_Kept]] = {}
        self.rendered = 0  # how many texts were rendered, not read back: for tests and logs

    def render(
        self,
        text: EntryText,
        *,
        photo_url: Callable[[str], str | None],
        quotes: tuple[str, str],
        report: Report,
        id_prefix: str = "",
        photo_figure: PhotoFigure | None = None,
        top_heading: int | None = None,
        footnote_title: str | None = None,
    ) -> str:
        """What `render_markdown` with these arguments returns, and reports (`footnote_title`
        None: its own). Python-Markdown is imported only when a text must be rendered."""
        how = [str(text.path), text.body_line, text.body, quotes, id_prefix, top_heading]
        how += [footnote_title]
        kind = "page" if photo_figure is not None else "check"
        key = f"{kind} {hashlib.sha256(json.dumps(how, ensure_ascii=False).encode()).hexdigest()}"
        asked = self._asked.setdefault(key, [])
        for kept in [*asked, *self._known.get(key, [])]:
            if _answers_again(kept.calls, photo_url, photo_figure):
                if kept not in asked:
                    asked.append(kept)
                report.extend(_problem(row) for row in kept.problems)
                return kept.html
        calls: list[list[Any]] = []

        def url(name: str) -> str | None:
            calls.append(["url", name, photo_url(name)])
            return calls[-1][-1]

        def figure(name: str, caption: str) -> str:
            assert photo_figure is not None
            calls.append(["figure", name, caption, photo_figure(name, caption)])
            return calls[-1][-1]

        from journal.render.markdown import render_markdown

        found = Report()
        titled = {"footnote_title": footnote_title} if footnote_title is not None else {}
        html = render_markdown(
            text,
            photo_url=url,
            quotes=quotes,
            report=found,
            id_prefix=id_prefix,
            photo_figure=figure if photo_figure is not None else None,
            top_heading=top_heading,
            **titled,
        )
        self.rendered += 1
        report.extend(found.problems)
        asked.append(_Kept(html, calls, [_row(p) for p in found.problems]))
        return html

    def save(self) -> None:
        """Keep the texts asked since the cache was opened (when any was rendered afresh)."""
        kinds = {key.split(" ", 1)[0] for key in self._asked}
        kept = {k: v for k, v in self._known.items() if k.split(" ", 1)[0] not in kinds}
        texts = kept | self._asked
        if not self.rendered and texts == self._known:
            return
        log.debug("remembering %d rendered texts", len(texts))
        body = {key: [[k.html, k.calls, k.problems] for k in ways] for key, ways in texts.items()}
        self._file.write_json({"texts": body})


def _answers_again(
    calls: list[list[Any]],
    photo_url: Callable[[str], str | None],
    photo_figure: PhotoFigure | None,
) -> bool:
    for call in calls:
        if call[0] == "url" and photo_url(call[1]) != call[2]:
            return False
        if call[0] == "figure" and (photo_figure is None or photo_figure(*call[1:3]) != call[3]):
            return False
    return True


def _row(problem: Problem) -> list[Any]:
    path = str(problem.path) if problem.path else None
    return [path, problem.message, problem.line, str(problem.severity), problem.code]


def _problem(row: list[Any]) -> Problem:
    path, message, line, severity, code = row
    return Problem(Path(path) if path else None, message, line, Severity(severity), code)


def _load(cache: CacheFile) -> dict[str, list[_Kept]]:
    texts = (cache.read_json() or {}).get("texts")
    if not isinstance(texts, dict):
        return {}
    kept: dict[str, list[_Kept]] = {}
    for key, rows in texts.items():
        try:
            for html, calls, problems in rows:
                if isinstance(html, str) and all(isinstance(c, list) for c in calls):
                    [_problem(p) for p in problems]  # each must read back
                    kept.setdefault(key, []).append(_Kept(html, calls, problems))
        except (TypeError, ValueError):
            log.info("ignoring a malformed entry of the text cache %s", cache.path)
    return kept
