"""trip.toml and journal.toml against their schema: every mistake in one pass, each named.

A misspelt key used to be ignored, and a misspelt `[[privacy_zones]]` published home: here
each mistake is one `error:` line with the file, the line, the key and the closest known key
(or the type that was expected), and a trip whose config has any is not rendered at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journal.cli import app
from journal.core.errors import Report
from journal.load.config import load_config, load_settings

runner = CliRunner()

MISTAKES = """\
default_lang = "it"
titel = "Prova"

[title]
it = "Prova"
itt = "refuso"

[descripton]
it = "Una riga"

[[privacy_zone]]
lat = 51.46
lon = -0.11
radius_m = 500

[[privacy_zones]]
lat = 51.46
lon = -0.11
radius_m = "500"

[[privacy_zones]]
lat = 95
lon = -0.11
radious_m = 500

[cameras."NIKON D3100"]
clock_ofset = "+1d"

[photos."IMG_1.jpg"]
lat = 45.1
"""


def _trip(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "trip.toml").write_text(text, encoding="utf-8")
    return folder


def _lines(report: Report) -> list[tuple[int | None, str, str]]:
    return [(p.line, p.code, p.message) for p in report.errors]


def test_every_mistake_of_a_file_is_reported_at_once_with_its_line(tmp_path: Path) -> None:
    report = Report()
    assert load_config(_trip(tmp_path, MISTAKES), report) is None
    assert all(p.path == tmp_path / "trip.toml" for p in report.problems)
    assert sorted(_lines(report), key=lambda x: (x[0] or 0, x[2])) == [
        (2, "config.unknown-key", "unknown key 'titel'; did you mean 'title'?"),
        (6, "config.unknown-key",
         "unknown key 'title.itt': not one of languages; did you mean 'it'?"),
        (8, "config.unknown-key", "unknown key 'descripton'; did you mean 'description'?"),
        (11, "config.unknown-key", "unknown key 'privacy_zone'; did you mean 'privacy_zones'?"),
        (19, "config.type", "privacy_zones[1].radius_m: expected a number, not text"),
        (21, "config.missing", "privacy_zones[2].radius_m: missing"),
        (22, "config.value", "privacy_zones[2].lat: Input should be less than or equal to 90"),
        (24, "config.unknown-key",
         "unknown key 'privacy_zones[2].radious_m'; did you mean 'radius_m'?"),
        (26, "config.missing", 'cameras."NIKON D3100".clock_offset: missing'),
        (27, "config.unknown-key",
         "unknown key 'cameras.\"NIKON D3100\".clock_ofset'; did you mean 'clock_offset'?"),
        (29, "config.value", 'photos."IMG_1.jpg": needs lat and lon, or place'),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ('languages = "it"\n[title]\nit = "x"\n', 1, "languages: expected a list [...], not text"),
        ('geotag_max_gap_minutes = "5"\n[title]\nit = "x"\n', 1,
         "geotag_max_gap_minutes: expected a number, not text"),
        ('private = "IMG_1.jpg"\n[title]\nit = "x"\n', 1,
         "private: expected a list [...], not text"),
        ('[title]\nit = 3\n', 2, "title.it: expected text in quotes, not a whole number"),
        ('tiles = "osm"\n[title]\nit = "x"\n', 1, "tiles: expected a table, not text"),
        ('[title]\nit = "x"\n[tiles]\nurl = "https://t/{z}/{x}/{y}.png"\n', 3,
         "tiles.attribution: missing"),
    ],
)  # fmt: skip
def test_a_wrong_type_names_the_key_and_the_type_expected(
    tmp_path: Path, text: str, line: int, expected: str
) -> None:
    report = Report()
    assert load_config(_trip(tmp_path, text), report) is None
    assert [(p.line, p.message) for p in report.errors] == [(line, expected)]


def test_journal_toml_is_checked_the_same_way(tmp_path: Path) -> None:
    (tmp_path / "journal.toml").write_text(
        'blog = "../blog"\nthemes = "dark"\n\n[[privacy_zone]]\nlat = 1\nlon = 2\nradius_m = 3\n',
        encoding="utf-8",
    )
    report = Report()
    load_settings(tmp_path, report)
    assert _lines(report) == [
        (2, "config.unknown-key", "unknown key 'themes'; did you mean 'theme'?"),
        (4, "config.unknown-key", "unknown key 'privacy_zone'; did you mean 'privacy_zones'?"),
    ]


def test_a_good_file_reads_as_before(tmp_path: Path) -> None:
    text = (
        'default_lang = "en"\nlanguages = ["it", "en"]\ntimezone = "Europe/Rome"\n'
        'title = "One title"\nprivate = ["a.jpg"]\ngeotag_max_gap_minutes = 2\n'
        '[[privacy_zones]]\nlat = 45\nlon = 9\nradius_m = 300\nname = "casa"\n'
        '[cameras."NIKON D3100"]\nclock_offset = "+1d -02:01:32"\n'
        '[photos."b.jpg"]\nplace = "Mantova"\n'
    )
    report = Report()
    config = load_config(_trip(tmp_path, text), report)
    assert report.problems == [] and config is not None
    assert config.languages == ("en", "it") and config.titles == {"en": "One title"}
    assert config.privacy_zones[0].radius_m == 300 and config.private == ("a.jpg",)
    assert config.clock_offsets["NIKON D3100"].total_seconds() == 86400 - 7292
    assert config.photo_overrides["b.jpg"].place == "Mantova"
    assert config.geotag_max_gap.total_seconds() == 120


def test_a_misspelt_privacy_zone_stops_the_render_and_check(tmp_path: Path) -> None:
    """The mistake that published a home: nothing is rendered, both commands say the same."""
    root = tmp_path
    _trip(
        root / "trips" / "casa",
        '[title]\nit = "Casa"\n\n[[privacy_zone]]\nlat = 51.46\nlon = -0.11\nradius_m = 500\n',
    )
    outputs = []
    for command in ("render", "check"):
        result = runner.invoke(app, ["--root", str(root), command, "casa"])
        assert result.exit_code == 1, result.output
        outputs.append(result.output)
    line = (
        f"error: {root / 'trips' / 'casa' / 'trip.toml'}:4: "
        "unknown key 'privacy_zone'; did you mean 'privacy_zones'?"
    )
    assert all(re.search(f"^{re.escape(line)}$", out, re.M) for out in outputs), outputs
    assert not (root / "site").exists()


def test_time_zones_load_from_the_tzdata_package_as_on_windows(tmp_path: Path) -> None:
    """Windows has no zone database: zoneinfo then reads the tzdata package, which the
    project depends on there (and a trip's timezone must still be accepted)."""
    import tomllib
    import zoneinfo

    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    assert "tzdata; sys_platform == 'win32'" in pyproject["project"]["dependencies"]
    zoneinfo.reset_tzpath(to=[])  # no system zone folder, as on Windows
    try:
        zoneinfo.ZoneInfo.clear_cache()
        report = Report()
        config = load_config(
            _trip(tmp_path, 'timezone = "Europe/Rome"\n[title]\nit = "x"\n'), report
        )
        assert report.problems == [] and config is not None and config.timezone == "Europe/Rome"
    finally:
        zoneinfo.reset_tzpath()
        zoneinfo.ZoneInfo.clear_cache()


ROUTE_MISTAKES = """\
mode = "spaceship"
dates = ["2015-07-06", "2015-06-27"]

[title]
it = "Prova"

[[legs]]
from = "2015-06-27T11:20"
to = "ieri"
mode = "ferry"

[[legs]]
from = 2015-06-28T08:00:00
too = 2015-06-28T09:00:00
mode = "train"
"""


def test_the_route_keys_are_checked_with_the_rest(tmp_path: Path) -> None:
    report = Report()
    assert load_config(_trip(tmp_path, ROUTE_MISTAKES), report) is None
    found = sorted((p.line, p.code, p.message.split(":")[0]) for p in report.errors)
    assert found == [
        (1, "config.value", "mode"),
        (2, "config.value", "dates"),
        (9, "config.value", "legs[1].to"),
        (12, "config.missing", "legs[2].to"),
        (14, "config.unknown-key", "unknown key 'legs[2].too'; did you mean 'to'?"),
    ]


def test_dates_mode_and_legs_read_as_the_route_needs_them(tmp_path: Path) -> None:
    text = (
        'timezone = "Europe/London"\nmode = "bicycle"\ndates = [2015-06-27, "2015-07-06"]\n'
        '[title]\nit = "x"\n'
        '[[legs]]\nfrom = "2015-06-27T11:20"\nto = 2015-06-27T12:00:00+01:00\nmode = "train"\n'
    )
    report = Report()
    config = load_config(_trip(tmp_path, text), report)
    assert report.problems == [] and config is not None
    assert config.mode == "bicycle"
    assert [d.isoformat() for d in config.dates] == ["2015-06-27", "2015-07-06"]
    (leg,) = config.legs
    assert leg.mode == "train"
    assert leg.start.isoformat() == "2015-06-27T11:20:00+01:00"  # naive: the trip's zone (BST)
    assert leg.end.utcoffset().total_seconds() == 3600


def test_a_config_read_cleanly_is_remembered_until_its_text_changes(tmp_path: Path) -> None:
    """The cache gives back what validation gave, skips the schema while the file is the
    same, and never keeps a file that had something to say."""
    import subprocess
    import sys

    from journal.load import configcache

    trip = tmp_path / "trips" / "t"
    trip.mkdir(parents=True)
    toml = trip / "trip.toml"
    toml.write_text('[title]\nit = "Prova"\nen = "Test"\n', encoding="utf-8")
    cache = tmp_path / "cache"
    assert configcache.load_config(trip, Report(), cache) == load_config(trip, Report())
    probe = (
        "import sys; from pathlib import Path; from journal.core.errors import Report; "
        "from journal.load.configcache import load_config; "
        f"c = load_config(Path({str(trip)!r}), Report(), Path({str(cache)!r})); "
        "print(c.title('en'), 'journal.load.schema' in sys.modules)"
    )
    warm = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert warm.stdout.split() == ["Test", "False"], warm.stderr
    toml.write_text('[title]\nit = "Prova"\nen = "Changed"\n', encoding="utf-8")
    assert configcache.load_config(trip, Report(), cache).title("en") == "Changed"
    toml.write_text('[title]\nit = "Prova"\ntitel = "x"\n', encoding="utf-8")
    for _ in range(2):  # a file with a mistake is validated, and reported, every time
        report = Report()
        assert configcache.load_config(trip, report, cache) is None
        assert [p.code for p in report.errors] == ["config.unknown-key"]
    for damage in (b"", b"\x80garbage", b'{"stamp": {}, "files": [["value", 3]]}\nabc'):
        (cache / "config.cache").write_bytes(damage)
        toml.write_text('[title]\nit = "Prova"\n', encoding="utf-8")
        assert configcache.load_config(trip, Report(), cache) == load_config(trip, Report())
