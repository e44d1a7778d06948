"""Entry Markdown: dialect, quotes per language, photo links, errors with file and line."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from journal.core.errors import Report
from journal.core.models import EntryText
from journal.render.markdown import render_markdown
from journal.render.textcache import TextCache

ENTRY = Path("/trips/t/entries/2015-06-27-mantova.it.md")
PUBLISHED = {"lago.jpg": "media/lago.jpg", "day 2/ponte.jpg": "media/day-2-ponte.jpg"}


def text(body: str, lang: str = "it", body_line: int = 6) -> EntryText:
    return EntryText(lang=lang, path=ENTRY, title="Mantova", body=body, body_line=body_line)


def render(body: str, quotes: tuple[str, str] = ("«", "»"), **kw: object) -> tuple[str, Report]:
    report = Report()
    html = render_markdown(
        text(body),
        photo_url=PUBLISHED.get,
        quotes=quotes,
        report=report,
        **kw,  # type: ignore[arg-type]
    )
    return html, report


class Attrs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str, name: str) -> list[dict[str, str | None]]:
    parser = Attrs()
    parser.feed(html)
    return [attrs for tag, attrs in parser.tags if tag == name]


def test_quotes_follow_the_language_style() -> None:
    italian, _ = render('Disse "andiamo" e l\'oste rise.')
    english, _ = render('He said "let us go".', quotes=("\u201c", "\u201d"))
    assert "«andiamo»" in italian
    assert "l&rsquo;oste" in italian
    assert "\u201clet us go\u201d" in english


def test_tables_and_footnotes() -> None:
    html, report = render("| km | litri |\n|---|---|\n| 312 | 14 |\n\nPieno[^1].\n\n[^1]: Caro.")
    assert "<table>" in html and "<td>312</td>" in html
    assert 'class="footnote"' in html
    assert report.problems == []


def test_footnote_ids_carry_the_entry_prefix() -> None:
    html, _ = render("Pieno[^1].\n\n[^1]: Caro.", id_prefix="2015-06-27-mantova")
    ids = {a["id"] for tag in ("sup", "li") for a in tags(html, tag) if a.get("id")}
    assert ids == {"2015-06-27-mantova-fnref:1", "2015-06-27-mantova-fn:1"}
    hrefs = {a["href"] for a in tags(html, "a")}
    assert "#2015-06-27-mantova-fn:1" in hrefs and "#2015-06-27-mantova-fnref:1" in hrefs


def test_photo_images_point_at_published_copies() -> None:
    html, report = render(
        "Il lago:\n\n![Il lago](photos/lago.jpg)\n\n[il ponte](photos/day%202/ponte.jpg)"
    )
    assert report.problems == []
    assert tags(html, "img") == [{"alt": "Il lago", "src": "media/lago.jpg"}]
    assert tags(html, "a")[0]["href"] == "media/day-2-ponte.jpg"


def test_missing_photo_is_an_error_with_file_and_line() -> None:
    _, report = render("Prima riga.\n\nSeconda.\n\n![Nebbia](photos/nebbia.jpg)")
    assert [str(p) for p in report.errors] == [
        f"error: {ENTRY}:10: photo 'nebbia.jpg' does not exist or is not published"
    ]


def test_paths_out_of_the_trip_are_refused() -> None:
    _, report = render("![a](../../etc/passwd)\n![b](photos/../../../x.jpg)\n![c](/etc/hosts)")
    lines = [(p.line, "outside the trip" in p.message) for p in report.errors]
    assert lines == [(6, True), (7, True), (8, True)]


def test_image_outside_photos_folder_is_an_error() -> None:
    _, report = render("text\n![a](notes/map.png)")
    assert [(p.line, p.message) for p in report.errors] == [
        (7, "image 'notes/map.png' is not in the trip's photos/ folder")
    ]


def test_web_images_and_other_links_are_left_alone() -> None:
    html, report = render("![osm](https://example.org/a.png) [casa](../index.html) [x](#top)")
    assert report.problems == []
    assert tags(html, "img")[0]["src"] == "https://example.org/a.png"
    assert [a["href"] for a in tags(html, "a")] == ["../index.html", "#top"]


def test_raw_html_of_the_author_is_kept() -> None:
    html, _ = render('<div class="nota">Un <em>mio</em> riquadro</div>\n\nPoi testo.')
    assert '<div class="nota">Un <em>mio</em> riquadro</div>' in html


def test_an_image_that_cannot_be_published_becomes_its_caption() -> None:
    """No broken or outside link reaches the page, and no word after the image is lost."""
    from pathlib import Path

    from journal.core.errors import Report
    from journal.core.models import EntryText
    from journal.render.markdown import render_markdown

    body = "Prima ![la vista](../../etc/passwd) dopo, e ![manca](photos/nope.jpg) fine.\n"
    text = EntryText("it", Path("e.it.md"), "t", body, 5)
    report = Report()
    html = render_markdown(text, photo_url=lambda name: None, quotes=("«", "»"), report=report)
    assert "passwd" not in html and "nope.jpg" not in html and "<img" not in html
    assert '<span class="missing-photo">la vista</span> dopo, e' in html
    assert '<span class="missing-photo">manca</span> fine.' in html
    assert [p.line for p in report.errors] == [5, 5]


def test_headings_nest_under_the_entry_title() -> None:
    """The author's highest heading takes the level asked for; the others keep their step."""
    html, _ = render("# Uno\n\n## Due\n\n#### Quattro\n\n###### Sei", top_heading=4)
    assert [tag for tag in ("h1", "h2", "h3", "h4", "h5", "h6") if tags(html, tag)] == [
        "h4",
        "h5",
        "h6",
    ]
    assert "<h4>Uno</h4>" in html and "<h5>Due</h5>" in html
    assert "<h6>Quattro</h6>" in html and "<h6>Sei</h6>" in html  # HTML stops at h6
    deep, _ = render("### Tre\n\n#### Quattro", top_heading=4)
    assert "<h4>Tre</h4>" in deep and "<h5>Quattro</h5>" in deep
    as_written, _ = render("## Due")
    assert "<h2>Due</h2>" in as_written


def test_a_photo_alone_in_its_paragraph_becomes_the_given_figure() -> None:
    seen: list[tuple[str, str]] = []

    def figure(name: str, caption: str) -> str:
        seen.append((name, caption))
        return f'<figure class="test">{name}</figure>'

    body = (
        "Prima ![nel testo](photos/lago.jpg) dopo.\n\n![Il lago](photos/lago.jpg)\n\n"
        "![uno](photos/lago.jpg)\n![](photos/day%202/ponte.jpg)\n\nFine."
    )
    html, report = render(body, photo_figure=figure)
    assert report.problems == []
    assert seen == [("lago.jpg", "Il lago"), ("lago.jpg", "uno"), ("day 2/ponte.jpg", "")]
    # Inside a sentence the image stays an image; no figure ends up inside a paragraph.
    assert '<p>Prima <img alt="nel testo" src="media/lago.jpg"> dopo.</p>' in html
    assert "<p><figure" not in html and html.count('<figure class="test">') == 3
    assert html.endswith("<p>Fine.</p>")


def test_footnote_back_link_title_is_the_one_given() -> None:
    html, _ = render("Pieno[^1].\n\n[^1]: Caro.", footnote_title="Torna alla nota {} nel testo")
    assert [a.get("title") for a in tags(html, "a") if a.get("class") == "footnote-backref"] == [
        "Torna alla nota 1 nel testo"
    ]
    assert "Jump back" not in html


def test_a_remembered_text_is_the_same_html_and_problems_without_rendering(
    tmp_path: Path,
) -> None:
    """Kept by the text and how it is rendered, used while the photos answer the same."""
    cache_file = tmp_path / "texts.cache"
    body = 'Il "lago":\n\n![Il lago](photos/lago.jpg)\n\n![Sparita](photos/sparita.jpg)\n'
    figures: list[str] = []

    def figure(name: str, caption: str) -> str:
        figures.append(name)
        return f"<figure>{PUBLISHED[name]} {caption}</figure>"

    def through(cache: TextCache, urls: dict[str, str]) -> tuple[str, list[str]]:
        report = Report()
        html = cache.render(
            text(body), photo_url=urls.get, photo_figure=figure, quotes=("«", "»"), report=report
        )
        return html, [str(p) for p in report.problems]

    expected = render(body, photo_figure=figure)
    first = TextCache(cache_file)
    assert through(first, PUBLISHED) == (expected[0], [str(p) for p in expected[1].problems])
    assert first.rendered == 1
    first.save()
    again = TextCache(cache_file)
    figures.clear()
    assert through(again, PUBLISHED) == (expected[0], [str(p) for p in expected[1].problems])
    assert again.rendered == 0 and figures == ["lago.jpg"]  # asked again, as a page would
    elsewhere = {name: f"../{url}" for name, url in PUBLISHED.items()}  # another page folder
    through(again, elsewhere)
    assert again.rendered == 1  # the photos' URLs differ there: rendered for it too
    again.save()
    both = TextCache(cache_file)
    through(both, PUBLISHED)
    through(both, elsewhere)
    assert both.rendered == 0  # one key, two renderings kept
    unpublished = TextCache(cache_file)  # the lake is private now: the answers differ
    html, problems = through(unpublished, {})
    assert unpublished.rendered == 1 and "media/lago.jpg" not in html
    assert sum("lago.jpg" in p for p in problems) == 1
