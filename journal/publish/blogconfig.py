"""The blog as Jekyll will build it: its configuration, its layouts and its theme's folder.

Read before journal writes anything into a blog, so that what it writes fits the blog: URLs
under its `baseurl` and at its `permalink`, the full address at its `url`, and a layout the
blog has — in its `_layouts/` or in the gem theme `_config.yml` names, found where Jekyll
finds it. Reading only: nothing here writes, and a blog's own mistakes are reported, never
repaired.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journal.core.errors import JournalError
from journal.core.models import Problem, Severity

log = logging.getLogger(__name__)

#: Jekyll reads the first of these it finds (`Jekyll::Configuration#config_files`).
CONFIG_FILES = ("_config.yml", "_config.yaml", "_config.toml")
NO_LAYOUT = ("", "none", "null")
#: RubyGems folders of a machine without Ruby on the PATH: Debian's packaged gems, gems
#: installed by `gem install` (system, user) and Homebrew's.
GEM_ROOTS = (
    "/usr/share/rubygems-integration/all",
    "/usr/lib/ruby/gems/*",
    "/var/lib/gems/*",
    "/usr/local/lib/ruby/gems/*",
    "/opt/homebrew/lib/ruby/gems/*",
    "~/.gem/ruby/*",
    "~/.local/share/gem/ruby/*",
)


@dataclass(frozen=True)
class BlogConfig:
    """What journal needs of a blog's `_config.yml`."""

    folder: Path
    file: Path
    url: str = ""  # "https://example.org", no trailing slash
    baseurl: str = ""  # "" or "/blog", no trailing slash
    permalink: str = "date"  # a style name or a pattern, for posts
    theme: str | None = None
    remote_theme: str | None = None
    layouts_dir: str = "_layouts"

    def address(self, site_path: str) -> str:
        """A site path as a reader reaches it: with the url (when known) and the baseurl."""
        return f"{self.url}{self.baseurl}{site_path}"


def read_blog_config(folder: Path) -> BlogConfig:
    """The blog's configuration; an error when `folder` is not a Jekyll site or its
    configuration cannot be read (Jekyll would not build it either)."""
    file = next((folder / n for n in CONFIG_FILES if (folder / n).is_file()), None)
    if file is None:
        raise JournalError(folder, "not a Jekyll site (no _config.yml)")
    data = _parse(file)
    collections = data.get("collections")
    posts = collections.get("posts") if isinstance(collections, dict) else None
    own = posts.get("permalink") if isinstance(posts, dict) else None  # the posts' own
    permalink = own or data.get("permalink") or "date"
    return BlogConfig(
        folder=folder,
        file=file,
        url=str(data.get("url") or "").rstrip("/"),
        baseurl=_baseurl(data.get("baseurl")),
        permalink=str(permalink),
        theme=str(data["theme"]) if data.get("theme") else None,
        remote_theme=str(data["remote_theme"]) if data.get("remote_theme") else None,
        layouts_dir=str(data.get("layouts_dir") or "_layouts").strip("/"),
    )


def _parse(file: Path) -> dict[str, Any]:
    import yaml  # here: a warm render reads CONFIG_FILES only

    try:
        text = file.read_text(encoding="utf-8")
        data = tomllib.loads(text) if file.suffix == ".toml" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise JournalError(file, f"cannot read the blog's configuration: {exc}") from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise JournalError(file, f"invalid YAML: {exc.problem}", line) from None
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        raise JournalError(file, f"invalid configuration: {exc}") from None
    return data if isinstance(data, dict) else {}


def _baseurl(value: Any) -> str:
    text = str(value or "").strip().strip("/")
    return f"/{text}" if text else ""


@dataclass
class LayoutCheck:
    """Whether the blog has a layout, and the layouts it extends: what to warn, what to tell."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def check_layout(config: BlogConfig, name: str) -> LayoutCheck:
    """The layout `name` and each layout it extends, in the blog's layouts or its theme's.

    A missing one is a warning saying what to add: Jekyll only warns too, and builds the
    trip's pages without a <head>. A theme that is not installed here cannot be looked into
    (GitHub Pages installs it when it builds): that is told, not warned."""
    check = LayoutCheck()
    theme, how = (None, "")
    if config.theme:
        theme, how = gem_folder(config.theme, config.folder)
    seen: list[str] = []
    child: Path | None = None
    while name not in NO_LAYOUT and name not in seen:
        seen.append(name)
        found = _layout_file(config.folder / config.layouts_dir, name)
        if found is None and theme is not None:
            found = _layout_file(theme / "_layouts", name)
        if found is None:
            _missing(config, check, name, child, theme)
            return check
        where = f"theme {config.theme} ({theme}, {how})" if theme in found.parents else ""
        check.notes.append(f"layout {name!r}: {where or found.relative_to(config.folder)}")
        child, name = found, _parent_layout(found)
    return check


def _missing(
    config: BlogConfig, check: LayoutCheck, name: str, child: Path | None, theme: Path | None
) -> None:
    if config.theme and theme is None:
        check.notes.append(
            f"layout {name!r}: not checked (theme {config.theme} is not installed here; "
            "GitHub Pages installs it when it builds)"
        )
        return
    if config.remote_theme:
        check.notes.append(f"layout {name!r}: not checked (remote_theme {config.remote_theme})")
        return
    folder = config.layouts_dir
    places = f"{folder}/" + (f" or the theme {config.theme}" if config.theme else "")
    have = sorted(_layout_names(config.folder / folder) | _layout_names(theme, "_layouts"))
    instead = f", or name one the blog has in journal.toml (layout = {have[0]!r})" if have else ""
    if child is None:
        message = (
            f"no layout {name!r} in {places}: Jekyll would build the trip's post and pages "
            f"without it (no <head>, no menu); add {folder}/{name}.html{instead}"
        )
    else:
        parent = child.relative_to(config.folder) if config.folder in child.parents else child
        message = f"{parent} extends layout {name!r}, which is not in {places}; "
        message += f"add {folder}/{name}.html"
    check.problems.append(
        Problem(config.folder / folder, message, severity=Severity.WARNING, code="blog.layout")
    )


def _layout_file(folder: Path, name: str) -> Path | None:
    """`<folder>/<name>.<any extension>`, as Jekyll names layouts (by path, less extension)."""
    if not folder.is_dir():
        return None
    found = sorted(p for p in folder.glob(f"{name}.*") if p.is_file())
    return found[0] if found else None


def _layout_names(folder: Path | None, sub: str = "") -> set[str]:
    if folder is None or not (folder / sub).is_dir():
        return set()
    return {p.name.split(".", 1)[0] for p in (folder / sub).iterdir() if p.is_file()}


def _parent_layout(layout: Path) -> str:
    """The `layout:` a layout's own front matter names ("" when none)."""
    import yaml

    try:
        text = layout.read_text(encoding="utf-8")
        found = re.match(r"---\s*\n(.*?)\n---\s*\n", text, re.S)
        data = yaml.safe_load(found.group(1)) if found else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ""
    value = data.get("layout") if isinstance(data, dict) else None
    return str(value) if value else ""


def gem_folder(name: str, blog: Path) -> tuple[Path | None, str]:
    """A gem's folder (a theme's) and how it was found, in Jekyll's order: the blog's own
    bundle (`vendor/bundle`), then RubyGems as Jekyll asks it (`Gem::Specification
    .find_by_name`, through Ruby when it is installed), else the usual gem folders."""
    for found in _gem_dirs(name, [blog / "vendor" / "bundle" / "ruby" / "*"]):
        return found, "the blog's vendor/bundle"
    ruby = shutil.which("ruby")
    if ruby:
        script = "print Gem::Specification.find_by_name(ARGV[0]).full_gem_path"
        try:
            run = subprocess.run(
                [ruby, "-e", script, name], capture_output=True, text=True, timeout=30
            )
        except (OSError, subprocess.SubprocessError) as exc:
            log.info("ruby could not look for the theme %s: %s", name, exc)
        else:
            folder = Path(run.stdout.strip())
            if run.returncode == 0 and folder.is_dir():
                return folder, "found by RubyGems"
            return None, ""
    roots = [*os.environ.get("GEM_PATH", "").split(os.pathsep), os.environ.get("GEM_HOME", "")]
    for found in _gem_dirs(name, [Path(r) for r in roots if r] + [Path(r) for r in GEM_ROOTS]):
        return found, "found in the gem folders"
    return None, ""


def _gem_dirs(name: str, roots: list[Path]) -> list[Path]:
    """`<root>/gems/<name>-<version>` under the first root (globs allowed) that has one,
    newest version first."""
    for root in roots:
        pattern = root.expanduser() / "gems" / f"{name}-*"
        base = Path(pattern.anchor)  # Path.glob takes patterns relative to where it starts
        found = [
            (_version_key(path.name[len(name) + 1 :]), path)
            for path in base.glob(str(pattern.relative_to(base)))
            if path.is_dir() and re.fullmatch(r"\d+(?:\.\w+)*", path.name[len(name) + 1 :])
        ]
        if found:
            return [path for _, path in sorted(found, reverse=True)]
    return []


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else -1 for part in version.split("."))
