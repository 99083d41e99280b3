"""Measuring motion in decoded frames: sub-pixel translation of a patch between two frames.

Phase correlation finds the whole-pixel shift; three Lucas–Kanade steps (one least-squares solve of the
brightness-constancy equation per step, warping with cubic splines) refine it to a few hundredths of a
pixel on textured content. Independent of the engine's drawing code: it only sees pixels.
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
from scipy import ndimage


def grey_frames(path: Path) -> list[np.ndarray]:
    """Every frame's luma as float64 (h, w)."""
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="gray").astype(np.float64) for f in container.decode(video=0)]


def rgb_frames(path: Path) -> list[np.ndarray]:
    """Every frame as uint8 (h, w, 3)."""
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def _whole_shift(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    window = np.outer(np.hanning(a.shape[0]), np.hanning(a.shape[1]))
    cross = np.fft.fft2(b * window) * np.conj(np.fft.fft2(a * window))
    surface = np.real(np.fft.ifft2(cross / (np.abs(cross) + 1e-9)))
    y, x = np.unravel_index(int(np.argmax(surface)), surface.shape)
    y = y - a.shape[0] if y > a.shape[0] // 2 else y
    x = x - a.shape[1] if x > a.shape[1] // 2 else x
    return np.array([float(x), float(y)])


def patch_shift(a: np.ndarray, b: np.ndarray, centre: tuple[float, float], half: int = 24) -> np.ndarray:
    """(dx, dy) the content around `centre` (x, y) moved from frame `a` to frame `b`."""
    cx, cy = round(centre[0]), round(centre[1])
    pad = half + 12
    box = (slice(cy - pad, cy + pad), slice(cx - pad, cx + pad))
    pa, pb = ndimage.gaussian_filter(a[box], 1.0), ndimage.gaussian_filter(b[box], 1.0)
    inner = (slice(12, -12), slice(12, -12))
    d = _whole_shift(pa[inner], pb[inner])
    gy, gx = np.gradient(pa)
    for _ in range(3):
        back = ndimage.shift(pb, (-d[1], -d[0]), order=3, mode="nearest")  # back(x) = b(x + d)
        it = (back - pa)[inner]
        gxi, gyi = gx[inner], gy[inner]
        system = np.array([[np.sum(gxi * gxi), np.sum(gxi * gyi)], [np.sum(gxi * gyi), np.sum(gyi * gyi)]])
        v = np.linalg.solve(system, np.array([np.sum(gxi * it), np.sum(gyi * it)]))
        d = d - v
    return d


def edge_minimum(frame: np.ndarray) -> float:
    """The darkest mean of the four outermost pixel lines (a black border drives this to ~16)."""
    return float(min(frame[0].mean(), frame[-1].mean(), frame[:, 0].mean(), frame[:, -1].mean()))
