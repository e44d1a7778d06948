"""The size budget of a published site: what GitHub Pages takes.

GitHub refuses a file over 100 MB in a repository and warns past 50; a Pages site should stay
under 1 GB. Photos never come near either; clips do (three minutes at the copies' 3 Mb/s
make 70 MB). After a render writes its output, a clip whose copy passes 50 MB is one
warning naming the clip, and a site passing 1 GB one warning naming the largest clips, each
saying what to do. Reads sizes only; writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from journal.core.errors import Report

MB = 1_000_000
#: A copy larger than this is one GitHub warns about; past 100 MB it refuses the push.
CLIP_LIMIT = 50 * MB
#: The size of a GitHub Pages site.
SITE_LIMIT = 1000 * MB
#: How many of the largest clips a warning about the whole site names.
NAMED = 3


def check_budget(
    out: Path, files: Iterable[str], clips: Mapping[str, Path], report: Report
) -> None:
    """Warn about clips (`clips`: a copy's path in `out` -> the clip it is made from) whose
    copy passes CLIP_LIMIT, and about a site (`files` in `out`) passing SITE_LIMIT."""
    sizes = {rel: _size(out / rel) for rel in files}
    for rel, source in clips.items():
        size = sizes.get(rel, 0)
        if size > CLIP_LIMIT:
            report.warn(source, f"its web copy is {_mb(size)}: GitHub warns past 50 MB and "
                        "refuses files over 100 MB; shorten the clip (or set video_height "
                        "lower in trip.toml)", code="clip.large")  # fmt: skip
    total = sum(sizes.values())
    if total > SITE_LIMIT:
        largest = sorted((r for r in clips if r in sizes), key=lambda r: -sizes[r])[:NAMED]
        named = ", ".join(f"{clips[r].name} ({_mb(sizes[r])})" for r in largest)
        report.warn(out, f"the site is {_mb(total)}, over the 1 GB a GitHub Pages site may "
                    f"hold; the largest clips: {named or 'none'}", code="site.large")  # fmt: skip


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _mb(size: int) -> str:
    return f"{size / MB:,.0f} MB"
