"""Place names in the reader's language: the rule (placenames.name_in), its kept sources
(ISTAT, iso-codes, CLDR; placesources.py) on the real gazetteer and on records made to
test each edge, and a privacy zone's edge named at a town's scale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from journal.core.geo import haversine_m
from journal.core.models import PrivacyZone, Trip, TripConfig
from journal.core.route import PointKind, Route, RoutePoint, Segment
from journal.enrich.places import find_place, largest_place, nearest_place
from journal.enrich.placesources import LOCAL, place_names
from journal.enrich.stats import compute_stats
from journal.render.i18n import place_name

DAY = dt.date(2015, 6, 27)


@pytest.mark.parametrize(
    ("name", "country", "italian", "english"),
    [
        ("Mantua", "IT", "Mantova", "Mantua"),  # ISTAT's official name; GeoNames' English
        ("Turin", "IT", "Torino", "Turin"),
        ("Florence", "IT", "Firenze", "Florence"),
        ("Eppan", "IT", "Appiano sulla strada del vino", "Eppan"),  # a bilingual comune
        ("Luzern", "CH", "Lucerna", "Lucerne"),  # the canton's namesake: iso-codes, CLDR
        ("Geneva", "CH", "Ginevra", "Geneva"),
        ("Zürich", "CH", "Zurigo", "Zurich"),  # CLDR's zone city; in English its zone's
        ("London", "GB", "Londra", "London"),
        ("Bruxelles", "BE", "Bruxelles", "Brussels"),
        ("Gent", "BE", "Gent", "Gent"),  # no kept source names it: the local name, never English
        ("Besançon", "FR", "Besançon", "Besançon"),
    ],
)
def test_a_place_in_each_language(name: str, country: str, italian: str, english: str) -> None:
    place = find_place(name, country)
    assert place is not None
    assert (place_name(place, "it"), place_name(place, "en")) == (italian, english)


def test_no_famous_italian_city_keeps_its_english_name_on_an_italian_page() -> None:
    exonyms = {"Rome": "Roma", "Milan": "Milano", "Naples": "Napoli", "Genoa": "Genova",
               "Padua": "Padova", "Venice": "Venezia", "Leghorn": "Livorno"}  # fmt: skip
    for english, italian in exonyms.items():
        place = find_place(italian, "IT")
        assert place is not None and place_name(place, "it") == italian, english


def _record(number: int, name: str, country: str, region: str, people: int, *other: str) -> dict:
    return {"geonameid": number, "name": name, "countrycode": country, "admin1code": region,
            "population": people, "alternatenames": list(other)}  # fmt: skip


def test_the_sources_name_only_what_they_are_sure_of() -> None:
    records = [
        _record(1, "Luzern", "CH", "LU", 81691, "Lucerne", "Lucerna"),
        _record(2, "Le Vaud", "CH", "VD", 1104, "Vaud"),  # a village, not the canton's capital
        _record(3, "Mantua", "IT", "09", 39260, "Mantova", "Mantoue"),
        _record(4, "Taglio", "IT", "20", 14441, "Porto Viro"),  # a frazione: Porto Viro is ...
        _record(5, "Porto Viro", "IT", "20", 14000),  # ... another place, called so outright
        _record(6, "Bastia umbra", "IT", "18", 17831),  # ISTAT's spelling: Bastia Umbra
        _record(7, "Sevilla", "ES", "AN", 686741, "Seville", "Siviglia"),
        _record(8, "Luzern", "CH", "LU", 200, "Lucerne", "Lucerna"),  # a smaller namesake
    ]
    names = place_names(records)
    assert names[1] == {"it": "Lucerna", "en": "Lucerne"}
    assert names[3][LOCAL] == "Mantova" and names[3]["it"] == "Mantova"
    assert names[6] == {LOCAL: "Bastia Umbra"}
    assert names[7] == {"it": "Siviglia", "en": "Seville"}
    assert {2, 4, 5, 8}.isdisjoint(names)


def _trip() -> Trip:
    config = TripConfig(
        default_lang="it", languages=("it", "en"), timezone="Europe/London", titles={"it": "P"}
    )
    return Trip(slug="prova", path=Path("prova"), config=config, entries=(), photos=())


#: A home in Brixton, as the privacy step publishes it, and a ride from its edge to Dover.
HOME = PrivacyZone(51.4545, -0.1106, 700.0)
EDGE = (51.4608, -0.1106)  # on the zone's edge, due north
DOVER = (51.1279, 1.3134)


def _ride(zone: PrivacyZone) -> list:
    times = [dt.datetime(2015, 6, 27, hour, tzinfo=dt.UTC) for hour in (8, 11)]
    points = tuple(
        RoutePoint(lat, lon, time, PointKind.TRACK)
        for (lat, lon), time in zip((EDGE, DOVER), times, strict=True)
    )
    stats = compute_stats(Route((Segment(DAY, points),)), _trip(), zones=(zone,))
    day = stats.day(DAY)
    assert day is not None
    return list(day.places)


def test_a_zone_edge_is_named_after_its_town_never_its_quarter() -> None:
    quarter = nearest_place(*EDGE)
    assert quarter is not None and quarter.name != "London"  # what naming it used to leak
    first, *_, last = _ride(HOME)
    assert (place_name(first, "it"), place_name(first, "en")) == ("Londra", "London")
    assert last.name == "Dover"


def test_a_named_zone_gives_its_own_name_at_its_town_position() -> None:
    first = _ride(PrivacyZone(HOME.lat, HOME.lon, HOME.radius_m, "casa"))[0]
    assert (place_name(first, "it"), place_name(first, "en")) == ("casa", "casa")
    town = largest_place(*EDGE, 15.0)
    assert town is not None and town.name == "London"
    assert (first.lat, first.lon, first.country) == (town.lat, town.lon, "GB")
    assert haversine_m(first.lat, first.lon, HOME.lat, HOME.lon) > 5000  # never the home
