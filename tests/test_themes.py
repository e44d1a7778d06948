"""Theme resolution: child over parent over default, template by template, string by string."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest

from journal.core.errors import JournalError
from journal.render.themes import environment, find_themes_dir, load_theme, static_files

BUNDLED = find_themes_dir()


@pytest.fixture
def themes(tmp_path: Path) -> Path:
    """A themes dir holding a copy of the real default theme and a child of it."""
    shutil.copytree(BUNDLED / "default", tmp_path / "default")
    child = tmp_path / "dusk"
    (child / "templates").mkdir(parents=True)
    (child / "static").mkdir()
    (child / "theme.toml").write_text(
        'extends = "default"\n[options]\nquotes.en = ["\\"", "\\""]\n'
    )
    (child / "templates" / "notice.html").write_text("[{{ language }}]")
    (child / "static" / "style.css").write_text("body { background: #000; }")
    po = child / "locales" / "it" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "Route"\nmsgstr "Itinerario"\n', encoding="utf-8")
    return tmp_path


def test_bundled_default_theme_is_found() -> None:
    theme = load_theme()
    assert theme.name == "default"
    assert theme.chain == ((BUNDLED / "default").resolve(),)
    assert theme.option("quotes", "it") == ["«", "»"]
    assert "style.css" in static_files(theme)


def test_child_theme_overrides_single_pieces(themes: Path) -> None:
    theme = load_theme("dusk", themes)
    assert [p.name for p in theme.chain] == ["dusk", "default"]
    assert theme.option("quotes", "en") == ['"', '"']
    assert theme.option("quotes", "it") == ["«", "»"]  # inherited
    env = environment(theme, "it")
    assert env.get_template("notice.html").render(language="x") == "[x]"
    assert env.from_string("{{ _('Route') }} {{ _('Photos') }}").render() == "Itinerario Foto"
    files = static_files(theme)
    assert files["style.css"] == themes / "dusk" / "static" / "style.css"


def test_theme_given_by_path(themes: Path) -> None:
    theme = load_theme(str(themes / "dusk"), themes)
    assert theme.name == "dusk"
    assert theme.chain[-1].name == "default"


def test_unknown_theme_names_the_known_ones(themes: Path) -> None:
    with pytest.raises(JournalError, match="unknown theme 'nope'; known themes: default, dusk"):
        load_theme("nope", themes)


def test_unknown_parent_is_an_error_in_theme_toml(themes: Path) -> None:
    (themes / "dusk" / "theme.toml").write_text('extends = "missing"\n')
    with pytest.raises(JournalError) as caught:
        load_theme("dusk", themes)
    assert caught.value.path == themes / "dusk" / "theme.toml"
    assert "unknown theme 'missing'" in caught.value.message


def test_broken_theme_toml_is_an_error(themes: Path) -> None:
    (themes / "dusk" / "theme.toml").write_text("extends = \n")
    with pytest.raises(JournalError, match="cannot read theme settings"):
        load_theme("dusk", themes)


def test_themes_extending_each_other_are_refused(themes: Path) -> None:
    shutil.copytree(themes / "dusk", themes / "dawn")
    (themes / "dawn" / "theme.toml").write_text('extends = "dusk"\n')
    (themes / "dusk" / "theme.toml").write_text('extends = "dawn"\n')
    with pytest.raises(JournalError, match="themes extend each other: dusk -> dawn -> dusk"):
        load_theme("dusk", themes)


def test_templates_are_strict_and_escaped() -> None:
    env = environment(load_theme(), "en")
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


def test_formatting_filters_follow_the_language() -> None:
    import datetime as dt

    template = "{{ d | date }} · {{ km | distance }} · {{ 'DE' | country }}"
    values = {"d": dt.date(2015, 6, 27), "km": 1234.5}
    assert environment(load_theme(), "it").from_string(template).render(**values) == (
        "27 giugno 2015 · 1.234,5 km · Germania"
    )
    assert environment(load_theme(), "en").from_string(template).render(**values) == (
        "27 June 2015 · 1,234.5 km · Germany"
    )
