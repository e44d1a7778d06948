"""Regenerate the example trip's photos and GPS track from the tables below.

    python tests/data/make_example_trip.py [--out TRIP_FOLDER]

The example trip (London to Mantua and back, summer 2015) ships real JPEGs with real EXIF and
a real GPX 1.1 file, so a new user sees every feature work on files like their own. They are
generated rather than photographed so the repository stays small and the files can be
remade byte for byte: every random choice comes from a seed derived from the file's name, and
Pillow writes the same bytes for the same pixels. Entries and trip.toml are written by hand and
are not touched here.

Times are coherent the way a phone makes them: the UK is UTC+1 in summer, the continent UTC+2;
GPS time stamps are UTC; the track of 30 June passes by the tunnel photo at the moment it was
taken.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: make `tests.photofactory` importable
    sys.path.insert(0, str(ROOT))

from tests.photofactory import ExifSpec, write_jpeg  # noqa: E402

TRIP = ROOT / "trips" / "london-mantova-2015"
SIZE = (800, 600)
QUALITY = 80
MAKE, MODEL = "Apple", "iPhone 6"

BST = dt.timezone(dt.timedelta(hours=1), "BST")
CEST = dt.timezone(dt.timedelta(hours=2), "CEST")


@dataclass(frozen=True)
class Shot:
    """One photo: where and when it was taken, and which clock fields the phone wrote.

    `clock` is "offset" (DateTimeOriginal + OffsetTimeOriginal + GPS time), "camera"
    (DateTimeOriginal + GPS time, no offset) or "gps" (GPS time only).
    """

    name: str
    label: str
    lat: float
    lon: float
    alt: float
    local: dt.datetime
    clock: str
    scene: str
    portrait: bool = False


def _at(day: int, month: int, hms: str, zone: dt.timezone = CEST) -> dt.datetime:
    hour, minute, second = (int(part) for part in hms.split(":"))
    return dt.datetime(2015, month, day, hour, minute, second, tzinfo=zone)


SHOTS: tuple[Shot, ...] = (
    # 27 June: from home to Reims. "partenza" is inside the London privacy zone on purpose.
    Shot("partenza.jpg", "Londra", 51.4613, -0.1390, 21, _at(27, 6, "07:42:10", BST),
         "offset", "city"),
    Shot("folkestone-terminal.jpg", "Folkestone, Eurotunnel", 51.0940, 1.1330, 55,
         _at(27, 6, "09:31:45", BST), "camera", "plain"),
    Shot("calais.jpg", "Calais", 50.9528, 1.8535, 8, _at(27, 6, "11:58:03"), "gps", "coast"),
    Shot("reims-cattedrale.jpg", "Reims, la cattedrale", 49.2536, 4.0341, 86,
         _at(27, 6, "18:47:30"), "offset", "city"),
    # 28 June: Champagne and the Doubs.
    Shot("troyes.jpg", "Troyes", 48.2975, 4.0760, 110, _at(28, 6, "11:12:00"), "camera", "city"),
    Shot("besancon-cittadella.jpg", "Besanzone, la Cittadella", 47.2310, 6.0325, 360,
         _at(28, 6, "18:05:40"), "offset", "hills"),
    # 29 June: over the Jura to Chamonix; one folder deeper, as a phone's export may be.
    Shot("day3/col-de-la-faucille.jpg", "Col de la Faucille", 46.3662, 6.0290, 1323,
         _at(29, 6, "11:20:15"), "gps", "lake"),
    Shot("day3/chamonix.jpg", "Chamonix", 45.9237, 6.8694, 1035,
         _at(29, 6, "17:45:00"), "offset", "alps"),
    # 30 June: the tunnel, Aosta, Mantua (the GPX track covers the morning).
    Shot("traforo-monte-bianco.jpg", "Traforo del Monte Bianco", 45.8215, 6.9490, 1375,
         _at(30, 6, "09:14:20"), "offset", "alps"),
    Shot("aosta-arco.jpg", "Aosta, Arco d'Augusto", 45.7373, 7.3262, 575,
         _at(30, 6, "10:32:05"), "camera", "alps", portrait=True),
    Shot("mantova-lago.jpg", "Mantova, Lago Inferiore", 45.1607, 10.8046, 18,
         _at(30, 6, "20:41:00"), "gps", "lake"),
    # 1-2 July: Mantua, and a day on the A1.
    Shot("mantova-piazza-sordello.jpg", "Mantova, Piazza Sordello", 45.1605, 10.7975, 22,
         _at(1, 7, "10:25:30"), "offset", "city"),
    Shot("a1-cantagallo.jpg", "A1, Cantagallo", 44.4640, 11.2520, 65, _at(2, 7, "13:05:00"),
         "camera", "hills"),
    # 3-5 July: north through Switzerland, Germany and Belgium.
    Shot("lugano.jpg", "Lugano", 46.0040, 8.9520, 275, _at(3, 7, "11:40:12"), "offset", "lake"),
    Shot("gottardo.jpg", "Passo del San Gottardo", 46.5590, 8.5615, 2106,
         _at(3, 7, "14:22:48"), "gps", "alps"),
    Shot("lucerna-kapellbruecke.jpg", "Lucerna, ponte della Cappella", 47.0517, 8.3077, 436,
         _at(3, 7, "18:55:00"), "camera", "lake"),
    Shot("friburgo-muenster.jpg", "Friburgo in Brisgovia", 47.9955, 7.8522, 278,
         _at(4, 7, "12:31:10"), "offset", "city"),
    Shot("colonia-duomo.jpg", "Colonia, il Duomo", 50.9413, 6.9583, 55, _at(5, 7, "10:48:00"),
         "camera", "city"),
    Shot("gent-graslei.jpg", "Gand, Graslei", 51.0545, 3.7205, 9, _at(5, 7, "19:12:30"),
         "offset", "lake"),
)  # fmt: skip


def spec_for(shot: Shot) -> ExifSpec:
    """The EXIF an iPhone of 2015 would have written for `shot`."""
    offset = shot.local.strftime("%z")
    return ExifSpec(
        lat=shot.lat,
        lon=shot.lon,
        alt=shot.alt,
        gps_time=shot.local.astimezone(dt.UTC),
        taken=shot.local.replace(tzinfo=None) if shot.clock != "gps" else None,
        offset=f"{offset[:3]}:{offset[3:]}" if shot.clock == "offset" else None,
        orientation=6 if shot.portrait else 1,
        make=MAKE,
        model=MODEL,
    )


# Drawing: a flat landscape illustration per place, from a seed derived from its name.

Colour = tuple[int, int, int]


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _sky(hour: float) -> tuple[Colour, Colour]:
    """Top and horizon colours of the sky at a local hour: warm at the ends of the day."""
    if hour < 9:
        return (110, 160, 215), (250, 205, 160)
    if hour < 17.5:
        return (60, 130, 210), (190, 225, 245)
    if hour < 20:
        return (80, 110, 190), (250, 190, 130)
    return (45, 55, 120), (240, 140, 100)


def _ridge(
    rng: random.Random, size: tuple[int, int], base: int, height: int, peaks: int
) -> list[tuple[int, int]]:
    """A mountain or hill outline across the picture, closed along the bottom edge."""
    width = size[0]
    xs = sorted(rng.uniform(0, width) for _ in range(peaks))
    points: list[tuple[float, float]] = [(0, base - rng.uniform(0, height / 2))]
    for i, x in enumerate(xs):
        points.append((x, base - height * rng.uniform(0.55, 1.0)))
        nxt = xs[i + 1] if i + 1 < len(xs) else width
        points.append(((x + nxt) / 2, base - height * rng.uniform(0.1, 0.45)))
    points += [(width, base - rng.uniform(0, height / 2)), (width, size[1]), (0, size[1])]
    return [(round(x), round(y)) for x, y in points]


def _draw_scene(
    draw: ImageDraw.ImageDraw, rng: random.Random, scene: str, size: tuple[int, int], horizon: int
) -> None:
    width, height = size
    if scene == "alps":
        far = _ridge(rng, size, horizon, 300, 4)
        draw.polygon(far, fill=(120, 135, 165))
        for (px, py), (_, dip) in zip(far[1:-4:2], far[2:-3:2], strict=True):
            cap = (dip - py) * 0.35  # snow down a third of the way to the next saddle
            draw.polygon(
                [(px, py), (px - cap, py + cap), (px + cap, py + cap)], fill=(245, 248, 252)
            )
        draw.polygon(_ridge(rng, size, horizon + 40, 120, 5), fill=(70, 110, 80))
    elif scene in ("hills", "plain", "lake", "coast", "city"):
        tall = {"hills": 130, "plain": 35, "lake": 90, "coast": 20, "city": 50}[scene]
        draw.polygon(_ridge(rng, size, horizon + 10, tall, 6), fill=(110, 140, 120))
    ground = (95, 150, 80) if scene != "coast" else (215, 200, 150)
    draw.rectangle((0, horizon + 10, width, height), fill=ground)
    if scene in ("lake", "coast"):
        water = (70, 120, 170) if scene == "lake" else (60, 110, 150)
        draw.rectangle((0, horizon + 10, width, horizon + 90), fill=water)
        for _ in range(25):
            wx, wy = rng.uniform(0, width), rng.uniform(horizon + 15, horizon + 85)
            draw.line((wx, wy, wx + rng.uniform(10, 40), wy), fill=(190, 215, 235), width=2)
    if scene == "plain":
        for i in range(8):
            row = horizon + 10 + i * (i + 3) * 4
            draw.line((0, row, width, row), fill=(120, 165, 85), width=2)
    if scene == "city":
        x = 0.0
        while x < width:
            w, h = rng.uniform(40, 90), rng.uniform(40, 150)
            shade = rng.randrange(150, 200)
            draw.rectangle(
                (x, horizon + 10 - h, x + w, horizon + 10), fill=(shade, shade - 20, 140)
            )
            x += w + rng.uniform(0, 12)
        spire = rng.uniform(width * 0.2, width * 0.8)
        draw.rectangle((spire - 30, horizon - 170, spire + 30, horizon + 10), fill=(150, 135, 120))
        draw.polygon(
            [(spire - 30, horizon - 170), (spire + 30, horizon - 170), (spire, horizon - 250)],
            fill=(120, 105, 95),
        )


def _draw_road(draw: ImageDraw.ImageDraw, size: tuple[int, int], horizon: int) -> None:
    width, height = size
    vanish = width * 0.55
    draw.polygon(
        [(vanish - 6, horizon + 10), (vanish + 6, horizon + 10), (width * 0.85, height),
         (width * 0.15, height)],
        fill=(85, 85, 90),
    )  # fmt: skip
    for i in range(9):
        t0, t1 = (i / 9) ** 1.6, ((i + 0.5) / 9) ** 1.6
        y0 = horizon + 10 + (height - horizon - 10) * t0
        y1 = horizon + 10 + (height - horizon - 10) * t1
        x0 = vanish + (width * 0.5 - vanish) * t0
        x1 = vanish + (width * 0.5 - vanish) * t1
        draw.line((x0, y0, x1, y1), fill=(235, 230, 200), width=max(1, round(1 + 5 * t1)))


def _draw_label(image: Image.Image, shot: Shot) -> None:
    # Pillow's built-in font is the same everywhere, which keeps the bytes reproducible, but it
    # has no accented letters: labels use the Italian names, which need none.
    if not shot.label.isascii():
        raise ValueError(f"label {shot.label!r} needs a letter the built-in font lacks")
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    title = ImageFont.load_default(size=30)
    small = ImageFont.load_default(size=18)
    when = shot.local.strftime("%d.%m.%Y  %H:%M")
    box_w = max(draw.textlength(shot.label, font=title), draw.textlength(when, font=small)) + 40
    top = image.height - 110
    draw.rounded_rectangle((20, top, 20 + box_w, top + 88), radius=10, fill=(20, 25, 35, 170))
    draw.text((40, top + 12), shot.label, font=title, fill=(255, 255, 255, 255))
    draw.text((40, top + 56), when, font=small, fill=(225, 230, 235, 255))
    image.alpha_composite(overlay)


def draw(shot: Shot) -> Image.Image:
    """The picture for `shot`, upright; a portrait shot is taller than wide."""
    rng = random.Random(zlib.crc32(shot.name.encode()))
    width, height = size = (SIZE[1], SIZE[0]) if shot.portrait else SIZE
    canvas = Image.new("RGB", size)
    pen = ImageDraw.Draw(canvas)
    hour = shot.local.hour + shot.local.minute / 60
    top, bottom = _sky(hour)
    horizon = round(height * rng.uniform(0.5, 0.58))
    for y in range(horizon + 11):
        pen.line((0, y, width, y), fill=_mix(top, bottom, y / (horizon + 10)))
    sun_x = width * min(max((hour - 5) / 16, 0.05), 0.95)
    sun_y = horizon - 60 - 200 * math.sin(math.pi * min(max((hour - 5) / 16, 0), 1))
    pen.ellipse((sun_x - 28, sun_y - 28, sun_x + 28, sun_y + 28), fill=(255, 236, 170))
    _draw_scene(pen, rng, shot.scene, size, horizon)
    _draw_road(pen, size, horizon)
    image = canvas.convert("RGBA")
    _draw_label(image, shot)
    return image.convert("RGB")


def write_photos(photos: Path) -> list[Path]:
    """Write every shot under `photos`; a portrait is stored on its side with orientation 6."""
    written = []
    for shot in SHOTS:
        picture = draw(shot)
        if shot.portrait:  # the sensor's rows run along the long side, as a phone stores it
            picture = picture.transpose(Image.Transpose.ROTATE_90)
        written.append(
            write_jpeg(photos / shot.name, spec_for(shot), image=picture, quality=QUALITY)
        )
    return written


# The GPS track of 30 June: Chamonix, the Mont Blanc tunnel (no fix inside), Aosta.


@dataclass(frozen=True)
class Fix:
    """A road point the track passes: reached at `kmh` from the previous one; `stop_s` spent."""

    lat: float
    lon: float
    ele: float
    kmh: float = 60
    stop_s: int = 0


FRENCH_SIDE = (
    Fix(45.9237, 6.8694, 1035),  # Chamonix, centre
    Fix(45.9170, 6.8625, 1040, 35),
    Fix(45.9105, 6.8530, 1060, 50),  # Les Pèlerins
    Fix(45.9060, 6.8505, 1120, 30),
    Fix(45.9030, 6.8470, 1190, 30),
    Fix(45.9005, 6.8445, 1250, 30, stop_s=480),  # toll and the queue for the tunnel
    Fix(45.8990, 6.8430, 1274, 20),  # French portal
)
ITALIAN_SIDE = (
    Fix(45.8230, 6.9475, 1381),  # Italian portal
    Fix(45.8215, 6.9490, 1375, 20, stop_s=360),  # the lay-by of the photo
    Fix(45.8160, 6.9555, 1330, 40),  # Entrèves
    Fix(45.8050, 6.9640, 1280, 50),
    Fix(45.7935, 6.9705, 1224, 50),  # Courmayeur
    Fix(45.7790, 6.9790, 1120, 60),
    Fix(45.7660, 6.9850, 1010, 50),  # Pré-Saint-Didier
    Fix(45.7590, 7.0150, 1000, 70),
    Fix(45.7570, 7.0390, 1002, 60),  # Morgex
    Fix(45.7480, 7.0690, 1000, 70),  # La Salle
    Fix(45.7300, 7.1000, 900, 70),
    Fix(45.7120, 7.1380, 770, 70),  # Avise
    Fix(45.7040, 7.1650, 760, 60),  # Arvier
    Fix(45.7010, 7.2050, 670, 70),  # Villeneuve
    Fix(45.7085, 7.2280, 676, 60),  # Saint-Pierre
    Fix(45.7180, 7.2600, 630, 70),  # Sarre
    Fix(45.7300, 7.2950, 600, 60),
    Fix(45.7365, 7.3150, 583, 40),  # Aosta, west
    Fix(45.7373, 7.3262, 575, 30),  # Arco d'Augusto
)
#: The bike leaves the tunnel on the Italian side at this instant; the French side is timed back.
ITALIAN_PORTAL_AT = _at(30, 6, "09:10:00").astimezone(dt.UTC)
TUNNEL = dt.timedelta(minutes=12)  # 11.6 km at 60 km/h, with no GPS fix inside
SAMPLE = dt.timedelta(seconds=10)
WAYPOINT = ("Traforo del Monte Bianco", FRENCH_SIDE[-1])


def _metres(a: Fix, b: Fix) -> float:
    mean_lat = math.radians((a.lat + b.lat) / 2)
    dy = (b.lat - a.lat) * 111_195
    dx = (b.lon - a.lon) * 111_195 * math.cos(mean_lat)
    return math.hypot(dx, dy)


def _duration(fixes: Sequence[Fix]) -> dt.timedelta:
    seconds = sum(_metres(a, b) / (b.kmh / 3.6) for a, b in zip(fixes, fixes[1:], strict=False))
    return dt.timedelta(seconds=seconds + sum(f.stop_s for f in fixes))


def _positions(fixes: Sequence[Fix], start: dt.datetime) -> Iterator[tuple[dt.datetime, Fix]]:
    """(instant, place) pairs along the fixes, including the time spent at each stop."""
    clock = start
    for a, b in zip(fixes, fixes[1:], strict=False):
        yield clock, a
        if a.stop_s:
            clock += dt.timedelta(seconds=a.stop_s)
            yield clock, a
        clock += dt.timedelta(seconds=_metres(a, b) / (b.kmh / 3.6))
    yield clock, fixes[-1]


def _sample(fixes: Sequence[Fix], start: dt.datetime, rng: random.Random) -> list[str]:
    """One `<trkpt>` every SAMPLE seconds, linearly between fixes, with a GPS's small jitter."""
    knots = list(_positions(fixes, start))
    end = knots[-1][0]
    instants = [start + SAMPLE * n for n in range(int((end - start) / SAMPLE) + 1)]
    if instants[-1] < end:  # the GPS logs the moment the bike stops, too
        instants.append(end)
    lines = []
    i = 0
    for t in instants:
        while knots[i + 1][0] < t:
            i += 1
        (t0, a), (t1, b) = knots[i], knots[i + 1]
        f = (t - t0) / (t1 - t0) if t1 > t0 else 0.0
        lat = a.lat + (b.lat - a.lat) * f + rng.gauss(0, 0.00002)
        lon = a.lon + (b.lon - a.lon) * f + rng.gauss(0, 0.00002)
        ele = a.ele + (b.ele - a.ele) * f + rng.gauss(0, 1.5)
        lines.append(
            f'      <trkpt lat="{lat:.6f}" lon="{lon:.6f}"><ele>{ele:.1f}</ele>'
            f"<time>{_iso(t)}</time></trkpt>"
        )
    return lines


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def track_gpx() -> str:
    """The GPX 1.1 document of 30 June: two segments, as the fix is lost in the tunnel."""
    rng = random.Random(20150630)
    french_portal_at = ITALIAN_PORTAL_AT - TUNNEL
    french_start = french_portal_at - _duration(FRENCH_SIDE)
    name, where = WAYPOINT
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gpx version="1.1" creator="make_example_trip.py"'
        ' xmlns="http://www.topografix.com/GPX/1/1"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://www.topografix.com/GPX/1/1'
        ' http://www.topografix.com/GPX/1/1/gpx.xsd">',
        "  <metadata>",
        "    <name>Chamonix - Aosta</name>",
        f"    <time>{_iso(french_start)}</time>",
        "  </metadata>",
        f'  <wpt lat="{where.lat:.6f}" lon="{where.lon:.6f}">',
        f"    <ele>{where.ele:.1f}</ele>",
        f"    <time>{_iso(french_portal_at)}</time>",
        f"    <name>{name}</name>",
        "  </wpt>",
        "  <trk>",
        "    <name>Chamonix - Traforo del Monte Bianco - Aosta</name>",
        "    <type>motorcycling</type>",
        "    <trkseg>",
        *_sample(FRENCH_SIDE, french_start, rng),
        "    </trkseg>",
        "    <trkseg>",
        *_sample(ITALIAN_SIDE, ITALIAN_PORTAL_AT, rng),
        "    </trkseg>",
        "  </trk>",
        "</gpx>",
    ]
    return "\n".join(lines) + "\n"


def write_tracks(tracks: Path) -> list[Path]:
    tracks.mkdir(parents=True, exist_ok=True)
    path = tracks / "2015-06-30-chamonix-aosta.gpx"
    path.write_text(track_gpx(), encoding="utf-8", newline="\n")
    return [path]


def generate(trip: Path) -> list[Path]:
    """Write the photos and tracks of the example trip under `trip`; return the files."""
    return write_photos(trip / "photos") + write_tracks(trip / "tracks")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=TRIP, help="trip folder (default: %(default)s)")
    args = parser.parse_args(argv)
    for path in generate(args.out):
        print(f"{path.stat().st_size:>8}  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
