"""Where a trip lives in a Jekyll blog: its files, and the URL of each language's version.

Owns the blog's addresses of a trip. Files: the post `_posts/<first-day>-<trip>.html` (the
default language: what the index, archives and feeds list), one page per other language
`<lang>/<trip>.html` (a page, so nothing lists the trip twice), the assets under
`assets/journal/<trip>/` and the map include. URLs: the post's permalink expanded the way
Jekyll expands it (the blog's `permalink` style or pattern, or one given in the front matter
extras), each other language at the same path under `/<lang>`; journal writes that URL into
the front matter, so its links and Jekyll's pages can never disagree.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from journal.core.errors import JournalError
from journal.publish.manifest import blog_manifest

ASSETS = "assets/journal"
POST_EXT = ".html"

#: Jekyll's permalink styles (`Jekyll::Configuration::STYLE_TO_PERMALINK`).
STYLES = {
    "none": "/:categories/:title:output_ext",
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
}
PLACEHOLDER = re.compile(r":([a-z_]+)")
PLAIN = re.compile(r"^[a-zA-Z0-9./-]+$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class TripAssets:
    """What a trip puts into any blog, whatever its URLs: assets, the map include, the
    manifest of what journal wrote. Enough for `journal embed`, which reads no entry."""

    slug: str
    languages: tuple[str, ...]  # default first

    @property
    def assets(self) -> str:
        return f"{ASSETS}/{self.slug}"

    @property
    def include(self) -> str:
        return f"_includes/journal/{self.slug}-map.html"

    @property
    def include_name(self) -> str:
        return f"journal/{self.slug}-map.html"

    @property
    def manifest(self) -> str:
        return blog_manifest(self.slug)

    def page_dir(self, lang: str) -> str:
        """The folder of a language in the standalone site (and under the assets)."""
        return "" if lang == self.languages[0] else lang

    def asset_url(self, site_rel: str) -> str:
        return f"/{self.assets}/{site_rel}"


@dataclass(frozen=True)
class BlogPaths(TripAssets):
    """A trip's files and URLs in one blog; `post_url` is the default language's permalink."""

    first_day: dt.date = dt.date.min
    post_url: str = "/"

    def url(self, lang: str) -> str:
        folder = self.page_dir(lang)
        return f"/{folder}{self.post_url}" if folder else self.post_url

    def source(self, lang: str) -> str:
        """The blog file of a language's version: the post, or a page."""
        folder = self.page_dir(lang)
        if folder:
            return f"{folder}/{self.slug}{POST_EXT}"
        return f"_posts/{self.first_day.isoformat()}-{self.slug}{POST_EXT}"

    def asset_url(self, site_rel: str) -> str:
        """The site path of a file of the standalone site; its index pages are the versions."""
        path, _, fragment = site_rel.partition("#")
        for lang in self.languages:
            if path == posixpath.join(self.page_dir(lang), "index.html"):
                return self.url(lang) + (f"#{fragment}" if fragment else "")
        return super().asset_url(site_rel)

    def link_from(self, folder: str, lang: str) -> str:
        """A relative link from a blog folder to a version (a static file knows no baseurl)."""
        url = self.url(lang)
        link = posixpath.relpath(url.strip("/") or ".", folder)
        return link + "/" if url.endswith("/") and link != "." else link


def blog_paths(
    slug: str,
    languages: Sequence[str],
    first_day: dt.date,
    permalink: str,
    front_matter: Mapping[str, Any],
) -> BlogPaths:
    """The trip's paths, its post at `permalink` (a Jekyll style or pattern) expanded for it."""
    paths = BlogPaths(slug, tuple(languages), first_day)
    name = posixpath.basename(paths.source(languages[0]))
    title = _slugify(str(front_matter.get("slug") or "")) or slug  # a `slug:` of the extras
    values = _placeholders(title, first_day, _categories(front_matter), name)
    return BlogPaths(slug, tuple(languages), first_day, expand_permalink(permalink, values))


def expand_permalink(permalink: str, values: Mapping[str, str]) -> str:
    """A Jekyll permalink for one post, as `Jekyll::URL` makes it: a style name or a pattern
    of `:placeholders`, each value escaped, the result cleaned of `..`, `./` and `//`."""
    pattern = STYLES.get(permalink, permalink)

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        for key in (name, name[:-1]) if name.endswith("_") else (name,):
            if key in values:
                return _escape(values[key]) + match.group(0)[len(key) + 1 :]
        known = ", ".join(f":{k}" for k in sorted(values))
        raise JournalError(None, f"permalink {permalink!r}: no :{name} in Jekyll ({known})")

    url = "/" + PLACEHOLDER.sub(value, pattern)
    url = url.replace("..", "/").replace("./", "")
    return re.sub(r"/{2,}", "/", url)


def _escape(value: str) -> str:
    """`Jekyll::URL.escape_path`, with `:` escaped too: the URL is written back into the
    front matter as a permalink, where Jekyll would take `:word` for a placeholder."""
    if not value or PLAIN.match(value):
        return value
    return quote(value, safe="/!$&'()*+,;=@~-._")


def _categories(front_matter: Mapping[str, Any]) -> list[str]:
    """`category`, else `categories` (words of a text, or a list), as Jekyll reads them."""
    value = front_matter.get("category")
    if value is not None:
        found: list[Any] = [value]
    else:
        value = front_matter.get("categories")
        found = value.split() if isinstance(value, str) else list(value or [])
    seen: dict[str, None] = {}
    for category in found:
        seen.setdefault(str(category).lower(), None)
    return list(seen)


def _placeholders(
    slug: str, day: dt.date, categories: Sequence[str], filename: str
) -> dict[str, str]:
    """The values of a post's placeholders (`Jekyll::Drops::UrlDrop`) in Ruby's English
    names; our post's time is midnight, its slug already one (letters, digits, hyphens)."""
    stem = filename.removesuffix(POST_EXT)
    month, weekday = MONTHS[day.month - 1], WEEKDAYS[day.weekday()]
    iso = day.isocalendar()
    return {
        "collection": "posts",
        "path": stem,
        "name": stem,
        "title": slug,
        "slug": slug,
        "categories": "/".join(categories),
        "slugified_categories": "/".join(_slugify(c) for c in categories),
        "year": f"{day.year:04d}",
        "month": f"{day.month:02d}",
        "day": f"{day.day:02d}",
        "hour": "00",
        "minute": "00",
        "second": "00",
        "i_day": str(day.day),
        "i_month": str(day.month),
        "short_month": month[:3],
        "long_month": month,
        "short_year": f"{day.year % 100:02d}",
        "w_year": f"{iso.year:04d}",
        "week": f"{iso.week:02d}",
        "w_day": str(iso.weekday),
        "short_day": weekday[:3],
        "long_day": weekday,
        "y_day": f"{day.timetuple().tm_yday:03d}",
        "output_ext": POST_EXT,
    }


def _slugify(text: str) -> str:
    """`Jekyll::Utils.slugify` in its default mode: runs of other characters become `-`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
