"""A book's days: each day's map, elevation profile, entries and photos, as template values.

The days are the site's (render/days.py decides which entries and photos each day shows);
the map is the static map's drawing fitted to the day (staticlayout.py, with the trip's day
colours), the profile the site's chart (elevation.py), the texts the site's Markdown with the
book's own figure for a photo standing alone in a paragraph. Photos are laid out in rows
(photorows.py); every photo placed is remembered, for publish to resample it once.

Pure: the public trip in, values out; `book.py` puts them into the theme's `book/` templates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from journal.core.errors import Report
from journal.core.models import Entry, PhotoMeta
from journal.core.public import PublicTrip
from journal.render import mapcache
from journal.render.days import plan_days
from journal.render.elevation import chart, day_profiles
from journal.render.pagecontext import PageContext
from journal.render.pages import day_ends, entry_view
from journal.render.photorows import BLEED_MM, SAFE_MM, PageSize, Placed, rows, upright
from journal.render.staticlayout import layout
from journal.render.staticmap import DRAWING_SOURCES, svg_from_layout
from journal.render.textcache import TextCache
from journal.render.texts import ENTRY_HEADING, footnote_title, quotes
from journal.render.themes import Theme

#: Map units per millimetre: the drawing's line widths and markers are sized for it.
UNITS_PER_MM = 4
PhotoSrc = Callable[[Placed], str]


def map_svg(public: PublicTrip, width_mm: float, height_mm: float, **fit: Any) -> Markup:
    """The route drawn as vector SVG for a box of `width_mm` x `height_mm`, with no text in
    it (the book sets its words in its own fonts); `fit` as staticlayout.layout takes it."""
    w, h = round(width_mm * UNITS_PER_MM), round(height_mm * UNITS_PER_MM)
    plan = layout(public.route, "", w, h, **fit)
    return Markup(svg_from_layout(plan, title=False, legend=False))


#: The code and data that decide a book's maps: the static map's, and this module.
MAP_SOURCES = (*DRAWING_SOURCES, "render/bookdays.py")


def book_maps(
    public: PublicTrip, size: PageSize, cache_dir: Path | None = None
) -> dict[str, Markup]:
    """Every map of a book at `size`: the cover's and the spread's over the whole page and
    its bleed ("cover", "spread"), and each day's fitted to it (by ISO date). The same for
    every language; with `cache_dir`, kept there between books while the route is the same."""
    width, height = size.width + 2 * BLEED_MM, size.height + 2 * BLEED_MM
    edge = round((SAFE_MM + BLEED_MM + 6) * UNITS_PER_MM)
    wide = size.columns > 1
    day_box = (
        size.text_width * (0.48 if wide else 1.0),
        size.text_height * (0.55 if wide else 0.4),
    )

    def draw() -> dict[str, bytes]:
        if not public.route.days:
            return {}
        band = round(height * 0.36 * UNITS_PER_MM)  # the cover's title, above the route
        maps = {
            "cover": map_svg(public, width, height, band=band, margin=edge),
            "spread": map_svg(public, width, height, band=0, margin=edge),
        }
        for day in public.route.days:
            maps[day.isoformat()] = map_svg(
                public, *day_box, band=0, margin=8 * UNITS_PER_MM, focus=day
            )
        return {name: svg.encode() for name, svg in maps.items()}

    if cache_dir is None:
        drawn = draw()
    else:
        package = Path(__file__).resolve().parents[1]
        key = mapcache.map_key(
            public.route,
            (),
            settings=(size, UNITS_PER_MM),
            sources=[package / name for name in MAP_SOURCES],
        )
        drawn = mapcache.remembered(cache_dir, f"book maps {size.name}", key, draw)
    return {name: Markup(svg.decode()) for name, svg in drawn.items()}


@dataclass
class Photos:
    """The photos one book shows: their sizes, what each is placed as, their values."""

    ctx: PageContext
    size: PageSize
    src: PhotoSrc
    placed: dict[tuple[str, tuple[int, int]], Placed] = field(default_factory=dict)

    def sizes(self, names: Sequence[str]) -> dict[str, tuple[int, int]]:
        found = {n: upright(self.ctx.published[n]) for n in names if n in self.ctx.published}
        return {n: s for n, s in found.items() if s}

    def view(self, photo: Placed, entry: Entry | None, caption: str | None = None) -> dict:
        self.placed[(photo.name, photo.pixels)] = photo
        values = self.ctx.photo(photo.name, entry)
        return {
            "src": self.src(photo),
            "width": photo.width_mm,
            "height": photo.height_mm,
            "slot": round(photo.slot_mm, 2),
            "caption": caption if caption is not None else values["caption"],
            "alt": caption or values["alt"],
        }

    def rows(self, names: Sequence[str], entry: Entry | None = None) -> list[list[dict]]:
        """Rows across the text block: about three photos a row on a landscape page."""
        sizes = self.sizes(names)
        target = min(self.size.text_height * 0.42, self.size.text_width / 2.6)
        laid = rows(
            [n for n in names if n in sizes],
            sizes,
            self.size.text_width,
            target_mm=target,
            highest_mm=self.size.text_height * 0.8,
            per_row=self.size.per_row,
        )
        return [[self.view(p, entry) for p in row] for row in laid]

    def inline(self, name: str, caption: str, entry: Entry) -> dict | None:
        """A photo alone in a paragraph of a text: across the text's columns (a figure
        inside a column would keep the column set from breaking over a page), at most
        half a page tall."""
        sizes = self.sizes([name])
        if not sizes:
            return None
        tall = min(90.0, self.size.text_height * 0.5)
        laid = rows([name], sizes, self.size.text_width, target_mm=tall, highest_mm=tall, per_row=1)
        return self.view(laid[0][0], entry, caption or None)


def render_day_texts(
    entries: Sequence[Entry],
    lang: str,
    theme: Theme,
    env: jinja2.Environment,
    photos: Photos,
    texts: TextCache,
    report: Report,
) -> tuple[dict[str, Markup], set[str]]:
    """Each entry's text in `lang` (the original where untranslated) as HTML, and the
    photos the texts show inside them (the days' rows do not repeat them)."""
    bodies: dict[str, Markup] = {}
    inline: set[str] = set()
    heading = int(theme.option("entry_heading", default=ENTRY_HEADING))
    for entry in entries:
        text = entry.text(lang)

        def url(name: str, entry: Entry = entry) -> str | None:
            view = photos.inline(name, "", entry)
            if view is not None:
                inline.add(name)
            return view["src"] if view else None

        def figure(name: str, caption: str, entry: Entry = entry) -> str:
            view = photos.inline(name, caption, entry)
            if view is None:
                return ""
            return env.get_template("inline_photo.html").render(photo=view).strip()

        html = texts.render(
            text,
            photo_url=url,
            photo_figure=figure,
            quotes=quotes(theme, text.lang),
            report=report,
            id_prefix=entry.anchor,
            top_heading=heading,
            footnote_title=footnote_title(env),
        )
        bodies[entry.stem] = Markup(html)
    return bodies, inline


def day_views(
    public: PublicTrip,
    lang: str,
    maps: Mapping[str, Markup],
    photos: Photos,
    bodies: Mapping[str, Markup],
    inline: set[str],
) -> list[dict[str, Any]]:
    """Every day of the book, in order, with what its pages show."""
    trip = public.trip
    entries = [e for e in trip.entries if not e.draft]
    days, by_entry = plan_days(trip, public.route, entries, photos.ctx.published, inline)
    profiles = day_profiles(public.route)
    views = []
    for day in days:
        stats = public.stats.day(day.date) if day.date else None
        views.append(
            {
                "anchor": day.anchor,
                "date": day.date,
                "number": day.number,
                "distance_km": stats.distance_km if stats else 0.0,
                "places": day_ends(stats.places, lang) if stats else [],
                "map": maps.get(day.date.isoformat()) if day.date else None,
                "elevation": chart(profiles[day.date], lang) if day.date in profiles else None,
                "entries": [
                    _entry(e, bodies[e.stem], by_entry[e.stem], photos) for e in day.entries
                ],
                "rows": photos.rows([p.name for p in day.photos]),
            }
        )
    return views


def _entry(
    entry: Entry,
    html: Markup,
    names: Sequence[str],
    photos: Photos,
) -> dict[str, Any]:
    """The site's values of an entry (title, notice, time, place), with the book's rows."""
    return {**entry_view(photos.ctx, entry, html, ()), "rows": photos.rows(names, entry)}


def published_with_size(published: Mapping[str, PhotoMeta]) -> dict[str, PhotoMeta]:
    """The photos a book can place: those whose pixel size the loader could read."""
    return {name: meta for name, meta in published.items() if upright(meta)}
