"""Drop shadows and layer blur, made affordable on a CPU raster.

Skia's image-filter blur costs ~100 ns per pixel on this build (a 1000×600 shadow: ~80 ms), so:
- a shadow is drawn from the layer's silhouette (shape, text glyphs, an opaque picture's outline) with a
  blur mask filter, which skia computes analytically or on small glyph masks;
- anything else (a blurred layer, the shadow of a group or a cut-out picture) is rendered offscreen,
  shrunk so the blur's sigma is ~2 px, blurred there, and scaled back up with a cubic filter. A blur is
  smooth by nature, so the lost resolution does not show; the cost drops with the square of the shrink.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import skia

from .color import RGBA

if TYPE_CHECKING:
    from .nodes import Node

__all__ = ["EffectCache", "Sprite", "draw_with_effects", "shadow_paint"]

_SMALL_SIGMA = 2.0
_UPSCALE = skia.SamplingOptions(skia.CubicResampler.Mitchell())
_DOWNSCALE = skia.SamplingOptions(skia.FilterMode.kLinear, skia.MipmapMode.kLinear)
_SAME_SIZE = skia.SamplingOptions(skia.FilterMode.kLinear)


def shadow_paint(color: RGBA, radius: float) -> skia.Paint:
    """Paint for a silhouette that becomes a shadow: CSS blur radius = 2 sigma."""
    paint = skia.Paint(AntiAlias=True)
    paint.setColor(color.to_argb())
    if radius > 0:
        paint.setMaskFilter(skia.MaskFilter.MakeBlur(skia.kNormal_BlurStyle, radius / 2))
    return paint


def _device_scale(canvas: skia.Canvas) -> float:
    m = canvas.getTotalMatrix()
    return max(1e-3, math.sqrt(abs(m.getScaleX() * m.getScaleY() - m.getSkewX() * m.getSkewY())))


def _render(node: Node, t: float, w: float, h: float, bounds: skia.Rect, scale: float) -> skia.Image:
    width, height = max(1, math.ceil(bounds.width() * scale)), max(1, math.ceil(bounds.height() * scale))
    surface = skia.Surface.MakeRasterN32Premul(width, height)
    canvas = surface.getCanvas()
    canvas.clear(skia.ColorTRANSPARENT)
    canvas.scale(scale, scale)
    canvas.translate(-bounds.left(), -bounds.top())
    node.draw_content(canvas, t, w, h)
    return surface.makeImageSnapshot()


def _blur(image: skia.Image, sigma: float, tint: RGBA | None = None) -> tuple[skia.Image, float, float]:
    """Blur (and optionally tint) at reduced size: returns (image, shrink, padding in small px)."""
    shrink = min(1.0, _SMALL_SIGMA / sigma) if sigma > _SMALL_SIGMA else 1.0
    small_sigma = sigma * shrink
    pad = math.ceil(3 * small_sigma) + 1
    width = max(1, math.ceil(image.width() * shrink)) + 2 * pad
    height = max(1, math.ceil(image.height() * shrink)) + 2 * pad
    surface = skia.Surface.MakeRasterN32Premul(width, height)
    canvas = surface.getCanvas()
    canvas.clear(skia.ColorTRANSPARENT)
    paint = skia.Paint()
    paint.setImageFilter(skia.ImageFilters.Blur(small_sigma, small_sigma))
    if tint is not None:
        paint.setColorFilter(skia.ColorFilters.Blend(tint.to_argb(), skia.BlendMode.kSrcIn))
    canvas.saveLayer(None, paint)
    canvas.drawImageRect(image, skia.Rect.MakeXYWH(pad, pad, image.width() * shrink, image.height() * shrink),
                         _DOWNSCALE)
    canvas.restore()
    return surface.makeImageSnapshot(), shrink, pad


class EffectCache:
    """The offscreen results of a static layer, kept between frames (keyed by box size and scale)."""

    def __init__(self) -> None:
        self.key: tuple[float, ...] | None = None
        self.parts: list[tuple[skia.Image, skia.Rect, skia.SamplingOptions]] = []


def _place(image: skia.Image, shrink: float, pad: float, origin: skia.Rect, scale: float,
           dx: float = 0.0, dy: float = 0.0) -> tuple[skia.Image, skia.Rect, skia.SamplingOptions]:
    factor = 1.0 / (shrink * scale)
    dst = skia.Rect.MakeXYWH(origin.left() - pad * factor + dx, origin.top() - pad * factor + dy,
                             image.width() * factor, image.height() * factor)
    return image, dst, _UPSCALE if shrink < 1.0 else _SAME_SIZE


def draw_with_effects(node: Node, canvas: skia.Canvas, t: float, w: float, h: float, blur: float,
                      shadow: tuple[RGBA, float, float, float] | None, cache: EffectCache | None) -> None:
    """Draw a node's content with blur and/or a drop shadow through offscreen pictures (see module doc)."""
    scale = _device_scale(canvas)
    key = (w, h, scale, blur)
    if cache is not None and cache.key == key:
        parts = cache.parts
    else:
        bounds = node.content_bounds(t, w, h) or skia.Rect.MakeWH(w, h)
        content = _render(node, t, w, h, bounds, scale)
        parts = []
        if shadow is not None:
            color, radius, dx, dy = shadow
            sigma = max(radius / 2, 0.01) * scale
            image, shrink, pad = _blur(content, sigma, tint=color)
            parts.append(_place(image, shrink, pad, bounds, scale, dx, dy))
        if blur > 0:
            image, shrink, pad = _blur(content, blur * scale)
            parts.append(_place(image, shrink, pad, bounds, scale))
        else:
            parts.append((content, skia.Rect.MakeXYWH(bounds.left(), bounds.top(), content.width() / scale,
                                                      content.height() / scale), _SAME_SIZE))
        if cache is not None:
            cache.key, cache.parts = key, parts
    for image, dst, sampling in parts:
        canvas.drawImageRect(image, dst, sampling)


class Sprite:
    """A layer whose content never changes, drawn once (shadow and blur included) into a picture that
    later frames place with their own transform and opacity: a fading, sliding title costs one blit.

    Used in video mode only (`prepare(cache_static=True)`); a single static render draws directly.
    """

    def __init__(self) -> None:
        self.key: tuple[float, ...] | None = None
        self.image: skia.Image | None = None
        self.bounds = skia.Rect.MakeEmpty()

    def draw(self, node: Node, canvas: skia.Canvas, t: float, w: float, h: float, opacity: float,
             scale_now: float) -> bool:
        """Blit the sprite (rendering it first when the box or resolution changed); False if unbounded."""
        # Resolution: the parent's device scale times the largest scale the layer animates to, so a
        # zoom-in stays sharp and an animated scale does not re-render the sprite every frame.
        resolution = _device_scale(canvas) / max(scale_now, 1e-3) * node.detail
        key = (w, h, round(resolution, 2))
        if key != self.key:
            blur = node.blur.at(t)
            bounds = node.effect_bounds(t, w, h, blur)
            if bounds is None:
                return False
            bounds = skia.Rect.MakeLTRB(math.floor(bounds.left()), math.floor(bounds.top()),
                                        math.ceil(bounds.right()), math.ceil(bounds.bottom()))
            width = max(1, math.ceil(bounds.width() * resolution))
            height = max(1, math.ceil(bounds.height() * resolution))
            surface = skia.Surface.MakeRasterN32Premul(width, height)
            offscreen = surface.getCanvas()
            offscreen.clear(skia.ColorTRANSPARENT)
            offscreen.scale(resolution, resolution)
            offscreen.translate(-bounds.left(), -bounds.top())
            node.draw_body(offscreen, t, w, h, blur)
            self.key, self.image, self.bounds = key, surface.makeImageSnapshot(), bounds
        paint = skia.Paint()
        paint.setAlphaf(opacity)
        canvas.drawImageRect(self.image, self.bounds, _SAME_SIZE, paint)
        return True
