"""Publishing into a Jekyll blog, proved by a real `jekyll build --safe` (GitHub Pages' mode).

The example trip is published with the real command into a copy of tests/jekyll-site; the
built _site is then checked at its permalinks, with and without a baseurl, down to every
local link. Re-runs, hand edits and --overwrite are checked on the blog folder itself.
What a reader of the blog sees (the trip listed once, a light excerpt, one title, the
languages linked) is tests/test_blog.py's.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from typer.testing import CliRunner

from journal.cli import app
from journal.pipeline import embed_trip
from journal.publish.blogpaths import BlogPaths
from journal.publish.liquid import liquid_body

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "tests" / "jekyll-site"
EXAMPLE = REPO / "trips" / "london-mantova-2015"
TRIP = EXAMPLE.name
#: The gems the test blog loads: Debian packages them as ruby-jekyll-feed and so on.
PLUGINS = ("jekyll-feed", "jekyll-paginate", "jekyll-seo-tag", "jekyll-sitemap")


def _jekyll() -> str | None:
    """Jekyll, when it can load the test blog's plugins (it `require`s each, as here)."""
    jekyll, ruby = shutil.which("jekyll"), shutil.which("ruby")
    if jekyll is None or ruby is None:
        return None
    script = "ARGV.each { |name| require name }"
    loads = subprocess.run([ruby, "-e", script, *PLUGINS], capture_output=True, timeout=60)
    return jekyll if loads.returncode == 0 else None


JEKYLL = _jekyll()
BRACES = "Prezzi: {{ benzina }} e {% endraw %} restano testo."
#: What a browser shows as BRACES: the `%` of a would-be endraw tag is a character reference.
BRACES_HTML = "Prezzi: {{ benzina }} e {&#37; endraw %} restano testo."

needs_jekyll = pytest.mark.skipif(
    JEKYLL is None, reason="jekyll or its plugins are not installed (.ci/run installs them)"
)
#: The test blog's permalink is /:year/:month/:day/:title/; the example trip starts that day.
DAY = "2015/06/27"


def trip_url(lang: str, trip: str = TRIP, day: str = DAY) -> str:
    """Where the test blog shows a trip's version: the post (it), a page per other language."""
    return f"/{day}/{trip}/" if lang == "it" else f"/{lang}/{day}/{trip}/"


def built_page(site: Path, lang: str, trip: str = TRIP) -> Path:
    return site / trip_url(lang, trip).strip("/") / "index.html"


def publish(root: Path, blog: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["--root", str(root), "render", TRIP, "--jekyll", str(blog), "-j", "2", *extra]
    )
    return result.exit_code, result.output


def publish_example(base: Path) -> tuple[Path, Path]:
    """A journal root under `base` with the example trip, rendered into a copy of the test
    blog; returns (standalone site, blog)."""
    root = base / "journal"
    shutil.copytree(EXAMPLE, root / "trips" / TRIP)
    blog = base / "blog"
    shutil.copytree(SITE, blog)
    code, output = publish(root, blog)
    assert code == 0, output
    return root / "site" / TRIP, blog


def build(blog: Path, dest: str, *extra: str) -> Path:
    assert JEKYLL is not None
    subprocess.run(
        [JEKYLL, "build", "--safe", "--quiet", "-s", str(blog), "-d", str(blog / dest), *extra],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return blog / dest


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A journal root with the example trip (plus Liquid-looking text) published into a blog."""
    base = tmp_path_factory.mktemp("jekyll")
    root = base / "journal"
    shutil.copytree(EXAMPLE, root / "trips" / TRIP)
    entry = root / "trips" / TRIP / "entries" / "2015-06-27-si-parte.it.md"
    entry.write_text(entry.read_text(encoding="utf-8") + f"\n{BRACES}\n", encoding="utf-8")
    blog = base / "blog"
    shutil.copytree(SITE, blog)
    code, output = publish(root, blog)
    assert code == 0, output
    return blog


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and name in ("src", "href"):
                self.urls.append((tag, value))
            if value and name == "srcset":
                self.urls.extend((tag, part.split()[0]) for part in value.split(","))


def local_targets(site: Path, page: Path, baseurl: str) -> Iterator[tuple[str, Path]]:
    """Each local URL of a built page and the file it must resolve to."""
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    folder = "/" + page.parent.relative_to(site).as_posix()
    for _, url in links.urls:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = unquote(parts.path)
        if path.startswith("/"):
            assert path.startswith(baseurl + "/"), f"{page}: {url} misses the baseurl"
            path = path[len(baseurl) :]
        else:
            path = posixpath.normpath(posixpath.join(folder, path))
        target = site / path.lstrip("/")
        yield url, target / "index.html" if path.endswith("/") or target.is_dir() else target


def check_site(site: Path, baseurl: str) -> None:
    for lang_dir, lang in (("", "it"), ("en/", "en")):
        post = built_page(site, lang)
        assert post.is_file(), f"no post at {trip_url(lang)}"
        text = post.read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in text
        assert "relative_url" not in text and "{% include" not in text and "{% raw" not in text
        prefix = f"{baseurl}/assets/journal/{TRIP}/"
        iframe = f'<iframe src="{prefix}{lang_dir}map.html" title="'
        assert text.count(iframe) == 1, "the map iframe is missing or broken"
        assert f'<noscript><img src="{prefix}route.png"' in text
        assert text.count(f'<img src="{prefix}media/') >= 5
        assert f'content="http://localhost{prefix}route.png"' in text  # og:image
    pages = [p for p in site.rglob("*.html")]
    assert len(pages) >= 5
    checked = 0
    for page in pages:
        for url, target in local_targets(site, page, baseurl):
            assert target.is_file(), f"{page.relative_to(site)}: {url} -> missing {target}"
            checked += 1
    assert checked > 50


@needs_jekyll
def test_safe_build_has_both_versions_and_every_link_resolves(blog: Path) -> None:
    site = build(blog, "_site")
    check_site(site, "")
    it = built_page(site, "it").read_text(encoding="utf-8")
    assert BRACES_HTML in it, "the author's braces were read as Liquid"
    assert "A post the blog had before journal" in (
        site / "2014" / "05" / "01" / "the-old-bike" / "index.html"
    ).read_text(encoding="utf-8")


@needs_jekyll
def test_build_under_a_baseurl(tmp_path: Path, blog: Path) -> None:
    """A blog served under a path: its baseurl is read from _config.yml when publishing
    (the excerpt, which Jekyll prints as written, carries it) and at build time."""
    root = tmp_path / "journal"
    shutil.copytree(blog.parent / "journal" / "trips", root / "trips")
    copy = Path(shutil.copytree(blog, tmp_path / "blog", ignore=shutil.ignore_patterns("_site*")))
    config = copy / "_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('baseurl: ""', 'baseurl: "/diario"'),
        encoding="utf-8",
    )
    code, output = publish(root, copy)
    assert code == 0, output
    assert "http://localhost/diario/en/2015/06/27/" in output  # the report's addresses
    site = build(copy, "_site_base")
    check_site(site, "/diario")


def read_front_matter(path: Path) -> tuple[dict, str]:
    import yaml

    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def test_one_post_and_a_page_per_other_language(blog: Path) -> None:
    posts = sorted(p.name for p in (blog / "_posts").glob(f"*{TRIP}*"))
    assert posts == [f"2015-06-27-{TRIP}.html"]
    seen = {}
    for path in (blog / "_posts" / posts[0], blog / "en" / f"{TRIP}.html"):
        data, body = read_front_matter(path)
        seen[data["lang"]] = data
        assert data["layout"] == "post" and data["page_id"] == TRIP
        assert data["journal_trip"] == TRIP
        assert data["image"] == f"/assets/journal/{TRIP}/route.png"
        assert data["title"] and data["description"]
        assert str(data["date"]) == "2015-06-27"
        assert data["alternates"] == [
            {"lang": "it", "url": trip_url("it")},
            {"lang": "en", "url": trip_url("en")},
        ]
        assert body.count("{% raw %}") == body.count("{% endraw %}")
    assert seen["it"]["permalink"] == trip_url("it")
    assert seen["en"]["permalink"] == trip_url("en")


def test_map_popups_link_to_the_posts(blog: Path) -> None:
    """A popup in the copied map opens the post (relative link: any baseurl works)."""
    for rel, post in (
        ("map.html", f"../../..{trip_url('it')}#"),
        ("en/map.html", f"../../../..{trip_url('en')}#"),
    ):
        text = (blog / "assets" / "journal" / TRIP / rel).read_text(encoding="utf-8")
        assert f'href=\\"{post}' in text
        assert 'href=\\"index.html#' not in text


def test_rerun_changes_nothing_and_keeps_user_files(blog: Path) -> None:
    root = blog.parent / "journal"
    before = {
        p: p.stat().st_mtime_ns for p in blog.rglob("*") if p.is_file() and "_site" not in p.parts
    }
    code, output = publish(root, blog)
    assert code == 0, output
    after = {
        p: p.stat().st_mtime_ns for p in blog.rglob("*") if p.is_file() and "_site" not in p.parts
    }
    assert set(after) == set(before)
    changed = [p for p in after if after[p] != before[p] and ".journal" not in p.parts]
    assert changed == []
    assert (blog / "_posts" / "2014-05-01-the-old-bike.md").read_bytes() == (
        SITE / "_posts" / "2014-05-01-the-old-bike.md"
    ).read_bytes()


def test_a_photo_made_private_after_publishing_leaves_the_blog(tmp_path: Path) -> None:
    """The rider publishes, then sees his street in a photo and marks it private: the next
    render must take its copies out of the blog's assets and every page and map there."""
    _, blog = publish_example(tmp_path)
    assets = blog / "assets" / "journal" / TRIP
    photo = "mantova-lago"

    def mentions() -> list[Path]:
        written = [*assets.rglob("*.html"), *assets.rglob("*.json"), *assets.rglob("*.geojson")]
        written += [*(blog / "_posts").glob("*"), *(blog / "en").glob("*.html")]
        written += (blog / "_includes").rglob("*.html")
        return [p for p in written if photo in p.read_text(encoding="utf-8")]

    assert any(photo in p.name for p in assets.rglob("*.jpg")) and mentions()
    toml = tmp_path / "journal" / "trips" / TRIP / "trip.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('timezone = "Europe/Rome"\n',
                                 f'timezone = "Europe/Rome"\nprivate = ["{photo}.jpg"]\n'),
                    encoding="utf-8")  # fmt: skip
    code, output = publish(tmp_path / "journal", blog)
    assert code == 0, output
    assert not [p for p in assets.rglob("*") if photo in p.name]
    assert mentions() == []


def test_edited_post_is_refused_then_forced_with_a_backup(tmp_path: Path, blog: Path) -> None:
    root = tmp_path / "journal"
    shutil.copytree(blog.parent / "journal" / "trips", root / "trips")
    copy = tmp_path / "blog"
    shutil.copytree(blog, copy, ignore=shutil.ignore_patterns("_site*"))
    post = copy / "en" / f"{TRIP}.html"
    edited = post.read_text(encoding="utf-8").replace("Route", "My own words")
    post.write_text(edited, encoding="utf-8")

    code, output = publish(root, copy)
    assert code == 1
    assert f"error: {post}: changed since journal wrote it" in output
    assert (
        f"  refused     en/{TRIP}.html  (http://localhost{trip_url('en')}; edited by hand" in output
    )
    assert post.read_text(encoding="utf-8") == edited

    code, output = publish(root, copy, "--overwrite")
    assert code == 0, output
    assert post.read_text(encoding="utf-8") != edited
    backups = list((copy / ".journal" / "backup").rglob(post.name))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == edited


def test_a_users_file_in_the_way_is_not_overwritten(tmp_path: Path, blog: Path) -> None:
    root = tmp_path / "journal"
    shutil.copytree(blog.parent / "journal" / "trips", root / "trips")
    copy = tmp_path / "blog"
    shutil.copytree(SITE, copy)
    mine = copy / "_posts" / f"2015-06-27-{TRIP}.html"
    mine.write_text("---\ntitle: mine\n---\nmine\n", encoding="utf-8")
    code, output = publish(root, copy)
    assert code == 1 and str(mine) in output
    assert mine.read_text(encoding="utf-8") == "---\ntitle: mine\n---\nmine\n"
    assert not (copy / "assets" / "journal").exists(), "nothing is written when one file is refused"


def test_liquid_body_keeps_author_text_raw_and_routes_urls() -> None:
    paths = BlogPaths("trip", ("it", "en"), dt.date(2015, 6, 27), "/trip/")
    html = (
        '<p>{{ x }} {%endraw%}</p><img src="../media/a.jpg" srcset="../media/a-400.jpg 400w, '
        '../media/a.jpg 2000w"><a href="index.html#day-1">d</a><a href="https://x.org/?a=1&amp;b">x</a>'
        '<a href="../index.html">it</a>'
    )
    body = liquid_body(html, "en", paths.asset_url)
    assert body.startswith("{% raw %}<p>{{ x }} {&#37;endraw%}</p>")
    assert "{% endraw %}{{ '/assets/journal/trip/media/a.jpg' | relative_url }}{% raw %}" in body
    assert "{{ '/assets/journal/trip/media/a-400.jpg' | relative_url }}{% raw %} 400w, " in body
    assert "{{ '/en/trip/' | relative_url }}#day-1" in body
    assert "{{ '/trip/' | relative_url }}{% raw %}" in body
    assert 'href="https://x.org/?a=1&amp;b"' in body
    assert body.endswith("{% endraw %}")


def test_embed_trip(blog: Path) -> None:
    root = blog.parent / "journal"
    lines = embed_trip(root, TRIP, "en")
    assert lines[0] == f'{{% include journal/{TRIP}-map.html lang="en" %}}'
    assert lines[1].startswith(f'<iframe src="/assets/journal/{TRIP}/en/map.html" title="')
    assert "\n" not in "".join(lines)
    assert embed_trip(root, TRIP)[0] == f"{{% include journal/{TRIP}-map.html %}}"


def test_blog_named_in_journal_toml_is_published_without_the_flag(tmp_path: Path) -> None:
    root = tmp_path / "journal"
    shutil.copytree(EXAMPLE, root / "trips" / TRIP)
    blog = tmp_path / "blog"
    shutil.copytree(SITE, blog)
    (root / "journal.toml").write_text('blog = "../blog"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["--root", str(root), "render", TRIP])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (blog / "_posts").glob(f"*{TRIP}*")] == [f"2015-06-27-{TRIP}.html"]
    assert (blog / "en" / f"{TRIP}.html").is_file()
    lines = result.output.splitlines()
    assert f"blog: {blog.resolve()}" in lines  # the report says what was written, and where
    assert (
        f"  created     _posts/2015-06-27-{TRIP}.html  (http://localhost{trip_url('it')})" in lines
    )


def _small_journal(base: Path, entry: str = "---\ntitle: Partenza\n---\n\nVia.\n") -> Path:
    """A journal root with a one-entry trip, `t`; returns the root."""
    trip = base / "journal" / "trips" / "t"
    (trip / "entries").mkdir(parents=True)
    (trip / "trip.toml").write_text('[title]\nit = "Prova"\n', encoding="utf-8")
    (trip / "entries" / "2015-06-27-via.it.md").write_text(entry, encoding="utf-8")
    return base / "journal"


def _render(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--root", str(root), "render", "t", *args])
    return result.exit_code, result.output


def test_only_files_journal_wrote_reach_the_blog(tmp_path: Path) -> None:
    """Whatever else lies in the output folder (a photo with GPS, a GPX) stays out of the blog."""
    root = _small_journal(tmp_path)
    blog = Path(shutil.copytree(SITE, tmp_path / "blog"))
    out = root / "site" / "t"
    (out / "photos").mkdir(parents=True)
    (out / "photos" / "original.jpg").write_bytes(b"\xff\xd8GPS of home")
    (out / "ride.gpx").write_text("<gpx/>", encoding="utf-8")
    code, output = _render(root, "--jekyll", str(blog))
    assert code == 0, output
    copied = {p.name for p in (blog / "assets" / "journal" / "t").rglob("*")}
    assert "map.html" in copied
    assert not {"original.jpg", "ride.gpx", "photos"} & copied


@pytest.mark.parametrize(
    ("out", "what"),
    [
        ("journal", "the journal root or a folder above it"),
        (".", "the journal root or a folder above it"),
        ("journal/trips", "the journal's trips"),
        ("journal/trips/t/site", "the journal's trips"),
        ("blog/site", "the blog"),
    ],
)
def test_an_output_folder_that_could_reach_your_files_is_refused(
    tmp_path: Path, out: str, what: str
) -> None:
    root = _small_journal(tmp_path)
    blog = Path(shutil.copytree(SITE, tmp_path / "blog"))
    before = sorted(p for p in tmp_path.rglob("*"))
    code, output = _render(root, "--out", str(tmp_path / out), "--jekyll", str(blog))
    assert code == 1
    target = (tmp_path / out).resolve()
    assert output.splitlines() == [
        f"error: {target}: --out is inside {what}; choose a folder of its own"
    ]
    assert sorted(p for p in tmp_path.rglob("*") if ".journal" not in p.parts) == [
        p for p in before if ".journal" not in p.parts
    ]


def test_the_blog_is_left_as_it_was_when_the_render_has_errors(tmp_path: Path) -> None:
    root = _small_journal(tmp_path)
    blog = Path(shutil.copytree(SITE, tmp_path / "blog"))
    assert _render(root, "--jekyll", str(blog))[0] == 0
    post = blog / "_posts" / "2015-06-27-t.html"
    good = post.read_bytes()
    entry = root / "trips" / "t" / "entries" / "2015-06-28-rotta.it.md"
    entry.write_text("---\ntitle: Rotta\n---\n\n![manca](photos/manca.jpg)\n", encoding="utf-8")
    code, output = _render(root, "--jekyll", str(blog))
    assert code == 1
    assert f"warning: {blog}: not updated: the render had errors" in output
    assert post.read_bytes() == good
    assert "Rotta" in (root / "site" / "t" / "index.html").read_text(encoding="utf-8")


def test_rebuild_redoes_every_step_and_overwrite_is_its_own_flag(tmp_path: Path) -> None:
    root = _small_journal(tmp_path)
    photo = root / "trips" / "t" / "photos" / "a.jpg"
    from tests.photofactory import ExifSpec, write_jpeg

    write_jpeg(photo, ExifSpec(lat=45.15, lon=10.79))
    assert _render(root)[0] == 0
    copy = root / "site" / "t" / "media" / "a.jpg"
    made = copy.read_bytes()
    copy.write_bytes(b"damaged")
    assert _render(root, "--overwrite")[0] == 0
    assert copy.read_bytes() == b"damaged"  # an unchanged trip: nothing redone
    assert _render(root, "--rebuild")[0] == 0
    assert copy.read_bytes() == made


def test_no_output_file_names_a_folder_of_the_machine(tmp_path: Path) -> None:
    """Site and blog are published: neither may spell out where the journal lives (a user
    name, a home folder), not even in the replayed report of .journal/inputs.json."""
    root = _small_journal(tmp_path)
    trip = root / "trips" / "t"
    (trip / "photos").mkdir()
    (trip / "photos" / "vuota.jpg").write_bytes(b"")  # a warning, with its path, to remember
    blog = Path(shutil.copytree(SITE, tmp_path / "blog"))
    first = _render(root, "--jekyll", str(blog))
    assert first[0] == 0 and f"warning: {trip / 'photos' / 'vuota.jpg'}: " in first[1]
    machine = str(tmp_path).encode()
    for folder in (root / "site", blog):
        for path in folder.rglob("*"):
            if path.is_file():
                assert machine not in path.read_bytes(), path
    again = _render(root, "--jekyll", str(blog))  # replayed: the same problems
    assert again[0] == first[0]
    assert [x for x in again[1].splitlines() if x.startswith("warning:")] == [
        x for x in first[1].splitlines() if x.startswith("warning:")
    ]
    assert "  left as is  _posts/2015-06-27-t.html  (http://localhost/2015/06/27/t/)" in again[1]


def test_the_travelogue_is_cut_around_its_map_and_without_its_title() -> None:
    from journal.publish.article import extract_travelogue

    page = (
        '<body><h1>Blog</h1><article class="travelogue"><header><h1>Alpi</h1>\n<p>27 giu</p>'
        '</header><iframe src="map.html" title="Mappa"></iframe><article class="entry"><h1>'
        "Testo</h1></article></article><footer>x</footer></body>"
    )
    kept = extract_travelogue(page)
    assert (
        kept.before == '<article class="travelogue"><header><h1>Alpi</h1>\n<p>27 giu</p></header>'
    )
    assert kept.iframe == '<iframe src="map.html" title="Mappa"></iframe>'
    assert kept.after == '<article class="entry"><h1>Testo</h1></article></article>'
    cut = extract_travelogue(page, keep_title=False)
    assert cut.before == '<article class="travelogue"><header>\n<p>27 giu</p></header>'
    assert (cut.iframe, cut.after) == (kept.iframe, kept.after)  # the entry's h1 stays
