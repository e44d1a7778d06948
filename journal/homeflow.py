"""`journal render --all`, step by step: every trip of the journal, then the journal's home.

Each trip is rendered as `journal render TRIP` renders it, into its own folder of the site
(`<root>/site/<trip>/`), so an unchanged trip is replayed and costs a look at its files. The
home (render/home.py) is made from each trip's `TripCard` (render/homecard.py), which is made
from its `PublicTrip` while the trip renders and kept in the trip's cache folder: a replayed
trip still has its card, and a trip whose card is missing is rendered again to make it.

A draft (`draft = true` in trip.toml) is left out, and out of the blog; a trip that fails is
named in the report and left off the home, and the others are published. The home is written
at the site's root (its own manifest: the trips' folders are theirs), and with a blog, its
page per language goes there too (publish/homeblog.py).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import pickle
from dataclasses import dataclass, field, replace
from pathlib import Path

from journal.core.cache import CacheFile, code_stamp
from journal.core.errors import JournalError, Report
from journal.core.home import TripCard
from journal.core.models import JournalSettings
from journal.core.public import PublicTrip
from journal.load.configcache import load_config, load_settings
from journal.load.root import CACHE_DIR, cache_dir, list_trip_dirs
from journal.pipeline import RenderOptions, check_out, render_trip

log = logging.getLogger(__name__)

#: The code a kept card comes from: a change to any of it is a miss (the trip renders again).
CARD_CODE = ("core/home.py", "render/homecard.py", "render/exports.py", "enrich/route.py")
#: Folders of the site that are the home's own: no trip may be named so.
HOME_FOLDERS = ("assets", "home")


@dataclass
class AllResult:
    """What `render --all` did: every trip's problems and lines in one report, and who was
    rendered, replayed, left out as a draft, or failed."""

    report: Report
    site: Path
    rendered: list[str] = field(default_factory=list)
    replayed: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        trips = len(self.rendered) + len(self.replayed)
        line = f"{trips} trips on the home ({len(self.replayed)} unchanged)"
        if self.drafts:
            line += f"; drafts left out: {', '.join(self.drafts)}"
        if self.failed:
            line += f"; failed, left off the home: {', '.join(self.failed)}"
        return [line, str(self.site)]


def render_trip_or_all(
    root: Path, trip: str | None, options: RenderOptions
) -> tuple[Report, list[str]]:
    """One trip (TRIP), else every trip and the home (--all); the lines closing the report."""
    # A render holds hundreds of thousands of small objects (track points, photos, page
    # values) until it ends: at the default thresholds the cycle collector walks them some
    # 300 times, a sixth of an edit's time. Collecting every 50,000 allocations instead
    # costs no memory measured (2,000 photos: the same peak).
    gc.set_threshold(50_000, 20, 20)
    if trip is None:
        done = render_all(root, options)
        return done.report, done.lines()
    report, out_dir = render_trip(root, trip, options)
    return report, [str(out_dir)]


def render_all(root: Path, options: RenderOptions) -> AllResult:
    """Render every trip that changed, then the home (see the module doc)."""
    report = Report()
    settings = load_settings(root, report, root / CACHE_DIR)
    report.raise_errors()
    site = (options.out or root / "site").resolve()
    blog = options.jekyll or settings.blog
    check_out(site, root, root / "trips", blog)
    result = AllResult(report, site)
    cards: list[TripCard] = []
    for folder in list_trip_dirs(root):
        trip_options = replace(options, out=site / folder.name, jekyll=blog)
        card = _one_trip(root, folder, settings, trip_options, result)
        if card is not None:
            cards.append(card)
    _home(root, cards, settings, site, replace(options, jekyll=blog), report)
    return result


def _home(
    root: Path,
    cards: list[TripCard],
    settings: JournalSettings,
    site: Path,
    options: RenderOptions,
    report: Report,
) -> None:
    """The home's files at the site's root, unless they are those of the last run; then
    its pages in the blog."""
    from journal.publish import freshness
    from journal.publish.manifest import write_tree
    from journal.render.themes import find_themes_dir, load_theme

    theme_name = options.theme or settings.theme or "default"
    sources = [root / "journal.toml", find_themes_dir()]
    if Path(theme_name).exists():
        sources.append(Path(theme_name).resolve())
    key = freshness.input_key(sources, f"home|{site}|{theme_name}|{_cards_key(cards)}")
    theme = None
    if options.rebuild or freshness.replay(site, key, root) is None:
        from journal.render.home import render_home

        theme = load_theme(theme_name)
        files = render_home(cards, settings.home, theme, cache_dir=root / CACHE_DIR / "home")
        write_tree(site, files)
        freshness.remember(site, key, Report(), root)
    if options.jekyll is not None:
        from journal.publish.homeblog import publish_home

        theme = theme or load_theme(theme_name)
        publish_home(cards, settings, theme, options.jekyll, report, overwrite=options.overwrite)


def _one_trip(
    root: Path, folder: Path, settings: JournalSettings, options: RenderOptions, done: AllResult
) -> TripCard | None:
    """Render one trip into `options.out`; its card, or None when it is a draft or failed
    (named in `done`)."""
    slug, cache = folder.name, cache_dir(root, folder)
    config = load_config(folder, Report(), cache)  # its problems: the render reports them
    if config is not None and config.draft:
        done.drafts.append(slug)
        if options.jekyll is not None:  # published before it was made a draft: withdrawn
            from journal.publish.jekyll import withdraw_trip

            withdraw_trip(options.jekyll, slug, done.report)
        return None
    if slug in {*HOME_FOLDERS, *settings.home.languages}:
        message = f"a trip named {slug!r} would take a folder of the journal's home; rename it"
        done.report.error(folder, message, code="home.reserved")
        done.failed.append(slug)
        return None
    made: list[TripCard] = []

    def keep(public: PublicTrip) -> None:
        from journal.render.homecard import trip_card

        made.append(trip_card(public, cache_dir=cache))
        _card_file(cache).write_files({"card": pickle.dumps(made[-1])})

    options = replace(options, keep_public=keep)
    try:
        found, _ = render_trip(root, slug, options)
        if not made and not found.errors and _kept_card(cache) is None:
            found, _ = render_trip(root, slug, replace(options, replay=False))
    except JournalError as exc:
        done.report.extend(exc.problems)
        done.failed.append(slug)
        return None
    done.report.extend(found.problems)
    done.report.results.extend(found.results)
    if found.errors:
        done.failed.append(slug)
        return None
    (done.rendered if made else done.replayed).append(slug)
    return made[-1] if made else _kept_card(cache)


def _card_file(cache: Path) -> CacheFile:
    return CacheFile(cache / "home.card", "home card", {"code": code_stamp(CARD_CODE)})


def _kept_card(cache: Path) -> TripCard | None:
    files = _card_file(cache).read_files()
    try:
        card = pickle.loads(files["card"]) if files else None
    except (pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
        return None
    return card if isinstance(card, TripCard) else None


def _cards_key(cards: list[TripCard]) -> str:
    """A hash of what the home shows of its trips."""
    digest = hashlib.sha256()
    for card in sorted(cards, key=lambda c: c.slug):
        digest.update(pickle.dumps(card))
    return digest.hexdigest()
