"""Shared fixtures: where the repository, its example trip and the real corpus are."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from journal.core.errors import Report
from journal.core.models import Trip
from journal.enrich.timeline import enrich_trip
from journal.load import folder

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
EXAMPLE = REPO / "trips" / "london-mantova-2015"


def corpus_dir() -> Path:
    """The read-only real-camera corpus beside the repository (or JOURNAL_CORPUS)."""
    return Path(os.environ.get("JOURNAL_CORPUS") or REPO.parent / "shared" / "corpus")


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
    path = corpus_dir()
    if not path.is_dir():
        pytest.skip(f"real-camera corpus not found at {path} (set JOURNAL_CORPUS)")
    return path


@pytest.fixture
def journal_root(tmp_path: Path) -> Path:
    """An empty journal root (a folder holding trips/)."""
    (tmp_path / "trips").mkdir()
    return tmp_path


@pytest.fixture
def example_root(tmp_path: Path) -> Path:
    """A journal root holding a private copy of the shipped example trip."""
    (tmp_path / "trips").mkdir()
    shutil.copytree(EXAMPLE, tmp_path / "trips" / EXAMPLE.name)
    return tmp_path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """On CI every outside tool is installed by .ci/run: a skip there is a failure."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped on CI, where nothing may be: {reason}"
