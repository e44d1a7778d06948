"""Web copies: upright, resized, stripped of everything but pixels, from real files."""

from __future__ import annotations

import io
from pathlib import Path, PurePosixPath
from random import Random

import exifread
import numpy as np
import pytest
from PIL import Image, ImageCms, ImageOps
from PIL.PngImagePlugin import PngInfo

from journal.core.errors import JournalError
from journal.core.mediaplan import _split, media_stem, web_files, web_sizes
from journal.core.models import PhotoMeta
from journal.publish import jpegturbo
from journal.publish.images import make_web_copies
from tests.conftest import corpus_dir
from tests.photofactory import ExifSpec, default_image, exif_bytes, write_jpeg
from tests.sitescan import exiftool_leaks

CORPUS = corpus_dir()
IMAGES = CORPUS / "exif-real" / "images"
HEIC = IMAGES / "heic__IMG_5195.HEIC"
needs_corpus = pytest.mark.skipif(
    not IMAGES.is_dir(), reason="the shared corpus is not beside the project"
)

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


XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'


def _png_xmp() -> PngInfo:
    """XMP where a PNG keeps it (an iTXt chunk), which Pillow's `xmp` option does not write."""
    info = PngInfo()
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    return info


def _save_loaded(image: Image.Image, path: Path, **options: object) -> Path:
    """`image` saved with everything a phone writes besides pixels: GPS, XMP, ICC, comment."""
    image.save(
        path,
        exif=exif_bytes(HOME),
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
        xmp=XMP,
        **options,
    )
    return path


#: One photo per decoder and variant: libjpeg-turbo's baseline and progressive JPEGs, and
#: what Pillow reads instead (CMYK JPEG, WebP, PNG with transparency, TIFF).
LOADED_VARIANTS = {
    "baseline.jpg": ("RGB", {"comment": b"taken at home"}),
    "progressive.jpg": ("RGB", {"comment": b"taken at home", "progressive": True}),
    "cmyk.jpg": ("CMYK", {"comment": b"taken at home"}),
    "photo.webp": ("RGB", {}),
    "screenshot.png": ("RGBA", {"pnginfo": _png_xmp()}),
    "scan.tif": ("RGB", {"tiffinfo": {700: XMP}}),  # TIFF keeps XMP in tag 700
}


@pytest.mark.parametrize("name", LOADED_VARIANTS)
def test_nothing_but_pixels_is_published(tmp_path: Path, name: str) -> None:
    mode, options = LOADED_VARIANTS[name]
    source = _save_loaded(default_image((1200, 800)).convert(mode), tmp_path / name, **options)
    assert b"adobe:ns:meta" in source.read_bytes()  # the fixture holds it
    written = []
    for i, copy in enumerate(make_web_copies(source, 6, large=600, thumb=150)):
        assert exifread.process_file(io.BytesIO(copy), details=False) == {}
        found = markers(copy)
        assert 0xE1 not in found  # APP1: EXIF and XMP
        assert 0xE2 not in found  # APP2: ICC profile
        assert 0xFE not in found  # COM
        assert 0xC0 in found  # SOF0: baseline; progressive costs twice the encode for 2.5%
        assert b"Canon" not in copy and b"home" not in copy
        assert Image.open(io.BytesIO(copy)).info.get("exif") is None
        written.append(tmp_path / f"copy{i}.jpg")
        written[-1].write_bytes(copy)
    assert not exiftool_leaks(written)


#: Four colours, one per quarter of the stored picture, to tell every turn and flip apart.
QUARTERS = ((200, 40, 40), (40, 160, 40), (40, 40, 200), (230, 230, 230))


def quartered(size: tuple[int, int]) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size)
    for i, colour in enumerate(QUARTERS):
        left, top = (i % 2) * width // 2, (i // 2) * height // 2
        image.paste(colour, (left, top, left + width // 2, top + height // 2))
    return image


def quarter_colours(image: Image.Image) -> list[tuple[int, ...]]:
    """The colour at the middle of each quarter, row by row."""
    rgb = image.convert("RGB")
    w, h = rgb.size
    return [rgb.getpixel((w * x // 4, h * y // 4)) for y in (1, 3) for x in (1, 3)]


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_orientation_comes_out_as_exif_transpose_shows_it(
    tmp_path: Path, orientation: int
) -> None:
    """Decoded at half scale by libjpeg-turbo, then turned: Pillow's exif_transpose of the
    original is the independent judge of which way up is up."""
    path = write_jpeg(
        tmp_path / "turned.jpg", ExifSpec(orientation=orientation), image=quartered((1200, 800))
    )
    expected = ImageOps.exif_transpose(Image.open(path))
    large, thumb = make_web_copies(path, orientation, large=600, thumb=150)
    for copy, long_side in ((large, 600), (thumb, 150)):
        image = Image.open(io.BytesIO(copy))
        assert (
            image.size == expected.resize((long_side, long_side)).size
            or max(image.size) == long_side
        )
        assert (image.width > image.height) == (expected.width > expected.height)
        got, want = quarter_colours(image), quarter_colours(expected)
        assert all(near(a, b[:3]) for a, b in zip(got, want, strict=True)), (got, want)
    meta = PhotoMeta(width=1200, height=800, orientation=orientation)
    sizes = web_sizes(meta, large=600, thumb=150)
    assert sizes == (Image.open(io.BytesIO(large)).size, Image.open(io.BytesIO(thumb)).size)


def test_a_progressive_jpeg_makes_the_same_copies_as_its_baseline_twin(tmp_path: Path) -> None:
    """Same coefficients, another order in the file: libjpeg-turbo must decode both alike."""
    picture = quartered((1600, 1200))
    baseline = _save_loaded(picture, tmp_path / "baseline.jpg", quality=90)
    progressive = _save_loaded(picture, tmp_path / "progressive.jpg", quality=90, progressive=True)
    assert Image.open(progressive).info.get("progressive")
    assert make_web_copies(progressive, 1, large=800) == make_web_copies(baseline, 1, large=800)


def test_a_jpeg_with_a_second_picture_is_published_as_its_first(tmp_path: Path) -> None:
    """Phones append a gain map or a depth map after the photo (MPF: Pillow says MPO)."""
    path = tmp_path / "ultrahdr.jpg"
    photo, gain_map = quartered((1200, 800)), Image.new("RGB", (600, 400), (128, 128, 128))
    photo.save(path, "MPO", save_all=True, append_images=[gain_map], exif=exif_bytes(HOME))
    assert Image.open(path).format == "MPO"
    for copy in make_web_copies(path, 1, large=600, thumb=150):
        image = Image.open(io.BytesIO(copy))
        assert image.format == "JPEG" and 0xE2 not in markers(copy)  # no MPF index left
        assert all(near(a, b) for a, b in zip(quarter_colours(image), QUARTERS, strict=True))


def test_a_cmyk_jpeg_is_read_by_pillow_and_keeps_its_colours(tmp_path: Path) -> None:
    path = tmp_path / "print.jpg"
    Image.new("CMYK", (1200, 800), (0, 255, 255, 0)).save(path)  # red, as a press makes it
    for copy in make_web_copies(path, 1, large=600, thumb=150):
        image = Image.open(io.BytesIO(copy))
        assert image.mode == "RGB"
        assert near(image.getpixel((10, 10)), (255, 0, 0))


#: Display P3 to sRGB, both with sRGB's tone curve and D65 white: P3 -> XYZ -> sRGB, linear.
P3_TO_SRGB = np.array(
    [[3.2404542, -1.5371385, -0.4985314], [-0.9692660, 1.8760108, 0.0415560],
     [0.0556434, -0.2040259, 1.0572252]]
) @ np.array(
    [[0.4865709, 0.2656677, 0.1982173], [0.2289746, 0.6917385, 0.0792869],
     [0.0000000, 0.0451134, 1.0439444]]
)  # fmt: skip


def p3_in_srgb(colour: tuple[int, int, int]) -> tuple[int, ...]:
    """Where a Display P3 colour lands in sRGB, by the primaries' matrices (no colour engine)."""
    encoded = np.array(colour) / 255
    linear = np.where(encoded <= 0.04045, encoded / 12.92, ((encoded + 0.055) / 1.055) ** 2.4)
    out = np.clip(P3_TO_SRGB @ linear, 0, 1)
    srgb = np.where(out <= 0.0031308, out * 12.92, 1.055 * out ** (1 / 2.4) - 0.055)
    return tuple(int(round(v * 255)) for v in srgb)


@needs_corpus
def test_a_display_p3_jpeg_is_converted_to_srgb(tmp_path: Path) -> None:
    """The Display P3 profile of a real iPhone photo, on a JPEG as a phone's "most compatible"
    setting writes it: each colour must land where the P3 and sRGB primaries put it."""
    p3 = Image.open(HEIC).info["icc_profile"]
    assert b"Display P3" in p3
    colours = [(200, 90, 60), (210, 60, 50), (80, 100, 210), (128, 128, 128)]  # inside sRGB
    picture = Image.new("RGB", (1200, 800))
    for i, colour in enumerate(colours):
        picture.paste(colour, (i * 300, 0, i * 300 + 300, 800))
    path = tmp_path / "p3.jpg"
    picture.save(path, quality=95, subsampling=0, icc_profile=p3)
    large, _ = make_web_copies(path, 1, large=600)
    copy = Image.open(io.BytesIO(large)).convert("RGB")
    shifts = []
    for i, colour in enumerate(colours):
        got, want = copy.getpixel((i * 150 + 75, 200)), p3_in_srgb(colour)
        assert all(abs(a - b) <= 4 for a, b in zip(got, want, strict=True)), (colour, got, want)
        shifts.append(max(abs(a - b) for a, b in zip(want, colour, strict=True)))
    assert shifts[-1] <= 1 and max(shifts) >= 16  # grey stays grey; the reds were not left as P3


@needs_corpus
def test_an_srgb_jpeg_keeps_its_colours(tmp_path: Path) -> None:
    """A camera's own sRGB profile (Canon's) is already what browsers assume."""
    srgb = Image.open(IMAGES / "jpg__Canon_40D.jpg").info["icc_profile"]
    path = tmp_path / "srgb.jpg"
    quartered((1200, 800)).save(path, quality=95, icc_profile=srgb)
    large, _ = make_web_copies(path, 1, large=600)
    got = quarter_colours(Image.open(io.BytesIO(large)))
    assert all(near(a, b) for a, b in zip(got, QUARTERS, strict=True)), got


@needs_corpus
def test_a_jpeg_libjpeg_turbo_finds_fault_with_goes_to_pillow() -> None:
    """A camera file with a damaged scan: libjpeg-turbo stops at the first warning, Pillow
    reads what is there, as it always did."""
    damaged = IMAGES / "jpg__corrupted.jpg"
    assert jpegturbo.decode_at_least(damaged.read_bytes(), 2000, 1500) is None
    large, thumb = make_web_copies(damaged, 1)
    assert Image.open(io.BytesIO(large)).size == (2000, 1500)
    assert Image.open(io.BytesIO(thumb)).size == (400, 300)


def test_jpegs_are_decoded_at_the_smallest_dct_scale_that_covers_the_copy(tmp_path: Path) -> None:
    data = write_jpeg(tmp_path / "big.jpg", None, size=(1600, 1200)).read_bytes()
    for (width, height), decoded in [
        ((800, 600), (600, 800)),  # 4/8
        ((801, 600), (750, 1000)),  # 5/8: 4/8 would be a pixel short
        ((200, 150), (150, 200)),  # 1/8
        ((1600, 1200), (1200, 1600)),  # 8/8
    ]:
        pixels = jpegturbo.decode_at_least(data, width, height)
        assert pixels is not None and pixels.shape == (*decoded, 4)


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


def test_photo_names_are_split_as_pure_posix_paths_split_them() -> None:
    """media_stem splits plain names itself (a render names thousands): every name, odd or
    plain, must split exactly as PurePosixPath does."""
    rng = Random(18)
    names = ["a.jpg", "giorno 1/IMG_1.JPG", "a/b/c.d.jpg", "x.", ".x", "a/.b", "./a.jpg"]
    names += ["".join(rng.choice("ab./ é") for _ in range(rng.randint(1, 9))) for _ in range(5000)]
    for name in names:
        path = PurePosixPath(name)
        assert _split(name) == (list(path.parent.parts), path.stem), name
