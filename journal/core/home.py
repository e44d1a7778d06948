"""The journal's home as a model: its settings, and what it shows of each trip.

A `TripCard` holds public values only: it is made from a trip's `PublicTrip` by
`render/homecard.py` (the privacy step has cut everything a zone hides before), kept
between renders, and is all the home (its pages, lifetime map, figures, blog pages) reads
of a trip. Frozen values, like every model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: The languages of a journal's home when journal.toml names none (the default first).
HOME_LANGUAGES = ("it", "en")


@dataclass(frozen=True)
class HomeSettings:
    """journal.toml's `default_lang`, `languages` and `[home]` table.

    `permalinks` are the blog pages of the home per language ("/viaggi/"); `layout` the
    blog's layout for them."""

    default_lang: str = HOME_LANGUAGES[0]
    languages: tuple[str, ...] = HOME_LANGUAGES  # default first
    titles: Mapping[str, str] = field(default_factory=dict)
    permalinks: Mapping[str, str] = field(default_factory=dict)
    layout: str = "page"

    def permalink(self, lang: str) -> str:
        """The blog address of the home in `lang`: journal.toml's, else /trips/ (and
        /<lang>/trips/ for the other languages)."""
        if lang in self.permalinks:
            return self.permalinks[lang]
        return "/trips/" if lang == self.default_lang else f"/{lang}/trips/"


#: One trip's line on the lifetime map: per run of legs of one kind ("recorded",
#: "estimated", "transfer"), its [lat, lon] vertices, already simplified.
Lines = tuple[tuple[str, tuple[tuple[float, float], ...]], ...]


@dataclass(frozen=True)
class TripCard:
    """What the home shows of one trip, from its public values (see the module doc).

    `distance_km` is what tracks recorded, in the trip's `mode`; `lines` its legs for the
    lifetime map, simplified; `features` its legs as GeoJSON features at full precision
    (comma-joined text) for the lifetime route.geojson; `front_matter` its trip.toml
    extras, which can move its post in a blog."""

    slug: str
    default_lang: str
    languages: tuple[str, ...]
    titles: Mapping[str, str]
    first_day: dt.date | None
    last_day: dt.date | None
    days: int
    mode: str
    distance_km: float
    countries: tuple[str, ...]
    highest_m: float | None
    lines: Lines = ()
    features: str = ""
    front_matter: Mapping[str, Any] = field(default_factory=dict)
    post_day: dt.date | None = None  # the date of its post in a blog: its first dated day

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles[self.default_lang]

    def page_lang(self, lang: str) -> str:
        """The trip's version a reader of `lang` is sent to: that language, else the trip's
        own default."""
        return lang if lang in self.languages else self.default_lang

    @property
    def sort_key(self) -> tuple[dt.date, str]:
        """Oldest first, then by name: two trips on the same days both keep their place."""
        return (self.first_day or dt.date.min, self.slug)
