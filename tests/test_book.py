"""`journal book`: the PDFs read back by machine, as a print shop's preflight reads them.

The example trip's two books and a messy trip's book are made once per module through the
real flow (WeasyPrint, the photos resampled by libjpeg-turbo); pikepdf reads the boxes,
fonts and colour spaces, pypdfium2 the text with its positions and every placed image with
its pixels and printed size, and draws the cover and a day for the golden pictures.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image
from typer.testing import CliRunner

from journal.book import PRINT_DIR, BookOptions, make_books
from journal.cli import app
from journal.load.root import cache_dir
from tests.conftest import EXAMPLE, REPO, with_secret
from tests.photofactory import ExifSpec, write_jpeg, write_truncated_jpeg
from tests.similarity import ssim

MM = 72 / 25.4  # PDF points in a millimetre
TRIP = EXAMPLE.name
GOLDEN = REPO / "tests" / "golden" / "book"
#: Ghostscript's CMYK press profile (Debian's libgs-common, installed by .ci/run).
CMYK = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
runner = CliRunner()


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """The example trip's books, A4 landscape, both languages, as `journal book` makes them."""
    root = tmp_path_factory.mktemp("book")
    shutil.copytree(EXAMPLE, root / "trips" / TRIP)
    with_secret(root)
    report, paths = make_books(root, TRIP, BookOptions(jobs=2))
    assert not report.errors
    return root, {path.name.split(".")[-2]: path for path in paths}


def _pdf(path: Path) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(str(path))


def _texts(path: Path) -> list[str]:
    document = _pdf(path)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def test_one_book_per_language_named_after_the_trip(example: tuple[Path, dict]) -> None:
    root, books = example
    site = root / "site" / TRIP
    assert sorted(books) == ["en", "it"]
    assert {path.parent for path in books.values()} == {site.resolve()}
    for lang, path in books.items():
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == lang
            title = {"it": "Londra – Mantova, andata e ritorno", "en": "London to Mantua and back"}
            assert str(pdf.docinfo.Title) == title[lang]


def test_every_page_is_the_trim_plus_3_mm_of_bleed_and_the_count_is_even(
    example: tuple[Path, dict],
) -> None:
    for path in example[1].values():
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) % 2 == 0
            for page in pdf.pages:
                trim = [float(v) for v in page.TrimBox]
                media = [float(v) for v in page.MediaBox]
                assert trim == pytest.approx([0, 0, 297 * MM, 210 * MM], abs=0.01)
                bleed = 3 * MM
                grown = [-bleed, -bleed, trim[2] + bleed, trim[3] + bleed]
                assert media == pytest.approx(grown, abs=0.01)
                assert [float(v) for v in page.BleedBox] == pytest.approx(media, abs=0.01)


def _fonts(path: Path) -> dict[str, bool]:
    """Every font the pages use, and whether its program is in the file."""
    found = {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in (page.Resources.get("/Font") or {}).values():
                font = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = font.FontDescriptor
                embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                found[str(descriptor.FontName).split("+")[-1]] = embedded
    return found


def test_every_font_is_embedded_and_is_the_shipped_one(example: tuple[Path, dict]) -> None:
    for path in example[1].values():
        fonts = _fonts(path)
        assert all(fonts.values()), fonts
        assert {name.split(",")[0].split("-")[0] for name in fonts} == {"Book"}, fonts


def _chars(path: Path) -> list[tuple[int, str, float]]:
    """(page, character, its distance in mm to the nearest edge of the trim) of each glyph."""
    found = []
    document = _pdf(path)
    for index in range(len(document)):
        page = document[index]
        width, height = 297 * MM, 210 * MM
        text = page.get_textpage()
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            if char.strip():
                left, bottom, right, top = text.get_charbox(i)
                edge = min(left, bottom, width - right, height - top) / MM
                found.append((index + 1, char, edge))
    return found


def test_no_text_lies_within_10_mm_of_the_trim(example: tuple[Path, dict]) -> None:
    for path in example[1].values():
        closest = min(_chars(path), key=lambda found: found[2])
        assert closest[2] >= 10, closest


def _images(path: Path) -> list[tuple[int, float, float]]:
    """(page, ppi across, printed width in mm) of every image placed on a page."""
    found = []
    document = _pdf(path)
    for index in range(len(document)):
        for image in document[index].get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
            left, _, right, _ = image.get_bounds()
            pixels, _ = image.get_px_size()
            inches = (right - left) / 72
            found.append((index + 1, pixels / inches, (right - left) / MM))
    return found


def test_every_photo_prints_between_200_and_300_ppi(example: tuple[Path, dict]) -> None:
    images = _images(example[1]["it"])
    assert len(images) == 19  # every published photo of the example, once
    for page, ppi, width in images:
        assert 199.5 <= ppi <= 300.5, (page, ppi, width)


def test_the_photos_are_resampled_once_and_shared_by_the_languages(
    example: tuple[Path, dict],
) -> None:
    root, books = example
    copies = sorted((cache_dir(root, root / "trips" / TRIP) / PRINT_DIR).glob("*.jpg"))
    assert len(copies) == 19
    with pikepdf.open(books["en"]) as pdf:
        sizes = sorted(
            len(image.read_raw_bytes())
            for image in pdf.objects
            if isinstance(image, pikepdf.Stream) and image.get("/Subtype") == "/Image"
        )
    assert sizes == sorted(path.stat().st_size for path in copies)  # embedded as they are
    for path in copies:
        with Image.open(path) as copy:
            assert copy.format == "JPEG" and not copy.getexif()


def test_day_titles_and_captions_are_in_the_book_of_their_language(
    example: tuple[Path, dict],
) -> None:
    italian = "\n".join(_texts(example[1]["it"])).replace("\r\n", " ")
    english = "\n".join(_texts(example[1]["en"])).replace("\r\n", " ")
    assert "Sotto il Monte Bianco, e giù fino a Mantova" in italian
    assert "L'Arco d'Augusto, ad Aosta, duemila anni e non sentirli." in italian
    assert "Giorno 4" in italian and "30 giugno 2015" in italian
    assert "Under Mont Blanc" in english and "Day 4" in english and "30 June 2015" in english
    assert "Sotto il Monte Bianco" not in english
    assert "Indice dei luoghi" in italian and "Index of places" in english


def test_the_index_gives_the_page_of_each_day_a_place_is_on(example: tuple[Path, dict]) -> None:
    pages = [text.replace("\r\n", " ") for text in _texts(example[1]["it"])]
    index = next(text for text in pages if "Indice dei luoghi" in text)
    numbers = re.search(r"Reims \(Francia\) (\d+), (\d+)", index)
    assert numbers, index
    first, second = (int(n) for n in numbers.groups())
    assert pages[first - 1].startswith("Giorno 1") or "Giorno 1 27 giugno" in pages[first - 1]
    assert "Giorno 2" in pages[second - 1]


def test_a_book_made_again_with_nothing_changed_is_left_as_it_is(
    example: tuple[Path, dict],
) -> None:
    root, books = example
    before = {lang: path.stat().st_mtime_ns for lang, path in books.items()}
    copies = cache_dir(root, root / "trips" / TRIP) / PRINT_DIR
    kept = {path: path.stat().st_mtime_ns for path in copies.glob("*.jpg")}
    make_books(root, TRIP, BookOptions())
    assert {lang: path.stat().st_mtime_ns for lang, path in books.items()} == before
    entry = root / "trips" / TRIP / "entries" / "2015-07-06-a-casa.en.md"
    entry.write_text(entry.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    make_books(root, TRIP, BookOptions(lang="en"))
    assert books["en"].stat().st_mtime_ns != before["en"]
    assert books["it"].stat().st_mtime_ns == before["it"]
    assert {path: path.stat().st_mtime_ns for path in copies.glob("*.jpg")} == kept
    assert "One more line." in "".join(_texts(books["en"]))


def _page_picture(path: Path, number: int) -> Image.Image:
    return _pdf(path)[number - 1].render(scale=40 / 72).to_pil().convert("RGB")


@pytest.mark.parametrize("number", [1, 10], ids=["cover", "day-4"])
def test_the_cover_and_a_day_look_as_they_did(
    example: tuple[Path, dict], number: int, update_golden: bool
) -> None:
    """The cover and day 4's first page of the Italian book, drawn at 40 dpi, against the
    pictures in tests/golden/book/ (`pytest --update-golden` draws them anew)."""
    picture = _page_picture(example[1]["it"], number)
    golden = GOLDEN / f"it-page-{number}.png"
    if update_golden:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        picture.save(golden, optimize=True)
    with Image.open(golden) as expected:
        assert expected.size == picture.size
        assert ssim(expected.convert("RGB"), picture) >= 0.97


# A messy trip: a day of 40 photos, a 12 MP photo and a portrait one, a photo that cannot be
# decoded, a private photo and a draft, a title of 200 characters, captions in two scripts
# and hostile strings, and a blog whose url the last page links to.

TITLE = "Le Alpi <script>alert(1)</script> {{ x }} " + "e ancora più su, " * 11
CAPTION = "Πέρασμα Στέλβιο — Перевал Стельвио — «Stelvio» & <b>"


def _messy(root: Path) -> Path:
    trip = root / "trips" / "alpi"
    stamp = "2019-07-01T{:02d}:{:02d}:00"
    for i in range(40):
        spec = ExifSpec(lat=46.5 + i * 0.001, lon=10.4, taken=_time(stamp, 8 + i // 6, i % 60))
        write_jpeg(trip / "photos" / f"p{i:02d}.jpg", spec, size=(600, 400))
    big = ExifSpec(lat=46.53, lon=10.45, taken=_time(stamp, 18, 0))
    write_jpeg(trip / "photos" / "grande.jpg", big, size=(4000, 3000))
    turned = ExifSpec(lat=46.54, lon=10.45, taken=_time(stamp, 18, 5), orientation=6)
    write_jpeg(trip / "photos" / "ritratto.jpg", turned, size=(1200, 900))
    write_truncated_jpeg(trip / "photos" / "rotta.jpg", ExifSpec(taken=_time(stamp, 18, 10)))
    write_jpeg(trip / "photos" / "casa.jpg", ExifSpec(lat=46.5, lon=10.4), size=(300, 200))
    (trip / "trip.toml").write_text(
        f'timezone = "Europe/Rome"\nprivate = ["casa.jpg"]\n[title]\nit = "{TITLE}"\n'
        f'en = "The Alps"\n',
        encoding="utf-8",
    )
    (trip / "entries").mkdir()
    (trip / "entries" / "2019-07-01-stelvio.it.md").write_text(
        f'---\ntitle: "Lo Stelvio <em>"\ncaptions:\n  grande.jpg: "{CAPTION}"\n---\n'
        "Quarantotto tornanti.\n\n![La vetta](photos/ritratto.jpg)\n",
        encoding="utf-8",
    )
    (trip / "entries" / "2019-07-01-bozza.it.md").write_text(
        "---\ntitle: Una bozza segreta\ndraft: true\n---\nNon ancora.\n", encoding="utf-8"
    )
    shutil.copytree(REPO / "tests" / "jekyll-site", root / "blog")
    (root / "journal.toml").write_text('blog = "blog"\n', encoding="utf-8")
    return trip


def _time(stamp: str, hour: int, minute: int):  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.datetime.fromisoformat(stamp.format(hour, minute))


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("messy")
    (root / "trips").mkdir()
    _messy(root)
    with_secret(root)
    result = runner.invoke(app, ["--root", str(root), "book", "alpi", "--lang", "it"])
    return root, result


def test_a_cut_photo_stays_an_error_once_the_engine_is_loaded(tmp_path: Path) -> None:
    """WeasyPrint lets Pillow read cut files as if whole, process-wide; journal does not."""
    from journal.core.errors import JournalError
    from journal.publish.bookpdf import engine_ready
    from journal.publish.images import make_print_copy

    engine_ready()
    cut = write_jpeg(tmp_path / "cut.jpg", None, size=(800, 600))
    cut.write_bytes(cut.read_bytes()[: cut.stat().st_size * 6 // 10])
    with pytest.raises(JournalError):
        make_print_copy(cut, 1, (400, 300), 90)


def test_a_messy_trip_still_makes_its_book_with_warnings(messy: tuple[Path, object]) -> None:
    root, result = messy
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    output = result.output  # type: ignore[attr-defined]
    assert re.search(r"warning: .*rotta\.jpg: .*left out of the book", output), output
    assert (root / "site" / "alpi" / "alpi.it.pdf").is_file()


def test_the_messy_book_places_every_photo_whole_and_no_private_one(
    messy: tuple[Path, object],
) -> None:
    path = messy[0] / "site" / "alpi" / "alpi.it.pdf"
    images = _images(path)
    assert len(images) == 42  # 40 + the big one + the portrait; not the broken or private one
    for page, ppi, width in images:
        assert 199.5 <= ppi <= 300.5, (page, ppi, width)
    at_300 = [width for _, ppi, width in images if ppi == pytest.approx(300, abs=0.5)]
    assert len(at_300) == 2  # the two with pixels to spare; the 600 px ones at 200 ppi
    document = _pdf(path)
    shapes = [
        image.get_px_size()
        for i in range(len(document))
        for image in document[i].get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))
    ]
    portrait = [(w, h) for w, h in shapes if h > w]  # the portrait photo, turned upright
    assert len(portrait) == 1 and portrait[0][0] / portrait[0][1] == pytest.approx(0.75, abs=0.01)
    assert max(w for w, _ in shapes) < 4000  # the 12 MP photo resampled to its printed size
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) % 2 == 0


def test_the_messy_book_keeps_hostile_text_as_text_and_both_scripts(
    messy: tuple[Path, object],
) -> None:
    path = messy[0] / "site" / "alpi" / "alpi.it.pdf"
    text = "".join(_texts(path)).replace("\r\n", " ")
    assert "Πέρασμα Στέλβιο — Перевал Стельвио — «Stelvio» & <b>" in text
    assert "Lo Stelvio <em>" in text and "<script>alert(1)</script> {{ x }}" in text
    assert "Una bozza segreta" not in text
    assert all(_fonts(path).values())
    assert min(found[2] for found in _chars(path)) >= 10


def test_the_last_page_links_back_to_the_post_with_a_qr_code(messy: tuple[Path, object]) -> None:
    path = messy[0] / "site" / "alpi" / "alpi.it.pdf"
    url = "http://localhost/2019/07/01/alpi/"
    document = _pdf(path)
    last = document[len(document) - 1]
    assert url in last.get_textpage().get_text_range()
    paths = list(last.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,)))
    assert paths, "the QR code is drawn as a vector path"
    with pikepdf.open(path) as pdf:
        links = [str(a.A.URI) for a in pdf.pages[-1].get("/Annots", []) if "/A" in a]
    assert url in links


def test_colours_are_srgb_by_default(example: tuple[Path, dict]) -> None:
    with pikepdf.open(example[1]["it"]) as pdf:
        assert "/OutputIntents" not in pdf.Root
        space = pdf.pages[3].Resources.ColorSpace.DefaultRGB
        assert str(space[0]) == "/ICCBased" and int(space[1].N) == 3
        assert b"sRGB" in space[1].read_bytes()  # its description: sRGB IEC61966-2.1


@pytest.mark.skipif(
    not CMYK.is_file(), reason=f"no CMYK profile at {CMYK} (apt-get install libgs-common)"
)
def test_a_print_profile_makes_a_pdf_x4_with_its_output_intent(
    messy: tuple[Path, object], tmp_path: Path
) -> None:
    root = messy[0]
    args = ["--root", str(root), "book", "alpi", "--lang", "it", "--size", "a5"]
    result = runner.invoke(app, [*args, "--out", str(tmp_path), "--print-profile", str(CMYK)])
    assert result.exit_code == 0, result.output
    with pikepdf.open(tmp_path / "alpi.it.pdf") as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert str(intent.S) == "/GTS_PDFX"
        assert int(intent.DestOutputProfile.N) == 4
        assert intent.DestOutputProfile.read_bytes() == CMYK.read_bytes()
        metadata = pdf.open_metadata()
        assert metadata.get("pdfxid:GTS_PDFXVersion") == "PDF/X-4"
        assert pdf.pdf_version >= "1.6"
        trim = [float(v) for v in pdf.pages[0].TrimBox]
        assert trim == pytest.approx([0, 0, 148 * MM, 210 * MM], abs=0.01)


def test_options_are_checked_before_anything_is_made(messy: tuple[Path, object]) -> None:
    root = str(messy[0])
    for args, line in [
        (
            ["--size", "b5"],
            "error: unknown --size 'b5'; sizes: a4-landscape, a4, a5, square, letter",
        ),
        (["--lang", "de"], "--lang 'de' is not one of the trip's languages (it, en)"),
        (["--print-profile", str(EXAMPLE / "trip.toml")], "not an ICC colour profile"),
    ]:
        result = runner.invoke(app, ["--root", root, "book", "alpi", *args])
        assert result.exit_code == 1
        assert line in result.output, result.output


def test_a_trip_without_photos_makes_a_book(tmp_path: Path) -> None:
    trip = tmp_path / "trips" / "solo-testo"
    (trip / "entries").mkdir(parents=True)
    (trip / "trip.toml").write_text('[title]\nit = "Solo testo"\nen = "Text only"\n')
    (trip / "entries" / "2020-05-01-uno.it.md").write_text("---\ntitle: Uno\n---\nParole.\n")
    with_secret(tmp_path)
    report, paths = make_books(tmp_path, "solo-testo", BookOptions(lang="it", size="a5"))
    assert not report.errors
    assert "Parole." in "".join(_texts(paths[0]))
    with pikepdf.open(paths[0]) as pdf:
        assert len(pdf.pages) % 2 == 0


SITE = """
import cffi
opened = cffi.FFI.dlopen
def dlopen(self, name, *args):
    if "pango" in str(name):
        raise OSError(f"cannot load library '{name}': no such file")
    return opened(self, name, *args)
cffi.FFI.dlopen = dlopen
"""


def test_without_pango_the_book_says_what_to_install_in_one_line(
    messy: tuple[Path, object], tmp_path: Path
) -> None:
    """As on a machine without Pango: its library cannot be loaded (cffi refuses it here,
    at the one call WeasyPrint loads it with); everything else is real."""
    (tmp_path / "sitecustomize.py").write_text(SITE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{REPO}"}
    result = subprocess.run(
        [sys.executable, "-m", "journal", "--root", str(messy[0]), "book", "alpi"],
        capture_output=True, text=True, env=env, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: books need Pango for WeasyPrint")
    assert lines[0].endswith("install it: apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
                             "libharfbuzz-subset0")  # fmt: skip
