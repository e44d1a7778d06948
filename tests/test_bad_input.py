"""Bad input, measured: every case of tests/bad/ through the real `journal render`.

Each case is a small trip with one broken thing (made by tests/bad/make_bad.py). The contract:
exactly one `warning:` or `error:` line, naming the broken file; the summary line; exit code 0
with warnings, 1 with errors or with `--strict`; and the rest of the trip still published.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journal.cli import app
from tests.bad.make_bad import CASES as MADE
from tests.sitescan import broken_links

BAD = Path(__file__).parent / "bad"
REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


@dataclass(frozen=True)
class Case:
    severity: str  # "error" or "warning"; "" for messy input that must pass without a word
    file: str  # relative to the trip folder
    message: str  # a regex the whole message must match
    line: int | None = None
    renders: bool = True  # False: a mistake that could publish what was meant hidden
    unpublished: tuple[str, ...] = ()  # words no published file may hold (names, captions)
    shown: tuple[str, ...] = ()  # what index.html must show, as the author wrote it
    published: int | None = None  # how many files media/ must hold


CASES: dict[str, Case] = {
    "truncated-jpeg": Case(
        "warning", "photos/truncated.jpg", r"cannot read the photo: .*; not published"
    ),
    "gps-zero-over-zero": Case(
        "warning",
        "photos/zero.jpg",
        r"GPS latitude has a zero denominator \(0/0\); shown in its day's entry, not on the map",
    ),
    "gps-out-of-range": Case(
        "warning",
        "photos/far.jpg",
        r"latitude 95 out of range; shown in its day's entry, not on the map",
    ),
    "null-island": Case(
        "warning",
        "photos/null.jpg",
        r"GPS position is \(0, 0\) 'null island'; shown in its day's entry, not on the map",
    ),
    "png-named-jpg": Case(
        "warning",
        "photos/screenshot.jpg",
        r"file is PNG, not JPEG as its name says, no EXIF data; .*",
    ),
    "empty-photo": Case("warning", "photos/empty.jpg", r"empty file; .*"),
    "empty-gpx": Case("warning", "tracks/empty.gpx", r"not a GPX file: the file is empty"),
    "garbage-gpx": Case("warning", "tracks/garbage.gpx", r"not a GPX file: .+"),
    "bad-yaml-front-matter": Case(
        "error", "entries/2015-06-28-rotto.it.md", r"invalid front matter: .+", 2
    ),
    "missing-title": Case(
        "error", "entries/2015-06-28-senza.it.md", r"front matter needs a title", 1
    ),
    "unknown-language": Case(
        "error",
        "entries/2015-06-28-voyage.fr.md",
        r"unknown language 'fr' \(this trip uses it, en\)",
    ),
    "duplicate-stems": Case(
        "warning",
        "photos/IMG_1.jpg",
        r"same published name as photos/IMG_1\.jpeg \(media/IMG_1\.jpg\); not published",
    ),
    "non-utf8-markdown": Case(
        "error", "entries/2015-06-28-latin.it.md", r"not UTF-8 text \(save it as UTF-8\)", 2
    ),
    "image-outside-trip": Case(
        "error",
        "entries/2015-06-28-fuori.it.md",
        r"'\.\./\.\./etc/passwd' points outside the trip; write photos/<name>",
        7,
    ),
    "unreadable-photo": Case("warning", "photos/locked.jpg", r"cannot read .*"),
    "heic-photo": Case("warning", "photos/phone.heic", r".*pi-heif.*"),
    "hostile-strings": Case(
        "",
        "",
        "",
        unpublished=("<script>alert(1)",),
        shown=("{{ site.title }}{% comment %}}}&#34;q&#39;&lt;/script&gt;&lt;script&gt;alert(1)",),
    ),
    "non-latin-names": Case("", "", "", published=10),  # good.jpg and four, in two sizes
    "stale-exif-size": Case(
        "", "", "", unpublished=('width="2000"', 'width="4000"'), shown=('width="64" height="48"',)
    ),
    "draft-translation": Case(
        "", "", "", unpublished=("TESTO-BOZZA", "BRIDGE-DRAFT"), shown=("Testo pubblicato",)
    ),
    "yaml-words": Case(
        "", "", "", unpublished=("False", "True"), shown=("<h3>No</h3>", "On", ">010<")
    ),
    "missing-inline-photo": Case(
        "error",
        "entries/2015-06-28-manca.it.md",
        r"photo 'manca\.jpg' does not exist or is not published",
        7,
    ),
    "private-name-matches-nothing": Case(
        "error",
        "trip.toml",
        r"private: no photo 'csa\.jpg' in photos/ \(a typo would publish it\)",
        1,
        renders=False,
    ),
    "private-in-other-spellings": Case(
        "", "", "", unpublished=("IMG_7", "IMG-7", "Citta", "citta", "casa", "letto")
    ),
    "misspelt-privacy-zone": Case(
        "error",
        "trip.toml",
        r"unknown key 'privacy_zone'; did you mean 'privacy_zones'\?",
        8,
        renders=False,
    ),
    "wrong-type-in-config": Case(
        "error",
        "trip.toml",
        r"privacy_zones\[1\]\.radius_m: expected a number, not text",
        11,
        renders=False,
    ),
}

#: What every case must still publish: the healthy entry and photo share the trip with it.
PUBLISHED = ("index.html", "en/index.html", "map.html", "route.geojson", "media/good.jpg")

PROBLEM = re.compile(r"^(error|warning): (.+?)(?::(\d+))?: (.*)$")
SUMMARY = re.compile(r"^\d+ errors?, \d+ warnings?$")


def test_the_catalogue_is_complete_and_committed() -> None:
    """Every case the script makes has a folder and an expectation, and nothing else does."""
    folders = {p.name for p in BAD.iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert set(MADE) == set(CASES) == folders - {"__pycache__"}


def test_the_committed_catalogue_is_what_the_script_makes(tmp_path: Path) -> None:
    """Text files must match exactly; binary ones must be the same kind of broken."""
    from tests.bad.make_bad import make

    make(tmp_path)
    for case in CASES:
        made = sorted(p.relative_to(tmp_path) for p in (tmp_path / case).rglob("*") if p.is_file())
        kept = sorted(p.relative_to(BAD) for p in (BAD / case).rglob("*") if p.is_file())
        assert made == kept, case
        for rel in made:
            if rel.suffix in {".md", ".toml", ".gpx"}:
                assert (tmp_path / rel).read_bytes() == (BAD / rel).read_bytes(), rel


def _copy(case: str, root: Path) -> Path:
    (root / "trips").mkdir(parents=True, exist_ok=True)
    return Path(shutil.copytree(BAD / case, root / "trips" / case))


def _problems(output: str) -> list[tuple[str, str, int | None, str]]:
    found = []
    for line in output.splitlines():
        match = PROBLEM.match(line)
        if match:
            severity, path, number, message = match.groups()
            found.append((severity, path, int(number) if number else None, message))
    return found


def _check(case: str, root: Path, output: str, exit_code: int) -> None:
    expected = CASES[case]
    trip = root / "trips" / case
    problems = _problems(output)
    if not expected.severity:
        assert not problems and exit_code == 0, output
        _check_published(case, root)
        return
    assert len(problems) == 1, f"{case}: expected one problem line, got:\n{output}"
    severity, path, line, message = problems[0]
    assert severity == expected.severity, output
    assert Path(path) == trip / expected.file, output
    assert line == expected.line, output
    assert re.fullmatch(expected.message, message), output
    summary = "1 error, 0 warnings" if severity == "error" else "0 errors, 1 warning"
    assert summary in output.splitlines(), output
    assert exit_code == (1 if severity == "error" else 0), output
    if not expected.renders:
        assert not (root / "site" / case).exists(), f"{case}: rendered despite a possible leak"
        return
    _check_published(case, root)


def _check_published(case: str, root: Path) -> None:
    """The healthy part of the trip is published, links work, and nothing it must not say."""
    site = root / "site" / case
    missing = [rel for rel in PUBLISHED if not (site / rel).is_file()]
    assert not missing, f"{case}: nothing published for {missing}"
    assert not broken_links(site), f"{case}: pages link files that were not published"
    if CASES[case].published is not None:
        assert len(list((site / "media").iterdir())) == CASES[case].published, case
    index = (site / "index.html").read_text(encoding="utf-8")
    assert all(word in index for word in CASES[case].shown), f"{case}: {index}"
    for path in site.rglob("*"):
        for word in CASES[case].unpublished:
            assert word not in path.name, f"{case}: {path} published"
            if path.is_file():
                assert word.encode() not in path.read_bytes(), f"{case}: {word} in {path}"


def _render(root: Path, case: str, *args: str) -> tuple[str, int]:
    result = runner.invoke(app, ["--root", str(root), "render", case, *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.output, result.exit_code


IN_PROCESS = sorted(set(CASES) - {"unreadable-photo", "heic-photo"})


@pytest.mark.parametrize("case", IN_PROCESS)
def test_bad_input_gives_one_clear_line_and_publishes_the_rest(case: str, tmp_path: Path) -> None:
    _copy(case, tmp_path)
    output, code = _render(tmp_path, case)
    _check(case, tmp_path, output, code)


@pytest.mark.parametrize("case", ["empty-gpx", "null-island", "truncated-jpeg"])
def test_strict_turns_a_warning_into_failure(case: str, tmp_path: Path) -> None:
    _copy(case, tmp_path)
    output, code = _render(tmp_path, case, "--strict")
    assert code == 1, output
    assert "0 errors, 1 warning" in output.splitlines()
    assert (tmp_path / "site" / case / "index.html").is_file()


def test_an_image_outside_the_trip_copies_nothing(tmp_path: Path) -> None:
    _copy("image-outside-trip", tmp_path)
    _render(tmp_path, "image-outside-trip")
    for path in (tmp_path / "site").rglob("*"):
        assert "passwd" not in path.name
        if path.is_file():
            assert b"root:x:0:0" not in path.read_bytes()


def test_a_photo_the_user_cannot_read(tmp_path: Path) -> None:
    """Mode 000. Root reads anything, so as root the render runs in a real process that has
    given up the capabilities to bypass file permissions (util-linux `setpriv`)."""
    trip = _copy("unreadable-photo", tmp_path)
    locked = trip / "photos" / "locked.jpg"
    locked.chmod(0)
    try:
        if os.geteuid() == 0:
            drop = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
            args = [*drop, sys.executable, "-m", "journal", "--root", str(tmp_path)]
            result = subprocess.run(
                [*args, "render", "unreadable-photo"],
                cwd=REPO,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            output, code = result.stdout + result.stderr, result.returncode
        else:
            output, code = _render(tmp_path, "unreadable-photo")
    finally:
        locked.chmod(0o644)
    _check("unreadable-photo", tmp_path, output, code)


def test_a_heic_photo_is_published_by_the_base_install(tmp_path: Path) -> None:
    """pi-heif, a dependency of journal: an iPhone's photos need no extra to install."""
    _copy("heic-photo", tmp_path)
    output, code = _render(tmp_path, "heic-photo")
    assert code == 0 and not _problems(output), output
    assert (tmp_path / "site" / "heic-photo" / "media" / "phone.jpg").is_file()


def test_a_heic_photo_without_the_decoder_is_one_clear_warning(tmp_path: Path) -> None:
    """A real process where `import pi_heif` fails, as in a broken installation."""
    _copy("heic-photo", tmp_path)
    script = "import sys; sys.modules['pi_heif'] = None; from journal.cli import main; main()"
    args = [sys.executable, "-c", script, "--root", str(tmp_path), "render", "heic-photo"]
    result = subprocess.run(
        args, cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )
    # -c puts "-c" in argv[0]; Typer reads sys.argv[1:], which is the command line above
    _check("heic-photo", tmp_path, result.stdout + result.stderr, result.returncode)


@pytest.mark.parametrize("name", ["../evil", "/tmp/evil", "a/b", "..", "a\\b"])
def test_a_trip_name_that_would_escape_is_refused(name: str, tmp_path: Path) -> None:
    (tmp_path / "trips").mkdir()
    result = runner.invoke(app, ["--root", str(tmp_path), "new", name, "--title", "x", "--no-edit"])
    assert result.exit_code == 1
    assert f"invalid trip name {name!r}" in result.output
    assert [p for p in tmp_path.rglob("*")] == [tmp_path / "trips"]


def test_render_refuses_a_trip_outside_the_root(tmp_path: Path) -> None:
    (tmp_path / "trips").mkdir()
    result = runner.invoke(app, ["--root", str(tmp_path), "render", "../../etc"])
    assert result.exit_code == 1
    assert result.output.startswith("error: ")
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("case", IN_PROCESS)
def test_check_reports_every_error_render_does_with_the_same_exit_code(
    case: str, tmp_path: Path
) -> None:
    """One validation path: what `render` finds wrong, `check` finds first, word for word."""
    _copy(case, tmp_path)
    checked = runner.invoke(app, ["--root", str(tmp_path), "check", case])
    rendered, code = _render(tmp_path, case)

    def errors(output: str) -> list[tuple[str, str, int | None, str]]:
        return [p for p in _problems(output) if p[0] == "error"]

    assert errors(checked.output) == errors(rendered), (checked.output, rendered)
    assert checked.exit_code == code


@pytest.mark.parametrize("command", ["render", "check", "embed"])
def test_a_trip_given_as_a_path_must_have_a_slug_for_a_name(command: str, tmp_path: Path) -> None:
    """The folder's name becomes the output folder and every URL: a path is no way around
    the slug check."""
    (tmp_path / "trips").mkdir()
    folder = tmp_path / "elsewhere" / "Viaggio in Italia"
    folder.mkdir(parents=True)
    (folder / "trip.toml").write_text('[title]\nit = "Viaggio"\n', encoding="utf-8")
    result = runner.invoke(app, ["--root", str(tmp_path), command, str(folder)])
    assert result.exit_code == 1
    assert result.output.startswith("error: invalid trip name 'Viaggio in Italia'")
    assert not (tmp_path / "site").exists()
