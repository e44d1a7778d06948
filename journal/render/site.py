"""Every text file of a standalone site, from the public trip: pages, maps, route files, assets.

The pages come from pages.py, the live map from livemap.py, the route exports and the static
map from exports.py and staticmap.py, the stylesheet and vendored scripts from the theme. Pure:
model in, `{site-relative path: bytes}` out; publish writes them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from journal.core.errors import Report
from journal.core.models import PhotoMeta
from journal.core.public import PublicTrip
from journal.core.route import MapMarker
from journal.render import exports, livemap
from journal.render.fragments import Fragments
from journal.render.mapspec import MapParts, MapText
from journal.render.pages import render_site
from journal.render.staticmap import static_map_files
from journal.render.textcache import TextCache
from journal.render.themes import Theme, static_files


def render_files(
    public: PublicTrip,
    theme: Theme,
    published: Mapping[str, PhotoMeta],
    report: Report,
    *,
    map_cache: Path | None = None,
    texts: TextCache | None = None,
    fragments: Fragments | None = None,
    parallel: bool = False,
) -> dict[str, bytes]:
    """The site's text files; `published` names the photos whose web copies exist. Drawings
    are kept in `map_cache` between renders, rendered entry texts in `texts`, the days'
    sections in `fragments`; `parallel` makes each language's pages in a process of its own."""
    trip, route = public.trip, public.route

    def map_parts(markers: Sequence[MapMarker], assets_url: str, text: MapText) -> MapParts:
        return livemap.render_map(
            route,
            markers,
            tiles=trip.config.tiles,
            assets_url=assets_url,
            day_labels=text.days,
            gestures=text.gestures,
            cache_dir=map_cache,
        )

    pages = render_site(
        public,
        theme=theme,
        map_parts=map_parts,
        published=published,
        report=report,
        texts=texts,
        fragments=fragments,
        parallel=parallel,
    )
    files = {page.path: page.content.encode("utf-8") for page in pages}
    title = trip.config.title(trip.config.default_lang)
    files.update(exports.route_files(route, name=title, cache_dir=map_cache))
    points = sum(len(segment.points) for segment in route.segments)
    if points > exports.EXPORT_MAX_POINTS:
        report.warn(None, f"the route has {points:,} points: {exports.GPX_NAME} and "
                    f"{exports.GEOJSON_NAME} are simplified as the map draws it",
                    code="route.simplified-export")  # fmt: skip
    files.update(static_map_files(route, title, cache_dir=map_cache))
    for rel, path in static_files(theme).items():
        files[f"assets/{rel}"] = path.read_bytes()
    return files
