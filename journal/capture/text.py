"""An entry's title and text when they come in one piece: piped in, or typed after `-m`.

As jrnl does, the first sentence is the title and the rest is the text; a first line that is
a Markdown heading is the title whole. A `--title` keeps the text whole.
"""

from __future__ import annotations

import re
from typing import TextIO

from journal.core.errors import JournalError

#: Longer than this, a first sentence is not a title: its first words are, and the text
#: keeps the sentence whole.
TITLE_MAX = 80

_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)(?:\s+#+)?\s*$")
_END = re.compile(r"[.!?…]+(?=\s|$)")
#: A word before a full stop that does not end a sentence: `S.`, `St.`, `Mt.`, `Sig.`.
_ABBREVIATION = re.compile(r"(?:^|\s)[A-Z][a-z]{0,2}$")


def split_text(title: str | None, text: str | None) -> tuple[str, str]:
    """(title, body); the body ends with one newline, or is empty."""
    body = _clean(text)
    if title is not None or not body:
        return (title or "").strip(), body
    first, _, rest = body.partition("\n")
    heading = _HEADING.match(first)
    if heading:
        return heading["title"], _clean(rest)
    sentence = _first_sentence(first)
    if sentence is not None and len(sentence) <= TITLE_MAX:
        remainder = first[len(sentence) :].strip()
        full_stop = sentence.endswith(".") and not sentence.endswith("..")
        title = sentence[:-1] if full_stop else sentence
        return title.strip(), _clean("\n".join(x for x in (remainder, rest) if x))
    if len(first) <= TITLE_MAX:
        return first.strip(), _clean(rest)
    return first[:TITLE_MAX].rsplit(" ", 1)[0].rstrip(" ,;:") + "…", body


def _first_sentence(line: str) -> str | None:
    for end in _END.finditer(line):
        before = line[: end.start()]
        if end.group() == "." and _ABBREVIATION.search(before):
            continue
        return line[: end.end()]
    return None


def _clean(text: str | None) -> str:
    """Line ends made plain, blank lines around the text dropped, one newline at the end."""
    if not text:
        return ""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    stripped = "\n".join(line.rstrip() for line in lines).strip("\n")
    return f"{stripped}\n" if stripped.strip() else ""


def piped_text(stream: TextIO | None) -> str | None:
    """The text on standard input when it is not a terminal (a pipe, a file), else None; it
    is read whole, as UTF-8 whatever the locale says (a phone's may say nothing)."""
    if stream is None or stream.isatty():
        return None
    buffer = getattr(stream, "buffer", None)
    data = buffer.read() if buffer is not None else stream.read()
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"standard input is not UTF-8 text (byte {exc.start}); nothing was written"
        raise JournalError(None, message, code="new.stdin") from None
