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
from journal.load.folder import load_trip
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
