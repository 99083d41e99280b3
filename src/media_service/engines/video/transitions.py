"""Scene transitions: two scenes (or a scene and the background) composed on one canvas at progress p.

Each side is a callable that paints a whole frame of its scene (a prepared scene's cached plan: mostly one
blit), so a transition costs at most two frames' drawing plus, for the ones that blend, one offscreen layer.
Slides move by whole pixels: the two scenes then meet exactly, with no blended seam and no gap.
"""

from __future__ import annotations

from collections.abc import Callable

import skia

from .model import TransitionType

__all__ = ["Draw", "draw_transition"]

Draw = Callable[[skia.Canvas], None]

#: Where `zoom` starts: the entering scene at this fraction of its size.
ZOOM_FROM = 0.5
_SLIDES: dict[str, tuple[int, int]] = {"slide-left": (-1, 0), "slide-right": (1, 0), "slide-up": (0, -1),
                                       "slide-down": (0, 1)}


def draw_transition(canvas: skia.Canvas, kind: TransitionType, progress: float, size: tuple[int, int], *,
                    old: Draw, new: Draw, background: Draw) -> None:
    """Paint the frame `progress` (0 → 1, eased) of the way from `old` to `new` (see the model docstring)."""
    p = min(1.0, max(0.0, progress))
    width, height = size
    if kind == "crossfade":
        old(canvas)
        _with_opacity(canvas, p, new)
    elif kind == "fade":
        background(canvas)
        if p < 0.5:
            _with_opacity(canvas, 1.0 - 2.0 * p, old)
        else:
            _with_opacity(canvas, 2.0 * p - 1.0, new)
    elif kind in _SLIDES:
        dx, dy = _SLIDES[kind]
        # Whole output pixels: the canvas may carry a scale (a preview), so round in device space.
        scale = _device_scale(canvas)
        shift_x, shift_y = round(p * width * scale) / scale, round(p * height * scale) / scale
        _shifted(canvas, dx * shift_x, dy * shift_y, old)
        _shifted(canvas, dx * (shift_x - width), dy * (shift_y - height), new)
    elif kind == "wipe":
        old(canvas)
        scale = _device_scale(canvas)
        edge = round(p * width * scale) / scale  # a hard edge on a pixel boundary
        if edge > 0:
            _clipped(canvas, edge, height, new)
    elif kind == "zoom":
        old(canvas)
        scale = ZOOM_FROM + (1.0 - ZOOM_FROM) * p
        canvas.save()
        canvas.translate(width / 2, height / 2)
        canvas.scale(scale, scale)
        canvas.translate(-width / 2, -height / 2)
        _with_opacity(canvas, p, new)
        canvas.restore()
    else:  # "none": a cut
        new(canvas)


def _device_scale(canvas: skia.Canvas) -> float:
    return canvas.getTotalMatrix().getScaleX() or 1.0


def _with_opacity(canvas: skia.Canvas, opacity: float, draw: Draw) -> None:
    if opacity <= 0.0:
        return
    if opacity >= 1.0:
        draw(canvas)
        return
    paint = skia.Paint()
    paint.setAlphaf(opacity)
    canvas.saveLayer(None, paint)
    draw(canvas)
    canvas.restore()


def _shifted(canvas: skia.Canvas, dx: float, dy: float, draw: Draw) -> None:
    canvas.save()
    canvas.translate(dx, dy)
    draw(canvas)
    canvas.restore()


def _clipped(canvas: skia.Canvas, width: float, height: float, draw: Draw) -> None:
    canvas.save()
    canvas.clipRect(skia.Rect.MakeWH(width, height))
    draw(canvas)
    canvas.restore()
