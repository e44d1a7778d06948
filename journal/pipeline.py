"""The render flow, step by step: load -> enrich -> privacy -> render -> publish.

Each step is a call into the stage that owns it; this module only decides the order and what
is passed along, so the whole flow reads top to bottom in `render_trip`. `check` runs the same
load and enrich steps as `render`, so the two never disagree about what is wrong.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from journal.core.errors import JournalError, Report, TripErrors
from journal.core.models import JournalSettings, PhotoMeta, Trip
from journal.core.public import PublicTrip
from journal.load.configcache import load_settings
from journal.load.folder import load_trip
from journal.load.root import CACHE_DIR, cache_dir, user_cache_dir
from journal.load.root import trip_dir as find_trip_dir
from journal.load.secret import privacy_secret, secret_path
from journal.render.textcache import CACHE_FILE as TEXT_CACHE
from journal.render.textcache import TextCache

if TYPE_CHECKING:
    from journal.publish.webcopies import CopyJob, CopyRun

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
    replay: bool = True  # False: render even when nothing changed (rebuild keeps caches)
    keep_public: Callable[[PublicTrip], None] | None = None  # handed the public trip made


def read_trip(
    folder: Path,
    report: Report,
    cache: Path | None,
    texts: TextCache | None = None,
    workers: Executor | None = None,
) -> Trip:
    """Load a trip folder and place its photos and entries in time and space.

    The one validation path: `render` and `check` both read a trip through here. Raises the
    errors found together; warnings stay in `report`. `texts` remembers rendered texts;
    `workers` parse GPX files meanwhile.
    """
    trip = load_trip(folder, report, cache_dir=cache, workers=workers)
    if trip is None:
        raise TripErrors(report.problems)
    from journal.enrich.placecache import CACHE_FILE as PLACE_CACHE
    from journal.enrich.places import keep_index_in
    from journal.enrich.timeline import enrich_trip

    # one gazetteer per machine (the user's cache), else per journal
    keep_index_in((user_cache_dir() or cache.parent) if cache is not None else None)
    trip = enrich_trip(trip, report, place_cache=cache / PLACE_CACHE if cache else None)
    check_texts(trip, report, texts or TextCache())
    return trip


def check_texts(trip: Trip, report: Report, texts: TextCache) -> None:
    """What only Markdown can tell: images of photos that are not published, paths leaving
    the trip. The same rendering the pages use, so `check` finds what `render` would."""
    from journal.enrich.public import without_drafts

    published = {photo.name for photo in trip.photos}
    for entry in without_drafts(trip).entries:
        for text in entry.texts.values():
            texts.render(
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
    settings = load_settings(root, report, root / CACHE_DIR)
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

    public, files, media, media_extra = _load_and_render(run, report, secret)
    _keep_place_names(run, public)
    if options.keep_public is not None:
        options.keep_public(public)

    # 3. publish atomically; stale files journal wrote before are removed, nothing else
    from journal.publish import freshness
    from journal.publish.manifest import write_tree

    written = write_tree(out, files, written=media, extra=media_extra)
    from journal.publish.budget import check_budget

    check_budget(out, written.files, _clip_copies(public), report)
    if blog and report.errors:  # the blog keeps its last good post; the site shows what broke
        message = "not updated: the render had errors (the standalone site was written)"
        report.warn(blog, message, code="blog.not-updated")
    elif blog and public.config.draft:  # a preview: the blog loses what it had of the trip
        from journal.publish.jekyll import withdraw_trip

        withdraw_trip(blog, public.slug, report)
        message = "not published: the trip is a draft (draft = true in trip.toml)"
        report.warn(blog, message, code="blog.draft")
    elif blog:
        _publish_blog(run, public, report)
    freshness.remember(out, key, report, root)
    return report, out


def _load_and_render(
    run: _Run, report: Report, secret: bytes
) -> tuple[PublicTrip, dict[str, bytes], dict[str, str], dict[str, dict]]:
    """Steps 1 and 2 of `render_trip`: the public trip, its text files and web copies."""
    from journal.enrich.public import make_public
    from journal.publish.webcopies import CopyRun, Workers

    options = run.options
    texts = TextCache(run.cache / TEXT_CACHE)
    with Workers(options.jobs) as workers:
        # 1. load everything first (nothing is written before the whole trip has been read);
        #    the workers, started if a GPX file must be parsed, parse it meanwhile
        helpers = workers if options.jobs > 1 else None
        trip = read_trip(run.folder, report, run.cache, texts, helpers)

        # 2. the web copies start now (see `copy_jobs`), while the main process cuts
        #    (nothing after make_public sees a hidden position) and renders
        with CopyRun(copy_jobs(trip), run.out, workers=helpers, progress=options.progress,
                     rebuild=options.rebuild) as copying:  # fmt: skip
            public = make_public(
                trip,
                run.settings.privacy_zones,
                secret=secret,
                place_cache=run.cache / "places.cache",
                stats_cache=run.cache / "stats.cache",
            )
            done = _render(run, public, report, copying, texts, busy=workers.started)
    texts.save()
    return public, *done


def _clip_copies(public: PublicTrip) -> dict[str, Path]:
    """Each clip's web copy in the output, and the clip it is made from."""
    from journal.core.mediaplan import clip_files, is_clip

    return {clip_files(p.name)[0]: p.path for p in public.trip.photos if is_clip(p.name)}


def _keep_place_names(run: _Run, public: PublicTrip) -> None:
    """CLDR's city names in the trip's languages, kept beside the gazetteer for `journal new`
    (which cannot load Babel): nothing to do once kept for the same Babel, else a few
    milliseconds (and Babel's import, on a render whose formatting was all remembered)."""
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
    if run.options.rebuild or not run.options.replay:
        return key, None
    blog_state = (run.blog.resolve(), blog_manifest(run.folder.name)) if run.blog else None
    replayed = freshness.replay(run.out, key, run.root, blog_state)
    if replayed is not None and run.blog:
        told = unchanged_blog(run.blog.resolve(), run.folder.name)
        if told is None:  # a post edited by hand since: a full render says what it refuses
            return key, None
        replayed.results.extend(told)
    return key, replayed


def copy_jobs(trip: Trip) -> list[CopyJob]:
    """The web copies to make, taken from the loaded trip before the privacy step has run.

    This keeps the privacy seam (render and publish take only a `PublicTrip`) because a copy
    carries nothing the privacy step decides: pixels without any metadata, turned upright,
    under the name the enrich step settled (`photo.name-taken`). The photos are those the
    load step kept, and private ones (`private = [...]`, `private/` folders) were never
    loaded; the privacy step takes no photo out, only positions (a photo inside a zone is
    published without one), which a copy does not carry. `_render` checks that the public
    trip publishes exactly these photos. A clip's copy (its MP4 and poster) is planned from
    its metadata and trip.toml's `video_height`, and carries no more than a photo's.
    """
    from journal.core.clips import ClipMeta
    from journal.publish.webcopies import CopyJob

    jobs = [CopyJob(p.path, p.name, p.meta.orientation) for p in trip.photos]
    if not any(isinstance(p.meta, ClipMeta) for p in trip.photos):
        return jobs
    from journal.publish.transcode import plan_clip

    lines = trip.config.video_height
    return [
        replace(job, clip=plan_clip(p.meta, lines)) if isinstance(p.meta, ClipMeta) else job
        for job, p in zip(jobs, trip.photos, strict=True)
    ]


def _render(
    run: _Run, public: PublicTrip, report: Report, copies: CopyRun, texts: TextCache, *, busy: bool
) -> tuple[dict[str, bytes], dict[str, str], dict[str, dict]]:
    """The site's text files, and the web copies made meanwhile (path -> sha256, extras);
    `busy`: the workers are running (their threads make forking unsafe)."""
    from journal.publish.webcopies import failed_photos
    from journal.render import formatcache
    from journal.render.fragments import CACHE_FILE as PIECES
    from journal.render.fragments import Fragments
    from journal.render.site import render_files
    from journal.render.themes import keep_compiled_in, load_theme

    photos = public.trip.photos
    if {p.name for p in photos} != set(copies.names):
        raise AssertionError("the public trip publishes other photos than those copied")
    theme = load_theme(run.options.theme or run.settings.theme or "default")
    keep_compiled_in(run.cache.parent / "templates")  # one folder for the journal's trips
    formatcache.keep_in(run.cache / formatcache.CACHE_FILE)
    fragments = Fragments(run.cache / PIECES, theme)
    # With no copy to make, the other cores are idle: each language's pages get one (by a
    # fork, which a process running the workers' threads must not do).
    parallel = run.options.jobs > 1 and not copies.todo and not busy

    def render(published: dict[str, PhotoMeta], found: Report) -> dict[str, bytes]:
        return render_files(
            public,
            theme,
            published,
            found,
            map_cache=run.cache,
            texts=texts,
            fragments=fragments,
            parallel=parallel,
        )

    published: dict[str, PhotoMeta] = {p.name: p.meta for p in photos}
    files = render(published, report)
    media, media_extra = copies.finish(report)
    failed = failed_photos(published, media)
    if failed:  # rare: a photo Pillow could not read; pages must not link its copies
        files = render({n: m for n, m in published.items() if n not in failed}, Report())
    fragments.save()
    formatcache.save()
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
    settings = load_settings(root, report, root / CACHE_DIR)  # as render: mistakes are errors
    report.raise_errors()
    folder = find_trip_dir(root, trip_ref)
    if settings.theme:
        from journal.render.themes import load_theme

        load_theme(settings.theme)  # an unknown theme stops a render: it stops a check
    texts = TextCache(cache_dir(root, folder) / TEXT_CACHE)
    trip = read_trip(folder, report, cache_dir(root, folder), texts)
    texts.save()
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
    settings = load_settings(root, report, None)
    folder = find_trip_dir(root, trip_ref)
    config = load_config(folder, report)
    report.raise_errors()
    assert config is not None  # load_config reports why it returns None
    return embed_lines(folder, config, settings, lang)
