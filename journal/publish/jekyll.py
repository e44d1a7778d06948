"""Publishing a rendered trip into a Jekyll blog that builds on stock GitHub Pages.

Owns what journal adds to a blog and nothing else:
- `_posts/<first-day>-<trip>.html` (default language) and `..-<trip>-<lang>.html`: front matter
  plus the travelogue body taken from the standalone pages, with the author's text inside
  `{% raw %}` (their braces stay text) and every URL through `relative_url` (a blog served
  under a baseurl works);
- `assets/journal/<trip>/`: the live maps, media, Leaflet, route files and the static map:
  the files of the output folder's manifest (what journal wrote there), never whatever else
  lies in that folder;
- `_includes/journal/<trip>-map.html`: the map as a lazy iframe with a static fallback.

Safe mode only (no plugin). A manifest in `.journal/<trip>.json` (a dot folder: Jekyll never
publishes it) remembers what was written, so a re-run replaces only journal's own files, and a
file the user edited since is refused unless `force`, which first keeps a backup copy.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import yaml
from markupsafe import Markup, escape

from journal.core.errors import JournalError, Report, TripErrors
from journal.core.files import digest, safe_relpath, write_atomic
from journal.core.models import JournalSettings, Problem, Trip
from journal.core.public import PublicTrip
from journal.publish.manifest import Manifest, blog_manifest, write_tree
from journal.render.staticmap import PNG_NAME, static_map_files
from journal.render.themes import Theme, environment

log = logging.getLogger(__name__)

ASSETS = "assets/journal"
STATE_DIR = ".journal"
STYLESHEET = "travelogue.css"
#: Standalone files a blog does not need: the posts replace the index pages.
SKIPPED = re.compile(r"^(?:[a-z]{2,3}/)?index\.html$|^\.journal/")
URL_ATTR = re.compile(r'(\s(?:src|href|srcset)=")([^"]*)(")')
ENDRAW = re.compile(r"\{%(-?\s*endraw)")
SCHEME = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|/|#)")


@dataclass(frozen=True)
class BlogPaths:
    """Where a trip lives in a blog, as site paths (leading slash) and blog-relative files."""

    slug: str
    languages: tuple[str, ...]  # default first

    @property
    def assets(self) -> str:
        return f"{ASSETS}/{self.slug}"

    @property
    def include(self) -> str:
        return f"_includes/journal/{self.slug}-map.html"

    @property
    def include_name(self) -> str:
        return f"journal/{self.slug}-map.html"

    @property
    def manifest(self) -> str:
        return blog_manifest(self.slug)

    def page_dir(self, lang: str) -> str:
        return "" if lang == self.languages[0] else lang

    def permalink(self, lang: str) -> str:
        folder = self.page_dir(lang)
        return f"/{folder}/{self.slug}/" if folder else f"/{self.slug}/"

    def post(self, first_day: dt.date, lang: str) -> str:
        suffix = f"-{lang}" if self.page_dir(lang) else ""
        return f"_posts/{first_day.isoformat()}-{self.slug}{suffix}.html"

    def asset_url(self, site_rel: str) -> str:
        """The site path of a file of the standalone site; its index pages are the posts."""
        path, _, fragment = site_rel.partition("#")
        for lang in self.languages:
            if path == posixpath.join(self.page_dir(lang), "index.html"):
                return self.permalink(lang) + (f"#{fragment}" if fragment else "")
        return f"/{self.assets}/{site_rel}"


def liquid_text(text: str) -> Markup:
    """Text for a page Jekyll runs through Liquid, outside a raw block: escaped for HTML, and
    its braces and percent signs written as character references, so that `{{ site.title }}`
    or `{% comment %}` in a title stay words on the page instead of Liquid code. The one
    escape of user-written text in what journal adds to a blog; a `Markup` (text a template
    already escaped) is not escaped twice."""
    escaped = str(escape(text))
    for char in "{}%":
        escaped = escaped.replace(char, f"&#{ord(char)};")
    return Markup(escaped)


#: Characters a URL path keeps as they are inside a Liquid string: no quote (the string's
#: or the attribute's end), no brace (a tag's end), no `<` or `>`; the rest is percent-encoded.
URL_SAFE = "/:@!$&()*+,;=?#~-._"


def liquid_url(site_path: str) -> str:
    """`{{ '/a/b' | relative_url }}`: Jekyll prefixes the baseurl at build time. The path is
    percent-encoded first (an existing escape is kept), so no character of it can end the
    quoted string or the tag, whatever an author wrote in a link."""
    path, hash_, fragment = site_path.partition("#")
    path = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", path)
    quoted = quote(path, safe=URL_SAFE + "%")
    fragment = quote(fragment, safe=URL_SAFE + "%")
    return f"{{{{ '{quoted}' | relative_url }}}}{hash_}{fragment}"


def _liquid_markup(site_path: str) -> Markup:
    """`liquid_url` for templates: Liquid's quotes must reach the page unescaped."""
    return Markup(liquid_url(site_path))


class _Travelogue(HTMLParser):
    """Finds the `<article class="travelogue">` of a page and the map iframe inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.start: tuple[int, int] | None = None
        self.end: tuple[int, int] | None = None
        self.iframe: tuple[int, int] | None = None
        self.iframe_end: tuple[int, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            if self.start is None and "travelogue" in (dict(attrs).get("class") or "").split():
                self.start, self.depth = self.getpos(), 1
            elif self.start is not None and self.end is None:
                self.depth += 1
        elif tag == "iframe" and self.start is not None and self.iframe is None:
            self.iframe = self.getpos()

    def handle_endtag(self, tag: str) -> None:
        if tag == "iframe" and self.iframe is not None and self.iframe_end is None:
            self.iframe_end = self.getpos()
        if tag == "article" and self.start is not None and self.end is None:
            self.depth -= 1
            if self.depth == 0:
                self.end = self.getpos()


def extract_travelogue(page: str) -> tuple[str, str, str]:
    """A standalone page's travelogue split around its map iframe: (before, after, iframe).

    Without an iframe the whole article is `before`. The stats the header shows are already in
    the page, which is why the post is cut from it rather than rendered a second time.
    """
    parser = _Travelogue()
    parser.feed(page)
    parser.close()
    if parser.start is None or parser.end is None:
        raise JournalError(None, 'the theme\'s page has no <article class="travelogue">')
    lines = [0]
    for line in page.splitlines(keepends=True):
        lines.append(lines[-1] + len(line))

    def offset(pos: tuple[int, int]) -> int:
        return lines[pos[0] - 1] + pos[1]

    start, end = offset(parser.start), page.index(">", offset(parser.end)) + 1
    if parser.iframe is None or parser.iframe_end is None:
        return page[start:end], "", ""
    cut = offset(parser.iframe)
    resume = page.index(">", offset(parser.iframe_end)) + 1
    return page[start:cut], page[resume:end], page[cut:resume]


def liquid_body(fragment: str, page_dir: str, paths: BlogPaths) -> str:
    """Author text inside `{% raw %}`; each local URL outside it, through relative_url."""

    def one(url: str) -> str:
        url = html.unescape(url)
        if not url or SCHEME.match(url):
            return html.escape(url)
        site_rel = posixpath.normpath(posixpath.join(page_dir, url))
        return "{% endraw %}" + liquid_url(paths.asset_url(site_rel)) + "{% raw %}"

    def attr(match: re.Match[str]) -> str:
        value = match.group(2)
        if match.group(1).strip().startswith("srcset"):
            parts = [p.strip().split(" ", 1) for p in value.split(",") if p.strip()]
            value = ", ".join(" ".join([one(p[0]), *p[1:]]) for p in parts)
        else:
            value = one(value)
        return match.group(1) + value + match.group(3)

    safe = ENDRAW.sub(r"{&#37;\1", fragment)  # an author's own "{% endraw %}" stays text
    return "{% raw %}" + URL_ATTR.sub(attr, safe) + "{% endraw %}"


def _map_page(text: str, page_dir: str, paths: BlogPaths) -> str:
    """A copied map page whose popups link to the posts (relative: works under any baseurl)."""
    here = posixpath.join(paths.assets, page_dir)
    lang = page_dir or paths.languages[0]
    post = posixpath.relpath(paths.permalink(lang).strip("/"), here)
    return re.sub(r'(href=\\?")index\.html#', rf"\g<1>{post}/#", text)


def blog_files(public: PublicTrip, theme: Theme, out: Path, layout: str) -> dict[str, bytes]:
    """Every file journal puts into the blog for one trip, by blog-relative path."""
    trip, route = public.trip, public.route
    paths = BlogPaths(trip.slug, trip.languages)
    days = trip.days or route.days
    if not days:
        raise JournalError(
            trip.path, "nothing dated to publish: no entry, photo or track has a date"
        )
    files: dict[str, bytes] = {}
    for rel in sorted(Manifest.load(out).files):  # what journal wrote, nothing else lying there
        path = out / safe_relpath(rel)
        if SKIPPED.search(rel) or not path.is_file():
            continue
        data = path.read_bytes()
        if posixpath.basename(rel) == "map.html":
            data = _map_page(data.decode("utf-8"), posixpath.dirname(rel), paths).encode("utf-8")
        files[f"{paths.assets}/{rel}"] = data
    title = trip.config.title(trip.config.default_lang)
    for rel, data in static_map_files(route, title).items():
        files[f"{paths.assets}/{rel}"] = data
    env = environment(theme, trip.config.default_lang)
    files[f"{paths.assets}/{STYLESHEET}"] = (
        env.get_template(f"jekyll/{STYLESHEET}").render().encode()
    )

    views = []
    for lang in trip.languages:
        lang_env = environment(theme, lang)
        map_title = lang_env.get_template("jekyll/map_title.txt").render(
            title=trip.config.title(lang)
        )
        folder = paths.page_dir(lang)
        views.append(
            {
                "lang": lang,
                "title": liquid_text(Markup(map_title.strip())),  # autoescaped already
                "map": f"/{paths.assets}/{posixpath.join(folder, 'map.html')}",
                "image": f"/{paths.assets}/{PNG_NAME}",
            }
        )
        page = (out / folder / "index.html").read_text(encoding="utf-8")
        head, tail, _ = extract_travelogue(page)
        include = f'{{% include {paths.include_name} lang="{lang}" %}}'
        body = liquid_body(head, folder, paths)
        if tail:
            body += include + liquid_body(tail, folder, paths)
        front = _front_matter(trip, paths, lang, days[0], layout, page)
        post = lang_env.get_template("jekyll/post.html").render(
            front_matter=Markup(front),
            stylesheet=f"/{paths.assets}/{STYLESHEET}",
            body=Markup(body),
            liquid_url=_liquid_markup,
        )
        files[paths.post(days[0], lang)] = post.encode("utf-8")
    include = env.get_template("jekyll/map_include.html").render(
        views=views, liquid_url=_liquid_markup
    )
    files[paths.include] = include.encode("utf-8")
    return files


def _front_matter(
    trip: Trip, paths: BlogPaths, lang: str, first_day: dt.date, layout: str, page: str
) -> str:
    title = trip.config.title(lang)
    description = trip.config.description.get(lang) or _trip_dates(page) or title
    data = {
        "layout": layout,
        "title": title,
        "date": first_day.isoformat(),
        "lang": lang,
        "permalink": paths.permalink(lang),
        "page_id": trip.slug,
        "description": description,
        "image": f"/{paths.assets}/{PNG_NAME}",
        "journal_trip": trip.slug,
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000).strip()


def _trip_dates(page: str) -> str:
    found = re.search(r'<p class="trip-dates">(.*?)</p>', page, re.S)
    return html.unescape(found.group(1)).strip() if found else ""


def _conflicts(blog: Path, files: Mapping[str, bytes], old: Manifest) -> list[str]:
    """Files journal would overwrite that are not as journal left them (or never were its)."""
    found = []
    for rel, data in files.items():
        target = blog / rel
        if not target.is_file():
            continue
        theirs = digest(target.read_bytes())
        if theirs == digest(data):
            continue
        if rel not in old.files or old.edited_by_user(rel):
            found.append(rel)
    return sorted(found)


def publish_blog(
    public: PublicTrip,
    theme: Theme,
    out: Path,
    blog_dir: Path,
    settings: JournalSettings,
    *,
    overwrite: bool = False,
    report: Report | None = None,
) -> Manifest:
    """Write the trip's posts, assets and map include into `blog_dir` (see the module doc)."""
    blog = blog_dir.resolve()
    if not (blog / "_config.yml").is_file() and not (blog / "_config.toml").is_file():
        raise JournalError(blog, "not a Jekyll site (no _config.yml)")
    trip = public.trip
    paths = BlogPaths(trip.slug, trip.languages)
    files = blog_files(public, theme, out, settings.layout)
    old = Manifest.load(blog, paths.manifest)
    conflicts = _conflicts(blog, files, old)
    if conflicts and not overwrite:
        raise TripErrors(
            Problem(
                blog / rel,
                "changed since journal wrote it (or not journal's); "
                "keep your edits elsewhere, or re-run with --overwrite (a backup is kept)",
            )
            for rel in conflicts
        )
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for rel in conflicts:
        backup = blog / STATE_DIR / "backup" / stamp / rel
        write_atomic(backup, (blog / rel).read_bytes())
        if report is not None:
            message = f"overwritten with --overwrite; your version is kept in {backup}"
            report.warn(blog / rel, message, code="blog.overwritten")
    log.info("publishing %s into %s (%d files)", trip.slug, blog, len(files))
    return write_tree(blog, files, manifest_name=paths.manifest)
