"""Every file journal puts into a Jekyll blog for one trip, by blog-relative path.

- the default language's version is the post, every other language a page at the same URL
  under `/<lang>` (`blogpaths.py`), so the blog lists the trip once; each starts with a
  language switch and declares `lang` and its `alternates` in the front matter;
- each version's body is the standalone travelogue without its title (the blog's layout
  prints it; `title_in_body` in journal.toml keeps it for a layout that does not) and with
  the map through the include;
- the front matter holds an explicit `excerpt:` (description and static route map: what an
  index or a feed shows stays light) and the `[front_matter]` extras of journal.toml and
  trip.toml (the trip's win), merged into journal's own keys;
- `assets/journal/<trip>/`: the files of the output folder's manifest (what journal wrote
  there), never whatever else lies in that folder, plus the static map and the stylesheet.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from journal.core.errors import JournalError
from journal.core.files import safe_relpath
from journal.core.models import JournalSettings
from journal.core.public import PublicTrip
from journal.publish.article import extract_travelogue
from journal.publish.blogconfig import BlogConfig, read_blog_config
from journal.publish.blogpaths import BlogPaths, blog_paths
from journal.publish.liquid import liquid_body, liquid_markup, liquid_text, url_path
from journal.publish.manifest import Manifest
from journal.render.i18n import language_name
from journal.render.staticmap import PNG_NAME, static_map_files
from journal.render.themes import Theme, environment

STYLESHEET = "travelogue.css"
#: Standalone files a blog does not need: the posts replace the index pages.
SKIPPED = re.compile(r"^(?:[a-z]{2,3}/)?index\.html$|^\.journal/")


@dataclass(frozen=True)
class BlogFiles:
    """What to write, and where the trip's versions are."""

    files: dict[str, bytes]
    paths: BlogPaths


@dataclass(frozen=True)
class _Trip:
    """One trip's publication into one blog: what every version shares."""

    public: PublicTrip
    theme: Theme
    out: Path
    settings: JournalSettings
    config: BlogConfig
    paths: BlogPaths
    extras: Mapping[str, Any]
    envs: dict[str, jinja2.Environment] = field(default_factory=dict)

    def env(self, lang: str) -> jinja2.Environment:
        if lang not in self.envs:
            self.envs[lang] = environment(self.theme, lang)
        return self.envs[lang]

    def map_title(self, lang: str) -> Markup:
        title = self.env(lang).get_template("jekyll/map_title.txt")
        text = title.render(title=self.public.trip.config.title(lang)).strip()
        return liquid_text(Markup(text))  # autoescaped already

    @property
    def image(self) -> str:
        return f"/{self.paths.assets}/{PNG_NAME}"


def public_paths(
    public: PublicTrip, settings: JournalSettings, config: BlogConfig
) -> tuple[BlogPaths, dict[str, Any]]:
    """`trip_paths` of a public trip: dated by its first day."""
    trip = public.trip
    days = trip.days or public.route.days
    if not days:
        raise JournalError(
            trip.path, "nothing dated to publish: no entry, photo or track has a date"
        )
    return trip_paths(
        trip.slug, trip.languages, days[0], trip.config.front_matter, settings, config
    )


def web_addresses(public: PublicTrip, settings: JournalSettings) -> dict[str, str]:
    """Each language's full address in the blog of journal.toml, when its `url` is known
    (a book's last page links back to it); empty without a blog or a url."""
    if settings.blog is None:
        return {}
    config = read_blog_config(settings.blog)
    if not config.url:
        return {}
    paths, _ = public_paths(public, settings, config)
    return {lang: config.address(paths.url(lang)) for lang in public.trip.languages}


def blog_files(
    public: PublicTrip, theme: Theme, out: Path, settings: JournalSettings, config: BlogConfig
) -> BlogFiles:
    """Every file journal puts into the blog for one trip (see the module doc)."""
    trip = public.trip
    paths, extras = public_paths(public, settings, config)
    job = _Trip(public, theme, out, settings, config, paths, extras)
    files = _assets(job)
    for lang in trip.languages:
        files[paths.source(lang)] = _version(job, lang).encode("utf-8")
    views = [
        {
            "lang": lang,
            "title": job.map_title(lang),
            "map": paths.asset_url(posixpath.join(paths.page_dir(lang), "map.html")),
            "image": job.image,
        }
        for lang in trip.languages
    ]
    include = job.env(trip.config.default_lang).get_template("jekyll/map_include.html")
    files[paths.include] = include.render(views=views, liquid_url=liquid_markup).encode()
    return BlogFiles(files, paths)


def trip_paths(
    slug: str,
    languages: tuple[str, ...],
    first_day: dt.date,
    front_matter: Mapping[str, Any],
    settings: JournalSettings,
    config: BlogConfig,
) -> tuple[BlogPaths, dict[str, Any]]:
    """Where a trip lives in the blog, and the front matter extras its post gets: those of
    journal.toml and trip.toml (the trip's win), less a `permalink` of its own."""
    extras = {**settings.front_matter, **front_matter}
    permalink = str(extras.pop("permalink", None) or config.permalink)
    try:
        return blog_paths(slug, languages, first_day, permalink, extras), extras
    except JournalError as exc:
        raise JournalError(config.file, exc.message) from None


def _assets(job: _Trip) -> dict[str, bytes]:
    """The output folder's files a blog needs, the static map and the stylesheet."""
    paths, route = job.paths, job.public.route
    files: dict[str, bytes] = {}
    for rel in sorted(Manifest.load(job.out).files):  # what journal wrote, nothing else there
        path = job.out / safe_relpath(rel)
        if SKIPPED.search(rel) or not path.is_file():
            continue
        data = path.read_bytes()
        if posixpath.basename(rel) == "map.html":
            data = _map_page(data.decode("utf-8"), posixpath.dirname(rel), paths).encode()
        files[f"{paths.assets}/{rel}"] = data
    title = job.public.trip.config.title(job.public.trip.config.default_lang)
    for rel, data in static_map_files(route, title).items():
        files[f"{paths.assets}/{rel}"] = data
    css = job.env(job.public.trip.config.default_lang).get_template(f"jekyll/{STYLESHEET}")
    files[f"{paths.assets}/{STYLESHEET}"] = css.render().encode()
    return files


def _map_page(text: str, page_dir: str, paths: BlogPaths) -> str:
    """A copied map page whose popups link to the trip's version in the blog (relative:
    a static file knows no baseurl, and a relative link works under any)."""
    lang = page_dir or paths.languages[0]
    link = paths.link_from(posixpath.join(paths.assets, page_dir), lang)
    return re.sub(r'(href=\\?")index\.html#', lambda m: f"{m.group(1)}{link}#", text)


def _version(job: _Trip, lang: str) -> str:
    """One language's version: front matter, language switch, the travelogue body."""
    paths = job.paths
    folder = paths.page_dir(lang)
    env = job.env(lang)
    page = (job.out / folder / "index.html").read_text(encoding="utf-8")
    travelogue = extract_travelogue(page, keep_title=job.settings.title_in_body)
    body = liquid_body(travelogue.before, folder, paths.asset_url)
    if travelogue.after:
        body += f'{{% include {paths.include_name} lang="{lang}" %}}'
        body += liquid_body(travelogue.after, folder, paths.asset_url)
    alternates = [
        {"lang": code, "url": paths.url(code), "name": language_name(code, code, standalone=True)}
        for code in paths.languages
    ]
    languages = env.get_template("jekyll/languages.html").render(
        alternates=alternates, liquid_url=liquid_markup
    )
    return env.get_template("jekyll/post.html").render(
        front_matter=Markup(_front_matter(job, lang, page)),
        stylesheet=paths.asset_url(STYLESHEET),
        languages=Markup(languages.strip()),
        body=Markup(body),
        liquid_url=liquid_markup,
    )


def _front_matter(job: _Trip, lang: str, page: str) -> str:
    """Journal's keys, then the author's extras (which may replace `image` or `excerpt`)."""
    trip, paths = job.public.trip, job.paths
    title = trip.config.title(lang)
    description = trip.config.description.get(lang) or _trip_dates(page) or title
    excerpt = (
        job.env(lang)
        .get_template("jekyll/excerpt.html")
        .render(
            description=liquid_text(description),
            href=job.config.baseurl + url_path(paths.url(lang)),
            src=job.config.baseurl + url_path(job.image),
            alt=job.map_title(lang),
        )
    )
    data: dict[str, Any] = {
        "layout": job.settings.layout,
        "title": title,
        "date": paths.first_day.isoformat(),
        "lang": lang,
        "permalink": paths.url(lang),
        "page_id": trip.slug,
        "description": description,
        "image": job.image,
        "excerpt": "".join(line.strip() for line in excerpt.splitlines()),  # one YAML line
        "alternates": [{"lang": other, "url": paths.url(other)} for other in paths.languages],
        "journal_trip": trip.slug,
    }
    data.update(_yaml_ready(job.extras))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000).strip()


def _yaml_ready(extras: Mapping[str, Any]) -> dict[str, Any]:
    """TOML values YAML writes as Jekyll reads them: a time of day as text."""
    return {
        key: value.isoformat() if isinstance(value, dt.time) else value
        for key, value in extras.items()
    }


def _trip_dates(page: str) -> str:
    found = re.search(r'<p class="trip-dates">(.*?)</p>', page, re.S)
    return html.unescape(found.group(1)).strip() if found else ""
