"""The journal's home in a Jekyll blog: a page per language at the permalink of journal.toml's
`[home]` (`/viaggi/`, `/en/trips/`), linking to the trips' posts, with the lifetime map as an
include (`{% include journal/home-map.html %}`, usable in any post too).

Its files, by blog path: the pages `journal/home-<lang>.html`, the include, and under
`assets/journal/home/` the lifetime map's pages (each line opening the trip's post) and the
theme's assets they load. Written as a trip's files are (jekyll.write_into_blog: a file
edited by hand is refused, journal's stale files removed), listed in `.journal/home.json`.
The body is the standalone home's (render/home.py) with the author's words inside `{% raw %}`
and every link through `relative_url`; it builds with `jekyll build --safe` (no plugin).
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from journal.core.errors import Report
from journal.core.home import TripCard
from journal.core.models import JournalSettings
from journal.publish.blogconfig import BlogConfig, check_layout, read_blog_config
from journal.publish.blogpaths import ASSETS, BlogPaths
from journal.publish.jekyll import write_into_blog
from journal.publish.jekyllfiles import trip_paths
from journal.publish.liquid import liquid_body, liquid_markup, url_path
from journal.publish.manifest import blog_manifest
from journal.render.home import home_title, home_view, map_page, page_dir, trip_href
from journal.render.themes import Theme, environment, static_files

SLUG = "home"  # its assets' folder and its manifest: no trip may be named so
ASSETS_DIR = f"{ASSETS}/{SLUG}"
INCLUDE = "journal/home-map.html"
#: Where the map goes in the body, replaced by the include (outside the raw block).
MAP_MARK = "<!-- journal-home-map -->"
STYLESHEET = "home.css"


def publish_home(
    cards: Sequence[TripCard],
    settings: JournalSettings,
    theme: Theme,
    blog_dir: Path,
    report: Report,
    *,
    overwrite: bool = False,
) -> None:
    """Write the home's pages, include and map into the blog (see the module doc)."""
    blog = blog_dir.resolve()
    config = read_blog_config(blog)
    layout = check_layout(config, settings.home.layout)
    report.extend(layout.problems)
    posts = {
        card.slug: trip_paths(
            card.slug, card.languages, card.post_day, card.front_matter, settings, config
        )[0]
        for card in cards
        if card.post_day is not None
    }
    cards = [card for card in cards if card.slug in posts]
    files = _map_files(cards, settings, theme, config, posts)
    addresses = {}
    for lang in settings.home.languages:
        source = f"journal/home-{lang}.html"
        files[source] = _page(cards, settings, theme, lang, posts).encode("utf-8")
        addresses[source] = config.address(settings.home.permalink(lang))
    manifest = blog_manifest(SLUG)
    write_into_blog(blog, files, manifest, addresses, layout.notes, report, overwrite)


def _map_files(
    cards: Sequence[TripCard],
    settings: JournalSettings,
    theme: Theme,
    config: BlogConfig,
    posts: dict[str, BlogPaths],
) -> dict[str, bytes]:
    """The lifetime map's pages (a line opens the trip's post, at its full address: a
    static file knows no baseurl), their assets, and the include that frames them."""
    home = settings.home

    def post(card: TripCard, lang: str) -> str:
        return config.baseurl + url_path(posts[card.slug].url(card.page_lang(lang)))

    files: dict[str, bytes] = {}
    views = []
    for lang in home.languages:
        folder = page_dir(lang, home)
        env = environment(theme, lang)
        page = map_page(cards, home, env, lang, href=post, base="../" if folder else "")
        rel = posixpath.join(ASSETS_DIR, folder, "map.html")
        files[rel] = page.encode("utf-8")
        title = env.get_template("home_map_title.txt").render(title=home_title(home, env, lang))
        views.append({"lang": lang, "title": title.strip(), "map": f"/{rel}", "image": ""})
    for rel, path in static_files(theme).items():
        files[f"{ASSETS_DIR}/assets/{rel}"] = path.read_bytes()
    css = environment(theme, home.default_lang).get_template(f"jekyll/{STYLESHEET}").render()
    files[f"{ASSETS_DIR}/{STYLESHEET}"] = css.encode("utf-8")
    include = environment(theme, home.default_lang).get_template("jekyll/map_include.html")
    rendered = include.render(views=views, liquid_url=liquid_markup)
    files[f"_includes/{INCLUDE}"] = rendered.encode("utf-8")
    return files


def _page(
    cards: Sequence[TripCard],
    settings: JournalSettings,
    theme: Theme,
    lang: str,
    posts: dict[str, BlogPaths],
) -> str:
    """One language's page: front matter, then the home's body as the standalone site has
    it, its author text raw and its links through relative_url to the trips' posts."""
    home = settings.home
    env = environment(theme, lang)
    folder = page_dir(lang, home)
    base = "../" if folder else ""

    def href(card: TripCard, lang: str) -> str:
        return trip_href(card, lang, base=base)

    view = home_view(cards, home, env, lang, href=href, thumb=lambda c: f"{base}{c.slug}/route.svg")
    body = env.get_template("home_body.html").render(
        home=view, show_title=settings.title_in_body, map_frame=Markup(MAP_MARK)
    )

    def site_path(rel: str) -> str:  # a file of the standalone site -> the blog's path
        slug, _, rest = rel.partition("/")
        return posts[slug].asset_url(rest)

    body = liquid_body(body, folder, site_path)
    include = f'{{% endraw %}}{{% include {INCLUDE} lang="{lang}" %}}{{% raw %}}'
    body = body.replace(MAP_MARK, include)
    front: dict[str, Any] = {
        "layout": home.layout,
        "title": view["title"],
        "lang": lang,
        "permalink": home.permalink(lang),
        "page_id": "journal-home",
        "alternates": [{"lang": other, "url": home.permalink(other)} for other in home.languages],
    }
    matter = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000).strip()
    stylesheet = liquid_markup(f"/{ASSETS_DIR}/{STYLESHEET}")
    return f'---\n{matter}\n---\n<link rel="stylesheet" href="{stylesheet}">\n{body}\n'
