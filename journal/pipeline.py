"""The render flow, step by step: load -> enrich -> privacy -> render -> publish.

Each step is a call into the stage that owns it; this module only decides the order and what
is passed along, so the whole flow reads top to bottom in `render_trip`. `check` runs the same
load and enrich steps as `render`, so the two never disagree about what is wrong.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from journal.core.errors import JournalError, Report, TripErrors
from journal.core.models import JournalSettings, PhotoMeta, Trip
from journal.core.public import PublicTrip
from journal.load.config import load_settings
from journal.load.folder import load_trip
from journal.load.root import cache_dir, user_cache_dir
from journal.load.root import trip_dir as find_trip_dir
from journal.load.secret import privacy_secret, secret_path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderOptions:
    out: Path | None = None
    theme: str | None = None
    jekyll: Path | None = None
    rebuild: bool = False  # redo every step: no replay, caches and web copies made anew
    overwrite: bool = False  # replace blog posts edited by hand (a backup is kept)
    jobs: int = 1
    progress: Callable[[int, int], None] | None = None  # (done, total) of the photo copies


def read_trip(folder: Path, report: Report, cache: Path | None) -> Trip:
    """Load a trip folder and place its photos and entries in time and space.

    The one validation path: `render` and `check` both read a trip through here. Raises the
    errors found together; warnings stay in `report`.
    """
    trip = load_trip(folder, report, cache_dir=cache)
    if trip is None:
        raise TripErrors(report.problems)
    from journal.enrich.placecache import CACHE_FILE as PLACE_CACHE
    from journal.enrich.places import keep_index_in
    from journal.enrich.timeline import enrich_trip

    # one gazetteer per machine (the user's cache), else per journal
    keep_index_in((user_cache_dir() or cache.parent) if cache is not None else None)
    trip = enrich_trip(trip, report, place_cache=cache / PLACE_CACHE if cache else None)
    check_texts(trip, report)
    return trip


def check_texts(trip: Trip, report: Report) -> None:
    """What only Markdown can tell: images of photos that are not published, paths leaving
    the trip. The same rendering the pages use, so `check` finds what `render` would."""
    from journal.enrich.public import without_drafts
    from journal.render.markdown import render_markdown

    published = {photo.name for photo in trip.photos}
    for entry in without_drafts(trip).entries:
        for text in entry.texts.values():
            render_markdown(
                text,
                photo_url=lambda name: name if name in published else None,
                quotes=('"', '"'),
                report=report,
            )


@dataclass(frozen=True)
class _Run:
    """One render's settled inputs: where from, where to, and with what."""

    root: Path
    folder: Path
    out: Path
    blog: Path | None
    settings: JournalSettings
    options: RenderOptions

    @property
    def cache(self) -> Path:
        return cache_dir(self.root, self.folder)


def render_trip(root: Path, trip_ref: str, options: RenderOptions) -> tuple[Report, Path]:
    """Render one trip; the report holds every error and warning met on the way."""
    report = Report()
    settings = load_settings(root, report)
    report.raise_errors()
    folder = find_trip_dir(root, trip_ref)
    out = (options.out or root / "site" / folder.name).resolve()
    blog = options.jekyll or settings.blog  # --jekyll, else `blog = "..."` in journal.toml
    check_out(out, root, folder, blog)
    run = _Run(root, folder, out, blog, settings, options)
    secret = privacy_secret(root)  # made before the inputs' key, of which it is one
    if options.rebuild:
        shutil.rmtree(run.cache, ignore_errors=True)  # caches are hints: made anew below

    # 0. nothing changed since the last render: replay its report, import nothing heavy
    key, replayed = _replay(run)
    if replayed is not None:
        return replayed, out

    # 1. load everything first (nothing is written before the whole trip has been read),
    #    then enrich and cut: nothing after this line sees a hidden position
    from journal.enrich.public import make_public

    trip = read_trip(folder, report, run.cache)
    public = make_public(
        trip,
        settings.privacy_zones,
        secret=secret,
        place_cache=run.cache / "places.cache",
    )

    # 2. the web copies start in worker processes while the main process renders the pages
    files, media, media_extra = _render(run, public, report)
    _keep_place_names(run, public)

    # 3. publish atomically; stale files journal wrote before are removed, nothing else
    from journal.publish import freshness
    from journal.publish.manifest import write_tree

    write_tree(out, files, written=media, extra=media_extra)
    if blog and report.errors:  # the blog keeps its last good post; the site shows what broke
        message = "not updated: the render had errors (the standalone site was written)"
        report.warn(blog, message, code="blog.not-updated")
    elif blog:
        _publish_blog(run, public, report)
    freshness.remember(out, key, report, root)
    return report, out


def _keep_place_names(run: _Run, public: PublicTrip) -> None:
    """CLDR's city names in the trip's languages, kept beside the gazetteer for `journal new`
    (which cannot load Babel): Babel is loaded by now, so this costs a few milliseconds."""
    from journal.enrich.placenames import keep_local_names
    from journal.render import i18n

    folder = user_cache_dir() or run.cache.parent
    keep_local_names(folder, public.config.languages, i18n.cldr_version(), i18n.zone_cities)


def check_out(out: Path, root: Path, folder: Path, blog: Path | None) -> None:
    """Refuse an output folder whose manifest could reach what the user wrote: the trips (or
    the trip itself), the journal root or a folder above it, or the blog."""
    root, folder = root.resolve(), folder.resolve()
    refused = {
        "the journal's trips": out.is_relative_to(root / "trips"),
        "the trip's folder": out.is_relative_to(folder),
        "the journal root or a folder above it": root.is_relative_to(out),
        "the blog": blog is not None and out.is_relative_to(blog.resolve()),
    }
    for what, bad in refused.items():
        if bad:
            raise JournalError(out, f"--out is inside {what}; choose a folder of its own")


def _replay(run: _Run) -> tuple[str, Report | None]:
    """The key of this render's inputs, and the last report if they are unchanged."""
    from journal.publish import freshness
    from journal.publish.blogconfig import CONFIG_FILES
    from journal.publish.blogreport import unchanged_blog
    from journal.publish.manifest import blog_manifest
    from journal.render.themes import find_themes_dir

    theme = run.options.theme
    sources = [run.folder, run.root / "journal.toml", secret_path(run.root), find_themes_dir()]
    if theme and Path(theme).exists():
        sources.append(Path(theme).resolve())
    if run.blog:  # its config and layouts decide the posts' URLs and the layout check
        sources += [run.blog / name for name in (*CONFIG_FILES, "_layouts")]
    key = freshness.input_key(sources, f"{run.out}|{theme}|{run.blog}")
    if run.options.rebuild:
        return key, None
    blog_state = (run.blog.resolve(), blog_manifest(run.folder.name)) if run.blog else None
    replayed = freshness.replay(run.out, key, run.root, blog_state)
    if replayed is not None and run.blog:
        told = unchanged_blog(run.blog.resolve(), run.folder.name)
        if told is None:  # a post edited by hand since: a full render says what it refuses
            return key, None
        replayed.results.extend(told)
    return key, replayed


def _render(
    run: _Run, public: PublicTrip, report: Report
) -> tuple[dict[str, bytes], dict[str, str], dict[str, dict]]:
    """The site's text files, and the web copies made meanwhile (path -> sha256, extras)."""
    from journal.publish.webcopies import CopyRun, failed_photos
    from journal.render.site import render_files
    from journal.render.themes import load_theme

    options = run.options
    photos = public.trip.photos
    copying = CopyRun(
        photos, run.out, jobs=options.jobs, progress=options.progress, rebuild=options.rebuild
    )
    with copying as copies:
        theme = load_theme(options.theme or run.settings.theme or "default")
        published: dict[str, PhotoMeta] = {p.name: p.meta for p in photos}
        files = render_files(public, theme, published, report, map_cache=run.cache)
        media, media_extra = copies.finish(report)
    failed = failed_photos(photos, media)
    if failed:  # rare: a photo Pillow could not read; pages must not link its copies
        kept = {n: m for n, m in published.items() if n not in failed}
        files = render_files(public, theme, kept, Report(), map_cache=run.cache)
    return files, media, media_extra


def _publish_blog(run: _Run, public: PublicTrip, report: Report) -> None:
    from journal.publish.jekyll import publish_blog
    from journal.render.themes import load_theme

    assert run.blog is not None
    theme = load_theme(run.options.theme or run.settings.theme or "default")
    publish_blog(
        public, theme, run.out, run.blog, run.settings, report, overwrite=run.options.overwrite
    )


def check_trip(root: Path, trip_ref: str) -> tuple[Report, list[str]]:
    """Load a trip and render nothing (only the caches are filled); advice lines for what the
    problems mean."""
    report = Report()
    settings = load_settings(root, report)  # as render reads it: its mistakes are errors too
    report.raise_errors()
    folder = find_trip_dir(root, trip_ref)
    if settings.theme:
        from journal.render.themes import load_theme

        load_theme(settings.theme)  # an unknown theme stops a render: it stops a check
    trip = read_trip(folder, report, cache_dir(root, folder))
    from journal.core.offsets import format_clock_offset
    from journal.enrich.clock import suggest_clock_offset
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
    return report, advice + _stray_advice(trip, report)


def _stray_advice(trip: Trip, report: Report) -> list[str]:
    """What to do about photos and tracks set aside as strays (`photo.stray`, `track.stray`)."""
    strays = [p for p in report.warnings if p.code in ("photo.stray", "track.stray")]
    if not strays:
        return []
    span = trip.span
    days = f'dates = ["{span[0]}", "{span[1]}"]' if span else 'dates = ["YYYY-MM-DD", "YYYY-MM-DD"]'
    return [
        f"{len(strays)} photos or tracks set aside as strays (listed above). If the trip "
        "really was longer, give its first and last day in trip.toml:\n"
        f"  {days}  (widen them to take the strays in)\n"
        "if they come from another trip, move them out of its folder or list them in "
        "private = [...]; a camera whose clock was wrong takes a clock_offset."
    ]


def embed_trip(root: Path, trip_ref: str, lang: str | None = None) -> list[str]:
    """`journal embed`: the `{% include %}` line and the plain `<iframe>` line of a trip."""
    from journal.load.config import load_config
    from journal.publish.embed import embed_lines

    report = Report()
    settings = load_settings(root, report)
    folder = find_trip_dir(root, trip_ref)
    config = load_config(folder, report)
    report.raise_errors()
    assert config is not None  # load_config reports why it returns None
    return embed_lines(folder, config, settings, lang)
