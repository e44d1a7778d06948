"""Where the names of a trip's places come from, on each page language: the coverage of the
kept sources (CLDR's cities, ISTAT's comuni, the subdivisions) on the example trip and the
test trips.

Usage: python bench/placenames.py

Each trip is read and made public as `journal render` does (privacy zones cut, the places
the route passes named from the gazetteer); every place of every day is then named in
Italian and in English and counted by where the name came from. Names no source gives
are listed: they are GeoNames' main name, local for most places (Gent, Karlsruhe).
"""

from __future__ import annotations

import collections
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from journal.core.errors import Report  # noqa: E402
from journal.core.route import Place, fold  # noqa: E402
from journal.enrich import placesources  # noqa: E402
from journal.enrich.public import make_public  # noqa: E402
from journal.pipeline import read_trip  # noqa: E402
from journal.render import i18n  # noqa: E402

LANGS = ("it", "en")


def source(place: Place, lang: str) -> str:
    """Where `place`'s name on a page in `lang` comes from (placenames.name_in's order)."""
    if place.names_its_zone and (i18n.zone_cities(lang).get(place.zone) or lang == "en"):
        return "CLDR city"
    if place.own_name(lang):
        return "subdivision" if place.country != "IT" else "ISTAT/subdivision"
    if place.country == "IT" and (
        place.own_name(placesources.LOCAL)
        or any(fold(place.name) in names for names in placesources._comuni().values())
    ):
        return "ISTAT"
    if lang == "en" and not place.names:
        return "GeoNames (English or local)"
    return "GeoNames (local)" if not place.names else "GeoNames"


def trips(root: Path) -> dict[str, Path]:
    """The example trip and the test trips that have places: the messy photo-only ride over
    the Alps and the Alps of photos alone (tests/), the Polarsteps and Strava samples."""
    from test_messy_trip import make_messy_trip
    from test_reading import SOLO, write_photo_only_trip
    from typer.testing import CliRunner

    from journal.cli import app

    shutil.copytree(REPO / "trips" / "london-mantova-2015", root / "trips" / "london-mantova-2015")
    found = {"london-mantova-2015": root / "trips" / "london-mantova-2015"}
    found["messy"] = make_messy_trip(root)
    write_photo_only_trip(root)
    found[SOLO] = root / "trips" / SOLO
    for name in ("polarsteps", "strava"):
        CliRunner().invoke(
            app,
            ["--root", str(root), "import", name, str(REPO / "tests/data/imports" / name),
             f"sample-{name}"],
        )  # fmt: skip
        found[f"sample-{name}"] = root / "trips" / f"sample-{name}"
    return found


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "trips").mkdir()
        for name, trip_folder in trips(root).items():
            if not (trip_folder / "trip.toml").is_file():
                print(f"{name}: not made, skipped")
                continue
            trip = read_trip(trip_folder, Report(), root / ".journal" / "cache" / name)
            public = make_public(trip, secret=b"bench" * 8)
            places = list(dict.fromkeys(p for day in public.stats.days for p in day.places))
            print(f"\n{name}: {len(places)} places")
            for lang in LANGS:
                counts = collections.Counter(source(p, lang) for p in places)
                unnamed = sorted({p.name for p in places if source(p, lang).startswith("Geo")})
                print(f"  {lang}: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
                print(f"      no source: {', '.join(unnamed[:30]) or '-'}")
            changed = [
                f"{p.name} -> {i18n.place_name(p, 'it')} / {i18n.place_name(p, 'en')}"
                for p in places
                if {i18n.place_name(p, "it"), i18n.place_name(p, "en")} != {p.name}
            ]
            print(f"  renamed: {'; '.join(changed[:20]) or '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
