"""The book's engine, measured: WeasyPrint against Typst on one real page of the example book.

Usage: python bench/book_engines.py [--runs 5]

The page is day 1's opening page of the example trip's Italian book: the day's map (the
static map's SVG), its entry's text and three of its photos at their printed size, on A4
landscape with 3 mm of bleed. Each engine makes it in a process of its own, from a file:
WeasyPrint from HTML and CSS (what `journal book` does), Typst (the `typst` wheel, in a venv
of its own: never a dependency of journal) from the same content as Typst markup. Printed:
the median time, the peak memory of the process, and the page boxes a print shop checks.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from timing import REPO, machine, run

BENCH = Path("/tmp/journal-bench/engines")
TYPST_VENV = Path("/tmp/journal-bench-typst")

BOXES = """
import json, sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
page = pdf.pages[0].obj
print(json.dumps({k: [round(float(v), 2) for v in page[k]] if k in page else None
                  for k in ("/MediaBox", "/BleedBox", "/TrimBox")}))
"""

WEASYPRINT = """
import sys, weasyprint
weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])
"""

TYPST = """
import sys, typst
typst.compile(sys.argv[1], output=sys.argv[2])
"""

TEXT = (
    "Sveglia alle sei, anche se non serviva: ero sveglio dalle cinque, come un bambino la "
    "mattina della gita. Ho caricato la moto in garage, controllato tre volte le gomme e una "
    "volta sola il portafoglio, che è la proporzione giusta. "
) * 6


def inputs() -> tuple[Path, Path]:
    """The page as HTML and as Typst markup, over the same map and photos."""
    sys.path.insert(0, str(REPO))
    from PIL import Image

    from journal.render.bookdays import book_maps
    from journal.render.photorows import SIZES
    from tests.conftest import EXAMPLE, load_trip  # the example, read as every command does

    BENCH.mkdir(parents=True, exist_ok=True)
    from journal.core.errors import Report
    from journal.enrich.public import make_public

    public = make_public(load_trip(EXAMPLE, Report()), secret=b"bench")
    day = public.route.days[0].isoformat()
    (BENCH / "map.svg").write_text(book_maps(public, SIZES["a4-landscape"])[day], "utf-8")
    photos = []
    for name in ("partenza.jpg", "folkestone-terminal.jpg", "calais.jpg"):
        with Image.open(EXAMPLE / "photos" / name) as image:
            image.convert("RGB").save(BENCH / name, quality=90)
        photos.append(name)
    figures = "".join(f'<img src="{n}" style="width: 84mm; margin-right: 4mm">' for n in photos)
    html = BENCH / "page.html"
    html.write_text(
        "<!DOCTYPE html><html lang=it><style>@page { size: 297mm 210mm; bleed: 3mm; "
        "margin: 20mm 14mm 20mm 20mm } body { margin: 0; font: 9.5pt sans-serif }"
        ".map { width: 125mm } .text { columns: 2; column-gap: 8mm }</style>"
        f'<img class=map src="map.svg"><h2>Giorno 1</h2><div class=text><p>{TEXT}</p></div>'
        f"<div>{figures}</div></html>",
        encoding="utf-8",
    )
    typ = BENCH / "page.typ"
    images = "".join(f'#box(image("{n}", width: 84mm)) #h(4mm)' for n in photos)
    typ.write_text(
        "#set page(width: 297mm, height: 210mm, margin: (top: 20mm, bottom: 20mm, "
        'left: 20mm, right: 14mm))\n#set text(size: 9.5pt, lang: "it")\n'
        '#image("map.svg", width: 125mm)\n= Giorno 1\n'
        f"#columns(2, gutter: 8mm)[{TEXT}]\n{images}\n",
        encoding="utf-8",
    )
    return html, typ


def measure(python: str, script: str, source: Path, out: Path, runs: int) -> tuple:
    figures = [run([python, "-c", script, str(source), str(out)]) for _ in range(runs)]
    boxes = subprocess.run(
        [python, "-c", BOXES, str(out)], capture_output=True, text=True, check=True
    )
    return (
        statistics.median(f.seconds for f in figures),
        max(f.peak_rss_mb for f in figures),
        json.loads(boxes.stdout),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--inputs-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inputs_only:
        inputs()
        return 0
    if not (TYPST_VENV / "bin" / "python").is_file():
        subprocess.run([sys.executable, "-m", "venv", str(TYPST_VENV)], check=True)
        pip = [str(TYPST_VENV / "bin" / "pip"), "install", "-q", "typst", "pikepdf"]
        subprocess.run(pip, check=True)
    # The page is made in a process of its own: a child's peak memory counts its parent's
    # at the fork, and reading the example trip makes this one large.
    subprocess.run([sys.executable, __file__, "--inputs-only"], check=True)
    html, typ = BENCH / "page.html", BENCH / "page.typ"
    print(machine())
    for name, python, script, source in (
        ("WeasyPrint", sys.executable, WEASYPRINT, html),
        ("Typst", str(TYPST_VENV / "bin" / "python"), TYPST, typ),
    ):
        seconds, peak, boxes = measure(python, script, source, BENCH / f"{name}.pdf", args.runs)
        print(f"{name:10} {seconds:6.2f} s  peak {peak:5.0f} MB  {boxes}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
