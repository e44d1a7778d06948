"""Entry texts as the pages show them: Markdown rendered once per page folder, fitted in.

A text is rendered once per folder depth (its image links are relative), in its own language:
a photo standing alone in a paragraph becomes the theme's figure (`inline_photo.html`: caption,
srcset, size, the lightbox link), headings sit under the entry's title (the theme's
`entry_heading` option), and footnote back-links speak the text's language, which is the
page's own unless the entry is shown untranslated under a notice (and marked with its `lang`).
Problems are reported once, not once per folder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import jinja2
from markupsafe import Markup

from journal.core.errors import Report
from journal.core.mediaplan import published_files
from journal.core.models import Entry, PhotoMeta, Trip
from journal.render.days import photo_claims
from journal.render.pagecontext import PageContext
from journal.render.textcache import TextCache
from journal.render.themes import Theme

#: The page folders a text is rendered for: the default language's and the others'.
BASES = ("", "../")
#: Where the author's highest heading goes when the theme does not say.
ENTRY_HEADING = 4

TextKey = tuple[str, str, str]  # entry stem, text language, page folder base


def quotes(theme: Theme, lang: str) -> tuple[str, str]:
    pair = theme.option("quotes", lang) or theme.option("quotes", "default") or ("\u201c", "\u201d")
    return pair[0], pair[1]


def footnote_title(env: jinja2.Environment) -> str:
    """The footnote back-link's title in the environment's language, `{}` for the number."""
    rendered = env.get_template("footnote_backlink.html").render(number="{}").strip()
    return Markup(rendered).unescape()  # plain text: Python-Markdown escapes the attribute


class _InlinePhotos:
    """The photos one text shows inside it, for one page folder: their URLs and figures.

    A figure carries the photo's anchor (what the map's popups link to) unless a gallery
    already does (the photo is listed under an entry's `photos:`) or an earlier entry's text
    shows it: an id appears once on a page.
    """

    def __init__(
        self, ctx: PageContext, entry: Entry, anchors: dict[str, str], claimed: set[str]
    ) -> None:
        self.ctx = ctx
        self.entry = entry
        self.anchors = anchors
        self.claimed = claimed
        self.used: set[str] = set()

    def url(self, name: str) -> str | None:
        if name not in self.ctx.published:
            return None
        self.used.add(name)
        return self.ctx.base + published_files(name)[0]

    def figure(self, name: str, caption: str) -> str:
        view: dict[str, Any] = dict(self.ctx.photo(name, self.entry))
        if caption:
            view.update(caption=caption, alt=caption)
        owner = self.anchors.setdefault(name, self.entry.stem)
        if owner != self.entry.stem or name in self.claimed:
            view["anchor"] = ""
        return self.ctx.env.get_template("inline_photo.html").render(photo=view).strip()


def render_texts(
    trip: Trip,
    entries: Sequence[Entry],
    theme: Theme,
    published: Mapping[str, PhotoMeta],
    envs: Callable[[str], jinja2.Environment],
    report: Report,
    cache: TextCache | None = None,
) -> tuple[dict[TextKey, Markup], set[str]]:
    """Every text of `entries` rendered for every page folder, and the photos shown inline;
    texts rendered before come from `cache` (see textcache.py)."""
    cache = cache or TextCache()
    found: dict[TextKey, Markup] = {}
    inline: set[str] = set()
    problems: dict[Any, None] = {}
    claimed = set(photo_claims(entries))
    titles: dict[str, str] = {}
    heading = int(theme.option("entry_heading", default=ENTRY_HEADING))
    for base in BASES:
        contexts: dict[str, PageContext] = {}
        anchors: dict[str, str] = {}
        for entry in entries:
            for text in entry.texts.values():
                if text.lang not in contexts:
                    env = envs(text.lang)
                    contexts[text.lang] = PageContext(trip, text.lang, base, env, envs, published)
                    titles.setdefault(text.lang, footnote_title(env))
                photos = _InlinePhotos(contexts[text.lang], entry, anchors, claimed)
                scratch = Report()
                html = cache.render(
                    text,
                    photo_url=photos.url,
                    photo_figure=photos.figure,
                    quotes=quotes(theme, text.lang),
                    report=scratch,
                    id_prefix=entry.anchor,
                    top_heading=heading,
                    footnote_title=titles[text.lang],
                )
                found[(entry.stem, text.lang, base)] = Markup(html)
                inline |= photos.used
                problems.update(dict.fromkeys(scratch.problems))
    known = set(report.problems)  # the load step checked the same texts (pipeline.read_trip)
    report.extend(p for p in problems if p not in known)
    return found, inline
