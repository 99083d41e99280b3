"""Sticker cut-out: subject out of a plain background, white die-cut outline, soft shadow, trimmed.

    info = cut_sticker(Path("generated.png"), Path("sticker.png"), StickerOptions(format="webp"))

Works on any picture: one that already has transparency keeps its alpha; otherwise the background is
the colour around the border, and what is connected to the border in (nearly) that colour is cut away
(so a white eye inside a white-background character stays). Pure numpy/scipy + skia for decode/encode.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import skia
from scipy import ndimage

from media_service.errors import ValidationError

__all__ = ["StickerInfo", "StickerOptions", "cut_sticker", "load_rgba"]

_OPAQUE = 250


@dataclass(frozen=True, slots=True)
class StickerOptions:
    """`outline` and `shadow_blur` are fractions of the subject's longer side; `tolerance` is the colour
    distance (0–255) still counted as background."""

    outline: float = 0.025
    outline_color: tuple[int, int, int] = (255, 255, 255)
    shadow_blur: float = 0.02
    shadow_offset: float = 0.012
    shadow_opacity: float = 0.35
    tolerance: float = 40.0
    format: Literal["png", "webp"] = "png"


@dataclass(frozen=True, slots=True)
class StickerInfo:
    """The written sticker: size, MIME type, the background colour that was removed (None: source alpha)."""

    path: Path
    width: int
    height: int
    mime: str
    background: tuple[int, int, int] | None
    subject_fraction: float


def load_rgba(path: Path) -> np.ndarray:
    """Decode any image skia reads into an unpremultiplied RGBA uint8 array."""
    image = skia.Image.MakeFromEncoded(skia.Data.MakeWithCopy(path.read_bytes()))
    if image is None:
        raise ValidationError("not a decodable image", field="source")
    return np.asarray(image.toarray(colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType))


def _subject_mask(rgba: np.ndarray, tolerance: float) -> tuple[np.ndarray, tuple[int, int, int] | None]:
    alpha = rgba[..., 3]
    if (alpha < _OPAQUE).mean() > 0.01:
        return alpha >= 128, None
    rgb = rgba[..., :3].astype(np.float32)
    border = np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]])
    background = np.median(border, axis=0)
    near = np.sqrt(((rgb - background) ** 2).sum(axis=2)) < tolerance
    labels, _ = ndimage.label(near, structure=np.ones((3, 3)))
    edge_labels = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    subject = ~np.isin(labels, edge_labels[edge_labels > 0])
    parts, count = ndimage.label(subject)
    if count:
        sizes = ndimage.sum(subject, parts, range(1, count + 1))
        keep = np.flatnonzero(sizes >= max(16, sizes.max() * 0.01)) + 1
        subject = np.isin(parts, keep)
    return subject, tuple(int(v) for v in background)  # type: ignore[return-value]


def _layers(subject: np.ndarray, opts: StickerOptions) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    ys, xs = np.nonzero(subject)
    side = max(int(np.ptp(ys)), int(np.ptp(xs))) + 1
    outline = max(2.0, side * opts.outline)
    blur = max(1.0, side * opts.shadow_blur)
    offset = round(side * opts.shadow_offset)
    pad = int(outline + 3 * blur + offset + 4)
    mask = np.pad(subject, pad)
    distance = ndimage.distance_transform_edt(~mask)
    cut = np.clip(outline + 0.5 - distance, 0.0, 1.0)  # the die-cut shape, anti-aliased
    inner = ndimage.gaussian_filter(mask.astype(np.float32), 0.6) * mask  # soft subject edge inside the cut
    shadow = np.roll(ndimage.gaussian_filter(cut, blur), (offset, 0), axis=(0, 1)) * opts.shadow_opacity
    return inner, cut, shadow, pad


def cut_sticker(source: Path, out_path: Path, options: StickerOptions | None = None) -> StickerInfo:
    """Cut the subject of `source` out as a sticker written to `out_path` (PNG or WebP by `options.format`)."""
    opts = options or StickerOptions()
    rgba = load_rgba(source)
    subject, background = _subject_mask(rgba, opts.tolerance)
    if subject.sum() < 16 or subject.mean() > 0.995:
        raise ValidationError("no subject found: the picture needs a subject on a plain background",
                              field="source")
    inner, cut, shadow, pad = _layers(subject, opts)
    rgb = np.pad(rgba[..., :3].astype(np.float32), ((pad, pad), (pad, pad), (0, 0)), mode="edge")
    white = np.array(opts.outline_color, np.float32)
    # bottom → top: shadow (black), outline, subject — "over" compositing in straight alpha
    color = white * cut[..., None]
    alpha = cut + shadow * (1 - cut)
    color = rgb * inner[..., None] + color * (1 - inner[..., None])
    alpha = inner + alpha * (1 - inner)
    visible = np.divide(color, np.maximum(alpha, 1e-6)[..., None]) * (alpha > 0)[..., None]
    out = np.dstack([np.clip(visible, 0, 255), np.clip(alpha * 255, 0, 255)]).round().astype(np.uint8)
    ys, xs = np.nonzero(out[..., 3] > 0)
    out = np.ascontiguousarray(out[ys.min():ys.max() + 1, xs.min():xs.max() + 1])
    image = skia.Image.fromarray(out, colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType)
    encoded = image.encodeToData(skia.kWEBP if opts.format == "webp" else skia.kPNG, 100)
    out_path.write_bytes(bytes(encoded))
    return StickerInfo(out_path, out.shape[1], out.shape[0], f"image/{opts.format}", background,
                       float(subject.mean()))
