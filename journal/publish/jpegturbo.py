"""libjpeg-turbo, called directly through simplejpeg: the only simplejpeg user.

Ordinary camera and phone JPEGs take this path. Decoding asks libjpeg-turbo for the
smallest of its DCT scales (n/8, where Pillow's draft knows only 1/2, 1/4 and 1/8) that
still covers the copy, into an array Pillow can wrap without copying; encoding skips
Pillow's optimising pass. On a 12 MP photo, one core: decoding at half scale 20 ms (about
what Pillow's draft costs), encoding the 2000 px copy 5 ms where Pillow takes 12.

Why simplejpeg and not PyTurboJPEG: both call libjpeg-turbo, but simplejpeg's wheels carry
version 3.1 inside them, where PyTurboJPEG loads the system's libturbojpeg (one more Debian
package), and its current 2.x refuses the 2.1 that Debian 12 ships; with PyTurboJPEG 1.8 on
that 2.1, bench/floor.py measured 56 ms of CPU a photo against simplejpeg's 52.

It knows nothing of orientation, colour profiles or metadata: images.py decides which files
come here and what happens to the pixels in between.
"""

from __future__ import annotations

import logging

import numpy as np
import simplejpeg

log = logging.getLogger(__name__)


def decode_at_least(data: bytes, width: int, height: int) -> np.ndarray | None:
    """RGBX pixels (a padding byte after each RGB triple, as Pillow lays them out in memory)
    at the smallest DCT scale still at least `width` x `height`.

    None when libjpeg-turbo finds anything wrong with the data (a cut or corrupt file, an
    unsupported variant): it stops at the first warning, and the caller hands the file to
    Pillow, which decides as it always has.
    """
    try:
        return simplejpeg.decode_jpeg(data, "RGBX", min_width=width, min_height=height)
    except ValueError as exc:
        log.debug("libjpeg-turbo declined the photo: %s", exc)
        return None


def encode(pixels: np.ndarray, quality: int) -> bytes:
    """A baseline JPEG of RGBX pixels (chroma 4:2:0, as Pillow writes), with no metadata:
    libjpeg-turbo writes a JFIF header and nothing else."""
    return simplejpeg.encode_jpeg(pixels, quality, colorspace="RGBX", colorsubsampling="420")
