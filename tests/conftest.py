"""Shared fixtures: where the repository, its example trip and the real corpus are."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from journal.core.errors import Report
from journal.core.models import Trip
from journal.enrich.timeline import enrich_trip
from journal.load import folder
from journal.load.secret import SECRET_FILE

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
EXAMPLE = REPO / "trips" / "london-mantova-2015"


def corpus_dir() -> Path:
    """The read-only real-camera corpus beside the repository (or JOURNAL_CORPUS)."""
    return Path(os.environ.get("JOURNAL_CORPUS") or REPO.parent / "shared" / "corpus")


#: The corpus folders the tests read: a half-copied corpus is as absent as none.
CORPUS_PARTS = (
    "exif-real/images",
    "exif-real/exiftool.json",
    "gpx-real/files",
    "gpx-real/gpxpy.json",
    "device-files",
)


def corpus_missing() -> str | None:
    """Why the corpus cannot be used here, or None when every part the tests read is there.

    A fresh clone has no ../shared beside it: its tests skip with this reason (and fail on
    CI, which has the corpus, see `pytest_runtest_makereport`)."""
    base = corpus_dir()
    absent = [part for part in CORPUS_PARTS if not (base / part).exists()]
    if not absent:
        return None
    return f"real-camera corpus not found at {base} (no {absent[0]}; set JOURNAL_CORPUS)"


#: For tests that read the corpus at collection time or through module constants.
needs_corpus = pytest.mark.skipif(corpus_missing() is not None, reason=corpus_missing() or "")


def load_trip(trip_dir: Path, report: Report, *, cache_dir: Path | None = None) -> Trip | None:
    """A trip folder loaded and placed in time and space, as every command reads it; None
    when trip.toml is unusable (the reasons are in `report`)."""
    loaded = folder.load_trip(trip_dir, report, cache_dir=cache_dir)
    return enrich_trip(loaded, report) if loaded is not None else None


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden output trees from the current code instead of comparing",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def corpus() -> Path:
    reason = corpus_missing()
    if reason is not None:
        pytest.skip(reason)
    return corpus_dir()


@pytest.fixture(autouse=True, scope="session")
def user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """journal's per-user cache (the packed gazetteer, CLDR's place names) in a folder of
    the test run's own, built once per run and shared by every test: never the user's."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder / "journal"


@pytest.fixture(scope="session")
def places_ready(user_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The user cache as `journal init` leaves it: the packed gazetteer and CLDR's Italian
    and English place names (once per test run)."""
    from journal.capture.scaffold import prepare_places

    return prepare_places(tmp_path_factory.mktemp("init"))


@pytest.fixture
def journal_root(tmp_path: Path) -> Path:
    """An empty journal root (a folder holding trips/)."""
    (tmp_path / "trips").mkdir()
    return tmp_path


#: The privacy secret of the journals the golden output is rendered in: a real journal makes
#: its own at random (journal.load.secret), which would move the zones' edges every run.
TEST_SECRET = "5eed" * 16


def with_secret(root: Path) -> Path:
    """`root` with the fixed test secret, so its renders match the golden output."""
    path = root / SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEST_SECRET + "\n", encoding="ascii")
    path.chmod(0o600)
    return root


@pytest.fixture
def example_root(tmp_path: Path) -> Path:
    """A journal root holding a private copy of the shipped example trip (and a known secret)."""
    (tmp_path / "trips").mkdir()
    shutil.copytree(EXAMPLE, tmp_path / "trips" / EXAMPLE.name)
    return with_secret(tmp_path)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """On CI every outside tool is installed by .ci/run: a skip there is a failure."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped on CI, where nothing may be: {reason}"
