"""`private` names match as people type them; a name matching no photo stops publishing.

Each spelling below once published the photo, its position and its caption while `check`
said "no problems found".
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journal.cli import app
from journal.core.errors import Report
from journal.enrich.public import make_public
from journal.load.exif import read_meta
from journal.load.folder import load_trip
from journal.pipeline import copy_jobs, read_trip
from tests.photofactory import ExifSpec, write_jpeg

runner = CliRunner()
TOML = '[title]\nit = "Prova"\n'
NFD_NAME = unicodedata.normalize("NFD", "Città.jpg")
NFC_NAME = unicodedata.normalize("NFC", "Città.jpg")


def _trip(folder: Path, files: list[str], private: list[str]) -> Path:
    listed = ", ".join(f'"{name}"' for name in private)
    (folder / "photos").mkdir(parents=True)
    (folder / "trip.toml").write_text(f"private = [{listed}]\n{TOML}", encoding="utf-8")
    for name in [*files, "pubblica.jpg"]:
        write_jpeg(folder / "photos" / name, ExifSpec(lat=45.15, lon=10.79))
    return folder


@pytest.mark.parametrize(
    ("files", "private"),
    [
        (["giorno 1/IMG_7.jpg"], ["IMG_7.jpg"]),  # a bare name, in any folder
        (["IMG_1.JPG"], ["img_1.jpg"]),  # another case
        (["Private/casa.jpg"], []),  # a folder named private, in any case
        (["giorno 1/PRIVATE/casa.jpg"], []),
        ([NFD_NAME], [NFC_NAME]),  # a Mac stores NFD, a keyboard types NFC
        ([NFC_NAME], [NFD_NAME]),
        (["casa.jpg"], ["photos/casa.jpg"]),  # a path from the trip folder
        (["giorno 1/casa.jpg"], ["Giorno 1/CASA.jpg"]),  # a path from photos/
        (["giorno 1/casa.jpg"], ["./photos/giorno 1/casa.jpg"]),
    ],
)
def test_a_private_photo_stays_home_however_its_name_is_written(
    tmp_path: Path, files: list[str], private: list[str]
) -> None:
    report = Report()
    trip = load_trip(_trip(tmp_path / "t", files, private), report)
    assert report.problems == []
    assert trip is not None and [p.name for p in trip.photos] == ["pubblica.jpg"]


def test_a_bare_name_hides_it_in_every_folder(tmp_path: Path) -> None:
    report = Report()
    trip = load_trip(_trip(tmp_path / "t", ["a/x.jpg", "b/x.jpg"], ["X.JPG"]), report)
    assert trip is not None and [p.name for p in trip.photos] == ["pubblica.jpg"]


def test_a_private_name_matching_no_photo_stops_render_and_check(tmp_path: Path) -> None:
    folder = _trip(tmp_path / "trips" / "t", ["casa.jpg"], ["csa.jpg", "casa.jpg"])
    for command in ("render", "check"):
        result = runner.invoke(app, ["--root", str(tmp_path), command, "t"])
        assert result.exit_code == 1
        assert result.output.splitlines()[0] == (
            f"error: {folder / 'trip.toml'}:1: "
            "private: no photo 'csa.jpg' in photos/ (a typo would publish it)"
        )
        assert "1 error, 0 warnings" in result.output.splitlines()
    assert not (tmp_path / "site").exists()


def test_a_private_photo_is_not_published_nor_its_place_or_caption(tmp_path: Path) -> None:
    folder = _trip(tmp_path / "trips" / "t", ["Giorno 1/IMG_9.JPG"], ["img_9.jpg"])
    (folder / "entries").mkdir()
    (folder / "entries" / "2015-06-27-casa.it.md").write_text(
        "---\ntitle: Casa\ncaptions:\n  Giorno 1/IMG_9.JPG: DIDASCALIA-PRIVATA\n---\n\nTesto.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--root", str(tmp_path), "render", "t"])
    assert result.exit_code == 0, result.output
    site = tmp_path / "site" / "t"
    assert sorted(p.name for p in (site / "media").iterdir()) == [
        "pubblica-400.jpg",
        "pubblica.jpg",
    ]
    for path in site.rglob("*"):
        if path.is_file():
            assert b"DIDASCALIA-PRIVATA" not in path.read_bytes(), path
            assert b"IMG_9" not in path.read_bytes(), path


def test_copies_start_before_the_privacy_step_and_hold_only_what_it_publishes(
    tmp_path: Path,
) -> None:
    """The copy jobs are made from the loaded trip, before `make_public`: they must name
    exactly the photos the public trip publishes (a private one never, one inside a zone or
    shown by a draft entry still), and a copy carries pixels only, no position."""
    folder = _trip(tmp_path / "trips" / "t", ["casa.jpg", "bozza.jpg"], ["casa.jpg"])
    home = ExifSpec(lat=45.0, lon=9.0)
    write_jpeg(folder / "photos" / "cortile.jpg", home)  # inside the zone below
    (folder / "trip.toml").write_text(
        f'private = ["casa.jpg"]\n{TOML}\n[[privacy_zones]]\nname = "casa"\n'
        "lat = 45.0\nlon = 9.0\nradius_m = 500\n",
        encoding="utf-8",
    )
    (folder / "entries").mkdir()
    (folder / "entries" / "2015-06-27-bozza.it.md").write_text(
        "---\ntitle: Bozza\ndraft: true\nphotos: [bozza.jpg]\n---\n\nTesto.\n", encoding="utf-8"
    )
    report = Report()
    trip = read_trip(folder, report, None)
    public = make_public(trip, secret=b"s" * 32)
    jobs = copy_jobs(trip)
    assert sorted(job.name for job in jobs) == ["bozza.jpg", "cortile.jpg", "pubblica.jpg"]
    assert sorted(p.name for p in public.trip.photos) == sorted(job.name for job in jobs)
    result = runner.invoke(app, ["--root", str(tmp_path), "render", "t"])
    assert result.exit_code == 0, result.output
    copies = sorted((tmp_path / "site" / "t" / "media").iterdir())
    assert [p.name for p in copies if "400" not in p.name] == [
        "bozza.jpg",
        "cortile.jpg",
        "pubblica.jpg",
    ]
    for copy in copies:
        assert read_meta(copy).position is None, copy
        assert b"Exif" not in copy.read_bytes()[:4096], copy
