"""`journal init [DIR]`: a new journal, ready for the road.

Makes `trips/` and a `journal.toml` whose every setting is written out, commented, with what
it does (each one valid once uncommented: a test holds the template to the schema), and
prepares the offline gazetteer and CLDR's place names for this machine, so that the first
`journal new --at` on the road answers at once. Never overwrites: what is there is kept.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from journal.core.errors import JournalError
from journal.core.models import DEFAULT_LANGUAGES
from journal.load.root import gazetteer_dir

TEMPLATE = Path(__file__).with_name("journal.toml")


@dataclass(frozen=True)
class Scaffold:
    """What `init` found and made, by name inside the journal root."""

    root: Path
    made: tuple[str, ...]
    kept: tuple[str, ...]

    @property
    def summary(self) -> str:
        """`journal in DIR: made trips/, journal.toml`."""
        done = (f"{verb} {', '.join(names)}" for verb, names in
                (("made", self.made), ("kept", self.kept)) if names)  # fmt: skip
        return f"journal in {self.root}: {'; '.join(done)}"


def init_journal(folder: Path) -> Scaffold:
    """Make `folder` a journal root (trips/, journal.toml), keeping whatever is there."""
    root = folder.expanduser().resolve()
    for parent in root.parents:
        if root.is_relative_to(parent / "trips") and (parent / "trips").is_dir():
            message = f"inside the journal {parent}: a trip there is made by `journal new TRIP`"
            raise JournalError(root, message, code="init.nested")
    if root.exists() and not root.is_dir():
        raise JournalError(root, "not a folder", code="init.not-a-folder")
    made, kept = [], []
    trips = root / "trips"
    (kept if trips.is_dir() else made).append("trips/")
    try:
        trips.mkdir(parents=True, exist_ok=True)
        with (root / "journal.toml").open("x", encoding="utf-8") as fh:
            fh.write(TEMPLATE.read_text(encoding="utf-8"))
        made.append("journal.toml")
    except FileExistsError:
        kept.append("journal.toml")
    except OSError as exc:
        message = f"cannot make a journal here: {exc.strerror}"
        raise JournalError(root, message, code="init.io") from None
    return Scaffold(root, tuple(made), tuple(kept))


def prepare_places(root: Path) -> Path:
    """Build the packed gazetteer and keep CLDR's Italian and English place names where every
    journal of this user finds them (load.root.gazetteer_dir); where they are."""
    from journal.enrich import places
    from journal.enrich.placenames import keep_local_names
    from journal.render import i18n

    folder = gazetteer_dir(root)
    places.keep_index_in(folder)
    places.prepare()
    keep_local_names(folder, DEFAULT_LANGUAGES, i18n.cldr_version(), i18n.zone_cities)
    return folder


def next_steps(root: Path) -> list[str]:
    """What to do after `init`, as commands to copy."""
    where = shlex.quote(str(root))
    return [
        "next:",
        f"  cd {where}    # or: export JOURNAL_ROOT={where}",
        '  journal new my-trip --trip-title "My trip" --title "Day one"',
        f"  edit {shlex.quote(str(root / 'journal.toml'))}: your home as a privacy zone, your blog",
    ]
