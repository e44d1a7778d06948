"""The travelogue cut out of a standalone page, for a blog post to carry.

The stats the header shows are already in the page, which is why a post is cut from it
rather than rendered a second time. Owns where the cuts go: the `<article
class="travelogue">`, its map iframe (a blog shows the map through its include instead) and
its title heading (the blog's layout prints the title; a post repeating it shows it twice).
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from journal.core.errors import JournalError

Position = tuple[int, int]  # (line, column) as HTMLParser counts them


class _Travelogue(HTMLParser):
    """Finds the `<article class="travelogue">` of a page, and its first `<h1>` and iframe."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.spans: dict[str, list[Position]] = {"article": [], "h1": [], "iframe": []}

    def _inside(self) -> bool:
        return len(self.spans["article"]) == 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            classes = (dict(attrs).get("class") or "").split()
            if not self.spans["article"] and "travelogue" in classes:
                self.spans["article"].append(self.getpos())
                self.depth = 1
            elif self._inside():
                self.depth += 1
        elif tag in ("h1", "iframe") and self._inside() and not self.spans[tag]:
            self.spans[tag].append(self.getpos())

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "iframe") and len(self.spans[tag]) == 1:
            self.spans[tag].append(self.getpos())
        if tag == "article" and self._inside():
            self.depth -= 1
            if self.depth == 0:
                self.spans["article"].append(self.getpos())


@dataclass(frozen=True)
class Travelogue:
    """A page's travelogue around its map iframe; without an iframe, all of it is `before`."""

    before: str
    after: str
    iframe: str


def extract_travelogue(page: str, *, keep_title: bool = True) -> Travelogue:
    """The page's `<article class="travelogue">` split around its map iframe; its first
    `<h1>` (the trip's title) left out unless `keep_title`."""
    parser = _Travelogue()
    parser.feed(page)
    parser.close()
    spans = parser.spans
    if len(spans["article"]) != 2:
        raise JournalError(None, 'the theme\'s page has no <article class="travelogue">')
    starts = [0]
    for line in page.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def start(pos: Position) -> int:
        return starts[pos[0] - 1] + pos[1]

    def end(pos: Position) -> int:  # just after the end tag that begins at `pos`
        return page.index(">", start(pos)) + 1

    cuts: list[tuple[int, int]] = []  # left out, in page order
    if not keep_title and len(spans["h1"]) == 2:
        cuts.append((start(spans["h1"][0]), end(spans["h1"][1])))
    first, last = start(spans["article"][0]), end(spans["article"][1])
    frame = None
    if len(spans["iframe"]) == 2:
        frame = (start(spans["iframe"][0]), end(spans["iframe"][1]))
        cuts.append(frame)
    parts: list[list[str]] = [[]]  # before the iframe, after it
    at = first
    for cut_start, cut_end in sorted(cuts):
        parts[-1].append(page[at:cut_start])
        if (cut_start, cut_end) == frame:
            parts.append([])
        at = cut_end
    parts[-1].append(page[at:last])
    if frame is None:
        return Travelogue("".join(parts[0]), "", "")
    return Travelogue("".join(parts[0]), "".join(parts[1]), page[frame[0] : frame[1]])
