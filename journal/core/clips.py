"""What a clip is beside a photo: its metadata, and the size and rate of its web copy.

A clip is loaded, placed, kept private and shown as a photo is: it is a `Photo` whose `meta`
is a `ClipMeta`, so every rule about photos (dates, positions, privacy zones, strays,
captions, entries) holds for clips without a second path. What only a clip has is here:
how long it runs, how the player turns it, its frame rate, whether it has sound, and the
GPS fixes an action camera recorded while filming (which the loader turns into a track).
No pixels and no library: the loader reads, publish transcodes, render shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from journal.core.models import PhotoMeta, TrackPoint

#: The lines of a web copy unless trip.toml says `video_height = 1080`: 720p in either
#: orientation (its shorter side), as phones and the web call it.
VIDEO_HEIGHT = 720
#: The frame rate a web copy never passes: 60 fps of a helmet camera doubles the bytes.
MAX_FPS = 30.0


@dataclass(frozen=True)
class ClipMeta(PhotoMeta):
    """What a clip's container and telemetry say, raw, as `PhotoMeta` for a photo.

    `width` and `height` are the picture as stored; `rotation` is how many degrees clockwise
    the player turns it (a phone filming upright stores it sideways and says 90). `track`
    holds every GPS fix of an action camera, in time order: the loader makes it a recorded
    track for the clip's minutes and keeps it out of the photo the pages see.
    """

    duration: float | None = None  # seconds
    rotation: int = 0
    frame_rate: float | None = None
    audio: bool = False
    track: tuple[TrackPoint, ...] = ()

    @property
    def upright(self) -> tuple[int, int] | None:
        """The picture's size as a player shows it, or None when unknown."""
        if not self.width or not self.height:
            return None
        turned = self.rotation % 180 == 90
        return (self.height, self.width) if turned else (self.width, self.height)


def copy_size(meta: ClipMeta, lines: int = VIDEO_HEIGHT) -> tuple[int, int] | None:
    """The web copy's size: upright, its shorter side at most `lines`, never enlarged, both
    sides even (H.264 in 4:2:0 needs them so). None when the clip's size is unknown."""
    upright = meta.upright
    if upright is None:
        return None
    width, height = upright
    scale = min(1.0, lines / min(width, height))
    return _even(width * scale), _even(height * scale)


def _even(value: float) -> int:
    return max(2, 2 * round(value / 2))


def copy_rate(frame_rate: float | None) -> float | None:
    """The web copy's frame rate: the clip's own divided by the smallest whole number that
    brings it to MAX_FPS or below (60 -> 30, 50 -> 25, 59.94 -> 29.97, 120 -> 30), so every
    frame kept is one the camera took at an even pace. None: keep the clip's own."""
    if frame_rate is None or frame_rate <= MAX_FPS + 0.01:
        return None
    return frame_rate / math.ceil(frame_rate / MAX_FPS - 0.001)
