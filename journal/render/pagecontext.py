"""What every template of one language's pages shares: the trip, the language, the way back
to the site root, the Jinja environments, and the template values of each photo and clip.

A photo's values (its web copies, srcset, size, caption and alt text) are computed once per
page folder and language and reused by the galleries, the figures inside entry texts and the
map's popups, so a photo reads the same wherever it appears. A clip's are the same values
(its MP4 where a photo has its large copy, its poster for a thumbnail) with `clip` set and
its duration, so every template that shows a photo can show a clip. Pure: no file is read
or written.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2

from journal.core.clips import ClipMeta, copy_size
from journal.core.mediaplan import THUMB, clip_files, fit, media_stem, web_files, web_sizes
from journal.core.models import Entry, PhotoMeta, Trip


@functools.lru_cache(maxsize=65536)  # the same for a photo in every language and gallery
def _sizes(meta: PhotoMeta) -> tuple[tuple[int, int], tuple[int, int]] | None:
    return web_sizes(meta)


def _duration(seconds: float | None) -> str:
    """`0:07`, `12:30`, `1:02:03`: how long a clip runs, as players show it."""
    if seconds is None:
        return ""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


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
    alts: dict[tuple[dt.date | None, bool], str] = field(default_factory=dict)
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
        meta = self.published[name]
        if isinstance(meta, ClipMeta):
            return self._clip(name, meta, entry)
        large, thumb = web_files(name)
        sizes = _sizes(meta)
        view = self._common(name, entry, clip=False)
        view.update(src=self.base + large, thumb=self.base + thumb, srcset="")
        if sizes:
            (w, h), (tw, th) = sizes
            view.update(width=w, height=h, thumb_width=tw, thumb_height=th)
            view["srcset"] = f"{self.base + thumb} {tw}w, {self.base + large} {w}w"
        return view

    def _clip(self, name: str, meta: ClipMeta, entry: Entry | None) -> dict[str, Any]:
        """A clip's values: its MP4 where a photo has its large copy, its poster (at the
        copy's size) where a photo has its thumbnail, and how long it runs."""
        mp4, poster = clip_files(name)
        view = self._common(name, entry, clip=True)
        view.update(src=self.base + mp4, thumb=self.base + poster, srcset="")
        view["duration"] = _duration(meta.duration)
        size = copy_size(meta, self.trip.config.video_height)
        if size:
            (tw, th) = fit(size, THUMB)
            view.update(width=size[0], height=size[1], thumb_width=tw, thumb_height=th)
        return view

    def _common(self, name: str, entry: Entry | None, *, clip: bool) -> dict[str, Any]:
        """What a photo's and a clip's values share: anchor, caption, alt text, date."""
        photo = self.trip.photo(name)
        caption = entry.caption(name, self.lang) if entry else None
        if caption is None:
            caption = self._caption_anywhere(name)
        day = photo.day if photo else None
        return {
            "anchor": photo_anchor(name),
            "clip": clip,
            "width": None,
            "height": None,
            "alt": caption or self._default_alt(day, clip),
            "caption": caption or "",
            "date": day,
        }

    def _default_alt(self, day: dt.date | None, clip: bool = False) -> str:
        """ "Photo of 27 June 2015": the same for every photo of a day, rendered once."""
        if (day, clip) not in self.alts:
            alt = self.env.get_template("photo_alt.html").render(date=day, clip=clip).strip()
            self.alts[(day, clip)] = alt
        return self.alts[(day, clip)]

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
