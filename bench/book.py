"""`journal book`: the example trip's two books and a 200-photo trip's, cold, warm and edited.

Usage: python bench/book.py [--photos 200] [--runs 3] [--skip-naive]

For each trip: cold (no print copies, no PDF), warm (the same command again, nothing
changed) and edited (one entry's text changed: the PDFs again, no photo resampled), each a
whole `journal book` process with its wall time and peak memory (the largest process, and
the whole tree: the languages' books are made side by side). The books' pages and sizes
follow, and, side by side, what the issue's peer does: the same book with every photo
embedded as it is, at full size (no resampling), made by the same engine from the same HTML.

The 200-photo trip is benchtrip.py's over make_photos.py's 12 MP photos (made on first use
in `$JOURNAL_BENCH_DIR/photos-500`, which render.py uses too).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from benchtrip import edit_one_entry, make_trip
from timing import REPO, compile_journal, journal_command, machine, run

BENCH = Path(os.environ.get("JOURNAL_BENCH_DIR", "/tmp/journal-bench"))
EXAMPLE = REPO / "trips" / "london-mantova-2015"
SECRET = "5eed" * 16


def example_root() -> tuple[Path, str]:
    root = BENCH / "book-example"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(EXAMPLE, root / "trips" / EXAMPLE.name)
    return _secret(root), EXAMPLE.name


def photo_root(count: int) -> tuple[Path, str]:
    photos = BENCH / "photos-500"
    if len(list(photos.glob("*.jpg"))) < count:
        script = Path(__file__).with_name("make_photos.py")
        subprocess.run([sys.executable, str(script), "500", str(photos)], check=True)
    root = BENCH / f"book-{count}"
    shutil.rmtree(root, ignore_errors=True)
    make_trip(root, "bench", photos, limit=count)
    return _secret(root), "bench"


def _secret(root: Path) -> Path:
    secret = root / ".journal" / "secret"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text(SECRET + "\n", encoding="ascii")
    return root


def books(root: Path, slug: str) -> list[Path]:
    return sorted((root / "site" / slug).glob(f"{slug}.*.pdf"))


def cold(root: Path, slug: str) -> None:
    shutil.rmtree(root / ".journal" / "cache", ignore_errors=True)
    shutil.rmtree(root / "site", ignore_errors=True)


def measure(root: Path, slug: str, runs: int) -> dict[str, tuple[float, float, float]]:
    """Median seconds, peak MB of one process, peak MB of the tree: cold, warm, edited."""
    command = [*journal_command(), "--root", str(root), "book", slug]
    found: dict[str, list] = {"cold": [], "warm": [], "edited": []}
    for i in range(runs):
        cold(root, slug)
        found["cold"].append(run(command))
        found["warm"].append(run(command))
        edit_one_entry(root / "trips" / slug, i)
        found["edited"].append(run(command))
    return {
        state: (
            statistics.median(r.seconds for r in results),
            max(r.peak_rss_mb for r in results),
            max(r.peak_tree_mb for r in results),
        )
        for state, results in found.items()
    }


NAIVE = """
import sys
from pathlib import Path
from journal import book as flow
from journal.core.errors import Report
from journal.load.configcache import load_settings
from journal.load.root import cache_dir
from journal.publish.bookpdf import make_pdf
from journal.render.book import render_book
from journal.render.textcache import TextCache

root, slug, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
report = Report()
settings = load_settings(root, report, None)
folder = root / "trips" / slug
public = flow._public(root, folder, report, cache_dir(root, folder), TextCache(), settings)
originals = {p.name: p.path.as_uri() for p in public.trip.photos}
book = render_book(public, flow._theme(None), flow._placeable(public, report), "it",
                   flow.page_size("a4-landscape"), photo_src=lambda p: originals[p.name])
out.write_bytes(make_pdf(book))
"""


def naive(root: Path, slug: str) -> tuple[float, float, float]:
    """The same Italian book with the original photos embedded: seconds, peak MB, file MB."""
    out = BENCH / f"naive-{slug}.pdf"
    figures = run([sys.executable, "-c", NAIVE, str(root), slug, str(out)], cwd=REPO)
    size = out.stat().st_size / 2**20
    out.unlink()
    return figures.seconds, figures.peak_rss_mb, size


def pages(path: Path) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(str(path)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-naive", action="store_true")
    args = parser.parse_args(argv)
    compile_journal()
    print(machine(), f"load {os.getloadavg()[0]:.2f}", flush=True)
    rows = []
    for label, (root, slug) in (
        ("example trip (19 photos)", example_root()),
        (f"{args.photos} photos of 12 MP", photo_root(args.photos)),
    ):
        figures = measure(root, slug, args.runs)
        made = books(root, slug)
        sizes = ", ".join(
            f"{p.name.split('.')[-2]} {p.stat().st_size / 2**20:.1f} MB" for p in made
        )
        rows.append(f"{label}: {len(made)} books, {pages(made[0])} pages; {sizes}")
        for state, (seconds, largest, tree) in figures.items():
            rows.append(
                f"  {state:7} {seconds:7.2f} s   peak {largest:6.0f} MB (tree {tree:.0f} MB)"
            )
        if not args.skip_naive:
            seconds, peak, size = naive(root, slug)
            rows.append(
                f"  peer: originals embedded, one book: {seconds:.2f} s, peak {peak:.0f} MB, "
                f"{size:.1f} MB"
            )
        print("\n".join(rows[-5 if args.skip_naive else -6 :]), flush=True)
    print(f"\nload {os.getloadavg()[0]:.2f}\n" + "\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
