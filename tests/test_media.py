"""Web copies: upright, resized, stripped of everything but pixels, from real files."""

from __future__ import annotations

import io
from pathlib import Path

import exifread
import pytest
from PIL import Image, ImageCms

from journal.core.errors import JournalError
from journal.core.mediaplan import media_stem, web_files, web_sizes
from journal.core.models import PhotoMeta
from journal.publish.images import make_web_copies
from tests.conftest import corpus_dir
from tests.photofactory import ExifSpec, default_image, exif_bytes, write_jpeg

CORPUS = corpus_dir()
HEIC = CORPUS / "exif-real" / "images" / "heic__IMG_5195.HEIC"

BLUE, GREEN = (70, 130, 180), (120, 160, 90)  # top and bottom halves of default_image
HOME = ExifSpec(lat=51.5, lon=-0.12, orientation=6, make="Canon", model="EOS", serial="123")


def markers(jpeg: bytes) -> list[int]:
    """The JPEG marker segments before the image data (APPn, COM, DQT...)."""
    found, pos = [], 2
    while pos < len(jpeg) and jpeg[pos] == 0xFF:
        marker = jpeg[pos + 1]
        if marker == 0xDA:  # start of scan: metadata can no longer follow
            break
        found.append(marker)
        pos += 2 + int.from_bytes(jpeg[pos + 2 : pos + 4], "big")
    return found


def near(pixel: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 12 for a, b in zip(pixel, colour, strict=False))


@pytest.fixture
def loaded_photo(tmp_path: Path) -> Path:
    """A 3000x2000 JPEG turned on its side, with GPS, XMP, ICC and a comment: all of it."""
    path = tmp_path / "IMG_1.jpg"
    default_image((3000, 2000)).save(
        path,
        "JPEG",
        exif=exif_bytes(HOME),
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
        comment=b"taken at home",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>',
    )
    return path


def test_orientation_6_comes_out_upright_at_the_predicted_sizes(loaded_photo: Path) -> None:
    large, thumb = make_web_copies(loaded_photo, 6)
    big, small = Image.open(io.BytesIO(large)), Image.open(io.BytesIO(thumb))
    assert (big.format, small.format) == ("JPEG", "JPEG")
    assert big.size == (1333, 2000)
    assert small.size == (267, 400)
    assert web_sizes(PhotoMeta(width=3000, height=2000, orientation=6)) == (big.size, small.size)
    # Turned clockwise: the stored top (blue) is now on the right.
    rgb = big.convert("RGB")
    assert near(rgb.getpixel((big.width - 10, 1000)), BLUE)
    assert near(rgb.getpixel((10, 1000)), GREEN)


def test_nothing_but_pixels_is_published(loaded_photo: Path) -> None:
    source = loaded_photo.read_bytes()
    assert b"taken at home" in source and b"adobe:ns:meta" in source  # the fixture holds them
    for copy in make_web_copies(loaded_photo, 6):
        assert exifread.process_file(io.BytesIO(copy), details=False) == {}
        found = markers(copy)
        assert 0xE1 not in found  # APP1: EXIF and XMP
        assert 0xE2 not in found  # APP2: ICC profile
        assert 0xFE not in found  # COM
        assert b"Canon" not in copy and b"home" not in copy
        assert Image.open(io.BytesIO(copy)).info.get("exif") is None


def test_small_photos_are_never_enlarged(tmp_path: Path) -> None:
    path = write_jpeg(tmp_path / "small.jpg", ExifSpec(orientation=1), size=(300, 200))
    large, thumb = make_web_copies(path, 1)
    assert Image.open(io.BytesIO(large)).size == (300, 200)
    assert Image.open(io.BytesIO(thumb)).size == (300, 200)
    assert web_sizes(PhotoMeta(width=300, height=200)) == ((300, 200), (300, 200))


def test_web_sizes_unknown_without_dimensions() -> None:
    assert web_sizes(PhotoMeta()) is None


@pytest.mark.skipif(not HEIC.is_file(), reason="the shared corpus is not beside the project")
def test_heic_from_an_iphone_becomes_a_clean_jpeg() -> None:
    decoded = Image.open(HEIC)  # pillow-heif applies the file's own rotation on decode
    large, thumb = make_web_copies(HEIC, 1)
    big, small = Image.open(io.BytesIO(large)), Image.open(io.BytesIO(thumb))
    assert big.format == "JPEG"
    assert max(big.size) == 2000 and max(small.size) == 400
    assert (big.width < big.height) == (decoded.width < decoded.height)
    assert exifread.process_file(io.BytesIO(large), details=False) == {}
    assert 0xE1 not in markers(large) and 0xE2 not in markers(large)


@pytest.mark.skipif(not HEIC.is_file(), reason="the shared corpus is not beside the project")
def test_heic_is_not_turned_twice() -> None:
    """libheif already applied the rotation: an EXIF orientation must not turn it again."""
    plain = Image.open(io.BytesIO(make_web_copies(HEIC, 1)[0])).size
    assert Image.open(io.BytesIO(make_web_copies(HEIC, 6)[0])).size == plain


def test_unreadable_photo_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "notes.jpg"
    path.write_text("not a picture")
    with pytest.raises(JournalError) as caught:
        make_web_copies(path, 1)
    assert caught.value.path == path
    assert "cannot read the photo" in caught.value.message


def test_truncated_jpeg_is_an_error(tmp_path: Path) -> None:
    path = write_jpeg(tmp_path / "cut.jpg", HOME, size=(800, 600))
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(JournalError):
        make_web_copies(path, 1)


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("IMG_1.jpg", "IMG_1"),
        ("day 3/IMG_2.HEIC", "day-3-IMG_2"),
        ("Città/caffè & co.jpeg", "Citta-caffe-co"),
        ("a/b/c.png", "a-b-c"),
    ],
)
def test_media_stem_is_flat_and_url_safe(name: str, stem: str) -> None:
    assert media_stem(name) == stem


def test_web_files_names_both_copies() -> None:
    assert web_files("day 3/IMG_2.HEIC") == ("media/day-3-IMG_2.jpg", "media/day-3-IMG_2-400.jpg")
