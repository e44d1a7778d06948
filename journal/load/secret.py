"""The journal's privacy secret: random bytes kept in the root, never in any output.

Privacy zones are published as circles moved and widened by amounts only this secret decides
(`journal.enrich.veil`), so the same journal renders the same bytes every time while nobody
who reads the output can tell where a zone's real centre is. It is made on first use, 32
random bytes from the operating system, readable by its owner alone (mode 0600). Deleting it
moves every published zone edge on the next render; copying it into a site would undo it all,
which is why it lives in `<root>/.journal/` beside the caches and not in the trip folder.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from journal.core.errors import JournalError

SECRET_FILE = ".journal/secret"
SECRET_BYTES = 32


def secret_path(root: Path) -> Path:
    return root / SECRET_FILE


def privacy_secret(root: Path) -> bytes:
    """The root's secret, made (exclusively, 0600) the first time it is asked for."""
    path = secret_path(root)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another render made it a moment ago: use that one
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_hex(SECRET_BYTES) + "\n")
    try:
        secret = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        message = f"unreadable privacy secret ({exc}); delete it to make a new one"
        raise JournalError(path, message) from None
    if len(secret) < SECRET_BYTES // 2:
        raise JournalError(path, "privacy secret too short; delete it to make a new one")
    return secret
