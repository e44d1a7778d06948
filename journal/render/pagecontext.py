"""What every template of one language's pages shares: the trip, the language, the way back
to the site root, the Jinja environments, and the template values of each photo.

A photo's values (its web copies, srcset, size, caption and alt text) are computed once per
page folder and language and reused by the galleries, the figures inside entry texts and the
map's popups, so a photo reads the same wherever it appears. Pure: no file is read or written.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2

from journal.core.mediaplan import media_stem, web_files, web_sizes
from journal.core.models import Entry, PhotoMeta, Trip


@functools.lru_cache(maxsize=65536)  # the same for a photo in every language and gallery
def _sizes(meta: PhotoMeta) -> tuple[tuple[int, int], tuple[int, int]] | None:
    return web_sizes(meta)


def photo_anchor(name: str) -> str:
    """The id of a photo's figure: what the map's popups link to."""
    return f"photo-{media_stem(name)}"


@dataclass
class PageContext:
    """The values shared by every template of one language's pages (in one page folder)."""

    trip: Trip
    lang: str
    base: str  # from this language's folder back to the site root: "" or "../"
    env: jinja2.Environment
    envs: Callable[[str], jinja2.Environment]
    published: Mapping[str, PhotoMeta]
    views: dict[tuple[str, str | None], dict[str, Any]] = field(default_factory=dict)
    alts: dict[dt.date | None, str] = field(default_factory=dict)
    captions: dict[str, str] | None = None

    def photo(self, name: str, entry: Entry | None = None) -> dict[str, Any]:
        """The template values of one photo (shown with `entry`), computed once per page.

        An entry that gives the photo no caption of its own shows it as anywhere else: the
        same values (a gallery's photo and its map popup share them)."""
        if entry is not None and entry.caption(name, self.lang) is None:
            entry = None
        key = (name, entry.stem if entry else None)
        if key not in self.views:
            self.views[key] = self._photo(name, entry)
        return self.views[key]

    def _photo(self, name: str, entry: Entry | None) -> dict[str, Any]:
        large, thumb = web_files(name)
        sizes = _sizes(self.published[name])
        photo = self.trip.photo(name)
        caption = entry.caption(name, self.lang) if entry else None
        if caption is None:
            caption = self._caption_anywhere(name)
        day = photo.day if photo else None
        alt = caption or self._default_alt(day)
        view: dict[str, Any] = {
            "anchor": photo_anchor(name),
            "src": self.base + large,
            "thumb": self.base + thumb,
            "srcset": "",
            "width": None,
            "height": None,
            "alt": alt,
            "caption": caption or "",
            "date": day,
        }
        if sizes:
            (w, h), (tw, th) = sizes
            view.update(width=w, height=h, thumb_width=tw, thumb_height=th)
            view["srcset"] = f"{self.base + thumb} {tw}w, {self.base + large} {w}w"
        return view

    def _default_alt(self, day: dt.date | None) -> str:
        """ "Photo of 27 June 2015": the same for every photo of a day, rendered once."""
        if day not in self.alts:
            self.alts[day] = self.env.get_template("photo_alt.html").render(date=day).strip()
        return self.alts[day]

    def _caption_anywhere(self, name: str) -> str | None:
        """The first caption any entry gives the photo (entries are few, photos thousands)."""
        if self.captions is None:
            self.captions = {}
            names = {n for e in self.trip.entries for t in e.texts.values() for n in t.captions}
            for photo in sorted(names):
                for entry in self.trip.entries:
                    caption = entry.caption(photo, self.lang)
                    if caption:
                        self.captions[photo] = caption
                        break
        return self.captions.get(name)
