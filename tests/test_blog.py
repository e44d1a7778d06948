"""A trip in a blog as its author expects it, proved on real blogs built by `jekyll build --safe`.

tests/jekyll-site is a Poole/Hyde-style blog (a layout printing title and date, a paginated
index printing `post.excerpt`, an archive, related posts, jekyll-feed with full content,
jekyll-sitemap, jekyll-seo-tag), its plugins Debian's packages of GitHub Pages' gems. The
example trip published into it is listed once everywhere, light in the listing, titled once,
its languages linked both ways, and Jekyll warns of nothing. Then the blog checks: a blog
without the layout (`jekyll new --blank`), a gem theme (Debian's minima), front matter
extras, the blog's own permalink, and what the report says.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_jekyll import (
    EXAMPLE,
    JEKYLL,
    SITE,
    TRIP,
    built_page,
    publish_example,
    read_front_matter,
    trip_url,
)
from typer.testing import CliRunner

from journal.cli import app
from journal.publish.blogconfig import gem_folder
from journal.publish.blogpaths import blog_paths, expand_permalink

needs_jekyll = pytest.mark.skipif(JEKYLL is None, reason="jekyll is not installed (.ci/run)")
TITLES = tomllib.loads((EXAMPLE / "trip.toml").read_text(encoding="utf-8"))["title"]
ATOM = "{http://www.w3.org/2005/Atom}"


def build_loud(blog: Path, dest: str = "_site") -> tuple[Path, str]:
    """`jekyll build --safe` with its messages (warnings included): (site, what it said)."""
    assert JEKYLL is not None
    run = subprocess.run(
        [JEKYLL, "build", "--safe", "-s", str(blog), "-d", str(blog / dest)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return blog / dest, run.stdout + run.stderr


def complaints(said: str) -> list[str]:
    """What a Jekyll build said beyond its progress lines."""
    return [line for line in said.splitlines() if re.search(r"warn|error|deprecat", line, re.I)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The example trip published into the test blog, built: (site, what Jekyll said)."""
    _, blog = publish_example(tmp_path_factory.mktemp("blog"))
    if JEKYLL is None:
        pytest.skip("jekyll is not installed (.ci/run installs it)")
    return build_loud(blog)


class Page(HTMLParser):
    """Headings' texts, links and the language switch of a built page."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.links: list[dict[str, str]] = []  # <a> and <link>, with their tag
        self._heading: list[str] | None = None
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = []
        if tag in ("a", "link"):
            self.links.append({"tag": tag, **{k: v or "" for k, v in attrs}})

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)

    def hrefs(self, **match: str) -> list[str]:
        return [x["href"] for x in self.links if all(x.get(k) == v for k, v in match.items())]


def index_pages(site: Path) -> list[Path]:
    return [site / "index.html", *sorted(site.glob("page*/index.html"))]


@needs_jekyll
def test_jekyll_warns_of_nothing(built: tuple[Path, str]) -> None:
    _, said = built
    assert "Jekyll Feed: Generating feed for posts" in said  # the plugins did run
    assert complaints(said) == []


@needs_jekyll
def test_the_trip_is_listed_once_in_index_archive_feed_sitemap_and_related_posts(
    built: tuple[Path, str],
) -> None:
    site, _ = built
    post, page = trip_url("it"), trip_url("en")
    listed = [h for p in index_pages(site) for h in Page(p).hrefs(tag="a") if h == post]
    titles = "".join(p.read_text(encoding="utf-8") for p in index_pages(site))
    assert len(index_pages(site)) == 3 and titles.count(f">{TITLES['it']}</a>") == 1
    assert page not in titles and TITLES["en"] not in titles  # the English page is no post
    assert 1 <= len(listed) <= 2  # the title's link, and the excerpt's map links to it too
    archive = Page(site / "archive" / "index.html").hrefs(tag="a")
    assert archive.count(post) == 1 and page not in archive

    feed = ET.parse(site / "feed.xml").getroot()
    links = [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")]
    assert len(links) == 8 and links.count(f"http://localhost{post}") == 1
    assert f"http://localhost{page}" not in links
    entry = next(e for e in feed.iter(f"{ATOM}entry") if post in e.find(f"{ATOM}link").get("href"))
    assert len(entry.find(f"{ATOM}content").text or "") > 20_000  # the full travelogue
    assert "<iframe" not in (entry.find(f"{ATOM}summary").text or "")

    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count(f"<loc>http://localhost{post}</loc>") == 1
    assert sitemap.count(f"<loc>http://localhost{page}</loc>") == 1
    for other in site.glob("201[46]/**/index.html"):  # other posts list related posts
        related = Page(other).hrefs(tag="a")
        assert related.count(post) <= 1 and page not in related, other


@needs_jekyll
def test_the_listing_is_light(built: tuple[Path, str]) -> None:
    """The index page that lists the trip weighs what its neighbours weigh: the excerpt is
    the description and the static map, no iframe, no photo."""
    site, _ = built
    pages = {p: p.read_text(encoding="utf-8") for p in index_pages(site)}
    home = next(p for p, text in pages.items() if f">{TITLES['it']}</a>" in text)
    text = pages[home]
    item = text[
        text.index(f'<a href="{trip_url("it")}">') : text.index("</div>", text.index(TITLES["it"]))
    ]
    assert len(item.encode()) < 2048, item
    assert "<iframe" not in text and "/media/" not in text and "{%" not in text
    assert f'<img src="/assets/journal/{TRIP}/route.png"' in item
    neighbours = [len(t.encode()) for p, t in pages.items() if p != home]
    assert len(text.encode()) < max(neighbours) + 2048, (len(text), neighbours)


@needs_jekyll
@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_title_is_printed_once(built: tuple[Path, str], lang: str) -> None:
    site, _ = built
    headings = Page(built_page(site, lang)).headings
    assert headings.count(TITLES[lang]) == 1, headings
    assert headings[:2] == ["Diario di bordo", TITLES[lang]]  # the layout's own h1s


@needs_jekyll
def test_the_language_versions_link_both_ways(built: tuple[Path, str]) -> None:
    site, _ = built
    for lang, other, label in (("it", "en", "Anche in:"), ("en", "it", "Also in:")):
        path = built_page(site, lang)
        page = Page(path)
        text = path.read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in text
        assert page.hrefs(tag="a", hreflang=other, rel="alternate") == [trip_url(other)]
        assert '<nav class="journal-languages"' in text and f"<p>{label} <a " in text
        for code in ("it", "en"):  # the layout's alternates, read from the front matter
            assert page.hrefs(tag="link", rel="alternate", hreflang=code) == [
                f"http://localhost{trip_url(code)}"
            ]
        assert built_page(site, other).is_file()
    seo = built_page(site, "en").read_text(encoding="utf-8")
    assert '<meta property="og:locale" content="en" />' in seo  # jekyll-seo-tag read `lang`


def _small_trip(root: Path, toml: str = "") -> Path:
    """A journal root with `t`: one entry a language, a photo, 27 June 2015."""
    from tests.photofactory import ExifSpec, write_jpeg

    trip = root / "trips" / "t"
    (trip / "entries").mkdir(parents=True)
    (trip / "trip.toml").write_text(
        f'[title]\nit = "Prova"\nen = "Trial"\n[description]\nit = "Una prova."\n{toml}',
        encoding="utf-8",
    )
    for lang, title in (("it", "Partenza"), ("en", "Leaving")):
        (trip / "entries" / f"2015-06-27-via.{lang}.md").write_text(
            f"---\ntitle: {title}\n---\n\nVia.\n", encoding="utf-8"
        )
    taken = dt.datetime(2015, 6, 27, 11, 0)
    write_jpeg(trip / "photos" / "a.jpg", ExifSpec(lat=45.15, lon=10.79, taken=taken))
    return root


def _render(root: Path, blog: Path, *extra: str) -> tuple[int, str]:
    args = ["--root", str(root), "render", "t", "--jekyll", str(blog), "-j", "1", *extra]
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.output


def _blank_blog(base: Path) -> Path:
    """What `jekyll new --blank` makes: a default layout, no post layout, no theme."""
    blog = base / "blank"
    (blog / "_layouts").mkdir(parents=True)
    (blog / "_config.yml").write_text("title: Blank\n", encoding="utf-8")
    (blog / "_layouts" / "default.html").write_text(
        '<!doctype html>\n<html lang="{{ page.lang }}">\n<head>\n<meta charset="utf-8">\n'
        "<title>{{ page.title | escape }}</title>\n</head>\n<body>\n{{ content }}\n</body>\n"
        "</html>\n",
        encoding="utf-8",
    )
    return blog


@needs_jekyll
def test_a_blog_without_the_layout_is_told_what_to_add(tmp_path: Path) -> None:
    root = _small_trip(tmp_path / "journal")
    blog = _blank_blog(tmp_path)
    code, output = _render(root, blog)
    assert code == 0, output
    warning = next(x for x in output.splitlines() if x.startswith("warning:"))
    assert warning == (
        f"warning: {blog / '_layouts'}: no layout 'post' in _layouts/: Jekyll would build the "
        "trip's post and pages without it (no <head>, no menu); add _layouts/post.html, or "
        "name one the blog has in journal.toml (layout = 'default')"
    )
    _, said = build_loud(blog)
    assert "Layout 'post' requested in _posts/2015-06-27-t.html does not exist" in said

    (root / "journal.toml").write_text('layout = "default"\ntitle_in_body = true\n', "utf-8")
    code, output = _render(root, blog)
    assert code == 0 and "warning:" not in output, output
    assert "  layout 'default': _layouts/default.html" in output.splitlines()
    site, said = build_loud(blog)
    assert complaints(said) == []
    page = Page(site / "2015" / "06" / "27" / "t.html")  # the blog's default permalink: date
    assert page.headings.count("Prova") == 1  # no layout title: the body keeps its own


def test_a_layout_extending_a_missing_one_is_told(tmp_path: Path) -> None:
    root = _small_trip(tmp_path / "journal")
    blog = _blank_blog(tmp_path)
    (blog / "_layouts" / "post.html").write_text("---\nlayout: base\n---\n{{ content }}\n", "utf-8")
    code, output = _render(root, blog)
    assert code == 0
    assert (
        f"warning: {blog / '_layouts'}: _layouts/post.html extends layout 'base', which is not "
        "in _layouts/; add _layouts/base.html"
    ) in output.splitlines()


MINIMA = gem_folder("minima", Path("/nonexistent"))[0]


@needs_jekyll
@pytest.mark.skipif(MINIMA is None, reason="minima is not installed (.ci/run: jekyll-theme-minima)")
def test_a_gem_theme_is_looked_into_where_jekyll_finds_it(tmp_path: Path) -> None:
    root = _small_trip(tmp_path / "journal")
    blog = tmp_path / "minima"
    blog.mkdir()
    plugins = "[jekyll-feed, jekyll-seo-tag]"
    (blog / "_config.yml").write_text(
        f"title: Minima\ntheme: minima\nplugins: {plugins}\nwhitelist: {plugins}\n"
        'url: "https://example.org"\nbaseurl: "/blog"\n',
        encoding="utf-8",
    )
    code, output = _render(root, blog)
    assert code == 0 and "warning:" not in output, output
    lines = output.splitlines()
    assert f"  layout 'post': theme minima ({MINIMA}, found by RubyGems)" in lines
    assert (
        "  created     _posts/2015-06-27-t.html  (https://example.org/blog/2015/06/27/t.html)"
        in lines
    )
    site, said = build_loud(blog)
    assert complaints(said) == []
    for url, title in (("2015/06/27/t.html", "Prova"), ("en/2015/06/27/t.html", "Trial")):
        page = Page(site / url)
        assert page.headings.count(title) == 1, page.headings
        assert page.hrefs(tag="a", rel="alternate")[0].startswith("/blog/")


def test_without_ruby_the_theme_is_found_in_the_gem_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if MINIMA is None:
        pytest.skip("minima is not installed (.ci/run: jekyll-theme-minima)")
    monkeypatch.setenv("PATH", str(tmp_path))  # no ruby here
    assert gem_folder("minima", tmp_path) == (MINIMA, "found in the gem folders")
    vendored = tmp_path / "vendor" / "bundle" / "ruby" / "3.1.0" / "gems" / "minima-2.5.9"
    vendored.mkdir(parents=True)
    assert gem_folder("minima", tmp_path) == (vendored, "the blog's vendor/bundle")
    assert gem_folder("no-such-theme", tmp_path / "x") == (None, "")


def test_a_theme_not_installed_here_is_not_warned_about(tmp_path: Path) -> None:
    root = _small_trip(tmp_path / "journal")
    blog = tmp_path / "pages"
    blog.mkdir()
    (blog / "_config.yml").write_text("theme: jekyll-theme-not-installed-here\n", "utf-8")
    code, output = _render(root, blog)
    assert code == 0 and "warning:" not in output, output
    assert "  layout 'post': not checked (theme jekyll-theme-not-installed-here is not " in output


@needs_jekyll
def test_front_matter_extras_are_merged_and_the_permalink_respected(tmp_path: Path) -> None:
    root = _small_trip(
        tmp_path / "journal",
        '[front_matter]\ntags = ["alpi", "moto"]\ncategories = ["Viaggi"]\n'
        'image = "/img/copertina.jpg"\nseries = { name = "Estate", part = 2 }\n',
    )
    (root / "journal.toml").write_text(
        '[front_matter]\nauthor = "Marco"\ntags = ["diario"]\ncomments = true\n', "utf-8"
    )
    blog = Path(shutil.copytree(SITE, tmp_path / "blog"))
    config = blog / "_config.yml"
    pattern = "/:categories/:year/:title/"
    text = config.read_text(encoding="utf-8").replace("/:year/:month/:day/:title/", pattern)
    config.write_text(text, encoding="utf-8")
    code, output = _render(root, blog)
    assert code == 0, output
    data, _ = read_front_matter(blog / "_posts" / "2015-06-27-t.html")
    assert data["author"] == "Marco" and data["comments"] is True  # journal.toml's
    assert data["tags"] == ["alpi", "moto"]  # trip.toml's win
    assert data["image"] == "/img/copertina.jpg"  # the author's cover over the route map
    assert data["series"] == {"name": "Estate", "part": 2}
    assert data["title"] == "Prova" and data["lang"] == "it"  # journal's own stay
    assert data["permalink"] == "/viaggi/2015/t/"
    en, _ = read_front_matter(blog / "en" / "t.html")
    assert en["permalink"] == "/en/viaggi/2015/t/" and en["tags"] == ["alpi", "moto"]
    site, said = build_loud(blog)
    assert complaints(said) == []
    assert (site / "viaggi" / "2015" / "t" / "index.html").is_file()
    assert (site / "en" / "viaggi" / "2015" / "t" / "index.html").is_file()
    map_page = (blog / "assets" / "journal" / "t" / "map.html").read_text(encoding="utf-8")
    assert 'href=\\"../../../viaggi/2015/t/#' in map_page  # popups open the post


def test_a_key_journal_writes_is_refused_in_front_matter_extras(tmp_path: Path) -> None:
    root = _small_trip(tmp_path / "journal", '[front_matter]\ntags = ["a"]\ntitle = "Altro"\n')
    code, output = _render(root, Path(shutil.copytree(SITE, tmp_path / "blog")))
    assert code == 1
    toml = root / "trips" / "t" / "trip.toml"
    assert output.splitlines()[0] == (
        f"error: {toml}:8: front_matter.title: journal writes 'title' itself; set [title] in "
        "trip.toml"
    )


def test_the_report_tells_what_was_removed_and_what_was_kept(tmp_path: Path) -> None:
    """An older journal wrote every language as a post: the English post it left is removed
    (the trip would be listed twice), unless the author edited it, which is kept and told."""
    root = _small_trip(tmp_path / "journal")
    blog = Path(shutil.copytree(SITE, tmp_path / "blog"))
    assert _render(root, blog)[0] == 0
    manifest_path = blog / ".journal" / "t.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for name, edited in (("t-en", False), ("t-de", True)):
        old = blog / "_posts" / f"2015-06-27-{name}.html"
        old.write_text("---\ntitle: Trial\n---\nold\n", encoding="utf-8")
        from journal.core.files import digest

        manifest["files"][f"_posts/{old.name}"] = digest(b"changed" if edited else old.read_bytes())
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    (root / "trips" / "t" / "entries" / "2015-06-27-via.it.md").write_text(
        "---\ntitle: Partenza\n---\n\nVia, finalmente.\n", encoding="utf-8"
    )
    code, output = _render(root, blog)
    assert code == 0, output
    lines = output.splitlines()
    assert "  updated     _posts/2015-06-27-t.html  (http://localhost/2015/06/27/t/)" in lines
    assert "  left as is  en/t.html  (http://localhost/en/2015/06/27/t/)" in lines
    assert "  removed     _posts/2015-06-27-t-en.html  (no longer written by journal)" in lines
    kept = blog / "_posts" / "2015-06-27-t-de.html"
    assert f"warning: {kept}: no longer written by journal, but edited by hand, so left " in output
    assert not (blog / "_posts" / "2015-06-27-t-en.html").exists() and kept.is_file()


@pytest.mark.parametrize(
    ("pattern", "url"),
    [
        ("date", "/viaggi/moto%20alpi/2015/06/27/t.html"),
        ("pretty", "/viaggi/moto%20alpi/2015/06/27/t/"),
        ("none", "/viaggi/moto%20alpi/t.html"),
        ("ordinal", "/viaggi/moto%20alpi/2015/178/t.html"),
        ("weekdate", "/viaggi/moto%20alpi/2015/W26/Sat/t.html"),
        ("/:year/:i_month/:i_day/:short_month-:long_day/:title/", "/2015/6/27/Jun-Saturday/t/"),
        ("/:month_:day/:slug:output_ext", "/06_27/t.html"),
    ],
)
def test_permalinks_expand_as_jekylls(pattern: str, url: str) -> None:
    paths = blog_paths(
        "t", ("it", "en"), dt.date(2015, 6, 27), pattern, {"categories": ["Viaggi", "moto alpi"]}
    )
    assert paths.post_url == url
    assert paths.url("en") == "/en" + url


@needs_jekyll
def test_jekyll_builds_our_patterns_where_we_say(tmp_path: Path) -> None:
    """The cross-check of the table above: posts with those patterns as their own
    permalinks, built by Jekyll, land where `expand_permalink` says they do."""
    blog = tmp_path / "blog"
    (blog / "_posts").mkdir(parents=True)
    (blog / "_config.yml").write_text("title: x\n", encoding="utf-8")
    patterns = {
        "date": "/:categories/:year/:month/:day/:title:output_ext",
        "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
        "ordinal": "/:categories/:year/:y_day/:title:output_ext",
        "mixed": "/:year/:i_month/:i_day/:short_month-:long_day/:name/:slug/",
    }
    for name, pattern in patterns.items():
        (blog / "_posts" / f"2015-06-27-{name}.html").write_text(
            f"---\ncategories: [Viaggi, moto alpi]\npermalink: {pattern}\n---\n{name}\n",
            encoding="utf-8",
        )
    site, _ = build_loud(blog)
    for name, pattern in patterns.items():
        paths = blog_paths(
            name, ("it",), dt.date(2015, 6, 27), pattern, {"categories": ["Viaggi", "moto alpi"]}
        )
        target = site / paths.post_url.replace("%20", " ").strip("/")
        target = target / "index.html" if paths.post_url.endswith("/") else target
        assert target.read_text(encoding="utf-8").strip() == name, paths.post_url


def test_an_unknown_placeholder_is_an_error_naming_the_blog(tmp_path: Path) -> None:
    root = _small_trip(tmp_path / "journal")
    blog = Path(shutil.copytree(SITE, tmp_path / "blog"))
    config = blog / "_config.yml"
    text = config.read_text(encoding="utf-8").replace(":title/", ":titel/")
    config.write_text(text, encoding="utf-8")
    code, output = _render(root, blog)
    assert code == 1
    assert f"error: {config}: permalink '/:year/:month/:day/:titel/': no :titel in Jekyll" in output
    assert expand_permalink("/:title/", {"title": "t"}) == "/t/"


def test_an_edit_after_an_unchanged_render_is_still_refused(tmp_path: Path) -> None:
    """An unchanged trip is not rendered again, but a version edited by hand since is seen:
    the render is done again, and refuses it."""
    root = _small_trip(tmp_path / "journal")
    blog = Path(shutil.copytree(SITE, tmp_path / "blog"))
    assert _render(root, blog)[0] == 0
    page = blog / "en" / "t.html"
    page.write_text(page.read_text(encoding="utf-8") + "<p>mine</p>\n", encoding="utf-8")
    code, output = _render(root, blog)
    assert code == 1
    assert f"error: {page}: changed since journal wrote it" in output
    assert "  nothing was written into the blog (" in output


def test_a_changed_blog_config_is_rendered_again(tmp_path: Path) -> None:
    """The blog's permalink decides the trip's addresses: changing it is a change to render."""
    root = _small_trip(tmp_path / "journal")
    blog = Path(shutil.copytree(SITE, tmp_path / "blog"))
    assert _render(root, blog)[0] == 0
    config = blog / "_config.yml"
    text = config.read_text(encoding="utf-8").replace("/:year/:month/:day/:title/", "date")
    config.write_text(text, encoding="utf-8")
    code, output = _render(root, blog)
    assert code == 0, output
    assert "  updated     en/t.html  (http://localhost/en/2015/06/27/t.html)" in output.splitlines()
    data, _ = read_front_matter(blog / "_posts" / "2015-06-27-t.html")
    assert data["permalink"] == "/2015/06/27/t.html"
