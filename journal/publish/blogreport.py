"""What a render does in a blog, file by file, and the lines that tell the author.

Planned before anything is written, so a refusal leaves the blog as it was and still says
what would have changed: each file journal writes is created, updated or left as is, or
refused when it is not as journal left it (edited by hand, or never journal's); with
`--overwrite` a refused file is replaced (a backup kept). A file journal wrote before and no
longer does is removed, or kept when it was edited since.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from journal.core.files import digest
from journal.publish.blogpaths import ASSETS
from journal.publish.manifest import Manifest, blog_manifest


class Change(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    SAME = "left as is"
    REFUSED = "refused"
    REPLACED = "replaced"
    REMOVED = "removed"
    KEPT = "kept"


#: Why, after the path, for the changes a reader would ask about.
REASONS = {
    Change.REFUSED: "edited by hand; --overwrite replaces it, keeping a backup",
    Change.REPLACED: "edited by hand; your version is in the blog's .journal/backup/",
    Change.REMOVED: "no longer written by journal",
    Change.KEPT: "no longer written by journal, but edited by hand",
}


@dataclass
class BlogChanges:
    """Each blog file's change, by blog-relative path."""

    blog: Path
    changes: dict[str, Change] = field(default_factory=dict)

    def having(self, change: Change) -> list[str]:
        return sorted(rel for rel, c in self.changes.items() if c is change)

    def lines(
        self, addresses: Mapping[str, str], notes: Sequence[str] = (), *, written: bool = True
    ) -> list[str]:
        """The report: a header, notes, each version and the include by name (with its
        address), the assets counted per change. Unwritten, only what was refused."""
        lines = [f"blog: {self.blog}", *(f"  {note}" for note in notes)]
        shown = (
            self.changes if written else {r: self.changes[r] for r in self.having(Change.REFUSED)}
        )
        counts: dict[Change, int] = {}
        for rel, change in sorted(shown.items(), key=lambda item: _order(*item, addresses)):
            if rel.startswith(f"{ASSETS}/") and change not in REASONS:
                counts[change] = counts.get(change, 0) + 1
                continue
            after = "; ".join(x for x in (addresses.get(rel), REASONS.get(change)) if x)
            lines.append(f"  {change:<10}  {rel}" + (f"  ({after})" if after else ""))
        folder = _assets_folder(self.changes)
        for change, count in counts.items():
            lines.append(f"  {change:<10}  {count} file{'s' * (count != 1)} in {folder}/")
        if not written:
            waiting = [c for c in self.changes.values() if c in (Change.CREATED, Change.UPDATED)]
            lines.append(f"  nothing was written into the blog ({len(waiting)} files wait)")
        return lines


def _order(rel: str, change: Change, addresses: Mapping[str, str]) -> tuple[bool, int, int, str]:
    """The versions first (the post, then the pages), then the include, then the assets."""
    rank = list(addresses).index(rel) if rel in addresses else len(addresses)
    return rel.startswith(f"{ASSETS}/"), rank, list(Change).index(change), rel


def _assets_folder(changes: Mapping[str, Change]) -> str:
    folders = {"/".join(rel.split("/", 3)[:3]) for rel in changes if rel.startswith(f"{ASSETS}/")}
    return folders.pop() if len(folders) == 1 else ASSETS


def plan_changes(blog: Path, files: Mapping[str, bytes], old: Manifest) -> BlogChanges:
    """What writing `files` into `blog` would change, journal's last manifest `old` in hand."""
    plan = BlogChanges(blog)
    for rel, data in files.items():
        target = blog / rel
        if not target.is_file():
            plan.changes[rel] = Change.CREATED
            continue
        theirs = digest(target.read_bytes())
        if theirs == digest(data):
            plan.changes[rel] = Change.SAME
        elif old.files.get(rel) == theirs:
            plan.changes[rel] = Change.UPDATED
        else:
            plan.changes[rel] = Change.REFUSED
    for rel in sorted(set(old.files) - set(files)):
        if (blog / rel).is_file():
            edited = old.edited_by_user(rel)
            plan.changes[rel] = Change.KEPT if edited else Change.REMOVED
    return plan


def unchanged_blog(blog: Path, slug: str) -> list[str] | None:
    """The report of a render that changed nothing, from the blog's manifest; None when a
    file journal wrote is missing, or a version or include was edited since (a full render
    then tells what it refuses)."""
    manifest = Manifest.load(blog, blog_manifest(slug))
    if not manifest.files:
        return None
    for rel in manifest.files:
        if not (blog / rel).is_file():
            return None
        if not rel.startswith(f"{ASSETS}/") and manifest.edited_by_user(rel):
            return None
    plan = BlogChanges(blog, {rel: Change.SAME for rel in manifest.files})
    addresses = {rel: str(extra.get("url", "")) for rel, extra in manifest.extra.items()}
    return plan.lines(addresses)
