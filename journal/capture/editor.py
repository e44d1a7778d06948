"""The editor `journal new` opens on the entry, and what it says when there is none.

$VISUAL, else $EDITOR, else the first of `editor` (Debian's choice), `nano` and `vi` that is
installed: a phone terminal often has no `vi`. An editor that cannot start or that fails is
one error naming it and the entry's path; the entry is kept as it is, never removed.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

from journal.core.errors import JournalError

FALLBACKS = ("editor", "nano", "vi")
#: What to do when no editor runs: the entry is there, and there are ways without one.
KEPT = "the entry is kept: set $EDITOR, or pipe the text in (echo ... | journal new)"


def editor_command(path: Path) -> list[str]:
    """The editor's command line from the environment, or the first installed fallback."""
    configured = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if configured:
        try:
            words = shlex.split(configured)
        except ValueError:  # an unclosed quote in $EDITOR
            words = []
        if not words:
            raise JournalError(path, f"cannot use editor {configured!r}; {KEPT}", code="new.editor")
        return words
    for name in FALLBACKS:
        if shutil.which(name):
            return [name]
    message = f"no editor: $VISUAL and $EDITOR are not set and none of {', '.join(FALLBACKS)} "
    raise JournalError(path, f"{message}is installed; {KEPT}", code="new.editor")


def open_editor(path: Path) -> None:
    """Edit the entry; JournalError naming the editor when it cannot start or fails."""
    command = editor_command(path)
    name = shlex.join(command)
    try:
        status = subprocess.call([*command, str(path)])
    except OSError as exc:
        reason = exc.strerror or str(exc)
        message = f"cannot start editor {name!r}: {reason}; {KEPT}"
        raise JournalError(path, message, code="new.editor") from None
    if status != 0:
        how = f"was stopped by signal {-status}" if status < 0 else f"exited with status {status}"
        raise JournalError(path, f"editor {name!r} {how}; the entry is kept", code="new.editor")
