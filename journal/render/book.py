"""The printed book of a trip, as one HTML document per language for a paged-media engine.

A book is a render target like the site: the same public trip (nothing private, no draft,
no stray), the same days, texts, maps, profiles, colours, dates and numbers, set into the
theme's `book/` templates with CSS paged media (page size and bleed, running headers,
left and right pages, page numbers, the index's page references). What goes in order:
a cover (title, dates, the route), the route spread with the trip's figures, a section per
day (bookdays.py), an index of places, and a last page with the link and QR code back to
the web travelogue.

Pure: the public trip in, the HTML and the photos it places out (each at the pixel size it
is to be resampled to); publish/bookpdf.py turns it into a PDF, printcopies.py the photos.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from journal.core.errors import Report
from journal.core.models import PhotoMeta
from journal.core.public import PublicTrip
from journal.core.route import fold as plain  # case- and accent-blind: an index's order
from journal.render import i18n
from journal.render.bookdays import Photos, book_maps, day_views, render_day_texts
from journal.render.pagecontext import PageContext
from journal.render.photorows import BLEED_MM, SAFE_MM, PageSize, Placed
from journal.render.routeviews import legend
from journal.render.textcache import TextCache
from journal.render.themes import Theme, environment

#: Where a book's templates live in a theme (the site's `templates/` are the fallback).
BOOK_FOLDERS = ("book", "templates")
#: The URL scheme of a font shipped with journal (`journal-font:notos`, pymupdf-fonts' name).
FONT_SCHEME = "journal-font"
#: The book's type when the theme names none: Noto Sans, shipped in the pymupdf-fonts wheel.
#: Noto Sans Symbols after it: the arrows between a day's places (Noto Sans has none).
FONTS = {
    "regular": "notos",
    "bold": "notosbo",
    "italic": "notosit",
    "bold_italic": "notosbi",
    "symbols": "symbol1",
}


@dataclass(frozen=True)
class Book:
    """One language's book: its HTML, and every photo it places (name and pixel size)."""

    lang: str
    title: str
    html: str
    photos: tuple[Placed, ...]


def book_environment(theme: Theme, lang: str) -> jinja2.Environment:
    return environment(theme, lang, BOOK_FOLDERS)


def render_book(
    public: PublicTrip,
    theme: Theme,
    published: Mapping[str, PhotoMeta],
    lang: str,
    size: PageSize,
    *,
    photo_src: Callable[[Placed], str],
    link: str | None = None,
    print_profile: str | None = None,
    maps: Mapping[str, Markup] | None = None,
    texts: TextCache | None = None,
    report: Report | None = None,
) -> Book:
    """The book of `public` in `lang` at `size`; `published` holds the photos it may show
    (with a pixel size), `photo_src` says where each placed photo's resampled copy is.
    `link` is the web travelogue's address (the last page's QR code), `print_profile` the
    URL of an ICC profile for the PDF's output intent; `maps` the book's maps (drawn here
    without them: see bookdays.book_maps)."""
    env = book_environment(theme, lang)
    envs = {lang: env}

    def env_for(other: str) -> jinja2.Environment:
        if other not in envs:
            envs[other] = book_environment(theme, other)
        return envs[other]

    ctx = PageContext(public.trip, lang, "", env, env_for, published)
    photos = Photos(ctx, size, photo_src)
    entries = [e for e in public.trip.entries if not e.draft]
    found = report if report is not None else Report()
    bodies, inline = render_day_texts(
        entries, lang, theme, env, photos, texts or TextCache(), found
    )
    maps = maps if maps is not None else book_maps(public, size)
    days = day_views(public, lang, maps, photos, bodies, inline)
    title = public.config.title(lang)
    values = {
        "lang": lang,
        "title": title,
        "page": _page(size),
        "fonts": _fonts(theme),
        "print_profile": print_profile,
        "cover": {"map": maps.get("cover"), "spread": maps.get("spread")},
        "trip": _figures(public, lang, days),
        "days": days,
        "index": _index(public, lang, entries, {d["anchor"] for d in days}),
        "link": link,
        "qr": _qr(link) if link else None,
    }
    html = env.get_template("book.html").render(**values)
    return Book(lang, title, html, tuple(photos.placed.values()))


def _page(size: PageSize) -> dict[str, Any]:
    """The page geometry the stylesheet sets, in millimetres."""
    return {
        "name": size.name,
        "width": size.width,
        "height": size.height,
        "top": size.top,
        "bottom": size.bottom,
        "inner": size.inner,
        "outer": size.outer,
        "bleed": BLEED_MM,
        "safe": SAFE_MM,
        "columns": size.columns,
        "text_width": round(size.text_width, 2),
        "text_height": round(size.text_height, 2),
    }


def _fonts(theme: Theme) -> dict[str, str]:
    """The four faces' URLs: a shipped font by name, or a file of the theme's `book/`."""
    named = {**FONTS, **(theme.option("book", "fonts") or {})}
    urls = {}
    for face, name in named.items():
        if "." in name:  # a file, relative to the theme's book folder
            urls[face] = next(
                (
                    (d / "book" / name).as_uri()
                    for d in theme.chain
                    if (d / "book" / name).is_file()
                ),
                name,
            )
        else:
            urls[face] = f"{FONT_SCHEME}:{name}"
    return urls


def _figures(public: PublicTrip, lang: str, days: list[dict[str, Any]]) -> dict[str, Any]:
    """The trip's figures and the days' legend, as the site's header says them."""
    stats = public.stats
    dated = [d["date"] for d in days if d["date"]]
    numbers = {d["date"]: d["number"] for d in days if d["date"]}
    places = {d["date"]: d["places"] for d in days if d["date"]}
    rows = legend(public.route, numbers)
    for row in rows:
        row["places"] = places.get(row["date"], [])
    return {
        "dates": i18n.format_date_range(dated[0], dated[-1], lang) if dated else "",
        "distance_km": stats.distance_km,
        "estimated_km": stats.estimated_km if stats.estimated_km >= 1 else 0.0,
        "transfer_km": stats.transfer_km,
        "days": len(stats.days) or len(dated),
        "countries": list(stats.countries),
        "highest_m": stats.highest.alt if stats.highest else None,
        "description": public.config.description.get(lang, ""),
        "legend": rows,
    }


def _index(
    public: PublicTrip, lang: str, entries: list[Any], anchors: set[str]
) -> list[dict[str, Any]]:
    """Where each day started and ended (by the name in `lang`, as the day's heading says
    it) and every entry's place, with the days where it appears (those the book has a
    section for): the template asks the page of each. Every village a day's road passed
    would fill pages with names nobody looks up."""
    found: dict[str, dict[str, Any]] = {}

    def add(name: str, country: str, anchor: str) -> None:
        if anchor not in anchors:
            return
        row = found.setdefault(plain(name), {"name": name, "country": "", "anchors": []})
        row["country"] = row["country"] or country
        if anchor not in row["anchors"]:
            row["anchors"].append(anchor)

    for day in public.stats.days:
        ends = (day.places[0], day.places[-1]) if day.places else ()
        for place in dict.fromkeys(ends):  # where it started and ended, as its heading says
            country = i18n.country_name(place.country, lang) if place.country else ""
            add(i18n.place_name(place, lang), country, f"day-{day.day.isoformat()}")
    for entry in entries:
        place = entry.place or entry.text(lang).place
        if place:
            add(place, "", f"day-{entry.date.isoformat()}")
    return [found[key] for key in sorted(found)]


def _qr(link: str) -> Markup:
    """The link as a QR code, drawn as a vector path (the only segno user)."""
    import segno

    code = segno.make(link, error="m")
    return Markup(code.svg_inline(scale=1, border=0, omitsize=True, dark="#111111"))
