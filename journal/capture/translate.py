"""`journal new --translate STEM`: the same entry in the trip's other language.

The translation keeps the stem and the front matter; its text is the original under a line
saying what to do, or the text piped in. With two languages the other one is the target, so
`--lang` is needed only in a trip of three or more.
"""

from __future__ import annotations

import os
from pathlib import Path

from journal.capture.trips import TripChoice, trip_lang
from journal.core.errors import JournalError
from journal.load import frontmatter
from journal.load.entries import entry_name, parse_name, read_text

TRANSLATE_MARKER = "<!-- Translate the text below, then delete this line and the original. -->"


def find_source(folder: Path, ref: str, lang: str | None) -> Path:
    """The entry to translate, named by path, file name or stem (`2015-06-27-aosta`).

    With a bare stem, the text in another language than `lang` is the source."""
    candidate = Path(ref)
    if candidate.is_file():
        return candidate.resolve()
    entries = folder / "entries"
    matches = sorted(
        p for p in entries.glob("*.md") if p.name == ref or p.name.startswith(f"{ref}.")
    )
    sources = [p for p in matches if lang is None or not p.name.endswith(f".{lang}.md")]
    if not (sources or matches):
        raise JournalError(entries, f"no entry {ref!r} to translate", code="new.translate")
    return (sources or matches)[0]


def target_lang(choice: TripChoice, source_lang: str, requested: str | None) -> str:
    """`--lang` (checked against the trip's), else the trip's one other language."""
    if requested is not None:
        return trip_lang(choice, requested)
    others = [lang for lang in choice.languages if lang != source_lang]
    if len(others) == 1:
        return others[0]
    message = f"which language? pass --lang {' or '.join(others) or '...'}"
    raise JournalError(None, message, code="new.lang")


def translate(
    choice: TripChoice, ref: str, requested: str | None, title: str | None, body: str | None
) -> Path:
    """Write the translation beside its source (with `title`, else the original's); never
    over an existing one."""
    wanted = trip_lang(choice, requested) if requested is not None else None
    source = find_source(choice.folder, ref, wanted)
    day, slug, source_lang = parse_name(source)
    lang = target_lang(choice, source_lang, requested)
    if source_lang == lang:
        message = f"already in {lang!r}: pass --lang with the other language"
        raise JournalError(source, message, code="new.translate")
    text = read_text(source, source_lang)
    data = frontmatter.parse(source.read_text(encoding="utf-8"), source).data
    if title:
        data["title"] = title
    written = body.strip() if body and body.strip() else ""
    content = f"{written}\n" if written else f"{TRANSLATE_MARKER}\n\n{text.body.strip()}\n"
    target = source.with_name(entry_name(day, slug, lang))
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        message = "translation already exists; not overwritten"
        raise JournalError(target, message, code="new.translate") from None
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(frontmatter.dump(data) + "\n" + content)
    return target
