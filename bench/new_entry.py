"""`journal new` against `jrnl`: how long a rider waits to start writing, whole processes.

Usage: python bench/new_entry.py [--runs 10]

Both create one entry non-interactively (no editor) in a fresh journal under /tmp, ten times
each, alternating; the median is what is compared. Each runs from a venv of its own (see
timing.py), so neither pays for this machine's site hooks; jrnl runs with a
config file of its own so the user's jrnl is never touched.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from timing import ensure_venv, journal_venv, machine, median_of, run, time_once

JRNL_CONFIG = """\
colors: {{body: none, date: none, tags: none, title: none}}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: true
indent_character: '|'
journals:
  default: {journal}
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%F %r'
version: v4.6
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    bin_dir = ensure_venv()
    print(machine())
    with tempfile.TemporaryDirectory(prefix="journal-bench-new-") as tmp:
        root = Path(tmp)
        (root / "trips").mkdir()
        journal = [str(journal_venv() / "journal"), "--root", str(root)]
        run([*journal, "new", "ride", "--trip-title", "Ride", "--title", "warm-up", "--no-edit"])
        config = root / "jrnl.yaml"
        config.write_text(JRNL_CONFIG.format(journal=root / "jrnl.txt"), encoding="utf-8")
        jrnl = [str(bin_dir / "jrnl"), "--config-file", str(config)]
        run([*jrnl, "Warm-up."])

        def journal_once(i: int) -> float:
            title = f"Tappa {i}: da Aosta a Mantova"
            return time_once([*journal, "new", "ride", "--title", title, "--no-edit"])

        def jrnl_once(i: int) -> float:
            return time_once([*jrnl, f"Tappa {i}: da Aosta a Mantova."])

        # alternate the two, so background load on a shared machine hits both alike
        pairs = [(journal_once(i), jrnl_once(i)) for i in range(args.runs)]
        ours, _ = median_of(args.runs, lambda i: pairs[i][0], label="journal new")
        theirs, _ = median_of(args.runs, lambda i: pairs[i][1], label="jrnl 4.6   ")
        entries = len(list((root / "trips" / "ride" / "entries").glob("*.md")))
        print(f"entries written by journal: {entries}")
    print(
        f"journal new {ours:.3f} s, jrnl {theirs:.3f} s (medians): "
        f"journal takes {ours / theirs:.2f}x jrnl's time"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
