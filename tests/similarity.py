"""Structural similarity (SSIM) of two pictures, for telling a visible loss from a harmless one.

Wang, Bovik, Sheikh and Simoncelli (2004), as scikit-image computes it by default: 7x7
uniform windows, sample covariances, C1 = (0.01 L)^2 and C2 = (0.03 L)^2 for L = 255,
averaged over the windows that fit inside the picture and over the three colour channels.
1.0 means identical; two JPEG encodings of one photo at neighbouring qualities score about
0.98, and a visible defect (a shifted, blurred or recoloured picture) well under 0.9.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

WINDOW = 7
C1 = (0.01 * 255) ** 2
C2 = (0.03 * 255) ** 2


def _window_sums(plane: np.ndarray) -> np.ndarray:
    """Exact sums of every 7x7 window that fits, rows then columns, in int32: a window of
    squares is at most 49 * 255^2, a column of them under 2^31 for pictures up to 9,000 px."""
    n = WINDOW
    rows = np.cumsum(plane, axis=1, dtype=np.int32)
    rows = np.concatenate([rows[:, n - 1 : n], rows[:, n:] - rows[:, :-n]], axis=1)
    cols = np.cumsum(rows, axis=0, dtype=np.int32)
    return np.concatenate([cols[n - 1 : n], cols[n:] - cols[:-n]], axis=0)


def _plane_ssim(x: np.ndarray, y: np.ndarray) -> float:
    area = WINDOW * WINDOW
    mx = _window_sums(x).astype(np.float32) / area
    my = _window_sums(y).astype(np.float32) / area
    unbias = area / (area - 1)  # sample, not population, (co)variances
    vx = (_window_sums(x * x).astype(np.float32) / area - mx * mx) * unbias
    vy = (_window_sums(y * y).astype(np.float32) / area - my * my) * unbias
    cov = (_window_sums(x * y).astype(np.float32) / area - mx * my) * unbias
    score = ((2 * mx * my + C1) * (2 * cov + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2))
    return float(score.mean(dtype=np.float64))


def ssim(a: Image.Image, b: Image.Image) -> float:
    """The mean SSIM of two RGB pictures of the same size."""
    if a.size != b.size:
        raise ValueError(f"sizes differ: {a.size} and {b.size}")
    planes = [np.asarray(image.convert("RGB"), dtype=np.int32) for image in (a, b)]
    x, y = ([np.ascontiguousarray(p[..., c]) for c in range(3)] for p in planes)
    return float(np.mean([_plane_ssim(x[c], y[c]) for c in range(3)]))
