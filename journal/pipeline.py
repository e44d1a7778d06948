"""The render flow, step by step: load -> enrich -> render -> publish.

Each step is a call into the module that owns it; this module only decides the order and
what is passed along, so the whole flow reads top to bottom in `render_trip`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from journal.core.errors import Report, TripErrors
from journal.core.models import MapMarker, PhotoMeta, Trip
from journal.load.config import load_settings
from journal.load.folder import load_trip, without_drafts
from journal.load.root import cache_dir
from journal.load.root import trip_dir as find_trip_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderOptions:
    out: Path | None = None
    theme: str | None = None
    jekyll: Path | None = None
    force: bool = False
    jobs: int = 1
    progress: Callable[[int, int], None] | None = None  # (done, total) of the photo copies


def _load(folder: Path, report: Report, cache_dir: Path | None) -> Trip:
    trip = load_trip(folder, report, cache_dir=cache_dir)
    if trip is None:
        raise TripErrors(report.errors)
    return trip


def render_trip(root: Path, trip_ref: str, options: RenderOptions) -> tuple[Report, Path]:
    """Render one trip; the report holds every error and warning met on the way."""
    report = Report()
    settings = load_settings(root, report)
    report.raise_errors()
    folder = find_trip_dir(root, trip_ref)
    out = (options.out or root / "site" / folder.name).resolve()
    blog = options.jekyll or settings.blog  # --jekyll, else `blog = "..."` in journal.toml

    # 0. nothing changed since the last render: replay its report, import nothing heavy
    from journal.publish import freshness
    from journal.publish.manifest import blog_manifest
    from journal.render.themes import find_themes_dir

    sources = [folder, root / "journal.toml", find_themes_dir()]
    if options.theme and Path(options.theme).exists():
        sources.append(Path(options.theme).resolve())
    key = freshness.input_key(sources, f"{out}|{options.theme}|{blog}")
    blog_state = (blog.resolve(), blog_manifest(folder.name)) if blog else None
    if not options.force and (replayed := freshness.replay(out, key, blog_state)):
        return replayed, out

    # 1. load everything first; nothing is written before the whole trip has been read
    trip = without_drafts(_load(folder, report, cache_dir(root, folder)))

    # 2. the web copies of the photos start in worker processes; the main process goes on
    from journal.publish.webcopies import CopyRun, failed_photos

    with CopyRun(trip.photos, out, jobs=options.jobs, progress=options.progress) as copies:
        # 3. enrich: privacy zones first, so nothing after this point sees a hidden position
        from journal.enrich.privacy import apply_privacy, cut_route, zones_of
        from journal.enrich.route import build_route
        from journal.enrich.stats import compute_stats
        from journal.render.themes import load_theme

        zones = zones_of(trip, settings.privacy_zones)
        trip = apply_privacy(trip, zones)
        route = cut_route(build_route(trip), zones)
        stats = compute_stats(route, trip, place_cache=cache_dir(root, folder) / "places.cache")
        theme = load_theme(options.theme or settings.theme or "default")

        # 4. render pages and route files (pure: model in, strings out), trusting the copies
        def render(published: dict[str, PhotoMeta], into: Report) -> dict[str, bytes]:
            return render_files(
                trip, route, stats, theme, published, into, map_cache=cache_dir(root, folder)
            )

        published = {p.name: p.meta for p in trip.photos}
        files = render(published, report)
        media, media_extra = copies.finish(report)
    failed = failed_photos(trip.photos, media)
    if failed:  # rare: a photo Pillow could not read; pages must not link its copies
        files = render({n: m for n, m in published.items() if n not in failed}, Report())

    # 5. publish atomically; stale files journal wrote before are removed, nothing else
    from journal.publish.manifest import write_tree

    write_tree(out, files, written=media, extra=media_extra)
    if blog:
        from journal.publish.jekyll import publish_blog

        publish_blog(
            trip,
            route,
            stats,
            theme,
            out,
            blog,
            settings,
            force=options.force,
            report=report,
        )
    freshness.remember(out, key, report)
    return report, out


def render_files(  # type: ignore[no-untyped-def]
    trip, route, stats, theme, published, report: Report, map_cache: Path | None = None
) -> dict[str, bytes]:
    """Every text file of the site: pages, maps, route exports, theme assets."""
    from journal.render import exports
    from journal.render import livemap as mapview
    from journal.render.pages import render_site
    from journal.render.staticmap import static_map_files
    from journal.render.themes import static_files

    def map_parts(markers: Sequence[MapMarker], assets_url: str) -> mapview.MapParts:
        return mapview.render_map(
            route, markers, tiles=trip.config.tiles, assets_url=assets_url, cache_dir=map_cache
        )

    pages = render_site(
        trip, route, stats, theme=theme, map_parts=map_parts, published=published, report=report
    )
    files = {page.path: page.content.encode("utf-8") for page in pages}
    files["route.geojson"] = exports.route_geojson(route).encode("utf-8")
    files["route.gpx"] = exports.route_gpx(
        route, name=trip.config.title(trip.config.default_lang)
    ).encode("utf-8")
    files.update(static_map_files(route, trip.config.title(trip.config.default_lang)))
    for rel, path in static_files(theme).items():
        files[f"assets/{rel}"] = path.read_bytes()
    return files


def check_trip(root: Path, trip_ref: str) -> tuple[Report, list[str]]:
    """Load a trip and render nothing (only the caches are filled); advice lines for what the
    problems mean."""
    report = Report()
    folder = find_trip_dir(root, trip_ref)
    trip = _load(folder, report, cache_dir(root, folder))
    from journal.enrich.clock import format_clock_offset, suggest_clock_offset
    from journal.enrich.places import zone_at

    advice = []
    models = sorted({p.meta.model for p in trip.photos if p.meta.model})
    for model in models:
        offset = suggest_clock_offset(
            (p.meta for p in trip.photos if p.meta.model == model),
            trip_zone=trip.config.timezone,
            zone_at=zone_at,
        )
        if offset is not None and model not in trip.config.clock_offsets:
            advice.append(
                f'camera "{model}": its clock disagrees with GPS time by a steady '
                f"{format_clock_offset(offset)}; add to trip.toml:\n"
                f'  [cameras."{model}"]\n  clock_offset = "{format_clock_offset(offset)}"'
            )
    return report, advice
