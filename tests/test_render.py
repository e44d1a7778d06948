"""The travelogue pages, rendered from a trip model built by hand with the real theme."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from journal.core.errors import TripErrors
from journal.core.models import (
    Entry,
    EntryText,
    GeoPoint,
    Moment,
    Photo,
    PhotoMeta,
    TimeSource,
    Trip,
    TripConfig,
)
from journal.core.public import PRIVACY_SEAL, PublicTrip
from journal.core.route import (
    DayStats,
    MapMarker,
    Place,
    PointKind,
    Route,
    RoutePoint,
    Segment,
    TripStats,
)
from journal.render.colors import day_color
from journal.render.mapspec import MapText
from journal.render.pages import Page, render_site
from journal.render.themes import load_theme

ROME = ZoneInfo("Europe/Rome")
TRIP = Path("/trips/london-mantova-2015")


@dataclass(frozen=True)
class FixedMap:
    """Stands in for mapview's MapParts: the three strings a map page wraps."""

    head: str
    body: str
    script: str


SEEN: list[tuple[tuple[MapMarker, ...], str, MapText]] = []


def fixed_map(markers: Sequence[MapMarker], assets_url: str, text: MapText) -> FixedMap:
    SEEN.append((tuple(markers), assets_url, text))
    return FixedMap(
        head=f'<script src="{assets_url}/vendor/leaflet/leaflet.js"></script>',
        body='<div class="folium-map" id="map_journal"></div>',
        script="var map_journal = L.map('map_journal');",
    )


def moment(day: int, hour: int) -> Moment:
    local = dt.datetime(2015, 6, day, hour, 0, tzinfo=ROME)
    return Moment(local.astimezone(dt.UTC), local, TimeSource.GPS)


def text(lang: str, stem: str, title: str, body: str, **kw: object) -> EntryText:
    path = TRIP / "entries" / f"{stem}.{lang}.md"
    return EntryText(lang=lang, path=path, title=title, body=body, body_line=5, **kw)  # type: ignore[arg-type]


def entry(day: int, slug: str, *texts: EntryText, hour: int = 21, **kw: object) -> Entry:
    return Entry(
        date=dt.date(2015, 6, day),
        slug=slug,
        texts={t.lang: t for t in texts},
        original_lang=texts[0].lang,
        moment=moment(day, hour),
        **kw,  # type: ignore[arg-type]
    )


def photo(name: str, day: int, hour: int, position: GeoPoint | None = None) -> Photo:
    meta = PhotoMeta(width=4000, height=3000, orientation=6)
    return Photo(TRIP / "photos" / name, name, meta, position, moment(day, hour))


PHOTOS = (
    photo("IMG_1.jpg", 27, 10, GeoPoint(50.9, 1.8)),
    photo("IMG_2.jpg", 27, 12),
    photo("IMG_3.jpg", 28, 9, GeoPoint(46.0, 7.0)),
    photo("private/IMG_4.jpg", 28, 10, GeoPoint(51.5, -0.1)),
    photo("IMG_5.jpg", 29, 11),
)
S1 = "2015-06-27-calais"
S2 = "2015-06-28-alpi"
S3 = "2015-06-29-mantova"
ENTRIES = (
    entry(
        27,
        "calais",
        text(
            "it",
            S1,
            "Verso Calais",
            'Partiti "presto".[^ora]\n\n[^ora]: Alle sei.',
            captions={"IMG_1.jpg": "Il porto"},
        ),
        text(
            "en",
            S1,
            "To Calais",
            'We left "early".[^time]\n\n[^time]: At six.',
            captions={"IMG_1.jpg": "The harbour"},
        ),
        location=GeoPoint(50.95, 1.85),
    ),
    entry(
        28,
        "alpi",
        text("it", S2, "Le Alpi", "Solo italiano.\n\n## Il passo\n\n![Passo](photos/IMG_3.jpg)"),
    ),
    entry(29, "mantova", text("en", S3, "Mantua", "Only English.", photos=("IMG_2.jpg",))),
    entry(29, "bozza", text("it", "2015-06-29-bozza", "Segreto", "Bozza.", draft=True)),
)
CONFIG = TripConfig(
    default_lang="it",
    languages=("it", "en"),
    timezone="Europe/Rome",
    titles={"it": "Da Londra a Mantova", "en": "London to Mantua"},
)
TRIP_MODEL = Trip("london-mantova-2015", TRIP, CONFIG, ENTRIES, PHOTOS)
ROUTE = Route(
    segments=(
        Segment(
            dt.date(2015, 6, 27),
            (
                RoutePoint(51.1, 1.2, None, PointKind.TRACK, alt=12.0),
                RoutePoint(50.95, 1.85, None, PointKind.TRACK, alt=1234.0),
            ),
        ),
        Segment(dt.date(2015, 6, 30), (RoutePoint(45.1, 10.8, None, PointKind.TRACK),)),
    )
)
STATS = TripStats(
    distance_km=1234.5,
    days=(
        DayStats(
            dt.date(2015, 6, 27),
            160.0,
            (Place("Folkestone", "GB", 51.08, 1.17), Place("Calais", "FR", 50.95, 1.85)),
        ),
    ),
    countries=("GB", "FR", "CH", "IT"),
)


def public(trip: Trip) -> PublicTrip:
    """A hand-built trip vouched for as public: these tests render models, not privacy."""
    return PublicTrip(trip, ROUTE, STATS, seal=PRIVACY_SEAL)


PUBLISHED = {p.name: p.meta for p in PHOTOS if not p.name.startswith("private/")}


class Tree(HTMLParser):
    """Start tags with attributes, the text under each id, and where each tag sits."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.stack: list[str] = []
        self.inside: dict[int, tuple[str, ...]] = {}
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside[len(self.tags)] = tuple(self.stack)
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in ("meta", "link", "img", "br", "hr", "source", "input"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]

    def parents(self, tag: str) -> list[tuple[str, ...]]:
        return [self.inside[i] for i, (t, _) in enumerate(self.tags) if t == tag]

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def render() -> dict[str, str]:
    pages = render_site(
        public(TRIP_MODEL), theme=load_theme(), map_parts=fixed_map, published=PUBLISHED
    )
    return {page.path: page.content for page in pages}


@pytest.fixture(scope="module")
def site() -> dict[str, str]:
    return render()


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    return tree


def test_one_index_and_one_map_per_language(site: dict[str, str]) -> None:
    assert sorted(site) == ["en/index.html", "en/map.html", "index.html", "map.html"]
    assert parse(site["index.html"]).find("html")[0]["lang"] == "it"
    assert parse(site["en/index.html"]).find("html")[0]["lang"] == "en"


def test_switcher_and_hreflang_alternates(site: dict[str, str]) -> None:
    italian, english = parse(site["index.html"]), parse(site["en/index.html"])
    alternates = {(a["hreflang"], a["href"]) for a in italian.find("link", rel="alternate")}
    assert alternates == {("it", "index.html"), ("en", "en/index.html")}
    alternates = {(a["hreflang"], a["href"]) for a in english.find("link", rel="alternate")}
    assert alternates == {("it", "../index.html"), ("en", "index.html")}
    switch = [a for a in italian.find("a", rel="alternate")]
    assert [(a["href"], a["lang"]) for a in switch] == [("en/index.html", "en")]
    assert "English" in italian.words and "Italiano" in english.words
    maps = {
        (a["hreflang"], a["href"])
        for a in parse(site["en/map.html"]).find("link")
        if a.get("hreflang")
    }
    assert maps == {("it", "../map.html"), ("en", "map.html")}


def test_header_figures_are_localised(site: dict[str, str]) -> None:
    italian, english = parse(site["index.html"]).words, parse(site["en/index.html"]).words
    assert "Da Londra a Mantova" in italian and "London to Mantua" in english
    assert "1.234,5 km" in italian and "1,234.5 km" in english
    assert "Regno Unito, Francia, Svizzera e Italia" in italian
    assert "United Kingdom, France, Switzerland and Italy" in english
    assert "Giorno 1 27 giugno 2015" in italian and "Day 1 27 June 2015" in english
    assert "Giorno 4 30 giugno 2015" in italian  # a day ridden with nothing written


def test_entries_in_the_reader_language_or_under_a_notice(site: dict[str, str]) -> None:
    italian, english = parse(site["index.html"]), parse(site["en/index.html"])
    assert "Verso Calais" in italian.words and "To Calais" in english.words
    assert "Partiti «presto»." in italian.words and "We left \u201cearly\u201d." in english.words
    assert "Solo in italiano Le Alpi" in english.words
    assert "Only in English Mantua" in italian.words
    assert italian.find("article", id=S3)[0]["lang"] == "en"
    assert english.find("article", id=S2)[0]["lang"] == "it"
    assert "lang" not in italian.find("article", id=S1)[0]


def test_drafts_never_appear(site: dict[str, str]) -> None:
    for page in site.values():
        assert "Segreto" not in page and "bozza" not in page


def test_photos_have_alt_srcset_and_sizes(site: dict[str, str]) -> None:
    tree = parse(site["en/index.html"])
    images = [i for i in tree.find("img") if "/media/" in i["src"]]
    assert {i["src"] for i in images} == {
        "../media/IMG_1.jpg",
        "../media/IMG_2.jpg",
        "../media/IMG_3.jpg",
        "../media/IMG_5.jpg",
    }
    for image in images:
        assert image["alt"]
    gallery = tree.find("img", src="../media/IMG_1.jpg")[0]
    assert gallery["alt"] == "The harbour"
    assert (gallery["width"], gallery["height"]) == ("1500", "2000")
    assert gallery["srcset"] == "../media/IMG_1-400.jpg 300w, ../media/IMG_1.jpg 1500w"
    alone = tree.find("img", src="../media/IMG_5.jpg")[0]
    assert alone["alt"] == "Photo taken on 29 June 2015"
    assert "IMG_4" not in site["index.html"] and "private" not in site["en/index.html"]


def test_photos_join_their_entry_once(site: dict[str, str]) -> None:
    tree = parse(site["index.html"])
    sources = [i["src"] for i in tree.find("img")]
    assert sources.count("media/IMG_3.jpg") == 1  # inline in the text, not again below it
    assert sources.count("media/IMG_2.jpg") == 1  # listed by the 29th, not the 27th
    html = site["index.html"]
    calais = html[html.index(f'id="{S1}"') : html.index(f'id="{S2}"')]
    assert "IMG_1.jpg" in calais and "IMG_2.jpg" not in calais
    mantova = html[html.index(f'id="{S3}"') :]
    assert "IMG_2.jpg" in mantova and "IMG_5.jpg" in mantova


def test_a_photo_alone_in_a_text_is_a_figure_like_the_gallery_ones(
    site: dict[str, str],
) -> None:
    for page, base in (("index.html", ""), ("en/index.html", "../")):
        tree = parse(site[page])
        figure = tree.find("figure", id="photo-IMG_3")
        assert figure and "inline-photo" in figure[0]["class"].split()
        link = tree.find("a", href=f"{base}media/IMG_3.jpg")[0]
        assert (link["data-pswp-width"], link["data-pswp-height"]) == ("1500", "2000")
        image = tree.find("img", src=f"{base}media/IMG_3.jpg")[0]
        assert image["alt"] == "Passo" and image["width"] == "1500"
        assert image["srcset"] == f"{base}media/IMG_3-400.jpg 300w, {base}media/IMG_3.jpg 1500w"
        index = next(i for i, (t, a) in enumerate(tree.tags) if a.get("id") == "photo-IMG_3")
        assert tree.inside[index][-2:] == ("article", "div")  # inside the entry's text
        assert "Passo" in tree.words


def test_inline_figures_escape_their_caption_and_carry_an_anchor_once() -> None:
    hostile = '<script>alert(1)</script> {{ y }} "q"'
    first = entry(28, "alpi", text("it", S2, "Le Alpi", f"x\n\n![{hostile}](photos/IMG_3.jpg)"))
    again = entry(29, "ancora", text("it", "2015-06-29-ancora", "Ancora", "![](photos/IMG_3.jpg)"))
    trip = Trip("t", TRIP, CONFIG, (first, again), PHOTOS)
    pages = render_site(public(trip), theme=load_theme(), map_parts=fixed_map, published=PUBLISHED)
    html = next(page.content for page in pages if page.path == "index.html")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ y }} &#34;q&#34;</figcaption>" in html
    tree = parse(html)
    assert len(tree.find("figure", id="photo-IMG_3")) == 1  # an id appears once on a page
    assert html.count('class="photo inline-photo"') == 2


def test_entry_headings_sit_under_the_entry_title(site: dict[str, str]) -> None:
    html = site["en/index.html"]
    assert "<h4>Il passo</h4>" in html and "<h2>Il passo</h2>" not in html


def test_footnote_back_links_speak_the_language_of_the_text(site: dict[str, str]) -> None:
    italian, english = parse(site["index.html"]), parse(site["en/index.html"])
    titles = [a["title"] for a in italian.find("a") if a.get("class") == "footnote-backref"]
    assert titles == ["Torna alla nota 1 nel testo"]
    titles = [a["title"] for a in english.find("a") if a.get("class") == "footnote-backref"]
    assert titles == ["Back to footnote 1 in the text"]


def test_days_with_altitudes_show_a_labelled_elevation_profile(site: dict[str, str]) -> None:
    for page, label in (
        ("index.html", "Profilo altimetrico: punto più basso 12 m, punto più alto 1.234 m"),
        ("en/index.html", "Elevation profile: lowest point 12 m, highest point 1,234 m"),
    ):
        tree = parse(site[page])
        charts = tree.find("svg", role="img")
        assert len(charts) == 1  # the 27th only: no other day has an altitude
        assert charts[0]["aria-label"].startswith(label)
        index = next(i for i, (t, a) in enumerate(tree.tags) if t == "svg")
        sections = [a.get("id") for t, a in tree.tags[:index] if t == "section"]
        assert sections[-1] == "day-2015-06-27" and tree.inside[index][-1] == "div"


def test_the_route_is_a_figure_with_a_print_map_and_a_list_of_places(
    site: dict[str, str],
) -> None:
    for page, base in (("index.html", ""), ("en/index.html", "../")):
        html = site[page]
        figure = html[html.index('<figure class="route-figure">') : html.index("</figure>")]
        tree = parse(figure)
        assert tree.find("iframe", src="map.html")
        assert tree.find("img", src=f"{base}route.svg", **{"class": "route-print"})
        assert tree.find("ol", **{"class": "visually-hidden"})
        assert figure.rstrip().endswith("</figcaption>")
    english = parse(site["en/index.html"]).words
    assert "Day 1, 27 June 2015: from Folkestone to Calais (160.0 km)" in english
    assert (
        "Giorno 1, 27 giugno 2015: da Folkestone a Calais (160,0 km)"
        in parse(site["index.html"]).words
    )


def test_the_map_page_holds_a_day_legend_in_its_language(site: dict[str, str]) -> None:
    for page, start, day in (
        ("map.html", "Partenza", "Giorno 1 · 27 giu 2015"),
        ("en/map.html", "Start", "Day 1 · 27 Jun 2015"),
    ):
        tree = parse(site[page])
        assert tree.find("details", id="map-legend")
        assert start in tree.words and day in tree.words
        swatches = [a["style"] for a in tree.find("span") if "map-legend-line" in a["class"]]
        # One row per day with a line: the 27th and the 30th, in the map's colours.
        assert swatches == [
            f"background-color: {day_color(0)}",
            f"background-color: {day_color(1)}",
        ]
    SEEN.clear()
    render()
    text = next(text for _, assets, text in SEEN if assets == "../assets")
    assert text.days == {
        dt.date(2015, 6, 27): "Day 1 · 27 Jun 2015",
        dt.date(2015, 6, 30): "Day 4 · 30 Jun 2015",
    }
    assert text.gestures["touch"] == "Use two fingers to move the map"


def test_route_map_is_a_lazy_iframe(site: dict[str, str]) -> None:
    frame = parse(site["index.html"]).find("iframe")[0]
    assert frame["src"] == "map.html"
    assert frame["loading"] == "lazy"
    assert frame["title"] == "Mappa del percorso di Da Londra a Mantova"


def test_map_page_wraps_the_parts(site: dict[str, str]) -> None:
    tree = parse(site["en/map.html"])
    assert tree.find("html")[0]["lang"] == "en"
    assert tree.find("script", src="../assets/vendor/leaflet/leaflet.js")
    assert all("head" in p for p in tree.parents("script")[:1])
    assert "body" in tree.parents("div")[0]
    assert all("body" in p for p in tree.parents("script")[1:])
    assert "var map_journal" in site["en/map.html"]
    assert "Route map of London to Mantua" in tree.words


def test_markers_and_localised_popups() -> None:
    SEEN.clear()
    render()
    by_assets = dict((url, markers) for markers, url, _ in SEEN)
    assert set(by_assets) == {"assets", "../assets"}
    english = by_assets["../assets"]
    kinds = [(m.kind, m.lat) for m in english]
    assert kinds == [
        (PointKind.ENTRY, 50.95),
        (PointKind.PHOTO, 50.9),
        (PointKind.PHOTO, 46.0),
        (PointKind.START, 51.1),  # the route's first point
        (PointKind.END, 45.1),  # and its last
    ]
    assert [m.tooltip for m in english[3:]] == ["Start: Folkestone", "Finish"]
    assert [m.tooltip for m in by_assets["assets"][3:]] == ["Partenza: Folkestone", "Arrivo"]
    assert "30 June 2015" in parse(english[4].popup_html).words
    entry_popup = parse(english[0].popup_html)
    assert entry_popup.find("a", href=f"index.html#{S1}", target="_top")
    assert "27 June 2015" in entry_popup.words
    photo_popup = parse(by_assets["assets"][1].popup_html)
    assert photo_popup.find("img", src="media/IMG_1-400.jpg", alt="Il porto")
    assert photo_popup.find("a", href="index.html#photo-IMG_1", target="_top")
    assert "27 giugno 2015" in photo_popup.words


def test_output_is_deterministic(site: dict[str, str]) -> None:
    assert render() == site


def test_missing_photo_in_a_text_stops_the_render_with_file_and_line() -> None:
    broken = Entry(
        date=dt.date(2015, 6, 27),
        slug="x",
        texts={"it": text("it", "2015-06-27-x", "X", "Uno.\n\n![a](photos/private/IMG_4.jpg)")},
        original_lang="it",
    )
    trip = Trip("t", TRIP, CONFIG, (broken,), PHOTOS)
    with pytest.raises(TripErrors) as caught:
        render_site(public(trip), theme=load_theme(), map_parts=fixed_map, published=PUBLISHED)
    assert [str(p) for p in caught.value.problems] == [
        f"error: {TRIP}/entries/2015-06-27-x.it.md:7: "
        "photo 'private/IMG_4.jpg' does not exist or is not published"
    ]


def test_page_is_a_plain_value() -> None:
    assert Page("index.html", "x") == Page("index.html", "x")
