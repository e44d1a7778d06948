"""The journal's home: every trip on one page per language, one lifetime map, one set of
numbers, and every route in one route.geojson.

Made from the trips' `TripCard`s only (homecard.py makes them from each `PublicTrip`), so
the home can show nothing a trip hides. Owns what the home shows and where it links: the
trips newest first, each in its colour (the oldest trip first in the palette, so a new trip
recolours nothing), the lifetime figures and the same per year (a trip counts in the year it
started), and the lifetime map, drawn by foliummap.py as a trip's map is, kept in the
drawing cache by everything it shows. Markup lives in the theme (`home.html`,
`home_body.html`, `home_figures.html`, `home_map.html`); publish writes the files, and
publish/homeblog.py puts the same body into a blog. Pure: cards in, `{path: bytes}` out.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import posixpath
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from journal.core.home import HomeSettings, TripCard
from journal.core.models import Tiles
from journal.core.route import Route
from journal.render import i18n, mapcache
from journal.render.colors import trip_color
from journal.render.homecard import lifetime_geojson
from journal.render.mapspec import PARTS, MapParts, TripLine
from journal.render.staticmap import SVG_NAME
from journal.render.themes import Theme, environment, static_files

GEOJSON_NAME = "route.geojson"
#: The code the lifetime map is drawn by: a change to any of them is a new key.
DRAWING_SOURCES = ("render/home.py", "render/foliummap.py", "render/mapcontrols.py",
                   "render/mapspec.py", "render/colors.py")  # fmt: skip
#: Where a link of the home goes, from the page's language: the trip's card and that
#: language (the standalone site links into the trip's folder, a blog to its post).
Href = Callable[[TripCard, str], str]


@dataclass(frozen=True)
class Figures:
    """The numbers of some trips: how many, days on the road, kilometres recorded by the
    trips' modes, countries with the number of trips through each, the highest point."""

    trips: int
    days: int
    km_by_mode: tuple[tuple[str, float], ...]  # most first
    countries: tuple[tuple[str, int], ...]  # ISO code, trips; most visited first
    highest: tuple[float, TripCard] | None


def figures(cards: Sequence[TripCard]) -> Figures:
    km: Counter[str] = Counter()
    for card in cards:
        km[card.mode] += card.distance_km
    countries = Counter(code for card in cards for code in card.countries)
    heights = [(card.highest_m, card) for card in cards if card.highest_m is not None]
    highest = max(heights, key=lambda item: item[0], default=None)
    return Figures(
        trips=len(cards),
        days=sum(card.days for card in cards),
        km_by_mode=tuple(sorted(((m, k) for m, k in km.items() if k), key=lambda x: -x[1])),
        countries=tuple(sorted(countries.items(), key=lambda item: (-item[1], item[0]))),
        highest=(float(highest[0]), highest[1]) if highest else None,  # type: ignore[arg-type]
    )


def by_year(cards: Sequence[TripCard]) -> list[tuple[int, Figures]]:
    """The figures of each year, newest first; a trip counts in the year it started."""
    years = sorted({c.first_day.year for c in cards if c.first_day}, reverse=True)
    return [
        (y, figures([c for c in cards if c.first_day and c.first_day.year == y])) for y in years
    ]


def newest_first(cards: Sequence[TripCard]) -> list[TripCard]:
    return sorted(cards, key=lambda card: card.sort_key, reverse=True)


def colors(cards: Sequence[TripCard]) -> dict[str, str]:
    """Each trip's colour by slug, the oldest trip first in the palette."""
    return {card.slug: trip_color(i) for i, card in enumerate(sorted(cards, key=_oldest))}


def _oldest(card: TripCard) -> tuple[Any, str]:
    return card.sort_key


def page_dir(lang: str, settings: HomeSettings) -> str:
    return "" if lang == settings.default_lang else lang


def render_home(
    cards: Sequence[TripCard],
    settings: HomeSettings,
    theme: Theme,
    *,
    cache_dir: Path | None = None,
) -> dict[str, bytes]:
    """The standalone home: `index.html` and `map.html` in the default language at the
    root, the same under `<lang>/` for the others, route.geojson and the theme's assets."""
    files: dict[str, bytes] = {}
    for lang in settings.languages:
        folder = page_dir(lang, settings)
        base = "../" if folder else ""
        env = environment(theme, lang)
        href = functools.partial(trip_href, base=base)
        view = home_view(cards, settings, env, lang, href=href, thumb=_thumb(base))
        index = env.get_template("home.html").render(
            lang=lang,
            title=view["title"],
            assets_url=base + "assets",
            alternates=alternates(settings, folder, "index.html"),
            home=view,
            map_url="map.html",
        )
        files[posixpath.join(folder, "index.html")] = index.encode("utf-8")
        page = map_page(cards, settings, env, lang, href=href, base=base, cache_dir=cache_dir)
        files[posixpath.join(folder, "map.html")] = page.encode("utf-8")
    files[GEOJSON_NAME] = lifetime_geojson(newest_first(cards))
    for rel, path in static_files(theme).items():
        files[f"assets/{rel}"] = path.read_bytes()
    return files


def trip_href(card: TripCard, lang: str, *, base: str) -> str:
    """A trip's page for a reader of `lang`, from a page `base` below the site's root."""
    version = card.page_lang(lang)
    folder = "" if version == card.default_lang else version
    return base + posixpath.join(card.slug, folder, "index.html")


def _thumb(base: str) -> Callable[[TripCard], str]:
    """A trip's static route map, the picture on its card."""
    return lambda card: f"{base}{card.slug}/{SVG_NAME}"


def alternates(settings: HomeSettings, folder: str, page: str) -> list[dict[str, str]]:
    """The same page of the home in every language, linked from `folder`."""
    return [
        {
            "lang": other,
            "href": posixpath.relpath(
                posixpath.join(page_dir(other, settings), page), folder or "."
            ),
            "name": i18n.language_name(other, other, standalone=True),
        }
        for other in settings.languages
    ]


def map_page(
    cards: Sequence[TripCard],
    settings: HomeSettings,
    env: jinja2.Environment,
    lang: str,
    *,
    href: Href,
    base: str,
    cache_dir: Path | None = None,
) -> str:
    """The lifetime map's page of `lang`, in the folder `base` leads back from."""
    title = home_title(settings, env, lang)
    parts = home_map(cards, env, lang, href=href, assets_url=base + "assets", cache_dir=cache_dir)
    return env.get_template("home_map.html").render(
        lang=lang,
        title=title,
        assets_url=base + "assets",
        alternates=alternates(settings, page_dir(lang, settings), "map.html"),
        map=_map_view(parts),
    )


def home_title(settings: HomeSettings, env: jinja2.Environment, lang: str) -> str:
    """journal.toml's title of the home in `lang`, else in its default language, else the
    theme's ("Diario di viaggio")."""
    title = settings.titles.get(lang) or settings.titles.get(settings.default_lang)
    return title or env.get_template("home_title.txt").render().strip()


def home_view(
    cards: Sequence[TripCard],
    settings: HomeSettings,
    env: jinja2.Environment,
    lang: str,
    *,
    href: Href,
    thumb: Callable[[TripCard], str],
) -> dict[str, Any]:
    """What `home_body.html` shows in `lang`: the title, the figures, the trips."""
    palette = colors(cards)
    default_title = env.get_template("home_title.txt").render().strip()
    return {
        "title": settings.titles.get(lang)
        or settings.titles.get(settings.default_lang)
        or default_title,
        "lifetime": _figures_view(figures(cards), lang, href),
        "years": [
            {"year": year, "figures": _figures_view(numbers, lang, href)}
            for year, numbers in by_year(cards)
        ],
        "trips": [
            _trip_view(card, lang, palette[card.slug], href, thumb) for card in newest_first(cards)
        ],
    }


def _trip_view(
    card: TripCard, lang: str, color: str, href: Href, thumb: Callable[[TripCard], str]
) -> dict[str, Any]:
    dates = ""
    if card.first_day and card.last_day:
        dates = i18n.format_date_range(card.first_day, card.last_day, lang)
    return {
        "slug": card.slug,
        "title": card.title(lang),
        "lang": card.page_lang(lang),
        "dates": dates,
        "href": href(card, lang),
        "thumb": thumb(card),
        "color": color,
        "days": card.days,
        "mode": card.mode,
        "distance_km": card.distance_km,
        "countries": [i18n.country_name(code, lang) for code in card.countries],
    }


def _figures_view(numbers: Figures, lang: str, href: Href) -> dict[str, Any]:
    highest = None
    if numbers.highest is not None:
        metres, card = numbers.highest
        highest = {"m": metres, "title": card.title(lang), "href": href(card, lang)}
    countries = [(i18n.country_name(code, lang), trips) for code, trips in numbers.countries]
    return {
        "trips": numbers.trips,
        "days": numbers.days,
        "km_by_mode": [{"mode": mode, "km": km} for mode, km in numbers.km_by_mode],
        "countries": [{"name": name, "trips": trips} for name, trips in countries],
        "highest": highest,
    }


def home_map(
    cards: Sequence[TripCard],
    env: jinja2.Environment,
    lang: str,
    *,
    href: Href,
    assets_url: str,
    cache_dir: Path | None = None,
) -> MapParts:
    """The lifetime map of `lang`: every trip's line in its colour, a click opening it;
    read from `cache_dir` when it would be drawn from the same lines, titles and links."""
    palette = colors(cards)
    lines = [
        TripLine(points, palette[card.slug], card.title(lang), href(card, lang), kind)
        for card in sorted(cards, key=_oldest)
        for kind, points in card.lines
    ]
    gestures = json.loads(env.get_template("map_gestures.html").render())
    tiles = Tiles()  # the trips' own may differ: the lifetime map keeps the default
    key = ""
    if cache_dir is not None:
        package = Path(__file__).resolve().parents[1]
        sources = [package / name for name in DRAWING_SOURCES]
        drawn = json.dumps([dataclasses.astuple(line) for line in lines])
        settings = (repr(tiles), assets_url, repr(sorted(gestures.items())), drawn)
        key = mapcache.map_key(Route(()), (), settings=settings, sources=sources)
        if (kept := mapcache.load(cache_dir, f"home {assets_url}", key, PARTS)) is not None:
            return MapParts(**kept)
    from journal.render.foliummap import draw_trips_map  # folium on a cache miss only

    parts = draw_trips_map(lines, tiles=tiles, assets_url=assets_url, gestures=gestures)
    if cache_dir is not None:
        mapcache.store(cache_dir, f"home {assets_url}", key, dataclasses.asdict(parts))
    return parts


def _map_view(parts: MapParts) -> dict[str, Markup]:
    return {"head": Markup(parts.head), "body": Markup(parts.body), "script": Markup(parts.script)}
