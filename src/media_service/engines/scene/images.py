"""Decoding pictures and fitting them into a box (cover, contain, fill, none, with a focus point)."""

from __future__ import annotations

from pathlib import Path

import skia

__all__ = ["HIGH_QUALITY", "fit_rect", "load_image", "render_fitted"]

HIGH_QUALITY = skia.SamplingOptions(skia.FilterMode.kLinear, skia.MipmapMode.kLinear)
"""Trilinear: smooth at any downscale ratio (photos are often many times the box size)."""


def load_image(path: Path | str) -> skia.Image:
    """Decode a picture into memory. Skia's codec applies the EXIF orientation; alpha is kept.

    Raises ValueError when the file cannot be read or is not an image skia decodes (PNG, JPEG, WebP, GIF,
    BMP, ICO, WBMP, HEIF where available).
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read {Path(path).name}: {exc.strerror or exc}") from None
    image = skia.Image.MakeFromEncoded(skia.Data.MakeWithCopy(data)) if data else None
    if image is None:
        raise ValueError(f"{Path(path).name} is not a decodable image")
    # Decode now, once: a lazily decoded image would be decoded again by every frame that draws it.
    raster = image.makeRasterImage()
    if raster is None:
        raise ValueError(f"{Path(path).name} could not be decoded")
    return raster


def fit_rect(src_w: float, src_h: float, box_w: float, box_h: float, fit: str,
              focus: tuple[float, float] = (0.5, 0.5)) -> skia.Rect:
    """Where the whole source lands in box coordinates (clip to the box afterwards).

    `focus` works like CSS object-position: the point at fraction (fx, fy) of the picture lines up with the
    same fraction of the box, so with `cover` that point stays in view.
    """
    fx, fy = focus
    if fit == "fill":
        return skia.Rect.MakeWH(box_w, box_h)
    if fit == "none":
        scale = 1.0
    elif fit == "contain":
        scale = min(box_w / src_w, box_h / src_h)
    else:
        scale = max(box_w / src_w, box_h / src_h)
    w, h = src_w * scale, src_h * scale
    return skia.Rect.MakeXYWH((box_w - w) * fx, (box_h - h) * fy, w, h)


def render_fitted(image: skia.Image, box_w: int, box_h: int, fit: str, focus: tuple[float, float],
                  clip: skia.Path | None) -> skia.Image:
    """The picture fitted into a box-sized raster image (drawn once, then blitted every frame)."""
    surface = skia.Surface.MakeRasterN32Premul(max(box_w, 1), max(box_h, 1))
    canvas = surface.getCanvas()
    canvas.clear(skia.ColorTRANSPARENT)
    if clip is not None:
        canvas.clipPath(clip, skia.ClipOp.kIntersect, True)
    dst = fit_rect(image.width(), image.height(), box_w, box_h, fit, focus)
    canvas.drawImageRect(image, dst, HIGH_QUALITY, skia.Paint(AntiAlias=True))
    return surface.makeImageSnapshot()
