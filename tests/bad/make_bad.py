"""Write the catalogue of broken trips: one folder per case under tests/bad/, named for it.

Each case is a small trip that renders well except for one broken thing, so the test can
assert that exactly one problem is reported, naming the file, and that everything else is
still published. Binary files are real: JPEGs with real EXIF from tests/photofactory.py, a
HEIC encoded by pillow-heif. Run from the repository root, then commit what it wrote:

    python -m tests.bad.make_bad
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from PIL.ExifTags import GPS, Base as ExifBase

from tests.photofactory import ExifSpec, rationals, write_jpeg, write_truncated_jpeg, zero_gps

HERE = Path(__file__).resolve().parent
TAKEN = dt.datetime(2015, 6, 27, 10, 30)
GPS_TIME = dt.datetime(2015, 6, 27, 8, 30, tzinfo=dt.UTC)
MANTOVA = (45.1564, 10.7914)

TRIP_TOML = """default_lang = "it"
timezone = "Europe/Rome"

[title]
it = "Caso"
en = "Case"
"""

GOOD_ENTRY = """---
title: Partenza
time: "10:00"
location: {lat: 45.16, lon: 10.79}
---

Si parte.
"""


def spec(lat: float = MANTOVA[0], lon: float = MANTOVA[1], **fields: object) -> ExifSpec:
    return ExifSpec(lat=lat, lon=lon, gps_time=GPS_TIME, taken=TAKEN, offset="+02:00", **fields)  # type: ignore[arg-type]


def base(folder: Path) -> Path:
    """The healthy part every case shares: trip.toml, one entry, one good photo."""
    folder.mkdir(parents=True)
    (folder / "trip.toml").write_text(TRIP_TOML, encoding="utf-8")
    entry(folder, "2015-06-27-partenza.it.md", GOOD_ENTRY)
    write_jpeg(folder / "photos" / "good.jpg", spec())
    return folder


def entry(folder: Path, name: str, text: str | bytes) -> None:
    path = folder / "entries" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def gpx(folder: Path, name: str, data: bytes) -> None:
    path = folder / "tracks" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def truncated_jpeg(folder: Path) -> None:
    write_truncated_jpeg(folder / "photos" / "truncated.jpg", spec(), keep=0.3)


def gps_zero_over_zero(folder: Path) -> None:
    write_jpeg(folder / "photos" / "zero.jpg", zero_gps(taken=TAKEN))


def gps_out_of_range(folder: Path) -> None:
    """A latitude of 95 degrees: the rationals are fine, the value is not."""
    out = spec(gps_overrides={GPS.GPSLatitude: rationals((95, 1), (0, 1), (0, 1))})
    write_jpeg(folder / "photos" / "far.jpg", out)


def null_island(folder: Path) -> None:
    """0/1 degrees north, 0/1 east: a valid encoding of a fix the phone never had."""
    write_jpeg(folder / "photos" / "null.jpg", spec(lat=0.0, lon=0.0))


def heic_photo(folder: Path) -> None:
    """A real HEIC (written by pillow-heif, which encodes): published by journal, which
    decodes it with pi-heif; a warning when the decoder cannot be imported."""
    import pillow_heif

    from tests.photofactory import exif_bytes

    image = Image.new("RGB", (64, 48), (70, 130, 180))
    heif = pillow_heif.from_pillow(image)
    heif.save(folder / "photos" / "phone.heic", quality=50, exif=exif_bytes(spec()))


def png_named_jpg(folder: Path) -> None:
    path = folder / "photos" / "screenshot.jpg"
    Image.new("RGB", (64, 48), (200, 30, 30)).save(path, "PNG")


def empty_photo(folder: Path) -> None:
    (folder / "photos" / "empty.jpg").write_bytes(b"")


def empty_gpx(folder: Path) -> None:
    gpx(folder, "empty.gpx", b"")


def garbage_gpx(folder: Path) -> None:
    gpx(folder, "garbage.gpx", b"<gpx><trk><trkseg><trkpt lat='45' lon=\x00\xff garbage")


def bad_yaml(folder: Path) -> None:
    entry(folder, "2015-06-28-rotto.it.md", "---\ntitle: [unclosed\ntime: 10:00\n---\n\nTesto\n")


def missing_title(folder: Path) -> None:
    entry(folder, "2015-06-28-senza.it.md", '---\ntime: "09:00"\n---\n\nSenza titolo.\n')


def unknown_language(folder: Path) -> None:
    entry(folder, "2015-06-28-voyage.fr.md", "---\ntitle: Voyage\n---\n\nBonjour.\n")


def duplicate_stems(folder: Path) -> None:
    """Two photos of one stem (a phone's export beside the camera file): both would be
    published as media/IMG_1.jpg, so the second is left out with a warning."""
    write_jpeg(folder / "photos" / "IMG_1.jpeg", spec())
    write_jpeg(folder / "photos" / "IMG_1.jpg", spec(lat=45.2, lon=10.8))


def non_utf8_markdown(folder: Path) -> None:
    text = "---\ntitle: Città\n---\n\nCaffè e perché.\n"
    entry(folder, "2015-06-28-latin.it.md", text.encode("latin-1"))


def unreadable_photo(folder: Path) -> None:
    """A real JPEG; the test takes its read permission away (git keeps no such mode)."""
    write_jpeg(folder / "photos" / "locked.jpg", spec())


def image_outside_trip(folder: Path) -> None:
    entry(
        folder,
        "2015-06-28-fuori.it.md",
        "---\ntitle: Fuori\n---\n\nTesto.\n\n![password](../../etc/passwd)\n",
    )


def missing_inline_photo(folder: Path) -> None:
    """`render` found this and `check` did not: two validation paths."""
    entry(folder, "2015-06-28-manca.it.md", "---\ntitle: Manca\n---\n\nTesto.\n\n![foto](photos/manca.jpg)\n")


def yaml_words(folder: Path) -> None:
    """YAML 1.1 read `No` as False (rendered "False") and `010` as the number 8."""
    write_jpeg(folder / "photos" / "ponte.jpg", spec())
    entry(
        folder,
        "2015-06-28-parole.it.md",
        "---\ntitle: No\nplace: On\nphotos: [ponte.jpg]\ncaptions:\n  ponte.jpg: 010\n---\n\nTesto.\n",
    )


def draft_translation(folder: Path) -> None:
    """A translation still in draft used to hide its published original too."""
    entry(folder, "2015-06-28-ponte.it.md", "---\ntitle: Il ponte\n---\n\nTesto pubblicato.\n")
    entry(
        folder,
        "2015-06-28-ponte.en.md",
        "---\ntitle: BRIDGE-DRAFT\ndraft: true\n---\n\nTESTO-BOZZA.\n",
    )


def stale_exif_size(folder: Path) -> None:
    """An editor cropped the photo to 64x48 and left EXIF saying 4000x3000."""
    stale = {ExifBase.ExifImageWidth: 4000, ExifBase.ExifImageHeight: 3000}
    write_jpeg(folder / "photos" / "ritaglio.jpg", spec(exif_overrides=stale))


def non_latin_names(folder: Path) -> None:
    """Names with no ASCII letters all became media/photo.jpg: one published, two dropped."""
    for name in ("東京.jpg", "大阪.jpg", "Москва.jpg", "giorno/東京.jpg"):
        write_jpeg(folder / "photos" / name, spec())


HOSTILE = "{{ site.title }}{% comment %}}}\"q'</script><script>alert(1)</script>"


def hostile_strings(folder: Path) -> None:
    """Liquid, quotes and HTML in every field an author writes: shown as text, run nowhere."""
    write_jpeg(folder / "photos" / "ostile.jpg", spec())
    text = json.dumps(HOSTILE)  # a TOML basic string and a YAML double-quoted one alike
    toml = TRIP_TOML.replace('"Caso"', text) + f"\n[description]\nit = {text}\n"
    (folder / "trip.toml").write_text(toml, encoding="utf-8")
    front = (  # a position of its own: the hostile place is shown, never looked up
        f"title: {text}\nplace: {text}\nlocation: {{lat: 45.2, lon: 10.8}}\n"
        f"photos: [ostile.jpg]\ncaptions: {{ostile.jpg: {text}}}"
    )
    body = "[link](https://example.org/pa'ge{{x}}.html)"
    entry(folder, "2015-06-28-ostile.it.md", f"---\n{front}\n---\n\n{body}\n")


def trip_toml(folder: Path, extra: str) -> None:
    """The healthy trip.toml with `extra` lines after it."""
    (folder / "trip.toml").write_text(TRIP_TOML + extra, encoding="utf-8")


def misspelt_privacy_zone(folder: Path) -> None:
    """`[[privacy_zone]]`: once ignored, so the home it was meant to hide was published."""
    trip_toml(folder, "\n[[privacy_zone]]\nlat = 45.1564\nlon = 10.7914\nradius_m = 500\n")


def wrong_type_in_config(folder: Path) -> None:
    trip_toml(folder, "\n[[privacy_zones]]\nlat = 45.1564\nlon = 10.7914\nradius_m = \"500\"\n")


def private_name_matches_nothing(folder: Path) -> None:
    """A typo in `private`: the photo it meant would be published, so nothing is."""
    write_jpeg(folder / "photos" / "casa.jpg", spec())
    (folder / "trip.toml").write_text('private = ["csa.jpg"]\n' + TRIP_TOML, encoding="utf-8")


def private_in_other_spellings(folder: Path) -> None:
    """Private photos named as people type them: another case, NFC for an NFD file, a bare
    name for a photo in a subfolder, a `Private/` folder. None may be published."""
    for name in ("IMG_7.JPG", unicodedata.normalize("NFD", "Città.jpg"), "giorno/casa.jpg",
                 "Private/letto.jpg"):  # fmt: skip
        write_jpeg(folder / "photos" / name, spec())
    nfc = unicodedata.normalize("NFC", "città.jpg")
    (folder / "trip.toml").write_text(
        f'private = ["img_7.jpg", "{nfc}", "casa.jpg"]\n' + TRIP_TOML, encoding="utf-8"
    )


CASES: dict[str, Callable[[Path], None]] = {
    "truncated-jpeg": truncated_jpeg,
    "gps-zero-over-zero": gps_zero_over_zero,
    "gps-out-of-range": gps_out_of_range,
    "null-island": null_island,
    "heic-photo": heic_photo,
    "png-named-jpg": png_named_jpg,
    "empty-photo": empty_photo,
    "empty-gpx": empty_gpx,
    "garbage-gpx": garbage_gpx,
    "bad-yaml-front-matter": bad_yaml,
    "missing-title": missing_title,
    "unknown-language": unknown_language,
    "duplicate-stems": duplicate_stems,
    "non-utf8-markdown": non_utf8_markdown,
    "unreadable-photo": unreadable_photo,
    "image-outside-trip": image_outside_trip,
    "missing-inline-photo": missing_inline_photo,
    "yaml-words": yaml_words,
    "draft-translation": draft_translation,
    "stale-exif-size": stale_exif_size,
    "non-latin-names": non_latin_names,
    "hostile-strings": hostile_strings,
    "misspelt-privacy-zone": misspelt_privacy_zone,
    "wrong-type-in-config": wrong_type_in_config,
    "private-name-matches-nothing": private_name_matches_nothing,
    "private-in-other-spellings": private_in_other_spellings,
}


def make(target: Path = HERE) -> list[Path]:
    """(Re)write every case folder under `target`; other files there are left alone."""
    made = []
    for name, build in CASES.items():
        folder = target / name
        if folder.exists():
            shutil.rmtree(folder)
        build(base(folder))
        made.append(folder)
    return made


if __name__ == "__main__":
    for folder in make(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(folder)
