"""`journal render` end to end on the example trip and on real camera files."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import exifread
from PIL import Image
from typer.testing import CliRunner

from journal.cli import app

runner = CliRunner()


class Tags(HTMLParser):
    """Start tags with their attributes, and the page's text, for structural assertions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse(path: Path) -> Tags:
    tags = Tags()
    tags.feed(path.read_text(encoding="utf-8"))
    return tags


def render(root: Path, trip: str, out: Path) -> str:
    result = runner.invoke(app, ["--root", str(root), "render", trip, "--out", str(out), "-j", "2"])
    assert result.exit_code == 0, result.output
    return result.stderr


def test_example_trip_renders_both_languages(example_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    render(example_root, "london-mantova-2015", out)
    it, en = parse(out / "index.html"), parse(out / "en" / "index.html")
    assert it.find("html")[0]["lang"] == "it" and en.find("html")[0]["lang"] == "en"
    # each page links the other language, as a switcher and as hreflang alternates
    assert it.find("link", rel="alternate", hreflang="en")[0]["href"].endswith("en/index.html")
    assert en.find("link", rel="alternate", hreflang="it")
    assert any(a.get("hreflang") == "en" for a in it.find("a"))
    # Italian dates and numbers, English ones
    assert "27 giugno 2015" in it.words and "27 June 2015" in en.words
    assert "Giorno 1" in it.words and "Day 1" in en.words
    # an English-only entry on the Italian page carries the notice, and the reverse
    assert "Only in English" in it.words and "Solo in italiano" in en.words
    # every photo has alt text and its files exist
    for page, base in ((it, out), (en, out / "en")):
        images = page.find("img")
        assert images and all(img.get("alt") for img in images)
        for img in images:
            assert (base / img["src"]).resolve().is_file(), img["src"]
    assert it.find("iframe")[0]["src"] == "map.html"


def test_published_photos_are_upright_small_and_without_metadata(
    example_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    render(example_root, "london-mantova-2015", out)
    media = sorted((out / "media").glob("*.jpg"))
    sources = list((example_root / "trips/london-mantova-2015/photos").rglob("*.jpg"))
    assert len(media) == 2 * len(sources)
    for path in media:
        with path.open("rb") as fh:
            assert exifread.process_file(fh, details=False) == {}, path.name
        with Image.open(path) as image:
            assert not image.info.get("exif") and not image.info.get("icc_profile")
            assert max(image.size) <= (400 if path.stem.endswith("-400") else 2000)


def test_route_files_hold_every_point_in_time_order(example_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    render(example_root, "london-mantova-2015", out)
    geojson = json.loads((out / "route.geojson").read_text(encoding="utf-8"))
    lines = [f for f in geojson["features"] if f["geometry"]["type"] == "LineString"]
    points = [f for f in geojson["features"] if f["geometry"]["type"] == "Point"]
    assert lines and points
    times = [f["properties"]["time"] for f in points if f["properties"].get("time")]
    assert times == sorted(times)
    track = (example_root / "trips/london-mantova-2015/tracks").glob("*.gpx")
    track_points = sum(Path(t).read_text(encoding="utf-8").count("<trkpt") for t in track)
    drawn = sum(len(f["geometry"]["coordinates"]) for f in lines)
    assert drawn >= track_points - 2  # the whole track (less what a privacy zone hides)


def test_arezzo_walk_from_real_camera_follows_gps_time(corpus: Path, tmp_path: Path) -> None:
    """Nine real photos whose camera clock is a day off: the route follows GPS time."""
    trip = tmp_path / "trips" / "arezzo"
    (trip / "photos").mkdir(parents=True)
    (trip / "trip.toml").write_text(
        'default_lang = "it"\ntimezone = "Europe/Rome"\n[title]\nit = "Arezzo"\n', encoding="utf-8"
    )
    images = sorted((corpus / "exif-real" / "images").glob("jpg__gps__DSCN00*.jpg"))
    for image in images:
        shutil.copy(image, trip / "photos" / image.name)
    stderr = render(tmp_path, "arezzo", tmp_path / "site")
    assert "GPS time used" in stderr
    truth = {
        item["file"]: item["gps_datetime_utc"]
        for item in json.loads((corpus / "exif-real" / "exiftool.json").read_text())
        if item["file"].startswith("jpg__gps__DSCN00")
    }
    geojson = json.loads((tmp_path / "site" / "route.geojson").read_text(encoding="utf-8"))
    stops = [
        f["properties"]["file"] for f in geojson["features"] if f["properties"]["kind"] == "photo"
    ]
    assert sorted(stops) == sorted(truth)
    assert stops == sorted(truth, key=lambda name: truth[name])
