"""Regenerate the sample exports under tests/data/imports/ from the tables below.

    python tests/data/make_imports.py

One small export per source and variant, written from the documented formats: a Polarsteps
"Download my data" folder, Google Takeout (Records.json with both `timestampMs` and
`timestamp`, a Semantic Location History month), Google Timeline from an Android phone
(Timeline.json) and from an iPhone (location-history.json), a Day One JSON export and a
Strava bulk export (GPX, FIT, gzipped), a folder of activities, and broken ones. The rider and
his account are made up; his home is the example trip's (the README's privacy zone).

Photos are real JPEGs (tests/photofactory.py), FIT files are written here byte by byte from
the FIT protocol (header, definition and data messages, CRC-16), and gzip members carry no
time stamp, so every run writes the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import shutil
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: make `tests.photofactory` importable
    sys.path.insert(0, str(ROOT))

from tests.photofactory import ExifSpec, write_jpeg  # noqa: E402

OUT = ROOT / "tests" / "data" / "imports"
UTC = dt.UTC
HOME = (51.4545, -0.1106)  # the made-up rider's front door
WORK = (51.5014, -0.1419)
DOVER = (51.1279, 1.3134)
AOSTA = (45.7370, 7.3201)
MANTOVA = (45.1564, 10.7914)
VERONA = (45.4384, 10.9916)
REIMS = (49.2583, 4.0317)
ACCOUNT = {"email": "rider@example.org", "first_name": "Rider", "last_name": "Example"}


def line(a: tuple[float, float], b: tuple[float, float], start: dt.datetime, minutes: int,
         count: int) -> list[tuple[float, float, dt.datetime]]:  # fmt: skip
    """`count` points from a to b, evenly in space and time: a phone's track, simplified."""
    step = dt.timedelta(minutes=minutes / (count - 1))
    return [
        (
            round(a[0] + (b[0] - a[0]) * i / (count - 1), 6),
            round(a[1] + (b[1] - a[1]) * i / (count - 1), 6),
            start + step * i,
        )
        for i in range(count)
    ]


# Day 1 (27 June 2015, BST): from the door to Dover. Day 2 (28 June, CEST): Aosta to Mantua.
DAY1 = line(HOME, DOVER, dt.datetime(2015, 6, 27, 5, 0, tzinfo=UTC), 180, 25)
DAY2 = line(AOSTA, MANTOVA, dt.datetime(2015, 6, 28, 7, 0, tzinfo=UTC), 300, 21)


def ms(when: dt.datetime) -> str:
    return str(int(when.timestamp() * 1000))


def iso(when: dt.datetime, offset_hours: int = 0) -> str:
    zone = dt.timezone(dt.timedelta(hours=offset_hours))
    return when.astimezone(zone).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def photo(path: Path, taken: dt.datetime, gps: tuple[float, float] | None = None) -> Path:
    """A phone photo taken at `taken` (aware: its wall clock is DateTimeOriginal)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    spec = ExifSpec(taken=taken.replace(tzinfo=None), make="Apple", model="iPhone 6")
    if gps:
        spec = ExifSpec(lat=gps[0], lon=gps[1], gps_time=taken.astimezone(UTC),
                        taken=spec.taken, make="Apple", model="iPhone 6")  # fmt: skip
    return write_jpeg(path, spec)


BST = dt.timezone(dt.timedelta(hours=1))
CEST = dt.timezone(dt.timedelta(hours=2))


def polarsteps() -> None:
    base = OUT / "polarsteps"
    write_json(base / "user" / "user.json", {
        "id": 4242, "username": "rider-example", **ACCOUNT,
        "living_location": {"name": "London", "detail": "United Kingdom", "country_code": "GB",
                            "lat": HOME[0], "lon": HOME[1]},
        "living_location_name": "London, United Kingdom", "locale": "it_IT",
    })  # fmt: skip
    trip = base / "trip" / "alpi-in-moto_7001"
    step = {"trip_id": 7001, "type": 1, "supertype": "normal", "is_deleted": False}
    steps = [
        {**step, "id": 101, "slug": "si-parte", "display_name": "Si parte", "name": None,
         "description": "Si parte da casa con la moto carica.\nIl tunnel ci aspetta domani.",
         "start_time": 1435383000.0, "timezone_id": "Europe/London",
         "location": {"name": "London", "detail": "United Kingdom", "lat": HOME[0],
                      "lon": HOME[1], "country_code": "GB"},
         "weather_condition": "rain", "weather_temperature": 14.0},
        {**step, "id": 102, "slug": "aosta", "display_name": "Aosta", "name": "Aosta",
         "description": "Colazione ad Aosta, poi la strada per la valle. Che sole!",
         "start_time": 1435474800.0, "timezone_id": "Europe/Rome",
         "location": {"name": "Aosta", "detail": "Italy", "lat": AOSTA[0], "lon": AOSTA[1],
                      "country_code": "IT"},
         "weather_condition": "clear-day", "weather_temperature": 24.5},
        {**step, "id": 103, "slug": "mantua", "display_name": "Mantua at last",
         "description": "We reached Mantua in the evening, and the lakes were still warm.",
         "start_time": 1435503600.0, "timezone_id": "Europe/Rome",
         "location": {"name": "Mantova", "detail": "Italy", "lat": MANTOVA[0],
                      "lon": MANTOVA[1], "country_code": "IT"}},
        {**step, "id": 104, "slug": "deleted", "display_name": "Cancellato", "is_deleted": True,
         "description": "", "start_time": 1435510000.0, "timezone_id": "Europe/Rome",
         "location": {"name": "Mantova", "lat": MANTOVA[0], "lon": MANTOVA[1]}},
        {**step, "id": 105, "slug": "verona", "display_name":
         "{{ site.title }} <script>alert('x')</script> \"Verona\"",
         "description": "Testo con {% raw %} e {{ page.title }}: la strada per Verona è bella.",
         "start_time": 1435572000.0, "timezone_id": "Europe/Rome",
         "location": {"name": "Verona", "lat": VERONA[0], "lon": VERONA[1]}},
    ]  # fmt: skip
    write_json(trip / "trip.json", {
        "id": 7001, "user_id": 4242, "name": "Alpi in moto", "slug": "alpi-in-moto",
        "timezone_id": "Europe/Rome", "start_date": 1435383000.0, "end_date": 1435572000.0,
        "summary": "Da Londra a Mantova", "all_steps": steps,
    })  # fmt: skip
    points = [{"lat": la, "lon": lo, "time": t.timestamp()} for la, lo, t in DAY1 + DAY2]
    points = points[10:] + points[:10]  # the tracker syncs late: not in time order
    write_json(trip / "locations.json", {"locations": points})
    aosta = trip / "aosta_102"
    photo(aosta / "photos" / "a1b2c3d4_colazione.jpg", dt.datetime(2015, 6, 28, 8, 55, tzinfo=CEST))
    photo(aosta / "photos" / "e5f6a7b8_valle.jpg", dt.datetime(2015, 6, 28, 9, 20, tzinfo=CEST))
    (aosta / "videos").mkdir(parents=True, exist_ok=True)
    (aosta / "videos" / "c0ffee_valle.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    photo(
        trip / "mantua_103" / "photos" / "0a1b2c_lago.jpg",
        dt.datetime(2015, 6, 28, 17, 5, tzinfo=CEST),
    )
    broken = OUT / "polarsteps-broken" / "trip" / "rotto_7002"
    broken.mkdir(parents=True, exist_ok=True)
    (broken / "trip.json").write_text('{"name": "Rotto", "all_steps": [\n  {"id": 1,\n', "utf-8")


def records() -> None:
    base = OUT / "google-takeout" / "Takeout" / "Location History"
    locations = []
    for i, (la, lo, t) in enumerate(DAY1):
        item = {"latitudeE7": round(la * 1e7), "longitudeE7": round(lo * 1e7), "accuracy": 12}
        item.update({"timestampMs": ms(t)} if i % 2 else {"timestamp": iso(t)})
        locations.append(item)
    locations.reverse()  # newest first, as some exports were
    locations.append({"latitudeE7": 514000000, "longitudeE7": 1000000, "accuracy": 2500,
                      "timestamp": "2015-06-27T07:30:00Z", "source": "CELL"})  # fmt: skip
    locations.append({"longitudeE7": 1000000, "timestamp": "2015-06-27T07:31:00Z"})
    write_json(base / "Records.json", {"locations": locations})
    write_json(base / "Settings.json", {"createdTime": "2015-06-30T10:00:00Z", "devices": []})
    path = [{"latE7": round(la * 1e7), "lngE7": round(lo * 1e7), "timestamp": iso(t)}
            for la, lo, t in DAY2[1:-1]]  # fmt: skip
    e7 = lambda p: {"latitudeE7": round(p[0] * 1e7), "longitudeE7": round(p[1] * 1e7)}  # noqa: E731
    write_json(base / "Semantic Location History" / "2015" / "2015_JUNE.json", {"timelineObjects": [
        {"placeVisit": {"location": {**e7(HOME), "placeId": "ChIJ-home", "address":
                                     "1 Example Road, London", "semanticType": "TYPE_HOME"},
                        "duration": {"startTimestamp": "2015-06-26T18:00:00Z",
                                     "endTimestamp": "2015-06-27T05:00:00Z"}}},
        {"placeVisit": {"location": {**e7(DOVER), "name": "Hotel Bellevue Dover",
                                     "address": "Marine Parade, Dover"},
                        "duration": {"startTimestampMs": ms(DAY1[-1][2]),
                                     "endTimestampMs": ms(DAY1[-1][2] + dt.timedelta(hours=12))}}},
        {"activitySegment": {"startLocation": e7(AOSTA), "endLocation": e7(MANTOVA),
                             "duration": {"startTimestamp": iso(DAY2[0][2]),
                                          "endTimestamp": iso(DAY2[-1][2])},
                             "activityType": "MOTORCYCLING",
                             "simplifiedRawPath": {"points": path}}},
        {"placeVisit": {"location": {"latitudeE7": "broken"}}},
    ]})  # fmt: skip


def android() -> None:
    deg = lambda p: f"{p[0]}°, {p[1]}°"  # noqa: E731
    segments = [
        {"startTime": "2015-06-26T19:00:00.000+01:00", "endTime": "2015-06-27T06:00:00.000+01:00",
         "startTimeTimezoneUtcOffsetMinutes": 60, "endTimeTimezoneUtcOffsetMinutes": 60,
         "visit": {"hierarchyLevel": 0, "probability": 0.9, "topCandidate": {
             "placeId": "ChIJ-home", "semanticType": "INFERRED_HOME", "probability": 0.9,
             "placeLocation": {"latLng": deg(HOME)}}}},
        {"startTime": iso(DAY1[0][2], 1), "endTime": iso(DAY1[-1][2], 1),
         "timelinePath": [{"point": deg((la, lo)), "time": iso(t, 1)} for la, lo, t in DAY1]},
        {"startTime": iso(DAY1[-1][2], 1), "endTime": "2015-06-27T20:00:00.000+01:00",
         "visit": {"hierarchyLevel": 0, "topCandidate": {
             "placeId": "ChIJ-dover", "semanticType": "UNKNOWN",
             "placeLocation": {"latLng": deg(DOVER)}}}},
        {"startTime": iso(DAY2[0][2], 2), "endTime": iso(DAY2[-1][2], 2),
         "activity": {"start": {"latLng": deg(AOSTA)}, "end": {"latLng": deg(MANTOVA)},
                      "distanceMeters": 290000.0, "topCandidate": {"type": "MOTORCYCLING"}}},
        {"startTime": "2015-06-28T12:00:00.000+02:00", "endTime": "2015-06-28T13:00:00.000+02:00",
         "timelineMemory": {"trip": {"distanceFromOriginKms": 1100}}},
        {"startTime": "not a time", "activity": {"start": {"latLng": "nowhere"}}},
    ]  # fmt: skip
    signals = [{"position": {"LatLng": deg((la, lo)), "accuracyMeters": 8,
                             "altitudeMeters": 300.0 + i, "source": "GPS",
                             "timestamp": iso(t, 2)}}
               for i, (la, lo, t) in enumerate(DAY2[2:-2])]  # fmt: skip
    signals.append({"wifiScan": {"deliveryTime": iso(DAY2[3][2]), "devicesRecords": []}})
    profile = {"frequentPlaces": [
        {"placeId": "ChIJ-home", "placeLocation": deg(HOME), "label": "HOME"},
        {"placeId": "ChIJ-work", "placeLocation": deg(WORK), "label": "WORK"},
    ], "persona": {"travelModeAffinities": [{"mode": "WALKING", "affinity": 0.5}]}}  # fmt: skip
    write_json(
        OUT / "google-android" / "Timeline.json",
        {"semanticSegments": segments, "rawSignals": signals, "userLocationProfile": profile},
    )


def ios() -> None:
    geo = lambda p: f"geo:{p[0]:.6f},{p[1]:.6f}"  # noqa: E731
    start = DAY1[0][2]
    items = [
        {"startTime": "2015-06-26T19:00:00.000+01:00", "endTime": iso(start, 1),
         "visit": {"hierarchyLevel": "0", "probability": "0.95", "topCandidate": {
             "probability": "0.9", "semanticType": "Home", "placeID": "ChIJ-home",
             "placeLocation": geo(HOME)}}},
        {"startTime": iso(start, 1), "endTime": iso(DAY1[-1][2], 1), "timelinePath": [
            {"point": geo((la, lo)), "durationMinutesOffsetFromStartTime":
             str(int((t - start).total_seconds() // 60))} for la, lo, t in DAY1]},
        {"startTime": iso(DAY2[0][2], 2), "endTime": iso(DAY2[-1][2], 2), "activity": {
            "start": geo(AOSTA), "end": geo(MANTOVA), "distanceMeters": "290000",
            "topCandidate": {"type": "motorcycling", "probability": "0.8"}}},
        {"startTime": iso(DAY2[-1][2], 2), "endTime": "2015-06-28T23:00:00.000+02:00",
         "visit": {"hierarchyLevel": "0", "topCandidate": {"semanticType": "Unknown",
                   "placeID": "ChIJ-mantova", "placeLocation": geo(MANTOVA)}}},
    ]  # fmt: skip
    write_json(OUT / "google-ios" / "location-history.json", items)


def google_broken() -> None:
    base = OUT / "google-broken"
    base.mkdir(parents=True, exist_ok=True)
    (base / "Records.json").write_text('{"locations": [{"latitudeE7": 514545000,\n', "utf-8")
    write_json(base / "unknown.json", {"playlists": [{"name": "Road songs"}]})


def dayone() -> None:
    base = OUT / "dayone"
    first = photo(
        base / "photos" / "tmp-first.jpeg", dt.datetime(2015, 6, 27, 20, 10, tzinfo=CEST), REIMS
    )
    second = photo(
        base / "photos" / "tmp-second.jpeg", dt.datetime(2015, 6, 29, 21, 40, tzinfo=CEST)
    )
    names = []
    for tmp in (first, second):
        md5 = hashlib.md5(tmp.read_bytes()).hexdigest()
        names.append(md5)
        tmp.replace(tmp.with_name(f"{md5}.jpeg"))
    entries = [
        {"uuid": "0A1B2C3D4E5F40718293A4B5C6D7E8F9", "creationDate": "2015-06-27T18:30:00Z",
         "timeZone": "Europe/Paris",
         "text": "# Champagne e cittadelle\n\nArrivati a Reims\\. Che giornata\\!\n\n"
                 "\\- questa non è una lista, e 1\\. nemmeno questa\\.\n\n"
                 "![](dayone-moment://F1E2D3C4B5A697887766554433221100)\n\n"
                 "Domani si riparte \\(presto\\)\\. Un \\*asterisco\\* resta tale\\.",
         "location": {"latitude": REIMS[0], "longitude": REIMS[1], "localityName": "Reims",
                      "placeName": "Place Drouet d'Erlon", "country": "France"},
         "weather": {"conditionsDescription": "Partly Cloudy", "temperatureCelsius": 22.44,
                     "weatherCode": "partly-cloudy-night"},
         "photos": [{"identifier": "F1E2D3C4B5A697887766554433221100", "md5": names[0],
                     "type": "jpeg", "orderInEntry": 0}],
         "creationDevice": "Rider's iPhone", "tags": ["moto"]},
        {"uuid": "1B2C3D4E5F60718293A4B5C6D7E8F90A", "creationDate": "2015-06-29T20:00:00Z",
         "timeZone": "Europe/Rome",
         "text": "Dinner in Mantua by the lake, and the risotto was worth the whole ride. "
                 "We will be back.\n\n![](dayone-moment:/video/AABBCCDDEEFF00112233445566778899)",
         "location": {"latitude": MANTOVA[0], "longitude": MANTOVA[1], "localityName": "Mantova"},
         "photos": [{"identifier": "0011223344556677889900AABBCCDDEE", "md5": names[1],
                     "type": "jpeg"},
                    {"identifier": "99887766554433221100FFEEDDCCBBAA",
                     "md5": "ffffffffffffffffffffffffffffffff", "type": "jpeg"}],
         "videos": [{"identifier": "AABBCCDDEEFF00112233445566778899", "md5": "abc",
                     "type": "mov"}]},
        {"uuid": "2C3D4E5F60718293A4B5C6D7E8F90A1B", "creationDate": "2015-06-30T07:15:00Z",
         "timeZone": "Europe/Rome",
         "text": "# \"Quotes\" & {{ page.title }}\n\nA note with {% include x.html %} in it\\.",
         "location": {"latitude": HOME[0], "longitude": HOME[1], "placeName": "1 Example Road"}},
        {"uuid": "3D4E5F60718293A4B5C6D7E8F90A1B2C", "text": "No date at all."},
    ]  # fmt: skip
    write_json(base / "Viaggi.json", {"metadata": {"version": "1.0"}, "entries": entries})
    write_json(OUT / "dayone-broken" / "Journal.json", {"metadata": {"version": "1.0"}})


def fit_crc(data: bytes, crc: int = 0) -> int:
    """FIT's CRC-16 (the protocol document's nibble table)."""
    table = [0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
             0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400]  # fmt: skip
    for byte in data:
        for nibble in (byte & 0xF, byte >> 4):
            tmp = table[crc & 0xF]
            crc = (crc >> 4) & 0x0FFF
            crc = crc ^ tmp ^ table[nibble]
    return crc


FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=UTC)
NO_POSITION = 0x7FFFFFFF  # FIT's "invalid" sint32


def fit_file(points: list[tuple[float, float, dt.datetime]], *, fixless: int = 0) -> bytes:
    """A FIT activity: file_id, then a `record` per point (timestamp, position in semicircles,
    enhanced_altitude), preceded by `fixless` records with no position yet."""
    body = io.BytesIO()
    seconds = lambda t: int((t - FIT_EPOCH).total_seconds())  # noqa: E731
    # definition, local 0 -> file_id (0): type enum, manufacturer uint16, time_created uint32
    body.write(
        struct.pack("<BBBHB", 0x40, 0, 0, 0, 3) + bytes([0, 1, 0x00, 1, 2, 0x84, 4, 4, 0x86])
    )
    body.write(struct.pack("<BBHI", 0x00, 4, 1, seconds(points[0][2])))
    # definition, local 1 -> record (20): timestamp, position_lat, position_long, enhanced_alt
    fields = [(253, 4, 0x86), (0, 4, 0x85), (1, 4, 0x85), (78, 4, 0x86)]
    body.write(struct.pack("<BBBHB", 0x41, 0, 0, 20, len(fields)))
    body.write(bytes(b for f in fields for b in f))
    semi = lambda deg: round(deg * 2**31 / 180)  # noqa: E731
    first = points[0][2]
    for i in range(fixless, 0, -1):
        body.write(struct.pack("<BIiiI", 0x01, seconds(first) - i, NO_POSITION, NO_POSITION,
                               0xFFFFFFFF))  # fmt: skip
    for n, (la, lo, t) in enumerate(points):
        body.write(struct.pack("<BIiiI", 0x01, seconds(t), semi(la), semi(lo),
                               (200 + n + 500) * 5))  # fmt: skip
    data = body.getvalue()
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(data), b".FIT")
    header += struct.pack("<H", fit_crc(header))
    return header + data + struct.pack("<H", fit_crc(header + data))


def gpx_text(name: str, points: list[tuple[float, float, dt.datetime]]) -> str:
    pts = "\n".join(f'      <trkpt lat="{la}" lon="{lo}"><ele>{10 + i}</ele><time>'
                    f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')}</time></trkpt>"
                    for i, (la, lo, t) in enumerate(points))  # fmt: skip
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="StravaGPX" '
        'xmlns="http://www.topografix.com/GPX/1/1">\n'
        f"  <metadata><time>{points[0][2].strftime('%Y-%m-%dT%H:%M:%SZ')}</time></metadata>\n"
        f"  <trk>\n    <name>{name}</name>\n    <trkseg>\n{pts}\n    </trkseg>\n  </trk>\n"
        "</gpx>\n"
    )


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def strava() -> None:
    base = OUT / "strava"
    lake = line(MANTOVA, (45.17, 10.81), dt.datetime(2015, 6, 29, 7, 0, tzinfo=UTC), 40, 9)
    (base / "activities").mkdir(parents=True, exist_ok=True)
    (base / "activities" / "101.gpx").write_text(gpx_text("Londra–Dover", DAY1), "utf-8")
    (base / "activities" / "102.fit.gz").write_bytes(gz(fit_file(DAY2, fixless=3)))
    (base / "activities" / "103.gpx.gz").write_bytes(gz(gpx_text("Lake", lake).encode()))
    (base / "activities" / "105.fit").write_bytes(fit_file(DAY2)[:60])
    photo(base / "media" / "5c1d9e3a-dover.jpg", dt.datetime(2015, 6, 27, 9, 5, tzinfo=BST), DOVER)
    header = ["Activity ID", "Activity Date", "Activity Name", "Activity Type",
              "Activity Description", "Elapsed Time", "Distance", "Commute", "Activity Gear",
              "Filename", "Athlete Weight", "Elapsed Time", "Distance", "Media"]  # fmt: skip
    rows = [
        ["101", "Jun 27, 2015, 5:00:00 AM", "Londra–Dover", "Ride",
         "Partenza all'alba verso Dover, con il traffico e la pioggia.", "10800", "120.5",
         "false", "Moto", "activities/101.gpx", "", "10800.0", "120512.0",
         "media/5c1d9e3a-dover.jpg"],
        ["102", "Jun 28, 2015, 7:00:00 AM", "Aosta to Mantua", "Ride", "", "18000", "290.1",
         "false", "Moto", "activities/102.fit.gz", "", "18000.0", "290100.0", ""],
        ["103", "Jun 29, 2015, 7:00:00 AM", "Around the lakes", "Ride",
         "A slow loop around the lakes of Mantua before the heat.", "2400", "8.2", "false",
         "Moto", "activities/103.gpx.gz", "", "2400.0", "8200.0", ""],
        ["104", "Jun 29, 2015, 6:00:00 PM", "Yoga", "Yoga", "", "1800", "0", "false", "", "",
         "", "1800.0", "0.0", ""],
        ["105", "Jun 30, 2015, 8:00:00 AM", "Broken file", "Ride", "", "100", "1", "false",
         "Moto", "activities/105.fit", "", "100.0", "1000.0", ""],
    ]  # fmt: skip
    with (base / "activities.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    with (base / "profile.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["Athlete ID", "Email Address", "First Name", "Last Name"],
                                  ["4242", ACCOUNT["email"], ACCOUNT["first_name"],
                                   ACCOUNT["last_name"]]])  # fmt: skip


def activities() -> None:
    base = OUT / "gpx"
    base.mkdir(parents=True, exist_ok=True)
    shuffled = DAY1[12:] + DAY1[:12]  # some apps write segments out of order
    (base / "dover.gpx").write_text(gpx_text("Dover", shuffled), "utf-8")
    (base / "alpi.fit").write_bytes(fit_file(DAY2, fixless=2))
    (base / "lago.gpx.gz").write_bytes(gz(gpx_text("Lago", DAY2[5:12]).encode()))
    (base / "broken.gpx").write_text("<html><body>not a track</body></html>\n", "utf-8")
    (base / "notes.txt").write_text("not an activity\n", "utf-8")


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    for make in (polarsteps, records, android, ios, google_broken, dayone, strava, activities):
        make()
    print(f"wrote {sum(1 for p in OUT.rglob('*') if p.is_file())} files under {OUT}")


if __name__ == "__main__":
    main()
