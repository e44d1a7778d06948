"""The public trip: the one value render and publish accept (see `PublicTrip`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from journal.core.models import Trip, TripConfig
from journal.core.route import Route, TripStats

#: Passed by `journal.enrich.public.make_public`, the privacy step, and by nothing else: a
#: `PublicTrip` built without it fails at once.
PRIVACY_SEAL = object()


@dataclass(frozen=True)
class PublicTrip:
    """The trip as it may be published: the only value render and publish accept.

    Made by the privacy step (`journal.enrich.public.make_public`): drafts are gone, every
    position inside a privacy zone is dropped, lines are cut at the zones' edges, and the route
    and the numbers are computed from what remains. A `Trip` cannot stand in for it (the type
    checker says so), and building one by hand fails at once, so a position that was never
    cut cannot reach a page by mistake.
    """

    trip: Trip
    route: Route
    stats: TripStats
    seal: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.seal is not PRIVACY_SEAL:
            raise TypeError("a PublicTrip comes only from journal.enrich.public.make_public")

    @property
    def slug(self) -> str:
        return self.trip.slug

    @property
    def config(self) -> TripConfig:
        return self.trip.config
