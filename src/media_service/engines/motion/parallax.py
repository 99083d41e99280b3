"""Parallax layers without a segmentation model: a centre-weighted saliency split into foreground and
background.

The split, on a copy at most 256 px on its long side:
  1. colour distance of every pixel from the median colour of the picture's outer border band (10 %):
     the border is taken as background, so what differs from it is a candidate subject;
  2. multiplied by a centred Gaussian prior (σ = 0.3 of each side): subjects are framed near the middle;
  3. thresholded at Otsu's level of that map, holes filled, only the largest connected region kept;
  4. feathered (Gaussian, σ = 2 % of the short side) into a soft alpha mask, scaled up to the picture.
The background layer is the picture with the subject's region (mask dilated by the feather) replaced by
a normalised-convolution fill (a wide blur of the surroundings only), so when the foreground moves
further than the background no copy of the subject shows behind it. Pictures with no clear subject give
a small or empty mask: the result is then a plain two-speed drift, never an error. mediapipe person
segmentation is not used (it is not a dependency of this service).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

__all__ = ["foreground_mask", "split_layers"]

_WORK_SIDE = 256
_BORDER = 0.10
_PRIOR_SIGMA = 0.3


def foreground_mask(rgb: np.ndarray) -> np.ndarray:
    """Soft foreground alpha in [0, 1], float32 (h, w), for a uint8 (h, w, 3) picture."""
    height, width = rgb.shape[:2]
    step = max(1, int(np.ceil(max(height, width) / _WORK_SIDE)))
    small = rgb[::step, ::step].astype(np.float32)
    h, w = small.shape[:2]
    band = max(1, round(_BORDER * min(h, w)))
    border = np.concatenate([small[:band].reshape(-1, 3), small[-band:].reshape(-1, 3),
                             small[:, :band].reshape(-1, 3), small[:, -band:].reshape(-1, 3)])
    distance = np.linalg.norm(small - np.median(border, axis=0), axis=2)
    yy, xx = np.mgrid[0:h, 0:w]
    prior = np.exp(-(((xx - w / 2) / (_PRIOR_SIGMA * w)) ** 2 + ((yy - h / 2) / (_PRIOR_SIGMA * h)) ** 2) / 2)
    saliency = ndimage.gaussian_filter(distance * prior, 1.0)
    if saliency.max() <= 1e-3:
        return np.zeros((height, width), np.float32)
    solid = ndimage.binary_fill_holes(saliency > _otsu(saliency))
    labels, count = ndimage.label(solid)
    if count == 0:
        return np.zeros((height, width), np.float32)
    sizes = ndimage.sum(solid, labels, index=range(1, count + 1))
    keep = (labels == 1 + int(np.argmax(sizes))).astype(np.float32)
    soft = ndimage.gaussian_filter(keep, 0.02 * min(h, w) + 0.5)
    zoom = (height / h, width / w)
    return np.clip(ndimage.zoom(soft, zoom, order=1)[:height, :width], 0.0, 1.0).astype(np.float32)


def split_layers(rgba: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(background, foreground) uint8 (h, w, 4) layers of an opaque picture; the foreground is premultiplied.

    The hole fill is computed on the small working copy and scaled up: it is a wide blur anyway."""
    rgb = rgba[..., :3].astype(np.float32)
    height, width = rgb.shape[:2]
    mask = foreground_mask(rgba[..., :3])
    step = max(1, int(np.ceil(max(height, width) / _WORK_SIDE)))
    small, small_mask = rgb[::step, ::step], mask[::step, ::step]
    side = min(small.shape[:2])
    hole = np.clip(ndimage.maximum_filter(small_mask, size=max(3, int(0.06 * side))) * 1.5, 0.0, 1.0)
    keep = 1.0 - hole
    weight = ndimage.gaussian_filter(keep, 0.08 * side) + 1e-4
    fill = np.stack([ndimage.gaussian_filter(small[..., c] * keep, 0.08 * side) / weight for c in range(3)], axis=2)
    zoom = (height / small.shape[0], width / small.shape[1])
    big_fill = ndimage.zoom(fill, zoom + (1,), order=1)[:height, :width]
    big_hole = np.clip(ndimage.zoom(hole, zoom, order=1)[:height, :width], 0.0, 1.0)[..., None]
    background = rgb * (1.0 - big_hole) + big_fill * big_hole
    return _rgba(background, 1.0), _rgba(rgb * mask[..., None], mask)


def _rgba(rgb: np.ndarray, alpha: np.ndarray | float) -> np.ndarray:
    out = np.empty(rgb.shape[:2] + (4,), np.uint8)
    out[..., :3] = np.clip(rgb, 0, 255).round()
    out[..., 3] = np.clip(np.asarray(alpha) * 255, 0, 255).round()
    return out


def _otsu(values: np.ndarray) -> float:
    """Otsu's threshold of a non-negative map (256 bins)."""
    hist, edges = np.histogram(values, bins=256)
    centres = (edges[:-1] + edges[1:]) / 2
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * centres)
    total, total_mean = weight[-1], mean[-1]
    between = (total_mean * weight - mean * total) ** 2 / np.maximum(weight * (total - weight), 1e-9)
    return float(centres[int(np.argmax(between[:-1]))])
