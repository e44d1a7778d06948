"""Publishing a rendered trip into a Jekyll blog that builds on stock GitHub Pages.

The steps, in order: read the blog (`blogconfig.py`: its baseurl, url and permalink, and
whether it has the layout journal names), make every file (`jekyllfiles.py`), plan what
writing them changes (`blogreport.py`), then write — or, when a file is not as journal left
it, write nothing and say why, unless `overwrite`, which first keeps a backup copy.

Safe mode only (no plugin of ours). A manifest in `.journal/<trip>.json` (a dot folder:
Jekyll never publishes it) remembers what was written and at which address, so a re-run
replaces only journal's own files and removes those it no longer makes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from journal.core.errors import Report
from journal.core.files import write_atomic
from journal.core.models import JournalSettings
from journal.core.public import PublicTrip
from journal.publish.blogconfig import check_layout, read_blog_config
from journal.publish.blogpaths import TripAssets
from journal.publish.blogreport import REASONS, BlogChanges, Change, plan_changes
from journal.publish.jekyllfiles import blog_files
from journal.publish.manifest import Manifest, blog_manifest, write_tree
from journal.render.themes import Theme

log = logging.getLogger(__name__)

STATE_DIR = ".journal"


def publish_blog(
    public: PublicTrip,
    theme: Theme,
    out: Path,
    blog_dir: Path,
    settings: JournalSettings,
    report: Report,
    *,
    overwrite: bool = False,
) -> BlogChanges:
    """Write the trip's post, pages, assets and map include into `blog_dir` (see the module
    doc); warnings, errors and the lines telling what changed go to `report`."""
    blog = blog_dir.resolve()
    config = read_blog_config(blog)
    layout = check_layout(config, settings.layout)
    report.extend(layout.problems)
    made = blog_files(public, theme, out, settings, config)
    paths = made.paths
    addresses = {paths.source(lang): config.address(paths.url(lang)) for lang in paths.languages}
    return write_into_blog(
        blog, made.files, paths.manifest, addresses, layout.notes, report, overwrite
    )


def write_into_blog(
    blog: Path,
    files: Mapping[str, bytes],
    manifest: str,
    addresses: Mapping[str, str],
    notes: Sequence[str],
    report: Report,
    overwrite: bool,
) -> BlogChanges:
    """Write `files` into the blog under the manifest `manifest`: nothing when one of them
    was edited by hand since journal wrote it (an error names it) unless `overwrite`, which
    keeps a backup first; the report's lines say what changed, with each page's address."""
    plan = plan_changes(blog, files, Manifest.load(blog, manifest))
    refused = plan.having(Change.REFUSED)
    if refused and not overwrite:
        for rel in refused:
            message = "changed since journal wrote it (or not journal's); keep your edits "
            message += "elsewhere, or re-run with --overwrite (a backup is kept)"
            report.error(blog / rel, message, code="blog.edited")
        report.results.extend(plan.lines(addresses, notes, written=False))
        return plan
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for rel in refused:
        backup = blog / STATE_DIR / "backup" / stamp / rel
        write_atomic(backup, (blog / rel).read_bytes())
        message = f"overwritten with --overwrite; your version is kept in {backup}"
        report.warn(blog / rel, message, code="blog.overwritten")
        plan.changes[rel] = Change.REPLACED
    log.info("publishing into %s (%d files)", blog, len(files))
    extra = {rel: {"url": address} for rel, address in addresses.items()}
    write_tree(blog, files, extra=extra, manifest_name=manifest)
    for rel in plan.having(Change.KEPT):
        message = f"{REASONS[Change.KEPT]}, so left where it is; delete it if the blog "
        message += "now shows the trip twice"
        report.warn(blog / rel, message, code="blog.kept")
    report.results.extend(plan.lines(addresses, notes))
    return plan


def withdraw_trip(blog_dir: Path, slug: str, report: Report) -> None:
    """A trip made a draft: what journal wrote of it into the blog is removed (a file edited
    by hand since is kept), and the report's lines say so."""
    blog = blog_dir.resolve()
    manifest = blog_manifest(slug)
    if not Manifest.load(blog, manifest).files:
        return
    write_into_blog(blog, {}, manifest, {}, (), report, overwrite=False)
    (blog / manifest).unlink(missing_ok=True)
    assets = blog / TripAssets(slug, ()).assets
    for folder in sorted((p for p in assets.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    if assets.is_dir() and not any(assets.iterdir()):
        assets.rmdir()
