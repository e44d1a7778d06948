"""`journal book`, step by step: load -> enrich -> privacy -> render the book -> photos -> PDF.

The book is made from the same public trip as the site (pipeline.read_trip, then the privacy
step), so nothing private, no draft and no stray reaches paper. Each language's HTML comes
from render/book.py; the photos it places are resampled once for both languages
(publish/printcopies.py); each PDF is made by publish/bookpdf.py and written atomically as
`<trip>.<lang>.pdf` in the output folder (the trip's site folder unless `--out`). A book whose
HTML, photos and print profile are those of the PDF already there is not made again.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from journal.core.cache import code_stamp
from journal.core.errors import JournalError, Report
from journal.core.files import write_atomic
from journal.core.models import JournalSettings, PhotoMeta
from journal.core.public import PublicTrip
from journal.load.configcache import load_settings
from journal.load.root import CACHE_DIR, cache_dir
from journal.load.root import trip_dir as find_trip_dir
from journal.load.secret import privacy_secret
from journal.pipeline import check_out, read_trip
from journal.publish.bookpdf import engine_ready
from journal.publish.printcopies import PrintCopies
from journal.render.book import Book, render_book
from journal.render.bookdays import book_maps
from journal.render.photorows import DEFAULT_SIZE, SIZES, PageSize, upright
from journal.render.textcache import CACHE_FILE as TEXT_CACHE
from journal.render.textcache import TextCache
from journal.render.themes import Theme, load_theme

log = logging.getLogger(__name__)

PRINT_DIR = "print"
KEYS_FILE = "books.json"


@dataclass(frozen=True)
class BookOptions:
    lang: str | None = None
    size: str = DEFAULT_SIZE
    out: Path | None = None
    theme: str | None = None
    print_profile: Path | None = None
    jobs: int = 1
    rebuild: bool = False


def page_size(name: str) -> PageSize:
    if name not in SIZES:
        raise JournalError(None, f"unknown --size {name!r}; sizes: {', '.join(SIZES)}")
    return SIZES[name]


def make_books(root: Path, trip_ref: str, options: BookOptions) -> tuple[Report, list[Path]]:
    """The trip's books, one PDF per language (or the one asked); the report holds every
    error and warning met on the way."""
    size = page_size(options.size)
    report = Report()
    settings = load_settings(root, report, root / CACHE_DIR)
    report.raise_errors()
    folder = find_trip_dir(root, trip_ref)
    out = (options.out or root / "site" / folder.name).resolve()
    check_out(out, root, folder, settings.blog)
    profile = _profile(options.print_profile)
    engine_ready()  # Pango missing: one line now, before a photo is resampled
    cache = cache_dir(root, folder)
    texts = TextCache(cache / TEXT_CACHE)
    public = _public(root, folder, report, cache, texts, settings)
    job = _Books(
        public,
        _theme(options.theme or settings.theme),
        size,
        _languages(public, options.lang),
        _links(public, settings, report),
        profile,
        book_maps(public, size, cache),  # the same for every language: drawn once
        texts,
        PrintCopies(cache / PRINT_DIR, public),
    )
    usable = _placeable(public, report)
    made = job.lay_out(usable, report)
    failed = job.copies.make([p for book in made for p in book.photos], report, options.jobs)
    while failed:  # rare: a photo that cannot be decoded; the books are laid out without it
        usable = {name: meta for name, meta in usable.items() if name not in failed}
        made = job.lay_out(usable, Report())
        failed = job.copies.make([p for book in made for p in book.photos], report, options.jobs)
    texts.save()
    paths = _write_all(made, out, folder.name, cache, profile, options)
    if options.lang is None:  # one language's book alone must not drop the other's copies
        job.copies.prune()
    return report, paths


@dataclass(frozen=True)
class _Books:
    """What every language's book of one run shares."""

    public: PublicTrip
    theme: Theme
    size: PageSize
    languages: list[str]
    links: dict[str, str]
    profile: Path | None
    maps: dict[str, Markup]
    texts: TextCache
    copies: PrintCopies

    def lay_out(self, published: dict[str, PhotoMeta], report: Report) -> list[Book]:
        """Each language's book, showing the photos of `published`."""
        profile_url = self.profile.as_uri() if self.profile else None
        return [
            render_book(
                self.public,
                self.theme,
                published,
                lang,
                self.size,
                photo_src=self.copies.src,
                link=self.links.get(lang),
                print_profile=profile_url,
                maps=self.maps,
                texts=self.texts,
                report=report,
            )
            for lang in self.languages
        ]


def _public(
    root: Path,
    folder: Path,
    report: Report,
    cache: Path,
    texts: TextCache,
    settings: JournalSettings,
) -> PublicTrip:
    """The trip as the site publishes it: read, placed, cut by the privacy zones."""
    from journal.enrich.public import make_public

    trip = read_trip(folder, report, cache, texts)
    return make_public(
        trip,
        settings.privacy_zones,
        secret=privacy_secret(root),
        place_cache=cache / "places.cache",
        stats_cache=cache / "stats.cache",
    )


def _languages(public: PublicTrip, lang: str | None) -> list[str]:
    languages = list(public.trip.languages)
    if lang is None:
        return languages
    if lang.lower() not in languages:
        raise JournalError(
            public.trip.path / "trip.toml",
            f"--lang {lang!r} is not one of the trip's languages ({', '.join(languages)})",
        )
    return [lang.lower()]


def _theme(name: str | None) -> Theme:
    return load_theme(name or "default")


def _profile(path: Path | None) -> Path | None:
    """The print profile, checked: an ICC file of an output device (a press's CMYK)."""
    if path is None:
        return None
    from journal.publish.images import icc_space

    space = icc_space(path)
    if space != "CMYK":
        raise JournalError(path, f"--print-profile: a press's profile is CMYK, this one is {space}")
    return path.resolve()


def _links(public: PublicTrip, settings: JournalSettings, report: Report) -> dict[str, str]:
    """The web travelogue's address per language: the blog's, when its url is known."""
    from journal.publish.jekyllfiles import web_addresses

    try:
        links = web_addresses(public, settings)
    except JournalError as exc:
        report.warn(
            exc.path, f"{exc.message}; the book's last page has no link", code="book.no-link"
        )
        return {}
    if not links:
        report.warn(
            public.trip.path,
            "no web address known (a blog in journal.toml with `url` in its _config.yml); "
            "the book's last page has no link or QR code",
            code="book.no-link",
        )
    return links


def _placeable(public: PublicTrip, report: Report) -> dict[str, PhotoMeta]:
    """The photos a book can lay out: those whose pixel size could be read."""
    usable = {}
    for photo in public.trip.photos:
        if upright(photo.meta):
            usable[photo.name] = photo.meta
        else:
            report.warn(
                photo.path, "its size cannot be read; left out of the book", code="book.photo-size"
            )
    return usable


def _write_all(
    books: list[Book], out: Path, slug: str, cache: Path, profile: Path | None, options: BookOptions
) -> list[Path]:
    """Each book's PDF, unless the one there was made from the same HTML, photos and profile
    (the HTML names each photo's copy by its source and size); the languages' books are
    made side by side, one process each, when there are cores for it."""
    from journal.publish.bookpdf import engine_version
    from journal.publish.webcopies import Workers

    code = code_stamp(("publish/bookpdf.py",))  # what makes a PDF of the HTML

    keys = _read_keys(cache / KEYS_FILE)
    todo: dict[Path, tuple[Book, str]] = {}
    for book in books:
        path = out / f"{slug}.{book.lang}.pdf"
        how = [book.html, engine_version(), code, str(profile or ""), _stamp(profile)]
        key = hashlib.sha256(json.dumps(how).encode()).hexdigest()
        mark = _mark(key, path)
        if options.rebuild or mark is None or keys.get(str(path)) != mark:
            todo[path] = (book, key)
    with Workers(min(options.jobs, len(todo)) or 1) as workers:
        if workers.jobs > 1:
            waiting = [workers.submit(_make_pdf, b, p, profile) for p, (b, _) in todo.items()]
            for future in waiting:
                future.result()
        else:
            for path, (book, _) in todo.items():
                _make_pdf(book, path, profile)
    for path, (_, key) in todo.items():
        keys[str(path)] = _mark(key, path)
    if todo:
        write_atomic(cache / KEYS_FILE, json.dumps(keys, indent=1).encode(), durable=False)
    return [out / f"{slug}.{book.lang}.pdf" for book in books]


def _make_pdf(book: Book, path: Path, profile: Path | None) -> None:
    """One book's PDF made and written (in a worker process, or here)."""
    from journal.publish.bookpdf import make_pdf, write_book

    write_book(path, make_pdf(book, print_profile=profile))


def _mark(key: str, path: Path) -> str | None:
    """The key a PDF was made with, and the file as it was written: a PDF replaced or
    touched since is made again."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return f"{key}|{stat.st_size}|{stat.st_mtime_ns}"


def _stamp(path: Path | None) -> str:
    if path is None:
        return ""
    stat = path.stat()
    return f"{stat.st_size}|{stat.st_mtime_ns}"


def _read_keys(file: Path) -> dict[str, str]:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
