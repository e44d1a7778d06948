"""Read a rendered site the way a stranger would: every coordinate and every metadata tag in it.

Shared by the privacy, bad-input and interrupt tests so that "nothing leaks" and "the output
is usable" mean the same thing everywhere.
"""

from __future__ import annotations

import html.parser
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import exifread

from journal.core.geo import haversine_m
from journal.core.models import PrivacyZone

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".heic", ".avif"}

#: A decimal number with at least three decimals: coordinates are written with five or more,
#: and CSS or JS constants such as 0.5 are not mistaken for one.
NUMBER = re.compile(r"(?<![\w.])-?\d{1,3}\.\d{3,}(?![\w.])")

#: How far apart two numbers may be in the text and still be read as one coordinate pair:
#: `[51.46, -0.11]`, `lat="51.46" lon="-0.11"`, `"lat": 51.46, "lon": -0.11`.
PAIR_GAP = 16


@dataclass(frozen=True)
class Hit:
    path: Path
    lat: float
    lon: float
    zone: PrivacyZone
    distance_m: float

    def __str__(self) -> str:
        return (
            f"{self.path}: ({self.lat}, {self.lon}) is {self.distance_m:.0f} m from the centre "
            f"of zone {self.zone.name or (self.zone.lat, self.zone.lon)} "
            f"(radius {self.zone.radius_m:.0f} m)"
        )


def files_under(folder: Path, *, hidden: bool = False) -> list[Path]:
    """Every file of a rendered site; with `hidden`, only those in dot-folders or dot-files."""
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        is_hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if is_hidden == hidden:
            found.append(path)
    return found


def coordinate_pairs(text: str) -> Iterator[tuple[float, float]]:
    """Every pair of neighbouring decimal numbers, in both orders (GeoJSON is lon, lat)."""
    matches = list(NUMBER.finditer(text))
    for first, second in zip(matches, matches[1:], strict=False):
        if second.start() - first.end() > PAIR_GAP:
            continue
        a, b = float(first.group()), float(second.group())
        if -90 <= a <= 90 and -180 <= b <= 180:
            yield a, b
        if -90 <= b <= 90 and -180 <= a <= 180:
            yield b, a


def zone_hits(path: Path, zones: tuple[PrivacyZone, ...]) -> tuple[list[Hit], int]:
    """Coordinates of a text file lying inside a zone, and how many pairs were read."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    hits, count = [], 0
    for lat, lon in coordinate_pairs(text):
        count += 1
        for zone in zones:
            distance = haversine_m(lat, lon, zone.lat, zone.lon)
            if distance <= zone.radius_m:
                hits.append(Hit(path, lat, lon, zone, distance))
    return hits, count


def exif_leaks(path: Path) -> list[str]:
    """What exifread still finds in an image: any tag at all is a leak for a published copy."""
    with path.open("rb") as fh:
        tags = exifread.process_file(fh, details=False)
    return sorted(f"{path.name}: {name}" for name in tags if not name.startswith("JPEGThumbnail"))


#: ExifTool groups that describe the file rather than carry anything the camera wrote.
EXIFTOOL_HARMLESS = {
    "SourceFile",
    "ExifToolVersion",
    "FileName",
    "Directory",
    "FileSize",
    "FileModifyDate",
    "FileAccessDate",
    "FileInodeChangeDate",
    "FilePermissions",
    "FileType",
    "FileTypeExtension",
    "MIMEType",
    "ImageWidth",
    "ImageHeight",
    "EncodingProcess",
    "BitsPerSample",
    "ColorComponents",
    "YCbCrSubSampling",
    "ImageSize",
    "Megapixels",
    "JFIFVersion",
    "ResolutionUnit",
    "XResolution",
    "YResolution",
}

#: Tag names (ExifTool's) that must never reach a published image, whatever else is there.
EXIFTOOL_FORBIDDEN = re.compile(
    r"GPS|Serial|Comment|Description|Artist|Copyright|Owner|Make|Model|DateTime|XMP|IPTC|"
    r"Profile|Lens|Software|Location|City|Country",
    re.IGNORECASE,
)


def exiftool_leaks(paths: list[Path]) -> list[str]:
    """Tags ExifTool finds beyond the bare picture, or [] when ExifTool is not installed."""
    if not paths or shutil.which("exiftool") is None:
        return []
    out = subprocess.run(
        ["exiftool", "-j", "-G", *map(str, paths)], capture_output=True, check=False, timeout=120
    )
    leaks = []
    for record in json.loads(out.stdout or b"[]"):
        name = Path(record["SourceFile"]).name
        for key, value in record.items():
            tag = key.split(":", 1)[-1]
            if tag in EXIFTOOL_HARMLESS or key.startswith(("File:", "System:", "ExifTool:")):
                continue
            if key.startswith(("Composite:", "JFIF:")) and not EXIFTOOL_FORBIDDEN.search(tag):
                continue
            leaks.append(f"{name}: {key}={value!r}")
    return leaks


#: What a published clip must not hold, as ExifTool names it (`-ee`: in every track and
#: telemetry sample too): a position, the camera, its owner, any note of where or when.
CLIP_FORBIDDEN = re.compile(
    r"GPS|Location|Coordinates|Serial|Make|Model|Camera|Device|Artist|Author|Copyright|Owner|"
    r"Comment|Software|Firmware|Title|Keywords|Content",
    re.IGNORECASE,
)
#: Dates a clip's header must hold (they cannot be left out): none.
ZERO_DATE = "0000:00:00 00:00:00"


def clip_leaks(paths: list[Path]) -> list[str]:
    """What ExifTool finds in published clips (`-ee`, every track and sample) that tells
    where, when or with what they were filmed; [] when ExifTool is not installed."""
    if not paths or shutil.which("exiftool") is None:
        return []
    out = subprocess.run(
        ["exiftool", "-ee", "-a", "-j", "-G3", *map(str, paths)],
        capture_output=True, check=False, timeout=300,
    )  # fmt: skip
    leaks = []
    for record in json.loads(out.stdout or b"[]"):
        name = Path(record["SourceFile"]).name
        for key, value in record.items():
            tag = key.split(":", 1)[-1]
            if key == "SourceFile" or tag.startswith(("File", "Directory", "ExifTool")):
                continue
            dated = tag.endswith("Date") and value != ZERO_DATE
            if CLIP_FORBIDDEN.search(tag) or dated:
                leaks.append(f"{name}: {key}={value!r}")
    return leaks


class _Links(html.parser.HTMLParser):
    """The local files a page points at (src, href), and whether the page parsed at all."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.tags = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags += 1
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.links.append(value)


def page_links(page: Path) -> tuple[int, list[str]]:
    """(number of start tags, local links) of one HTML page; external and anchors left out."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    local = [
        link.split("#", 1)[0].split("?", 1)[0]
        for link in parser.links
        if not re.match(r"^([a-z][a-z0-9+.-]*:|//|#)", link, re.IGNORECASE)
    ]
    return parser.tags, [link for link in local if link]


def broken_links(site: Path) -> list[str]:
    """Every local link of every page of `site` that points at no file."""
    broken = []
    for page in files_under(site):
        if page.suffix != ".html":
            continue
        tags, links = page_links(page)
        if tags == 0:
            broken.append(f"{page}: no HTML element at all")
        for link in links:
            target = (site / link.lstrip("/")) if link.startswith("/") else (page.parent / link)
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} -> {link}")
    return broken


class PageReading(html.parser.HTMLParser):
    """The texts and attribute values of a page, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.scripts: list[str] = []  # the code of every script element
        self._in_script = self._in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(tag, name, value or "") for name, value in attrs]
        # a data block (jekyll-seo-tag's JSON-LD) is text a browser never runs, not code
        kind = (dict(attrs).get("type") or "text/javascript").lower()
        self._in_script = tag == "script" and kind in ("text/javascript", "module")
        self._in_data = tag == "script" and not self._in_script

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = self._in_data = False

    def handle_data(self, data: str) -> None:
        if self._in_data:
            return  # a data block's text is not shown either
        (self.scripts if self._in_script else self.text).append(data)


def read_page(path: Path) -> PageReading:
    """What a browser makes of the page at `path`: its text, attributes and scripts."""
    page = PageReading()
    page.feed(path.read_text(encoding="utf-8"))
    return page
