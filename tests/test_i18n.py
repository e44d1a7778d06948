"""Catalogs and formatting per language, with Babel and without setlocale."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from journal.core.errors import JournalError
from journal.core.route import Place
from journal.render import formatcache, i18n
from journal.render.themes import find_themes_dir

DEFAULT = find_themes_dir() / "default"
POT = DEFAULT / "locales" / "messages.pot"
IT_PO = i18n.po_path(DEFAULT, "it")
REGENERATE = "pybabel extract -F themes/default/babel.cfg --omit-header --no-location " + (
    "-o themes/default/locales/messages.pot themes/default"
)


def ids(catalog: object) -> set[object]:
    return {m.id for m in catalog if m.id}  # type: ignore[attr-defined]


def extract_messages(theme_dir: Path) -> Catalog:
    """The strings marked in a theme's templates, as `pybabel extract` would find them."""
    catalog = Catalog(domain=i18n.DOMAIN)
    patterns = ("templates/**.html", "book/**.html")  # the site's and the book's (babel.cfg)
    method_map = [(pattern, "jinja2") for pattern in patterns]
    options = {pattern: {"trimmed": "true"} for pattern in patterns}
    for filename, lineno, message, comments, context in extract_from_dir(
        theme_dir, method_map, options_map=options
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def test_committed_pot_matches_the_templates() -> None:
    with POT.open("rb") as fh:
        committed = read_po(fh)
    extracted = extract_messages(DEFAULT)
    assert ids(extracted), "no string found in the templates"
    assert ids(extracted) == ids(committed), f"the .pot is stale; run: {REGENERATE}"


def test_italian_translates_every_template_string() -> None:
    italian = i18n.read_catalog(IT_PO, "it")
    missing = ids(extract_messages(DEFAULT)) - ids(italian)
    assert not missing, f"strings missing from {IT_PO}: {sorted(map(str, missing))}"


def test_italian_has_no_empty_or_fuzzy_entry() -> None:
    italian = i18n.read_catalog(IT_PO, "it")
    for message in italian:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"empty translation of {message.id!r}"
        assert not message.fuzzy, f"fuzzy translation of {message.id!r}"
        assert not message.check(italian), f"bad placeholders in {message.id!r}"


def test_catalog_compiled_in_memory() -> None:
    italian = i18n.load_catalog([DEFAULT], "it")
    assert italian.gettext("Route") == "Percorso"
    assert italian.ngettext("Country", "Countries", 1) == "Paese"
    assert italian.ngettext("Country", "Countries", 3) == "Paesi"
    assert i18n.load_catalog([DEFAULT], "en").gettext("Route") == "Route"


def test_child_strings_override_the_parent_one_by_one(tmp_path: Path) -> None:
    po = i18n.po_path(tmp_path, "it")
    po.parent.mkdir(parents=True)
    po.write_text('msgid "Route"\nmsgstr "Itinerario"\n', encoding="utf-8")
    merged = i18n.load_catalog([tmp_path, DEFAULT], "it")
    assert merged.gettext("Route") == "Itinerario"
    assert merged.gettext("Photos") == "Foto"  # from default


def test_a_language_without_catalog_is_an_error() -> None:
    with pytest.raises(JournalError, match="no translation of the theme for language 'de'"):
        i18n.load_catalog([DEFAULT], "de")
    with pytest.raises(JournalError, match="unknown language"):
        i18n.load_catalog([DEFAULT], "xx-nowhere")


def test_broken_po_names_its_file(tmp_path: Path) -> None:
    po = i18n.po_path(tmp_path, "it")
    po.parent.mkdir(parents=True)
    po.write_text('msgid "Route"\nmsgstr "x"\nnonsense here\n', encoding="utf-8")
    with pytest.raises(JournalError) as caught:
        i18n.load_catalog([tmp_path, DEFAULT], "it")
    assert caught.value.path == po


DAY = dt.date(2015, 6, 27)


@pytest.mark.parametrize(
    ("lang", "fmt", "expected"),
    [
        ("it", "long", "27 giugno 2015"),
        ("en", "long", "27 June 2015"),
        ("it", "medium", "27 giu 2015"),
        ("en", "medium", "27 Jun 2015"),
    ],
)
def test_dates(lang: str, fmt: str, expected: str) -> None:
    assert i18n.format_date(DAY, lang, fmt) == expected


def test_date_range_says_shared_parts_once() -> None:
    text = i18n.format_date_range(DAY, dt.date(2015, 7, 2), "it")
    assert "giu" in text and "lug" in text and text.count("2015") == 1
    assert i18n.format_date_range(DAY, DAY, "en") == "27 June 2015"


@pytest.mark.parametrize(
    ("start", "end", "italian"),
    [
        (DAY, dt.date(2015, 7, 6), "27 giu\u2009–\u20096 lug 2015"),
        (dt.date(2015, 7, 1), dt.date(2015, 7, 6), "1–6 lug 2015"),
        (dt.date(2015, 12, 27), dt.date(2016, 1, 6), "27 dic 2015\u2009–\u20096 gen 2016"),
    ],
)
def test_date_range_days_are_not_padded(start: dt.date, end: dt.date, italian: str) -> None:
    """CLDR's Italian intervals write "06 lug"; Italian dates (and our ranges) write "6 lug".
    English, which CLDR does not pad, comes out exactly as Babel's own interval."""
    from babel.dates import format_interval

    assert i18n.format_date_range(start, end, "it") == italian
    padded = format_interval(start, end, skeleton="yMMMd", locale="it")
    assert padded != italian and re.sub(r"\b0(\d)", r"\1", padded) == italian
    english = format_interval(start, end, skeleton="yMMMd", locale="en_GB")
    assert i18n.format_date_range(start, end, "en") == english


def test_numbers_and_distances() -> None:
    assert i18n.format_distance(1234.5, "it") == "1.234,5 km"
    assert i18n.format_distance(1234.5, "en") == "1,234.5 km"
    assert i18n.format_distance(87, "it") == "87,0 km"
    assert i18n.format_number(1234567, "it") == "1.234.567"


def test_times() -> None:
    assert i18n.format_time(dt.time(14, 5), "it") == "14:05"


def test_names_of_languages_and_countries() -> None:
    assert i18n.language_name("it", "it") == "italiano"
    assert i18n.language_name("it", "it", standalone=True) == "Italiano"
    assert i18n.language_name("en", "it") == "inglese"
    assert i18n.language_name("en", "en", standalone=True) == "English"
    assert i18n.country_name("DE", "it") == "Germania"
    assert i18n.country_name("ch", "en") == "Switzerland"
    assert i18n.format_list(["Francia", "Svizzera", "Italia"], "it") == "Francia, Svizzera e Italia"


def test_formatting_leaves_the_process_locale_alone() -> None:
    import locale

    before = locale.setlocale(locale.LC_ALL)
    i18n.format_date(DAY, "it")
    assert locale.setlocale(locale.LC_ALL) == before


def test_formatted_values_are_babels_whether_worked_out_or_remembered(tmp_path: Path) -> None:
    """Answers kept between renders are the ones Babel gives; another Babel or another
    formatting code is another stamp."""
    asks = [
        (i18n.format_date, (dt.date(2015, 6, 27), "it")),
        (i18n.format_time, (dt.time(21, 30), "en")),
        (i18n.format_number, (1234.5, "it", 1)),
        (i18n.format_date_range, (dt.date(2015, 6, 27), dt.date(2015, 7, 6), "it")),
        (i18n.language_name, ("it", "en")),
        (i18n.country_name, ("CH", "it")),
        (i18n.place_name, (Place("Zurich", "CH", 47.37, 8.54, "Europe/Zurich"), "it")),
    ]
    cache_file = tmp_path / formatcache.CACHE_FILE
    formatcache.keep_in(cache_file)
    worked_out = [function(*args) for function, args in asks]
    formatcache.save()
    formatcache.keep_in(cache_file)
    assert [function(*args) for function, args in asks] == worked_out
    assert worked_out[:3] == ["27 giugno 2015", "21:30", "1.234,5"] and worked_out[6] == "Zurigo"
    kept = json.loads(cache_file.read_text(encoding="utf-8"))
    kept["stamp"]["code"] = "another"  # an upgraded Babel: nothing kept is used
    kept["answers"] = {key: "stale" for key in kept["answers"]}
    cache_file.write_text(json.dumps(kept), encoding="utf-8")
    formatcache.keep_in(cache_file)
    assert [function(*args) for function, args in asks] == worked_out
    formatcache.keep_in(None)
