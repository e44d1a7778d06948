"""Hostile text in every field a user writes, through a real `jekyll build --safe` and a real
headless Chromium: nothing reaches Liquid as code or the page as markup, and no script runs.

Titles, descriptions, captions (which are also alt text and tooltips), places, waypoint
names, front matter extras and the URLs of links each hold `{{ }}`, `{% %}`, `}}`, both
quotes, `</script>` and an `<img onerror>` that would set `window.__xss` in the top page if it
ever ran.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from html import escape
from pathlib import Path

import pytest
import yaml
from browser import browser_page, chromium_missing, serve
from test_jekyll import JEKYLL, SITE, build, built_page, trip_url
from typer.testing import CliRunner

from journal.cli import app
from tests.photofactory import ExifSpec, write_jpeg
from tests.sitescan import read_page

HOSTILE = "{{ site.title }}{% comment %}}}\"q'</script><img src=x onerror=window.top.__xss=1>"
SITE_TITLE = "Diario di bordo"  # tests/jekyll-site/_config.yml: what {{ site.title }} becomes
CANARY = "LIQUID-RAN-HERE"  # tests/jekyll-site/_config.yml's journal_canary, printed by no page
#: Liquid that would leave journal's raw block and print the canary, in a URL.
ESCAPE = "{%endraw%}{{site.journal_canary}}{%raw%}"
#: The same attack in every place an entry can hold a URL.
URL_ATTACKS = f"""Link [a](https://example.com/{ESCAPE}), image ![b](https://example.com/{ESCAPE}.png),
reference [c][ref], autolink <https://example.com/{ESCAPE}>, titled
[d](https://example.com/ "{ESCAPE}"), local [e](page{ESCAPE}.html).

<a href="https://example.com/{ESCAPE}">f</a> <a href='https://example.com/{ESCAPE}'>g</a>
<a href="https://example.com/{{&#37;endraw%}}{{{{site.journal_canary}}}}{{&#37;raw%}}">h</a>
<img src="https://example.com/{ESCAPE}.png" srcset="https://example.com/{ESCAPE}.png 2x" alt="i">
<video poster="https://example.com/{ESCAPE}.jpg"></video>
<span title="{ESCAPE}" style="background: url(https://example.com/{ESCAPE})">j</span>

Text {{% endraw %}}{{{{ site.journal_canary }}}}{{% raw %}} and `{ESCAPE}`.

[ref]: https://example.com/{ESCAPE}
"""
TRIP = "ostile"
START = dt.datetime(2015, 6, 27, 8, 0, tzinfo=dt.UTC)


def _gpx() -> str:
    points = "".join(
        f'<trkpt lat="{45.10 + i * 0.01:.5f}" lon="{10.70 + i * 0.01:.5f}">'
        f"<time>{(START + dt.timedelta(minutes=i)).strftime('%Y-%m-%dT%H:%M:%SZ')}</time></trkpt>"
        for i in range(10)
    )
    return (
        '<?xml version="1.0"?>\n<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        f'<wpt lat="45.2" lon="10.6"><name>{escape(HOSTILE)}</name></wpt>'
        f"<trk><trkseg>{points}</trkseg></trk></gpx>\n"
    )


def make_trip(root: Path) -> Path:
    trip = root / "trips" / TRIP
    (trip / "entries").mkdir(parents=True)
    (trip / "tracks").mkdir()
    text = json.dumps(HOSTILE)  # a TOML basic string and a YAML double-quoted one alike
    (trip / "trip.toml").write_text(
        f'default_lang = "it"\ntimezone = "Europe/Rome"\n[title]\nit = {text}\nen = {text}\n'
        f"[description]\nit = {text}\nen = {text}\n"
        f"[front_matter]\ntags = [{text}]\nseries = {{ name = {text} }}\n",
        encoding="utf-8",
    )
    spec = ExifSpec(lat=45.12, lon=10.75, gps_time=START, taken=START.replace(tzinfo=None))
    write_jpeg(trip / "photos" / "foto.jpg", spec)
    (trip / "entries" / "2015-06-27-ostile.it.md").write_text(
        f"---\ntitle: {text}\nplace: {text}\ntime: '10:00'\nlocation: {{lat: 45.15, lon: 10.79}}\n"
        f"photos: [foto.jpg]\ncaptions:\n  foto.jpg: {text}\n---\n\n"
        "Testo con [un link](pa'ge{{x}}%}.html) e una foto:\n\n"
        "![{{ site.title }} alt](photos/foto.jpg)\n",
        encoding="utf-8",
    )
    (trip / "entries" / "2015-06-27-link.it.md").write_text(
        f"---\ntitle: Link\ntime: '11:00'\n---\n\n{URL_ATTACKS}", encoding="utf-8"
    )
    (trip / "tracks" / "giro.gpx").write_text(_gpx(), encoding="utf-8")
    return trip


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(standalone site, blog) of the hostile trip, published with the real command."""
    base = tmp_path_factory.mktemp("hostile")
    root = base / "journal"
    make_trip(root)
    blog = Path(shutil.copytree(SITE, base / "blog"))
    result = CliRunner().invoke(app, ["--root", str(root), "render", TRIP, "--jekyll", str(blog)])
    assert result.exit_code == 0, result.output
    return root / "site" / TRIP, blog


def test_the_post_and_include_hold_no_liquid_of_the_author(published: tuple[Path, Path]) -> None:
    """Outside the raw blocks, no `{{` or `{%` journal did not write itself."""
    _, blog = published
    include = (blog / "_includes" / "journal" / f"{TRIP}-map.html").read_text(encoding="utf-8")
    assert "site.title" not in include.replace("&#123;&#123; site.title &#125;&#125;", "")
    versions = [*(blog / "_posts").glob(f"*{TRIP}*"), blog / "en" / f"{TRIP}.html"]
    assert len(versions) == 2
    for post in versions:
        _, front, body = post.read_text(encoding="utf-8").split("---\n", 2)
        data = yaml.safe_load(front)  # front matter is data, which Jekyll never runs as Liquid
        assert data["title"] == data["description"] == HOSTILE
        assert data["tags"] == [HOSTILE] and data["series"] == {"name": HOSTILE}
        outside = _outside_raw(body)
        assert "site.title" not in outside, post
        assert "{{x}}" not in outside and "{% comment" not in outside
        ours = re.sub(r"\{\{ '[^'{}]*' \| relative_url \}\}", "", outside)
        ours = re.sub(r'\{% include journal/[a-z0-9-]+-map\.html lang="[a-z]+" %\}', "", ours)
        assert "{{" not in ours and "{%" not in ours, ours  # only journal's own Liquid


RAW = re.compile(r"\{%-?\s*raw\s*-?%\}")
ENDRAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")


def _outside_raw(body: str) -> str:
    """What Liquid runs: the text outside raw blocks, each ending where Liquid ends it."""
    outside, at = [], 0
    while (opened := RAW.search(body, at)) is not None:
        outside.append(body[at : opened.start()])
        closed = ENDRAW.search(body, opened.end())
        assert closed is not None, body[opened.start() :]
        at = closed.end()
    return "".join([*outside, body[at:]])


@pytest.mark.skipif(JEKYLL is None, reason="jekyll is not installed (.ci/run installs it)")
def test_a_safe_build_shows_every_field_as_written(published: tuple[Path, Path]) -> None:
    _, blog = published
    built = build(blog, "_site_hostile")
    for lang in ("it", "en"):
        page = read_page(built_page(built, lang, TRIP))
        text = "".join(page.text)
        assert text.count(HOSTILE) >= 3, text  # title, entry title, place and caption
        assert SITE_TITLE + SITE_TITLE not in text  # {{ site.title }} was never evaluated
        titles = [v for tag, name, v in page.attrs if tag == "iframe" and name == "title"]
        assert len(titles) == 1 and HOSTILE in titles[0], titles
        alts = [v for tag, name, v in page.attrs if tag == "img" and name == "alt"]
        assert "{{ site.title }} alt" in alts and HOSTILE in alts, alts
        links = [v for tag, name, v in page.attrs if tag == "a" and name == "href"]
        # Jekyll's relative_url may normalise %27 back to ' (harmless in a quoted attribute)
        assert any(v.endswith(("pa%27ge%7B%7Bx%7D%7D%25%7D.html", "pa'ge%7B%7Bx%7D%7D%25%7D.html"))
                   for v in links), links  # fmt: skip
        # the page's own scripts (the lightbox) run; nothing the author wrote became code
        assert all("__xss" not in code for code in page.scripts)
        assert not [(tag, v) for tag, name, v in page.attrs if name.startswith("on")]
    for path in built.rglob("*.html"):
        assert CANARY not in path.read_text(encoding="utf-8"), path  # no URL let Liquid out
    assert CANARY in (blog / "_config.yml").read_text(encoding="utf-8")
    listing = [read_page(p) for p in (built / "index.html", *built.glob("page*/index.html"))]
    excerpts = [p for p in listing if any(v == trip_url("it", TRIP) for _, _, v in p.attrs)]
    assert len(excerpts) == 1  # the index page listing the trip shows its excerpt...
    text = "".join(excerpts[0].text)
    assert text.count(HOSTILE) >= 2, text  # ...title and description as written, as text
    assert SITE_TITLE + SITE_TITLE not in text
    assert not [(tag, v) for tag, name, v in excerpts[0].attrs if name.startswith("on")]
    assert "x" not in [v for tag, name, v in excerpts[0].attrs if tag == "img" and name == "src"]


OPEN_ALL = """() => {
  const m = window.journalMap;
  const shown = [];
  for (const layer of [...m.markers, ...m.routes]) {
    if (!m.map.hasLayer(layer)) continue;
    if (layer.getTooltip()) {
      layer.openTooltip(layer.getLatLng ? layer.getLatLng() : layer.getCenter());
      shown.push(layer.getTooltip().getElement().textContent);
    }
    if (layer.getPopup()) layer.openPopup();
  }
  return shown;
}"""


def _open_everything(frame) -> list[str]:  # type: ignore[no-untyped-def]
    frame.wait_for_function("() => window.journalMap && window.journalMap.map", timeout=20_000)
    return frame.evaluate(OPEN_ALL)


@pytest.mark.skipif(chromium_missing() is not None, reason=str(chromium_missing()))
@pytest.mark.skipif(JEKYLL is None, reason="jekyll is not installed (.ci/run installs it)")
def test_no_script_of_the_author_runs_in_a_browser(published: tuple[Path, Path]) -> None:
    site, blog = published
    built = build(blog, "_site_browser")
    for folder, pages in ((site, ["map.html", "index.html"]), (built, [trip_url("en", TRIP)[1:]])):
        with serve(folder) as base, browser_page() as (page, _errors, _blocked):
            for url in pages:
                page.goto(f"{base}/{url}", wait_until="load")
                frame = page.main_frame
                if not url.endswith("map.html"):
                    page.locator("iframe").first.scroll_into_view_if_needed()
                    page.wait_for_function(
                        "() => document.querySelector('iframe').contentWindow.journalMap",
                        timeout=20_000,
                    )
                    frame = next(f for f in page.frames if f.url.endswith("map.html"))
                shown = _open_everything(frame)
                assert sum(HOSTILE in text for text in shown) >= 3, shown  # as text
                page.wait_for_timeout(1500)  # a broken <img> fires onerror at once
                assert page.evaluate("() => window.__xss") is None, url
                assert frame.evaluate("() => document.querySelectorAll('img[src=x]').length") == 0
