"""A book's HTML made a print-ready PDF: the only WeasyPrint user.

WeasyPrint lays out CSS paged media (page size and bleed, running headers, left and right
pages, `target-counter` for the index) and writes every page as the trim size plus the
bleed (MediaBox = BleedBox) with its TrimBox, the fonts embedded as subsets, SVG as vectors
and JPEGs as they are (the photos were resampled to their printed size beforehand, so
nothing is encoded twice). On top of that:

- the fonts come from journal itself (`journal-font:NAME`, the pymupdf-fonts wheel), and
  nothing is fetched from the network: only files and `data:` URLs are read;
- colours are declared sRGB (the PDF's DefaultRGB is an sRGB ICC profile), which photo labs
  expect; with a print profile the PDF is PDF/X-4 with that profile as its output intent,
  for an offset printer, its colours still device-independent.

It writes nothing itself: `write_book` hands the bytes to core/files.py's atomic write.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
from pathlib import Path
from typing import Any

from journal.core.cache import installed_version
from journal.core.errors import JournalError
from journal.core.files import write_atomic
from journal.render.book import FONT_SCHEME, Book

log = logging.getLogger(__name__)

#: The Debian packages WeasyPrint's system libraries come in (its own install notes).
SYSTEM_LIBRARIES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
INSTALL = f"apt-get install {SYSTEM_LIBRARIES}"


def _weasyprint() -> Any:
    """The module, or one error saying what to install: WeasyPrint loads Pango when
    imported, and a machine without it raises OSError from deep inside."""
    from PIL import ImageFile

    truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        # WeasyPrint prints a page of advice on the standard output before it raises: the
        # one line below says what to do, and journal's output stays its own.
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint
    except (OSError, ImportError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise JournalError(
            None, f"books need Pango for WeasyPrint ({first}); install it: {INSTALL}"
        ) from None
    finally:
        # WeasyPrint tells Pillow, process-wide, to read a cut file as if whole (grey where
        # the data stops): a truncated photo must stay an error that leaves it out, not a
        # half-grey page, and the print copies are made in processes forked from this one.
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated
    return weasyprint


def engine_version() -> str:
    """WeasyPrint's version, read without importing it (a book made before is not re-made)."""
    return installed_version("weasyprint")


def engine_ready() -> None:
    """Raise the one-line error now, before any photo is resampled, if books cannot be made."""
    _weasyprint()


@functools.cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Fetcher(URLFetcher):  # type: ignore[misc]
        """Files, `data:` and journal's fonts; never the network (a book is made offline)."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"})

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith(f"{FONT_SCHEME}:"):
                return URLFetcherResponse(
                    url, _font(url.split(":", 1)[1]), {"Content-Type": "font/ttf"}
                )
            return super().fetch(url, headers)

    return Fetcher


@functools.cache
def _font(name: str) -> bytes:
    import pymupdf_fonts

    try:
        return bytes(pymupdf_fonts.myfont(name))
    except (KeyError, ValueError, AttributeError) as exc:
        raise ValueError(f"no shipped font named {name!r}") from exc


def _srgb_default(srgb: bytes) -> Any:
    """A finisher making DeviceRGB mean sRGB on every page (PDF's DefaultRGB): what a
    photo lab assumes, said in the file; with a CMYK output intent, what PDF/X-4 asks of
    colours that are not the printer's own."""
    import pydyf

    def finish(_document: Any, pdf: Any) -> None:
        profile = pydyf.Stream([srgb], pydyf.Dictionary({"N": 3}), compress=True)
        pdf.add_object(profile)
        space = pydyf.Array(("/ICCBased", profile.reference))
        for obj in pdf.objects:
            if isinstance(obj, pydyf.Dictionary) and "lab-d50" in obj:  # the shared spaces
                obj["DefaultRGB"] = space

    return finish


def make_pdf(book: Book, *, print_profile: Path | None = None, cache: dict | None = None) -> bytes:
    """The book's PDF; `cache` shares decoded images between the languages' books."""
    weasyprint = _weasyprint()
    from importlib.resources import files

    srgb = (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
    options: dict[str, Any] = {"cache": cache if cache is not None else {}}
    if print_profile is not None:
        options["pdf_variant"] = "pdf/x-4"
    document = weasyprint.HTML(string=book.html, url_fetcher=_fetcher_class()(), base_url="/")
    try:
        return bytes(document.write_pdf(finisher=_srgb_default(srgb), **options))
    except (OSError, ValueError) as exc:  # a broken profile, a font file that is not one
        raise JournalError(print_profile, f"cannot make the book: {exc}") from exc


def write_book(path: Path, data: bytes) -> None:
    """The PDF written through a temporary file and a rename: a reader never sees half."""
    write_atomic(path, data)
    log.info("book: %s (%d bytes)", path, len(data))
