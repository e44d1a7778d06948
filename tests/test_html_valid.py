"""The pages validate in the Nu HTML Checker (vnu.jar, the W3C validator), with no error.

.ci/run installs it with `npm install --prefix tests/.tools vnu-jar`; Java runs it offline.
Nothing is filtered: an error the checker reports fails the test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_jekyll import JEKYLL, TRIP, build, built_page, publish_example
from test_staticmap import TRIP as ROUTE

from journal.render import staticmap

REPO = Path(__file__).resolve().parents[1]
VNU = Path(
    os.environ.get("JOURNAL_VNU_JAR")
    or REPO / "tests" / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)
JAVA = shutil.which("java")

pytestmark = pytest.mark.skipif(
    not VNU.is_file() or JAVA is None,
    reason=f"Nu HTML Checker not found at {VNU} (npm install --prefix tests/.tools vnu-jar) "
    "or java missing",
)


def validate(*files: Path) -> list[str]:
    """Every error and warning vnu reports, as `file:line: message` lines."""
    assert JAVA is not None
    run = subprocess.run(
        [JAVA, "-jar", str(VNU), "--format", "json", "--also-check-svg", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    found = [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine', '?')}: {m['type']}: "
        f"{m.get('message')}"
        for m in messages
        if m["type"] != "info"
    ]
    assert run.returncode == (1 if found else 0) or found, run.stderr[-2000:]
    return found


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return publish_example(tmp_path_factory.mktemp("vnu"))


def test_standalone_pages_are_valid(published: tuple[Path, Path]) -> None:
    site, _ = published
    pages = [site / "index.html", site / "map.html", site / "en" / "index.html"]
    pages.append(site / "en" / "map.html")
    assert all(p.is_file() for p in pages)
    assert validate(*pages) == []


def test_the_checker_does_report_errors(tmp_path: Path) -> None:
    """Proof the harness can fail: a page without doctype and title is invalid."""
    page = tmp_path / "bad.html"
    page.write_text("<html><body><p>senza titolo</body></html>\n", encoding="utf-8")
    assert any("error" in line for line in validate(page))


def test_static_map_svg_is_valid(tmp_path: Path) -> None:
    svg = tmp_path / "route.svg"
    svg.write_bytes(staticmap.static_map_files(ROUTE, "Londra → Mantova & ritorno")["route.svg"])
    assert validate(svg) == []


@pytest.mark.skipif(JEKYLL is None, reason="jekyll is not installed (.ci/run installs it)")
def test_jekyll_posts_are_valid(published: tuple[Path, Path]) -> None:
    """The travelogue inside the test blog's layout, and the index page listing its excerpt:
    journal's part adds no error."""
    _, blog = published
    built = build(blog, "_site")
    posts = [built_page(built, "it"), built_page(built, "en")]
    listing = [p for p in built.glob("page*/index.html") if TRIP in p.read_text("utf-8")]
    assert len(listing) == 1
    assert validate(*posts, *listing) == []
