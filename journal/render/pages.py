"""The travelogue pages: a trip model in, HTML strings out, one set per language.

Owns what goes on which page: which entries and photos appear on which day, which text of an
entry a reader of each language gets (the translation, else the original under a notice), the
markers of the map and the relative links between pages. Markup lives in the theme's templates;
this module only prepares the values they show. It writes nothing (publish does) and draws
no map (livemap.py does, through the `map_parts` function the caller hands in).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import posixpath
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from journal.core.errors import Report
from journal.core.models import Entry, PhotoMeta
from journal.core.public import PublicTrip
from journal.core.route import MapMarker, Place, PointKind, Route, TripStats
from journal.render import formatcache, i18n
from journal.render.colors import day_style
from journal.render.days import Day, plan_days
from journal.render.elevation import Profile, chart, day_profiles
from journal.render.forked import in_child
from journal.render.fragments import Fragments
from journal.render.mapspec import LEGEND_ID, MapParts, MapText
from journal.render.pagecontext import PageContext
from journal.render.routeviews import end_markers, legend
from journal.render.staticmap import SVG_NAME
from journal.render.textcache import TextCache
from journal.render.texts import render_texts
from journal.render.themes import Theme, environment

log = logging.getLogger(__name__)

MapPartsFn = Callable[[Sequence[MapMarker], str, MapText], MapParts]


@dataclass(frozen=True)
class Page:
    """One file of the site: its path relative to the site folder and its text."""

    path: str
    content: str


def page_dir(lang: str, default_lang: str) -> str:
    """The folder of a language's pages: the site root for the default language."""
    return "" if lang == default_lang else lang


def _href(target: str, from_dir: str) -> str:
    return posixpath.relpath(target, from_dir or ".")


def entry_view(
    ctx: PageContext, entry: Entry, html: Markup, photos: Sequence[str]
) -> dict[str, Any]:
    text = entry.text(ctx.lang)
    notice = ""
    if text.lang != ctx.lang:  # the notice speaks the language of the text it announces
        name = i18n.language_name(text.lang, text.lang)
        notice = ctx.envs(text.lang).get_template("notice.html").render(language=name).strip()
    when: dt.time | dt.datetime | None = entry.moment.local if entry.moment else None
    if when is None and isinstance(text.time, dt.time | dt.datetime):
        when = text.time
    return {
        "anchor": entry.anchor,
        "title": text.title,
        "lang": text.lang,
        "notice": notice,
        "time": i18n.format_time(when, ctx.lang) if when else "",
        "datetime": when.isoformat(timespec="minutes") if when else "",
        "place": entry.place or text.place or "",
        "html": html,
        "photos": [ctx.photo(n, entry) for n in photos],
    }


def _markers(ctx: PageContext, entries: Sequence[Entry], popups: Fragments) -> list[MapMarker]:
    """Entries, then photos and clips in capture order, then the tracks' named waypoints: the
    same order on every render. Their popups are kept in `popups` between renders."""
    markers = []
    env = ctx.env
    for entry in entries:
        if entry.location is None:
            continue
        title = entry.text(ctx.lang).title
        href = f"index.html#{entry.anchor}"
        html = popups.render(env, "popup_entry.html", date=entry.date, title=title, href=href)
        when = entry.moment.utc if entry.moment else None
        markers.append(
            MapMarker(entry.location.lat, entry.location.lon, PointKind.ENTRY, html, title, when)
        )
    for photo in ctx.trip.photos:
        if photo.position is None or photo.name not in ctx.published:
            continue
        view = ctx.photo(photo.name)
        html = popups.render(
            env,
            "popup_photo.html",
            href=f"index.html#{view['anchor']}",
            thumb=view["thumb"],
            width=view.get("thumb_width"),
            height=view.get("thumb_height"),
            alt=view["alt"],
            caption=view["caption"],
            date=view["date"],
            clip=view["clip"],
        )
        tooltip = view["caption"] or view["alt"]
        when = photo.moment.utc if photo.moment else None
        kind = PointKind.CLIP if view["clip"] else PointKind.PHOTO
        markers.append(MapMarker(photo.position.lat, photo.position.lon, kind, html, tooltip, when))
    for track in ctx.trip.tracks:
        for point in track.waypoints:
            html = popups.render(env, "popup_waypoint.html", name=point.name)
            markers.append(
                MapMarker(point.lat, point.lon, PointKind.WAYPOINT, html, point.name, point.time)
            )
    return markers


def render_site(
    public: PublicTrip,
    *,
    theme: Theme,
    map_parts: MapPartsFn,
    published: Mapping[str, PhotoMeta],
    report: Report | None = None,
    texts: TextCache | None = None,
    fragments: Fragments | None = None,
    parallel: bool = False,
) -> list[Page]:
    """index.html and map.html per language, the default language at the site root.

    Problems (a photo referenced in a text but not published...) go to `report`; without one,
    they are raised together as `TripErrors` once every page has been tried. `texts` holds
    the entry texts rendered before, `fragments` the days. With `parallel`, the languages
    after the first are made in forked children meanwhile (`forked.py`): the same pages.
    """
    own_report = report is None
    report = report if report is not None else Report()
    trip = public.trip
    entries = [e for e in trip.entries if not e.draft]
    envs: dict[str, jinja2.Environment] = {}

    def env_for(lang: str) -> jinja2.Environment:
        if lang not in envs:
            envs[lang] = environment(theme, lang)
        return envs[lang]

    bodies, inline = render_texts(trip, entries, theme, published, env_for, report, texts)
    days, by_entry = plan_days(trip, public.route, entries, published, inline)
    plan = _Plan(
        public.stats, public.route, entries, days, by_entry, bodies, day_profiles(public.route)
    )
    kept = fragments or Fragments(None, theme)

    def language(lang: str) -> tuple[list[Page], dict[str, str], dict[str, str]]:
        base = "../" if page_dir(lang, trip.config.default_lang) else ""
        ctx = PageContext(trip, lang, base, env_for(lang), env_for, published)
        return _language_pages(ctx, plan, map_parts, kept), kept.asked, formatcache.asked()

    first, *others = trip.languages
    waiting = [in_child(functools.partial(language, lang)) for lang in others if parallel]
    pages = language(first)[0]
    for lang in [] if parallel else others:
        pages += language(lang)[0]
    for result in waiting:
        made, fragments_asked, formats_asked = result()
        pages += made
        kept.asked.update(fragments_asked)  # what the child would remember, remembered here
        formatcache.learn(formats_asked)
    if own_report:
        report.raise_errors()
    return sorted(pages, key=lambda p: p.path)


@dataclass(frozen=True)
class _Plan:
    """What every language's pages show, decided once: numbers, days, texts."""

    stats: TripStats
    route: Route
    entries: Sequence[Entry]
    days: Sequence[Day]
    by_entry: Mapping[str, list[str]]
    bodies: Mapping[tuple[str, str, str], Markup]
    profiles: Mapping[dt.date, Profile]


def _alternates(ctx: PageContext, page: str) -> list[dict[str, str]]:
    """The same page in every language, linked from this language's folder."""
    default = ctx.trip.config.default_lang
    folder = page_dir(ctx.lang, default)
    return [
        {
            "lang": other,
            "href": _href(posixpath.join(page_dir(other, default), page), folder),
            "name": i18n.language_name(other, other, standalone=True),
        }
        for other in ctx.trip.languages
    ]


def _trip_view(ctx: PageContext, plan: _Plan) -> dict[str, Any]:
    dated = [d.date for d in plan.days if d.date]
    lang = ctx.lang
    return {
        "title": ctx.trip.config.title(lang),
        "dates": i18n.format_date_range(dated[0], dated[-1], lang) if dated else "",
        "distance_km": plan.stats.distance_km,
        "estimated_km": _worth_saying(plan.stats.estimated_km),
        "days": len(plan.stats.days) or len(dated),
        "countries": list(plan.stats.countries),
        "highest_m": plan.stats.highest.alt if plan.stats.highest else None,
        "description": ctx.trip.config.description.get(lang, ""),
    }


def _day_views(ctx: PageContext, plan: _Plan) -> list[dict[str, Any]]:
    views = []
    lines = {day: day_style(index) for index, day in enumerate(plan.route.days)}
    for day in plan.days:
        day_stats = plan.stats.day(day.date) if day.date else None
        entries = [
            entry_view(
                ctx,
                entry,
                plan.bodies[(entry.stem, entry.text(ctx.lang).lang, ctx.base)],
                plan.by_entry[entry.stem],
            )
            for entry in day.entries
        ]
        views.append(
            {
                "anchor": day.anchor,
                "date": day.date,
                "number": day.number,
                "distance_km": day_stats.distance_km if day_stats else 0.0,
                "estimated_km": _worth_saying(day_stats.estimated_km if day_stats else 0.0),
                "places": day_ends(day_stats.places, ctx.lang) if day_stats else [],
                "elevation": chart(plan.profiles[day.date], ctx.lang)
                if day.date in plan.profiles
                else None,
                "line": lines.get(day.date) if day.date else None,  # its colour on the maps
                "entries": entries,
                "photos": [ctx.photo(p.name) for p in day.photos],
            }
        )
    return views


#: Connectors shorter than this are a photo taken a few steps off the recorded road: not worth
#: a line of their own under the day's heading.
MIN_ESTIMATED_KM = 1.0


def _worth_saying(km: float) -> float:
    return km if km >= MIN_ESTIMATED_KM else 0.0


def day_ends(places: Sequence[Place], lang: str) -> list[str]:
    """Where a day started and ended, by name: a day's every suburb would read as a list."""
    names = list(dict.fromkeys(i18n.place_name(place, lang) for place in places))
    return [names[0], names[-1]] if len(names) > 1 else names


def _language_pages(
    ctx: PageContext, plan: _Plan, map_parts: MapPartsFn, fragments: Fragments
) -> list[Page]:
    folder = page_dir(ctx.lang, ctx.trip.config.default_lang)
    title = ctx.trip.config.title(ctx.lang)
    common = {"title": title, "assets_url": ctx.base + "assets", "lang": ctx.lang}
    days = _day_views(ctx, plan)
    for day in days:  # each day's section: `day.html` sees the day and the page's `common`
        day["html"] = Markup(fragments.render(ctx.env, "day.html", day=day, **common))
    index = ctx.env.get_template("index.html").render(
        **common,
        alternates=_alternates(ctx, "index.html"),
        trip=_trip_view(ctx, plan),
        days=days,
        map_url="map.html",
        static_map_url=ctx.base + SVG_NAME,
    )
    map_page = ctx.env.get_template("map.html").render(
        **common,
        alternates=_alternates(ctx, "map.html"),
        map=_map_view(ctx, plan, map_parts, fragments),
    )
    return [
        Page(posixpath.join(folder, "index.html"), index),
        Page(posixpath.join(folder, "map.html"), map_page),
    ]


def _map_view(
    ctx: PageContext, plan: _Plan, map_parts: MapPartsFn, popups: Fragments
) -> dict[str, Any]:
    """The map page's values: the drawn parts, and the legend the map shows as a control."""
    numbers = {day.date: day.number for day in plan.days if day.date}
    day_label = ctx.env.get_template("day_label.html")
    days = legend(plan.route, numbers)
    for row in days:
        row["label"] = Markup(day_label.render(**row).strip()).unescape()
    ends = end_markers(plan.route, plan.stats, ctx.env)
    gestures = json.loads(ctx.env.get_template("map_gestures.html").render())
    text = MapText(days={row["date"]: row["label"] for row in days}, gestures=gestures)
    parts = map_parts([*_markers(ctx, plan.entries, popups), *ends], ctx.base + "assets", text)
    return {
        "head": Markup(parts.head),
        "body": Markup(parts.body),
        "script": Markup(parts.script),
        "legend": days,
        "legend_id": LEGEND_ID,
        "ends": [m.kind.value for m in ends],
    }
