"""Remembered maps: a hit is the map that would be drawn, costs no folium import, and the
cache folder holds one readable-or-ignored entry per map."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from journal.core.cache import CacheFile
from journal.core.models import Tiles
from journal.core.route import PointKind, Route
from journal.load.root import cache_dir
from journal.pipeline import RenderOptions, render_trip
from journal.render.exports import route_files
from journal.render.livemap import DRAWING_SOURCES, render_map
from journal.render.mapcache import FOLDER, entry_path, map_key
from journal.render.mapspec import MapParts
from journal.render.staticmap import static_map_files
from tests.test_mapview import DAY1, MARKERS, sample_route

REPO = Path(__file__).resolve().parents[1]
STATIC = ("route.svg", "route.png")
ROUTE_FILES = ("route.geojson", "route.gpx")
ASSETS = "../assets"


def draw(cache: Path | None, route: Route | None = None, markers=MARKERS, **kwargs) -> MapParts:
    kwargs.setdefault("tiles", Tiles())
    kwargs.setdefault("assets_url", ASSETS)
    return render_map(route or sample_route(), markers, cache_dir=cache, **kwargs)


def plant(cache: Path, assets_url: str = ASSETS) -> MapParts:
    """Replace the stored parts, keeping their key: what comes back next was read, not drawn."""
    path = entry_path(cache, assets_url)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["parts"] = {"head": "<!-- kept -->\n", "body": "<div></div>\n", "script": "kept();\n"}
    path.write_text(json.dumps(data), encoding="utf-8")
    return MapParts(**data["parts"])


def test_a_second_render_reads_the_first_and_imports_no_folium(tmp_path: Path):
    program = textwrap.dedent(
        f"""
        import dataclasses, json, sys
        from pathlib import Path
        from tests.test_mapview import MARKERS, sample_route
        from journal.render.livemap import render_map
        from journal.core.models import Tiles
        parts = render_map(sample_route(), MARKERS, tiles=Tiles(), assets_url="{ASSETS}",
                           cache_dir=Path(sys.argv[1]))
        print(json.dumps([dataclasses.asdict(parts), "folium" in sys.modules]))
        """
    )

    def run() -> tuple[dict[str, str], bool]:
        done = subprocess.run(
            [sys.executable, "-c", program, str(tmp_path)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
        parts, imported = json.loads(done.stdout)
        return parts, imported

    first, drew = run()
    second, imported = run()
    assert drew and not imported
    assert first == second == dataclasses.asdict(draw(None))  # byte-identical to drawing


def test_a_hit_gives_back_what_was_stored(tmp_path: Path):
    assert draw(tmp_path) == draw(None)
    kept = plant(tmp_path)
    assert draw(tmp_path) == kept


CHANGES = {
    "a popup": {"markers": (*MARKERS[:3], dataclasses.replace(MARKERS[3], popup_html="Baita"))},
    "a tooltip": {"markers": (dataclasses.replace(MARKERS[0], tooltip="Via!"), *MARKERS[1:])},
    "a marker's kind": {
        "markers": (*MARKERS[:3], dataclasses.replace(MARKERS[3], kind=PointKind.ENTRY))
    },
    "a marker's place": {"markers": (dataclasses.replace(MARKERS[0], lat=45.010001), *MARKERS[1:])},
    "the tiles": {"tiles": Tiles(url="https://tiles.example/{z}/{x}/{y}.png", name="Other")},
    "the day labels": {"day_labels": {DAY1: "1 giugno"}},
    "the tolerance": {"simplify_m": 2.5},
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_any_change_to_what_the_map_shows_draws_it_again(tmp_path: Path, change: str):
    draw(tmp_path)
    kept = plant(tmp_path)
    changed = draw(tmp_path, **CHANGES[change])
    assert changed != kept
    assert changed == draw(None, **CHANGES[change])
    assert draw(tmp_path, **CHANGES[change]) == changed  # and keeps the new map


def _moved(route: Route, index: int, dlat: float) -> Route:
    segments = list(route.segments)
    points = list(segments[1].points)
    points[index] = dataclasses.replace(points[index], lat=points[index].lat + dlat)
    segments[1] = dataclasses.replace(segments[1], points=tuple(points))
    return Route(segments=tuple(segments), stops=route.stops)


def test_the_key_follows_every_coordinate_and_stop_but_not_the_times():
    route = sample_route()

    def key(r: Route) -> str:
        return map_key(r, MARKERS, settings=("x",), sources=())

    hour = dt.timedelta(hours=1)
    later = Route(
        segments=tuple(
            dataclasses.replace(
                s, points=tuple(dataclasses.replace(p, time=p.time + hour) for p in s.points)
            )
            for s in route.segments
        )
    )
    assert key(later) == key(route)  # the map draws no time
    assert key(_moved(route, 7, 1e-9)) != key(route)  # a point hidden by simplification too
    stop = dataclasses.replace(route.segments[0].points[0], lat=50.0)
    assert key(Route(segments=route.segments, stops=(stop,))) != key(route)  # wider bounds
    assert map_key(route, MARKERS, settings=("x",), sources=()) != map_key(
        route, MARKERS, settings=("y",), sources=()
    )


def test_a_change_to_the_drawing_code_is_a_new_key(tmp_path: Path):
    sources = [REPO / "journal" / name for name in DRAWING_SOURCES]
    assert all(path.is_file() for path in sources)
    copy = tmp_path / "foliummap.py"
    copy.write_bytes(sources[1].read_bytes())
    before = map_key(sample_route(), MARKERS, settings=(), sources=[copy])
    copy.write_bytes(sources[1].read_bytes() + b"\n# changed\n")
    assert map_key(sample_route(), MARKERS, settings=(), sources=[copy]) != before


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff not json",
        b'{"stamp": {"key": "',
        b"[1, 2, 3]",
        b'{"stamp": {"key": "KEY"}, "parts": {"head": 1, "body": "", "script": ""}}',
        b'{"stamp": {"key": "KEY"}, "parts": {"head": "", "body": ""}}',
        b'{"stamp": {"key": "KEY"}, "parts": ["head", "body", "script"]}',
    ],
    ids=["binary", "truncated", "a list", "a number", "a part missing", "parts a list"],
)
def test_a_corrupt_entry_is_drawn_again_and_replaced(tmp_path: Path, content: bytes):
    expected = draw(tmp_path)
    path = entry_path(tmp_path, ASSETS)
    key = json.loads(path.read_text(encoding="utf-8"))["stamp"]["key"]
    path.write_bytes(content.replace(b"KEY", key.encode()))
    assert draw(tmp_path) == expected
    assert json.loads(path.read_text(encoding="utf-8"))["parts"] == dataclasses.asdict(expected)


def test_one_entry_per_map_however_often_it_changes(tmp_path: Path):
    for n in range(3):
        markers = (dataclasses.replace(MARKERS[0], tooltip=f"v{n}"), *MARKERS[1:])
        draw(tmp_path, markers=markers, assets_url="assets")
        draw(tmp_path, markers=markers, assets_url="../assets")
    files = sorted((tmp_path / FOLDER).iterdir())
    assert [f.suffix for f in files] == [".json", ".json"]  # no temp file left either
    assert {entry_path(tmp_path, "assets"), entry_path(tmp_path, "../assets")} == set(files)


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path, caplog):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="journal.core.cache"):
        parts = draw(blocked)
    assert parts == draw(None)
    assert "could not write the map cache" in caplog.text


def test_a_render_keeps_one_map_per_language_in_the_trips_cache(example_root: Path):
    """A live map per language, the static map and the route files: what the site holds."""
    trip = next((example_root / "trips").iterdir())
    report, out = render_trip(example_root, trip.name, RenderOptions(out=example_root / "out"))
    assert not report.errors
    cache = cache_dir(example_root, trip)
    assert sorted((cache / FOLDER).iterdir()) == sorted(
        {
            entry_path(cache, "assets"),
            entry_path(cache, "../assets"),
            entry_path(cache, "static map", ".bin"),
            entry_path(cache, "route files", ".bin"),
        }
    )
    stored = json.loads(entry_path(cache, "assets").read_text(encoding="utf-8"))["parts"]
    assert stored["script"] in (out / "map.html").read_text(encoding="utf-8")
    for name, files in (("static map", STATIC), ("route files", ROUTE_FILES)):
        kept = CacheFile(entry_path(cache, name, ".bin"), "drawing", {}).read_bytes() or b""
        for rel in files:
            assert (out / rel).read_bytes() in kept, rel
    assert not (out / ".journal" / "cache").exists()  # never inside what a user uploads


def _plant_files(cache: Path, name: str) -> dict[str, bytes]:
    """Replace a kept drawing's files, keeping its key: what comes back next was read."""
    path = entry_path(cache, name, ".bin")
    head = json.loads(path.read_bytes().partition(b"\n")[0])
    planted = {rel: f"kept {rel}".encode() for rel, _ in head["files"]}
    CacheFile(path, "drawing", head["stamp"]).write_files(planted)
    return planted


def test_the_static_map_is_kept_until_the_route_or_title_it_shows_changes(tmp_path: Path):
    route = sample_route()
    drawn = static_map_files(route, "Giro", cache_dir=tmp_path)
    assert drawn == static_map_files(route, "Giro")  # byte-identical to drawing
    planted = _plant_files(tmp_path, "static map")
    assert static_map_files(sample_route(), "Giro", cache_dir=tmp_path) == planted
    hour = dt.timedelta(hours=1)
    later = Route(
        segments=tuple(
            dataclasses.replace(
                s, points=tuple(dataclasses.replace(p, time=p.time + hour) for p in s.points)
            )
            for s in route.segments
        )
    )
    assert static_map_files(later, "Giro", cache_dir=tmp_path) == planted  # it draws no time
    for changed, title in ((_moved(route, 7, 1e-9), "Giro"), (route, "Giro d'Italia")):
        assert static_map_files(changed, title, cache_dir=tmp_path) == static_map_files(
            changed, title
        )


def test_the_route_files_follow_every_field_of_every_point(tmp_path: Path):
    route = sample_route()
    written = route_files(route, name="Giro", cache_dir=tmp_path)
    assert written == route_files(route, name="Giro")
    planted = _plant_files(tmp_path, "route files")
    assert route_files(sample_route(), name="Giro", cache_dir=tmp_path) == planted
    first = route.segments[0]
    for change in ({"alt": 1234.0}, {"time": first.points[3].time + dt.timedelta(seconds=1)}):
        point = dataclasses.replace(first.points[3], **change)
        points = (*first.points[:3], point, *first.points[4:])
        changed = Route(segments=(dataclasses.replace(first, points=points), *route.segments[1:]))
        assert route_files(changed, name="Giro", cache_dir=tmp_path) == route_files(
            changed, name="Giro"
        )


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\xff not json\n", b'{"stamp": {"key": "KEY"}, "files": [["route.svg", 99]]}\nab'],
    ids=["empty", "binary", "short"],
)
def test_a_corrupt_static_map_is_drawn_again(tmp_path: Path, content: bytes):
    expected = static_map_files(sample_route(), "Giro", cache_dir=tmp_path)
    path = entry_path(tmp_path, "static map", ".bin")
    key = json.loads(path.read_bytes().partition(b"\n")[0])["stamp"]["key"]
    path.write_bytes(content.replace(b"KEY", key.encode()))
    assert static_map_files(sample_route(), "Giro", cache_dir=tmp_path) == expected
