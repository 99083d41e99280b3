"""Turning DSL fills and strokes into skia paints."""

from __future__ import annotations

import skia

from .animate import color_prop
from .color import RGBA, parse_color, rgba_key
from .values import LinearGradient, RadialGradient

__all__ = ["FillPaint", "color_paint", "gradient_paint", "stroke_paint"]


def color_paint(color: RGBA, *, alpha: float = 1.0) -> skia.Paint:
    """An anti-aliased fill paint of one colour."""
    paint = skia.Paint(AntiAlias=True)
    paint.setColor(color.with_alpha(alpha).to_argb())
    return paint


def gradient_paint(gradient: LinearGradient | RadialGradient, width: float, height: float) -> skia.Paint:
    """A gradient paint in box coordinates (0,0)–(width,height); dithered so large gradients do not band."""
    stops = sorted(gradient.stops, key=lambda s: s[0])
    colors = [parse_color(c).to_argb() for _, c in stops]
    positions = [float(p) for p, _ in stops]
    if len(colors) == 1:
        colors, positions = colors * 2, [0.0, 1.0]
    if isinstance(gradient, LinearGradient):
        points = [skia.Point(gradient.from_[0] * width, gradient.from_[1] * height),
                  skia.Point(gradient.to[0] * width, gradient.to[1] * height)]
        shader = skia.GradientShader.MakeLinear(points, colors, positions)
    else:
        # Built in unit space and stretched to the box, so `radius` is a fraction of each side.
        shader = skia.GradientShader.MakeRadial(
            skia.Point(*gradient.center), gradient.radius, colors, positions,
            localMatrix=skia.Matrix.Scale(max(width, 1e-3), max(height, 1e-3)))
    paint = skia.Paint(AntiAlias=True, Dither=True)
    paint.setShader(shader)
    return paint


def stroke_paint(color: RGBA, width: float, dash: tuple[float, float] | None = None, *,
                 round_caps: bool = False) -> skia.Paint:
    """A stroking paint; dashes as [on, off] px."""
    paint = skia.Paint(AntiAlias=True, Style=skia.Paint.kStroke_Style, StrokeWidth=width)
    paint.setColor(color.to_argb())
    if round_caps:
        paint.setStrokeCap(skia.Paint.kRound_Cap)
        paint.setStrokeJoin(skia.Paint.kRound_Join)
    if dash is not None:
        paint.setPathEffect(skia.DashPathEffect.Make(list(dash), 0.0))
    return paint


class FillPaint:
    """A colour (maybe keyframed) or a gradient, as a paint for a w×h box; cached while nothing changes."""

    def __init__(self, raw: object) -> None:
        self.gradient = raw if isinstance(raw, (LinearGradient, RadialGradient)) else None
        self.color = None if self.gradient is not None else color_prop(raw)
        self.static = self.color is None or self.color.static
        self._key: object = None
        self._paint: skia.Paint | None = None

    def paint(self, t: float, w: float, h: float) -> skia.Paint:
        key = (w, h) if self.gradient is not None else rgba_key(self.color.at(t))  # type: ignore[union-attr]
        if key != self._key or self._paint is None:
            if self.gradient is not None:
                self._paint = gradient_paint(self.gradient, w, h)
            else:
                self._paint = color_paint(self.color.at(t))  # type: ignore[union-attr]
            self._key = key
        return self._paint
