"""Themes: where templates, static files, strings and options come from.

A theme is a folder with `theme.toml` (`extends`, `[options]`), `templates/`, `static/` and
`locales/`. A child theme overrides single templates, single static files, single strings and
single options; `default` is always the last fallback, the way sigal and MkDocs do it.

This module resolves the chain and builds the Jinja2 environment for one language. It does not
render pages (`render.py`) nor write files (`publish.py`), except the compiled templates:
compiling the theme's templates costs 0.1 s a language, so every environment of a process
shares them, and `keep_compiled_in` keeps them in journal's cache folder for the next render
(Jinja's own bytecode cache: a template whose source changed is compiled again).
"""

from __future__ import annotations

import functools
import logging
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from journal.core.errors import JournalError
from journal.core.files import write_atomic

if TYPE_CHECKING:
    import jinja2

log = logging.getLogger(__name__)

DEFAULT_THEME = "default"
THEME_FILE = "theme.toml"


def find_themes_dir() -> Path:
    """The bundled themes: `themes/` beside the package in a checkout, `_themes` in a wheel."""
    package = Path(__file__).resolve().parents[1]  # journal/
    installed = package / "_themes"
    if installed.is_dir():
        return installed
    return package.parent / "themes"


@dataclass(frozen=True)
class Theme:
    """A resolved theme: its folders, child first and `default` last, and merged options."""

    name: str
    chain: tuple[Path, ...]
    options: Mapping[str, Any] = field(default_factory=dict)

    def option(self, *keys: str, default: Any = None) -> Any:
        """A nested option, e.g. `theme.option("quotes", "it")`."""
        value: Any = self.options
        for key in keys:
            if not isinstance(value, Mapping) or key not in value:
                return default
            value = value[key]
        return value


def _read_toml(theme_dir: Path) -> dict[str, Any]:
    path = theme_dir / THEME_FILE
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise JournalError(path, f"cannot read theme settings: {exc}") from exc
    extends = data.get("extends")
    if extends is not None and not isinstance(extends, str):
        raise JournalError(path, "`extends` must be the name of a theme")
    if not isinstance(data.get("options", {}), dict):
        raise JournalError(path, "`options` must be a table")
    return data


def _locate(name_or_path: str, themes_dir: Path) -> Path:
    """A NAME is a folder of the themes dir; anything with a slash or a dot is a path."""
    looks_like_path = "/" in name_or_path or "\\" in name_or_path or name_or_path.startswith(".")
    candidate = Path(name_or_path) if looks_like_path else themes_dir / name_or_path
    if not candidate.is_dir():
        known = sorted(p.name for p in themes_dir.glob("*/") if p.is_dir())
        raise JournalError(
            candidate, f"unknown theme {name_or_path!r}; known themes: {', '.join(known) or 'none'}"
        )
    return candidate.resolve()


def _merge(parent: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """Child options override the parent's key by key, tables recursively."""
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_theme(name_or_path: str = DEFAULT_THEME, themes_dir: Path | None = None) -> Theme:
    """Resolve a theme and its ancestors; raise `JournalError` on anything unknown or broken."""
    themes_dir = themes_dir or find_themes_dir()
    default_dir = _locate(DEFAULT_THEME, themes_dir)
    chain: list[Path] = []
    settings: list[dict[str, Any]] = []
    current: Path | None = _locate(name_or_path, themes_dir)
    while current is not None:
        if current in chain:
            cycle = " -> ".join(p.name for p in [*chain, current])
            raise JournalError(current / THEME_FILE, f"themes extend each other: {cycle}")
        data = _read_toml(current)
        chain.append(current)
        settings.append(data)
        extends = data.get("extends")
        if extends:
            try:
                current = _locate(extends, themes_dir)
            except JournalError as exc:
                raise JournalError(current / THEME_FILE, f"`extends`: {exc.message}") from exc
        elif current != default_dir:
            current = default_dir
        else:
            current = None
    options: dict[str, Any] = {}
    for data in reversed(settings):
        options = _merge(options, data.get("options", {}))
    name = Path(name_or_path).name if name_or_path else DEFAULT_THEME
    log.debug("theme %s: %s", name, [str(p) for p in chain])
    return Theme(name=name, chain=tuple(chain), options=MappingProxyType(options))


_compiled_in: list[Path | None] = [None]


def keep_compiled_in(folder: Path | None) -> None:
    """Keep compiled templates in `folder` (a folder of journal's cache); None: in memory."""
    _compiled_in[0] = folder


@functools.cache
def _compiled(folder: Path | None) -> jinja2.BytecodeCache:
    """Compiled templates shared by every environment of the process, and kept in `folder`."""
    import jinja2

    class Compiled(jinja2.BytecodeCache):
        memory: dict[str, bytes] = {}

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            data = self.memory.get(bucket.key)
            if data is None and folder is not None:
                try:
                    data = (folder / f"{bucket.key}.jinja").read_bytes()
                except OSError:
                    return
            if data is not None:
                bucket.bytecode_from_string(data)  # another source or Jinja: compiled again

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            data = self.memory[bucket.key] = bucket.bytecode_to_string()
            if folder is not None:
                try:
                    write_atomic(folder / f"{bucket.key}.jinja", data, durable=False)
                except OSError as exc:  # a cache only saves time
                    log.warning("could not keep a compiled template in %s: %s", folder, exc)

    return Compiled()


def environment(
    theme: Theme, lang: str, folders: tuple[str, ...] = ("templates",)
) -> jinja2.Environment:
    """A Jinja2 environment for one language: strict, autoescaped, translated, formatting.

    Templates are looked up in each of the theme's `folders` in turn (the book's `book/`
    first, then the site's `templates/` for the pieces both share), child theme first."""
    import jinja2  # here, not at the top: a warm render finds the themes folder only

    from journal.render import i18n

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(
            [str(d / folder) for folder in folders for d in theme.chain]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_compiled(_compiled_in[0]),
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(  # type: ignore[attr-defined]
        i18n.load_catalog(theme.chain, lang), newstyle=True
    )
    env.filters.update(
        date=lambda d, format="long": i18n.format_date(d, lang, format),
        distance=lambda km: i18n.format_distance(km, lang),
        number=lambda n, digits=None: i18n.format_number(n, lang, digits),
        country=lambda code: i18n.country_name(code, lang),
        language=lambda code: i18n.language_name(code, lang),
        listing=lambda items: i18n.format_list(items, lang),
    )
    env.globals.update(lang=lang, options=theme.options)
    return env


def static_files(theme: Theme) -> dict[str, Path]:
    """Every file under the chain's `static/` folders by relative POSIX path; children win."""
    files: dict[str, Path] = {}
    for theme_dir in reversed(theme.chain):
        static = theme_dir / "static"
        if not static.is_dir():
            continue
        for path in sorted(static.rglob("*")):
            if path.is_file():
                files[path.relative_to(static).as_posix()] = path
    return dict(sorted(files.items()))
