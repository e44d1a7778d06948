"""Entry text to HTML: the only module that imports Python-Markdown.

Owns the Markdown dialect of an entry (tables, footnotes, smart quotes in the language's own
style) and how the text fits the page it is shown on:
- an image written as `![caption](photos/x.jpg)` points at the published copy in `media/`;
  standing alone in its paragraph it becomes the theme's photo figure (caption, srcset, size,
  the lightbox), which the page hands in as `photo_figure`; inside a sentence it stays an
  image;
- headings are nested under the entry's own title: the author's top level becomes
  `top_heading`, and the rest keep their distance from it;
- footnote back-links speak the page's language (`footnote_title`).

A reference to a photo that is not published is an error naming the file and line, so a
private or misspelled photo never leaves a broken page. Raw HTML written by the author is kept
as it is: it is his own.
"""

from __future__ import annotations

import logging
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.smarty import SmartyExtension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor

from journal.core.errors import Report
from journal.core.models import EntryText
from journal.render.textlimits import Defused, defuse

log = logging.getLogger(__name__)

PHOTOS_DIR = "photos/"

#: Smarty's names for the two double quotes; single quotes and apostrophes stay typographic.
_QUOTE_KEYS = ("left-double-quote", "right-double-quote")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: Python-Markdown's own back-link title; `{}` is the footnote's number.
FOOTNOTE_TITLE = "Jump back to footnote {} in the text"

PhotoFigure = Callable[[str, str], str]


def _line_of(text: EntryText, target: str) -> int:
    """The file line where `target` is written: Markdown keeps no positions, the source does."""
    for offset, line in enumerate(text.body.splitlines()):
        if target in line:
            return text.body_line + offset
    return text.body_line


class _PhotoLinks(Treeprocessor):
    """Point `photos/...` images and links at their published copies; refuse escapes."""

    def __init__(
        self,
        md: markdown.Markdown,
        text: EntryText,
        photo_url: Callable[[str], str | None],
        report: Report,
        id_prefix: str,
    ) -> None:
        super().__init__(md)
        self.text = text
        self.photo_url = photo_url
        self.report = report
        self.id_prefix = id_prefix
        self.photos: dict[etree.Element, str] = {}  # published images: the photo's name

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "img" and element.get("src") is not None:
                if not self._rewrite(element, "src", required=True):
                    _unlink(element)
            elif element.tag == "a" and element.get("href") is not None:
                self._rewrite(element, "href", required=False)
            if self.id_prefix:
                self._prefix_ids(element)

    def _prefix_ids(self, element: etree.Element) -> None:
        """Footnote ids (`fn:1`) repeat in every entry; a page holds many entries."""
        ident = element.get("id")
        if ident and ident.startswith(("fn:", "fnref:")):
            element.set("id", f"{self.id_prefix}-{ident}")
        href = element.get("href")
        if href and href.startswith(("#fn:", "#fnref:")):
            element.set("href", f"#{self.id_prefix}-{href[1:]}")

    def _rewrite(self, element: etree.Element, attr: str, *, required: bool) -> bool:
        """Point a photo reference at its published copy; False when it cannot be."""
        written = element.get(attr, "")
        parts = urlsplit(written)
        if parts.scheme or parts.netloc or written.startswith("#"):
            return True  # a web address or an anchor: not a file of the trip
        path = posixpath.normpath(unquote(parts.path)) if parts.path else ""
        if not path.startswith(PHOTOS_DIR) or written.startswith("/"):
            if not required:
                return True  # a link elsewhere on the site is the author's business
            if written.startswith("/") or path == ".." or path.startswith("../"):
                self._error(written, f"{written!r} points outside the trip; write photos/<name>")
            else:
                self._error(written, f"image {written!r} is not in the trip's photos/ folder")
            return False
        name = path[len(PHOTOS_DIR) :]
        url = self.photo_url(name)
        if url is None:
            self._error(written, f"photo {name!r} does not exist or is not published")
            return False
        element.set(attr, url)
        if element.tag == "img":
            self.photos[element] = name
        return True

    def _error(self, written: str, message: str) -> None:
        self.report.error(
            self.text.path, message, _line_of(self.text, written), code="entry.bad-image"
        )


def _unlink(image: etree.Element) -> None:
    """An image that cannot be published becomes its caption: the page links nothing broken
    and nothing outside the trip."""
    alt, tail = image.get("alt", ""), image.tail  # clear() would drop the words after it
    image.clear()
    image.tail = tail
    image.tag = "span"
    image.set("class", "missing-photo")
    image.text = alt


class _Figures(Treeprocessor):
    """A paragraph holding nothing but published photos becomes their figures (the theme's
    HTML, stashed: Python-Markdown puts it back in place of the paragraph)."""

    def __init__(self, md: markdown.Markdown, links: _PhotoLinks, figure: PhotoFigure) -> None:
        super().__init__(md)
        self.links = links
        self.figure = figure

    def run(self, root: etree.Element) -> None:
        for paragraph in [p for p in root.iter("p") if self._only_photos(p)]:
            html = "\n".join(
                self.figure(self.links.photos[image], image.get("alt", "")) for image in paragraph
            )
            tail = paragraph.tail
            paragraph.clear()  # clear() drops the tail too: the line break after the paragraph
            paragraph.text, paragraph.tail = self.md.htmlStash.store(html), tail

    def _only_photos(self, paragraph: etree.Element) -> bool:
        return (
            len(paragraph) > 0
            and not (paragraph.text or "").strip()
            and all(e in self.links.photos and not (e.tail or "").strip() for e in paragraph)
        )


class _Headings(Treeprocessor):
    """Nest the author's headings under the entry's title: the highest becomes `top`."""

    def __init__(self, md: markdown.Markdown, top: int) -> None:
        super().__init__(md)
        self.top = top

    def run(self, root: etree.Element) -> None:
        headings = [e for e in root.iter() if e.tag in HEADINGS]
        if not headings:
            return
        shift = self.top - min(HEADINGS.index(e.tag) + 1 for e in headings)
        for heading in headings:
            level = HEADINGS.index(heading.tag) + 1 + shift
            heading.tag = HEADINGS[min(max(level, 1), len(HEADINGS)) - 1]


def _warn_defused(text: EntryText, defused: Defused, report: Report) -> None:
    done = []
    if defused.escaped:
        done.append(f"{defused.escaped} unclosed brackets or tags shown as written")
    if defused.split:
        done.append(f"paragraphs too long or too full of links cut into {defused.split + 1}")
    report.warn(text.path, f"{'; '.join(done)}: formatting them as Markdown would take "
                "minutes", text.body_line, code="entry.slow-markdown")  # fmt: skip


def render_markdown(
    text: EntryText,
    *,
    photo_url: Callable[[str], str | None],
    quotes: tuple[str, str],
    report: Report,
    id_prefix: str = "",
    photo_figure: PhotoFigure | None = None,
    top_heading: int | None = None,
    footnote_title: str = FOOTNOTE_TITLE,
) -> str:
    """The HTML of one entry text; problems go to `report` with the file's line number.

    `photo_url` maps a name relative to photos/ to its published URL, or None when the photo
    is missing or not published; `photo_figure` makes the figure of a published photo standing
    alone in a paragraph from its name and caption (without it the image stays an image).
    `quotes` are the opening and closing double quotes of the language. `id_prefix` keeps
    footnote ids unique when several entries share a page. `top_heading` is the level the
    author's highest heading gets (None: as written); `footnote_title` the back-link's title,
    `{}` standing for the footnote's number.
    """
    substitutions = dict(zip(_QUOTE_KEYS, quotes, strict=True))
    # The extensions as objects, not names: a name is looked up among every installed
    # package's entry points, which imports importlib.metadata and reads them all.
    md = markdown.Markdown(
        extensions=[
            TableExtension(),
            FootnoteExtension(BACKLINK_TITLE=footnote_title),
            SmartyExtension(substitutions=substitutions),
        ],
        output_format="html",
    )
    # After inline patterns (20) and footnotes (50): every img, a and id exists by then.
    links = _PhotoLinks(md, text, photo_url, report, id_prefix)
    md.treeprocessors.register(links, "photos", 3)
    if photo_figure is not None:
        md.treeprocessors.register(_Figures(md, links, photo_figure), "figures", 2)
    if top_heading is not None:
        md.treeprocessors.register(_Headings(md, top_heading), "headings", 1)
    defused = defuse(text.body)
    if defused.escaped or defused.split:
        _warn_defused(text, defused, report)
    html = md.convert(defused.text)
    return re.sub(r"\n{3,}", "\n\n", html).strip()
