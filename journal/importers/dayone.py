"""Day One's JSON export: entries with their Markdown, place, weather and photos.

The export holds one JSON file per journal (`Journal.json`: `{"metadata", "entries"}`) beside
`photos/` (and `videos/`, `audios/`, `pdfs/`). An entry has `creationDate` (UTC), `timeZone`
(IANA), `text` (Markdown in which Day One escapes punctuation: `\\.`, `\\!`, `\\-`), `location`
(`latitude`, `longitude`, `placeName`, `localityName`), `weather` (`conditionsDescription`,
`temperatureCelsius`) and `photos` (`identifier`, `md5`, `type`). A photo sits in the text as
`![](dayone-moment://<identifier>)` and on disk as `photos/<md5>.<type>`.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePosixPath
from typing import Any

from journal.core.errors import JournalError, Report
from journal.core.models import PHOTO_SUFFIXES
from journal.core.names import file_name, slugify
from journal.importers.exportfiles import ExportTree, Member
from journal.importers.model import Export, SourceEntry, SourcePhoto
from journal.importers.values import in_zone, instant, position, read_json, text

#: `![caption](dayone-moment://ID)`, also `dayone-moment:/video/ID` for other media.
_MOMENT = re.compile(r"!\[([^\]]*)\]\(dayone-moment:/{1,2}([^)\s]*)\)")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
#: A photo's file name is `<md5>.<type>`: anything else in those fields is not Day One's.
_MD5 = re.compile(r"^[0-9A-Fa-f]{32}$")
#: Escapes that change what Markdown shows wherever they stand: kept as Day One wrote them.
_ALWAYS_KEPT = frozenset("\\`*_[]<")
#: Escapes that matter only at the start of a line (a heading, a list, a quote): kept there.
_KEPT_AT_LINE_START = frozenset("#+->")
TITLE_WORDS = 8
#: U+FFFC OBJECT REPLACEMENT CHARACTER: Day One's text keeps one where a photo or video sat
#: inline in its editor; in Markdown it is an invisible box.
OBJECT_MARK = "\ufffc"


def read_dayone(tree: ExportTree, report: Report) -> Export:
    """Every journal file of the export (a folder, or one journal's JSON file)."""
    if tree.start:
        named = tree.member(tree.start)
        files = [named] if named is not None else []
    else:
        files = [m for m in tree.members() if "/" not in m.name and m.name.endswith(".json")]
    export = Export("dayone", report)
    zones: Counter[str] = Counter()
    for file in files:
        data = read_json(file)
        entries = data.get("entries") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            report.error(
                file.path, "not a Day One export: no list of entries", code="import.unknown-file"
            )
            continue
        export.title = export.title or PurePosixPath(file.name).stem
        for number, raw in enumerate(entries, 1):
            entry = _entry(raw, number, file, report)
            if entry is not None:
                export.entries.append(entry)
                zones[text(raw.get("timeZone"))] += 1
    if not files:
        raise JournalError(tree.label, "no Day One journal (.json) here")
    export.slug = slugify(export.title or "", fallback="dayone")
    export.timezone = next((z for z, _ in zones.most_common() if z), None)
    return export


def _entry(raw: Any, number: int, file: Member, report: Report) -> SourceEntry | None:
    when = instant(raw.get("creationDate")) if isinstance(raw, dict) else None
    if when is None:
        report.warn(
            file.path, f"entry {number} has no creationDate; skipped", code="import.no-time"
        )
        return None
    local = in_zone(when, text(raw.get("timeZone")))
    photos, links = _photos(raw, file, report)
    written = raw.get("text") if isinstance(raw.get("text"), str) else ""
    written = written.replace(OBJECT_MARK, "")  # where an attachment sat in Day One's editor
    body, skipped = _relink(unescape(written), links)
    if skipped:
        report.warn(file.path, f"entry {number}: {skipped} links to videos, audios or photos "
                    "not in the export taken out of the text", code="import.not-photo")  # fmt: skip
    place = raw.get("location") if isinstance(raw.get("location"), dict) else {}
    title, body = split_title(body)
    place_name = text(place.get("localityName")) or text(place.get("placeName"))
    return SourceEntry(
        key=f"dayone:{text(raw.get('uuid')) or number}",
        title=title or place_name or f"Day One {local.date().isoformat()}",
        body=body,
        time=local,
        location=position(place.get("latitude"), place.get("longitude")),
        place=place_name or None,
        photos=photos,
        weather=_weather(raw.get("weather")),
    )


def _photos(
    raw: dict[str, Any], file: Member, report: Report
) -> tuple[tuple[SourcePhoto, ...], dict[str, str]]:
    """The entry's photo files found in the export, and identifier -> name under photos/."""
    photos, links = [], {}
    folder = f"{file.folder}/photos" if file.folder else "photos"
    listed = raw.get("photos")
    for item in listed if isinstance(listed, list) else []:
        item = item if isinstance(item, dict) else {}
        md5, kind = text(item.get("md5")), text(item.get("type")) or "jpeg"
        known = _MD5.match(md5) and f".{kind.lower()}" in PHOTO_SUFFIXES
        source = file.tree.member(f"{folder}/{md5}.{kind}") if known else None
        if source is None:
            report.warn(file.path, f"photo {md5 or '?'}.{kind} is not in photos/; not imported",
                        code="import.missing-photo")  # fmt: skip
            continue
        name = f"dayone/{file_name(source.basename, 'photo')}"
        photos.append(SourcePhoto(source, name))
        links[text(item.get("identifier"))] = name
    others = sum(
        len(raw.get(key) or []) if isinstance(raw.get(key), list) else 0
        for key in ("videos", "audios", "pdfAttachments")
    )
    if others:
        report.warn(file.path, f"{others} videos, audios or PDFs of an entry not imported",
                    code="import.not-photo")  # fmt: skip
    return tuple(photos), links


def _relink(body: str, links: dict[str, str]) -> tuple[str, int]:
    """`dayone-moment://ID` links pointed at the imported copies; others removed, counted."""
    skipped = 0

    def link(match: re.Match[str]) -> str:
        nonlocal skipped
        name = links.get(match[2])
        if name is None:
            skipped += 1
            return ""
        return f"![{match[1]}](photos/{name})"

    return _MOMENT.sub(link, body), skipped


def unescape(markdown: str) -> str:
    """Day One's text with the backslashes it puts before punctuation taken out where Markdown
    does not need them, so the text reads as it was typed and renders as it did in Day One."""
    return "\n".join(_unescape_line(line) for line in markdown.split("\n"))


def _unescape_line(line: str) -> str:
    return _ESCAPED.sub(lambda match: _unescaped(match, line), line)


def _unescaped(match: re.Match[str], line: str) -> str:
    char, before = match[1], line[: match.start()]
    at_line_start = not before.strip()
    if char in _ALWAYS_KEPT or (char in _KEPT_AT_LINE_START and at_line_start):
        return match[0]
    if char in ".)" and before.strip().isdigit() and not before.strip(" 0123456789"):
        return match[0]  # "1\." would become an ordered list
    return char


def split_title(body: str) -> tuple[str, str]:
    """Day One's title is the text's first line: a heading is taken out of the body; a plain
    first line stays in it and its first words name the entry."""
    lines = body.strip("\n").split("\n")
    first = lines[0].strip() if lines else ""
    heading = _HEADING.match(first)
    if heading:
        return heading[1], "\n".join(lines[1:]).strip("\n")
    words = first.split()
    title = " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
    return title, body.strip("\n")


def _weather(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        return {}
    weather: dict[str, Any] = {}
    if text(raw.get("conditionsDescription")):
        weather["condition"] = text(raw["conditionsDescription"])
    if isinstance(raw.get("temperatureCelsius"), int | float):
        weather["temperature_c"] = round(float(raw["temperatureCelsius"]), 1)
    return weather
