"""Regenerate the example trip's photos and GPS track from the tables below.

    python tests/data/make_example_trip.py [--out TRIP_FOLDER]

The example trip (London to Mantua and back, summer 2015) ships real JPEGs with real EXIF and
a real GPX 1.1 file, so a new user sees every feature work on files like their own. They are
generated rather than photographed so the repository stays small and the files can be
remade byte for byte: every random choice comes from a seed derived from the file's name, and
Pillow writes the same bytes for the same pixels. Entries and trip.toml are written by hand and
are not touched here.

Times are coherent the way a phone makes them: the UK is UTC+1 in summer, the continent UTC+2;
GPS time stamps are UTC. Every riding day has a track, as a phone's tracking app records it
(1 July, spent in Mantua, has none): it leaves from and comes back to the London home, passes
each photo taken on the road at the moment it was taken, and is parked where the town photos
were taken; the track of 30 June to Aosta loses its fix in the Mont Blanc tunnel.
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
    if fixes[-1].stop_s:  # parked where the stretch ends, the app still logging
        yield clock + dt.timedelta(seconds=fixes[-1].stop_s), fixes[-1]


def _sample(
    fixes: Sequence[Fix], start: dt.datetime, rng: random.Random, step: dt.timedelta = SAMPLE
) -> list[str]:
    """One `<trkpt>` every `step`, linearly between fixes, with a GPS's small jitter."""
    knots = list(_positions(fixes, start))
    end = knots[-1][0]
    instants = [start + step * n for n in range(int((end - start) / step) + 1)]
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


def _document(
    title: str, start: dt.datetime, waypoints: list[str], trk_name: str, segments: list[list[str]]
) -> str:
    """A GPX 1.1 document with one `<trk>`, as a phone's tracking app exports a day."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gpx version="1.1" creator="make_example_trip.py"'
        ' xmlns="http://www.topografix.com/GPX/1/1"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://www.topografix.com/GPX/1/1'
        ' http://www.topografix.com/GPX/1/1/gpx.xsd">',
        "  <metadata>",
        f"    <name>{title}</name>",
        f"    <time>{_iso(start)}</time>",
        "  </metadata>",
        *waypoints,
        "  <trk>",
        f"    <name>{trk_name}</name>",
        "    <type>motorcycling</type>",
    ]
    for points in segments:
        lines += ["    <trkseg>", *points, "    </trkseg>"]
    lines += ["  </trk>", "</gpx>"]
    return "\n".join(lines) + "\n"


def track_gpx() -> str:
    """The GPX 1.1 document of 30 June: two segments, as the fix is lost in the tunnel."""
    rng = random.Random(20150630)
    french_portal_at = ITALIAN_PORTAL_AT - TUNNEL
    french_start = french_portal_at - _duration(FRENCH_SIDE)
    name, where = WAYPOINT
    waypoint = [
        f'  <wpt lat="{where.lat:.6f}" lon="{where.lon:.6f}">',
        f"    <ele>{where.ele:.1f}</ele>",
        f"    <time>{_iso(french_portal_at)}</time>",
        f"    <name>{name}</name>",
        "  </wpt>",
    ]
    segments = [
        _sample(FRENCH_SIDE, french_start, rng),
        _sample(ITALIAN_SIDE, ITALIAN_PORTAL_AT, rng),
    ]
    return _document(
        "Chamonix - Aosta",
        french_start,
        waypoint,
        "Chamonix - Traforo del Monte Bianco - Aosta",
        segments,
    )


# The other riding days, as a phone's tracking app logs them: one file a day, one `<trkseg>` per
# stretch ridden without a pause (the app pauses over lunch, a coffee, the Channel train). The
# fixes follow the real roads' general course; speeds are over the straight line between fixes.

TOWN, ROAD, FAST = 30, 70, 105  # km/h: streets, main roads, motorways


def _fixes(*rows: tuple[float, ...]) -> tuple[Fix, ...]:
    """Fixes from compact rows `(lat, lon, ele[, kmh[, stop_s]])`."""
    return tuple(Fix(r[0], r[1], r[2], *(int(x) for x in r[3:])) for r in rows)


@dataclass(frozen=True)
class Leg:
    """A stretch ridden without a pause: the bike reaches `fixes[reach]` at `when`."""

    fixes: tuple[Fix, ...]
    when: dt.datetime
    reach: int = 0

    @property
    def start(self) -> dt.datetime:
        return (
            self.when
            - _duration(self.fixes[: self.reach + 1])
            + dt.timedelta(seconds=self.fixes[self.reach].stop_s)
        )

    @property
    def end(self) -> dt.datetime:
        return self.start + _duration(self.fixes)


@dataclass(frozen=True)
class Ride:
    """One day's GPX file."""

    file: str
    title: str
    legs: tuple[Leg, ...]
    step_s: int = 40


HOME = (51.4625, -0.1370, 25.0)
#: Clapham to the M20 and on to the Eurotunnel terminal at Folkestone.
M20_OUT = (
    (*HOME, TOWN), (51.4618, -0.1262, 20, TOWN), (51.4613, -0.1150, 20, TOWN),  # Brixton
    (51.4535, -0.1000, 35, TOWN), (51.4450, -0.0870, 45, TOWN),  # Herne Hill, Dulwich
    (51.4375, -0.0540, 60, TOWN), (51.4450, -0.0205, 25, TOWN),  # Forest Hill, Catford
    (51.4520, 0.0120, 30, 35), (51.4400, 0.0550, 50, 50), (51.4180, 0.1100, 60, 60),  # A20
    (51.3980, 0.1700, 70, 70), (51.3650, 0.2250, 110, FAST),  # Swanley, the M20
    (51.3250, 0.3050, 170, FAST), (51.3000, 0.4250, 60, FAST),  # Wrotham
    (51.2900, 0.5250, 40, FAST), (51.2650, 0.6350, 80, FAST),  # Maidstone
    (51.2250, 0.7300, 110, FAST), (51.1800, 0.8200, 60, FAST),  # Lenham
    (51.1500, 0.8900, 50, FAST), (51.1150, 0.9850, 70, FAST),  # Ashford
    (51.0970, 1.0700, 60, FAST), (51.0950, 1.1150, 55, 40),
)  # fmt: skip
FOLKESTONE_TERMINAL = (51.0940, 1.1330, 55.0)
COQUELLES = (50.9260, 1.8120, 10.0)
#: Calais to Reims on the A26, the Autoroute des Anglais.
A26 = (
    (50.9380, 1.9050, 20, 60), (50.9000, 1.9700, 40, FAST),
    (50.8200, 2.0900, 60, FAST), (50.7350, 2.2400, 40, FAST),  # Nordausques, Saint-Omer
    (50.6650, 2.3500, 50, FAST), (50.6050, 2.4300, 50, FAST),  # Aire-sur-la-Lys
    (50.5200, 2.6000, 40, FAST), (50.4300, 2.7300, 60, FAST),  # Béthune
    (50.3500, 2.8600, 70, FAST), (50.2700, 2.8900, 85, FAST),  # Arras
)  # fmt: skip
A26_SOUTH = (
    (50.1700, 3.1800, 90, FAST), (50.0200, 3.2500, 110, FAST),  # Cambrai
    (49.8600, 3.3100, 100, FAST), (49.7300, 3.4600, 80, FAST),  # Saint-Quentin
    (49.5800, 3.6000, 90, FAST), (49.4500, 3.7800, 100, FAST),  # Laon
    (49.3300, 3.9200, 110, FAST), (49.2800, 4.0000, 90, FAST),
    (49.2580, 4.0250, 86, TOWN), (49.2540, 4.0318, 85, TOWN),  # Reims, the hotel
)  # fmt: skip
MANTOVA_HOTEL = (45.1590, 10.7960, 20.0)
#: Mantua to Bologna: the A22 south, the A1 east.
A22_A1 = (
    (*MANTOVA_HOTEL, TOWN), (45.1650, 10.8150, 20, TOWN), (45.1950, 10.8300, 22, 50),
    (45.1150, 10.8450, 20, FAST), (44.9970, 10.8700, 20, FAST),  # Mantova Sud, Pegognaga
    (44.9000, 10.8500, 22, FAST), (44.7800, 10.9000, 28, FAST),  # Reggiolo, Carpi
    (44.6800, 10.8700, 40, FAST), (44.6700, 10.9300, 40, FAST),  # Campogalliano, the A1
    (44.6000, 10.9900, 50, FAST), (44.5700, 11.0600, 50, FAST),  # Modena Sud
    (44.5400, 11.1300, 60, FAST), (44.5100, 11.2200, 60, FAST),  # Valsamoggia
    (44.4800, 11.2550, 60, FAST),  # Casalecchio
)  # fmt: skip
#: The Autoroute/E40 from Gent past Bruges and Dunkirk to the Eurotunnel at Coquelles.
E40_WEST = (
    (51.0545, 3.7205, 9, TOWN), (51.0450, 3.6800, 10, 50), (51.0500, 3.5800, 10, FAST),
    (51.1000, 3.4000, 10, FAST), (51.1800, 3.2300, 8, FAST),  # Aalter, Bruges
    (51.1600, 3.0500, 8, FAST), (51.1100, 2.8200, 5, FAST),  # Jabbeke
    (51.0700, 2.6600, 5, FAST), (51.0500, 2.5000, 5, FAST),  # Veurne, the border
    (51.0300, 2.3500, 5, FAST), (50.9900, 2.1300, 5, FAST),  # Dunkirk, Gravelines
    (50.9550, 1.9600, 10, FAST), (50.9350, 1.8600, 15, FAST), (*COQUELLES, 40),
)  # fmt: skip


def _back(rows: Sequence[tuple[float, ...]], kmh: float) -> tuple[tuple[float, ...], ...]:
    """The same road ridden the other way, at the speed each stretch had going out."""
    places = [r[:3] for r in reversed(rows)]
    speeds = [kmh] + [r[3] if len(r) > 3 else kmh for r in reversed(rows[1:])]
    return tuple((*p, s) for p, s in zip(places, speeds, strict=True))


RIDES: tuple[Ride, ...] = (
    Ride("2015-06-27-londra-reims.gpx", "Londra - Reims", (
        Leg(_fixes(*M20_OUT, (*FOLKESTONE_TERMINAL, 20, 900)), _at(27, 6, "09:23:30", BST), 22),
        Leg(_fixes(
            (*COQUELLES, TOWN), (50.9420, 1.8350, 5, TOWN), (50.9528, 1.8535, 8, TOWN, 2100),
            *A26,
        ), _at(27, 6, "11:30:00")),
        Leg(_fixes((50.2700, 2.8900, 85, FAST), *A26_SOUTH), _at(27, 6, "14:35:00")),
    )),
    Ride("2015-06-28-reims-besancon.gpx", "Reims - Besancon", (
        Leg(_fixes(
            (49.2540, 4.0318, 85, TOWN), (49.2400, 4.0200, 90, TOWN), (49.1900, 4.0100, 150, 65),
            (49.1400, 3.9800, 220, 60), (49.0400, 3.9560, 75, ROAD),  # Épernay
            (48.9900, 3.9800, 120, ROAD), (48.9060, 4.0020, 110, ROAD),  # Vertus
            (48.8300, 3.9950, 120, ROAD), (48.7530, 3.9900, 110, ROAD),  # Fère-Champenoise
            (48.6500, 4.0700, 110, ROAD), (48.5350, 4.1400, 100, ROAD),  # Arcis-sur-Aube
            (48.4300, 4.1000, 115, ROAD), (48.3100, 4.0800, 110, ROAD),
            (48.2975, 4.0760, 110, TOWN, 1200),  # Troyes
        ), _at(28, 6, "11:02:00"), 13),
        Leg(_fixes(
            (48.2975, 4.0760, 110, TOWN), (48.2400, 4.1600, 130, 50), (48.1800, 4.2700, 150, ROAD),
            (48.1130, 4.3750, 160, ROAD), (48.0300, 4.4600, 190, ROAD),  # Bar-sur-Seine
            (47.9500, 4.5200, 210, ROAD), (47.8580, 4.5730, 220, ROAD, 900),  # Châtillon
            (47.7500, 4.7500, 330, ROAD), (47.6700, 4.9600, 380, ROAD),
            (47.5880, 5.1850, 270, ROAD), (47.5200, 5.3900, 230, ROAD),  # Selongey
            (47.4450, 5.5920, 220, ROAD), (47.3700, 5.6800, 230, ROAD),  # Gray
            (47.2920, 5.7740, 210, ROAD), (47.2600, 5.9000, 250, ROAD),  # Marnay
            (47.2450, 5.9900, 260, 50), (47.2365, 6.0290, 250, TOWN),  # Besançon
        ), _at(28, 6, "13:40:00")),
    )),
    Ride("2015-06-29-besancon-chamonix.gpx", "Besancon - Chamonix", (
        Leg(_fixes(
            (47.2365, 6.0290, 250, TOWN), (47.2200, 6.0700, 300, TOWN), (47.1900, 6.1300, 400, 60),
            (47.1600, 6.2600, 600, ROAD), (47.1500, 6.3400, 640, ROAD),  # Valdahon
            (47.0800, 6.3500, 700, ROAD), (47.0000, 6.3450, 800, ROAD),
            (46.9040, 6.3550, 840, 50), (46.8500, 6.3300, 870, 60),  # Pontarlier
            (46.7950, 6.2950, 900, 60), (46.7500, 6.2400, 930, 60),  # Malbuisson
            (46.7100, 6.1950, 940, 60), (46.6040, 6.1150, 1090, 50),  # Mouthe
            (46.5600, 6.0680, 1080, 50), (46.5250, 6.0250, 750, 40),  # Bellefontaine, Morez
            (46.4850, 6.0630, 1120, 35), (46.4400, 6.0300, 1200, 45),  # Les Rousses
            (46.3700, 6.0020, 1000, 45), (46.3662, 6.0290, 1323, 35, 720),  # the Faucille
            (46.3500, 6.0450, 1000, 35), (46.3330, 6.0580, 630, 35),  # Gex
        ), _at(29, 6, "11:14:00"), 18),
        Leg(_fixes(
            (46.3330, 6.0580, 630, TOWN), (46.2560, 6.1100, 430, 40), (46.2350, 6.1150, 420, 25),
            (46.2040, 6.1430, 375, 20), (46.1900, 6.1800, 400, 25),  # Geneva
            (46.1800, 6.2500, 430, 40), (46.1500, 6.3300, 450, FAST),  # Annemasse, the A40
            (46.0780, 6.4010, 450, FAST), (46.0600, 6.5800, 490, FAST),  # Bonneville, Cluses
            (45.9900, 6.6100, 520, FAST), (45.9360, 6.6310, 550, FAST),  # Sallanches
            (45.9100, 6.7000, 580, 90), (45.8950, 6.7600, 800, ROAD),  # Passy
            (45.8900, 6.8000, 1000, 60), (45.9100, 6.8400, 1030, 60),  # Les Houches
            (45.9237, 6.8694, 1035, 40),  # Chamonix
        ), _at(29, 6, "16:05:00")),
    )),
    Ride("2015-06-30-aosta-mantova.gpx", "Aosta - Mantova", (
        Leg(_fixes(
            (45.7373, 7.3262, 575, TOWN), (45.7330, 7.3600, 560, TOWN),
            (45.7380, 7.4650, 530, FAST), (45.7500, 7.6150, 500, FAST),  # Nus, Châtillon
            (45.7050, 7.6800, 420, FAST), (45.6650, 7.6950, 390, FAST),  # Verrès
            (45.5950, 7.7950, 340, FAST), (45.5200, 7.8500, 270, FAST),  # Pont-Saint-Martin
            (45.4600, 7.8800, 250, FAST), (45.3900, 7.8900, 230, FAST),  # Ivrea
            (45.3200, 7.8850, 220, FAST), (45.2400, 7.8200, 220, FAST),
            (45.2000, 7.7800, 220, FAST), (45.1400, 7.7600, 210, FAST),  # Volpiano, Settimo
            (45.1400, 7.6700, 240, 80), (45.1250, 7.6200, 260, 80),  # the Turin ring road
            (45.0800, 7.5800, 290, 80), (45.0300, 7.5800, 270, 80),
            (44.9900, 7.6300, 240, 80), (44.9900, 7.7000, 230, 80),  # Moncalieri
            (44.9500, 7.7800, 240, FAST), (44.9400, 7.9400, 260, FAST),  # Santena, the A21
        ), _at(30, 6, "12:20:00")),
        Leg(_fixes(
            (44.9400, 7.9400, 260, FAST), (44.8950, 8.2100, 120, FAST),  # Asti
            (44.9100, 8.4400, 110, FAST), (44.9200, 8.6100, 95, FAST),  # Alessandria
            (44.8950, 8.8400, 120, FAST), (44.9900, 9.0100, 90, FAST),  # Tortona, Voghera
            (45.0600, 9.2500, 70, FAST), (45.0550, 9.4400, 70, FAST),  # Stradella
            (45.0400, 9.6700, 60, FAST),  # Piacenza
        ), _at(30, 6, "15:10:00")),
        Leg(_fixes(
            (45.0400, 9.6700, 60, FAST), (45.0500, 9.8800, 45, FAST),  # Caorso
            (45.1200, 10.0200, 45, FAST), (45.1400, 10.1000, 40, 80),  # Cremona
            (45.1500, 10.2300, 35, ROAD), (45.1300, 10.3700, 30, ROAD),  # Piadena
            (45.1030, 10.4820, 28, ROAD), (45.1200, 10.5300, 28, ROAD),  # Bozzolo, Marcaria
            (45.1500, 10.6500, 25, ROAD), (45.1560, 10.7500, 22, ROAD),  # Castellucchio
            (45.1560, 10.7850, 20, TOWN), (45.1607, 10.8046, 18, 20),  # the San Giorgio bridge
        ), _at(30, 6, "20:36:00"), 11),
    )),
    Ride("2015-07-02-mantova-bologna.gpx", "Mantova - Bologna - Mantova", (
        Leg(_fixes(
            *A22_A1, (44.4640, 11.2520, 65, 60, 1200),  # Cantagallo
            (44.4300, 11.2500, 80, FAST), (44.4000, 11.2500, 128, FAST),  # Sasso Marconi
            (44.4400, 11.2700, 90, 50), (44.4760, 11.2760, 61, 40),  # the Porrettana
        ), _at(2, 7, "12:55:00"), 14),
        Leg(_fixes(
            (44.4760, 11.2760, 61, TOWN), *_back(A22_A1, 40),
        ), _at(2, 7, "18:40:00")),
    )),
    Ride("2015-07-03-mantova-lucerna.gpx", "Mantova - Lugano - Gottardo - Luzern", (
        Leg(_fixes(
            (*MANTOVA_HOTEL, TOWN), (45.1700, 10.7800, 22, TOWN),
            (45.2530, 10.6700, 35, ROAD), (45.3200, 10.5800, 70, ROAD),  # Goito
            (45.3920, 10.4860, 116, ROAD), (45.4600, 10.3800, 120, ROAD),  # Castiglione
            (45.5200, 10.2900, 130, ROAD), (45.5450, 10.1600, 140, FAST),  # Brescia, the A4
            (45.5650, 9.9900, 170, FAST), (45.6300, 9.8200, 220, FAST),  # Rovato
            (45.6650, 9.7000, 240, FAST),  # Bergamo, breakfast at the services
        ), _at(3, 7, "07:05:00")),
        Leg(_fixes(
            (45.6650, 9.7000, 240, FAST), (45.6100, 9.5300, 190, FAST),
            (45.5700, 9.3500, 160, FAST), (45.5400, 9.2100, 140, FAST),  # Agrate, Sesto
            (45.5500, 9.1200, 150, FAST), (45.5700, 9.0500, 180, FAST),  # Lainate, the A9
            (45.6300, 9.0400, 230, FAST), (45.7500, 9.0400, 320, FAST),
            (45.8000, 9.0600, 250, FAST, 2400), (45.8400, 9.0300, 240, 60),  # Como, Chiasso
            (45.8700, 8.9800, 350, FAST), (45.9550, 8.9500, 280, FAST),  # Mendrisio, Melide
            (46.0040, 8.9520, 275, TOWN),  # Lugano
        ), _at(3, 7, "11:28:00"), 12),
        Leg(_fixes(
            (46.0040, 8.9520, 275, TOWN), (46.0300, 8.9400, 300, 50),
            (46.1250, 8.9200, 470, FAST), (46.1950, 9.0200, 240, FAST),  # Rivera, Bellinzona
            (46.2800, 8.9900, 280, FAST), (46.3600, 8.9700, 300, FAST),  # Biasca
            (46.4200, 8.8900, 500, FAST), (46.4800, 8.8000, 710, FAST),  # Faido
            (46.5050, 8.7100, 900, FAST), (46.5280, 8.6100, 1175, 50),  # Airolo
            (46.5400, 8.5900, 1500, 25), (46.5450, 8.5750, 1700, 20),  # the Tremola
            (46.5520, 8.5700, 1900, 20), (46.5590, 8.5615, 2106, 20, 1200),  # the pass
        ), _at(3, 7, "14:12:00"), 13),
        Leg(_fixes(
            (46.5590, 8.5615, 2106, 20), (46.5800, 8.5800, 1900, 40),
            (46.6200, 8.5700, 1480, 40), (46.6350, 8.5950, 1440, 30),  # Hospental, Andermatt
            (46.6680, 8.5880, 1100, 40), (46.7070, 8.6000, 920, ROAD),  # Göschenen, Wassen
            (46.7700, 8.6700, 520, 90), (46.8800, 8.6400, 450, 90),  # Amsteg, Altdorf
            (46.9000, 8.6250, 440, 90), (46.9650, 8.4750, 440, FAST),  # Flüelen, Beckenried
            (46.9580, 8.3650, 450, FAST), (46.9900, 8.3100, 450, FAST),  # Stans, Hergiswil
            (47.0300, 8.3000, 440, 60), (47.0500, 8.3050, 436, TOWN),  # Luzern
        ), _at(3, 7, "15:35:00")),
    )),
    Ride("2015-07-04-lucerna-karlsruhe.gpx", "Luzern - Freiburg - Karlsruhe", (
        Leg(_fixes(
            (47.0500, 8.3050, 436, TOWN), (47.0800, 8.2800, 440, 50),
            (47.1300, 8.1900, 510, FAST), (47.1700, 8.1000, 500, FAST),  # Sempach, Sursee
            (47.2200, 7.9900, 450, FAST), (47.2900, 7.9300, 420, FAST),  # Oftringen
            (47.3200, 7.8000, 440, FAST), (47.3700, 7.7900, 500, FAST),  # Egerkingen, Belchen
            (47.4600, 7.8100, 380, FAST), (47.4800, 7.7300, 330, FAST),  # Sissach, Liestal
            (47.5200, 7.6900, 290, FAST), (47.5600, 7.6000, 260, ROAD),  # Pratteln, Basel
            (47.5870, 7.5580, 250, 50), (47.5930, 7.5840, 245, 40),  # Saint-Louis, Huningue
            (47.5950, 7.6100, 260, 40), (47.6600, 7.5650, 250, FAST),  # Weil am Rhein, the A5
            (47.8100, 7.5700, 230, FAST, 900), (47.9200, 7.7000, 230, FAST),  # Neuenburg
            (47.9900, 7.7900, 260, ROAD), (47.9955, 7.8522, 278, TOWN),  # Freiburg
        ), _at(4, 7, "12:20:00"), 19),
        Leg(_fixes(
            (47.9955, 7.8522, 278, TOWN), (48.0300, 7.8900, 260, 40),
            (48.0950, 7.9600, 270, 60), (48.1730, 8.0700, 360, 60),  # Waldkirch, Elzach
            (48.2000, 8.1100, 450, 50), (48.2850, 8.1750, 240, 50),  # Prechtal, Hausach
            (48.2950, 8.2200, 260, 60), (48.2900, 8.3400, 330, 60),  # Wolfach, Schiltach
            (48.3450, 8.4050, 440, 60), (48.4100, 8.4500, 660, 60),  # Alpirsbach, Loßburg
            (48.4630, 8.4110, 730, 50, 900), (48.4750, 8.3200, 930, 60),  # Freudenstadt
            (48.5350, 8.2400, 1000, 60), (48.5600, 8.2250, 915, 60),  # the B500, Ruhestein
            (48.5980, 8.2010, 1030, 60), (48.6310, 8.1830, 930, 60),  # Mummelsee
            (48.6570, 8.2280, 830, 60), (48.6700, 8.2300, 760, 60),  # Sand, Bühlerhöhe
            (48.7300, 8.2400, 300, 50), (48.7600, 8.2400, 180, 40),  # Baden-Baden
            (48.7900, 8.1900, 120, 60), (48.8500, 8.2200, 115, FAST),  # the A5, Rastatt
            (48.9300, 8.3300, 115, FAST), (48.9800, 8.3800, 115, FAST),
            (48.9960, 8.4010, 115, TOWN),  # Karlsruhe, by the station
        ), _at(4, 7, "14:00:00")),
    )),
    Ride("2015-07-05-karlsruhe-gand.gpx", "Karlsruhe - Koeln - Aachen - Gent", (
        Leg(_fixes(
            (48.9960, 8.4010, 115, TOWN), (49.0400, 8.4400, 115, 50),
            (49.1300, 8.5600, 110, FAST), (49.3000, 8.6300, 105, FAST),  # Bruchsal, Walldorf
            (49.3950, 8.6050, 110, FAST), (49.5500, 8.6200, 100, FAST),  # Heidelberg, Weinheim
            (49.8700, 8.6200, 140, FAST), (50.0530, 8.6350, 110, FAST),  # Darmstadt, the Kreuz
            (50.0600, 8.5300, 110, FAST), (50.0550, 8.3700, 150, FAST),  # the A3
            (50.2200, 8.2700, 300, FAST), (50.3000, 8.2500, 250, FAST),  # Idstein
            (50.3800, 8.0500, 150, FAST, 900), (50.4400, 7.8300, 300, FAST),  # Limburg
            (50.5400, 7.6500, 280, FAST), (50.6200, 7.4300, 300, FAST),  # Dierdorf
            (50.7900, 7.2400, 80, FAST), (50.9200, 7.0600, 60, FAST),  # Siegburg, Heumar
            (50.9350, 6.9900, 55, TOWN), (50.9413, 6.9583, 55, TOWN),  # Cologne, the Dom
        ), _at(5, 7, "10:35:00"), 19),
        Leg(_fixes(
            (50.9413, 6.9583, 55, TOWN), (50.9300, 6.9000, 60, 50),
            (50.9100, 6.8100, 80, FAST), (50.8800, 6.6800, 100, FAST),  # Frechen, Kerpen
            (50.8500, 6.4800, 130, FAST), (50.8200, 6.2600, 170, FAST),  # Düren, Eschweiler
            (50.7850, 6.1300, 190, 60), (50.7750, 6.0840, 175, TOWN),  # Aachen
        ), _at(5, 7, "11:40:00")),
        Leg(_fixes(
            (50.7750, 6.0840, 175, TOWN), (50.7400, 6.1000, 250, 50),
            (50.7100, 6.1200, 300, FAST), (50.6950, 6.0900, 290, FAST),  # Lichtenbusch
            (50.6430, 5.8250, 260, FAST), (50.6400, 5.5700, 180, FAST),  # Battice, Liège
            (50.7000, 5.2500, 130, FAST, 1200), (50.8050, 4.9300, 60, FAST),  # Waremme, Tienen
            (50.8750, 4.7000, 40, FAST), (50.8850, 4.4700, 50, FAST),  # Leuven, Zaventem
            (50.8750, 4.2600, 60, FAST), (50.8700, 4.1700, 50, FAST),  # Groot-Bijgaarden
            (50.9300, 4.0500, 20, FAST), (50.9300, 3.9600, 20, FAST),  # Aalst, Erpe-Mere
            (50.9950, 3.8800, 10, FAST), (51.0300, 3.7500, 8, 40),  # Wetteren, Gent
            (51.0545, 3.7205, 9, TOWN),  # the Graslei
        ), _at(5, 7, "13:30:00")),
    )),
    Ride("2015-07-06-gand-londra.gpx", "Gent - Londra", (
        Leg(_fixes(*E40_WEST, (*COQUELLES, 10, 1500)), _at(6, 7, "13:40:00"), 13),
        Leg(_fixes(
            (*FOLKESTONE_TERMINAL, 20), *_back(M20_OUT, FAST),
        ), _at(6, 7, "14:05:00", BST)),
    )),
)  # fmt: skip


def ride_gpx(ride: Ride) -> str:
    """The GPX 1.1 document of one day: a `<trkseg>` per leg, the points every `step_s`."""
    rng = random.Random(zlib.crc32(ride.file.encode()))
    step = dt.timedelta(seconds=ride.step_s)
    for before, after in zip(ride.legs, ride.legs[1:], strict=False):
        if after.start <= before.end:
            raise ValueError(f"{ride.file}: a leg starts before the previous one ends")
    segments = [_sample(leg.fixes, leg.start, rng, step) for leg in ride.legs]
    return _document(ride.title, ride.legs[0].start, [], ride.title, segments)


def write_tracks(tracks: Path) -> list[Path]:
    tracks.mkdir(parents=True, exist_ok=True)
    path = tracks / "2015-06-30-chamonix-aosta.gpx"
    path.write_text(track_gpx(), encoding="utf-8", newline="\n")
    written = [path]
    for ride in RIDES:
        written.append(tracks / ride.file)
        written[-1].write_text(ride_gpx(ride), encoding="utf-8", newline="\n")
    return sorted(written)


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
