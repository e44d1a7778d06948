"""An edit renders only what it changed, and the very bytes a cold render makes of the result.

A render after an edit reads back what did not change (entry texts, days, popups, maps, the
static map, the route files, the numbers: see textcache.py, fragments.py, mapcache.py,
stats.py); each of those is keyed by what it shows, so the pages must be those a render with
no cache at all makes. Each edit below is made to a rendered trip, rendered again with all its
caches (and each language in a process of its own), then compared with a cold render of a
copy of the edited trip, file by file.
"""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journal.cli import app
from journal.core.cache import installed_version
from journal.render.forked import in_child
from journal.render.fragments import Fragments
from journal.render.themes import environment, load_theme
from tests.conftest import with_secret

TRIP = "london-mantova-2015"
ENTRY = Path("entries") / "2015-07-01-mantova.it.md"


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _front(path: Path, key: str, value: str) -> None:
    """Set one front matter key (the first block), adding it when absent."""
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    lines = [line for line in head.splitlines() if not line.startswith(f"{key}:")]
    path.write_text("\n".join([*lines, f"{key}: {value}"]) + "\n---\n" + body, encoding="utf-8")


EDITS = {
    "text": lambda trip: _append(trip / ENTRY, "\nUna riga in più, con *enfasi*.\n"),
    "title": lambda trip: _front(trip / ENTRY, "title", '"Mantova, finalmente"'),
    "place": lambda trip: _front(trip / ENTRY, "location", "{lat: 45.1, lon: 10.8}"),
    "caption": lambda trip: _replace(trip / ENTRY, "ancora nostra.", "ancora tutta nostra."),
    "new entry": lambda trip: (trip / "entries" / "2015-07-01-sera.en.md").write_text(
        "---\ntitle: Evening\n---\n\nA walk by the lakes.\n", encoding="utf-8"
    ),
    # Privacy changes must reach every kept map, popup, day and route file: a kept piece
    # that still showed the old position would publish what the rider has just hidden.
    "privacy zone": lambda trip: _append(
        trip / "trip.toml",
        '\n[[privacy_zones]]\nname = "amici"\nlat = 45.1600\nlon = 10.7950\nradius_m = 3000\n',
    ),
    "private photo": lambda trip: _replace(
        trip / "trip.toml",
        'timezone = "Europe/Rome"\n',
        'timezone = "Europe/Rome"\nprivate = ["mantova-lago.jpg"]\n',
    ),
}


def _render(root: Path, out: Path, jobs: str) -> None:
    args = ["--root", str(root), "render", TRIP, "--out", str(out), "-j", jobs]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output


def _site(out: Path) -> dict[str, bytes]:
    """Every file journal wrote, but its own records (they name this render's inputs)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".journal" not in p.relative_to(out).parts
    }


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edited_render_is_the_cold_render_of_the_edited_trip(
    example_root: Path, tmp_path: Path, edit: str
) -> None:
    warm = tmp_path / "warm-site"
    _render(example_root, warm, "2")
    before = _site(warm)
    EDITS[edit](example_root / "trips" / TRIP)
    _render(example_root, warm, "2")  # with every cache, the languages apart
    assert _site(warm) != before, "the edit changed nothing: it tests nothing"
    cold_root = tmp_path / "cold"
    shutil.copytree(example_root / "trips", cold_root / "trips")
    cold = tmp_path / "cold-site"
    _render(with_secret(cold_root), cold, "1")  # no cache at all, one process
    edited, fresh = _site(warm), _site(cold)
    assert sorted(edited) == sorted(fresh)
    for rel, data in fresh.items():
        assert edited[rel] == data, f"{rel} differs after the edit ({edit})"


PROBE = """
import json, sys
import jinja2, markdown
rendered, converted = {}, []
real_render, real_convert = jinja2.Template.render, markdown.Markdown.convert
def render(self, *args, **kwargs):
    rendered[self.name] = rendered.get(self.name, 0) + 1
    return real_render(self, *args, **kwargs)
def convert(self, source):
    converted.append(source)
    return real_convert(self, source)
jinja2.Template.render, markdown.Markdown.convert = render, convert
from journal.cli import app
from journal.core.cache import installed_version
from journal.render.forked import in_child
from journal.render.fragments import Fragments
from journal.render.themes import environment, load_theme
try:
    app(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
heavy = ["folium", "PIL", "gpxpy", "exifread", "tzfpy", "journal.load.schema", "babel", "yaml"]
places = sys.modules.get("journal.enrich.places")
gazetteer = places is not None and places._state["index"] is not None
print(json.dumps({"code": code, "rendered": rendered, "converted": converted,
                  "imported": [m for m in heavy if m in sys.modules], "gazetteer": gazetteer}))
"""


def _probe(root: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--root", str(root), "render", TRIP, "-j", "1"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_an_edited_text_renders_its_text_and_day_and_nothing_else(example_root: Path) -> None:
    """What an edit leaves as it was is read back: no map drawn (no folium), no static map
    (no Pillow), no GPX or EXIF read, no time zone or town looked up, no config validated,
    no date or number formatted anew (no Babel), no other entry file parsed (no YAML but the
    edited one's);
    Markdown converts the edited text only, and Jinja renders its day and the page around
    it, no other day, no photo's or entry's popup."""
    first = _probe(example_root)
    assert first["code"] == 0 and first["gazetteer"]
    assert {"folium", "PIL", "gpxpy", "exifread", "tzfpy", "babel"} <= set(first["imported"])
    days = first["rendered"]["day.html"]
    assert days > 4 and first["rendered"]["popup_photo.html"] > 10
    _append(example_root / "trips" / TRIP / ENTRY, "\nRIGA AGGIUNTA.\n")
    again = _probe(example_root)
    assert again["code"] == 0
    assert again["imported"] == ["yaml"] and not again["gazetteer"]
    assert again["converted"] and all("RIGA AGGIUNTA." in text for text in again["converted"])
    rendered = again["rendered"]
    assert rendered.get("day.html") == 2  # the day, on the Italian page and the English one
    assert "popup_photo.html" not in rendered and "popup_entry.html" not in rendered
    assert rendered["index.html"] == 2 and rendered["map.html"] == 2  # the pages around


def test_work_in_a_child_comes_back_or_raises_there_as_here() -> None:
    assert in_child(lambda: {"pages": ["é" * 100_000]})() == {"pages": ["é" * 100_000]}
    waiting = in_child(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        waiting()


def test_library_versions_read_from_the_folders_are_importlib_metadata_s() -> None:
    for name in ("folium", "Markdown", "jinja2", "babel", "MarkupSafe", "tzfpy", "Pillow"):
        assert installed_version(name) == importlib.metadata.version(name), name
    assert installed_version("no-such-library") == "absent"


def test_a_fragment_is_rendered_again_when_any_file_of_the_theme_changes(tmp_path: Path) -> None:
    child = tmp_path / "themes" / "mine"
    (child / "templates").mkdir(parents=True)
    (child / "theme.toml").write_text('extends = "default"\n', encoding="utf-8")
    waypoint = child / "templates" / "popup_waypoint.html"
    waypoint.write_text("<b>{{ name }}</b>\n", encoding="utf-8")
    cache = tmp_path / "fragments.cache"

    def popup() -> tuple[str, int]:
        theme = load_theme(str(child))
        kept = Fragments(cache, theme)
        html = kept.render(environment(theme, "it"), "popup_waypoint.html", name="Rifugio")
        kept.save()
        return html, kept.rendered

    assert popup() == ("<b>Rifugio</b>", 1)
    assert popup() == ("<b>Rifugio</b>", 0)  # read back
    waypoint.write_text("<i>{{ name }}</i>\n", encoding="utf-8")
    assert popup() == ("<i>Rifugio</i>", 1)
    (child / "theme.toml").write_text('extends = "default"\n[options]\nx = 1\n', encoding="utf-8")
    assert popup() == ("<i>Rifugio</i>", 1)  # options reach templates: a new stamp
