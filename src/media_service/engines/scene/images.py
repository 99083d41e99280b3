"""Decoding pictures and fitting them into a box (cover, contain, fill, none, with a focus point).

Pictures are decoded once per scene, no larger than they will be shown: JPEG (and WebP) decoders scale
natively by 1/8 steps, which makes a 12-megapixel phone photo in a 1080 px ad several times cheaper to
decode and resample. The EXIF orientation is applied here, and colours are converted to sRGB.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import skia

__all__ = ["HIGH_QUALITY", "decode_scale", "draw_fitted", "fit_rect", "load_image", "render_fitted"]

HIGH_QUALITY = skia.SamplingOptions(skia.FilterMode.kLinear, skia.MipmapMode.kLinear)
"""Trilinear: smooth at any downscale ratio."""
_LINEAR = skia.SamplingOptions(skia.FilterMode.kLinear)
_SRGB = skia.ColorSpace.MakeSRGB()
_TRANSPOSED = {skia.kLeftTop_EncodedOrigin, skia.kRightTop_EncodedOrigin, skia.kRightBottom_EncodedOrigin,
               skia.kLeftBottom_EncodedOrigin}


def decode_scale(fit: str, src_w: float, src_h: float, box_w: float, box_h: float) -> float:
    """The largest scale at which the picture is shown in the box (1.0 = full size)."""
    if fit == "none" or src_w <= 0 or src_h <= 0:
        return 1.0
    sx, sy = box_w / src_w, box_h / src_h
    scale = min(sx, sy) if fit == "contain" else max(sx, sy)
    return min(1.0, scale)


def load_image(path: Path | str, *, fit: str = "fill", box: tuple[float, float] | None = None) -> skia.Image:
    """Decode a picture (upright per EXIF, sRGB, alpha kept), at reduced size when `box` says it may be.

    Raises ValueError when the file cannot be read or is not an image skia decodes (PNG, JPEG, WebP, GIF,
    BMP, ICO, WBMP).
    """
    name = Path(path).name
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read {name}: {exc.strerror or exc}") from None
    # The codec reads from `encoded` while decoding, and skia-python does not keep it alive for the codec:
    # it must stay referenced here until decoding is done (a temporary fails at random).
    encoded = skia.Data.MakeWithCopy(data)
    try:
        codec = skia.Codec.MakeFromData(encoded) if data else None
    except RuntimeError:  # skia-python raises where skia returns null
        codec = None
    if codec is None:
        raise ValueError(f"{name} is not a decodable image")
    origin = codec.getOrigin()
    stored = codec.dimensions()
    shown_w, shown_h = (stored.height(), stored.width()) if origin in _TRANSPOSED else (stored.width(), stored.height())
    scale = decode_scale(fit, shown_w, shown_h, *box) if box else 1.0
    image = _decode(codec, scale) or _decode(codec, 1.0)
    del codec, encoded
    if image is None:
        raise ValueError(f"{name} could not be decoded")
    return _upright(image, origin)


def _decode(codec: skia.Codec, scale: float) -> skia.Image | None:
    size = codec.getScaledDimensions(scale) if scale < 1.0 else codec.dimensions()
    full = codec.dimensions()
    if size.width() < full.width() * scale - 0.5 or size.height() < full.height() * scale - 0.5:
        size = full  # the codec offered something smaller than needed: decode it whole
    opaque = codec.getInfo().alphaType() == skia.kOpaque_AlphaType
    alpha = skia.kOpaque_AlphaType if opaque else skia.kPremul_AlphaType
    info = skia.ImageInfo.Make(size.width(), size.height(), skia.kN32_ColorType, alpha, _SRGB)
    pixels = np.empty((size.height(), size.width(), 4), np.uint8)
    if codec.getPixels(info, pixels, size.width() * 4) not in (skia.Codec.Result.kSuccess,
                                                              skia.Codec.Result.kIncompleteInput):
        return None
    return skia.Image.fromarray(pixels, colorType=skia.kN32_ColorType, alphaType=alpha)


def _upright(image: skia.Image, origin: skia.EncodedOrigin) -> skia.Image:
    if origin == skia.kTopLeft_EncodedOrigin:
        return image
    w, h = image.width(), image.height()
    out_w, out_h = (h, w) if origin in _TRANSPOSED else (w, h)
    surface = skia.Surface.MakeRasterN32Premul(out_w, out_h)
    canvas = surface.getCanvas()
    canvas.clear(skia.ColorTRANSPARENT)
    canvas.concat(skia.EncodedOriginToMatrix(origin, out_w, out_h))
    canvas.drawImage(image, 0, 0)
    return surface.makeImageSnapshot()


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
    draw_fitted(canvas, image, box_w, box_h, fit, focus, clip)
    return surface.makeImageSnapshot()


def draw_fitted(canvas: skia.Canvas, image: skia.Image, box_w: float, box_h: float, fit: str,
                focus: tuple[float, float], clip: skia.Path | None) -> None:
    """Draw the picture fitted into the box (0,0)–(box_w,box_h), clipped to the box or to `clip`."""
    canvas.save()
    if clip is not None:
        canvas.clipPath(clip, skia.ClipOp.kIntersect, True)
    else:
        canvas.clipRect(skia.Rect.MakeWH(box_w, box_h))
    dst = fit_rect(image.width(), image.height(), box_w, box_h, fit, focus)
    ratio = min(dst.width() / image.width(), dst.height() / image.height())
    # Pictures are decoded near their shown size, so the ratio is usually 0.5–2: bilinear is enough there
    # (and 3× cheaper than cubic); mipmaps only when shrinking a lot (PNGs cannot decode scaled).
    sampling = HIGH_QUALITY if ratio < 0.5 else _LINEAR
    canvas.drawImageRect(image, dst, sampling, skia.Paint(AntiAlias=True))
    canvas.restore()
